"""The benchmark scripts still run and print what their docstrings promise.

No timing is asserted here (timings belong to the scripts, measured against
their peers in the same run); these tests keep the scripts from rotting as
the package changes under them.  Each runs on its smallest input.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def run(script: str, *args: str, timeout: float = 600) -> str:
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_bench_widget_reports_the_ratio_and_what_the_widget_adds():
    out = run("bench_widget.py", "--quick")
    lines = [line for line in out.splitlines() if line.startswith("small_cnn")]
    assert len(lines) == 4, out
    build, objects, selection, static = lines
    assert "layers=    8" in build and "ratio=" in build and "(target <= 1.2)" in build
    assert "widget objects alone (empty)" in objects and "the rest" in objects
    assert "selection change: median=" in selection and "(target < 50 ms)" in selection
    assert "static HTML fallback" in static


def test_bench_draw_compares_with_plot_model():
    out = run("bench_draw.py", "MobileNetV3Small")
    assert "MobileNetV3Small" in out
    assert "kerasteach.draw failures: 0" in out


def test_bench_codegen_compares_with_get_config():
    out = run("bench_codegen.py", "MobileNetV3Small")
    assert "MobileNetV3Small" in out
    assert "median ratio:" in out and "import kerasteach after it adds" in out


def test_bench_lessons_times_a_lesson_against_a_bare_kernel():
    out = run("bench_lessons.py", "01")
    assert "setup cell only" in out
    assert "01_first_models.ipynb" in out
