"""Helpers for the playground tests that run a student's code and read the
message it gets (tests/test_playground_sweep*.py)."""

from __future__ import annotations

import itertools
import re

import kerasteach


def _run(source: str, **options):
    """The playground with ``source`` and what its Run gave (a Problem or
    None)."""
    p = kerasteach.playground(source, **options)
    return p, p.run()


def _plain(message: str) -> None:
    """No raw internals: an object's repr, a traceback, Python's words
    alone."""
    assert not re.search(r"<\w+[ .:]", message), message
    assert "Traceback" not in message
    assert "Python says" not in message, message


def _shown(message: str, after: str) -> str:
    """The line of code the message shows after ``after``."""
    return message.split(after + "\n    ", 1)[1].split("\n")[0]


def _shown_lines(message: str, after: str) -> list[str]:
    """The code the message shows after ``after``, all its lines (a call
    written over several lines), without the message's indent."""
    block = message.split(after + "\n", 1)[1].split("\n")
    shown = itertools.takewhile(lambda row: row.startswith("    "), block)
    return [row[4:] for row in shown]


def _replaced(source: str, line: int | tuple[int, int], *new: str) -> str:
    """``source`` with its line ``line`` (or its lines ``(first, last)``)
    replaced by the lines ``new``."""
    first, last = line if isinstance(line, tuple) else (line, line)
    lines = source.splitlines()
    lines[first - 1 : last] = list(new)
    return "\n".join(lines) + "\n"


def _problem(source: str, line: int):
    """The problem the playground finds in ``source``: on line ``line``, in
    plain words."""
    _, problem = _run(source)
    assert problem is not None, source
    assert problem.line == line, problem.message
    _plain(problem.message)
    return problem


def _works(source: str):
    """The playground after running ``source``, which must run."""
    p, problem = _run(source)
    assert problem is None, problem.message
    return p


def _builds(source: str):
    """The model ``source`` builds, which must run."""
    return _works(source).model
