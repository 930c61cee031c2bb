"""Layers the student's code made that are in no model.

A layer made and never called, a layer whose output is kept nowhere
(``layers.Dense(1)(x)`` alone on a line), a layer called on the wrong
tensor (``layers.Dense(8)(inputs)`` again, so the one before it leads
nowhere), ``keras.Model`` given a layer's output as its inputs
(:mod:`kerasteach._widget_model_inputs_note`): Keras builds the model
without them and says nothing.  :func:`unused_layers` names each (the
first three) and says which of these it is.

Not counted: the layers of any model the code made, kept or replaced
(``model = keras.models.load_model(...)``), the layers Keras makes in the
student's calls (``model.save``), a layer handed to a wrapper of the
model (``Bidirectional(layers.LSTM(8))`` copies it), and a layer that did
its work on data (a ``Normalization`` before ``fit``, a step in
``tf.data``'s ``map``, a layer tried out on an array).
"""

from __future__ import annotations

import re

from ._widget_calls import model_inputs
from ._widget_model_inputs_note import not_an_input_advice
from ._widget_problem import _statement_span

__all__ = ["unused_layers"]


def _layers(model) -> list:
    try:
        return list(model.layers)
    except Exception:  # noqa: BLE001 - a model that cannot list its layers
        return []


def _all_layers(model) -> set[int]:
    """The ``id`` of every layer of ``model``, nested models' included."""
    import keras

    found: set[int] = set()
    stack = [model]
    while stack:
        item = stack.pop()
        if id(item) in found:
            continue
        found.add(id(item))
        if isinstance(item, keras.Model):
            stack.extend(_layers(item))
    return found


def _held_layers(layer) -> set[int]:
    """The ``id`` of the layers ``layer`` holds in its attributes, and of
    those they hold (an LSTM's cell): made inside it, not by the student."""
    import keras

    found: set[int] = set()
    stack = [layer]
    while stack:
        item = stack.pop()
        for value in vars(item).values():
            values = value if isinstance(value, (list, tuple)) else [value]
            for held in values:
                if isinstance(held, keras.Layer) and id(held) not in found:
                    found.add(id(held))
                    stack.append(held)
    return found


def _adds_several(call) -> bool:
    """Whether ``call`` is ``model.add(a, b)``: several layers to one add."""
    return getattr(call.func, "attr", None) == "add" and len(call.args) >= 2


def _called(layer) -> bool:
    """Whether ``layer`` was ever called (it has an output)."""
    try:
        layer.output  # noqa: B018 - raises for a layer never called
    except Exception:  # noqa: BLE001 - never called, or called several times
        return bool(getattr(layer, "built", False))
    return True


def _used_on_data(layer) -> bool:
    """Whether ``layer`` did its work on data, not on a model's tensors:
    called on a NumPy array or inside ``tf.data``'s ``map`` (a
    ``Normalization`` or ``TextVectorization`` step before the model, a
    layer tried out on its own), or adapted.  Such a layer is built, but
    no call of it on a ``keras.Input``'s tensors is recorded."""
    if not getattr(layer, "built", False):
        return False
    nodes = getattr(layer, "_inbound_nodes", None)
    return isinstance(nodes, list) and not nodes


def _starts_a_model(layer, result) -> str | None:
    """The student's variable given to ``keras.Model`` as its inputs when
    it holds ``layer``'s output (``inputs = layers.Dense(4)(inputs)`` before
    ``keras.Model(inputs, ...)``: Keras starts the model there), else None."""
    import ast

    for node in model_inputs(result.source_lines):
        names = node.elts if isinstance(node, (ast.List, ast.Tuple)) else [node]
        for name in names:
            value = result.namespace.get(getattr(name, "id", None))
            history = getattr(value, "_keras_history", None)
            if history is not None and history[0] is layer:
                return name.id
    return None


def unused_layers(result) -> list[str]:
    """Layers the code made that are in no model: an output kept nowhere
    (``layers.Dense(1)(x)`` alone on a line), or a layer called on the
    wrong tensor, so that the one before it leads nowhere."""
    import ast

    import keras

    # a model the code made, then replaced (model = load_model(...)), held them
    models = list(result.namespace.values())
    models += [entry.obj for entry in result.created.values()]
    used: set[int] = set()
    for value in models:
        if isinstance(value, keras.Model):
            used |= _all_layers(value)
    # only those the code made itself, not Keras in its calls (model.save)
    made = [(e.obj, e.line) for e in result.created.values() if e.direct]
    for obj, _ in made:  # an LSTM's cell, a Bidirectional's two LSTMs
        if isinstance(obj, keras.Layer) and id(obj) in used:
            used |= _held_layers(obj)
    # Bidirectional(layers.LSTM(8)) copies the LSTM it is given: a layer
    # never called, made in the statement of such a wrapper of the model,
    # was given to it (but model.add(a, b) drops b: that one is named)
    wrappers = (keras.layers.Wrapper, keras.layers.Bidirectional)
    model_lines = set()
    for obj, line in made:
        if id(obj) in used and line and isinstance(obj, wrappers):
            start, end = _statement_span(result.source_lines, line)
            model_lines.update(range(start, end + 1))
    unused = [
        (obj, line)
        for obj, line in made
        if isinstance(obj, keras.Layer)
        and not isinstance(obj, (keras.Model, keras.layers.InputLayer))
        and id(obj) not in used
        and not (line in model_lines and not _called(obj))
        and not _used_on_data(obj)
    ]
    notes = []
    for layer, line in sorted(unused, key=lambda item: item[1])[:3]:
        text = result.source_lines[line - 1].strip() if line else ""
        try:
            statement = ast.parse(text).body[0]
        except (SyntaxError, IndexError):
            statement = None
        kept_nowhere = isinstance(statement, ast.Expr) and isinstance(
            statement.value, ast.Call
        )
        if kept_nowhere and isinstance(statement.value.func, ast.Call):
            advice = (
                f"Line {line} calls it but keeps its output nowhere: give the "
                f"output a name, outputs = {text}, and use that name in the "
                "next layer or in keras.Model(inputs, outputs)."
            )
        elif kept_nowhere and _adds_several(statement.value):
            advice = (
                f"model.add() takes one layer at a time: on line {line}, the "
                "second was taken as another setting and left out. Write one "
                "model.add(...) for each layer."
            )
        elif kept_nowhere or not _called(layer):
            advice = (
                f"Line {line} makes it, but it is never called on a tensor nor "
                "put in the list of keras.Sequential."
            )
        elif name := _starts_a_model(layer, result):
            own = "h" if name == "x" else "x"
            renamed = re.sub(rf"^{re.escape(name)}\b", own, text)
            advice = not_an_input_advice(result, name, line, text) or (
                f"keras.Model starts from its output: {name} held the "
                f"keras.Input tensor until line {line} gave it this layer's "
                f"output, so keras.Model({name}, ...) starts after this layer "
                "and leaves it out. Give the output a name of its own, and call "
                f"the next layer on it:\n    {renamed}"
            )
        else:
            advice = (
                "No layer of the model reads its output: check that the next "
                "layer is called on it (x = layers.Dense(8)(x), not on inputs "
                "again), and that keras.Model gets the last output."
            )
        notes.append(
            f"Layer {layer.name!r} ({type(layer).__name__}, line {line}) is not "
            f"part of the model. {advice}"
        )
    return notes
