"""Notes on a model of several outputs that trained without a word but
most likely not as meant.

A list of metrics with one for each output, where a metric falls on an
output it does not suit (``metrics=["accuracy", "mae"]`` for outputs
``price`` and ``kind``): Keras measures each on the output of its place
(:mod:`kerasteach._widget_output_metrics`).

``compile`` given fewer losses than the model has outputs
(``loss=["sparse_categorical_crossentropy"]`` for outputs ``kind`` and
``price``) trains the outputs left without one on nothing, with a
warning lost among Keras's ("Gradients do not exist for variables").
A list or tuple of losses not one for each output, and not of the type
the model gives its outputs in (``loss=("mse", "mse", "mse")`` for a list
of two outputs), is not paired with the outputs at all: Keras uses every
loss on every output and adds them up, without a word.
Each output's labels then get the notes a model of one output gets
(:mod:`kerasteach._widget_label_notes`), in words for that output: "labels
that do not match output 'price': layer 'price' gives 1 number per
sample".
"""

from __future__ import annotations

from ._widget_label_notes import _SPARSE, _notes_for, _Out
from ._widget_output_metrics import misplaced_words
from ._widget_outputs import Outputs, labels_of, loss_name, written_labels

__all__ = ["losses_example", "outputs_notes"]


def outputs_notes(outputs: Outputs, y, names: tuple[str, str]) -> list[str]:
    """Notes for a model of several outputs: outputs ``compile`` gave no
    loss (they learn nothing), then each output's labels."""
    model_name, y_name = names
    notes = []
    losses = outputs.losses
    if outputs.spreads():
        # no loss of each output to check its labels against
        notes.append(_spread_note(outputs, model_name))
        return notes + [n for n in [misplaced_words(outputs, model_name)] if n]
    if isinstance(losses, (list, tuple)) and len(losses) < len(outputs):
        left = outputs.items[len(losses) :]
        quoted = " and ".join(repr(o.key) for o in left)
        example = ", ".join(f'"{v}"' for v in losses_example(outputs))
        notes.append(
            f"{model_name}.compile gave {len(losses)} loss"
            f"{'es' * (len(losses) != 1)} for {len(outputs)} outputs, so Keras "
            f"trained output{'s' * (len(left) != 1)} {quoted} with no loss: "
            f"{'they' if len(left) != 1 else 'it'} learned nothing. Give one "
            f"loss for each output, in the order of keras.Model's outputs "
            f"({outputs.listed()}), for example loss=[{example}]."
        )
    metrics = misplaced_words(outputs, model_name)
    if metrics:
        notes.append(metrics)
    per_output = labels_of(outputs, y)
    if per_output is None:
        return notes
    words = written_labels(outputs, y, y_name)
    for output, labels, written in zip(outputs.items, per_output, words):
        target = outputs.target(output.index)
        out = _Out(output.shape, target, output.words, f"{target.layer} gives")
        for note in _notes_for(out, labels, (model_name, written or y_name)):
            notes.append(note)
    return notes


def _spread_note(outputs: Outputs, model_name: str) -> str:
    """Losses Keras did not pair with the outputs: each used on all."""
    losses = outputs.losses
    count = len(losses)
    kind = "tuple" if isinstance(losses, tuple) else "list"
    used = "it" if count == 1 else f"all {count}, added up,"
    example = ", ".join(f'"{v}"' for v in losses_example(outputs)[: len(outputs)])
    return (
        f"{model_name}.compile got {count} loss{'es' * (count != 1)} in a {kind} "
        f"for {len(outputs)} outputs, so Keras did not give each output a loss "
        f"of its own: it used {used} on every output. Give "
        f"one loss for each output, in a list in the order of keras.Model's "
        f"outputs ({outputs.listed()}), for example loss=[{example}]."
    )


def losses_example(outputs: Outputs) -> list[str]:
    """A loss for each output: those ``compile`` gave (by name), then for
    the outputs left without one the loss their activation suggests.  For
    outputs given as a dict, whose order a list does not say, each gets
    the loss its activation suggests, else the first loss given for
    numbers (else ``mse``)."""
    losses = outputs.losses
    given = [loss_name(v) for v in losses] if isinstance(losses, (list, tuple)) else []
    if outputs.keyed:
        numbers = [v for v in given if v and v not in _SUGGESTED.values()]
        plain = numbers[0] if numbers else "mse"
        return [_SUGGESTED.get(o.activation, plain) for o in outputs.items]
    left = outputs.items[len(given) :]
    suggested = [_SUGGESTED.get(o.activation, "mse") for o in left]
    return [v for v in [*given, *suggested] if v]


# the loss a last layer's activation suggests
_SUGGESTED = {"softmax": _SPARSE, "sigmoid": "binary_crossentropy"}
