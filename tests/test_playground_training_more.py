"""More of the playground's words for training code: ``fit``'s settings
written almost right (``validation_data=(x_test)``, ``epochs=1e2/10``),
``.add()`` used the wrong way, and notes on training that runs but does
not learn what was meant (see tests/test_playground_training.py for the
rest).

Where a message or a note shows a line, putting that line in the code
works.
"""

from __future__ import annotations

from _playground import _plain, _replaced, _run, _shown, _works

_MODEL = (
    "import numpy as np\n"
    "model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(1)])\n"
    'model.compile(optimizer="adam", loss="mse")\n'
)


# ------------------------------------------- validation_data=(x_test)


def test_validation_data_of_one_array_shows_the_students_labels():
    source = _MODEL + (
        "x_train, y_train = np.zeros((8, 4)), np.zeros((8, 1))\n"
        "x_test, y_test = np.zeros((3, 4)), np.zeros((3, 1))\n"
        "model.fit(x_train, y_train, validation_data=(x_test), verbose=0)\n"
    )
    _, problem = _run(source)
    assert problem.line == 6
    _plain(problem.message)
    fixed = _shown(problem.message, "after a comma:")
    assert fixed == (
        "model.fit(x_train, y_train, validation_data=(x_test, y_test), verbose=0)"
    )
    assert "standing for" not in problem.message
    _works(_replaced(source, 6, fixed))


def test_validation_data_labels_of_another_length_are_not_offered():
    # y_test holds labels for another number of samples: not x_test's
    source = _MODEL + (
        "x_train, y_train = np.zeros((8, 4)), np.zeros((8, 1))\n"
        "x_test, y_test = np.zeros((3, 4)), np.zeros((5, 1))\n"
        "model.fit(x_train, y_train, validation_data=(x_test), verbose=0)\n"
    )
    _, problem = _run(source)
    fixed = _shown(problem.message, "after a comma:")
    assert "validation_data=(x_test, y_val)" in fixed
    assert "with y_val standing for the labels of x_test's samples." in (
        problem.message
    )


def test_validation_data_without_matching_labels_says_what_y_val_is():
    source = _MODEL + (
        "features, labels = np.zeros((8, 4)), np.zeros((8, 1))\n"
        "held_out = np.zeros((3, 4))\n"
        "model.fit(features, labels, validation_data=(held_out), verbose=0)\n"
    )
    _, problem = _run(source)
    _plain(problem.message)
    fixed = _shown(problem.message, "after a comma:")
    assert "validation_data=(held_out, y_val)" in fixed
    assert "with y_val standing for the labels of held_out's samples." in (
        problem.message
    )


# ------------------------------------------------------- .add() the wrong way


def test_add_on_a_functional_model_shows_the_students_layer_and_tensors():
    source = (
        "inputs = keras.Input(shape=(4,))\n"
        'x = layers.Dense(16, activation="relu")(inputs)\n'
        "model = keras.Model(inputs, x)\n"
        'model.add(layers.Dense(3, activation="softmax"))\n'
    )
    _, problem = _run(source)
    assert problem.line == 4
    _plain(problem.message)
    assert "Only keras.Sequential models have .add()" in problem.message
    first = _shown(problem.message, "call it on the outputs and build the model again:")
    assert first == 'outputs = layers.Dense(3, activation="softmax")(x)'
    assert "    model = keras.Model(inputs, outputs)\n" in problem.message
    fixed = _replaced(source, 4, first, "model = keras.Model(inputs, outputs)")
    model = _works(fixed).model
    assert model.output_shape == (None, 3)


def test_add_on_a_functional_model_of_two_inputs_lists_them():
    source = (
        "a = keras.Input(shape=(4,))\n"
        "b = keras.Input(shape=(2,))\n"
        "merged = layers.Concatenate()([a, b])\n"
        "net = keras.Model([a, b], merged)\n"
        "net.add(layers.Dense(1))\n"
    )
    _, problem = _run(source)
    assert "    outputs = layers.Dense(1)(merged)\n" in problem.message
    assert "    net = keras.Model([a, b], outputs)\n" in problem.message
    fixed = _replaced(
        source,
        5,
        "outputs = layers.Dense(1)(merged)",
        "net = keras.Model([a, b], outputs)",
    )
    assert _works(fixed).model.output_shape == (None, 1)


def test_add_of_a_list_says_one_layer_per_call():
    source = (
        "model = keras.Sequential()\n"
        "model.add(keras.Input(shape=(4,)))\n"
        'model.add([layers.Dense(16, activation="relu"), layers.Dense(3)])\n'
    )
    _, problem = _run(source)
    assert problem.line == 3
    _plain(problem.message)
    assert ".add() takes one layer per call" in problem.message
    assert "a list of 2 layers on line 3" in problem.message
    assert "keras.Sequential takes layers" not in problem.message
    first = _shown(problem.message, "Call .add() once for each layer, in order:")
    assert first == 'model.add(layers.Dense(16, activation="relu"))'
    assert "\n    model.add(layers.Dense(3))" in problem.message
    fixed = _replaced(source, 3, first, "model.add(layers.Dense(3))")
    assert _works(fixed).model.output_shape == (None, 3)


