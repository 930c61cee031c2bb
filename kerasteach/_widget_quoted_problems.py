"""A number written in quotes, where Keras or Python wants a number.

``model.fit(x, y, epochs='2')``, ``batch_size="32"``, ``layers.Dense('64')``,
``layers.Dropout("0.5")``: the quotes make the number text (a ``str``).
A setting that takes whole numbers only (``epochs``, ``units``) gets one:
``epochs='2.5'`` is told to write epochs=2 or epochs=3, as epochs=2.5
fails too.
Keras notices it deep inside, in words that show no quotes ("Received:
units=64", as if 64 were wrong) or that are Python's own ("'str' object
cannot be interpreted as an integer", "unsupported operand type(s) for /:
'int' and 'str'").  :func:`quoted_number_problem` reads the failing
statement with :mod:`ast` for the quoted numbers it passes, keeps those
that caused the failure (the one Keras's message names, or those a frame
below the student's code still holds as text when Python's message is
about a ``str``) and shows the line without the quotes.  Python's own
words are left out (the message says all they do); Keras's check is
quoted.  A number ``fit`` cannot take even without the quotes
(``epochs="0"``, ``batch_size="-2"``) gets one it takes, and what the
setting means (:func:`._widget_fit_arguments.fit_choices`).
"""

from __future__ import annotations

import ast
import math
import re
import textwrap

from ._analysis import _and
from ._widget_calls import in_block, indented
from ._widget_fit_arguments import fit_choices, fit_meaning
from ._widget_problem import (
    Problem,
    _at,
    _frames_below_student,
    _model_method_frame,
    _statement_span,
    called_name,
    parsed_code,
)

__all__ = ["fixed_code", "quoted_number_problem"]

_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
# Keras's "Received: units=64", "Received kernel_size=3", "Received
# instead: learning_rate=0.01", "Received: input_dim=100 (of type str)"
_RECEIVED = re.compile(r"Received\b[^=\n]*?\b(\w+)=([-+.\w]+)")
_TEXT_SETTINGS = {"name"}  # text by nature, whatever it holds
# settings that take a whole number only: epochs=2.5 fails as "'float'
# object cannot be interpreted as an integer"
_WHOLE = {
    "epochs",
    "initial_epoch",
    "batch_size",
    "steps_per_epoch",
    "validation_steps",
    "validation_batch_size",
    "validation_freq",
    "steps",
    "verbose",
    "units",
    "filters",
    "kernel_size",
    "strides",
    "pool_size",
    "dilation_rate",
    "depth_multiplier",
    "groups",
    "input_dim",
    "output_dim",
    "num_heads",
    "key_dim",
    "value_dim",
    "size",
    "cropping",
    "num_classes",
    "max_tokens",
    "sequence_length",
    "output_sequence_length",
    "patience",
    "seed",
}


def _number(value: str) -> float | None:
    """``value`` as a number if it is one written as text ("2", " 32 ")."""
    if not _NUMBER.fullmatch(value.strip()):
        return None
    return float(value)


def _quoted_numbers(lines: list[str], line: int) -> list[tuple]:
    """``(keyword or None, constant, call)`` for each number in quotes
    given to a call in the statement that holds ``line``."""
    first, last = _statement_span(lines, line)
    try:
        tree = ast.parse("\n".join(lines))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    found = []
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call) or not first <= call.lineno <= last:
            continue
        given = [(None, arg) for arg in call.args]
        given += [(k.arg, k.value) for k in call.keywords if k.arg]
        for keyword, value in given:
            if (
                isinstance(value, ast.Constant)
                and isinstance(value.value, str)
                and _number(value.value) is not None
                and keyword not in _TEXT_SETTINGS
            ):
                found.append((keyword, value, call))
    return sorted(found, key=lambda f: (f[1].lineno, f[1].col_offset))


def _whole_fixes(value: float) -> list[str]:
    """The whole numbers to write for a setting that takes only those: the
    number itself when it is one ("2.0": 2), else the two around it, the
    one below left out when it is below 1 (no epoch at all)."""
    if value == int(value):
        return [str(int(value))]
    below, above = math.floor(value), math.ceil(value)
    return [str(n) for n in (below, above) if n >= 1 or below < 0]


