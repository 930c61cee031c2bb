"""Read the model a run shows, and say in the playground's words why not.

:func:`read_shown_model` reads the model a run of the playground shows
(:func:`kerasteach.read_model`) and, when it cannot, gives a
:class:`~kerasteach._widget_problem.Problem` instead.  kerasteach's own
messages for a subclassed model it cannot read are written for its
functions, not for the playground's text area; the messages here say what
to write, on the line of the student's class: an ``__init__`` that never
calls ``super().__init__()`` (the line of ``def __init__``), and a
``call()`` that takes each input as its own argument (the line of ``def
call``; kerasteach's message advises ``input_shape=``, which the
playground does not have).  A model that is not built yet is explained by
:func:`kerasteach._widget_no_model.not_built_problem`.
"""

from __future__ import annotations

import inspect
import re
from typing import TYPE_CHECKING

from ._widget_no_model import not_built_problem
from ._widget_problem import (
    FILENAME,
    Problem,
    _at,
    _line_text,
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
    from .errors import KerasTeachError, NotBuiltError

    model = result.model
    if no_super_init(model) is not None:
        return None, _no_super_init_problem(result)
    if _is_subclassed(model) and len(_call_inputs(model)) > 1:
        return None, _several_inputs_problem(result)
    try:
        return read_model(model), None
    except NotBuiltError as exc:
        return None, not_built_problem(result, exc)
    except KerasTeachError as exc:
        return None, Problem("kerasteach", shorten(str(exc), 1200))


def _is_subclassed(model) -> bool:
    import keras
    from keras.src.models.functional import Functional

    return not isinstance(model, (keras.Sequential, Functional))


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
    cls = type(result.model)
    line, text = _defined_at(cls.__init__, result.source_lines)
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
    message = (
        f"{cls.__name__}.__init__ does not call super().__init__()"
        f"{_at(line, text) or '. '}"
        "Without it Keras never sets the model up, so it cannot be used or "
        f"shown. Make {call} the first line of __init__:\n"
        f"    {header}\n"
        f"        {call}\n"
        "        ..."
    )
    return Problem("kerasteach", message, line, text)


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
