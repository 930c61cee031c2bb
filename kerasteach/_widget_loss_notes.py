"""Notes on a last layer, loss and metrics that do not go together, in a
``model.fit`` that trained without a word.

Keras trains these, but the model does not learn (or measure) what was
meant:

- a last ``Dense`` layer without an activation (it gives any number, a
  "logit") and a crossentropy loss that reads its outputs as probabilities
  (``from_logits=False``, the default);
- ``activation="sigmoid"`` on the last layer (outputs between 0 and 1)
  and labels outside 0 to 1 with a loss for numbers (``mse``): the model
  can never give them;
- ``activation="sigmoid"`` on a last layer of several units and
  ``sparse_categorical_crossentropy`` (or ``categorical_crossentropy``),
  which is for one class out of several: softmax's outputs add up to 1,
  sigmoid's do not;
- ``metrics=["accuracy"]`` with a loss for numbers and labels that are not
  0 and 1: Keras measures the share of outputs that, rounded at 0.5,
  equal the label, which says nothing about numbers to predict.

Each note is given only when it is sure: a model of one output whose
last layer is a ``Dense`` layer, a loss Keras names (a string, a Keras
loss object or function), labels that are an array of numbers.  A check
that fails gives no note.
"""

from __future__ import annotations

from ._widget_label_notes import _labels as labels_of
from ._widget_outputs import loss_name

__all__ = ["loss_notes"]

_CROSSENTROPY = {
    "sparse_categorical_crossentropy": "SparseCategoricalCrossentropy",
    "categorical_crossentropy": "CategoricalCrossentropy",
    "binary_crossentropy": "BinaryCrossentropy",
}
_CLASSES = ("sparse_categorical_crossentropy", "categorical_crossentropy")
_NUMBERS = {
    "mse",
    "mae",
    "mean_squared_error",
    "mean_absolute_error",
    "huber",
    "huber_loss",
    "log_cosh",
    "logcosh",
}


def _keras_loss(model) -> tuple[str, bool] | None:
    """``(name, from_logits)`` of the one loss ``model`` was compiled with,
    when Keras made it (a name, a Keras loss object or function), else
    None."""
    import keras

    loss = getattr(model, "loss", None)
    if isinstance(loss, str):
        return loss.lower(), False
    if isinstance(loss, keras.losses.Loss):
        if type(loss).__module__.split(".")[0] != "keras":
            return None  # the student's own loss class
        from_logits = bool(loss.get_config().get("from_logits", False))
        return loss_name(loss), from_logits
    if callable(loss) and getattr(loss, "__module__", "").startswith("keras."):
        return loss_name(loss), False
    return None


def _last_dense(model):
    """The ``Dense`` layer that gives the one output of ``model``, else
    None."""
    import keras

    outputs = getattr(model, "outputs", None) or []
    if len(outputs) != 1:
        return None
    history = getattr(outputs[0], "_keras_history", None)
    layer = history[0] if history is not None else None
    return layer if isinstance(layer, keras.layers.Dense) else None


def _activation(layer) -> str | None:
    return getattr(getattr(layer, "activation", None), "__name__", None)


def _labels(y):
    """``y`` as a NumPy array of numbers (not True/False), or None."""
    labels = labels_of(y)
    return None if labels is None or labels.dtype.kind == "b" else labels


def _logits_note(layer, loss: str, from_logits: bool, model_name: str):
    if from_logits or loss not in _CROSSENTROPY or _activation(layer) != "linear":
        return None
    kind = "sigmoid" if loss == "binary_crossentropy" else "softmax"
    return (
        f"Layer {layer.name!r}, the last, has no activation, so it gives any "
        f'numbers, but loss="{loss}" reads the outputs as probabilities '
        "(from 0 to 1). Keras did not stop, and the model learns from a "
        f"wrong loss. Give the last layer an activation, "
        f'layers.Dense({layer.units}, activation="{kind}"), or tell the loss '
        f"to apply it itself: {model_name}.compile(..., "
        f"loss=keras.losses.{_CROSSENTROPY[loss]}(from_logits=True))."
    )


def _sigmoid_numbers_note(layer, loss: str, labels, y_name: str):
    if loss not in _NUMBERS or _activation(layer) != "sigmoid":
        return None
    low, high = float(labels.min()), float(labels.max())
    if 0 <= low and high <= 1:
        return None
    return (
        f'Layer {layer.name!r}, the last, has activation="sigmoid", which '
        f"gives numbers between 0 and 1 only, but {y_name} holds numbers from "
        f"{low:.4g} to {high:.4g}: the model can never give them. For numbers to "
        "predict, leave the activation out of the last layer: "
        f"layers.Dense({layer.units})."
    )


def _sigmoid_classes_note(layer, loss: str, from_logits: bool):
    if from_logits or loss not in _CLASSES or _activation(layer) != "sigmoid":
        return None
    if not layer.units or layer.units < 2:
        return None
    return (
        f"Layer {layer.name!r}, the last, has {layer.units} units with "
        f'activation="sigmoid", but loss="{loss}" is for one class out of '
        f"{layer.units}: it reads the outputs as probabilities that add up to "
        "1, and sigmoid's do not (each is between 0 and 1 on its own). Use "
        f'softmax: layers.Dense({layer.units}, activation="softmax").'
    )


def _accuracy_note(model, layer, loss: str, labels, names: tuple[str, str]):
    import numpy as np

    try:
        metrics = model.get_compile_config().get("metrics") or []
    except Exception:  # noqa: BLE001 - a model compiled its own way
        return None
    if not isinstance(metrics, (list, tuple)):
        return None
    written = next((m for m in metrics if m in ("accuracy", "acc")), None)
    if written is None or loss not in _NUMBERS or layer.units != 1:
        return None  # of several units, Keras compares the largest outputs
    if bool(np.isin(labels, (0, 1)).all()):
        return None  # yes/no labels: accuracy still means something
    model_name, y_name = names
    return (
        f'{model_name}.compile() got metrics=["{written}"] with loss="{loss}", '
        f"a loss for numbers to predict, and {y_name} holds numbers other than "
        "0 and 1: for one output, accuracy rounds each output to 0 or 1 (at "
        "0.5) and counts those equal to their label, which a label other than "
        "0 and 1 never is, so it says nothing about how good the model is. "
        'Measure how far off the outputs are instead: metrics=["mae"] (the '
        "mean absolute error)."
    )


def loss_notes(model, y, names: tuple[str, str]) -> list[str]:
    """Notes on ``model``'s last layer, loss and metrics that do not go
    together, for labels ``y``; ``names`` are the student's names for the
    model and the labels."""
    found = _keras_loss(model)
    layer = _last_dense(model)
    if found is None or layer is None:
        return []
    loss, from_logits = found
    model_name, y_name = names
    notes = [
        _logits_note(layer, loss, from_logits, model_name),
        _sigmoid_classes_note(layer, loss, from_logits),
    ]
    labels = _labels(y)
    if labels is not None:
        notes += [
            _sigmoid_numbers_note(layer, loss, labels, y_name),
            _accuracy_note(model, layer, loss, labels, names),
        ]
    return [note for note in notes if note]
