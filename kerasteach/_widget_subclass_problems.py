"""Read the model a run shows, and say in the playground's words why not.

:func:`read_shown_model` reads the model a run of the playground shows
(:func:`kerasteach.read_model`) and, when it cannot, gives a
:class:`~kerasteach._widget_problem.Problem` instead.  kerasteach's own
messages for a subclassed model it cannot read advise ``input_shape=``, an
argument of kerasteach's functions that the playground does not have; the
messages here say what to write in the text area instead, on the line of
the student's class: an ``__init__`` that never calls
``super().__init__()`` (the line of ``def __init__``), a ``call()`` that
takes each input as its own argument (the line of ``def call``), and a
``call()`` that cannot be traced because of a Python ``if`` on a tensor
(the line of the ``if``; the model is traced on the shape of the data it
was first called on, :attr:`~kerasteach._widget_run.RunResult.input_shape`).
A model that is not built yet is explained by
:func:`kerasteach._widget_no_model.not_built_problem`.  The same ``if``
run on data, where the tensor holds several values, fails in the student's
code itself: :func:`tensor_if_problem` explains it for
:mod:`kerasteach._widget_explain`, as :func:`forgotten_super_init_problem`
does a layer or model without ``super().__init__()`` that the code calls.
"""

from __future__ import annotations

import inspect
import re
import traceback
from typing import TYPE_CHECKING

from ._reader_checks import is_subclassed
from ._widget_no_model import not_built_problem
from ._widget_problem import (
    FILENAME,
    Problem,
    _at,
    _frames_below_student,
    _line_text,
    _shape_of,
    _student_tb,
    shorten,
)

if TYPE_CHECKING:  # only for a type hint: _widget_run imports _widget_no_model
    from ._widget_run import RunResult

# parameters of call() that Keras fills in itself, not inputs
_NOT_INPUTS = ("training", "mask")


def read_shown_model(result: RunResult):
    """``(graph, None)`` for the model ``result`` shows, or ``(None,
    problem)`` saying what to write so that it can be read."""
    from ._reader import read_model
    from ._reader_subclass import no_super_init
    from .errors import KerasTeachError, NotBuiltError, TraceError

    model = result.model
    if no_super_init(model) is not None:
        return None, _no_super_init_problem(result)
    if is_subclassed(model) and len(_call_inputs(model)) > 1:
        return None, _several_inputs_problem(result)
    try:
        return read_model(model), None
    except NotBuiltError as exc:
        if not (is_subclassed(model) and result.input_shape is not None):
            return None, not_built_problem(result, exc)
        # called on data, but Keras could not record the shape: trace call()
        # on the data's shape, to find the line that stops it
        try:
            return read_model(model, input_shape=result.input_shape), None
        except TraceError as traced:
            return None, _trace_problem(result, traced)
        except KerasTeachError:
            return None, not_built_problem(result, exc)
    except TraceError as exc:
        return None, _trace_problem(result, exc)
    except KerasTeachError as exc:
        return None, Problem("kerasteach", shorten(str(exc), 1200))


def _call_inputs(model) -> list[str]:
    from ._reader_subclass import call_inputs

    return [n for n in call_inputs(model) if n not in _NOT_INPUTS]


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


def _no_super_init_problem(result: RunResult) -> Problem:
    """``__init__`` without ``super().__init__()``: Keras never set the
    model up, so nothing of it can be read."""
    return _super_init_problem(type(result.model), result.source_lines)


def forgotten_super_init_problem(exc, raw: str, line, text, lines=()):
    """A layer or model whose ``__init__`` forgot ``super().__init__()``,
    used anyway: Keras refuses it when it is called, or misses its name in
    a ``keras.Sequential``, on the line of the code that uses it; the line
    to change is the ``def __init__``."""
    import keras

    from ._reader_subclass import no_super_init

    owners = [getattr(exc, "obj", None) if isinstance(exc, AttributeError) else None]
    owners += [frame.f_locals.get("self") for frame in _frames_below_student(exc)]
    # an object still in its __init__ (Dense checking its units before
    # super().__init__()) is not set up yet either, and that is no mistake
    building = {
        id(frame.f_locals.get("self"))
        for frame, _ in traceback.walk_tb(exc.__traceback__)
        if frame.f_code.co_name == "__init__"
    }
    for owner in owners:
        if (
            isinstance(owner, keras.layers.Layer)
            and id(owner) not in building
            and no_super_init(owner)
        ):
            return _super_init_problem(type(owner), list(lines), raw)
    return None


def _super_init_problem(cls, lines: list[str], raw: str = "") -> Problem:
    """What to add to ``cls.__init__``, on its line of the student's code."""
    import keras

    line, text = _defined_at(cls.__init__, lines)
    extra = next(
        (
            p.name
            for p in inspect.signature(cls.__init__).parameters.values()
            if p.kind is p.VAR_KEYWORD
        ),
        None,
    )
    call = f"super().__init__(**{extra})" if extra else "super().__init__()"
    header = text if text and text.endswith(":") else "def __init__(self):"
    noun = "model" if issubclass(cls, keras.Model) else "layer"
    message = (
        f"{cls.__name__}.__init__ does not call super().__init__()"
        f"{_at(line, text) or '. '}"
        f"Without it Keras never sets the {noun} up, so it cannot be used or "
        f"shown. Make {call} the first line of __init__:\n"
        f"    {header}\n"
        f"        {call}\n"
        "        ..."
    )
    return Problem("kerasteach", message, line, text, detail=raw)


