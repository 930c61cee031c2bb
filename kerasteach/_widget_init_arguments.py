"""A layer or model class of the student's own made without the arguments
its ``__init__`` requires.

``class MyModel(keras.Model)`` with ``def __init__(self, units)``, made
with ``MyModel()``: Python's words, "MyModel.__init__() missing 1 required
positional argument: 'units'", name a method the student never calls
by that name.  :func:`init_argument_problem` says which argument the
class needs, shows the ``def __init__`` line that asks for it and, when an
example value is known (``units=16``, or the setting of the Keras layer
that ``__init__`` gives it to), the student's line with it.  The same
goes for a class built on such a class whose ``__init__`` calls
``super().__init__()`` without them (:func:`_parent_problem`).  Keras's own
classes made without a setting (``layers.Dense()``) are
:func:`kerasteach._widget_settings_problems.missing_setting_problem`'s.
"""

from __future__ import annotations

import ast
import re

from ._widget_problem import FILENAME, Problem, _at, _defined_at, _student_tb
from ._widget_settings_problems import _EXAMPLE_SETTINGS

_MISSING = re.compile(
    r"^(\w+)\.__init__\(\) missing \d+ required "
    r"(?:positional|keyword-only) arguments?: (.+)$"
)


def _student_class(exc, name: str):
    """The layer or model class ``name`` that the student's code defines,
    as the line that failed sees it, else None."""
    import keras

    tb = _student_tb(exc)
    if tb is None:
        return None
    frame = tb.tb_frame
    cls = frame.f_locals.get(name, frame.f_globals.get(name))
    if not (isinstance(cls, type) and issubclass(cls, keras.layers.Layer)):
        return None
    init = cls.__dict__.get("__init__")
    code = getattr(init, "__code__", None)
    return cls if code is not None and code.co_filename == FILENAME else None


def _init_calls(cls, lines: list[str]) -> list[ast.Call]:
    """The calls written in ``cls.__init__``, in the student's code."""
    start, _ = _defined_at(cls.__init__, lines)
    if start is None:
        return []
    indent = len(lines[start - 1]) - len(lines[start - 1].lstrip())
    end = start
    while end < len(lines) and (
        not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent
    ):
        end += 1
    body = "\n".join(line[indent:] for line in lines[start - 1 : end])
    try:
        tree = ast.parse(body)
    except SyntaxError:
        return []
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)]


def _setting_of(call: ast.Call, name: str) -> str | None:
    """The setting of a Keras layer that ``call`` gives the variable
    ``name`` to (``units`` for ``layers.Dense(name)``), else None."""
    import inspect

    import keras

    for keyword in call.keywords:
        if isinstance(keyword.value, ast.Name) and keyword.value.id == name:
            return keyword.arg
    func = call.func
    layer = getattr(func, "attr", None) or getattr(func, "id", None)
    cls = getattr(keras.layers, layer or "", None)
    if not isinstance(cls, type):
        return None
    for index, arg in enumerate(call.args):
        if isinstance(arg, ast.Name) and arg.id == name:
            try:
                params = list(inspect.signature(cls.__init__).parameters)[1:]
            except (TypeError, ValueError):
                return None
            return params[index] if index < len(params) else None
    return None


def _example(cls, name: str, lines: list[str]) -> str | None:
    """An example value for the argument ``name`` of ``cls.__init__``: a
    lesson's value for a setting of that name, or for the setting of the
    Keras layer that ``__init__`` gives it to."""
    if name in _EXAMPLE_SETTINGS:
        return _EXAMPLE_SETTINGS[name]
    for call in _init_calls(cls, lines):
        setting = _setting_of(call, name)
        if setting in _EXAMPLE_SETTINGS:
            return _EXAMPLE_SETTINGS[setting]
    return None


def _call_of(text: str | None, cls_name: str) -> ast.Call | None:
    """The one call of ``cls_name`` on the line ``text`` (``MyModel()``),
    written on that line, else None."""
    return _one_call(
        text,
        lambda node: (
            (getattr(node.func, "attr", None) or getattr(node.func, "id", None))
            == cls_name
        ),
    )


def _one_call(text: str | None, wanted) -> ast.Call | None:
    """The one call on the line ``text`` for which ``wanted(call)`` holds,
    written whole on that line, else None."""
    try:
        tree = ast.parse((text or "").strip())
    except SyntaxError:
        return None
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and wanted(n)]
    return calls[0] if len(calls) == 1 and calls[0].end_lineno == 1 else None


def _with_arguments(text: str, call: ast.Call, given: str) -> str | None:
    """The line ``text`` with ``given`` (``units=16``) added to ``call``,
    else None."""
    source = text.strip()
    if call.end_col_offset is None or source[call.end_col_offset - 1] != ")":
        return None
    if any(k.arg is None for k in call.keywords) or any(
        isinstance(a, ast.Starred) for a in call.args
    ):
        return None  # **settings or *args: the values may be in there
    end = call.end_col_offset - 1
    comma = ", " if call.args or call.keywords else ""
    return source[:end] + comma + given + source[end:]


