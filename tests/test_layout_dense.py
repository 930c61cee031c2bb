"""The layout of densely connected models: shared lanes and their crossings.

When every layer reads a Concatenate of all the outputs before it, a lane
per edge gave n**3 / 3 pieces of lanes (18 s to draw at n = 80).  Past a
budget of pieces per box or edge, the edges leaving one layer share a lane
that each later target taps.  Tested as structure, like test_layout.py: the
drawing stays well formed, the routes really share their way down, its size
grows like the edges, not like n**3, and models below the budget keep a lane
per edge.  No timings here (benchmarks/bench_draw.py times DenselyConnected).
"""

from __future__ import annotations

import io
import itertools
import random

import keras
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.image import imread as plt_imread
from test_layout import assert_well_formed

from kerasteach._reader import read_model
from kerasteach._sugiyama import _inversions, _weighted_inversions
from kerasteach.layout import compute_layout

L = keras.layers


def densely_connected(n: int) -> keras.Model:
    x = keras.Input((4,), name="x")
    outputs = [x]
    for k in range(n):
        merged = L.Concatenate(name=f"cat{k}")(outputs) if k else x
        outputs.append(L.Dense(2, name=f"dense{k}")(merged))
    return keras.Model(x, outputs[-1], name="dense_stack")


def routes_from(layout, source: str) -> list:
    """The routes leaving ``source``, nearest target first."""
    routes = [r for r in layout.routes if r.source == source]
    return sorted(routes, key=lambda r: len(r.points))


@pytest.mark.parametrize("rankdir", ["TB", "LR"])
def test_edges_from_one_layer_share_one_lane_in_a_dense_stack(rankdir):
    graph = read_model(densely_connected(24))
    folded = compute_layout(graph, rankdir=rankdir)  # LR is cut into columns
    assert_well_formed(folded, graph)  # also: reported crossings are real
    assert folded.columns == (1 if rankdir == "TB" else 3)
    # in one column, every edge from a layer can be followed along its lane
    layout = compute_layout(graph, rankdir=rankdir, fold=False)
    assert_well_formed(layout, graph)
    assert layout.crossings > 0
    for source in ("x", "dense0", "dense7"):
        routes = routes_from(layout, source)
        long = [r.points for r in routes if len(r.points) > 4]
        assert len(long) >= 7, source
        # each longer edge runs along the whole way of the shorter one and
        # leaves it only for the last piece into its own target
        for near, far in itertools.pairwise(long):
            assert far[: len(near) - 2] == near[: len(near) - 2], source


def test_a_dense_stack_has_about_one_lane_per_layer_not_per_edge():
    # the size of the drawing's geometry stands for the work of laying it
    # out: a lane per edge has 2 * n**3 / 3 bends (about 42000 at n = 40)
    graph = read_model(densely_connected(40))
    layout = compute_layout(graph)
    points = {p for r in layout.routes for p in r.points}
    assert len(layout.routes) == 40 * 41 // 2 + 39
    assert len(points) < 6 * (len(layout.boxes) + len(layout.routes))


def test_a_model_below_the_budget_keeps_a_lane_per_edge():
    # two skip connections from one input: two lanes, as before
    x = keras.Input((4,), name="x")
    h = x
    for k in range(4):
        h = L.Dense(4, name=f"d{k}")(h)
    near = L.Concatenate(name="near")([x, L.Dense(4, name="e")(x), x])
    far = L.Concatenate(name="far")([x, h])
    graph = read_model(keras.Model(x, [near, far]))
    layout = compute_layout(graph)
    assert_well_formed(layout, graph)
    long = [r.points for r in routes_from(layout, "x") if len(r.points) > 4]
    assert len(long) == 2
    near_lane = {p[0] for p in long[0][2:-2]}
    far_lane = {p[0] for p in long[1][2:-2]}
    assert near_lane and far_lane and not near_lane & far_lane


def test_a_shared_lane_is_painted_once_and_nothing_is_lost(monkeypatch):
    # painting each edge whole repeated its shared lane: n**3 points for
    # the renderer (1.9 s of an 80-layer drawing in Agg alone)
    from matplotlib.patches import PathPatch

    from kerasteach import _paths
    from kerasteach.render import draw

    graph = read_model(densely_connected(24))

    def edges_and_pixels():
        fig = draw(graph, dpi=60)
        edges = max(
            (a for a in fig.artists if isinstance(a, PathPatch)),
            key=lambda a: len(a.get_path().vertices),
        )  # the edges: by far the biggest path (a box has 13 points)
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        buf.seek(0)
        grey = plt_imread(buf)[..., :3].mean(axis=-1)  # white is 1
        return len(edges.get_path().vertices), grey

    shared_count, grey = edges_and_pixels()
    whole = _paths._PathBuilder.smooth
    monkeypatch.setattr(
        _paths._PathBuilder, "smooth", lambda self, p, r, drawn=None: whole(self, p, r)
    )
    whole_count, whole_grey = edges_and_pixels()
    assert shared_count < whole_count / 2
    # every pixel of the edges painted whole is painted, or next to a painted
    # pixel, when shared lanes are painted once (a lane painted once is
    # lighter than one painted twenty times over: "painted" is not white)
    each, shared = whole_grey < 0.85, grey < 0.97
    near = shared.copy()
    for axis in (0, 1):
        for step in (1, -1):
            near |= np.roll(shared, step, axis=axis)
    assert each.sum() > 1000 and not (each & ~near).any()


@given(
    st.lists(st.tuples(st.integers(0, 5), st.integers(1, 4)), max_size=30),
)
def test_weighted_inversions_count_every_pair_by_its_weights(pairs):
    seq = [p for p, _ in pairs]
    weights = [w for _, w in pairs]
    brute = sum(
        weights[i] * weights[j]
        for i, j in itertools.combinations(range(len(seq)), 2)
        if seq[j] < seq[i]
    )
    assert _weighted_inversions(seq, weights) == brute
    assert (
        _inversions(seq)
        == _weighted_inversions(seq, [1] * len(seq))
        == sum(
            1 for i, j in itertools.combinations(range(len(seq)), 2) if seq[j] < seq[i]
        )
    )


def test_weighted_inversions_of_a_long_shuffled_sequence():
    rng = random.Random(0)
    seq = [rng.randrange(50) for _ in range(300)]
    weights = [rng.randrange(1, 6) for _ in seq]
    brute = sum(
        weights[i] * weights[j]
        for i, j in itertools.combinations(range(len(seq)), 2)
        if seq[j] < seq[i]
    )
    assert _weighted_inversions(seq, weights) == brute


def test_a_polyline_already_painted_either_way_adds_nothing():
    from kerasteach._paths import _PathBuilder

    lane = [(0.0, 0.0), (0.0, 40.0), (20.0, 60.0), (20.0, 100.0)]
    builder, drawn = _PathBuilder(), set()
    builder.smooth(lane, 8.0, drawn)
    painted = list(builder.points)
    builder.smooth(lane, 8.0, drawn)
    builder.smooth(lane[::-1], 8.0, drawn)
    assert builder.points == painted
    # a branch off the lane starts half a segment back, with the bend it
    # would have if painted whole
    alone = _PathBuilder()
    branch = [*lane[:3], (60.0, 60.0)]
    alone.smooth(branch, 8.0)
    builder.smooth(branch, 8.0, drawn)
    added = builder.points[len(painted) :]
    assert added[0] == (10.0, 50.0)  # the middle of the shared segment
    assert added[1:] == alone.points[-len(added) + 1 :]
