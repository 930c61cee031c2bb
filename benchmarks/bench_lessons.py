"""How long each lesson takes to run, against the budget and a bare kernel.

Every lesson is executed from a fresh kernel with nbclient, as nbval does,
without writing anything back.  The peer is a notebook made of the lessons'
setup cell alone (kernel start-up plus ``import keras`` and ``kerasteach``),
the part every lesson pays before its own content (the faster of two runs).
The budget from the curriculum is 60 s for each lesson and 5 minutes for all
of them on 2 CPU cores; the load average is printed because a shared machine
runs slower.

Usage::

    python benchmarks/bench_lessons.py            # every lesson
    python benchmarks/bench_lessons.py 05 06      # lessons named *05* or *06*
    python benchmarks/bench_lessons.py --strict   # exit 1 when over budget
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

LESSONS = Path(__file__).resolve().parent.parent / "lessons"
LESSON_BUDGET = 60.0
SUITE_BUDGET = 300.0


def run(nb: nbformat.NotebookNode) -> float:
    """Seconds to execute ``nb`` in a fresh python3 kernel, from the lessons folder."""
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(LESSONS)}},
    )
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def setup_only() -> nbformat.NotebookNode:
    """A notebook with just the first code cell of lesson 1 (the setup)."""
    first = nbformat.read(LESSONS / "01_first_models.ipynb", as_version=4)
    setup = next(c for c in first.cells if c.cell_type == "code")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(setup.source)]
    nb.metadata = first.metadata
    return nb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "patterns", nargs="*", help="run only lessons whose name has one"
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when over budget")
    args = parser.parse_args(argv)

    lessons = sorted(LESSONS.glob("*.ipynb"))
    if args.patterns:
        lessons = [p for p in lessons if any(s in p.name for s in args.patterns)]
    if not lessons:
        print(f"no lesson matches {args.patterns} in {LESSONS}", file=sys.stderr)
        return 2

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} CPU cores, load average {load}")
    base = min(
        run(setup_only()) for _ in range(2)
    )  # the first run warms the disk cache
    print(f"{'lesson':36} {'time':>8} {'of 60 s':>8} {'x setup':>8}")
    print(f"{'setup cell only (kernel + imports)':36} {base:7.1f}s")

    total = 0.0
    over = []
    for path in lessons:
        seconds = run(nbformat.read(path, as_version=4))
        total += seconds
        flag = "  OVER BUDGET" if seconds > LESSON_BUDGET else ""
        if flag:
            over.append(path.name)
        share = seconds / LESSON_BUDGET
        print(
            f"{path.name:36} {seconds:7.1f}s {share:8.0%} {seconds / base:7.1f}x{flag}"
        )
    suite_flag = "  OVER BUDGET" if total > SUITE_BUDGET else ""
    print(
        f"{'total':36} {total:7.1f}s   {total / SUITE_BUDGET:.0%} of the "
        f"{SUITE_BUDGET:.0f} s suite budget{suite_flag}"
    )
    if args.strict and (over or suite_flag):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
