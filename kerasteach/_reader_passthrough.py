"""Layers that hand back the very tensor they were given.

When Keras builds a model, each layer called on a symbolic tensor must
return a new one: the call is recorded on its output (``_keras_history``),
and the graph is found by walking those records back.  A layer whose
``compute_output_spec()`` returns its input itself (Keras 3's own
``Equalization`` does) writes its record over the one of its input.  Keras
then refuses the model ("... is part of a cycle") or, when the tensor was
a ``keras.Input``, quietly makes a new input and leaves the layer out of
the model.  Either way no graph holds the layer, so no code can be written
for it: the reader says which layer it is and what to do instead, rather
than pass on Keras's words or write code for a model without it.
"""

from __future__ import annotations

__all__ = ["passthrough_message", "passthrough_words"]


def passthrough_message(model) -> str | None:
    """Why a layer of ``model`` that returned the tensor it was called on
    cannot be in the model's graph, and what to write instead; None when
    every layer returned a new tensor.  The layers looked at are the
    model's own (nested ones too) and those that made their inputs: a
    Functional model whose ``keras.Input`` went straight into such a layer
    starts from a copy of that input, and only the next layer's first call
    still remembers the layer."""
    for layer in _layers_and_sources(model):
        for node in getattr(layer, "_inbound_nodes", ()):
            given = {id(t) for t in node.input_tensors}
            if any(id(t) in given for t in node.output_tensors):
                return passthrough_words(layer)
    return None


def _layers_and_sources(model) -> list:
    """The layers of ``model`` (nested ones too), then the operations that
    made the tensors they were called on, each once."""
    own = list(model._flatten_layers(include_self=False))
    found = {id(layer): layer for layer in own}
    for layer in own:
        for node in getattr(layer, "_inbound_nodes", ()):
            for tensor in node.input_tensors:
                history = getattr(tensor, "_keras_history", None)
                source = getattr(history, "operation", None)
                if source is not None:
                    found.setdefault(id(source), source)
    return list(found.values())


def passthrough_words(layer) -> str:
    """Why ``layer``, which returns the tensor it was given, cannot be in a
    model's graph, and what to write instead (the playground says it too,
    when Keras refuses the model)."""
    import keras

    cls = type(layer)
    head = (
        f"Layer {layer.name!r} ({cls.__name__}) gives back the very tensor it "
        "was given when Keras builds a model (its compute_output_spec() "
        "returns its input), so Keras cannot put it in the model's graph: "
        "it either refuses the model (a cycle) or leaves the layer out."
    )
    if getattr(keras.layers, cls.__name__, None) is not cls:  # a class of one's own
        return (
            f"{head} Make {cls.__name__}.compute_output_spec() return a new "
            "tensor, e.g. keras.KerasTensor(inputs.shape, dtype=inputs.dtype), "
            "or remove it so Keras works the output out by running call()."
        )
    return (
        f"{head} This is a limitation of {cls.__name__} in Keras "
        f"{keras.__version__}, not of your code. Wrap the layer in a "
        f"Pipeline, which runs it inside a layer of its own: "
        f"layers.Pipeline([layers.{cls.__name__}(...)]); or apply it to "
        f"your data before the model: layer = layers.{cls.__name__}(...), "
        "then dataset = dataset.map(lambda x, y: (layer(x), y))."
    )
