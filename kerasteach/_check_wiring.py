"""Where a reference call finds no student call that reads its tensors.

:class:`_Wiring` is the part of :class:`._check_align._Comparison` that
speaks when the walk reaches a reference call that no free student call
reads exactly the same tensors for: a layer wired to other tensors (and
why, when it is plain: an extra layer in front of it, a layer in front of
it that belongs after it (an Activation before a skip connection's Add, an
Add inside the block it should close), a layer called twice on the same
data, a merge given its tensors in another order), or a layer, branch or
merge the student's model lacks (a branch told by
:mod:`kerasteach._check_branches`).
"""

from __future__ import annotations

from ._check_chains import _inserted, _repeated
from ._check_combine import combine_hint
from ._check_describe import _describe
from ._check_flat import _Flat, _Node, _same
from ._check_names import (
    _and,
    _label,
    _labels,
    _layer,
    _layer_name,
    _named,
    _named_as,
    _output_of,
    _said,
)
from ._check_result import CheckResult, _wrong
from .graph import INPUT, OP


class _Wiring:
    """The wiring checks of ``_Comparison``, which sets these fields (and
    whose ``tensor`` method gives a reference tensor's student counterpart)."""

    ref: _Flat
    stu: _Flat
    map: dict[int, int]
    used: set[int]
    repair: tuple | None  # what the fix of the difference found pairs

    def rewired(self, node: _Node, s: _Node, want) -> CheckResult | None:
        """``s`` reads other tensors than ``want``, the ones its reference
        call ``node`` reads: say why when the reason is plain, a layer the
        student put in front of ``s`` that belongs after it, an extra layer
        in front of ``s`` or a layer the student called a second time on the
        same data (instead of reusing the first call's result)."""
        stu = self.stu
        if len(s.inputs) != len(want):
            return None
        got_only = [t for t in s.inputs if t not in want]
        want_only = [t for t in want if t not in s.inputs]
        if len(got_only) == 1 and len(want_only) == 1:
            moved = self.moved_before(node, s, want_only[0], got_only[0])
            if moved is not None:
                return moved
        pairs = [(g, w) for g, w in zip(s.inputs, want, strict=True) if g != w]
        again = [_repeated(stu, g, w) for g, w in pairs]
        if again and all(again):
            self.repair = ("again", pairs)
            first = again[0]
            # a nested model: the model's name
            layer = _named_as(stu, first.name.split("/")[0])
            on = _labels(stu, first.inputs)
            return _wrong(
                "connection",
                f"your model calls {layer} twice on {on}, and {_layer(stu, s)} "
                f"reads the result of the second call. The "
                f"reference calls it once, and every layer that needs it reads "
                "that one result.",
                f"Call {layer} only once and keep its result in a variable; "
                "use that variable everywhere your model needs it, also on the "
                f"way to {_named(self.stu, s)}.",
                s.name,
            )
        extra = [_inserted(stu, g, w, self.used) for g, w in pairs]
        if extra and all(extra):
            self.repair = ("skip", [n for p in extra for n in p])
            path, (_, w) = extra[0], pairs[0]
            names = _and([_named(self.stu, n) for n in path])
            what = (
                f"an extra layer {names} ({_describe(path[0])})"
                if len(path) == 1
                else f"extra layers {names}"
            )
            return _wrong(
                "extra-layer",
                f"your model has {what} between {_label(stu, w)} and "
                f"{_named(self.stu, s)}; "
                f"the reference passes {_output_of(_label(stu, w))} straight to "
                f"{s.class_name}.",
                f"Remove {names}, so that {_named(self.stu, s)} reads "
                f"{_output_of(_label(stu, w))}.",
                path[0].name,
            )
        return None

    def moved_before(self, node: _Node, s: _Node, want, got) -> CheckResult | None:
        """``s`` reads ``got`` where its reference call ``node`` reads
        ``want``, and ``got`` comes from a layer that reads ``want`` and
        belongs after ``s``: the reference has a layer just like it, not
        yet matched, that reads the output of ``node`` (and tensors matched
        already).  An Activation put before a skip connection's Add instead
        of after it, an Add put between the layers of a block instead of
        after the block: said as a layer in the wrong place, not as an
        extra layer and a missing one."""
        stu, ref = self.stu, self.ref
        g = stu.nodes[got[0]]
        if g.index in self.used or got[1] != 0 or want not in g.inputs:
            return None
        mine = (node.index, 0)
        # a layer like it already after ``s``: then ``g`` is one too many
        after_s = [stu.nodes[i] for i in stu.consumers.get((s.index, 0), [])]
        for r in ref.nodes:
            if r.index in self.map or not _same(r, g) or mine not in r.inputs:
                continue
            if len(r.inputs) != len(g.inputs) or not all(
                t == mine or t[0] in self.map for t in r.inputs
            ):
                continue
            if any(_same(r, x) for x in after_s):
                return None
            after = _output_of(_named(self.stu, s))
            parts = [
                after if t == mine else _label(stu, self.tensor(t)) for t in r.inputs
            ]
            reads = _output_of(_label(stu, want))
            on = f"on {_and(parts)}" if len(parts) > 1 else f"on {after}"
            self.repair = ("moved", s, r, g)
            return _wrong(
                "order",
                f"{_layer(stu, g)} is in the wrong place: your model calls it "
                f"on {_labels(stu, g.inputs)} and passes its result to "
                f"{_named(self.stu, s)}. In the reference, {_named(self.stu, s)} reads "
                f"{reads} directly, and {_describe(r)} comes after "
                f"{_named(self.stu, s)}: it is called {on}.",
                f"Call {_named(stu, s)} on {reads}, then call {_named(stu, g)} {on}.",
                g.name,
            )
        return None

    def unreached(self, node: _Node, want, free) -> CheckResult:
        """No free student call reads exactly the tensors ``node`` reads."""
        self.repair = ("missing",)  # unless a layer of its class reads others
        # a layer placed and wired as a later reference call is that call,
        # even when it is just like this one (a shortcut's Dense(8) and the
        # block's last): this one is then missing
        same_class = [
            s
            for s in free
            if s.class_name == node.class_name and not self.is_later(node, s)
        ]
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
            self.repair = ("pair", s)
            got = _labels(self.stu, s.inputs)
            on = _output_of(wanted) if len(set(want)) == 1 else wanted
            hint = f"Call {_said(self.stu, s)} on {on} instead."
            if s.kind == OP:
                hint = f"Apply {_said(self.stu, s)} to {on} instead."
            if sorted(s.inputs) == sorted(want):
                text = (
                    f"{_layer(self.stu, s)} combines {got}, in this "
                    f"order; the reference combines {wanted}, and for "
                    f"{s.class_name} the order matters."
                )
                hint = (
                    f"Pass the tensors to {_named(self.stu, s)} in the reference's "
                    "order: " + ", then ".join(_label(self.stu, t) for t in want) + "."
                )
            else:
                told = self.rewired(node, s, want)
                if told is not None:
                    return told
                verb = "combines" if len(set(want)) > 1 else "takes its input from"
                text = (
                    f"{_layer(self.stu, s)} takes its input from "
                    f"{got}, but in the reference this "
                    f"{'call' if s.kind == OP else 'layer'} {verb} {wanted}."
                )
                if self.stu.call_count[s.key] > 1:  # which call: by what it reads
                    text = (
                        f"one of the calls of {_layer(self.stu, s)} "
                        f"reads {got}, but in the reference this call reads "
                        f"{wanted}."
                    )
                unread = [
                    self.stu.nodes[t[0]].name
                    for t in want
                    if t in self.stu.inputs and not self.stu.consumers.get(t)
                ]
                if unread:
                    text += f" No layer of your model reads your input {unread[0]!r}."
            return _wrong("connection", text, hint, s.name)
        desc = _describe(node)
        if len(set(want)) > 1:
            return _wrong(
                "missing-layer",
                f"your model is missing a layer: the reference combines {wanted} "
                f"with {desc}, and no layer of your model takes exactly these inputs.",
                combine_hint(node, desc, wanted)
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
        # the layer that reads this one in the reference reads ``want`` in the
        # student's model: this layer is missing in between, not a branch
        after = {
            self.ref.nodes[i].class_name
            for i in self.ref.consumers.get((node.index, 0), [])
        }
        skipped = [
            r for r in readers if r.index not in self.used and r.class_name in after
        ]
        if skipped and len(set(want)) == 1:
            r = skipped[0]
            return _wrong(
                "missing-layer",
                f"your model is missing a layer: between {wanted} and "
                f"{_named(self.stu, r)} ({r.class_name}) the reference has {desc}, but "
                "your model "
                f"passes {_output_of(wanted)} straight to {_named(self.stu, r)}.",
                f"Add {desc}: call it on {_output_of(wanted)}, and give its "
                f"result to {_named(self.stu, r)} in place of {_output_of(wanted)}.",
                layer,
            )
        if readers and not ends:
            return self.missing_branch(node, wanted, readers, layer)
        where = (
            f"your model stops after {wanted}" if ends else "nothing in your model does"
        )
        return _wrong(
            "missing-layer",
            f"your model is missing a layer: the reference applies {desc} to "
            f"{_output_of(wanted)}, and {where}.",
            f"Add {desc} and call it on {_output_of(wanted)}"
            + (
                # a layer called on the tensor after the one passed as the
                # outputs is not in the model: check() never sees it
                ", and pass the last tensor to keras.Model as its outputs: "
                "layers called after the tensor you pass are not part of the "
                "model."
                if ends and self.stu.origin == "functional"
                else "."
            ),
            layer,
        )
