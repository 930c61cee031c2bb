"""What the reader checks, or builds, before it reads a model.

* the value given: :func:`not_a_model` says what to pass instead of
  ``None``, a layer, a file name, ...; :func:`no_super_init` what to add
  to a subclass whose ``__init__`` never calls ``super().__init__()``;
* ``input_shape``: :func:`checked_input_shape` holds it to ``keras.Input``'s
  rules; :func:`build_sequential` builds a Sequential model for it and leaves
  the model as it was when Keras refuses the shape;
* each layer's config: a layer without ``get_config()`` gets an
  :class:`UnknownConfig`, so that drawing and explaining still work and only
  code generation, which needs the config, says what to add.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping

from ._defaults import signature_info
from .errors import NotBuiltError, UnsupportedValueError

__all__ = [
    "not_a_model",
    "what_it_is",
    "no_super_init",
    "checked_input_shape",
    "build_sequential",
    "has_input",
    "unconnected",
    "symbolic_inputs",
    "config_of",
    "UnknownConfig",
]


def not_a_model(value) -> str:
    """What was expected, what was received, and what to do instead."""
    received, advice = what_it_is(value)
    return (
        "kerasteach expected a Keras model (keras.Sequential, keras.Model or a "
        f"subclass). Received: {received}. {advice}"
    )


def what_it_is(value) -> tuple[str, str]:
    """For a value that is not a model: what it is, in a few words, and
    what to pass instead."""
    import keras

    if value is None:
        return "None", (
            "Check that the cell that makes the model ran, and that a "
            "function that builds it ends with `return model`."
        )
    if isinstance(value, type) and issubclass(value, keras.Model):
        return f"the class {value.__name__} itself, not a model made with it", (
            f"Make one first (model = {value.__name__}(...)) and pass the model."
        )
    if isinstance(value, type) and issubclass(value, keras.layers.Layer):
        return f"the layer type {value.__name__}, not a model", (
            "Make a layer with it and put it in a model: keras.Sequential(["
            f"keras.Input(shape=...), layers.{value.__name__}(...)])."
        )
    if isinstance(value, keras.layers.Layer):
        return f"a {type(value).__name__} layer", (
            "Wrap it in a model: keras.Sequential([keras.Input(shape=...), layer])."
        )
    if isinstance(value, keras.KerasTensor):
        return "a tensor (the output of a layer)", (
            "Make a model of the inputs and outputs first: "
            "keras.Model(inputs=inputs, outputs=outputs)."
        )
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of {len(value)} item(s)", (
            "For a list of layers, make a model of it: keras.Sequential(["
            "keras.Input(shape=...), *layers])."
        )
    if isinstance(value, dict):
        keys = list(value)
        shown = ", ".join(map(repr, keys[:4])) + (", ..." if len(keys) > 4 else "")
        first = repr(keys[0]) if keys else "'name'"
        return f"a dict (keys: {shown or 'none'})", (
            "Pass the model itself, not the dict that holds it: take it out by "
            f"its key, e.g. your_dict[{first}]."
        )
    if isinstance(value, str):
        return f"the text {value!r:.80}", (
            "For a saved model, load it first: keras.saving.load_model(path)."
        )
    if callable(value) and getattr(value, "__name__", "<")[0] != "<":
        name = value.__name__
        return f"the function {name}, not the model it makes", (
            f"Call it and pass what it returns: {name}() (with its arguments, "
            "if it takes any)."
        )
    if hasattr(value, "shape") and hasattr(value, "dtype"):
        shape = tuple(getattr(value, "shape", ()))
        return f"an array of shape {shape!r:.60} (data, not a model)", (
            "Pass the model that the data goes into."
        )
    return f"{type(value).__name__} {value!r:.80}", "Pass a Keras model."


def no_super_init(model) -> str | None:
    """What to add when ``model``'s class has an ``__init__`` that never
    called ``super().__init__()`` (Keras never set the model up: it has no
    name, no ``built``, and every attribute kerasteach reads fails), else
    ``None``.  Keras's own test: ``Layer.__init__`` unlocks ``_lock``."""
    if not getattr(model, "_lock", True):
        return None
    cls = type(model).__name__
    return (
        f"{cls}.__init__ does not call super().__init__(), so Keras never set "
        "the model up. Make super().__init__() the first line of __init__:\n\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        ..."
    )


