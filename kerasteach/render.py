"""Draw a model's layer graph with matplotlib, without graphviz.

:func:`draw` reads the model into a :class:`~kerasteach.graph.ModelGraph`,
asks :mod:`kerasteach.layout` where every box and edge goes, and paints the
result onto a plain :class:`matplotlib.figure.Figure` (no pyplot state, no
display needed).  Save it with ``fig.savefig("model.png")`` (or ``.svg``,
``.pdf``).

Speed comes from drawing few artists: all boxes of one colour are one path,
all edges one path, all arrowheads one path, and all labels one path built
from glyph outlines cached per character.  (A matplotlib ``Text`` object
costs a few milliseconds each to render, so a thousand labelled boxes drawn
as ``Text`` would take seconds.)  The labels are therefore outlines, not
selectable text, in SVG and PDF output.

:func:`box_pixels` gives each box's position in the PNG that
``fig.savefig(buf, format="png")`` writes, for widgets that select a layer
by clicking on the picture.
"""

from __future__ import annotations

import io
import math
import warnings
from collections.abc import Iterable

from .graph import INPUT, MODEL, OP, ModelGraph, TensorRef
from .layout import DrawingError, DrawnNode, Layout, check_names, compute_layout

__all__ = ["draw", "box_pixels", "DrawingError"]

# sizes in points
_HEAD = 9.0  # first line of a box (layer name and class), bold
_BODY = 8.0  # the other lines
_LEADING = 1.28
_PAD_X = 7.0
_PAD_Y = 4.5
_MIN_BOX = 56.0
_MAX_CHARS = 56
# picture size: at most this many inches on a side (PDF viewers stop at 200);
# unless dpi is given, 100 dpi lowered to stay near the pixel budget, but not
# below 60 dpi (8 pt text is still about 7 pixels high) unless the picture
# would then pass the pixel cap
_MAX_INCHES = 200.0
_PIXEL_BUDGET = 8e6
_PIXEL_CAP = 16e6
_DEFAULT_DPI = 100.0
_MIN_DPI = 60.0
_AGG_LIMIT = 2**16 - 1
_AREA_LIMIT = 1.5e8  # pixels; an RGBA buffer this big takes 600 MB

_STYLE = {  # kind: (fill, border)
    INPUT: ("#e2f3df", "#4f9a4a"),
    "layer": ("#e3edfa", "#4a76b0"),
    OP: ("#fdf0da", "#c58534"),
    MODEL: ("#eee3f7", "#8558ad"),
}
_HIGHLIGHT = ("#ffe28a", "#d62728")
_FOCUS_BORDER = "#1d5fc4"
_TEXT = {"head": "#1a1a1a", "body": "#333333", "good": "#1e7b34", "bad": "#b3261e"}
_EDGE = "#4d4d4d"
_FRAME = ("#faf6fd", "#8558ad")


# ---------------------------------------------------------------------------
# labels


def _shape_text(shapes: list) -> str:
    def one(shape):
        return (
            "("
            + ", ".join(str(d) for d in shape)
            + ("," if len(shape) == 1 else "")
            + ")"
        )

    if len(shapes) == 1:
        return one(shapes[0])
    return "[" + ", ".join(one(s) for s in shapes) + "]"


def _call_shapes(graph: ModelGraph, layer) -> tuple[list[str], list[str], list[str]]:
    """Input shapes, output shapes, output dtypes: one text per distinct call."""
    ins, outs, dtypes = [], [], []
    for ci in layer.calls:
        call = graph.calls[ci]
        in_shapes = [graph.calls[r.call].output_shapes[r.index] for r in call.inputs]
        ins.append(_shape_text(in_shapes) if in_shapes else "")
        outs.append(_shape_text(list(call.output_shapes)))
        dts = list(dict.fromkeys(call.output_dtypes))
        dtypes.append(
            dts[0] if len(dts) == 1 else "[" + ", ".join(call.output_dtypes) + "]"
        )
    return (
        list(dict.fromkeys(ins)),
        list(dict.fromkeys(outs)),
        list(dict.fromkeys(dtypes)),
    )


