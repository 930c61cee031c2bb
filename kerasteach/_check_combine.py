"""How to write a missing call that combines several tensors, for the hint
of check()'s "missing layer".

A reference combines tensors with a merge layer (``layers.Add()([a, b])``,
called on a list) or with a keras.ops function (``keras.ops.add(a, b)`` or
``a + b``, called on the tensors themselves).  The two are written
differently, so the hint writes the one the reference used, and offers the
other where Keras has both (check() counts ``a + b`` and the Add layer as
the same).
"""

from __future__ import annotations

from collections.abc import Mapping

from ._names import snake
from .graph import OP

__all__ = ["combine_hint"]

# keras.ops functions that Python writes as an operator
_OPERATORS = {
    "Add": "+",
    "Subtract": "-",
    "Multiply": "*",
    "TrueDivide": "/",
    "Divide": "/",
    "Matmul": "@",
}
# keras.ops functions that take their tensors as one list
_ON_A_LIST = {"Concatenate": ", axis=-1", "Stack": ", axis=1"}
# Keras merge layers: called on a list of tensors
_MERGE_LAYERS = {
    "Add",
    "Subtract",
    "Multiply",
    "Average",
    "Maximum",
    "Minimum",
    "Concatenate",
    "Dot",
}

# keras.ops functions whose merge layer of the same name computes something
# else: ops.dot is a matrix product (layers.Dot one per sample, with axes to
# give), ops.average's second argument is an axis
_NOT_THE_LAYER = {"Dot", "Average"}


def _axis(node, usual: str) -> str:
    """``, axis=1``: the axis the reference's operation was called with
    (its default, 0, is the batch axis, so it is always written), else
    ``usual``."""
    layer = node.source[1] if node.source is not None else None
    config = getattr(layer, "config", None)
    axis = config.get("axis") if isinstance(config, Mapping) else None
    return f", axis={axis}" if isinstance(axis, int) else usual


def combine_hint(node, desc: str, wanted: str) -> str:
    """What to write for the reference's ``node`` (said ``desc``) that
    combines ``wanted`` (the student's tensors, in words), as the first
    sentence of a hint: ``Combine the input and 'dense' with
    keras.ops.add(a, b), or a + b, or keras.layers.Add()([a, b]).``"""
    name = node.class_name
    if node.kind == OP:
        call = f"keras.ops.{snake(name)}"
        ways = (
            [f"{call}([a, b]{_axis(node, _ON_A_LIST[name])})"]
            if name in _ON_A_LIST
            else [f"{call}(a, b)"]
        )
        if name in _OPERATORS:
            ways.append(f"a {_OPERATORS[name]} b")
        if name in _MERGE_LAYERS and name not in _NOT_THE_LAYER:
            axis = _axis(node, "")
            setting = axis[2:] if axis and axis != ", axis=-1" else ""
            ways.append(f"keras.layers.{name}({setting})([a, b])")
        return f"Combine {wanted} with {', or '.join(ways)}."
    if name in _MERGE_LAYERS and node.module.startswith("keras"):
        return (
            f"Merge {wanted} with the {name} layer, called on a list: "
            f"keras.layers.{desc}([a, b])."
        )
    return f"Add {desc} and call it on {wanted}, as the reference does."
