"""Where every box and arrow of a model drawing goes: pure geometry.

:func:`compute_layout` turns a :class:`~kerasteach.graph.ModelGraph` into a
frozen :class:`Layout`: one box per drawn layer, one polyline per edge, the
frames of expanded nested models and the size of the canvas.  Nothing here
imports matplotlib or Keras, so the geometry can be tested on its own.

The layout is *layered* (Sugiyama style), in four steps:

1. **Ranks.**  Every layer gets a rank (a row when drawing top to bottom):
   the longest path from an input, so inputs sit in the first row and each
   layer below all the layers it reads from.  Model outputs that feed nothing
   are moved to the last row.  Layers are numbered in the order the model
   first calls them, so an edge that goes back to an earlier layer can only
   come from a shared layer called in a loop; such an edge is laid out
   reversed and drawn pointing up.
2. **Order.**  An edge that spans several ranks is cut by *dummy points*, one
   per rank it passes, so it gets its own lane and never runs through a box.
   Rows are then reordered by repeated barycenter sweeps (each node moves to
   the mean position of its neighbours), keeping the order with the fewest
   crossings.  Inputs keep the model's input order, outputs its output order.
3. **Coordinates.**  Each row is placed by a least-squares fit that pulls
   every box towards its neighbours while keeping boxes apart (an isotonic
   regression, solved exactly by pool-adjacent-violators); a box straight
   below a single parent pulls hardest.  Each long edge's lane is then
   straightened: cut into as few stretches as its neighbours allow, each
   stretch at one x.
4. **Folding.**  A graph much taller than wide (a 1000-layer chain) is cut
   between ranks where few edges cross and the pieces are set side by side,
   like columns of a newspaper; an edge that jumps to another column ends in
   a numbered connector and starts again at the same number.

igraph's ``layout_sugiyama`` (compiled, fast) was measured first: given
the same ranks it leaves 615 crossings on NASNetLarge where these sweeps
leave 49, and it places unit-width nodes without ports or nested frames,
so only the idea is borrowed.

An expanded nested model is laid out on its own, recursively, and then
placed in its parent as one large box with a frame around it.  Everything is
computed top to bottom; ``rankdir="LR"`` swaps the axes at the end.
Coordinates are in points (1/72 inch), origin at the top left, y downwards.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from .errors import KerasTeachError
from .graph import MODEL, Layer, ModelGraph

__all__ = [
    "DrawingError",
    "DrawnNode",
    "Box",
    "Frame",
    "Route",
    "Connector",
    "Stub",
    "Layout",
    "compute_layout",
    "check_names",
    "drawn_names",
    "RANKDIRS",
]

RANKDIRS = ("TB", "LR")

# spacing, in points
_GAP_BOX = 14.0  # between two boxes of one rank
_GAP_DUMMY = 7.0  # between an edge lane and anything else
_GAP_RANK = {"TB": 22.0, "LR": 36.0}  # between ranks
_FRAME_PAD = 8.0
_FRAME_LABEL = 16.0
_COLUMN_GAP = 28.0
_CONNECTOR = 13.0  # diameter of a connector circle
_SELF_LOOP = 12.0
_MARGIN = 8.0
# folding: fold when the drawing is this many times taller than wide; aim for
# columns that give about this height/width ratio.
_FOLD_WHEN = 3.0
_FOLD_MIN = 2000.0  # never fold drawings shorter than this (points)
_FOLD_TARGET = 1.3
_SWEEPS = 12
_PLACE_ITER = 8


class DrawingError(KerasTeachError):
    """A drawing option is not valid for this model."""


# ---------------------------------------------------------------------------
# the public result


@dataclass(frozen=True)
class DrawnNode:
    """A layer that gets a box.  ``key`` is its name, prefixed by the names
    of the expanded nested models around it (``"backbone/conv1"``)."""

    key: str
    layer: Layer
    graph: ModelGraph

    @property
    def name(self) -> str:
        return self.layer.name

    @property
    def kind(self) -> str:
        return self.layer.kind


@dataclass(frozen=True)
class Box:
    """A drawn layer: its box spans ``x0..x1`` and ``y0..y1``."""

    node: DrawnNode
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def key(self) -> str:
        return self.node.key

    @property
    def center(self) -> tuple[float, float]:
        return ((self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2)

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass(frozen=True)
class Frame:
    """The frame around an expanded nested model (``node.layer.kind ==
    "model"``); its label goes in the band at the top (or left for LR)."""

    node: DrawnNode
    x0: float
    y0: float
    x1: float
    y1: float
    depth: int

    @property
    def key(self) -> str:
        return self.node.key


@dataclass(frozen=True)
class Route:
    """An edge ``source -> target`` (box keys) drawn as one polyline, or as
    two when the drawing is folded and the edge jumps to another column (the
    first piece then ends at a connector, the second starts at one).
    ``reversed`` marks an edge that points against the flow (a shared layer
    fed by a later layer); ``self_loop`` one from a layer to itself."""

    source: str
    target: str
    pieces: tuple[tuple[tuple[float, float], ...], ...]
    reversed: bool = False
    self_loop: bool = False

    @property
    def points(self) -> tuple[tuple[float, float], ...]:
        return tuple(p for piece in self.pieces for p in piece)


@dataclass(frozen=True)
class Connector:
    """A numbered circle where a folded edge leaves (``side="out"``) or
    enters (``side="in"``) a column."""

    label: str
    x: float
    y: float
    radius: float
    side: str


@dataclass(frozen=True)
class Stub:
    """In a focus view: ``count`` edges of box ``key`` lead to layers that
    are not drawn; ``side`` is ``"in"`` or ``"out"``."""

    key: str
    side: str
    count: int
    points: tuple[tuple[float, float], tuple[float, float]]


@dataclass(frozen=True)
class Layout:
    """Everything needed to draw a model graph, in points, origin top left."""

    boxes: tuple[Box, ...]
    routes: tuple[Route, ...]
    frames: tuple[Frame, ...]
    connectors: tuple[Connector, ...]
    stubs: tuple[Stub, ...]
    width: float
    height: float
    rankdir: str
    crossings: int
    columns: int
    focus: str | None = None
    _index: Mapping[str, Box] = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {b.key: b for b in self.boxes})

    def box(self, key: str) -> Box:
        return self._index[key]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(self._index)


# ---------------------------------------------------------------------------
# 1. which boxes and edges are drawn


@dataclass
class _Group:
    """One level of nesting: the top model, or an expanded nested model."""

    key: str | None
    node: DrawnNode | None
    children: list  # keys of leaves and subgroups, in call order
    inputs: list[str]  # leaf keys of the model's inputs, in input order
    outputs: list[str]  # leaf keys of the model's outputs, in output order
    depth: int = 0


class _Drawn:
    """The flat drawn graph: leaves, edges between leaves, and groups."""

    def __init__(self, graph: ModelGraph, expand_nested: bool):
        self.leaves: dict[str, DrawnNode] = {}
        self.parent: dict[str, str | None] = {}  # leaf or group -> group key
        self.groups: dict[str | None, _Group] = {}
        self.edges: dict[tuple[str, str], None] = {}
        self.expand = expand_nested
        self._build(graph, "", None, None, 0)

    def _expanded(self, layer: Layer) -> bool:
        return self.expand and layer.kind == MODEL and layer.submodel is not None

    def _build(self, graph, prefix, key, node, depth) -> None:
        group = _Group(key, node, [], [], [], depth)
        self.groups[key] = group
        for layer in graph.layers:
            child = prefix + layer.name
            self.parent[child] = key
            group.children.append(child)
            if self._expanded(layer):
                self._build(
                    layer.submodel,
                    child + "/",
                    child,
                    DrawnNode(child, layer, graph),
                    depth + 1,
                )
            else:
                self.leaves[child] = DrawnNode(child, layer, graph)
        for ref in graph.input_refs:
            group.inputs.append(self._source(graph, prefix, ref))
        for ref in graph.output_refs:
            group.outputs.append(self._source(graph, prefix, ref))
        group.inputs = list(dict.fromkeys(group.inputs))
        group.outputs = list(dict.fromkeys(group.outputs))
        for call in graph.calls:
            for position, ref in enumerate(call.inputs):
                src = self._source(graph, prefix, ref)
                dst = self._target(graph, prefix, call.layer, position)
                self.edges[(src, dst)] = None

    def _source(self, graph, prefix, ref) -> str:
        layer = graph.layer_of(ref)
        if self._expanded(layer):
            inner = layer.submodel.output_refs
            inner_ref = inner[min(ref.index, len(inner) - 1)]
            return self._source(layer.submodel, prefix + layer.name + "/", inner_ref)
        return prefix + layer.name

    def _target(self, graph, prefix, layer_index, position) -> str:
        layer = graph.layers[layer_index]
        if not self._expanded(layer):
            return prefix + layer.name
        sub = layer.submodel
        refs = sub.input_refs
        inner = sub.layer_of(refs[min(position, len(refs) - 1)])
        return self._target(sub, prefix + layer.name + "/", inner.index, 0)

    def names(self) -> list[str]:
        return list(self.leaves) + [k for k in self.groups if k is not None]


def _unknown(what: str, name, valid: list[str], hint: str = "") -> DrawingError:
    close = difflib.get_close_matches(str(name), valid, n=3, cutoff=0.5)
    shown = ", ".join(repr(v) for v in valid[:15]) + (" ..." if len(valid) > 15 else "")
    msg = f"{what} expected the name of a drawn layer. Received: {name!r}."
    if close:
        msg += f" Did you mean {', '.join(repr(c) for c in close)}?"
    msg += f" The drawn layers are: {shown}."
    if hint:
        msg += " " + hint
    return DrawingError(msg)


def _check(drawn: _Drawn, names: Iterable, what: str) -> None:
    valid = drawn.names()
    known = set(valid)
    for name in names:
        if name not in known:
            hint = ""
            if isinstance(name, str) and "/" in name and not drawn.expand:
                hint = (
                    "Names with '/' are layers inside a nested model; they are "
                    "drawn only with expand_nested=True."
                )
            raise _unknown(what, name, valid, hint)


def drawn_names(graph: ModelGraph, *, expand_nested: bool = False) -> list[str]:
    """The names a drawing of ``graph`` knows: every box, and with
    ``expand_nested`` every nested model's frame; ``"outer/inner"`` for
    layers inside expanded nested models."""
    return _Drawn(graph, expand_nested).names()


def check_names(
    graph: ModelGraph, names: Iterable, what: str, *, expand_nested: bool = False
) -> None:
    """Raise :class:`DrawingError` naming the valid choices if one of
    ``names`` is not drawn."""
    _check(_Drawn(graph, expand_nested), names, what)


# ---------------------------------------------------------------------------
# 2. focus: keep the neighbourhood of one layer


def _focus(drawn: _Drawn, focus: str, radius: int):
    if not isinstance(radius, int) or isinstance(radius, bool) or radius < 0:
        raise DrawingError(
            "focus_radius expected a whole number >= 0 (how many edges away "
            f"from the focus layer to draw). Received: {radius!r}."
        )
    _check(drawn, [focus], "focus")
    if focus in drawn.leaves:
        start = [focus]
    else:  # a nested model's frame: start from all its leaves
        start = [k for k in drawn.leaves if k.startswith(focus + "/")]
    adjacent: dict[str, list[str]] = {k: [] for k in drawn.leaves}
    for u, v in drawn.edges:
        adjacent[u].append(v)
        adjacent[v].append(u)
    dist = dict.fromkeys(start, 0)
    frontier = list(start)
    while frontier:
        nxt = []
        for u in frontier:
            if dist[u] >= radius:
                continue
            for v in adjacent[u]:
                if v not in dist:
                    dist[v] = dist[u] + 1
                    nxt.append(v)
        frontier = nxt
    keep = set(dist)
    stubs: dict[tuple[str, str], int] = {}
    for u, v in drawn.edges:
        if u in keep and v not in keep:
            stubs[(u, "out")] = stubs.get((u, "out"), 0) + 1
        elif v in keep and u not in keep:
            stubs[(v, "in")] = stubs.get((v, "in"), 0) + 1
    return keep, stubs


# ---------------------------------------------------------------------------
# 3. one level of the graph, laid out in rows


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

    __slots__ = ("hi", "lo", "hi_off", "lo_off", "hi_fixed", "lo_fixed", "w")

    def __init__(self, hi, lo, hi_off, lo_off, hi_fixed, lo_fixed):
        self.hi, self.lo = hi, lo
        self.hi_off, self.lo_off = hi_off, lo_off
        self.hi_fixed, self.lo_fixed = hi_fixed, lo_fixed
        dummies = (hi.kind == "dummy") + (lo.kind == "dummy")
        self.w = (1.0, 2.0, 8.0)[dummies]
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


def _crossings(rows: list[list[_Item]]) -> int:
    total = 0
    for row in rows[:-1]:
        links = sorted(
            (lk.hi.pos, lk.hi_off, lk.lo.pos, lk.lo_off) for it in row for lk in it.down
        )
        total += _inversions([(p[2], p[3]) for p in links])
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


@dataclass
class _Ctx:
    size: Callable[[DrawnNode], tuple[float, float]]
    keep: set[str]
    present: set[str]
    rankdir: str
    loops: set[str]
    fold: bool

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
    # meeting at a pair of numbered connectors when it jumps to a later column
    chains: list[list[_Chain]] = []
    connectors: dict[tuple, tuple[_Item, _Item]] = {}
    for a, b, la, lb, _ in edges:
        ca, cb = column(a), column(b)
        pa, pb = port(a, la, top=False), port(b, lb, top=True)
        if ca == cb:
            chains.append([columns[ca].chain(items[a], items[b], pa, pb)])
            continue
        if (a, cb) not in connectors:
            below = last[ca] - first[ca] + has_in[ca] + 1
            size = _CONNECTOR
            out = columns[ca].add(_Item("connector", (a, cb), size, size, below))
            inn = columns[cb].add(_Item("connector", (a, cb), size, size, 0))
            connectors[(a, cb)] = (out, inn)
        out, inn = connectors[(a, cb)]
        chains.append(
            [
                columns[ca].chain(items[a], out, pa, (0.0, 0.0, False)),
                columns[cb].chain(inn, items[b], (0.0, _CONNECTOR, False), pb),
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


class _Column:
    """The rows of one column of a level (a level has several only when it
    is folded)."""

    def __init__(self, rankdir: str):
        self.rows: dict[int, list[_Item]] = {}
        self.gap = _GAP_RANK[rankdir]
        self.tops: list[float] = []
        self.width = self.depth = 0.0
        self.lanes: list[list[_Item]] = []  # the dummies of each long edge

    def add(self, item: _Item) -> _Item:
        self.rows.setdefault(item.rank, []).append(item)
        return item

    def chain(self, top: _Item, bottom: _Item, top_port, bottom_port) -> _Chain:
        """Links from ``top`` down to ``bottom``, one dummy per row between.
        A port is (x offset from the centre, y offset from the top, fixed?)."""
        (hx, hy, hfixed), (lx, ly, lfixed) = top_port, bottom_port
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
        y = 0.0
        for row in rows:
            self.tops.append(y)
            y += max((it.depth for it in row), default=0.0) + self.gap
        self.tops.append(y)
        self.depth = y - self.gap
        return _crossings(rows)

    def band(self, r: int) -> tuple[float, float]:
        return self.tops[r], self.tops[r + 1] - self.gap

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
        if y < bottom:
            pts.append((x, bottom))
        for it in self.path[1:-1]:
            t, b = col.band(it.rank)
            pts += [(it.x, t), (it.x, b)]
        x = last.x + self.links[-1].lo_off
        y = col.top_of(last) + self.bottom_y
        t = col.band(last.rank)[0]
        if y > t:
            pts.append((x, t))
        pts.append((x, y))
        return tuple(pts)


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


# ---------------------------------------------------------------------------
# 4. the whole drawing


def compute_layout(
    graph: ModelGraph,
    *,
    size: Callable[[DrawnNode], tuple[float, float]] | None = None,
    rankdir: str = "TB",
    expand_nested: bool = False,
    focus: str | None = None,
    focus_radius: int = 2,
    fold: bool = True,
) -> Layout:
    """Lay out ``graph``; ``size(node)`` gives each box's (width, height) in
    points (a rough estimate from the label length when omitted)."""
    if rankdir not in RANKDIRS:
        raise DrawingError(
            f"rankdir expected one of {', '.join(map(repr, RANKDIRS))} (top to "
            f"bottom or left to right). Received: rankdir={rankdir!r}."
        )
    drawn = _Drawn(graph, bool(expand_nested))
    keep: set[str] = set(drawn.leaves)
    stub_counts: dict[tuple[str, str], int] = {}
    if focus is not None:
        keep, stub_counts = _focus(drawn, focus, focus_radius)
    present = set(keep)
    for leaf in keep:
        parent = drawn.parent[leaf]
        while parent is not None and parent not in present:
            present.add(parent)
            parent = drawn.parent[parent]
    loops = {u for u, v in drawn.edges if u == v and u in keep}
    ctx = _Ctx(
        size or _rough_size, keep, present, rankdir, loops, fold and focus is None
    )
    block = _level(drawn.groups[None], drawn, ctx)

    routes = [Route(u, v, pieces, rev, False) for u, v, pieces, rev in block.routes]
    for u in sorted(loops, key=list(drawn.leaves).index):
        x0, y0, x1, y1 = block.leaves[u]
        cy = (y0 + y1) / 2
        s = _SELF_LOOP
        pts = ((x1, cy - 4), (x1 + s, cy - 4), (x1 + s, cy + 4), (x1, cy + 4))
        routes.append(Route(u, u, (pts,), False, True))
    stubs = []
    for (key, side), count in stub_counts.items():
        x0, y0, x1, y1 = block.leaves[key]
        x = x0 + (x1 - x0) * 0.8
        ends = ((x, y0 - 12), (x, y0)) if side == "in" else ((x, y1), (x, y1 + 12))
        stubs.append(Stub(key, side, count, ends))

    m = _MARGIN
    top = m + (12.0 if stubs else 0.0)
    tb = rankdir == "TB"

    def pt(p):
        x, y = p[0] + m, p[1] + top
        return (x, y) if tb else (y, x)

    def rect(x0, y0, x1, y1):
        (a, b), (c, d) = pt((x0, y0)), pt((x1, y1))
        return a, b, c, d

    order = {k: i for i, k in enumerate(drawn.leaves)}
    boxes = tuple(
        Box(drawn.leaves[k], *rect(*block.leaves[k]))
        for k in sorted(block.leaves, key=order.__getitem__)
    )
    group_order = {k: i for i, k in enumerate(drawn.groups)}
    frames = tuple(
        Frame(drawn.groups[k].node, *rect(x0, y0, x1, y1), depth)
        for k, x0, y0, x1, y1, depth in sorted(
            block.frames, key=lambda f: group_order[f[0]]
        )
    )
    routes_t = tuple(
        Route(
            r.source,
            r.target,
            tuple(tuple(map(pt, p)) for p in r.pieces),
            r.reversed,
            r.self_loop,
        )
        for r in routes
    )
    connectors = tuple(
        Connector(label, *pt((x, y)), _CONNECTOR / 2, side)
        for label, x, y, side in block.connectors
    )
    stubs_t = tuple(
        Stub(s.key, s.side, s.count, (pt(s.points[0]), pt(s.points[1]))) for s in stubs
    )
    breadth = block.breadth + 2 * m
    depth = block.depth + top + m + (12.0 if stubs else 0.0)
    width, height = (breadth, depth) if tb else (depth, breadth)
    return Layout(
        boxes=boxes,
        routes=routes_t,
        frames=frames,
        connectors=connectors,
        stubs=stubs_t,
        width=width,
        height=height,
        rankdir=rankdir,
        crossings=block.crossings,
        columns=block.columns,
        focus=focus,
    )


def _rough_size(node: DrawnNode) -> tuple[float, float]:
    text = f"{node.name} ({node.layer.class_name})"
    return (6.0 * len(text) + 16.0, 24.0)
