"""A mistake on a line inside a ``for``, an ``if`` or a ``def``: the fixed
line a message shows keeps the indentation of its block (one line as well
as a call written over several), so it replaces the student's line as it
is, and it uses the program's variables a function reads too
(``validation_data=(x_test, y_test)``, not a placeholder ``y_val``).

Each fixed program runs.
"""

from __future__ import annotations

import pytest
from _playground import _plain, _replaced, _run, _shown, _works

_DATA = (
    "x = np.random.rand(8, 3)\n"
    "y = np.random.rand(8, 1)\n"
    "x_test = np.random.rand(4, 3)\n"
    "y_test = np.random.rand(4, 1)\n"
    "model = keras.Sequential([keras.Input((3,)), layers.Dense(1)])\n"
    'model.compile(optimizer="adam", loss="mse")\n'
)
_LINE = _DATA.count("\n") + 2  # the line inside the block

_BLOCKS = [
    # (the line that opens the block, its indentation, the lines after it)
    ("for run in range(1):", "    ", ""),
    ("def train(model):", "    ", "train(model)\n"),
    ("for run in range(1):\n    if run == 0:", "        ", ""),
]


def _in_block(block, statement: str) -> tuple[str, int]:
    """``_DATA`` with ``statement`` in ``block``, and the statement's line."""
    opening, indent, after = block
    source = f"{_DATA}{opening}\n{indent}{statement}\n{after}"
    return source, _DATA.count("\n") + opening.count("\n") + 2


@pytest.mark.parametrize("block", _BLOCKS)
def test_one_validation_array_in_a_block_gets_the_programs_labels(block):
    # validation_pair_problem: y_test is the program's, which a def reads too
    call = "model.fit(x, y, epochs=1, validation_data=x_test, verbose=0)"
    source, line = _in_block(block, call)
    _, problem = _run(source)
    assert problem.line == line
    _plain(problem.message)
    fixed = _shown(problem.message, "in brackets with the data:")
    assert fixed == block[1] + call.replace("=x_test", "=(x_test, y_test)")
    assert "y_val" not in problem.message.split("(x_val, y_val)", 1)[1]
    p = _works(_replaced(source, line, fixed))
    assert len(p.result.fits) == 1


def test_labels_a_function_sets_itself_later_are_not_offered():
    # inside train, y_test is the function's own (set below the fit): Python
    # would stop at it ("cannot access local variable"), so y_val stays
    source = _DATA + (
        "def train(model):\n"
        "    model.fit(x, y, validation_data=x_test, verbose=0)\n"
        "    y_test = None\n"
        "train(model)\n"
    )
    _, problem = _run(source)
    assert problem.line == _LINE
    fixed = _shown(problem.message, "in brackets with the data:")
    assert fixed == "    model.fit(x, y, validation_data=(x_test, y_val), verbose=0)"
    assert "with y_val standing for the labels of x_test's samples." in (
        problem.message
    )


@pytest.mark.parametrize("block", _BLOCKS)
@pytest.mark.parametrize(
    ("call", "after", "fixed"),
    [
        # quoted_number_problem
        (
            'model.fit(x, y, epochs="2", verbose=0)',
            "without the quotes:",
            "model.fit(x, y, epochs=2, verbose=0)",
        ),
        # fit_argument_problem
        (
            "model.fit(x, y, batch_size=-2, verbose=0)",
            "cannot take batch_size=-2",
            "model.fit(x, y, batch_size=32, verbose=0)",
        ),
        # list_data_problem
        (
            "model.fit([[1.0, 2.0, 3.0]], [1.0], verbose=0)",
            "a NumPy array with np.array(...):",
            "model.fit(np.array([[1.0, 2.0, 3.0]]), np.array([1.0]), verbose=0)",
        ),
        # missing_labels_problem
        (
            "model.fit(x, verbose=0)",
            "with your labels in y:",
            "model.fit(x, y, verbose=0)",
        ),
        # messages that show the line as they quote it: the indentation is
        # put back where the message is made (kerasteach/_widget_fix_indent)
        (
            'model.compile(optimizer="adam", loss="mse", metrics="mae")',
            "Put it in square brackets:",
            'model.compile(optimizer="adam", loss="mse", metrics=["mae"])',
        ),
        (
            "model.fit(x, y, epoch=2, verbose=0)",
            "Did you mean epochs? Write:",
            "model.fit(x, y, epochs=2, verbose=0)",
        ),
    ],
)
def test_a_one_line_fix_in_a_block_keeps_its_indentation(block, call, after, fixed):
    source, line = _in_block(block, call)
    _, problem = _run(source)
    assert problem.line == line, problem.message
    _plain(problem.message)
    shown = [row for row in problem.message.split("\n") if row.strip() == fixed]
    assert shown == ["    " + block[1] + fixed], problem.message
    assert after in problem.message
    _works(_replaced(source, line, shown[0][4:]))


