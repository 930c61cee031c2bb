"""One layer object used in two places, explained.

A layer object is one layer with one set of weights.  Listing the same
object twice in ``keras.Sequential([...])``, or calling it again in the
Functional API, does not make a second layer: it uses the first one again
(a shared layer).  When the second place gives it inputs of another width,
Keras says only that the input "is incompatible with the layer: expected
axis -1 ... to have value 8", and the student checks the units in vain.
:func:`reused_layer_problem` says the layer is used twice, what its
weights were made for, and shows the line with a new layer in each place.
"""

from __future__ import annotations

import ast
import re

from ._widget_problem import Problem, _at, _frames_below_student, _student_names

_AXIS = re.compile(
    r"expected axis (-?\d+) of input shape to have value (\d+), "
    r"but received input with shape (\([^)]*\))"
)


def _sequential_with(exc: BaseException, layer):
    """The ``keras.Sequential`` being built when ``exc`` was raised, and
    how many times ``layer`` is in it; ``(None, 0)`` outside one."""
    import keras

    for frame in _frames_below_student(exc):
        owner = frame.f_locals.get("self")
        if isinstance(owner, keras.Sequential):
            return owner, sum(item is layer for item in owner.layers)
    return None, 0


def _creation_code(created: dict, layer, lines: list[str]) -> str | None:
    """``layers.Dense(4)`` when the student made ``layer`` on a line of its
    own, ``d = layers.Dense(4)``; else None."""
    entry = (created or {}).get(id(layer))
    if entry is None or entry.obj is not layer:
        return None
    line = entry.line
    if not 0 < line <= len(lines):
        return None
    source = lines[line - 1].strip()
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Assign):
        return None
    value = tree.body[0].value
    if not isinstance(value, ast.Call):
        return None
    return ast.get_source_segment(source, value)


def reused_layer_problem(
    exc, raw: str, line, text, failing, created, lines
) -> Problem | None:
    """A layer already built (used before) that now receives inputs of
    another width: it is one layer used twice, not two layers."""
    found = _AXIS.search(raw)
    if found is None or failing is None:
        return None
    layer = failing[0]
    if not getattr(layer, "built", False):
        return None
    axis, width, received = found.groups()
    kind = type(layer).__name__
    who = f"Layer {layer.name!r} ({kind})"
    name = _student_names(exc).get(id(layer))
    code = _creation_code(created, layer, lines)
    new = code or f"layers.{kind}(...)"
    fixed = text and name and re.sub(rf"\b{re.escape(name)}\b", new, text)
    shown = f"\n    {fixed}" if fixed and fixed != text else ""
    sequential, count = _sequential_with(exc, layer)
    if sequential is not None and count >= 2:
        times = "twice" if count == 2 else f"{count} times"
        added = ".add(" in (text or "")
        where = "is added to keras.Sequential" if added else "appears"
        if not added:
            where += " in the list of keras.Sequential"
        again = f"{'Adding' if added else 'Listing'} {f'`{name}` ' if name else ''}"
        first = (
            f"{who} {where} {times}{_at(line, text) or '. '}{again}again does "
            "not make another layer: "
        )
        instead = f" instead of `{name}`" if name else ""
        fix = f"Make a new layer for each place{':' if shown else ''}{shown}"
        if not shown:
            fix += f": write {new} in each place{instead}."
    else:
        first = f"{who} was used before, and is called again{_at(line, text) or '. '}"
        first += "Calling a layer object again does not make another layer: "
        fix = (
            f"To have a second layer, make a new one and call it on the tensor "
            f"it should read{':' if shown else f', {new}(x)'}{shown}\n(To share "
            "one layer on purpose, as in a siamese network, give it inputs of "
            "the same shape.)"
        )
    message = (
        f"{first}it is the same layer, with the same weights. Its weights were "
        f"made for inputs whose axis {axis} has size {width} (its first use), "
        f"but here it receives shape {received}.\n{fix}\nKeras says: {raw}"
    )
    return Problem(
        "shape", message, line, text, detail=raw, layer=layer.name, shapes=(received,)
    )