def build_sequential(model, input_shape) -> None:
    """``model.build((None, *input_shape))``, leaving the model as it was
    when Keras refuses the shape: Keras has by then put an ``InputLayer`` of
    the refused shape in front of the layers, and a later build with the
    right shape would fail on it."""
    if not isinstance(input_shape, tuple):
        raise NotBuiltError(
            "A Sequential model has one input, so input_shape must be one "
            f"shape, e.g. input_shape=(100,). Received: {input_shape!r:.80}."
        )
    saved = (list(model._layers), model.built, model._functional)

    def restore():
        model._layers, model.built, model._functional = saved

    try:
        model.build((None, *input_shape))
    except Exception as exc:  # noqa: BLE001 - Keras refused the shape
        restore()
        first = (str(exc).strip().splitlines() or [""])[0].rstrip(".")
        raise NotBuiltError(
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


def unconnected(model, shape_from: str) -> NotBuiltError:
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
    :class:`NotBuiltError` that says what to write instead.

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
        raise NotBuiltError(
            "input_shape expected the shape of one sample, without the batch "
            "axis, such as (100,) or (28, 28, 1); for a model with several "
            "inputs, a list with one shape for each input. Received: "
            f"input_shape={input_shape!r:.80}, a tuple of shapes. Write the "
            f"shapes in square brackets: input_shape={as_list:.80}."
        )
    return one_shape(input_shape, "input_shape")


def one_shape(shape, where: str) -> tuple:
    def refused(hint: str = "") -> NotBuiltError:
        return NotBuiltError(
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
    """``op.get_config()``, or an :class:`UnknownConfig` when it fails."""
    try:
        return op.get_config()
    except Exception as exc:  # noqa: BLE001 - only the code needs the config
        return UnknownConfig(op, exc)


class UnknownConfig(Mapping):
    """The config of a layer whose ``get_config()`` failed.

    Drawing, :func:`kerasteach.explain` and :func:`kerasteach.check` work
    without a layer's config; only code that rebuilds the layer needs it.
    So the graph is read anyway, and this mapping raises
    :class:`UnsupportedValueError` (naming the layer, its class and the fix)
    whenever something reads it.
    """

    def __init__(self, op, error: BaseException):
        self.layer_name = op.name
        self.class_name = type(op).__name__
        self.message = missing_config_message(op, error)

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


def no_input_shape_message(model) -> str:
    """Why a subclassed model without a known input shape cannot be read."""
    cls = type(model).__name__
    if not model.built:
        return (
            f"The subclassed model {model.name!r} ({cls}) has not been built, "
            "so kerasteach does not know the shape of its input. Call it once "
            "on data (model(x)), or give it the shape of one sample of your "
            "data (100 below is only an example): build it (model.build((None, "
            "100))), or pass input_shape=(100,) to kerasteach."
        )
    # Keras records the shape only when call() also runs on symbolic
    # inputs; when it does not, calling the model on data still works.
    return (
        f"The subclassed model {model.name!r} ({cls}) has been called, but "
        "Keras did not record the shape of its input: its call() could not "
        "run on symbolic inputs (placeholders with a shape but no values), "
        "which happens with a Python 'if' on a tensor value or a NumPy "
        "function. Pass the shape of one example, without the batch axis, to "
        "kerasteach (e.g. input_shape=(100,)): it then says what in call() "
        "stops it."
    )


def call_inputs(model) -> list[str]:
    """The names of the inputs ``model.call`` requires (its positional
    parameters without a default)."""
    import inspect

    try:
        signature = inspect.signature(type(model).call)
    except (TypeError, ValueError):
        return []
    kinds = (
        inspect.Parameter.POSITIONAL_ONLY,
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
    )
    return [
        p.name
        for p in list(signature.parameters.values())[1:]
        if p.kind in kinds and p.default is inspect.Parameter.empty
    ]


def _several_shapes(input_shape, count: int) -> str:
    """``[(3,), (3,)]``: the shapes given when there are ``count``, else an
    example with the first one given (or ``(3,)``) for each input."""
    if isinstance(input_shape, list) and len(input_shape) == count:
        return repr(input_shape)
    first = input_shape if isinstance(input_shape, tuple) else (3,)
    return repr([first] * count)


def several_inputs_message(model, names: list[str], input_shape=None) -> str:
    """What to write when ``call()`` takes each input as its own argument:
    Keras passes a model one input (a tensor, or a list of them)."""
    cls = type(model).__name__
    listed = ", ".join(names)
    return (
        f"{cls}.call() takes {len(names)} inputs ({listed}), but Keras passes a "
        "model one input: a tensor, or one list of tensors for several inputs. "
        "Write call() with one argument and unpack it:\n\n"
        "    def call(self, inputs):\n"
        f"        {listed} = inputs\n"
        "        ...\n\n"
        "Then call the model on one list (model(["
        f"{', '.join(f'{n}_data' for n in names)}])); kerasteach's functions "
        "take the shape of one sample of each input as a list too, e.g. "
        f"input_shape={_several_shapes(input_shape, len(names))}."
    )


def trace_error_message(model, exc: BaseException, input_shape=None) -> str:
    """Why ``model.call`` could not be traced: the error, the line of the
    student's code it came from, and what to write instead."""
    cls = type(model).__name__
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    names = call_inputs(model)
    if (
        len(names) > 1
        and isinstance(exc, TypeError)
        and "required positional argument" in text
    ):
        return several_inputs_message(model, names, input_shape)
    message = f"kerasteach could not trace {cls}.call() on symbolic inputs:"
    where = _user_frame(exc)
    if where is not None:
        message += f" line {where.lineno} of {where.name}()"
        message += f", `{where.line.strip()}`," if where.line else ""
        message += " raised"
    message += f" {type(exc).__name__}: {text.rstrip('.')}. "
    if "as a boolean" in text:
        return message + (
            "A Python 'if' (or 'while', 'and', 'or', 'not') on a tensor needs "
            "its value, which exists only when the model runs on data, so the "
            "model cannot be traced. Choose values with keras.ops.where("
            "condition, a, b) instead, or use an 'if' on a Python setting "
            "(an attribute set in __init__)."
        )
    if "NumPy" in text or "numpy" in text:
        return message + (
            "NumPy cannot work on symbolic tensors: use the keras.ops function "
            "of the same name (keras.ops.mean for np.mean, keras.ops.exp for "
            "np.exp), which works on both."
        )
    if "Iterating over a symbolic KerasTensor" in text and isinstance(
        input_shape, tuple
    ):
        return message + (
            f"call() unpacks its input into several tensors, but kerasteach "
            f"traced it with one input, input_shape={input_shape!r}. For a model "
            "with several inputs, pass a list with one shape for each, e.g. "
            "input_shape=[(3,), (3,)]."
        )
    if "is incompatible with the layer" in text:
        return message + (
            f"kerasteach traced call() with input_shape={input_shape!r}. Check "
            "that it is the shape of one sample, without the batch axis, as call() "
            "expects it; for a model with several inputs, pass a list with one "
            "shape for each, e.g. input_shape=[(3,), (3,)]."
        )
    return message + (
        "A subclassed model can be read only when its call() uses Keras "
        "layers and keras.ops (no NumPy, no Python 'if' on tensor values). "
        "Rewrite those parts with keras.ops, or build the model with the "
        "Functional API."
    )


def _user_frame(exc: BaseException):
    """The innermost frame of ``exc``'s traceback in the student's code (not
    in Python, Keras, a backend, NumPy or kerasteach), or None."""
    import os
    import sys
    import sysconfig
    import traceback

    skip = [sysconfig.get_paths()["stdlib"], os.path.dirname(__file__)]
    for name in ("keras", "tensorflow", "jax", "torch", "numpy", "optree"):
        module = sys.modules.get(name)
        if module is not None and getattr(module, "__file__", None):
            skip.append(os.path.dirname(module.__file__))
    skip = [os.path.normcase(os.path.realpath(p)) + os.sep for p in skip]
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        path = frame.filename
        if path.startswith("<frozen"):
            continue
        real = (
            os.path.normcase(os.path.realpath(path)) if os.path.exists(path) else path
        )
        if not any(real.startswith(p) for p in skip):
            return frame
    return None
