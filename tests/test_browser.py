"""A real browser: compare() renders in JupyterLab and Notebook 7 with stock
ipywidgets.

Each test starts the front end's server on 127.0.0.1 (a free port, a
temporary notebook directory, no token), opens a notebook that calls
``kerasteach.compare`` in Debian's headless Chromium through Playwright,
runs the cell and checks what a student would see: both code panes, the
graph, the layers lined up row for row, the selected layer highlighted,
both panes still side by side in a 900px window, the drawing options, the
links that scroll to the layer, and both boxes kept where they were
scrolled across a redraw and a switch of the code style (the checks are in
``tests/_browser.py``, shared with tests/test_saved_widgets.py).  A second
cell shows a playground: Run gives the other style and the graph, and a
syntax error gives its message with the line.  The screenshots are kept in
``tests/artifacts/compare-<front end>.png`` and ``playground-<front end>.png``.

Needs ``/usr/bin/chromium`` and the ``playwright`` package: run
``sh .ci/browser-deps.sh`` once (it never runs ``playwright install``).
Run with ``pytest -m browser tests/test_browser.py``.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from _browser import (
    CELL,
    CHROMIUM,
    CHROMIUM_ARGS,
    check_links,
    check_long_line,
    check_narrow,
    check_panes,
    check_scroll_kept,
    check_selection,
    failure_screenshot,
    require_chromium,
    screenshot,
)

pytestmark = pytest.mark.browser

# The notebook's second cell: a playground with a model to Run.
PLAYGROUND = """\
playground = kerasteach.playground(
    'model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(2, name="out")])'
)
playground
"""
# a student's mistake: the playground says which line and what to check
BROKEN = "model = keras.Sequential(\n    [layers.Dense(2)\n"

# an element's line height in px (ipywidgets' HTML widgets: 28)
LINE_HEIGHT = "el => parseFloat(getComputedStyle(el).lineHeight)"

# front end -> (server module, notebook URL path)
FRONT_ENDS = {
    "jupyterlab": ("jupyterlab", "/lab/tree/compare.ipynb"),
    "notebook7": ("notebook", "/notebooks/compare.ipynb"),
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _notebook(path: Path) -> None:
    nb = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": cell_id,
                "metadata": {},
                "outputs": [],
                "source": source,
            }
            for cell_id, source in (("compare", CELL), ("playground", PLAYGROUND))
        ],
        "metadata": {
            "kernelspec": {
                "display_name": "Python 3",
                "language": "python",
                "name": "python3",
            }
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(nb, indent=1))


def _stop(proc: subprocess.Popen) -> None:
    """Stop the server we started (and the kernel it started), by process."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@pytest.fixture(params=sorted(FRONT_ENDS))
