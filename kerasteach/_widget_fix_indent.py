"""A fixed line shown under a message, in the indentation of its block.

A message quotes the student's line without its indentation (``on line
12:`` and ``model.compile(...)`` four spaces in) and many show the line
written the right way the same way.  Inside a ``for``, an ``if`` or a
``def`` that fixed line then does not replace the student's as it is:
pasted in, it leaves the block.  :func:`in_its_block` is the one place
that puts the block's indentation back on such a line, for every message:
a row of code a message shows, four spaces in, that is the student's
statement (a one-line statement of its own, in a block) rewritten, which
it tells by its start: the same call (``model.compile(``) or the same
variable assigned (``history =``), but not the quoted line itself.  Code
that already has more indentation (a message that put the block's back
itself, :func:`~kerasteach._widget_calls.in_block`) and any other code a
message shows are left as they are: a line of another place shown with
it (``hidden = layers.Dense(4, activation="relu")`` above ``x =
hidden(x)``, where ``hidden`` is made), a line to add, an example.
"""

from __future__ import annotations

import dataclasses
import re

from ._widget_problem import Problem, _statement_span

__all__ = ["in_its_block"]

_HEAD = re.compile(r"([A-Za-z_][\w.]*\s*(?:=(?!=)|\())")


def _head(code: str) -> str | None:
    """``model.compile(`` or ``history =``: how a statement starts, its
    spaces taken out; None for anything else."""
    match = _HEAD.match(code)
    return re.sub(r"\s+", "", match.group(1)) if match else None


def in_its_block(problem: Problem, lines) -> Problem:
    """``problem`` with each fixed row of its message in the indentation of
    the block of the student's line (see the module's words)."""
    line, text = problem.line, (problem.code_line or "").strip()
    lines = list(lines)
    if not line or not text or not 0 < line <= len(lines):
        return problem
    row = lines[line - 1]
    indent = row[: len(row) - len(row.lstrip())]
    head = _head(text)
    if not indent or head is None or row.strip() != text:
        return problem
    if _statement_span(lines, line) != (line, line):
        return problem
    rows = problem.message.split("\n")
    for n, shown in enumerate(rows):
        code = shown[4:]
        if (
            shown.startswith("    ")
            and code[:1] not in ("", " ")
            and code != text
            and _head(code) == head
        ):
            rows[n] = "    " + indent + code
    message = "\n".join(rows)
    if message == problem.message:
        return problem
    return dataclasses.replace(problem, message=message)