def _clip(text: str, limit: int = _MAX_CHARS) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _op_args(graph: ModelGraph, layer) -> str | None:
    """``ops.add(·, 3.0)`` when a raw op was called with Python values."""
    call = graph.calls[layer.calls[0]]

    def show(value):
        if isinstance(value, TensorRef):
            return "\u00b7"
        if isinstance(value, (list, tuple)):
            inner = ", ".join(show(v) for v in value)
            return f"[{inner}]" if isinstance(value, list) else f"({inner})"
        text = repr(value)
        if isinstance(value, float) and len(text) > 10:
            return f"{value:.6g}"
        return text

    values = list(call.args) + list(call.kwargs.values())
    if all(
        isinstance(v, TensorRef)
        or (isinstance(v, (list, tuple)) and all(isinstance(x, TensorRef) for x in v))
        for v in values
    ):
        return None
    parts = [show(a) for a in call.args]
    parts += [f"{k}={show(v)}" for k, v in call.kwargs.items()]
    name = layer.function_name or layer.class_name
    return f"ops.{name}({', '.join(parts)})"


def _label(node: DrawnNode, opts: dict) -> list[tuple[str, str]]:
    """The lines of a box as (text, style)."""
    layer, graph = node.layer, node.graph
    cls = layer.class_name
    if layer.kind == OP and layer.function_name:
        cls = f"ops.{layer.function_name}"
    head = f"{_clip(layer.name, 40)} ({cls})" if opts["show_layer_names"] else cls
    lines = [(head, "head")]
    if layer.kind == MODEL and layer.submodel is not None:
        n = sum(1 for la in layer.submodel.layers if la.kind != INPUT)
        lines.append((f"nested model, {n} layer{'s' * (n != 1)}", "body"))
    if layer.is_shared:
        lines.append((f"shared: called {len(layer.calls)} times", "body"))
    if layer.kind == OP:
        args = _op_args(graph, layer)
        if args:
            lines.append((_clip(args), "body"))
    if opts["show_layer_activations"] and layer.activation:
        lines.append((f"Activation: {layer.activation}", "body"))
    if opts["show_shapes"] or opts["show_dtype"]:
        ins, outs, dtypes = _call_shapes(graph, layer)
        if opts["show_shapes"]:
            if layer.kind != INPUT:
                lines.append(("Input shape: " + _clip(" or ".join(ins), 44), "body"))
            lines.append(("Output shape: " + _clip(" or ".join(outs), 44), "body"))
        if opts["show_dtype"]:
            lines.append(("Output dtype: " + " or ".join(dtypes), "body"))
    if opts["show_params"]:
        text = f"Params: {layer.params:,}"
        frozen = layer.params - layer.trainable_params
        if frozen and layer.trainable_params:
            text += f" ({frozen:,} non-trainable)"
        lines.append((text, "body"))
    if opts["show_trainable"] and layer.params:
        if layer.trainable and layer.trainable_params:
            lines.append(("Trainable", "good"))
        else:
            lines.append(("Non-trainable", "bad"))
    return lines


# ---------------------------------------------------------------------------
# text as glyph outlines


