"""A ``call()`` written so that Keras cannot call it, or whose result is
no model, in the student's words.

:func:`required_argument_problem`: a ``call()`` that requires ``training``
or ``mask``, which Keras fills in only when they have a default (named on
the line of ``def call``, with the fixed line, before the model is called,
from :func:`~kerasteach._widget_subclass_problems.read_shown_model`, and
when a call fails or a ``keras.Sequential`` refuses such a layer,
:func:`missing_argument_problem`).  :func:`no_self_problem`: ``def
call(x)`` without ``self`` (and ``def call(self):`` without an input).
:func:`returned_problem`: a ``call()`` that
returns nothing, or a layer instead of its output.
:func:`untracked_problem`: a layer made in ``call()``, a new one on every
call (and :func:`variables_in_call_problem`, TensorFlow refusing it in
``fit()``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ._widget_problem import Problem, _at, _defined_at, _frames_below_student

if TYPE_CHECKING:  # only for a type hint: _widget_run imports this module
    from ._widget_run import RunResult


def untracked_problem(result: RunResult, untracked, raw: str) -> Problem:
    """``return layers.Dense(4)(x)`` in ``call()``: a new layer on every
    call, on the line that makes it, with the lines to write."""
    return _untracked_in(type(result.model), result.source_lines, untracked, raw)


def _made_in_call(cls, lines, names) -> list[tuple[int, str, str, str]]:
    """``(line, text, class name, constructor)`` of each layer of a class
    in ``names`` that ``cls.call`` makes (``layers.Dense(4)``), in order."""
    pattern = re.compile(
        r"[\w.]*\b(" + "|".join(map(re.escape, sorted(names))) + r")\s*\("
    )
    made = []
    for line, body in _body(cls, list(lines)):
        text = body.strip()
        for match in pattern.finditer(text):
            depth = 0
            for end in range(match.end() - 1, len(text)):
                depth += {"(": 1, ")": -1}.get(text[end], 0)
                if depth == 0:
                    made.append(
                        (line, text, match.group(1), text[match.start() : end + 1])
                    )
                    break
    return made


def _untracked_in(cls, lines, untracked, raw: str, why: str = "") -> Problem:
    """The layers ``cls.call`` makes (``untracked``, as the reader found
    them), named on their line, with the lines that make each once, in
    ``__init__``, and call it in ``call()``.  ``why`` says what failed."""
    from ._names import snake

    lines = list(lines)
    made = _made_in_call(cls, lines, {type(la).__name__ for la in untracked})
    if not made:  # made in a helper method: no line to show
        name = type(untracked[0]).__name__
        message = (
            f"{cls.__name__}.call() creates a {name} layer each time it runs. "
            f"{why}Create each layer once, in __init__ (self.layer = "
            f"{name}(...)), and in call() only call it (self.layer(x))."
        )
        return Problem("kerasteach", message, None, None, detail=raw)
    written = "\n".join(lines)
    counts: dict[str, int] = {}
    for *_, name, _ in made:
        counts[name] = counts.get(name, 0) + 1
    seen: dict[str, int] = {}
    created, called = [], {}
    for line, text, name, constructor in made:
        seen[name] = seen.get(name, 0) + 1
        attribute = snake(name) + (str(seen[name]) if counts[name] > 1 else "")
        while re.search(rf"\bself\.{attribute}\b", written):
            attribute += "_"
        created.append(f"self.{attribute} = {constructor}")
        fixed = called.get(line, text)
        called[line] = fixed.replace(constructor, f"self.{attribute}", 1)
    line, text = made[0][0], made[0][1]
    listed = [m[3] for m in made]
    if len(listed) == 1:
        what = f"a layer, {listed[0]},"
    else:
        what = f"{len(listed)} layers, {', '.join(listed[:-1])} and {listed[-1]},"
    message = (
        f"{cls.__name__}.call() creates {what}{_at(line, text) or '. '}"
        "So every call makes new layers with new, untrained weights, which "
        f"the model does not own: training does not change them. {why}"
        "Create each layer once, in __init__, and in call() only call it:\n"
    )
    if "__init__" in vars(cls):
        message += "".join(f"    {c}   # in __init__\n" for c in created)
        message += "".join(f"    {c}   # in call()\n" for c in called.values())
    else:
        message += (
            "    def __init__(self):\n        super().__init__()\n"
            + "".join(f"        {c}\n" for c in created)
            + "and in call():\n"
            + "".join(f"    {c}\n" for c in called.values())
        )
    return Problem("kerasteach", message.rstrip(), line, text, detail=raw)


def variables_in_call_problem(exc, raw: str, line, text, lines=()):
    """TensorFlow's "tf.function only supports singleton tf.Variables":
    fit() ran a ``call()`` that makes layers, which make new weights on
    every run.  The layers, found by reading the model."""
    import traceback

    import keras

    from ._widget_problem import FILENAME

    if "singleton tf.Variables" not in raw:
        return None
    owners = [
        frame.f_locals.get("self")
        for frame, _ in traceback.walk_tb(exc.__traceback__)
        if frame.f_code.co_filename == FILENAME and frame.f_code.co_name == "call"
    ]
    owners = [o for o in owners if isinstance(o, keras.layers.Layer)]
    if not owners:
        return None
    owner = owners[-1]  # the innermost call(): the one that made the layer
    why = (
        "That is why fit() failed: TensorFlow runs call() more than once, "
        "and refuses weights made anew each time. "
    )
    untracked = _untracked_of(owner)
    if untracked:
        return _untracked_in(type(owner), lines, untracked, raw, why)
    cls = type(owner).__name__
    message = (
        f"{cls}.call() creates new weights each time it runs"
        f"{_at(line, text) or '. '}{why}Create each layer (and each weight) "
        "once, in __init__, and in call() only use it."
    )
    return Problem("kerasteach", message, line, text, detail=raw)


def _untracked_of(model) -> list:
    """The layers ``model.call`` makes, found by reading the model."""
    import keras

    from ._reader import read_model
    from .errors import TraceError

    if not isinstance(model, keras.Model):
        return []
    try:
        read_model(model)
    except TraceError as exc:
        return list(getattr(exc, "untracked", None) or [])
    except Exception:  # noqa: BLE001 - no layers to name
        return []
    return []


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
    """``def call(x):``: the line, and the line with ``self`` first;
    ``def call(self):`` has self but no input: the line with the input
    after self."""
    line, text = _defined_at(cls.call, list(lines))
    if _only_self(cls):
        return _no_input_problem(cls, list(lines), line, text, raw)
    fixed = re.sub(r"call\(\s*", "call(self, ", text or "def call(x):", count=1)
    fixed = fixed.replace("(self, )", "(self, inputs)")
    message = (
        f"{cls.__name__}.call() has no self{_at(line, text) or '. '}"
        "Python passes the object itself as the first argument of a method, "
        "so call() needs self before its input:\n"
        f"    {fixed}"
    )
    return Problem("kerasteach", message, line, text, detail=raw)


def _only_self(cls) -> bool:
    """Whether ``cls.call`` is ``def call(self):``, self and nothing else."""
    import inspect

    try:
        params = list(inspect.signature(cls.call).parameters.values())
    except (TypeError, ValueError):
        return False
    return [p.name for p in params] == ["self"]


def _no_input_problem(cls, lines, line, text, raw: str) -> Problem:
    """``def call(self):``: Keras calls call() with the input, which has no
    place to go; the ``def`` line with the input after self, named as the
    body uses it (``return self.out(x)``: x)."""
    name = _input_name(cls, lines)
    header = text if text and text.endswith(":") else "def call(self):"
    fixed = re.sub(r"\(\s*self\s*\)", f"(self, {name})", header, count=1)
    message = (
        f"{cls.__name__}.call() takes no input{_at(line, text) or '. '}"
        "Keras calls call() with the input tensor, which comes after self. "
        f"Give call() a name for it, and use that name in call():\n    {fixed}"
    )
    return Problem("kerasteach", message, line, text, detail=raw)


def _input_name(cls, lines) -> str:
    """The name ``cls.call``'s body uses for its input but never defines
    (``x`` in ``return self.out(x)``), else ``x``."""
    import ast
    import builtins
    import textwrap

    body = "\n".join(text for _, text in _body(cls, lines))
    try:
        tree = ast.parse(textwrap.dedent(body))
    except SyntaxError:
        return "x"
    names = [n for n in ast.walk(tree) if isinstance(n, ast.Name)]
    stored = {n.id for n in names if not isinstance(n.ctx, ast.Load)}
    known = set(getattr(cls.call, "__globals__", {})) | set(dir(builtins))
    free = []
    for node in names:
        if node.id not in stored | known | {"self"} and node.id not in free:
            free.append(node.id)
    return free[0] if len(free) == 1 else "x"


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
