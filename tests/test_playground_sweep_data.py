"""The playground's messages for more beginner mistakes, part 2: settings
with values they cannot take or misspelt, layers given samples of the wrong
rank, data and what compile, fit and evaluate take and give, NumPy and
Python around the model, loops that never end, and the notes under a model
that builds; and the objects Keras's words quote, said in plain words.

Where a message shows a line, putting that line in the code works.
"""

from __future__ import annotations

import pytest
from _playground import _plain, _replaced, _run, _shown, _shown_lines, _works

from kerasteach._widget_problem import Problem, readable

_MODEL = "model = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(1)])\n"
_COMPILED = _MODEL + 'model.compile(optimizer="adam", loss="mse")\n'


# ------------------------------------------------ a setting's value


@pytest.mark.parametrize(
    ("layer", "words", "fixed"),
    [
        ("layers.Dense(0)", "Dense cannot take units=0", "layers.Dense(16)"),
        ("layers.Dense(-4)", "Dense cannot take units=-4", "layers.Dense(16)"),
        (
            "layers.Dense((4,))",
            "and (4,) is a tuple: write the number alone, 4",
            "layers.Dense(4)",
        ),
        (
            "layers.Dropout(20)",
            "a number between 0 and 1, and 20 is not: for 20 %, write 0.2",
            "layers.Dropout(0.2)",
        ),
    ],
)
def test_a_setting_value_it_cannot_take_says_what_the_setting_means(
    layer, words, fixed
):
    source = (
        f"model = keras.Sequential([\n    keras.Input(shape=(8,)),\n    {layer},\n])\n"
    )
    _, problem = _run(source)
    assert problem.line == 3
    assert words in problem.message
    assert problem.message.endswith(f"\n    {fixed},")
    _plain(problem.message)
    _works(_replaced(source, 3, f"    {fixed},"))


def test_a_setting_value_in_a_layer_over_several_lines_shows_the_whole_call():
    source = (
        "model = keras.Sequential([\n"
        "    keras.Input(shape=(8,)),\n"
        "    layers.Dense(\n"
        "        0,\n"
        '        activation="relu"),\n'
        "])\n"
    )
    _, problem = _run(source)
    assert problem.line == 4 and "Dense cannot take units=0 on line 4" in (
        problem.message
    )
    _plain(problem.message)
    shown = _shown_lines(problem.message, "write, for example, 16:")
    assert shown[2:5] == [
        "    layers.Dense(",
        "        16,",
        '        activation="relu"),',
    ]
    _works("\n".join(shown) + "\n")


def test_a_rate_over_several_lines_in_a_def_keeps_the_block_indentation():
    source = (
        "def build():\n"
        "    inputs = keras.Input(shape=(8,))\n"
        "    x = layers.Dropout(\n"
        "        20)(inputs)\n"
        "    return keras.Model(inputs, x)\n"
        "model = build()\n"
    )
    _, problem = _run(source)
    assert "for 20 %, write 0.2" in problem.message
    _plain(problem.message)
    shown = _shown_lines(problem.message, "write 0.2:")
    assert shown == ["    x = layers.Dropout(", "        0.2)(inputs)"]
    _works(_replaced(source, (3, 4), *shown))


def test_negative_filters_by_keyword_keep_the_keyword():
    source = (
        "model = keras.Sequential([keras.Input(shape=(28, 28, 1)), "
        "layers.Conv2D(filters=-8, kernel_size=3)])\n"
    )
    _, problem = _run(source)
    assert "Conv2D cannot take filters=-8 on line 1" in problem.message
    assert "filters is how many patterns the convolution learns" in problem.message
    _works(_shown(problem.message, "write, for example, 32:"))


def test_an_open_last_size_before_dense_says_write_the_features():
    _, problem = _run(
        "model = keras.Sequential([keras.Input(shape=(None,)), layers.Dense(1)])"
    )
    assert problem.layer == "dense" and problem.line == 1
    assert (
        "needs the size of the last axis of its input to make its weights, but it "
        "receives samples of shape (None,), whose last size is None"
    ) in problem.message
    assert "keras.Input(shape=(8,))" in problem.message
    assert "(None, 1)" not in problem.message  # the kernel's shape said nothing


