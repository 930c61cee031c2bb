"""Why a layer's ``get_config()`` fails, when the layer is Keras's own or
one of its settings is the cause: the message says which setting and what
to write instead, rather than ask for a ``get_config()`` the student's
class does not need (``Dense`` has one).

A ``functools.partial`` is the usual cause:
``Dense(3, activation=functools.partial(keras.activations.leaky_relu,
negative_slope=0.3))`` builds and trains, but Keras cannot save it, so no
code can name it.  A function defined with ``def`` can be.

Part of the reader (:mod:`kerasteach._reader`), the only place that
touches Keras internals.
"""

from __future__ import annotations

import functools
import re

from ._defaults import constructor_settings
from ._reader_functions import importable_function

__all__ = ["keras_class_message", "partial_message"]

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def partial_message(op) -> str | None:
    """What to do about a setting of ``op`` that is a ``functools.partial``
    (the first found among its constructor's arguments), or None."""
    for key, value in constructor_settings(op):
        if isinstance(value, functools.partial):
            return _partial_advice(op, key, value)
    return None


def _function_name(fn) -> str:
    """``keras.activations.leaky_relu``: a function as code names it."""
    found = importable_function(fn)
    if found is None:
        return getattr(fn, "__name__", type(fn).__name__)
    module, name = found
    if module.partition(".")[0] == "tensorflow":
        module = "tf" + module[len("tensorflow") :]
    return name if module in ("__main__", "builtins") else f"{module}.{name}"


def _partial_advice(op, key: str, value: functools.partial) -> str:
    fn = _function_name(value.func)
    settings = [repr(a) for a in value.args]
    settings += [f"{k}={v!r}" for k, v in value.keywords.items()]
    shown = _ADDRESS.sub("", ", ".join([fn, *settings]))
    own = f"my_{key}"
    return (
        f"Layer {op.name!r} ({type(op).__name__}) has {key}="
        f"functools.partial({shown}). A functools.partial cannot be written "
        "as code (Keras cannot save it either), so kerasteach cannot write "
        f"code that rebuilds this layer. Define a named function instead:\n\n"
        f"    def {own}(x):\n"
        f"        return {fn}({', '.join(['x', *settings])})\n\n"
        f"and pass {key}={own}. Drawing the model, explain() and check() work "
        "without it."
    )


def keras_class_message(op, error: BaseException) -> str | None:
    """For a layer of Keras's own classes whose ``get_config()`` fails: one
    of its settings is a value Keras cannot save.  None for other layers."""
    module = type(op).__module__
    if module != "keras" and not module.startswith("keras."):
        return None
    first = _ADDRESS.sub("", (str(error).strip().splitlines() or [""])[0])
    if len(first) > 160:
        first = first[:160].rsplit(" ", 1)[0] + " ..."
    return (
        f"Layer {op.name!r} ({type(op).__name__}) was given a setting Keras "
        f"cannot save ({type(error).__name__}: {first}), so kerasteach cannot "
        "write code that rebuilds it. Give each of its settings as a number, "
        "a string, a list, a Keras object, a function defined with def, or "
        "an object of your own class that has a get_config(). "
        "Drawing the model, explain() and check() work without it."
    )
