"""Lay out one model level as a block: nested frames, edge lanes and folding.

``_level`` lays out the top model or an expanded nested model: it lays out
each expanded nested model first (recursively) and places it as one large
item with a frame around it, gives edges that leave or enter a nested model
lanes to the frame's edge, and, for very tall drawings, cuts the ranks into
side by side columns (``_fold_cuts``) joined by numbered connectors.  The
result is a :class:`_Block`, in top to bottom coordinates relative to its
own top left.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ._coordinates import _GAP_BOX, _GAP_DUMMY
from ._sugiyama import _GAP_RANK, _Chain, _Column, _Item, _ranks

if TYPE_CHECKING:  # pragma: no cover
    from ._drawn import DrawnNode, _Drawn, _Group

# spacing, in points
_FRAME_PAD = 8.0
_FRAME_LABEL = 16.0
_FRAME_INSET = 6.0  # the frame's label starts this far from its edge
_COLUMN_GAP = 28.0
_CONNECTOR = 13.0  # diameter of a connector circle
_SELF_LOOP = 12.0
# folding: fold when the drawing is this many times taller than wide; aim for
# columns that give about this height/width ratio.
_FOLD_WHEN = 3.0
_FOLD_MIN = 2000.0  # never fold drawings shorter than this (points)
_FOLD_TARGET = 1.3
# dummies (pieces of long edges) per box or edge above which the edges from
# one port share a lane: every layer concatenating all before it (n layers,
# n**2 / 2 edges) gave n**3 / 3 dummies, 18 s to draw at n = 80
_LANE_BUDGET = 8


@dataclass
class _Ctx:
    size: Callable[[DrawnNode], tuple[float, float]]
    keep: set[str]
    present: set[str]
    rankdir: str
    loops: set[str]
    fold: bool
    label_width: Callable[[DrawnNode], float]

    @property
    def pad(self) -> tuple[float, float, float, float]:
        """Frame padding (left, top, right, bottom) in TB coordinates."""
        p, label = _FRAME_PAD, _FRAME_LABEL
        return (p, p + label, p, p) if self.rankdir == "TB" else (p + label, p, p, p)


@dataclass
class _Block:
    """A laid-out level, relative to its own top left, in TB coordinates.

    For an expanded nested model, ``exits`` and ``entries`` say where an
    edge to or from the outside meets the block: for each inner box with
    such an edge, the port (a point on the block's last or first row, so the
    outside edge never crosses inner boxes) and the path inside the block
    between the box and that port."""

    breadth: float
    depth: float
    leaves: dict = field(default_factory=dict)  # key -> (x0, y0, x1, y1)
    frames: list = field(default_factory=list)  # (key, x0, y0, x1, y1, depth)
    routes: list = field(default_factory=list)  # (u, v, pieces, reversed)
    connectors: list = field(default_factory=list)  # (label, x, y, side)
    exits: dict = field(default_factory=dict)  # leaf -> (port, pieces)
    entries: dict = field(default_factory=dict)  # leaf -> (port, pieces)
    crossings: int = 0
    columns: int = 1

    def merge(self, other: _Block, dx: float, dy: float) -> None:
        """Copy ``other``'s boxes, frames, routes and connectors, moved."""
        for key, (x0, y0, x1, y1) in other.leaves.items():
            self.leaves[key] = (x0 + dx, y0 + dy, x1 + dx, y1 + dy)
        for key, x0, y0, x1, y1, depth in other.frames:
            self.frames.append((key, x0 + dx, y0 + dy, x1 + dx, y1 + dy, depth))
        for u, v, pieces, rev in other.routes:
            self.routes.append((u, v, _moved(pieces, dx, dy), rev))
        for label, x, y, side in other.connectors:
            self.connectors.append((label, x + dx, y + dy, side))
        self.crossings += other.crossings

    def port(self, leaf: str, out: bool, dx: float = 0.0, dy: float = 0.0):
        """(port, pieces) of ``leaf``, moved by (dx, dy)."""
        (x, y), pieces = (self.exits if out else self.entries)[leaf]
        return (x + dx, y + dy), _moved(pieces, dx, dy)


