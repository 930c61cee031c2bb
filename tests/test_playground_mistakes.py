"""Mistakes a class of beginners made in the playground, and what it says
to each: the cause (not the symptom Keras noticed) and the line to write.
Where a message proposes a fix, the test runs the fixed code too."""

from __future__ import annotations

import html
import re

import pytest
from _playground import _plain, _replaced, _shown_lines, _works

import kerasteach


def _run(source: str):
    p = kerasteach.playground(source)
    problem = p.run()
    return p, problem


# ------------------------------------------------------------- the data


def test_an_input_shape_with_the_number_of_samples_says_drop_it():
    # keras.Input(shape=x.shape): the advice was to add a batch axis to x
    source = (
        "x = np.random.rand(100, 28, 28)\n"
        "y = np.zeros(100)\n"
        "model = keras.Sequential(\n"
        "    [keras.Input(shape=x.shape), layers.Flatten(), layers.Dense(10)]\n"
        ")\n"
        'model.compile("adam", "sparse_categorical_crossentropy")\n'
        "model.fit(x, y, verbose=0)\n"
    )
    _, problem = _run(source)
    assert problem.kind == "data" and problem.line == 7
    assert "keras.Input has shape (100, 28, 28), the shape of all of x" in (
        problem.message
    )
    assert "x holds 100 samples" in problem.message
    assert "Write keras.Input(shape=(28, 28)), or shape=x.shape[1:]" in (
        problem.message
    )
    assert "without the batch axis" not in problem.message
    assert "x.reshape(1" not in problem.message
    for fix in ("keras.Input(shape=(28, 28))", "keras.Input(shape=x.shape[1:])"):
        p, problem = _run(source.replace("keras.Input(shape=x.shape)", fix))
        assert problem is None, problem.message
        assert p.model.input_shape == (None, 28, 28)


def test_one_sample_given_to_predict_still_says_add_the_batch_axis():
    # no y: nothing says x holds several samples
    _, problem = _run(
        "model = keras.Sequential([keras.Input((100, 8)), layers.Dense(1)])\n"
        "model.predict(np.zeros((100, 8)), verbose=0)"
    )
    assert "looks like one sample without the batch axis" in problem.message


# ------------------------------------------------------------- the names


def _shown_line(message: str) -> str:
    return message.split("The line would read:\n    ", 1)[1].split("\n")[0]


@pytest.mark.parametrize(
    ("source", "meant", "capitals"),
    [
        # Python's own nearest name is the module keras.models
        (
            "inputs = keras.Input((8,))\n"
            "model = keras.model(inputs, layers.Dense(1)(inputs))",
            "Model",
            True,
        ),
        (
            "model = keras.Sequential([keras.input((8,)), layers.Dense(1)])",
            "Input",
            True,
        ),
        (
            "model = keras.Sequential([keras.Input((8,)), layers.dense(1)])",
            "Dense",
            True,
        ),
        # the capitals alone would give keras.Layer, which has no Dense
        (
            "model = keras.Sequential([keras.Input((8,)), keras.layer.Dense(1)])",
            "layers",
            False,
        ),
        (
            "model = keras.Sequental([keras.Input((8,)), layers.Dense(1)])",
            "Sequential",
            False,
        ),
    ],
)
def test_a_misspelt_keras_name_gets_the_name_meant_and_the_line_that_works(
    source, meant, capitals
):
    _, problem = _run(source)
    line = source.count("\n") + 1
    assert problem.kind == "attribute" and problem.line == line
    assert f"Did you mean {meant}?" in problem.message
    assert ("Capitals matter in Python names" in problem.message) is capitals
    lines = source.splitlines()
    lines[-1] = _shown_line(problem.message)
    p, problem = _run("\n".join(lines))
    assert problem is None, problem.message
    assert p.model.count_params() == 9


# ------------------------------------------------- one layer in two places


def _fix_line(source: str, message: str, line: int, after: str) -> str:
    """``source`` with line ``line`` replaced by the line shown after
    ``after`` in the message."""
    fix = message.split(after + "\n    ", 1)[1].split("\n")[0]
    lines = source.splitlines()
    lines[line - 1] = fix
    return "\n".join(lines) + "\n"


def test_a_layer_listed_twice_in_sequential_says_it_is_one_layer():
    # it was "Shape mismatch ... Check the output shape of the layer(s) that
    # feed it (units, ...)": the units were right
    source = "d = layers.Dense(4)\nmodel = keras.Sequential([keras.Input((8,)), d, d])"
    _, problem = _run(source)
    assert problem.kind == "shape" and problem.line == 2 and problem.layer == "dense"
    assert "appears in the list of keras.Sequential twice" in problem.message
    assert "Listing `d` again does not make another layer" in problem.message
    assert "made for inputs whose axis -1 has size 8" in problem.message
    assert "receives shape (None, 4)" in problem.message
    assert "Check the output shape" not in problem.message
    p, problem = _run(_fix_line(source, problem.message, 2, "for each place:"))
    assert problem is None, problem.message
    assert [layer.name for layer in p.model.layers] == ["dense_1", "dense_2"]


def test_a_layer_added_twice_shows_the_add_with_a_new_layer():
    source = (
        'd = layers.Dense(4, activation="relu")\n'
        "model = keras.Sequential()\n"
        "model.add(keras.Input((8,)))\n"
        "model.add(d)\n"
        "model.add(d)\n"
    )
    _, problem = _run(source)
    assert problem.line == 5
    assert "is added to keras.Sequential twice" in problem.message
    assert 'model.add(layers.Dense(4, activation="relu"))' in problem.message
    p, problem = _run(_fix_line(source, problem.message, 5, "for each place:"))
    assert problem is None and len(p.model.layers) == 2


def test_a_functional_layer_called_again_on_another_width_says_make_a_new_one():
    source = (
        "inputs = keras.Input((8,))\n"
        "hidden = layers.Dense(4)\n"
        "x = hidden(inputs)\n"
        "x = hidden(x)\n"
        "model = keras.Model(inputs, x)\n"
    )
    _, problem = _run(source)
    assert problem.line == 4
    assert "was used before, and is called again" in problem.message
    assert "siamese" in problem.message
    p, problem = _run(_fix_line(source, problem.message, 4, "should read:"))
    assert problem is None
    assert p.model.count_params() == (8 * 4 + 4) + (4 * 4 + 4)


def test_a_layer_that_never_ran_still_gets_the_plain_shape_mismatch():
    _, problem = _run(
        "model = keras.Sequential([keras.Input((4,)), layers.Reshape((5,))])"
    )
    assert "Shape mismatch" in problem.message and "again" not in problem.message


# ------------------------------------------------------------ keras.Model


@pytest.mark.parametrize(
    ("source", "fixed"),
    [
        (
            "a = keras.Input((8,))\n"
            "b = keras.Input((4,))\n"
            "x = layers.Concatenate()([a, b])\n"
            "model = keras.Model(a, b, x)\n",
            "model = keras.Model(inputs=[a, b], outputs=x)",
        ),
        (
            "a = keras.Input((8,))\n"
            "x = layers.Dense(3)(a)\n"
            "y = layers.Dense(1)(a)\n"
            "model = keras.Model(a, x, y)\n",
            "model = keras.Model(inputs=a, outputs=[x, y])",
        ),
    ],
)
def test_inputs_given_to_keras_model_one_by_one_say_use_a_list(source, fixed):
    # it was Python's "Layer.__init__() takes 1 positional argument but 4
    # were given"
    _, problem = _run(source)
    assert problem.line == 4
    assert "keras.Model takes two things, the inputs and then the outputs" in (
        problem.message
    )
    assert "here it gets 3" in problem.message
    assert f"in square brackets:\n    {fixed}" in problem.message
    assert "__init__" not in problem.message
    p, problem = _run(source.replace(source.splitlines()[3], fixed))
    assert problem is None, problem.message
    assert len(p.model.inputs) + len(p.model.outputs) == 3


# ---------------------------------------------------- code Python cannot read


