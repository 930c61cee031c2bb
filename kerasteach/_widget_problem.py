"""What a playground problem is, and the words and places its messages share.

A :class:`Problem` is what went wrong in the student's code, for a person:
its ``kind``, a ``message``, the ``line`` it happened on.  This module holds
it and the small helpers every explanation uses: the line to show
(:func:`_where`, from the traceback of the student's code, which runs under
the file name :data:`FILENAME`), ``" on line 3:"`` phrasing, Keras's message
cleaned (:func:`_clean`) and shortened (:func:`shorten`), a value
described in a few words (:func:`_describe`) and the student's own names
for the values on the failing line (:func:`_student_names`).  Every
message is made readable here, once (:func:`readable`): the objects that
Keras's and Python's words quote (``<KerasTensor shape=(None, 3), ...>``)
become a few plain words.  It imports no other module of the playground;
they all import it.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import numbers
import re
import traceback
from dataclasses import dataclass
from typing import Any

FILENAME = "<playground>"
MESSAGE_CHARS = 600  # an exception's own text, shortened past this


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_SHAPE = re.compile(r"[\(\[](?:None|\d+)(?:,\s*(?:None|\d+))*,?\s*[\)\]]")
# how Python shows an object in a message: <KerasTensor shape=(None, 8), ...>,
# <class '...'>, TensorFlow's Tensor("data:0", shape=(8,), dtype=float32)
_REPR = re.compile(r"<[^<>]*>|\bTensor\(\"[^\"]*\", shape=[^)]*\), dtype=\w+\)")
# the end of an object's repr, or where shorten() cut it
_REPR_END = r"[^<>\n]*?(?:>|(?= \.\.\. \[shortened)|(?=\n)|$)"
_READABLE = (
    # <KerasTensor shape=(None, 3), dtype=float32, ..., name=keras_tensor_3>
    (
        re.compile(rf"(?:\bTensor )?<KerasTensor shape=(\([^)]*\)){_REPR_END}"),
        r"a tensor of shape \1",
    ),
    # TensorFlow's Tensor("data:0", shape=(28, 28), dtype=float32)
    (
        re.compile(r"\bTensor\(\"[^\"]*\", shape=(\([^)]*\)), dtype=\w+\)"),
        r"a tensor of shape \1",
    ),
    (
        re.compile(rf"<tf\.Tensor: shape=(\([^)]*\)){_REPR_END}"),
        r"a tensor of shape \1",
    ),
    (re.compile(r"<class '(?:[\w.]*\.)?(\w+)'>"), r"\1"),
    # Keras's own names for the tensor it checked: "keras_tensor", path ''
    (re.compile(r" with name '[^'\n]*' and path '[^'\n]*'"), ""),
    # <Dense name=dense, built=True>, <Sequential name=sequential, ...>
    (re.compile(r"<(\w+) name=([^,<>\n]+), built=\w+>"), r"'\2' (\1)"),
    (re.compile(r"<function (?:[\w.<>]*\.)?(\w+) at 0x[0-9a-f]+>"), r"the function \1"),
    (
        re.compile(r"<(?:[\w.]*\.)?(\w+) object at 0x[0-9a-f]+>"),
        lambda m: f"{article(m.group(1))} {m.group(1)} object",
    ),
)


def article(word: str) -> str:
    """ "an" before ``word`` when it starts with a vowel, else "a"."""
    return "an" if word[:1].lower() in "aeio" else "a"


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

    def __post_init__(self) -> None:
        # one place for all messages: Keras's words quoted in any of them
        object.__setattr__(self, "message", readable(self.message))


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


def readable(message: str) -> str:
    """``message`` with the objects it quotes in a few plain words: a
    ``<KerasTensor shape=(None, 3), dtype=float32, ...>`` becomes "a tensor
    of shape (None, 3)", ``<class 'str'>`` "str", ``<Dense name=dense,
    built=True>`` "'dense' (Dense)"; a repr that :func:`shorten` cut too."""
    for pattern, words in _READABLE:
        message = pattern.sub(words, message)
    return message


def without_reprs(message: str) -> str:
    """``message`` without the objects it shows (a tensor's repr holds the
    word "shape" and a shape, whatever the message is about)."""
    return _REPR.sub("...", message)


def _student_tb(exc: BaseException):
    """The innermost traceback entry in the student's code, if any."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == FILENAME:
            found = tb
        tb = tb.tb_next
    return found


def _student_variables(exc: BaseException) -> list[tuple[str, object]]:
    """The student's variables, ``(name, value)`` in the order they were
    first set, in the innermost frame of the student's code (names that
    start with ``_`` left out)."""
    tb = _student_tb(exc)
    if tb is None:
        return []
    return [(n, v) for n, v in list(tb.tb_frame.f_locals.items()) if n[:1] != "_"]


def _student_names(exc: BaseException) -> dict[int, str]:
    """The student's variable names by the ``id`` of their values (see
    :func:`_student_variables`; the first name wins)."""
    names: dict[int, str] = {}
    for name, value in _student_variables(exc):
        names.setdefault(id(value), name)
    return names


def _target(text: str | None) -> str:
    """``"x = "`` for a line ``x = ...``, else ``""``."""
    match = re.match(r"\s*(\w+)\s*=[^=]", text or "")
    return f"{match.group(1)} = " if match else ""


