"""The playground's message for a float where a setting counts things:
``epochs=2.5``, ``layers.Dense(n / 2)``.  Python's and Keras's own words
("'float' object cannot be interpreted as an integer", "expected a positive
integer. Received: units=4.0") name neither the setting nor why; the
message names both and shows the line that works."""

from __future__ import annotations

import pytest

import kerasteach

_COMPILED = (
    "x = np.zeros((8, 4))\n"
    "y = np.zeros(8)\n"
    "model = keras.Sequential([keras.Input((4,)), layers.Dense(1)])\n"
    'model.compile("adam", "mse")\n'
)


def _run(source: str):
    p = kerasteach.playground(source)
    return p, p.run()


def _shown_line(message: str) -> str:
    """The fixed line the message shows (after its last colon+newline)."""
    return message.rsplit(":\n    ", 1)[1].split("\n")[0]


@pytest.mark.parametrize(
    ("source", "line", "words", "fixed"),
    [
        (
            _COMPILED + "model.fit(x, y, epochs=2.5, verbose=0)",
            5,
            [
                # fit's numbers are named as fit's other messages name them,
                # without Python's "'float' object cannot be interpreted as
                # an integer"
                "model.fit() cannot take epochs=2.5 on line 5",
                "epochs is how many times training goes through all the samples: "
                "a whole number, 1 or more, and 2.5 is not one. To fix it, write "
                "epochs=2 or epochs=3:",
            ],
            "model.fit(x, y, epochs=2, verbose=0)",
        ),
        (
            # TensorFlow's words: "Expected int32 ... got 2.5 of type 'float'"
            _COMPILED + "model.fit(x, y, batch_size=2.5, verbose=0)",
            5,
            ["model.fit() cannot take batch_size=2.5", "write batch_size=2 or "],
            "model.fit(x, y, batch_size=2, verbose=0)",
        ),
        (
            "model = keras.Sequential([keras.Input((4,)), layers.Dense(2.5)])",
            1,
            [
                "2.5 (units) is not a whole number on line 1",
                "To fix it, write 2 or 3:",
                "Keras says: Received an invalid value for `units`",
            ],
            "model = keras.Sequential([keras.Input((4,)), layers.Dense(2)])",
        ),
        (
            "model = keras.Sequential([keras.Input((4,)), layers.Dense(units=4.0)])",
            1,
            ["units=4.0 is not a whole number", "4.0 is a float, because of its"],
            "model = keras.Sequential([keras.Input((4,)), layers.Dense(units=4)])",
        ),
        (
            "n = 8\nmodel = keras.Sequential([keras.Input((4,)), layers.Dense(n / 2)])",
            2,
            [
                "n / 2 (units) is not a whole number on line 2",
                "n / 2 gives 4.0: in Python, / always gives a float, even when "
                "the division comes out whole",
                "divide with //",
            ],
            "model = keras.Sequential([keras.Input((4,)), layers.Dense(n // 2)])",
        ),
        (
            "k = 2.5\n"
            "model = keras.Sequential(\n"
            "    [keras.Input((8, 8, 1)), layers.MaxPooling2D(pool_size=k)]\n"
            ")",
            3,
            ["pool_size=k is not a whole number", "k is 2.5, a float", "int()"],
            "[keras.Input((8, 8, 1)), layers.MaxPooling2D(pool_size=int(k))]",
        ),
        (
            # // of a float is a float too (1e2 // 10 is 10.0): int() it is
            _COMPILED + "model.fit(x, y, epochs=1e2/10, verbose=0)",
            5,
            [
                "model.fit() cannot take epochs=1e2/10 on line 5",
                "make it a whole number with int() (// would not do, as 1e2 is "
                "a float, and // of a float gives a float)",
            ],
            "model.fit(x, y, epochs=int(1e2/10), verbose=0)",
        ),
        (
            "n = 8.0\n"
            "model = keras.Sequential([keras.Input((4,)), layers.Dense(n / 2)])",
            2,
            ["n / 2 gives 4.0", "// would not do, as n is a float"],
            "model = keras.Sequential([keras.Input((4,)), layers.Dense(int(n / 2))])",
        ),
    ],
)
def test_a_float_where_a_whole_number_is_wanted_names_the_setting(
    source, line, words, fixed
):
    _, problem = _run(source)
    assert problem is not None and problem.line == line
    for word in words:
        assert word in problem.message, problem.message
    assert "Python says" not in problem.message
    assert _shown_line(problem.message) == fixed
    # the line as the message shows it, in place of the student's, runs
    lines = source.splitlines()
    old = lines[line - 1]
    lines[line - 1] = old.replace(old.strip(), fixed)
    _, problem = _run("\n".join(lines) + "\n")
    assert problem is None, problem.message


def test_a_float_in_a_fit_over_several_lines_shows_the_whole_call():
    # the line of the setting is named; the whole call is shown fixed (the
    # line alone, "epochs=10 // 4,", was a piece of a call)
    source = (
        _COMPILED + "model.fit(\n    x,\n    y,\n    epochs=10 / 4,\n    verbose=0,\n)"
    )
    _, problem = _run(source)
    assert problem is not None and problem.line == 8
    assert "model.fit() cannot take epochs=10 / 4 on line 8" in problem.message
    assert "10 / 4 gives 2.5" in problem.message
    shown = problem.message.rsplit(":\n", 1)[1].split("\n")
    fixed = [row[4:] for row in shown]
    assert fixed == [
        "model.fit(",
        "    x,",
        "    y,",
        "    epochs=10 // 4,",
        "    verbose=0,",
        ")",
    ]
    lines = source.splitlines()
    lines[4:10] = fixed
    _, problem = _run("\n".join(lines) + "\n")
    assert problem is None, problem.message


def test_a_float_where_a_fraction_is_wanted_is_not_called_a_whole_number():
    _, problem = _run(
        "model = keras.Sequential([keras.Input((4,)), layers.Dropout(1.5)])"
    )
    assert problem is not None
    assert "whole number" not in problem.message
    assert "between 0 and 1" in problem.message


def test_a_quoted_float_is_still_told_about_its_quotes():
    _, problem = _run(_COMPILED + "model.fit(x, y, epochs='2.5', verbose=0)")
    assert "is text (a str, because of the quotes)" in problem.message


def test_conv1d_padding_by_place_lists_causal_too():
    _, problem = _run(
        "model = keras.Sequential([keras.Input((10, 4)), layers.Conv1D(4, 3, 1, 2)])"
    )
    assert (
        'The fourth argument of Conv1D is padding, which is text, "valid" (the '
        'default), "same" or "causal", not a number.' in problem.message
    )
