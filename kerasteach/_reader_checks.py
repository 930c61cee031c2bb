"""What the reader checks, or builds, before it reads a model.

* the kind of model: :func:`is_functional` and :func:`is_subclassed` say
  how the reader reads it (the playground and ``check()`` ask the same);
* the value given: :func:`not_a_model` says what to pass instead of
  ``None``, a layer, a file name, ... (it lives in
  :mod:`kerasteach._not_a_model`; what a subclassed model needs is in
  :mod:`kerasteach._reader_subclass`);
* ``input_shape``: :func:`checked_input_shape` holds it to ``keras.Input``'s
  rules; :func:`build_sequential` builds a Sequential model for it and leaves
  the model as it was when Keras refuses the shape;
* each layer's config: a layer without ``get_config()`` gets an
  :class:`UnknownConfig`, so that drawing and explaining still work and only
  code generation, which needs the config, says what to add.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Mapping

from ._defaults import signature_info
from ._not_a_model import not_a_model, what_it_is
from ._reader_numpy import numpy_message, numpy_unconnected_message
from ._reader_passthrough import passthrough_message
from ._reader_unsaved import keras_class_message, partial_message
from .errors import InputShapeError, NotBuiltError, UnsupportedValueError

__all__ = [
    "is_functional",
    "is_subclassed",
    "not_a_model",
    "what_it_is",
    "checked_input_shape",
    "build_sequential",
    "single_input_shape",
    "has_input",
    "unconnected",
    "symbolic_inputs",
    "config_of",
    "UnknownConfig",
]


def is_functional(model) -> bool:
    """Whether ``model`` is read as a Functional graph (``keras.Model(inputs,
    outputs)``, or a subclass that calls it so)."""
    from keras.src.models.functional import Functional

    return isinstance(model, Functional) and hasattr(model, "_nodes")


def is_subclassed(model) -> bool:
    """Whether ``model`` is read by tracing its ``call()``: neither a
    ``keras.Sequential`` nor a Functional model."""
    import keras

    return not isinstance(model, keras.Sequential) and not is_functional(model)


def single_input_shape(input_shape) -> None:
    """Refuse a list or dict of shapes (``input_shape`` as checked) for a
    Sequential model, whether it is built or not."""
    if input_shape is not None and not isinstance(input_shape, tuple):
        raise InputShapeError(
            "A Sequential model has one input, so input_shape must be one "
            f"shape, e.g. input_shape=(100,). Received: {input_shape!r:.80}."
        )


def build_sequential(model, input_shape) -> None:
    """``model.build((None, *input_shape))``, leaving the model as it was
    when Keras refuses the shape: Keras has by then put an ``InputLayer`` of
    the refused shape in front of the layers, and a later build with the
    right shape would fail on it."""
    single_input_shape(input_shape)
    saved = (list(model._layers), model.built, model._functional)

    def restore():
        model._layers, model.built, model._functional = saved

    try:
        model.build((None, *input_shape))
    except Exception as exc:  # noqa: BLE001 - Keras refused the shape
        restore()
        passthrough = passthrough_message(model)
        if passthrough is not None:  # not the shape: a layer Keras cannot place
            raise NotBuiltError(passthrough) from exc
        first = (str(exc).strip().splitlines() or [""])[0].rstrip(".")
        raise InputShapeError(
            f"Keras could not build the Sequential model {model.name!r} with "
            f"input_shape={input_shape!r}: {type(exc).__name__}: {first}. "
            "Check that input_shape is the shape of one sample (without the "
            "batch axis) as the first layer expects it, e.g. (28, 28, 1) for "
            "28x28 grey images going into a Conv2D."
        ) from exc
    if getattr(model, "_functional", None) is None:  # Keras gave up quietly
        restore()
        raise unconnected(model, f"input_shape={input_shape!r}")


def has_input(model) -> bool:
    """Whether a Sequential model starts with keras.Input and has layers."""
    import keras

    layers = getattr(model, "_layers", None) or []
    return len(layers) > 1 and isinstance(layers[0], keras.layers.InputLayer)


def late_input(model):
    """``(shape, layer_before)`` when a Sequential model's keras.Input comes
    after a layer (``shape``: the Input's, without the batch axis), else
    ``None``.  Keras takes the input shape only from a keras.Input that
    comes first, and keeps a later one as a layer that never builds."""
    import keras

    layers = list(getattr(model, "_layers", None) or [])
    for n, layer in enumerate(layers):
        if n and isinstance(layer, keras.layers.InputLayer):
            return tuple(layer.batch_shape[1:]), layers[n - 1]
    return None


def late_input_error(model) -> NotBuiltError | None:
    """What to do about a keras.Input after a layer (:func:`late_input`)."""
    found = late_input(model)
    if found is None:
        return None
    shape, before = found
    return NotBuiltError(
        f"The Sequential model {model.name!r} has its keras.Input(shape="
        f"{shape!r}) after layer {before.name!r} ({type(before).__name__}), so "
        "it does not know its input shape: Keras reads the shape only from a "
        "keras.Input that comes first. Create the model again with keras.Input "
        f"first, keras.Sequential([keras.Input(shape={shape!r}), ...]), or make "
        "model.add(keras.Input(...)) the first add."
    )


def unconnected(model, shape_from: str) -> NotBuiltError:
    numpy = numpy_unconnected_message(model, shape_from)
    if numpy is not None:  # Lambda(np.abs): Keras cannot place a NumPy function
        return NotBuiltError(numpy)
    return NotBuiltError(
        f"Keras could not connect the layers of the Sequential model "
        f"{model.name!r} for {shape_from}: one of its layers cannot work out "
        "the shape of its output without real data (its call() or "
        "compute_output_shape() raised NotImplementedError). Give that layer "
        "a call() that works on keras.Input tensors, or a "
        "compute_output_shape() method."
    )


def symbolic_inputs(input_shape):
    import keras

    if isinstance(input_shape, dict):
        return {k: keras.Input(shape=v, name=k) for k, v in input_shape.items()}
    if isinstance(input_shape, list):
        return [keras.Input(shape=s) for s in input_shape]
    return keras.Input(shape=input_shape)


def checked_input_shape(input_shape):
    """``input_shape`` as a tuple of sizes (or a list or dict of them), or a
    :class:`InputShapeError` that says what to write instead.

    These are ``keras.Input``'s rules, except that a size must be at least 1
    (a size of 0 would build layers without weights): a plain number is not
    a shape (``keras.Input(shape=5)`` fails too), so ``input_shape=5`` is
    answered with "write input_shape=(5,)".
    """
    if input_shape is None:
        return None
    if isinstance(input_shape, dict):
        return {k: one_shape(v, f"input_shape[{k!r}]") for k, v in input_shape.items()}
    if (
        isinstance(input_shape, list)
        and input_shape
        and all(isinstance(s, (list, tuple)) for s in input_shape)
    ):
        return [one_shape(s, f"input_shape[{i}]") for i, s in enumerate(input_shape)]
    if (
        isinstance(input_shape, tuple)
        and input_shape
        and all(isinstance(s, (list, tuple)) for s in input_shape)
    ):
        as_list = repr([tuple(s) for s in input_shape])
        raise InputShapeError(
            "input_shape expected the shape of one sample, without the batch "
            "axis, such as (100,) or (28, 28, 1); for a model with several "
            "inputs, a list with one shape for each input. Received: "
            f"input_shape={input_shape!r:.80}, a tuple of shapes. Write the "
            f"shapes in square brackets: input_shape={as_list:.80}."
        )
    return one_shape(input_shape, "input_shape")


def one_shape(shape, where: str) -> tuple:
    def refused(hint: str = "") -> InputShapeError:
        return InputShapeError(
            f"{where} expected the shape of one sample, without the batch "
            "axis: a tuple of sizes such as (100,) or (28, 28, 1). Received: "
            f"{where}={shape!r:.80}." + (f" {hint}" if hint else "")
        )

    if isinstance(shape, numbers.Integral) and not isinstance(shape, bool):
        raise refused(
            "A shape is a tuple, even with a single size: write "
            f"{where}=({int(shape)},)."
        )
    if isinstance(shape, str):
        sizes = [s.strip() for s in shape.strip(" ()[]").split(",") if s.strip()]
        if sizes and all(s.isdigit() and int(s) > 0 for s in sizes):
            fixed = f"({', '.join(sizes)}{',' if len(sizes) == 1 else ''})"
            raise refused(f"Write the sizes without quotes: {where}={fixed}.")
        raise refused()
    if not isinstance(shape, (list, tuple)):
        raise refused()
    sizes = []
    for size in shape:
        if size is None:
            sizes.append(None)
        elif (
            isinstance(size, numbers.Integral)
            and not isinstance(size, bool)
            and size >= 1
        ):
            sizes.append(int(size))
        else:
            raise refused(
                "Each size must be a whole number of at least 1 (or None for "
                f"a size that varies); {size!r:.40} is not."
            )
    return tuple(sizes)


def config_of(op):
    """``op.get_config()``, or an :class:`UnknownConfig` when it fails, or
    when a setting is a NumPy function: Keras saves ``np.tanh`` not at all,
    but ``np.ma.exp`` or ``np.random.normal`` as a name no code can load,
    and none of them works in a model (:func:`numpy_message` says so)."""
    try:
        config = op.get_config()
    except Exception as exc:  # noqa: BLE001 - only the code needs the config
        return UnknownConfig(op, exc)
    numpy = numpy_message(op)
    return config if numpy is None else UnknownConfig(op, message=numpy)


class UnknownConfig(Mapping):
    """The config of a layer whose ``get_config()`` failed, or that holds a
    NumPy function (:func:`config_of`).

    Drawing, :func:`kerasteach.explain` and :func:`kerasteach.check` work
    without a layer's config; only code that rebuilds the layer needs it.
    So the graph is read anyway, and this mapping raises
    :class:`UnsupportedValueError` (naming the layer, its class and the fix)
    whenever something reads it.
    """

    def __init__(
        self, op, error: BaseException | None = None, message: str | None = None
    ):
        self.layer_name = op.name
        self.class_name = type(op).__name__
        self.message = message or missing_config_message(op, error)

    def __getitem__(self, key):
        raise UnsupportedValueError(self.message)

    def __iter__(self):
        raise UnsupportedValueError(self.message)

    def __len__(self):
        raise UnsupportedValueError(self.message)

    def __eq__(self, other):
        return self is other

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        return f"<unknown config of {self.layer_name!r} ({self.class_name})>"


def missing_config_message(op, error: BaseException) -> str:
    known = partial_message(op) or numpy_message(op)  # a setting is the cause,
    if known is None and not isinstance(error, NotImplementedError):
        known = keras_class_message(op, error)  # or Keras's class
    if known is not None:
        return known
    cls = type(op).__name__
    head = f"Layer {op.name!r} ({cls}) "
    if isinstance(error, NotImplementedError):
        head += (
            "has no get_config(), and Keras could not record the arguments "
            "its __init__() received (they are not plain values such as "
            "numbers, strings or lists), "
        )
    else:
        first = (str(error).strip().splitlines() or [""])[0]
        first = re.sub(r" at 0x[0-9a-fA-F]+", "", first)  # no memory address
        head += (
            f"has a get_config() that fails ({type(error).__name__}: {first:.120}), "
        )
    required, defaults, _ = signature_info(type(op))
    names = [n for n in (*required, *defaults) if n != "name"][:3] or ["arg1"]

    arrays = [  # written as lists, which code can hold
        n
        for n in names
        if hasattr(getattr(op, n, None), "shape")
        and hasattr(getattr(op, n, None), "dtype")
    ]
    entries = ", ".join(
        f'"{n}": np.asarray(self.{n}).tolist()' if n in arrays else f'"{n}": self.{n}'
        for n in names
    )
    note = ""
    if arrays:
        n = arrays[0]
        note = (
            f"As the layer is rebuilt from that list, store {n} as an array "
            f"in __init__: self.{n} = np.asarray({n}). "
        )
    return (
        head + "so kerasteach cannot write code that rebuilds it. Give "
        f"{cls} a get_config() that returns its constructor arguments as "
        "plain values:\n\n"
        "    def get_config(self):\n"
        "        config = super().get_config()\n"
        f"        return {{**config, {entries}}}\n\n"
        f"{note}Drawing the model, explain() and check() work without it."
    )
