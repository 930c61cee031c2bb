"""Weights that no layer of the code can hold.

Functional and Sequential code rebuilds a model from its layers, and only a
layer carries weights.  A subclassed model can also hold a weight itself
(``self.bias = self.add_weight(...)`` in the model's ``build()``, or a
``keras.Variable`` set as an attribute) and use it in ``call()``; a traced
``call()`` may also use a layer's weight directly (``x + self.d.bias``).
Either way the weight is an argument of an operation, not of a layer: code
could only write its present values as a constant, and the rebuilt model
would have fewer weights and never train that one.  So the code writer
refuses, with the message of :func:`outside_weights_message`, which names
the weight as the student wrote it (``self.bias``) and says what to do.
Drawing and explaining the model need no code, so they still work.

Part of the reader (:mod:`kerasteach._reader`), the only place that touches
Keras internals.
"""

from __future__ import annotations

from .graph import leaves

__all__ = ["outside_weights_message"]


def outside_weights_message(model, nodes) -> str | None:
    """Why code cannot rebuild ``model``: the weights it holds itself, not
    in a layer, and the variables its graph's ``nodes`` take as arguments;
    None when there are none."""
    import keras

    own = list(getattr(model, "_trainable_variables", ()))
    own += list(getattr(model, "_non_trainable_variables", ()))
    used = []
    for node in nodes:
        arguments = (node.arguments.args, node.arguments.kwargs)
        used += leaves(arguments, keras.Variable)
    found = list({id(v): v for v in own + used}.values())
    if not found:
        return None
    cls = type(model).__name__
    named = [_named(model, v) for v in found]
    one = len(found) == 1
    if any(any(u is v for u in used) for v in found):
        verb = f"{cls}.call() uses"
    else:
        verb = f"{cls} has"
    shape = tuple(found[0].shape)
    return (
        f"{verb} {' and '.join(named)}, {'a weight' if one else 'weights'} "
        "that no layer of the model holds. Functional and Sequential code "
        "keeps weights only inside layers, so kerasteach cannot write "
        f"{'it' if one else 'them'}: the code would hold a constant instead, "
        "and the rebuilt model would not train it. Keep each weight in a "
        "layer of your own, made with add_weight in the layer's build(), "
        "for example:\n\n"
        "    class AddBias(keras.layers.Layer):\n"
        "        def build(self, input_shape):\n"
        "            self.bias = self.add_weight("
        f'shape={shape!r}, initializer="zeros")\n\n'
        "        def call(self, x):\n"
        "            return x + self.bias\n\n"
        "Then create it in the model's __init__ (self.add_bias = AddBias()), "
        "use self.add_bias(...) in call(), and generate the code again."
    )


def _named(model, variable) -> str:
    """``self.bias ('extra_bias', shape (4,))``: the attribute of ``model``
    (or of one of its layers) that holds ``variable``, with its name and
    shape; only the name and shape when no attribute holds it."""
    about = f"{variable.name!r}, shape {tuple(variable.shape)!r}"
    attribute = _attribute(model, variable)
    return f"self.{attribute} ({about})" if attribute else f"weight {about}"


def _attribute(model, variable) -> str | None:
    """The public attribute path from ``model`` to ``variable``
    (``bias``, ``d.bias`` for a weight of the layer in ``self.d``)."""
    from ._reader_attributes import layer_attributes

    def holder(obj) -> str | None:
        for name, value in vars(obj).items():
            if value is variable and not name.startswith("_"):
                return name
        return None

    direct = holder(model)
    if direct is not None:
        return direct
    held = layer_attributes(model)
    for layer in model._flatten_layers(include_self=False, recursive=False):
        name = holder(layer)
        if name is not None and id(layer) in held:
            return f"{held[id(layer)]}.{name}"
    return None
