"""The reference's layers and structure in words, for the "needs-functional" result.

:class:`_RefWords` names the reference's layers for a student who sees only
their own code, and turns kerasteach.explain's reasons (a branch, a merge)
into phrases: where the reference branches, which layers that branch feeds,
and which layer merges their outputs; a nested model's several inputs or
outputs are said of that model.  Other reasons keep explain's words,
without the advice explain gives about the reference's code (``Use the
Functional code``, ``Add a layer``), which is not the student's to follow.
"""

from __future__ import annotations

import re

from ._check_describe import _describe
from ._check_flat import _Flat
from ._check_names import _and, _label, _labels, _output_of
from ._names import is_auto_name
from .graph import INPUT, Reason

# a sentence of explain's advice about the model's own code: "Use the
# Functional code, ...", "Add a layer (...)", "Build 'inner' with ..." (in a
# subclassed model "Build self.inner with ...")
_ADVICE = re.compile(r"\. (Use|Add|Build) (self\.|[^.])*(\([^)]*\))?[^.]*\.?$")


def plain_reason(reason: Reason) -> str:
    """kerasteach.explain's words for ``reason``, without its advice and
    without the final full stop."""
    return _ADVICE.sub("", reason.message).rstrip(".")


class _RefWords:
    """Layers of the reference in words, for a student who sees only their
    own code: a layer's description, with its name when a person chose it
    (given once; Keras's own names, ``dense_3``, mean nothing to them)."""

    def __init__(self, ref: _Flat):
        self.ref = ref
        self.named: set[str] = set()
        self.fed: set[str] = set()  # the layers the last branch feeds

    def layer(self, prefix: str, name: str) -> str:
        node = self.ref.node_named(prefix + name)
        if node is None:
            return self.nested_input(prefix, name) or repr(name)
        if node.kind == INPUT:
            return _label(self.ref, (node.index, 0))
        if is_auto_name(name, node.class_name):
            return _describe(node)
        if node.name in self.named:
            return repr(node.name)
        self.named.add(node.name)
        return f"{node.name!r} ({_describe(node)})"

    def nested_input(self, prefix: str, name: str) -> str | None:
        """The input ``name`` of the nested model at ``prefix`` in words,
        ``the input of 'encoder'`` (flattening leaves no node for it: it
        is the tensor the model is called on); None when it is no input."""
        graph = self.ref.graph
        for part in prefix.rstrip("/").split("/") if prefix else ():
            layer = next((la for la in graph.layers if la.name == part), None)
            if layer is None or layer.submodel is None:
                return None
            graph = layer.submodel
        if graph is self.ref.graph:
            return None
        names = [graph.layer_of(r).name for r in graph.input_refs]
        if name not in names:
            return None
        model = repr(prefix.rstrip("/"))
        if len(names) == 1:
            return f"the input of {model}"
        layer = graph.layer(name)
        if is_auto_name(name, layer.class_name):
            return f"the input number {names.index(name) + 1} of {model}"
        return f"the input {name!r} of {model}"

    def nested_ends(self, prefix: str, reason: Reason) -> str:
        """The nested model at ``prefix`` takes several inputs or returns
        several outputs (``reason``): said of that model, as explain's
        words ("the model has 2 inputs") would be read as the reference's
        own; with their names when a person chose them."""
        model = repr(prefix.rstrip("/"))
        n = len(reason.layers)
        chosen = []
        for name in reason.layers:
            node = self.ref.node_named(prefix + name)  # none for an input
            if not is_auto_name(name, node.class_name if node else "InputLayer"):
                chosen.append(repr(name))
        named = f" ({_and(chosen)})" if len(chosen) == n else ""
        if reason.kind == "inputs":
            return (
                f"the nested model {model} takes {n} inputs{named}, so it is "
                f"called on a list of {n} tensors, and keras.Sequential calls each "
                "layer on the one tensor before it"
            )
        return (
            f"the nested model {model} returns {n} outputs{named}, and "
            "keras.Sequential passes only one tensor to the next layer"
        )

    def output(self, prefix: str, name: str) -> str:
        return _output_of(self.layer(prefix, name))

    def reason(self, prefix: str, reason: Reason) -> str:
        """One of kerasteach.explain's reasons, in these words."""
        first, *others = reason.layers
        others = list(dict.fromkeys(others))
        if reason.kind == "branch" and others:
            source = self.output(prefix, first)
            self.fed = set(others)
            feeds = _and([self.layer(prefix, n) for n in others])
            return f"{source} branches: it feeds {feeds}"
        if reason.kind == "merge" and others:
            merge = self.layer(prefix, first)
            if set(others) == self.fed:
                return f"{merge} merges their outputs"
            parts = [self.layer(prefix, n) for n in others]
            if any(p.startswith("the input") for p in parts):
                return f"{merge} merges {_and([_output_of(p) for p in parts])}"
            return f"{merge} merges the outputs of {_and(parts)}"
        if reason.kind == "no-layers" and not prefix:
            inputs = _labels(self.ref, self.ref.inputs)
            return (
                f"the model has no layers: it returns {inputs} as it is, and "
                "keras.Sequential needs at least one layer after its keras.Input"
            )
        if reason.kind in ("inputs", "outputs") and prefix:
            return self.nested_ends(prefix, reason)
        keys = self.ref.output_keys
        if reason.kind == "outputs" and not prefix and keys is not None:
            many = len(keys) > 1
            return (
                f"the model returns {'its outputs' if many else 'its output'} in a "
                f"dict, under the key{'s' if many else ''} "
                f"{_and([repr(k) for k in keys])} (compile(loss={{...}}) and fit() "
                f"find {'each output' if many else 'it'} by its key), and "
                "keras.Sequential returns a single tensor, never a dict"
            )
        return plain_reason(reason)
