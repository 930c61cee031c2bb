"""The model's answers compared with the labels as they come out of ``predict``.

``pred = model.predict(x)`` holds one number per class for each sample
(shape ``(150, 3)``), while the labels ``y`` hold one class number per
sample (shape ``(150,)``): ``pred == y`` fails in NumPy ("operands could
not be broadcast together"), and ``if pred[0] == y[0]:`` asks Python
whether an array of 3 answers is true.  :func:`predictions_problem` says
so, names the student's variables, and shows the line with ``argmax``,
which picks the class with the highest number.
"""

from __future__ import annotations

import ast
import re

from ._widget_problem import Problem, _at, _student_variables, code_of

_BROADCAST = re.compile(
    r"operands could not be broadcast together with shapes "
    r"\((\d+),(\d+)\) \((\d+),\)|\((\d+),\) \((\d+),(\d+)\)"
)
_AMBIGUOUS = "truth value of an array with more than one element is ambiguous"


def _predicted_names(lines) -> set[str]:
    """The names the code sets to ``....predict(...)``."""
    names = set()
    for text in lines:
        match = re.match(r"\s*(\w+)\s*=\s*[\w.]+\.predict\(", text)
        if match:
            names.add(match.group(1))
    return names


def _comparisons(text: str):
    """The ``a == b`` (or ``!=``) comparisons on the line ``text``, with it."""
    source = text.strip()
    if source.endswith(":"):  # if pred[0] == y[0]:
        source = source[:-1]
        source = re.sub(r"^(if|elif|while)\s+", "", source)
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Compare)
            and len(node.ops) == 1
            and isinstance(node.ops[0], (ast.Eq, ast.NotEq))
        ):
            found.append((node, source))
    return found


def _root(node) -> str | None:
    """``pred`` for ``pred``, ``pred[0]``, ``pred[:5]``."""
    while isinstance(node, ast.Subscript):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _one_index(node) -> bool:
    """Whether ``node`` is ``name[i]`` with a whole number or a name as ``i``."""
    return (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Name)
        and isinstance(node.slice, (ast.Constant, ast.Name))
        and not isinstance(getattr(node.slice, "value", 0), (str, float))
    )


def _rows(node, values) -> bool:
    """Whether ``node`` (``y[0]``, ``label``) holds more than one number."""
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        shape = getattr(values.get(node.value.id), "shape", None)
        return shape is not None and len(shape) >= 2
    if isinstance(node, ast.Name):
        shape = getattr(values.get(node.id), "shape", None)
        return shape is not None and len(shape) >= 1
    return False


def predictions_problem(exc, raw: str, line, text, lines=()) -> Problem | None:
    """``pred == y`` (or ``if pred[0] == y[0]:``) where ``pred`` was set by
    ``model.predict``: one number per class compared with class numbers."""
    if not isinstance(exc, ValueError) or not text:
        return None
    predicted = _predicted_names(lines)
    if not predicted:
        return None
    broadcast = _BROADCAST.search(raw)
    ambiguous = _AMBIGUOUS in raw
    if broadcast is None and not ambiguous:
        return None
    values = dict(_student_variables(exc))
    for node, source in _comparisons(text):
        sides = [node.left, node.comparators[0]]
        for mine, other in (sides, sides[::-1]):
            if _root(mine) not in predicted or _root(other) in predicted:
                continue
            if broadcast is not None:
                samples, classes, labels = (
                    broadcast.groups()[:3]
                    if broadcast.group(1)
                    else (*broadcast.groups()[4:], broadcast.group(4))
                )
                value = getattr(values.get(getattr(mine, "id", None)), "shape", None)
                if samples != labels or value != (int(samples), int(classes)):
                    continue
                classes = int(classes)
                fixed_side = f"{mine.id}.argmax(axis=1)"
                shape = f"({samples}, {classes})"
                holds = f"{classes} numbers per sample, one for each class"
            else:
                if not _one_index(mine):
                    continue
                value = getattr(values.get(mine.value.id), "shape", None)
                if value is None or len(value) != 2 or value[1] < 2:
                    continue
                if _rows(other, values):  # one-hot labels: argmax of both
                    continue
                classes = int(value[1])
                fixed_side = f"{code_of(source, mine)}.argmax()"
                shape = f"({classes},)"
                holds = f"{classes} numbers, one for each class"
            mine_code, other_code = code_of(source, mine), code_of(source, other)
            whole = code_of(source, node)
            fixed_compare = whole.replace(mine_code, fixed_side, 1)
            fixed = text.strip().replace(whole, fixed_compare, 1)
            shown = (
                f":\n    {fixed}" if fixed != text.strip() else f": {fixed_compare}."
            )
            why = (
                "so NumPy cannot compare them"
                if broadcast is not None
                else f"so {whole} gives {classes} answers, and Python cannot "
                "tell whether they are true"
            )
            message = (
                f"{mine_code} holds {holds} (shape {shape}), not a class "
                f"number like {other_code}, {why}{_at(line, text) or '. '}"
                f"Take the class with the highest number with argmax and "
                f"compare that{shown}"
            )
            return Problem("error", message, line, text, detail=raw)
    return None
