"""Constructor signatures and default configs of layer classes.

Readable code passes only the arguments that differ from a class's defaults.
The defaults are measured, not guessed: the class is instantiated once with
its required arguments (and an explicit name, so Keras's global name counter
is left alone) and its ``get_config()`` is kept.
"""

from __future__ import annotations

import importlib
import inspect
from functools import cache
from typing import Any, NamedTuple

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
        _DEFAULT_CONFIGS[key] = _probe(cls, arguments)
    return _DEFAULT_CONFIGS[key]


def _probe(cls, arguments: dict) -> dict | None:
    """The config of ``cls`` built with ``arguments`` (config values)."""
    try:
        kwargs = {
            name: _deserialized(value)
            for name, value in arguments.items()
            if not _stood_in(cls, name)
        }
        return cls(
            name="kerasteach_default_probe", **_stand_in(cls, kwargs)
        ).get_config()
    except Exception:  # noqa: BLE001 - no defaults known
        return None


def _passes_through(inputs):
    """A ``JaxLayer``'s function for a probe (see :func:`_stand_in`)."""
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


def _stand_in(cls, kwargs: dict) -> dict:
    """``kwargs`` for a probe of ``cls``, with the stand-in of
    :data:`_STAND_INS` in place of whatever ``kwargs`` has there."""
    found = _STAND_INS.get(cls.__name__)
    if found is None:
        return kwargs
    key, make = found
    return {**kwargs, key: make()}


def _stood_in(cls, key: str) -> bool:
    """Whether :func:`_stand_in` replaces ``key`` of ``cls``'s arguments."""
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
            result = _probe(cls, arguments) if arguments else None
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


def _deserialized(value):
    """A required argument as the constructor wants it (a layer, not its
    config dict; a list of layers, as ``StackedRNNCells`` wants its cells)."""
    if isinstance(value, list) and value and all(map(_serialized, value)):
        return [_deserialized(item) for item in value]
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


class TensorSpec(NamedTuple):
    """A tensor a layer is called with, by its shape and dtype."""

    shape: tuple
    dtype: str


def map_nested(fn, value):
    """``value`` rebuilt with ``fn`` applied to each leaf: lists, tuples and
    dicts are walked; anything else, named tuples such as
    :class:`TensorSpec` included, is a leaf."""
    if isinstance(value, (list, tuple)) and not hasattr(value, "_fields"):
        return type(value)(map_nested(fn, v) for v in value)
    if isinstance(value, dict):
        return {k: map_nested(fn, v) for k, v in value.items()}
    return fn(value)


def _symbolic(value):
    """``value`` with each :class:`TensorSpec` made a ``keras.KerasTensor``."""
    import keras

    def tensor(leaf):
        if isinstance(leaf, TensorSpec):
            return keras.KerasTensor(leaf.shape, dtype=leaf.dtype)
        return leaf

    return map_nested(tensor, value)


_VERIFIED: dict[tuple, dict | None] = {}


def missing_keys(
    cls, config: dict, chosen: list[str], call: tuple | None = None
) -> frozenset | None:
    """Config keys that must be passed besides ``chosen``.

    A default may depend on another argument (``MaxPooling2D(pool_size=1)``
    has ``strides=1``, not 2), so the chosen arguments are checked by building
    the layer from them once and comparing its config with ``config``.  With
    ``call`` (the arguments and keyword arguments of the layer's call, see
    :func:`kerasteach._emit_settings.call_spec`) the layer built is called
    on tensors of those shapes first: a config may change then
    (``LayerNormalization``'s ``axis=-1`` becomes ``[-1]``).
    Returns ``None`` when the class cannot be built that way (then every key
    must be passed).  Results are cached per class and arguments.
    """
    try:
        chosen_values = repr([(k, config[k]) for k in chosen if k != "name"])
        key = (cls, chosen_values, repr(call), global_dtypes())
        hash(key)
    except TypeError:  # pragma: no cover - repr is always hashable
        return None
    if key not in _VERIFIED:
        _VERIFIED[key] = _built_config(cls, config, chosen, call)
    probe = _VERIFIED[key]
    if probe is None:  # cannot verify: pass everything
        return None
    # the config of the probe is cached, not this answer: the keys that
    # differ depend on all of ``config``, not only on the chosen ones
    return frozenset(
        k
        for k, v in config.items()
        if k != "name" and k not in chosen and (k not in probe or probe[k] != v)
    )


