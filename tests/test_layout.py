"""The layered layout, tested as structure (not pixels).

Every drawing must contain every edge of the model, point every edge the
right way, keep boxes apart, keep edges out of boxes, and report as many
crossings as its polylines really have.  Checked on small golden models and
on every ``keras.applications`` model (the slow test, which also draws and
saves each one; it draws the graphs test_applications.py has already read,
see tests/applications.py).
"""

from __future__ import annotations

import math
from collections import defaultdict

import applications
import keras
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kerasteach import KerasTeachError
from kerasteach._reader import read_model
from kerasteach.graph import INPUT, MODEL
from kerasteach.layout import DrawingError, compute_layout, drawn_names

L = keras.layers
EPS = 1e-6


# ---------------------------------------------------------------------------
# golden models


def mlp():
    return keras.Sequential(
        [
            keras.Input((784,), name="pixels"),
            L.Dense(64, activation="relu", name="hidden"),
            L.Dropout(0.2, name="dropout"),
            L.Dense(10, activation="softmax", name="probs"),
        ],
        name="mlp",
    )


def residual():
    inp = keras.Input((16, 16, 3), name="image")
    x = L.Conv2D(8, 3, padding="same", name="stem")(inp)
    for i in range(2):
        y = L.Conv2D(8, 3, padding="same", activation="relu", name=f"conv{i}a")(x)
        y = L.Conv2D(8, 3, padding="same", name=f"conv{i}b")(y)
        x = L.Add(name=f"add{i}")([x, y])
        x = L.Activation("relu", name=f"relu{i}")(x)
    x = L.GlobalAveragePooling2D(name="pool")(x)
    return keras.Model(inp, L.Dense(10, name="logits")(x), name="resnet")


def two_in_two_out():
    a = keras.Input((16,), name="title")
    b = keras.Input((8,), name="tags")
    x = L.Dense(32, name="title_dense")(a)
    y = L.Dense(32, name="tags_dense")(b)
    h = L.Dense(16, activation="relu", name="hidden")(
        L.Concatenate(name="concat")([x, y])
    )
    priority = L.Dense(1, activation="sigmoid", name="priority")(h)
    department = L.Dense(4, activation="softmax", name="department")(h)
    return keras.Model([a, b], [priority, department], name="tickets")


def shared_layer():
    encoder = L.Dense(8, name="encoder")
    a = keras.Input((4,), name="left")
    b = keras.Input((4,), name="right")
    diff = L.Subtract(name="diff")([encoder(a), encoder(b)])
    return keras.Model([a, b], L.Dense(1, name="score")(diff), name="siamese")


def shared_in_a_loop():
    dense = L.Dense(4, name="shared")
    inp = keras.Input((4,), name="x")
    y = dense(L.ReLU(name="relu")(dense(inp)))
    return keras.Model(inp, y, name="loop")


def shared_twice_in_a_row():
    dense = L.Dense(4, name="shared")
    inp = keras.Input((4,), name="x")
    return keras.Model(inp, dense(dense(inp)), name="self_loop")


def nested():
    inner = keras.Sequential(
        [keras.Input((8,)), L.Dense(8, name="i1"), L.Dense(4, name="i2")], name="block"
    )
    inp = keras.Input((8,), name="x")
    h = L.Dense(8, name="pre")(inp)
    return keras.Model(inp, L.Dense(1, name="head")(inner(h)), name="outer")


def nested_two_levels():
    core = keras.Sequential([keras.Input((4,)), L.Dense(4, name="c1")], name="core")
    a = keras.Input((4,), name="a_in")
    b = keras.Input((4,), name="b_in")
    merged = L.Add(name="merge")([core(a), L.Dense(4, name="side")(b)])
    middle = keras.Model([a, b], [merged, core(b)], name="middle")
    x = keras.Input((4,), name="x")
    y = keras.Input((4,), name="y")
    out1, out2 = middle([x, y])
    return keras.Model([x, y], [L.Dense(1, name="head")(out1), out2], name="top")


