"""Layer names in scripts DejaVu Sans does not have (Chinese, Japanese,
Korean, ...): the drawing takes those characters from another installed
font, and when no font has them it says what to install.

The machine that runs the tests may or may not have a CJK font, so the
tests make one: a font whose only glyph is a triangle, for a character of
Unicode's private use plane that no real font has (fontTools comes with
matplotlib); and for "no font has it" they take the other fonts away.
"""

from __future__ import annotations

import warnings

import keras
import numpy as np
import pytest

import kerasteach
from kerasteach import _glyphs

TRIANGLE = "\U000f0001"  # the test font's character
NOWHERE = "\u5377"  # a Chinese character: in no font once the others are gone


def _triangle_font(path) -> str:
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    def glyph(points):
        pen = TTGlyphPen(None)
        if points:
            pen.moveTo(points[0])
            for p in points[1:]:
                pen.lineTo(p)
            pen.closePath()
        return pen.glyph()

    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder([".notdef", "triangle"])
    fb.setupCharacterMap({ord(TRIANGLE): "triangle"})
    fb.setupGlyf(
        {".notdef": glyph([]), "triangle": glyph([(0, 0), (600, 0), (300, 700)])}
    )
    fb.setupHorizontalMetrics({".notdef": (500, 0), "triangle": (800, 0)})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable(
        {"familyName": "Kerasteach Test Triangle", "styleName": "Regular"}
    )
    fb.setupOS2()
    fb.setupPost()
    fb.save(str(path))
    return str(path)


@pytest.fixture
def fresh_glyphs(monkeypatch):
    """A new glyph cache for the test (the module's one is restored after)."""
    monkeypatch.setattr(_glyphs, "_GLYPHS", None)


@pytest.fixture
def only_dejavu(fresh_glyphs, monkeypatch):
    """A computer whose only font is DejaVu Sans."""
    monkeypatch.setattr(_glyphs, "_other_fonts", lambda: {False: [], True: []})


@pytest.fixture
def triangle_font(tmp_path, fresh_glyphs):
    from matplotlib.font_manager import fontManager

    path = _triangle_font(tmp_path / "triangle.ttf")
    fontManager.addfont(path)
    yield path
    fontManager.ttflist[:] = [f for f in fontManager.ttflist if f.fname != path]
    fontManager._findfont_cached.cache_clear()


def _model(name: str):
    return keras.Sequential(
        [keras.Input((3,), name="x"), keras.layers.Dense(2, name=name)], name="m"
    )


def test_a_character_dejavu_lacks_comes_from_a_font_that_has_it(triangle_font):
    g = _glyphs._glyphs()
    verts, codes, advance = g.glyph(TRIANGLE, False)
    # the test font's triangle (units of 1000 per em, at size 1)
    corners = {tuple(v) for v in np.round(verts, 3)}
    assert {(0.0, 0.0), (0.6, 0.0), (0.3, 0.7)} <= corners
    assert advance == pytest.approx(0.8)
    # a bold label has no bold triangle font: the regular one is used
    assert g.glyph(TRIANGLE, True)[2] == pytest.approx(0.8)
    assert not g.missing
    # a label with it is drawn without a word of warning
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        kerasteach.draw(_model(f"conv{TRIANGLE}"), show_shapes=True).savefig(
            _io(), format="png"
        )


def test_letters_dejavu_has_still_come_from_dejavu(triangle_font):
    g = _glyphs._glyphs()
    g.glyph("a", False)
    g.glyph("\u03b1", False)  # Greek: DejaVu has it
    assert g._others is None  # no other font was even looked at


def test_a_character_no_font_has_is_a_box_and_a_warning_says_what_to_install(
    only_dejavu,
):
    with pytest.warns(UserWarning) as record:
        fig = kerasteach.draw(_model(f"a{NOWHERE}b"))
    (message,) = [str(w.message) for w in record]
    assert message.startswith(f"The drawing shows a box for {NOWHERE}: no font")
    assert "this character. To see it, install a font that has it" in message
    assert "fonts-noto-cjk" in message and "matplotlib.get_cachedir()" in message
    assert fig.kerasteach_layout  # the drawing is still made
    # said once: the next drawing with the same name draws quietly
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        kerasteach.draw(_model(f"a{NOWHERE}b"))


def test_several_missing_characters_are_named_together(only_dejavu):
    other = "\u79ef"
    with pytest.warns(UserWarning, match="these characters. To see them") as record:
        kerasteach.draw(_model(f"{other}{NOWHERE}"))
    assert f"a box for {NOWHERE}, {other}:" in str(record[0].message)


def test_the_compare_widget_passes_the_warning_on(only_dejavu):
    with pytest.warns(UserWarning, match="The drawing shows a box for"):
        kerasteach.compare(_model(f"x{NOWHERE}"))


def _io():
    import io

    return io.BytesIO()
