"""Merging layers given tensors whose shapes do not go together, explained.

``Add``, ``Subtract``, ``Multiply``, ``Average``, ``Maximum`` and ``Minimum``
combine their inputs number by number, so the inputs need the same shape;
``Concatenate`` puts them side by side along one axis, so every other axis
must match.  Keras says "Inputs have incompatible shapes" or "requires
inputs with matching shapes except for the concatenation axis";
:func:`merge_shape_problem` names each input by the student's variable and
the layer it comes from, says which sizes differ, and what to change.
Python's operators on two tensors (``a + b``) work number by number too:
:func:`operator_shape_problem` says the same for them.  The tensors
written in the brackets that make the layer
(``layers.Add([a, b])``) are explained by
:func:`merge_tensors_in_settings_problem` and :func:`merge_tensors_message`.
"""

from __future__ import annotations

import ast
import re

from ._widget_merge_sizes import size_words
from ._widget_problem import (
    Problem,
    _at,
    _shape_text,
    _student_names,
    _student_variables,
)

_ELEMENTWISE = {
    "Add": "adds",
    "Subtract": "subtracts",
    "Multiply": "multiplies",
    "Average": "averages",
    "Maximum": "takes the maximum of",
    "Minimum": "takes the minimum of",
}


def _tensors(frame_locals: dict) -> list:
    """The Keras tensors the failing layer was called on, in order."""
    import keras

    found: list = []
    stack = [frame_locals.get("args", ()), frame_locals.get("inputs")]
    while stack:
        item = stack.pop(0)
        if isinstance(item, keras.KerasTensor):
            found.append(item)
        elif isinstance(item, (list, tuple)):
            stack[:0] = list(item)
    return found


def _origin(tensor) -> str:
    """``"from layer 'dense' (Dense, units=16)"``, or ``""``."""
    history = getattr(tensor, "_keras_history", None)
    layer = history[0] if history else None
    if layer is None:
        return ""
    kind = type(layer).__name__
    if kind == "InputLayer":
        return "from keras.Input"
    size = next(
        (
            f", {key}={getattr(layer, key)}"
            for key in ("units", "filters")
            if isinstance(getattr(layer, key, None), int)
        ),
        "",
    )
    return f"from layer {layer.name!r} ({kind}{size})"


def _named(exc, tensors) -> list[str]:
    names = _student_names(exc)
    described = []
    for n, tensor in enumerate(tensors):
        name = names.get(id(tensor), f"input {n + 1}")
        origin = _origin(tensor)
        described.append(
            f"{name}, of shape {_shape_text(tuple(tensor.shape))}"
            + (f", {origin}" if origin else "")
        )
    return described


def _plain_names(exc, tensors) -> list[str]:
    names = _student_names(exc)
    return [names.get(id(t), f"input {n + 1}") for n, t in enumerate(tensors)]


_AXIS_NAMES = {
    3: {1: "the steps", 2: "the features"},
    4: {1: "the height", 2: "the width", 3: "the channels"},
    5: {1: "the depth", 2: "the height", 3: "the width", 4: "the channels"},
}


def _wrong_axis_words(shapes: list[tuple], axis: int, text) -> str | None:
    """``Concatenate(axis=1)`` on tensors that differ only in their last
    axis: they would go side by side on the last axis, which is what
    Concatenate does when axis is left out."""
    rank = len(shapes[0])
    if rank < 3 or len({len(s) for s in shapes}) != 1 or axis % rank in (0, rank - 1):
        return None
    if _differing_axes(shapes, axis) != [rank - 1]:
        return None
    if any(a != b for s in shapes for a, b in zip(s[1:-1], shapes[0][1:-1])):
        return None
    what = _AXIS_NAMES.get(rank, {}).get(axis % rank, f"axis {axis}")
    last = _AXIS_NAMES.get(rank, {}).get(rank - 1, "the last axis")
    words = (
        f"axis={axis} joins {what} (the tensors are stacked along it), so "
        f"{last} must match, and they differ: "
        + " vs ".join(str(s[-1]) for s in shapes)
        + f". To put {last} side by side, leave axis out (the last axis, -1)"
    )
    fixed = re.sub(
        r",\s*axis\s*=\s*-?\d+|axis\s*=\s*-?\d+\s*,?\s*", "", text or "", count=1
    )
    if fixed.strip() and fixed != text:
        return f"{words}:\n    {fixed.strip()}"
    return words + "."


