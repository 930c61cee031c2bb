"""Time kerasteach.draw against keras.utils.plot_model, same run, same models.

For every ``keras.applications`` constructor (``weights=None``), or the names
given on the command line, this times

* ours:   ``kerasteach.draw(model, show_shapes=True)`` and saving a PNG;
* theirs: ``keras.utils.plot_model(model, to_file=..., show_shapes=True)``
  (needs pydot and the graphviz binary; skipped when they are missing),

prints the ratio per model and the median, lists the models on which
plot_model fails, and fits how our time grows with the number of layers.

    python benchmarks/bench_draw.py                 # all 40 applications
    python benchmarks/bench_draw.py VGG16 ResNet50  # just these
    python benchmarks/bench_draw.py --quick         # 8 models of all sizes
"""

from __future__ import annotations

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
]


def _graphviz_ok() -> bool:
    try:
        import pydot

        pydot.Dot.create(pydot.Dot())
        return True
    except Exception:  # noqa: BLE001 - any failure means "not usable"
        return False


def _time(fn) -> tuple[float, str | None]:
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

    rows = []
    print(f"{'model':<20}{'layers':>7}{'ours s':>9}{'plot_model s':>14}{'ratio':>8}")
    for name in names:
        keras.utils.clear_session()
        model = getattr(keras.applications, name)(weights=None)
        n_layers = len(model.layers)

        def ours(model=model):
            fig = kerasteach.draw(model, show_shapes=True)
            fig.savefig(ours_png)

        t_ours, err_ours = _time(ours)
        t_theirs, err_theirs = (None, "skipped")
        if graphviz:
            t_theirs, err_theirs = _time(
                lambda model=model: keras.utils.plot_model(
                    model, to_file=theirs_png, show_shapes=True
                )
            )
        ratio = t_theirs / t_ours if t_theirs and not (err_ours or err_theirs) else None
        rows.append((name, n_layers, t_ours, err_ours, t_theirs, err_theirs, ratio))
        theirs_text = (
            f"{t_theirs:14.2f}" if t_theirs is not None and not err_theirs else
            f"{'FAILED' if graphviz else '-':>14}"
        )  # fmt: skip
        ours_text = f"{t_ours:9.2f}" if not err_ours else f"{'FAILED':>9}"
        ratio_text = f"{ratio:7.1f}x" if ratio else f"{'-':>8}"
        print(
            f"{name:<20}{n_layers:>7}{ours_text}{theirs_text}{ratio_text}", flush=True
        )

    print()
    ours_failed = [(r[0], r[3]) for r in rows if r[3]]
    print(f"kerasteach.draw failures: {len(ours_failed)}")
    for name, err in ours_failed:
        print(f"  {name}: {err}")
    if graphviz:
        theirs_failed = [(r[0], r[5]) for r in rows if r[5]]
        print(f"plot_model failures: {len(theirs_failed)} of {len(rows)}")
        for name, err in theirs_failed:
            print(f"  {name}: {err}")
        ratios = [r[6] for r in rows if r[6]]
        if ratios:
            slowest = min(rows, key=lambda r: r[6] or math.inf)
            print(
                "ratio plot_model / kerasteach: "
                f"median {statistics.median(ratios):.1f}x, "
                f"lowest {slowest[6]:.1f}x ({slowest[0]}), highest {max(ratios):.1f}x"
            )
            print(
                "kerasteach slower than plot_model on "
                f"{sum(1 for r in ratios if r < 1)} model(s)"
            )

    ok = [r for r in rows if not r[3]]
    if len(ok) >= 3:
        xs = [r[1] for r in ok]
        print(
            f"kerasteach time ~ layers^{_slope(xs, [r[2] for r in ok]):.2f} "
            f"({1000 * sum(r[2] for r in ok) / sum(xs):.2f} ms per layer on average)"
        )
        done = [r for r in ok if r[4] and not r[5]]
        if len(done) >= 3:
            xs = [r[1] for r in done]
            print(f"plot_model time ~ layers^{_slope(xs, [r[4] for r in done]):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
