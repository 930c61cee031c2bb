"""Something else where a tensor belongs, explained: a layer, data.

In the Functional API a layer gives a tensor only when it is called on one
(``layers.Dense(4)(inputs)``).  Two mistakes put something else where the
tensor goes: a layer object that was never called (the second pair of
brackets forgotten, or ``keras.Input`` forgotten altogether), and data (a
NumPy array) given to ``keras.Model`` instead of ``keras.Input``'s tensors.
Each function returns a :class:`~kerasteach._widget_problem.Problem` in the
student's own names when it recognises its failure, else ``None``.
"""

from __future__ import annotations

import re

from ._widget_merge_problems import tensors_moved
from ._widget_model_problems import _FUNCTIONAL_EXAMPLE
from ._widget_problem import (
    Problem,
    _at,
    _created_line,
    _describe,
    _frames_below_student,
    _shape_of,
    _shape_text,
    _student_variables,
    is_input_tensor,
)


def _held_layer(exc, layer, created, lines) -> tuple[str, str] | None:
    """When ``layer`` (a layer object where a tensor belongs) was made by
    the student's code: what holds it ("x holds the Dense layer 'dense'
    itself, ...") and the fix, its line with a tensor in a second pair of
    brackets (the one the code made last before that line).  ``None`` when
    no ``keras.Input`` tensor is in the code: then ``keras.Input`` itself
    was forgotten."""
    found = _student_variables(exc)
    if not any(is_input_tensor(v) for _, v in found):
        return None
    holder = next((n for n, v in found if v is layer), None)
    what = _describe(layer).removeprefix("a ")
    held = (
        f"{holder} holds the {what} {layer.name!r} itself, not its output"
        if holder
        else f"Its input is the {what} {layer.name!r} itself, not a tensor"
    )
    made = _created_line(created, layer)
    text = lines[made - 1].strip() if made and made <= len(lines) else ""
    if made and not layer.built:
        held += f": line {made} makes the layer but never calls it on a tensor"
    moved = tensors_moved(text)
    if moved is not None:  # layers.Concatenate([a, b]): axis=[a, b]
        return held, (
            "The tensors went into the brackets that make the layer, where its "
            "settings go. A merging layer takes its tensors as one list in a "
            f"second pair of brackets, which call it:\n    {moved}"
        )
    tensor = _tensor_before(found, created, made)
    fix = f"layers.Dense(4)({tensor})"
    if re.fullmatch(r"(\w+\s*=\s*)?[\w.]+\(.*\)", text):
        fix = f"{text}({tensor})"
    return held, (
        "A layer gives a tensor only when it is called on one. Add the "
        "tensor it reads in a second pair of brackets, for example:\n"
        f"    {fix}\n"
        "(keras.Input's tensor for the first layer, else the output of the "
        "layer before it.)"
    )


def _tensor_before(found, created, made: int | None) -> str:
    """The student's variable holding the tensor made last before line
    ``made`` (by the layer created on the latest line before it), else the
    first ``keras.Input`` tensor."""
    import keras

    best: tuple[int, str] | None = None
    for name, value in found:
        history = getattr(value, "_keras_history", None)
        if not isinstance(value, keras.KerasTensor) or history is None:
            continue
        at = _created_line(created, history[0])
        if at is not None and (made is None or at < made):
            if best is None or at >= best[0]:
                best = (at, name)
    if best is not None:
        return best[1]
    return next(n for n, v in found if is_input_tensor(v))


