"""The checks about the API style a student's model is written in.

Two results say that the model is written in the wrong style for the task:

* before the walk, "needs-functional" (:meth:`_ApiStyle.check_structure`):
  the student wrote a keras.Sequential model, but no keras.Sequential can
  match the reference (:func:`sequential_blockers`): it is not a single
  chain of layers, or it is one that returns a dict, has no layers, applies
  an operation or has a layer that returns several tensors.  The result says
  where, with kerasteach.explain's reasons in the words of
  :class:`._check_words._RefWords`, and what to write in the Functional API
  for each (a student who nests another part than the reference's nested
  model is told so by :mod:`._check_nest_place`);
* after the walk, when the architectures match, "wrong-style"
  (:meth:`_ApiStyle.check_api_style`): the exercise asks for one API style
  and the student used another.

:class:`_ApiStyle` holds them as methods of the comparison
(``kerasteach._check_align._Comparison`` inherits them).
"""

from __future__ import annotations

from ._check_describe import _describe
from ._check_flat import _Flat
from ._check_names import _and, _plural
from ._check_nest_place import nested_elsewhere
from ._check_result import CheckResult, _wrong
from ._check_words import _RefWords
from ._names import Namespace
from .graph import INPUT, LAYER, MODEL, OP, Reason

# every kind of reason a model is not a chain (kerasteach.explain's, a
# grouped reason read as its parts), the ones a student sees first first
_REASON_ORDER = (
    "inputs",
    "outputs",
    "no-layers",
    "branch",
    "merge",
    "shared",
    "op",
    "multi-output",
    "output-structure",
    "call-arguments",
)
# what to do in the Functional API about each reason ("branch" and
# "no-layers" are said apart: they depend on the place)
_REASON_HINTS = {
    "inputs": "create one keras.Input for each input and pass them all: "
    "keras.Model(inputs=[a, b], outputs=...)",
    "outputs": "pass every output to keras.Model: keras.Model(inputs, [a, b])",
    "dict-outputs": "pass the outputs to keras.Model as a dict with the "
    "reference's key{s}: outputs={{{keys}}}",
    "merge": "combine tensors by calling the merging layer on a list, e.g. "
    "{merge}([a, b])",
    "shared": "to share a layer, create it once and call it on each tensor",
    "op": "apply keras.ops functions (or operators such as x + y) to tensors "
    "where the reference does",
    "multi-output": "a layer that returns several tensors gives a tuple: "
    "a, b = layer(x)",
    "output-structure": "a model that returns a list or a dict gives it "
    "whole: take the tensor the next layer needs from it, e.g. block(x)[0]",
    "call-arguments": "pass the extra call arguments the reference passes",
}
# kinds that a chain of layers may have too, and no keras.Sequential (which
# calls each layer on the tensor alone: check() compares training=True too)
_CHAIN_BLOCKERS = ("no-layers", "outputs", "op", "multi-output", "call-arguments")


def sequential_blockers(ref: _Flat) -> list[tuple[str, Reason]]:
    """Why no keras.Sequential model can match ``ref`` as check() compares
    models, the first to tell first: every reason of a model that is not a
    single chain; for a chain (nested models inlined), the reasons of the
    outer model that a chain may have too: no layers, a dict for its output
    (check() compares it), a keras.ops function, a layer that returns
    several tensors or one called with more than its input (check()
    compares ``training=True``).  A nested model's own reasons do not count for a
    chain: a keras.Sequential may hold that model, or its layers."""
    found = ref.reasons()
    if ref.is_chain:
        found = [
            (p, r)
            for p, r in found
            if p == ""
            and r.kind in _CHAIN_BLOCKERS
            # a single output in another form than a dict: as its layers
            and (r.kind != "outputs" or ref.output_keys is not None)
        ]
    rank = {kind: i for i, kind in enumerate(_REASON_ORDER)}
    return sorted(found, key=lambda pr: rank.get(pr[1].kind, len(rank)))


def returning_tail(ref: _Flat) -> str | None:
    """The name of the nested model a keras.Sequential reference ends with
    and returns the outputs of (``keras.Sequential([..., encoder])``, with
    an encoder of several outputs), when nothing else keeps the reference
    from keras.Sequential; else None."""
    from ._analysis import _returning_tail

    graph = ref.graph
    index = _returning_tail(graph, graph.consumers())
    if index is None or any(p == "" for p, _ in sequential_blockers(ref)):
        return None
    return graph.layers[graph.calls[index].layer].name


