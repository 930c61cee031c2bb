"""Data that does not fit the model, explained.

When ``model.fit``, ``evaluate``, ``predict``... (or the model called on
data) fails, the problem is most often the data, not the layer that
noticed: x that is one sample without the batch axis, a ``keras.Input``
given the shape of all of x (its number of samples too), x whose samples
do not have the shape of ``keras.Input``, x and y
with different numbers of samples, labels y that do not match the model's
output (often because a ``Flatten`` is missing before a ``Dense`` layer).
:func:`_data_problem` finds the call on the stack and says which, as a
:class:`~kerasteach._widget_problem.Problem` of kind ``"data"``.
"""

from __future__ import annotations

import re

from ._widget_calls import in_block, indented, statement_source
from ._widget_flat_samples import reshape_advice
from ._widget_label_names import Labels, fit_argument
from ._widget_one_sample import one_sample_batch
from ._widget_problem import (
    _SHAPE,
    Problem,
    _at,
    _created_line,
    _frames_below_student,
    _shape_of,
    _shape_text,
    _student_names,
)
from ._widget_sequence_fixes import dense_input_fix
from ._widget_training_problems import labels_problem, model_target

# the methods that give data to a model
_DATA_METHODS = {
    "fit",
    "evaluate",
    "predict",
    "train_on_batch",
    "test_on_batch",
    "predict_on_batch",
}


def _data_call(exc: BaseException):
    """``(method, model, x, y)`` when the failure happened inside
    ``model.fit``, ``evaluate``, ``predict``... or a model called on data;
    else ``None``."""
    import keras

    for frame in _frames_below_student(exc):
        owner = frame.f_locals.get("self")
        if not isinstance(owner, keras.Model):
            continue
        name = frame.f_code.co_name
        if name in _DATA_METHODS:
            return name, owner, frame.f_locals.get("x"), frame.f_locals.get("y")
        if name == "__call__":
            args = frame.f_locals.get("args") or ()
            if args and not isinstance(args[0], keras.KerasTensor):
                return "call", owner, args[0], None
        return None
    return None


def _model_shape(model, which: str) -> tuple | None:
    """The model's one input (``"inputs"``) or output shape, if known."""
    try:
        tensors = getattr(model, which)
    except Exception:  # noqa: BLE001 - an unbuilt model has none
        return None
    if not isinstance(tensors, (list, tuple)) or len(tensors) != 1:
        return None
    return _shape_of(tensors[0])


def _fits(data: tuple, expected: tuple) -> bool:
    return len(data) == len(expected) and all(
        e is None or d is None or e == d for d, e in zip(data[1:], expected[1:])
    )


def _input_counts_samples(x_shape, y_shape, expected) -> tuple | None:
    """``x_shape`` when the model's input shape is the shape of all of x,
    its number of samples included (``keras.Input(shape=x.shape)``): y has
    as many samples as x's first axis, so x is not one sample."""
    if x_shape is None or y_shape is None or expected is None:
        return None
    if len(x_shape) < 2 or not y_shape or y_shape[0] != x_shape[0]:
        return None
    return x_shape if tuple(expected[1:]) == tuple(x_shape) else None


def _dense_on_images(model):
    """The first Dense layer of ``model`` whose input has more than one axis
    per sample (it works on the last axis only: a Flatten is missing)."""
    import keras

    for layer in getattr(model, "layers", ()):
        if not isinstance(layer, keras.layers.Dense):
            continue
        try:
            shape = _shape_of(layer.input)
        except Exception:  # noqa: BLE001 - a layer outside any graph
            continue
        if shape is not None and len(shape) > 2:
            return layer, shape
    return None


def _swapped_problem(exc, found, expected, raw, line, text):
    """``model.fit(y, x)``: the labels where the data goes and the data
    where the labels go, each of the other's shape."""
    method, model, x, y = found
    x_shape, y_shape = _shape_of(x), _shape_of(y)
    output = _model_shape(model, "outputs")
    where = _at(line, text) or ". "
    if None in (x_shape, y_shape, expected, output) or method not in (
        "fit",
        "evaluate",
    ):
        return None
    if _fits(x_shape, expected) or not _fits(y_shape, expected):
        return None
    if _fits(x_shape, output):
        like = "what the model outputs"
    else:
        like = _labels_like(model, x, x_shape, output)
        if like is None or x_shape[0] != y_shape[0]:
            return None
    names = _student_names(exc)
    data, labels = names.get(id(y), "the data"), names.get(id(x), "the labels")
    message = (
        f"The data and the labels look swapped{where}{method}() takes the data "
        f"first, then the labels: here the first, {labels}, has samples of shape "
        f"{_shape_text(x_shape[1:])}, {like}, and the second, "
        f"{data}, samples of shape {_shape_text(y_shape[1:])}, what it reads. "
        f"Write model.{method}({data}, {labels}, ...).\nKeras says: {raw}"
    )
    return Problem("data", message, line, text, detail=raw)


