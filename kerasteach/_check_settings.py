"""A layer of the right type with other settings than the reference's.

:class:`_Settings` holds the "units", "filters", "kernel_size",
"activation" and "config" results as a method of the comparison
(``kerasteach._check_align._Comparison`` inherits it): the first setting
that differs, in words, what it means for the output's shape, and the
constructor to write instead.  An activation the student or the reference
applies in a separate layer instead is worded by
:mod:`kerasteach._check_activations`.
"""

from __future__ import annotations

import re

from ._check_activations import activation_words
from ._check_describe import _describe, _words, _written
from ._check_flat import _Flat, _Node
from ._check_names import _and, _layer, _plural
from ._check_result import CheckResult, _wrong
from ._check_wrapped import wrapped_difference

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
        if node.known and not s.known:  # not "has None units"
            return self.unread_settings(node, s)
        ref_set, stu_set = node.same_as, s.same_as
        keys = [k for k in _SETTING_WORDS if k in ref_set or k in stu_set]
        # then the layer a wrapper holds (Bidirectional's, before its
        # backward_layer, which Keras derives from it), then the rest
        others = {*ref_set, *stu_set} - set(_SETTING_WORDS)
        keys += sorted(others, key=lambda k: (k != "layer", k))
        diff = [k for k in keys if ref_set.get(k) != stu_set.get(k)]
        # a setting Keras worked out from another (the strides of
        # MaxPooling2D(3)) is no setting the student wrote: said last, and
        # not counted among the others that differ
        written = _written(node) | _written(s)
        diff.sort(key=lambda k: k not in written)
        key = diff[0]
        mine, theirs = s.config.get(key), node.config.get(key)
        label = _layer(self.stu, s)
        if key in ("units", "filters"):
            text = f"{label} has {_plural(mine, key[:-1])}; the reference has {theirs}."
        elif key == "kernel_size":
            text = f"{label} has kernel size {mine!r}; the reference uses {theirs!r}."
        elif key == "activation":
            theirs_said = (
                "has no activation" if theirs == "linear" else f"uses {theirs!r}"
            )
            text = f"{label} {_activation(mine)}; the reference {theirs_said}."
        else:
            text = f"{label} {_wrapper_words(key, mine, theirs)}."
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
        more = len([k for k in diff[1:] if k in written])
        if more:
            text = text[:-1] + (
                f" ({_plural(more, 'other setting')} differ{'s' if more == 1 else ''}"
                " too)."
            )
        hint = f"Change it to {_describe(node)}."
        if key in written and key not in _written(node) and key != "activation":
            # left out of the constructor: say why
            hint = hint[:-1] + (
                f", leaving out {key}, whose default is {_words(theirs)}."
            )
        if key == "activation":
            found = activation_words(self.stu, self.ref, node, s)
            if found is not None:
                text, hint = found
        text += self.shape_change(node, s, key)
        kind = key if key in _SETTING_WORDS else "config"
        return _wrong(kind, text, hint, s.name)

    def unread_settings(self, node: _Node, s: _Node) -> CheckResult:
        """A student's layer whose settings cannot be read (a NumPy function
        as its activation, no ``get_config()``), where the reference's
        layer of that class has other settings: why, in the reader's words."""
        layer = s.source[1] if s.source is not None else None
        why = getattr(getattr(layer, "config", None), "message", "")
        # the reader's words end with what still works, check() among it
        why = re.sub(
            r"\s*Drawing the model, explain\(\) and check\(\) work without it\.",
            "",
            why,
        ).strip()
        label = _layer(self.stu, s)
        if why.lower().startswith(label.lower()):  # the reader names the layer
            text = (
                f"{why} Until then check() cannot compare its settings with "
                "the reference's."
            )
        else:
            text = (
                f"{label} has settings that cannot be read, so they "
                f"cannot be compared with the reference's. {why}"
            ).rstrip()
        change = self.shape_change(node, s, "config")
        # not a consequence of the words before it: another difference
        text += re.sub(r"^ So ", " Also, ", change)
        return _wrong("config", text, f"Change it to {_describe(node)}.", s.name)

    def shape_change(self, node: _Node, s: _Node, key: str) -> str:
        """What the setting does to the output's shape: the model's, when
        the layer gives an output of the reference; the layer's own for a
        setting other than the units or filters it says already (padding,
        strides, a pool size, return_sequences)."""
        ends = [self.ref.shape(t) for t in self.ref.outputs if t[0] == node.index]
        if ends and s.shapes[0] != ends[0]:
            return (
                f" So your model's output has shape {s.shapes[0]} instead of {ends[0]}."
            )
        if key not in ("units", "filters") and s.shapes[:1] != node.shapes[:1]:
            return (
                f" So its output has shape {s.shapes[0]} instead of {node.shapes[0]}."
            )
        return ""


def _wrapper_words(key: str, mine, theirs) -> str:
    """``has merge_mode='sum'; the reference has merge_mode='concat'``;
    for the layer a wrapper holds, the setting of that layer that differs
    (``wraps LSTM(4): its LSTM has 4 units; the reference's has 5``), and
    for a Bidirectional's backward layer, the copy Keras makes when there
    is none."""
    inner = wrapped_difference(mine, theirs)
    if key in ("layer", "backward_layer") and inner is not None:
        cls, setting, a, b = inner
        if key == "layer":
            what = f"wraps {_words(mine)}: its {cls}"
        else:
            what = f"has backward_layer={_words(mine)}: that {cls}"
        if setting in ("units", "filters"):
            return f"{what} has {_plural(a, setting[:-1])}; the reference's has {b}"
        return (
            f"{what} has {setting}={_words(a)}; the reference's has "
            f"{setting}={_words(b)}"
        )
    copy = "Keras makes a copy of the layer it wraps, run backwards"
    if key == "backward_layer" and mine is None:
        return (
            f"has no backward_layer ({copy}); the reference has "
            f"backward_layer={_words(theirs)}"
        )
    if key == "backward_layer" and theirs is None:
        return f"has backward_layer={_words(mine)}; the reference has none ({copy})"
    return f"has {key}={_words(mine)}; the reference has {key}={_words(theirs)}"


def _activation(name) -> str:
    """``uses the 'relu' activation``; ``has no activation`` for 'linear',
    the default, which no one writes."""
    if name == "linear":
        return "has no activation (activation='linear', the default)"
    return f"uses the {name!r} activation"
