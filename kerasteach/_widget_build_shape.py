"""``model.build(shape)`` of a subclassed model given the shape of one
sample instead of a whole batch.

build() takes the shape of a batch, the number of samples first (None:
any number).  Keras 3 records the shape and marks the model built without
running call(), so nothing fails there; kerasteach reads the model by
running call() on that shape without its first axis.
:func:`build_without_batch_problem`: ``model.build((8,))``, on which
call() cannot run, on the line of the build, with None put first.
:func:`sample_build_problem`: ``model.build((28, 28))`` and data whose
samples have that very shape (28 samples of 28 numbers each would be read,
a model of other sizes than the one the data trained).
:func:`sample_build_notes`: ``model.build((28, 28))`` and no data, a shape
that looks like one image's: a note, as a batch of 28 is possible.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._reader_checks import is_subclassed
from ._widget_problem import Problem, _at, _line_text, _shape_text

if TYPE_CHECKING:  # only for a type hint: _widget_run imports _widget_no_model
    from ._widget_run import RunResult


def build_call(result: RunResult):
    """``(line, shape, written, fixed)`` of the student's last
    ``model.build(shape)`` of the shown model: the shape (a tuple of
    numbers), as written, and the line with None put first; else None."""
    import ast

    from ._widget_problem import parsed_code

    variable = result.variable or "model"
    found = None
    tree = parsed_code(result.source_lines)
    for node in ast.walk(tree) if tree is not None else ():
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "build"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == variable
        ):
            continue
        given = node.args[:1] + [
            k.value for k in node.keywords if k.arg == "input_shape"
        ]
        try:
            shape = ast.literal_eval(given[0]) if given else None
        except ValueError:
            continue
        if isinstance(shape, int):
            shape = (shape,)
        if (
            isinstance(shape, (tuple, list))
            and shape
            and all(isinstance(d, int) and d > 0 for d in shape)
            and given[0].lineno == given[0].end_lineno
            and (found is None or node.lineno > found[0])
        ):
            found = (given[0].lineno, tuple(shape), given[0])
    if found is None:
        return None
    line, shape, node = found
    code = result.source_lines[line - 1]
    batch = _shape_text((None, *shape))
    fixed = code[: node.col_offset] + batch + code[node.end_col_offset :]
    written = code[node.col_offset : node.end_col_offset]
    return line, shape, written, fixed.strip()


def build_without_batch_problem(result: RunResult, raw: str) -> Problem | None:
    """``model.build((8,))`` on a subclassed model: build() takes the shape
    of a whole batch, so call() ran on samples of one axis too few.  Only
    when the model reads on the shape as the shape of one sample."""
    from ._reader import read_model

    if not is_subclassed(result.model) or result.input_shape is not None:
        return None
    found = build_call(result)
    if found is None:
        return None
    line, shape, written, fixed = found
    try:
        read_model(result.model, input_shape=shape)
    except Exception:  # noqa: BLE001 - another mistake: say that one
        return None
    text = _line_text(result.source_lines, line)
    message = (
        f"{result.variable or 'model'}.build() got the shape {written}, "
        f"without the batch axis{_at(line, text)}{_TAKES}, so "
        f"{written} reads as {_samples(shape)}. "
        f"Put None first:\n    {fixed}"
    )
    return Problem("shape", message, line, text, detail=raw)


_TAKES = (
    "build() takes the shape of a whole batch, the number of samples first "
    "(None: any number)"
)


def _samples(shape: tuple) -> str:
    """``28 samples of 28 numbers each``: ``shape`` read as a batch."""
    rest = shape[1:]
    if not rest or rest == (1,):
        what = "one number"
    elif len(rest) == 1:
        what = f"{rest[0]} numbers"
    else:
        what = f"shape {_shape_text(rest)}"
    return f"{shape[0]} samples of {what} each"


def sample_build_problem(result: RunResult) -> Problem | None:
    """``model.build((28, 28))`` of a subclassed model that the code then
    gave data of samples of shape (28, 28): the shape of one sample, given
    where build() takes a batch's.  Keras ran, as its build() builds no
    layer; read on the build's shape, the model would have other sizes than
    the one the data built."""
    from ._reader import read_model

    if not is_subclassed(result.model) or result.input_shape is None:
        return None
    found = build_call(result)
    if found is None:
        return None
    line, shape, written, fixed = found
    if tuple(result.input_shape) != shape:
        return None
    try:
        read_model(result.model, input_shape=shape)
    except Exception:  # noqa: BLE001 - another mistake: say that one
        return None
    text = _line_text(result.source_lines, line)
    variable = result.variable or "model"
    message = (
        f"{variable}.build() got the shape {written}, the shape of one sample "
        f"of your data, without the batch axis{_at(line, text)}{_TAKES}, so "
        f"{written} reads as {_samples(shape)}, while each sample your code "
        f"gives {variable} has the shape {_shape_text(shape)}. "
        f"Put None first:\n    {fixed}"
    )
    return Problem("shape", message, line, text)


def sample_build_notes(result: RunResult) -> list[str]:
    """``model.build((28, 28))`` of a subclassed model given no data: a
    shape whose first two sizes are the same, as an image's are, which
    build() reads as a batch of 28 samples.  A note: a batch of 28 is
    possible, if unlikely."""
    if not is_subclassed(result.model) or result.input_shape is not None:
        return []
    found = build_call(result)
    if found is None:
        return []
    line, shape, written, fixed = found
    if len(shape) < 2 or shape[0] < 2 or shape[0] != shape[1]:
        return []
    return [
        f"Line {line} builds {result.variable or 'model'} for batches of "
        f"{_samples(shape)}: {_TAKES}. If {written} is the shape of one "
        f"sample (a {shape[0]}x{shape[1]} image), put None first: {fixed}."
    ]
