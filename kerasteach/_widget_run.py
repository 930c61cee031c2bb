"""Run a student's model code and turn every failure into plain words.

:func:`run_student_code` executes the code in a fresh namespace where
``keras``, ``layers`` and ``np`` are already imported, finds the model it
built and never raises: any problem comes back as a :class:`Problem` whose
``kind`` says what went wrong (``"syntax"``, ``"name"``, ``"shape"``,
``"data"`` (the data given to ``fit``, ``predict`` or the model does not fit
it), ``"attribute"``, ``"no-model"``, ``"timeout"``, ``"error"``) and whose
``message`` says, for a beginner, what happened, where, and what to try.

The model shown is the one in the variable ``model``; without one, the last
variable (in the order they were first assigned) that holds a Keras model.
When the code built several models, :attr:`RunResult.note` says which one
was chosen.

The code runs with a time limit (a loop that never ends must not hang the
notebook) where the platform allows it: on the main thread of a Unix kernel,
through ``SIGALRM``.  Layers it creates get the automatic names of a fresh
session (``dense``, ``dense_1``), whatever ran before.  ``input()`` cannot
read the keyboard there: it fails at once with a message instead of waiting.
What the code prints is kept, cleaned (colours removed, progress bars
redrawn as a terminal shows them) and shortened to its last lines for the
widget (:attr:`RunResult.printed`).
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import difflib
import functools
import io
import itertools
import math
import numbers
import re
import signal
import sys
import threading
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Problem",
    "RunResult",
    "run_student_code",
    "check_time_limit",
    "not_built_problem",
    "printed_text",
    "FILENAME",
]

FILENAME = "<playground>"
TIME_LIMIT = 60.0  # seconds; building EfficientNetV2L takes about 10
MESSAGE_CHARS = 600  # an exception's own text, shortened past this
PRINTED_LINES = 200  # the widget shows the last lines printed ...
PRINTED_CHARS = 20_000  # ... at most this many characters of them
_CAPTURE_CHARS = 1_000_000  # printed text kept while the code runs (about)


class _TimeLimit(BaseException):
    """Raised inside the student's code when its time is up."""


class _NoKeyboard(EOFError):
    """Raised by ``input()`` inside the student's code."""


def check_time_limit(time_limit: Any) -> float | None:
    """``time_limit`` as seconds (``None``: no limit), or a clear error.

    Raises :class:`~kerasteach.errors.KerasTeachError` (a ``ValueError``)
    for anything but a positive finite number or ``None``, so that a wrong
    value fails when the playground is made, not on every Run.
    """
    if time_limit is None:
        return None
    if (
        isinstance(time_limit, numbers.Real)
        and not isinstance(time_limit, bool)
        and math.isfinite(time_limit)
        and time_limit > 0
    ):
        return float(time_limit)
    from .errors import KerasTeachError

    hint = ""
    if isinstance(time_limit, str):
        try:
            number = float(time_limit)
        except ValueError:
            number = math.nan
        if math.isfinite(number) and number > 0:
            hint = f" Write time_limit={time_limit.strip()}, without quotes."
    raise KerasTeachError(
        "time_limit expected a positive number of seconds, or None for no "
        f"limit. Received: time_limit={time_limit!r}.{hint}"
    )


@contextlib.contextmanager
def _time_limit(seconds: float | None) -> Iterator[bool]:
    """Interrupt the block after ``seconds``; yields whether a limit is set.

    Python runs signal handlers between bytecodes, so a loop is stopped at
    once and a long Keras operation when it returns.
    """
    usable = (
        isinstance(seconds, (int, float))
        and math.isfinite(seconds)
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


@contextlib.contextmanager
def _creation_lines(created: dict) -> Iterator[None]:
    """Inside, record the line of the student's code that creates each Keras
    layer or model: ``created[id(obj)] = (obj, code, line)``.

    A failure inside ``keras.Sequential([...])`` is raised on the
    statement's first line; the layer that failed was created on its own
    line further down, and that is the line to show.  The record comes from
    ``Operation.__init__`` (every layer, model and symbolic op runs it),
    wrapped for the duration of the run only.
    """
    try:
        import keras

        operation = keras.Operation
        original = operation.__dict__["__init__"]
    except Exception:  # noqa: BLE001 - another Keras layout: no record
        yield
        return

    @functools.wraps(original)
    def __init__(self, *args, **kwargs):
        try:
            frame = sys._getframe(1)
            # the innermost line of the student's code, outside the object's
            # own methods (a subclass's __init__ calling super().__init__())
            while frame is not None and (
                frame.f_code.co_filename != FILENAME
                or frame.f_locals.get("self") is self
            ):
                frame = frame.f_back
            if frame is not None:
                created[id(self)] = (self, frame.f_code, frame.f_lineno)
            del frame
        except Exception:  # noqa: BLE001 - a record is optional
            pass
        return original(self, *args, **kwargs)

    operation.__init__ = __init__
    try:
        yield
    finally:
        operation.__init__ = original


class _Printed(io.StringIO):
    """What the code prints.  Past about ``2 * _CAPTURE_CHARS`` characters
    the oldest lines are dropped (and counted): a loop that prints forever
    must not fill the memory."""

    def __init__(self) -> None:
        super().__init__()
        self.dropped_lines = 0

    def write(self, text: str) -> int:
        written = super().write(text)
        if self.tell() > 2 * _CAPTURE_CHARS:
            value = self.getvalue()
            cut = value.find("\n", len(value) - _CAPTURE_CHARS) + 1
            if cut <= 0:
                cut = len(value) - _CAPTURE_CHARS
            self.dropped_lines += value.count("\n", 0, cut)
            self.seek(0)
            self.truncate()
            super().write(value[cut:])
        return written


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# every terminal escape sequence: CSI (colours, cursor moves), OSC, and the
# two-character ones
_ESCAPE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])"
)
_CONTROL = re.compile(r"[\x00-\x07\x0b-\x0c\x0e-\x1f\x7f]")
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
# the methods that give data to a model
_DATA_METHODS = {
    "fit",
    "evaluate",
    "predict",
    "train_on_batch",
    "test_on_batch",
    "predict_on_batch",
}
EXAMPLE = "model = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(1)])"


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
    """What a run gave: the ``model`` chosen (in the variable ``variable``,
    made on line ``model_line``), or the ``problem``; what the code printed
    (``stdout`` as written, ``printed`` cleaned and shortened for the
    widget); ``note`` says which model was chosen when there were several."""

    model: Any = None
    variable: str | None = None
    problem: Problem | None = None
    stdout: str = ""
    namespace: dict = field(default_factory=dict)
    printed: str = ""
    note: str = ""
    model_line: int | None = None
    source_lines: list[str] = field(default_factory=list)