def _differing_axes(shapes: list[tuple], skip: int | None) -> list[int]:
    """The axes (after the batch axis) whose sizes differ, ``skip`` left out."""
    rank = len(shapes[0])
    axes = []
    for axis in range(1, rank):
        if skip is not None and axis == skip % rank:
            continue
        sizes = {s[axis] for s in shapes if s[axis] is not None}
        if len(sizes) > 1:
            axes.append(axis)
    return axes


def merge_shape_problem(exc, raw: str, line, text, failing) -> Problem | None:
    """A merging layer whose inputs' shapes do not go together."""
    if failing is None:
        return None
    layer, frame_locals = failing
    kind = type(layer).__name__
    if kind not in _ELEMENTWISE and kind != "Concatenate":
        return None
    tensors = _tensors(frame_locals)
    if len(tensors) < 2:
        return None
    shapes = [tuple(t.shape) for t in tensors]
    listed = " and ".join(_named(exc, tensors))
    who = f"Layer {layer.name!r} ({kind})"
    where = _at(line, text) or ". "
    ranks = {len(s) for s in shapes}
    if kind in _ELEMENTWISE:
        what = (
            f"{who} {_ELEMENTWISE[kind]} its inputs number by number, so they "
            f"need the same shape, but it receives {listed}{where}"
        )
        if len(ranks) > 1:
            fix = (
                "They have different numbers of axes: give both the same "
                "(layers.Flatten() on the one with more, or a Reshape)."
            )
        else:
            fix = (
                "Give the branches the same size (the same units or filters "
                "in the layers that make them), or use layers.Concatenate() "
                "to put tensors of different sizes side by side."
            )
            sizes = size_words(tensors, _plain_names(exc, tensors))
            if sizes is not None:
                fix = sizes
                if len({s[-1] for s in shapes}) > 1:
                    fix += (
                        " Their channels differ too ("
                        + " vs ".join(str(s[-1]) for s in shapes)
                        + "): give the layers that make them the same filters."
                    )
            elif len(shapes[0]) >= 3 and _differing_axes(shapes, None) == [
                len(shapes[0]) - 1
            ]:
                other = _student_names(exc).get(id(tensors[1]), "the shortcut")
                conv = {3: "Conv1D", 4: "Conv2D", 5: "Conv3D"}.get(len(shapes[0]))
                fix += (
                    f" For a skip connection, a 1x1 convolution gives {other} "
                    f"{shapes[0][-1]} channels like the other: "
                    f"layers.{conv}({shapes[0][-1]}, 1)({other})."
                )
    else:
        axis = getattr(layer, "axis", -1)
        what = (
            f"{who} puts its inputs side by side along axis {axis}, so all "
            f"their other axes must have the same size, but it receives "
            f"{listed}{where}"
        )
        if len(ranks) > 1:
            fix = (
                "They have different numbers of axes. Flatten the ones with "
                "more axes first (layers.Flatten()), or use a Reshape, so that "
                "each is (None, size)."
            )
        elif (wrong_axis := _wrong_axis_words(shapes, axis, text)) is not None:
            fix = wrong_axis
        elif axis in (-1, len(shapes[0]) - 1) and (
            sizes := size_words(tensors, _plain_names(exc, tensors), fallback=False)
        ):
            fix = sizes
        else:
            axes = _differing_axes(shapes, axis)
            sizes = "; ".join(
                f"axis {a}: {' vs '.join(str(s[a]) for s in shapes)}" for a in axes
            )
            fix = (
                f"They differ in {sizes or 'size'}. Make those sizes equal first "
                "(pooling or strides on the bigger one, UpSampling on the "
                "smaller; or the same units), or flatten both with "
                "layers.Flatten() before joining them."
            )
    if kind == "Concatenate" and getattr(layer, "axis", -1) == 0:
        fix = (
            "Axis 0 is the batch axis (one row per sample): to join the "
            "features of each sample, leave axis out (the last axis, -1)."
        )
    message = f"{what}{fix}\nKeras says: {raw}"
    return Problem(
        "shape",
        message,
        line,
        text,
        detail=raw,
        layer=layer.name,
        shapes=tuple(_shape_text(s) for s in shapes[:2]),
    )


