"""Keras mistakes in building a model, explained.

Each function reads one Keras failure and, when it recognises it, returns a
:class:`~kerasteach._widget_problem.Problem` in plain words (else ``None``):
a shape mismatch between layers (naming the layer that failed, found on the
stack by :func:`_failing_layer`), a layer that needs images or sequences
given samples with too few axes (:func:`_rank_problem`), ``shape=8``
where a tuple is needed.  A layer or data where a tensor belongs is in
:mod:`kerasteach._widget_tensor_problems`; why a run that raised nothing
shows no model, in :mod:`kerasteach._widget_no_model`.
"""

from __future__ import annotations

import re
import traceback

from ._widget_problem import (
    _SHAPE,
    FILENAME,
    Problem,
    _at,
    is_input_tensor,
    without_reprs,
)
from ._widget_sequence_fixes import rank_fix
from ._widget_word_sequences import word_index_words

_LAYER_IN_MESSAGE = re.compile(r"""\blayer ['"]([^'"]+)['"]""")
_EXPECTED = re.compile(r"expected (.+?)(?:, but|, found| but|\. Full|$)")
EXAMPLE = "model = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(1)])"


def _failing_layer(exc: BaseException, name: str | None = None):
    """The Keras layer that failed, with the locals of its frame.

    The layer named ``name`` (from Keras's message) if it is on the stack;
    otherwise the outermost layer below the student's code that is not a
    whole model (a Sequential model builds its layers inside its own call),
    else the outermost layer.
    """
    try:
        import keras
    except Exception:  # noqa: BLE001
        return None
    frames = list(traceback.walk_tb(exc.__traceback__))
    start = 0
    for i, (frame, _) in enumerate(frames):
        if frame.f_code.co_filename == FILENAME:
            start = i + 1
    found = []
    for frame, _ in frames[start:]:
        owner = frame.f_locals.get("self")
        if isinstance(owner, keras.layers.Layer):
            found.append((owner, frame.f_locals))
    for owner, f_locals in found:
        if name is not None and owner.name == name:
            return owner, f_locals
    for owner, f_locals in found:
        if not isinstance(owner, keras.Model):
            return owner, f_locals
    return found[0] if found else None


def _input_shapes(frame_locals: dict) -> list[str]:
    import keras

    from ._widget_layers import format_shape

    found: list[str] = []
    stack = [frame_locals.get("args", ()), frame_locals.get("inputs")]
    while stack:
        item = stack.pop(0)
        if isinstance(item, keras.KerasTensor):
            found.append(format_shape([tuple(item.shape)]))
        elif isinstance(item, (list, tuple)):
            stack[:0] = list(item)
        elif isinstance(item, dict):
            stack[:0] = list(item.values())
    return found


def _shape_problem(
    exc: BaseException, raw: str, line, text, failing=None
) -> Problem | None:
    plain = without_reprs(raw)  # not the shapes of the tensors it shows
    shapes = list(dict.fromkeys(m.group(0) for m in _SHAPE.finditer(plain)))
    layer_desc = None
    match = _LAYER_IN_MESSAGE.search(raw)
    if match:
        layer_desc = repr(match.group(1))
        if failing is not None and failing[0].name == match.group(1):
            layer_desc += f" ({type(failing[0]).__name__})"
    elif failing is not None:
        layer_desc = f"{failing[0].name!r} ({type(failing[0]).__name__})"
    received = _input_shapes(failing[1]) if failing is not None else []
    found = _EXPECTED.search(raw)
    expected = found.group(1) if found else None
    if not shapes and not received:
        return None
    if layer_desc is None:
        layer_desc = "a layer"
    else:
        layer_desc = f"layer {layer_desc}"
    if len(shapes) >= 2:
        what = f"the shapes {shapes[0]} and {shapes[1]} do not fit together"
    elif len(received) >= 2:
        what = f"its inputs have shapes {' and '.join(received)}, which do not fit"
    elif shapes and expected:
        what = f"it expected {expected} but received an input of shape {shapes[0]}"
    elif shapes:
        what = f"it cannot use an input of shape {shapes[0]}"
    else:
        what = f"it cannot use an input of shape {received[0]}"
    if len(received) >= 2 and len(shapes) >= 2 and received[:2] != shapes[:2]:
        what += f" (its inputs: {' and '.join(received)})"
    message = (
        f"Shape mismatch in {layer_desc}{_at(line, text) or '. '}"
        f"{what[0].upper()}{what[1:]}.\nKeras says: {raw}\n"
        "Check the output shape of the layer(s) that feed it (units, filters, "
        "Reshape targets, or the Input shape)."
    )
    name = match.group(1) if match else (failing[0].name if failing else None)
    return Problem(
        "shape",
        message,
        line,
        text,
        detail=raw,
        layer=name,
        shapes=tuple(shapes[:2] if len(shapes) >= 2 else (received or shapes)[:2]),
    )


