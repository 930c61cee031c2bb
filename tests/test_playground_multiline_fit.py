"""A ``model.fit(...)`` written over several lines, given a number its
setting cannot take (``epochs=1.5``, ``epochs="5"``, ``batch_size=-2``) or
one array as ``validation_data``: the message shows the whole call fixed,
not the keyword's own line (``epochs=1, verbose=0)``, a piece of a call) or
words alone, and the fixed program runs."""

from __future__ import annotations

import html

import pytest
from _playground import _plain, _replaced, _run, _works

_COMPILED = (
    "x = np.random.rand(8, 3)\n"
    "y = np.random.rand(8, 1)\n"
    "x_test = np.random.rand(4, 3)\n"
    "y_test = np.random.rand(4, 1)\n"
    "model = keras.Sequential([keras.Input((3,)), layers.Dense(1)])\n"
    'model.compile(optimizer="adam", loss="mse")\n'
)
_FIT = 7  # the line model.fit( is on


def _fixed_call(message: str) -> list[str]:
    """The code the message shows last (after its last colon), all its
    lines, without the message's indent."""
    block = html.unescape(message).rsplit(":\n", 1)[1].split("\n")
    shown = []
    for row in block:
        if not row.startswith("    "):
            break
        shown.append(row[4:])
    return shown


@pytest.mark.parametrize(
    ("written", "words", "fixed"),
    [
        # float_number_problem: epochs=1.5 showed "epochs=1, verbose=0)"
        ("epochs=1.5, verbose=0)", ["cannot take epochs=1.5"], "epochs=1, verbose=0)"),
        # quoted_number_problem: epochs="5" showed "epochs=5, verbose=0)"
        (
            'epochs="5", verbose=0)',
            ["epochs=", "without the quotes"],
            "epochs=5, verbose=0)",
        ),
        # fit_argument_problem: batch_size=-2 was told in words only
        (
            "batch_size=-2, epochs=1, verbose=0)",
            ["cannot take batch_size=-2", "Write batch_size=32"],
            "batch_size=32, epochs=1, verbose=0)",
        ),
        # fit_argument_problem: epochs=0.5 (neither 0 nor 1 would do)
        ("epochs=0.5, verbose=0)", ["cannot take epochs=0.5"], "epochs=1, verbose=0)"),
        ("epochs=None, verbose=0)", ["None is no number"], "epochs=10, verbose=0)"),
    ],
)
def test_a_fit_over_several_lines_shows_the_whole_call_fixed(written, words, fixed):
    source = _COMPILED + "model.fit(\n    x,\n    y,\n    " + written + "\n"
    _, problem = _run(source)
    assert problem is not None
    for word in words:
        assert word in html.unescape(problem.message), problem.message
    _plain(problem.message)
    shown = _fixed_call(problem.message)
    assert shown == ["model.fit(", "    x,", "    y,", "    " + fixed]
    _works(_replaced(source, (_FIT, _FIT + 3), *shown))


_BLOCKS = [
    # (lines before the call, its indentation, lines after it)
    (["for run in range(1):"], "    ", []),
    (["def train():"], "    ", ["train()"]),
    (["for run in range(1):", "    if run == 0:"], "        ", []),
]


@pytest.mark.parametrize(("before", "indent", "after"), _BLOCKS)
@pytest.mark.parametrize(
    ("written", "fixed"),
    [
        ('epochs="5", verbose=0)', "epochs=5, verbose=0)"),  # quoted_number
        ("epochs=1.5, verbose=0)", "epochs=1, verbose=0)"),  # float_number
        ("batch_size=-2, verbose=0)", "batch_size=32, verbose=0)"),  # fit_argument
    ],
)
def test_a_fit_over_several_lines_in_a_block_keeps_the_block_indentation(
    before, indent, after, written, fixed
):
    call = ["model.fit(", "    x,", "    y,", "    " + written]
    source = (
        _COMPILED + "\n".join([*before, *(indent + row for row in call), *after]) + "\n"
    )
    first = _FIT + len(before)
    _, problem = _run(source)
    _plain(problem.message)
    shown = _fixed_call(problem.message)
    assert shown == [indent + row for row in [*call[:3], "    " + fixed]]
    _works(_replaced(source, (first, first + 3), *shown))