def nested_feature_extractor():
    """A nested model whose first output also feeds its own later layers."""
    x = keras.Input((8,), name="x")
    mid = L.Dense(8, name="mid")(x)
    deep = L.Dense(8, name="deep")(L.Dense(8, name="deeper")(mid))
    features = keras.Model(x, [mid, deep], name="features")
    inp = keras.Input((8,), name="image")
    early, late = features(L.Dense(8, name="stem")(inp))
    merged = L.Concatenate(name="concat")([early, late])
    return keras.Model(inp, L.Dense(1, name="head")(merged), name="fpn")


def raw_op():
    inp = keras.Input((4,), name="x")
    return keras.Model(inp, L.Dense(2, name="out")(inp + 3.0), name="raw")


GOLDEN = [
    mlp,
    residual,
    two_in_two_out,
    shared_layer,
    shared_in_a_loop,
    shared_twice_in_a_row,
    nested,
    nested_two_levels,
    nested_feature_extractor,
    raw_op,
]


# ---------------------------------------------------------------------------
# the structural checker


def expected_edges(graph, expand: bool, prefix: str = "") -> set[tuple[str, str]]:
    """Box-to-box edges, resolved the way keras.utils.model_to_dot does:
    an edge from a nested model starts at the layer making that output, an
    edge into one ends at the matching InputLayer inside it."""

    def expanded(layer):
        return expand and layer.kind == MODEL and layer.submodel is not None

    def source(g, pre, ref):
        layer = g.layer_of(ref)
        if expanded(layer):
            return source(
                layer.submodel,
                pre + layer.name + "/",
                layer.submodel.output_refs[ref.index],
            )
        return pre + layer.name

    def target(g, pre, layer, position):
        if expanded(layer):
            sub = layer.submodel
            inner = sub.layer_of(sub.input_refs[position])
            return target(sub, pre + layer.name + "/", inner, 0)
        return pre + layer.name

    edges = set()
    for call in graph.calls:
        for position, ref in enumerate(call.inputs):
            edges.add(
                (
                    source(graph, prefix, ref),
                    target(graph, prefix, graph.layers[call.layer], position),
                )
            )
    for layer in graph.layers:
        if expanded(layer):
            edges |= expected_edges(layer.submodel, expand, prefix + layer.name + "/")
    return edges


def _cells(x0, y0, x1, y1, size=64.0):
    for i in range(int(math.floor(x0 / size)), int(math.floor(x1 / size)) + 1):
        for j in range(int(math.floor(y0 / size)), int(math.floor(y1 / size)) + 1):
            yield (i, j)


def _segment_enters(p, q, rect) -> bool:
    """Does segment p-q pass through the open rectangle (Liang-Barsky)?"""
    x0, y0, x1, y1 = rect
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for d, lo, hi, s in ((dx, x0, x1, p[0]), (dy, y0, y1, p[1])):
        if abs(d) < EPS:
            if not (lo < s < hi):
                return False
        else:
            a, b = (lo - s) / d, (hi - s) / d
            if a > b:
                a, b = b, a
            t0, t1 = max(t0, a), min(t1, b)
            if t0 >= t1:
                return False
    return t1 - t0 > EPS


def _cross(p1, p2, q1, q2) -> bool:
    """Proper crossing of two segments (touching or sharing ends is not)."""

    def orient(a, b, c):
        v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        return 0 if abs(v) < 1e-7 else (1 if v > 0 else -1)

    return (
        orient(p1, p2, q1) * orient(p1, p2, q2) < 0
        and orient(q1, q2, p1) * orient(q1, q2, p2) < 0
    )


def geometric_crossings(layout) -> int:
    segs = []
    for i, route in enumerate(layout.routes):
        if route.self_loop:
            continue
        for piece in route.pieces:
            for p, q in zip(piece, piece[1:]):
                if math.dist(p, q) > EPS:
                    segs.append((i, p, q))
    grid = defaultdict(list)
    for k, (_, p, q) in enumerate(segs):
        for cell in _cells(
            min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1])
        ):
            grid[cell].append(k)
    found = set()
    for members in grid.values():
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                i, j = members[a], members[b]
                if segs[i][0] != segs[j][0] and (i, j) not in found:
                    if _cross(segs[i][1], segs[i][2], segs[j][1], segs[j][2]):
                        found.add((i, j))
    return len(found)


