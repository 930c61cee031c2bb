"""How many differences a student's model has after the first.

check() tells the first difference in full, and one at a time is what a
beginner can act on; but a student who fixes it should not think the model
is then right when it is not.  So check() also counts the differences after
the first: :meth:`_MoreDifferences.with_more` walks the models again in a
lenient comparison, which does not stop at a difference but goes on as if
the student had fixed it the way the hint says, and counts each difference
it meets on the way.  The count is what check() would find, one "Not yet"
after the other, for a student who fixes each as told.

Each difference the walk finds leaves a ``repair``, set where it is found
(:mod:`kerasteach._check_align`, :mod:`kerasteach._check_wiring`,
:mod:`kerasteach._check_branches`): what the fix pairs.

* ``("pair", s)``: the reference's call and the student's call ``s`` are
  the same call, once fixed (other settings, another type, other tensors or
  arguments, a layer shared or not);
* ``("missing",)``: the reference's call is missing: the tensor it reads
  stands for its output;
* ``("branch", nodes, join)``: the reference's ``nodes``, a branch, are
  missing, each as above; joining the branch is part of the same fix, so the
  merge ``join`` that reads it (or None) is not counted again when it is
  missing or wired otherwise;
* ``("skip", nodes)``: the student's ``nodes`` are extra: each one's output
  stands for its input;
* ``("again", pairs)``: a layer called a second time on the same data: the
  second call's result stands for the first;
* ``("order", ref_nodes, stu_nodes)``: the same layers in another order: the
  last of the student's stands for the last of the reference's;
* ``("moved", s, r, g)``: the student's ``g`` comes before ``s`` where the
  reference's ``r`` comes after it.

A difference that changes the model as a whole (another number of inputs or
outputs, a keras.Sequential answer to a reference that branches) ends the
count: what comes after it cannot be told yet, and the result says "at
least".  So does a layer paired with one that returns another number of
tensors, some of which are read (an LSTM whose states a Concatenate reads,
where the student has a Flatten or a plain LSTM): the fix gives the student
tensors their model does not have yet, and how many differences remain
depends on what they then read them with, which no hint can tell in
advance.  (States unpacked and left unused pair as the same layer.)  The
count never changes the first difference, which the strict walk found.
"""

from __future__ import annotations

from dataclasses import replace

from ._check_flat import Tensor, _Flat, _Node, _same
from ._check_keys import by_path
from ._check_result import CheckResult
from .graph import INPUT

# kinds a walk cannot go on from: the model as a whole differs
_WHOLE = frozenset({"inputs", "outputs", "needs-functional", "input-order"})
# what the merge that joins a missing branch says before the branch is added
_JOINED = frozenset({"missing-layer", "connection"})