class _Glyphs:
    """Glyph outlines and advances of DejaVu Sans, cached per character,
    and kept as one table per weight so that the outlines of thousands of
    labels are gathered with a few numpy operations."""

    def __init__(self):
        from matplotlib.font_manager import FontProperties
        from matplotlib.textpath import text_to_path

        self._t2p = text_to_path
        self._props = {
            False: FontProperties(family="DejaVu Sans", size=100),
            True: FontProperties(family="DejaVu Sans", weight="bold", size=100),
        }
        self._cache: dict[tuple[str, bool], tuple] = {}
        self._widths: dict[tuple[str, bool], float] = {}
        self._tables: dict[bool, tuple] = {}

    def glyph(self, ch: str, bold: bool):
        """(vertices at size 1, codes, advance at size 1) of one character."""
        key = (ch, bold)
        hit = self._cache.get(key)
        if hit is None:
            import numpy as np

            prop = self._props[bold]
            with warnings.catch_warnings():  # a missing glyph draws as a box
                warnings.simplefilter("ignore")
                verts, codes = self._t2p.get_text_path(prop, ch)
                width = self._t2p.get_text_width_height_descent(ch, prop, ismath=False)
            verts = np.asarray(verts, dtype=float).reshape(-1, 2) / 100.0
            hit = (verts, np.asarray(codes, dtype=np.uint8), width[0] / 100.0)
            self._cache[key] = hit
        return hit

    def width(self, text: str, size: float, bold: bool) -> float:
        key = (text, bold)
        w = self._widths.get(key)
        if w is None:
            if len(self._widths) > 100_000:
                self._widths.clear()
            w = sum(self.glyph(ch, bold)[2] for ch in text)
            self._widths[key] = w
        return size * w

    def _table(self, bold: bool, needed):
        """Every cached glyph of one weight, sorted by code point:
        (code points, vertices, codes, first vertex, vertex count, advance)."""
        import numpy as np

        table = self._tables.get(bold)
        if table is not None and np.isin(needed, table[0]).all():
            return table
        for cp in needed.tolist():
            self.glyph(chr(cp), bold)
        chars = sorted(ch for ch, b in self._cache if b == bold)
        glyphs = [self._cache[(ch, bold)] for ch in chars]
        counts = np.array([len(g[0]) for g in glyphs])
        table = (
            np.array([ord(ch) for ch in chars], dtype=np.uint32),
            np.concatenate([g[0] for g in glyphs]),
            np.concatenate([g[1] for g in glyphs]),
            np.cumsum(counts) - counts,
            counts,
            np.array([g[2] for g in glyphs]),
        )
        self._tables[bold] = table
        return table

    def outlines(self, runs):
        """One (vertices, codes) pair for many ``(text, size, bold, x,
        baseline)`` runs; vertices in layout points, y downwards."""
        import numpy as np

        parts = []
        for bold in (False, True):
            mine = [r for r in runs if bool(r[2]) == bold and r[0]]
            if not mine:
                continue
            lengths = np.array([len(r[0]) for r in mine])
            text = "".join(r[0] for r in mine)
            cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
            table = self._table(bold, np.unique(cps))
            ids = np.searchsorted(table[0], cps)
            size = np.repeat([r[1] for r in mine], lengths)
            advance = table[5][ids] * size
            # x of each character: the run's x plus the advances before it
            before = np.cumsum(advance) - advance
            first = np.cumsum(lengths) - lengths
            x = (
                np.repeat([r[3] for r in mine], lengths)
                + before
                - np.repeat(before[first], lengths)
            )
            y = np.repeat([r[4] for r in mine], lengths)
            count = table[4][ids]
            ink = count > 0
            ids, x, y, size, count = ids[ink], x[ink], y[ink], size[ink], count[ink]
            index = np.repeat(table[3][ids] - (np.cumsum(count) - count), count)
            index += np.arange(index.size)
            verts = table[1][index]
            scale = np.repeat(size, count)
            out = np.empty_like(verts)
            out[:, 0] = np.repeat(x, count) + scale * verts[:, 0]
            out[:, 1] = np.repeat(y, count) - scale * verts[:, 1]
            parts.append((out, table[2][index]))
        if not parts:
            return None
        return np.concatenate([p[0] for p in parts]), np.concatenate(
            [p[1] for p in parts]
        )


_GLYPHS: _Glyphs | None = None


def _glyphs() -> _Glyphs:
    global _GLYPHS
    if _GLYPHS is None:
        _GLYPHS = _Glyphs()
    return _GLYPHS


def _line_size(style: str) -> float:
    return _HEAD if style == "head" else _BODY


def _label_size(lines) -> tuple[float, float]:
    g = _glyphs()
    width = max(g.width(text, _line_size(s), s == "head") for text, s in lines)
    height = sum(_line_size(s) * _LEADING for _, s in lines)
    return max(width + 2 * _PAD_X, _MIN_BOX), height + 2 * _PAD_Y


# ---------------------------------------------------------------------------
# paths


_MOVETO, _LINETO, _CURVE3, _CLOSEPOLY = 1, 2, 3, 79  # matplotlib.path.Path codes


