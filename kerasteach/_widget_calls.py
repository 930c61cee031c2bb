"""The calls in a piece of the student's code, found by the name called.

Many explanations read one statement of the student's code for the call
they are about: the ``model.fit(...)`` whose labels are missing, the
``np.random.rand(...)`` given a tuple.  :func:`method_calls` finds the
``....fit(...)`` calls (a method, by its attribute name) and
:func:`function_calls` the ``head(...)`` calls (a plain name), in the
order :func:`ast.walk` meets them (the outer call before the calls in its
arguments).  Each explanation then picks the call it trusts: the first, or
only when there is exactly one.  Code that Python cannot read has none.
:func:`model_inputs` finds what the code gives ``keras.Model(...)`` as its
inputs, which the notes about a model that starts in the wrong place read.

A call can be written over several lines: :func:`statement_source` gives
the whole statement that holds a line, :func:`between` rewrites the code
between two nodes of it (their ``col_offset`` counts from their own line),
and :func:`indented` shows such code under a message; :func:`in_block`
first puts back the indentation of the block (a ``for``, a ``def``) that
:func:`statement_source` took off, so that the lines shown replace the
student's lines as they are.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Collection, Sequence

from ._widget_problem import _statement_span, called_name, parsed_code

__all__ = [
    "between",
    "function_calls",
    "in_block",
    "indented",
    "method_calls",
    "method_line",
    "model_inputs",
    "statement_source",
]


def _names(names: str | Collection[str]) -> Collection[str]:
    return (names,) if isinstance(names, str) else names


def method_calls(source: str, methods: str | Collection[str]) -> list[ast.Call]:
    """The calls ``something.method(...)`` in ``source`` of a method named
    ``methods`` (one name, or any of several), outer calls first; ``[]``
    when Python cannot read ``source``."""
    wanted = _names(methods)
    tree = parsed_code([source])
    return [
        node
        for node in (ast.walk(tree) if tree is not None else ())
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in wanted
    ]


def method_line(lines: Sequence[str], owner: str, method: str) -> int | None:
    """The line of the one ``owner.method(...)`` call in the student's code
    ``lines`` (``model.compile(...)``, ``owner`` a plain name); None when
    there is none, several, or Python cannot read the code."""
    found = {
        call.lineno
        for call in method_calls("\n".join(lines), method)
        if isinstance(call.func.value, ast.Name) and call.func.value.id == owner
    }
    return found.pop() if len(found) == 1 else None


def function_calls(source: str, names: str | Collection[str]) -> list[ast.Call]:
    """The calls ``name(...)`` in ``source`` of a plain name (not an
    attribute: ``head(x)``, not ``layers.head(x)``), outer calls first;
    ``[]`` when Python cannot read ``source``."""
    wanted = _names(names)
    tree = parsed_code([source])
    return [
        node
        for node in (ast.walk(tree) if tree is not None else ())
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in wanted
    ]


def model_inputs(lines: list[str]) -> list[ast.expr]:
    """What each ``keras.Model(...)`` (or ``Model(...)``) call in the
    student's code ``lines`` is given as its inputs, as written: its first
    argument or its ``inputs=``, calls in the order :func:`ast.walk` meets
    them; ``[]`` when Python cannot read the code."""
    tree = parsed_code(lines)
    return [
        node
        for call in (ast.walk(tree) if tree is not None else ())
        if isinstance(call, ast.Call) and called_name(call) == "Model"
        for node in call.args[:1]
        + [k.value for k in call.keywords if k.arg == "inputs"]
    ]


def statement_source(lines: Sequence[str], line: int | None, text: str | None) -> str:
    """The statement of the student's code ``lines`` that holds ``line``,
    all its lines, its indentation taken off (``model.fit(`` and the
    lines of its arguments below); ``text``, the line alone, when the
    code is not there to read."""
    if not line or not lines or not 0 < line <= len(lines):
        return (text or "").strip()
    first, last = _statement_span(list(lines), line)
    return textwrap.dedent("\n".join(lines[first - 1 : last])).strip()


def _index(source: str, lineno: int, col: int) -> int:
    """Where in ``source`` the place ``ast`` gives as ``(lineno,
    col_offset)`` is (``col_offset`` counts UTF-8 bytes)."""
    rows = source.split("\n")
    before = sum(len(row) + 1 for row in rows[: lineno - 1])
    return before + len(rows[lineno - 1].encode()[:col].decode(errors="ignore"))


def between(source: str, first: ast.AST, last: ast.AST, new: str) -> str:
    """``source`` with the code from the start of ``first`` to the end of
    ``last`` (nodes of ``source``, on any of its lines) made ``new``."""
    start = _index(source, first.lineno, first.col_offset)
    end = _index(source, last.end_lineno, last.end_col_offset)
    return source[:start] + new + source[end:]


def indented(code: str) -> str:
    """``code`` shown under a message: each of its lines four spaces in."""
    return "\n".join(f"    {row}" for row in code.split("\n"))


def in_block(lines: Sequence[str], line: int | None, code: str) -> str:
    """``code``, the statement of ``lines`` that holds ``line`` as
    :func:`statement_source` gives it (changed), with the indentation it
    took off put back: inside a ``for`` or a ``def``, its lines then
    replace the student's lines as they are (one line too, though the
    student's line a message quotes is shown without it)."""
    if not line or not 0 < line <= len(lines):
        return code
    first, last = _statement_span(list(lines), line)
    rows = list(lines[first - 1 : last])
    kept = textwrap.dedent("\n".join(rows)).split("\n")
    margin = rows[0][: len(rows[0]) - len(kept[0])]  # what dedent took off
    start = rows[0][: len(rows[0]) - len(rows[0].lstrip())]  # and strip()
    head, *rest = code.split("\n")
    return "\n".join([start + head] + [margin + row if row else row for row in rest])
