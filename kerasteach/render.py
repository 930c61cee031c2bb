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

This module reads the options, sizes the figure and saves it; the painting
itself (the paths, the text artist and the colours) is in ``_paint``.
"""

from __future__ import annotations

import io
import math
import warnings
from collections.abc import Iterable
from typing import Any

from ._box_text import _label, frame_label, frame_label_width, frame_note
from ._checks import check_dpi, check_flag, did_you_mean
from ._glyphs import _HEAD, _glyphs, _label_size, _line_size, warn_missing
from ._paint import _paint
from ._png import _fast_png, _is_png, _plain_png
from .errors import UnknownOptionError
from .layout import (
    DrawingError,
    DrawnNode,
    Layout,
    check_names,
    compute_layout,
)

__all__ = ["draw", "box_pixels", "DrawingError"]

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
    focus_radius: int | None = None,
    input_shape=None,
    **unknown: Any,
):
    """Draw the layer graph of ``model`` and return a matplotlib Figure.

    ``model`` is a Keras model (Sequential, Functional or a traceable
    subclass; ``input_shape`` as for :func:`kerasteach.read_model`) or a
    :class:`~kerasteach.graph.ModelGraph`.  The ``show_*`` options,
    ``expand_nested``, ``rankdir`` ("TB" top to bottom, "LR" left to right)
    and ``dpi`` mean what they mean for ``keras.utils.plot_model``;
    ``show_params`` adds parameter counts.  ``highlight`` names layers to
    draw in a strong colour; ``focus`` names one layer and draws only the
    layers at most ``focus_radius`` edges away from it (2 when not given;
    ``focus_radius`` without ``focus`` is an error), with a short dashed
    stub where more of the graph continues.  Layers inside an expanded nested
    model are named ``"outer/inner"``.  A subclassed model's boxes also
    name the attribute its ``call()`` uses (``self.skip`` under
    ``dense_2 (Dense)``), as :func:`kerasteach.explain` does.

    ``dpi=None`` means 100 dpi, lowered for big drawings to keep them near
    8 million pixels, but not below 60 dpi (where text is still readable)
    unless that would pass 16 million pixels.  Text too small to read in a
    PNG is drawn as grey bars; SVG and PDF always carry the full text, and
    ``focus`` shows any part of a huge model at full size.

    Very long models are folded into side by side columns; an edge that
    jumps between columns ends at a numbered circle and continues from the
    circle with the same number.

    Unlike ``plot_model``, nothing is written to a file (there is no
    ``to_file``): save the figure with ``fig.savefig("model.png")``.
    """
    from matplotlib.transforms import Affine2D

    from ._reader import read_model

    _no_unknown_options(unknown)
    opts = {
        "show_shapes": check_flag("show_shapes", show_shapes),
        "show_dtype": check_flag("show_dtype", show_dtype),
        "show_layer_names": check_flag("show_layer_names", show_layer_names),
        "show_layer_activations": check_flag(
            "show_layer_activations", show_layer_activations
        ),
        "show_trainable": check_flag("show_trainable", show_trainable),
        "show_params": check_flag("show_params", show_params),
    }
    expand_nested = check_flag("expand_nested", expand_nested)
    check_dpi(dpi)
    graph = read_model(model, input_shape)  # a ModelGraph as it is
    highlighted = _highlight_names(highlight)
    check_names(graph, highlighted, "highlight", expand_nested=expand_nested)

    labels: dict[str, list] = {}

    def size(node: DrawnNode):
        lines = _label(node, opts)
        labels[node.key] = lines
        return _label_size(lines)

    def label_width(node: DrawnNode) -> float:
        note = frame_note(node.layer)
        return frame_label_width(
            _glyphs().width(frame_label(node.layer), _HEAD, True),
            None if note is None else _glyphs().width(note, _line_size("body"), False),
        )

    layout = compute_layout(
        graph,
        size=size,
        label_width=label_width,
        rankdir=rankdir,
        expand_nested=expand_nested,
        focus=focus,
        focus_radius=focus_radius,
    )

    warn_missing()  # characters of the labels no installed font has
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


def _no_unknown_options(unknown: dict) -> None:
    """Refuse keywords draw() does not have, as Python would (an
    :class:`UnknownOptionError` is also a ``TypeError``), with a hint for
    ``to_file`` (a habit from keras.utils.plot_model)."""
    if not unknown:
        return
    import inspect

    name = next(iter(unknown))
    message = f"draw() got an unexpected keyword argument {name!r}."
    if name == "to_file":
        message += (
            " kerasteach.draw returns a matplotlib figure instead of writing a "
            "file: fig = kerasteach.draw(model); fig.savefig('model.png') "
            "(or .svg, .pdf)."
        )
    else:
        known = [p for p in inspect.signature(draw).parameters if p != "unknown"]
        message += did_you_mean(name, known)
    raise UnknownOptionError(message)


def _highlight_names(highlight) -> list[str]:
    if highlight is None:
        return []
    if isinstance(highlight, str):
        return [highlight]
    try:
        names = list(highlight)
    except TypeError:
        names = [highlight]
    for item in names:
        if not isinstance(item, str):
            name = getattr(item, "name", None)
            hint = (
                f" Pass the layer's name: highlight={name!r}."
                if isinstance(name, str)
                else ""
            )
            raise DrawingError(
                "highlight expected a layer name or a list of layer names. "
                f"Received: {item!r:.80}.{hint}"
            )
    return names


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
