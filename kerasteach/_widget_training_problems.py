"""Training that cannot start, explained: no ``compile``, or labels that do
not go with the loss.

``model.fit`` before ``model.compile`` gets Keras's "You must call
`compile()` before using the model": :func:`compile_missing_problem` shows
the ``compile`` line to add, with a loss that suits the last layer.

Labels ``y`` written one way and a loss that reads them the other way is
the commonest reason a classifier does not train: one-hot rows given to
``sparse_categorical_crossentropy``, class numbers given to
``categorical_crossentropy``, a class number bigger than the last layer
has units.  Keras talks about ranks and shapes (``output`` must have rank
``target.ndim - 1``) even when the shapes look equal;
:func:`labels_problem` names the loss, what y holds and the change to make.
"""

from __future__ import annotations

import re

from ._widget_problem import Problem, _at, _shape_text, _student_variables

_SPARSE = "sparse_categorical_crossentropy"
_CATEGORICAL = "categorical_crossentropy"


def _last_activation(model) -> str | None:
    try:
        layer = model.layers[-1]
    except Exception:  # noqa: BLE001 - a model without layers
        return None
    activation = getattr(layer, "activation", None)
    return getattr(activation, "__name__", None)


def _suggested_loss(model) -> str:
    activation = _last_activation(model)
    if activation == "softmax":
        return _SPARSE
    if activation == "sigmoid":
        return "binary_crossentropy"
    return "mse"


def compile_missing_problem(exc, raw: str, line, text) -> Problem | None:
    """``model.fit`` (``evaluate``...) before ``model.compile``."""
    no_loss = "No loss to compute" in raw
    if "must call `compile()`" not in raw and not no_loss:
        return None
    match = re.match(r"\s*(\w+)\.(fit|evaluate|\w+_on_batch)\b", text or "")
    if match is None:
        return None
    name, method = match.groups()
    model = dict(_student_variables(exc)).get(name)
    loss = _suggested_loss(model) if model is not None else "mse"
    why = {
        _SPARSE: "for a softmax over classes, y holding one class number each",
        "binary_crossentropy": "for a sigmoid yes/no output",
        "mse": "for numbers to predict",
    }[loss]
    what = "its compile() gave no loss" if no_loss else f"{name} was not compiled"
    message = (
        f"{name}.{method}() needs to know how to train, but {what}"
        f"{_at(line, text) or '. '}Before it, call {name}.compile with an "
        f"optimizer and a loss, the number training makes smaller, for example "
        f'({why}):\n    {name}.compile(optimizer="adam", loss="{loss}")'
    )
    return Problem("error", message, line, text, detail=raw)


def _loss_name(model) -> str | None:
    loss = getattr(model, "loss", None)
    if isinstance(loss, str):
        return loss.lower()
    for attr in ("name", "__name__"):
        name = getattr(loss, attr, None)
        if isinstance(name, str):
            return name.lower()
    return None


def labels_problem(model, y, output, where, raw, line, text) -> Problem | None:
    """Labels ``y`` that do not go with the loss or the last layer's units,
    in words a student can act on; ``output`` is the model's output shape."""
    import numpy as np

    try:
        labels = np.asarray(y)
    except Exception:  # noqa: BLE001 - a dataset, a generator
        return None
    if labels.dtype.kind in "USO" and labels.size:
        names = np.unique(labels.astype(str))
        words = ", ".join(repr(str(v)) for v in names[:3])
        words += ", ..." if len(names) > 3 else ""
        message = (
            f"y holds text ({words}), but a model learns from numbers"
            f"{where}Turn each class into a number first, for example:\n"
            "    classes, y = np.unique(y, return_inverse=True)\n"
            "(classes keeps the names: classes[k] is the name of class k.)\n"
            f"Keras says: {raw}"
        )
        return Problem("data", message, line, text, detail=raw)
    loss = _loss_name(model)
    if loss not in (_SPARSE, _CATEGORICAL) or len(output) != 2:
        return None
    if labels.dtype.kind not in "iufb" or labels.size == 0:
        return None
    units = output[-1]
    one_hot = (
        labels.ndim == 2
        and labels.shape[1] > 1
        and bool(np.isin(labels, (0, 1)).all())
        and bool((labels.sum(axis=1) == 1).all())
    )
    numbers = (labels.ndim == 1 or (labels.ndim == 2 and labels.shape[1] == 1)) and (
        bool((labels == np.round(labels)).all())
    )
    classes = int(labels.shape[1]) if one_hot else int(labels.max()) + 1
    shape = _shape_text(labels.shape)
    if one_hot and units != classes:
        fix = (
            f"y has {classes} columns, one per class (one-hot), but the last "
            f"layer gives {units} number{'s' * (units != 1)} per sample. Give "
            f'it {classes} units: layers.Dense({classes}, activation="softmax").'
        )
    elif units == 1 and numbers and set(np.unique(labels).tolist()) <= {0, 1}:
        fix = (
            "The last layer gives 1 number per sample, a yes/no answer, and y "
            f'holds 0 or 1: that is the job of loss="binary_crossentropy" (with '
            f'activation="sigmoid"), not "{loss}". In model.compile write '
            'loss="binary_crossentropy".'
        )
    elif one_hot and loss == _SPARSE:
        fix = (
            f"y (shape {shape}) holds one row of 0s and a 1 per sample "
            f'(one-hot), but loss="{_SPARSE}" wants one class number per '
            f'sample. In model.compile write loss="{_CATEGORICAL}" (or give '
            "class numbers: y.argmax(axis=1))."
        )
    elif numbers and loss == _CATEGORICAL:
        fix = (
            f"y (shape {shape}) holds one class number per sample, but "
            f'loss="{_CATEGORICAL}" wants one row of 0s and a 1 per sample '
            f'(one-hot). In model.compile write loss="{_SPARSE}" (or one-hot '
            f"y: keras.utils.to_categorical(y, {max(classes, units)}))."
        )
    elif numbers and loss == _SPARSE and classes > units:
        fix = (
            f"y has class numbers up to {classes - 1}, but the last layer has "
            f"{units} unit{'s' * (units != 1)}, one per class (0 to {units - 1})."
            f' Give it {classes} units: layers.Dense({classes}, activation="'
            'softmax").'
        )
    else:
        return None
    message = (
        f"The labels y do not go with the loss or the last layer{where}{fix}\n"
        f"Keras says: {raw}"
    )
    return Problem(
        "data", message, line, text, detail=raw, shapes=(_shape_text(output), shape)
    )
