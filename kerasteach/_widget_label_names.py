"""The student's own words for the data and the labels of a failed
``model.fit`` (``evaluate``, ``train_on_batch``...).

A message about labels that do not go with the model names them as the
student wrote them in the call: ``model.fit(features, targets[:100])``
gets "the labels targets[:100]", not Keras's ``y``.  :func:`fit_argument`
reads the call from the statement the student's code was running
(the second argument by its place, or ``y=``); :class:`Labels` turns the
result into words, "the labels" when it cannot be found (a dataset, a
call Python cannot read, ``fit(*args)``).
"""

from __future__ import annotations

import ast
import textwrap

from ._widget_calls import method_calls
from ._widget_problem import _statement_span, _student_tb, code_of

__all__ = ["Labels", "fit_argument"]

_LONGEST = 60  # a longer expression reads worse than "the labels"


def fit_argument(
    exc, lines, method: str, place: int = 1, keyword: str = "y"
) -> str | None:
    """The argument of the ``....method(...)`` call that ``exc`` stopped
    in, as the student wrote it (given by its ``place``, counted from 0,
    or as ``keyword=``), on one line; None when it cannot be found."""
    tb = _student_tb(exc)
    if tb is None or not lines:
        return None
    lines = list(lines)
    first, last = _statement_span(lines, tb.tb_lineno)
    source = textwrap.dedent("\n".join(lines[first - 1 : last]))
    calls = method_calls(source, method)
    if len(calls) != 1:
        return None  # none, or several: which one failed is not sure
    call = calls[0]
    given = [k.value for k in call.keywords if k.arg == keyword]
    before = call.args[: place + 1]
    if not given and len(call.args) > place:
        if any(isinstance(a, ast.Starred) for a in before):
            return None
        given = [call.args[place]]
    written = code_of(source, given[0]) if given else ""
    return written if written and len(written) <= _LONGEST else None


_PLURAL = {"holds": "hold", "has": "have", "is": "are", "looks": "look"}


class Labels:
    """Words for the labels, written as ``written`` (``targets``,
    ``y_train[:100]``), or "the labels" when ``written`` is None."""

    def __init__(self, written: str | None):
        self.written = written

    @property
    def name(self) -> str:
        """``targets``, or "the labels" in a sentence."""
        return self.written or "the labels"

    @property
    def called(self) -> str:
        """``the labels targets``, or "the labels"."""
        return f"the labels {self.written}" if self.written else "the labels"

    @property
    def titled(self) -> str:
        """``The labels targets`` (a message's first words), or "The
        labels"."""
        return "T" + self.called[1:]

    def says(self, verb: str, start: bool = False) -> str:
        """``targets holds``, or "the labels hold" (``start``: "The
        labels hold", at the start of a sentence)."""
        if self.written:
            return f"{self.written} {verb}"
        return f"{'The' if start else 'the'} labels {_PLURAL.get(verb, verb)}"

    def shaped(self, shape: str, verb: str) -> str:
        """``targets (shape (6, 3)) holds``, at the start of a sentence."""
        if self.written:
            return f"{self.written} (shape {shape}) {verb}"
        return f"The labels (shape {shape}) {_PLURAL.get(verb, verb)}"

    @property
    def code(self) -> str:
        """The labels as code to write ``.argmax(axis=1)`` after: as the
        student wrote them (in brackets when that needs them), else
        ``labels``."""
        if not self.written:
            return "labels"
        try:
            node = ast.parse(self.written, mode="eval").body
        except SyntaxError:
            return f"({self.written})"
        plain = isinstance(node, (ast.Name, ast.Attribute, ast.Subscript, ast.Call))
        return self.written if plain else f"({self.written})"

    @property
    def variable(self) -> str:
        """A name to write code with: the student's own variable when the
        labels are one (``targets``), else ``labels``."""
        written = self.written or ""
        return written if written.isidentifier() else "labels"
