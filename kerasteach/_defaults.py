"""Constructor signatures and default configs of layer classes.

Readable code passes only the arguments that differ from a class's defaults.
The defaults are measured, not guessed: the class is instantiated once with
its required arguments (and an explicit name, so Keras's global name counter
is left alone) and its ``get_config()`` is kept.  Whether the settings code
chooses give back a layer's config is checked in
:mod:`kerasteach._defaults_verified`.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Iterator
from functools import cache
from typing import Any

# the check and widget modules import these from here

_EMPTY = inspect.Parameter.empty


def resolve_class(module: str, class_name: str):
    """Import ``module`` and return its attribute ``class_name`` (or None).

    Not cached: a notebook cell run again defines its class anew under the
    same name, and the code must follow the class as it is now, not as it
    was when an earlier model was generated (importing a module that is
    imported already only looks it up)."""
    try:
        obj = importlib.import_module(module)
    except Exception:  # noqa: BLE001 - an unimportable module is "unknown"
        return None
    for part in class_name.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def constructor_settings(op) -> Iterator[tuple[str, Any]]:
    """``(name, value)`` of each argument of ``type(op).__init__`` that
    ``op`` keeps under the same name (required ones first); a property that
    raises is left out."""
    required, defaults, _ = signature_info(type(op))
    for key in (*required, *defaults):
        try:
            value = getattr(op, key, None)
        except Exception:  # noqa: BLE001 - a property that needs more
            continue
        yield key, value


@cache
def signature_info(cls) -> tuple[tuple[str, ...], dict[str, Any], bool]:
    """(required positional names, defaults by name, accepts **kwargs)."""
    try:
        sig = inspect.signature(cls.__init__)
    except (TypeError, ValueError):
        return (), {}, True
    required: list[str] = []
    defaults: dict[str, Any] = {}
    var_kw = False
    positional_ok = True
    for name, p in list(sig.parameters.items())[1:]:
        if p.kind is p.VAR_KEYWORD:
            var_kw = True
        elif p.kind is p.VAR_POSITIONAL:
            positional_ok = False
        elif p.default is _EMPTY:
            if p.kind is p.POSITIONAL_OR_KEYWORD and positional_ok:
                required.append(name)
            else:
                required.append(name)
                positional_ok = False
        else:
            defaults[name] = p.default
            if p.kind is not p.POSITIONAL_OR_KEYWORD:
                positional_ok = False
    return tuple(required), defaults, var_kw


_DEFAULT_CONFIGS: dict[tuple, dict | None] = {}


def global_dtypes() -> tuple[str, str]:
    """Keras's global float type and dtype policy: a layer's default dtype
    follows them, so the probes below are cached per setting."""
    import keras

    return keras.config.floatx(), keras.config.dtype_policy().name


def default_config(cls, config: dict) -> dict | None:
    """The config of ``cls`` built with only its required arguments.

    A class that cannot be built that way, though its signature requires
    nothing (``CategoryEncoding`` needs ``num_tokens``, ``Discretization``
    its bins), is built with the settings ``config`` gives it instead, and
    those are reported at their signature's defaults; None when that fails
    too (then every key is passed).

    The defaults are measured with ``config``'s own required arguments and
    cached per those: some follow them (``MultiHeadAttention``'s
    ``value_dim`` is its ``key_dim``), so a class's defaults measured for
    one layer are not another's, and the code would depend on which model
    was read first in the session."""
    required, _, _ = signature_info(cls)
    found = None
    if all(name in config for name in required):
        found = probed_config(cls, {name: config[name] for name in required})
    return found if found is not None else _set_defaults(cls, config)


def probed_config(cls, arguments: dict) -> dict | None:
    """The config of ``cls`` built with ``arguments`` (config values), or
    None when it cannot be built so; cached per class and arguments."""
    key = (cls, "probe", repr(sorted(arguments.items())), global_dtypes())
    if key not in _DEFAULT_CONFIGS:
        _DEFAULT_CONFIGS[key] = probe(cls, arguments)
    return _DEFAULT_CONFIGS[key]


def probe(cls, arguments: dict) -> dict | None:
    """The config of ``cls`` built with ``arguments`` (config values)."""
    try:
        kwargs = {
            name: deserialized(value)
            for name, value in arguments.items()
            if not stood_in(cls, name)
        }
        return cls(
            name="kerasteach_default_probe", **stand_in(cls, kwargs)
        ).get_config()
    except Exception:  # noqa: BLE001 - no defaults known
        return None


def _passes_through(inputs):
    """A ``JaxLayer``'s function for a probe (see :func:`stand_in`)."""
    return inputs


