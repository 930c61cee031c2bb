"""A real browser: compare() renders in JupyterLab and Notebook 7 with stock
ipywidgets.

Each test starts the front end's server on 127.0.0.1 (a free port, a
temporary notebook directory, no token), opens a notebook that calls
``kerasteach.compare`` in Debian's headless Chromium through Playwright,
runs the cell and checks what a student would see: both code panes, the
graph, the layers lined up row for row, the selected layer highlighted, the
drawing options and the links that scroll to the layer.  The screenshots are
kept in ``tests/artifacts/compare-<front end>.png``.

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

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).parent / "artifacts"
# front end -> (server module, notebook URL path)
FRONT_ENDS = {
    "jupyterlab": ("jupyterlab", "/lab/tree/compare.ipynb"),
    "notebook7": ("notebook", "/notebooks/compare.ipynb"),
}
HIGHLIGHT = "rgb(255, 241, 166)"  # kerasteach._widget_code.SELECTED_BACKGROUND

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
     layers.GlobalAveragePooling2D(name="gap"),
     layers.Dense(10, activation="softmax", name="classes")],
    name="small_cnn",
)
widget = kerasteach.compare(model)
widget.selected = "conv_5"
widget
"""
SELECTED = 17  # conv_5's place in widget.entries: image, then 4 per block


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
                "id": "compare",
                "metadata": {},
                "outputs": [],
                "source": CELL,
            }
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
    assert Path(CHROMIUM).exists(), (
        f"{CHROMIUM} is missing: run `sh .ci/browser-deps.sh` first "
        "(apt-get install chromium; pip install playwright)."
    )
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


def _inside(element, box) -> bool:
    """Whether ``element`` is within the visible part of scroller ``box``."""
    e, b = element.bounding_box(), box.bounding_box()
    return b["y"] - 1 <= e["y"] and e["y"] + e["height"] <= b["y"] + b["height"] + 1


def _run_first_cell(page, editor) -> None:
    """Run the notebook's cell in place and wait until the run has finished.

    A run asked for before the front end is connected to the kernel is
    dropped (Notebook 7 drops it even when its indicator already says
    idle), so ask again until the prompt shows the cell queued or running;
    then wait for its execution count, so that a retried run cannot rebuild
    the widget while the test looks at it.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    prompt = page.locator(".jp-Cell .jp-InputPrompt").first
    for _ in range(12):
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
        raise AssertionError("the cell never started: the kernel did not answer")
    page.wait_for_function(
        r"el => /\[\s*\d+\s*\]/.test(el.textContent)",
        arg=prompt.element_handle(),
        timeout=180_000,
    )


def test_compare_renders_in_the_browser(front_end):
    from playwright.sync_api import expect, sync_playwright

    name, notebook_url = front_end
    artifact = ARTIFACTS / f"compare-{name}.png"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = None
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1100})
            page.goto(notebook_url)
            page.wait_for_selector(".jp-Notebook", timeout=60_000)
            editor = page.locator(".jp-Cell .jp-InputArea-editor").first
            editor.wait_for(timeout=60_000)
            expect(page.locator(".jp-Notebook .jp-Cell")).to_have_count(1)
            _run_first_cell(page, editor)

            widget = page.locator(".kt-compare")
            widget.wait_for(timeout=180_000)
            expect(widget).to_have_count(1)
            if name == "jupyterlab":
                page.keyboard.press("Control+b")  # fold the file browser away
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

            # the selected layer: its rows line up and are highlighted
            seq_row = sequential.locator(f".kt-row.kt-l{SELECTED}").first
            fun_row = functional.locator(f".kt-row.kt-l{SELECTED}").first
            assert abs(seq_row.bounding_box()["y"] - fun_row.bounding_box()["y"]) < 1
            for row in (seq_row, fun_row):
                colour = row.evaluate("el => getComputedStyle(el).backgroundColor")
                assert colour == HIGHLIGHT
            # and its box in the graph is marked on top of the image
            mark = widget.locator(".kt-mark")
            m, g = mark.bounding_box(), image.bounding_box()
            assert m is not None and m["width"] > 20 and m["height"] > 10
            assert (
                g["x"] - 4 <= m["x"] and m["x"] + m["width"] <= g["x"] + g["width"] + 4
            )
            assert (
                g["y"] - 4 <= m["y"]
                and m["y"] + m["height"] <= g["y"] + g["height"] + 4
            )

            # the drawing switches open below the toolbar and redraw the graph
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

            # conv_5 is below the fold of both scrolling panes; the links in
            # the info box scroll there without leaving the notebook
            code_box = widget.locator(".kt-codebox")
            graph_box = widget.locator(".kt-graph .kt-scroll")
            assert not _inside(fun_row, code_box) and not _inside(mark, graph_box)
            widget.get_by_text("show in the code").click()
            page.wait_for_function(
                "el => el.scrollTop > 0", arg=code_box.element_handle()
            )
            assert _inside(fun_row, code_box) and _inside(seq_row, code_box)
            widget.get_by_text("show in the graph").click()
            page.wait_for_function(
                "el => el.scrollTop > 0", arg=graph_box.element_handle()
            )
            assert _inside(mark, graph_box)
            assert page.url.startswith(notebook_url)
            expect(widget).to_be_visible()  # the notebook is still open

            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            widget.evaluate("el => el.scrollIntoView({block: 'start'})")
            page.screenshot(path=str(artifact), full_page=True)
            assert artifact.stat().st_size > 10_000
        except Exception:
            if page is not None:  # what the browser showed, for the failure
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / f"failure-{name}.png"))
            raise
        finally:
            browser.close()
