"""Time kerasteach.compare() against the work it cannot avoid, same run.

For a small model and for EfficientNetV2L (``weights=None``) this prints

* build:  ``kerasteach.compare(model)``;
* peer:   what any side-by-side view must do anyway: read the model, write
  the Functional code and the Sequential code (or ``explain`` why there is
  none), ``draw`` the graph, save it as PNG and get the boxes' pixels;
* their ratio (target: at most 1.2: the widget adds no hidden work) and the
  time the widget adds;
* of that, the widget objects alone: the same six ipywidgets and the grid
  built empty (each one a comm and a dozen traits), so that what remains
  (syntax highlighting, the layer list, the HTML) can be read apart;
* a selection change on the built widget (``widget.selected = name``; target:
  under 50 ms on EfficientNetV2L), and the bytes it changes in the widget
  state (what would travel to the browser);
* for information, the static HTML fallback built when the widget is
  displayed (not part of the build);
* (full run only) the ratio for chains of 16 to 128 layers, to show where
  the widget's fixed cost (its seven ipywidgets objects) stops mattering.

Builds and peers are interleaved, each starts after ``gc.collect()`` (what
is alive after the warm-up run is frozen first, so that is quick), and the
median is reported, because the machine may be shared.

    python benchmarks/bench_widget.py           # small model + EfficientNetV2L
    python benchmarks/bench_widget.py --quick   # small model only
"""

from __future__ import annotations

import gc
import io
import os
import random
import statistics
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def small_model():
    import keras
    from keras import layers

    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1), name="image"),
            layers.Conv2D(16, 3, activation="relu", name="conv_1"),
            layers.MaxPooling2D(name="pool_1"),
            layers.Conv2D(32, 3, activation="relu", name="conv_2"),
            layers.MaxPooling2D(name="pool_2"),
            layers.Flatten(name="flatten"),
            layers.Dropout(0.5, name="dropout"),
            layers.Dense(10, activation="softmax", name="classes"),
        ],
        name="small_cnn",
    )