class _PathBuilder:
    """Collects many shapes into one compound path (one artist)."""

    def __init__(self):
        self.blocks: list = []  # (vertices, codes) numpy blocks
        self.points: list = []  # plain vertices and codes, converted in one go
        self.codes: list = []

    def add(self, verts, codes) -> None:
        self.blocks.append((verts, codes))

    def polyline(self, points, closed: bool = False) -> None:
        points = list(points)
        self.points += points
        self.codes += [_MOVETO] + [_LINETO] * (len(points) - 1)
        if closed:
            self.points.append(points[0])
            self.codes.append(_CLOSEPOLY)

    def smooth(self, points, radius: float) -> None:
        """A polyline whose bends are rounded off with quadratic curves."""
        pts = [points[0]]
        for p in points[1:]:
            if math.dist(p, pts[-1]) > 1e-9:
                pts.append(p)
        self.points.append(pts[0])
        self.codes.append(_MOVETO)
        for a, p, b in zip(pts, pts[1:], pts[2:]):
            da, db = math.dist(a, p), math.dist(p, b)
            r = min(radius, da / 2, db / 2)
            bend = abs((p[0] - a[0]) * (b[1] - p[1]) - (p[1] - a[1]) * (b[0] - p[0]))
            if r < 0.1 or bend < 1e-6 * da * db:
                self.points.append(p)
                self.codes.append(_LINETO)
                continue
            p1 = (p[0] + (a[0] - p[0]) * r / da, p[1] + (a[1] - p[1]) * r / da)
            p2 = (p[0] + (b[0] - p[0]) * r / db, p[1] + (b[1] - p[1]) * r / db)
            self.points += [p1, p, p2]
            self.codes += [_LINETO, _CURVE3, _CURVE3]
        if len(pts) > 1:
            self.points.append(pts[-1])
            self.codes.append(_LINETO)

    def rounded(self, x0, y0, x1, y1, r) -> None:
        r = min(r, (x1 - x0) / 2, (y1 - y0) / 2)
        self.points += [
            (x0 + r, y0), (x1 - r, y0), (x1, y0), (x1, y0 + r),
            (x1, y1 - r), (x1, y1), (x1 - r, y1), (x0 + r, y1),
            (x0, y1), (x0, y1 - r), (x0, y0 + r), (x0, y0), (x0 + r, y0),
        ]  # fmt: skip
        M, L, C = _MOVETO, _LINETO, _CURVE3
        self.codes += [M, L, C, C, L, C, C, L, C, C, L, C, C]

    def path(self):
        import numpy as np
        from matplotlib.path import Path

        blocks = list(self.blocks)
        if self.points:
            blocks.append(
                (np.asarray(self.points, dtype=float), np.asarray(self.codes, np.uint8))
            )
        if not blocks:
            return None
        return Path(
            np.concatenate([v for v, _ in blocks]),
            np.concatenate([c for _, c in blocks]),
        )


def _arrowhead(points, size: float = 6.0):
    """Triangle at the last point of ``points``, along the last segment."""
    (xa, ya), (xb, yb) = points[-2], points[-1]
    dx, dy = xb - xa, yb - ya
    n = math.hypot(dx, dy) or 1.0
    ux, uy = dx / n, dy / n
    bx, by = xb - ux * size, yb - uy * size
    w = size * 0.42
    return [(xb, yb), (bx - uy * w, by + ux * w), (bx + uy * w, by - ux * w)]


# ---------------------------------------------------------------------------
# the figure


