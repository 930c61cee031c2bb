"""Class numbers given to a loss that is not for them, explained.

A model that ends in several units, one per class
(``layers.Dense(4, activation="softmax")``), learns from class numbers
(``y`` holding 0 to 3, one per sample) with
``loss="sparse_categorical_crossentropy"``, or from one-hot rows with
``loss="categorical_crossentropy"``.  ``binary_crossentropy`` is for
yes/no labels, 0 or 1, with one sigmoid unit (or for several 0/1 columns,
one per label, when a sample can have more than one); given class numbers
and several units, Keras compares them number by number and stops
("Arguments `target` and `output` must have the same shape"), as it does
for ``mse`` ("Incompatible shapes: [6] vs. [6,4]").

:func:`class_numbers_fix` says which loss and which last layer go with the
labels, for :func:`kerasteach._widget_training_problems.labels_problem`.
"""

from __future__ import annotations

from ._widget_label_names import Labels
from ._widget_outputs import ONE_OUTPUT, Target
from ._widget_problem import _shape_text

__all__ = ["class_numbers_fix"]

_SPARSE = "sparse_categorical_crossentropy"
_CATEGORICAL = "categorical_crossentropy"
_BINARY = "binary_crossentropy"


def _one_hot(units: int, named: Labels, target: Target) -> str:
    return (
        "(or give one-hot labels, keras.utils.to_categorical("
        f"{named.written or 'labels'}, {units}), with "
        f"{target.loss_code(_CATEGORICAL)})"
    )


def class_numbers_fix(
    labels, units: int, target: Target = ONE_OUTPUT, named: Labels | None = None
) -> str | None:
    """What is wrong and what to write, when ``labels`` (an array of one
    whole number from 0 per sample) meet a last layer of ``units`` units
    (more than 1) and the loss is ``binary_crossentropy``, or another loss
    that is not for classes after a softmax; else None.  ``target``: the
    output the labels are for (its loss, its layer's activation, the words
    for both); ``named``: the labels as the student's ``fit`` writes
    them."""
    named = named or Labels(None)
    loss, activation = target.loss, target.activation
    if units < 2 or loss in (_SPARSE, _CATEGORICAL) or labels.min() < 0:
        return None
    if loss != _BINARY and activation != "softmax":
        return None  # numbers to predict, perhaps: the shapes say it all
    high = int(labels.max())
    shape = _shape_text(labels.shape)
    yes_no = high <= 1
    if yes_no:
        held = f"{named.shaped(shape, 'holds')} 0 or 1, a yes/no answer per sample"
    else:
        held = (
            f"{named.shaped(shape, 'holds')} one class number per sample (0 to {high})"
        )
    gives = f"{target.layer} gives {units} numbers per sample"
    if loss == _BINARY:
        why = (
            f'{gives}, but loss="{_BINARY}" is for yes/no labels, 0 or 1, with '
            "one sigmoid unit (or for several 0/1 columns, one per label, when "
            "a sample can have more than one)"
        )
    else:
        why = (
            f'{gives}, a softmax over {units} classes, but loss="{loss}" '
            f"compares them with {named.name} number by number"
        )
    if yes_no:
        fix = (
            f'{target.End} layers.Dense(1, activation="sigmoid") and '
            f"compile it with {target.loss_code(_BINARY)}; or keep the {units} "
            f"units, one per class, and compile it with "
            f"{target.loss_code(_SPARSE)}."
        )
    elif high >= units:
        fix = (
            f"{named.says('holds', start=True)} {high + 1} classes (0 to "
            f"{high}): {target.end} "
            f'layers.Dense({high + 1}, activation="softmax") and compile it '
            f"with {target.loss_code(_SPARSE)}."
        )
    elif activation != "softmax":
        fix = (
            f'{target.End} layers.Dense({units}, activation="softmax") '
            f"and compile it with {target.loss_code(_SPARSE)} "
            f"{_one_hot(units, named, target)}."
        )
    else:
        fix = (
            f"In model.compile write {target.loss_code(_SPARSE)} "
            f"{_one_hot(units, named, target)}."
        )
    return f"{held}, and {why}. {fix}"
