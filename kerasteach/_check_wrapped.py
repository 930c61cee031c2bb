"""A layer inside a layer (Bidirectional's LSTM), as check() compares and
words it.

``Bidirectional(LSTM(5, return_sequences=True))`` keeps in its config what
Keras derives from the layer it wraps: a ``backward_layer`` (a copy with
``go_backwards=True``) and ``zero_output_for_mask`` in both.  No student
writes them, so check() compares and writes the layer as the code panes do
(:func:`plain_bidirectional`, the code writer's own rule), and a backward
layer a student wrote that is that copy counts as none.  A difference
inside the wrapped layer is said as that layer's setting
(:func:`wrapped_difference`): "its LSTM has 4 units; the reference's has 5".
"""

from __future__ import annotations

from collections.abc import Mapping

from ._emit_settings import plain_bidirectional as _plain

# settings told first, as for a layer of the model itself
_FIRST = ("units", "filters", "kernel_size", "activation", "return_sequences")


def plain_bidirectional(config: Mapping) -> dict:
    """A Bidirectional's config without what Keras derives from the layer
    it wraps, also a ``backward_layer`` the student made that is the
    derived copy under a name of its own."""
    plain = _plain(dict(config))
    layer, back = plain.get("layer"), plain.get("backward_layer")
    if not (_is_layer(layer) and _is_layer(back)):
        return plain
    if back["class_name"] != layer["class_name"]:
        return plain
    forward = _unnamed(layer["config"])
    copy = {**forward, "go_backwards": not forward.get("go_backwards", False)}
    if _unnamed(back["config"]) == copy:
        del plain["backward_layer"]
    return plain


def wrapped_difference(mine, theirs) -> tuple[str, str, object, object] | None:
    """The first setting that differs between two wrapped layers of the
    same class (``mine``, ``theirs``: their configs as serialized):
    (class name, setting, mine, theirs); None when their classes differ,
    a setting is in one config only, or it holds layers (a model's)."""
    if not (_is_layer(mine) and _is_layer(theirs)):
        return None
    if mine["class_name"] != theirs["class_name"]:
        return None
    a, b = mine["config"], theirs["config"]
    keys = [k for k in dict.fromkeys([*b, *a]) if a.get(k) != b.get(k)]
    keys.sort(key=lambda k: _FIRST.index(k) if k in _FIRST else len(_FIRST))
    if not keys or keys[0] not in a or keys[0] not in b:
        return None
    key = keys[0]
    if _holds_layers(a[key]) or _holds_layers(b[key]):
        return None  # a model's layers: said whole
    return mine["class_name"], key, a[key], b[key]


def _holds_layers(value) -> bool:
    if isinstance(value, (list, tuple)):
        return any(_holds_layers(v) for v in value)
    return isinstance(value, Mapping)


def _is_layer(value) -> bool:
    return isinstance(value, Mapping) and isinstance(value.get("config"), Mapping)


def _unnamed(config: Mapping) -> dict:
    """A wrapped layer's config without its name and the
    ``zero_output_for_mask`` Bidirectional sets in both directions."""
    return {
        k: v for k, v in config.items() if k not in ("name", "zero_output_for_mask")
    }