def draw(
    model,
    *,
    show_shapes: bool = False,
    show_dtype: bool = False,
    show_layer_names: bool = True,
    show_layer_activations: bool = False,
    show_trainable: bool = False,
    show_params: bool = False,
    expand_nested: bool = False,
    rankdir: str = "TB",
    dpi: float | None = None,
    highlight: Iterable[str] | str | None = None,
    focus: str | None = None,
    focus_radius: int = 2,
    input_shape=None,
):
    """Draw the layer graph of ``model`` and return a matplotlib Figure.

    ``model`` is a Keras model (Sequential, Functional or a traceable
    subclass; ``input_shape`` as for :func:`kerasteach.read_model`) or a
    :class:`~kerasteach.graph.ModelGraph`.  The ``show_*`` options,
    ``expand_nested``, ``rankdir`` ("TB" top to bottom, "LR" left to right)
    and ``dpi`` mean what they mean for ``keras.utils.plot_model``;
    ``show_params`` adds parameter counts.  ``highlight`` names layers to
    draw in a strong colour; ``focus`` names one layer and draws only the
    layers at most ``focus_radius`` edges away from it, with a short dashed
    stub where more of the graph continues.  Layers inside an expanded nested
    model are named ``"outer/inner"``.

    ``dpi=None`` means 100 dpi, lowered for big drawings to keep them near
    8 million pixels, but not below 60 dpi (where text is still readable)
    unless that would pass 16 million pixels.  Text too small to read in a
    PNG is drawn as grey bars; SVG and PDF always carry the full text, and
    ``focus`` shows any part of a huge model at full size.

    Very long models are folded into side by side columns; an edge that
    jumps between columns ends at a numbered circle and continues from the
    circle with the same number.
    """
    from matplotlib.transforms import Affine2D

    from ._reader import read_model

    opts = {
        "show_shapes": bool(show_shapes),
        "show_dtype": bool(show_dtype),
        "show_layer_names": bool(show_layer_names),
        "show_layer_activations": bool(show_layer_activations),
        "show_trainable": bool(show_trainable),
        "show_params": bool(show_params),
    }
    if dpi is not None and (not isinstance(dpi, (int, float)) or not dpi > 0):
        raise DrawingError(
            f"dpi expected a positive number or None. Received: dpi={dpi!r}."
        )
    graph = model if isinstance(model, ModelGraph) else read_model(model, input_shape)
    highlighted = _highlight_names(highlight)
    check_names(graph, highlighted, "highlight", expand_nested=bool(expand_nested))

    labels: dict[str, list] = {}

    def size(node: DrawnNode):
        lines = _label(node, opts)
        labels[node.key] = lines
        return _label_size(lines)

    layout = compute_layout(
        graph,
        size=size,
        rankdir=rankdir,
        expand_nested=expand_nested,
        focus=focus,
        focus_radius=focus_radius,
    )

    w_in, h_in, dpi, scale = _figure_size(layout, dpi)
    fig = _figure_class()(figsize=(w_in, h_in), dpi=dpi)
    # layout points (y down) -> figure inches (y up) -> display pixels
    to_inches = Affine2D().scale(scale / 72.0, -scale / 72.0).translate(0, h_in)
    _paint(fig, to_inches + fig.dpi_scale_trans, scale, layout, labels, highlighted)
    fig.kerasteach_layout = layout
    fig.kerasteach_scale = scale
    return fig


def _figure_size(layout: Layout, dpi: float | None):
    """(width, height in inches, dpi, inches per layout inch)."""
    W, H = max(layout.width, 1.0), max(layout.height, 1.0)
    scale = min(1.0, _MAX_INCHES * 72.0 / max(W, H))
    if dpi is None:
        budget = 72.0 * math.sqrt(_PIXEL_BUDGET / (W * H))
        cap = 72.0 * math.sqrt(_PIXEL_CAP / (W * H))
        dpi = min(_DEFAULT_DPI, max(budget, min(_MIN_DPI, cap))) / scale
    dpi = float(dpi)
    inches = W * scale / 72.0, H * scale / 72.0
    limit = min(
        (_AGG_LIMIT - 1) / max(inches),
        math.sqrt(_AREA_LIMIT / (inches[0] * inches[1])),
    )
    if dpi > limit:
        warnings.warn(
            f"dpi={dpi:g} would make a picture of "
            f"{inches[0] * dpi:.0f} x {inches[1] * dpi:.0f} pixels, more than "
            f"matplotlib can save or memory can hold; using dpi={limit:.0f}. "
            "Save as SVG or PDF for a sharper picture of a big model.",
            stacklevel=3,
        )
        dpi = limit
    # whole pixels (+1/4 so int() in the Agg canvas cannot round down)
    w_in = (round(inches[0] * dpi) + 0.25) / dpi
    h_in = (round(inches[1] * dpi) + 0.25) / dpi
    return w_in, h_in, dpi, scale


