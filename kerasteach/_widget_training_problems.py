"""Training that cannot start, explained: no ``compile``, or labels that do
not go with the loss.

``model.fit`` before ``model.compile`` gets Keras's "You must call
`compile()` before using the model": :func:`compile_missing_problem` shows
the ``compile`` line to add, with a loss that suits the last layer.

Labels ``y`` written one way and a loss that reads them the other way is
the commonest reason a classifier does not train: one-hot rows given to
``sparse_categorical_crossentropy`` (or to ``binary_crossentropy`` with
another number of units), class numbers given to
``categorical_crossentropy``, a class number bigger than the last layer
has units, class numbers given to ``binary_crossentropy`` with several
units (:mod:`._widget_class_labels`).  Keras talks about ranks and shapes
(``output`` must have rank ``target.ndim - 1``) even when the shapes look
equal;
:func:`labels_problem` names the loss, what the labels hold (named as the
student's ``fit`` writes them, :mod:`._widget_label_names`) and the change
to make.

Older tutorials also name settings as Keras 1 or 2 did (``Adam(lr=0.01)``,
``fit(nb_epoch=10)``: :func:`old_argument_problem`; not in the brackets
that call a layer, which take no setting at all), give the optimizer
type for an optimizer (:func:`optimizer_class_problem`), data as Python
lists (:mod:`._widget_list_data`), and leave y out of ``fit`` or
``evaluate`` (:func:`missing_labels_problem`).
"""

from __future__ import annotations

import ast
import re
from dataclasses import replace

from ._widget_call_problems import _layer_called
from ._widget_calls import (
    between,
    in_block,
    indented,
    method_calls,
    statement_source,
)
from ._widget_class_labels import class_numbers_fix
from ._widget_label_names import Labels
from ._widget_outputs import ONE_OUTPUT, Target, loss_name
from ._widget_problem import Problem, _at, _shape_text, _student_variables

_SPARSE = "sparse_categorical_crossentropy"
_CATEGORICAL = "categorical_crossentropy"
_BINARY = "binary_crossentropy"


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
    # the call may sit inside another: print(model.evaluate(x, y))
    match = re.search(r"\b(\w+)\.(fit|evaluate|\w+_on_batch)\s*\(", text or "")
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
    needs = "what to measure" if method == "evaluate" else "how to train"
    message = (
        f"{name}.{method}() needs to know {needs}, but {what}"
        f"{_at(line, text) or '. '}Before it, call {name}.compile with an "
        f"optimizer and a loss, the number training makes smaller, for example "
        f'({why}):\n    {name}.compile(optimizer="adam", loss="{loss}")'
    )
    return Problem("error", message, line, text, detail=raw)


def _loss_name(model) -> str | None:
    return loss_name(getattr(model, "loss", None))


def model_target(model) -> Target:
    """The words for labels of a model of one output: its loss, its last
    layer's activation."""
    return replace(
        ONE_OUTPUT, loss=_loss_name(model), activation=_last_activation(model)
    )


