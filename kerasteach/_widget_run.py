"""Run a student's model code and turn every failure into plain words.

:func:`run_student_code` executes the code in a fresh namespace where
``keras``, ``layers`` and ``np`` are already imported, finds the model it
built and never raises: any problem comes back as a :class:`Problem` whose
``kind`` says what went wrong (``"syntax"``, ``"name"``, ``"shape"``,
``"attribute"``, ``"no-model"``, ``"timeout"``, ``"error"``) and whose
``message`` says, for a beginner, what happened, where, and what to try.

The code runs with a time limit (a loop that never ends must not hang the
notebook) where the platform allows it: on the main thread of a Unix kernel,
through ``SIGALRM``.  Layers it creates get the automatic names of a fresh
session (``dense``, ``dense_1``), whatever ran before.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import re
import signal
import threading
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Problem", "RunResult", "run_student_code", "FILENAME"]

FILENAME = "<playground>"
TIME_LIMIT = 60.0  # seconds; building EfficientNetV2L takes about 10


class _TimeLimit(BaseException):
    """Raised inside the student's code when its time is up."""


@contextlib.contextmanager
def _time_limit(seconds: float | None) -> Iterator[bool]:
    """Interrupt the block after ``seconds``; yields whether a limit is set.

    Python runs signal handlers between bytecodes, so a loop is stopped at
    once and a long Keras operation when it returns.
    """
    usable = (
        seconds is not None
        and seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield False
        return

    def stop(signum, frame):
        raise _TimeLimit

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_SHAPE = re.compile(r"[\(\[](?:None|\d+)(?:,\s*(?:None|\d+))*,?\s*[\)\]]")
_LAYER_IN_MESSAGE = re.compile(r"""\blayer ['"]([^'"]+)['"]""")
_EXPECTED = re.compile(r"expected (.+?)(?:, but|, found| but|\. Full|$)")
_SHAPE_WORDS = (
    "incompatible",
    "shape",
    "ndim",
    "broadcast",
    "dimension",
    "axis",
)


@dataclass(frozen=True)
class Problem:
    """What went wrong, for a person: ``kind``, ``message``, ``line``."""

    kind: str
    message: str
    line: int | None = None
    code_line: str | None = None
    detail: str = ""
    layer: str | None = None
    shapes: tuple[str, ...] = ()


@dataclass
class RunResult:
    model: Any = None
    variable: str | None = None
    problem: Problem | None = None
    stdout: str = ""
    namespace: dict = field(default_factory=dict)


def _namespace() -> dict:
    import keras
    import numpy as np

    return {
        "__name__": "__playground__",
        "keras": keras,
        "layers": keras.layers,
        "np": np,
    }


def find_model(namespace: dict) -> tuple[str | None, Any]:
    """``model`` if it is a Keras model, else the last model defined."""
    import keras

    value = namespace.get("model")
    if isinstance(value, keras.Model):
        return "model", value
    for name, value in reversed(list(namespace.items())):
        if not name.startswith("_") and isinstance(value, keras.Model):
            return name, value
    return None, None


def run_student_code(source: str, time_limit: float | None = TIME_LIMIT) -> RunResult:
    """Execute ``source``; return the model it builds or a :class:`Problem`.

    ``time_limit`` (seconds, ``None`` for none) stops code that runs too long.
    """
    result = RunResult()
    lines = source.splitlines()
    try:
        code = compile(source, FILENAME, "exec")
    except SyntaxError as exc:
        result.problem = _syntax_problem(exc, lines)
        return result
    try:
        namespace = _namespace()
    except Exception as exc:  # noqa: BLE001 - report, never raise
        result.problem = Problem("error", f"Could not import Keras: {exc}")
        return result
    result.namespace = namespace
    out = io.StringIO()
    import keras

    filtering = keras.config.is_traceback_filtering_enabled()
    # Keras hides its own frames from tracebacks; we need them to name the
    # layer that failed.
    keras.config.disable_traceback_filtering()
    from ._reader import fresh_layer_names

    try:
        with (
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(out),
            fresh_layer_names(),
            _time_limit(time_limit),
        ):
            exec(code, namespace)  # noqa: S102 - running the student's code is the point
    except BaseException as exc:  # noqa: BLE001 - the widget must survive anything
        if isinstance(exc, _TimeLimit):
            line, text = _where(exc, lines)
            result.problem = Problem(
                "timeout",
                f"Your code was still running after {time_limit:g} seconds, so "
                f"it was stopped{_at(line, text) or '. '}"
                "Look for a loop that never ends (a while loop whose condition "
                "stays true), or build a smaller model.",
                line,
                text,
            )
        elif isinstance(exc, KeyboardInterrupt):
            result.problem = Problem("error", "The run was interrupted.")
        else:
            known = tuple(n for n in namespace if not n.startswith("_"))
            result.problem = explain_exception(exc, lines, known)
    finally:
        if filtering:
            keras.config.enable_traceback_filtering()
        result.stdout = out.getvalue()
    if result.problem is None:
        name, model = find_model(namespace)
        if model is None:
            result.problem = Problem(
                "no-model",
                "Your code ran, but it did not build a Keras model. Assign your "
                "model to a variable called model, for example:\n"
                "    model = keras.Sequential([keras.Input(shape=(8,)), "
                "layers.Dense(1)])",
            )
        else:
            result.model, result.variable = model, name
    return result


# ------------------------------------------------------------------ problems


def _syntax_problem(exc: SyntaxError, lines: list[str]) -> Problem:
    line = exc.lineno
    text = lines[line - 1] if line and 0 < line <= len(lines) else (exc.text or "")
    text = text.rstrip("\n")
    pointer = ""
    if exc.offset and text:
        pointer = "\n    " + " " * (max(exc.offset, 1) - 1) + "^"
    where = f"line {line}" if line else "your code"
    reason = (exc.msg or "invalid syntax").rstrip(".")
    if not reason.endswith("?"):
        reason += "."
    message = (
        f"Python cannot read {where}: {reason}\n    {text}{pointer}\n"
        "Check brackets, commas and colons on this line and the line before it."
    )
    return Problem("syntax", message, line, text)


def _student_frame(exc: BaseException):
    """The innermost traceback entry in the student's code, if any."""
    found = None
    for frame_summary in traceback.extract_tb(exc.__traceback__):
        if frame_summary.filename == FILENAME:
            found = frame_summary
    return found


def _where(exc: BaseException, lines: list[str]) -> tuple[int | None, str | None]:
    frame = _student_frame(exc)
    if frame is None or frame.lineno is None:
        return None, None
    text = lines[frame.lineno - 1] if 0 < frame.lineno <= len(lines) else ""
    return frame.lineno, text.strip()


def _at(line: int | None, text: str | None) -> str:
    if line is None:
        return ""
    return f" on line {line}" + (f":\n    {text}\n" if text else ".\n")


def explain_exception(
    exc: BaseException, lines: list[str], known: tuple[str, ...] = ()
) -> Problem:
    line, text = _where(exc, lines)
    if isinstance(exc, NameError) and not isinstance(exc, UnboundLocalError):
        return _name_problem(exc, line, text, known)
    if isinstance(exc, AttributeError):
        return _attribute_problem(exc, line, text)
    raw = _clean(str(exc))
    if isinstance(exc, ValueError) and any(w in raw.lower() for w in _SHAPE_WORDS):
        problem = _shape_problem(exc, raw, line, text)
        if problem is not None:
            return problem
    kind = type(exc).__name__
    message = (
        f"Your code raised {kind}{_at(line, text) or '. '}"
        f"{'' if line is not None else ''}Python says: {raw}"
    )
    return Problem("error", message, line, text, detail=raw)


def _clean(message: str) -> str:
    """Keras's message without colours and its 'Arguments received' block."""
    message = _ANSI.sub("", message)
    message = message.split("\nArguments received by")[0]
    message = re.sub(r"^Exception encountered when calling [^\n]*\n+", "", message)
    return message.strip()


def _name_problem(exc: NameError, line, text, known: tuple[str, ...]) -> Problem:
    name = getattr(exc, "name", None)
    if name is None:
        match = re.search(r"name '([^']+)'", str(exc))
        name = match.group(1) if match else "?"
    hint = _name_hint(name, known)
    message = (
        f"The name {name!r} is not defined{_at(line, text) or '. '}"
        f"Python only knows names your code created or imported. {hint}"
    )
    return Problem("name", message.strip(), line, text, detail=str(exc))


def _name_hint(name: str, known: tuple[str, ...] = ()) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    if close:
        return f"Did you mean {close[0]}?"
    try:
        import keras
    except Exception:  # noqa: BLE001 - a hint is optional
        return "Check its spelling."
    if hasattr(keras.layers, name):
        return f"It is a Keras layer: write layers.{name}."
    if hasattr(keras, name):
        return f"It is part of Keras: write keras.{name}."
    if name in {"tf", "tensorflow"}:
        return "TensorFlow is not imported here: use keras and keras.ops instead."
    if name in {"numpy", "np"}:
        return "Use np (numpy is imported as np)."
    public = [n for n in dir(keras.layers) if not n.startswith("_")]
    close = difflib.get_close_matches(name, public, n=1)
    if close:
        return f"Did you mean layers.{close[0]}?"
    return "Check its spelling, or define it before this line."


def _attribute_problem(exc: AttributeError, line, text) -> Problem:
    name = getattr(exc, "name", None)
    obj = getattr(exc, "obj", None)
    hint = ""
    if name and obj is not None:
        close = difflib.get_close_matches(name, dir(obj), n=1)
        if close:
            hint = f" Did you mean {close[0]}?"
    message = (
        f"Your code asks for something that does not exist{_at(line, text) or '. '}"
        f"Python says: {exc}.{hint}"
    )
    return Problem("attribute", message, line, text, detail=str(exc))


def _failing_layer(exc: BaseException, name: str | None = None):
    """The Keras layer that failed, with the locals of its frame.

    The layer named ``name`` (from Keras's message) if it is on the stack;
    otherwise the outermost layer below the student's code that is not a
    whole model (a Sequential model builds its layers inside its own call),
    else the outermost layer.
    """
    try:
        import keras
    except Exception:  # noqa: BLE001
        return None
    frames = list(traceback.walk_tb(exc.__traceback__))
    start = 0
    for i, (frame, _) in enumerate(frames):
        if frame.f_code.co_filename == FILENAME:
            start = i + 1
    found = []
    for frame, _ in frames[start:]:
        owner = frame.f_locals.get("self")
        if isinstance(owner, keras.layers.Layer):
            found.append((owner, frame.f_locals))
    for owner, f_locals in found:
        if name is not None and owner.name == name:
            return owner, f_locals
    for owner, f_locals in found:
        if not isinstance(owner, keras.Model):
            return owner, f_locals
    return found[0] if found else None


def _input_shapes(frame_locals: dict) -> list[str]:
    import keras

    from ._widget_layers import format_shape

    found: list[str] = []
    stack = [frame_locals.get("args", ()), frame_locals.get("inputs")]
    while stack:
        item = stack.pop(0)
        if isinstance(item, keras.KerasTensor):
            found.append(format_shape([tuple(item.shape)]))
        elif isinstance(item, (list, tuple)):
            stack[:0] = list(item)
        elif isinstance(item, dict):
            stack[:0] = list(item.values())
    return found


def _shape_problem(exc: BaseException, raw: str, line, text) -> Problem | None:
    shapes = list(dict.fromkeys(m.group(0) for m in _SHAPE.finditer(raw)))
    layer_desc = None
    match = _LAYER_IN_MESSAGE.search(raw)
    failing = _failing_layer(exc, match.group(1) if match else None)
    if match:
        layer_desc = repr(match.group(1))
        if failing is not None and failing[0].name == match.group(1):
            layer_desc += f" ({type(failing[0]).__name__})"
    elif failing is not None:
        layer_desc = f"{failing[0].name!r} ({type(failing[0]).__name__})"
    received = _input_shapes(failing[1]) if failing is not None else []
    found = _EXPECTED.search(raw)
    expected = found.group(1) if found else None
    if not shapes and not received:
        return None
    if layer_desc is None:
        layer_desc = "a layer"
    else:
        layer_desc = f"layer {layer_desc}"
    if len(shapes) >= 2:
        what = f"the shapes {shapes[0]} and {shapes[1]} do not fit together"
    elif len(received) >= 2:
        what = f"its inputs have shapes {' and '.join(received)}, which do not fit"
    elif shapes and expected:
        what = f"it expected {expected} but received an input of shape {shapes[0]}"
    elif shapes:
        what = f"it cannot use an input of shape {shapes[0]}"
    else:
        what = f"it cannot use an input of shape {received[0]}"
    if len(received) >= 2 and len(shapes) >= 2 and received[:2] != shapes[:2]:
        what += f" (its inputs: {' and '.join(received)})"
    message = (
        f"Shape mismatch in {layer_desc}{_at(line, text) or '. '}"
        f"{what[0].upper()}{what[1:]}.\nKeras says: {raw}\n"
        "Check the output shape of the layer(s) that feed it (units, filters, "
        "Reshape targets, or the Input shape)."
    )
    name = match.group(1) if match else (failing[0].name if failing else None)
    return Problem(
        "shape",
        message,
        line,
        text,
        detail=raw,
        layer=name,
        shapes=tuple(shapes[:2] if len(shapes) >= 2 else (received or shapes)[:2]),
    )
