"""A layer of a flat graph as its constructor, the way the code panes write
it: ``Dense(64, activation='relu')``, ``Conv2D(4, 3, strides=2)``.

:func:`_describe` words a :class:`kerasteach._check_flat._Node` for
feedback: only the settings that differ from the class's defaults, each in
the short form a person writes when building the layer with it gives back
the same config (:func:`kerasteach._defaults.shorter_setting`).
"""

from __future__ import annotations

from collections.abc import Mapping

from ._check_flat import _architecture, _collect_names, _Node
from ._defaults import (
    default_config,
    probed_config,
    resolve_class,
    shorter_setting,
    signature_info,
    snake,
)
from ._emit_settings import BY_KEYWORD
from .graph import INPUT, OP


def _describe(node: _Node) -> str:
    """Constructor-like words for a node: ``Dense(64, activation='relu')``."""
    if node.kind == INPUT:
        return f"keras.Input(shape={node.config['shape']!r})"
    if node.kind == OP:
        return f"keras.ops.{snake(node.class_name)}(...)"
    if not node.known:
        return f"{node.class_name}(...)"
    return _call_words(node.module, node.class_name, node.config)


def _call_words(module: str, class_name: str, config: Mapping) -> str:
    """``Dense(64, activation='relu')``: the class and the settings of
    ``config`` (as :func:`_architecture` keeps them) that differ from its
    defaults."""
    cls = resolve_class(module, class_name)
    shown = dict(config)
    required: tuple[str, ...] = ()
    if cls is not None:
        required, _, _ = signature_info(cls)
        held = {k: config[k] for k in required if isinstance(config.get(k), Mapping)}
        if held:  # a default may follow the layer held (Bidirectional's)
            found = probed_config(cls, {k: config[k] for k in required})
        else:
            found = default_config(cls, dict(config))
        if found:
            names: dict[str, str] = {}
            _collect_names(found, names)
            defaults = _architecture(found, names)
            shown = {
                k: v for k, v in shown.items() if k in required or defaults.get(k) != v
            }
    if cls is not None:  # Conv2D(4, 3), as the code panes write it
        plain = dict(config)
        shown = {k: shorter_setting(cls, plain, required, k) for k in shown}
    if (module, class_name) in BY_KEYWORD:  # MultiHeadAttention(num_heads=2, ...)
        required = ()
    args = [_words(shown.pop(k)) for k in required if k in shown]
    args += [f"{k}={_words(v)}" for k, v in shown.items()]
    return f"{class_name}({', '.join(args)})"


def _words(value) -> str:
    """A setting in words: a layer inside a layer (Bidirectional's LSTM) as
    its constructor, ``LSTM(4)``, anything else as ``repr`` writes it."""
    if isinstance(value, Mapping) and isinstance(value.get("config"), Mapping):
        if "class_name" in value:
            return _call_words(
                value.get("module") or "", value["class_name"], value["config"]
            )
    if isinstance(value, list) and any(isinstance(v, Mapping) for v in value):
        return f"[{', '.join(_words(v) for v in value)}]"
    return repr(value)