def _not_a_tensor_problem(
    exc, raw: str, line, text, failing, created=None, lines=()
) -> Problem | None:
    """A layer called on something that is not a tensor: most often another
    layer, never called itself, or made before ``keras.Input`` was."""
    if "Only input tensors may be passed as positional arguments" not in raw:
        return None
    import keras

    args = tuple(failing[1].get("args") or ()) if failing else ()
    value = next(
        (a for a in args if isinstance(a, keras.layers.Layer)),
        args[0] if args else None,
    )
    who = (
        f"Layer {failing[0].name!r} ({type(failing[0]).__name__})"
        if failing
        else "A layer"
    )
    where = _at(line, text) or ". "
    held = None
    if isinstance(value, keras.layers.Layer):
        held = _held_layer(exc, value, created, lines)
    if value is keras.Input or value is keras.layers.Input:
        holder = next((n for n, v in _student_variables(exc) if v is value), None)
        message = (
            f"{who} was called on keras.Input itself, the function, not on the "
            f"tensor it makes{where}keras.Input needs brackets with the shape "
            "of one sample to make the model's input tensor, for example:\n"
            f"    {holder or 'inputs'} = keras.Input(shape=(8,))"
        )
    elif isinstance(value, keras.layers.InputLayer):
        holder = next((n for n, v in _student_variables(exc) if v is value), None)
        sample = _shape_text(tuple(value.batch_shape)[1:])
        message = (
            f"{who} was called on layers.InputLayer(...), a layer, not on a "
            f"tensor{where}A Functional model starts from the tensor that "
            "keras.Input makes (layers.InputLayer is the layer Keras puts "
            "behind it). Write:\n"
            f"    {holder or 'inputs'} = keras.Input(shape={sample})"
        )
    elif held is not None:
        message = (
            f"{who} was called on a layer, not on a tensor{where}{'. '.join(held)}"
        )
    elif isinstance(value, keras.layers.Layer):
        message = (
            f"{who} was called on a layer, not on a tensor{where}"
            f"Its input is {_describe(value)} ({value.name!r}) itself. "
            "Did you forget keras.Input? In the Functional API, the first layer "
            "is called on keras.Input, and each next layer on the output of "
            f"the one before:\n{_FUNCTIONAL_EXAMPLE}"
        )
    else:
        message = (
            f"{who} was called on {_describe(value) if args else 'a value'}, "
            f"not on a tensor{where}"
            "Call a layer on keras.Input(...) or on the output of another layer. "
            "Its options (units, activation, ...) go in the brackets that create "
            'it: layers.Dense(1, activation="relu").'
        )
    return Problem(
        "error",
        message,
        line,
        text,
        detail=raw,
        layer=failing[0].name if failing else None,
    )


def _not_keras_tensors_problem(
    exc, raw: str, line, text, created=None, lines=()
) -> Problem | None:
    """``keras.Model(x, y)`` with data (NumPy arrays) instead of the tensors
    of ``keras.Input`` and the layers called on it, or with a layer object
    (never called) where its output belongs."""
    match = re.search(r"All `(inputs|outputs)` values must be KerasTensors", raw)
    if match is None:
        return None
    import keras

    which = match.group(1)
    value = None
    for frame in _frames_below_student(exc):
        if isinstance(frame.f_locals.get("self"), keras.Model):
            value = frame.f_locals.get(which)
            break
    while isinstance(value, (list, tuple)) and value:
        value = next((v for v in value if not isinstance(v, keras.KerasTensor)), None)
    while isinstance(value, dict) and value:
        value = next(
            (v for v in value.values() if not isinstance(v, keras.KerasTensor)),
            None,
        )
    shape = _shape_of(value)
    sample = _shape_text(shape[1:]) if shape and len(shape) >= 2 else "(8,)"
    received = f", but it received {_describe(value)}" if value is not None else ""
    where = _at(line, text) or ". "
    held = None
    if which == "outputs" and isinstance(value, keras.layers.Layer):
        held = _held_layer(exc, value, created, lines)
    if held is not None:
        message = (
            "keras.Model(inputs, outputs) needs outputs that come from layers "
            f"called on keras.Input{received}{where}{'. '.join(held)}"
        )
    elif which == "inputs":
        message = (
            f"keras.Model(inputs, outputs) needs inputs made with "
            f"keras.Input{received}{where}"
            "A model is built from keras.Input, not from data. Write "
            f"inputs = keras.Input(shape={sample}) (the shape of one sample), "
            "call your layers on inputs, and give the data to model.fit(...) "
            "later."
        )
    else:
        message = (
            f"keras.Model(inputs, outputs) needs outputs that come from layers "
            f"called on keras.Input{received}{where}"
            "A layer called on data (a NumPy array) computes numbers at once "
            "instead of adding a step to the model. Call your layers on "
            "inputs = keras.Input(shape=...) and pass the last layer's output "
            "as outputs."
        )
    said = raw.split(" Received:")[0]  # not the data again
    message += f"\nKeras says: {said}"
    return Problem("error", message, line, text, detail=raw)
