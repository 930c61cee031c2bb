"""The checks about the API style a student's model is written in.

Two results say that the model is written in the wrong style for the task:

* before the walk, "needs-functional" (:meth:`_ApiStyle.check_structure`):
  the student wrote a keras.Sequential model, but the reference is not a
  single chain of layers, so no Sequential model can build it.  The result
  says where the reference branches, merges, shares a layer or applies an
  operation, and what to write in the Functional API for each;
* after the walk, when the architectures match, "wrong-style"
  (:meth:`_ApiStyle.check_api_style`): the exercise asks for one API style
  and the student used another.

:class:`_ApiStyle` holds them as methods of the comparison
(``kerasteach._check_align._Comparison`` inherits them).
"""

from __future__ import annotations

from ._check_flat import _and, _describe, _Flat, _plural
from ._check_result import CheckResult, _wrong
from ._check_words import _RefWords
from .graph import INPUT, LAYER

# reasons a model is not a chain, the ones a student sees first
_REASON_ORDER = ("branch", "merge", "shared", "op", "multi-output", "call-arguments")
# what to do in the Functional API about each reason
_REASON_HINTS = {
    "merge": "combine tensors by calling the merging layer on a list, e.g. "
    "{merge}([a, b])",
    "shared": "to share a layer, create it once and call it on each tensor",
    "op": "apply keras.ops functions (or operators such as x + y) to tensors "
    "where the reference does",
    "multi-output": "a layer that returns several tensors gives a tuple: "
    "a, b = layer(x)",
    "call-arguments": "pass the extra call arguments the reference passes",
}


class _ApiStyle:
    """The API-style checks of ``_Comparison``, which sets these fields."""

    ref: _Flat
    stu: _Flat
    style: str | None

    def check_structure(self) -> CheckResult | None:
        """A keras.Sequential student cannot follow a reference that is not
        a single chain: say so, and where, before any other difference."""
        ref, stu = self.ref, self.stu
        if stu.origin != "sequential" or not stu.is_chain or ref.is_chain:
            return None
        found = [(p, r) for p, r in ref.reasons() if r.kind in _REASON_ORDER]
        if not found:  # pragma: no cover - a non-chain always has a reason
            return None
        found.sort(key=lambda pr: _REASON_ORDER.index(pr[1].kind))
        words = _RefWords(ref)
        said = [words.reason(p, r) for p, r in found[:2]]
        more = len(found) - len(said)
        text = (
            "the reference is not a single chain of layers, so keras.Sequential "
            "cannot build it, and your model is a keras.Sequential. In the "
            f"reference, {'; and '.join(said)}"
            + (f" (and {_plural(more, 'more place')} like these)" if more else "")
            + "."
        )
        shape = ref.shape(ref.inputs[0])[1:]
        steps = [
            "Write your model with the Functional API: start with inputs = "
            f"keras.Input(shape={shape!r}) and call each layer on the tensor "
            "it reads"
        ]
        for kind in dict.fromkeys(r.kind for _, r in found):
            prefix, reason = next((p, r) for p, r in found if r.kind == kind)
            node = ref.node_named(prefix + reason.layers[0])
            if kind == "branch" and node is not None and node.kind == INPUT:
                steps.append("pass inputs to each layer that reads the input")
            elif kind == "branch":
                steps.append(
                    f"keep {words.output(prefix, reason.layers[0])} in a variable "
                    "and pass it to each layer that reads it"
                )
            else:
                merge = f"{node.class_name}()" if node is not None else "Add()"
                steps.append(_REASON_HINTS[kind].format(merge=merge))
        steps.append("end with model = keras.Model(inputs, outputs)")
        return _wrong("needs-functional", text, "; ".join(steps) + ".")

    def check_api_style(self) -> CheckResult | None:
        """The architecture matches: the "wrong-style" result when the
        exercise asks for another API style than the student's.  A
        subclassed model (traced through its call()) is neither style."""
        want, got = self.style, self.stu.origin
        if want is None or got == want:
            return None
        what = {
            "sequential": "a keras.Sequential",
            "functional": "written with the Functional API "
            "(keras.Model(inputs, outputs))",
        }.get(
            got,
            "a subclass of keras.Model with its own call(), which is neither a "
            "keras.Sequential nor a Functional model",
        )
        stu = self.stu
        readers = stu.consumers.get(stu.inputs[0], []) if stu.inputs else []
        first = stu.nodes[readers[0]] if readers else None
        layer = (
            f"layers.{_describe(first)}"
            if first is not None
            and first.kind == LAYER
            and first.module == "keras.layers"
            else None
        )
        shapes = [self.ref.shape(t)[1:] for t in self.ref.inputs]
        if want == "functional":
            asks = "the Functional API"
            if len(shapes) == 1:
                example = f" (x = {layer}(inputs), then the next layer on x)"
                hint = (
                    f"Start with inputs = keras.Input(shape={shapes[0]!r}), call each "
                    f"layer on the tensor before it{example if layer else ''}, and "
                    "end with model = keras.Model(inputs, outputs)."
                )
            else:
                hint = (
                    "Create one keras.Input per input (shapes "
                    f"{_and([repr(s) for s in shapes])}), call each layer on the "
                    "tensors it reads, and end with model = keras.Model(inputs, "
                    "outputs)."
                )
        else:
            asks = "a keras.Sequential model"
            hint = (
                "List the same layers in order in keras.Sequential, starting with "
                "the input and without calling them on tensors: keras.Sequential("
                f"[keras.Input(shape={shapes[0]!r}), {layer + ', ' if layer else ''}"
                "...])."
            )
        return _wrong(
            "wrong-style",
            f"your model is right, but it is {what}; this exercise asks for {asks}.",
            hint,
        )
