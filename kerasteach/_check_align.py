"""Where a student's model parts from the reference, said in words.

:class:`_Comparison` visits the reference's calls in topological order and
pairs each with an unused student call that reads the matching tensors and
has the same class and settings.  The first reference call without a match
is where the models part: the chains of layers that start there in both
models (``_chain``) are aligned like two words in a spell checker
(``_first_edit``), so one forgotten layer reads as "missing layer", not as a
cascade of wrong settings.  The checks on the model as a whole (inputs,
outputs, the final verdict) come from :class:`._check_whole._WholeModel`,
and those about the API style (a Sequential student facing a branching
reference, the style an exercise asks for) from
:class:`._check_api_style._ApiStyle`.
"""

from __future__ import annotations

from ._check_api_style import _ApiStyle
from ._check_flat import (
    Tensor,
    _a,
    _and,
    _describe,
    _Flat,
    _label,
    _labels,
    _layer_name,
    _Node,
    _output_of,
    _plural,
    _same,
    _words,
)
from ._check_result import CheckResult, _wrong
from ._check_whole import _WholeModel
from .graph import INPUT

# merge layers whose result does not depend on the order of their inputs
_COMMUTATIVE = frozenset({"Add", "Multiply", "Average", "Maximum", "Minimum"})
# settings reported before the others, with the words used for them
_SETTING_WORDS = {
    "units": ("units", "units"),
    "filters": ("filters", "filters"),
    "kernel_size": ("kernel_size", "kernel size"),
    "activation": ("activation", "activation"),
}
_MAX_CHAIN = 24


class _Comparison(_WholeModel, _ApiStyle):
    def __init__(self, ref: _Flat, stu: _Flat, style: str | None = None):
        self.ref = ref
        self.stu = stu
        self.style = style  # the API style the exercise asks for, or None
        self.map: dict[int, int] = {}  # reference node -> student node
        self.used: set[int] = set()
        self.layer_map: dict[tuple, tuple] = {}
        self.layer_rev: dict[tuple, tuple] = {}

    def tensor(self, t: Tensor) -> Tensor:
        return (self.map[t[0]], t[1])

    # -- the walk --------------------------------------------------------
    def run(self) -> CheckResult:
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
        readers = dict.fromkeys(i for t in want for i in self.stu.consumers.get(t, []))
        pool = [self.stu.nodes[i] for i in readers if i not in self.used]
        candidates = [s for s in pool if s.inputs == want]
        if node.class_name in _COMMUTATIVE:
            candidates += [
                s
                for s in pool
                if s.class_name == node.class_name
                and s not in candidates
                and sorted(s.inputs) == sorted(want)
            ]
        exact = [s for s in candidates if _same(node, s)]
        if exact:
            return self.pair(node, exact[0])
        if candidates:
            candidates.sort(key=lambda s: s.class_name != node.class_name)
            return self.diverge(node, candidates[0])
        free = [
            s for s in self.stu.nodes if s.index not in self.used and s.kind != INPUT
        ]
        return self.unreached(node, want, free)

    def pair(self, node: _Node, s: _Node) -> CheckResult | None:
        key, skey = node.key, s.key
        if key in self.layer_map and self.layer_map[key] != skey:
            other = next(n for n in self.stu.nodes if n.key == self.layer_map[key])
            return _wrong(
                "shared",
                f"your model uses two different layers, {other.name!r} and "
                f"{s.name!r}, where the reference calls one shared layer twice "
                "(both calls use the same weights).",
                f"Create the layer once, e.g. shared = {_describe(s)}, and call "
                "that same layer on each input: shared(a), shared(b).",
                s.name,
            )
        if skey in self.layer_rev and self.layer_rev[skey] != key:
            return _wrong(
                "shared",
                f"your model calls layer {s.name!r} more than once, so its "
                "weights are shared, but the reference uses a separate layer, "
                "with its own weights, for each of these calls.",
                f"Create a new {s.class_name} layer for each use instead of "
                f"calling {s.name!r} again.",
                s.name,
            )
        self.layer_map[key] = skey
        self.layer_rev[skey] = key
        self.map[node.index] = s.index
        self.used.add(s.index)
        return None

    # -- where the models part ------------------------------------------
    def diverge(self, node: _Node, cand: _Node) -> CheckResult:
        ref_chain = _chain(self.ref, node.index)
        stu_chain = _chain(self.stu, cand.index, stop=self.used)
        op = _first_edit(
            [self.ref.nodes[i] for i in ref_chain],
            [self.stu.nodes[i] for i in stu_chain],
        )
        prev = _labels(self.stu, cand.inputs)
        prev_layer = _layer_name(self.stu, cand.inputs[0])
        if op == "missing":
            return _wrong(
                "missing-layer",
                f"your model is missing a layer: after {prev} the reference has "
                f"{_describe(node)}, but your model goes straight to "
                f"{cand.name!r} ({cand.class_name}).",
                f"Add {_describe(node)} between {prev} and {cand.name!r}.",
                prev_layer,
            )
        if op == "extra":
            return _wrong(
                "extra-layer",
                f"your model has an extra layer {cand.name!r} "
                f"({_describe(cand)}) after {prev}; at that point the reference "
                f"continues with {_describe(node)}.",
                f"Remove {cand.name!r}.",
                cand.name,
            )
        if cand.class_name != node.class_name:
            return _wrong(
                "layer-type",
                f"layer {cand.name!r} is {_a(cand.class_name)} layer, but at "
                f"this point (after {prev}) the reference has "
                f"{_a(node.class_name)} layer: {_describe(node)}.",
                f"Replace {cand.name!r} with {_describe(node)}.",
                cand.name,
            )
        return self.settings(node, cand)

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
            text = f"{label} has {mine} {key}; the reference has {theirs}."
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
            if after.class_name == "Activation":
                hint += (
                    f" Your separate Activation layer {after.name!r} does the same "
                    f"job, but the reference puts the activation inside the "
                    f"{s.class_name} layer."
                )
        kind = key if key in _SETTING_WORDS else "config"
        return _wrong(kind, text, hint, s.name)

    def unreached(self, node: _Node, want, free) -> CheckResult:
        """No free student call reads exactly the tensors ``node`` reads."""
        same_class = [s for s in free if s.class_name == node.class_name]
        same_class.sort(key=lambda s: not _same(node, s))
        if same_class and not _same(node, same_class[0]):
            # a layer that matches a later reference layer exactly is that
            # layer, not this one wired wrongly: this one is missing
            later = [
                r
                for r in self.ref.nodes
                if r.index not in self.map and r.index != node.index
            ]
            same_class = [s for s in same_class if not any(_same(r, s) for r in later)]
        wanted = _labels(self.stu, want)
        if same_class and node.kind != INPUT:
            s = same_class[0]
            got = _labels(self.stu, s.inputs)
            hint = f"Call {s.name!r} on {wanted} instead."
            if sorted(s.inputs) == sorted(want):
                text = (
                    f"layer {s.name!r} ({s.class_name}) combines {got}, in this "
                    f"order; the reference combines {wanted}, and for "
                    f"{s.class_name} the order matters."
                )
                hint = (
                    f"Pass the tensors to {s.name!r} in the reference's order: "
                    + ", then ".join(_label(self.stu, t) for t in want)
                    + "."
                )
            else:
                verb = "combines" if len(set(want)) > 1 else "takes its input from"
                text = (
                    f"layer {s.name!r} ({s.class_name}) takes its input from "
                    f"{got}, but in the reference this layer {verb} {wanted}."
                )
            return _wrong("connection", text, hint, s.name)
        desc = _describe(node)
        if len(set(want)) > 1:
            return _wrong(
                "missing-layer",
                f"your model is missing a layer: the reference combines {wanted} "
                f"with {desc}, and no layer of your model takes exactly these inputs.",
                f"Merge them with {desc}, calling it on a list: "
                f"keras.layers.{node.class_name}()([a, b])."
                + (
                    " A keras.Sequential model cannot merge two tensors: write "
                    "this model with the Functional API."
                    if self.stu.origin == "sequential"
                    else ""
                ),
                None,
            )
        ends = any(t in self.stu.output_set for t in want)
        readers = [
            self.stu.nodes[i] for t in want for i in self.stu.consumers.get(t, [])
        ]
        layer = _layer_name(self.stu, want[0]) if want else None
        if readers and not ends:
            others = " and ".join(repr(r.name) for r in readers[:2])
            return _wrong(
                "missing-layer",
                f"your model is missing a branch: the reference also applies "
                f"{desc} to {_output_of(wanted)}, besides {others}, and nothing "
                "in your model does.",
                f"Add {desc} and call it on {_output_of(wanted)} too: several "
                "layers can read the same tensor."
                + (
                    " A keras.Sequential model cannot branch: write this model "
                    "with the Functional API."
                    if self.stu.origin == "sequential"
                    else ""
                ),
                layer,
            )
        where = (
            f"your model stops after {wanted}" if ends else "nothing in your model does"
        )
        return _wrong(
            "missing-layer",
            f"your model is missing a layer: the reference applies {desc} to "
            f"{_output_of(wanted)}, and {where}.",
            f"Add {desc} and call it on {_output_of(wanted)}.",
            layer,
        )


