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
A function of a NumPy module is named by its path (``np.linalg.norm``,
Keras's ``keras.ops.linalg.norm``); Keras's function is named only when
``keras.ops`` has one at that path (``keras.ops.fft`` is not
``np.fft.fft``), and NumPy's random numbers by ``keras.random``'s function
of the same name (``np.random.normal``: ``keras.random.normal``; Keras has
no ``keras.ops.random``, nor a ``randn``); a function for NumPy's masked
arrays (``np.ma.exp``) by Keras's of its name (``keras.ops.exp``), as
Keras tensors have no mask.  A lambda that calls NumPy (``Lambda(lambda t:
np.mean(t, axis=-1))``) is saved as bytecode, and its code gets a
placeholder to fill in like any lambda; :func:`numpy_calls` reads that
bytecode for the NumPy functions it loads (``np.mean``, not
``keras.ops.max`` or ``t.sum``), so the note can say which Keras ones to
write there.

Part of the reader (:mod:`kerasteach._reader`), the only place that
touches Keras internals.
"""

from __future__ import annotations

from ._defaults import constructor_settings

__all__ = [
    "numpy_calls",
    "numpy_lambda_advice",
    "numpy_message",
    "numpy_unconnected_message",
]

_DRAWING = " Drawing the model, explain() and check() work without it."
_WHY = (
    "NumPy functions work on NumPy arrays, not on the tensors inside a "
    "Keras model: the model cannot be trained or saved with it"
)


def numpy_message(op) -> str | None:
    """Why ``op``'s config cannot be saved when one of its settings is a
    NumPy function, and what to use instead; None otherwise."""
    found = _numpy_holder(op)
    if found is None:
        return None
    holder, (key, name, held) = found
    head = f"Layer {op.name!r} ({type(op).__name__})"
    if holder is not op:
        head += f" wraps layer {holder.name!r} ({type(holder).__name__}), which"
    return (
        f"{head} has {held}. {_WHY}, so kerasteach cannot write code that "
        f"rebuilds this layer. {_instead(type(holder).__name__, key, name)}{_DRAWING}"
    )


def _numpy_holder(op, depth: int = 0):
    """``(layer, what _numpy_setting found)`` for ``op``, or for a layer it
    wraps (``TimeDistributed(Dense(3, activation=np.tanh))``), whose
    setting is a NumPy function; None when there is none."""
    import keras

    found = _numpy_setting(op)
    if found is not None:
        return op, found
    if depth >= 3:  # a wrapper of a wrapper of a wrapper: deep enough
        return None
    for _, value in constructor_settings(op):
        if isinstance(value, keras.layers.Layer) and value is not op:
            inner = _numpy_holder(value, depth + 1)
            if inner is not None:
                return inner
    return None


def numpy_unconnected_message(model, shape_from: str) -> str | None:
    """For a Sequential model Keras could not connect for ``shape_from``
    because one of its layers holds a NumPy function; None otherwise."""
    for op in getattr(model, "_layers", None) or ():
        found = _numpy_setting(op)
        if found is None:
            continue
        key, name, held = found
        return (
            f"Keras could not connect the layers of the Sequential model "
            f"{model.name!r} for {shape_from}: layer {op.name!r} "
            f"({type(op).__name__}) has {held}, and Keras cannot work out "
            f"the shape of its output. {_WHY}. {_instead(type(op).__name__, key, name)}"
        )
    return None


def numpy_lambda_advice(function) -> tuple[str, str | None, str] | None:
    """``("np.linalg.norm", "keras.ops.linalg.norm", why and what to
    use)`` for a NumPy function given to ``layers.Lambda``, which Keras
    refuses before a layer exists when it cannot read the function's
    arguments (``np.linalg.norm``, ``np.clip``: "unsupported callable");
    Keras's function is None when it has none.  None for anything else."""
    if not _is_numpy_function(function):
        return None
    name = _numpy_name(function)
    own = getattr(function, "__name__", None)
    written = f"np.{name}" if name is not None else f"the NumPy function {own!r}"
    keras_name = _keras_function(name) if name is not None else None
    return written, keras_name, f"{_WHY}. {_instead('Lambda', 'function', name)}"


def numpy_calls(op) -> tuple[tuple[str, str | None], ...]:
    """``(("mean", "keras.ops.mean"),)``: the NumPy functions the lambda of
    ``Lambda`` layer ``op`` calls, as ``np.mean(...)``,
    ``np.linalg.norm(...)`` or by a name imported from NumPy, each by its
    path in NumPy with Keras's function of that path (or None;
    ``("random.normal", "keras.random.normal")``).  Empty when
    the lambda's bytecode cannot be read: no note rather than a wrong one."""
    fn = getattr(op, "function", None) if type(op).__name__ == "Lambda" else None
    if getattr(fn, "__code__", None) is None or fn.__name__ != "<lambda>":
        return ()
    try:
        found = _lambda_numpy_paths(fn)
    except Exception:  # noqa: BLE001 - bytecode of another Python
        return ()
    return tuple((path, _keras_function(path)) for path in found)


def _lambda_numpy_paths(fn) -> list[str]:
    """The NumPy paths (``"mean"``, ``"linalg.norm"``) of the functions
    ``fn``'s code (and the code nested in it) loads: an attribute chain
    read straight off a name bound to NumPy or one of its modules
    (``np.linalg.norm``), or a name bound to a NumPy function (``from numpy
    import mean``).  ``t.sum()`` or ``keras.ops.max(t)`` is not NumPy's."""
    import dis
    import types

    scope = dict(fn.__globals__)
    for name, cell in zip(fn.__code__.co_freevars, fn.__closure__ or ()):
        try:
            scope[name] = cell.cell_contents
        except ValueError:  # a cell not filled in yet
            continue
    found: list[str] = []
    codes = [fn.__code__]
    while codes:
        code = codes.pop(0)
        codes += [c for c in code.co_consts if isinstance(c, types.CodeType)]
        loaded = None  # (NumPy module, its path as written) just loaded
        for ins in dis.get_instructions(code):
            path = None
            if ins.opname in _LOAD_NAME and ins.argval in scope:
                value = scope[ins.argval]
                loaded = _module_path(value)
                path = None if loaded else _numpy_name(value)
            elif ins.opname in _LOAD_ATTR and loaded is not None:
                module, prefix = loaded
                value = _attr(module, ins.argval)
                written = None if prefix is None else f"{prefix}{ins.argval}"
                loaded = _module_path(value, written and f"{written}.")
                if not loaded and _is_numpy_function(value):
                    path = written or _numpy_name(value)
            else:
                loaded = None
            if path is not None and path not in found:
                found.append(path)
    return found


_LOAD_NAME = ("LOAD_GLOBAL", "LOAD_NAME", "LOAD_DEREF", "LOAD_CLASSDEREF")
_LOAD_ATTR = ("LOAD_ATTR", "LOAD_METHOD")
# where a NumPy function a student passes is public, NumPy's own first
_PLACES = ("", "linalg", "fft", "random", "emath", "ma")


def _module_path(value, written: str | None = None):
    """``(module, "linalg.")`` when ``value`` is NumPy or one of its modules,
    with the path to write before its functions' names (``written`` when
    reached as an attribute, None when that path is not public); else None."""
    import types

    if not isinstance(value, types.ModuleType):
        return None
    parts = value.__name__.split(".")
    if parts[0] != "numpy":
        return None
    if written is None and not any(p.startswith("_") for p in parts):
        written = "".join(f"{p}." for p in parts[1:])
    return value, written


def _instead(class_name: str, key: str, name: str | None) -> str:
    """``Use keras.ops.abs ...``: Keras's function of the same name, or how
    to write one when Keras has none."""
    keras_name = _keras_function(name) if name is not None else None
    if name is not None and name.startswith(_RANDOM):  # not a drop-in
        named = keras_name or "keras.random.normal, keras.random.uniform, ..."
        return (
            f"Keras makes random numbers with keras.random functions ({named}), "
            f"{_SHAPE}: write the computation in a function defined with def "
            f"that uses them, and pass {key}=that function."
        )
    if keras_name is None:
        return (
            "Write the computation in a function defined with def that "
            "uses the keras.ops functions that do the same (keras.ops.mean, "
            f"keras.ops.sqrt, ...), and pass {key}=that function."
        )
    if class_name == "Lambda" and key == "function":
        example = f"layers.Lambda({keras_name})"
    else:
        example = f"{key}={keras_name}"
    return (
        f"Use Keras's version, {keras_name}, which works the same on "
        f"NumPy arrays and on Keras tensors: {example}."
    )


_RANDOM = "random."  # NumPy's random numbers: Keras has them in keras.random
_MASKED = "ma."  # NumPy's functions for masked arrays (np.ma.exp)
# how keras.random's functions differ from np.random's of the same name
_SHAPE = "which take the shape of the result as shape= where NumPy's take size="


def _keras_function(path: str) -> str | None:
    """``"keras.ops.linalg.norm"`` when Keras has a function at NumPy's
    ``path`` under ``keras.ops``, ``"keras.random.normal"`` for
    ``"random.normal"`` when ``keras.random`` has it; None when Keras has
    none there."""
    import keras

    value, module = keras.ops, "keras.ops"
    if path.startswith(_RANDOM):
        value, module, path = keras.random, "keras.random", path[len(_RANDOM) :]
    elif path.startswith(_MASKED):  # a tensor has no mask: np.ma.exp is exp
        path = path[len(_MASKED) :]
    for part in path.split("."):
        value = _attr(value, part)
    if isinstance(value, type) or not callable(value):
        return None
    return f"{module}.{path}"


def _numpy_setting(op) -> tuple[str, str | None, str] | None:
    """``(setting, NumPy path, how the message names both)`` of the first
    setting of ``op`` that is a NumPy function, e.g. ``("function", "abs",
    "function=np.abs, a NumPy function")``; None if there is none."""
    for key, value in constructor_settings(op):
        if not _is_numpy_function(value):
            continue
        name = _numpy_name(value)
        if name is not None:
            return key, name, f"{key}=np.{name}, a NumPy function"
        own = getattr(value, "__name__", None)
        named = f" named {own!r}" if isinstance(own, str) else ""
        return key, None, f"{key} set to a NumPy function{named}"
    return None


def _is_numpy_function(value) -> bool:
    import numpy as np

    if isinstance(value, type) or not callable(value):
        return False
    module = getattr(value, "__module__", None) or ""
    return isinstance(value, np.ufunc) or module.partition(".")[0] == "numpy"


def _numpy_name(value) -> str | None:
    """The path ``value`` has in NumPy when it is a NumPy function
    (``"abs"``, ``"linalg.norm"``): of its names in the first public module
    that has it (``np.abs`` is ``np.absolute``), one Keras also has, the
    shortest first, as the student most likely wrote it; None for anything
    else, and for a NumPy function found in none of those modules."""
    import numpy as np

    if not _is_numpy_function(value):
        return None
    for place in _PLACES:
        module = _attr(np, place) if place else np
        if module is None:
            continue
        prefix = f"{place}." if place else ""
        paths = [
            f"{prefix}{n}"
            for n in dir(module)
            if not n.startswith("_") and _attr(module, n) is value
        ]
        if paths:
            return min(paths, key=lambda p: (_keras_function(p) is None, len(p), p))
    return None


def _attr(value, name: str):
    """``getattr(value, name)``, None when it raises (a deprecated alias)."""
    try:
        return getattr(value, name, None)
    except Exception:  # noqa: BLE001 - a deprecated alias that raises
        return None