@pytest.mark.parametrize(
    "activation", ["keras.activations.relu()", "layers.ReLU", "layers.Softmax"]
)
def test_an_activation_called_or_given_as_a_layer_type_says_its_name(activation):
    name = "softmax" if "Softmax" in activation else "relu"
    source = (
        "inputs = keras.Input(shape=(8,))\n"
        f"outputs = layers.Dense(3, activation={activation})(inputs)\n"
        "model = keras.Model(inputs, outputs)\n"
    )
    p, problem = _run(source)
    assert problem.line == 2
    fixed = f'outputs = layers.Dense(3, activation="{name}")(inputs)'
    assert problem.message.endswith(f"\n    {fixed}")
    assert "Something went wrong" not in p.status.value
    _plain(problem.message)
    _works(_replaced(source, 2, fixed))


# --------------------------------------------------- misspelt settings


@pytest.mark.parametrize(
    ("call", "meant"),
    [
        ("model.fit(x, y, epoch=2, verbose=0)", "epochs"),
        ("model.fit(x, y, batchsize=2, verbose=0)", "batch_size"),
        ('model.compile(optimizer="adam", loss="mse", metric=["mae"])', "metrics"),
    ],
)
def test_a_misspelt_setting_of_fit_or_compile_names_the_one_meant(call, meant):
    source = _COMPILED + "x, y = np.zeros((4, 8)), np.zeros((4, 1))\n" + call + "\n"
    _, problem = _run(source)
    method = call.split("(")[0]
    assert problem.line == 4
    assert f"{method}() has no setting called" in problem.message
    assert f"Did you mean {meant}?" in problem.message
    _plain(problem.message)
    _works(_replaced(source, 4, _shown(problem.message, "Write:")))


@pytest.mark.parametrize(
    ("layer", "meant"),
    [
        ("keras.Input(shap=(28, 28, 1))", "shape"),
        ("layers.Conv2D(8, kernal_size=3)", "kernel_size"),
        ("layers.Dense(unit=4)", "units"),
    ],
)
def test_a_misspelt_setting_of_a_layer_or_input_names_the_one_meant(layer, meant):
    head = "" if "Input" in layer else "    keras.Input(shape=(28, 28, 1)),\n"
    source = f"model = keras.Sequential([\n{head}    {layer},\n"
    source += "    layers.Flatten(),\n])\n"
    _, problem = _run(source)
    line = 2 + bool(head)
    assert problem.line == line
    assert f"Did you mean {meant}?" in problem.message
    _plain(problem.message)
    _works(_replaced(source, line, "    " + _shown(problem.message, "Write:")))


def test_metrics_as_text_says_put_it_in_a_list():
    source = _MODEL + (
        'model.compile(optimizer="adam", loss="mse", metrics="mae")\n'
        "model.fit(np.zeros((4, 8)), np.zeros((4, 1)), verbose=0)\n"
    )
    _, problem = _run(source)
    assert problem.line == 2
    assert "metrics takes a list, even for one metric on line 2" in problem.message
    fixed = _shown(problem.message, "Put it in square brackets:")
    assert fixed.endswith('metrics=["mae"])')
    _plain(problem.message)
    _works(_replaced(source, 2, fixed))


def test_a_loss_name_keras_does_not_know_gets_a_note_before_fit():
    p = _works(_MODEL + 'model.compile(optimizer="adam", loss="mean_squared_eror")')
    assert p.notes[0].startswith(
        "Line 2: compile() got loss='mean_squared_eror', a name Keras does not "
        "know: model.fit() would stop there. Did you mean 'mean_squared_error'?"
    )
    assert not _works(_COMPILED).notes


# --------------------------------------------------------- rank


@pytest.mark.parametrize(
    ("layer", "words", "fixed"),
    [
        (
            "layers.LSTM(16)",
            "put layers.Reshape((28, 28)) before this layer, or start from "
            "keras.Input(shape=(28, 28))",
            None,
        ),
        (
            "layers.Conv1D(4, 3)",
            "use layers.Conv2D(4, 3) instead",
            "layers.Conv2D(4, 3)",
        ),
        (
            "layers.MaxPooling1D(2)",
            "use layers.MaxPooling2D(2) instead",
            "layers.MaxPooling2D(2)",
        ),
    ],
)
def test_a_layer_of_sequences_on_images_says_what_fits_images(layer, words, fixed):
    source = "model = keras.Sequential([\n    keras.Input(shape=(28, 28, 1)),\n"
    source += f"    {layer},\n])\n"
    _, problem = _run(source)
    kind = layer.split(".")[1].split("(")[0]
    assert problem.line == 3 and problem.kind == "shape"
    assert (
        f"({kind}) reads sequences, each sample of shape (steps, features), but "
        "it receives samples of shape (28, 28, 1), with one axis too many"
    ) in problem.message
    assert words in problem.message
    assert "ndim" not in problem.message.split("Keras says")[0]
    if fixed:
        _works(_replaced(source, 3, f"    {fixed},"))