class _MoreDifferences:
    """The lenient walk of ``_Comparison``, which sets these fields."""

    ref: _Flat
    stu: _Flat
    style: str | None
    map: dict[int, int]
    used: set[int]
    layer_map: dict[tuple, tuple]
    layer_rev: dict[tuple, tuple]
    input_pairs: list | None

    def start_counting(self) -> None:
        """The state of a walk that may go on past a difference; empty for
        the strict walk, which stops at the first."""
        self.repair: tuple | None = None  # what the fix of a difference pairs
        # a missing reference call's output -> the student tensor it stands for
        self.ref_alias: dict[Tensor, Tensor] = {}
        # an extra student call's output -> the tensor it stands for
        self.stu_alias: dict[Tensor, Tensor] = {}
        self.alias_readers: dict[Tensor, list[int]] = {}
        self.passed: set[int] = set()  # reference calls found missing
        # merges that join a missing branch: wiring them is that branch's fix
        self.joining: set[int] = set()
        # the hints of "call-arguments" results: a nested model's call is
        # told for each layer inside it, and fixed once
        self.told: set[str] = set()

    # -- student tensors, read through the extra calls skipped -------------
    def resolve(self, t: Tensor) -> Tensor:
        while t in self.stu_alias:
            t = self.stu_alias[t]
        return t

    def reads(self, s: _Node) -> tuple[Tensor, ...]:
        """The tensors ``s`` reads, each as what it stands for."""
        if not self.stu_alias:
            return s.inputs
        return tuple(self.resolve(t) for t in s.inputs)

    def readers(self, t: Tensor) -> list[int]:
        """The student calls that read ``t``, or a tensor that stands for it."""
        return self.stu.consumers.get(t, []) + self.alias_readers.get(t, [])

    # -- the count -------------------------------------------------------
    def with_more(self, result: CheckResult) -> CheckResult:
        """``result``, the first difference, with how many more there are
        after it."""
        if self.input_pairs is not None or result.kind in _WHOLE:
            return result  # a trial of the input order; or nothing to go on
        walk = type(self)(self.ref, self.stu, self.style)
        try:
            found, stopped = walk.count_differences()
        except Exception:  # noqa: BLE001 - the count is an extra: never fail
            return result
        if found < 2 and not stopped:
            return result
        return replace(result, more=max(found - 1, 0), more_at_least=stopped)

    def count_differences(self) -> tuple[int, bool]:
        """(How many differences the lenient walk finds, whether it had to
        stop before the end)."""
        found = 0
        result = self.check_inputs()
        if result is not None:
            if result.kind != "input-shape":
                return 1, True
            found = 1
            for rt, st in self.paired_inputs():
                self.map[rt[0]] = st[0]
                self.used.add(st[0])
        for whole in (self.check_output_count(), self.check_structure()):
            if whole is not None:  # (a CheckResult is falsy)
                return found + 1, True
        for node in self.ref.nodes:
            for _ in range(len(self.stu.nodes) + 2):  # a skip retries the call
                if node.index in self.map or node.index in self.passed:
                    break
                self.repair = None
                result = self.match(node)
                if result is None:
                    break
                if result.kind == "call-arguments":  # once for a model's calls
                    found += result.hint not in self.told
                    self.told.add(result.hint)
                elif node.index in self.joining and result.kind in _JOINED:
                    self.joining.discard(node.index)  # the branch's fix joins it
                else:
                    found += 1
                if not self.recover(node, result):
                    return found, True
            else:
                return found, True
        return found + self.count_rest(), False

    def recover(self, node: _Node, result: CheckResult) -> bool:
        """Go on past ``result``, found at the reference's ``node``, as if
        it were fixed; False when it cannot be told how."""
        repair, self.repair = self.repair, None
        if repair is None:
            return False
        action, *args = repair
        if action == "pair":
            (s,) = args
            if not self.outputs_pair(node, s):
                return False
            self.force(node, s)
            if result.kind == "activation":
                self.activation_apart(node, s)
        elif action == "missing":
            if len(node.shapes) != 1 or not node.inputs:
                return False
            self.ref_alias[(node.index, 0)] = self.instead(node)
            self.passed.add(node.index)
        elif action == "branch":
            nodes, join = args
            for n in nodes:
                if len(n.shapes) != 1 or not n.inputs:
                    return False
                self.ref_alias[(n.index, 0)] = self.tensor(n.inputs[0])
                self.passed.add(n.index)
            if join is not None:
                self.joining.add(join.index)
        elif action == "skip":
            return all(self.skip(n) for n in args[0])
        elif action == "again":
            for got, want in args[0]:
                self.stand_for(got, want)
                self.skip_computed(got[0])
        elif action == "order":
            ref_nodes, stu_nodes = args
            free = list(stu_nodes)
            for r in ref_nodes:  # each with a layer like it, else in order
                s = next((s for s in free if _same(r, s)), free[0])
                free.remove(s)
                self.force(r, s)
            self.ref_alias[(ref_nodes[-1].index, 0)] = (stu_nodes[-1].index, 0)
        elif action == "moved":
            s, r, g = args
            self.force(node, s)
            self.force(r, g)
            self.ref_alias[(r.index, 0)] = (s.index, 0)
        return True

    def outputs_pair(self, r: _Node, s: _Node) -> bool:
        """The reference's ``r`` and the student's ``s`` return as many
        tensors, or the ones only one of them returns are read by nothing
        (an LSTM's states unpacked and left unused): the others pair."""
        if len(r.shapes) == len(s.shapes):
            return True
        for flat, n in ((self.ref, r), (self.stu, s)):
            for k in range(min(len(r.shapes), len(s.shapes)), len(n.shapes)):
                if (n.index, k) in flat.consumers or (n.index, k) in flat.output_set:
                    return False
        return True

    def instead(self, node: _Node) -> Tensor:
        """The student's tensor that stands for the output of the missing
        reference call ``node``: of the tensors it would read, the one a
        free student call like the next reference call reads (a missing
        merge: the branch the student's next layer reads); else the first."""
        want = [self.tensor(t) for t in node.inputs]
        after = [self.ref.nodes[i] for i in self.ref.consumers.get((node.index, 0), [])]
        for t in want:
            for i in self.readers(t):
                s = self.stu.nodes[i]
                if i not in self.used and any(_same(r, s) for r in after):
                    return t
        return want[0]

    def force(self, r: _Node, s: _Node) -> None:
        """Pair the reference's call ``r`` with the student's ``s``."""
        self.map[r.index] = s.index
        self.used.add(s.index)
        self.layer_map.setdefault(r.key, s.key)
        self.layer_rev.setdefault(s.key, r.key)

    def stand_for(self, got: Tensor, want: Tensor) -> None:
        """The student's tensor ``got`` stands for ``want`` from now on."""
        want = self.resolve(want)
        if got == want:
            return
        self.stu_alias[got] = want
        self.alias_readers.setdefault(want, []).extend(
            self.stu.consumers.get(got, []) + self.alias_readers.get(got, [])
        )

    def skip(self, n: _Node) -> bool:
        """Pass over the student's extra call ``n``: its output stands for
        its input."""
        if n.index in self.used:
            return True
        if len(n.shapes) != 1 or len(set(n.inputs)) != 1:
            return False
        self.used.add(n.index)
        self.stand_for((n.index, 0), n.inputs[0])
        return True

    def skip_computed(self, index: int) -> None:
        """Pass over the calls that computed a second time what the student's
        model had already (``index`` and the free calls it reads from)."""
        todo = [index]
        while todo:
            n = self.stu.nodes[todo.pop()]
            if n.index in self.used or n.kind == INPUT:
                continue
            self.used.add(n.index)
            todo.extend(t[0] for t in n.inputs)

    def activation_apart(self, node: _Node, s: _Node) -> None:
        """After an "activation" difference where one model applies the
        activation in a separate layer right after: the fix removes the
        student's, or writes the reference's inside ``s``."""
        from ._check_activations import next_activation

        mine, theirs = s.config.get("activation"), node.config.get("activation")
        after = next_activation(self.stu, s) if mine == "linear" else None
        if after is not None:
            self.skip(after)
        ref_after = next_activation(self.ref, node) if theirs == "linear" else None
        if ref_after is not None:
            self.map[ref_after.index] = s.index

    def count_rest(self) -> int:
        """The differences after the walk, as ``check_rest`` would tell them
        one after the other: each run of extra layers, inputs or outputs in
        another structure (whose hint says where each output goes), other
        output keys, each output in another place, and the API style.  An
        output of another shape is not counted: with every layer paired, it
        comes from a difference counted already (other units, an input of
        another shape, a layer missing at the end)."""
        ref, stu = self.ref, self.stu
        found = 0
        for s in stu.nodes:
            if s.index in self.used or s.kind == INPUT:
                continue
            found += 1  # check_rest tells a layer and those after it at once
            for i in sorted(self.downstream(s)):
                if not self.skip(stu.nodes[i]):
                    self.used.add(i)
        placed = False  # a structure hint places each output
        for word in ("input", "output"):
            for told in (self.check_dict(word), self.check_no_dict(word)):
                if told is not None:  # (a CheckResult is falsy)
                    found += 1
                    placed = placed or word == "output"
        pairs = list(zip(ref.outputs, stu.outputs, strict=True))
        if ref.output_keys is not None and stu.output_keys is not None:
            if sorted(ref.output_keys) != sorted(stu.output_keys):
                return found + 1 + self.style_differs()
            keyed = by_path(
                ref.output_paths, ref.outputs, stu.output_paths, stu.outputs
            )
            if keyed is None:  # another structure under a key
                return found + 1 + self.style_differs()
            pairs = keyed
        if not placed:
            wrong = [(self.tensor(rt), self.resolve(st)) for rt, st in pairs]
            wrong = [(a, b) for a, b in wrong if a != b]
            swapped = sum(1 for a, b in wrong if (b, a) in wrong) // 2
            found += len(wrong) - swapped
        return found + self.style_differs()

    def style_differs(self) -> int:
        """1 when the exercise asks for another API style than the
        student's: told once the architecture is right."""
        return int(self.style is not None and self.stu.origin != self.style)
