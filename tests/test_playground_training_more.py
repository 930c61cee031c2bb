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