def _paint(fig, transform, scale, layout, labels, highlighted) -> None:
    """Add the frames, edges, boxes and labels of ``layout`` to ``fig``."""
    from matplotlib.patches import PathPatch

    def patch(path, **kw):
        if path is not None:
            kw.setdefault("linewidth", 0)
            fig.add_artist(PathPatch(path, transform=transform, **kw))

    # frames of expanded nested models, outermost first
    for frame in sorted(layout.frames, key=lambda f: f.depth):
        box = _PathBuilder()
        box.rounded(frame.x0, frame.y0, frame.x1, frame.y1, 6.0)
        hit = frame.key in highlighted
        patch(
            box.path(),
            facecolor=_FRAME[0],
            edgecolor=_HIGHLIGHT[1] if hit else _FRAME[1],
            linewidth=2.4 if hit else 1.0,
            linestyle="-" if hit else (0, (4, 3)),
        )

    # edges and arrowheads
    lines, heads = _PathBuilder(), _PathBuilder()
    for route in layout.routes:
        for i, piece in enumerate(route.pieces):
            if len(piece) >= 2:
                lines.smooth(piece, 8.0)
                if i == len(route.pieces) - 1:
                    heads.polyline(_arrowhead(piece), closed=True)
    patch(lines.path(), facecolor="none", edgecolor=_EDGE, linewidth=1.0)
    patch(heads.path(), facecolor=_EDGE, edgecolor=_EDGE, linewidth=0.5)

    # boxes, one path per colour
    by_style: dict[tuple, _PathBuilder] = {}
    for b in layout.boxes:
        if b.key in highlighted:
            style = (*_HIGHLIGHT, 2.6)
        elif b.key == layout.focus:
            style = (_STYLE.get(b.node.kind, _STYLE["layer"])[0], _FOCUS_BORDER, 2.6)
        else:
            style = (*_STYLE.get(b.node.kind, _STYLE["layer"]), 0.9)
        by_style.setdefault(style, _PathBuilder()).rounded(b.x0, b.y0, b.x1, b.y1, 4.0)
    for (face, edge, lw), builder in by_style.items():
        patch(builder.path(), facecolor=face, edgecolor=edge, linewidth=lw)

    # connectors (folded drawings) and stubs (focus views)
    circles = _PathBuilder()
    small: list[tuple[str, float, float, float]] = []  # text, centre x, baseline, size
    for c in layout.connectors:
        n = 16
        circles.polyline(
            [
                (c.x + c.radius * math.cos(2 * math.pi * k / n),
                 c.y + c.radius * math.sin(2 * math.pi * k / n))
                for k in range(n)
            ],
            closed=True,
        )  # fmt: skip
        small.append((c.label, c.x, c.y + 2.6, 7.0))
    patch(circles.path(), facecolor="white", edgecolor=_EDGE, linewidth=1.0)
    stubs = _PathBuilder()
    for s in layout.stubs:
        stubs.polyline(s.points)
        (xa, ya), (xb, yb) = s.points
        text = f"+{s.count}"
        small.append((text, max(xa, xb) + 3 + _glyphs().width(text, 7.0, False) / 2,
                      (ya + yb) / 2 + 2.5, 7.0))  # fmt: skip
    patch(stubs.path(), facecolor="none", edgecolor=_EDGE, linewidth=1.0,
          linestyle=(0, (2, 2)))  # fmt: skip

    # all text: one artist that turns labels into glyph outlines when drawn
    g = _glyphs()
    runs: list[tuple] = []  # (text, size, bold, x, baseline, colour)
    for b in layout.boxes:
        y = b.y0 + _PAD_Y
        for text, style in labels[b.key]:
            size = _line_size(style)
            bold = style == "head"
            y += size * _LEADING
            w = g.width(text, size, bold)
            runs.append(
                (text, size, bold, (b.x0 + b.x1 - w) / 2, y - size * 0.3, _TEXT[style])
            )
    for frame in layout.frames:
        layer = frame.node.layer
        text = f"{layer.name} ({layer.class_name})"
        runs.append((text, _HEAD, True, frame.x0 + 6, frame.y0 + 12.5, _FRAME[1]))
    for text, cx, baseline, size in small:
        w = g.width(text, size, False)
        runs.append((text, size, False, cx - w / 2, baseline, "#222222"))
    fig.add_artist(_labels_class()(runs, transform, scale))