@pytest.mark.parametrize(
    ("source", "line", "where"),
    [
        (
            "model = keras.Sequential([\n"
            "    keras.Input((8,))\n"
            "    layers.Dense(4)\n"
            "])\n",
            2,
            "Add a comma after keras.Input((8,)) at the end of line 2",
        ),
        (
            "model = keras.Sequential([\n"
            "    keras.Input((8,)),  # one sample\n"
            "    layers.Dense(4)  # hidden\n"
            "    layers.Dense(1)\n"
            "])\n",
            3,
            "Add a comma after layers.Dense(4) on line 3",
        ),
        (
            "model = keras.Sequential("
            "[keras.Input((8,)), layers.Dense(4 activation='relu')])\n",
            1,
            "Add a comma after 4 on line 1",
        ),
    ],
)
def test_a_missing_comma_is_shown_where_it_goes(source, line, where):
    # it was "Check brackets, commas and colons on this line and the line
    # before it"
    _, problem = _run(source)
    assert problem.kind == "syntax" and problem.line == line
    assert where in problem.message
    assert "Check brackets" not in problem.message
    p, problem = _run(_fix_line(source, problem.message, line, "by commas."))
    assert problem is None, problem.message
    assert len(p.model.layers) >= 1


@pytest.mark.parametrize(
    ("printed", "fix"),
    [
        ("model.summary()", "\n    model.summary()"),
        ("model.output_shape", "\n    print(model.output_shape)"),
    ],
)
def test_python_2_print_shows_the_python_3_line(printed, fix):
    source = (
        "model = keras.Sequential([keras.Input((8,)), layers.Dense(1)])\n"
        f"print {printed}\n"
    )
    _, problem = _run(source)
    assert problem.kind == "syntax" and problem.line == 2
    assert "In Python 3, print is a function" in problem.message
    assert problem.message.endswith(fix)
    shown = problem.message.rsplit("\n    ", 1)[1]
    p, problem = _run(source.replace(f"print {printed}", shown))
    assert problem is None and "(None, 1)" in p.result.printed
    assert "None\n" not in p.result.printed  # no print(model.summary())


def test_a_setting_without_a_name_after_one_with_a_name():
    _, problem = _run(
        "model = keras.Sequential([keras.Input((8,)), layers.Dense(units=4, 'relu')])"
    )
    assert problem.kind == "syntax"
    assert "A setting given without a name comes after one given with a name" in (
        problem.message
    )
    assert 'layers.Dense(16, activation="relu")' in problem.message


@pytest.mark.parametrize(
    ("line", "what", "fixed"),
    [
        (
            "model.add(layers.Dense(4, activation=relu))",
            "relu is the name of an activation",
            'model.add(layers.Dense(4, activation="relu"))',
        ),
        (
            "model.compile(optimizer=adam, loss='mse')",
            "adam is the name of an optimizer",
            "model.compile(optimizer=\"adam\", loss='mse')",
        ),
        (
            "model.compile(optimizer='adam', loss=mse, metrics=['mae'])",
            "mse is the name of a loss",
            "model.compile(optimizer='adam', loss=\"mse\", metrics=['mae'])",
        ),
        (
            "model.compile(optimizer='adam', loss='mse', metrics=[accuracy])",
            "accuracy is the name of a metric",
            "model.compile(optimizer='adam', loss='mse', metrics=[\"accuracy\"])",
        ),
    ],
)
def test_a_keras_name_without_quotes_says_write_it_as_text(line, what, fixed):
    # it was "Check its spelling, or define it before this line"
    source = "model = keras.Sequential([keras.Input((8,)), layers.Dense(4)])\n"
    _, problem = _run(source + line)
    assert problem.kind == "name" and problem.line == 2
    assert f"{what} in Keras: write it in quotes, as text" in problem.message
    assert problem.message.endswith(f":\n    {fixed}")
    assert "Check its spelling" not in problem.message
    _, problem = _run(source + fixed)
    assert problem is None, problem.message


# ------------------------------------------------------------ merging layers


def test_add_of_two_widths_names_each_branch_and_its_units():
    # it was "Shape mismatch ... Check the output shape of the layer(s) that
    # feed it (units, filters, Reshape targets, or the Input shape)"
    source = (
        "inputs = keras.Input((8,))\n"
        "a = layers.Dense(16)(inputs)\n"
        "b = layers.Dense(32)(inputs)\n"
        "x = layers.Add()([a, b])\n"
        "model = keras.Model(inputs, x)\n"
    )
    _, problem = _run(source)
    assert problem.kind == "shape" and problem.line == 4 and problem.layer == "add"
    assert "adds its inputs number by number, so they need the same shape" in (
        problem.message
    )
    assert "a, of shape (None, 16), from layer 'dense' (Dense, units=16)" in (
        problem.message
    )
    assert "b, of shape (None, 32), from layer 'dense_1' (Dense, units=32)" in (
        problem.message
    )
    assert "or use layers.Concatenate()" in problem.message
    for fixed in (
        source.replace("Dense(32)", "Dense(16)"),
        source.replace("layers.Add()", "layers.Concatenate()"),
    ):
        _, problem = _run(fixed)
        assert problem is None, problem.message


def test_a_skip_connection_of_other_channels_shows_the_1x1_convolution():
    source = (
        "inputs = keras.Input((28, 28, 3))\n"
        'x = layers.Conv2D(16, 3, padding="same")(inputs)\n'
        "x = layers.Add()([x, inputs])\n"
        "model = keras.Model(inputs, x)\n"
    )
    _, problem = _run(source)
    assert problem.line == 3
    assert "from keras.Input" in problem.message
    fix = "layers.Conv2D(16, 1)(inputs)"
    assert f"a 1x1 convolution gives inputs 16 channels like the other: {fix}." in (
        problem.message
    )
    p, problem = _run(source.replace("[x, inputs]", f"[x, {fix}]"))
    assert problem is None and p.model.output_shape == (None, 28, 28, 16)


@pytest.mark.parametrize(
    ("b_shape", "words"),
    [
        ("(14, 14, 3)", "They differ in axis 1: 28 vs 14; axis 2: 28 vs 14."),
        ("(5,)", "They have different numbers of axes. Flatten the ones with"),
    ],
)
def test_concatenate_of_shapes_that_do_not_go_together_says_which_axes(b_shape, words):
    _, problem = _run(
        "a = keras.Input((28, 28, 3))\n"
        f"b = keras.Input({b_shape})\n"
        "x = layers.Concatenate()([a, b])\n"
        "model = keras.Model([a, b], x)\n"
    )
    assert problem.kind == "shape" and problem.layer == "concatenate"
    assert "puts its inputs side by side along axis -1, so all their other axes" in (
        problem.message
    )
    assert words in problem.message
    assert "Check the output shape" not in problem.message


def test_concatenate_on_the_batch_axis_says_leave_axis_out():
    source = (
        "a = keras.Input((8,))\n"
        "b = keras.Input((4,))\n"
        "x = layers.Concatenate(axis=0)([a, b])\n"
        "model = keras.Model([a, b], x)\n"
    )
    _, problem = _run(source)
    assert "Axis 0 is the batch axis" in problem.message
    assert "leave axis out" in problem.message
    p, problem = _run(source.replace("axis=0", ""))
    assert problem is None and p.model.output_shape == (None, 12)


# ------------------------------------------ models that build, but are wrong


def _notes(p) -> str:
    """The notes as the student reads them, under the model."""
    return html.unescape(re.sub(r"<[^>]+>", "\n", p.status.value))


@pytest.mark.parametrize(
    ("source", "words", "fixed"),
    [
        (
            "model = keras.Sequential([keras.Input((8,)), "
            'layers.Dense(1, activation="softmax")])',
            [
                "Layer 'dense' has 1 unit with activation=\"softmax\"",
                "a single output is always 1",
                'layers.Dense(1, activation="sigmoid")',
            ],
            "model = keras.Sequential([keras.Input((8,)), "
            'layers.Dense(1, activation="sigmoid")])',
        ),
        (
            "model = keras.Sequential([keras.Input((28, 28)), "
            'layers.Dense(10, activation="softmax")])',
            [
                "The model outputs shape (None, 28, 10)",
                "it gives 10 numbers for each of the 28 rows of a sample",
                "add layers.Flatten() before layer 'dense'",
            ],
            "model = keras.Sequential([keras.Input((28, 28)), layers.Flatten(), "
            'layers.Dense(10, activation="softmax")])',
        ),
        (
            "model = keras.Sequential([keras.Input((28, 28, 1)), layers.Dense(10)])",
            ["it gives 10 numbers for each of the 28x28 positions of a sample"],
            "model = keras.Sequential("
            "[keras.Input((28, 28, 1)), layers.Flatten(), layers.Dense(10)])",
        ),
        (
            "d = layers.Dense(8)\nmodel = keras.Sequential([keras.Input((8,)), d, d])",
            [
                "Layer 'dense' (Dense) is in the list twice",
                "one layer used twice, with one set of weights (shared)",
            ],
            "model = keras.Sequential("
            "[keras.Input((8,)), layers.Dense(8), layers.Dense(8)])",
        ),
        (
            "model = keras.Sequential("
            "[layers.Dense(16, input_shape=(8,)), layers.Dense(1)])",
            [
                "Keras 3 warns about input_shape= (see Printed)",
                "keras.Sequential([keras.Input(shape=(8,)), ...])",
            ],
            "model = keras.Sequential("
            "[keras.Input(shape=(8,)), layers.Dense(16), layers.Dense(1)])",
        ),
    ],
)
def test_a_model_that_builds_but_is_likely_wrong_gets_a_note(source, words, fixed):
    # these built without a word (or with Keras's warning only)
    p, problem = _run(source)
    assert problem is None and len(p.notes) == 1
    for word in words:
        assert word in p.notes[0]
        assert word in _notes(p)
    p, problem = _run(fixed)
    assert problem is None and p.notes == [], p.notes