def assert_well_formed(layout, graph, expand_nested: bool = False) -> None:
    tb = layout.rankdir == "TB"
    names = set(drawn_names(graph, expand_nested=expand_nested))
    boxes = {b.key: b for b in layout.boxes}
    frames = {f.key: f for f in layout.frames}
    assert set(boxes) | set(frames) == names

    # every box inside the canvas, no two boxes overlap
    grid = defaultdict(list)
    for b in layout.boxes:
        assert 0 <= b.x0 < b.x1 <= layout.width + EPS, b.key
        assert 0 <= b.y0 < b.y1 <= layout.height + EPS, b.key
        for cell in _cells(b.x0, b.y0, b.x1, b.y1):
            grid[cell].append(b)
    for members in grid.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                overlap = (
                    min(a.x1, b.x1) - max(a.x0, b.x0),
                    min(a.y1, b.y1) - max(a.y0, b.y0),
                )
                assert min(overlap) <= EPS, f"boxes {a.key!r} and {b.key!r} overlap"

    # a frame holds exactly the boxes of its nested model
    for key, f in frames.items():
        for b in layout.boxes:
            inside = f.x0 <= b.x0 and b.x1 <= f.x1 and f.y0 <= b.y0 and b.y1 <= f.y1
            apart = b.x1 <= f.x0 or f.x1 <= b.x0 or b.y1 <= f.y0 or f.y1 <= b.y0
            if b.key.startswith(key + "/"):
                assert inside, f"{b.key!r} sticks out of its frame {key!r}"
            else:
                assert apart, f"{b.key!r} lies on the frame of {key!r}"

    # every edge, once, pointing the right way, touching its two boxes
    drawn = [(r.source, r.target) for r in layout.routes]
    assert len(drawn) == len(set(drawn))
    assert set(drawn) == expected_edges(graph, expand_nested)
    along = 1 if tb else 0
    for r in layout.routes:
        src, dst = boxes[r.source], boxes[r.target]
        if r.self_loop:
            assert r.source == r.target
            continue
        pts = r.points
        start, end = pts[0], pts[-1]
        out_side = src.y1 if tb else src.x1
        in_side = dst.y0 if tb else dst.x0
        if r.reversed:  # a shared layer fed by a later layer: drawn upwards
            out_side = src.y0 if tb else src.x0
            in_side = dst.y1 if tb else dst.x1
        assert start[along] == pytest.approx(out_side), (r.source, r.target)
        assert end[along] == pytest.approx(in_side), (r.source, r.target)
        across = 1 - along
        assert (
            (src.x0, src.y0)[across] - EPS
            <= start[across]
            <= (src.x1, src.y1)[across] + EPS
        )
        assert (
            (dst.x0, dst.y0)[across] - EPS
            <= end[across]
            <= (dst.x1, dst.y1)[across] + EPS
        )
        # no piece of rounding error at the end: the arrowhead points along
        # the last piece (a zero-length one left it out, or turned it round)
        assert math.dist(*r.pieces[-1][-2:]) > 1e-3, (r.source, r.target)
        sign = -1 if r.reversed else 1
        for piece in r.pieces:
            for p, q in zip(piece, piece[1:]):
                assert sign * (q[along] - p[along]) >= -EPS, (
                    f"{r.source}->{r.target} turns back"
                )

    # edges never run through a box
    for r in layout.routes:
        for piece in r.pieces:
            for p, q in zip(piece, piece[1:]):
                cells = _cells(
                    min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1])
                )
                for cell in cells:
                    for b in grid.get(cell, ()):
                        rect = (b.x0 + 0.5, b.y0 + 0.5, b.x1 - 0.5, b.y1 - 0.5)
                        assert not _segment_enters(p, q, rect), (
                            f"edge {r.source}->{r.target} runs through {b.key!r}"
                        )

    # the reported crossings are the real ones
    assert layout.crossings == geometric_crossings(layout)