class _ApiStyle:
    """The API-style checks of ``_Comparison``, which sets these fields."""

    ref: _Flat
    stu: _Flat
    style: str | None

    def check_structure(self) -> CheckResult | None:
        """A keras.Sequential student cannot match a reference that no
        keras.Sequential can (see :func:`sequential_blockers`): say so, and
        where, before any other difference."""
        ref, stu = self.ref, self.stu
        if stu.origin != "sequential" or not stu.is_chain:
            return None
        found = sequential_blockers(ref)
        if ref.is_chain:  # unless the student's model has it too (held inside)
            has = {
                "op": any(n.kind == OP for n in stu.nodes),
                "multi-output": any(len(n.shapes) > 1 for n in stu.nodes),
            }
            found = [(p, r) for p, r in found if not has.get(r.kind)]
        if not found:
            return None
        if all(p for p, _ in found):  # the reference's own layers: a chain
            return self.nested_part(found)
        words = _RefWords(ref)
        said = [words.reason(p, r) for p, r in found[:2]]
        more = len(found) - len(said)
        what = (
            "is a single chain, but one that keras.Sequential cannot build"
            if ref.is_chain
            else "is not a single chain of layers, so keras.Sequential cannot build it"
        )
        text = (
            f"the reference {what}, and your model is a keras.Sequential. In "
            f"the reference, {'; and '.join(said)}"
            + (f" (and {_plural(more, 'more place')} like these)" if more else "")
            + "."
        )
        shape = ref.shape(ref.inputs[0])[1:]
        if found[0][1].kind == "no-layers":
            return _wrong(
                "needs-functional",
                text,
                "Write your model with the Functional API, without layers: "
                f"inputs = keras.Input(shape={shape!r}), then model = "
                "keras.Model(inputs, inputs).",
            )
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
            elif kind == "outputs" and ref.output_keys is not None:
                keys = ref.output_keys
                steps.append(
                    _REASON_HINTS["dict-outputs"].format(
                        s="s" if len(keys) > 1 else "",
                        keys=", ".join(f"{k!r}: ..." for k in keys),
                    )
                )
            elif kind in ("inputs", "outputs") and prefix:  # a nested model's
                steps.append(_nested_step(kind, prefix, reason))
            elif kind in _REASON_HINTS:
                merge = f"{node.class_name}()" if node is not None else "Add()"
                steps.append(_REASON_HINTS[kind].format(merge=merge))
        steps.append("end with model = keras.Model(inputs, outputs)")
        return _wrong("needs-functional", text, "; ".join(steps) + ".")

    def nested_part(self, found) -> CheckResult:
        """The reference is a chain whose nested models are not chains
        (kerasteach.explain calls it Sequential: keras.Sequential may hold
        them as layers), and the student's keras.Sequential is a chain all
        through: say where the nested models part from a chain, and to build
        that part as a model of its own, or, when the student's keras.Sequential
        holds models already (chains inside), to build theirs as the
        reference builds its own."""
        ref = self.ref
        words = _RefWords(ref)
        said = [words.reason(p, r) for p, r in found[:2]]
        more = len(found) - len(said)
        names = [repr(n) for n in dict.fromkeys(p.split("/")[0] for p, _ in found)]
        one = len(names) == 1
        mine = [
            la
            for la in self.stu.graph.layers
            if la.kind == MODEL and la.submodel is not None
        ]
        where = "model" if one else "models"
        functional = (
            "part_inputs = keras.Input(shape=...), call each layer on the tensor "
            "it reads, then part = keras.Model(part_inputs, part_outputs)"
        )
        elsewhere = None
        if mine and one:  # is theirs the matching part?
            model = found[0][0].split("/")[0]
            elsewhere = nested_elsewhere(
                ref.graph,
                self.stu.graph,
                model,
                [la.name for la in mine],
                words,
                functional,
            )
        if mine:
            own = [repr(la.name) for la in mine]
            yours = (
                f"your nested model {own[0]} is a single chain of layers"
                if len(own) == 1
                else f"your nested models {_and(own)} are single chains of layers"
            )
            inside = f"the reference's {names[0] if one else 'nested models'}"
            if elsewhere is not None:
                yours = elsewhere[0]
        else:
            yours = "your model is a keras.Sequential of layers alone"
            inside = f"that {where}" if one else f"those {where}"
        text = (
            "the reference is a chain of layers, as keras.Sequential builds, but "
            f"its nested {where} {_and(names)} {'is' if one else 'are'} not a "
            f"single chain of layers, and {yours}. In {inside}, "
            f"{'; and '.join(said)}"
            + (f" (and {_plural(more, 'more place')} like these)" if more else "")
            + "."
        )
        shape = ref.shape(ref.inputs[0])[1:]
        if elsewhere is not None:
            hint = elsewhere[1]
        elif mine:
            target = (
                f"your nested model {own[0]}"
                if len(own) == 1
                else f"the nested model of yours that stands where the reference "
                f"has {names[0]}"
            )
            sequential = len(own) == 1 and mine[0].submodel.origin == "sequential"
            hint = (
                f"Build {target} as the reference builds {names[0]}"
                + (
                    ": a keras.Sequential builds only a chain, so write it with the "
                    "Functional API"
                    if sequential
                    else ""
                )
                + f" ({functional}), and keep it in your keras.Sequential where "
                f"the reference has {names[0]}."
            )
        else:
            hint = (
                "A keras.Sequential can hold such a part as one of its layers: build "
                f"it as a model of its own with the Functional API, like the "
                f"reference's {names[0]} (part_inputs = keras.Input(shape=...), then "
                "part = keras.Model(part_inputs, part_outputs)), and list that model "
                "in your keras.Sequential where the reference has it: "
                f"keras.Sequential([keras.Input(shape={shape!r}), ..., part, ...])."
            )
        if self.style != "sequential":
            hint += " Or write your whole model with the Functional API."
        return _wrong("needs-functional", text, hint)

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


def _nested_step(kind: str, prefix: str, reason: Reason) -> str:
    """What to do in the Functional API about the nested model at
    ``prefix`` that takes several inputs or returns several outputs
    (``reason``), with a variable named after it."""
    model = prefix.rstrip("/")
    var = Namespace().create_name(model)
    n = len(reason.layers)
    letters = ", ".join("abcdefghij"[: min(n, 10)])
    if kind == "inputs":
        return (
            f"call the nested model {model!r} on a list of its {n} inputs, as "
            f"the reference does: {var}([{letters}])"
        )
    return (
        f"take the {n} outputs of the nested model {model!r} apart: "
        f"{letters} = {var}(x)"
    )