@pytest.mark.parametrize(
    "source",
    [
        "model = keras.Sequential([keras.Input((10, 4)), "
        "layers.LSTM(8, return_sequences=True), layers.Dense(1)])",
        "shared = layers.Dense(4)\n"
        "a = keras.Input((4,))\n"
        "b = keras.Input((4,))\n"
        "model = keras.Model([a, b], layers.Add()([shared(a), shared(b)]))",
        # the layers of the model not shown belong to a model
        "small = keras.Sequential([keras.Input((8,)), layers.Dense(1)])\n"
        "model = keras.Sequential([keras.Input((8,)), layers.Dense(2)])",
        # Bidirectional copies the LSTM it is given
        "model = keras.Sequential([\n"
        "    keras.Input((10, 4)),\n"
        "    layers.Bidirectional(\n"
        "        layers.LSTM(8)\n"
        "    ),\n"
        "    layers.Dense(1),\n"
        "])",
        # a nested model's layers are the outer model's
        "inner = keras.Sequential([keras.Input((8,)), layers.Dense(4)])\n"
        "inputs = keras.Input((8,))\n"
        "model = keras.Model(inputs, layers.Dense(1)(inner(inputs)))",
    ],
)
def test_a_model_built_that_way_on_purpose_gets_no_note(source):
    p, problem = _run(source)
    assert problem is None and p.notes == []


@pytest.mark.parametrize(
    ("model_line", "words", "fixed"),
    [
        (
            "model = keras.Model([a, b], out)",
            [
                "Input b is read by no layer: the model takes it as an input, but "
                "no layer is called on it, so the data given to it changes nothing.",
                "layers.Concatenate()([x, b])",
                "or leave it out of the inputs of keras.Model (line 4):\n"
                "    model = keras.Model(a, out)",
            ],
            "model = keras.Model(a, out)",
        ),
        (
            "model = keras.Model(inputs=[a, b, c], outputs=out)",
            [
                "Inputs b and c are read by no layer",
                "or leave them out of the inputs of keras.Model (line 4):\n"
                "    model = keras.Model(inputs=a, outputs=out)",
            ],
            "model = keras.Model(inputs=a, outputs=out)",
        ),
    ],
)
def test_an_input_no_layer_reads_is_named_with_the_line_without_it(
    model_line, words, fixed
):
    # Keras builds it without a word, and fit() then asks for its data
    source = (
        "a, b, c = keras.Input((4,)), keras.Input((3,)), keras.Input((2,))\n"
        'x = layers.Dense(8, activation="relu")(a)\n'
        "out = layers.Dense(1)(x)\n"
    )
    p, problem = _run(source + model_line)
    assert problem is None and len(p.notes) == 1
    for word in words:  # shown as written: the line to write on its own line
        assert word in p.notes[0]
        assert html.escape(word) in p.status.value
    p, problem = _run(source + fixed)
    assert problem is None and p.notes == [], p.notes


def test_an_input_no_layer_reads_and_no_variable_holds_is_named_by_its_layer():
    p, problem = _run(
        "a = keras.Input((4,))\n"
        "model = keras.Model([a, keras.Input((3,), name='extra')], "
        "layers.Dense(1)(a))\n"
    )
    assert problem is None
    assert p.notes == [
        "Input 'extra' is read by no layer: the model takes it as an input, but "
        "no layer is called on it, so the data given to it changes nothing. "
        "Either connect it: call a layer on it, or merge it with another "
        "branch (with layers.Concatenate(), for example); or leave it out of "
        "the model's inputs."
    ]


def test_an_input_a_nested_model_does_not_read_is_named_by_the_variables():
    # the outer model passes it a tensor, so from outside it looks used;
    # Keras's own names ('functional', 'input_layer_1') are not the student's
    p, problem = _run(
        "a, b = keras.Input((4,)), keras.Input((3,))\n"
        "encoder = keras.Model([a, b], layers.Dense(2)(a))\n"
        "x, y = keras.Input((4,)), keras.Input((3,))\n"
        "model = keras.Model([x, y], layers.Dense(1)(encoder([x, y])))\n"
    )
    assert problem is None
    assert p.notes == [
        "Input b of the nested model encoder is read by no layer of encoder: "
        "the outer model passes it data, but no layer inside encoder is called "
        "on it, so that data changes nothing. Either connect it inside "
        "encoder: call a layer on it, or merge it with another branch (with "
        "layers.Concatenate(), for example); or leave it out of the inputs of "
        "encoder and stop passing it a tensor."
    ]


# ------------------------------------------------------------- training


@pytest.mark.parametrize(
    ("last", "loss"),
    [
        ('layers.Dense(3, activation="softmax")', "sparse_categorical_crossentropy"),
        ('layers.Dense(1, activation="sigmoid")', "binary_crossentropy"),
        ("layers.Dense(1)", "mse"),
    ],
)
def test_fit_before_compile_shows_the_compile_line_to_add(last, loss):
    source = (
        f"net = keras.Sequential([keras.Input((8,)), {last}])\n"
        "x, y = np.zeros((4, 8)), np.array([0, 1, 1, 0])\n"
        "net.fit(x, y, epochs=1, verbose=0)\n"
    )
    _, problem = _run(source)
    assert problem.line == 3
    assert "net.fit() needs to know how to train, but net was not compiled" in (
        problem.message
    )
    shown = f'net.compile(optimizer="adam", loss="{loss}")'
    assert problem.message.endswith(f"\n    {shown}")
    lines = source.splitlines()
    lines.insert(2, shown)
    p, problem = _run("\n".join(lines))
    assert problem is None, problem.message


@pytest.mark.parametrize(
    "labels", ["y_test", "np.random.randint(0, 3, (30,))"], ids=["named", "written"]
)
def test_evaluate_before_compile_inside_print_says_compile_not_labels(labels):
    # the labels are right: a message about them (with loss="None") misled
    source = (
        "model = keras.Sequential([keras.Input(shape=(4,)), "
        'layers.Dense(3, activation="softmax")])\n'
        "x_test, y_test = np.random.rand(30, 4), np.random.randint(0, 3, (30,))\n"
        f"print(model.evaluate(x_test, {labels}, verbose=0))\n"
    )
    _, problem = _run(source)
    assert problem.line == 3
    assert problem.message.startswith(
        "model.evaluate() needs to know what to measure, but model was not compiled"
    )
    assert "None" not in problem.message
    shown = 'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")'
    assert problem.message.endswith(f"\n    {shown}")
    lines = source.splitlines()
    lines.insert(2, shown)
    _, problem = _run("\n".join(lines))
    assert problem is None, problem.message


_CLASSIFIER = (
    "model = keras.Sequential([keras.Input((8,)), "
    'layers.Dense({units}, activation="{activation}")])\n'
    'model.compile(optimizer="adam", loss="{loss}")\n'
    "model.fit(np.zeros((4, 8)), {y}, epochs=1, verbose=0)\n"
)