# ---------------------------------------------------------------------------
# golden models


@pytest.mark.parametrize("build", GOLDEN, ids=lambda f: f.__name__)
def test_golden_models_are_well_formed(build):
    graph = read_model(build())
    for rankdir in ("TB", "LR"):
        for expand in (False, True):
            layout = compute_layout(graph, rankdir=rankdir, expand_nested=expand)
            assert_well_formed(layout, graph, expand)
            assert layout.crossings == 0  # all these are small and planar


def test_crossings_are_counted():
    inputs = [keras.Input((4,), name=f"in{i}") for i in range(3)]
    merges = [L.Add(name=f"add{i}")(inputs) for i in range(3)]
    graph = read_model(keras.Model(inputs, merges))
    layout = compute_layout(graph)
    assert_well_formed(layout, graph)
    assert layout.crossings == geometric_crossings(layout) > 0


@pytest.mark.parametrize("build", GOLDEN, ids=lambda f: f.__name__)
def test_inputs_on_top_outputs_at_the_bottom_in_model_order(build):
    graph = read_model(build())
    inputs = list(dict.fromkeys(graph.layer_of(r).name for r in graph.input_refs))
    feeding = {graph.layers[u].name for u, v in graph.edges}
    sinks = [graph.layer_of(r).name for r in graph.output_refs]
    sinks = [n for n in dict.fromkeys(sinks) if n not in feeding]
    for rankdir in ("TB", "LR"):
        layout = compute_layout(graph, rankdir=rankdir)
        axis = 1 if rankdir == "TB" else 0  # along the flow
        start = {b.key: (b.x0, b.y0)[axis] for b in layout.boxes}
        end = {b.key: (b.x1, b.y1)[axis] for b in layout.boxes}
        across = {b.key: (b.x0, b.y0)[1 - axis] for b in layout.boxes}
        for name in inputs:  # the first rank holds the inputs and nothing else
            assert all(end[name] < start[k] for k in start if k not in inputs), name
        for name in sinks:  # the last rank holds the outputs that feed nothing
            assert all(end[k] < start[name] for k in start if k not in sinks), name
        assert [across[n] for n in inputs] == sorted(across[n] for n in inputs)
        assert [across[n] for n in sinks] == sorted(across[n] for n in sinks)


def test_two_inputs_and_two_outputs_keep_the_model_order():
    graph = read_model(two_in_two_out())
    layout = compute_layout(graph)
    assert layout.box("title").x1 <= layout.box("tags").x0
    assert layout.box("priority").x1 <= layout.box("department").x0
    assert layout.box("title").y0 == layout.box("tags").y0
    assert layout.box("priority").y0 == layout.box("department").y0


def test_same_model_same_layout():
    a = compute_layout(read_model(residual()), expand_nested=True)
    keras.utils.clear_session()
    b = compute_layout(read_model(residual()), expand_nested=True)
    assert a == b


def test_a_shared_layer_is_one_box_with_all_its_edges():
    graph = read_model(shared_layer())
    layout = compute_layout(graph)
    assert [b.key for b in layout.boxes].count("encoder") == 1
    edges = {(r.source, r.target) for r in layout.routes}
    assert {("left", "encoder"), ("right", "encoder"), ("encoder", "diff")} <= edges


def test_a_layer_shared_in_a_loop_gets_one_upward_edge():
    layout = compute_layout(read_model(shared_in_a_loop()))
    up = [r for r in layout.routes if r.reversed]
    assert [(r.source, r.target) for r in up] == [("relu", "shared")]
    assert layout.box("relu").y0 > layout.box("shared").y1
    loop = compute_layout(read_model(shared_twice_in_a_row()))
    assert [(r.source, r.target, r.self_loop) for r in loop.routes if r.self_loop] == [
        ("shared", "shared", True)
    ]


