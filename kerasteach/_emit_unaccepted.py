"""Settings a custom layer's constructor cannot take.

Keras's own ``Layer.get_config()`` records ``name``, ``trainable`` and
``dtype`` for every layer, but a student's ``__init__(self, k)`` with no
``**kwargs`` takes none of them: ``NoCfg(3.0, trainable=True)`` fails with
"unexpected keyword argument".  The code writer passes only the keys the
constructor accepts (:func:`accepted_keys`).  Of those it leaves out, a
value the layer gets anyway (``trainable=True``, the global dtype) needs
nothing; a frozen layer is frozen after it is made
(``no_cfg.trainable = False``, see :func:`frozen_by_hand`); any other value
gets a note that says how to make the constructor take it.
"""

from __future__ import annotations

from ._defaults import global_dtypes, resolve_class, signature_info
from .graph import INPUT, MODEL, OP, Layer

__all__ = ["accepted_keys", "frozen_by_hand", "takes", "unaccepted_note"]


def takes(cls, key: str) -> bool:
    """Whether the constructor of ``cls`` accepts the argument ``key``."""
    required, defaults, var_kw = signature_info(cls)
    return var_kw or key in required or key in defaults


def accepted_keys(cls, config, chosen: list[str]) -> tuple[list[str], list[str]]:
    """``chosen`` without the keys the constructor of ``cls`` does not take,
    and those of them whose value is not what the layer gets without them
    (a ``trainable=False``, a dtype other than the global one)."""
    if cls is None:
        return chosen, []
    kept = [k for k in chosen if takes(cls, k)]
    lost = [k for k in chosen if k not in kept and not _given_anyway(k, config[k])]
    return kept, lost


def _given_anyway(key: str, value) -> bool:
    """Whether a layer made without ``key`` has ``value`` there anyway."""
    if key == "trainable":
        return value is True
    if key == "dtype":
        if isinstance(value, dict):  # a serialized DTypePolicy
            value = (value.get("config") or {}).get("name")
        return value == global_dtypes()[1]
    return False


def frozen_by_hand(layer: Layer) -> bool:
    """Whether ``layer`` is frozen but its class's constructor takes no
    ``trainable``: the code freezes it after making it."""
    if layer.trainable or layer.kind in (INPUT, OP, MODEL):
        return False
    cls = resolve_class(layer.module, layer.class_name)
    return cls is not None and not takes(cls, "trainable")


def _shown(value):
    """A setting as the student writes it: a dtype policy by its name."""
    if isinstance(value, dict) and value.get("class_name") == "DTypePolicy":
        return (value.get("config") or {}).get("name", value)
    return value


def unaccepted_note(name, class_name: str, config, lost: list[str]) -> str:
    """What the code says of settings it could not pass to ``class_name``."""
    settings = ", ".join(f"{k}={_shown(config[k])!r:.60}" for k in lost)
    return (
        f"Layer {name!r} ({class_name}) has {settings} in its config, but "
        f"{class_name}.__init__() takes no {lost[0]} argument (it has no "
        "**kwargs), so this code leaves it out and the rebuilt layer differs "
        f"there. Give {class_name}.__init__() a **kwargs parameter and pass "
        "it on with super().__init__(**kwargs), then generate the code again."
    )
