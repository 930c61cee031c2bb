"""What readable code writes of a layer's config, beyond "what differs from
the defaults" (:meth:`kerasteach._emit._Emitter.layer_ctor`).

Keras keeps in a config some values it worked out itself: from another
argument (``StringLookup(vocabulary=[...])`` stores ``vocabulary_size=4``),
or when the layer was built (``LayerNormalization()`` stores ``axis=[-1]``
once it has seen its input, ``MultiHeadAttention`` its ``attention_axes``).
A tutorial writes neither.  :func:`worked_out` names the settings that may
be such values; the code writer leaves them out, and
:func:`kerasteach._defaults_verified.missing_keys` puts back each one that building
the layer from the rest, unbuilt or called on tensors of the shapes the
model gives it (:func:`call_spec`), does not give back.

Which required arguments are written by keyword, and which first setting by
position, is a habit of the Keras documentation that no signature tells:
:data:`BY_KEYWORD` and :data:`FIRST_BY_POSITION` hold it.  Keras's global
float type and dtype policy, when not the defaults, are set at the top of
the code (:func:`global_settings`).
"""

from __future__ import annotations

from typing import Any

from ._defaults import global_dtypes, same, signature_info
from ._defaults_verified import TensorSpec, map_nested, shorter_forms
from ._source import literal
from .graph import Layer, ModelGraph, TensorRef

# Classes whose required arguments Keras's own docstrings and guides pass by
# keyword: ``MultiHeadAttention(num_heads=2, key_dim=16)``, ``Dot(axes=1)``,
# ``Hashing(num_bins=3)``; ``MultiHeadAttention(2, 16)`` says less.
BY_KEYWORD = {
    ("keras.layers", "MultiHeadAttention"),
    ("keras.layers", "GroupQueryAttention"),  # a class GroupedQueryAttention
    ("keras.layers", "HashedCrossing"),
    ("keras.layers", "Dot"),
    ("keras.layers", "Hashing"),
}
# Classes whose first parameter, though optional, is written by position
# when it is set: ``RandomFlip("horizontal")`` in the Keras guides.
FIRST_BY_POSITION = {("keras.layers", "RandomFlip")}
# Config keys a constructor refuses together, though the config holds both:
# an adapted Discretization keeps num_bins beside the bin_boundaries it
# found (its from_config() sets the boundaries after building the layer).
# Code passes the first and leaves the second out.
REFUSED_TOGETHER = {("keras.layers", "Discretization"): ("bin_boundaries", "num_bins")}


def refused_setting(module: str, class_name: str, config: dict) -> str | None:
    """The key of ``config`` that code leaves out because the constructor
    refuses it beside another (:data:`REFUSED_TOGETHER`), or None."""
    pair = REFUSED_TOGETHER.get((module, class_name))
    if pair is None or config.get(pair[0]) is None or config.get(pair[1]) is None:
        return None
    return pair[1]


def refused_note(name, class_name: str, config: dict, refused: str) -> str:
    """What faithful code says of a setting :func:`refused_setting` left out:
    the rebuilt config differs there, and only there."""
    kept = REFUSED_TOGETHER[("keras.layers", class_name)][0]
    return (
        f"Layer {name!r} ({class_name}) has both {kept} and {refused}="
        f"{config[refused]!r} in its config (adapt() records both), and "
        f"{class_name}() refuses the two together. This code passes {kept} "
        f"alone: the layer works the same, but the rebuilt config says "
        f"{refused}=None. {class_name}.from_config() takes both, if you need "
        "the very same config."
    )


def worked_out(cls, config: dict, chosen: list[str], defaults: dict) -> list[str]:
    """The settings of ``chosen`` that Keras may have worked out itself: a
    number or a sequence where the default is None or the constructor has
    no such parameter (``TextVectorization``'s ``vocabulary_size``), a
    sequence whose short form is the default (``[-1]`` for ``-1``), and a
    ``dtype`` whose default is None."""
    required, signature, _ = signature_info(cls)
    found = []
    for key in chosen:
        value = config[key]
        if key == "dtype" and key not in required and signature.get(key, 0) is None:
            # a dtype the class picks from another setting: HashedCrossing
            # is int64 for output_mode="int", float32 for "one_hot"
            found.append(key)
            continue
        if key in required or key == "name" or isinstance(value, (bool, str)):
            continue
        if not isinstance(value, (int, float, list, tuple)):
            continue
        if key not in signature or signature[key] is None:
            found.append(key)
        elif defaults.get(key, 0) is None:
            found.append(key)
        elif isinstance(value, (list, tuple)) and key in defaults:
            if any(same(short, defaults[key]) for short in shorter_forms(value)):
                found.append(key)
    return found


