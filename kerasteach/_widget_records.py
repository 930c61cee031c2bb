"""What the student's code makes, recorded while it runs.

Keras keeps no record of where the student's code created a layer: the
playground wraps Keras for the duration of a run (and only then) to keep
one.  :func:`creation_lines` records the line of the student's code that
creates each layer or model, so that a failure inside a
``keras.Sequential([...])`` written over several lines names the line of
the layer that failed, not the statement's first line.  :func:`first_calls`
records the shape of the data each subclassed model was first called on
(:func:`called_shape`), which Keras does not keep when the model's
``call()`` cannot run on symbolic tensors (a Python ``if`` on a tensor):
with it the playground can trace ``call()`` and name the line that stops
it.  :func:`fit_calls` records each ``model.fit`` the code ran (its
arguments, line and whether it returned), which Keras keeps nowhere: a
``fit`` that trained on labels that do not match the model, or with
``epochs=0``, returns without a word, and the notes
(:mod:`kerasteach._widget_fit_notes`) read the record afterwards.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from ._reader_checks import is_subclassed
from ._widget_problem import FILENAME, _shape_of


class Created(NamedTuple):
    """Where the student's code made one Keras layer or model (see
    :func:`creation_lines`): the object, the ``code`` object and ``line``
    that made it, and whether the student's code made it itself
    (``direct``: not Keras, in a call such as ``model.save``).  Read it by
    field name: a field added later must not shift the others."""

    obj: Any
    code: Any
    line: int
    direct: bool


@contextlib.contextmanager
def creation_lines(created: dict) -> Iterator[None]:
    """Inside, record the line of the student's code that creates each Keras
    layer or model: ``created[id(obj)]`` is a :class:`Created`, where
    ``direct`` says that the student's code made it itself (not Keras, in a
    call of the student's such as ``model.save`` or ``load_model``).

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
            # own methods (a subclass's __init__ calling super().__init__());
            # the first frame outside them says who made the object: the
            # student's code, or Keras (a reference Layer() that model.save
            # makes, the layers of a loaded model)
            direct = True
            while frame is not None:
                own = frame.f_locals.get("self") is self
                if not own and frame.f_code.co_filename == FILENAME:
                    break
                direct = direct and own
                frame = frame.f_back
            if frame is not None:
                created[id(self)] = Created(self, frame.f_code, frame.f_lineno, direct)
            del frame
        except Exception:  # noqa: BLE001 - a record is optional
            pass
        return original(self, *args, **kwargs)

    # Operation.__new__ reads the __init__ of an op that has none of its own
    # (x + y makes ops.Add) with inspect.signature, which follows
    # __wrapped__, and with getfullargspec, which does not: both must see
    # the original's parameters, or it looks for the *args it never bound
    # (KeyError: 'args').
    __init__.__signature__ = inspect.signature(original)
    operation.__init__ = __init__
    try:
        yield
    finally:
        operation.__init__ = original


def _sample_shapes(value):
    """The shape of one sample of ``value`` (an array or tensor), or a list or
    dict of them for several inputs; ``None`` for anything else."""
    if isinstance(value, dict) and value:
        shapes = {key: _sample_shapes(item) for key, item in value.items()}
        return None if None in shapes.values() else shapes
    if isinstance(value, (list, tuple)) and value:
        listed = [_sample_shapes(item) for item in value]
        ok = all(isinstance(s, tuple) for s in listed)
        return listed if ok else None
    shape = _shape_of(value)
    return shape[1:] if shape is not None and len(shape) >= 2 else None


@contextlib.contextmanager
def first_calls(called: dict) -> Iterator[None]:
    """Inside, record what each subclassed Keras model is first called on
    (and returns from): ``called[id(model)] = (model, shapes)``, the shape
    of one sample of its input (see :func:`_sample_shapes`).

    The record comes from ``keras.Model.__call__``, wrapped for the
    duration of the run only.
    """
    try:
        import keras

        model_class = keras.Model
        own = model_class.__dict__.get("__call__")  # None: Layer.__call__
        original = model_class.__call__
    except Exception:  # noqa: BLE001 - another Keras layout: no record
        yield
        return

    @functools.wraps(original)
    def __call__(self, *args, **kwargs):
        outputs = original(self, *args, **kwargs)
        try:
            if id(self) not in called and is_subclassed(self):
                first = args[0] if args else kwargs.get("inputs")
                shapes = _sample_shapes(first)
                if shapes is not None:
                    called[id(self)] = (self, shapes)
        except Exception:  # noqa: BLE001 - a record is optional
            pass
        return outputs

    model_class.__call__ = __call__
    try:
        yield
    finally:
        if own is None:
            del model_class.__call__
        else:
            model_class.__call__ = own


def called_shape(called: dict, model):
    """The shapes ``model`` was first called on (see :func:`first_calls`),
    or ``None``."""
    entry = called.get(id(model))
    return entry[1] if entry is not None and entry[0] is model else None


FIT_RECORDS = 20  # a fit in a loop: its first calls are enough for notes


@dataclass
class FitCall:
    """One ``model.fit`` the student's code ran: the ``model``, its
    ``arguments`` by name (defaults filled in), the ``line`` of the
    student's code that called it, and whether it returned
    (``finished``)."""

    model: Any
    arguments: dict
    line: int | None
    finished: bool = False


def _student_line() -> int | None:
    """The line of the student's code running now (the innermost)."""
    frame = sys._getframe(2)
    while frame is not None and frame.f_code.co_filename != FILENAME:
        frame = frame.f_back
    return None if frame is None else frame.f_lineno


@contextlib.contextmanager
def fit_calls(fits: list) -> Iterator[None]:
    """Inside, record each ``model.fit`` call in ``fits``, a
    :class:`FitCall` (the first :data:`FIT_RECORDS` of them).

    The record comes from ``keras.Model.fit``, wrapped for the duration of
    the run only.  The wrapper's frame has neither the name ``fit`` nor a
    ``self``: the explanations of a failing fit look for Keras's own
    ``fit`` frame by both
    (:func:`~kerasteach._widget_problem._model_method_frame`).
    """
    try:
        import keras

        model_class = keras.Model
        own = model_class.__dict__.get("fit")  # None: the trainer's fit
        original = model_class.fit
        signature = inspect.signature(original)
    except Exception:  # noqa: BLE001 - another Keras layout: no record
        yield
        return

    def recorded_fit(trained, *args, **kwargs):
        call = None
        try:
            if len(fits) < FIT_RECORDS:
                bound = signature.bind(trained, *args, **kwargs)
                bound.apply_defaults()
                arguments = dict(bound.arguments)
                arguments.pop("self", None)
                call = FitCall(trained, arguments, _student_line())
                fits.append(call)
        except Exception:  # noqa: BLE001 - a record is optional (and a
            call = None  # wrong argument fails in Keras's own fit)
        history = original(trained, *args, **kwargs)
        if call is not None:
            call.finished = True
        return history

    model_class.fit = functools.wraps(original)(recorded_fit)
    try:
        yield
    finally:
        if own is None:
            del model_class.fit
        else:
            model_class.fit = own
