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
through ``SIGALRM``; :mod:`kerasteach._widget_timeout` says where it was
stopped.  Layers it creates get the automatic names of a fresh
session (``dense``, ``dense_1``), whatever ran before.  ``input()`` cannot
read the keyboard there: it fails at once with a message instead of waiting.
What the code prints is kept, cleaned (colours removed, progress bars
redrawn as a terminal shows them) and shortened to its last lines for the
widget (:attr:`RunResult.printed`).

The failures are explained by :mod:`kerasteach._widget_explain` (with
the ``_widget_*_problems`` modules for Keras's own), a run that
shows no model by :mod:`kerasteach._widget_no_model`; :class:`Problem`
comes from :mod:`kerasteach._widget_problem`, the printed output's cleaning
from :mod:`kerasteach._widget_printed`, the record of the line that creates
each layer, of the data each subclassed model is first called on and of
each ``model.fit`` call from :mod:`kerasteach._widget_records`.
"""

from __future__ import annotations

import builtins
import contextlib
import math
import numbers
import signal
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ._analysis import _and
from ._widget_explain import _NoKeyboard, explain_exception
from ._widget_fix_indent import in_its_block
from ._widget_no_model import _no_model_problem, not_built_problem
from ._widget_printed import Printed, printed_text
from ._widget_problem import (
    FILENAME,
    Problem,
    _at,
    _clean,
    _created_line,
    _describe,
    _where,
    shorten,
)
from ._widget_records import (
    Created,
    called_shape,
    creation_lines,
    first_calls,
    fit_calls,
)
from ._widget_syntax_problems import syntax_problem
from ._widget_timeout import timeout_problem

__all__ = [
    "Problem",
    "RunResult",
    "run_student_code",
    "check_time_limit",
    "not_built_problem",
    "printed_text",
    "FILENAME",
]
TIME_LIMIT = 60.0  # seconds; building EfficientNetV2L takes about 10


class _TimeLimit(BaseException):
    """Raised inside the student's code when its time is up."""


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
def _plain_warnings() -> Iterator[None]:
    """Warnings printed as their own words (``UserWarning: Do not pass an
    `input_shape` ...``), without the file and line inside Keras that
    raised them, which tell a student nothing."""
    import warnings

    def show(message, category, filename, lineno, file=None, line=None):
        print(f"{category.__name__}: {message}", file=sys.stderr)

    with warnings.catch_warnings():  # restores showwarning afterwards
        warnings.showwarning = show
        yield


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


@dataclass
class RunResult:
    """What a run gave: the ``model`` chosen (in the variable ``variable``,
    made on line ``model_line``), or the ``problem``; what the code printed
    (``stdout`` as written, ``printed`` cleaned and shortened for the
    widget); ``note`` says which model was chosen when there were several;
    ``input_shape`` is the shape of one sample of the data a subclassed
    model was first called on (a list or dict of them for several inputs);
    ``created`` maps the ``id`` of each layer and model the code made to
    where it was made (:class:`~kerasteach._widget_records.Created`); ``fits`` lists the
    ``model.fit`` calls it ran (:class:`~kerasteach._widget_records.FitCall`).
    """

    model: Any = None
    variable: str | None = None
    problem: Problem | None = None
    stdout: str = ""
    namespace: dict = field(default_factory=dict)
    printed: str = ""
    note: str = ""
    model_line: int | None = None
    source_lines: list[str] = field(default_factory=list)
    input_shape: Any = None
    created: dict = field(default_factory=dict)
    fits: list = field(default_factory=list)


def _no_keyboard(prompt: object = "") -> str:
    raise _NoKeyboard("the playground cannot read keyboard input")


def _namespace() -> dict:
    import keras
    import numpy as np

    return {
        "__name__": "__playground__",  # _emit.OWN_CODE_MODULES: used by name
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
        result.problem = syntax_problem(exc, lines)
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
    out = Printed()
    created: dict[int, Created] = {}
    called: dict[int, tuple] = {}
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
            _plain_warnings(),
            fresh_layer_names(),
            creation_lines(created),
            first_calls(called),
            fit_calls(result.fits),
            _time_limit(time_limit),
        ):
            exec(code, namespace)  # noqa: S102 - running the student's code is the point
    except BaseException as exc:  # noqa: BLE001 - the widget must survive anything
        if isinstance(exc, _TimeLimit):
            result.problem = timeout_problem(exc, lines, time_limit)
        elif isinstance(exc, SystemExit):
            line, text = _where(exc, lines)
            result.problem = Problem(
                "error",
                f"Your code called exit(){_at(line, text) or '. '}That ends a "
                "whole Python program, so the playground stopped there. Leave "
                "it out: the playground shows the model when your code ends.",
                line,
                text,
            )
        elif isinstance(exc, KeyboardInterrupt):
            result.problem = Problem("error", "The run was interrupted.")
        else:
            known = tuple(n for n in namespace if not n.startswith("_"))
            try:
                problem = explain_exception(exc, lines, known, created)
                result.problem = in_its_block(problem, lines)
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
            result.input_shape = called_shape(called, model)
            result.created = created
            try:
                result.note = _choice_note(namespace, name, model)
            except Exception:  # noqa: BLE001 - a note is optional
                result.note = ""
    return result
