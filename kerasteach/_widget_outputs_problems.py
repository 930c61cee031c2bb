"""Training a model of several outputs, explained.

A ``keras.Model(inputs, [kind, price])`` trains on labels for each output
and a loss for each.  Keras checks both late and in its own words:
one array of labels, or a list of the wrong length, gets "y_true and
y_pred have different structures"; a dict of labels with a misspelt key
"Expected float32, but got kinds of type 'str'"; class numbers for an
output trained with ``categorical_crossentropy`` a shape mismatch in the
model as a whole.  :func:`outputs_problem` says which output, its labels
(as the student's ``fit`` writes them), its loss, and what to write: the
labels in a list in the outputs' order or a dict by their names.  The
explanations of ``compile``'s losses and metrics, with one entry per
output, are :mod:`kerasteach._widget_outputs_compile`'s; this module
tries them in turn with its own.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping

from ._widget_calls import method_line
from ._widget_label_names import Labels, fit_argument
from ._widget_label_notes import _matches, _per_sample
from ._widget_outputs import (
    Outputs,
    labels_of,
    losses_of,
    model_outputs,
    written_labels,
)
from ._widget_outputs_compile import (
    keys_said,
    losses_structure,
    metrics_problem,
    misplaced_metrics,
)
from ._widget_problem import (
    Problem,
    _at,
    _line_text,
    _model_method_frame,
    _shape_of,
    _shape_text,
    _student_names,
)
from ._widget_training_problems import labels_problem

__all__ = ["outputs_problem"]

# the methods that train or measure a model on labels
_LABELLED = ("fit", "evaluate", "train_on_batch", "test_on_batch")


def outputs_problem(exc, raw: str, line, text, lines=()) -> Problem | None:
    """Labels, losses or metrics that do not go with a model of several
    outputs, when ``fit`` (``evaluate``...) of one stopped; else None."""
    found = _model_method_frame(exc, _LABELLED)
    if found is None:
        return None
    model, frame = found
    outputs = model_outputs(model)
    if outputs is None:
        return None
    method = frame.f_code.co_name
    y = frame.f_locals.get("y")
    try:
        written = fit_argument(exc, lines, method)
    except Exception:  # noqa: BLE001 - "the labels" will do
        written = None
    name = _student_names(exc).get(id(model), "model")
    case = _Case(outputs, name, method, y, written, raw, line, text, lines)
    for explain in (
        _labels_structure,
        losses_structure,
        metrics_problem,
        _each_output,
        misplaced_metrics,
    ):
        problem = explain(case)
        if problem is not None:
            return problem
    return None


class _Case:
    """What every explanation here needs: the outputs, the student's
    names, the call and Keras's words."""

    def __init__(
        self, outputs: Outputs, model, method, y, written, raw, line, text, lines=()
    ):
        self.outputs, self.model, self.method = outputs, model, method
        self.y, self.written, self.raw = y, written, raw
        self.line, self.text, self.lines = line, text, list(lines)
        self.where = _at(line, text) or ". "

    def at_compile(self) -> _Case:
        """This case shown at the student's ``model.compile(...)`` line,
        where the losses are written, when there is one such line."""
        found = method_line(self.lines, self.model, "compile")
        if found is None:
            return self
        moved = copy.copy(self)
        moved.line, moved.text = found, _line_text(self.lines, found)
        moved.where = _at(moved.line, moved.text) or ". "
        return moved

    def has(self) -> str:
        """``model has 2 outputs, 'kind' (shape (None, 3)) and ...``."""
        return (
            f"{self.model} has {len(self.outputs)} outputs, {self.outputs.described()}"
        )

    def ways(self) -> str:
        """The two ways to give labels for each output, as code."""
        names = [_variable(k, n) for n, k in enumerate(self.outputs.keys)]
        listed = ", ".join(names)
        keyed = ", ".join(f'"{k}": {v}' for k, v in zip(self.outputs.keys, names))
        return (
            f"in a list in the order of keras.Model's outputs, "
            f"{self.model}.{self.method}(x, [{listed}]), or in a dict by the "
            f"outputs' names, {self.model}.{self.method}(x, {{{keyed}}})"
        )

    def problem(self, message: str, **more) -> Problem:
        return Problem(
            "data",
            f"{message}\nKeras says: {self.raw}",
            self.line,
            self.text,
            detail=self.raw,
            **more,
        )


