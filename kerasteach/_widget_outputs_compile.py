"""Training a model of several outputs, explained: ``compile``'s losses and
metrics.

A model of several outputs needs a loss for each output, in a list in the
order of ``keras.Model``'s outputs or a dict by their names, and its
metrics said for each output.  Keras says so late and in its own words:
three losses for two outputs "The path: (2,) in the `loss` argument, can't
be found"; one metric list "tuple arity mismatch" (or "Invalid
`metrics`").  The explanations here name the outputs and show the setting
written with one entry per output; :func:`keys_said` words the keys of a
dict (of losses or of labels) that name no output.  They are tried by
:func:`kerasteach._widget_outputs_problems.outputs_problem`, which holds the
case they read (:class:`~kerasteach._widget_outputs_problems._Case`) and
the explanations about labels.
"""

from __future__ import annotations

import ast
import difflib
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ._widget_output_metrics import metrics_code, misplaced, misplaced_words
from ._widget_outputs import loss_name, losses_of
from ._widget_problem import Problem

if TYPE_CHECKING:
    from ._widget_outputs_problems import _Case

__all__ = ["keys_said", "losses_structure", "metrics_problem", "misplaced_metrics"]


def keys_said(given: list, keys: list[str], none_for: str) -> list[str]:
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


def losses_structure(case: _Case) -> Problem | None:
    """More losses in ``compile`` than outputs, or a dict of losses whose
    keys are not the outputs' names."""
    losses, keys = case.outputs.losses, case.outputs.keys
    n = len(keys)
    case = case.at_compile()
    if isinstance(losses, Mapping):
        said = keys_said(list(losses), keys, "there is no loss for")
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


def metrics_problem(case: _Case) -> Problem | None:
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


def misplaced_metrics(case: _Case) -> Problem | None:
    """A metric of compile's list measured on an output it does not suit
    (mae on class probabilities), which stopped on shapes; the labels
    fit their outputs (the labels' explanations, tried first, found
    nothing)."""
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