@pytest.mark.parametrize(
    ("setup", "words", "fixed"),
    [
        (  # one-hot rows for the sparse loss: the shapes even look equal
            dict(
                units=3,
                activation="softmax",
                loss="sparse_categorical_crossentropy",
                y="np.eye(3)[[0, 1, 2, 0]]",
            ),
            'holds one row of 0s and a 1 per sample (one-hot), but loss="sparse_',
            {"loss": "categorical_crossentropy"},
        ),
        (
            dict(
                units=3,
                activation="softmax",
                loss="categorical_crossentropy",
                y="np.array([0, 1, 2, 0])",
            ),
            'holds one class number per sample, but loss="categorical_',
            {"loss": "sparse_categorical_crossentropy"},
        ),
        (
            dict(
                units=2,
                activation="softmax",
                loss="sparse_categorical_crossentropy",
                y="np.array([0, 1, 5, 9])",
            ),
            "{y} has class numbers up to 9, but the last layer has 2 units",
            {"units": 10},
        ),
        (
            dict(
                units=1,
                activation="sigmoid",
                loss="categorical_crossentropy",
                y="np.eye(3)[[0, 1, 2, 0]]",
            ),
            "{y} has 3 columns, one per class (one-hot), but the last layer gives 1",
            {"units": 3, "activation": "softmax"},
        ),
        (
            dict(
                units=1,
                activation="sigmoid",
                loss="sparse_categorical_crossentropy",
                y="np.array([0, 1, 1, 0])",
            ),
            'that is the job of loss="binary_crossentropy"',
            {"loss": "binary_crossentropy"},
        ),
    ],
)
def test_labels_that_do_not_go_with_the_loss_say_what_to_change(setup, words, fixed):
    # it was "The model outputs shape (None, 3), but y has shape (4, 3)", and
    # a list of losses to choose from; the labels are named as fit() is
    # given them, not as Keras's y
    _, problem = _run(_CLASSIFIER.format(**setup))
    assert problem.kind == "data" and problem.line == 3
    assert (
        f"The labels {setup['y']} do not go with the loss or the last layer"
    ) in problem.message
    assert words.replace("{y}", setup["y"]) in problem.message
    for key, value in fixed.items():
        assert f'{key}="{value}"' in problem.message or (
            f"layers.Dense({value}," in problem.message
        )
    _, problem = _run(_CLASSIFIER.format(**{**setup, **fixed}))
    assert problem is None, problem.message


# ---------------------------------------------------- making layers and models


@pytest.mark.parametrize(
    ("call", "fixed"),
    [
        (
            'layers.Dense(16)(inputs, activation="relu")',
            'layers.Dense(16, activation="relu")(inputs)',
        ),
        (
            "layers.Dense(4)(inputs, use_bias=False)",
            "layers.Dense(4, use_bias=False)(inputs)",
        ),
    ],
)
def test_a_setting_in_the_call_brackets_is_moved_to_the_first(call, fixed):
    # it was Python's "got an unexpected keyword argument 'activation'"
    source = f"inputs = keras.Input((8,))\nx = {call}\nmodel = keras.Model(inputs, x)\n"
    _, problem = _run(source)
    keyword = call.split("inputs, ")[1].split("=")[0]
    assert problem.line == 2
    assert f"{keyword} is a setting of" in problem.message
    assert "the first make the layer and hold its settings" in problem.message
    assert problem.message.endswith(f"Move {keyword} into the first:\n    x = {fixed}")
    _, problem = _run(source.replace(call, fixed))
    assert problem is None, problem.message


@pytest.mark.parametrize(
    ("layer", "words", "example"),
    [
        ("layers.Dense()", "layers.Dense needs units", "layers.Dense(16)"),
        (
            "layers.Conv2D()",
            "layers.Conv2D needs filters and kernel_size",
            "layers.Conv2D(8, 3)",
        ),
        ("layers.Conv2D(8)", "layers.Conv2D needs kernel_size", "layers.Conv2D(8, 3)"),
    ],
)
def test_a_layer_made_without_a_setting_it_needs_shows_one_with_it(
    layer, words, example
):
    source = f"model = keras.Sequential([keras.Input((8, 8, 1)), {layer}])"
    _, problem = _run(source)
    assert problem.line == 1 and words in problem.message
    assert f"Write it in the first brackets, for example {example}." in (
        problem.message
    )
    assert "__init__" not in problem.message
    _, problem = _run(source.replace(layer, example))
    assert problem is None, problem.message


def test_a_list_of_layers_given_to_keras_model_says_use_sequential():
    _, problem = _run("model = keras.Model([layers.Dense(4), layers.Dense(1)])")
    assert problem.line == 1
    assert "keras.Model(inputs, outputs) takes tensors" in problem.message
    assert "not a list of layers" in problem.message
    shown = problem.message.rsplit("\n    ", 1)[1]
    assert shown == (
        "model = keras.Sequential("
        "[keras.Input(shape=...), layers.Dense(4), layers.Dense(1)])"
    )
    p, problem = _run(shown.replace("shape=...", "shape=(8,)"))
    assert problem is None and p.model.count_params() == 36 + 5


# ----------------------------------------------- operators on tensors


@pytest.mark.parametrize(
    "line",
    ["x = x + inputs", "x = 2.0 * x", "x = keras.ops.relu(x) - inputs"],
)
def test_python_operators_on_tensors_build_in_the_playground(line):
    # x + inputs raised "KeyError: 'args'" in the playground only: the record
    # of the line that makes each layer hid Operation.__init__'s parameters
    # from the ops Keras makes for +, - and *
    p, problem = _run(
        "inputs = keras.Input((8,))\n"
        "x = layers.Dense(8)(inputs)\n"
        f"{line}\n"
        "model = keras.Model(inputs, x)\n"
    )
    assert problem is None, problem.message
    assert p.model.output_shape == (None, 8)
    assert p.other_code is not None or p.output_code.value


def test_an_output_kept_nowhere_is_named_with_the_line_to_write():
    # the model was shown without the last layer, and nothing said why
    source = (
        "inputs = keras.Input((8,))\n"
        "x = layers.Dense(16)(inputs)\n"
        "layers.Dense(1)(x)\n"
        "model = keras.Model(inputs, x)\n"
    )
    p, problem = _run(source)
    assert problem is None and len(p.notes) == 1
    assert "Layer 'dense_1' (Dense, line 3) is not part of the model" in p.notes[0]
    assert "Line 3 calls it but keeps its output nowhere" in p.notes[0]
    shown = "outputs = layers.Dense(1)(x)"
    assert shown in p.notes[0] and shown in _notes(p)
    fixed = source.replace("layers.Dense(1)(x)\n", shown + "\n")
    p, problem = _run(fixed.replace("(inputs, x)", "(inputs, outputs)"))
    assert problem is None and p.notes == [] and p.model.output_shape == (None, 1)


def test_a_layer_called_on_the_wrong_tensor_is_named():
    source = (
        "inputs = keras.Input((8,))\n"
        "x = layers.Dense(16)(inputs)\n"
        "x = layers.Dense(8)(inputs)\n"
        "outputs = layers.Dense(1)(x)\n"
        "model = keras.Model(inputs, outputs)\n"
    )
    p, problem = _run(source)
    assert problem is None and len(p.notes) == 1
    assert "Layer 'dense' (Dense, line 2) is not part of the model" in p.notes[0]
    assert "No layer of the model reads its output" in p.notes[0]
    assert "x = layers.Dense(8)(x), not on inputs" in p.notes[0]
    p, problem = _run(source.replace("Dense(8)(inputs)", "Dense(8)(x)"))
    assert problem is None and p.notes == [] and len(p.model.layers) == 4


def test_a_layer_never_used_is_named():
    p, problem = _run(
        "extra = layers.Dense(4)\n"
        "model = keras.Sequential([keras.Input((8,)), layers.Dense(1)])"
    )
    assert problem is None
    assert p.notes == [
        "Layer 'dense' (Dense, line 1) is not part of the model. Line 1 makes "
        "it, but it is never called on a tensor nor put in the list of "
        "keras.Sequential."
    ]


@pytest.mark.parametrize("call", ["keras.Model(inputs)", "keras.Model(inputs=inputs)"])
def test_keras_model_without_outputs_shows_the_last_output(call):
    # it was "Layer.__init__() takes 1 positional argument but 2 were given",
    # or "keras.Model has no setting called `inputs` (did you mean `inputs`?)"
    source = (
        "inputs = keras.Input((8,))\n"
        "hidden = layers.Dense(4)(inputs)\n"
        "scores = layers.Dense(2)(hidden)\n"
        f"model = {call}\n"
    )
    _, problem = _run(source)
    assert problem.line == 4
    assert "keras.Model needs the outputs too" in problem.message
    assert "did you mean" not in problem.message
    shown = "model = keras.Model(inputs=inputs, outputs=scores)"
    assert problem.message.endswith(f"\n    {shown}")
    p, problem = _run(source.replace(f"model = {call}", shown))
    assert problem is None and p.model.output_shape == (None, 2)


