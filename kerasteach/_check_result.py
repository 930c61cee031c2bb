"""The answer of :func:`kerasteach.check.check`, for a person.

A :class:`CheckResult` is truthy when the architectures match, and shows
itself as a short note: plain text, Markdown or HTML in a notebook.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from ._markdown import escape

__all__ = ["CheckResult"]


@dataclass(frozen=True)
class CheckResult:
    """The answer of :func:`check`.

    ``correct`` says whether the architectures match; ``message`` says so,
    or describes the first difference; ``hint`` suggests what to do next
    (empty when correct); ``layer`` names the student's layer the message is
    about (``"encoder/enc_2"`` for one inside a nested model ``encoder``,
    which the message calls 'enc_2' in 'encoder'; in a subclassed model,
    the layer's name too, which the message calls by its attribute,
    ``self.h2``; ``None`` when it is about the whole model); ``kind`` is a
    short code for the difference (``"missing-layer"``, ``"extra-layer"``,
    ``"order"`` (a layer in another place: two layers swapped, an
    Activation before the Add it belongs after),
    ``"layer-type"``, ``"units"``, ``"filters"``, ``"kernel_size"``,
    ``"activation"``, ``"config"``, ``"connection"``, ``"shared"``,
    ``"inputs"``, ``"outputs"``, ``"input-shape"``, ``"input-order"`` (inputs
    listed in another order, or put under each other's keys),
    ``"output-shape"``,
    ``"structure"`` (a list or a single tensor where the reference takes or
    returns a dict, or a dict where it has a single tensor or a list),
    ``"needs-functional"`` (a keras.Sequential answer to a reference that
    branches or merges), ``"wrong-style"`` (the right architecture in
    another API style than ``check(..., style=...)`` asks for),
    ``"not-a-model"``, ``"not-built"``, ``"empty"``) or ``None`` when
    correct.  ``more`` is how many more differences check() sees after
    this one (0 when it is the only one, or when what comes after it cannot
    be told yet), each as check() would tell it once the ones before are
    fixed; ``more_at_least`` says there may be others after these (when
    ``more`` is 0, that there may be others after this one).  The
    message stays about the first: one at a time is what a student can act
    on, and the count tells them that fixing it is not the end.
    """

    correct: bool
    message: str
    hint: str = ""
    layer: str | None = None
    kind: str | None = None
    more: int = 0
    more_at_least: bool = False

    def __bool__(self) -> bool:
        return self.correct

    @property
    def more_note(self) -> str:
        """``This is the first of 3 differences: ...``, or "" when this is
        the only one check() sees; when check() cannot tell what comes after
        it, that there may be more."""
        if self.correct or (self.more < 1 and not self.more_at_least):
            return ""
        if self.more < 1:
            return (
                "There may be more differences after this one: fix it, then "
                "check again to see."
            )
        total = f"{'at least ' if self.more_at_least else ''}{self.more + 1}"
        return (
            f"This is the first of {total} differences: fix it, then check "
            "again to see the next."
        )

    def __str__(self) -> str:
        if self.correct:
            return f"Correct! {self.message}"
        text = f"Not yet: {self.message}"
        if self.hint:
            text += f"\nHint: {self.hint}"
        if self.more_note:
            text += f"\n{self.more_note}"
        return text

    __repr__ = __str__

    def _repr_markdown_(self) -> str:
        # the text escaped, as explain()'s: it names layers, and Markdown
        # reads __x__ as bold, <b> as a tag and $x$ as mathematics
        if self.correct:
            return f"✅ **Correct!** {escape(self.message)}"
        text = f"🟠 **Not yet:** {escape(self.message)}"
        if self.hint:
            text += f"\n\n*Hint:* {escape(self.hint)}"
        if self.more_note:
            text += f"\n\n{escape(self.more_note)}"
        return text

    def _repr_html_(self) -> str:
        if self.correct:
            color, background, mark, title = "#1a7f37", "#e9f7ee", "✔", "Correct!"
        else:
            color, background, mark, title = "#b35900", "#fff4e5", "●", "Not yet:"
        body = (
            f'<span style="color:{color};font-weight:bold">{mark} {title}</span> '
            f"{html.escape(self.message)}"
        )
        if self.hint:
            body += f"<br><i>Hint:</i> {html.escape(self.hint)}"
        if self.more_note:
            body += f"<br>{html.escape(self.more_note)}"
        return (
            f'<div class="kerasteach-check" style="border-left:4px solid {color};'
            f'background:{background};padding:6px 10px;color:#1f2328">{body}</div>'
        )


def _wrong(kind: str, message: str, hint: str = "", layer: str | None = None):
    return CheckResult(False, message[:1].upper() + message[1:], hint, layer, kind)
