"""A layer of the right type with other settings than the reference's.

:class:`_Settings` holds the "units", "filters", "kernel_size",
"activation" and "config" results as a method of the comparison
(``kerasteach._check_align._Comparison`` inherits it): the first setting
that differs, in words, what it means for the output's shape, and the
constructor to write instead.
"""

from __future__ import annotations

from ._check_describe import _describe, _words
from ._check_flat import _Flat, _Node
from ._check_names import _and, _plural
from ._check_result import CheckResult, _wrong

# layers that only apply an activation function
_ACTIVATION_LAYERS = frozenset(
    {"Activation", "ReLU", "Softmax", "LeakyReLU", "ELU", "PReLU"}
)
# settings reported before the others, with the words used for them
_SETTING_WORDS = {
    "units": ("units", "units"),
    "filters": ("filters", "filters"),
    "kernel_size": ("kernel_size", "kernel size"),
    "activation": ("activation", "activation"),
}


class _Settings:
    """The settings check of ``_Comparison``, which sets these fields."""

    ref: _Flat
    stu: _Flat

    def settings(self, node: _Node, s: _Node) -> CheckResult:
        ref_set, stu_set = node.same_as, s.same_as
        keys = [k for k in _SETTING_WORDS if k in ref_set or k in stu_set]
        # then the layer a wrapper holds (Bidirectional's, before its
        # backward_layer, which Keras derives from it), then the rest
        others = {*ref_set, *stu_set} - set(_SETTING_WORDS)
        keys += sorted(others, key=lambda k: (k != "layer", k))
        diff = [k for k in keys if ref_set.get(k) != stu_set.get(k)]
        key = diff[0]
        mine, theirs = s.config.get(key), node.config.get(key)
        label = f"layer {s.name!r} ({s.class_name})"
        if key in ("units", "filters"):
            text = f"{label} has {_plural(mine, key[:-1])}; the reference has {theirs}."
        elif key == "kernel_size":
            text = f"{label} has kernel size {mine!r}; the reference uses {theirs!r}."
        elif key == "activation":
            text = (
                f"{label} uses the {mine!r} activation; the reference uses {theirs!r}."
            )
        else:
            text = (
                f"{label} has {key}={_words(mine)}; the reference has "
                f"{key}={_words(theirs)}."
            )
        if key == "axis":  # a negative axis counts from the end: say which it is
            sides = [(mine, stu_set.get(key)), (theirs, ref_set.get(key))]
            means = [
                f"axis={raw!r} means "
                + ("axes" if isinstance(norm, list | tuple) else "axis")
                + f" {norm!r}"
                for i, (raw, norm) in enumerate(sides)
                if raw != norm and (raw, norm) not in sides[:i]
            ]
            if means:
                shape = self.stu.shape(s.inputs[0])
                text += f" For inputs of shape {shape}, {_and(means)}."
        if len(diff) > 1:
            more = len(diff) - 1
            text = text[:-1] + (
                f" ({_plural(more, 'other setting')} differ{'s' if more == 1 else ''}"
                " too)."
            )
        out_shapes = [self.ref.shape(t) for t in self.ref.outputs if t[0] == node.index]
        if out_shapes and (s.shapes[0] != out_shapes[0]):
            text += (
                f" So your model's output has shape {s.shapes[0]} instead of "
                f"{out_shapes[0]}."
            )
        hint = f"Change it to {_describe(node)}."
        nxt = self.stu.consumers.get((s.index, 0), [])
        if key == "activation" and mine == "linear" and nxt:
            after = self.stu.nodes[nxt[0]]
            if after.class_name in _ACTIVATION_LAYERS:
                hint += (
                    f" Your separate {after.class_name} layer {after.name!r} does "
                    f"the same job, but the reference puts the activation inside "
                    f"the {s.class_name} layer: remove {after.name!r} too."
                )
        ref_next = self.ref.consumers.get((node.index, 0), [])
        if key == "activation" and theirs == "linear" and len(ref_next) == 1:
            after = self.ref.nodes[ref_next[0]]
            if after.class_name in _ACTIVATION_LAYERS:
                hint += (
                    f" The reference applies the activation in a separate "
                    f"{after.class_name} layer right after it: add "
                    f"{_describe(after)} after {s.name!r}."
                )
        kind = key if key in _SETTING_WORDS else "config"
        return _wrong(kind, text, hint, s.name)