@pytest.mark.parametrize(
    ("merge", "line"),
    [("Add", 4), ("Concatenate", 5), ("Multiply", 4)],
)
def test_tensors_in_the_brackets_that_make_a_merge_layer_are_moved(merge, line):
    # Add([a, b]) was Python's "Merge.__init__() takes 1 positional argument";
    # Concatenate([a, b]) (taken as axis) was told to write
    # layers.Concatenate([a, b])(b)
    source = (
        "inputs = keras.Input((8,))\n"
        "a = layers.Dense(4)(inputs)\n"
        "b = layers.Dense(4)(inputs)\n"
        f"x = layers.{merge}([a, b])\n"
        "model = keras.Model(inputs, x)\n"
    )
    _, problem = _run(source)
    assert problem.line == line
    assert "The tensors went into the brackets that make the layer" in (problem.message)
    fixed = f"x = layers.{merge}()([a, b])"
    assert f"\n    {fixed}" in problem.message
    assert "__init__" not in problem.message and "([a, b])(b)" not in problem.message
    p, problem = _run(source.replace(f"x = layers.{merge}([a, b])", fixed))
    assert problem is None, problem.message


@pytest.mark.parametrize("then", ["model.add(keras.Input((8,)))", "model.summary()"])
def test_keras_sequential_without_brackets_says_add_them(then):
    # it was "Sequential.add() missing 1 required positional argument: 'layer'"
    source = f"model = keras.Sequential\n{then}\nmodel.add(layers.Dense(4))\n"
    _, problem = _run(source)
    assert problem.line == 2
    assert "model is keras.Sequential itself, the kind of model, not a model" in (
        problem.message
    )
    assert "Line 1 has no brackets after keras.Sequential" in problem.message
    assert problem.message.endswith("\n    model = keras.Sequential()")
    p, problem = _run(
        "model = keras.Sequential()\n"
        "model.add(keras.Input((8,)))\n"
        "model.add(layers.Dense(4))\n"
    )
    assert problem is None and p.model.count_params() == 36


def test_keras_input_without_brackets_says_give_it_a_shape():
    # it was "was called on a function, not on a tensor", with an example
    # about a layer's options
    source = (
        "inputs = keras.Input\n"
        "x = layers.Dense(4)(inputs)\n"
        "model = keras.Model(inputs, x)\n"
    )
    _, problem = _run(source)
    assert problem.line == 2
    assert "was called on keras.Input itself, the function" in problem.message
    shown = "inputs = keras.Input(shape=(8,))"
    assert problem.message.endswith(f"\n    {shown}")
    p, problem = _run(source.replace("inputs = keras.Input\n", shown + "\n"))
    assert problem is None and p.model.count_params() == 36


def test_labels_written_as_text_say_turn_them_into_numbers():
    # it was Python's "Invalid dtype: str96"
    source = (
        "model = keras.Sequential("
        '[keras.Input((8,)), layers.Dense(2, activation="softmax")])\n'
        'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")\n'
        'x, y = np.zeros((4, 8)), np.array(["cat", "dog", "cat", "dog"])\n'
        "model.fit(x, y, epochs=1, verbose=0)\n"
    )
    _, problem = _run(source)
    assert problem.kind == "data" and problem.line == 4
    assert "y holds text ('cat', 'dog'), but a model learns from numbers" in (
        problem.message
    )
    shown = "classes, y = np.unique(y, return_inverse=True)"
    assert f"\n    {shown}\n" in problem.message
    lines = source.splitlines()
    lines.insert(3, shown)
    p, problem = _run("\n".join(lines))
    assert problem is None, problem.message


def test_compile_without_a_loss_shows_the_compile_line():
    # it was Keras's "No loss to compute. Provide a `loss` argument"
    source = (
        "model = keras.Sequential([keras.Input((8,)), layers.Dense(1)])\n"
        'model.compile(optimizer="adam")\n'
        "model.fit(np.zeros((4, 8)), np.zeros((4, 1)), verbose=0)\n"
    )
    _, problem = _run(source)
    assert problem.line == 3
    assert "but its compile() gave no loss" in problem.message
    shown = 'model.compile(optimizer="adam", loss="mse")'
    assert problem.message.endswith(f"\n    {shown}")
    _, problem = _run(source.replace('model.compile(optimizer="adam")', shown))
    assert problem is None


# ------------------------------------------------------------------ imports


@pytest.mark.parametrize(
    ("imported", "words", "fixed"),
    [
        (
            "from keras.layers.core import Dense, Dropout",
            "Keras 3 has no module keras.layers.core",
            "from keras.layers import Dense, Dropout",
        ),
        (
            "from keras.layers.convolutional import Dense",
            "That import is from Keras 2, which older tutorials use",
            "from keras.layers import Dense",
        ),
        (
            "from keras.layers import dense as Dense",
            "Capitals matter in Python names (dense is Dense)",
            "from keras.layers import Dense",
        ),
    ],
)
def test_an_import_from_keras_2_shows_where_keras_3_keeps_the_name(
    imported, words, fixed
):
    # it was "Your code raised ModuleNotFoundError ... No module named
    # 'keras.layers.core'", or "cannot import name" with a site-packages path
    source = f"{imported}\nmodel = keras.Sequential([keras.Input((8,)), Dense(1)])\n"
    _, problem = _run(source)
    assert problem.line == 1 and words in problem.message
    assert problem.message.endswith(f"\n    {fixed}")
    assert "site-packages" not in problem.message
    p, problem = _run(source.replace(imported, fixed))
    assert problem is None and p.model.count_params() == 9


def test_np_utils_says_where_to_categorical_is_now():
    _, problem = _run("from keras.utils import np_utils")
    assert "keras.utils has no np_utils" in problem.message
    assert "keras.utils.to_categorical" in problem.message


def test_a_module_not_installed_says_the_playground_does_not_need_it():
    _, problem = _run("import torchvision\nmodel = None")
    assert problem.line == 1
    assert "Python cannot find a module called torchvision" in problem.message
    assert "keras, layers and np are ready to use" in problem.message
    _, problem = _run("import tensorflwo as tf")
    assert "Did you mean tensorflow?" in problem.message


@pytest.mark.parametrize(
    ("line", "fixed"),
    [
        (
            'model.compile(optimizer=keras.optimizers.Adam(lr=0.01), loss="mse")',
            "model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), "
            'loss="mse")',
        ),
        (
            "model.fit(x, y, nb_epoch=2, verbose=0)",
            "model.fit(x, y, epochs=2, verbose=0)",
        ),
        (
            'model.add(layers.Dense(output_dim=2, init="uniform"))',
            'model.add(layers.Dense(units=2, kernel_initializer="uniform"))',
        ),
    ],
)
def test_a_setting_named_as_older_keras_did_shows_the_keras_3_name(line, fixed):
    # it was "Argument(s) not recognized: {'lr': 0.01}", or Python's
    # "unexpected keyword argument 'nb_epoch'", or "missing 1 required
    # positional argument: 'units'"
    source = (
        "model = keras.Sequential([keras.Input((8,)), layers.Dense(1)])\n"
        'model.compile(optimizer="adam", loss="mse")\n'
        "x, y = np.zeros((4, 8)), np.zeros((4, 1))\n"
    )
    _, problem = _run(source + line)
    assert problem.line == 4
    assert "older versions of Keras gave th" in (problem.message)
    assert problem.message.endswith(f"Write:\n    {fixed}")


def test_older_keras_names_each_fixed_build():
    _, problem = _run(
        "model = keras.Sequential([keras.Input((8, 8, 1)), "
        'layers.Conv2D(4, 3, border_mode="same")])'
    )
    assert "Keras 3 calls it padding=" in problem.message
    fixed = problem.message.rsplit("\n    ", 1)[1]
    p, problem = _run(fixed)
    assert problem is None and p.model.output_shape == (None, 8, 8, 4)
    source = (
        "model = keras.Sequential([keras.Input((8,)), layers.Dense(1)])\n"
        "model.compile(\n"
        '    optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse"\n'
        ")\n"
        "model.fit(np.zeros((4, 8)), np.zeros((4, 1)), epochs=2, verbose=0)\n"
    )
    _, problem = _run(source)
    assert problem is None


