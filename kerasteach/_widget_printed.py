"""What a student's code prints, as the playground shows it.

:class:`Printed` collects the output while the code runs (bounded: a loop
that prints forever must not fill the memory); :func:`printed_text` turns it
into what a terminal would show (colours removed, progress bars redrawn
where ``\\r`` and backspaces put them), cut to its last lines.
"""

from __future__ import annotations

import io
import re

from ._widget_problem import shorten

__all__ = ["PRINTED_CHARS", "PRINTED_LINES", "Printed", "printed_text"]

PRINTED_LINES = 200  # the widget shows the last lines printed ...
PRINTED_CHARS = 20_000  # ... at most this many characters of them
_CAPTURE_CHARS = 1_000_000  # printed text kept while the code runs (about)


class Printed(io.StringIO):
    """What the code prints.  Past about ``2 * _CAPTURE_CHARS`` characters
    the oldest lines are dropped (and counted): a loop that prints forever
    must not fill the memory."""

    def __init__(self) -> None:
        super().__init__()
        self.dropped_lines = 0

    def write(self, text: str) -> int:
        written = super().write(text)
        if self.tell() > 2 * _CAPTURE_CHARS:
            value = self.getvalue()
            cut = value.find("\n", len(value) - _CAPTURE_CHARS) + 1
            if cut <= 0:
                cut = len(value) - _CAPTURE_CHARS
            self.dropped_lines += value.count("\n", 0, cut)
            self.seek(0)
            self.truncate()
            super().write(value[cut:])
        return written


# every terminal escape sequence: CSI (colours, cursor moves), OSC, and the
# two-character ones
_ESCAPE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])"
)
_CONTROL = re.compile(r"[\x00-\x07\x0b-\x0c\x0e-\x1f\x7f]")


def _terminal_line(line: str) -> str:
    """A line as a terminal leaves it: a carriage return goes back to the
    start of the line and a backspace one column left; what follows writes
    over what was there (a progress bar redraws itself this way)."""
    if "\r" not in line and "\b" not in line:
        return line
    screen: list[str] = []
    column = 0
    for piece in re.split(r"(\r+|\x08+)", line):
        if not piece:
            continue
        if piece[0] == "\r":
            column = 0
        elif piece[0] == "\b":
            column = max(column - len(piece), 0)
        else:
            screen[column : column + len(piece)] = piece
            column += len(piece)
    return "".join(screen).rstrip()


def printed_text(raw: str, dropped_lines: int = 0) -> str:
    """``raw`` printed output as a terminal would show it, without colours,
    cut to its last :data:`PRINTED_LINES` lines and :data:`PRINTED_CHARS`
    characters, with a first line saying how many lines were left out
    (``dropped_lines`` were dropped before ``raw`` already)."""
    if not raw and not dropped_lines:
        return ""
    text = _ESCAPE.sub("", raw)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    total = dropped_lines + len(lines)
    shown: list[str] = []
    size = 0
    for line in reversed(lines[-PRINTED_LINES:]):
        line = _CONTROL.sub("", _terminal_line(line))
        if size + len(line) + 1 > PRINTED_CHARS:
            if not shown:  # one very long line: its start
                shown.append(shorten(line, PRINTED_CHARS))
            break
        shown.append(line)
        size += len(line) + 1
    shown.reverse()
    left_out = total - len(shown)
    if left_out > 0:
        plural = "s" if left_out != 1 else ""
        shown.insert(
            0,
            f"[... {left_out:,} earlier line{plural} not shown]",
        )
    return "\n".join(shown)