_NDIM = re.compile(r"expected (?:min_)?ndim=(\d+), found ndim=(\d+)")
_FULL_SHAPE = re.compile(r"Full shape received: (\([^)]*\))")


def _from_input(frame_locals: dict) -> bool:
    """Whether the layer that failed was called on a keras.Input itself."""
    import keras

    stack = [frame_locals.get("args", ()), frame_locals.get("inputs")]
    while stack:
        item = stack.pop(0)
        if isinstance(item, keras.KerasTensor):
            return is_input_tensor(item)
        if isinstance(item, (list, tuple)):
            stack[:0] = list(item)
    return False


def _build_without_batch_problem(exc, raw: str, line, text) -> Problem | None:
    """``model.build((8,))``: the shape given to build() has no batch axis,
    so each layer sees one axis too few."""
    ndim, full = _NDIM.search(raw), _FULL_SHAPE.search(raw)
    if ndim is None or full is None or not text or ".build(" not in text:
        return None
    if int(ndim.group(2)) >= int(ndim.group(1)):
        return None
    sample = full.group(1)
    dims = re.findall(r"None|\d+", sample)
    if "None" in dims[:1]:
        return None  # it has a batch axis: the shape itself is too small
    batch = f"(None, {', '.join(dims)})"
    message = (
        f"model.build() got the shape {sample}, without the batch axis"
        f"{_at(line, text) or '. '}build() takes the shape of a whole batch, "
        f"the number of samples first (None: any number): model.build({batch}). "
        f"Simpler: start the model with keras.Input(shape={sample}), the shape "
        f"of one sample.\nKeras says: {raw}"
    )
    return Problem("shape", message, line, text, detail=raw, shapes=(sample,))


def _rank_problem(
    exc, raw: str, line, text, failing=None, created=None, lines=()
) -> Problem | None:
    """A layer that needs images (Conv2D) or sequences (LSTM, Conv1D) given
    samples with too few axes: what each sample must look like, and the
    keras.Input (or Reshape) that gives it, unless the layer before it shows
    the cause (:func:`kerasteach._widget_sequence_fixes.rank_fix`)."""
    ndim, full = _NDIM.search(raw), _FULL_SHAPE.search(raw)
    if ndim is None or full is None or failing is None:
        return None
    needed, found = int(ndim.group(1)), int(ndim.group(2))
    if found >= needed or needed not in (3, 4):
        return None
    dims = re.findall(r"None|\d+", full.group(1))[1:]
    sample = f"({', '.join(dims)}{',' if len(dims) == 1 else ''})"
    layer = failing[0]
    who = f"Layer {layer.name!r} ({type(layer).__name__})"
    where = _at(line, text) or ". "
    first = _from_input(failing[1])
    if needed == 4:
        what = "images with a channel axis, each sample of shape "
        what += "(height, width, channels)"
        if len(dims) == 2 and first:
            fix = (
                "For grey images, add a channel axis of size 1: "
                f"keras.Input(shape=({dims[0]}, {dims[1]}, 1)), and give the data "
                f"that axis too: x.reshape(-1, {dims[0]}, {dims[1]}, 1)."
            )
        elif len(dims) == 2:
            fix = (
                "Add a channel axis of size 1 before this layer: "
                f"layers.Reshape(({dims[0]}, {dims[1]}, 1))."
            )
        else:
            fix = (
                "Turn each sample into an image first: layers.Reshape((height, "
                "width, channels)) before this layer (the three sizes multiplied "
                "must equal the size of a sample), or start from "
                "keras.Input(shape=(28, 28, 1)) for 28x28 grey images."
            )
    else:
        what = "sequences, each sample of shape (timesteps, features)"
        words = len(dims) == 1 and word_index_words(exc, layer, failing[1], text)
        if words:
            fix = words
        elif len(dims) == 1 and first:
            fix = (
                f"To read the {dims[0]} values one at a time, write "
                f"keras.Input(shape=({dims[0]}, 1)) and give the data that axis: "
                f"x.reshape(-1, {dims[0]}, 1). For words (whole numbers), put "
                "layers.Embedding(...) before this layer."
            )
        elif len(dims) == 1:
            fix = (
                f"To read the {dims[0]} values one at a time, put "
                f"layers.Reshape(({dims[0]}, 1)) before this layer."
            )
        else:
            fix = (
                "Give it samples of shape (timesteps, features), e.g. "
                "keras.Input(shape=(100, 8)) for 100 steps of 8 numbers."
            )
    try:
        fix = rank_fix(layer, needed, dims, failing[1], created, lines) or fix
    except Exception:  # noqa: BLE001 - the advice above
        pass
    message = (
        f"{who} needs {what}, but it receives samples of shape {sample}{where}"
        f"{fix}\nKeras says: {raw}"
    )
    return Problem(
        "shape", message, line, text, detail=raw, layer=layer.name, shapes=(sample,)
    )


_TOO_SMALL = re.compile(r"output size would be zero or negative")
_KERAS_LIST = r"\[([^\]]*)\]|\(([^)]*)\)"