def test_a_reshape_to_a_prime_size_suggests_the_size_itself():
    _, problem = _run(
        "inputs = keras.Input(shape=(8,))\n"
        "x = layers.Dense(3)(inputs)\n"
        "model = keras.Model(inputs, layers.Reshape((4,))(x))\n"
    )
    assert "sizes multiply to 3, for example (3,)." in problem.message
    assert "sizes whose product" not in problem.message


# ---------------------------------------------------------- data


def test_one_grey_image_given_to_predict_says_add_both_axes():
    source = (
        "model = keras.Sequential([keras.Input(shape=(28, 28, 1)), "
        "layers.Flatten(), layers.Dense(10)])\n"
        "image = np.zeros((28, 28))\n"
        "model.predict(image, verbose=0)\n"
    )
    _, problem = _run(source)
    assert problem.kind == "data" and problem.line == 3
    assert (
        "image has shape (28, 28), which looks like one image without the batch "
        "axis in front and without the channel axis at the end"
    ) in problem.message
    assert "image.reshape(1, 28, 28, 1)" in problem.message
    assert "keras.Input(shape=(28,))" not in problem.message  # wrong advice before
    said = problem.message.split("Keras says: ")[1]
    assert "Tensor(" not in said and "keras_tensor" not in said
    assert "a tensor of shape (28, 28)" in said
    _works(
        _replaced(source, 3, "model.predict(image.reshape(1, 28, 28, 1), verbose=0)")
    )


def test_data_names_from_a_lesson_say_make_data_of_the_model_s_shapes():
    source = _COMPILED + "model.fit(x_train, y_train, epochs=1, verbose=0)\n"
    _, problem = _run(source)
    assert problem.kind == "name" and problem.line == 3
    assert "The playground has no data set loaded" in problem.message
    made = problem.message.split("for example:\n")[1].split("\n")
    assert made == [
        "    x_train = np.random.rand(100, 8)",
        "    y_train = np.random.rand(100, 1)",
    ]
    lines = source.splitlines()
    _works("\n".join(lines[:2] + [m.strip() for m in made] + lines[2:]))


def test_data_names_in_quotes_say_leave_the_quotes_out():
    source = _COMPILED + 'model.fit("x_train", "y_train", verbose=0)\n'
    _, problem = _run(source)
    assert problem.kind == "data" and problem.line == 3
    assert "x is the text 'x_train', in quotes, not your data" in problem.message
    assert _shown(problem.message, "gives its value:") == (
        "model.fit(x_train, y_train, verbose=0)"
    )
    _plain(problem.message)


def test_one_array_for_a_model_of_two_inputs_says_one_array_each():
    _, problem = _run(
        "a = keras.Input(shape=(4,))\n"
        "b = keras.Input(shape=(3,))\n"
        "x = layers.Concatenate()([a, b])\n"
        "model = keras.Model([a, b], layers.Dense(1)(x))\n"
        'model.compile("adam", "mse")\n'
        "model.fit(np.zeros((8, 4)), np.zeros((8, 1)), verbose=0)\n"
    )
    assert problem.kind == "data" and problem.line == 6
    assert (
        "model has 2 inputs, a (samples of shape (4,)), b (samples of shape "
        "(3,)), but fit() got one array: x has shape (8, 4)"
    ) in problem.message
    assert "model.fit([x_a, x_b], y, ...)" in problem.message
    _plain(problem.message)


# --------------------------------------------------- NumPy and Python


@pytest.mark.parametrize(
    ("line", "words", "fixed"),
    [
        (
            "x = np.random.rand((10, 8))",
            "np.random.rand takes the sizes one by one, not in a tuple",
            "x = np.random.rand(10, 8)",
        ),
        (
            "x = np.zeros(10, 8)",
            "np.zeros takes the shape as one tuple, in its own brackets",
            "x = np.zeros((10, 8))",
        ),
    ],
)
def test_numpy_given_a_shape_the_other_way_shows_the_way_it_takes(line, words, fixed):
    source = f"{line}\n{_MODEL}print(model.predict(x, verbose=0).shape)\n"
    _, problem = _run(source)
    assert problem.line == 1
    assert words in problem.message
    assert problem.message.endswith(f"Write:\n    {fixed}")
    p = _works(_replaced(source, 1, fixed))
    assert "(10, 1)" in p.result.printed


