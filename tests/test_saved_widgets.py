"""Saved widget state renders outside Jupyter, with html-manager.

A notebook saved with its widget state shows the live compare widget where
no kernel runs: nbviewer and nbconvert's HTML render the state with
``@jupyter-widgets/html-manager``.  That manager runs the same stock
``@jupyter-widgets/controls`` views as every front end, VS Code's and
Colab's included, but without JupyterLab's page and CSS around them, so it
also shows whether the widget depends on JupyterLab.

Two pages are served on 127.0.0.1 and opened in headless Chromium, with
every request elsewhere refused:

* ``compare(model)`` with a layer selected, saved with
  ``ipywidgets.embed.embed_minimal_html``: both code panes and the graph,
  side by side inside the widget, the selected layer lined up, highlighted
  and marked, and the links that scroll to it;
* lesson 1 as nbconvert renders it to HTML (as nbviewer does): its saved
  compare widget appears once, with both panes and the graph.
* ``compare()`` of a model whose code has notes: they read under the code
  box, not in it;
* a playground saved after a Run, in a narrow window: the code, the other
  style and the graph, a long line scrolling inside its pane.

Needs Chromium, Playwright and html-manager (from the npm registry):
``sh .ci/browser-deps.sh`` puts html-manager in
``~/.cache/kerasteach/html-manager`` (or ``$KERASTEACH_HTML_MANAGER``).
Screenshots: ``tests/artifacts/saved-*.png``.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path

import pytest
from _browser import (
    CELL,
    CHROMIUM,
    CHROMIUM_ARGS,
    CODE_BOX,
    HTML_MANAGER,
    check_inside,
    check_links,
    check_long_line,
    check_panes,
    check_selection,
    failure_screenshot,
    require_chromium,
    screenshot,
)

pytestmark = pytest.mark.browser

LESSON = Path(__file__).parents[1] / "lessons" / "01_first_models.ipynb"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base's name
        pass


@pytest.fixture
def site(tmp_path):
    """(folder, URL) of a web server on 127.0.0.1 that serves the folder,
    with html-manager's files under ``dist/``."""
    require_chromium()
    dist = HTML_MANAGER / "package" / "dist"
    assert (dist / "embed.js").exists(), (
        f"{dist / 'embed.js'} is missing: run `sh .ci/browser-deps.sh` first "
        "(it unpacks @jupyter-widgets/html-manager from the npm registry)."
    )
    root = tmp_path / "site"
    root.mkdir()
    (root / "dist").symlink_to(dist, target_is_directory=True)
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextlib.contextmanager
def _page(url: str, name: str, width: int = 1300):
    """A Chromium page ``width`` pixels wide, allowed to load only what is
    under ``url`` (anything else would fail with no network); a failure
    inside the block keeps a screenshot named after ``name``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = None
        try:
            page = browser.new_page(viewport={"width": width, "height": 1000})
            page.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url.startswith(url)
                    else route.abort()
                ),
            )
            yield page
        except Exception:
            failure_screenshot(page, name)
            raise
        finally:
            browser.close()


def _save(widget, path: Path, title: str) -> None:
    """Save ``widget``'s state as a page rendered by html-manager's
    ``dist/embed.js`` (the non-AMD bundle: no require.js), then close it."""
    from ipywidgets.embed import embed_minimal_html

    try:
        embed_minimal_html(
            path,
            views=[widget],
            title=title,
            embed_url="dist/embed.js",
            requirejs=False,
        )
    finally:
        widget.close()


def test_saved_compare_widget_renders_with_html_manager(site):
    from playwright.sync_api import expect

    root, url = site
    namespace: dict = {}
    exec(CELL, namespace)  # noqa: S102 - the test's own model code
    _save(namespace["widget"], root / "compare.html", "kerasteach.compare")
    page_url = url + "compare.html"
    with _page(url, "saved-compare") as page:
        page.goto(page_url)
        view = page.locator(".kt-compare")
        view.wait_for(timeout=60_000)
        expect(view).to_have_count(1)
        check_panes(view)
        check_long_line(view)
        check_selection(view)
        check_links(page, view, page_url)
        screenshot(page, view, "saved-compare")


# A model whose code has notes: an adapted Normalization (adapt it again)
# and a Lambda (its function written as a placeholder), in a chain long
# enough for the code box to scroll.
NOTES_CELL = """\
import numpy as np
import keras
from keras import layers

import kerasteach