def _highlight_names(highlight) -> list[str]:
    if highlight is None:
        return []
    if isinstance(highlight, str):
        return [highlight]
    try:
        return list(highlight)
    except TypeError:
        raise DrawingError(
            "highlight expected a layer name or a list of layer names. "
            f"Received: {highlight!r}."
        ) from None


_LEGIBLE_PX = 5.5  # text smaller than this in a PNG is drawn as grey bars
_LABELS_CLASS = None


def _labels_class():
    """The artist that draws every label (made on first use)."""
    global _LABELS_CLASS
    if _LABELS_CLASS is not None:
        return _LABELS_CLASS
    from matplotlib.artist import Artist

    class Labels(Artist):
        """All labels of a drawing as filled glyph outlines, one path per
        colour.  In a PNG where a line of text would be smaller than
        ``_LEGIBLE_PX`` pixels the line is drawn as a grey bar instead
        ("greeking"): unreadable glyphs cost time and only add noise.  SVG
        and PDF always get the full text."""

        def __init__(self, runs, transform, scale):
            super().__init__()
            self.set_transform(transform)
            self.set_zorder(3)  # above the boxes
            self._runs = runs
            self._scale = scale
            self._cache: dict = {}

        def _paths(self, px_per_pt: float | None):
            greek_below = None if px_per_pt is None else _LEGIBLE_PX / px_per_pt
            key = tuple(
                sorted(
                    {s for _, s, *_ in self._runs if greek_below and s < greek_below}
                )
            )
            if key not in self._cache:
                g = _glyphs()
                builders: dict[tuple[str, float], _PathBuilder] = {}
                texts: dict[str, list] = {}
                for text, size, bold, x, baseline, colour in self._runs:
                    if size in key:
                        w = g.width(text, size, bold)
                        top, bottom = baseline - 0.62 * size, baseline - 0.05 * size
                        b = builders.setdefault((colour, 0.3), _PathBuilder())
                        b.polyline(
                            [(x, top), (x + w, top), (x + w, bottom), (x, bottom)]
                        )
                    else:
                        texts.setdefault(colour, []).append(
                            (text, size, bold, x, baseline)
                        )
                for colour, items in texts.items():
                    got = g.outlines(items)
                    if got is not None:
                        builders.setdefault((colour, 1.0), _PathBuilder()).add(*got)
                self._cache[key] = [(c, a, b.path()) for (c, a), b in builders.items()]
            return self._cache[key]

        def draw(self, renderer):
            if not self.get_visible():
                return
            from matplotlib.backends.backend_agg import RendererAgg
            from matplotlib.colors import to_rgba

            raster = isinstance(renderer, RendererAgg)
            px = renderer.points_to_pixels(1.0) * self._scale if raster else None
            gc = renderer.new_gc()
            gc.set_linewidth(0)
            for colour, alpha, path in self._paths(px):
                if path is not None:
                    gc.set_alpha(alpha)
                    renderer.draw_path(gc, path, self.get_transform(), to_rgba(colour))
            gc.restore()
            self.stale = False

    _LABELS_CLASS = Labels
    return Labels


_FIGURE_CLASS = None


