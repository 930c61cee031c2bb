"""A layer of a flat graph as its constructor, the way the code panes write
it: ``Dense(64, activation='relu')``, ``Conv2D(4, 3, strides=2)``.

:func:`_describe` words a :class:`kerasteach._check_flat._Node` for
feedback as the code panes write it: only the settings that differ from
the class's defaults, without those Keras worked out itself when it built
the layer (``MultiHeadAttention``'s ``attention_axes``), each in the short
form a person writes.  Both are measured, not guessed, by the code writer's
own means (:meth:`kerasteach._emit._Emitter.without_worked_out` and
:func:`kerasteach._defaults_verified.shorter_setting`): a setting is left out or
shortened only when building the layer without it gives the same config.
"""

from __future__ import annotations

from collections.abc import Mapping

from ._check_flat import _architecture, _collect_names, _Node
from ._defaults import default_config, probed_config, resolve_class, signature_info
from ._defaults_verified import shorter_setting
from ._emit import _Emitter
from ._emit_settings import BY_KEYWORD
from ._names import snake
from .graph import INPUT, LAYER, OP


def _describe(node: _Node) -> str:
    """Constructor-like words for a node: ``Dense(64, activation='relu')``."""
    if node.kind == INPUT:
        return f"keras.Input(shape={node.config['shape']!r})"
    if node.kind == OP:
        return f"keras.ops.{snake(node.class_name)}(...)"
    if not node.known:
        return f"{node.class_name}(...)"
    return _call_words(node.module, node.class_name, node.config, node.source)


def _written(node: _Node) -> set[str]:
    """The settings :func:`_describe` writes for a layer: those a person
    chose, not the defaults and not what Keras worked out from them (the
    ``strides`` of ``MaxPooling2D(3)``)."""
    if node.kind != LAYER or not node.known:
        return set()
    cls = resolve_class(node.module, node.class_name)
    return set(_shown(cls, node.config, node.source)[1])


def _call_words(module: str, class_name: str, config: Mapping, source=None) -> str:
    """``Dense(64, activation='relu')``: the class and the settings of
    ``config`` (as :func:`_architecture` keeps them) that differ from its
    defaults and that Keras did not work out itself; ``source`` is the
    (graph, layer) the config comes from, to build the layer as the model
    called it."""
    cls = resolve_class(module, class_name)
    required, shown = _shown(cls, config, source)
    if cls is not None:  # Conv2D(4, 3), as the code panes write it
        plain = dict(config)
        shown = {k: shorter_setting(cls, plain, required, k) for k in shown}
    if (module, class_name) in BY_KEYWORD:  # MultiHeadAttention(num_heads=2, ...)
        required = ()
    args = [_words(shown.pop(k)) for k in required if k in shown]
    args += [f"{k}={_words(v)}" for k, v in shown.items()]
    return f"{class_name}({', '.join(args)})"


def _shown(cls, config: Mapping, source) -> tuple[tuple[str, ...], dict]:
    """The required arguments of ``cls`` and the settings of ``config``
    that a description writes (see :func:`_call_words`)."""
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
            shown = _without_worked_out(cls, config, shown, source, found)
    return required, shown


def _words(value) -> str:
    """A setting in words: a layer inside a layer (Bidirectional's LSTM) as
    its constructor, ``LSTM(4)``, a function by its name, anything else
    as ``repr`` writes it."""
    if isinstance(value, Mapping) and value.get("class_name") == "function":
        name, module = value.get("config"), value.get("module")
        if isinstance(name, str) and name.isidentifier():
            if module in (None, "builtins", "__main__") or not isinstance(module, str):
                return name
            return f"{module}.{name}"
    if isinstance(value, Mapping) and isinstance(value.get("config"), Mapping):
        if "class_name" in value:
            return _call_words(
                value.get("module") or "", value["class_name"], value["config"]
            )
    if isinstance(value, list) and any(isinstance(v, Mapping) for v in value):
        return f"[{', '.join(_words(v) for v in value)}]"
    return repr(value)


def _without_worked_out(
    cls, config: Mapping, shown: dict, source, defaults: dict
) -> dict:
    """``shown`` without the settings Keras worked out itself that the
    code panes leave out: the code writer's verified choice, made with the
    graph and layer of ``source`` (built on the shapes the model gave it)
    against the class's ``defaults``."""
    graph, layer = source if source is not None else (None, None)
    emitter = _Emitter(faithful=False, strict=False)
    emitter.graph = graph
    kept, _ = emitter.without_worked_out(
        cls, dict(config), list(shown), layer, defaults
    )
    return {k: v for k, v in shown.items() if k in kept}
