"""One array, or a list of the wrong length, for a model of several inputs.

``model.fit(x_title, y)`` for ``keras.Model([title, body], ...)`` fails
with Keras's "expects 2 input(s), but it received 1 input tensors".
:func:`inputs_count_problem` names the model's inputs and what the call
got, and shows the student's statement with one array for each input
when it can tell which array is whose: for each input, exactly one array
whose samples have its shape among the arrays given and the student's
variable named ``x_`` and the input's name (``x_body``), all with as many
samples as the labels.  Otherwise it shows the form of the call,
``model.fit([x_title, x_body], y, ...)``.  Inside a ``for`` or a ``def``
the statement keeps the block's indentation, and the names are the ones
the function can read (the program's too).
"""

from __future__ import annotations

import ast
import re

from ._widget_calls import between, in_block, indented, method_calls, statement_source
from ._widget_input_problems import _fits
from ._widget_problem import (
    Problem,
    _at,
    _model_method_frame,
    _shape_of,
    _shape_text,
    code_of,
)
from ._widget_visible import visible_names, visible_variables

__all__ = ["inputs_count_problem"]


def _arrays_given(arrays, names: dict) -> str:
    """``3 arrays in a list: x_a (shape (8, 4)), ...``: what a model of
    several inputs was given in a list (or tuple) of the wrong length."""
    what = "a list" if isinstance(arrays, list) else "a tuple"
    count = f"{len(arrays)} arrays" if len(arrays) != 1 else "one array"
    shown = []
    for array in arrays:
        shape = _shape_of(array)
        shape_words = f"shape {_shape_text(shape)}" if shape else "no shape"
        name = names.get(id(array))
        shown.append(
            f"{name} ({shape_words})" if name else f"an array of {shape_words}"
        )
    return f"{count} in {what}: {', '.join(shown)}"


def _written_data(source: str, method: str, given: list):
    """``(node, texts)``: the data argument of ``....method(...)`` in the
    student's statement ``source`` and each array of ``given`` as written
    there (the items of a written list, or the one argument); else None."""
    calls = method_calls(source, method)
    if not calls:
        return None
    call = calls[0]
    keyword = [k.value for k in call.keywords if k.arg == "x"]
    node = call.args[0] if call.args else (keyword[0] if keyword else None)
    if node is None or isinstance(node, ast.Starred):
        return None
    if isinstance(node, (ast.List, ast.Tuple)):
        items = node.elts
    else:
        items = [node]
    if len(items) != len(given) or any(isinstance(i, ast.Starred) for i in items):
        return None
    return node, [code_of(source, item) for item in items]


def _one_for_each(inputs, given, texts, variables, names, samples):
    """The array to write for each input (see the module's words), as
    written or by its variable's name; None when an input has none or
    several."""
    chosen: list[str] = []
    used: set[int] = set()
    for tensor in inputs:
        expected = _shape_of(tensor)
        candidates = list(zip(texts, given))
        guess = f"x_{names[id(tensor)]}" if id(tensor) in names else None
        if guess in variables:
            candidates.append((guess, variables[guess]))
        found: dict[int, str] = {}
        for text, array in candidates:
            shape = _shape_of(array)
            if (
                expected is not None
                and shape
                and _fits(shape, expected)
                and shape[0] == samples
                and id(array) not in used
            ):
                found.setdefault(id(array), text)
        if len(found) != 1:
            return None
        [(key, text)] = found.items()
        used.add(key)
        chosen.append(text)
    return chosen


def _fixed(exc, frame, inputs, names, method, lines, line, text) -> tuple | None:
    """``(statement, chosen)``: the student's statement with one array for
    each input, in the block's indentation, and the arrays chosen; None
    when it cannot be told (see the module's words)."""
    x = frame.f_locals.get("x")
    given = list(x) if isinstance(x, (list, tuple)) else [x]
    source = statement_source(lines, line, text)
    written = _written_data(source, method, given)
    if written is None:
        return None
    node, texts = written
    y = _shape_of(frame.f_locals.get("y")) if method != "predict" else None
    samples = y[0] if y else (_shape_of(given[0]) or (None,))[0]
    if samples is None:
        return None
    variables = dict(visible_variables(exc))
    chosen = _one_for_each(inputs, given, texts, variables, names, samples)
    if chosen is None:
        return None
    statement = between(source, node, node, f"[{', '.join(chosen)}]")
    return in_block(lines, line, statement), chosen


def inputs_count_problem(exc, raw: str, line, text, lines=()) -> Problem | None:
    """One array given to ``fit`` (``evaluate``, ``predict``) of a model
    of several inputs, or a list of another length: one array for each
    input, in a list (``lines``, the code, gives the whole statement)."""
    match = re.search(r"expects (\d+) (?:named )?input\(s\)", raw)
    if match is None or int(match.group(1)) < 2:
        return None
    found = _model_method_frame(exc)
    if found is None:
        return None
    model, frame = found
    method = frame.f_code.co_name
    names = visible_names(exc)
    inputs = [
        f"{names.get(id(t), t.name)} (samples of shape "
        f"{_shape_text(tuple(t.shape)[1:])})"
        for t in model.inputs
    ]
    model_name = names.get(id(model), "the model")
    x = frame.f_locals.get("x")
    if isinstance(x, (list, tuple)):
        got = _arrays_given(x, names)
    else:
        shape = _shape_of(x)
        got = "one array" + (f": x has shape {_shape_text(shape)}" if shape else "")
    fixed = _fixed(exc, frame, model.inputs, names, method, lines, line, text)
    advice = (
        "Give it one array for each input, in a list in the order of "
        "keras.Model's inputs"
    )
    if fixed is not None:
        statement, chosen = fixed
        which = ", ".join(
            f"{array} for {names.get(id(t), repr(t.name))}"
            for array, t in zip(chosen, model.inputs)
        )
        advice += f", here {which}:\n{indented(statement)}"
    else:
        arrays = ", ".join(
            f"x_{names.get(id(t), f'in{n}')}" for n, t in enumerate(model.inputs, 1)
        )
        advice += (
            f": {names.get(id(model), 'model')}.{method}([{arrays}]"
            f"{', y' if method != 'predict' else ''}, ...)."
        )
    message = (
        f"{model_name} has {len(inputs)} inputs, {', '.join(inputs)}, but "
        f"{method}() got {got}{_at(line, text) or '. '}{advice}"
    )
    return Problem("data", message, line, text, detail=raw)
