"""A branch of the reference that the student's model lacks, and the layers
that are placed as a later branch's are.

:class:`_Branches` is the part of :class:`._check_align._Comparison` that
tells a missing branch whole: its layers one after the other and the merge
that joins it to the rest, in the student's words ("The reference combines
the result and the output of 'f_2' with Add()").  A layer added alone on a
branch leads to no output, so it is not in the model: adding the branch and
joining it is one fix, which the count of
:class:`._check_more._MoreDifferences` takes as one (``"branch"``).  It also
sees that a student's layer is placed as a later reference call (the
block's last Dense, where a shortcut's Dense just like it is missing), so
that the missing one is not read as that layer with extra layers in front.
"""

from __future__ import annotations

from ._check_chains import _MAX_CHAIN, _chain
from ._check_describe import _describe
from ._check_flat import _Flat, _Node
from ._check_names import _and, _label, _output_of, _said
from ._check_result import CheckResult, _wrong
from .graph import INPUT


class _Branches:
    """The branch checks of ``_Comparison``, which sets these fields (and
    whose ``tensor`` and ``reads`` methods give a reference tensor's student
    counterpart and what a student call reads)."""

    ref: _Flat
    stu: _Flat
    map: dict[int, int]
    used: set[int]
    ref_alias: dict
    repair: tuple | None

    def missing_branch(self, node: _Node, wanted: str, readers, layer) -> CheckResult:
        """The reference's ``node`` starts a branch the student's model lacks:
        it reads ``wanted`` as the student's ``readers`` do.  The branch is
        told whole, with the layers that follow ``node`` one after the other
        and the merge that joins it to the rest: a layer added alone reads
        ``wanted`` but leads to no output, so it is not in the model and
        check() would say the same again.  Adding the branch and joining it
        is one fix, and the count takes it as one (``"branch"``)."""
        ref = self.ref
        branch = [ref.nodes[i] for i in _chain(ref, node.index)]
        end = (branch[-1].index, 0)
        joins = [ref.nodes[i] for i in ref.consumers.get(end, [])]
        join = joins[0] if len(joins) == 1 and len(set(joins[0].inputs)) > 1 else None
        self.repair = ("branch", branch, join)
        others = " and ".join(_said(self.stu, r) for r in readers[:2])
        desc = ", then ".join(_describe(n) for n in branch)
        on = _output_of(wanted)
        text = (
            f"your model is missing a branch: the reference also applies {desc}"
            f"{',' if len(branch) > 1 else ''} to {on}, besides {others}, and "
            "nothing in your model does."
        )
        hint = (
            f"Add {desc} and call it on {on} too"
            if len(branch) == 1
            else f"Add {desc}: call the first on {on} too, and each on the result "
            "of the one before"
        )
        hint += " (several layers can read the same tensor)"
        if join is not None:
            merge = _describe(join)
            parts = self.join_parts(node, join, end)
            if parts is None:
                text += f" The reference merges the result with the rest using {merge}."
                hint += (
                    f"; then merge its result with the rest using {merge}, as "
                    "the reference does"
                )
            else:
                mine = _and([p or "the result" for p in parts])
                text += f" The reference combines {mine} with {merge}."
                yours = _and([p or "its result" for p in parts])
                hint += f"; then combine {yours} with {merge}, in this order"
            hint += (
                ": a layer whose result does not lead to the model's outputs is "
                "not part of the model."
            )
        else:
            hint += "."
        return _wrong(
            "missing-layer",
            text,
            hint
            + (
                " A keras.Sequential model cannot branch: write this model "
                "with the Functional API."
                if self.stu.origin == "sequential"
                else ""
            ),
            layer,
        )

    def join_parts(self, node: _Node, join: _Node, end) -> list | None:
        """What the merge ``join`` combines, in the student's words, in its
        order, None in the place of the branch's ``end``: each tensor paired
        already, or from a free student call placed as the reference's (see
        ``leads_like``); None when one cannot be told yet."""
        parts: list[str | None] = []
        for t in join.inputs:
            if t == end:
                parts.append(None)
                continue
            if not self.paired(t):
                like = [
                    s
                    for s in self.stu.nodes
                    if s.index not in self.used
                    and s.kind != INPUT
                    and self.leads_like(node, self.ref.nodes[t[0]], s)
                ]
                if not like:
                    return None
                got = (like[0].index, t[1])
            else:
                got = self.tensor(t)
            parts.append(_output_of(_label(self.stu, got)))
        return parts

    def paired(self, t) -> bool:
        """The reference's tensor ``t`` has a student counterpart already."""
        return t[0] in self.map or t in self.ref_alias

    def is_later(self, node: _Node, s: _Node) -> bool:
        """The student's free ``s`` is a later reference call than ``node``,
        perhaps with other settings: one placed as ``s`` is (see
        ``leads_like``), as the block's last Dense is, where ``node`` is a
        shortcut's Dense just like it."""
        return any(
            r.index not in self.map
            and r.index != node.index
            and self.leads_like(node, r, s)
            for r in self.ref.nodes
        )

    def leads_like(self, node: _Node, r: _Node, s: _Node, depth: int = 0) -> bool:
        """The reference's ``r`` and the student's ``s`` are layers of one
        class, and so are the layers they read from, none paired yet, back to
        tensors paired already (and not through ``node``, the call looked
        for): ``s`` is ``r``, if perhaps with other settings."""
        if (
            depth > _MAX_CHAIN
            or r.class_name != s.class_name
            or len(r.inputs) != len(s.inputs)
        ):
            return False
        for rt, st in zip(r.inputs, self.reads(s), strict=True):
            if self.paired(rt):
                if self.tensor(rt) != st:
                    return False
                continue
            before = self.stu.nodes[st[0]]
            if (
                rt[0] == node.index
                or rt[1] != st[1]
                or before.index in self.used
                or not self.leads_like(node, self.ref.nodes[rt[0]], before, depth + 1)
            ):
                return False
        return True
