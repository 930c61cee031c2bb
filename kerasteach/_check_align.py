"""Where a student's model parts from the reference, said in words.

:class:`_Comparison` visits the reference's calls in topological order and
pairs each with an unused student call that reads the matching tensors and
has the same class and settings.  The first reference call without a match
is where the models part: the chains of layers that start there in both
models (``_chain``) are aligned like two words in a spell checker
(``_first_edit``), so one forgotten layer reads as "missing layer", not as a
cascade of wrong settings, and a layer added where the student's model
branches (before two heads) as "extra layer" when the next one is the
reference's (``comes_next``); a layer of the right type with other settings
is told by :class:`._check_settings._Settings`, one called with other
arguments (``training=True``) by :class:`._check_calls._CallArguments`,
and one wired to other tensors, or missing, by
:class:`._check_wiring._Wiring` (a missing branch, told whole, by
:class:`._check_branches._Branches`).  The checks on the model as a whole
(inputs, outputs, the final verdict) come from
:class:`._check_whole._WholeModel`, and those about the API style (a
Sequential student facing a branching reference, the style an exercise asks
for) from :class:`._check_api_style._ApiStyle`.  Each difference leaves a
``repair`` (what its fix pairs), with which
:class:`._check_more._MoreDifferences` walks on past it to count the
differences after the first.
"""

from __future__ import annotations

from ._check_activations import same_activation
from ._check_api_style import _ApiStyle
from ._check_branches import _Branches
from ._check_calls import _CallArguments, _same_call
from ._check_chains import _chain, _edit_cost, _first_edit, _moved
from ._check_describe import _describe
from ._check_flat import Tensor, _Flat, _Node, _same
from ._check_more import _MoreDifferences
from ._check_names import (
    _a,
    _and,
    _called,
    _labels,
    _layer,
    _layer_name,
    _named,
    _output_of,
    _said,
)
from ._check_result import CheckResult, _wrong
from ._check_settings import _Settings
from ._check_whole import _WholeModel
from ._check_wiring import _Wiring
from .graph import INPUT, OP

# merge layers whose result does not depend on the order of their inputs
_COMMUTATIVE = frozenset({"Add", "Multiply", "Average", "Maximum", "Minimum"})


