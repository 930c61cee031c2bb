"""Which output each metric of ``compile`` measures, for a model of
several outputs.

With several outputs, Keras reads ``metrics=["accuracy", "mae"]`` as one
metric for each output, in order: accuracy on the first output, mae on
the second.  For ``keras.Model(inputs, [kind, price])`` (classes, then a
number) that is what the student meant; for ``[price, kind]`` it measures
accuracy on the price, which says nothing, and mae on the class
probabilities (or stops on "Incompatible shapes").  :func:`misplaced`
finds a metric that does not suit the output it falls on, judged by that
output's loss (a crossentropy is for classes, ``mse`` for numbers), only
when each is known: a metric of unknown kind or an output whose loss says
neither is never blamed.  :func:`placed_words` says which metric went to
which output, and :func:`metrics_code` writes the dict that puts each
metric on the outputs it suits.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from ._widget_outputs import Output, Outputs, losses_of

__all__ = [
    "metric_name",
    "metrics_code",
    "misplaced",
    "misplaced_words",
    "placed_words",
]

# metrics that count right answers: they suit an output of classes
_FOR_CLASSES = {
    "accuracy",
    "acc",
    "binary_accuracy",
    "categorical_accuracy",
    "sparse_categorical_accuracy",
    "top_k_categorical_accuracy",
    "sparse_top_k_categorical_accuracy",
    "auc",
    "precision",
    "recall",
    "f1_score",
}
# metrics of how far off a number is: they suit an output of numbers
_FOR_NUMBERS = {
    "mae",
    "mse",
    "rmse",
    "mape",
    "msle",
    "mean_absolute_error",
    "mean_squared_error",
    "root_mean_squared_error",
    "mean_absolute_percentage_error",
    "mean_squared_logarithmic_error",
    "r2_score",
}
# losses for numbers to predict; a crossentropy or hinge loss is for classes
_NUMBER_LOSSES = _FOR_NUMBERS | {"huber", "huber_loss", "log_cosh", "logcosh"}


def metric_name(metric) -> str | None:
    """The name of one metric as ``compile``'s settings hold it: a text,
    or a metric object (serialized, with its name in its config)."""
    if isinstance(metric, str):
        return metric.lower()
    if isinstance(metric, Mapping):
        name = (metric.get("config") or {}).get("name")
        return name.lower() if isinstance(name, str) else None
    name = getattr(metric, "name", None)
    return name.lower() if isinstance(name, str) else None


def _metric_kind(name: str | None) -> str | None:
    if name in _FOR_CLASSES:
        return "classes"
    return "numbers" if name in _FOR_NUMBERS else None


def _output_kind(loss: str | None) -> str | None:
    if not loss:
        return None
    if "crossentropy" in loss or "hinge" in loss:
        return "classes"
    return "numbers" if loss in _NUMBER_LOSSES else None


def _per_output(outputs: Outputs, metrics) -> list[str | None] | None:
    """The name of the one metric Keras measures on each output, when
    ``metrics`` is a list with one plain entry for each output of a model
    whose outputs are a list; else None."""
    if outputs.keyed or not isinstance(metrics, (list, tuple)):
        return None
    if len(metrics) != len(outputs):
        return None
    if any(isinstance(m, (list, tuple)) for m in metrics):
        return None  # [["accuracy"], ["mae"]]: each output's list, on purpose
    return [metric_name(m) for m in metrics]


def misplaced(outputs: Outputs, metrics) -> list[tuple[Output, str]]:
    """The outputs whose metric (by ``metrics``' order) does not suit
    their loss, each with that metric's name; [] when all suit or any
    kind is unknown."""
    names = _per_output(outputs, metrics)
    losses = losses_of(outputs)
    if names is None or losses is None:
        return []
    wrong = []
    for output, name, loss in zip(outputs.items, names, losses):
        metric, wanted = _metric_kind(name), _output_kind(loss)
        if metric is None or wanted is None:
            continue
        if wanted == "numbers" and output.activation in ("sigmoid", "softmax"):
            continue  # yes/no or shares trained with mse: accuracy may be meant
        if metric != wanted:
            wrong.append((output, name))
    return wrong


def _loss_words(loss: str | None) -> str:
    kind = _output_kind(loss)
    what = {"classes": "classes", "numbers": "numbers to predict"}.get(kind)
    return f'loss "{loss}", for {what}' if what else f'loss "{loss}"'


def placed_words(outputs: Outputs, metrics) -> str:
    """``'accuracy' on output 'price' (loss "mse", for numbers to predict)
    and 'mae' on output 'kind' (...)``."""
    names = _per_output(outputs, metrics) or []
    losses = losses_of(outputs) or [None] * len(outputs)
    words = [
        f"{name!r} on {output.words} ({_loss_words(loss)})"
        for output, name, loss in zip(outputs.items, names, losses)
    ]
    return ", ".join(words[:-1]) + " and " + words[-1]


def metrics_code(outputs: Outputs, metrics) -> str | None:
    """``metrics={"price": ["mae"], "kind": ["accuracy"]}``: each of the
    student's metrics (a list, by name) on every output whose loss it
    suits; None when one has no known kind or no output gets a metric."""
    if not isinstance(metrics, (list, tuple)):
        return None
    names = [metric_name(m) for m in metrics]
    if any(_metric_kind(n) is None for n in names):
        return None
    losses = losses_of(outputs) or [None] * len(outputs)
    pairs = []
    for output, loss in zip(outputs.items, losses):
        kind = _output_kind(loss)
        suited = [n for n in dict.fromkeys(names) if _metric_kind(n) == kind]
        if kind is not None and suited:
            listed = ", ".join(json.dumps(n) for n in suited)
            pairs.append(f"{json.dumps(output.key)}: [{listed}]")
    return f"metrics={{{', '.join(pairs)}}}" if pairs else None


def misplaced_words(outputs: Outputs, model_name: str) -> str | None:
    """What went wrong and what to write, when a metric of ``compile``'s
    list fell on an output it does not suit; else None."""
    metrics = outputs.metrics
    wrong = misplaced(outputs, metrics)
    if not wrong:
        return None
    listed = ", ".join(json.dumps(n) for n in _per_output(outputs, metrics) or [])
    unsuited = "; ".join(
        f"{name!r} does not suit {output.words}" for output, name in wrong
    )
    code = metrics_code(outputs, metrics)
    fix = (
        f"To measure each metric on the output it suits, say which with a dict "
        f"by the outputs' names: {code}."
        if code
        else "Say which output each metric is for, with a dict by the outputs' names."
    )
    return (
        f"{model_name}.compile got metrics=[{listed}] for a model of "
        f"{len(outputs)} outputs: Keras reads such a list as one metric for each "
        f"output, in order, so it measures {placed_words(outputs, metrics)}. "
        f"{unsuited[:1].upper()}{unsuited[1:]} (accuracy and the like count right "
        "classes; mae, mse and the like say how far off a number is). " + fix
    )