# --------------------------------------------------------------------------
# chains and their alignment


def _chain(flat: _Flat, start: int, stop=frozenset()) -> list[int]:
    """``start`` and the layers that follow it one after the other."""
    out = [start]
    n = start
    while len(out) < _MAX_CHAIN:
        node = flat.nodes[n]
        if len(node.shapes) != 1 or (n, 0) in flat.output_set:
            break
        users = flat.consumers.get((n, 0), [])
        if len(users) != 1:
            break
        nxt = flat.nodes[users[0]]
        if len(set(nxt.inputs)) != 1 or nxt.index in stop:
            break
        out.append(nxt.index)
        n = nxt.index
    return out


def _first_edit(ref: list[_Node], stu: list[_Node]) -> str:
    """The first step of the cheapest way to turn ``stu`` into ``ref``:
    ``"missing"`` (a reference layer is absent), ``"extra"`` (a student layer
    is too many) or ``"change"`` (the first layers differ in type or settings).
    """
    n, m = len(ref), len(stu)

    def sub(i, j):
        if _same(ref[i], stu[j]):
            return 0.0
        return 0.5 if ref[i].class_name == stu[j].class_name else 1.0

    cost = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n, -1, -1):
        for j in range(m, -1, -1):
            if i == n or j == m:
                cost[i][j] = float((n - i) + (m - j))
                continue
            cost[i][j] = min(
                sub(i, j) + cost[i + 1][j + 1], 1 + cost[i + 1][j], 1 + cost[i][j + 1]
            )
    best = cost[0][0]
    options = []  # in order of preference when several are cheapest
    if ref[0].class_name == stu[0].class_name:
        options.append(("change", sub(0, 0) + cost[1][1]))
    if n > m:
        options.append(("missing", 1 + cost[1][0]))
    if m > n:
        options.append(("extra", 1 + cost[0][1]))
    options += [
        ("change", sub(0, 0) + cost[1][1]),
        ("missing", 1 + cost[1][0]),
        ("extra", 1 + cost[0][1]),
    ]
    return next(op for op, c in options if c == best)
