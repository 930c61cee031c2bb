"""The graph image of the widgets and the box that marks a selection.

The graph is drawn once per set of drawing options by
:func:`kerasteach.render.draw`.  The compare widget shows its PNG in an
HTML fragment together with an empty, absolutely positioned mark; a
selection moves the mark onto the layer's box (from
:func:`kerasteach.render.box_pixels`) with one CSS rule, so the image is
never sent again.

In a widget, ``dpi`` sharpens the graph and does not enlarge it: the graph
is drawn at draw()'s default dpi, which sets the size it is shown at, and
its PNG is written at the dpi asked for, with at most :data:`MAX_PIXELS`
pixels (each one is sent to the browser and kept in the notebook).
"""

from __future__ import annotations

import base64
import html
import io
import math
import struct
from functools import lru_cache
from typing import Any, NamedTuple

from ._widget_css import scope
from .graph import ModelGraph
from .render import _AGG_LIMIT, _PIXEL_CAP

__all__ = [
    "MAX_PIXELS",
    "GraphImage",
    "draw_defaults",
    "png_size",
    "render_graph",
    "graph_html",
    "mark_css",
]

# How far (CSS px) the mark's outer edge stands out around a box: its 3px
# border covers the box's own (red for a layer named in a reason), so that
# the selected box reads blue, and its see-through glow outside leaves the
# arrowheads that end at the box in sight (an opaque ring further out hid
# them).
MARK_PAD = 2

# draw() keywords that are no switch of a drawing: what to draw rather than
# how (_widget_options takes highlight as an option of its own, and refuses
# the others with what to use instead).
_NOT_OPTIONS = {"highlight", "focus", "focus_radius", "input_shape"}

# The most pixels a graph image of a widget holds: draw()'s own cap for its
# default dpi, so that the default drawing is never cut.  A 300-layer chain
# at dpi=5000 was a 9.8 MB PNG (13 MB in the widget) and a 6 s redraw.
MAX_PIXELS = int(_PIXEL_CAP)
_MAX_SIDE = _AGG_LIMIT - 1  # pixels on a side: Agg draws no more


def draw_defaults() -> dict[str, Any]:
    """The drawing options of :func:`kerasteach.render.draw` and their
    defaults, read from its signature so that the two never disagree."""
    from .render import draw

    return dict(_defaults_of(draw))


@lru_cache(maxsize=4)
def _defaults_of(draw) -> tuple[tuple[str, Any], ...]:
    import inspect

    params = inspect.signature(draw).parameters
    return tuple(
        (name, p.default)
        for name, p in params.items()
        if p.kind is p.KEYWORD_ONLY
        and p.default is not p.empty
        and name not in _NOT_OPTIONS
    )


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, read from its header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("expected PNG data")
    return struct.unpack(">II", data[16:24])


class GraphImage(NamedTuple):
    """A drawn graph: the figure, its PNG, each layer's box (PNG pixels),
    ``scale`` (CSS pixels per PNG pixel, so that the graph is shown at its
    size at draw()'s default dpi) and ``note`` (why the PNG has fewer pixels
    than the dpi asked for; empty when it has them all)."""

    figure: Any
    png: bytes
    boxes: dict[str, tuple[float, float, float, float]]
    scale: float = 1.0
    note: str = ""


def render_graph(graph: ModelGraph, options: dict[str, Any], highlight) -> GraphImage:
    """Draw once, at draw()'s default dpi (the size shown), and write the
    PNG at ``options["dpi"]`` (its sharpness), capped at :data:`MAX_PIXELS`."""
    from .render import box_pixels, draw

    options = dict(options)
    asked = options.pop("dpi", None)
    fig = draw(graph, highlight=list(highlight), **options)
    shown = fig.dpi  # draw()'s default for this graph
    dpi, note = _sharpness(fig.get_size_inches(), shown, asked)
    if dpi != shown:
        fig.set_dpi(dpi)  # the same picture in more (or fewer) pixels
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    png = buf.getvalue()
    boxes = box_pixels(fig)
    try:  # a pyplot-managed figure would also print itself in the notebook
        import matplotlib.pyplot as plt

        plt.close(fig)
    except Exception:  # noqa: BLE001 - closing is a courtesy
        pass
    return GraphImage(fig, png, boxes, shown / dpi, note)


def _sharpness(inches, shown: float, asked: float | None) -> tuple[float, str]:
    """The dpi to write the PNG at, and a note when ``asked`` is cut down to
    keep the image within :data:`MAX_PIXELS` (and Agg's size on a side)."""
    if asked is None:
        return shown, ""
    width, height = inches
    limit = min(math.sqrt(MAX_PIXELS / (width * height)), _MAX_SIDE / max(inches))
    if asked <= limit:
        return float(asked), ""
    dpi = max(float(math.floor(limit)), shown)  # never below the default
    shown_asked = f"{asked:.12g}"  # as the student wrote it: 5000000, not 5e+06
    note = (
        f"The graph is drawn at dpi={dpi:g}, not dpi={shown_asked}: dpi={shown_asked} "
        f"would make an image of {width * asked:.0f} x {height * asked:.0f} "
        f"pixels, and the widget shows at most {MAX_PIXELS / 1e6:g} million "
        f"pixels. In the widget, dpi makes the graph sharper, not bigger; "
        f"pass dpi={dpi:g} or less, e.g. w.set_draw_options(dpi={dpi:g}), "
        "to draw it without this note."
    )
    return dpi, note


def graph_html(
    png: bytes, size: tuple[int, int], name: str, uid: str, note: str = ""
) -> str:
    """The graph image (``size`` in CSS pixels) with the selection mark
    (id ``kt-<uid>-mark``, for links that scroll to it), after ``note`` if
    any.  No scroller of its own: the HTML widget's content div scrolls it
    (``_widget_css`` says why), so a redraw keeps the student's place."""
    width, height = size
    data = base64.b64encode(png).decode("ascii")
    above = f'<div class="kt-note">{html.escape(note)}</div>' if note else ""
    return (
        f'{above}<div class="kt-stack" style="width:{width}px;height:{height}px">'
        f'<img alt="layer graph of {html.escape(name)}" width="{width}" '
        f'height="{height}" src="data:image/png;base64,{data}">'
        f'<div class="kt-mark" id="kt-{uid}-mark"></div></div>'
    )


def mark_css(uid: str, box, scale: float = 1.0) -> str:
    """The CSS rule that outlines ``box`` (PNG pixels) in widget ``uid``
    (scoped as :func:`~kerasteach._widget_css.scope` says why);
    ``scale`` is CSS pixels per PNG pixel.  Empty when there is no box."""
    if box is None:
        return ""
    x0, y0, x1, y1 = (v * scale for v in box)
    pad = MARK_PAD
    return (
        f"{scope(uid)} .kt-mark{{display:block;left:{x0 - pad:.0f}px;"
        f"top:{y0 - pad:.0f}px;width:{x1 - x0 + 2 * pad:.0f}px;"
        f"height:{y1 - y0 + 2 * pad:.0f}px}}"
    )
