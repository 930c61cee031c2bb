"""A student's layer line, rewritten with one setting changed.

The shape messages for recurrent, embedding and convolution layers show
the fix on the student's own line: ``layers.LSTM(64)`` becomes
``layers.LSTM(64, return_sequences=True)``, ``layers.Conv2D(16, 3)``
becomes ``layers.Conv1D(16, 3)``.  :func:`layer_call` finds the call that
made a layer on its line (the line comes from
:func:`kerasteach._widget_records.creation_lines`); the edits return the
whole line, stripped, or ``None`` when the call is not written plainly on
one line.
"""

from __future__ import annotations

import ast

from ._widget_problem import _created_line


def layer_call(lines, created, layer) -> tuple[int, ast.Call] | None:
    """``(line, call)``: the one-line call ``...LSTM(...)`` that made
    ``layer``, found by its class name on the line it was created."""
    number = _created_line(created, layer)
    if number is None or not lines:
        return None
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return None
    kind = type(layer).__name__
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and node.lineno == number == node.end_lineno
        and _name(node.func) == kind
    ]
    return (number, calls[0]) if len(calls) == 1 else None


def _name(func) -> str | None:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else None


def _segment(lines, number: int, call: ast.Call) -> tuple[bytes, bytes, bytes]:
    """The line cut around ``call``: before, the call, after (as bytes, the
    way ast counts columns)."""
    row = lines[number - 1].encode()
    return (
        row[: call.col_offset],
        row[call.col_offset : call.end_col_offset],
        row[call.end_col_offset :],
    )


def with_keyword(lines, found, keyword: str, value: str) -> str | None:
    """The line of ``found`` (see :func:`layer_call`) with ``keyword=value``
    added to the call; None when the call already sets it."""
    number, call = found
    if any(k.arg == keyword or k.arg is None for k in call.keywords):
        return None
    before, text, after = _segment(lines, number, call)
    comma = ", " if call.args or call.keywords else ""
    text = text[:-1].rstrip() + f"{comma}{keyword}={value})".encode()
    return (before + text + after).decode().strip()


def with_argument(lines, found, index: int, keyword: str, value: str) -> str | None:
    """The line of ``found`` with its argument ``keyword`` (or the
    ``index``-th written by its place) set to ``value``."""
    number, call = found
    nodes = [k.value for k in call.keywords if k.arg == keyword]
    if not nodes and len(call.args) > index:
        nodes = [call.args[index]]
    if len(nodes) != 1 or nodes[0].lineno != number:
        return None
    row = lines[number - 1].encode()
    node = nodes[0]
    fixed = row[: node.col_offset] + value.encode() + row[node.end_col_offset :]
    return fixed.decode().strip()


def with_class(lines, found, new: str) -> str | None:
    """The line of ``found`` calling the class ``new`` instead, when the
    class is written as ``layers.Conv2D`` (from the same module) and every
    setting as a single number, a name or a text (a size written as a
    tuple has one number per axis, which no longer fits)."""
    number, call = found
    if not isinstance(call.func, ast.Attribute):
        return None  # Conv2D imported by name: Conv1D may not be
    values = list(call.args) + [k.value for k in call.keywords]
    if any(not isinstance(v, (ast.Constant, ast.Name)) for v in values):
        return None
    if any(k.arg is None for k in call.keywords):
        return None
    before, text, after = _segment(lines, number, call)
    old = _name(call.func).encode()
    head, paren, rest = text.partition(b"(")
    if not head.endswith(old):
        return None
    head = head[: -len(old)] + new.encode()
    return (before + head + paren + rest + after).decode().strip()


def without_keyword(lines, found, keyword: str) -> str | None:
    """The line of ``found`` without the setting ``keyword=...``."""
    number, call = found
    keywords = [k for k in call.keywords if k.arg == keyword]
    if len(keywords) != 1:
        return None
    before, text, after = _segment(lines, number, call)
    start = call.col_offset
    # every other setting as written, in its order
    kept = sorted(
        [*call.args, *(k for k in call.keywords if k.arg != keyword)],
        key=lambda n: n.col_offset,
    )
    if any(n.lineno != number or n.end_lineno != number for n in kept):
        return None
    parts = [text[n.col_offset - start : n.end_col_offset - start] for n in kept]
    head = text[: call.func.end_col_offset - start]
    return (before + head + b"(" + b", ".join(parts) + b")" + after).decode().strip()


def as_new_layer(lines, found, new: str, argument: str) -> str | None:
    """The line of ``found``, a call with no settings but its ``name``
    (``layers.Flatten()``), calling the class ``new`` with ``argument``
    first instead (``layers.Reshape((28, 28))``), its name kept; None for
    a call with other settings, which ``new`` may not take."""
    number, call = found
    if call.args or any(k.arg != "name" for k in call.keywords):
        return None
    if not isinstance(call.func, ast.Attribute):
        return None  # Flatten imported by name: Reshape may not be
    before, text, after = _segment(lines, number, call)
    start = call.col_offset
    head = text[: call.func.value.end_col_offset - start] + b"." + new.encode()
    parts = [argument.encode()] + [
        text[k.col_offset - start : k.end_col_offset - start] for k in call.keywords
    ]
    if any(k.lineno != number or k.end_lineno != number for k in call.keywords):
        return None
    return (before + head + b"(" + b", ".join(parts) + b")" + after).decode().strip()