def chain_model(n_layers: int):
    """A chain of about ``n_layers`` layers: Conv2D/BatchNormalization pairs
    on a small image, then a classifier."""
    import keras
    from keras import layers

    blocks = [keras.Input(shape=(28, 28, 1), name="image")]
    for i in range((n_layers - 3) // 2):
        blocks += [
            layers.Conv2D(8, 3, padding="same", activation="relu", name=f"conv_{i}"),
            layers.BatchNormalization(name=f"norm_{i}"),
        ]
    blocks += [layers.Flatten(name="flatten"), layers.Dense(10, name="classes")]
    return keras.Sequential(blocks, name=f"chain_{n_layers}")


def big_model():
    import keras

    return keras.applications.EfficientNetV2L(weights=None)


def peer(model) -> None:
    """The unavoidable work: graph, both codes (or the reasons), drawing."""
    from kerasteach import explain, read_model, to_functional_code, to_sequential_code
    from kerasteach.render import box_pixels, draw

    graph = read_model(model)
    to_functional_code(graph)
    explanation = explain(graph)
    if explanation.is_sequential:
        to_sequential_code(graph)
    fig = draw(graph, highlight=list(explanation.layers))
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    box_pixels(fig)


def build(model):
    import kerasteach

    return kerasteach.compare(model)


def objects(model_entries):
    """The widget objects of a compare view alone, empty (same kinds, same
    shared layouts and styles, the same number of layers in the list)."""
    import ipywidgets as widgets

    from kerasteach._widget_common import shared
    from kerasteach.widget import Compare

    children = Compare._make_children(model_entries)
    return widgets.GridBox(children, layout=shared("layout"))


def settle() -> None:
    """Collect, then freeze what survives (Keras, TensorFlow, the model).

    ``timed`` collects before every run; with TensorFlow loaded a full
    collection walks some 400,000 objects (about 0.25 s).  Frozen objects are
    left out of later collections, so those only walk what the runs made.
    """
    gc.collect()
    gc.freeze()


def timed(fn, *args):
    gc.collect()  # start each run with no garbage left by the previous one
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def bench_build(name: str, model, repeats: int) -> object:
    from kerasteach._widget_common import close_tree

    widget = build(model)  # warm caches (imports, glyphs) for all three
    peer(model)
    close_tree(objects(widget.entries))
    settle()
    builds, peers, bare = [], [], []
    for _ in range(repeats):
        widget.close()
        t, widget = timed(build, model)
        builds.append(t)
        t, _ = timed(peer, model)
        peers.append(t)
        t, empty = timed(objects, widget.entries)
        bare.append(t)
        close_tree(empty)
    b, p, o = (statistics.median(x) for x in (builds, peers, bare))
    print(
        f"{name:<16} layers={len(widget.entries):>5}  compare={b * 1000:8.1f} ms  "
        f"draw+codegen={p * 1000:8.1f} ms  ratio={b / p:5.2f}  (target <= 1.2)"
        f"  added {(b - p) * 1000:.1f} ms"
    )
    print(
        f"{name:<16} of which the 7 widget objects alone (empty): {o * 1000:.1f} ms"
        f" ({o / p:.2f} of draw+codegen); the rest (highlighting, layer list,"
        f" HTML): {(b - p - o) * 1000:.1f} ms"
    )
    return widget


def bench_sizes(sizes=(16, 32, 64, 128), repeats: int = 9) -> None:
    """The build ratio as the model grows (interleaved, cold, medians)."""
    import keras

    for n in sizes:
        keras.utils.clear_session()
        model = chain_model(n)
        widget = build(model)  # warm caches
        count = len(widget.entries)
        widget.close()
        peer(model)
        settle()
        builds, peers = [], []
        for _ in range(repeats):
            t, widget = timed(build, model)
            builds.append(t)
            widget.close()
            t, _ = timed(peer, model)
            peers.append(t)
        b, p = statistics.median(builds), statistics.median(peers)
        print(
            f"{model.name:<16} layers={count:>5}  compare={b * 1000:8.1f} ms  "
            f"draw+codegen={p * 1000:8.1f} ms  ratio={b / p:5.2f}  (target <= 1.2)"
        )


def bench_selection(name: str, widget, changes: int = 300) -> None:
    keys = [e.key for e in widget.entries]
    rng = random.Random(0)
    picks = [rng.choice(keys) for _ in range(changes)]
    times, sizes = [], []
    for key in picks:
        if key == widget.selected:
            continue
        t, _ = timed(setattr, widget, "selected", key)
        times.append(t)
        sizes.append(len(widget.info.value) + len(key))
    times.sort()
    print(
        f"{name:<16} selection change: median={statistics.median(times) * 1000:.2f} ms"
        f"  p95={times[int(0.95 * len(times))] * 1000:.2f} ms"
        f"  max={times[-1] * 1000:.2f} ms  state sent ~{statistics.median(sizes):.0f}"
        f" bytes  (target < 50 ms)"
    )


def bench_static(name: str, widget) -> None:
    t, page = timed(widget.static_html)
    print(
        f"{name:<16} static HTML fallback (built on display): {t * 1000:.0f} ms, "
        f"{len(page) / 1e6:.2f} MB"
    )


def main(argv: list[str]) -> None:
    quick = "--quick" in argv
    import keras

    keras.utils.clear_session()
    model = small_model()
    widget = bench_build("small_cnn", model, repeats=15)
    bench_selection("small_cnn", widget)
    bench_static("small_cnn", widget)
    if quick:
        return
    bench_sizes()
    keras.utils.clear_session()
    model = big_model()
    widget = bench_build("EfficientNetV2L", model, repeats=7)
    bench_selection("EfficientNetV2L", widget)
    bench_static("EfficientNetV2L", widget)
    print(
        f"{'EfficientNetV2L':<16} code HTML sent once: "
        f"{len(widget.functional_pane) / 1e6:.2f} MB functional, "
        f"{len(widget.sequential_pane) / 1e6:.2f} MB sequential pane; "
        f"graph {len(widget.graph_html.value) / 1e6:.2f} MB (PNG in base64)"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