def _no_keyboard(prompt: object = "") -> str:
    raise _NoKeyboard("the playground cannot read keyboard input")


def _namespace() -> dict:
    import keras
    import numpy as np

    return {
        "__name__": "__playground__",
        # input() fails at once: in a notebook it would wait for an answer
        # that a widget's button click cannot give
        "__builtins__": {**vars(builtins), "input": _no_keyboard},
        "keras": keras,
        "layers": keras.layers,
        "np": np,
    }


def _models(namespace: dict) -> list[tuple[str, Any]]:
    """Each Keras model of the namespace once, by its first variable, in the
    order the variables were first assigned."""
    import keras

    seen: dict[int, str] = {}
    found = []
    for name, value in namespace.items():
        if name.startswith("_") or not isinstance(value, keras.Model):
            continue
        if id(value) in seen:
            continue
        seen[id(value)] = name
        found.append((name, value))
    return found


def find_model(namespace: dict) -> tuple[str | None, Any]:
    """``model`` if it is a Keras model, else the last model defined (the
    last variable, in the order they were first assigned, that holds one)."""
    import keras

    value = namespace.get("model")
    if isinstance(value, keras.Model):
        return "model", value
    models = _models(namespace)
    if models:
        return models[-1]
    return None, None


def _and(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _choice_note(namespace: dict, name: str, model) -> str:
    """Which of several models is shown, and why; '' for a single model."""
    models = _models(namespace)
    if len(models) < 2:
        if name != "model" and "model" in namespace:
            return (
                f"model is {_describe(namespace['model'])}, not a Keras model, "
                f"so this shows {name}."
            )
        return ""
    names = [n if value is not model else name for n, value in models]
    listed = _and(names[:6] + (["others"] if len(names) > 6 else []))
    if name == "model":
        why = "the one called model"
    else:
        why = "the last one defined"
        value = namespace.get("model", None)
        if "model" in namespace and value is not model:
            why += f" (model is {_describe(value)}, not a Keras model)"
    return (
        f"Your code built {len(models)} models: {listed}. This shows {name}, "
        f"{why}. To see another, assign it to a variable called model."
    )


def run_student_code(source: str, time_limit: float | None = TIME_LIMIT) -> RunResult:
    """Execute ``source``; return the model it builds or a :class:`Problem`.

    ``time_limit`` (seconds, ``None`` for none) stops code that runs too long.
    """
    result = RunResult()
    lines = source.splitlines()
    result.source_lines = lines
    try:
        code = compile(source, FILENAME, "exec")
    except SyntaxError as exc:
        result.problem = _syntax_problem(exc, lines)
        return result
    except Exception as exc:  # noqa: BLE001 - null bytes, too deeply nested code
        result.problem = Problem(
            "syntax", f"Python cannot read your code: {shorten(str(exc))}"
        )
        return result
    try:
        namespace = _namespace()
    except Exception as exc:  # noqa: BLE001 - report, never raise
        result.problem = Problem("error", f"Could not import Keras: {exc}")
        return result
    result.namespace = namespace
    out = _Printed()
    created: dict[int, tuple] = {}
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
            _creation_lines(created),
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
            try:
                result.problem = explain_exception(exc, lines, known, created)
            except Exception:  # noqa: BLE001 - a plainer message, never a crash
                line, text = _where(exc, lines)
                raw = shorten(_clean(str(exc)))
                result.problem = Problem(
                    "error",
                    f"Your code raised {type(exc).__name__}"
                    f"{_at(line, text) or '. '}Python says: {raw}",
                    line,
                    text,
                    detail=raw,
                )
    finally:
        if filtering:
            keras.config.enable_traceback_filtering()
        result.stdout = out.getvalue()
        result.printed = printed_text(result.stdout, out.dropped_lines)
    if result.problem is None:
        name, model = find_model(namespace)
        if model is None:
            try:
                result.problem = _no_model_problem(namespace, lines)
            except Exception:  # noqa: BLE001 - the plain message, never a crash
                result.problem = _no_model_problem({}, lines)
        else:
            result.model, result.variable = model, name
            result.model_line = _created_line(created, model)
            try:
                result.note = _choice_note(namespace, name, model)
            except Exception:  # noqa: BLE001 - a note is optional
                result.note = ""
    return result


# ------------------------------------------------------------- printed text


def _terminal_line(line: str) -> str:
    """A line as a terminal leaves it: a carriage return goes back to the
    start of the line and a backspace one column left; what follows writes
    over what was there (a progress bar redraws itself this way)."""
    if "\r" not in line and "\b" not in line:
        return line
    screen: list[str] = []
    column = 0
    for piece in re.split(r"(\r+|\x08+)", line):
        if not piece:
            continue
        if piece[0] == "\r":
            column = 0
        elif piece[0] == "\b":
            column = max(column - len(piece), 0)
        else:
            screen[column : column + len(piece)] = piece
            column += len(piece)
    return "".join(screen).rstrip()


def printed_text(raw: str, dropped_lines: int = 0) -> str:
    """``raw`` printed output as a terminal would show it, without colours,
    cut to its last :data:`PRINTED_LINES` lines and :data:`PRINTED_CHARS`
    characters, with a first line saying how many lines were left out
    (``dropped_lines`` were dropped before ``raw`` already)."""
    if not raw and not dropped_lines:
        return ""
    text = _ESCAPE.sub("", raw)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    total = dropped_lines + len(lines)
    shown: list[str] = []
    size = 0
    for line in reversed(lines[-PRINTED_LINES:]):
        line = _CONTROL.sub("", _terminal_line(line))
        if size + len(line) + 1 > PRINTED_CHARS:
            if not shown:  # one very long line: its start
                shown.append(shorten(line, PRINTED_CHARS))
            break
        shown.append(line)
        size += len(line) + 1
    shown.reverse()
    left_out = total - len(shown)
    if left_out > 0:
        plural = "s" if left_out != 1 else ""
        shown.insert(
            0,
            f"[... {left_out:,} earlier line{plural} not shown]",
        )
    return "\n".join(shown)


def shorten(text: str, limit: int = MESSAGE_CHARS, max_lines: int = 8) -> str:
    """``text`` cut to about ``limit`` characters and ``max_lines`` lines
    (a NumPy array in an error message is long), saying it was shortened."""
    cut = text
    if cut.count("\n") >= max_lines:
        cut = "\n".join(cut.split("\n")[:max_lines])
    if len(cut) > limit:
        cut = cut[:limit]
        space = max(cut.rfind(" "), cut.rfind("\n"))
        if space > limit - 80:
            cut = cut[:space]
    if cut == text:
        return text
    left = len(text) - len(cut)
    return f"{cut.rstrip()} ... [shortened: {left:,} more characters]"


# ------------------------------------------------------------------ problems


_INDENT_ADVICE = {
    "unexpected indent": (
        "This line starts further right than Python expects. The spaces at "
        "the start of a line matter in Python: a line is indented only inside "
        "a block (after a line ending with a colon). Remove the spaces at the "
        "start of this line so that it lines up with the line before."
    ),
    "expected an indented block": (
        "The line after a line ending with a colon (def, for, if, class, "
        "with) must be indented: add 4 spaces at the start of this line and "
        "of every line that belongs to the block."
    ),
    "unindent does not match": (
        "This line starts at a column where no block starts. Line it up "
        "exactly with the lines of the block it belongs to (4 spaces for each "
        "level)."
    ),
}
_TAB_ADVICE = (
    "The spaces at the start of this line mix tabs and spaces. Indent with "
    "spaces only (4 for each level): replace the tabs at the start of your "
    "lines by spaces."
)
_INDENT_GENERAL = (
    "Check the spaces at the start of this line: lines of the same block "
    "start at the same column, and a block is indented by 4 more spaces than "
    "the line with the colon that opens it."
)


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
    if isinstance(exc, TabError):
        advice = _TAB_ADVICE
    elif isinstance(exc, IndentationError):
        advice = next(
            (v for k, v in _INDENT_ADVICE.items() if reason.startswith(k)),
            _INDENT_GENERAL,
        )
    else:
        advice = (
            "Check brackets, commas and colons on this line and the line before it."
        )
    text = text.expandtabs(4) if isinstance(exc, IndentationError) else text
    message = f"Python cannot read {where}: {reason}\n    {text}{pointer}\n{advice}"
    return Problem("syntax", message, line, text)


def _student_tb(exc: BaseException):
    """The innermost traceback entry in the student's code, if any."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == FILENAME:
            found = tb
        tb = tb.tb_next
    return found


def _span(tb) -> tuple[int, int]:
    """The lines of the expression a traceback entry was running (a call
    written over several lines spans them all)."""
    line = tb.tb_lineno
    positions = getattr(tb.tb_frame.f_code, "co_positions", None)
    if positions is None or tb.tb_lasti < 0:  # Python 3.10
        return line, line
    entry = next(itertools.islice(positions(), tb.tb_lasti // 2, None), None)
    if entry is None or entry[0] is None:
        return line, line
    return entry[0], entry[1] if entry[1] is not None else entry[0]


def _line_text(lines: list[str], line: int | None) -> str | None:
    if line is None:
        return None
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""


def _where(
    exc: BaseException,
    lines: list[str],
    created: dict | None = None,
    layer: Any = None,
) -> tuple[int | None, str | None]:
    """The line to show: where the student's code was when it failed.

    When ``layer`` failed and was created by the very statement that failed
    (a layer in the list of a ``keras.Sequential([...])`` written over
    several lines), the line that creates it.
    """
    tb = _student_tb(exc)
    if tb is None:
        return None, None
    line = tb.tb_lineno
    entry = created.get(id(layer)) if created and layer is not None else None
    if entry is not None and entry[0] is layer and entry[1] is tb.tb_frame.f_code:
        first, last = _span(tb)
        if first <= entry[2] <= last:
            line = entry[2]
    if line is None:
        return None, None
    return line, _line_text(lines, line)


def _at(line: int | None, text: str | None) -> str:
    if line is None:
        return ""
    return f" on line {line}" + (f":\n    {text}\n" if text else ".\n")


def _line_ref(line: int | None, text: str | None) -> str:
    """After a sentence about a line: ' (line 3):' and the line, or '. '."""
    if line is None:
        return ". "
    return f" (line {line})" + (f":\n    {text}\n" if text else ".\n")


def explain_exception(
    exc: BaseException,
    lines: list[str],
    known: tuple[str, ...] = (),
    created: dict | None = None,
) -> Problem:
    """A :class:`Problem` for ``exc`` raised by the student's code.

    ``lines`` is the code, ``known`` the names it defined (for "did you
    mean"), ``created`` where each layer was created (see
    :func:`_creation_lines`)."""
    if (
        isinstance(exc, _NoKeyboard)
        or type(exc).__name__ == "StdinNotImplementedError"
        or (isinstance(exc, EOFError) and "when reading a line" in str(exc))
    ):
        line, text = _where(exc, lines)
        return _keyboard_problem(line, text)
    raw_full = _clean(str(exc))
    match = _LAYER_IN_MESSAGE.search(raw_full)
    failing = _failing_layer(exc, match.group(1) if match else None)
    line, text = _where(exc, lines, created, failing[0] if failing else None)
    if isinstance(exc, NameError) and not isinstance(exc, UnboundLocalError):
        return _name_problem(exc, line, text, known)
    if isinstance(exc, AttributeError):
        return _attribute_problem(exc, line, text)
    raw = shorten(raw_full)
    problem = (
        _data_problem(exc, raw, line, text, created)
        or _not_a_tensor_problem(exc, raw, line, text, failing)
        or _shape_argument_problem(exc, raw, line, text)
        or _not_keras_tensors_problem(exc, raw, line, text)
    )
    if problem is not None:
        return problem
    if isinstance(exc, ValueError) and any(w in raw.lower() for w in _SHAPE_WORDS):
        problem = _shape_problem(exc, raw, line, text, failing)
        if problem is not None:
            return problem
    kind = type(exc).__name__
    message = f"Your code raised {kind}{_at(line, text) or '. '}Python says: {raw}"
    return Problem("error", message, line, text, detail=raw_full)


def _clean(message: str) -> str:
    """Keras's message without colours and its 'Arguments received' block;
    TensorFlow's graph errors without the stack they carry."""
    message = _ANSI.sub("", message)
    message = message.split("\nArguments received by")[0]
    message = re.sub(r"^Exception encountered when calling [^\n]*\n+", "", message)
    if message.startswith("Graph execution error"):
        tail = re.split(r"\n  File \"[^\n]*\n", message)[-1]
        tail = re.sub(r"\s*\[\[\{\{node [^\n]*", "", tail).strip()
        if tail:
            message = tail
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
    added = _add_on_a_model_problem(exc, name, obj, line, text)
    if added is not None:
        return added
    hint = ""
    if name and obj is not None:
        close = difflib.get_close_matches(name, dir(obj), n=1)
        if close:
            hint = f" Did you mean {close[0]}?"
    said = shorten(str(exc)).rstrip(".")
    message = (
        f"Your code asks for something that does not exist{_at(line, text) or '. '}"
        f"Python says: {said}.{hint}"
    )
    return Problem("attribute", message, line, text, detail=str(exc))


def _add_on_a_model_problem(exc, name, obj, line, text) -> Problem | None:
    """``model.add(...)`` on a model that is not ``keras.Sequential``."""
    if name != "add":
        return None
    try:
        import keras
    except Exception:  # noqa: BLE001
        return None
    if not isinstance(obj, keras.Model) or isinstance(obj, keras.Sequential):
        return None
    if _is_functional(obj):
        built = "was built with keras.Model(inputs, outputs) (the Functional API)"
        instead = (
            "To add a layer, call it on the outputs and build the model again:\n"
            "    outputs = layers.Dense(2)(outputs)\n"
            "    model = keras.Model(inputs, outputs)\n"
            "or write the whole model as keras.Sequential([...])."
        )
    else:
        built = f"is a {type(obj).__name__}, not a keras.Sequential"
        instead = (
            "Create its layers in __init__ and use them in call(), or write "
            "the model as keras.Sequential([...])."
        )
    who = f"Line {line}" if line is not None else "Your code"
    shown = f":\n    {text}\n" if text else ". "
    message = (
        f"{who} calls .add() on a model that is not keras.Sequential{shown}"
        f"Only keras.Sequential models have .add(). This model {built}. {instead}"
    )
    return Problem("attribute", message, line, text, detail=str(exc))


def _is_functional(model) -> bool:
    try:
        from keras.src.models.functional import Functional
    except ImportError:  # pragma: no cover - another Keras layout
        return hasattr(model, "_nodes")
    return isinstance(model, Functional)


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


def _shape_problem(
    exc: BaseException, raw: str, line, text, failing=None
) -> Problem | None:
    shapes = list(dict.fromkeys(m.group(0) for m in _SHAPE.finditer(raw)))
    layer_desc = None
    match = _LAYER_IN_MESSAGE.search(raw)
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


# ------------------------------------------------- common beginner mistakes


def _shape_text(shape) -> str:
    """``(8,)``, ``(None, 28, 28, 1)``: a shape as Python writes it."""
    return repr(tuple(None if d is None else int(d) for d in shape))


def _shape_of(value) -> tuple | None:
    """The shape of an array or tensor, else ``None``."""
    if isinstance(value, type):
        return None
    try:
        shape = getattr(value, "shape", None)
        if shape is None:
            return None
        return tuple(None if d is None else int(d) for d in shape)
    except Exception:  # noqa: BLE001 - not a shape after all
        return None


def _describe(value) -> str:
    """What a value is, in a few words: "a Dense layer", "None", ..."""
    import keras

    if value is None:
        return "None"
    if isinstance(value, bool):
        return repr(value)
    if isinstance(value, numbers.Number):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the text {shorten(repr(value), 60)}"
    if isinstance(value, type):
        return f"the class {value.__name__}"
    if isinstance(value, keras.KerasTensor):
        return f"a tensor of shape {_shape_text(value.shape)} (the output of a layer)"
    if isinstance(value, keras.Model):
        return f"a {type(value).__name__} model"
    if isinstance(value, keras.layers.Layer):
        return f"a {type(value).__name__} layer"
    if isinstance(value, keras.callbacks.History):
        return "the History that model.fit(...) returns"
    shape = _shape_of(value)
    if shape is not None:
        if type(value).__module__ == "numpy":
            return f"a NumPy array of shape {_shape_text(shape)}"
        return f"a tensor of shape {_shape_text(shape)}"
    for kind in (list, tuple, dict):
        if isinstance(value, kind):
            count = len(value)
            return f"a Python {kind.__name__} of {count} item{'s' * (count != 1)}"
    return f"a {type(value).__name__}"


def _keyboard_problem(line, text) -> Problem:
    example = ""
    match = re.match(r"(\w+)\s*=.*\binput\s*\(", text or "")
    if match:
        example = f" For example:\n    {match.group(1)} = 16"
    message = (
        "The playground cannot read from the keyboard, so input() gets no "
        f"answer{_at(line, text) or '. '}"
        f"Write the value into your code instead.{example}"
    )
    return Problem("error", message, line, text, detail="input() in the playground")


def _frames_below_student(exc: BaseException) -> list:
    """The frames that ran below the student's innermost line, outermost
    first."""
    frames = [frame for frame, _ in traceback.walk_tb(exc.__traceback__)]
    start = 0
    for i, frame in enumerate(frames):
        if frame.f_code.co_filename == FILENAME:
            start = i + 1
    return frames[start:]


def _data_call(exc: BaseException):
    """``(method, model, x, y)`` when the failure happened inside
    ``model.fit``, ``evaluate``, ``predict``... or a model called on data;
    else ``None``."""
    import keras

    for frame in _frames_below_student(exc):
        owner = frame.f_locals.get("self")
        if not isinstance(owner, keras.Model):
            continue
        name = frame.f_code.co_name
        if name in _DATA_METHODS:
            return name, owner, frame.f_locals.get("x"), frame.f_locals.get("y")
        if name == "__call__":
            args = frame.f_locals.get("args") or ()
            if args and not isinstance(args[0], keras.KerasTensor):
                return "call", owner, args[0], None
        return None
    return None


def _model_shape(model, which: str) -> tuple | None:
    """The model's one input (``"inputs"``) or output shape, if known."""
    try:
        tensors = getattr(model, which)
    except Exception:  # noqa: BLE001 - an unbuilt model has none
        return None
    if not isinstance(tensors, (list, tuple)) or len(tensors) != 1:
        return None
    return _shape_of(tensors[0])


def _fits(data: tuple, expected: tuple) -> bool:
    return len(data) == len(expected) and all(
        e is None or d is None or e == d for d, e in zip(data[1:], expected[1:])
    )


def _dense_on_images(model):
    """The first Dense layer of ``model`` whose input has more than one axis
    per sample (it works on the last axis only: a Flatten is missing)."""
    import keras

    for layer in getattr(model, "layers", ()):
        if not isinstance(layer, keras.layers.Dense):
            continue
        try:
            shape = _shape_of(layer.input)
        except Exception:  # noqa: BLE001 - a layer outside any graph
            continue
        if shape is not None and len(shape) > 2:
            return layer, shape
    return None


def _created_line(created: dict | None, obj) -> int | None:
    entry = (created or {}).get(id(obj))
    return entry[2] if entry is not None and entry[0] is obj else None


def _data_problem(exc, raw: str, line, text, created) -> Problem | None:
    """Data given to ``fit``, ``predict``... (or to the model) that does not
    fit the model: the data is named, not the layer that noticed."""
    try:
        found = _data_call(exc)
    except Exception:  # noqa: BLE001 - a hint is optional
        found = None
    if found is None:
        return None
    method, model, x, y = found
    where = _at(line, text) or ". "
    to = "the model" if method == "call" else f"{method}()"
    x_name = "your data" if method == "call" else "x"
    lower = raw.lower()

    if "cardinality" in lower:
        sizes = dict(re.findall(r"'(\w+)' sizes: ([\d, ]+)", raw))
        counts = " but ".join(
            f"{k} has {v.strip()} sample{'s' * (v.strip() != '1')}"
            for k, v in sizes.items()
        )
        message = (
            f"x and y do not have the same number of samples{where}"
            f"{counts + '. ' if counts else ''}Each sample of x needs its label "
            "in y: their first axes (the number of rows) must be equal.\n"
            f"Keras says: {raw}"
        )
        return Problem("data", message, line, text, detail=raw)

    x_shape = _shape_of(x)
    expected = _model_shape(model, "inputs")
    if x_shape is not None and expected is not None and not _fits(x_shape, expected):
        sample, data_sample = _shape_text(expected[1:]), _shape_text(x_shape[1:])
        batch = ""
        seen = _SHAPE.findall(raw)
        if seen:
            last = seen[-1]
            dims = re.findall(r"None|\d+", last)
            if dims and dims[0] != str(x_shape[0]) and dims[0] != "None":
                batch = (
                    f"(Keras shows {last} because it passes the data in batches "
                    f"of {dims[0]} samples.)\n"
                )
        message = (
            f"The data does not fit the model{where}"
            f"The model expects each sample to have shape {sample} (its "
            f"keras.Input(shape={sample})), but {x_name} has shape "
            f"{_shape_text(x_shape)}: {x_shape[0]} samples of shape "
            f"{data_sample}.\nKeras says: {raw}\n{batch}"
            f"Give {to} data whose samples have shape {sample}, or, if your "
            f"data is right, change the model's input to "
            f"keras.Input(shape={data_sample})."
        )
        return Problem(
            "data", message, line, text, detail=raw, shapes=(sample, data_sample)
        )

    output = _model_shape(model, "outputs")
    y_shape = _shape_of(y)
    if output is None or y_shape is None:
        return None
    # images out where y has fewer axes: whatever the backend's words, a
    # Flatten is missing
    images = _dense_on_images(model) if len(output) > max(len(y_shape), 2) else None
    if images is not None:
        dense, seen_shape = images
        made = _created_line(created, dense)
        made = f", line {made}" if made is not None else ""
        message = (
            f"The model's output does not match the labels y{where}"
            f"Layer {dense.name!r} (Dense{made}) receives input of shape "
            f"{_shape_text(seen_shape)}, with more than one axis per sample. A "
            "Dense layer works on the last axis only, so the model still "
            f"outputs shape {_shape_text(output)}, while y has shape "
            f"{_shape_text(y_shape)}.\n"
            "Add layers.Flatten() (or layers.GlobalAveragePooling2D()) before "
            "that Dense layer, so that each sample becomes one flat vector.\n"
            f"Keras says: {raw}"
        )
        return Problem(
            "data",
            message,
            line,
            text,
            detail=raw,
            layer=dense.name,
            shapes=(_shape_text(output), _shape_text(y_shape)),
        )
    if not any(w in lower for w in ("target", "label", "incompatible shapes")):
        return None
    message = (
        f"The labels y do not fit the model's output{where}"
        f"The model outputs shape {_shape_text(output)}, but y has shape "
        f"{_shape_text(y_shape)}.\nKeras says: {raw}\n"
        "Make the last layer give what y holds (its units), or pick the loss "
        "that matches y: sparse_categorical_crossentropy takes one class "
        "number per sample, categorical_crossentropy one row of 0s and a 1 "
        "per sample."
    )
    return Problem(
        "data",
        message,
        line,
        text,
        detail=raw,
        shapes=(_shape_text(output), _shape_text(y_shape)),
    )


_FUNCTIONAL_EXAMPLE = (
    "    inputs = keras.Input(shape=(8,))  # the shape of one sample\n"
    "    x = layers.Dense(4)(inputs)\n"
    "    outputs = layers.Dense(1)(x)\n"
    "    model = keras.Model(inputs, outputs)"
)


def _not_a_tensor_problem(exc, raw: str, line, text, failing) -> Problem | None:
    """A layer called on something that is not a tensor: most often another
    layer, because ``keras.Input`` was forgotten."""
    if "Only input tensors may be passed as positional arguments" not in raw:
        return None
    import keras

    args = tuple(failing[1].get("args") or ()) if failing else ()
    value = next(
        (a for a in args if isinstance(a, keras.layers.Layer)),
        args[0] if args else None,
    )
    who = (
        f"Layer {failing[0].name!r} ({type(failing[0]).__name__})"
        if failing
        else "A layer"
    )
    where = _at(line, text) or ". "
    if isinstance(value, keras.layers.Layer):
        message = (
            f"{who} was called on a layer, not on a tensor{where}"
            f"Its input is {_describe(value)} ({value.name!r}) itself. "
            "Did you forget keras.Input? In the Functional API, the first layer "
            "is called on keras.Input, and each next layer on the output of "
            f"the one before:\n{_FUNCTIONAL_EXAMPLE}"
        )
    else:
        message = (
            f"{who} was called on {_describe(value) if args else 'a value'}, "
            f"not on a tensor{where}"
            "Call a layer on keras.Input(...) or on the output of another layer. "
            "Its options (units, activation, ...) go in the brackets that create "
            'it: layers.Dense(1, activation="relu").'
        )
    return Problem(
        "error",
        message,
        line,
        text,
        detail=raw,
        layer=failing[0].name if failing else None,
    )


def _shape_argument_problem(exc, raw: str, line, text) -> Problem | None:
    """``keras.Input(shape=8)``: a number where a tuple is needed."""
    match = re.search(r"Cannot convert '(.*?)' to a shape", raw)
    if match is None:
        return None
    value = match.group(1)
    where = _at(line, text) or ". "
    if re.fullmatch(r"\d+", value):
        note = ""
        if text and re.search(rf"\(\s*{value}\s*\)", text):
            note = f" ({value}) without a comma is the number {value}, not a tuple."
        advice = (
            f"The shape {value} is a single number, but Keras wants a tuple: "
            f"one number for each axis of one sample.{note} Write "
            f"shape=({value},): the comma makes it a tuple. An image would be "
            "shape=(28, 28, 1)."
        )
    else:
        advice = (
            f"Keras cannot use {value!r} as a shape: write a tuple of whole "
            "numbers, one for each axis of one sample, like shape=(8,) or "
            "shape=(28, 28, 1)."
        )
    message = f"A shape must be a tuple of numbers{where}{advice}"
    return Problem("error", message, line, text, detail=raw)


def _not_keras_tensors_problem(exc, raw: str, line, text) -> Problem | None:
    """``keras.Model(x, y)`` with data (NumPy arrays) instead of the tensors
    of ``keras.Input`` and the layers called on it."""
    match = re.search(r"All `(inputs|outputs)` values must be KerasTensors", raw)
    if match is None:
        return None
    import keras

    which = match.group(1)
    value = None
    for frame in _frames_below_student(exc):
        if isinstance(frame.f_locals.get("self"), keras.Model):
            value = frame.f_locals.get(which)
            break
    while isinstance(value, (list, tuple)) and value:
        value = next((v for v in value if not isinstance(v, keras.KerasTensor)), None)
    while isinstance(value, dict) and value:
        value = next(
            (v for v in value.values() if not isinstance(v, keras.KerasTensor)),
            None,
        )
    shape = _shape_of(value)
    sample = _shape_text(shape[1:]) if shape and len(shape) >= 2 else "(8,)"
    received = f", but it received {_describe(value)}" if value is not None else ""
    where = _at(line, text) or ". "
    if which == "inputs":
        message = (
            f"keras.Model(inputs, outputs) needs inputs made with "
            f"keras.Input{received}{where}"
            "A model is built from keras.Input, not from data. Write "
            f"inputs = keras.Input(shape={sample}) (the shape of one sample), "
            "call your layers on inputs, and give the data to model.fit(...) "
            "later."
        )
    else:
        message = (
            f"keras.Model(inputs, outputs) needs outputs that come from layers "
            f"called on keras.Input{received}{where}"
            "A layer called on data (a NumPy array) computes numbers at once "
            "instead of adding a step to the model. Call your layers on "
            "inputs = keras.Input(shape=...) and pass the last layer's output "
            "as outputs."
        )
    said = raw.split(" Received:")[0]  # not the data again
    message += f"\nKeras says: {said}"
    return Problem("error", message, line, text, detail=raw)


# --------------------------------------------------- the model that is shown


def _assignment_line(lines: list[str], name: str) -> int | None:
    """The last line of the code (outside functions and classes) that
    assigns ``name``."""
    try:
        tree = ast.parse("\n".join(lines))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    found = None
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        targets: list[ast.AST] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign, ast.NamedExpr)):
            targets = [node.target]
        for target in targets:
            for leaf in ast.walk(target):
                if isinstance(leaf, ast.Name) and leaf.id == name:
                    found = max(found or 0, node.lineno)
        for child in ast.iter_child_nodes(node):
            if not isinstance(
                child,
                (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda),
            ):
                stack.append(child)
    return found


