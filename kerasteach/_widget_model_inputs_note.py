"""``keras.Model(inputs=merged, ...)`` where ``merged`` never held a
keras.Input: the output of a layer (``merged = layers.Concatenate()([a,
b])``).  Keras starts the model there without a word, and leaves that
layer and all before it out.

:func:`not_an_input_advice` says so, for the note of
:mod:`kerasteach._widget_model_notes` about the layer left out, and shows
the ``keras.Model`` line with the keras.Input tensors the layer was called
on.  (``x = layers.Dense(4)(x)``, where ``x`` did hold the keras.Input
before, is the note's own case.)
"""

from __future__ import annotations

import ast
import re

from ._widget_calls import model_inputs
from ._widget_problem import is_input_tensor


def _reassigned(name: str, text: str) -> bool:
    """Whether ``text`` (``x = layers.Dense(4)(x)``) gives ``name`` a new
    value made from its old one."""
    target, _, value = text.partition("=")
    return bool(
        re.fullmatch(rf"\s*{re.escape(name)}\s*", target)
        and re.search(rf"\b{re.escape(name)}\b", value)
    )


def _called_on(text: str, namespace: dict) -> list[str] | None:
    """The names of the tensors the layer on ``text`` is called on, when
    all are keras.Input tensors (``[a, b]`` in ``merged =
    layers.Concatenate()([a, b])``), else None."""
    import keras

    try:
        statement = ast.parse(text.strip()).body[0]
    except (SyntaxError, IndexError):
        return None
    value = getattr(statement, "value", None)
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Call)):
        return None  # not layer(...)(tensors)
    names = []
    for node in value.args:
        for name in ast.walk(node):
            if isinstance(name, ast.Name) and isinstance(
                namespace.get(name.id), keras.KerasTensor
            ):
                names.append(name.id)
    if not names or not all(is_input_tensor(namespace[n]) for n in names):
        return None
    return list(dict.fromkeys(names))


def _model_line(result, name: str) -> str | None:
    """The student's ``keras.Model(...)`` line that gives ``name`` as its
    inputs, with the inputs replaced by ``{inputs}``, else None."""
    for node in model_inputs(result.source_lines):
        if (
            isinstance(node, ast.Name)
            and node.id == name
            and node.lineno == node.end_lineno
        ):
            code = result.source_lines[node.lineno - 1]
            start, end = node.col_offset, node.end_col_offset
            return (code[:start] + "{inputs}" + code[end:]).strip()
    return None


def not_an_input_advice(result, name: str, line: int, text: str) -> str | None:
    """What to write when ``keras.Model`` gets ``name`` as its inputs and
    ``name`` is the output of the layer made on ``line`` (``text``), never
    a keras.Input; None when ``name`` held the keras.Input before."""
    if _reassigned(name, text):
        return None
    advice = (
        f"keras.Model gets {name} as its inputs, but {name} is the output "
        "of this layer, not a keras.Input tensor, so Keras starts the model "
        f"at {name} and leaves out this layer and everything before it. The "
        "inputs of keras.Model must be the keras.Input tensors the model "
        "starts from"
    )
    inputs = _called_on(text, result.namespace)
    written = _model_line(result, name)
    if inputs is None or written is None:
        return advice + "."
    given = inputs[0] if len(inputs) == 1 else f"[{', '.join(inputs)}]"
    return advice + f":\n    {written.replace('{inputs}', given)}"