def _moved(pieces, dx: float, dy: float):
    return tuple(tuple((x + dx, y + dy) for x, y in p) for p in pieces)


def _join(*parts):
    """Concatenate tuples of pieces, fusing pieces that meet end to start."""
    out: list[tuple] = []
    for pieces in parts:
        for piece in pieces:
            if out and math.dist(out[-1][-1], piece[0]) < 1e-6:
                out[-1] = out[-1] + piece[1:]
            else:
                out.append(piece)
    return tuple(out)


def _level(group: _Group, drawn: _Drawn, ctx: _Ctx) -> _Block:
    """Lay out one model (the top one or an expanded nested one)."""
    tb = ctx.rankdir == "TB"
    present: list = [c for c in group.children if c in ctx.present]
    seq = {c: i for i, c in enumerate(present)}
    blocks: dict[str, _Block] = {}
    sizes: dict = {}
    for child in present:
        if child in drawn.leaves:
            w, h = ctx.size(drawn.leaves[child])
            sizes[child] = (float(w), float(h)) if tb else (float(h), float(w))
        else:
            blocks[child] = _level(drawn.groups[child], drawn, ctx)
            sizes[child] = (blocks[child].breadth, blocks[child].depth)

    def child_of(leaf: str) -> str:
        while drawn.parent[leaf] != group.key:
            leaf = drawn.parent[leaf]
        return leaf

    def port(child, leaf, top: bool) -> tuple[float, float, bool]:
        """(x from the child's centre, y from its top, fixed?) of ``leaf``."""
        if child == leaf:
            return (0.0, 0.0 if top else sizes[child][1], False)
        (x, y), _ = blocks[child].port(leaf, out=not top)
        return (x - sizes[child][0] / 2, y, True)

    prefix = "" if group.key is None else group.key + "/"
    edges: list = []  # (a, b, leaf a, leaf b, reversed) in layout direction
    exits: list[str] = []  # leaves with an edge leaving this nested model
    entries: list[str] = []  # leaves with an edge coming in
    for u, v in drawn.edges:
        if u not in ctx.keep or v not in ctx.keep:
            continue
        inside_u, inside_v = u.startswith(prefix), v.startswith(prefix)
        if inside_u and inside_v:
            cu, cv = child_of(u), child_of(v)
            if cu == cv:
                continue
            if seq[cu] < seq[cv]:
                edges.append((cu, cv, u, v, False))
            else:
                edges.append((cv, cu, v, u, True))
        elif inside_u and u not in exits:
            exits.append(u)
        elif inside_v and v not in entries:
            entries.append(v)
    outputs = list(dict.fromkeys(child_of(o) for o in group.outputs if o in ctx.keep))
    inputs = list(dict.fromkeys(child_of(i) for i in group.inputs if i in ctx.keep))
    rank = _ranks(present, [(a, b) for a, b, *_ in edges], outputs)

    # an edge leaving (entering) from a box above the last (below the first)
    # row gets a lane to a port on that row, so it crosses no inner box
    last_rank = max(rank.values(), default=0)
    lanes = {}
    for leaf in exits:
        if rank[child_of(leaf)] < last_rank:
            key = lanes[leaf, "out"] = ("exit", leaf)
            rank[key] = last_rank
            edges.append((child_of(leaf), key, leaf, key, False))
    for leaf in entries:
        if rank[child_of(leaf)] > 0:
            key = lanes[leaf, "in"] = ("entry", leaf)
            rank[key] = 0
            edges.append((key, child_of(leaf), key, leaf, False))
    for key in lanes.values():
        present.append(key)
        sizes[key] = (0.0, 0.0)
    cuts = _fold_cuts(rank, edges, sizes, ctx) if ctx.fold else []

    def column(c) -> int:
        return sum(1 for cut in cuts if rank[c] > cut)

    n_cols = len(cuts) + 1
    first = [0] + [cut + 1 for cut in cuts]
    last = [cut for cut in cuts] + [last_rank]
    has_in = [False] * n_cols
    for a, b, *_ in edges:
        if column(a) != column(b):
            has_in[column(b)] = True

    def local(c) -> int:
        col = column(c)
        return rank[c] - first[col] + has_in[col]

    columns = [_Column(ctx.rankdir) for _ in range(n_cols)]
    items: dict = {}
    for c in present:
        breadth, depth = sizes[c]
        kind = "block" if c in blocks else "dummy" if isinstance(c, tuple) else "node"
        items[c] = columns[column(c)].add(_Item(kind, c, breadth, depth, local(c)))
        if c in ctx.loops:
            items[c].room += 2 * (_SELF_LOOP + 2)

    # each edge becomes a chain of links through dummy items, or two chains
    # meeting at a pair of numbered connectors when it jumps to a later column;
    # the edges from one port share a lane when a lane per edge would cost
    # more than the budget
    def below(col) -> int:  # the local rank of the connectors leaving ``col``
        return last[col] - first[col] + has_in[col] + 1

    def dummies(a, b) -> int:
        if column(a) == column(b):
            return local(b) - local(a) - 1
        return below(column(a)) - local(a) - 1 + local(b) - 1

    lanes_cost = sum(dummies(a, b) for a, b, *_ in edges)
    share = lanes_cost > _LANE_BUDGET * (len(present) + len(edges))
    chains: list[list[_Chain]] = []
    connectors: dict[tuple, tuple[_Item, _Item]] = {}
    for a, b, la, lb, _ in edges:
        ca, cb = column(a), column(b)
        pa, pb = port(a, la, top=False), port(b, lb, top=True)
        if ca == cb:
            chains.append([columns[ca].chain(items[a], items[b], pa, pb, share)])
            continue
        if (a, cb) not in connectors:
            size = _CONNECTOR
            out = columns[ca].add(_Item("connector", (a, cb), size, size, below(ca)))
            inn = columns[cb].add(_Item("connector", (a, cb), size, size, 0))
            connectors[(a, cb)] = (out, inn)
        out, inn = connectors[(a, cb)]
        chains.append(
            [
                columns[ca].chain(items[a], out, pa, (0.0, 0.0, False), share),
                columns[cb].chain(inn, items[b], (0.0, _CONNECTOR, False), pb, share),
            ]
        )

    block = _Block(0.0, 0.0, columns=n_cols)
    x = 0.0
    for i, col in enumerate(columns):
        block.crossings += col.arrange(
            inputs if i == 0 else [], outputs if i == n_cols - 1 else [], x
        )
        x += col.width + _COLUMN_GAP
        block.depth = max(block.depth, col.depth)
    block.breadth = max(x - _COLUMN_GAP, 0.0)

    corner = {}  # child -> top left
    for c, it in items.items():
        y0 = columns[column(c)].top_of(it)
        w = sizes[c][0]
        corner[c] = (it.x - w / 2, y0)
        if c in blocks:
            block.merge(blocks[c], it.x - w / 2, y0)
        elif not isinstance(c, tuple):
            block.leaves[c] = (it.x - w / 2, y0, it.x + w / 2, y0 + it.depth)

    # connectors are numbered column by column, left to right
    order = sorted(connectors, key=lambda k: (column(k[0]), connectors[k][0].x))
    for n, key in enumerate(order, 1):
        out, inn = connectors[key]
        for side, it, col in (("out", out, column(key[0])), ("in", inn, key[1])):
            y = columns[col].top_of(it) + _CONNECTOR / 2
            block.connectors.append((str(n), it.x, y, side))

    def inner(child, leaf, out: bool):
        """The path inside a child block from ``leaf`` to the block's port."""
        if child not in blocks:
            return ()
        _, pieces = blocks[child].port(leaf, out, *corner[child])
        return pieces

    lane_pieces = {}
    for (a, b, la, lb, rev), parts in zip(edges, chains):
        pieces = tuple(chain.route() for chain in parts)
        if isinstance(b, tuple):  # an exit lane: inside path, then the lane
            lane_pieces[b] = _join(inner(a, la, True), pieces)
            continue
        if isinstance(a, tuple):  # an entry lane
            lane_pieces[a] = _join(pieces, inner(b, lb, False))
            continue
        pieces = _join(inner(a, la, True), pieces, inner(b, lb, False))
        if rev:
            pieces = tuple(tuple(reversed(p)) for p in reversed(pieces))
            la, lb = lb, la
        block.routes.append((la, lb, pieces, rev))

    if group.key is None:
        return block
    for leaves, out, store in (
        (exits, True, block.exits),
        (entries, False, block.entries),
    ):
        for leaf in leaves:
            c = child_of(leaf)
            lane = lanes.get((leaf, "out" if out else "in"))
            if lane is not None:
                pieces = lane_pieces[lane]
                store[leaf] = ((pieces[-1][-1] if out else pieces[0][0]), pieces)
            else:
                offset, y, _ = port(c, leaf, top=not out)
                x0, y0 = corner[c]
                spot = (x0 + sizes[c][0] / 2 + offset, y0 + y)
                store[leaf] = (spot, inner(c, leaf, out))
    left, top, right, bottom = ctx.pad
    # the frame is at least as long as its label, the content centred in it
    need = ctx.label_width(group.node) + 2 * _FRAME_INSET
    if tb:
        extra = max(0.0, need - (block.breadth + left + right)) / 2
        left, right = left + extra, right + extra
    else:
        extra = max(0.0, need - (block.depth + top + bottom)) / 2
        top, bottom = top + extra, bottom + extra
    framed = _Block(block.breadth + left + right, block.depth + top + bottom)
    framed.merge(block, left, top)
    framed.frames.append(
        (group.key, 0.0, 0.0, framed.breadth, framed.depth, group.depth)
    )
    framed.columns = block.columns
    for leaf in block.exits:
        framed.exits[leaf] = block.port(leaf, True, left, top)
    for leaf in block.entries:
        framed.entries[leaf] = block.port(leaf, False, left, top)
    return framed


