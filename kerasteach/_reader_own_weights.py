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

__all__ = ["outside_weights_message", "unused_own_weights"]


def _used(nodes) -> list:
    """The variables the graph's ``nodes`` take as arguments, once each."""
    import keras

    used = []
    for node in nodes:
        used += leaves((node.arguments.args, node.arguments.kwargs), keras.Variable)
    return list({id(v): v for v in used}.values())


def unused_own_weights(model, nodes) -> tuple[str, ...]:
    """The weights ``model`` holds itself that its traced ``call()`` does
    not use (a step counter for a custom ``train_step``), as
    :func:`_named` says them: the code leaves them out, with a note."""
    own = list(getattr(model, "_trainable_variables", ()))
    own += list(getattr(model, "_non_trainable_variables", ()))
    used = {id(v) for v in _used(nodes)}
    return tuple(_named(model, v) for v in own if id(v) not in used)


def outside_weights_message(model, nodes, origin: str = "subclassed") -> str | None:
    """Why code cannot rebuild ``model``: the variables its graph's
    ``nodes`` take as arguments (a weight the model holds itself, or a
    layer's weight used outside that layer); None when there are none."""
    found = _used(nodes)
    if not found:
        return None
    who = (
        f"{type(model).__name__}.call() uses"
        if origin == "subclassed"
        else f"Model {model.name!r} uses"
    )
    owners = [_owner(model, v) for v in found]
    named = [_named(model, v) for v in found]
    one = len(found) == 1
    it = "it" if one else "them"
    if all(owner is not None for owner in owners):  # x * self.d.bias
        layers = " and ".join(dict.fromkeys(owners))
        where = "that layer" if len(set(owners)) == 1 else "those layers"
        return (
            f"{who} {' and '.join(named)}, {'a weight' if one else 'weights'} "
            f"of {layers} used outside {where}. "
            "Functional and Sequential code uses a layer's weights only "
            f"inside that layer, so kerasteach cannot write {it}: the code "
            "would hold a constant instead, which training would not change. "
            "Do that computation inside a layer of your own (a "
            "keras.layers.Layer subclass whose call() uses the weight)."
        )
    shape = tuple(found[0].shape)
    return (
        f"{who} {' and '.join(named)}, {'a weight' if one else 'weights'} "
        "that no layer of the model holds. Functional and Sequential code "
        f"keeps weights only inside layers, so kerasteach cannot write {it}: "
        "the code would hold a constant instead, and the rebuilt model would "
        f"not train {it}. Keep each weight in a layer of your own, made with "
        "add_weight in the layer's build(), for example:\n\n"
        "    class AddBias(keras.layers.Layer):\n"
        "        def build(self, input_shape):\n"
        "            self.bias = self.add_weight("
        f'shape={shape!r}, initializer="zeros")\n\n'
        "        def call(self, x):\n"
        "            return x + self.bias\n\n"
        "Then create it in the model's __init__ (self.add_bias = AddBias()), "
        "use self.add_bias(...) in call(), and try again."
    )


def _owner(model, variable) -> str | None:
    """The layer of ``model`` whose weight ``variable`` is, in words
    (``layer self.d``, ``layer 'dense'``); None for the model's own."""
    from ._reader_attributes import layer_attributes

    held = layer_attributes(model)
    for layer in model._flatten_layers(include_self=False, recursive=True):
        if any(w is variable for w in layer.weights):
            if id(layer) in held:
                return f"layer self.{held[id(layer)]}"
            return f"layer {layer.name!r}"
    return None


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
            if value is not variable:
                continue
            if not name.startswith("_"):
                return name
            # Dense keeps its kernel in _kernel, read through .kernel
            if isinstance(getattr(type(obj), name.lstrip("_"), None), property):
                return name.lstrip("_")
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
