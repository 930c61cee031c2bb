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
``//`` for a division, ``int(...)`` for anything else.  Python's and
TensorFlow's words are left out (the message says all they do); Keras's
own check is quoted.  A float given to ``model.fit`` is named as
:mod:`._widget_fit_arguments` names fit's numbers ("model.fit() cannot take
epochs=2.5: epochs is how many times training goes through all the
samples..."); one below 1 is left to it, as the whole numbers around it
are no better.
"""

from __future__ import annotations

import ast
import math
import numbers

from ._widget_calls import indented
from ._widget_fit_arguments import fit_setting_words
from ._widget_problem import (
    Problem,
    _at,
    _frames_below_student,
    _statement_span,
    _student_variables,
    called_name,
    code_of,
    parsed_code,
)
from ._widget_quoted_problems import _WHOLE, _whole_fixes, fixed_code

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


def _float_valued(node, variables: dict) -> bool:
    """Whether ``node`` surely gives a float: a number with a decimal point
    or an exponent (``1e2``), a variable of the student's that holds a
    float, or sums and products of them."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, float)
    if isinstance(node, ast.Name):
        held = variables.get(node.id)
        return isinstance(held, numbers.Real) and not isinstance(
            held, (numbers.Integral, bool)
        )
    if isinstance(node, ast.UnaryOp):
        return _float_valued(node.operand, variables)
    if isinstance(node, ast.BinOp) and not isinstance(node.op, ast.Div):
        return _float_valued(node.left, variables) or _float_valued(
            node.right, variables
        )
    return False


def _fix(node, source: str, value: float, name: str, by_place: bool, variables=None):
    """``(choices, why, how)``: what to write instead of ``node`` (the
    first choice goes into the line shown), why the value is not a whole
    number, and the advice in words.  ``variables`` are the student's
    (a division of a float by ``//`` is a float too)."""
    variables = variables or {}
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
        floats = [
            code_of(source, side)
            for side in (node.left, node.right)
            if _float_valued(side, variables)
        ]
        if floats:  # 1e2 // 10 is 10.0: // of a float is a float too
            return (
                [f"int({written})"],
                f"{written} gives {value!r}: in Python, / always gives a float, "
                "even when the division comes out whole",
                "make it a whole number with int() (// would not do, as "
                f"{floats[0]} is a float, and // of a float gives a float)",
            )
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


def _keras_words(raw: str) -> str:
    """Keras's own check ("Received: units=4.0"), quoted after the
    message; Python's and TensorFlow's words ("'float' object cannot be
    interpreted as an integer", "Expected int32 passed to parameter 'size'
    of op 'Slice'") say nothing the message does not."""
    return f"\nKeras says: {raw}" if "Received" in raw else ""


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
    fit = fit_setting_words(frame, name, exc)
    if fit is not None:
        if not (math.isfinite(value) and value >= 1):
            return None  # fit_argument_problem's: 2 or 3 would not do either
        model, wants = fit
    if node is None:
        fix = "Write " + " or ".join(f"{name}={c}" for c in _whole_fixes(value))
        what = (
            f"{model}.fit() cannot take {name}={value!r}"
            if fit
            else (f"{name} is {value!r}, a float")
        )
        message = f"{what}{_at(line, text) or '. '}{wants}. {fix}.{_keras_words(raw)}"
        return Problem("error", message, line, text, detail=raw)
    variables = dict(_student_variables(exc))
    choices, why, how = _fix(node, source, value, name, by_place, variables)
    if node.lineno != line:
        line, text = node.lineno, lines[node.lineno - 1].strip()
    written = code_of(source, node)
    shown = f"{written} ({name})" if by_place else f"{name}={written}"
    shown = (
        f"{model}.fit() cannot take {shown}"
        if fit
        else f"{shown} is not a whole number"
    )
    fixed = fixed_code(lines, [(node, choices[0])])
    message = (
        f"{shown}{_at(line, text) or '. '}{wants}, and "
        f"{why}. To fix it, {how}"
        + (f":\n{indented(fixed)}" if fixed else f": {choices[0]}.")
        + _keras_words(raw)
    )
    return Problem("error", message, line, text, detail=raw)