def test_nested_model_collapsed_is_one_box_and_expanded_a_frame():
    graph = read_model(nested())
    collapsed = compute_layout(graph)
    assert [b.key for b in collapsed.boxes] == ["x", "pre", "block", "head"]
    assert collapsed.frames == ()
    expanded = compute_layout(graph, expand_nested=True)
    assert [f.key for f in expanded.frames] == ["block"]
    inner = {b.key for b in expanded.boxes if b.key.startswith("block/")}
    assert inner == {"block/input_layer", "block/i1", "block/i2"}
    edges = {(r.source, r.target) for r in expanded.routes}
    assert ("pre", "block/input_layer") in edges
    assert ("block/i2", "head") in edges


def test_an_inner_output_leaves_its_frame_through_the_bottom():
    graph = read_model(nested_feature_extractor())
    layout = compute_layout(graph, expand_nested=True)
    frame = layout.frames[0]
    (route,) = [
        r for r in layout.routes if r.source == "features/mid" and r.target == "concat"
    ]
    crossing = [p for p in route.points if frame.y1 - 1 <= p[1] <= frame.y1 + 1]
    assert crossing, "the edge should cross the frame's bottom edge"
    assert layout.box("features/mid").y1 < layout.box("features/deep").y0


def test_two_levels_of_nesting_make_nested_frames():
    graph = read_model(nested_two_levels())
    layout = compute_layout(graph, expand_nested=True)
    frames = {f.key: f for f in layout.frames}
    assert set(frames) == {"middle", "middle/core"}
    assert frames["middle"].depth == 1 and frames["middle/core"].depth == 2
    outer, inner = frames["middle"], frames["middle/core"]
    assert outer.x0 < inner.x0 and inner.x1 < outer.x1 and outer.y0 < inner.y0


@pytest.mark.parametrize("rankdir", ["TB", "LR"])
def test_a_frame_is_long_enough_for_its_label(rankdir):
    # The frame's label runs along its top edge; a nested model with a long
    # name and small layers had its label run past the frame and the picture.
    graph = read_model(nested())
    layout = compute_layout(
        graph, rankdir=rankdir, expand_nested=True, label_width=lambda node: 500.0
    )
    (frame,) = layout.frames
    assert frame.x1 - frame.x0 >= 500.0 + 2 * 6.0
    assert layout.width >= frame.x1
    for b in layout.boxes:  # the content is still inside, centred
        if b.key.startswith("block/"):
            assert frame.x0 < b.x0 and b.x1 < frame.x1
    assert_well_formed(layout, graph, expand_nested=True)


def test_raw_op_is_a_box():
    graph = read_model(raw_op())
    layout = compute_layout(graph)
    (op,) = [b for b in layout.boxes if b.node.kind == "op"]
    assert {(r.source, r.target) for r in layout.routes} == {
        ("x", op.key),
        (op.key, "out"),
    }


def test_box_sizes_come_from_the_size_function():
    graph = read_model(mlp())
    layout = compute_layout(graph, size=lambda node: (50 + len(node.name), 30))
    for b in layout.boxes:
        assert b.width == pytest.approx(50 + len(b.key))
        assert b.height == pytest.approx(30)
    lr = compute_layout(
        graph, size=lambda node: (50 + len(node.name), 30), rankdir="LR"
    )
    assert all(b.width == pytest.approx(50 + len(b.key)) for b in lr.boxes)
    assert lr.width > lr.height


def test_long_chain_is_folded_into_columns_with_numbered_connectors():
    model = keras.Sequential(
        [keras.Input((4,), name="x")] + [L.Dense(4, name=f"d{i}") for i in range(150)]
    )
    graph = read_model(model)
    layout = compute_layout(graph)
    assert layout.columns > 1
    assert layout.height < 3 * layout.width
    assert_well_formed(layout, graph)
    cut = [r for r in layout.routes if len(r.pieces) == 2]
    assert len(cut) == layout.columns - 1
    labels = [c.label for c in layout.connectors]
    assert sorted(labels) == sorted([str(i) for i in range(1, layout.columns)] * 2)
    unfolded = compute_layout(graph, fold=False)
    assert unfolded.columns == 1 and unfolded.height > 10 * unfolded.width


