"""A batch size that comes only from the data a model was first called on.

A subclassed model called on a batch of 4 builds a nested
``keras.Sequential([Dense(16), Dense(8)])`` on that batch: Keras gives the
Sequential an input of shape ``(4, 10)``, so its code would say
``keras.Input(batch_shape=(4, 10))``, "batches of 4", an accident of the
data (Keras takes other batch sizes at run time, and the outer model's
input has none).  :func:`without_data_batch` leaves that batch size out of
the nested models' graphs.  A student who fixed a batch size other than the
data's (``keras.Input(shape=(10,), batch_size=8)``) keeps it, and so does a
nested model with a stateful layer, which really needs its batch size.

Part of the reader (:mod:`kerasteach._reader`), the only place that touches
Keras internals.
"""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

from .graph import INPUT, MODEL, ModelGraph

__all__ = ["data_batch", "without_data_batch"]


def data_batch(model) -> int | None:
    """The batch size of the data ``model`` was built on (Keras records the
    shape of its first call), or None when it was built without one
    (``model.build((None, 10))``) or on several inputs of other sizes."""
    shapes = getattr(model, "_build_shapes_dict", None) or {}
    if len(shapes) != 1:
        return None
    (shape,) = shapes.values()
    firsts = set()
    for one in shape.values() if isinstance(shape, dict) else [shape]:
        if isinstance(one, (list, tuple)) and one and isinstance(one[0], (list, tuple)):
            firsts.update(s[0] if s else None for s in one)
        elif isinstance(one, (list, tuple)) and one:
            firsts.add(one[0])
        else:
            return None
    (batch,) = firsts if len(firsts) == 1 else (None,)
    return batch if isinstance(batch, int) else None


def without_data_batch(graph: ModelGraph, batch: int | None) -> ModelGraph:
    """``graph`` with ``batch`` left out of its nested models' inputs and
    shapes, but for a nested model with a stateful layer."""
    if batch is None:
        return graph
    layers = []
    for layer in graph.layers:
        sub = layer.submodel
        if layer.kind == MODEL and sub is not None and not _stateful(sub):
            layer = dataclasses.replace(layer, submodel=_unbatched(sub, batch))
        layers.append(layer)
    return dataclasses.replace(graph, layers=tuple(layers))


def _stateful(graph: ModelGraph) -> bool:
    """Whether a layer of ``graph`` (or of a model nested in it) is
    stateful: a stateful RNN keeps its state per sample of a fixed batch."""
    for layer in graph.layers:
        if layer.submodel is not None and _stateful(layer.submodel):
            return True
        try:
            if layer.config.get("stateful"):
                return True
        except Exception:  # noqa: BLE001 - an unreadable config: not known
            continue
    return False


def _unbatched(graph: ModelGraph, batch: int) -> ModelGraph:
    """``graph``, a nested model built on data of ``batch`` samples, as if
    it was built without a batch size: its inputs, shapes and nested
    models."""
    layers = []
    for layer in graph.layers:
        if layer.kind == INPUT:
            shape = tuple(layer.config.get("batch_shape") or ())
            if not shape or shape[0] != batch:
                return graph  # the student's own batch size: keep it
            config = MappingProxyType(
                {**layer.config, "batch_shape": (None, *shape[1:])}
            )
            layer = dataclasses.replace(layer, config=config)
        elif layer.kind == MODEL and layer.submodel is not None:
            layer = dataclasses.replace(
                layer, submodel=_unbatched(layer.submodel, batch)
            )
        layers.append(layer)
    calls = [
        dataclasses.replace(
            call,
            output_shapes=tuple(
                (None, *shape[1:]) if shape and shape[0] == batch else shape
                for shape in call.output_shapes
            ),
        )
        for call in graph.calls
    ]
    return dataclasses.replace(graph, layers=tuple(layers), calls=tuple(calls))