def _built_config(cls, config: dict, chosen: list[str], call) -> dict | None:
    """The config of ``cls`` built from the ``chosen`` settings of ``config``
    (each as :func:`accepted_setting` gives it, and called on ``call``'s
    tensors), or None when that fails."""
    try:
        required, _, _ = signature_info(cls)
        kwargs = {}
        for k in chosen:
            if k == "name" or dumped_function(config[k]) or _stood_in(cls, k):
                continue
            try:
                kwargs[k] = _deserialized(accepted_setting(cls, config, required, k))
            except Exception:  # noqa: BLE001 - e.g. the student's own function
                # left out of the probe: it is passed anyway (chosen), and
                # the other defaults rarely depend on it
                continue
        layer = cls(name="kerasteach_default_probe", **_stand_in(cls, kwargs))
        if call is not None:
            args, call_kwargs = _symbolic(call)
            layer(*args, **call_kwargs)
        return layer.get_config()
    except Exception:  # noqa: BLE001 - cannot verify
        return None


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


_SHORTER: dict = {}


def shorter_setting(cls, config: dict, required, key: str) -> Any:
    """What a person writes for ``config[key]`` when Keras keeps a longer
    form of it: ``3`` for a kernel_size of ``(3, 3)``, ``0.1`` for
    RandomRotation's factor ``(-0.1, 0.1)``, ``1`` for Cropping2D's
    ``((1, 1), (1, 1))``.  A shorter value is used only when building
    ``cls`` with it (and the required arguments of ``config``) gives back
    the very same config value; otherwise ``config[key]`` itself."""
    value = config[key]
    if not isinstance(value, (tuple, list)):
        return value
    arguments = {name: config[name] for name in required if name in config}
    return _verified_short(cls, key, value, shorter_forms, arguments, _probe)


def accepted_setting(cls, config: dict, required, key: str) -> Any:
    """``config[key]`` in a form the constructor of ``cls`` takes: the value
    itself, unless ``cls`` refuses it and a shorter form gives it back
    (:func:`shorter_setting`).  ``RandomShear(x_factor=0.2)`` keeps
    ``x_factor=(-0.2, 0.2)``, which its constructor rejects ("should be in
    the range [0, 1.0]"): code that passes the config's value fails."""
    value = config[key]
    if not isinstance(value, (tuple, list)):
        return value
    arguments = {name: config[name] for name in required if name in config}
    if probed_config(cls, {**arguments, key: value}) is not None:
        return value
    return shorter_setting(cls, config, required, key)


def short_float(cls, config: dict, key: str) -> Any:
    """``config[key]``, or the short number it came from when the object
    (not a layer: a regularizer, an initializer) keeps it as float32:
    a regularizer's ``l2=0.01`` is in its config as 0.009999999776482582.
    The short number is used only if building the object with it (and the
    rest of ``config``) gives back the same config value."""
    value = config[key]
    if type(value) is not float:
        return value
    return _verified_short(cls, key, value, _float32_forms, config, _plain_config)


def _verified_short(cls, key: str, value, forms, arguments: dict, build) -> Any:
    """The first of ``forms(value)`` with which ``build(cls, arguments)``,
    ``key`` set to it, gives back ``value`` as the config's ``key``; else
    ``value``.  Measured once per class, key, value and the other
    arguments: the answer may depend on them, and a cache keyed on less
    would make the code depend on which model was read first."""
    others = repr(sorted((k, v) for k, v in arguments.items() if k != key))
    cache_key = (cls, key, repr(value), others, global_dtypes())
    if cache_key not in _SHORTER:
        _SHORTER[cache_key] = value
        for short in forms(value):
            built = build(cls, {**arguments, key: short})
            if built is not None and key in built and same(built[key], value):
                _SHORTER[cache_key] = short
                break
    return _SHORTER[cache_key]


def _float32_forms(value: float) -> list:
    """The shortest number with the float32 of ``value``, when ``value`` is
    a float32 written long (0.009999999776482582 for 0.01)."""
    import numpy as np

    single = np.float32(value)
    if not np.isfinite(single) or float(single) != value:
        return []  # not a float32: Keras keeps it as it was given
    short = float(str(single))
    return [] if short == value else [short]


def _plain_config(cls, arguments: dict) -> dict | None:
    """The config of ``cls`` (not a layer: no name) built with
    ``arguments``, or None when it cannot be built so."""
    try:
        return cls(**arguments).get_config()
    except Exception:  # noqa: BLE001 - then the long number is the safe one
        return None


def shorter_forms(value) -> list:
    """The short forms ``value`` may stand for: the one number all its
    numbers are, or the upper bound of a range: ``0.1`` for ``(-0.1, 0.1)``
    or ``(0, 0.1)``, ``4`` for RandomPosterization's ``(1, 4)``."""
    flat: list = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, (tuple, list)):
            stack.extend(item)
        elif isinstance(item, (int, float)) and not isinstance(item, bool):
            flat.append(item)
        else:
            return []
    if not flat:
        return []
    forms = []
    if all(x == flat[0] for x in flat):
        forms.append(flat[0])
    elif len(value) == 2 and len(flat) == 2:
        forms.append(value[1])
    return forms