def _several_inputs_problem(result: RunResult) -> Problem:
    """``def call(self, a, b)``: Keras gives a model one input, so the
    model can be neither called nor read as written."""
    model = result.model
    cls = type(model).__name__
    names = _call_inputs(model)
    listed = ", ".join(names)
    data = ", ".join(f"{n}_data" for n in names)
    variable = result.variable or "model"
    line, text = _defined_at(type(model).call, result.source_lines)
    message = (
        f"{cls}.call() takes {len(names)} inputs ({listed})"
        f"{_at(line, text) or '. '}"
        "Keras gives a model one input: a tensor, or one list (or dict) of "
        "tensors for several inputs. Write call() with one argument and "
        "unpack it:\n"
        "    def call(self, inputs):\n"
        f"        {listed} = inputs\n"
        "        ...\n"
        "Then call the model once on example data, one list with a batch "
        "for each input, so that it is built:\n"
        f"    {variable}([{data}])\n"
        f"({data}: your arrays, or np.zeros((1, 8)) for each input whose "
        "samples have 8 numbers.)"
    )
    return Problem("kerasteach", message, line, text)


def _trace_problem(result: RunResult, exc: BaseException) -> Problem:
    """``call()`` cannot run on symbolic tensors (``exc``, a
    :class:`~kerasteach.errors.TraceError`, comes from the error it
    raised): the line of ``call()`` that raised it; for a Python ``if`` on
    a tensor, what to write instead."""
    cause = exc.__cause__ or exc
    tb = _student_tb(cause)
    line = tb.tb_lineno if tb is not None else None
    text = _line_text(result.source_lines, line)
    if tb is None or not _used_as_bool(tb):
        return Problem(
            "kerasteach", shorten(str(exc), 1200), line, text, detail=str(cause)
        )
    message = (
        f"{type(result.model).__name__}.call() uses {_condition(text)}"
        f"{_at(line, text) or '. '}"
        "That works when the model runs on data, but the playground reads the "
        "model by running call() once on placeholder tensors, which have a "
        "shape and no values yet: Python cannot decide which way to go, so "
        f"the model cannot be traced. {_INSTEAD}"
    )
    return Problem("kerasteach", message, line, text, detail=str(cause))


_INSTEAD = (
    "Choose between values with keras.ops.where(condition, a, b), or between "
    "two computations with keras.ops.cond(condition, true_fn, false_fn); or "
    "move the decision out of call(): an if on a Python setting (an "
    "attribute set in __init__) is fine."
)


def _condition(text: str | None) -> str:
    """The condition as the line writes it: "a Python if on a tensor"."""
    word = re.match(r"\s*(if|elif|while)\b", text or "")
    if word:
        return f"a Python {word.group(1)} on a tensor"
    return "a tensor as True or False (if, while, and, or, not)"


def tensor_if_problem(exc, raw: str, line, text) -> Problem | None:
    """A Python ``if`` on a tensor of several values in a layer's or a
    model's method, run on data: Python cannot tell whether it is true."""
    import keras

    if not isinstance(exc, (ValueError, TypeError, RuntimeError)):
        return None
    lowered = raw.lower()
    if not any(w in lowered for w in ("truth value", "ambiguous", "boolean")):
        return None
    tb = _student_tb(exc)
    if tb is None or not re.match(r"\s*(if|elif|while)\b", text or ""):
        return None
    owner = tb.tb_frame.f_locals.get("self")
    if not isinstance(owner, keras.layers.Layer):
        return None
    if tb.tb_next is not None and not _used_as_bool(tb):
        return None  # raised further down, not by the condition itself
    # (no entry below: the tensor's __bool__ is written in C, as PyTorch's)
    method = tb.tb_frame.f_code.co_name
    message = (
        f"{type(owner).__name__}.{method}() uses {_condition(text)}"
        f"{_at(line, text) or '. '}"
        "The tensor holds many values (one for each sample, or more), so "
        "Python cannot tell whether it is True or False; and where Keras "
        "traces the model on placeholder tensors, it has no values at all. "
        f"{_INSTEAD}"
    )
    return Problem("error", message, line, text, detail=raw)


def _used_as_bool(tb) -> bool:
    """Whether the student's line (traceback entry ``tb``) failed when
    Python asked a tensor for True or False: the next entry is the tensor's
    ``__bool__`` (a symbolic ``KerasTensor`` refuses; a tensor of data
    refuses when it holds several values)."""
    below = tb.tb_next
    if below is None:
        return False
    frame = below.tb_frame
    return (
        frame.f_code.co_name == "__bool__"
        and _shape_of(frame.f_locals.get("self")) is not None
    )
