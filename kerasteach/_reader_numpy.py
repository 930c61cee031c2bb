"""A NumPy function given to a layer as a setting: ``Lambda(np.abs)``,
``Dense(3, activation=np.tanh)``, ``Activation(np.sqrt)``.

Such a layer is built, and ``model(x)`` on one array may even work, but
NumPy functions work on NumPy arrays, not on the tensors inside a Keras
model: ``predict()`` fails on TensorFlow and JAX, ``fit()`` cannot train
through it, Keras cannot save it (its ``get_config()`` fails on a NumPy
ufunc) and cannot work out a ``Lambda``'s output shape without an
``output_shape=``.  No code can rebuild a model that works, so the message
says which layer and setting, and names Keras's version of the function,
``keras.ops.abs``, which has the NumPy name and works on every backend.
A lambda that calls NumPy (``Lambda(lambda t: np.mean(t, axis=-1))``) is
saved as bytecode, and its code gets a placeholder to fill in like any
lambda; :func:`numpy_calls` names the NumPy functions it calls, so the note
can say which Keras ones to write there.

Part of the reader (:mod:`kerasteach._reader`), the only place that
touches Keras internals.
"""

from __future__ import annotations

from ._defaults import constructor_settings

__all__ = ["numpy_calls", "numpy_message", "numpy_unconnected_message"]

_DRAWING = " Drawing the model, explain() and check() work without it."
_WHY = (
    "NumPy functions work on NumPy arrays, not on the tensors inside a "
    "Keras model: the model cannot be trained or saved with it"
)


def numpy_message(op) -> str | None:
    """Why ``op``'s config cannot be saved when one of its settings is a
    NumPy function, and what to use instead; None otherwise."""
    found = _numpy_setting(op)
    if found is None:
        return None
    key, name = found
    return (
        f"Layer {op.name!r} ({type(op).__name__}) has {key}=np.{name}, a "
        f"NumPy function. {_WHY}, so kerasteach cannot write code that "
        f"rebuilds this layer. {_instead(op, key, name)}{_DRAWING}"
    )


def numpy_unconnected_message(model, shape_from: str) -> str | None:
    """For a Sequential model Keras could not connect for ``shape_from``
    because one of its layers holds a NumPy function; None otherwise."""
    for op in getattr(model, "_layers", None) or ():
        found = _numpy_setting(op)
        if found is None:
            continue
        key, name = found
        return (
            f"Keras could not connect the layers of the Sequential model "
            f"{model.name!r} for {shape_from}: layer {op.name!r} "
            f"({type(op).__name__}) has {key}=np.{name}, a NumPy function, "
            f"and Keras cannot work out the shape of its output. {_WHY}. "
            f"{_instead(op, key, name)}"
        )
    return None


def numpy_calls(op) -> tuple[tuple[str, str | None], ...]:
    """``(("mean", "keras.ops.mean"),)``: the NumPy functions the lambda of
    ``Lambda`` layer ``op`` calls, as ``np.mean(...)`` or by a name imported
    from NumPy, each with Keras's function of that name (or None)."""
    import keras
    import numpy as np

    fn = getattr(op, "function", None) if type(op).__name__ == "Lambda" else None
    code = getattr(fn, "__code__", None)
    if code is None or getattr(fn, "__name__", "") != "<lambda>":
        return ()
    known = getattr(fn, "__globals__", {})
    uses_np = any(known.get(n) is np for n in code.co_names)
    found: list[str] = []
    for n in code.co_names:
        if n in known:  # a global: np itself, or mean from numpy import mean
            name = None if known[n] is np else _numpy_name(known[n])
        else:  # an attribute: mean of np.mean
            name = n if uses_np and callable(getattr(np, n, None)) else None
        if name is not None and name not in found:
            found.append(name)
    return tuple(
        (n, f"keras.ops.{n}" if callable(getattr(keras.ops, n, None)) else None)
        for n in found
    )


def _instead(op, key: str, name: str) -> str:
    """``Use keras.ops.abs ...``: Keras's function of the same name, or how
    to write one when Keras has none."""
    import keras

    if not callable(getattr(keras.ops, name, None)):
        return (
            "Write the computation in a function defined with def that "
            "uses keras.ops functions (keras.ops.mean, keras.ops.sqrt, ...), "
            f"and pass {key}=that function."
        )
    if type(op).__name__ == "Lambda" and key == "function":
        example = f"layers.Lambda(keras.ops.{name})"
    else:
        example = f"{key}=keras.ops.{name}"
    return (
        f"Use Keras's version, keras.ops.{name}, which works the same on "
        f"NumPy arrays and on Keras tensors: {example}."
    )


def _numpy_setting(op) -> tuple[str, str] | None:
    """``(setting, NumPy name)`` of the first setting of ``op`` that is a
    NumPy function, e.g. ``("function", "abs")``; None if there is none."""
    for key, value in constructor_settings(op):
        name = _numpy_name(value)
        if name is not None:
            return key, name
    return None


def _numpy_name(value) -> str | None:
    """The name ``value`` has in NumPy when it is a NumPy function: of its
    names (``np.abs`` is ``np.absolute``), one Keras also has, the shortest
    first, as the student most likely wrote it; None for anything else."""
    import keras
    import numpy as np

    if isinstance(value, type) or not callable(value):
        return None
    module = getattr(value, "__module__", None) or ""
    if not isinstance(value, np.ufunc) and module.partition(".")[0] != "numpy":
        return None
    names = [n for n in dir(np) if not n.startswith("_") and _is(np, n, value)]
    if not names:
        return getattr(value, "__name__", None)
    return min(names, key=lambda n: (not hasattr(keras.ops, n), len(n), n))


def _is(module, name: str, value) -> bool:
    try:
        return getattr(module, name) is value
    except Exception:  # noqa: BLE001 - a deprecated alias that raises
        return False