@pytest.mark.parametrize(("before", "indent", "after"), [_BLOCKS[0], _BLOCKS[2]])
def test_one_validation_array_over_several_lines_in_a_block_keeps_the_indentation(
    before, indent, after
):
    # validation_pair_problem: the labels missing
    call = ["model.fit(", "    x,", "    y,", "    validation_data=x_test, verbose=0)"]
    source = _COMPILED + "\n".join([*before, *(indent + row for row in call)]) + "\n"
    first = _FIT + len(before)
    _, problem = _run(source)
    _plain(problem.message)
    shown = _fixed_call(problem.message)
    fixed = "    validation_data=(x_test, y_test), verbose=0)"
    assert shown == [indent + row for row in [*call[:3], fixed]]
    _works(_replaced(source, (first, first + 3), *shown))


def test_a_list_given_to_fit_over_several_lines_in_a_block_keeps_its_indentation():
    source = (
        "model = keras.Sequential([keras.Input((2,)), layers.Dense(1)])\n"
        'model.compile(optimizer="adam", loss="mse")\n'
        "for run in range(1):\n"
        "    model.fit(\n"
        "        [[1.0, 2.0], [3.0, 4.0]],\n"
        "        np.array([1.0, 2.0]), verbose=0)\n"
    )
    _, problem = _run(source)
    _plain(problem.message)
    shown = _fixed_call(problem.message)
    assert shown[0] == "    model.fit(" and shown[1].startswith("        np.array(")
    _works(_replaced(source, (4, 6), *shown))


def test_a_fit_over_several_lines_with_its_closing_bracket_alone():
    source = (
        _COMPILED
        + "history = model.fit(\n    x,\n    y,\n    epochs=1.5,\n    verbose=0,\n)\n"
    )
    _, problem = _run(source)
    shown = _fixed_call(problem.message)
    assert shown[0] == "history = model.fit(" and shown[-1] == ")"
    assert "    epochs=1," in shown
    _works(_replaced(source, (_FIT, _FIT + 5), *shown))


def test_a_fit_on_one_line_still_shows_its_one_line():
    source = _COMPILED + "model.fit(x, y, batch_size=-2, epochs=1, verbose=0)\n"
    _, problem = _run(source)
    shown = _fixed_call(problem.message)
    assert shown == ["model.fit(x, y, batch_size=32, epochs=1, verbose=0)"]
    _works(_replaced(source, _FIT, *shown))


def test_a_float_in_a_layer_on_one_line_of_a_long_list_shows_that_line():
    # only a call written over several lines is shown whole: a Dense on
    # its own line of a Sequential([...]) shows that line
    source = (
        "model = keras.Sequential([\n"
        "    keras.Input((3,)),\n"
        "    layers.Dense(4.5),\n"
        "])\n"
    )
    _, problem = _run(source)
    assert _fixed_call(problem.message) == ["layers.Dense(4),"]