def test_a_reshape_of_all_the_samples_keeps_their_number_first():
    source = (
        "x = np.random.rand(100, 784)\n"
        "x = x.reshape(28, 28, 1)\n"
        "model = keras.Sequential([keras.Input(shape=(28, 28, 1)), "
        "layers.Flatten(), layers.Dense(1)])\n"
    )
    _, problem = _run(source)
    assert problem.line == 2 and problem.kind == "error"
    assert "The array holds 78400 numbers, but shape (28, 28, 1) holds 784" in (
        problem.message
    )
    assert "Shape mismatch in a layer" not in problem.message
    assert _shown(problem.message, "here 100):") == "x = x.reshape(-1, 28, 28, 1)"
    _works(_replaced(source, 2, "x = x.reshape(-1, 28, 28, 1)"))


def test_text_plus_a_number_shows_an_f_string():
    source = f'units = 4\nprint("units: " + units)\n{_MODEL}'
    _, problem = _run(source)
    assert "Python cannot add text and a whole number with + on line 2" in (
        problem.message
    )
    fixed = _shown(problem.message, "in curly brackets):")
    assert fixed == 'print(f"units: {units}")'
    assert "units: 4" in _works(_replaced(source, 2, fixed)).result.printed


def test_what_fit_and_evaluate_give_back_read_the_right_way():
    source = _MODEL + (
        'model.compile(optimizer="adam", loss="mse", metrics=["mae"])\n'
        "x, y = np.zeros((4, 8)), np.zeros((4, 1))\n"
        "history = model.fit(x, y, verbose=0)\n"
        'print(history["loss"])\n'
    )
    _, problem = _run(source)
    assert problem.line == 5
    assert "history is the History that model.fit() returns" in problem.message
    fixed = _shown(problem.message, "one number per epoch:")
    assert fixed == 'print(history.history["loss"])'

    _, problem = _run(_replaced(source, 5, 'print(history.history["accuracy"])'))
    assert "history.history has no 'accuracy' on line 5" in problem.message
    assert "here 'loss', 'mae'." in problem.message

    _, problem = _run(_replaced(source, 5, "loss, mae, other = model.evaluate(x, y)"))
    assert (
        "model.evaluate() gives 2 numbers here, and the line unpacks it into 3 "
        "names on line 5"
    ) in problem.message
    _plain(problem.message)


# ------------------------------------------------------ loops


@pytest.mark.parametrize(
    ("loop", "words"),
    [
        (
            "n = 0\nwhile n < 10:\n    print(n)\n",
            "Its condition reads n, and nothing inside the loop changes it",
        ),
        ("while True:\n    pass\n", "while True runs until a break"),
    ],
)
def test_a_loop_that_never_ends_is_named_by_its_first_line(loop, words):
    _, problem = _run(_MODEL + loop, time_limit=0.5)
    line = _MODEL.count("\n") + loop.count("\n") - 1
    assert problem.kind == "timeout" and problem.line == line
    assert f"was stopped in the while loop that starts on line {line}" in (
        problem.message
    )
    assert "It looks like a loop that never ends." in problem.message
    assert words in problem.message


# ------------------------------------------------------ notes


@pytest.mark.parametrize(
    ("code", "note"),
    [
        (
            "model.summary\n",
            "Line 2 names model.summary without brackets, so it does nothing",
        ),
        ("print(model)\n", "Line 2 prints model, which shows only the model's type"),
    ],
)
def test_a_model_named_or_printed_gets_a_note_with_what_to_write(code, note):
    p = _works(_MODEL + code)
    assert any(n.startswith(note) for n in p.notes), p.notes
    assert any("summary()" in n for n in p.notes)


def test_a_printed_tensor_gets_a_note_that_it_has_no_numbers():
    p = _works(
        "inputs = keras.Input(shape=(8,))\n"
        "x = layers.Dense(3)(inputs)\n"
        "print(x)\n"
        "model = keras.Model(inputs, x)\n"
    )
    assert (
        "Line 3 prints x, a tensor of the model being built: Printed shows its "
        "shape, (None, 3), and no numbers"
    ) in p.notes[0]


# --------------------------------------------- Keras's words, readable