def _variable(key: str, index: int) -> str:
    """``y_kind``: a name for an output's labels in example code."""
    name = f"y_{key}"
    return name if name.isidentifier() else f"y_{index + 1}"


def _labels_structure(case: _Case) -> Problem | None:
    """One array of labels, a list of the wrong length, a dict whose keys
    are not the outputs' names."""
    y, keys = case.y, case.outputs.keys
    given = f" {case.written}" if case.written else ""
    if y is None:
        return None
    if isinstance(y, Mapping):
        said = keys_said(list(y), keys, "there are no labels for")
        if not said:
            return None
        what = f"the dict of labels{given}"
        return case.problem(
            f"{case.has()}, but in {what} {'; '.join(said)}{case.where}"
            f"A dict of labels names each output as keras.Model does, "
            f"{case.outputs.listed()}, and gives labels for each. Give them "
            f"{case.ways()}."
        )
    if isinstance(y, (list, tuple)):
        if len(y) == len(keys):
            return None
        got = f"{len(y)} array{'s' * (len(y) != 1)} of labels{given}"
    elif _shape_of(y) is not None:
        got = f"one array of labels{given}, of shape {_shape_text(_shape_of(y))}"
    else:
        return None
    return case.problem(
        f"{case.has()}, but {case.method}() got {got}{case.where}"
        f"Give it the labels of each output, one array each, {case.ways()}."
    )


def _each_output(case: _Case) -> Problem | None:
    """Labels of one output that do not go with its loss or its layer."""
    per_output = labels_of(case.outputs, case.y)
    if per_output is None:
        return None
    words = written_labels(case.outputs, case.y, case.written)
    for output, labels, written in zip(case.outputs.items, per_output, words):
        if output.shape is None:
            continue
        problem = labels_problem(
            case.outputs.target(output.index),
            labels,
            output.shape,
            case.where,
            case.raw,
            case.line,
            case.text,
            Labels(written),
        )
        if problem is not None:
            return problem
    return _shapes(case, per_output, words)


def _fits(output, shape: tuple, case: _Case) -> bool:
    """Whether labels of ``shape`` fit ``output`` as its loss reads them:
    class numbers (one fewer axis) for a sparse loss."""
    losses = losses_of(case.outputs) or []
    loss = losses[output.index] if output.index < len(losses) else None
    if loss and "sparse" in loss and len(output.shape) > 1:
        return _matches(output.shape[:-1], shape) or _matches(output.shape, shape)
    return _matches(output.shape, shape)


def _shapes(case: _Case, per_output: list, words: list) -> Problem | None:
    """Labels whose shape does not fit their output (Keras's words are
    about shapes)."""
    lower = case.raw.lower()
    if not any(w in lower for w in ("shape", "dimension", "rank", "incompatible")):
        return None
    for output, labels, written in zip(case.outputs.items, per_output, words):
        shape = _shape_of(labels)
        if output.shape is None or shape is None or _fits(output, shape, case):
            continue
        named = Labels(written)
        target = case.outputs.target(output.index)
        return case.problem(
            f"{named.titled}{target.for_output} do not fit it{case.where}"
            f"{target.Layer} gives {_per_sample(output.shape[1:])} (shape "
            f"{_shape_text(output.shape)}), but {named.says('has')} shape "
            f"{_shape_text(shape)}. Make {target.layer} give what "
            f"{named.says('holds')}, or give labels of shape (number of "
            f"samples, {', '.join(map(str, output.shape[1:]))}).",
            shapes=(_shape_text(output.shape), _shape_text(shape)),
        )
    return None