def _figure_class():
    """A Figure subclass that shows itself as PNG in Jupyter even when pyplot
    was never imported (made on first use: matplotlib loads lazily)."""
    global _FIGURE_CLASS
    if _FIGURE_CLASS is None:
        from matplotlib.figure import Figure

        class ModelFigure(Figure):
            """A matplotlib Figure drawn by :func:`kerasteach.draw`."""

            def _repr_png_(self) -> bytes:
                buf = io.BytesIO()
                self.savefig(buf, format="png")
                return buf.getvalue()

            def savefig(self, fname, *args, **kwargs):
                """``Figure.savefig``.  A plain PNG (no ``bbox_inches``,
                ``transparent``, ``dpi`` or other options, default rcParams)
                is written by a small encoder that skips PNG row filters and
                compresses with zlib level 1: the same pixels, a file of
                about the same size, written three to four times faster
                than through Pillow.  Anything else goes to matplotlib."""
                if not args and _is_png(fname, kwargs):
                    if _plain_png(kwargs):
                        _fast_png(self, fname)
                        return None
                    kwargs.setdefault("pil_kwargs", {"compress_level": 1})
                return super().savefig(fname, *args, **kwargs)

        ModelFigure.__module__ = __name__
        _FIGURE_CLASS = ModelFigure
        globals()["ModelFigure"] = ModelFigure
    return _FIGURE_CLASS


def _is_png(fname, kwargs) -> bool:
    import os

    import matplotlib

    fmt = kwargs.get("format")
    if fmt is None and isinstance(fname, (str, os.PathLike)):
        fmt = os.path.splitext(os.fspath(fname))[1][1:] or None
    if fmt is None:
        fmt = matplotlib.rcParams["savefig.format"]
    return str(fmt).lower() == "png"


def _plain_png(kwargs) -> bool:
    import matplotlib

    rc = matplotlib.rcParams
    return (
        set(kwargs) <= {"format"}
        and rc["savefig.facecolor"] == "auto"
        and rc["savefig.edgecolor"] == "auto"
        and not rc["savefig.transparent"]
        and rc["savefig.dpi"] == "figure"
        and rc["savefig.bbox"] in (None, "standard")
    )


def _fast_png(fig, fname) -> None:
    """Render ``fig`` with Agg at its dpi and write an RGBA PNG."""
    import os
    import struct
    import zlib

    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    previous = fig.canvas
    try:
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        rgba = np.asarray(canvas.buffer_rgba())
    finally:
        fig.set_canvas(previous)
    h, w = rgba.shape[:2]
    comp = zlib.compressobj(1)
    parts = []
    for row in rgba.reshape(h, 4 * w):  # each row: filter byte 0 ("None"), pixels
        parts.append(comp.compress(b"\x00"))
        parts.append(comp.compress(row))
    parts.append(comp.flush())
    data = b"".join(parts)

    def chunk(tag: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(tag + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", crc)

    ppm = round(fig.dpi / 0.0254)
    png = b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)),
            chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1)),
            chunk(b"tEXt", b"Software\x00kerasteach (matplotlib Agg)"),
            chunk(b"IDAT", data),
            chunk(b"IEND", b""),
        ]
    )
    if isinstance(fname, (str, os.PathLike)):
        with open(fname, "wb") as fh:
            fh.write(png)
    else:
        fname.write(png)


def box_pixels(fig) -> dict[str, tuple[float, float, float, float]]:
    """Each box of a figure from :func:`draw` as ``(x0, y0, x1, y1)`` in
    pixels of the image ``fig.savefig(buf, format="png")`` writes (at
    ``fig.dpi``, without ``bbox_inches="tight"``), origin at the top left.
    Frames of expanded nested models are included under their own name."""
    layout: Layout | None = getattr(fig, "kerasteach_layout", None)
    if layout is None:
        raise DrawingError(
            "box_pixels expected a figure made by kerasteach.draw(). "
            f"Received: {type(fig).__name__}."
        )
    k = fig.kerasteach_scale / 72.0 * fig.dpi  # pixels per layout point
    h_px = fig.get_size_inches()[1] * fig.dpi
    shift = h_px - int(h_px)  # the Agg canvas drops the fraction at the top

    def px(x0, y0, x1, y1):
        return (x0 * k, y0 * k - shift, x1 * k, y1 * k - shift)

    out = {b.key: px(b.x0, b.y0, b.x1, b.y1) for b in layout.boxes}
    for f in layout.frames:
        out[f.key] = px(f.x0, f.y0, f.x1, f.y1)
    return out