def _empty_torch_module():
    import torch

    return torch.nn.Identity()


# A ``TorchModuleWrapper``'s config holds its module pickled, which the
# constructor refuses, and a ``JaxLayer``'s its function by a name only the
# student's code knows: any module or function gives the other settings'
# defaults, so an empty one stands in.  Class name -> (argument, maker).
_STAND_INS = {
    "TorchModuleWrapper": ("module", _empty_torch_module),
    "JaxLayer": ("call_fn", lambda: _passes_through),
}


def stand_in(cls, kwargs: dict) -> dict:
    """``kwargs`` for a probe of ``cls``, with the stand-in of
    :data:`_STAND_INS` in place of whatever ``kwargs`` has there."""
    found = _STAND_INS.get(cls.__name__)
    if found is None:
        return kwargs
    key, make = found
    return {**kwargs, key: make()}


def stood_in(cls, key: str) -> bool:
    """Whether :func:`stand_in` replaces ``key`` of ``cls``'s arguments."""
    found = _STAND_INS.get(cls.__name__)
    return found is not None and found[0] == key


def _set_defaults(cls, config: dict) -> dict | None:
    """The defaults of a class that needs some of its optional arguments:
    the config of ``cls`` built with the first argument ``config`` sets
    away from its signature default that builds it alone (else with all of
    them), with the arguments passed put back at their signature defaults.
    One alone, where it can: a ``dtype=None`` in the signature becomes
    ``"float32"`` in the config, and Discretization refuses bins and
    boundaries together."""
    _, defaults, _ = signature_info(cls)
    given = {
        k: config[k]
        for k, v in defaults.items()
        if k in config and k != "name" and not same(v, config[k])
    }
    key = (cls, repr(sorted(given.items())), global_dtypes())
    if key not in _DEFAULT_CONFIGS:
        result = None
        for arguments in [{k: v} for k, v in given.items()] + [given]:
            result = probe(cls, arguments) if arguments else None
            if result is not None:
                result.update({k: defaults[k] for k in arguments})
                break
        _DEFAULT_CONFIGS[key] = result
    return _DEFAULT_CONFIGS[key]


def dumped_function(value) -> bool:
    """Whether a config value is a lambda Keras stored as bytecode
    (``{"value": (code, defaults, closure)}``): no code can rebuild it."""
    return (
        isinstance(value, dict)
        and set(value) == {"value"}
        and isinstance(value["value"], (tuple, list))
        and len(value["value"]) == 3
        and isinstance(value["value"][0], str)
    )


def deserialized(value):
    """A required argument as the constructor wants it (a layer, not its
    config dict; a list of layers, as ``StackedRNNCells`` wants its cells)."""
    if isinstance(value, list) and value and all(map(_serialized, value)):
        return [deserialized(item) for item in value]
    if _serialized(value) and value["class_name"] == "function":
        found = resolve_class(str(value.get("module")), str(value["config"]))
        if callable(found):  # jax.nn.gelu, which Keras does not look up
            return found
    if _serialized(value):
        import copy

        import keras

        # a copy: some from_config() take their argument apart (StackedRNNCells
        # pops its "cells"), and this config is the model graph's own
        return keras.saving.deserialize_keras_object(copy.deepcopy(value))
    return value


def _serialized(value) -> bool:
    """Whether ``value`` is a Keras object's config, as a config holds it."""
    return isinstance(value, dict) and "class_name" in value and "config" in value


def keyword_defaults(fn) -> dict:
    """The default value of each parameter of ``fn`` that has one."""
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return {}
    return {n: p.default for n, p in sig.parameters.items() if p.default is not p.empty}


def same(a, b) -> bool:
    """Whether a value equals a default: numbers by value, sequences item by
    item and of the same type, anything else only within its own type."""
    if type(a) is not type(b) and not (
        isinstance(a, (int, float)) and isinstance(b, (int, float))
    ):
        if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
            return (
                len(a) == len(b)
                and all(same(x, y) for x, y in zip(a, b))
                and type(a) is type(b)
            )
        return False
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001 - uncomparable values differ
        return False
