"""What a subclassed model's ``call()`` did with its layers when traced.

The reader traces ``call()`` once, with its default ``training`` (None for
``call(self, x, training=None)``).  A layer that ``__init__`` set but
``call()`` did not use then is left out of the graph, and so of the code,
the drawing and check(): right for a layer a constructor flag turned off
(``self.bn`` of ``Net(use_bn=False)``), wrong for one used only
``if training:``.  :func:`unused_layers` names them, so the code can say
so in a note.

:func:`training_by_position` finds a layer handed ``training`` by
position, ``self.drop(x, training)``: the reader reads it as the keyword
(:func:`kerasteach._reader_ops.call_arguments`), but Keras 3 takes only
tensors by position, so the model itself fails once ``training`` is True
or False (in ``fit()`` and ``predict()``).

Part of the reader (:mod:`kerasteach._reader`), the only place that
touches Keras internals.
"""

from __future__ import annotations

import inspect

from ._reader_attributes import layer_attributes
from ._reader_ops import call_arguments, public_class

__all__ = ["traced_training", "training_by_position", "unused_layers"]


def unused_layers(model, operations) -> tuple[tuple[str, str], ...]:
    """``(attribute, class name)`` for each layer ``model`` holds in an
    attribute that neither ``operations`` (its traced graph's) nor a layer
    among them holds: ``("noise", "GaussianNoise")``, in attribute order."""
    import keras

    used: set[int] = set()
    for op in operations:
        if isinstance(op, keras.layers.Layer):
            used.update(id(la) for la in op._flatten_layers(include_self=True))
    found = []
    layers = {id(la): la for la in model._flatten_layers(include_self=False)}
    for identity, attribute in layer_attributes(model).items():
        layer = layers.get(identity)
        if layer is not None and identity not in used:
            found.append((attribute, public_class(type(layer))[1]))
    return tuple(found)


def traced_training(model) -> str | None:
    """The ``training`` the trace ran ``call()`` with, as code
    (``"training=None"``); None when ``call()`` takes no ``training``."""
    try:
        param = inspect.signature(model.call).parameters.get("training")
    except (TypeError, ValueError):
        return None
    if param is None:
        return None
    default = None if param.default is param.empty else param.default
    return f"training={default!r}"


def training_by_position(node) -> bool:
    """Whether ``node``'s call was handed ``training`` by position."""
    return "training" in call_arguments(node)[1] and (
        "training" not in node.arguments.kwargs
    )