def _held_as(exc, text: str) -> str | None:
    """The parameter of a Keras function below the student's code that
    holds ``text`` (``units`` for ``layers.Dense('64')``), if any."""
    for frame in _frames_below_student(exc):
        code = frame.f_code
        count = code.co_argcount + code.co_kwonlyargcount
        for name in code.co_varnames[:count]:
            value = frame.f_locals.get(name)
            if name != "self" and isinstance(value, str) and value == text:
                return name
    return None


def _about_a_str(exc, raw: str) -> bool:
    """Whether Python's own message says a ``str`` was where it should
    not be ("'str' object cannot be interpreted as an integer")."""
    return isinstance(exc, TypeError) and re.search(r"\bstr\b", raw) is not None


def _received(raw: str) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2).rstrip(".")) for m in _RECEIVED.finditer(raw)]


def _culprits(exc, raw: str, candidates: list[tuple]) -> list[tuple[str, object]]:
    """``(argument name, constant)`` for the quoted numbers that made the
    code fail: the one Keras's message names ("Received: units=64"), or,
    when Python's message is about a ``str``, every one a Keras function
    still holds as text."""
    received = _received(raw)
    found = []
    for keyword, constant, _ in candidates:
        number = _number(constant.value)
        for name, value in received:
            if keyword in (None, name) and _number(value) == number:
                found.append((name, constant))
                break
    if found or not _about_a_str(exc, raw):
        return found
    for keyword, constant, _ in candidates:
        held = _held_as(exc, constant.value)
        if held is not None:
            found.append((keyword or held, constant))
    return found


def _rows(lines: list[str], fixes: list[tuple]) -> dict[int, str]:
    """The lines that hold the constants of ``fixes``, each written as its
    number (``(constant, number)`` pairs), their indentation kept."""
    fixed: dict[int, bytes] = {}
    for constant, number in sorted(fixes, key=lambda f: -f[0].col_offset):
        if constant.end_lineno != constant.lineno:
            continue  # a string written over several lines: left as it is
        row = fixed.get(constant.lineno, lines[constant.lineno - 1].encode())
        fixed[constant.lineno] = (
            row[: constant.col_offset]
            + number.encode()
            + row[constant.end_col_offset :]
        )
    return {n: row.decode() for n, row in sorted(fixed.items())}


def _unquoted(lines: list[str], fixes: list[tuple]) -> dict[int, str]:
    """The lines that hold the constants of ``fixes``, each written as its
    number: ``(constant, number)`` pairs."""
    return {n: row.strip() for n, row in _rows(lines, fixes).items()}


def _long_calls(lines: list[str], fixes: list[tuple]) -> list[int]:
    """The lines of the constants of ``fixes`` given to a call written over
    several lines (``model.fit(`` above, ``epochs="5")`` below)."""
    tree = parsed_code(lines)
    places = {(c.lineno, c.col_offset) for c, _ in fixes}
    return [
        place[0]
        for call in (ast.walk(tree) if tree is not None else ())
        if isinstance(call, ast.Call) and call.lineno != call.end_lineno
        for given in [*call.args, *(k.value for k in call.keywords)]
        if (place := (given.lineno, given.col_offset)) in places
    ]


def _row_shown(lines: list[str], line: int, row: str) -> str:
    """The student's line ``line`` written as ``row``, shown alone: with
    the indentation of its block when it is a statement of its own (in a
    ``for`` or a ``def``), stripped when it is a piece of a longer one (a
    layer's line in ``keras.Sequential([...])``)."""
    if _statement_span(lines, line) == (line, line):
        return in_block(lines, line, row.strip())
    return row.strip()


def fixed_code(lines: list[str], fixes: list[tuple]) -> str:
    """The code to show under a message with the constants of ``fixes``
    (``(constant, number)`` pairs) written as their numbers: the lines
    that hold them, one a row (see :func:`_row_shown`); the whole
    statement, with the indentation of its block, when a call given one is
    written over several lines (not ``epochs=5, verbose=0)`` alone, a
    piece of a call); ``""`` when none could be written in."""
    rows = _rows(lines, fixes)
    long = _long_calls(lines, fixes)
    if not rows or not long:  # not rows: nothing could be written in
        return "\n".join(_row_shown(lines, n, row) for n, row in rows.items())
    first, last = _statement_span(lines, long[0])
    whole = [rows.get(n, lines[n - 1]) for n in range(first, last + 1)]
    return in_block(lines, first, textwrap.dedent("\n".join(whole)).strip())