def first_by_position(module, class_name, cls, required, chosen) -> str | None:
    """The setting of ``chosen`` readable code passes by position though
    optional (``RandomFlip("horizontal")``), or None."""
    if required or not chosen or (module, class_name) not in FIRST_BY_POSITION:
        return None
    _, defaults, _ = signature_info(cls)
    first = next(iter(defaults), None)
    return first if first in chosen else None


def has_own_build(cls) -> bool:
    """Whether building ``cls`` may change its config: only a class with a
    ``build`` of its own (``Dropout`` has none) is worth building to see."""
    import keras

    return getattr(cls, "build", None) is not keras.layers.Layer.build


def call_spec(graph: ModelGraph | None, layer: Layer | None) -> Any:
    """The arguments of ``layer``'s first call, each tensor as a
    :class:`TensorSpec` of its shape and dtype: enough to build a copy of
    the layer the way the model built it.  None when it is not known."""
    if graph is None or layer is None or not layer.calls:
        return None
    call = graph.calls[layer.calls[0]]

    def spec(leaf):
        if isinstance(leaf, TensorRef):
            made = graph.calls[leaf.call]
            return TensorSpec(
                made.output_shapes[leaf.index], made.output_dtypes[leaf.index]
            )
        return leaf

    return map_nested(spec, tuple(call.args)), map_nested(spec, dict(call.kwargs))


def plain_bidirectional(config: dict) -> dict:
    """A Bidirectional's config as readable code writes it: without what
    Keras derives from the layer it wraps.  ``Bidirectional(LSTM(4))``
    names its copy ``forward_lstm``, makes ``backward_layer`` (the same
    layer with ``go_backwards=True``, named ``backward_lstm``) and sets
    ``zero_output_for_mask`` to ``return_sequences`` in both; the config
    holds all of it, and the code need not."""
    layer, backward = config.get("layer"), config.get("backward_layer")
    if not (isinstance(layer, dict) and isinstance(layer.get("config"), dict)):
        return config
    inner = dict(layer["config"])
    name = inner.get("name")
    if not isinstance(name, str) or not name.startswith("forward_"):
        return config
    base = name[len("forward_") :]
    derived = {**inner, "go_backwards": True, "name": f"backward_{base}"}
    if base.startswith("backward_"):
        derived["name"] = f"backward_{base[len('backward_') :]}"
    config = dict(config)
    if isinstance(backward, dict) and (
        {k: v for k, v in backward.items() if k != "config"}
        == {k: v for k, v in layer.items() if k != "config"}
        and backward.get("config") == derived
    ):
        del config["backward_layer"]
    elif isinstance(backward, dict) and isinstance(backward.get("config"), dict):
        config["backward_layer"] = {**backward, "config": _unforced(backward["config"])}
    config["layer"] = {**layer, "config": {**_unforced(inner), "name": base}}
    return config


def _unforced(config: dict) -> dict:
    """A wrapped RNN's config without the ``zero_output_for_mask`` that
    Bidirectional sets to ``return_sequences`` by itself."""
    if config.get("zero_output_for_mask") == config.get("return_sequences"):
        return {k: v for k, v in config.items() if k != "zero_output_for_mask"}
    return config


def global_settings() -> list[str]:
    """The statements that restore Keras's global float type and dtype
    policy when they are not the defaults: readable code leaves out each
    layer's dtype when it equals the global one, so the code must set it."""
    lines = []
    floatx, policy = global_dtypes()
    if floatx != "float32":
        lines.append(f"keras.config.set_floatx({literal(floatx).flat()})")
    if policy != floatx:
        lines.append(f"keras.config.set_dtype_policy({literal(policy).flat()})")
    return lines
