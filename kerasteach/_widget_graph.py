"""The graph image of the widgets and the box that marks a selection.

The graph is drawn once per set of drawing options by
:func:`kerasteach.render.draw`; the widgets show its PNG and mark the
selected layer with a small absolutely positioned ``<div>`` laid over the
image at the layer's box from :func:`kerasteach.render.box_pixels`.
"""

from __future__ import annotations

import io
import struct
from typing import Any

from .graph import ModelGraph

__all__ = ["draw_defaults", "png_size", "render_graph", "overlay_html"]

# draw() keywords the widgets set themselves, or that make no sense for them.
_NOT_OPTIONS = {"highlight", "focus", "focus_radius", "input_shape"}


def draw_defaults() -> dict[str, Any]:
    """The drawing options of :func:`kerasteach.render.draw` and their
    defaults, read from its signature so that the two never disagree."""
    import inspect

    from .render import draw

    params = inspect.signature(draw).parameters
    return {
        name: p.default
        for name, p in params.items()
        if p.kind is p.KEYWORD_ONLY
        and p.default is not p.empty
        and name not in _NOT_OPTIONS
    }


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, read from its header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("expected PNG data")
    return struct.unpack(">II", data[16:24])


def render_graph(graph: ModelGraph, options: dict[str, Any], highlight):
    """Draw once: the figure, its PNG bytes and each layer's pixel box."""
    from .render import box_pixels, draw

    fig = draw(graph, highlight=list(highlight), **options)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    png = buf.getvalue()
    boxes = box_pixels(fig)
    try:  # a pyplot-managed figure would also print itself in the notebook
        import matplotlib.pyplot as plt

        plt.close(fig)
    except Exception:  # noqa: BLE001 - closing is a courtesy
        pass
    return fig, png, boxes


def overlay_html(box, size: tuple[int, int], scale: float = 1.0) -> str:
    """A transparent layer of ``size`` (CSS pixels) with one outlined box.

    ``box`` is in PNG pixels; ``scale`` is CSS pixels per PNG pixel.
    """
    if box is None:
        return ""
    x0, y0, x1, y1 = (v * scale for v in box)
    pad = 3
    width, height = size
    return (
        f'<div style="position:relative;width:{width}px;height:{height}px;'
        'pointer-events:none">'
        f'<div class="kt-mark" style="position:absolute;left:{x0 - pad:.0f}px;'
        f"top:{y0 - pad:.0f}px;width:{x1 - x0 + 2 * pad:.0f}px;"
        f"height:{y1 - y0 + 2 * pad:.0f}px;border:3px solid #e8590c;"
        "border-radius:6px;box-sizing:border-box;"
        'background:rgba(255,213,79,.25)"></div></div>'
    )