def front_end(request, tmp_path):
    """(name, URL of the notebook) of a running JupyterLab or Notebook 7."""
    name = request.param
    module, path = FRONT_ENDS[name]
    require_chromium()
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    _notebook(notebooks / "compare.ipynb")
    # no "would you like news?" prompt over the screenshot
    notification = tmp_path / "settings" / "@jupyterlab" / "apputils-extension"
    notification.mkdir(parents=True)
    (notification / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    port = _free_port()
    env = dict(
        os.environ,
        TF_CPP_MIN_LOG_LEVEL="3",
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"),
        JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "settings"),
    )
    log_path = tmp_path / f"{module}.log"
    log = open(log_path, "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            module,
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            "--IdentityProvider.token=",
            "--ServerApp.password=",
            "--allow-root",
            f"--notebook-dir={notebooks}",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        start_new_session=True,  # its own process group: the kernel goes too
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, log_path.read_text()
            try:
                with urllib.request.urlopen(f"{url}/api/status", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield name, url + path
    finally:
        _stop(proc)
        log.close()


def _accept_kernel_dialog(page) -> None:
    """Answer JupyterLab's "Select Kernel" dialog with the notebook's own
    kernel (the one it proposes).  JupyterLab asks when it could not tell in
    time which kernel the notebook's session has (a busy machine, a slow
    server); the dialog then covers the cell the test clicks."""
    dialog = page.locator(".jp-Dialog", has_text="Select Kernel")
    if dialog.count():
        dialog.locator("button.jp-mod-accept").click()
        dialog.wait_for(state="detached", timeout=10_000)


def _run_cell(page, n: int) -> None:
    """Run the notebook's cell ``n`` in place and wait until it has finished.

    A run asked for before the front end is connected to the kernel is
    dropped (Notebook 7 drops it even when its indicator already says
    idle), so ask again until the prompt shows the cell queued or running;
    then wait for its execution count, so that a retried run cannot rebuild
    the widget while the test looks at it.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    editor = page.locator(".jp-Cell .jp-InputArea-editor").nth(n)
    prompt = page.locator(".jp-Cell .jp-InputPrompt").nth(n)
    for _ in range(12):
        _accept_kernel_dialog(page)
        editor.click()
        page.keyboard.press("Control+Enter")
        try:
            page.wait_for_function(
                r"el => !/\[\s*\]/.test(el.textContent)",
                arg=prompt.element_handle(),
                timeout=10_000,
            )
            break
        except PlaywrightTimeout:
            continue
    else:
        raise AssertionError(f"cell {n} never started: the kernel did not answer")
    page.wait_for_function(
        r"el => /\[\s*\d+\s*\]/.test(el.textContent)",
        arg=prompt.element_handle(),
        timeout=180_000,
    )


def test_compare_renders_in_the_browser(front_end):
    from playwright.sync_api import expect, sync_playwright

    name, notebook_url = front_end
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = None
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1100})
            page.goto(notebook_url)
            page.wait_for_selector(".jp-Notebook", timeout=60_000)
            page.locator(".jp-Cell .jp-InputArea-editor").first.wait_for(timeout=60_000)
            expect(page.locator(".jp-Notebook .jp-Cell")).to_have_count(2)
            _run_cell(page, 0)

            widget = page.locator(".kt-compare")
            widget.wait_for(timeout=180_000)
            expect(widget).to_have_count(1)
            if name == "jupyterlab":
                page.keyboard.press("Control+b")  # fold the file browser away
            check_panes(widget)
            check_long_line(widget)
            check_selection(widget)
            check_narrow(page, widget)  # both panes in sight at 900px
            # wrapped text in the info box is single-spaced, not on 28px rows
            info = widget.locator(".kt-info > .widget-html-content")
            assert info.evaluate(LINE_HEIGHT) < 20
            # the layer list shows its 16 rows (not ipywidgets' 148px)
            summary = widget.locator(".kt-list select")
            assert summary.evaluate(
                "el => el.size === 16 && el.clientHeight >= el.size * "
                "parseFloat(getComputedStyle(el).fontSize)"
            )

            # the drawing switches open below the toolbar and redraw the graph
            image = widget.locator(".kt-graph img")
            before = image.get_attribute("src")
            widget.get_by_text("drawing options").click()
            shapes = widget.locator(".kt-options").get_by_text("shapes")
            expect(shapes).to_be_visible()
            shapes.click()
            page.wait_for_function(
                "src => document.querySelector('.kt-compare .kt-graph img')"
                ".getAttribute('src') !== src",
                arg=before,
            )
            check_links(page, widget, notebook_url)
            # a redraw and a code switch keep both boxes where they were
            check_scroll_kept(page, widget)
            # no "null" tooltip on the code's notes (ipywidgets' default)
            notes = widget.locator(".kt-code > .widget-label")
            assert notes.get_attribute("title") in ("", None)
            screenshot(page, widget, f"compare-{name}")

            # the playground: Run shows the other style and the graph; a
            # mistake gets a message with its line, and the widget stays
            _run_cell(page, 1)
            playground = page.locator(".kt-playground")
            playground.wait_for(timeout=60_000)
            intro = playground.locator(".widget-html-content").nth(1)
            assert intro.evaluate(LINE_HEIGHT) < 20
            run = playground.get_by_role("button", name="Run")
            run.click()
            expect(playground.locator(".kt-pane")).to_contain_text(
                "keras.Model(", timeout=60_000
            )
            expect(playground.locator("img")).to_be_visible()
            playground.locator("textarea").fill(BROKEN)
            run.click()
            expect(playground.locator(".kt-problem")).to_contain_text(
                "Python cannot read line 2", timeout=60_000
            )
            expect(playground.locator(".kt-pane")).to_have_count(0)
            run.click()  # the same mistake again: the same message, no crash
            expect(playground.locator(".kt-problem")).to_have_count(1)
            screenshot(page, playground, f"playground-{name}")
            # the playground's stylesheet, later in the page, leaves the
            # compare widget's selection (rows and graph mark) as it was
            check_selection(page.locator(".kt-cmp"))
        except Exception:
            failure_screenshot(page, name)
            raise
        finally:
            browser.close()