def test_a_line_of_another_place_shown_with_the_fix_keeps_its_own_indentation():
    # setting_in_call_problem: hidden is made at the top level, called in
    # the def; each line shown goes where its own line is
    source = (
        "hidden = layers.Dense(4)\n"
        "def build():\n"
        "    inputs = keras.Input((3,))\n"
        '    x = hidden(inputs, activation="relu")\n'
        "    return keras.Model(inputs, x)\n"
        "model = build()\n"
    )
    _, problem = _run(source)
    assert problem.line == 4
    _plain(problem.message)
    after = "leave it out of the call:"
    made = _shown(problem.message, after)
    called = problem.message.split(after + "\n", 1)[1].split("\n")[1]
    assert made == 'hidden = layers.Dense(4, activation="relu")'
    assert called == "        x = hidden(inputs)"
    fixed = _replaced(_replaced(source, 4, called[4:]), 1, made)
    assert _works(fixed).model.layers[-1].activation.__name__ == "relu"


def test_a_one_line_fix_at_the_top_level_has_no_indentation():
    source = _DATA + 'model.fit(x, y, epochs="2", verbose=0)\n'
    _, problem = _run(source)
    assert "\n    model.fit(x, y, epochs=2, verbose=0)" in problem.message
    _works(_replaced(source, _LINE - 1, "model.fit(x, y, epochs=2, verbose=0)"))


def test_a_number_on_its_own_line_of_a_list_in_a_def_is_shown_stripped():
    # the line is a piece of keras.Sequential([...]), not a statement of the
    # block: it is shown as a piece, without the list's indentation
    source = (
        "def build():\n"
        "    return keras.Sequential([\n"
        "        keras.Input((3,)),\n"
        '        layers.Dense("4"),\n'
        "    ])\n"
        "model = build()\n"
    )
    _, problem = _run(source)
    assert "\n    layers.Dense(4),\n" in problem.message + "\n"


# ------------------------------------------- a model of several inputs

_TWO = (
    'title = keras.Input(shape=(4,), name="t")\n'
    'body = keras.Input(shape=(3,), name="b")\n'
    "merged = layers.Concatenate()([title, body])\n"
    "model = keras.Model([title, body], layers.Dense(1)(merged))\n"
    'model.compile(optimizer="adam", loss="mse")\n'
    "x_title, x_body = np.random.rand(8, 4), np.random.rand(8, 3)\n"
    "y = np.random.rand(8, 1)\n"
)


def _two_in_block(block, statement: str) -> tuple[str, int]:
    """``_TWO`` with ``statement`` in ``block``, and the statement's line."""
    opening, indent, after = block
    source = f"{_TWO}{opening}\n{indent}{statement}\n{after}"
    return source, _TWO.count("\n") + opening.count("\n") + 2


@pytest.mark.parametrize("block", _BLOCKS)
@pytest.mark.parametrize(
    ("call", "got"),
    [
        ("model.fit(x_title, y, verbose=0)", "fit() got one array"),
        (
            "model.fit([x_title, x_body, x_title], y, verbose=0)",
            "fit() got 3 arrays in a list: x_title (shape (8, 4)), x_body",
        ),
        ("model.fit([x_body], y, verbose=0)", "fit() got one array in a list"),
    ],
)
def test_too_few_or_many_arrays_for_two_inputs_in_a_block_show_the_fixed_fit(
    block, call, got
):
    # inputs_count_problem: it showed model.fit([x_in1, x_in2], y, ...) in a
    # def, which reads the program's variables (title, x_body) too
    source, line = _two_in_block(block, call)
    _, problem = _run(source)
    assert problem.line == line
    _plain(problem.message)
    assert "model has 2 inputs, title (samples of shape (4,)), body" in (
        problem.message
    )
    assert got in problem.message
    fixed = _shown(problem.message, "here x_title for title, x_body for body:")
    assert fixed == block[1] + "model.fit([x_title, x_body], y, verbose=0)"
    p = _works(_replaced(source, line, fixed))
    assert len(p.result.fits) == 1


def test_two_inputs_of_one_shape_given_one_array_show_the_form_only():
    # which of x_a and x_b goes with the other input cannot be told: the
    # message shows the form of the call, no statement to put in
    source = (
        "a, b = keras.Input(shape=(2,)), keras.Input(shape=(2,))\n"
        "model = keras.Model([a, b], layers.Dense(1)(layers.Add()([a, b])))\n"
        'model.compile(optimizer="adam", loss="mse")\n'
        "x_a, x_b, x_c = (np.random.rand(8, 2) for _ in range(3))\n"
        "def train():\n"
        "    model.fit(x_c, np.zeros((8, 1)), verbose=0)\n"
        "train()\n"
    )
    _, problem = _run(source)
    assert problem.line == 6
    _plain(problem.message)
    assert "in the order of keras.Model's inputs: model.fit([x_a, x_b], y, ...)." in (
        problem.message
    )


@pytest.mark.parametrize("block", _BLOCKS)
@pytest.mark.parametrize(
    ("call", "after"),
    [
        # several_inputs_problem: separate arrays, swapped arrays
        ("model.fit(x_title, x_body, y, verbose=0)", "keras.Model's inputs:"),
        ("model.fit([x_body, x_title], y, verbose=0)", "keras.Model's inputs:"),
    ],
)
def test_the_arrays_of_two_inputs_in_a_block_keep_its_indentation(block, call, after):
    source, line = _two_in_block(block, call)
    _, problem = _run(source)
    assert problem.line == line
    _plain(problem.message)
    assert "title and body" in problem.message or "title (samples" in (problem.message)
    fixed = _shown(problem.message, after)
    assert fixed == block[1] + "model.fit([x_title, x_body], y, verbose=0)"
    _works(_replaced(source, line, fixed))