@pytest.mark.parametrize(
    ("call", "given", "fixed", "brackets"),
    [
        # words only before: no brackets, so the line was not recognised
        (
            "model.fit(x, y, epochs=1, verbose=0, validation_data=x_test)",
            1,
            ["model.fit(x, y, epochs=1, verbose=0, validation_data=(x_test, y_test))"],
            False,
        ),
        (
            "model.fit(x, y, epochs=1, verbose=0, validation_data=(x_test))",
            1,
            ["model.fit(x, y, epochs=1, verbose=0, validation_data=(x_test, y_test))"],
            True,
        ),
        (
            "model.fit(\n    x,\n    y,\n    epochs=1,\n    verbose=0,\n"
            "    validation_data=(x_test),\n)",
            7,
            [
                "model.fit(",
                "    x,",
                "    y,",
                "    epochs=1,",
                "    verbose=0,",
                "    validation_data=(x_test, y_test),",
                ")",
            ],
            True,
        ),
        (
            "model.fit(x, y, epochs=1, verbose=0,\n          validation_data=x_test)",
            2,
            [
                "model.fit(x, y, epochs=1, verbose=0,",
                "          validation_data=(x_test, y_test))",
            ],
            False,
        ),
    ],
)
def test_validation_data_of_one_array_shows_the_call_with_its_labels(
    call, given, fixed, brackets
):
    source = _COMPILED + call + "\n"
    _, problem = _run(source)
    assert problem is not None
    message = html.unescape(problem.message)
    assert "validation_data takes a pair, the data and its labels" in message
    assert ("Brackets around one value do not make a pair" in message) == brackets
    _plain(problem.message)
    shown = _fixed_call(problem.message)
    assert shown == fixed
    _works(_replaced(source, (_FIT, _FIT + given - 1), *shown))


def test_validation_data_of_a_slice_names_its_labels_as_a_stand_in():
    source = (
        _COMPILED
        + "model.fit(x, y, epochs=1, verbose=0, validation_data=(x_test[:2]))\n"
    )
    _, problem = _run(source)
    message = html.unescape(problem.message)
    assert "validation_data=(x_test[:2], y_val))" in message
    assert "with y_val standing for the labels of x_test[:2]'s samples." in message
    fixed = message.split("after a comma:\n    ", 1)[1].split("\n")[0]
    _works(_replaced(source, _FIT, "y_val = y_test[:2]", fixed))


# ---------------------------------- validation_data of more than 3 values


@pytest.mark.parametrize("brackets", ["()", "[]"])
def test_validation_data_of_four_values_says_what_it_takes(brackets):
    given = brackets[0] + "x_test, y_test, x_test, y_test" + brackets[1]
    source = _COMPILED + f"model.fit(x, y, validation_data={given}, verbose=0)\n"
    _, problem = _run(source)
    assert problem.line == _FIT
    message = html.unescape(problem.message)
    assert "(x_val, y_val), or with a weight for each sample" in message
    assert "but here it got 4 values (x_test, y_test, x_test, y_test)" in message
    assert "Data is expected" not in message
    _plain(problem.message)
    shown = _fixed_call(problem.message)
    assert shown == ["model.fit(x, y, validation_data=(x_test, y_test), verbose=0)"]
    _works(_replaced(source, _FIT, *shown))


def test_validation_data_of_four_values_over_several_lines_in_a_block():
    call = [
        "    model.fit(",
        "        x, y,",
        "        validation_data=(x_test, y_test, x_test, y_test),",
        "        verbose=0)",
    ]
    source = _COMPILED + "for run in range(1):\n" + "\n".join(call) + "\n"
    _, problem = _run(source)
    _plain(problem.message)
    shown = _fixed_call(problem.message)
    assert shown[2] == "        validation_data=(x_test, y_test),"
    _works(_replaced(source, (_FIT + 1, _FIT + 4), *shown))


def test_validation_data_of_four_values_in_a_variable_is_told_in_words():
    source = _COMPILED + (
        "held_out = (x_test, y_test, x_test, y_test)\n"
        "model.fit(x, y, validation_data=held_out, verbose=0)\n"
    )
    _, problem = _run(source)
    assert "validation_data takes the data to check the model on" in (problem.message)
    assert "but here it got 4 values on line 8" in problem.message
    assert problem.message.endswith("np.concatenate([y_a, y_b])).")
    _plain(problem.message)


def test_validation_data_of_three_values_still_runs():
    # (x_val, y_val, sample_weights) is what Keras takes
    _works(
        _COMPILED
        + "model.fit(x, y, validation_data=(x_test, y_test, np.ones(4)), verbose=0)\n"
    )