def test_the_optimizer_type_for_an_optimizer_says_add_brackets():
    # it was 'Keras knows no optimizer called "<class
    # 'keras.src.optimizers.adam.Adam'>"'
    source = (
        "model = keras.Sequential([keras.Input((8,)), layers.Dense(1)])\n"
        'model.compile(optimizer=keras.optimizers.Adam, loss="mse")\n'
        "model.fit(np.zeros((4, 8)), np.zeros((4, 1)), verbose=0)\n"
    )
    _, problem = _run(source)
    assert problem.line == 2
    assert "keras.optimizers.Adam is the type of optimizer, not an optimizer" in (
        problem.message
    )
    assert 'optimizer="adam"' in problem.message
    assert "<class" not in problem.message
    fixed = problem.message.rsplit("\n    ", 1)[1]
    assert fixed == 'model.compile(optimizer=keras.optimizers.Adam(), loss="mse")'
    _, problem = _run(source.replace(source.splitlines()[1], fixed))
    assert problem is None


def test_data_as_python_lists_is_wrapped_in_np_array():
    # it was "Unrecognized data type: x=[[0, 1], [1, 0]] (of type <class 'list'>)"
    source = (
        "model = keras.Sequential([keras.Input((2,)), layers.Dense(1)])\n"
        'model.compile(optimizer="adam", loss="mse")\n'
        "model.fit([[0, 1], [1, 0]], [1, 0], verbose=0)\n"
    )
    _, problem = _run(source)
    assert problem.line == 3
    assert "x and y are Python lists, and Keras takes arrays" in problem.message
    fixed = "model.fit(np.array([[0, 1], [1, 0]]), np.array([1, 0]), verbose=0)"
    assert problem.message.endswith(f"\n    {fixed}")
    _, problem = _run(source.replace(source.splitlines()[2], fixed))
    assert problem is None


@pytest.mark.parametrize(
    ("before", "target", "words", "fixed"),
    [
        ("", "(10, 10)", "it receives 784, its target holds 100", "(28, 28)"),
        ("layers.Dense(30), ", "(7, 5)", "for example (-1, 5)", "(-1, 5)"),
    ],
)
def test_a_reshape_that_changes_the_size_says_how_many_numbers(
    before, target, words, fixed
):
    # it was "The shapes (784,) and (10, 10) do not fit together ... Check the
    # output shape of the layer(s) that feed it"
    width = 784 if not before else 100
    source = (
        f"model = keras.Sequential([keras.Input(({width},)), {before}"
        f"layers.Reshape({target})])"
    )
    _, problem = _run(source)
    assert problem.kind == "shape" and problem.layer == "reshape"
    assert "a Reshape must keep every number of a sample" in problem.message
    assert words in problem.message
    assert "Check the output shape" not in problem.message
    p, problem = _run(source.replace(target, fixed))
    assert problem is None, problem.message


@pytest.mark.parametrize("method", ["fit", "evaluate"])
def test_fit_or_evaluate_without_labels_shows_where_y_goes(method):
    # it was "Python says: None values not supported."
    source = (
        "model = keras.Sequential([keras.Input((8,)), layers.Dense(1)])\n"
        'model.compile(optimizer="adam", loss="mse")\n'
        "x, y = np.zeros((4, 8)), np.zeros((4, 1))\n"
        f"model.{method}(x, verbose=0)\n"
    )
    _, problem = _run(source)
    assert problem.kind == "data" and problem.line == 4
    assert f"model.{method}() got the data x but no labels y" in problem.message
    fixed = f"model.{method}(x, y, verbose=0)"
    assert f"with your labels in y:\n    {fixed}" in problem.message
    assert ("model.predict(x)" in problem.message) is (method == "evaluate")
    _, problem = _run(source.replace(f"model.{method}(x, verbose=0)", fixed))
    assert problem is None


def test_fit_without_labels_over_several_lines_shows_the_whole_call():
    # the fix was read from "model.fit(" alone: advice in words only
    source = (
        "model = keras.Sequential([keras.Input((8,)), layers.Dense(1)])\n"
        'model.compile(optimizer="adam", loss="mse")\n'
        "x, y = np.zeros((4, 8)), np.zeros((4, 1))\n"
        "model.fit(\n    x,\n    epochs=1, verbose=0)\n"
    )
    _, problem = _run(source)
    assert "model.fit() got the data x but no labels y" in problem.message
    _plain(problem.message)
    fixed = _shown_lines(problem.message, "with your labels in y:")
    assert fixed == ["model.fit(", "    x, y,", "    epochs=1, verbose=0)"]
    p = _works(_replaced(source, (4, 6), *fixed))
    assert p.result.fits[0].arguments["y"] is p.result.namespace["y"]


def test_two_layers_given_to_one_add_say_one_add_each():
    # model.add(a, b) takes b as its rebuild setting: b was silently left out
    source = (
        "model = keras.Sequential([keras.Input((8,))])\n"
        "model.add(layers.Dense(4), layers.Dense(2))\n"
    )
    p, problem = _run(source)
    assert problem is None and len(p.model.layers) == 1
    assert len(p.notes) == 1
    assert "Layer 'dense_1' (Dense, line 2) is not part of the model" in p.notes[0]
    assert "model.add() takes one layer at a time" in p.notes[0]
    p, problem = _run(
        source.replace(
            "model.add(layers.Dense(4), layers.Dense(2))",
            "model.add(layers.Dense(4))\nmodel.add(layers.Dense(2))",
        )
    )
    assert problem is None and p.notes == [] and len(p.model.layers) == 2


# ------------------------------------------------------ numbers in quotes

_COMPILED = (
    "x = np.zeros((8, 4))\n"
    "y = np.zeros(8)\n"
    "model = keras.Sequential([keras.Input((4,)), layers.Dense(1)])\n"
    'model.compile("adam", "mse")\n'
)


@pytest.mark.parametrize(
    ("call", "shown", "wants", "fixed"),
    [
        # Python said only "'str' object cannot be interpreted as an integer"
        (
            "model.fit(x, y, epochs='2', verbose=0)",
            "epochs='2' is text",
            "epochs wants a whole number. Write epochs=2",
            "model.fit(x, y, epochs=2, verbose=0)",
        ),
        # ... or "unsupported operand type(s) for /: 'int' and 'str'"
        (
            'model.fit(x, y, batch_size="32", verbose=0)',
            'batch_size="32" is text',
            "batch_size wants a whole number. Write batch_size=32",
            "model.fit(x, y, batch_size=32, verbose=0)",
        ),
        (
            "model.evaluate(x, y, batch_size='4', verbose=0)",
            "batch_size='4' is text",
            "batch_size wants a whole number. Write batch_size=4",
            "model.evaluate(x, y, batch_size=4, verbose=0)",
        ),
        (
            "model.fit(x, y, epochs='2', batch_size='4', verbose=0)",
            "epochs='2' and batch_size='4' are text",
            "epochs and batch_size want whole numbers. Write epochs=2 and batch_size=4",
            "model.fit(x, y, epochs=2, batch_size=4, verbose=0)",
        ),
    ],
)
def test_a_number_in_quotes_given_to_fit_says_it_is_text(call, shown, wants, fixed):
    source = _COMPILED + call
    _, problem = _run(source)
    assert problem.line == 5
    assert f"{shown} (a str, because of the quotes) on line 5" in problem.message
    assert problem.message.endswith(f"{wants}, without the quotes:\n    {fixed}")
    # Python's "'str' object cannot be interpreted as an integer" says no more
    assert "Python says" not in problem.message
    _, problem = _run(_fix_line(source, problem.message, 5, "without the quotes:"))
    assert problem is None, problem.message


def test_a_number_in_quotes_in_a_call_over_several_lines_shows_the_whole_call():
    # the line of the setting is named; the whole call is shown fixed, not
    # "epochs=2," alone (a piece of a call)
    source = (
        _COMPILED + "model.fit(\n    x,\n    y,\n    epochs='2',\n    verbose=0,\n)"
    )
    _, problem = _run(source)
    assert problem.line == 8
    assert "epochs='2' is text (a str, because of the quotes) on line 8" in (
        problem.message
    )
    fixed = _shown_lines(problem.message, "without the quotes:")
    assert fixed == [
        "model.fit(",
        "    x,",
        "    y,",
        "    epochs=2,",
        "    verbose=0,",
        ")",
    ]
    _works(_replaced(source, (5, 10), *fixed))


