"""Training a model of several outputs, explained.

A ``keras.Model(inputs, [kind, price])`` trains on labels for each output
and a loss for each.  Keras checks both late and in its own words:
one array of labels, or a list of the wrong length, gets "y_true and
y_pred have different structures"; a dict of labels with a misspelt key
"Expected float32, but got kinds of type 'str'"; three losses for two
outputs "The path: (2,) in the `loss` argument, can't be found"; one
metric list "tuple arity mismatch"; class numbers for an output trained
with ``categorical_crossentropy`` a shape mismatch in the model as a
whole.  :func:`outputs_problem` says which output, its labels (as the
student's ``fit`` writes them), its loss, and what to write: the labels
in a list in the outputs' order or a dict by their names, the
``compile`` setting with one entry per output.
"""

from __future__ import annotations

import ast
import copy
import difflib
import re
from collections.abc import Mapping

from ._widget_calls import method_line
from ._widget_label_names import Labels, fit_argument
from ._widget_label_notes import _matches, _per_sample
from ._widget_output_metrics import metrics_code, misplaced, misplaced_words
from ._widget_outputs import (
    Outputs,
    labels_of,
    loss_name,
    losses_of,
    model_outputs,
    written_labels,
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
        _losses_structure,
        _metrics,
        _each_output,
        _misplaced_metrics,
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


def _keys_said(given: list, keys: list[str], none_for: str) -> list[str]:
    """What is wrong with the keys of a dict of labels or losses: those
    that name no output ("key 'kinds' names no output (did you mean
    'kind'?)"), then the outputs it leaves out (``none_for`` them), but
    those a misspelt key was meant for."""
    said, meant = [], set()
    missing = [k for k in keys if k not in given]
    for key in (str(k) for k in given if k not in keys):
        close = difflib.get_close_matches(key, missing, n=1, cutoff=0.6)
        if close:
            meant.add(close[0])
            said.append(f"key {key!r} names no output (did you mean {close[0]!r}?)")
        else:
            said.append(f"key {key!r} names no output")
    left = [repr(k) for k in missing if k not in meant]
    if left:
        said.append(f"{none_for} {', '.join(left)}")
    return said


def _labels_structure(case: _Case) -> Problem | None:
    """One array of labels, a list of the wrong length, a dict whose keys
    are not the outputs' names."""
    y, keys = case.y, case.outputs.keys
    given = f" {case.written}" if case.written else ""
    if y is None:
        return None
    if isinstance(y, Mapping):
        said = _keys_said(list(y), keys, "there are no labels for")
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


def _losses_structure(case: _Case) -> Problem | None:
    """More losses in ``compile`` than outputs, or a dict of losses whose
    keys are not the outputs' names."""
    losses, keys = case.outputs.losses, case.outputs.keys
    n = len(keys)
    case = case.at_compile()
    if isinstance(losses, Mapping):
        said = _keys_said(list(losses), keys, "there is no loss for")
        if not said:
            return None
        return case.problem(
            f"{case.has()}, but in the dict of losses given to "
            f"{case.model}.compile {'; '.join(said)}{case.where}A dict of losses "
            f"names each output as keras.Model does, {case.outputs.listed()}, "
            "and gives a loss for each: an output without a loss learns nothing."
        )
    if (
        isinstance(losses, (list, tuple))
        and len(losses) < n
        or (isinstance(losses, str) and "`loss_weights` must match" in case.raw)
    ):
        return _too_few_losses(case)
    if isinstance(losses, (list, tuple)) and len(losses) > n:
        return case.problem(
            f"{case.has()}, but {case.model}.compile got {len(losses)} losses"
            f"{case.where}Give one loss for each output, in the order of "
            f"keras.Model's outputs ({case.outputs.listed()}), or a dict by "
            "their names."
        )
    return None


def _too_few_losses(case: _Case) -> Problem | None:
    """Fewer losses than outputs, in a list or a tuple (``loss=("mse",)``):
    a model whose outputs are a dict stops on it, in Python's words, and
    so does one given ``loss_weights`` for each output, even with one loss
    for all (a model whose outputs are a list otherwise trains the others
    on nothing, which :mod:`kerasteach._widget_outputs_notes` notes)."""
    from ._widget_outputs_notes import losses_example

    losses, outputs = case.outputs.losses, case.outputs
    weights = "`loss_weights` must match the number of losses" in case.raw
    if not (outputs.keyed or weights or "has no attribute" in case.raw):
        return None
    listed = isinstance(losses, (list, tuple))
    names = [loss_name(v) for v in losses] if listed else [loss_name(losses)]
    given = ", ".join(f'"{v}"' for v in names) if all(names) else ""
    if given and isinstance(losses, tuple):
        given = f" loss=({given}{',' * (len(names) == 1)}),"
    elif given and listed:
        given = f" loss=[{given}],"
    elif given:
        given = f" loss={given},"
    if listed or names[0] is None:
        example = losses_example(outputs)
    else:  # one loss for all, which loss_weights cannot go with
        example = names * len(outputs)
    if outputs.keyed:
        pairs = ", ".join(f'"{k}": "{v}"' for k, v in zip(outputs.keys, example))
        code = f"loss={{{pairs}}}"
        how = "a dict by the outputs' names"
    else:
        code = "loss=[" + ", ".join(f'"{v}"' for v in example) + "]"
        how = f"a list in the order of keras.Model's outputs ({outputs.listed()})"
    count = f"{len(names)} loss{'es' * (len(names) != 1)}"
    needs = (
        "loss_weights gives a weight for each output, so Keras needs a loss for "
        "each, in a list or a dict"
        if weights
        else "Keras needs a loss for each output"
    )
    same = (
        f', or one loss for all of them: loss="{example[0]}"'
        if len(set(example)) == 1 and not weights
        else ""
    )
    return case.problem(
        f"{case.has()}, but {case.model}.compile got {count},{given} and "
        f"{needs}{case.where}Give one loss for each output, in {how}, for "
        f"example {code}{same}."
    )


def _metrics(case: _Case) -> Problem | None:
    """A list of metrics Keras reads as one for each output."""
    if "Invalid `metrics`" not in case.raw:
        return None
    match = re.search(r"Received: metrics=(\[.*\])", case.raw)
    try:
        count = len(ast.literal_eval(match.group(1))) if match else None
    except (ValueError, SyntaxError):
        count = None
    if count is None and isinstance(case.outputs.metrics, (list, tuple)):
        count = len(case.outputs.metrics)  # a tuple, which Keras shows its way
    given = (
        f", so a list of {count} metric{'s' * (count != 1)} does not fit"
        if count is not None
        else ""
    )
    code = metrics_code(case.outputs, case.outputs.metrics)
    if code is not None:  # the student's metrics, each on the outputs it suits
        example = f"{code} (each metric on the outputs whose loss it suits)"
    else:
        picked = [
            o.key for o in case.outputs.items if o.activation in ("softmax", "sigmoid")
        ] or case.outputs.keys
        listed = ", ".join(f'"{k}": ["accuracy"]' for k in picked)
        example = f"metrics={{{listed}}} (accuracy suits an output of classes)"
    return case.problem(
        f"{case.has()}: with several outputs, Keras reads compile's list of "
        f"metrics as one entry for each output, in order{given}{case.where}"
        "Say which output each metric is for, "
        f"with a dict by the outputs' names, for example {example}."
    )


def _misplaced_metrics(case: _Case) -> Problem | None:
    """A metric of compile's list measured on an output it does not suit
    (mae on class probabilities), which stopped on shapes; the labels
    fit their outputs (:func:`_each_output` found nothing)."""
    lower = case.raw.lower()
    if not any(w in lower for w in ("shape", "dimension", "rank", "incompatible")):
        return None
    words = misplaced_words(case.outputs, case.model)
    losses = losses_of(case.outputs) or []
    clash = [  # a metric for numbers given class numbers: shapes differ
        (output, name)
        for output, name in misplaced(case.outputs, case.outputs.metrics)
        if output.index < len(losses)
        and "sparse" in (losses[output.index] or "")
        and output.shape
        and output.shape[-1] != 1
    ]
    if words is None or not clash:
        return None
    output, name = clash[0]
    return case.problem(
        f"{case.model}.{case.method}() stopped on the metric {name!r}, measured "
        f"on {output.words}{case.where}{words} Here {name!r} compares each "
        f"label with the output number by number, and the class numbers "
        f"{output.words} is trained on do not have the shape of its "
        f"{output.shape[-1]} probabilities."
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