def _labels_like(model, x, x_shape, output) -> str | None:
    """How one number per sample (``x_shape`` of one axis) is the labels
    of a model of ``output``: one number for its one unit, or one class
    number for its units (with a sparse loss); else None."""
    import numpy as np

    from ._widget_training_problems import _loss_name

    if len(x_shape) != 1 or len(output) != 2 or not output[-1]:
        return None
    if output[-1] == 1:
        return "one number per sample, like labels for the model's one output"
    if "sparse" not in (_loss_name(model) or "") or not 0 < x_shape[0] <= 10**7:
        return None
    values = np.asarray(x)
    if values.dtype.kind not in "iuf" or not bool((values == np.round(values)).all()):
        return None
    if values.min() < 0 or values.max() >= output[-1]:
        return None
    return f"one class number per sample (0 to {output[-1] - 1}), like labels"


def _labels_named(exc, lines, method: str) -> Labels:
    """The labels of the failed ``method`` call as the student wrote them."""
    if method not in _DATA_METHODS - {"predict", "predict_on_batch"}:
        return Labels(None)
    try:
        return Labels(fit_argument(exc, lines, method))
    except Exception:  # noqa: BLE001 - "the labels" will do
        return Labels(None)


def _data_problem(exc, raw: str, line, text, created, lines=()) -> Problem | None:
    """Data given to ``fit``, ``predict``... (or to the model) that does not
    fit the model: the data is named, not the layer that noticed, and the
    labels as the student's code writes them (``lines``)."""
    try:
        found = _data_call(exc)
    except Exception:  # noqa: BLE001 - a hint is optional
        found = None
    if found is None:
        return None
    method, model, x, y = found
    where = _at(line, text) or ". "
    to = "the model" if method == "call" else f"{method}()"
    x_name = "your data" if method == "call" else "x"
    lower = raw.lower()

    named = _labels_named(exc, lines, method)
    if "cardinality" in lower:
        sizes = dict(re.findall(r"'(\w+)' sizes: ([\d, ]+)", raw))
        data = fit_argument(exc, lines, method, 0, "x") if named.written else None
        said = {
            "x": f"{data} has" if data else "the data has",
            "y": named.says("has"),
        }
        counts = " but ".join(
            f"{said.get(k, f'{k} has')} {v.strip()} sample{'s' * (v.strip() != '1')}"
            for k, v in sizes.items()
        )
        if counts.startswith("the "):  # the student's own words stay as written
            counts = "T" + counts[1:]
        both = f"The data {data}" if data else "The data"
        message = (
            f"{both} and {named.called} do not have the same number of samples"
            f"{where}"
            f"{counts + '. ' if counts else ''}Each sample of the data needs its "
            "label: their first axes (the number of rows) must be equal.\n"
            f"Keras says: {raw}"
        )
        return Problem("data", message, line, text, detail=raw)

    x_shape = _shape_of(x)
    expected = _model_shape(model, "inputs")
    counted = _input_counts_samples(x_shape, _shape_of(y), expected)
    if counted is not None:
        sample = _shape_text(x_shape[1:])
        message = (
            f"The data does not fit the model{where}"
            f"The model's keras.Input has shape {_shape_text(expected[1:])}, "
            f"the shape of all of x, but x holds {x_shape[0]} samples (y has "
            f"as many), and keras.Input takes the shape of one sample, without "
            f"the number of samples. Write keras.Input(shape={sample}), or "
            f"shape=x.shape[1:].\nKeras says: {raw}"
        )
        return Problem("data", message, line, text, detail=raw, shapes=(sample,))
    if (
        x_shape is not None
        and expected is not None
        and _fits((None, *x_shape), expected)
    ):
        sample = _shape_text(expected[1:])
        one = _shape_text((1, *x_shape))
        sizes = ", ".join(str(d) for d in x_shape)
        written = fit_argument(exc, lines, method, 0, "x") if method != "call" else None
        source = statement_source(lines, line, text)
        batch = one_sample_batch(written, source) if written else None
        if batch is not None:
            what, fixed, indexed = batch
            if not method.startswith("predict"):
                fixed = None  # its labels need the same change: no line
            said = f"{written} has shape {_shape_text(x_shape)}" + (
                ": it is one sample"
                if indexed
                else ", which looks like one sample without the batch axis"
            )
            advice = f"Make it a batch of one sample, shape {one}, with {what}"
            advice += f":\n{indented(in_block(lines, line, fixed))}" if fixed else "."
        else:
            said = (
                f"{'Your data' if method == 'call' else 'x'} has shape "
                f"{_shape_text(x_shape)}, which looks like one sample without the "
                "batch axis"
            )
            advice = (
                f"Add the batch axis in front: x.reshape(1, {sizes}) or x[None] "
                f"(x being your array) has shape {one}, a batch of one sample."
            )
        keras_says = "" if "{{node" in raw else f"\nKeras says: {raw}"
        message = (
            f"The data does not fit the model{where}{said}. The model "
            "takes a batch of samples, shape (number of samples, "
            f"{sizes}), each of shape {sample}. {advice}{keras_says}"
        )
        return Problem("data", message, line, text, detail=raw, shapes=(sample, one))
    if (
        x_shape is not None
        and expected is not None
        and expected[-1] == 1
        and _fits((None, *x_shape, 1), expected)
    ):  # one grey image: neither the batch axis nor the channel axis
        sample = _shape_text(expected[1:])
        sizes = ", ".join(str(d) for d in x_shape)
        name = _student_names(exc).get(id(x), "x")
        message = (
            f"The data does not fit the model{where}{name} has shape "
            f"{_shape_text(x_shape)}, which looks like one image without the "
            "batch axis in front and without the channel axis at the end. The "
            f"model takes a batch of samples, each of shape {sample}: "
            f"{name}.reshape(1, {sizes}, 1) is a batch of one image of that "
            f"shape.\nKeras says: {raw}"
        )
        return Problem("data", message, line, text, detail=raw, shapes=(sample,))
    swapped = _swapped_problem(exc, found, expected, raw, line, text)
    if swapped is not None:
        return swapped
    if x_shape is not None and expected is not None and not _fits(x_shape, expected):
        sample, data_sample = _shape_text(expected[1:]), _shape_text(x_shape[1:])
        batch = ""
        seen = _SHAPE.findall(raw)
        if seen:
            last = seen[-1]
            dims = re.findall(r"None|\d+", last)
            if dims and dims[0] != str(x_shape[0]) and dims[0] != "None":
                batch = (
                    f"(Keras shows {last} because it passes the data in batches "
                    f"of {dims[0]} samples.)\n"
                )
        message = (
            f"The data does not fit the model{where}"
            f"The model expects each sample to have shape {sample} (its "
            f"keras.Input(shape={sample})), but {x_name} has shape "
            f"{_shape_text(x_shape)}: {x_shape[0]} samples of shape "
            f"{data_sample}.\nKeras says: {raw}\n{batch}"
        ) + (
            reshape_advice(exc, lines, method, x_shape, expected)
            or f"Give {to} data whose samples have shape {sample}"
            + (
                f", or, if your data is right, change the model's input to "
                f"keras.Input(shape={data_sample})."
                if len(x_shape) > 1  # keras.Input(shape=()) reads no numbers
                else "."
            )
        )
        return Problem(
            "data", message, line, text, detail=raw, shapes=(sample, data_sample)
        )

    output = _model_shape(model, "outputs")
    y_shape = _shape_of(y)
    if output is None or y_shape is None:
        return None
    # images out where y has fewer axes: whatever the backend's words, a
    # Flatten is missing
    images = _dense_on_images(model) if len(output) > max(len(y_shape), 2) else None
    if images is not None:
        dense, seen_shape = images
        made = _created_line(created, dense)
        made = f", line {made}" if made is not None else ""
        message = (
            f"The model's output does not match {named.name}{where}"
            f"Layer {dense.name!r} (Dense{made}) receives input of shape "
            f"{_shape_text(seen_shape)}, with more than one axis per sample. A "
            "Dense layer works on the last axis only, so the model still "
            f"outputs shape {_shape_text(output)}, while {named.says('has')} shape "
            f"{_shape_text(y_shape)}.\n"
            f"{dense_input_fix(dense, created, lines)}\nKeras says: {raw}"
        )
        return Problem(
            "data",
            message,
            line,
            text,
            detail=raw,
            layer=dense.name,
            shapes=(_shape_text(output), _shape_text(y_shape)),
        )
    try:
        problem = labels_problem(
            model_target(model), y, output, where, raw, line, text, named
        )
    except Exception:  # noqa: BLE001 - the plainer message below
        problem = None
    if problem is not None:
        return problem
    if not any(w in lower for w in ("target", "label", "incompatible shapes")):
        return None
    message = (
        f"{named.titled} do not fit the model's output{where}"
        f"The model outputs shape {_shape_text(output)}, but "
        f"{named.says('has')} shape {_shape_text(y_shape)}.\nKeras says: {raw}\n"
        f"Make the last layer give what {named.says('holds')} (its units), or "
        f"pick the loss that matches {named.name}: "
        "sparse_categorical_crossentropy takes one class "
        "number per sample, categorical_crossentropy one row of 0s and a 1 "
        "per sample."
    )
    return Problem(
        "data",
        message,
        line,
        text,
        detail=raw,
        shapes=(_shape_text(output), _shape_text(y_shape)),
    )