def _wants(names: list[str], whole: list[bool], not_whole: list[str]) -> str:
    """ "epochs wants a whole number, and 2.5 is not one"; "epochs and rate
    want numbers; epochs only whole ones, and 2.5 is not one"."""
    several = len(names) > 1
    kind = "whole number" if all(whole) else "number"
    wants = f"{_and(names)} {f'want {kind}s' if several else f'wants a {kind}'}"
    if not any(whole):
        return wants
    if not all(whole):
        only = [name for name, w in zip(names, whole) if w]
        wants += f"; {_and(only)} only whole ones"
    if not_whole:
        one = len(not_whole) == 1
        wants += f", and {_and(not_whole)} {'is not one' if one else 'are not'}"
    return wants


def quoted_number_problem(exc, raw: str, line, text, lines=()) -> Problem | None:
    """A number written in quotes (``epochs='2'``, ``layers.Dense("64")``)
    where Keras or Python wanted a number: the setting, that quotes make
    text, and the line without them; a whole number for a setting that
    takes only those (``epochs='2.5'``: epochs=2 or epochs=3)."""
    if line is None or not isinstance(exc, (TypeError, ValueError)):
        return None
    lines = list(lines)
    candidates = _quoted_numbers(lines, line)
    culprits = _culprits(exc, raw, candidates)
    if not culprits:
        return None
    positional = {id(c) for k, c, _ in candidates if k is None}
    to_fit = {id(c) for _, c, call in candidates if called_name(call) == "fit"}
    if _model_method_frame(exc, ("fit",)) is None:
        to_fit = set()
    several = len(culprits) > 1
    shown, fixes, numbers, whole, not_whole, meant = [], [], [], [], [], []
    explained = set()  # the settings whose meaning says what they take
    for name, constant in culprits:
        written = ast.get_source_segment("\n".join(lines), constant) or repr(
            constant.value
        )
        choices, value = [constant.value.strip()], _number(constant.value)
        whole.append(name in _WHOLE)
        if whole[-1]:
            choices = _whole_fixes(value)
            if value != int(value):
                not_whole.append(constant.value.strip())
        if id(constant) in to_fit and fit_choices(name, choices) != choices:
            choices = fit_choices(name, choices)
            meant.append(fit_meaning(name) + ". ")
            explained.add(len(whole) - 1)
        numbers.append((constant, choices[0]))
        if id(constant) in positional:
            shown.append(f"{written} ({name})")
            written_fixes = choices
        else:
            shown.append(f"{name}={written}")
            written_fixes = [f"{name}={n}" for n in choices]
        if several and len(written_fixes) > 1:
            fixes.append(f"{written_fixes[0]} (or {written_fixes[1]})")
        else:
            fixes.append(" or ".join(written_fixes))
    first = culprits[0][1].lineno
    if first != line:
        line, text = first, lines[first - 1].strip()
    fixed = fixed_code(lines, numbers)
    # Python's "'str' object cannot be interpreted as an integer" says
    # nothing more; Keras's "Received: units=64" is its own check
    keras_words = "" if _about_a_str(exc, raw) else f"\nKeras says: {raw}"
    # a setting whose meaning is given ("a whole number, 1 or more") is
    # not also said to want a whole number
    kept = [i for i in range(len(culprits)) if i not in explained]
    wants = _wants(
        [culprits[i][0] for i in kept],
        [whole[i] for i in kept],
        [v for v in not_whole if any(v == culprits[i][1].value.strip() for i in kept)],
    )
    wants = f"{wants}. " if kept else ""
    message = (
        f"{_and(shown)} {'are' if several else 'is'} text (a str, because of "
        f"the quotes){_at(line, text) or '. '}{wants}{''.join(meant)}Write "
        f"{_and(fixes)}, without the quotes:\n{indented(fixed)}{keras_words}"
    )
    return Problem("error", message, line, text, detail=raw)