def labels_problem(
    target: Target, y, output, where, raw, line, text, named: Labels | None = None
) -> Problem | None:
    """Labels ``y`` that do not go with the loss or the last layer's units,
    in words a student can act on; ``target`` is the output they are for
    (:func:`model_target`, or one of several outputs), ``output`` its
    shape, ``named`` the labels as the student's ``fit`` writes them."""
    import numpy as np

    named = named or Labels(None)
    try:
        labels = np.asarray(y)
    except Exception:  # noqa: BLE001 - a dataset, a generator
        return None
    if labels.dtype.kind in "USO" and labels.size:
        names = np.unique(labels.astype(str))
        words = ", ".join(repr(str(v)) for v in names[:3])
        words += ", ..." if len(names) > 3 else ""
        given = named.written or named.variable
        message = (
            f"{named.says('holds', start=True)} text ({words}), but a model "
            f"learns from numbers{where}Turn each class into a number first, "
            f"for example:\n    classes, {named.variable} = np.unique({given}, "
            "return_inverse=True)\n(classes keeps the names: classes[k] is the "
            f"name of class k.)\nKeras says: {raw}"
        )
        return Problem("data", message, line, text, detail=raw)
    loss = target.loss
    if loss is None:  # not compiled, or a loss without a name: no guess
        return None
    if len(output) != 2 or labels.dtype.kind not in "iufb" or labels.size == 0:
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
    gives = f"{target.layer} gives {units} number{'s' * (units != 1)} per sample"
    if loss not in (_SPARSE, _CATEGORICAL):
        fix = None
        if numbers and units:
            fix = class_numbers_fix(labels, units, target, named)
        elif one_hot and units != classes and loss == _BINARY:
            fix = (
                f"{named.shaped(shape, 'holds')} one row of 0s and a 1 per "
                f"sample (one-hot): one column for each of {classes} classes, "
                f"but {gives}. One-hot labels go with a softmax over the "
                f"classes: {target.end} layers.Dense({classes}, activation="
                f'"softmax") and compile it with {target.loss_code(_CATEGORICAL)} '
                f'(not "{_BINARY}", which is for yes/no answers).'
            )
        if fix is None:
            return None
    elif one_hot and units != classes:
        fix = (
            f"{named.says('has', start=True)} {classes} columns, one per class "
            f"(one-hot), but {gives}. Give it {classes} units: "
            f'layers.Dense({classes}, activation="softmax").'
        )
    elif units == 1 and numbers and set(np.unique(labels).tolist()) <= {0, 1}:
        fix = (
            f"{target.Layer} gives 1 number per sample, a yes/no answer, and "
            f"{named.says('holds')} 0 or 1: that is the job of "
            f'loss="{_BINARY}" (with activation="sigmoid"), not "{loss}". In '
            f"model.compile write {target.loss_code(_BINARY)}."
        )
    elif one_hot and loss == _SPARSE:
        fix = (
            f"{named.shaped(shape, 'holds')} one row of 0s and a 1 per sample "
            f'(one-hot), but loss="{_SPARSE}" wants one class number per '
            f"sample. In model.compile write {target.loss_code(_CATEGORICAL)} "
            f"(or give class numbers: {named.code}.argmax(axis=1))."
        )
    elif numbers and loss == _CATEGORICAL:
        more = (
            f" and give {target.layer} {classes} units, one per class (0 to "
            f'{classes - 1}): layers.Dense({classes}, activation="softmax")'
            if classes > units
            else ""
        )
        fix = (
            f"{named.shaped(shape, 'holds')} one class number per sample, but "
            f'loss="{_CATEGORICAL}" wants one row of 0s and a 1 per sample '
            f"(one-hot). In model.compile write {target.loss_code(_SPARSE)}{more} "
            f"(or give one-hot labels: keras.utils.to_categorical("
            f"{named.written or 'labels'}, {max(classes, units)}))."
        )
    elif numbers and loss == _SPARSE and classes > units:
        fix = (
            f"{named.says('has', start=True)} class numbers up to {classes - 1}"
            f", but {target.layer} has "
            f"{units} unit{'s' * (units != 1)}, one per class (0 to {units - 1})."
            f' Give it {classes} units: layers.Dense({classes}, activation="'
            'softmax").'
        )
    else:
        return None
    message = (
        f"{named.titled}{target.for_output} do not go with {target.about}{where}"
        f"{fix}\nKeras says: {raw}"
    )
    return Problem(
        "data", message, line, text, detail=raw, shapes=(_shape_text(output), shape)
    )


# Keras 1 and 2 names of settings, as older tutorials write them
_OLD_NAMES = {
    "lr": "learning_rate",
    "nb_epoch": "epochs",
    "output_dim": "units",
    "init": "kernel_initializer",
    "border_mode": "padding",
    "nb_filter": "filters",
    "subsample": "strides",
    "W_regularizer": "kernel_regularizer",
    "b_regularizer": "bias_regularizer",
    "dropout_W": "dropout",
    "dropout_U": "recurrent_dropout",
}
_OLD_NAME = re.compile(
    r"(?:Argument\(s\) not recognized: \{|unexpected keyword argument |"
    r"Unrecognized keyword arguments passed to \w+: \{)'(\w+)'"
)


def _in_a_layer_call(exc) -> bool:
    """Whether ``exc`` was raised calling a layer on a tensor
    (``layers.Dense(4)(x, lr=0.1)``): there an old name is a keyword the
    call does not take (:mod:`._widget_call_setting_problems`,
    :mod:`._widget_call_keyword_problems`), not one to rename in place."""
    import keras

    return _layer_called(exc, lambda layer: isinstance(layer, keras.Layer)) is not None


