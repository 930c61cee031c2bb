"""What the student's code makes, recorded while it runs.

Keras keeps no record of where the student's code created a layer: the
playground wraps Keras for the duration of a run (and only then) to keep
one.  :func:`creation_lines` records the line of the student's code that
creates each layer or model, so that a failure inside a
``keras.Sequential([...])`` written over several lines names the line of
the layer that failed, not the statement's first line.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Iterator

from ._widget_problem import FILENAME


@contextlib.contextmanager
def creation_lines(created: dict) -> Iterator[None]:
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
