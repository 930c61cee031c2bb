"""The errors kerasteach raises.

Every error is a :class:`KerasTeachError`, itself a ``ValueError``, and every
message says what was expected, what was received and what to do instead.
"""

from __future__ import annotations

__all__ = [
    "KerasTeachError",
    "NotBuiltError",
    "InputShapeError",
    "NotSequentialError",
    "TraceError",
    "LambdaLayerError",
    "UnsupportedValueError",
    "DrawingError",
    "NotAModelError",
    "UnknownOptionError",
]


class KerasTeachError(ValueError):
    """Base class of every error kerasteach raises on purpose."""


class NotBuiltError(KerasTeachError):
    """The model has no known input shape, so its graph does not exist yet,
    or the ``input_shape`` given for it is not a shape it can be built for
    (then it is an :class:`InputShapeError`)."""


class InputShapeError(NotBuiltError):
    """The ``input_shape`` given cannot be used: it is not the shape of one
    sample (``input_shape=100``), Keras cannot build the model for it, or
    the model already has input shapes of its own that ``input_shape``
    cannot change (a Functional model's ``keras.Input``, a built Sequential
    model, a ModelGraph already read).  A :class:`NotBuiltError`, as it
    was before it had its own name, so ``except NotBuiltError`` still
    catches it."""


class NotSequentialError(KerasTeachError):
    """The model is not a single chain, so it has no Sequential form.

    ``reasons`` holds every :class:`kerasteach.graph.Reason`, each naming the
    layers involved.
    """

    def __init__(self, model_name: str, reasons):
        self.model_name = model_name
        self.reasons = tuple(reasons)
        lines = [
            f"Model {model_name!r} cannot be written with keras.Sequential: "
            "Sequential code needs a single chain of layers, one input and "
            "one output.",
        ]
        lines += [f"  - {reason.message}" for reason in self.reasons]
        lines.append("Use kerasteach.to_functional_code(model) instead.")
        super().__init__("\n".join(lines))


class TraceError(KerasTeachError):
    """A subclassed model's ``call`` could not be traced into a graph."""


class LambdaLayerError(KerasTeachError):
    """A Lambda layer's function cannot be turned into code (strict mode)."""


class UnsupportedValueError(KerasTeachError):
    """A configuration value has no safe Python literal form."""


class DrawingError(KerasTeachError):
    """A drawing option is not valid for this model."""


class NotAModelError(KerasTeachError, TypeError):
    """What was given is not a Keras model (a ``TypeError`` too, as Python
    raises for an argument of the wrong type)."""


class UnknownOptionError(DrawingError, TypeError):
    """A keyword that is no drawing option of ``draw()`` or the widget: a
    :class:`DrawingError`, and a ``TypeError`` as Python raises for any
    unexpected keyword."""
