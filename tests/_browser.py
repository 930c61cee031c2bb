"""What the browser tests share: Chromium, the model they show, and the
checks of what a student sees in a compare widget.

The checks take a Playwright locator of the widget (``.kt-compare``), so the
same ones run in JupyterLab, Notebook 7 (tests/test_browser.py) and in pages
of saved widget state rendered by ``@jupyter-widgets/html-manager``
(tests/test_saved_widgets.py).
"""

from __future__ import annotations

import os
from pathlib import Path

from kerasteach._widget_css import SELECTED_BACKGROUND

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).parent / "artifacts"
# the selected rows' background as the browser reports it
HIGHLIGHT = "rgb({}, {}, {})".format(*bytes.fromhex(SELECTED_BACKGROUND[1:]))
# where .ci/browser-deps.sh unpacks @jupyter-widgets/html-manager from npm
HTML_MANAGER = Path(
    os.environ.get(
        "KERASTEACH_HTML_MANAGER", Path.home() / ".cache/kerasteach/html-manager"
    )
)

# The model every browser test shows.  Its last code line is longer than a
# code pane is wide, so the panes must scroll it, not grow.  Its pooling
# layer keeps Keras's own name, which only the faithful code writes: the two
# code styles differ, so a switch gives the code box new rows.
CELL = """\
import keras
from keras import layers

import kerasteach

blocks = []
for n, filters in enumerate([8, 16, 32, 64, 64], start=1):
    blocks += [
        layers.Conv2D(filters, 3, padding="same", name=f"conv_{n}"),
        layers.BatchNormalization(name=f"norm_{n}"),
        layers.Activation("relu", name=f"relu_{n}"),
        layers.MaxPooling2D(name=f"pool_{n}"),
    ]
model = keras.Sequential(
    [keras.Input(shape=(64, 64, 3), name="image"), *blocks,
     layers.GlobalAveragePooling2D(),
     layers.Dense(10, activation="softmax", name="class_probabilities")],
    name="small_cnn_model",
)
widget = kerasteach.compare(model)
widget.selected = "conv_5"
widget
"""
SELECTED = 17  # conv_5's place in widget.entries: image, then 4 per block


# The two scrollers: the HTML widgets' own content divs, which ipywidgets
# keeps when it sets a new value (a redraw, a switch of the code style).
CODE_BOX = ".kt-code > .widget-html-content"
GRAPH_BOX = ".kt-graph > .widget-html-content"


def require_chromium() -> None:
    assert Path(CHROMIUM).exists(), (
        f"{CHROMIUM} is missing: run `sh .ci/browser-deps.sh` first "
        "(apt-get install chromium; pip install playwright)."
    )


def inside(element, box) -> bool:
    """Whether ``element`` is within the visible part of scroller ``box``."""
    e, b = element.bounding_box(), box.bounding_box()
    return b["y"] - 1 <= e["y"] and e["y"] + e["height"] <= b["y"] + b["height"] + 1


def check_panes(widget) -> None:
    """Both code panes and the graph are shown, side by side, inside the
    widget, a line too long for its pane scrolling inside that pane."""
    from playwright.sync_api import expect

    sequential = widget.locator(".kt-sequential .kt-pane")
    functional = widget.locator(".kt-functional .kt-pane")
    image = widget.locator(".kt-graph img")
    for part in (sequential, functional, image):
        expect(part).to_be_visible(timeout=60_000)
    expect(sequential).to_contain_text("keras.Sequential(")
    expect(functional).to_contain_text("keras.Model(")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")

    seq_box, fun_box = sequential.bounding_box(), functional.bounding_box()
    assert fun_box["x"] >= seq_box["x"] + seq_box["width"] - 1  # side by side
    # the code and the image may be wider than their scrollers; the
    # scrollers stay inside
    check_inside(widget, widget.locator(CODE_BOX), widget.locator(GRAPH_BOX))


def check_inside(widget, *parts) -> None:
    """Each of ``parts`` lies within the widget's width (nothing sticks out
    past the output area)."""
    w_box = widget.bounding_box()
    for part in parts:
        box = part.bounding_box()
        assert box["x"] >= w_box["x"] - 1
        assert box["x"] + box["width"] <= w_box["x"] + w_box["width"] + 1


def check_long_line(widget) -> None:
    """The Functional pane's longest line is wider than its half of the code
    box: the pane scrolls it sideways itself, and the code box, which
    scrolls both panes up and down, never sideways (a line as wide as a
    half would push the other pane out of sight)."""
    functional = widget.locator(".kt-functional .kt-pane")
    code_box = widget.locator(CODE_BOX)
    assert functional.evaluate("el => el.scrollWidth > el.clientWidth")
    assert code_box.evaluate("el => el.scrollWidth <= el.clientWidth")
    assert code_box.evaluate("el => el.scrollHeight > el.clientHeight")


def check_narrow(page, widget, width: int = 900) -> None:
    """In a window ``width`` px wide, both panes' titles, their panes and
    their first rows' line numbers lie within the visible code box (before,
    each half was as wide as its longest line, and under about 1000px the
    Functional pane was pushed out of the box; a row itself may be wider
    than its pane, which scrolls it).  The window gets its width back
    afterwards."""
    before = page.viewport_size
    code_box = widget.locator(CODE_BOX)
    try:
        page.set_viewport_size({"width": width, "height": before["height"]})
        code_box.evaluate("el => { el.scrollTop = 0; el.scrollLeft = 0; }")
        page.wait_for_function(
            "([el, w]) => innerWidth === w && el.getBoundingClientRect().width < w",
            arg=[code_box.element_handle(), width],
        )
        b = code_box.bounding_box()
        for half in (".kt-sequential", ".kt-functional"):
            for part in (
                f"{half} .kt-title",
                f"{half} .kt-pane",
                f"{half} .kt-row >> nth=0 >> .kt-ln",
            ):
                e = widget.locator(part).bounding_box()
                assert b["x"] - 1 <= e["x"], (part, e, b)
                assert e["x"] + e["width"] <= b["x"] + b["width"] + 1, (part, e, b)
                if "kt-ln" in part:  # the pane is taller than the box
                    assert inside(widget.locator(part), code_box), (part, e, b)
    finally:
        page.set_viewport_size(before)


