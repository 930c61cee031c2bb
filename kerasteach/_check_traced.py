"""A subclassed student model that Keras could not give a graph: check()
traces its ``call()`` on the exercise's input shapes, or says why it could
not.

A subclassed model knows its input shape only once it has been called on
data (and not always then: Keras records none when its own trace of
``call()`` fails).  check() does not ask the student for a shape: the
exercise has one, the reference's.  So the answers here speak of that
shape as the exercise's, never as an ``input_shape=`` the student passed,
and they tell a model that was called from one that was not, so that "call
it on data" is not said to someone who did.
"""

from __future__ import annotations

import re

from ._check_result import CheckResult, _wrong
from .errors import KerasTeachError, TraceError

__all__ = ["traced"]

# Keras's InputSpec check, e.g. "Input 0 with name 'None' of layer 'conv2d'
# is incompatible with the layer: expected min_ndim=4, found ndim=2."
_NDIM = re.compile(
    r"of layer '(?P<layer>[^']+)' is incompatible with the layer: "
    r"expected (?:min_|max_)?ndim=(?P<expected>\d+), found ndim=(?P<found>\d+)"
)

# the axes of one sample (without the batch axis): what such data is, and a
# layer that takes it
_DATA = {
    1: ("vectors", "a vector", "Dense"),
    2: ("sequences (steps, features)", "a sequence", "LSTM or Conv1D"),
    3: ("images (height, width, channels)", "an image", "Conv2D"),
    4: ("volumes (depth, height, width, channels)", "a volume", "Conv3D"),
}


def traced(model, shapes: list[tuple]):
    """The graph of a subclassed ``model`` that Keras has no input shape
    for, traced on the reference's input ``shapes``; or why that failed,
    as a :class:`CheckResult`."""
    from ._reader import read_model

    shape = shapes[0] if len(shapes) == 1 else shapes
    try:
        return read_model(model, input_shape=shape)
    except KerasTeachError as exc:
        return _failed(model, exc, shapes)


def _failed(model, exc: KerasTeachError, shapes: list[tuple]) -> CheckResult:
    """Why tracing ``model`` on ``shapes`` failed, with what to do next."""
    shape = shapes[0] if len(shapes) == 1 else shapes
    if len(shapes) == 1:
        wrong_kind = _wrong_kind(model, exc, shapes[0])
        if wrong_kind is not None:
            return wrong_kind
    if getattr(model, "built", False):  # called on data: call() is the problem
        return _wrong(
            "not-a-model",
            f"your model has been called, but its call() cannot be traced, so "
            f"check() cannot read it. {exc}",
            "Change call() as the message says, or build it with "
            "keras.Sequential or with the Functional API.",
        )
    if isinstance(exc, TraceError):  # the message says what to change
        return _wrong(
            "not-built",
            "your model has not been called on data yet, so check() traced its "
            f"call() on inputs of the exercise's shape ({shape!r}): {exc}",
            "Change call() as the message says, then run the cell that makes "
            "the model again and check it again.",
        )
    samples = [f"np.zeros((1, {', '.join(map(str, s))}))" for s in shapes]
    sample = samples[0] if len(samples) == 1 else f"[{', '.join(samples)}]"
    return _wrong(
        "not-built",
        "your model has not been called on data yet, and calling it on "
        f"inputs of the exercise's shape ({shape!r}) failed: {exc}",
        f"Call it once on data of the exercise's shape, e.g. model({sample}), "
        "and fix what that call says.",
    )


def _wrong_kind(model, exc: BaseException, shape: tuple) -> CheckResult | None:
    """A model made for other data than the exercise's (a CNN, whose
    Conv2D wants images, for an exercise on vectors), told in plain words
    when Keras's own message says so; else None."""
    cause = exc.__cause__ or exc
    match = _NDIM.search(str(cause))
    if match is None:
        return None
    expected = int(match["expected"]) - 1  # without the batch axis
    found = int(match["found"]) - 1
    if found != len(shape) or found < 1:
        return None
    who, layer = _layer_words(model, match["layer"])
    wants = _DATA.get(expected, (f"samples with {expected} axes", "", ""))[0]
    plural, one, fits = _DATA.get(found, (f"samples with {found} axes", "", ""))
    is_a = f", {one} of {shape[0]} numbers" if found == 1 else ""
    use = f" (for {plural.split(' (')[0]}, e.g. {fits})" if fits else ""
    return _wrong(
        "input-shape",
        f"your layer {who} expects {wants}, but each sample of the exercise "
        f"has shape {shape!r}{is_a}, so your model does not fit this "
        "exercise's data.",
        f"Build your model for inputs of shape {shape!r}: use layers that take "
        f"such data in place of {who}{use}, as the exercise asks; or, if it "
        "asks you to change the shape first, start call() with a "
        "keras.layers.Reshape layer.",
        layer,
    )


def _layer_words(model, name: str) -> tuple[str, str | None]:
    """The layer Keras named ``name`` as the student wrote it,
    ``self.c1 (Conv2D)`` (``layer 'conv2d' (Conv2D)`` when no attribute of
    the model holds it), and its name (None when it is not found)."""
    from ._reader_attributes import layer_attributes

    attributes = layer_attributes(model)
    for layer in _all_layers(model):
        if layer.name == name:
            cls = type(layer).__name__
            held = attributes.get(id(layer))
            said = f"self.{held}" if held else f"'{name}'"
            return f"{said} ({cls})", name
    return f"'{name}'", None


def _all_layers(model):
    """``model``'s layers, and those of the models nested in it."""
    for layer in getattr(model, "layers", None) or []:
        yield layer
        yield from _all_layers(layer)
