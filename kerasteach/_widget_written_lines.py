"""The line of a statement written over several lines that holds the
mistake.

Python's traceback names the first line of a statement, so a
``keras.Sequential([...])`` written one layer per line fails "on line 3"
(``model = keras.Sequential([``) wherever the wrong item is.  For two
mistakes whose item can be found in the code, the line that writes it is
shown instead:

- a layer type in the list (``layers.Flatten,`` without brackets);
- a shape that is a single number (``input_shape=4``).

:func:`at_written_line` wraps an explanation so that it is given that
line; where the item is not written on exactly one line of the
statement, the explanation gets the statement's line as before.
"""

from __future__ import annotations

import re

from ._widget_problem import _frames_below_student, _statement_span


def _layer_class(exc, raw: str):
    """The layer type given to ``keras.Sequential`` where a layer belongs,
    else None."""
    if "can be added to a Sequential model" not in raw:
        return None
    import keras

    for frame in _frames_below_student(exc):
        if isinstance(frame.f_locals.get("self"), keras.Sequential) and (
            frame.f_code.co_name == "add"
        ):
            item = frame.f_locals.get("layer")
            if isinstance(item, type) and issubclass(item, keras.layers.Layer):
                return item
    return None


def _pattern(exc, raw: str) -> re.Pattern | None:
    """What the wrong item looks like where it is written."""
    layer_class = _layer_class(exc, raw)
    if layer_class is not None:
        name = re.escape(layer_class.__name__)
        return re.compile(rf"(?<![\w.])(?:\w+\.)*{name}\b(?!\s*\()")
    match = re.search(r"Cannot convert '(\d+)' to a shape", raw)
    if match is not None:
        number = match.group(1)
        return re.compile(rf"\b\w*shape\s*=\s*\(?\s*{number}\s*\)?\s*(?:[,)]|$)")
    return None


def written_line(exc, raw: str, line, text, lines) -> tuple[int, str] | None:
    """``(line, text)`` of the one line of the statement on ``line`` that
    writes the wrong item, when it is not ``line`` itself; else None."""
    lines = list(lines)
    if not line or not lines:
        return None
    pattern = _pattern(exc, raw)
    if pattern is None:
        return None
    first, last = _statement_span(lines, line)
    found = [n for n in range(first, last + 1) if pattern.search(lines[n - 1])]
    if len(found) != 1 or found[0] == line:
        return None
    return found[0], lines[found[0] - 1].strip()


def at_written_line(explain, lines):
    """``explain(exc, raw, line, text)`` given the line that writes the
    wrong item (see :func:`written_line`)."""

    def explained(exc, raw: str, line, text):
        found = written_line(exc, raw, line, text, lines)
        return explain(exc, raw, *(found or (line, text)))

    return explained
