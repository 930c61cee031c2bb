"""Text as glyph outlines: measure labels and draw them as filled paths.

A matplotlib ``Text`` object costs a few milliseconds to render, so a
drawing's labels are instead built from glyph outlines of DejaVu Sans,
cached per character (:class:`_Glyphs`), and drawn by one artist
(``_labels_class()``), one path per colour.  matplotlib is imported on
first use.

DejaVu Sans has no Chinese, Japanese or Korean characters (nor many
others a layer may be named in): such a character is taken from another
installed font that has it (:meth:`_Glyphs.fallback`), and when none has
it the drawing shows a box and :func:`warn_missing` says what to install.
"""

from __future__ import annotations

import warnings

from ._paths import _PathBuilder

# sizes in points
_HEAD = 9.0  # first line of a box (layer name and class), bold
_BODY = 8.0  # the other lines
_LEADING = 1.28
_PAD_X = 7.0
_PAD_Y = 4.5
_MIN_BOX = 56.0


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
        self._fonts: dict[bool, object] = {}  # DejaVu Sans per weight
        self._others: dict[bool, list[str]] | None = None  # other font files
        self.missing: set[str] = set()  # characters no installed font has
        self._widths: dict[tuple[str, bool], float] = {}
        self._tables: dict[bool, tuple] = {}

    def glyph(self, ch: str, bold: bool):
        """(vertices at size 1, codes, advance at size 1) of one character."""
        key = (ch, bold)
        hit = self._cache.get(key)
        if hit is None:
            import numpy as np

            prop = self._props[bold]
            if not self._has(prop, bold, ch):
                prop = self.fallback(ch, bold) or prop
            with warnings.catch_warnings():  # a missing glyph draws as a box
                warnings.simplefilter("ignore")
                verts, codes = self._t2p.get_text_path(prop, ch)
                width = self._t2p.get_text_width_height_descent(ch, prop, ismath=False)
            verts = np.asarray(verts, dtype=float).reshape(-1, 2) / 100.0
            hit = (verts, np.asarray(codes, dtype=np.uint8), width[0] / 100.0)
            self._cache[key] = hit
        return hit

    def _has(self, prop, bold: bool, ch: str) -> bool:
        """Whether DejaVu Sans (of this weight) has a glyph for ``ch``."""
        font = self._fonts.get(bold)
        if font is None:
            from matplotlib.font_manager import findfont, get_font

            font = self._fonts[bold] = get_font(findfont(prop))
        return font.get_char_index(ord(ch)) != 0

    def fallback(self, ch: str, bold: bool):
        """FontProperties of the first other installed font that has ``ch``
        (fonts of the same weight first), or None, and then ``ch`` is
        recorded in :attr:`missing`.  Only reached for characters DejaVu
        Sans lacks, once per character and weight."""
        from matplotlib.font_manager import FontProperties, get_font

        if self._others is None:
            self._others = _other_fonts()
        for fname in self._others[bold]:
            try:
                if get_font(fname).get_char_index(ord(ch)) != 0:
                    return FontProperties(fname=fname, size=100)
            except (OSError, RuntimeError, ValueError):  # a font FreeType cannot read
                continue
        if ch.isprintable() and not ch.isspace():
            self.missing.add(ch)
        return None

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


def _other_fonts() -> dict[bool, list[str]]:
    """The font files matplotlib knows besides DejaVu Sans, per weight
    (bold or not): upright fonts of that weight first, then the others.
    matplotlib's "Last Resort" font is left out: it has a glyph for every
    character, a box showing the character's script, not the character."""
    from matplotlib.font_manager import fontManager

    fonts = sorted(
        {
            (f.name, f.fname, f.style, f.weight)
            for f in fontManager.ttflist
            if f.name != "DejaVu Sans" and not f.name.startswith("Last Resort")
        }
    )

    def heavy(weight) -> bool:
        try:
            return int(weight) >= 600
        except (TypeError, ValueError):
            return str(weight).lower() in {"bold", "heavy", "black", "extra bold"}

    return {
        bold: [
            fname
            for *_, fname in sorted(
                (style != "normal", heavy(weight) != bold, name, fname)
                for name, fname, style, weight in fonts
            )
        ]
        for bold in (False, True)
    }


def warn_missing(stacklevel: int = 3) -> None:
    """Warn once about characters of the labels that no installed font has
    (drawn as boxes), saying what to install."""
    g = _GLYPHS
    if g is None or not g.missing:
        return
    chars, one = ", ".join(sorted(g.missing)), len(g.missing) == 1
    them = "it" if one else "them"
    g.missing.clear()
    warnings.warn(
        f"The drawing shows a box for {chars}: no font on this computer has "
        f"{'this character' if one else 'these characters'}. To see "
        f"{them}, install a font that has {them} (for Chinese, Japanese or Korean: "
        "Noto Sans CJK, on Debian or Ubuntu `sudo apt install fonts-noto-cjk`), "
        "then delete matplotlib's font list (the fontlist-*.json file in the "
        "folder `matplotlib.get_cachedir()` names) and restart Python.",
        stacklevel=stacklevel,
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