norm = layers.Normalization(name="norm")
norm.adapt(np.arange(12.0).reshape(4, 3))
model = keras.Sequential(
    [keras.Input(shape=(3,), name="x"), norm,
     layers.Lambda(lambda t: t * 2, name="double")]
    + [layers.Dense(4, name=f"dense_{n}") for n in range(30)],
    name="with_notes",
)
widget = kerasteach.compare(model)
"""


def test_saved_compare_notes_read_below_the_code_box(site):
    """The code's notes are the code widget's label, under the code box (not
    in it, where they scrolled away under the code), across the widget's
    width, each note on a line of its own."""
    from playwright.sync_api import expect

    root, url = site
    namespace: dict = {}
    exec(NOTES_CELL, namespace)  # noqa: S102 - the test's own model code
    notes_text = namespace["widget"].code_html.description
    _save(namespace["widget"], root / "notes.html", "kerasteach.compare")
    with _page(url, "saved-notes") as page:
        page.goto(url + "notes.html")
        view = page.locator(".kt-compare")
        view.wait_for(timeout=60_000)
        check_panes(view)
        notes = view.locator(".kt-code > .widget-label")
        expect(notes).to_be_visible()
        expect(notes).to_contain_text("adapt(your_data)")
        box = view.locator(CODE_BOX)
        assert box.evaluate("el => el.scrollHeight > el.clientHeight")
        n, b = notes.bounding_box(), box.bounding_box()
        assert n["y"] >= b["y"] + b["height"] - 1  # below the box
        assert n["width"] >= b["width"] - 2  # across it, not a narrow label
        lines = round(
            n["height"]
            / float(notes.evaluate("el => parseFloat(getComputedStyle(el).lineHeight)"))
        )
        assert lines >= len(notes_text.splitlines()) >= 2
        assert notes.get_attribute("title") in ("", None)  # no "null" tooltip
        screenshot(page, view, "saved-notes")


def test_lesson_widget_renders_as_nbviewer_shows_it(site):
    from nbconvert import HTMLExporter
    from playwright.sync_api import expect

    root, url = site
    exporter = HTMLExporter(template_name="lab")
    exporter.widget_renderer_url = "dist/embed.js"
    # the non-AMD embed.js needs no require.js: an empty stand-in
    (root / "no-require.js").write_text("/* embed.js needs no require.js */\n")
    exporter.require_js_url = "no-require.js"
    body, _ = exporter.from_filename(str(LESSON))
    (root / "lesson.html").write_text(body, encoding="utf-8")
    assert "application/vnd.jupyter.widget-state+json" in body, (
        f"{LESSON.name} has no saved widget state: execute it in place with "
        "nbconvert, as lessons/README.md says"
    )
    with _page(url, "saved-lesson") as page:
        page.goto(url + "lesson.html")
        view = page.locator(".kt-compare")
        view.wait_for(timeout=60_000)
        expect(view).to_have_count(1)  # the live view, not also a copy
        check_panes(view)
        screenshot(page, view, "saved-lesson")


PLAYGROUND_SOURCE = """\
model = keras.Sequential(
    [
        keras.Input(shape=(8,), name="measurements"),
        layers.Dense(16, activation="relu", name="hidden"),
        layers.Dense(1, activation="sigmoid", name="probability_of_rain"),
    ],
    name="will_it_rain_tomorrow",
)
"""


def test_saved_playground_renders_with_html_manager(site):
    """A playground saved after a Run shows the code, the message, the other
    style and the graph; in a narrow window (640 pixels: a notebook beside
    the lesson text) a long line scrolls inside the code pane."""
    from playwright.sync_api import expect

    import kerasteach

    root, url = site
    playground = kerasteach.playground(PLAYGROUND_SOURCE)
    assert playground.run() is None
    _save(playground, root / "playground.html", "kerasteach.playground")
    with _page(url, "saved-playground", width=640) as page:
        page.goto(url + "playground.html")
        view = page.locator(".kt-playground")
        view.wait_for(timeout=60_000)
        expect(view.locator("textarea")).to_have_value(PLAYGROUND_SOURCE)
        expect(view.locator(".kt-ok")).to_contain_text("Built")
        pane = view.locator(".kt-pane")
        expect(pane).to_contain_text("keras.Model(")
        image = view.locator("img")
        expect(image).to_be_visible()
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
        assert pane.evaluate("el => el.scrollWidth > el.clientWidth")
        check_inside(view, pane, view.locator("textarea"))
        screenshot(page, view, "saved-playground")
