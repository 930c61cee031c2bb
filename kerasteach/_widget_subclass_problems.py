"""Read the model a run shows, and say in the playground's words why not.

:func:`read_shown_model` reads the model a run of the playground shows
(:func:`kerasteach.read_model`) and, when it cannot, gives a
:class:`~kerasteach._widget_problem.Problem` instead.  kerasteach's own
messages for a subclassed model it cannot read advise ``input_shape=``, an
argument of kerasteach's functions that the playground does not have; the
messages here say what to write in the text area instead, on the line of
the student's class: an ``__init__`` that never calls
``super().__init__()`` (the line of ``def __init__``), a ``call()`` that
takes each input as its own argument or requires ``training`` (the line of
``def call``), and a ``call()`` that cannot run on placeholder tensors (the
line that fails, explained by :mod:`kerasteach._widget_trace_problems`, or
``model.build((8,))`` without the batch axis, on its line, by
:mod:`kerasteach._widget_build_shape`; the model is traced on the shape
of the data it was first called on,
:attr:`~kerasteach._widget_run.RunResult.input_shape`).  A model that is
not built yet is explained by
:func:`kerasteach._widget_no_model.not_built_problem`.
:func:`forgotten_super_init_problem` explains, for
:mod:`kerasteach._widget_explain`, a layer or model without
``super().__init__()`` that the code calls.
"""

from __future__ import annotations

import inspect
import traceback
from typing import TYPE_CHECKING

from ._reader_checks import is_subclassed
from ._reader_subclass import call_inputs
from ._widget_build_shape import build_without_batch_problem, sample_build_problem
from ._widget_call_def_problems import (
    _takes_no_self,
    no_self_problem,
    required_argument_problem,
)
from ._widget_no_model import not_built_problem
from ._widget_problem import (
    Problem,
    _at,
    _defined_at,
    _frames_below_student,
    shorten,
)
from ._widget_subclass_names import forward_problem
from ._widget_trace_problems import trace_problem
from ._widget_value_problems import activation_type_problem

if TYPE_CHECKING:  # only for a type hint: _widget_run imports _widget_no_model
    from ._widget_run import RunResult


def read_shown_model(result: RunResult):
    """``(graph, None)`` for the model ``result`` shows, or ``(None,
    problem)`` saying what to write so that it can be read."""
    from ._reader import read_model
    from ._reader_subclass import no_super_init, required_arguments
    from .errors import KerasTeachError, NotBuiltError, TraceError

    model = result.model
    typed = activation_type_problem(result)
    if typed is not None:
        return None, typed
    if no_super_init(model) is not None:
        return None, _no_super_init_problem(result)
    forward = forward_problem(type(model), result.source_lines)
    if forward is not None:
        return None, forward
    if is_subclassed(model) and _takes_no_self(type(model)):
        return None, no_self_problem(type(model), result.source_lines)
    required = required_arguments(model) if is_subclassed(model) else []
    if required:  # model(x) fails, and so would the advice to call it
        return None, required_argument_problem(
            type(model), required, result.source_lines
        )
    if is_subclassed(model) and len(call_inputs(model)) > 1:
        return None, _several_inputs_problem(result)
    built = sample_build_problem(result) if is_subclassed(model) else None
    if built is not None:
        return None, built
    try:
        return read_model(model), None
    except NotBuiltError as exc:
        if not (is_subclassed(model) and result.input_shape is not None):
            built = build_without_batch_problem(result, str(exc))
            return None, built or not_built_problem(result, exc)
        # called on data, but Keras could not record the shape: trace call()
        # on the data's shape, to find the line that stops it
        try:
            return read_model(model, input_shape=result.input_shape), None
        except TraceError as traced:
            return None, trace_problem(result, traced)
        except KerasTeachError:
            return None, not_built_problem(result, exc)
    except TraceError as exc:
        built = build_without_batch_problem(result, str(exc))
        return None, built or trace_problem(result, exc)
    except KerasTeachError as exc:
        return None, Problem("kerasteach", shorten(str(exc), 1200))


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
    names = call_inputs(model)
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
