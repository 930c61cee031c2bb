"""``layers.Lambda(np.linalg.norm)``: a NumPy function Keras refuses before
the layer exists.

``Lambda`` reads the arguments of the function it gets, and Python cannot
read those of most NumPy functions that are not ufuncs (``np.linalg.norm``,
``np.clip``, ``np.sinc``), so Keras raises ``TypeError: unsupported
callable`` on the student's line and no model is made.  A ufunc
(``np.abs``) gets past that and fails later, which the reader explains
(:mod:`kerasteach._reader_numpy`); the reader's words are used here too, so
both say the same: NumPy functions do not work on the tensors inside a
model, and Keras's function of the same name does.
"""

from __future__ import annotations

import re

from ._reader_numpy import numpy_lambda_advice
from ._widget_problem import Problem, _at, _frames_below_student

__all__ = ["numpy_lambda_problem"]


def numpy_lambda_problem(exc, raw: str, line, text) -> Problem | None:
    """The Problem for ``layers.Lambda(<NumPy function>)`` refused by
    Keras's ``Lambda.__init__``; None for any other error."""
    import keras

    if not isinstance(exc, TypeError):
        return None
    for frame in _frames_below_student(exc):
        layer = frame.f_locals.get("self")
        if frame.f_code.co_name != "__init__" or not isinstance(
            layer, keras.layers.Lambda
        ):
            continue
        found = numpy_lambda_advice(frame.f_locals.get("function"))
        if found is None:
            return None
        written, keras_name, advice = found
        message = (
            f"layers.Lambda({written}) gives a Lambda layer a NumPy function"
            f"{_at(line, text) or '. '}{advice}"
        )
        fixed = _fixed(text, written, keras_name)
        if fixed is not None:
            message += f"\n    {fixed}"
        return Problem("error", message, line, text, detail=raw)
    return None


def _fixed(text: str | None, written: str, keras_name: str | None) -> str | None:
    """The student's line with Keras's function in place of NumPy's, when
    the line names NumPy's as ``np.<path>`` or ``numpy.<path>``."""
    if text is None or keras_name is None or not written.startswith("np."):
        return None
    path = re.escape(written[len("np.") :])
    fixed, count = re.subn(rf"\b(?:np|numpy)\.{path}\b", keras_name, text.strip())
    return fixed if count else None
