"""Paint a computed layout onto a matplotlib figure, in few artists.

:func:`_paint` is the drawing half of :func:`kerasteach.render.draw`: it
takes a :class:`~kerasteach.layout.Layout` (where every box, frame, edge,
connector and focus stub goes) and the text lines of each box, and adds
them to the figure as a handful of paths: the frames of expanded nested
models, all edges, all arrowheads, the boxes (one path per colour), the
connector circles and focus stubs, and one artist for all the text.  The
colours of the drawing live here too.  ``render`` decides the figure's
size and dpi; this module only paints.
"""

from __future__ import annotations

import math

from ._box_text import frame_label, frame_note
from ._glyphs import _HEAD, _LEADING, _PAD_Y, _glyphs, _labels_class, _line_size
from ._paths import _arrowhead, _PathBuilder
from .graph import INPUT, MODEL, OP
from .layout import Stub

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
    drawn: set = set()  # segments of shared lanes are painted once
    for route in layout.routes:
        for i, piece in enumerate(route.pieces):
            if len(piece) >= 2:
                lines.smooth(piece, 8.0, drawn)
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
        small.append(_stub_label(s))
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
        text = frame_label(frame.node.layer)
        runs.append((text, _HEAD, True, frame.x0 + 6, frame.y0 + 12.5, _FRAME[1]))
        note = frame_note(frame.node.layer)
        if note is not None:  # "shared: ...", at the other end of the band
            size = _line_size("body")
            x = frame.x1 - 6 - g.width(note, size, False)
            runs.append((note, size, False, x, frame.y0 + 12.5, _FRAME[1]))
    for text, cx, baseline, size in small:
        w = g.width(text, size, False)
        runs.append((text, size, False, cx - w / 2, baseline, "#222222"))
    fig.add_artist(_labels_class()(runs, transform, scale))


def _stub_label(stub: Stub) -> tuple[str, float, float, float]:
    """(text, centre x, baseline, size) of a focus stub's "+N": beside a
    vertical stub (TB), under a horizontal one (LR), where it can meet
    neither the stub's own box nor the edge of the picture."""
    (xa, ya), (xb, yb) = stub.points
    text, size = f"+{stub.count}", 7.0
    if abs(xa - xb) < 1e-6:
        w = _glyphs().width(text, size, False)
        return text, xa + 3 + w / 2, (ya + yb) / 2 + 2.5, size
    return text, (xa + xb) / 2, ya + 3 + size * 0.75, size