def _span(tb, lines: list[str]) -> tuple[int, int]:
    """The lines of the expression a traceback entry was running (a call
    written over several lines spans them all)."""
    line = tb.tb_lineno
    positions = getattr(tb.tb_frame.f_code, "co_positions", None)
    if positions is None or tb.tb_lasti < 0:  # Python 3.10
        return _statement_span(lines, line)
    entry = next(itertools.islice(positions(), tb.tb_lasti // 2, None), None)
    if entry is None or entry[0] is None:
        return line, line
    return entry[0], entry[1] if entry[1] is not None else entry[0]


def parsed_code(lines: list[str]) -> ast.Module | None:
    """The student's code as a syntax tree, or None when Python cannot
    read it (then an explanation that needs the tree has nothing to say)."""
    try:
        return ast.parse("\n".join(lines))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def called_name(call: ast.Call) -> str | None:
    """``Conv2D`` for ``layers.Conv2D(...)`` or ``Conv2D(...)``; None for a
    call of anything else (``f()()``)."""
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def code_of(source: str, node) -> str:
    """The code of ``node`` in ``source``, on one line, its runs of spaces
    and line breaks made one space ("" when it cannot be found)."""
    return " ".join((ast.get_source_segment(source, node) or "").split())


def _statement_span(lines: list[str], line: int) -> tuple[int, int]:
    """The lines of the simple statement (an assignment, a call) that
    holds ``line``: where Python 3.10 has no column positions, the
    traceback names the statement's first line only."""
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return line, line
    for node in ast.walk(tree):
        if not isinstance(node, ast.stmt) or hasattr(node, "body"):
            continue  # compound statements hold the simple ones we want
        end = node.end_lineno or node.lineno
        if node.lineno <= line <= end:
            return node.lineno, end  # simple statements do not nest
    return line, line


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
    if entry is not None and entry.obj is layer and entry.code is tb.tb_frame.f_code:
        first, last = _span(tb, lines)
        if first <= entry.line <= last:
            line = entry.line
    if line is None:
        return None, None
    return line, _line_text(lines, line)


def _defined_at(function, lines: list[str]) -> tuple[int | None, str | None]:
    """The line of the student's code where ``function`` is defined (its
    ``def``), with its text; ``(None, None)`` outside the student's code."""
    code = getattr(inspect.unwrap(function), "__code__", None)
    if code is None or code.co_filename != FILENAME:
        return None, None
    line = code.co_firstlineno
    text = _line_text(lines, line)
    # a decorator comes first: the def is the first line that says def
    for n in range(line, min(line + 20, len(lines)) + 1):
        if re.match(r"\s*(async\s+)?def\b", lines[n - 1]):
            return n, lines[n - 1].strip()
    return line, text


def _at(line: int | None, text: str | None) -> str:
    if line is None:
        return ""
    return f" on line {line}" + (f":\n    {text}\n" if text else ".\n")


def _line_ref(line: int | None, text: str | None) -> str:
    """After a sentence about a line: ' (line 3):' and the line, or '. '."""
    if line is None:
        return ". "
    return f" (line {line})" + (f":\n    {text}\n" if text else ".\n")


def _created_line(created: dict | None, obj) -> int | None:
    """The line that made ``obj`` (see
    :func:`~kerasteach._widget_records.creation_lines`), or ``None``."""
    entry = (created or {}).get(id(obj))
    return entry.line if entry is not None and entry.obj is obj else None


def _frames_below_student(exc: BaseException) -> list:
    """The frames that ran below the student's innermost line, outermost
    first."""
    frames = [frame for frame, _ in traceback.walk_tb(exc.__traceback__)]
    start = 0
    for i, frame in enumerate(frames):
        if frame.f_code.co_filename == FILENAME:
            start = i + 1
    return frames[start:]


def _model_method_frame(
    exc: BaseException, methods: tuple[str, ...] = ("fit", "evaluate", "predict")
):
    """``(model, frame)`` of the first of ``methods`` of a Keras model that
    ran below the student's line (``model.fit(...)``), else None."""
    import keras

    for frame in _frames_below_student(exc):
        model = frame.f_locals.get("self")
        if isinstance(model, keras.Model) and frame.f_code.co_name in methods:
            return model, frame
    return None


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


def is_input_tensor(value) -> bool:
    """Whether ``value`` is a tensor made by ``keras.Input``."""
    import keras

    history = getattr(value, "_keras_history", None)
    return (
        isinstance(value, keras.KerasTensor)
        and history is not None
        and isinstance(history[0], keras.layers.InputLayer)
    )


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
    kind = type(value).__name__
    if isinstance(value, keras.Model):
        return f"{article(kind)} {kind} model"
    if isinstance(value, keras.layers.Layer):
        return f"{article(kind)} {kind} layer"
    if isinstance(value, keras.callbacks.History):
        return "the History that model.fit(...) returns"
    shape = _shape_of(value)
    if shape is not None:
        if type(value).__module__ == "numpy":
            return f"a NumPy array of shape {_shape_text(shape)}"
        return f"a tensor of shape {_shape_text(shape)}"
    for container in (list, tuple, dict):
        if isinstance(value, container):
            count = len(value)
            items = f"{count} item{'s' * (count != 1)}"
            return f"a Python {container.__name__} of {items}"
    return f"{article(kind)} {kind}"
