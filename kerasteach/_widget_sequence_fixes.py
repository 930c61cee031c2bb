"""Better advice for a layer given samples with too few axes, when the
layer before it says why.

:func:`kerasteach._widget_model_problems._rank_problem` explains a layer
that needs sequences or images given samples with too few axes, and
suggests a ``Reshape`` or a ``keras.Input`` with more axes.  Common
causes need other advice, which :func:`rank_fix` gives:

* ``LSTM(64)`` then ``LSTM(32)`` (or a ``Conv1D`` or a 1-D pooling
  layer): the first gives one vector per sequence; it needs
  ``return_sequences=True`` to feed the second;
* ``Flatten()`` before ``Conv2D``: the images were flattened too early,
  and before ``Conv1D`` or ``LSTM``, the sequences; images flattened
  before an ``LSTM`` can be read row by row: ``Reshape((rows, numbers))``
  in place of the ``Flatten``;
* ``Conv2D`` on ``keras.Input(shape=(100, 1))``: the samples are
  sequences, too narrow for a 2-D window: ``Conv1D``.
"""

from __future__ import annotations

import ast
import math

from ._widget_layer_lines import (
    as_new_layer,
    layer_call,
    with_argument,
    with_class,
    with_keyword,
    without_keyword,
)
from ._widget_problem import _created_line

# layers that keep the shape they are given, looked through to the cause
_SAME_SHAPE = ("Dropout", "Activation", "BatchNormalization", "LayerNormalization")

# layers other than recurrent ones that read one vector per step
_STEP_READERS = (
    "Conv1D",
    "SeparableConv1D",
    "DepthwiseConv1D",
    "Conv1DTranspose",
    "MaxPooling1D",
    "AveragePooling1D",
    "GlobalMaxPooling1D",
    "GlobalAveragePooling1D",
)


def rank_fix(layer, needed: int, dims, frame_locals, created, lines) -> str | None:
    """The advice for ``layer`` that needs ``needed`` axes (the batch
    included) but receives samples of shape ``dims``, when the layer that
    feeds it (or the layer itself) shows the cause; else None."""
    source = _source(frame_locals)
    if needed == 3 and len(dims) == 1:
        return (
            _return_sequences_fix(layer, source, created, lines)
            or _flatten_sequence_fix(layer, source, created)
            or _flatten_rows_fix(layer, source, created, lines)
        )
    if needed == 4 and len(dims) == 1:
        return _flatten_fix(layer, source, created)
    if needed == 4 and len(dims) == 2:
        return _conv1d_fix(layer, dims, created, lines)
    return None


def _source(frame_locals):
    """The layer whose output the failing layer was called on, looking
    through layers that keep its shape (Dropout...); else None."""
    from ._widget_merge_problems import _tensors

    tensors = _tensors(frame_locals)
    if len(tensors) != 1:
        return None
    tensor = tensors[0]
    for _ in range(10):
        history = getattr(tensor, "_keras_history", None)
        operation = getattr(history, "operation", None)
        if type(operation).__name__ not in _SAME_SHAPE:
            return operation
        tensor = operation.input
    return None


def _where(created, layer) -> str:
    made = _created_line(created, layer)
    kind = type(layer).__name__
    return f"{kind}, line {made}" if made is not None else kind


def _return_sequences_fix(layer, source, created, lines) -> str | None:
    import keras

    recurrent = (keras.layers.RNN, keras.layers.Bidirectional)
    readers = tuple(
        getattr(keras.layers, kind)
        for kind in _STEP_READERS
        if hasattr(keras.layers, kind)
    )
    if not isinstance(layer, recurrent + readers) or not isinstance(source, recurrent):
        return None
    inner = getattr(source, "forward_layer", source)  # a Bidirectional's LSTM
    if not isinstance(inner, keras.layers.RNN) or inner.return_sequences:
        return None
    try:
        units = int(source.output.shape[-1])
    except Exception:  # noqa: BLE001 - a shared layer: its own size, if any
        units = getattr(source, "units", None)
    size = f"one vector of {units} numbers" if isinstance(units, int) else "one vector"
    advice = (
        f"Layer {source.name!r} ({_where(created, source)}) gives {size} per "
        f"sequence, after reading its last step. To feed {_reader(layer)} it "
        "must give one vector per step, with return_sequences=True"
    )
    found = layer_call(lines, created, source)
    if inner is not source:
        advice += f" on the {type(inner).__name__} inside it"
        found = _wrapped_call(found, type(inner).__name__)
    fixed = None
    if found is not None:
        fixed = with_keyword(lines, found, "return_sequences", "True")
        fixed = fixed or with_argument(lines, found, 99, "return_sequences", "True")
    if fixed is None:
        return advice + "."
    return f"{advice}:\n    {fixed}"


def _reader(layer) -> str:
    """The layer that reads the steps, as the advice names it."""
    import keras

    if isinstance(layer, (keras.layers.RNN, keras.layers.Bidirectional)):
        return "another recurrent layer"
    return f"layer {layer.name!r} ({type(layer).__name__}), which reads sequences,"


def _wrapped_call(found, kind: str):
    """``(line, call)`` of the layer written as the first argument of the
    call ``found`` (``layers.LSTM(16)`` in ``layers.Bidirectional(...)``),
    when it is a call of the class ``kind``; else None."""
    if found is None:
        return None
    number, call = found
    inner = call.args[0] if call.args else None
    func = getattr(inner, "func", None)
    name = getattr(func, "attr", None) or getattr(func, "id", None)
    if not isinstance(inner, ast.Call) or name != kind:
        return None
    return number, inner


