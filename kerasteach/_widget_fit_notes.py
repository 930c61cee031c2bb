"""Notes on the ``model.fit`` calls that trained without a word but most
likely not as meant.

The playground records each ``fit`` the student's code ran
(:func:`kerasteach._widget_records.fit_calls`); a ``fit`` that returned
can still have trained on nothing useful, and Keras does not say so:

- labels that do not go with the output or the loss: one-hot labels for
  one output unit, ``binary_crossentropy`` on classes 0 to 3, class
  numbers past the last layer's units
  (:mod:`kerasteach._widget_label_notes`);
- settings out of range (``epochs=0``, ``batch_size=0``,
  ``validation_split=20``: :mod:`kerasteach._widget_fit_arguments`);
- a list of several arrays for a model of one input: Keras trains on the
  first (:mod:`kerasteach._widget_input_notes`);
- numbers with fractions given to an ``Embedding``, which makes each a
  whole token id (:mod:`kerasteach._widget_embedding_problems`);
- a last layer, loss and metrics that do not go together (no activation
  and a crossentropy, sigmoid for numbers past 1, ``metrics=["accuracy"]``
  with ``mse``: :mod:`kerasteach._widget_loss_notes`).

Each note names the student's variables, the shapes or values involved
and the change to make.  A check that fails gives no note.
"""

from __future__ import annotations

import ast
import textwrap

from ._widget_calls import method_calls
from ._widget_embedding_problems import float_ids_notes
from ._widget_fit_arguments import fit_argument_notes
from ._widget_input_notes import several_arrays_notes
from ._widget_label_notes import label_notes
from ._widget_loss_notes import loss_notes
from ._widget_problem import _statement_span, code_of

__all__ = ["fit_notes", "label_notes"]


def _fit_call(result, line: int | None) -> tuple[ast.Call, str] | None:
    """The ``....fit(...)`` call written on ``line`` of the student's code,
    and the source of its statement (which the call's positions are in)."""
    if not line:
        return None
    first, last = _statement_span(result.source_lines, line)
    source = textwrap.dedent("\n".join(result.source_lines[first - 1 : last]))
    calls = method_calls(source, "fit")
    return (calls[0], source) if calls else None


def _name_of(result, value, written=None, default: str = "y") -> str:
    """The student's name for ``value``: the variable that holds it, else
    the argument of ``fit`` as written (``written``: the call and its
    source), else ``default``."""
    for name, held in result.namespace.items():
        if held is value and not name.startswith("_"):
            return name
    if written is not None:
        node, source = written
        given = [k.value for k in node.keywords if k.arg == "y"]
        if not given and len(node.args) > 1:
            given = [node.args[1]]
        text = code_of(source, given[0]) if given else ""
        if text and len(text) <= 40:
            return text
    return default


def _model_name(result, model, written=None) -> str:
    """The student's name for ``model``: the one its ``fit`` is called on
    (``net.fit(...)``), else the first variable that holds it."""
    if written is not None:
        receiver = getattr(written[0].func, "value", None)
        name = getattr(receiver, "id", None)
        if name and result.namespace.get(name) is model:
            return name
    return _name_of(result, model, default="model")


def _line_text(result, line: int | None) -> str | None:
    if not line or not 0 < line <= len(result.source_lines):
        return None
    return result.source_lines[line - 1]


def _call_notes(result, call) -> list[str]:
    """The notes on one ``fit`` call that returned; each kind on its own,
    so that one that fails leaves the others."""
    y = call.arguments.get("y")
    written = _fit_call(result, call.line)
    model_name = _model_name(result, call.model, written)
    y_name = _name_of(result, y, written)
    text = _line_text(result, call.line)

    def name_of(value):
        return _name_of(result, value, default="")

    found: list[str] = []
    for find in (
        lambda: fit_argument_notes(call, model_name, text),
        lambda: several_arrays_notes(call, model_name, name_of),
        lambda: label_notes(call.model, y, (model_name, y_name)),
        lambda: float_ids_notes(call, model_name, name_of),
        lambda: loss_notes(call.model, y, (model_name, y_name)),
    ):
        try:
            found += find()
        except Exception:  # noqa: BLE001 - a note is optional
            continue
    return found


def fit_notes(result) -> list[str]:
    """A note for each likely mistake in the ``model.fit`` calls the
    student's code ran and that returned (the same note once)."""
    notes: list[str] = []
    for call in result.fits:
        if not call.finished:
            continue
        try:
            found = _call_notes(result, call)
        except Exception:  # noqa: BLE001 - a note is optional
            continue
        where = f"Line {call.line}: " if call.line else ""
        for note in found:
            note = where + note
            if note not in notes:
                notes.append(note)
    return notes
