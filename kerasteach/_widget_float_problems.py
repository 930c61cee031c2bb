"""A float where Keras or Python wants a whole number.

``model.fit(x, y, epochs=2.5)``, ``batch_size=2.5``, ``layers.Dense(n / 2)``:
Python's ``/`` always gives a float (``8 / 2`` is ``4.0``), and a setting
that counts things (epochs, units, filters) takes an ``int`` only.  The
failure surfaces in words that do not say which setting or why: "'float'
object cannot be interpreted as an integer" (Python), "expected a positive
integer. Received: units=4.0" (Keras, as if 4.0 were not 4), "Expected
int32 ... got 7.5 of type 'float'" (TensorFlow).

:func:`float_number_problem` finds the setting in the Keras function below
the student's line that holds a float where it counts (a name of
``_widget_quoted_problems._WHOLE``), finds where the student wrote it, and
says what to write: the whole numbers around it for a number written out,
``//`` for a division, ``int(...)`` for anything else.
"""

from __future__ import annotations

import ast
import numbers

from ._widget_problem import (
    Problem,
    _at,
    _frames_below_student,
    _statement_span,
    called_name,
    code_of,
    parsed_code,
)
from ._widget_quoted_problems import _WHOLE, _unquoted, _whole_fixes

__all__ = ["float_number_problem"]


def _floats_held(exc) -> tuple[object, str, float] | None:
    """``(frame, setting, value)``: the outermost function below the
    student's code with a whole-number setting that holds a float."""
    for frame in _frames_below_student(exc):
        code = frame.f_code
        count = code.co_argcount + code.co_kwonlyargcount
        for name in code.co_varnames[:count]:
            value = frame.f_locals.get(name)
            if (
                name in _WHOLE
                and isinstance(value, numbers.Real)
                and not isinstance(value, numbers.Integral)
            ):
                return frame, name, float(value)
    return None


def _callee_names(frame) -> set[str]:
    """The names a call of ``frame``'s function may be written with:
    ``fit``, or a layer's class for its ``__init__``."""
    names = {frame.f_code.co_name}
    owner = frame.f_locals.get("self")
    if owner is not None and frame.f_code.co_name == "__init__":
        names.add(type(owner).__name__)
    return names


def _written(tree, span, frame, name: str):
    """``(expression, by_place)``: what the student wrote for ``name`` in
    the statement of ``span``, its keyword's value or the argument in its
    place; ``(None, False)`` when it is not found."""
    code = frame.f_code
    params = list(code.co_varnames[: code.co_argcount])
    if params[:1] == ["self"]:
        params = params[1:]
    callees = _callee_names(frame)
    first, last = span
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call) or not first <= call.lineno <= last:
            continue
        for keyword in call.keywords:
            if keyword.arg == name:
                return keyword.value, False
        if called_name(call) in callees and name in params:
            at = params.index(name)
            if at < len(call.args) and not any(
                isinstance(a, ast.Starred) for a in call.args[: at + 1]
            ):
                return call.args[at], True
    return None, False


def _fix(node, source: str, value: float, name: str, by_place: bool):
    """``(choices, why, how)``: what to write instead of ``node`` (the
    first choice goes into the line shown), why the value is not a whole
    number, and the advice in words."""
    written = code_of(source, node)
    if isinstance(node, ast.Constant):
        choices = _whole_fixes(value)
        if value == int(value):
            why = f"{written} is a float, because of its decimal point"
        else:
            why = f"{written} is not one"
        shown = choices if by_place else [f"{name}={c}" for c in choices]
        return choices, why, "write " + " or ".join(shown)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        left = ast.get_source_segment(source, node.left) or ""
        right = ast.get_source_segment(source, node.right) or ""
        return (
            [f"{left} // {right}"],
            f"{written} gives {value!r}: in Python, / always gives a float, "
            "even when the division comes out whole",
            "divide with //, which gives a whole number (rounding down)",
        )
    return (
        [f"int({written})"],
        f"{written} is {value!r}, a float",
        "make it a whole number with int() (or round())",
    )


def _who(raw: str) -> str:
    """Keras words its own checks "Received: units=4.0"."""
    return "Keras" if "Received" in raw else "Python"


def float_number_problem(exc, raw: str, line, text, lines=()) -> Problem | None:
    """A float (``epochs=2.5``, ``Dense(n / 2)``) where a setting takes a
    whole number: which setting, why it is a float, what to write."""
    if line is None or not isinstance(exc, (TypeError, ValueError)):
        return None
    held = _floats_held(exc)
    if held is None:
        return None
    frame, name, value = held
    if not any(w in raw for w in ("float", "integer", "int32", "int64", repr(value))):
        return None
    lines = list(lines)
    source = "\n".join(lines)
    tree = parsed_code(lines)
    if tree is None:
        return None
    node, by_place = _written(tree, _statement_span(lines, line), frame, name)
    wants = f"{name} wants a whole number (an int)"
    if node is None:
        fix = "Write " + " or ".join(f"{name}={c}" for c in _whole_fixes(value))
        message = (
            f"{name} is {value!r}, a float{_at(line, text) or '. '}{wants}. "
            f"{fix}.\n{_who(raw)} says: {raw}"
        )
        return Problem("error", message, line, text, detail=raw)
    choices, why, how = _fix(node, source, value, name, by_place)
    if node.lineno != line:
        line, text = node.lineno, lines[node.lineno - 1].strip()
    written = code_of(source, node)
    shown = f"{written} ({name})" if by_place else f"{name}={written}"
    fixed = "\n    ".join(_unquoted(lines, [(node, choices[0])]).values())
    message = (
        f"{shown} is not a whole number{_at(line, text) or '. '}{wants}, and "
        f"{why}. To fix it, {how}"
        + (f":\n    {fixed}\n" if fixed else f": {choices[0]}.\n")
        + f"{_who(raw)} says: {raw}"
    )
    return Problem("error", message, line, text, detail=raw)