def old_argument_problem(exc, raw: str, line, text) -> Problem | None:
    """``Adam(lr=0.01)``, ``fit(nb_epoch=10)``, ``Dense(output_dim=4)``: a
    setting under the name Keras 1 or 2 gave it.  Every old name on the
    line is renamed at once."""
    match = _OLD_NAME.search(raw)
    if match is not None and _in_a_layer_call(exc):
        return None  # the brackets that call a layer take no setting at all
    missing = re.search(r"missing \d+ required positional arguments?: '(\w+)'", raw)
    used = [o for o in _OLD_NAMES if re.search(rf"\b{o}\s*=", text or "")]
    if match is not None and match.group(1) in _OLD_NAMES:
        pass
    elif not (missing and any(_OLD_NAMES[o] == missing.group(1) for o in used)):
        return None
    fixed = text or ""
    for old in used:
        fixed = re.sub(rf"\b{old}(\s*=)", rf"{_OLD_NAMES[old]}\1", fixed)
    shown = f":\n    {fixed}" if fixed and fixed != text else "."
    olds = " and ".join(f"{o}=" for o in used) or f"{match.group(1)}="
    news = " and ".join(f"{_OLD_NAMES[o]}=" for o in used) or (
        f"{_OLD_NAMES[match.group(1)]}="
    )
    one = len(used) < 2
    message = (
        f"{olds} {'is the name' if one else 'are the names'} older versions of "
        f"Keras gave {'this setting' if one else 'these settings'}, as older "
        f"tutorials write {'it' if one else 'them'}{_at(line, text) or '. '}"
        f"Keras 3 calls {'it' if one else 'them'} {news}. Write{shown}"
    )
    return Problem("error", message, line, text, detail=raw)


def optimizer_class_problem(exc, raw: str, line, text) -> Problem | None:
    """``optimizer=keras.optimizers.Adam``: the optimizer type, where an
    optimizer (or its name) belongs."""
    match = re.search(r"optimizer identifier: <class '[\w.]*\.(\w+)'>", raw)
    if match is None:
        return None
    kind = match.group(1)
    fixed = re.sub(rf"(optimizers\.{kind})(?!\s*\()", r"\1()", text or "", count=1)
    shown = f"\n    {fixed}" if fixed and fixed != text else ""
    message = (
        f"keras.optimizers.{kind} is the type of optimizer, not an optimizer"
        f"{_at(line, text) or '. '}Add brackets to make one (its settings go in "
        f"them, as learning_rate=0.001), or give its name: "
        f'optimizer="{kind.lower()}".{shown}'
    )
    return Problem("error", message, line, text, detail=raw)


def missing_labels_problem(exc, raw: str, line, text, lines=()) -> Problem | None:
    """``model.fit(x)`` or ``model.evaluate(x)`` without y: Keras says only
    "None values not supported".  ``lines`` (the code) gives the whole
    call when it is written over several lines."""
    import keras

    from ._widget_problem import _frames_below_student

    if "None values not supported" not in raw:
        return None
    for frame in _frames_below_student(exc):
        owner = frame.f_locals.get("self")
        name = frame.f_code.co_name
        if isinstance(owner, keras.Model) and name in ("fit", "evaluate"):
            if frame.f_locals.get("y", 0) is None:
                break
            return None
    else:
        return None
    advice = ""
    fixed = _with_labels(statement_source(lines, line, text), name)
    if fixed:
        fixed = in_block(lines, line, fixed)
        advice = f" For example, with your labels in y:\n{indented(fixed)}"
    what = (
        "It trains the model to give the right answer for each sample"
        if name == "fit"
        else "It measures how far the model's answers are from the right ones"
    )
    message = (
        f"model.{name}() got the data x but no labels y{_at(line, text) or '. '}"
        f"{what}, so it needs the answers: "
        f"give y after x.{advice}"
    )
    if name == "evaluate":
        message += "\n(For the model's answers without labels, use model.predict(x).)"
    return Problem("data", message, line, text, detail=raw)


def _with_labels(source: str, method: str) -> str | None:
    """``source`` with ``y`` added after the first argument of its
    ``.fit(...)`` or ``.evaluate(...)`` call, or None."""
    for call in method_calls(source, method):
        if len(call.args) == 1:
            given = ast.get_source_segment(source, call.args[0])
            if given is None:
                return None
            return between(source, call.args[0], call.args[0], given + ", y")
    return None