def _parent_call(text: str | None, parent: str) -> ast.Call | None:
    """The one ``super().__init__(...)`` (or ``Parent.__init__(self, ...)``)
    call written on the line ``text``, else None."""
    return _one_call(
        text,
        lambda node: (
            isinstance(node.func, ast.Attribute)
            and node.func.attr == "__init__"
            and (
                isinstance(node.func.value, ast.Call)
                and getattr(node.func.value.func, "id", None) == "super"
                or getattr(node.func.value, "id", None) == parent
            )
        ),
    )


def _calling_class(exc, parent):
    """The student's class built on ``parent`` whose ``__init__`` is the
    student's line that failed, else None."""
    tb = _student_tb(exc)
    made = tb.tb_frame.f_locals.get("self") if tb is not None else None
    for cls in type(made).__mro__ if made is not None else ():
        init = cls.__dict__.get("__init__")
        if getattr(init, "__code__", None) is tb.tb_frame.f_code:
            return cls if cls is not parent and issubclass(cls, parent) else None
    return None


def _parent_problem(exc, raw, line, text, lines, parent, missing) -> Problem | None:
    """``super().__init__()`` in ``class Mine(Base)`` for ``Base``'s
    ``def __init__(self, units)``: the argument ``Base`` requires, and the
    line with it."""
    from ._analysis import _and

    child = _calling_class(exc, parent)
    call = _parent_call(text, parent.__name__)
    if child is None or call is None:
        return None
    name, base, what = child.__name__, parent.__name__, _and(missing)
    plural = len(missing) > 1
    def_line, def_text = _defined_at(parent.__init__, lines)
    message = (
        f"{name} is built on {base}, and {base}'s __init__ takes {what}, with "
        "no default"
    )
    if def_line is not None:
        message += f" (line {def_line}):\n    {def_text}\n"
    else:
        message += ". "
    written = ast.get_source_segment(text.strip(), call.func) or "super().__init__"
    message += (
        f"So the {written}(...) in {name}'s __init__ must give "
        f"{'them' if plural else 'it'} a value{_at(line, text) or '. '}"
    )
    values = {m: _example(parent, m, lines) for m in missing}
    known = None not in values.values()
    given = ", ".join(f"{m}={values[m]}" for m in missing)
    fixed = _with_arguments(text, call, given) if known else None
    passed = ", ".join(f"{m}={m}" for m in missing)
    # passing it on keeps what the call gives already (name='mine')
    passing = _with_arguments(text, call, passed) or f"add {passed} to that call"
    on = (
        f"add {what} to the arguments of {name}'s __init__ and pass "
        f"{'them' if plural else 'it'} on"
    )
    if fixed is not None:
        message += f"For example:\n    {fixed}\n(or {on}: {passing})"
    else:
        message += f"Give {what} there, or {on}: {passing}."
    return Problem("error", message, line, text, detail=raw)


def init_argument_problem(exc, raw: str, line, text, lines=()) -> Problem | None:
    """``MyModel()`` for ``def __init__(self, units)``: the argument the
    student's class requires, and the line with it."""
    from ._analysis import _and

    match = _MISSING.search(raw)
    if not isinstance(exc, TypeError) or match is None:
        return None
    lines = list(lines)
    cls = _student_class(exc, match.group(1))
    if cls is None:
        return None
    missing = re.findall(r"'(\w+)'", match.group(2))
    if not missing:
        return None
    call = _call_of(text, cls.__name__)
    if call is None:  # super().__init__() of a class built on it
        return _parent_problem(exc, raw, line, text, lines, cls, missing)
    import keras

    noun = "model" if issubclass(cls, keras.Model) else "layer"
    name = cls.__name__
    def_line, def_text = _defined_at(cls.__init__, lines)
    plural = len(missing) > 1
    what = _and(missing)
    message = (
        f"{name} needs {what} to make the {noun}{_at(line, text) or '. '}"
        f"Its __init__ takes {what}, with no default"
    )
    if def_line is not None:
        message += f" (line {def_line}):\n    {def_text}\n"
    else:
        message += ". "
    message += (
        f"so every {name}(...) must give {'them' if plural else 'it'} a value "
        "in its brackets."
    )
    values = {m: _example(cls, m, lines) for m in missing}
    given = ", ".join(f"{m}={values[m]}" for m in missing)
    known = None not in values.values()
    fixed = _with_arguments(text, call, given) if known else None
    if fixed is not None:
        shown = _and(list(values.values()))
        example = "are only examples" if plural else "is only an example"
        message += (
            f" For example:\n    {fixed}\n({shown} {example}: give the "
            f"value{'s' if plural else ''} your {noun} needs.)"
        )
    else:
        blank = ", ".join(f"{m}=..." for m in missing)
        values_word = "values" if plural else "value"
        message += (
            f" Add {blank} in the brackets of {name}(...), with your "
            f"{values_word} in place of the dots."
        )
    return Problem("error", message, line, text, detail=raw)