def test_a_list_inside_sequentials_list_keeps_its_own_words():
    source = (
        "model = keras.Sequential([keras.Input(shape=(4,)), "
        "[layers.Dense(16), layers.Dense(3)]])\n"
    )
    _, problem = _run(source)
    assert ".add() takes one layer" not in problem.message
    assert "a list inside the list" in problem.message


# ------------------------- last layer, loss and metrics that do not go together


def _trained(last: str, loss: str, y: str, metrics: str = "") -> str:
    return (
        "import numpy as np\n"
        "x = np.random.rand(12, 4)\n"
        f"y = {y}\n"
        "model = keras.Sequential([keras.Input(shape=(4,)), "
        f"layers.Dense(8, activation='relu'), {last}])\n"
        f'model.compile(optimizer="adam", loss={loss}{metrics})\n'
        "model.fit(x, y, epochs=1, verbose=0)\n"
    )


_CLASS_NUMBERS = "np.arange(12) % 3"
_PRICES = "50.0 + 25 * np.arange(12)"


def _notes(source: str) -> list[str]:
    p = _works(source)
    for note in p.notes:
        _plain(note)
    return p.notes


def test_logits_without_from_logits_get_a_note_and_both_fixes_work():
    source = _trained(
        "layers.Dense(3)", '"sparse_categorical_crossentropy"', _CLASS_NUMBERS
    )
    (note,) = _notes(source)
    assert note.startswith("Line 6: Layer 'dense_1', the last, has no activation")
    assert 'loss="sparse_categorical_crossentropy" reads the outputs as' in note
    assert 'layers.Dense(3, activation="softmax")' in note
    fix = "keras.losses.SparseCategoricalCrossentropy(from_logits=True)"
    assert f"model.compile(..., loss={fix})" in note
    assert not _notes(
        source.replace("layers.Dense(3)", 'layers.Dense(3, activation="softmax")')
    )
    assert not _notes(source.replace('"sparse_categorical_crossentropy"', fix))


def test_binary_logits_say_sigmoid():
    source = _trained("layers.Dense(1)", '"binary_crossentropy"', "np.arange(12) % 2")
    (note,) = _notes(source)
    assert 'layers.Dense(1, activation="sigmoid")' in note
    assert "keras.losses.BinaryCrossentropy(from_logits=True)" in note
    assert not _notes(
        source.replace("layers.Dense(1)", 'layers.Dense(1, activation="sigmoid")')
    )


def test_sigmoid_output_for_numbers_past_1_gets_a_note():
    source = _trained('layers.Dense(1, activation="sigmoid")', '"mse"', _PRICES)
    (note,) = _notes(source)
    assert "Layer 'dense_1', the last, has activation=\"sigmoid\"" in note
    assert "y holds numbers from 50 to 325:" in note
    assert "the model can never give them" in note
    assert note.endswith("leave the activation out of the last layer: layers.Dense(1).")
    assert not _notes(
        source.replace('layers.Dense(1, activation="sigmoid")', "layers.Dense(1)")
    )
    # numbers from 0 to 1: sigmoid can give them
    assert not _notes(
        _trained('layers.Dense(1, activation="sigmoid")', '"mse"', "np.random.rand(12)")
    )


def test_sigmoid_over_several_classes_gets_a_note():
    source = _trained(
        'layers.Dense(3, activation="sigmoid")',
        '"sparse_categorical_crossentropy"',
        _CLASS_NUMBERS,
    )
    (note,) = _notes(source)
    assert 'has 3 units with activation="sigmoid"' in note
    assert "is for one class out of 3" in note
    assert 'Use softmax: layers.Dense(3, activation="softmax").' in note
    assert not _notes(source.replace('"sigmoid"', '"softmax"'))
    # several yes/no answers: sigmoid and binary crossentropy go together
    assert not _notes(
        _trained(
            'layers.Dense(3, activation="sigmoid")',
            '"binary_crossentropy"',
            "np.random.randint(0, 2, (12, 3))",
        )
    )


def test_accuracy_with_a_loss_for_numbers_gets_a_note():
    source = _trained("layers.Dense(1)", '"mse"', _PRICES, ', metrics=["accuracy"]')
    (note,) = _notes(source)
    assert note.startswith('Line 6: model.compile() got metrics=["accuracy"]')
    assert 'with loss="mse", a loss for numbers to predict' in note
    assert 'metrics=["mae"]' in note
    assert not _notes(source.replace('["accuracy"]', '["mae"]'))
    # yes/no labels: accuracy still means something
    assert not _notes(
        _trained(
            "layers.Dense(1)", '"mse"', "np.arange(12) % 2", ', metrics=["accuracy"]'
        )
    )


