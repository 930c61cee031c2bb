"""Time kerasteach.draw against keras.utils.plot_model, same run, same models.

For every ``keras.applications`` constructor (``weights=None``), or the names
given on the command line, this times

* ``draw``:   ``kerasteach.draw(model)`` and saving a PNG (the issue's measure);
* ``shapes``: ``kerasteach.draw(model, show_shapes=True)`` and saving a PNG
  (the same labels as theirs, so bigger boxes and pictures);
* ``plot_model``: ``keras.utils.plot_model(model, to_file=..., show_shapes=True)``
  writing a PNG (needs pydot and the graphviz binary; skipped without them),

prints both ratios per model and their medians, lists the models on which
plot_model fails, and fits how each time grows with the number of layers.
Every timing starts after ``gc.collect()``, so no side pays for the garbage
of building the models.

``DenselyConnected<n>`` (e.g. ``DenselyConnected80``) is a stack of ``n``
Dense layers, each reading a Concatenate of every output before it: n**2 / 2
edges, most of them long.  It is timed like the applications but left out of
the growth fit, which is about the number of layers.

    python benchmarks/bench_draw.py                 # all 40 applications
    python benchmarks/bench_draw.py VGG16 ResNet50  # just these
    python benchmarks/bench_draw.py --quick         # 8 models of all sizes,
                                                    # 3 densely connected
"""

from __future__ import annotations

import gc
import math
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

QUICK = [
    "VGG16",
    "MobileNetV3Small",
    "ResNet50",
    "InceptionV3",
    "DenseNet121",
    "EfficientNetB0",
    "NASNetMobile",
    "EfficientNetV2L",
    "DenselyConnected20",
    "DenselyConnected40",
    "DenselyConnected80",
]
DENSE = "DenselyConnected"


def _build(name: str):
    """``keras.applications.<name>``, or a densely connected stack."""
    import keras

    if not name.startswith(DENSE):
        return getattr(keras.applications, name)(weights=None)
    x = keras.Input((4,), name="x")
    outputs = [x]
    for k in range(int(name[len(DENSE) :])):
        merged = keras.layers.Concatenate(name=f"cat{k}")(outputs) if k else x
        outputs.append(keras.layers.Dense(2, name=f"dense{k}")(merged))
    return keras.Model(x, outputs[-1], name=name)


def _graphviz_ok() -> bool:
    try:
        import pydot

        pydot.Dot.create(pydot.Dot())
        return True
    except Exception:  # noqa: BLE001 - any failure means "not usable"
        return False


def _time(fn) -> tuple[float, str | None]:
    gc.collect()
    start = time.perf_counter()
    try:
        fn()
    except Exception as exc:  # noqa: BLE001 - we report every failure
        return time.perf_counter() - start, f"{type(exc).__name__}: {exc}"[:90]
    return time.perf_counter() - start, None


def _slope(xs: list[float], ys: list[float]) -> float:
    """Least-squares slope of log(y) against log(x): time ~ layers**slope."""
    lx = [math.log(x) for x in xs]
    ly = [math.log(y) for y in ys]
    mx, my = statistics.fmean(lx), statistics.fmean(ly)
    num = sum((a - mx) * (b - my) for a, b in zip(lx, ly))
    den = sum((a - mx) ** 2 for a in lx) or 1.0
    return num / den


def _summary(label: str, rows: list[dict], key: str) -> None:
    ratios = [(r["plot_model"] / r[key], r["name"]) for r in rows if r.get("ok")]
    if not ratios:
        return
    low = min(ratios)
    print(
        f"plot_model / {label}: median {statistics.median(x for x, _ in ratios):.1f}x, "
        f"lowest {low[0]:.1f}x ({low[1]}), highest {max(ratios)[0]:.1f}x, "
        f"slower than plot_model on {sum(1 for x, _ in ratios if x < 1)} model(s)"
    )


def main(argv: list[str]) -> int:
    import keras

    import kerasteach

    names = sorted(n for n in dir(keras.applications) if n[:1].isupper())
    if "--quick" in argv:
        names = QUICK
    elif argv:
        names = argv
    graphviz = _graphviz_ok()
    if not graphviz:
        print("pydot/graphviz not installed: timing kerasteach.draw alone.\n")

    tmp = tempfile.mkdtemp(prefix="bench_draw_")
    ours_png = os.path.join(tmp, "ours.png")
    theirs_png = os.path.join(tmp, "theirs.png")

    # warm up imports and caches outside the timings
    warm = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    kerasteach.draw(warm, show_shapes=True).savefig(ours_png)
    if graphviz:
        keras.utils.plot_model(warm, to_file=theirs_png, show_shapes=True)

    rows: list[dict] = []
    failures: dict[str, list[tuple[str, str]]] = {"draw": [], "plot_model": []}
    print(
        f"{'model':<20}{'layers':>7}{'draw s':>8}{'shapes s':>10}{'plot_model s':>14}"
        f"{'ratio':>8}{'shapes':>8}"
    )
    for name in names:
        keras.utils.clear_session()
        model = _build(name)
        row = {"name": name, "layers": len(model.layers)}

        def ours(model=model, **options):
            kerasteach.draw(model, **options).savefig(ours_png)

        row["draw"], err = _time(ours)
        row["shapes"], err2 = _time(lambda: ours(show_shapes=True))
        if err or err2:
            failures["draw"].append((name, err or err2))
        text = "FAILED"
        if graphviz:
            row["plot_model"], err = _time(
                lambda model=model: keras.utils.plot_model(
                    model, to_file=theirs_png, show_shapes=True
                )
            )
            if err:
                failures["plot_model"].append((name, err))
            else:
                row["ok"] = not failures["draw"] or failures["draw"][-1][0] != name
                text = f"{row['plot_model']:.2f}"
        rows.append(row)
        ratio = (
            f"{row['plot_model'] / row['draw']:7.1f}x"
            f"{row['plot_model'] / row['shapes']:7.1f}x"
            if row.get("ok")
            else f"{'-':>8}{'-':>8}"
        )
        print(
            f"{name:<20}{row['layers']:>7}{row['draw']:8.2f}{row['shapes']:10.2f}"
            f"{text if graphviz else '-':>14}{ratio}",
            flush=True,
        )

    print()
    print(f"kerasteach.draw failures: {len(failures['draw'])}")
    for name, err in failures["draw"]:
        print(f"  {name}: {err}")
    if graphviz:
        print(f"plot_model failures: {len(failures['plot_model'])} of {len(rows)}")
        for name, err in failures["plot_model"]:
            print(f"  {name}: {err}")
        _summary("draw(model)", rows, "draw")
        _summary("draw(model, show_shapes=True)", rows, "shapes")

    rows = [r for r in rows if not r["name"].startswith(DENSE)]
    if len(rows) >= 3:
        xs = [r["layers"] for r in rows]
        for key in ("draw", "shapes"):
            total = sum(r[key] for r in rows)
            print(
                f"{key}: time ~ layers^{_slope(xs, [r[key] for r in rows]):.2f}, "
                f"{1000 * total / sum(xs):.2f} ms per layer on average"
            )
        done = [r for r in rows if r.get("ok")]
        if len(done) >= 3:
            slope = _slope([r["layers"] for r in done], [r["plot_model"] for r in done])
            print(f"plot_model: time ~ layers^{slope:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