@pytest.mark.parametrize("rankdir", ["TB", "LR"])
def test_focus_stubs_stand_clear_of_the_edges(rankdir):
    # MobileNetV3Small around expanded_conv_5_add (the README's example): the
    # stub under expanded_conv_3_project_bn stood on its edge to
    # expanded_conv_4_add, and read as a branch of it
    model = keras.applications.MobileNetV3Small(weights=None)
    graph = read_model(model)
    layout = compute_layout(graph, focus="expanded_conv_5_add", rankdir=rankdir)
    assert len(layout.stubs) >= 4
    segments = [
        (a, b) for r in layout.routes for p in r.pieces for a, b in zip(p, p[1:])
    ]
    for stub in layout.stubs:
        for a, b in segments:
            assert not _cross(*stub.points, a, b), (stub.key, stub.side)


def test_a_stub_takes_the_first_place_clear_of_an_edge():
    from kerasteach.layout import Route, _stub_x

    box = (0.0, 0.0, 100.0, 20.0)  # x0, y0, x1, y1; the stub below it
    across = Route("a", "b", (((70.0, 20.0), (90.0, 40.0)),), False, False)
    assert _stub_x(box[0], box[2], (20.0, 32.0), []) == 80.0  # 0.8 when clear
    assert _stub_x(box[0], box[2], (20.0, 32.0), [across]) == 20.0
    far = Route("a", "b", (((75.0, 60.0), (90.0, 80.0)),), False, False)
    assert _stub_x(box[0], box[2], (20.0, 32.0), [far]) == 80.0  # not in its rows


def test_focus_keeps_the_neighbourhood_and_marks_the_rest():
    graph = read_model(residual())
    layout = compute_layout(graph, focus="add0", focus_radius=1)
    assert {b.key for b in layout.boxes} == {"add0", "stem", "conv0b", "relu0"}
    stubs = {(s.key, s.side): s.count for s in layout.stubs}
    assert stubs == {
        ("stem", "in"): 1,
        ("stem", "out"): 1,
        ("conv0b", "in"): 1,
        ("relu0", "out"): 2,
    }
    assert layout.focus == "add0"
    whole = compute_layout(graph, focus="add0", focus_radius=100)
    assert {b.key for b in whole.boxes} == {la.name for la in graph.layers}
    assert whole.stubs == ()
    alone = compute_layout(graph, focus="add0", focus_radius=0)
    assert [b.key for b in alone.boxes] == ["add0"]
    default = compute_layout(graph, focus="add0")  # focus_radius=2
    assert default == compute_layout(graph, focus="add0", focus_radius=2)
    assert len(layout.boxes) < len(default.boxes) < len(whole.boxes)


@pytest.mark.parametrize("radius", [0, 3])
def test_focus_radius_without_focus_is_an_error(radius):
    # it would change nothing: the whole model was drawn without a word
    graph = read_model(mlp())
    with pytest.raises(DrawingError) as info:
        compute_layout(graph, focus_radius=radius)
    message = str(info.value)
    assert message.startswith(f"focus_radius={radius} says how many edges away")
    assert "no focus layer was named" in message
    assert "e.g. focus='dropout'" in message  # one of the model's own layers
    assert "leave out focus_radius to draw the whole model" in message


def test_focus_inside_an_expanded_nested_model():
    graph = read_model(nested())
    layout = compute_layout(graph, expand_nested=True, focus="block/i1", focus_radius=1)
    assert {b.key for b in layout.boxes} == {
        "block/input_layer",
        "block/i1",
        "block/i2",
    }
    assert [f.key for f in layout.frames] == ["block"]
    framed = compute_layout(graph, expand_nested=True, focus="block", focus_radius=1)
    assert {b.key for b in framed.boxes} == {
        "pre",
        "block/input_layer",
        "block/i1",
        "block/i2",
        "head",
    }


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"rankdir": "BT"}, ["rankdir", "'TB'", "'LR'", "'BT'"]),
        ({"focus": "hiden"}, ["focus", "'hiden'", "Did you mean 'hidden'"]),
        ({"focus": "hidden", "focus_radius": -1}, ["focus_radius", "-1"]),
    ],
)
def test_bad_options_say_what_is_valid(kwargs, words):
    graph = read_model(mlp())
    with pytest.raises(DrawingError) as info:
        compute_layout(graph, **kwargs)
    assert isinstance(info.value, KerasTeachError)
    for word in words:
        assert word in str(info.value)


