"""Settings checked by building the layer they belong to.

The code writer chooses which settings to pass and how to write them, and
each choice is proved before it is used: building the layer with only the
chosen settings must give back the same config (:func:`missing_keys` says
which keys must be passed besides), and a shorter form a person would
write (``3`` for a kernel_size of ``(3, 3)``, ``0.01`` for a float32 kept as
0.009999999776482582) is used only if building with it gives back the very
same value (:func:`shorter_setting`, :func:`accepted_setting`,
:func:`short_float`).  The answers are cached per class and arguments.
The classes' signatures and default configs are in
:mod:`kerasteach._defaults`.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from ._defaults import (
    deserialized,
    dumped_function,
    global_dtypes,
    probe,
    probed_config,
    same,
    signature_info,
    stand_in,
    stood_in,
)


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
            if k == "name" or dumped_function(config[k]) or stood_in(cls, k):
                continue
            try:
                kwargs[k] = deserialized(accepted_setting(cls, config, required, k))
            except Exception:  # noqa: BLE001 - e.g. the student's own function
                # left out of the probe: it is passed anyway (chosen), and
                # the other defaults rarely depend on it
                continue
        layer = cls(name="kerasteach_default_probe", **stand_in(cls, kwargs))
        if call is not None:
            args, call_kwargs = _symbolic(call)
            layer(*args, **call_kwargs)
        return layer.get_config()
    except Exception:  # noqa: BLE001 - cannot verify
        return None


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
    return _verified_short(cls, key, value, shorter_forms, arguments, probe)


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