_MERGES = (*_ELEMENTWISE, "Concatenate", "Dot")


def tensors_moved(text: str | None) -> str | None:
    """``x = layers.Add([a, b])`` written ``x = layers.Add()([a, b])``: the
    list of tensors moved from the brackets that make a merging layer to
    the ones that call it; None when the line is not that."""
    source = (text or "").strip()
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or len(node.args) != 1:
            continue
        name = getattr(node.func, "attr", getattr(node.func, "id", None))
        if name not in _MERGES or not isinstance(node.args[0], (ast.List, ast.Tuple)):
            continue
        func = ast.get_source_segment(source, node.func)
        tensors = ast.get_source_segment(source, node.args[0])
        settings = [ast.get_source_segment(source, k) for k in node.keywords]
        if None in (func, tensors, *settings):
            return None
        fixed = f"{func}({', '.join(settings)})({tensors})"
        return source.replace(ast.get_source_segment(source, node), fixed, 1)
    return None


def merge_tensors_message(text: str | None, where: str, took: str) -> str | None:
    """What to say when the tensors of a merging layer went into the
    brackets that make it (``layers.Add([a, b])``); ``took`` says what Keras
    made of them."""
    fixed = tensors_moved(text)
    if fixed is None:
        return None
    return (
        f"The tensors went into the brackets that make the layer{where}"
        f"{took}A layer has two pairs of brackets: the first make it (and hold "
        "its settings), the second call it on tensors. A merging layer takes "
        f"its tensors as one list in the second:\n    {fixed}"
    )


def merge_tensors_in_settings_problem(exc, raw: str, line, text) -> Problem | None:
    """``layers.Add([a, b])``: Python's "Merge.__init__() takes 1 positional
    argument but 2 were given"."""
    if not isinstance(exc, TypeError) or "__init__() takes" not in raw:
        return None
    message = merge_tensors_message(text, _at(line, text) or ". ", "")
    if message is None:
        return None
    return Problem("error", message, line, text, detail=raw)


_OPERATORS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_OPERATOR_VERBS = {"+": "adds", "-": "subtracts", "*": "multiplies", "/": "divides"}


def operator_shape_problem(exc, raw: str, line, text) -> Problem | None:
    """``a + b`` on two tensors of different sizes: Python's operators work
    number by number, as ``layers.Add()`` does."""
    import keras

    if "broadcast" not in raw.lower() and "incompatible shapes" not in raw.lower():
        return None
    source = (text or "").strip()
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    variables = dict(_student_variables(exc))
    for node in ast.walk(tree):
        symbol = _OPERATORS.get(type(getattr(node, "op", None)))
        if not isinstance(node, ast.BinOp) or symbol is None:
            continue
        sides = [node.left, node.right]
        if not all(isinstance(s, ast.Name) and s.id in variables for s in sides):
            continue
        tensors = [variables[s.id] for s in sides]
        if not all(isinstance(t, keras.KerasTensor) for t in tensors):
            continue
        left, right = (s.id for s in sides)
        listed = " and ".join(_named(exc, tensors))
        message = (
            f"{left} {symbol} {right} {_OPERATOR_VERBS[symbol]} number by number, "
            f"so both need the same shape, but it gets {listed}"
            f"{_at(line, text) or '. '}Give the branches the same size (the "
            "same units or filters in the layers that make them), or put them "
            f"side by side with layers.Concatenate()([{left}, {right}])."
            f"\nKeras says: {raw}"
        )
        return Problem(
            "shape",
            message,
            line,
            text,
            detail=raw,
            shapes=tuple(_shape_text(tuple(t.shape)) for t in tensors),
        )
    return None
