"""A fast writer for a plain PNG of a figure.

``ModelFigure.savefig`` hands a PNG with no extra options (``_is_png`` and
``_plain_png``) to ``_fast_png``, which renders with Agg and writes the
pixels without PNG row filters, compressed with zlib level 1: the same
pixels as matplotlib's PNG, written three to four times faster.
"""

from __future__ import annotations


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
