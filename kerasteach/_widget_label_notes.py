"""Notes on labels a ``model.fit`` trained on without a word, though they
do not go with the model's output or its loss.

- labels whose shape is not the output's: ``layers.Dense(1)`` with one-hot
  labels of 3 columns and ``loss="mse"`` (Keras broadcasts, and the one
  output learns the columns' average), an output of 3 units with one number
  per sample;
- ``binary_crossentropy`` on labels other than 0 and 1 (classes 0 to 3):
  for a label above 1 the loss only gets smaller as the output nears 1
  (and goes below 0), so labels 1, 2 and 3 all teach the same answer;
- class numbers the last layer has no unit for, given to
  ``sparse_categorical_crossentropy`` (on a CPU Keras stops with an error
  that :mod:`kerasteach._widget_training_problems` explains; elsewhere,
  a GPU, it may train on a loss of nan).

:func:`label_notes` gives them for a model's one output; a model of
several gets them for each output
(:mod:`kerasteach._widget_outputs_notes`, through :func:`_notes_for`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ._widget_outputs import ONE_OUTPUT, Target, model_outputs
from ._widget_problem import _shape_of, _shape_text

__all__ = ["label_notes"]

_SPARSE = "sparse_categorical_crossentropy"
_LABEL_LIMIT = 10_000_000  # labels past this are not read (a note is cheap)


def _loss_name(model) -> str | None:
    """The name of the one loss ``model`` was compiled with, lower case,
    or None (several losses, none, one Keras cannot name)."""
    from ._widget_training_problems import _loss_name as name

    loss = getattr(model, "loss", None)
    if loss is None or isinstance(loss, (list, tuple, dict)):
        return None
    return name(model)


def _output_shape(model) -> tuple | None:
    """The shape of the one output of ``model``, else None."""
    outputs = getattr(model, "outputs", None) or []
    if len(outputs) != 1:
        return None
    return _shape_of(outputs[0])


def _labels(y):
    """``y`` as a NumPy array of numbers, or None (a dataset, text, a
    list of arrays for several outputs, too many labels to read)."""
    import numpy as np

    if _shape_of(y) is None:
        return None
    try:
        labels = np.asarray(y)
    except Exception:  # noqa: BLE001 - not an array after all
        return None
    if labels.dtype.kind not in "iufb" or not 0 < labels.size <= _LABEL_LIMIT:
        return None
    return labels


def _per_sample(shape: tuple) -> str:
    """``3 numbers per sample``, ``samples of shape (4, 4)``."""
    if len(shape) == 0:
        return "1 number per sample"
    if len(shape) == 1 and shape[0] is not None:
        return f"{shape[0]} number{'s' * (shape[0] != 1)} per sample"
    return f"samples of shape {_shape_text(shape)}"


def _matches(output: tuple, y_shape: tuple) -> bool:
    """Whether labels of ``y_shape`` fit an output of ``output`` the way
    Keras's losses line them up: one axis of 1 may be added to or taken
    from the labels (``(n,)`` fits ``(None, 1)``); ``None`` fits any
    size."""
    if len(y_shape) == len(output) - 1 and output[-1] == 1:
        y_shape = (*y_shape, 1)
    elif len(y_shape) == len(output) + 1 and y_shape[-1] == 1:
        y_shape = y_shape[:-1]
    if len(y_shape) != len(output):
        return False
    return all(o is None or o == d for o, d in zip(output[1:], y_shape[1:]))


def _one_hot(labels) -> bool:
    import numpy as np

    return (
        labels.ndim == 2
        and labels.shape[1] > 1
        and bool(np.isin(labels, (0, 1)).all())
        and bool((labels.sum(axis=1) == 1).all())
    )


def _classes(labels) -> int | None:
    """The number of classes when ``labels`` holds one whole number from 0
    per sample, else None."""
    import numpy as np

    flat = labels.reshape(len(labels), -1)
    if flat.shape[1] != 1 or labels.min() < 0:
        return None
    if not bool((labels == np.round(labels)).all()):
        return None
    return int(labels.max()) + 1


@dataclass(frozen=True)
class _Out:
    """The output some labels trained: its shape, its loss and layer
    (``target``), the words for it ("the model's output", "output
    'price'") and for what gives it ("model outputs", "layer 'price'
    gives")."""

    shape: tuple | None
    target: Target
    output: str
    gives: str


def _shape_note(out: _Out, labels, names) -> str | None:
    """Labels whose shape is not the output's, which Keras broadcast."""
    output, target, loss = out.shape, out.target, out.target.loss
    if output is None or _matches(output, labels.shape):
        return None
    model_name, y_name = names
    units = output[-1] if len(output) == 2 else None
    width = labels.shape[1] if labels.ndim == 2 else 1 if labels.ndim == 1 else None
    classes = _classes(labels)
    if _one_hot(labels):
        count = labels.shape[1]
        advice = (
            f"{y_name} looks one-hot, a row of 0s and a 1 per sample, for "
            f"{count} classes: {target.end} layers.Dense({count}, "
            'activation="softmax") and compile it with '
            f"{target.loss_code('categorical_crossentropy')}."
        )
    elif units and units > 1 and width == 1 and classes and classes <= units:
        advice = (
            f"If {y_name} holds class numbers (0 to {units - 1}), compile with "
            f"{target.loss_code(_SPARSE)} and give {target.layer} "
            'activation="softmax"; '
            f"if it holds one number to predict, {target.end} "
            "layers.Dense(1)."
        )
    elif units and width:
        advice = (
            f"Make {target.layer} give {width} number{'s' * (width != 1)} per "
            f"sample, layers.Dense({width}), or give labels of shape (number "
            f"of samples, {units})."
        )
    else:
        advice = f"Make {out.output} and {y_name} the same shape per sample."
    return (
        f"{model_name}.fit() trained on labels that do not match "
        f"{out.output}: {out.gives} {_per_sample(output[1:])} (shape "
        f"{_shape_text(output)}), and {y_name} holds "
        f"{_per_sample(labels.shape[1:])} (shape {_shape_text(labels.shape)}). "
        f'Keras did not stop: loss="{loss}" compared them by broadcasting '
        "(repeating the smaller to the size of the larger), so the model "
        f"learned something other than what {y_name} says. {advice}"
    )


def _last_activation(model) -> str | None:
    try:
        activation = getattr(model.layers[-1], "activation", None)
    except Exception:  # noqa: BLE001 - a model without layers
        return None
    return getattr(activation, "__name__", None)


def _binary_note(out: _Out, labels, names) -> str | None:
    """``binary_crossentropy`` on labels other than 0 and 1."""
    import numpy as np

    target, loss = out.target, out.target.loss
    low, high = labels.min(), labels.max()
    if low >= 0 and high <= 1:
        return None
    model_name, y_name = names
    values = np.unique(labels)
    shown = ", ".join(f"{v:g}" for v in values[:5].tolist())
    shown += ", ..." if len(values) > 5 else ""
    activation = target.activation
    output = (
        f"the {activation} output is a probability from 0 to 1, "
        if activation in ("sigmoid", "softmax")
        else ""
    )
    classes = _classes(labels)
    if classes is not None and classes > 2:
        advice = (
            f"{y_name} holds {classes} classes (0 to {classes - 1}): "
            f'{target.end} layers.Dense({classes}, activation="softmax") and '
            f"compile it with {target.loss_code(_SPARSE)}."
        )
    elif classes is None and not bool((labels == np.round(labels)).all()):
        advice = (
            f"{y_name} holds numbers to predict, not yes/no answers: compile "
            f"with {target.loss_code('mse')} and {target.end} layers.Dense(1), "
            "without an activation."
        )
    else:
        advice = (
            f"Give labels of 0 and 1 (for a yes/no answer), or the loss that "
            f"fits the values of {y_name}."
        )
    if high > 1:
        same = (
            "for a label above 1 the loss only gets smaller as the output nears "
            "1 (it even goes below 0), so every label above 1 teaches the same "
            "answer as 1"
        )
    else:
        same = (
            "for a label below 0 the loss only gets smaller as the output nears "
            "0 (it even goes below 0), so every label below 0 teaches the same "
            "answer as 0"
        )
    return (
        f'{model_name}.fit() trained with loss="{loss}" on labels {y_name} '
        f"holding {shown}, but binary crossentropy is for yes/no labels, 0 "
        f"or 1 ({output}read as the chance of a yes). Keras did not stop: "
        f"{same}, and the model cannot learn what {y_name} says. {advice}"
    )


def _sparse_note(out: _Out, labels, names) -> str | None:
    """Class numbers the last layer has no unit for (where Keras does not
    stop for them: not on a CPU)."""
    output, loss = out.shape, out.target.loss
    if output is None or len(output) != 2 or not output[-1]:
        return None
    units, high = output[-1], int(labels.max())
    if high < units:
        return None
    model_name, y_name = names
    return (
        f'{model_name}.fit() trained with loss="{loss}" on class numbers up '
        f"to {high} in {y_name}, but {out.target.layer} has {units} "
        f"unit{'s' * (units != 1)}, one per class (0 to {units - 1}): there "
        f"is no output for class {high}, so the loss of those samples is "
        f"wrong or not a number (nan). Give it {high + 1} units: "
        f'layers.Dense({high + 1}, activation="softmax").'
    )


def label_notes(model, y, names: tuple[str, str]) -> list[str]:
    """Notes on labels ``y`` that ``model`` trained on without a word,
    though they do not go with its output or loss; ``names`` are the
    student's names for the model and the labels.  A model of several
    outputs gets them for each output
    (:func:`kerasteach._widget_outputs_notes.outputs_notes`)."""
    outputs = model_outputs(model)
    if outputs is not None:
        from ._widget_outputs_notes import outputs_notes

        return outputs_notes(outputs, y, names)
    loss = _loss_name(model)
    target = replace(ONE_OUTPUT, loss=loss, activation=_last_activation(model))
    out = _Out(
        _output_shape(model), target, "the model's output", f"{names[0]} outputs"
    )
    return _notes_for(out, y, names)


def _notes_for(out: _Out, y, names: tuple[str, str]) -> list[str]:
    """The notes on labels ``y`` for one output."""
    labels = _labels(y)
    loss = out.target.loss
    if loss is None or labels is None:
        return []
    if "sparse" in loss:
        note = _sparse_note(out, labels, names)
        return [note] if note else []
    if "binary" in loss:
        note = _binary_note(out, labels, names)
        if note:  # its advice mends the shape too
            return [note]
    note = _shape_note(out, labels, names)
    return [note] if note else []