def test_nested_names_need_expand_nested():
    graph = read_model(nested())
    with pytest.raises(DrawingError, match="expand_nested=True"):
        compute_layout(graph, focus="block/i1")


def test_an_inner_layer_named_alone_gets_its_path():
    # A student knows the inner layer as "i1", not "block/i1".
    graph = read_model(nested())
    with pytest.raises(DrawingError) as info:
        compute_layout(graph, focus="i1")
    message = str(info.value)
    assert "expand_nested=True" in message and "focus='block/i1'" in message
    assert "focus='block'" in message
    with pytest.raises(DrawingError) as info:
        compute_layout(graph, focus="i1", expand_nested=True)
    assert "focus='block/i1'" in str(info.value)


def test_drawn_names():
    graph = read_model(nested())
    assert drawn_names(graph) == ["x", "pre", "block", "head"]
    assert drawn_names(graph, expand_nested=True) == [
        "x", "pre", "block/input_layer", "block/i1", "block/i2", "head", "block",
    ]  # fmt: skip
    assert all(la.kind != INPUT or la.name == "x" for la in graph.layers)


# ---------------------------------------------------------------------------
# random models


@st.composite
def model_plans(draw):
    """A recipe for a small Functional model: several inputs, branches,
    merges, skip connections, layers shared (even in a loop) and one or two
    outputs.  Steps refer to earlier tensors by number."""
    n_inputs = draw(st.integers(1, 3))
    n_tensors, n_dense, steps = n_inputs, 0, []
    for _ in range(draw(st.integers(1, 10))):
        kind = draw(st.sampled_from(["dense", "dense", "add", "concat", "shared"]))
        if kind in ("add", "concat") and n_tensors >= 2:
            picks = st.integers(0, n_tensors - 1)
            steps.append(
                (kind, draw(st.lists(picks, min_size=2, max_size=3, unique=True)))
            )
        elif kind == "shared" and n_dense:
            steps.append(
                (
                    "shared",
                    draw(st.integers(0, n_tensors - 1)),
                    draw(st.integers(0, n_dense - 1)),
                )
            )
        else:
            steps.append(("dense", draw(st.integers(0, n_tensors - 1))))
            n_dense += 1
        n_tensors += 1
    second = draw(st.none() | st.integers(n_inputs, n_tensors - 1))
    return n_inputs, steps, second


def build_plan(plan):
    n_inputs, steps, second = plan
    tensors = [keras.Input((4,)) for _ in range(n_inputs)]
    inputs = list(tensors)
    used: set[int] = set()
    dense_layers = []
    for step in steps:
        if step[0] in ("add", "concat"):
            used.update(step[1])
            merged = [tensors[i] for i in step[1]]
            if step[0] == "add":
                tensors.append(L.Add()(merged))
            else:
                tensors.append(L.Dense(4)(L.Concatenate()(merged)))
            continue
        used.add(step[1])
        if step[0] == "shared":
            layer = dense_layers[step[2]]
        else:
            layer = L.Dense(4)
            dense_layers.append(layer)
        tensors.append(layer(tensors[step[1]]))
    leaves = [t for i, t in enumerate(tensors) if i not in used]
    outputs = [leaves[0] if len(leaves) == 1 else L.Add()(leaves)]
    if second is not None:
        outputs.append(tensors[second])
    return keras.Model(inputs, outputs)