def _numbers(text: str) -> list[str]:
    return re.findall(r"None|\d+", text)


def _too_small_problem(exc, raw: str, line, text, failing=None) -> Problem | None:
    """A pooling or convolution window bigger than its input: Keras says the
    output size "would be zero or negative" and lists the sizes."""
    if not _TOO_SMALL.search(raw):
        return None
    shape = re.search(rf"inputs[. ]shape=(?:{_KERAS_LIST})", raw)
    window = re.search(rf"(pool_size|kernel shape)=(?:{_KERAS_LIST})", raw)
    if shape is None or window is None:
        return None
    dims = _numbers(shape.group(1) or shape.group(2))
    # the axes between the batch and the channels (channels last)
    spatial = dims[2:] if "channels_first" in raw else dims[1:-1]
    size = _numbers(window.group(2) or window.group(3))[: len(spatial)]
    name = failing[0].name if failing else None
    who = f"Layer {name!r} ({type(failing[0]).__name__})" if failing else "A layer"
    setting = "pool_size" if window.group(1) == "pool_size" else "kernel_size"
    x = "x".join
    message = (
        f"{who} has a window ({setting} {x(size)}) bigger than its input "
        f"({x(spatial)} per sample){_at(line, text) or '. '}"
        f"Its output would have no size left. Use a smaller {setting}, "
        'padding="same", or fewer pooling (or strided) layers before it; or '
        "start from a bigger keras.Input shape.\nKeras says: " + raw
    )
    return Problem("shape", message, line, text, detail=raw, layer=name)


_FUNCTIONAL_EXAMPLE = (
    "    inputs = keras.Input(shape=(8,))  # the shape of one sample\n"
    "    x = layers.Dense(4)(inputs)\n"
    "    outputs = layers.Dense(1)(x)\n"
    "    model = keras.Model(inputs, outputs)"
)


def _shape_argument_problem(exc, raw: str, line, text) -> Problem | None:
    """``keras.Input(shape=8)``: a number where a tuple is needed."""
    match = re.search(r"Cannot convert '(.*?)' to a shape", raw)
    if match is None:
        return None
    value = match.group(1)
    where = _at(line, text) or ". "
    if re.fullmatch(r"\d+", value):
        note = ""
        if text and re.search(rf"\(\s*{value}\s*\)", text):
            note = f" ({value}) without a comma is the number {value}, not a tuple."
        # the setting as the student wrote it: shape=, input_shape=
        written = re.search(rf"\b(\w*shape)\s*=\s*\(?\s*{value}\b", text or "")
        keyword = written.group(1) if written else "shape"
        advice = (
            f"The shape {value} is a single number, but Keras wants a tuple: "
            f"one number for each axis of one sample.{note} Write "
            f"{keyword}=({value},): the comma makes it a tuple. An image would "
            f"be {keyword}=(28, 28, 1)."
        )
    else:
        advice = (
            f"Keras cannot use {value!r} as a shape: write a tuple of whole "
            "numbers, one for each axis of one sample, like shape=(8,) or "
            "shape=(28, 28, 1)."
        )
    message = f"A shape must be a tuple of numbers{where}{advice}"
    return Problem("error", message, line, text, detail=raw)


_RESHAPE = re.compile(
    r"total size of the tensor must be unchanged\. "
    r"Received: input_shape=(\([^)]*\)), target_shape=(\([^)]*\))"
)


def _reshape_problem(exc, raw: str, line, text, failing=None) -> Problem | None:
    """``layers.Reshape((10, 10))`` on 784 numbers: a Reshape keeps every
    number of a sample, so the target's sizes must multiply to as many."""
    import math

    match = _RESHAPE.search(raw)
    if match is None:
        return None
    given = [int(n) for n in re.findall(r"\d+", match.group(1))]
    target = [int(n) for n in re.findall(r"-?\d+", match.group(2))]
    total, wanted = math.prod(given), math.prod(abs(n) for n in target)
    side = math.isqrt(total)
    if side * side == total:
        ideas = f"({side}, {side}) or ({side}, {side}, 1)"
    elif target and target[-1] > 0 and total % target[-1] == 0:
        ideas = f"(-1, {target[-1]}) (-1: Keras works that size out, here "
        ideas += f"{total // target[-1]})"
    else:
        ideas = f"({total},)"
    name = failing[0].name if failing else "reshape"
    given_text, target_text = match.groups()
    message = (
        f"Shape mismatch in layer {name!r} (Reshape){_at(line, text) or '. '}"
        f"The shapes {given_text} and {target_text} do not hold as many numbers: "
        f"a Reshape must keep every number of a sample, and it receives "
        f"{total}, its target holds {wanted}. Give it a target whose sizes "
        f"multiply to {total}, for example {ideas}.\nKeras says: {raw}"
    )
    return Problem("shape", message, line, text, detail=raw, layer=name)
