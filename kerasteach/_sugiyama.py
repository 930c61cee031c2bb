"""Order and place the rows of one column of a layered drawing.

The Sugiyama steps of :mod:`kerasteach.layout` after the ranks are known
(``_ranks`` finds them): each row holds :class:`_Item` slots (boxes, nested
blocks, lanes of long edges, connectors) joined by :class:`_Link` pieces of
edges (a lane per long edge, or one shared by the edges leaving a port, see
``_Column._trunk``).  ``_order`` reorders the rows by barycenter sweeps to
remove crossings; the x coordinates within each row come from
:mod:`kerasteach._coordinates` (ports, isotonic regression, straight lanes
and chains).  :class:`_Column` runs these steps and stacks the rows;
:class:`_Chain` turns an edge into a polyline.  Pure geometry: no Keras, no
matplotlib.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._coordinates import _align_chains, _place, _ports, _straighten

# spacing, in points
_GAP_RANK = {"TB": 22.0, "LR": 36.0}  # between ranks
_SWEEPS = 12
_EPS = 1e-6  # points: less is rounding error, not a piece of an edge
# an edge that runs far sideways gets a taller gap: at least 1 point down per
# 10 across, up to 5 ordinary gaps (50 branches from one input were drawn as
# one dark band of nearly flat lines, their arrowheads lying on their sides)
_FAN_SLOPE = 0.1
_FAN_MAX = 5.0


class _Item:
    """Something that takes a slot in a row: a box ("node"), an expanded
    nested model ("block"), a lane of a long edge ("dummy") or a connector."""

    __slots__ = (
        "kind", "key", "breadth", "room", "depth", "rank", "pos", "x", "up", "down"
    )  # fmt: skip

    def __init__(self, kind: str, key, breadth: float, depth: float, rank: int):
        self.kind = kind
        self.key = key
        self.breadth = breadth
        self.room = breadth  # breadth plus space for a self-loop
        self.depth = depth
        self.rank = rank
        self.pos = 0
        self.x = 0.0
        self.up: list[_Link] = []
        self.down: list[_Link] = []


class _Link:
    """A piece of an edge between two adjacent rows; the offsets say where
    it leaves ``hi`` and enters ``lo``, from their centres."""

    __slots__ = ("hi", "lo", "hi_off", "lo_off", "hi_fixed", "lo_fixed", "w", "n")

    def __init__(self, hi, lo, hi_off, lo_off, hi_fixed, lo_fixed):
        self.hi, self.lo = hi, lo
        self.hi_off, self.lo_off = hi_off, lo_off
        self.hi_fixed, self.lo_fixed = hi_fixed, lo_fixed
        dummies = (hi.kind == "dummy") + (lo.kind == "dummy")
        self.w = (1.0, 2.0, 8.0)[dummies]
        self.n = 1  # edges drawn along it (more on a shared lane)
        hi.down.append(self)
        lo.up.append(self)


def _inversions(seq: list) -> int:
    """Number of strictly inverted pairs in ``seq`` (merge sort)."""
    inv = 0
    arr = list(seq)
    width, n = 1, len(arr)
    while width < n:
        merged = []
        for lo in range(0, n, 2 * width):
            left, right = arr[lo : lo + width], arr[lo + width : lo + 2 * width]
            i = j = 0
            while i < len(left) and j < len(right):
                if right[j] < left[i]:
                    merged.append(right[j])
                    inv += len(left) - i
                    j += 1
                else:
                    merged.append(left[i])
                    i += 1
            merged += left[i:]
            merged += right[j:]
        arr = merged
        width *= 2
    return inv


def _weighted_inversions(seq: list, weights: list[int]) -> int:
    """Inverted pairs of ``seq``, each counting the product of its two
    weights: a Fenwick tree over the ranks of the values seen so far."""
    rank = {v: i + 1 for i, v in enumerate(sorted(set(seq)))}
    tree = [0] * (len(rank) + 1)
    inv = seen = 0
    for v, w in zip(seq, weights):
        i = rank[v]
        below = 0  # weight of the values seen so far that are <= v
        while i:
            below += tree[i]
            i -= i & -i
        inv += w * (seen - below)
        seen += w
        i = rank[v]
        while i < len(tree):
            tree[i] += w
            i += i & -i
    return inv


def _crossings(rows: list[list[_Item]]) -> int:
    """Crossings between adjacent rows; a piece of a shared lane counts once
    for every edge drawn along it, as the polylines do."""
    total = 0
    for row in rows[:-1]:
        links = sorted(
            (lk.hi.pos, lk.hi_off, lk.lo.pos, lk.lo_off, lk.n)
            for it in row
            for lk in it.down
        )
        ends = [(p[2], p[3]) for p in links]
        weights = [p[4] for p in links]
        if any(w != 1 for w in weights):
            total += _weighted_inversions(ends, weights)
        else:
            total += _inversions(ends)
    return total


def _renumber(row: list[_Item]) -> None:
    for i, item in enumerate(row):
        item.pos = i


def _order(rows: list[list[_Item]], fixed: set[int]) -> None:
    """Barycenter sweeps down and up; keep the order with fewest crossings."""
    for row in rows:
        _renumber(row)
    best = _crossings(rows)
    best_rows = [list(r) for r in rows]
    stale = 0
    for sweep in range(_SWEEPS):
        if best == 0:
            break
        down = sweep % 2 == 0
        for r in range(1, len(rows)) if down else range(len(rows) - 2, -1, -1):
            if r in fixed:
                continue
            row = rows[r]
            keys = {}
            for item in row:
                links = item.up if down else item.down
                if links:
                    near = [lk.hi.pos if down else lk.lo.pos for lk in links]
                    keys[item] = (sum(near) / len(near), item.pos)
                else:
                    keys[item] = (item.pos, item.pos)
            row.sort(key=keys.__getitem__)
            _renumber(row)
        crossings = _crossings(rows)
        if crossings < best:
            best, best_rows, stale = crossings, [list(r) for r in rows], 0
        else:
            stale += 1
            if stale >= 4:
                break
    rows[:] = best_rows
    for row in rows:
        _renumber(row)


def _ranks(keys: list[str], edges: list, outputs: list[str]) -> dict[str, int]:
    """Longest path from the sources (``keys`` are in topological order for
    ``edges``); outputs that feed nothing go to the last rank."""
    rank = dict.fromkeys(keys, 0)
    succ: dict[str, list[str]] = {k: [] for k in keys}
    for u, v in edges:
        succ[u].append(v)
    for u in keys:
        for v in succ[u]:
            if rank[v] < rank[u] + 1:
                rank[v] = rank[u] + 1
    last = max(rank.values(), default=0)
    for k in outputs:
        if not succ[k]:
            rank[k] = last
    return rank


def _fan_gap(row: list[_Item], gap: float) -> float:
    """The gap below ``row``: wider when its edges run far sideways."""
    spread = max(
        (
            abs(lk.lo.x + lk.lo_off - lk.hi.x - lk.hi_off)
            for it in row
            for lk in it.down
        ),
        default=0.0,
    )
    return min(_FAN_MAX * gap, max(gap, spread * _FAN_SLOPE))


class _Column:
    """The rows of one column of a level (a level has several only when it
    is folded)."""

    def __init__(self, rankdir: str):
        self.rows: dict[int, list[_Item]] = {}
        self.gap = _GAP_RANK[rankdir]
        self.tops: list[float] = []
        self.gaps: list[float] = []  # below each row (see _fan_gap)
        self.width = self.depth = 0.0
        self.lanes: list[list[_Item]] = []  # the dummies of each long edge
        self.trunks: dict = {}  # shared lanes: (top, port) -> (dummies, links)

    def add(self, item: _Item) -> _Item:
        self.rows.setdefault(item.rank, []).append(item)
        return item

    def chain(
        self, top: _Item, bottom: _Item, top_port, bottom_port, share: bool = False
    ) -> _Chain:
        """Links from ``top`` down to ``bottom``, one dummy per row between.
        A port is (x offset from the centre, y offset from the top, fixed?).
        With ``share``, the edges leaving one port of ``top`` run down one
        lane (see :meth:`_trunk`) and each leaves it in the row above its
        target."""
        (hx, hy, hfixed), (lx, ly, lfixed) = top_port, bottom_port
        span = bottom.rank - top.rank
        if share and span > 1:
            dummies, links = self._trunk(top, top_port, span - 1)
            for lk in links:
                lk.n += 1
            last = _Link(dummies[-1], bottom, 0.0, lx, False, lfixed)
            return _Chain(self, [top, *dummies, bottom], [*links, last], hy, ly)
        path = [top]
        for r in range(top.rank + 1, bottom.rank):
            path.append(self.add(_Item("dummy", None, 0.0, 0.0, r)))
        path.append(bottom)
        if len(path) > 3:
            self.lanes.append(path[1:-1])
        n = len(path) - 1
        links = [
            _Link(
                hi,
                lo,
                hx if i == 0 else 0.0,
                lx if i == n - 1 else 0.0,
                hfixed and i == 0,
                lfixed and i == n - 1,
            )
            for i, (hi, lo) in enumerate(zip(path, path[1:]))
        ]
        return _Chain(self, path, links, hy, ly)

    def _trunk(self, top: _Item, port, length: int):
        """The first ``length`` dummies of the lane shared by the edges from
        ``port`` of ``top`` and the links down to the last of them; the lane
        grows as longer edges need it.  A layer read by every later layer
        (each one concatenates all before it) has a lane per layer, not a
        lane per edge: n**2 dummies instead of n**3."""
        key = (top, port)
        if key not in self.trunks:
            self.trunks[key] = ([], [])
            self.lanes.append(self.trunks[key][0])
        dummies, links = self.trunks[key]
        hx, _, hfixed = port
        while len(dummies) < length:
            hi = dummies[-1] if dummies else top
            lo = self.add(_Item("dummy", None, 0.0, 0.0, top.rank + len(dummies) + 1))
            link = _Link(
                hi, lo, 0.0 if dummies else hx, 0.0, hfixed and not dummies, False
            )
            link.n = 0
            dummies.append(lo)
            links.append(link)
        return dummies[:length], links[:length]

    def arrange(self, inputs: list[str], outputs: list[str], x_offset: float) -> int:
        """Order, place and stack the rows; returns the crossings."""
        rows = [self.rows.get(r, []) for r in range(max(self.rows, default=-1) + 1)]
        fixed = set()
        if inputs and rows and all(it.key in inputs for it in rows[0]):
            rows[0].sort(key=lambda it: inputs.index(it.key))
            fixed.add(0)
        if outputs and rows and all(it.key in outputs for it in rows[-1]):
            rows[-1].sort(key=lambda it: outputs.index(it.key))
            fixed.add(len(rows) - 1)
        _order(rows, fixed)
        _ports(rows)
        _place(rows)
        _straighten(rows, self.lanes)
        _align_chains(rows)
        every = [it for row in rows for it in row]
        left = min((it.x - it.room / 2 for it in every), default=0.0)
        right = max((it.x + it.room / 2 for it in every), default=0.0)
        for it in every:
            it.x += x_offset - left
        self.width = right - left
        self.gaps = [_fan_gap(row, self.gap) for row in rows]
        y = 0.0
        for row, gap in zip(rows, self.gaps):
            self.tops.append(y)
            y += max((it.depth for it in row), default=0.0) + gap
        self.tops.append(y)
        self.depth = y - (self.gaps[-1] if self.gaps else self.gap)
        return _crossings(rows)

    def band(self, r: int) -> tuple[float, float]:
        return self.tops[r], self.tops[r + 1] - self.gaps[r]

    def top_of(self, it: _Item) -> float:
        t, b = self.band(it.rank)
        return t + (b - t - it.depth) / 2


@dataclass
class _Chain:
    column: _Column
    path: list[_Item]
    links: list[_Link]
    top_y: float  # where the edge leaves ``path[0]``, from its top
    bottom_y: float  # where it enters ``path[-1]``, from its top

    def route(self) -> tuple[tuple[float, float], ...]:
        """The polyline: straight down inside each row, diagonal only in the
        gaps between rows, so it never runs through a box."""
        col, first, last = self.column, self.path[0], self.path[-1]
        x = first.x + self.links[0].hi_off
        y = col.top_of(first) + self.top_y
        pts = [(x, y)]
        bottom = col.band(first.rank)[1]
        if y < bottom - _EPS:  # the widest box of its row ends at the gap
            pts.append((x, bottom))
        for it in self.path[1:-1]:
            t, b = col.band(it.rank)
            pts += [(it.x, t), (it.x, b)]
        x = last.x + self.links[-1].lo_off
        y = col.top_of(last) + self.bottom_y
        t = col.band(last.rank)[0]
        if y > t + _EPS:  # not a piece of rounding error: the arrowhead
            pts.append((x, t))  # takes its direction from the last piece
        pts.append((x, y))
        return tuple(pts)
