"""``model.build(shape)`` of a subclassed model given the shape of one
sample instead of a whole batch.

build() takes the shape of a batch, the number of samples first (None:
any number).  Keras 3 records the shape and marks the model built without
running call(), so nothing fails there; kerasteach reads the model by
running call() on that shape without its first axis.
:func:`build_without_batch_problem`: ``model.build((8,))``, on which
call() cannot run, on the line of the build, with None put first.
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
    rest = _shape_text(shape[1:]) if len(shape) > 1 else "one number"
    message = (
        f"{result.variable or 'model'}.build() got the shape {written}, "
        f"without the batch axis{_at(line, text)}build() takes the shape of a "
        "whole batch, the number of samples first (None: any number), so "
        f"{written} reads as {shape[0]} samples of {rest} each. "
        f"Put None first:\n    {fixed}"
    )
    return Problem("shape", message, line, text, detail=raw)
