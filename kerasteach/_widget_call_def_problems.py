"""A ``call()`` written so that Keras cannot call it, or whose result is
no model, in the student's words.

:func:`required_argument_problem`: a ``call()`` that requires ``training``
or ``mask``, which Keras fills in only when they have a default (named on
the line of ``def call``, with the fixed line, before the model is called,
from :func:`~kerasteach._widget_subclass_problems.read_shown_model`, and
when a call fails or a ``keras.Sequential`` refuses such a layer,
:func:`missing_argument_problem`).  :func:`no_self_problem`: ``def
call(x)`` without ``self``.  :func:`returned_problem`: a ``call()`` that
returns nothing, or a layer instead of its output.
:func:`untracked_problem`: a layer made in ``call()``, a new one on every
call.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ._widget_problem import Problem, _at, _defined_at, _frames_below_student

if TYPE_CHECKING:  # only for a type hint: _widget_run imports this module
    from ._widget_run import RunResult


def untracked_problem(result: RunResult, untracked, raw: str) -> Problem:
    """``return layers.Dense(4)(x)`` in ``call()``: a new layer on every
    call, on the line that makes it, with the two lines to write."""
    from ._reader_untracked import _attribute_name, _constructor

    cls = type(result.model)
    lines = result.source_lines
    first = untracked[0]
    name = type(first).__name__
    start, _ = _defined_at(cls.call, lines)
    line = text = None
    if start is not None:
        indent = len(lines[start - 1]) - len(lines[start - 1].lstrip())
        for n in range(start + 1, len(lines) + 1):
            body = lines[n - 1]
            if body.strip() and len(body) - len(body.lstrip()) <= indent:
                break  # the end of call()
            if re.search(rf"\b{re.escape(name)}\s*\(", body):
                line, text = n, body.strip()
                break
    made = _constructor([(line, text)], name) if text else None
    attribute = _attribute_name(first)
    layer = f"a layer, {made}," if made else f"a {name} layer"
    message = (
        f"{cls.__name__}.call() creates {layer}{_at(line, text) or '. '}"
        "So every call makes a new layer with new, untrained weights, which "
        "the model does not own: training does not change them. Create each "
        "layer once, in __init__, and in call() only call it:\n"
        f"    self.{attribute} = {made or name + '(...)'}   # in __init__\n"
    )
    if made:
        message += f"    {text.replace(made, f'self.{attribute}')}   # in call()"
    return Problem("kerasteach", message.rstrip(), line, text, detail=raw)


def required_argument_problem(
    cls, names: list[str], lines, raw: str = "", intro: str = ""
):
    """``def call(self, x, training)``: the ``def`` line, why Keras cannot
    call it, and the line with the default that fixes it."""
    from ._reader_subclass import (
        fixed_call_line,
        required_argument_after,
        required_argument_reasons,
    )

    line, text = _defined_at(cls.call, list(lines))
    indent = ""
    if text is not None:
        indent = " " * (len(text) - len(text.lstrip()))
    message = (
        f"{cls.__name__}.call() requires {' and '.join(names)}"
        f"{_at(line, text) or '. '}{intro}{required_argument_reasons(names)} Give "
        f"{'them' if len(names) > 1 else 'it'} a default of None:\n"
        f"    {indent}{fixed_call_line(cls, names)}\n"
        f"{required_argument_after(names)}"
    )
    return Problem("kerasteach", message, line, text, detail=raw)


def missing_argument_problem(exc, raw: str, line, text, lines=()):
    """Keras refused a layer or model whose ``call()`` requires
    ``training`` or ``mask``: calling it ("missing a required argument"),
    or adding it to a ``keras.Sequential`` ("a single required positional
    argument")."""
    import keras

    from ._reader_subclass import required_arguments

    called = isinstance(exc, TypeError) and "missing a required argument" in raw
    added = isinstance(exc, ValueError) and "single required positional" in raw
    if not (called or added):
        return None
    for frame in _frames_below_student(exc):
        owners = [frame.f_locals.get("self")]
        if added:  # the layer Sequential checks is one of its variables
            owners += list(frame.f_locals.values())
        for owner in owners:
            if not isinstance(owner, keras.layers.Layer):
                continue
            names = required_arguments(owner)
            if any(re.search(rf"\b{n}\b", raw) for n in names):
                intro = (
                    "keras.Sequential takes only layers whose call() requires "
                    "nothing but the input. "
                    if added
                    else ""
                )
                return required_argument_problem(type(owner), names, lines, raw, intro)
    return None


def _takes_no_self(cls) -> bool:
    """Whether ``cls.call`` has no room for both ``self`` and an input
    (``def call(x):``): Python passes the object as the first argument."""
    import inspect

    try:
        params = list(inspect.signature(cls.call).parameters.values())
    except (TypeError, ValueError):
        return False
    if any(p.kind is p.VAR_POSITIONAL for p in params):
        return False
    positional = [p for p in params if p.kind.name.startswith("POSITIONAL")]
    return len(positional) < 2


def no_self_problem(cls, lines, raw: str = "") -> Problem:
    """``def call(x):``: the line, and the line with ``self`` first."""
    line, text = _defined_at(cls.call, list(lines))
    fixed = re.sub(r"call\(\s*", "call(self, ", text or "def call(x):", count=1)
    fixed = fixed.replace("(self, )", "(self, inputs)")
    message = (
        f"{cls.__name__}.call() has no self{_at(line, text) or '. '}"
        "Python passes the object itself as the first argument of a method, "
        "so call() needs self before its input:\n"
        f"    {fixed}"
    )
    return Problem("kerasteach", message, line, text, detail=raw)


def missing_self_problem(exc, raw: str, line, text, lines=()):
    """Keras refused to call a layer or model whose ``call()`` has no
    ``self`` ("too many positional arguments")."""
    import keras

    if not isinstance(exc, TypeError) or "positional argument" not in raw:
        return None
    for frame in _frames_below_student(exc):
        owner = frame.f_locals.get("self")
        if isinstance(owner, keras.layers.Layer) and _takes_no_self(type(owner)):
            return no_self_problem(type(owner), lines, raw)
    return None


def _body(cls, lines: list[str]) -> list[tuple[int, str]]:
    """``(line, text)`` of the lines of ``cls.call``'s body."""
    start, _ = _defined_at(cls.call, lines)
    if start is None:
        return []
    indent = len(lines[start - 1]) - len(lines[start - 1].lstrip())
    body = []
    for n in range(start + 1, len(lines) + 1):
        text = lines[n - 1]
        if text.strip() and len(text) - len(text.lstrip()) <= indent:
            break  # the end of call()
        if text.strip() and not text.lstrip().startswith("#"):
            body.append((n, text))
    return body


def returned_problem(result: RunResult, exc: BaseException) -> Problem | None:
    """``call()`` returned no tensor: nothing (no ``return``), or a layer
    instead of the layer's output.  ``exc`` is the error Keras raised when
    the reader made a model of what ``call()`` returned."""
    import traceback

    import keras

    cause = exc.__cause__
    if cause is None or "must be KerasTensors" not in str(cause):
        return None
    frames = [f for f, _ in traceback.walk_tb(cause.__traceback__)]
    found = [f.f_locals for f in frames if f.f_code.co_name == "_read_subclassed"]
    if not found or "outputs" not in found[0]:
        return None
    returned = found[0]["outputs"]
    cls = type(result.model)
    body = _body(cls, result.source_lines)
    if returned is None and body:
        line, last = body[-1]
        text = last.strip()
        name = re.match(r"(\w+)\s*=[^=]", text)
        fix = f"{text}\n    return {name.group(1)}" if name else f"return {text}"
        message = (
            f"{cls.__name__}.call() returns nothing (None): it ends without "
            f"return{_at(line, text)}Keras takes what call() returns as the "
            f"model's output. End call() by giving the output back:\n    {fix}"
        )
        return Problem("kerasteach", message, line, text, detail=str(cause))
    if isinstance(returned, keras.layers.Layer):
        for line, body_text in reversed(body):
            text = body_text.strip()
            match = re.fullmatch(r"return\s+([\w.]+)", text)
            if match:
                from ._reader_subclass import call_inputs

                given = (call_inputs(cls) or ["x"])[0]
                message = (
                    f"{cls.__name__}.call() returns the layer {match.group(1)}, "
                    f"not its output,{_at(line, text)}A layer gives a tensor when "
                    "it is called on one:\n"
                    f"    return {match.group(1)}({given})"
                )
                return Problem("kerasteach", message, line, text, detail=str(cause))
    return None