@pytest.mark.parametrize(
    ("call", "wants", "fixed"),
    [
        # epochs=2.5, as the note said before, fails as well
        (
            "model.fit(x, y, epochs='2.5', verbose=0)",
            "epochs wants a whole number, and 2.5 is not one. Write epochs=2 or "
            "epochs=3",
            "model.fit(x, y, epochs=2, verbose=0)",
        ),
        (
            "model.fit(x, y, epochs='0.5', verbose=0)",
            "epochs wants a whole number, and 0.5 is not one. Write epochs=1,",
            "model.fit(x, y, epochs=1, verbose=0)",
        ),
        (
            "model.fit(x, y, epochs='2.5', batch_size='4', verbose=0)",
            "epochs and batch_size want whole numbers, and 2.5 is not one. "
            "Write epochs=2 (or epochs=3) and batch_size=4",
            "model.fit(x, y, epochs=2, batch_size=4, verbose=0)",
        ),
    ],
)
def test_a_quoted_number_that_must_be_whole_gets_a_whole_number(call, wants, fixed):
    source = _COMPILED + call
    _, problem = _run(source)
    assert problem.line == 5
    assert wants in problem.message
    assert problem.message.endswith(f"without the quotes:\n    {fixed}")
    _, problem = _run(_fix_line(source, problem.message, 5, "without the quotes:"))
    assert problem is None, problem.message
    # the number as written, only unquoted, fails too: the reason for a
    # whole number
    _, problem = _run(_COMPILED + call.replace("'", ""))
    assert problem is not None


def test_a_quoted_number_where_a_fraction_is_fine_keeps_its_fraction():
    source = "model = keras.Sequential([keras.Input((4,)), layers.Dropout('0.5')])"
    _, problem = _run(source)
    assert "rate wants a number. Write 0.5, without the quotes" in problem.message
    assert "whole" not in problem.message


@pytest.mark.parametrize(
    ("layer", "shown", "wants"),
    [
        # Keras said "Received: units=64", as if 64 were wrong
        ("layers.Dense('64')", "'64' (units) is text", "units wants a whole number"),
        (
            "layers.Dense(units='64')",
            "units='64' is text",
            "units wants a whole number",
        ),
        # Python said "'<=' not supported between instances of 'int' and 'str'"
        ("layers.Dropout('0.5')", "'0.5' (rate) is text", "rate wants a number"),
        ("layers.LSTM('8')", "'8' (units) is text", "units wants a whole number"),
        # Keras said "must be a tuple of 2 integers. Received kernel_size=3"
        (
            "layers.Conv2D(8, kernel_size='3')",
            "kernel_size='3' is text",
            "kernel_size wants a whole number",
        ),
    ],
)
def test_a_number_in_quotes_given_to_a_layer_says_it_is_text(layer, shown, wants):
    shapes = {"Conv2D": "(8, 8, 1)", "LSTM": "(5, 4)"}
    shape = next((s for name, s in shapes.items() if name in layer), "(4,)")
    source = (
        "model = keras.Sequential([\n"
        f"    keras.Input({shape}),\n"
        f"    {layer},\n"
        "    layers.Flatten(),\n"
        "    layers.Dense(1),\n"
        "])\n"
    )
    _, problem = _run(source)
    assert problem.line == 3
    assert f"{shown} (a str, because of the quotes) on line 3" in problem.message
    assert f"{wants}. Write " in problem.message
    _, problem = _run(_fix_line(source, problem.message, 3, "without the quotes:"))
    assert problem is None, problem.message


def test_a_quoted_learning_rate_shows_the_compile_line_without_quotes():
    source = _COMPILED.replace(
        'model.compile("adam", "mse")',
        'model.compile(keras.optimizers.Adam(learning_rate="0.01"), "mse")',
    )
    _, problem = _run(source)
    assert problem.line == 4
    assert 'learning_rate="0.01" is text (a str, because of the quotes)' in (
        problem.message
    )
    assert "Write learning_rate=0.01, without the quotes" in problem.message
    _, problem = _run(_fix_line(source, problem.message, 4, "without the quotes:"))
    assert problem is None, problem.message


@pytest.mark.parametrize(
    "layer",
    [
        "layers.Dense('sixty')",  # text that is no number
        "layers.Dense(4, name='7'), layers.Dense('x')",  # a name is text anyway
    ],
)
def test_text_that_is_no_number_is_not_called_a_number_in_quotes(layer):
    _, problem = _run(f"model = keras.Sequential([keras.Input((4,)), {layer}])")
    assert problem is not None
    assert "because of the quotes" not in problem.message


# ---------------------------------------- a convolution written Keras 1's way


def _written_fixes(note: str) -> list[str]:
    """The calls the note proposes, as the student would write them: for
    the kernel it may mean, then for the strides it makes."""
    proposed = note.split("to make that clear: ", 1)[1]
    meant, kernel = proposed.rstrip(".").split(". For ", 1)
    return [*kernel.split(", write ", 1)[1].split(" or "), meant]


@pytest.mark.parametrize(
    ("call", "words", "shapes"),
    [
        (
            "layers.Conv2D(32, 3, 3)",
            [
                "Layer 'conv2d' (Conv2D, line 3) takes strides=3 from its third "
                "argument: in Keras 3 the third argument of layers.Conv2D is "
                "strides (in Keras 1, Convolution2D(32, 3, 3) was a 3x3 kernel)",
                "each side of the output is about 3 times smaller than the "
                "input's: (None, 28, 28, 1) becomes (None, 9, 9, 32)",
                "If you meant strides=3, write it by name to make that clear: "
                "layers.Conv2D(32, 3, strides=3). For a 3x3 kernel that moves 1 "
                "step at a time, write layers.Conv2D(32, 3) or "
                "layers.Conv2D(32, (3, 3)).",
            ],
            [(None, 26, 26, 32), (None, 26, 26, 32), (None, 9, 9, 32)],
        ),
        # Keras 1's own name, a setting after the strides: it moves to a keyword
        (
            'layers.Convolution2D(32, 5, 5, "same")',
            [
                "For a 5x5 kernel that moves 1 step at a time, write "
                'layers.Convolution2D(32, 5, padding="same")'
            ],
            [(None, 28, 28, 32), (None, 28, 28, 32), (None, 6, 6, 32)],
        ),
        (
            "layers.Conv2D(16, 1, 7)",
            [
                "(in Keras 1, Convolution2D(16, 1, 7) was a 1x7 kernel)",
                "For a 1x7 kernel, write layers.Conv2D(16, (1, 7))",
            ],
            [(None, 28, 22, 16), (None, 4, 4, 16)],
        ),
        # a depthwise convolution has no filters: the strides come second
        (
            "layers.DepthwiseConv2D(3, 3)",
            [
                "takes strides=3 from its second argument",
                "layers.DepthwiseConv2D(3) or layers.DepthwiseConv2D((3, 3))",
            ],
            [(None, 26, 26, 1), (None, 26, 26, 1), (None, 9, 9, 1)],
        ),
        (
            "layers.Conv2DTranspose(4, 3, 2)",
            ["each side of the output is about 2 times larger than the input's"],
            [(None, 30, 29, 4), (None, 57, 57, 4)],
        ),
    ],
)
def test_a_convolution_given_strides_in_the_kernel_s_place_gets_a_note(
    call, words, shapes
):
    # Keras 1's Convolution2D(32, 3, 3) was a 3x3 kernel: Keras 3 builds it
    # without a word, with strides=3
    source = "model = keras.Sequential([\n    keras.Input((28, 28, 1)),\n"
    source += f"    {call},\n])\n"
    p, problem = _run(source)
    assert problem is None and len(p.notes) == 1
    for word in words:
        assert word in p.notes[0]
        assert word in _notes(p)
    fixes = _written_fixes(p.notes[0])
    assert len(fixes) == len(shapes)
    for fix, shape in zip(fixes, shapes):
        p, problem = _run(source.replace(call, fix))
        assert problem is None and p.notes == [], (fix, p.notes)
        assert p.model.output_shape == shape, fix


