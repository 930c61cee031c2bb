"""Where a function a layer holds can be imported from, by its public name.

A layer's config names a function it holds (an ``activation``) the way
Keras saves it, and that is not always code: ``keras.ops.sin`` is saved as
``{"module": "builtins", "config": "sin"}``, a name no code defines, and
``keras.ops.gelu`` as ``"gelu"``, which is ``keras.activations.gelu``, whose
``approximate`` default differs (so does ``jax.nn.gelu``'s, saved as
``"gelu"`` too).  The live function is at hand while the model is read, so
the reader looks up its public name (:func:`public_function`:
``keras.ops.sin``, ``tf.math.sin``, ``jax.nn.gelu``, never a private
``keras.src`` or ``jax._src`` module)
and records it for each config key whose saved form does not give that
function back (:func:`written_functions`).  The code writer writes those
keys by that name; the config itself, which check() compares, is left alone.

Part of the reader (:mod:`kerasteach._reader`), the only place that
touches Keras internals.
"""

from __future__ import annotations

import builtins
import inspect
import sys

from ._defaults import resolve_class

__all__ = ["importable_function", "public_function", "written_functions"]

# JAX has no record of its public names: its functions are looked for in
# these modules, the ones ``import jax`` makes (``jax.nn.gelu``), in order
_JAX_MODULES = ("jax.nn", "jax.numpy", "jax.lax", "jax.scipy.special", "jax")


def public_function(fn) -> tuple[str, str] | None:
    """``(module, name)`` of ``fn`` in Keras's, TensorFlow's or JAX's public
    API (``("keras.ops", "sin")``, ``("tensorflow.math", "sin")``,
    ``("jax.nn", "gelu")``), checked to give back ``fn`` itself; None for
    any other function."""
    from keras.src import api_export

    found = []
    try:
        found.append(api_export.get_name_from_symbol(fn))
    except TypeError:  # unhashable: not exported
        pass
    tf_export = sys.modules.get("tensorflow.python.util.tf_export")
    if tf_export is not None:  # only when TensorFlow is imported already
        try:
            name = tf_export.get_canonical_name_for_symbol(fn)
        except Exception:  # noqa: BLE001 - not a TensorFlow function
            name = None
        found.append(f"tensorflow.{name}" if name else None)
    found.append(_jax_name(fn))
    for path in found:
        if not path:
            continue
        module, _, name = path.rpartition(".")
        if resolve_class(module, name) is fn:
            return module, name
    return None


def _jax_name(fn) -> str | None:
    """``"jax.nn.gelu"``: where ``fn``, a function of JAX's, is in JAX's
    public modules, reached from ``import jax``; None for any other.  Only
    when JAX is imported already (the student's code made ``fn``)."""
    module = getattr(fn, "__module__", None)
    if not isinstance(module, str) or module.partition(".")[0] not in (
        "jax",
        "jaxlib",
    ):
        return None
    name = getattr(fn, "__name__", None)
    if "jax" not in sys.modules or not isinstance(name, str):
        return None
    own = (module,) if module in _JAX_MODULES else ()  # jax.numpy.tanh's own
    for public in (*own, *_JAX_MODULES):
        if resolve_class("jax", f"{public}.{name}"[len("jax.") :]) is fn:
            return f"{public}.{name}"
    return None


def importable_function(fn) -> tuple[str, str] | None:
    """Where to import a named function from, if it can be imported: its
    public name for one of Keras or TensorFlow (:func:`public_function`),
    else its module; for one defined in a notebook or script (``__main__``),
    its name there, which the code uses as the student's own (a lambda or a
    function defined inside another has no such name)."""
    public = public_function(fn)
    if public is not None:
        return public
    name = getattr(fn, "__qualname__", "")
    module = getattr(fn, "__module__", None)
    if not name or "<" in name or not module:
        return None
    return module, name


def written_functions(op, config) -> tuple:
    """``(path, (module, name))`` for each function ``op`` holds whose
    config entry does not give it back, ``path`` being the keys that lead
    to that entry in ``config`` (``("activation",)``, or
    ``("layer", "config", "activation")`` inside a wrapped layer)."""
    import keras

    found: list = []
    if not isinstance(config, dict):
        return ()
    for key, saved in config.items():
        try:
            live = getattr(op, key, None)
        except Exception:  # noqa: BLE001 - a property that needs more
            continue
        nested = isinstance(saved, dict) and isinstance(saved.get("config"), dict)
        if nested and isinstance(live, keras.layers.Layer):
            found += [
                ((key, "config", *path), ref)
                for path, ref in written_functions(live, saved["config"])
            ]
            continue
        if not _saved_function(saved) or not callable(live) or isinstance(live, type):
            continue
        if _gives_back(saved, live):
            continue
        ref = importable_function(live)
        if ref is not None:
            found.append(((key,), ref))
    return tuple(found)


def _saved_function(saved) -> bool:
    """Whether a config value is a function as Keras saves one: by name
    (``"relu"``), as ``{"class_name": "function", ...}``, or, for a
    callable object that is not a Python function, as its class and its
    name (``jax.nn.relu``: ``{"class_name": "custom_jvp", "config":
    "relu", ...}``, which Keras cannot load back)."""
    if isinstance(saved, str):
        return True
    if not isinstance(saved, dict):
        return False
    named = isinstance(saved.get("config"), str) and isinstance(
        saved.get("module"), str
    )
    return saved.get("class_name") == "function" or named


def _gives_back(saved, live) -> bool:
    """Whether the saved form of a function stands for ``live``: it names
    ``live`` itself, or a Keras activation of the same name whose settings
    have the same defaults (``"tanh"`` for ``keras.ops.tanh``, not
    ``"gelu"`` for ``keras.ops.gelu``, whose ``approximate`` differs)."""
    import keras

    if isinstance(saved, dict):
        module, name = saved.get("module"), saved.get("config")
        if not isinstance(name, str) or not isinstance(module, str):
            return True  # not a name: nothing better to write
        if module == "builtins" and not hasattr(builtins, name):
            return False  # Keras's name for a function of no module it knows
        found = resolve_class(module, name)
        if found is None:  # unknown: as Keras saved it, unless it has a name
            return public_function(live) is None
        return found is live
    try:
        named = keras.activations.get(saved)
    except (ValueError, TypeError):
        return True  # not an activation's name: leave it
    if named is live:
        return True
    same_name = getattr(named, "__name__", None) == getattr(live, "__name__", "")
    public = same_name and public_function(live) is not None  # not the student's
    return public and _same_defaults(named, live)


def _same_defaults(a, b) -> bool:
    """Whether the settings ``a`` and ``b`` both have share their defaults."""
    try:
        first = inspect.signature(a).parameters
        second = inspect.signature(b).parameters
    except (TypeError, ValueError):
        return False
    return all(
        first[k].default == second[k].default
        for k in first.keys() & second.keys()
        if first[k].default is not first[k].empty
        or second[k].default is not second[k].empty
    )
