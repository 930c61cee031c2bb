"""``IndexError: list index out of range`` on a model's layers or weights.

Two lists a beginner indexes and Python only says "list index out of
range" about: ``model.layers[2]`` when the model has 2 layers (a
Sequential model's ``keras.Input`` is not one of them, and Python counts
from 0), and ``layer.get_weights()[0]`` (or ``.weights[0]``) when the
layer has no weights, because the model has no ``keras.Input`` and has not
run yet, or because the layer (``Flatten``, ``Dropout``) learns nothing.
:func:`layers_index_problem` finds which list on the student's line it was
and says what it holds.
"""

from __future__ import annotations

import ast

from ._widget_problem import Problem, _at, _student_variables, code_of

_WEIGHTS = ("get_weights", "weights", "trainable_weights")


def _statement(text: str) -> tuple[ast.AST, str] | None:
    """The line ``text`` as a tree (an ``if``'s or a ``for``'s head too)."""
    source = text.strip()
    for head in (source, source.rstrip(":") + ": pass"):
        try:
            return ast.parse(head), source
        except SyntaxError:
            continue
    return None


def _number(node) -> int | None:
    """``2`` for ``2``, ``-1`` for ``-1``, else None."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _number(node.operand)
        return -inner if inner is not None else None
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    return None


def _value(node, names: dict):
    """The value of ``model``, ``model.layers``, ``model.layers[0]``,
    looked up without running anything else; KeyError when it cannot be."""
    if isinstance(node, ast.Name):
        return names[node.id]
    if isinstance(node, ast.Attribute) and node.attr == "layers":
        return list(_value(node.value, names).layers)
    if isinstance(node, ast.Subscript):
        index = _number(node.slice)
        items = _value(node.value, names)
        if index is None or not isinstance(items, list):
            raise KeyError(node)
        return items[index]
    raise KeyError(node)


def _names(layers) -> str:
    quoted = [repr(layer.name) for layer in layers]
    if len(quoted) > 6:
        return f"{quoted[0]} to {quoted[-1]}"
    return (
        ", ".join(quoted[:-1]) + f" and {quoted[-1]}" if len(quoted) > 1 else quoted[0]
    )


def _layers_problem(model, node, index, source, where, lines):
    import keras

    layers = list(model.layers)
    if -len(layers) <= index < len(layers):
        return None
    written = code_of(source, node)
    owner = code_of(source, node.value)
    if not layers:
        return (
            f"{owner} is empty: the model has no layers, so {written} does not "
            f"exist{where}Give keras.Sequential a list of layers."
        )
    count = len(layers)
    message = (
        f"{owner} holds {count} layer{'s' * (count != 1)}, {_names(layers)}, "
        f"at places 0 to {count - 1} (Python counts from 0), so {written} "
        f"does not exist{where}"
    )
    if isinstance(model, keras.Sequential) and any("Input(" in t for t in lines):
        message += f"keras.Input is not one of them: {owner} leaves it out. "
    message += (
        f"The first layer is {owner}[0] and the last {owner}[-1] "
        f"(here also {owner}[{count - 1}])."
    )
    return message


def _weights_problem(owner_value, node, source, where):
    import keras

    try:
        weights = owner_value.weights
    except Exception:  # noqa: BLE001 - not a layer after all
        return None
    if weights or not isinstance(owner_value, keras.Layer):
        return None
    written = code_of(source, node)
    holder = code_of(source, node.value)
    owner = code_of(source, getattr(node.value, "func", node.value).value)
    name = f"{owner} ({owner_value.name!r})" if owner != owner_value.name else owner
    is_model = isinstance(owner_value, keras.Model)
    if not owner_value.built:
        return (
            f"{name} has no weights yet, so {holder} is an empty list and "
            f"{written} does not exist{where}A layer makes its weights when it "
            "learns the shape of its input, and this model does not know it "
            "yet. Start the model with keras.Input(shape=...), the shape of one "
            "sample, or train it with fit() first; then the weights are there."
        )
    if is_model:
        return None
    return (
        f"{name}, a {type(owner_value).__name__} layer, has no weights: it "
        f"learns nothing, so {holder} is an empty list and {written} does not "
        f"exist{where}Look at the weights of a layer that learns, such as "
        "Dense or Conv2D."
    )


def layers_index_problem(exc, raw: str, line, text, lines=()) -> Problem | None:
    """``model.layers[2]`` past the last layer, or ``get_weights()[0]`` of a
    layer without weights."""
    import keras

    if not isinstance(exc, IndexError) or "out of range" not in raw or not text:
        return None
    parsed = _statement(text)
    if parsed is None:
        return None
    tree, source = parsed
    names = dict(_student_variables(exc))
    where = _at(line, text) or ". "
    for node in ast.walk(tree):
        if not isinstance(node, ast.Subscript):
            continue
        index = _number(node.slice)
        if index is None:
            continue
        inner = node.value
        message = None
        try:
            if isinstance(inner, ast.Attribute) and inner.attr == "layers":
                model = _value(inner.value, names)
                if isinstance(model, keras.Model):
                    message = _layers_problem(model, node, index, source, where, lines)
            elif (
                isinstance(inner, ast.Call)
                and getattr(inner.func, "attr", None) == "get_weights"
                and not inner.args
            ):
                message = _weights_problem(
                    _value(inner.func.value, names), node, source, where
                )
            elif isinstance(inner, ast.Attribute) and inner.attr in _WEIGHTS:
                message = _weights_problem(
                    _value(inner.value, names), node, source, where
                )
        except (KeyError, IndexError, AttributeError, TypeError):
            continue
        if message is not None:
            return Problem("error", message, line, text, detail=raw)
    return None
