"""The code's notes on how a subclassed model's ``call()`` was traced.

The reader runs ``call()`` once on symbolic inputs, so the code holds what
that one run did.  These notes say what the student must know about it:
a layer the model holds that the run did not use (and so the code leaves
out), and a ``training`` handed on by position, which the code reads as
the keyword but which makes Keras 3 refuse the student's own model in
``fit()`` and ``predict()``.
"""

from __future__ import annotations

from ._reason_words import _and, held_word
from .graph import ModelGraph

__all__ = ["trace_notes"]


def trace_notes(graph: ModelGraph) -> list[str]:
    """The notes for ``graph``: none for a model that is not subclassed,
    nor for one whose ``call()`` used all its layers, by keyword."""
    notes = []
    if graph.unused:
        notes.append(_unused_note(graph))
    if graph.training_by_position:
        notes.append(_by_position_note(graph))
    if graph.unused_weights:
        notes.append(_unused_weights_note(graph))
    return notes


def _unused_weights_note(graph: ModelGraph) -> str:
    one = len(graph.unused_weights) == 1
    it = "it" if one else "them"
    return (
        f"Model {graph.name!r} holds {_and(list(graph.unused_weights))}, "
        f"{'a weight' if one else 'weights'} of its own that call() does not "
        f"use (a counter for a custom train_step, say), so this code leaves "
        f"{it} out: the rebuilt model has the same layers and computes the "
        f"same, with fewer weights, so copy the layers' weights one by one "
        "(new.get_layer(name).set_weights(layer.get_weights())), not with "
        "model.set_weights()."
    )


def _unused_note(graph: ModelGraph) -> str:
    held = [f"self.{attribute} ({cls})" for attribute, cls in graph.unused]
    it = "it" if len(held) == 1 else "them"
    how = f" with {graph.traced_with}" if graph.traced_with else ""
    example = f"self.{graph.unused[0][0]}"
    return (
        f"Model {graph.name!r} holds {_and(held)}, but call() did not use {it} "
        f"when kerasteach traced call(){how}, so this code leaves {it} out. If "
        f"call() uses {it} only when training (if training: x = {example}(x)), "
        f"put {it} in the model always (x = {example}(x)): Keras layers like "
        "Dropout and GaussianNoise already act only when training. If a "
        f"setting of your model turned {it} off, there is nothing to change."
    )


def _by_position_note(graph: ModelGraph) -> str:
    words = []
    for name in graph.training_by_position:
        layer = graph.layer(name)
        word = held_word(layer) if layer.attribute else repr(name)
        words.append(f"{word} ({layer.class_name})")
    first = graph.layer(graph.training_by_position[0])
    call = held_word(first) if first.attribute else "layer"
    return (
        f"call() of model {graph.name!r} hands training to {_and(words)} by "
        f"position, as in {call}(x, training). Keras 3 takes only tensors by "
        "position, so your model stops with 'Only input tensors may be passed "
        "as positional arguments' as soon as training is True or False "
        "(model.fit(), model.predict()). Pass it by name, "
        f"{call}(x, training=training), or leave it out: Keras hands training "
        "on to the layers by itself. This code leaves it out."
    )