def _no_model_problem(namespace: dict, lines: list[str]) -> Problem:
    if "model" not in namespace:
        return Problem(
            "no-model",
            "Your code ran, but it did not build a Keras model. Assign your "
            f"model to a variable called model, for example:\n    {EXAMPLE}",
        )
    import keras

    value = namespace["model"]
    line = _assignment_line(lines, "model")
    text = _line_text(lines, line)
    if isinstance(value, type) and issubclass(value, keras.layers.Layer):
        advice = (
            f"That is the class itself, not a model made from it: add brackets "
            f"to create one, model = {value.__name__}(...)."
        )
    elif isinstance(value, keras.layers.Layer):
        expression = re.match(r"model\s*=\s*(.+?)\s*$", text or "")
        example = (
            f"model = keras.Sequential([keras.Input(shape=(8,)), "
            f"{expression.group(1)}])"
            if expression
            else EXAMPLE
        )
        advice = (
            "A layer on its own is not a model. Put your layers in "
            "keras.Sequential([...]), starting with keras.Input, or connect "
            "them with keras.Model(inputs, outputs), for example:\n"
            f"    {example}\n(shape=(8,) is an example: use the shape of one "
            "sample of your data.)"
        )
    elif isinstance(value, keras.KerasTensor):
        advice = (
            "That is the output of a layer, not a model. Build the model from "
            "your keras.Input and this output:\n"
            "    model = keras.Model(inputs, outputs)"
        )
    elif value is None:
        advice = (
            "model.add(...), model.compile(...) and model.summary() change or "
            "show the model and give back None: call them without model = in "
            "front (write model.add(layer), not model = model.add(layer))."
        )
    elif isinstance(value, keras.callbacks.History):
        advice = (
            "model.fit(...) gives back a History (the losses of each epoch), "
            "not the model: write history = model.fit(...) and keep model for "
            "the model."
        )
    elif isinstance(value, (list, tuple)):
        advice = (
            "Put the list of layers in keras.Sequential(...), for example:\n"
            f"    {EXAMPLE}"
        )
    else:
        advice = f"Assign your Keras model to model, for example:\n    {EXAMPLE}"
    where = _line_ref(line, text)
    message = (
        f"Your code ran, but model is {_describe(value)}, not a Keras "
        f"model{where}{advice}"
    )
    return Problem("no-model", message, line, text)