def _fold_cuts(rank: dict[str, int], edges: list, sizes: dict, ctx: _Ctx) -> list[int]:
    """Ranks after which to start a new column, for very tall drawings."""
    if not rank:
        return []
    n = max(rank.values()) + 1
    depth = [0.0] * n
    breadth = [0.0] * n
    for c, r in rank.items():
        depth[r] = max(depth[r], sizes[c][1])
        breadth[r] += sizes[c][0] + _GAP_BOX
    lanes = [0] * (n + 1)
    across = [0] * (n + 1)  # across[r]: edges crossing between r and r+1
    for a, b, *_ in edges:
        ra, rb = rank[a], rank[b]
        lanes[ra + 1] += 1
        lanes[rb] -= 1
        across[ra] += 1
        across[rb] -= 1
    run_l = run_a = 0
    for r in range(n):
        run_l += lanes[r]
        run_a += across[r]
        lanes[r], across[r] = run_l, run_a
        breadth[r] += lanes[r] * _GAP_DUMMY
    gap = _GAP_RANK[ctx.rankdir]
    height = sum(depth) + gap * (n - 1)
    width = max(max(breadth), 120.0)
    target = _FOLD_TARGET if ctx.rankdir == "TB" else 1.0 / _FOLD_TARGET
    if height <= max(
        _FOLD_MIN, _FOLD_WHEN * width * (1.0 if ctx.rankdir == "TB" else 1.5)
    ):
        return []
    k = min(round(math.sqrt(height / (target * width))), n // 6)
    if k < 2:
        return []
    cum, y = [], 0.0
    for r in range(n):
        y += depth[r] + gap
        cum.append(y)
    cuts: list[int] = []
    per = height / k
    for i in range(1, k):
        ideal = i * per
        lo = cuts[-1] + 3 if cuts else 2
        best = None
        for r in range(lo, n - 3):
            if abs(cum[r] - ideal) > 0.2 * per:
                if cum[r] > ideal:
                    break
                continue
            score = (across[r], abs(cum[r] - ideal))
            if best is None or score < best[0]:
                best = (score, r)
        if best is not None:
            cuts.append(best[1])
    return cuts