def test_the_objects_keras_quotes_are_said_in_plain_words():
    tensor = (
        "<KerasTensor shape=(None, 3), dtype=float32, sparse=False, "
        "ragged=False, name=keras_tensor_3>"
    )
    assert readable(f"Received: inputs=[{tensor}, {tensor}]") == (
        "Received: inputs=[a tensor of shape (None, 3), a tensor of shape (None, 3)]"
    )
    # cut by shorten() in the middle of the repr
    assert readable("x=<KerasTensor shape=(None, 3), dtype=flo ... [shortened: 9]") == (
        "x=a tensor of shape (None, 3) ... [shortened: 9]"
    )
    assert readable(
        "Tensor(\"data:0\", shape=(28, 28), dtype=float32) of type <class 'str'>, "
        "<Dense name=dense, built=True>, <function relu at 0x7f00>, "
        "<keras.src.optimizers.adam.Adam object at 0x7f01>"
    ) == (
        "a tensor of shape (28, 28) of type str, 'dense' (Dense), the function "
        "relu, an Adam object"
    )
    # every message, however it was made
    assert Problem("error", f"Keras says: {tensor}").message == (
        "Keras says: a tensor of shape (None, 3)"
    )
    # Keras's "Tensor <KerasTensor ...> from operation": one word for it
    assert readable(f"Tensor {tensor} from operation 'x'") == (
        "a tensor of shape (None, 3) from operation 'x'"
    )
    # the student's own code is left alone
    assert readable("if a < b and c > d:") == "if a < b and c > d:"


# ----------------------------------------- more of what fit and compile take


def test_validation_data_of_one_array_says_give_a_pair():
    source = _COMPILED + (
        "x, y = np.zeros((4, 8)), np.zeros((4, 1))\n"
        "model.fit(x, y, validation_data=(x), verbose=0)\n"
    )
    _, problem = _run(source)
    assert problem.line == 4
    assert "validation_data takes a pair, the data and its labels" in problem.message
    assert "(x) is x itself" in problem.message
    fixed = _shown(problem.message, "after a comma:")
    # the student's own labels for x, one for each of its samples
    assert fixed == "model.fit(x, y, validation_data=(x, y), verbose=0)"
    _works(_replaced(source, 4, fixed))


def test_the_data_and_the_labels_swapped_say_data_first():
    source = _COMPILED + (
        "x, y = np.zeros((4, 8)), np.zeros((4, 1))\nmodel.fit(y, x, verbose=0)\n"
    )
    _, problem = _run(source)
    assert problem.kind == "data" and problem.line == 4
    assert "The data and the labels look swapped on line 4" in problem.message
    assert "Write model.fit(x, y, ...)." in problem.message
    assert "change the model's input" not in problem.message


def test_model_add_given_input_shape_says_add_keras_input_first():
    source = (
        "model = keras.Sequential()\nmodel.add(layers.Dense(4), input_shape=(8,))\n"
    )
    _, problem = _run(source)
    assert "model.add() takes only the layer, not input_shape on line 2" in (
        problem.message
    )
    first = _shown(problem.message, "before the first layer:")
    assert first == "model.add(keras.Input(shape=(8,)))"
    p = _works(_replaced(source, 2, first, "model.add(layers.Dense(4))"))
    assert p.model.input_shape == (None, 8)


@pytest.mark.parametrize(
    ("line", "words", "fixed"),
    [
        (
            "x = np.array([[1, 2], [3]])",
            "The rows given to the array do not all have the same length on line 1",
            None,
        ),
        (
            "y = keras.utils.to_categorical(np.array([0, 1, 5]), num_classes=3)",
            "y holds the class 5, but num_classes=3 numbers the classes from 0 to 2",
            "y = keras.utils.to_categorical(np.array([0, 1, 5]), num_classes=6)",
        ),
    ],
)
def test_data_made_the_wrong_way_says_what_numpy_or_keras_wants(line, words, fixed):
    source = f"{line}\n{_MODEL}"
    _, problem = _run(source)
    assert problem.line == 1 and words in problem.message
    assert "Shape mismatch" not in problem.message
    _plain(problem.message)
    if fixed:
        assert problem.message.endswith(f"\n    {fixed}")
        _works(_replaced(source, 1, fixed))


def test_a_loss_type_without_brackets_gets_a_note():
    p = _works(
        _MODEL + "model.compile(optimizer='adam', loss=keras.losses.MeanSquaredError)"
    )
    assert p.notes[0].startswith(
        "Line 2: compile() got loss=keras.losses.MeanSquaredError, the type of loss"
    )
    assert 'loss="mean_squared_error"' in p.notes[0]


@pytest.mark.parametrize(
    ("name", "use", "line"),
    [
        ("plt", "plt.plot([0.5, 0.3, 0.2])", "import matplotlib.pyplot as plt"),
        ("math", "print(math.sqrt(16))", "import math"),
    ],
)
def test_a_module_used_without_its_import_shows_the_import_line(name, use, line):
    _, problem = _run(f"{_MODEL}{use}\n")
    assert problem.kind == "name" and problem.line == 2
    assert (
        f"{name} is a module, and only keras, layers and np are imported in the "
        f"playground: add {line} at the top."
    ) in problem.message
