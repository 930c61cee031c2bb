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
   Past a budget of dummies per box or edge (every layer concatenating all
   before it: n**3 / 3 dummies), the edges leaving one layer share one lane
   that each of their targets taps, so the work grows like the edges.
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

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from ._blocks import _CONNECTOR, _SELF_LOOP, _Ctx, _level
from ._box_text import frame_label, frame_label_width, frame_note
from ._checks import RANKDIRS, check_rankdir
from ._drawn import DrawnNode, _check, _Drawn, _focus
from .errors import DrawingError
from .graph import ModelGraph

# The steps live in private modules: _drawn (which boxes and edges are drawn,
# focus), _sugiyama (order the rows of a column and stack them), _coordinates
# (x coordinates within the rows), _blocks (one model level: nested frames,
# lanes, folding).  This module holds the public result and turns the top
# block into a Layout.

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


# spacing, in points
_MARGIN = 8.0


# ---------------------------------------------------------------------------
# the public result


@dataclass(frozen=True)
class _Placed:
    """What is drawn for ``node``, spanning ``x0..x1`` and ``y0..y1``."""

    node: DrawnNode
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def key(self) -> str:
        return self.node.key


@dataclass(frozen=True)
class Box(_Placed):
    """A drawn layer: its box spans ``x0..x1`` and ``y0..y1``."""

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
class Frame(_Placed):
    """The frame around an expanded nested model (``node.layer.kind ==
    "model"``); its label goes in the band at the top (or left for LR)."""

    depth: int


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
# the names a drawing knows


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
# the whole drawing


# where along its box a focus stub may stand, as a share of the box's
# width, in the order tried: the first clear of every edge is taken
_STUB_PLACES = (0.8, 0.2, 0.65, 0.35, 0.9, 0.1, 0.5)
_STUB_CLEARANCE = 6.0


def _stub_x(x0: float, x1: float, band: tuple[float, float], routes) -> float:
    """The x of a focus stub on the box from ``x0`` to ``x1`` standing in
    the rows ``band``: the first of :data:`_STUB_PLACES` that keeps clear
    of the edges passing through those rows (a stub drawn across an edge
    reads as a branch of it), else the one farthest from them."""
    spans = []  # the x range of each edge segment within the band
    lo, hi = band
    for route in routes:
        for piece in route.pieces:
            for (xa, ya), (xb, yb) in zip(piece, piece[1:]):
                top, bottom = max(min(ya, yb), lo), min(max(ya, yb), hi)
                if top > bottom:
                    continue
                if ya == yb:
                    spans.append((min(xa, xb), max(xa, xb)))
                    continue
                ends = [xa + (xb - xa) * (y - ya) / (yb - ya) for y in (top, bottom)]
                spans.append((min(ends), max(ends)))

    def room(x: float) -> float:
        return min((max(a - x, x - b, 0.0) for a, b in spans), default=math.inf)

    places = [x0 + (x1 - x0) * share for share in _STUB_PLACES]
    for x in places:
        if room(x) >= _STUB_CLEARANCE:
            return x
    return max(places, key=room)


def compute_layout(
    graph: ModelGraph,
    *,
    size: Callable[[DrawnNode], tuple[float, float]] | None = None,
    rankdir: str = "TB",
    expand_nested: bool = False,
    focus: str | None = None,
    focus_radius: int | None = None,
    fold: bool = True,
    label_width: Callable[[DrawnNode], float] | None = None,
) -> Layout:
    """Lay out ``graph``; ``size(node)`` gives each box's (width, height) in
    points and ``label_width(node)`` the length of an expanded nested
    model's frame label, which the frame is made long enough to hold (rough
    estimates from the text's length when omitted).  ``focus`` keeps the
    layers at most ``focus_radius`` edges (2 when not given) from one layer."""
    check_rankdir(rankdir)
    drawn = _Drawn(graph, bool(expand_nested))
    keep, stub_counts = _focus(drawn, focus, focus_radius)
    if keep is None:  # the whole model
        keep, stub_counts = set(drawn.leaves), {}
    present = set(keep)
    for leaf in keep:
        parent = drawn.parent[leaf]
        while parent is not None and parent not in present:
            present.add(parent)
            parent = drawn.parent[parent]
    loops = {u for u, v in drawn.edges if u == v and u in keep}
    ctx = _Ctx(
        size or _rough_size,
        keep,
        present,
        rankdir,
        loops,
        fold and focus is None,
        label_width or _rough_label_width,
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
        band = (y0 - 12, y0) if side == "in" else (y1, y1 + 12)
        x = _stub_x(x0, x1, band, routes)
        stubs.append(Stub(key, side, count, ((x, band[0]), (x, band[1]))))

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


def _rough_label_width(node: DrawnNode) -> float:
    note = frame_note(node.layer)
    return frame_label_width(
        6.0 * len(frame_label(node.layer)), None if note is None else 5.5 * len(note)
    )


def _rough_size(node: DrawnNode) -> tuple[float, float]:
    text = f"{node.name} ({node.layer.class_name})"
    return (6.0 * len(text) + 16.0, 24.0)