def test_right_models_get_no_loss_note():
    accuracy, mae = ', metrics=["accuracy"]', ', metrics=["mae"]'
    for last, loss, y, metrics in (
        (
            'layers.Dense(3, activation="softmax")',
            '"sparse_categorical_crossentropy"',
            _CLASS_NUMBERS,
            accuracy,
        ),
        (
            'layers.Dense(3, activation="softmax")',
            '"categorical_crossentropy"',
            "np.eye(3)[np.arange(12) % 3]",
            accuracy,
        ),
        (
            'layers.Dense(1, activation="sigmoid")',
            '"binary_crossentropy"',
            "np.arange(12) % 2",
            accuracy,
        ),
        ("layers.Dense(1)", "keras.losses.MeanSquaredError()", _PRICES, mae),
        ("layers.Dense(1)", '"mae"', _PRICES, mae),
    ):
        assert not _notes(_trained(last, loss, y, metrics)), (last, loss)


# ------------------------------------------------------------ Keras 2 imports


def test_keras2_tokenizer_import_points_to_text_vectorization():
    source = (
        "from keras.preprocessing.text import Tokenizer\n"
        'texts = ["good movie", "bad movie", "great film"]\n'
        "tok = Tokenizer(num_words=100)\n"
        "tok.fit_on_texts(texts)\n"
    )
    _, problem = _run(source)
    assert problem.line == 1
    _plain(problem.message)
    assert "Keras 3 has no Tokenizer on line 1" in problem.message
    assert "layers.TextVectorization" in problem.message
    assert "layers are in keras.layers" not in problem.message
    shown = problem.message.split("as num_words was):\n")[1].splitlines()
    assert shown[0] == "    vectorize = layers.TextVectorization(max_tokens=100)"
    # the import left out, Tokenizer's two lines replaced by those shown
    fixed = "\n".join([source.splitlines()[1], *(s.strip() for s in shown)])
    model = "model = keras.Sequential([keras.Input(shape=(2,)), layers.Dense(1)])"
    p = _works(fixed + f"\nprint(ids.shape)\n{model}\n")
    assert "(3, 2)" in p.printed.value


def test_a_layer_imported_as_a_module_shows_from_import():
    source = (
        "import keras.layers.Dense as Dense\n"
        "model = keras.Sequential([keras.Input(shape=(4,)), Dense(3)])\n"
    )
    _, problem = _run(source)
    assert problem.line == 1
    _plain(problem.message)
    assert "keras.layers.Dense is not a module on line 1" in problem.message
    fixed = _shown(problem.message, "import it from its module:")
    assert fixed == "from keras.layers import Dense"
    assert _works(_replaced(source, 1, fixed)).model.output_shape == (None, 3)
    # another name for it is kept
    _, problem = _run("import keras.layers.Dense as D\n")
    assert _shown(problem.message, "import it from its module:") == (
        "from keras.layers import Dense as D"
    )


# --------------------------------- Keras 2 constructs: their line, their words


def test_a_layer_type_in_a_long_list_is_shown_on_its_own_line():
    source = (
        "model = keras.Sequential([\n"
        "    keras.Input(shape=(8, 8, 1)),\n"
        '    layers.Conv2D(4, 3, activation="relu"),\n'
        "    layers.Flatten,\n"
        "    layers.Dense(10),\n"
        "])\n"
    )
    _, problem = _run(source)
    assert problem.line == 4
    assert "layers.Flatten is the layer type, not a layer on line 4:\n" in (
        problem.message
    )
    assert "\n    layers.Flatten,\n" in problem.message
    assert _works(_replaced(source, 4, "    layers.Flatten(),")).model


def test_a_one_number_input_shape_is_shown_on_its_line_in_its_words():
    source = (
        "model = keras.Sequential([\n"
        '    layers.Dense(16, activation="relu", input_shape=4),\n'
        "    layers.Dense(3),\n"
        "])\n"
    )
    _, problem = _run(source)
    assert problem.line == 2
    _plain(problem.message)
    assert "A shape must be a tuple of numbers on line 2:" in problem.message
    assert "Write input_shape=(4,): the comma makes it a tuple" in problem.message
    assert "Write shape=" not in problem.message
    fixed = '    layers.Dense(16, activation="relu", input_shape=(4,)),'
    assert _works(_replaced(source, 2, fixed)).model.input_shape == (None, 4)
    # keras.Input(shape=4) on one line keeps its own words
    _, problem = _run("model = keras.Sequential([keras.Input(shape=4)])\n")
    assert "Write shape=(4,)" in problem.message


def test_input_dim_with_add_gets_a_note_for_add():
    source = (
        "model = keras.Sequential()\n"
        'model.add(layers.Dense(16, input_dim=4, activation="relu"))\n'
        "model.add(layers.Dense(3))\n"
    )
    (note,) = _notes(source)
    assert note.startswith("Keras 3 warns about input_dim= (see Printed).")
    assert "Leave input_dim out of the layer" in note
    assert "model.add(keras.Input(shape=(4,)))" in note
    assert "start the list" not in note
    fixed = (
        "model = keras.Sequential()\n"
        "model.add(keras.Input(shape=(4,)))\n"
        'model.add(layers.Dense(16, activation="relu"))\n'
        "model.add(layers.Dense(3))\n"
    )
    assert not _notes(fixed)
    # in a list, the list's words
    (note,) = _notes(
        "model = keras.Sequential([layers.Dense(16, input_dim=4), layers.Dense(3)])"
    )
    assert "start the list with the keras.Input it describes" in note
