"""The student's save and load lines, read for
:mod:`kerasteach._widget_saving_problems` and the modules it asks: the
call of ``load_model`` or ``model.save`` on a line, the model it is called
on, and a file name as code writes it (or the line with it changed).
"""

from __future__ import annotations

import ast


def _code(path: str) -> str:
    """``path`` as a string in code, in double quotes as the lessons write."""
    return f'"{path}"' if '"' not in path and "\\" not in path else repr(path)


def _quoted(text: str | None, path: str) -> str | None:
    """The string literal of ``path`` as written in ``text`` (once)."""
    found = [q + path + q for q in ('"', "'") if (text or "").count(q + path + q) == 1]
    return found[0] if len(found) == 1 else None


def _with_path(text: str | None, path: str, new: str) -> str | None:
    """``text`` with its literal of ``path`` changed to ``new``, or None
    when the line does not write ``path`` out once."""
    literal = _quoted(text, path)
    if literal is None:
        return None
    return text.strip().replace(literal, literal[0] + new + literal[0])


def _calls(text: str | None) -> list[ast.Call]:
    try:
        tree = ast.parse((text or "").strip())
    except SyntaxError:
        return []
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)]


def _method(text: str | None, names: tuple[str, ...]) -> ast.Call | None:
    """The call of one of ``names`` (``load_model``, ``model.save``) on
    the line."""
    for call in _calls(text):
        func = call.func
        name = getattr(func, "attr", None) or getattr(func, "id", None)
        if name in names:
            return call
    return None


def _receiver(call: ast.Call | None) -> str | None:
    """``other`` for ``other.load_weights(...)``."""
    func = getattr(call, "func", None)
    value = getattr(func, "value", None)
    return value.id if isinstance(value, ast.Name) else None