def not_built_problem(result: RunResult, error: Exception) -> Problem:
    """What to write in the playground when kerasteach cannot read the model
    because it is not built yet (``error``, a
    :class:`~kerasteach.errors.NotBuiltError`): the advice of kerasteach's
    own message (``input_shape=`` for kerasteach's functions) does not apply
    in the playground, where only the code can change."""
    import keras

    model = result.model
    variable = result.variable or "model"
    called = "" if variable == "model" else f" {variable}"
    line = result.model_line
    text = _line_text(result.source_lines, line)
    where = _line_ref(line, text)
    detail = str(error)
    if isinstance(model, keras.Sequential):
        if not model.layers:
            message = (
                f"Your Sequential model{called} has no layers yet{where}"
                f"Put layers in it, starting with keras.Input:\n    {EXAMPLE}"
            )
        elif text is not None and re.search(r"Sequential\(\s*$|\[", text or ""):
            message = (
                f"Your Sequential model{called} does not know the shape of "
                f"its input, so it has no graph yet{where}"
                "Start its list of layers with keras.Input(shape=...), the "
                "shape of one sample of your data, for example:\n"
                f"    {variable} = keras.Sequential([keras.Input(shape=(8,)), "
                "layers.Dense(16), ...])"
            )
        else:
            message = (
                f"Your Sequential model{called} does not know the shape of "
                f"its input, so it has no graph yet{where}"
                "Start it with keras.Input(shape=...), the shape of one sample "
                "of your data: put keras.Input(shape=(8,)) first in the list of "
                f"keras.Sequential([...]), or call {variable}.add(keras.Input("
                "shape=(8,))) before the first add of a layer."
            )
        return Problem("kerasteach", message, line, text, detail=detail)
    if type(model) is keras.Model:
        message = (
            f"keras.Model() was created without inputs and outputs{where}"
            f"A Functional model needs both:\n{_FUNCTIONAL_EXAMPLE}"
        )
        return Problem("kerasteach", message, line, text, detail=detail)
    if "has not been built" in detail:
        message = (
            f"Your model{called} ({type(model).__name__}) has not been built "
            "yet, so the playground does not know the shape of its "
            f"input{where}"
            "Call it once on a batch of data at the end of your code, for "
            "example on one sample of shape (8,):\n"
            f"    {variable}(np.zeros((1, 8)))"
        )
        return Problem("kerasteach", message, line, text, detail=detail)
    return Problem("kerasteach", shorten(detail), line, text, detail=detail)
