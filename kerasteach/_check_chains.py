"""Chains of layers in a flat graph, and where two of them differ.

Used by :class:`kerasteach._check_align._Comparison` where the student's
model parts from the reference: ``_chain`` follows the layers that come one
after the other from a call, ``_first_edit`` aligns two such chains like two
words in a spell checker, ``_moved`` sees a layer in the wrong place,
``_inserted`` the extra layers a student put in front of a layer's input,
and ``_repeated`` a layer called a second time on the same data, where the
reference reuses the result of the first call.
"""

from __future__ import annotations

from ._check_flat import Tensor, _Flat, _Node, _same
from .graph import INPUT

_MAX_CHAIN = 24
# the cost of a layer of another type, against 1 for a missing or extra one
_REPLACE = 1.5


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

    A layer of another type costs more than one missing or extra layer, and
    less than both: in one place (a GaussianNoise where the reference has a
    Dropout) it is one layer to replace; but a layer left out here and one
    added further on are that, a missing layer and an extra one, not each
    layer in between replaced by the next (which would tell a student to
    replace a Dense layer that only has another activation by a Dropout).
    """
    n, m = len(ref), len(stu)
    cost = _costs(ref, stu)
    sub = _sub(ref, stu)
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


def _sub(ref: list[_Node], stu: list[_Node]):
    """The cost of ``stu[j]`` in the place of ``ref[i]``."""

    def sub(i, j):
        if _same(ref[i], stu[j]):
            return 0.0
        return 0.5 if ref[i].class_name == stu[j].class_name else _REPLACE

    return sub


def _costs(ref: list[_Node], stu: list[_Node]) -> list[list[float]]:
    """``cost[i][j]``: the cheapest way to turn ``stu[j:]`` into ``ref[i:]``."""
    n, m = len(ref), len(stu)
    sub = _sub(ref, stu)
    cost = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n, -1, -1):
        for j in range(m, -1, -1):
            if i == n or j == m:
                cost[i][j] = float((n - i) + (m - j))
                continue
            cost[i][j] = min(
                sub(i, j) + cost[i + 1][j + 1], 1 + cost[i + 1][j], 1 + cost[i][j + 1]
            )
    return cost


def _edit_cost(ref: list[_Node], stu: list[_Node]) -> float:
    """How far the chain ``stu`` is from ``ref`` (see ``_first_edit``)."""
    return _costs(ref, stu)[0][0]


def _moved(ref: list[_Node], stu: list[_Node]) -> tuple[str, int] | None:
    """A layer of the chains in another place, the others in order:
    ``("late", j)`` when the student's ``stu[j]`` is the reference's first
    layer (it belongs before ``stu[0]``), ``("early", j)`` when the student's
    first layer is the reference's ``ref[j]`` (it belongs right after
    ``stu[j]``).  ``j == 1`` is two layers swapped.  None otherwise."""
    if not ref or not stu or _same(ref[0], stu[0]):
        return None

    def in_order(a, b):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))

    for j in range(1, min(len(stu), len(ref))):
        if _same(stu[j], ref[0]) and in_order(stu[:j], ref[1 : j + 1]):
            return ("late", j)
        if _same(stu[0], ref[j]) and in_order(stu[1 : j + 1], ref[:j]):
            return ("early", j)
    return None


def _inserted(flat: _Flat, got: Tensor, want: Tensor, used) -> list[_Node] | None:
    """The layers, first to last, that lead from ``want`` to ``got`` one
    after the other, none of them matched with the reference yet: extra
    layers a student put in front of a layer's input.  None when ``got``
    does not come from ``want`` that way."""
    path: list[_Node] = []
    while got != want and len(path) < _MAX_CHAIN:
        node = flat.nodes[got[0]]
        if node.index in used or node.kind == INPUT or len(set(node.inputs)) != 1:
            return None
        path.append(node)
        got = node.inputs[0]
    return path[::-1] if got == want and path else None


def _repeated(flat: _Flat, got: Tensor, want: Tensor) -> _Node | None:
    """The first call of a layer that the student made a second time on the
    same data, when ``got`` is what ``want`` is, computed again (the same
    layers called on the same tensors); None when it is not."""
    if got == want:
        return None
    a, b = flat.nodes[got[0]], flat.nodes[want[0]]
    if got[1] != want[1] or a.key != b.key or len(a.inputs) != len(b.inputs):
        return None
    if a.inputs == b.inputs:
        return a
    first = None
    for x, y in zip(a.inputs, b.inputs, strict=True):
        if x == y:
            continue
        found = _repeated(flat, x, y)
        if found is None:
            return None
        first = first or found
    return first