class _Comparison(
    _WholeModel,
    _ApiStyle,
    _Settings,
    _Wiring,
    _Branches,
    _CallArguments,
    _MoreDifferences,
):
    def __init__(self, ref: _Flat, stu: _Flat, style: str | None = None):
        self.ref = ref
        self.stu = stu
        self.style = style  # the API style the exercise asks for, or None
        self.map: dict[int, int] = {}  # reference node -> student node
        self.used: set[int] = set()
        self.layer_map: dict[tuple, tuple] = {}
        self.layer_rev: dict[tuple, tuple] = {}
        self.input_pairs: list | None = None  # inputs paired otherwise (a trial)
        self.start_counting()  # for the differences after the first

    def tensor(self, t: Tensor) -> Tensor:
        found = self.ref_alias.get(t)  # a missing layer's: the one before it
        return (self.map[t[0]], t[1]) if found is None else found

    # -- the walk --------------------------------------------------------
    def run(self) -> CheckResult:
        result = self.compare()
        if result.correct:
            return result
        # perhaps only the inputs are listed in another order
        reordered = self.inputs_in_another_order(result)
        if reordered is not None:
            return reordered
        return self.with_more(result)

    def compare(self) -> CheckResult:
        result = self.check_inputs()
        if result is None:
            result = self.check_output_count()
        if result is None:
            result = self.check_structure()
        if result is not None:
            return result
        for node in self.ref.nodes:
            if node.index in self.map:
                continue
            result = self.match(node)
            if result is not None:
                return result
        result = self.check_rest()
        style = self.check_api_style() if result.correct else None
        return result if style is None else style  # (a CheckResult may be falsy)

    def match(self, node: _Node) -> CheckResult | None:
        want = tuple(self.tensor(t) for t in node.inputs)
        # only the readers of the wanted tensors can match (keeps big models fast)
        readers = dict.fromkeys(i for t in want for i in self.readers(t))
        pool = [self.stu.nodes[i] for i in readers if i not in self.used]
        candidates = [s for s in pool if self.reads(s) == want]
        if node.class_name in _COMMUTATIVE:
            candidates += [
                s
                for s in pool
                if s.class_name == node.class_name
                and s not in candidates
                and sorted(self.reads(s)) == sorted(want)
            ]
        exact = [s for s in candidates if _same(node, s)]
        exact.sort(key=lambda s: not _same_call(node, s))  # the same call first
        if exact and not _same_call(node, exact[0]):
            self.repair = ("pair", exact[0])
            return self.call_arguments(node, exact[0])
        if exact:
            return self.pair(node, exact[0])
        # a reader that is exactly another reference call on these tensors is
        # that call (a sibling branch), not this one gone wrong
        candidates = [s for s in candidates if not self.is_sibling(node, s)]
        candidates = [s for s in candidates if not self.fits_later(node, s)]
        if candidates:
            candidates.sort(key=lambda s: s.class_name != node.class_name)
            return self.diverge(node, candidates[0])
        free = [
            s for s in self.stu.nodes if s.index not in self.used and s.kind != INPUT
        ]
        return self.unreached(node, want, free)

    def is_sibling(self, node: _Node, s: _Node) -> bool:
        """``s`` matches exactly another reference call than ``node``, one
        whose inputs are matched and are the tensors ``s`` reads."""
        for r in self.ref.nodes:
            if r.index in self.map or r.index == node.index or not _same(r, s):
                continue
            if all(t[0] in self.map for t in r.inputs):
                if tuple(self.tensor(t) for t in r.inputs) == self.reads(s):
                    return True
        return False

    def fits_later(self, node: _Node, s: _Node) -> bool:
        """``s`` is another reference call than ``node`` with other settings:
        one of its class that reads the same tensors, whose chain of layers
        ``s`` and those after it are closer to (a shortcut's Dense missing,
        and the block's first Dense, with other units, read as the block's,
        not as the shortcut's with extra layers after it)."""
        mine = None
        stu_chain = [self.stu.nodes[i] for i in _chain(self.stu, s.index, self.used)]
        for r in self.ref.nodes:
            if r.index in self.map or r.index == node.index:
                continue
            if r.class_name != s.class_name or not all(
                t[0] in self.map or t in self.ref_alias for t in r.inputs
            ):
                continue
            if tuple(self.tensor(t) for t in r.inputs) != self.reads(s):
                continue
            if mine is None:
                chain = [self.ref.nodes[i] for i in _chain(self.ref, node.index)]
                mine = _edit_cost(chain, stu_chain)
            chain = [self.ref.nodes[i] for i in _chain(self.ref, r.index)]
            if _edit_cost(chain, stu_chain) < mine:
                return True
        return False

    def pair(self, node: _Node, s: _Node) -> CheckResult | None:
        key, skey = node.key, s.key
        self.repair = ("pair", s)  # if they differ: as the fix pairs them
        if key in self.layer_map and self.layer_map[key] != skey:
            other = next(n for n in self.stu.nodes if n.key == self.layer_map[key])
            return _wrong(
                "shared",
                f"your model uses two different layers, {_named(self.stu, other)} "
                f"and {_named(self.stu, s)}, where the reference calls one shared "
                "layer twice "
                "(both calls use the same weights).",
                f"Create the layer once, e.g. shared = {_describe(s)}, and call "
                "that same layer on each input: shared(a), shared(b).",
                s.name,
            )
        if skey in self.layer_rev and self.layer_rev[skey] != key:
            return _wrong(
                "shared",
                f"your model calls {_layer(self.stu, s)} more than once, so its "
                "weights are shared, but the reference uses a separate layer, "
                "with its own weights, for each of these calls.",
                f"Create a new {s.class_name} layer for each use instead of "
                f"calling {_named(self.stu, s)} again.",
                s.name,
            )
        self.layer_map[key] = skey
        self.layer_rev[skey] = key
        self.map[node.index] = s.index
        self.used.add(s.index)
        self.repair = None
        return None

    # -- where the models part ------------------------------------------
    def diverge(self, node: _Node, cand: _Node) -> CheckResult:
        self.repair = ("pair", cand)  # unless a layer is missing or extra
        ref_chain = _chain(self.ref, node.index)
        stu_chain = _chain(self.stu, cand.index, stop=self.used)
        op = _first_edit(
            [self.ref.nodes[i] for i in ref_chain],
            [self.stu.nodes[i] for i in stu_chain],
        )
        if op != "extra" and stu_chain == [cand.index] and self.comes_next(node, cand):
            op = "extra"  # the student's chain branches after ``cand``
        prev = _labels(self.stu, cand.inputs)
        prev_layer = _layer_name(self.stu, cand.inputs[0])
        ref_nodes = [self.ref.nodes[i] for i in ref_chain]
        stu_nodes = [self.stu.nodes[i] for i in stu_chain]
        moved = _moved(ref_nodes, stu_nodes)
        if moved is not None:
            return self.misplaced(node, cand, prev, ref_nodes, stu_nodes, moved)
        if op == "missing":
            self.repair = ("missing",)
            return _wrong(
                "missing-layer",
                f"your model is missing a layer: after {prev} the reference has "
                f"{_describe(node)}, but your model goes straight to "
                f"{_called(self.stu, cand)}.",
                f"Add {_describe(node)} between {prev} and {_named(self.stu, cand)}"
                + (
                    # a layer made but not called on the way to the outputs is
                    # not in the model: say how to connect it
                    f": call it on {_output_of(prev)}, and call "
                    f"{_named(self.stu, cand)} on its result."
                    if self.stu.origin == "functional"
                    else "."
                ),
                prev_layer,
            )
        if op == "extra":
            self.repair = ("skip", [cand])
            return _wrong(
                "extra-layer",
                f"your model has an extra layer {_named(self.stu, cand)} "
                f"({_describe(cand)}) after {prev}; at that point the reference "
                f"continues with {_describe(node)}.",
                f"Remove {_named(self.stu, cand)}.",
                cand.name,
            )
        if cand.class_name != node.class_name:
            return _wrong(
                "layer-type",
                f"{self.what_it_is(cand)}, but at this point (after {prev}) the "
                f"reference {self.what_it_is(node, ref=True)}."
                + same_activation(cand, node),
                f"Replace {_said(self.stu, cand)} with {_describe(node)}.",
                cand.name,
            )
        return self.settings(node, cand)

    def comes_next(self, node: _Node, cand: _Node) -> bool:
        """A free student call that reads only ``cand``'s output is just
        like ``node``, and is read by calls like those that read ``node``:
        ``cand`` is an extra layer in front of it, even where the student's
        model branches after ``cand`` (two heads read it), which ends the
        chains ``_first_edit`` aligns.  (A block of layers alike, the first
        with other settings, as in a skip connection's Dense(16) layers, is
        that first layer changed, not one too many.)"""
        if _same(node, cand) or len(cand.shapes) != 1:
            return False
        readers = self.stu.consumers.get((cand.index, 0), [])
        then = [self.ref.nodes[i] for i in self.ref.consumers.get((node.index, 0), [])]
        for i in readers:
            s = self.stu.nodes[i]
            if i in self.used or s.inputs != ((cand.index, 0),) or not _same(node, s):
                continue
            after = [self.stu.nodes[k] for k in self.stu.consumers.get((i, 0), [])]
            if all(any(_same(r, a) for a in after) for r in then):
                return True
        return False

    def what_it_is(self, node: _Node, ref: bool = False) -> str:
        """``layer 'r' is a ReLU layer`` (the student's ``node``) or ``has an
        Activation layer: Activation('relu')`` (the reference's, ``ref``);
        a keras.ops call as the call it is."""
        if ref:
            if node.kind == OP:
                return f"applies {_describe(node)}"
            return f"has {_a(node.class_name)} layer: {_describe(node)}"
        if node.kind == OP:
            return f"your model applies {_said(self.stu, node)}"
        return f"layer {_named(self.stu, node)} is {_a(node.class_name)} layer"

    def misplaced(self, node, cand, prev, ref_nodes, stu_nodes, moved):
        """The "order" result: a layer of the chain that starts at ``cand``
        is in another place than in the reference (see ``_moved``)."""
        way, j = moved
        self.repair = ("order", ref_nodes[: j + 1], stu_nodes[: j + 1])
        if j == 1:
            second = stu_nodes[1]
            return _wrong(
                "order",
                f"layers {_named(self.stu, cand)} ({cand.class_name}) and "
                f"{_named(self.stu, second)} ({second.class_name}) are in the wrong "
                f"order: after {prev} the "
                f"reference has {_describe(node)} first, then "
                f"{_describe(ref_nodes[1])}.",
                f"Swap them: {_named(self.stu, second)} comes right after {prev}, then "
                f"{_named(self.stu, cand)}.",
                cand.name,
            )
        if way == "late":
            layer = stu_nodes[j]
            return _wrong(
                "order",
                f"{_layer(self.stu, layer)} is in the wrong place: your model "
                f"has it after {_named(self.stu, stu_nodes[j - 1])}, but the "
                f"reference has {_describe(node)} right after {prev}, before "
                f"{_named(self.stu, cand)}.",
                f"Move {_named(self.stu, layer)} so that it comes right after {prev}, "
                f"before {_named(self.stu, cand)}.",
                layer.name,
            )
        after = stu_nodes[j]
        names = _and([_named(self.stu, n) for n in stu_nodes[1 : j + 1]])
        return _wrong(
            "order",
            f"{_layer(self.stu, cand)} is in the wrong place: your model has it "
            f"right after {prev}, but in the reference it comes later, after "
            f"the layers your model calls {names}.",
            f"Move {_named(self.stu, cand)} so that it comes right after "
            f"{_named(self.stu, after)}.",
            cand.name,
        )