@settings(max_examples=30, deadline=None)
@given(plan=model_plans(), rankdir=st.sampled_from(["TB", "LR"]))
def test_random_models_are_well_formed(plan, rankdir):
    keras.utils.clear_session()
    graph = read_model(build_plan(plan))
    layout = compute_layout(graph, rankdir=rankdir)
    assert_well_formed(layout, graph)
    assert layout == compute_layout(graph, rankdir=rankdir)


# ---------------------------------------------------------------------------
# every keras.applications model


APPLICATIONS = applications.NAMES


def test_there_are_forty_applications():
    assert len(APPLICATIONS) >= 40


@pytest.mark.slow
@pytest.mark.parametrize("name", APPLICATIONS)
def test_every_application_lays_out_draws_and_saves(name, tmp_path):
    from kerasteach.render import box_pixels, draw

    graph = applications.graph(name)  # shared with test_applications.py
    layout = compute_layout(graph)
    assert_well_formed(layout, graph)
    # a huge model is folded, not a strip
    assert layout.height < 4 * layout.width or layout.columns == 1
    assert layout.crossings >= 0

    fig = draw(graph, show_shapes=True)
    png, svg = tmp_path / "model.png", tmp_path / "model.svg"
    fig.savefig(png)
    fig.savefig(svg)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in svg.read_bytes()[:2000]
    w, h = fig.get_size_inches() * fig.dpi
    text_px = 8 * fig.kerasteach_scale / 72 * fig.dpi  # height of 8 pt text
    assert w * h <= 16.1e6 and max(w, h) < 2**16
    # readable text (60 dpi or more) unless the picture would pass the cap
    assert text_px >= 6.6 or w * h >= 15.9e6
    boxes = box_pixels(fig)
    assert set(boxes) == {la.name for la in graph.layers}


def test_an_edge_into_the_widest_box_of_its_row_keeps_its_arrowhead():
    # Left to right, the widest box of a row ends where the gap begins: the
    # edge into it got a last piece of zero length (or of rounding error),
    # so its arrowhead had no direction and was not drawn.
    from kerasteach._paths import _arrowhead

    x = keras.Input((4,), name="x")
    branches = [L.Dense(1, name=f"b{k}")(x) for k in range(12)]  # b10 is wider
    graph = read_model(keras.Model(x, L.Concatenate(name="cat")(branches)))
    layout = compute_layout(graph, rankdir="LR")
    assert_well_formed(layout, graph)
    for r in layout.routes:
        tip, left, right = _arrowhead(r.pieces[-1])
        assert math.dist(left, right) > 4.0, (r.source, r.target)
        assert tip[0] > (left[0] + right[0]) / 2  # pointing right, into the box
    assert _arrowhead([(0.0, 0.0), (5.0, 0.0), (5.0, 0.0)])[1][0] < 5.0


@pytest.mark.parametrize("rankdir", ["TB", "LR"])
def test_edges_that_fan_out_far_get_room_to_do_it(rankdir):
    # 40 branches from one input were drawn in the ordinary gap: a dark band
    # of nearly flat lines, arrowheads on their sides. The gap now grows with
    # how far the edges run sideways (up to 5 gaps); a small fork keeps it.
    def fork(n):
        x = keras.Input((4,), name="x")
        branches = [L.Dense(1, name=f"b{k}")(x) for k in range(n)]
        return read_model(keras.Model(x, L.Concatenate(name="cat")(branches)))

    def gaps(graph):
        layout = compute_layout(graph, rankdir=rankdir)
        assert_well_formed(layout, graph)
        box = {b.key: b for b in layout.boxes}
        lo, hi = ("y0", "y1") if rankdir == "TB" else ("x0", "x1")
        row = [box[k] for k in box if k.startswith("b")]
        return (
            min(getattr(b, lo) for b in row) - getattr(box["x"], hi),
            getattr(box["cat"], lo) - max(getattr(b, hi) for b in row),
        )

    ordinary = {"TB": 22.0, "LR": 36.0}[rankdir]
    assert gaps(fork(2)) == pytest.approx((ordinary, ordinary))
    for gap in gaps(fork(40)):
        assert 2 * ordinary < gap <= 5 * ordinary + EPS