def check_selection(widget) -> None:
    """The selected layer's rows line up and are highlighted in both panes,
    and its box in the graph is marked on top of the image."""
    seq_row = widget.locator(f".kt-sequential .kt-row.kt-l{SELECTED}").first
    fun_row = widget.locator(f".kt-functional .kt-row.kt-l{SELECTED}").first
    assert abs(seq_row.bounding_box()["y"] - fun_row.bounding_box()["y"]) < 1
    for row in (seq_row, fun_row):
        colour = row.evaluate("el => getComputedStyle(el).backgroundColor")
        assert colour == HIGHLIGHT
    mark = widget.locator(".kt-mark")
    m, g = mark.bounding_box(), widget.locator(".kt-graph img").bounding_box()
    assert m is not None and m["width"] > 20 and m["height"] > 10
    assert g["x"] - 4 <= m["x"] and m["x"] + m["width"] <= g["x"] + g["width"] + 4
    assert g["y"] - 4 <= m["y"] and m["y"] + m["height"] <= g["y"] + g["height"] + 4


def check_links(page, widget, url: str) -> None:
    """The selected layer is below the fold of both scrolling panes; the
    links in the info box scroll there without leaving the page ``url``."""
    from playwright.sync_api import expect

    fun_row = widget.locator(f".kt-functional .kt-row.kt-l{SELECTED}").first
    seq_row = widget.locator(f".kt-sequential .kt-row.kt-l{SELECTED}").first
    mark = widget.locator(".kt-mark")
    code_box = widget.locator(CODE_BOX)
    graph_box = widget.locator(GRAPH_BOX)
    assert not inside(fun_row, code_box) and not inside(mark, graph_box)
    widget.get_by_text("show in the code").click()
    page.wait_for_function("el => el.scrollTop > 0", arg=code_box.element_handle())
    assert inside(fun_row, code_box) and inside(seq_row, code_box)
    # and not sideways: the Sequential pane's start (its line numbers) stays
    # in sight even when the selected row is wider than the box
    assert code_box.evaluate("el => el.scrollLeft") == 0
    widget.get_by_text("show in the graph").click()
    page.wait_for_function("el => el.scrollTop > 0", arg=graph_box.element_handle())
    assert inside(mark, graph_box)
    assert page.url.startswith(url)
    expect(widget).to_be_visible()  # the page is still open


def _scroll_of(box) -> tuple[float, float]:
    return tuple(box.evaluate("el => [el.scrollTop, el.scrollLeft]"))


def _replaced(page, widget, part: str, action) -> None:
    """Do ``action`` and wait until the browser has replaced ``part`` (the
    widget got a new value for the HTML widget that holds it)."""
    old = widget.locator(part).first.element_handle()
    action()
    page.wait_for_function("el => !el.isConnected", arg=old, timeout=120_000)


def check_scroll_kept(page, widget) -> None:
    """A redraw of the graph and a switch of the code style leave the code
    box and the graph box where the student scrolled them, the selected
    layer's rows still in sight.  Before, each was a div of the HTML
    widget's value, made anew at the top left by every change.

    The boxes are scrolled to the selection (``check_links``) and the
    drawing options are open."""
    from playwright.sync_api import expect

    code_box, graph_box = widget.locator(CODE_BOX), widget.locator(GRAPH_BOX)
    fun_row = widget.locator(f".kt-functional .kt-row.kt-l{SELECTED}").first
    code_box.evaluate("el => { el.scrollTop -= 40; }")  # not at an anchor
    graph_box.evaluate("el => { el.scrollTop -= 30; el.scrollLeft = 15; }")
    code_at, graph_at = _scroll_of(code_box), _scroll_of(graph_box)
    assert code_at[0] > 0 and graph_at[0] > 0, (code_at, graph_at)
    assert inside(fun_row, code_box)

    # a redraw (a drawing switch): a new image in the same box, in place
    # (a shorter drawing would leave it as low as it can go: its bottom)
    params = widget.locator(".kt-options").get_by_text("params")
    _replaced(page, widget, ".kt-graph img", params.click)
    lowest = graph_box.evaluate("el => el.scrollHeight - el.clientHeight")
    assert lowest >= graph_at[0]  # the drawing is as tall as before, or taller
    assert _scroll_of(graph_box) == graph_at
    assert _scroll_of(code_box) == code_at

    # the other code style, and back: new rows in the same box, in place
    for style in ("faithful", "readable"):
        button = widget.locator(".kt-style-switch").get_by_role("button", name=style)
        _replaced(page, widget, ".kt-functional .kt-row", button.click)
        expect(fun_row).to_be_visible()
        assert _scroll_of(code_box) == code_at, style
        assert inside(fun_row, code_box), style
        assert _scroll_of(graph_box) == graph_at, style


def screenshot(page, widget, name: str) -> None:
    """Keep what the page shows as ``tests/artifacts/<name>.png``."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    widget.evaluate("el => el.scrollIntoView({block: 'start'})")
    artifact = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(artifact), full_page=True)
    assert artifact.stat().st_size > 10_000


def failure_screenshot(page, name: str) -> None:
    """What the browser showed when a test failed, for the failure."""
    if page is not None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"failure-{name}.png"))
