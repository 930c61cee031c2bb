"""Give the items of each row their x coordinates: the placement step.

Step 3 ("Coordinates") of :mod:`kerasteach.layout`, run by
:class:`~kerasteach._sugiyama._Column` once the rows are ordered: ``_ports``
spreads the edges along a box's top and bottom side, ``_place`` pulls each
row towards its neighbours by a weighted least-squares fit that keeps the
items apart (isotonic regression, solved exactly by ``_pav``), then
``_straighten`` makes each long edge's lane run straight and
``_align_chains`` puts a chain of layers on one vertical line.  The
horizontal gaps between items live here.  Pure geometry: no Keras, no
matplotlib.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ._sugiyama import _Item

# spacing, in points
_GAP_BOX = 14.0  # between two boxes of one rank
_GAP_DUMMY = 7.0  # between an edge lane and anything else
_PLACE_ITER = 8


def _ports(rows: list[list[_Item]]) -> None:
    """Spread the edges entering (leaving) a box along its top (bottom), in
    the order of the boxes they come from (go to)."""
    for row in rows:
        for item in row:
            if item.kind != "node":
                continue
            ups = [lk for lk in item.up if not lk.lo_fixed]
            ups.sort(key=lambda lk: (lk.hi.pos, lk.hi_off))
            for i, off in enumerate(_spread(len(ups), item.breadth)):
                ups[i].lo_off = off
            downs = [lk for lk in item.down if not lk.hi_fixed]
            downs.sort(key=lambda lk: (lk.lo.pos, lk.lo_off))
            for i, off in enumerate(_spread(len(downs), item.breadth)):
                downs[i].hi_off = off


def _spread(n: int, breadth: float) -> list[float]:
    if n < 2:
        return [0.0] * n
    span = min(breadth * 0.6, 12.0 * (n - 1))
    return [-span / 2 + span * i / (n - 1) for i in range(n)]


def _sep(a: _Item, b: _Item) -> float:
    gap = _GAP_DUMMY if a.kind == "dummy" or b.kind == "dummy" else _GAP_BOX
    return (a.room + b.room) / 2 + gap


def _pav(targets: list[float], weights: list[float], seps: list[float]) -> list[float]:
    """Minimise sum w_i (x_i - t_i)^2 subject to x_{i+1} - x_i >= seps[i]:
    with y_i = x_i - (s_0 + ... + s_{i-1}) this is isotonic regression,
    solved exactly by pooling adjacent violators."""
    offset = [0.0]
    for s in seps:
        offset.append(offset[-1] + s)
    pools: list[list[float]] = []  # [sum of weights, weighted sum, count]
    for t, w, c in zip(targets, weights, offset):
        pools.append([w, w * (t - c), 1])
        while (
            len(pools) > 1
            and pools[-2][1] * pools[-1][0] >= pools[-1][1] * pools[-2][0]
        ):
            w2, s2, n2 = pools.pop()
            pools[-1][0] += w2
            pools[-1][1] += s2
            pools[-1][2] += n2
    out: list[float] = []
    for w, s, n in pools:
        out += [s / w] * int(n)
    return [y + c for y, c in zip(out, offset)]


def _place(rows: list[list[_Item]]) -> None:
    """x coordinates: each row pulled towards its neighbours, kept apart."""
    for row in rows:  # one box straight below another: pull hardest
        for item in row:
            if len(item.down) == 1 and item.kind != "dummy":
                lk = item.down[0]
                if len(lk.lo.up) == 1 and lk.lo.kind != "dummy":
                    lk.w = 16.0
    for row in rows:
        x = 0.0
        for i, item in enumerate(row):
            x += _sep(row[i - 1], item) if i else 0.0
            item.x = x
        for item in row:
            item.x -= x / 2

    def fit(row: list[_Item], up: bool, down: bool) -> None:
        targets, weights = [], []
        for item in row:
            total = weight = 0.0
            if up:
                for lk in item.up:
                    total += lk.w * (lk.hi.x + lk.hi_off - lk.lo_off)
                    weight += lk.w
            if down:
                for lk in item.down:
                    total += lk.w * (lk.lo.x + lk.lo_off - lk.hi_off)
                    weight += lk.w
            if weight:
                targets.append(total / weight)
                weights.append(weight)
            else:
                targets.append(item.x)
                weights.append(0.05)
        seps = [_sep(a, b) for a, b in zip(row, row[1:])]
        for item, x in zip(row, _pav(targets, weights, seps)):
            item.x = x

    n = len(rows)
    for it in range(_PLACE_ITER):
        if it % 2 == 0:
            for r in range(1, n):
                fit(rows[r], True, False)
        else:
            for r in range(n - 2, -1, -1):
                fit(rows[r], False, True)
    for r in list(range(n)) + list(range(n - 1, -1, -1)):
        fit(rows[r], True, True)


def _straighten(rows: list[list[_Item]], lanes: list[list[_Item]]) -> None:
    """Make long edges run straight: cut each lane into as few stretches as
    its neighbours allow and give every stretch one x (the median), so a
    lane bends only where it must instead of wobbling from row to row."""

    def settle(stretch: list[_Item], lo: float, hi: float) -> None:
        xs = sorted(d.x for d in stretch)
        x = min(max(xs[len(xs) // 2], lo), hi)
        for d in stretch:
            d.x = x

    for lane in lanes:
        stretch: list[_Item] = []
        lo, hi = -math.inf, math.inf
        for d in lane:
            a, b = _room(rows, d)
            if stretch and max(lo, a) <= min(hi, b):
                lo, hi = max(lo, a), min(hi, b)
                stretch.append(d)
                continue
            if stretch:
                settle(stretch, lo, hi)
            stretch, (lo, hi) = [d], _room(rows, d)
        settle(stretch, lo, hi)


def _room(rows: list[list[_Item]], it: _Item) -> tuple[float, float]:
    """How far ``it`` may move without touching its neighbours in the row."""
    row = rows[it.rank]
    lo = row[it.pos - 1].x + _sep(row[it.pos - 1], it) if it.pos else -math.inf
    hi = (
        row[it.pos + 1].x - _sep(it, row[it.pos + 1])
        if it.pos + 1 < len(row)
        else math.inf
    )
    return lo, hi


def _align_chains(rows: list[list[_Item]]) -> None:
    """Put a box that is the only child of its only parent straight below
    it, where its neighbours leave room, so chains of layers read as one
    vertical line."""
    for row in rows[1:]:
        for it in row:
            if it.kind == "node" and len(it.up) == 1:
                lk = it.up[0]
                if lk.hi.kind == "node" and len(lk.hi.down) == 1:
                    lo, hi = _room(rows, it)
                    it.x = min(max(lk.hi.x + lk.hi_off - lk.lo_off, lo), hi)