def _flattened(source, rank: int) -> tuple | None:
    """The sample shape a ``Flatten`` (``source``) flattened, when it is a
    layer of that kind and the shape has ``rank`` known sizes; else None."""
    import keras

    if not isinstance(source, keras.layers.Flatten):
        return None
    try:
        before = tuple(source.input.shape)[1:]
    except Exception:  # noqa: BLE001 - a Flatten outside any graph
        return None
    if len(before) != rank or None in before:
        return None
    return before


def _flatten_fix(layer, source, created) -> str | None:
    before = _flattened(source, 3)
    if before is None:
        return None
    sizes = "x".join(str(d) for d in before)
    return (
        f"Layer {source.name!r} ({_where(created, source)}) turned each "
        f"{sizes} image into {math.prod(before)} numbers, but a "
        f"{type(layer).__name__} needs the image itself. Move layers.Flatten() "
        "after the convolution and pooling layers, just before the first "
        "Dense layer."
    )


def _flatten_sequence_fix(layer, source, created) -> str | None:
    """A ``Flatten`` before a layer that reads sequences (``Conv1D``,
    ``LSTM``): the sequences were flattened too early."""
    import keras

    before = _flattened(source, 2)
    if before is None:
        return None
    steps, features = before
    kind = type(layer).__name__
    numbers = f"number{'s' * (features != 1)}"
    advice = (
        f"Layer {source.name!r} ({_where(created, source)}) turned each "
        f"sequence of {steps} steps of {features} {numbers} into "
        f"{steps * features} numbers, but layer {layer.name!r} ({kind}) needs "
        "the sequence itself."
    )
    if isinstance(layer, (keras.layers.RNN, keras.layers.Bidirectional)):
        return (
            f"{advice} Remove layers.Flatten(): the {kind} reads the steps one "
            "at a time and, without return_sequences=True, gives one vector per "
            "sequence, ready for a Dense layer."
        )
    return (
        f"{advice} Move layers.Flatten() after the {kind} and pooling layers, "
        "just before the first Dense layer (or remove it when a global pooling "
        "layer already gives one vector per sequence)."
    )


def _flatten_rows_fix(layer, source, created, lines) -> str | None:
    """A ``Flatten`` of images before a recurrent layer: the layer can read
    each image row by row, with ``Reshape((rows, numbers per row))`` in
    place of the ``Flatten``."""
    import keras

    if not isinstance(layer, (keras.layers.RNN, keras.layers.Bidirectional)):
        return None
    before = _flattened(source, 3)
    if before is None:
        return None
    rows, columns, channels = before
    if source.data_format == "channels_first":
        return None  # (channels, rows, columns): rows are not whole
    per_row = columns * channels
    numbers = f"{per_row} numbers"
    if channels != 1:
        numbers += f" ({columns} pixels of {channels} channels each)"
    kind = type(layer).__name__
    advice = (
        f"Layer {source.name!r} ({_where(created, source)}) turned each "
        f"{rows}x{columns}x{channels} image into {rows * per_row} numbers, but "
        f"layer {layer.name!r} ({kind}) needs a sequence. It can read each "
        f"image row by row, {rows} steps of {numbers}: in place of "
        "layers.Flatten(), put"
    )
    shape = f"({rows}, {per_row})"
    found = layer_call(lines, created, source)
    fixed = as_new_layer(lines, found, "Reshape", shape) if found else None
    if fixed is None:
        return f"{advice} layers.Reshape({shape})."
    return f"{advice}:\n    {fixed}"


def _conv1d_fix(layer, dims, created, lines) -> str | None:
    """A 2-D layer on samples of shape (steps, features) narrower than
    its window: the samples are sequences; a channel axis would not help."""
    import keras

    kind = type(layer).__name__
    wider = kind[:-2] + "1D"
    if not kind.endswith("2D") or not hasattr(keras.layers, wider):
        return None
    window = getattr(layer, "kernel_size", None) or getattr(layer, "pool_size", None)
    if not isinstance(window, (tuple, list)) or len(window) != 2:
        return None
    try:
        steps, features = (int(d) for d in dims)
    except (TypeError, ValueError):
        return None
    if features >= window[1]:
        return None  # it could be a grey image: a channel axis is the fix
    advice = (
        f"Each sample is a sequence of {steps} steps of {features} "
        f"number{'s' * (features != 1)}, narrower than the "
        f"{window[0]}x{window[1]} window of this {kind} (a channel axis would "
        f"not help). For sequences use layers.{wider}, which slides along the "
        "steps"
    )
    found = layer_call(lines, created, layer)
    fixed = with_class(lines, found, wider) if found else None
    if fixed is None:
        return f"{advice}: layers.{wider}(...) with the same settings."
    return f"{advice}:\n    {fixed}"


def dense_input_fix(dense, created, lines) -> str:
    """What to put before the Dense layer ``dense`` that receives more than
    one axis per sample: remove ``return_sequences=True`` from the
    recurrent layer that feeds it, else a Flatten or the global pooling
    that fits its rank (GlobalAveragePooling1D for sequences)."""
    import keras

    source = _source({"args": (dense.input,)})
    if isinstance(source, keras.layers.RNN) and source.return_sequences:
        advice = (
            f"Layer {source.name!r} ({_where(created, source)}) gives one vector "
            "per step (return_sequences=True). For one vector per sequence, "
            "which the Dense layer needs here, remove return_sequences=True"
        )
        found = layer_call(lines, created, source)
        fixed = without_keyword(lines, found, "return_sequences") if found else None
        return f"{advice}:\n    {fixed}" if fixed else f"{advice} from it."
    axes = len(dense.input.shape) - 2
    pooling = f"GlobalAveragePooling{axes}D"
    pooled = f" (or layers.{pooling}())" if hasattr(keras.layers, pooling) else ""
    return (
        f"Add layers.Flatten(){pooled} before that Dense layer, so that each "
        "sample becomes one flat vector."
    )
