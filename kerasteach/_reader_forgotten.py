"""Settings of a student's own layer that its ``get_config()`` leaves out.

A custom layer made as ``Scaled(4, scale=0.5)`` whose ``get_config()``
returns only ``units`` is rebuilt (by Keras's own saving as by kerasteach's
code) as ``Scaled(4)``: with ``scale=1.0``, the default, and other
predictions, without a word.  The layer's constructor says which settings
it takes; when one with a default is missing from the config but the layer
keeps an attribute of that name (``self.scale = scale``, the usual way) whose
value differs from the default, that setting was lost.  Only plain values
(numbers, strings, booleans, None and tuples or lists of them) are compared,
and only for classes outside Keras.

Part of the reader (:mod:`kerasteach._reader`), the only place that touches
Keras objects.
"""

from __future__ import annotations

from typing import Any

from ._defaults import signature_info

__all__ = ["forgotten_settings"]

_MISSING = object()


def _plain(value) -> bool:
    if value is None or isinstance(value, (bool, int, float, str)):
        return True
    if isinstance(value, (tuple, list)):
        return all(_plain(v) for v in value)
    return False


def forgotten_settings(op, config) -> tuple[tuple[str, Any, Any], ...]:
    """``(setting, value the layer has, default the code gets)`` for each
    constructor setting of ``op`` (a layer of the student's own class) that
    ``config`` leaves out and that differs from its default."""
    cls = type(op)
    if not hasattr(config, "get") or cls.__module__.split(".")[0] == "keras":
        return ()
    _, defaults, _ = signature_info(cls)
    lost = []
    for key, default in defaults.items():
        if key in config or not _plain(default):
            continue
        try:
            value = getattr(op, key, _MISSING)
        except Exception:  # noqa: BLE001 - a property that cannot answer
            continue
        if value is _MISSING or not _plain(value):
            continue
        if type(value) is type(default) and value == default:
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if isinstance(default, (int, float)) and value == default:
                continue
        if isinstance(value, (list, tuple)) and isinstance(default, (list, tuple)):
            if list(value) == list(default):
                continue
        lost.append((key, value, default))
    return tuple(lost)
