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