@pytest.mark.parametrize(
    "call",
    [
        "layers.Conv2D(32, 3, strides=3)",
        "layers.Conv2D(32, (3, 3), 2)",  # a kernel of two sides: strides meant
        "layers.Conv2D(32, 3, 1)",  # the same layer either way
        "layers.Conv2D(32, 3)",
    ],
)
def test_strides_written_on_purpose_get_no_note(call):
    p, problem = _run(f"model = keras.Sequential([keras.Input((28, 28, 1)), {call}])")
    assert problem is None and p.notes == [], p.notes


def test_strides_by_place_written_on_purpose_are_not_called_a_mistake():
    # Conv2D(64, 3, 2) is Keras 2's (and Keras 3's) way to write strides=2
    call = "layers.Conv2D(64, 3, 2)"
    source = f"model = keras.Sequential([keras.Input((28, 28, 1)), {call}])"
    p, problem = _run(source)
    assert problem is None and len(p.notes) == 1
    note = p.notes[0]
    assert "takes strides=2 from its third argument" in note
    assert (
        "If you meant strides=2, write it by name to make that clear: "
        "layers.Conv2D(64, 3, strides=2)." in note
    )
    assert "not the kernel's second side" not in note and "mistake" not in note
    p, problem = _run(source.replace(call, "layers.Conv2D(64, 3, strides=2)"))
    assert problem is None and p.notes == []
    assert p.model.output_shape == (None, 13, 13, 64)


@pytest.mark.parametrize(
    ("layer", "words", "fixes"),
    [
        # Python said only "'int' object has no attribute 'lower'"
        (
            "layers.DepthwiseConv2D(3, 3, 3)",
            [
                "layers.DepthwiseConv2D(3, 3, 3) gives padding=3 on line 3",
                "The third argument of DepthwiseConv2D is padding, which is text, "
                '"valid" (the default) or "same", not a number.',
                "DepthwiseConv2D takes its arguments in this order: "
                "DepthwiseConv2D(kernel_size, strides, padding, ...), so your "
                "call reads as DepthwiseConv2D(kernel_size=3, strides=3, "
                "padding=3).",
                "Leave 3 out and write each setting after kernel_size with its name",
                "Python says: 'int' object has no attribute 'lower'",
            ],
            [
                "layers.DepthwiseConv2D(3, strides=3)",
                'layers.DepthwiseConv2D(3, strides=3, padding="same")',
            ],
        ),
        (
            "layers.Conv2D(8, 3, 1, 3)",
            ["The fourth argument of Conv2D is padding"],
            [
                "layers.Conv2D(8, 3, strides=1)",
                'layers.Conv2D(8, 3, strides=1, padding="same")',
            ],
        ),
        (
            "layers.MaxPooling2D(2, 2, 3)",
            ["The third argument of MaxPooling2D is padding"],
            [
                "layers.MaxPooling2D(2, strides=2)",
                'layers.MaxPooling2D(2, strides=2, padding="same")',
            ],
        ),
        (
            "layers.Conv2D(8, 3, 1, 'same', 2)",
            [
                "gives data_format=2",
                'data_format, which is text, "channels_last" or "channels_first"',
            ],
            [
                "layers.Conv2D(8, 3, strides=1, padding='same')",
                "layers.Conv2D(8, 3, strides=1, padding='same', "
                'data_format="channels_last")',
            ],
        ),
        # Keras said "Could not interpret activation function identifier: 3"
        (
            "layers.Dense(4, 3)",
            [
                "The second argument of Dense is activation, which is text, the "
                'name of an activation function, such as "relu", not a number.',
                "your call reads as Dense(units=4, activation=3)",
            ],
            ["layers.Dense(4)", 'layers.Dense(4, activation="relu")'],
        ),
        (
            "layers.Activation(3)",
            ["Write activation as text, for example:"],
            ['layers.Activation(activation="relu")'],
        ),
    ],
)
def test_a_number_given_by_its_place_to_a_text_setting_names_the_setting(
    layer, words, fixes
):
    shape = "(8,)" if "Dense" in layer else "(28, 28, 1)"
    source = (
        f"model = keras.Sequential([\n    keras.Input({shape}),\n    {layer},\n])\n"
    )
    _, problem = _run(source)
    assert problem.line == 3
    for word in words:
        assert word in problem.message
    for fix in fixes:  # each call the message proposes builds, with no note
        assert fix in problem.message
        p, fixed = _run(source.replace(layer, fix))
        assert fixed is None and p.notes == [], (fix, fixed and fixed.message)


@pytest.mark.parametrize(
    "layer",
    [
        # ZeroPadding2D's padding is a number: the data_format is wrong
        "layers.ZeroPadding2D(1, data_format=5)",
        "layers.Conv2D(8, 3, padding=3)",  # by name: Keras's words say it
    ],
)
def test_a_number_on_a_setting_by_its_name_or_for_numbers_is_not_by_place(layer):
    _, problem = _run(f"model = keras.Sequential([keras.Input((28, 28, 1)), {layer}])")
    assert problem is not None
    assert "argument of" not in problem.message
    assert "takes its arguments in this order" not in problem.message


def test_a_convolution_in_a_loop_gets_one_note():
    source = (
        "inputs = keras.Input((28, 28, 1))\n"
        "x = inputs\n"
        "for n in range(2):\n"
        "    x = layers.Conv2D(8, 3, 2)(x)\n"
        "model = keras.Model(inputs, x)\n"
    )
    p, problem = _run(source)
    assert problem is None and len(p.notes) == 1
    assert "Layer 'conv2d' (Conv2D, line 4) takes strides=2" in p.notes[0]


# ------------------------------------------------ print(model.summary())


def test_print_of_summary_says_summary_prints_itself():
    # the table, then None: print() shows what summary() returns
    source = (
        "model = keras.Sequential([keras.Input((8,)), layers.Dense(1)])\n"
        "print(model.summary())\n"
    )
    p, problem = _run(source)
    assert problem is None
    assert p.result.printed.splitlines()[-1] == "None"
    assert p.notes == [
        "Line 2 prints model.summary(), and the None under the table (see "
        "Printed) comes from there: summary() prints the table itself and "
        "returns None, which print() then shows. Write model.summary() alone, "
        "without print()."
    ]
    assert "summary() prints the table itself" in _notes(p)
    fix = p.notes[0].split("Write ")[1].split(" alone")[0]
    p, problem = _run(source.replace("print(model.summary())", fix))
    assert problem is None and p.notes == []
    assert "Total params" in p.result.printed
    assert "None" not in p.result.printed.splitlines()


# ------------------------------------ layers used on data, outside a model

_SMALL_MODEL = (
    "model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3)])\n"
    'model.compile(optimizer="adam", loss="mse")\n'
)


@pytest.mark.parametrize(
    "steps",
    [
        # a preprocessing layer adapted and called on the data before fit
        "norm = layers.Normalization()\nnorm.adapt(x)\nx = norm(x)\n",
        "x = layers.Rescaling(1 / 8.0)(x)\n",
        # a layer tried out on an array, to see its output and weights
        "demo = layers.Dense(3)\nprint(demo(np.ones((2, 4))).shape)\n",
        # a layer inside tf.data's map, as Keras's guides do augmentation
        "import tensorflow as tf\nshift = layers.GaussianNoise(0.1)\n"
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(8)\n"
        "ds = ds.map(lambda a, b: (shift(a, training=True), b))\n",
    ],
    ids=["adapted", "rescaled", "demo", "tf-data"],
)
def test_a_layer_used_on_data_outside_the_model_gets_no_unused_note(steps):
    source = (
        "x, y = np.random.rand(16, 4).astype('float32'), np.random.rand(16, 3)\n"
        + steps
        + _SMALL_MODEL
        + "model.fit(x, y, epochs=1, verbose=0)\n"
    )
    p, problem = _run(source)
    assert problem is None, problem.message
    assert not [n for n in p.notes if "not part of the model" in n], p.notes


def test_a_layer_called_on_a_models_tensors_but_left_out_still_gets_the_note():
    source = (
        "inputs = keras.Input(shape=(4,))\n"
        "h = layers.Dense(8)(inputs)\n"
        "outputs = layers.Dense(3)(inputs)\n"
        "model = keras.Model(inputs, outputs)\n"
    )
    p, problem = _run(source)
    assert problem is None
    assert any(
        n.startswith("Layer 'dense' (Dense, line 2) is not part of the model")
        for n in p.notes
    ), p.notes
