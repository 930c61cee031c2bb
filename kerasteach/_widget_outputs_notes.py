"""Notes on a model of several outputs that trained without a word but
most likely not as meant.

``compile`` given fewer losses than the model has outputs
(``loss=["sparse_categorical_crossentropy"]`` for outputs ``kind`` and
``price``) trains the outputs left without one on nothing, with a
warning lost among Keras's ("Gradients do not exist for variables").
Each output's labels then get the notes a model of one output gets
(:mod:`kerasteach._widget_label_notes`), in words for that output: "labels
that do not match output 'price': layer 'price' gives 1 number per
sample".
"""

from __future__ import annotations

from ._widget_label_notes import _SPARSE, _notes_for, _Out
from ._widget_outputs import Outputs, labels_of, loss_name, written_labels

__all__ = ["outputs_notes"]


def outputs_notes(outputs: Outputs, y, names: tuple[str, str]) -> list[str]:
    """Notes for a model of several outputs: outputs ``compile`` gave no
    loss (they learn nothing), then each output's labels."""
    model_name, y_name = names
    notes = []
    losses = outputs.losses
    if isinstance(losses, (list, tuple)) and len(losses) < len(outputs):
        left = outputs.items[len(losses) :]
        quoted = " and ".join(repr(o.key) for o in left)
        given = [loss_name(v) for v in losses]
        suggested = [_SUGGESTED.get(o.activation, "mse") for o in left]
        example = ", ".join(f'"{v}"' for v in [*given, *suggested] if v)
        notes.append(
            f"{model_name}.compile gave {len(losses)} loss"
            f"{'es' * (len(losses) != 1)} for {len(outputs)} outputs, so Keras "
            f"trained output{'s' * (len(left) != 1)} {quoted} with no loss: "
            f"{'they' if len(left) != 1 else 'it'} learned nothing. Give one "
            f"loss for each output, in the order of keras.Model's outputs "
            f"({outputs.listed()}), for example loss=[{example}]."
        )
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


# the loss a last layer's activation suggests
_SUGGESTED = {"softmax": _SPARSE, "sigmoid": "binary_crossentropy"}
