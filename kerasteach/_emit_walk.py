"""What the graphs of one model have in common, for the code writer: a
model's own graph, those of its nested models and those of the models its
layers hold (``Layer.wrapped``), walked once each.

:mod:`kerasteach._emit_models` asks which layers and models more than one
graph uses (made once), which names the code keeps, and whether freezing a
whole model says all about its layers.
"""

from __future__ import annotations

from ._names import is_auto_name, name_stem
from .graph import INPUT, OP, ModelGraph

__all__ = ["all_frozen", "kept_stems", "used_across"]


def all_frozen(graph: ModelGraph) -> bool:
    """Whether every layer in ``graph``, nested ones too, is frozen: then
    ``model.trainable = False`` after building it says all, since it
    freezes them all.  Otherwise (a model frozen, then its top layers
    unfrozen for fine-tuning) the code passes ``trainable=False`` to the
    model's constructor, which leaves its layers as they are."""
    return all(
        not layer.trainable
        for g in _graphs(graph)
        for layer in _members(g)
        if layer.kind not in (INPUT, OP)
    )


def _members(graph: ModelGraph):
    """The layers of ``graph`` and the models they hold (``Layer.wrapped``)."""
    for layer in graph.layers:
        yield layer
        yield from (held for _, held in layer.wrapped)


def _graphs(graph: ModelGraph):
    """The model's graph and each nested model's graph, each once (a nested
    model used in two graphs is one graph)."""
    read: set[int] = set()
    stack = [graph]
    while stack:
        g = stack.pop()
        yield g
        for layer in _members(g):
            if layer.submodel is not None and layer.identity not in read:
                if layer.identity is not None:
                    read.add(layer.identity)
                stack.append(layer.submodel)


def used_across(graph: ModelGraph) -> set[int]:
    """The identities of the layers and nested models that more than one of
    the model's graphs lists."""
    count: dict[int, int] = {}
    for g in _graphs(graph):
        for layer in _members(g):
            if layer.identity is not None:
                count[layer.identity] = count.get(layer.identity, 0) + 1
    return {identity for identity, n in count.items() if n > 1}


def kept_stems(graph: ModelGraph) -> set[str]:
    """The stems (:func:`~kerasteach._names.name_stem`) of the names
    of the model and its layers that Keras did not make up, in all of its
    graphs: readable code keeps those names."""
    stems: set[str] = set()
    for g in _graphs(graph):
        model_class = "Sequential" if g.origin == "sequential" else "Functional"
        for name, class_name in [(g.name, model_class)] + [
            (layer.name, layer.class_name) for layer in g.layers
        ]:
            if not is_auto_name(name, class_name):
                stems.add(name_stem(name))
    return stems
