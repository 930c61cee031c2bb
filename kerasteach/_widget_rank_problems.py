"""A layer given samples with an axis too many, explained.

:func:`kerasteach._widget_model_problems._rank_problem` explains samples
with too few axes (a ``Conv2D`` on flat vectors).  The opposite comes from
images given to a layer of sequences: ``layers.LSTM(16)`` or
``layers.Conv1D(8, 3)`` on samples of shape ``(28, 28, 1)``.  Keras says
"expected ndim=3, found ndim=4", or, for a convolution, that its "Kernel
shape must have the same length as input"; :func:`extra_axis_problem`
says what the layer reads and the layer or the ``Reshape`` that fits the
data.
"""

from __future__ import annotations

import math
import re

from ._widget_problem import Problem, _at, _shape_text

_NDIM = re.compile(r"expected ndim=(\d+), found ndim=(\d+)")
_KERNEL = re.compile(r"Kernel shape must have the same length as input")


def extra_axis_problem(exc, raw: str, line, text, failing=None) -> Problem | None:
    """A layer of sequences (``LSTM``, ``Conv1D``, ``MaxPooling1D``) on
    samples with more axes than (steps, features)."""
    ndim = _NDIM.search(raw)
    if failing is None or not (ndim or _KERNEL.search(raw)):
        return None
    if ndim and int(ndim.group(2)) <= int(ndim.group(1)):
        return None
    from ._widget_merge_problems import _tensors

    layer, frame_locals = failing
    tensors = _tensors(frame_locals)
    if not tensors:
        return None
    sample = tuple(tensors[0].shape)[1:]
    kind = type(layer).__name__
    rank = {"1D": 1, "2D": 2, "3D": 3}.get(kind[-2:])
    if rank is None and ndim:  # LSTM, GRU...: (steps, features)
        rank = int(ndim.group(1)) - 2
    if rank is None or len(sample) <= rank + 1:
        return None
    who = f"Layer {layer.name!r} ({kind})"
    where = _at(line, text) or ". "
    reads = (
        "sequences, each sample of shape (steps, features)"
        if rank == 1
        else f"samples of {rank} axes and channels"
    )
    extra = len(sample) - rank - 1
    message = (
        f"{who} reads {reads}, but it receives samples of shape "
        f"{_shape_text(sample)}, with {'one axis' if extra == 1 else f'{extra} axes'}"
        f" too many{where}"
    )
    same = kind[:-2] + f"{len(sample) - 1}D" if kind[-2:] in ("1D", "2D") else None
    if same is not None and hasattr(_layers(), same):
        settings = _settings(layer)
        what = "images" if len(sample) == 3 else "samples"
        message += (
            f"For {what} of shape {_shape_text(sample)}, use "
            f"layers.{same}({settings}) instead."
        )
    else:
        rest = math.prod(d for d in sample[1:] if d is not None)
        message += (
            f"To read the first axis as the steps (the rows of an image), put "
            f"layers.Reshape(("
            f"{sample[0]}, {rest})) before this layer"
        )
        if len(sample) == 3 and sample[-1] == 1:
            message += (
                f", or start from keras.Input(shape=({sample[0]}, {sample[1]})), "
                "grey images without their channel axis"
            )
        message += "."
    return Problem(
        "shape",
        f"{message}\nKeras says: {raw}",
        line,
        text,
        detail=raw,
        layer=layer.name,
        shapes=(_shape_text(sample),),
    )


def _layers():
    import keras

    return keras.layers


def _settings(layer) -> str:
    """The settings the layer was made with that its wider version takes
    too: ``8, 3`` for ``Conv1D(8, 3)``, ``2`` for ``MaxPooling1D(2)``."""
    parts = []
    filters = getattr(layer, "filters", None)
    if isinstance(filters, int):
        parts.append(str(filters))
    for name in ("kernel_size", "pool_size"):
        size = getattr(layer, name, None)
        if isinstance(size, (tuple, list)) and size:
            parts.append(str(size[0]))
    return ", ".join(parts)
