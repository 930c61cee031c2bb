"""A model of several outputs that stops in ``fit`` on losses Keras did
not pair with its outputs.

``loss=("sparse_categorical_crossentropy", "mse", "mse")`` for a list of
two outputs: a list or tuple of losses of another count than the outputs,
and not of the type the model gives them in
(:meth:`kerasteach._widget_outputs.Outputs.spreads`).  Keras uses every
such loss on all the outputs together, and a loss that reads one array
stops on the list of them, in Python's words ("'list' object has no
attribute 'shape'").  When such losses train instead,
:mod:`kerasteach._widget_outputs_notes` notes it.
"""

from __future__ import annotations

from ._widget_calls import method_line
from ._widget_outputs import model_outputs
from ._widget_outputs_notes import losses_example
from ._widget_problem import (
    Problem,
    _at,
    _line_text,
    _model_method_frame,
    _student_names,
)

__all__ = ["spread_losses_problem"]

_LABELLED = ("fit", "evaluate", "train_on_batch", "test_on_batch")


def spread_losses_problem(exc, line, text, lines=()) -> Problem | None:
    """Python's AttributeError in ``fit`` (``evaluate``...) of a model
    whose losses Keras used on all its outputs together; else None.  The
    message shows the ``compile`` line of the code ``lines``, where the
    losses are written, when there is one."""
    if not isinstance(exc, AttributeError):
        return None
    found = _model_method_frame(exc, _LABELLED)
    if found is None:
        return None
    model, _ = found
    outputs = model_outputs(model)
    if outputs is None or not outputs.spreads():
        return None
    name = _student_names(exc).get(id(model), "model")
    found = method_line(lines, name, "compile")
    if found is not None:
        line, text = found, _line_text(list(lines), found)
    losses = outputs.losses
    count = f"{len(losses)} loss{'es' * (len(losses) != 1)}"
    kind = "tuple" if isinstance(losses, tuple) else "list"
    example = ", ".join(f'"{v}"' for v in losses_example(outputs)[: len(outputs)])
    message = (
        f"{name} has {len(outputs)} outputs, {outputs.described()}, but "
        f"{name}.compile got {count} in a {kind}{_at(line, text) or '. '}"
        "Keras pairs losses with outputs only when there is one loss for each "
        f"output; it used {'this one' if len(losses) == 1 else 'these'} on all "
        "the outputs together, and stopped. "
        f"Give one loss for each output, in a list in the order of "
        f"keras.Model's outputs ({outputs.listed()}), for example "
        f"loss=[{example}]."
    )
    return Problem("data", message, line, text, detail=str(exc))
