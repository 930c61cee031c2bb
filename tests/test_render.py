"""kerasteach.draw: the figure, its options, saving, and box_pixels.

The layout itself is tested as structure in test_layout.py; here we test
what the picture says (labels), that it saves in every format, that
highlighted boxes really look different, and that box_pixels points at the
right pixels of the saved PNG.
"""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap

import keras
import numpy as np
import pytest
from custom_layers import NoConfigScale
from matplotlib.figure import Figure
from PIL import Image
from test_layout import mlp, nested, raw_op, residual, shared_layer, two_in_two_out

import kerasteach
from kerasteach import KerasTeachError
from kerasteach._paint import _FRAME, _HIGHLIGHT, _STYLE
from kerasteach._reader import read_model
from kerasteach.layout import DrawnNode
from kerasteach.render import DrawingError, _label, box_pixels, draw

L = keras.layers
OPTIONS = dict.fromkeys(
    [
        "show_shapes",
        "show_dtype",
        "show_layer_activations",
        "show_trainable",
        "show_params",
    ],
    False,
) | {"show_layer_names": True}


def png_array(fig) -> np.ndarray:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGBA"))


def rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])


def lines(graph, name, **opts):
    node = DrawnNode(name, graph.layer(name), graph)
    return [text for text, _ in _label(node, OPTIONS | opts)]


# ---------------------------------------------------------------------------
# the figure


def test_draw_returns_a_plain_figure_with_its_layout():
    fig = kerasteach.draw(mlp())
    assert isinstance(fig, Figure)
    assert [b.key for b in fig.kerasteach_layout.boxes] == [
        "pixels",
        "hidden",
        "dropout",
        "probs",
    ]
    assert fig._repr_png_()[:8] == b"\x89PNG\r\n\x1a\n"


def test_importing_costs_nothing():
    code = textwrap.dedent(
        """
        import sys
        import kerasteach.layout, kerasteach.render
        assert "matplotlib" not in sys.modules and "keras" not in sys.modules
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]


def test_drawing_leaves_pyplot_alone():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    draw(mlp()).savefig(io.BytesIO(), format="png")
    assert plt.get_fignums() == before


@pytest.mark.parametrize(
    "build", [mlp, residual, two_in_two_out, nested, raw_op, shared_layer]
)
def test_saves_png_svg_and_pdf(build, tmp_path):
    fig = draw(build(), show_shapes=True, expand_nested=True)
    for suffix, magic in ((".png", b"\x89PNG"), (".svg", b"<?xml"), (".pdf", b"%PDF")):
        path = tmp_path / f"model{suffix}"
        fig.savefig(path)
        assert path.read_bytes().startswith(magic)
    buf = io.BytesIO()
    fig.savefig(buf, format="svg")
    assert b"<svg" in buf.getvalue()


def test_fast_png_has_the_same_pixels_as_matplotlib():
    fig = draw(residual(), show_shapes=True, highlight="add0")
    ours = png_array(fig)
    buf = io.BytesIO()
    Figure.savefig(fig, buf, format="png")
    theirs = np.asarray(Image.open(buf).convert("RGBA"))
    assert np.array_equal(ours, theirs)
    with Image.open(io.BytesIO(fig._repr_png_())) as image:
        assert image.info["dpi"][0] == pytest.approx(fig.dpi, abs=0.01)
    # options the fast writer does not handle still work
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", dpi=50)
    assert buf.getvalue()[:4] == b"\x89PNG"


def test_same_model_same_png():
    first = png_array(draw(two_in_two_out(), show_shapes=True))
    keras.utils.clear_session()
    assert np.array_equal(first, png_array(draw(two_in_two_out(), show_shapes=True)))


def test_draw_accepts_a_model_graph():
    model = residual()
    a = draw(model).kerasteach_layout
    b = draw(read_model(model)).kerasteach_layout
    assert a == b


def test_draw_traces_a_subclassed_model_with_input_shape():
    class Tiny(keras.Model):
        def __init__(self):
            super().__init__(name="tiny")
            self.a = L.Dense(8, name="a")
            self.b = L.Dense(2, name="b")

        def call(self, x):
            return self.b(self.a(x))

    fig = draw(Tiny(), input_shape=(4,))
    assert [b.key for b in fig.kerasteach_layout.boxes][1:] == ["a", "b"]


# ---------------------------------------------------------------------------
# labels: the plot_model options


def test_labels_follow_the_plot_model_options():
    model = mlp()
    model.get_layer("hidden").trainable = False
    g = read_model(model)
    assert lines(g, "hidden") == ["hidden (Dense)"]
    assert lines(g, "hidden", show_layer_names=False) == ["Dense"]
    assert lines(g, "hidden", show_shapes=True) == [
        "hidden (Dense)",
        "Input shape: (None, 784)",
        "Output shape: (None, 64)",
    ]
    assert lines(g, "pixels", show_shapes=True) == [
        "pixels (InputLayer)",
        "Output shape: (None, 784)",
    ]
    assert lines(g, "probs", show_dtype=True)[1:] == ["Output dtype: float32"]
    assert lines(g, "probs", show_layer_activations=True)[1:] == ["Activation: softmax"]
    assert lines(g, "dropout", show_layer_activations=True) == ["dropout (Dropout)"]
    assert lines(g, "probs", show_params=True)[1:] == ["Params: 650"]
    assert lines(g, "probs", show_trainable=True)[1:] == ["Trainable"]
    assert lines(g, "hidden", show_trainable=True)[1:] == ["Non-trainable"]
    assert lines(g, "dropout", show_trainable=True) == ["dropout (Dropout)"]


def test_labels_say_shared_nested_and_raw_op():
    g = read_model(shared_layer())
    assert lines(g, "encoder") == ["encoder (Dense)", "shared: called 2 times"]
    assert (
        lines(g, "diff", show_shapes=True)[1] == "Input shape: [(None, 8), (None, 8)]"
    )
    g = read_model(nested())
    assert lines(g, "block") == ["block (Sequential)", "nested model, 2 layers"]
    g = read_model(raw_op())
    (op,) = [la for la in g.layers if la.kind == "op"]
    assert lines(g, op.name) == [f"{op.name} (ops.add)", "ops.add(\u00b7, 3.0)"]


def test_a_subclassed_model_s_boxes_say_the_attribute_call_uses():
    # explain() says "it feeds self.h and self.skip": the boxes say which
    # Keras-named layer that is; an attribute named as the layer adds nothing
    from models import SkipSubclass

    class Block(L.Layer):
        def __init__(self):
            super().__init__(name="block")
            self.dense = L.Dense(3)

        def call(self, x):
            return self.dense(x)

    class Outer(keras.Model):
        def __init__(self):
            super().__init__()
            self.block = Block()
            self.skip = SkipSubclass()

        def call(self, x):
            return self.skip(self.block(x))

    model = SkipSubclass()
    model(np.zeros((1, 4), "float32"))
    g = read_model(model)
    held = {la.attribute: la.name for la in g.layers if la.attribute}
    assert lines(g, held["skip"]) == [f"{held['skip']} (Dense)", "self.skip"]
    assert lines(g, held["skip"], show_shapes=True)[1] == "self.skip"
    assert lines(g, held["skip"], show_layer_names=False) == ["Dense"]
    outer = Outer()
    outer(np.zeros((1, 4), "float32"))
    g = read_model(outer)
    block = lines(g, "block")
    assert len(block) == 1 and block[0].startswith("block (")
    assert lines(g, "skip_model")[1] == "self.skip"


def test_an_attribute_name_is_answered_with_the_layer_it_holds():
    # explain() says self.skip; a teacher then writes highlight="self.skip"
    from models import SkipSubclass

    model = SkipSubclass()
    model(np.zeros((1, 4), "float32"))
    held = {la.attribute: la.name for la in read_model(model).layers if la.attribute}
    for kwargs, what in (
        ({"highlight": "self.skip"}, "highlight"),
        ({"highlight": ["self.skip"]}, "highlight"),
        ({"focus": "skip"}, "focus"),
    ):
        with pytest.raises(DrawingError) as info:
            draw(model, **kwargs)
        text = str(info.value)
        assert f"self.skip holds the layer {held['skip']!r}" in text
        assert f"Write {what}={held['skip']!r}." in text
    with pytest.raises(DrawingError, match="self.skip holds the layer"):
        kerasteach.compare(model, highlight="self.skip")
    draw(model, highlight=held["skip"], focus=held["skip"])  # what it says works


def test_long_names_are_cut_in_the_middle_where_they_still_differ():
    # Cut at the end, the two layers of this block were drawn with the same
    # name; the layer list of compare() already cut names in the middle.
    inp = keras.Input((4,), name="x")
    relu = L.Dense(2, name="first_convolution_with_thirty_two_filters_and_relu")
    gelu = L.Dense(2, name="first_convolution_with_thirty_two_filters_and_gelu")
    g = read_model(keras.Model(inp, [relu(inp), gelu(inp)]))
    heads = [lines(g, layer.name)[0] for layer in (relu, gelu)]
    assert heads == [
        "first_convolution_w\u2026two_filters_and_relu (Dense)",
        "first_convolution_w\u2026two_filters_and_gelu (Dense)",
    ]
    exactly_40 = "a_name_of_exactly_forty_characters_here_"
    g = read_model(keras.Sequential([keras.Input((4,)), L.Dense(2, name=exactly_40)]))
    assert lines(g, exactly_40)[0] == f"{exactly_40} (Dense)"  # not cut


def test_more_options_make_bigger_boxes():
    model = mlp()
    small = draw(model).kerasteach_layout.box("hidden")
    big = draw(model, show_shapes=True, show_params=True).kerasteach_layout.box(
        "hidden"
    )
    assert big.height > small.height and big.width > small.width


# ---------------------------------------------------------------------------
# highlight and box_pixels


@pytest.mark.parametrize("rankdir", ["TB", "LR"])
@pytest.mark.parametrize("dpi", [None, 150])
def test_box_pixels_point_at_the_boxes_in_the_png(rankdir, dpi):
    fig = draw(residual(), rankdir=rankdir, dpi=dpi, highlight=["add0"])
    image = png_array(fig)
    w, h = fig.get_size_inches() * fig.dpi
    assert image.shape[:2] == (int(h), int(w))
    layout = fig.kerasteach_layout
    for key, (x0, y0, _, y1) in box_pixels(fig).items():
        kind = layout.box(key).node.kind
        fill = _HIGHLIGHT[0] if key == "add0" else _STYLE[kind][0]
        row = int((y0 + y1) / 2)
        inside = image[row, int(x0 + 6), :3].astype(int)
        outside = image[row, int(x0 - 4), :3].astype(int)
        assert np.abs(inside - rgb(fill)).max() <= 3, key
        assert np.abs(outside - rgb(fill)).max() > 10, key


def test_highlight_changes_only_the_highlighted_box():
    model = residual()
    plain = png_array(draw(model))
    marked_fig = draw(model, highlight=["conv1a"])
    marked = png_array(marked_fig)
    assert plain.shape == marked.shape
    changed = np.argwhere((plain != marked).any(axis=2))
    x0, y0, x1, y1 = box_pixels(marked_fig)["conv1a"]
    border = 4
    assert len(changed) > 100
    assert changed[:, 0].min() >= y0 - border and changed[:, 0].max() <= y1 + border
    assert changed[:, 1].min() >= x0 - border and changed[:, 1].max() <= x1 + border


def test_nested_names_and_frames_in_box_pixels():
    fig = draw(nested(), expand_nested=True, highlight=["block/i1", "block"])
    pixels = box_pixels(fig)
    assert set(pixels) == {
        "x",
        "pre",
        "block/input_layer",
        "block/i1",
        "block/i2",
        "head",
        "block",
    }
    fx0, fy0, fx1, fy1 = pixels["block"]
    for key in ("block/input_layer", "block/i1", "block/i2"):
        x0, y0, x1, y1 = pixels[key]
        assert fx0 < x0 < x1 < fx1 and fy0 < y0 < y1 < fy1
    image = png_array(fig)
    x0, y0, x1, y1 = pixels["block/i1"]
    assert (
        np.abs(image[int((y0 + y1) / 2), int(x0 + 6), :3] - rgb(_HIGHLIGHT[0])).max()
        <= 3
    )
    # the frame's background shows between its boxes
    inner = pixels["block/input_layer"]
    assert (
        np.abs(image[int(inner[1] - 3), int(inner[0] + 6), :3] - rgb(_FRAME[0])).max()
        <= 3
    )


def test_a_frame_holds_its_whole_label():
    from kerasteach._glyphs import _HEAD, _glyphs

    name = "a_feature_extractor_named_at_length"
    inner = keras.Sequential([keras.Input((8,)), L.Dense(8, name="d")], name=name)
    inp = keras.Input((8,), name="x")
    model = keras.Model(inp, L.Dense(1, name="y")(inner(inp)))
    for rankdir in ("TB", "LR"):
        fig = draw(model, expand_nested=True, rankdir=rankdir)
        (frame,) = fig.kerasteach_layout.frames
        text = f"{name} (Sequential)"
        assert frame.x1 - frame.x0 >= _glyphs().width(text, _HEAD, True) + 12


@pytest.mark.parametrize("rankdir", ["TB", "LR"])
def test_an_expanded_shared_model_says_shared_clear_of_its_edges(rankdir):
    # A nested model called twice (siamese) is one frame with both inputs
    # flowing in: without the collapsed box's "shared" line, it reads as a
    # merge. The note sits at the far end of the label band, and the label
    # and note leave the middle free, where the edges enter (TB).
    from kerasteach._glyphs import _glyphs

    encoder = keras.Sequential(
        [keras.Input((8,)), L.Dense(8, name="d1"), L.Dense(4, name="d2")],
        name="encoder",
    )
    a, b = keras.Input((8,), name="a"), keras.Input((8,), name="b")
    diff = L.Subtract(name="diff")([encoder(a), encoder(b)])
    model = keras.Model([a, b], L.Dense(1, name="score")(diff))
    assert lines(read_model(model), "encoder")[-1] == "shared: called 2 times"
    fig = draw(model, expand_nested=True, rankdir=rankdir)
    (frame,) = fig.kerasteach_layout.frames
    (labels,) = [a for a in fig.artists if hasattr(a, "_runs")]
    runs = {run[0]: run for run in labels._runs}
    name, note = runs["encoder (Sequential)"], runs["shared: called 2 times"]
    assert note[4] == name[4]  # the same band, at the other end of it
    note_end = note[3] + _glyphs().width(note[0], note[1], note[2])
    assert note_end == pytest.approx(frame.x1 - 6)
    name_end = name[3] + _glyphs().width(name[0], name[1], name[2])
    assert name_end < note[3]
    if rankdir == "TB":
        entering = [
            r.points[-1][0]
            for r in fig.kerasteach_layout.routes
            if r.target == "encoder/input_layer"
        ]
        assert len(entering) == 2
        assert all(name_end < x < note[3] for x in entering)
    single = keras.Sequential([keras.Input((8,)), encoder])
    fig = draw(single, expand_nested=True, rankdir=rankdir)
    (labels,) = [a for a in fig.artists if hasattr(a, "_runs")]
    assert not any("shared" in run[0] for run in labels._runs)  # called once


def test_box_pixels_needs_a_drawn_figure():
    with pytest.raises(DrawingError, match="kerasteach.draw"):
        box_pixels(Figure())


def test_every_error_is_importable_from_the_package():
    """A student catches ``kerasteach.DrawingError`` like the others."""
    from kerasteach import errors

    for name in errors.__all__:
        assert name in kerasteach.__all__
        assert getattr(kerasteach, name) is getattr(errors, name)
    assert issubclass(kerasteach.DrawingError, kerasteach.KerasTeachError)


# ---------------------------------------------------------------------------
# focus, size limits, errors


def test_focus_draws_the_neighbourhood_with_the_focus_marked():
    fig = draw(residual(), focus="add1", focus_radius=1)
    layout = fig.kerasteach_layout
    assert layout.focus == "add1"
    assert {b.key for b in layout.boxes} == {"add1", "relu0", "conv1b", "relu1"}
    assert layout.stubs


@pytest.mark.parametrize("rankdir", ["TB", "LR"])
def test_focus_stub_labels_stay_off_the_boxes_and_inside_the_picture(rankdir):
    # Left to right, the "+N" of a stub was put where a vertical stub has
    # room: inside the box it enters, and past the right edge of the picture.
    from kerasteach._glyphs import _glyphs
    from kerasteach._paint import _stub_label

    fig = draw(residual(), focus="add0", focus_radius=1, rankdir=rankdir)
    layout = fig.kerasteach_layout
    assert {s.side for s in layout.stubs} == {"in", "out"}
    for stub in layout.stubs:
        text, cx, baseline, size = _stub_label(stub)
        w = _glyphs().width(text, size, False)
        x0, y0, x1, y1 = cx - w / 2, baseline - 0.75 * size, cx + w / 2, baseline
        assert 0 <= x0 and x1 <= layout.width and 0 <= y0 and y1 <= layout.height
        for b in layout.boxes:
            apart = x1 <= b.x0 or b.x1 <= x0 or y1 <= b.y0 or b.y1 <= y0
            assert apart, f"{text!r} of the stub at {stub.key!r} is on {b.key!r}"


def test_a_long_model_is_folded_and_the_picture_capped():
    model = keras.Sequential([keras.Input((4,))] + [L.Dense(4) for _ in range(400)])
    fig = draw(model, show_shapes=True)
    w, h = fig.get_size_inches() * fig.dpi
    assert fig.kerasteach_layout.columns > 1
    assert h < 3 * w
    assert w * h <= 8.5e6 or fig.dpi == pytest.approx(60)
    with pytest.warns(UserWarning, match="dpi"):
        huge = draw(model, dpi=5000)
    assert max(huge.get_size_inches() * huge.dpi) < 2**16


def test_unreadably_small_text_is_drawn_as_bars_in_png_only():
    fig = draw(residual())
    labels = fig.get_children()[-1]
    alphas = {alpha for _, alpha, _ in labels._paths(0.2)}  # 0.2 pixels per point
    assert alphas == {0.3}
    assert {alpha for _, alpha, _ in labels._paths(None)} == {1.0}  # SVG, PDF
    assert {alpha for _, alpha, _ in labels._paths(2.0)} == {1.0}


@pytest.mark.parametrize(
    "kwargs, words",
    [
        (
            {"highlight": ["hiden"]},
            ["highlight", "'hiden'", "Did you mean 'hidden'", "'pixels'"],
        ),
        ({"highlight": 3}, ["highlight", "3"]),
        ({"focus": "prob"}, ["focus", "'prob'", "'probs'"]),
        ({"rankdir": "RL"}, ["rankdir", "'TB'", "'LR'", "'RL'"]),
        ({"dpi": -5}, ["dpi", "-5"]),
        ({"focus": "hidden", "focus_radius": 1.5}, ["focus_radius", "1.5"]),
    ],
)
def test_bad_options_raise_a_clear_error(kwargs, words):
    with pytest.raises(DrawingError) as info:
        draw(mlp(), **kwargs)
    assert isinstance(info.value, KerasTeachError)
    for word in words:
        assert word in str(info.value)


def test_focus_radius_alone_is_refused_not_ignored():
    with pytest.raises(DrawingError, match=r"^focus_radius=3 says .* focus="):
        draw(two_in_two_out(), focus_radius=3)
    # given with focus, or left out, it draws
    assert isinstance(draw(mlp(), focus="hidden", focus_radius=3), Figure)
    assert isinstance(draw(mlp(), focus_radius=None), Figure)


def test_a_layer_object_instead_of_its_name_gets_a_hint():
    model = mlp()
    with pytest.raises(DrawingError, match="highlight='hidden'"):
        draw(model, highlight=[model.get_layer("hidden")])


def test_inner_names_without_expand_nested_get_a_hint():
    with pytest.raises(DrawingError, match="expand_nested=True"):
        draw(nested(), highlight=["block/i1"])


# -- options are checked, the model is left as it was ------------------------------
@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"show_shapes": "False"}, ["show_shapes", "'False'", "show_shapes=False,"]),
        ({"show_dtype": 1}, ["show_dtype", "True or False", "=1"]),
        ({"expand_nested": "yes"}, ["expand_nested", "'yes'"]),
        ({"dpi": True}, ["dpi", "positive number", "True"]),
        ({"dpi": 0}, ["dpi", "0"]),
        ({"dpi": float("inf")}, ["dpi", "inf"]),
        ({"dpi": "150"}, ["dpi", "'150'"]),
    ],
)
def test_flags_are_booleans_and_dpi_a_positive_number(kwargs, words):
    with pytest.raises(DrawingError) as info:
        draw(mlp(), **kwargs)
    for word in words:
        assert word in str(info.value)


def test_numpy_booleans_and_numbers_are_accepted():
    model = mlp()
    plain = draw(model).kerasteach_layout.box("hidden")
    fig = draw(model, show_shapes=np.bool_(True), dpi=np.float32(50))
    assert fig.dpi == 50
    shapes = fig.kerasteach_layout.box("hidden")
    assert shapes.y1 - shapes.y0 > plain.y1 - plain.y0


def test_to_file_points_to_savefig_and_typos_to_the_option():
    with pytest.raises(TypeError, match=r"fig\.savefig\('model\.png'\)"):
        draw(mlp(), to_file="model.png")
    with pytest.raises(TypeError, match=r"Did you mean show_shapes\?"):
        draw(mlp(), show_shape=True)


@pytest.mark.parametrize("option", ["to_file", "shows_shapes"])
def test_an_unknown_option_is_a_kerasteach_error_and_a_type_error(option):
    from kerasteach.errors import DrawingError, KerasTeachError, UnknownOptionError

    with pytest.raises(UnknownOptionError) as raised:
        draw(mlp(), **{option: True})
    # deliberate, like every kerasteach error; still caught by except TypeError
    assert isinstance(raised.value, KerasTeachError)
    assert isinstance(raised.value, DrawingError)
    assert isinstance(raised.value, TypeError)
    assert str(raised.value).startswith(
        f"draw() got an unexpected keyword argument {option!r}."
    )


@pytest.mark.parametrize(
    "shape, words",
    [
        (5, ["write input_shape=(5,)"]),
        ("8", ["without quotes: input_shape=(8,)"]),
        ((-1,), ["at least 1", "-1 is not"]),
        ((0,), ["0 is not"]),
        ((8.0,), ["8.0 is not"]),
        ((True,), ["True is not"]),
        ({"a": 3}, ["input_shape['a']=(3,)"]),
    ],
)
def test_a_bad_input_shape_is_refused_before_the_model_changes(shape, words):
    model = keras.Sequential([L.Dense(2)])
    with pytest.raises(kerasteach.NotBuiltError) as info:
        draw(model, input_shape=shape)
    assert "without the batch axis" in str(info.value)
    for word in words:
        assert word in str(info.value)
    assert not model.built and not model.layers[0].built
    draw(model, input_shape=[8])  # a list is a shape too
    assert model.layers[0].kernel.shape == (8, 2)


def test_a_shape_keras_refuses_leaves_the_model_as_it_was():
    model = keras.Sequential([L.Conv2D(4, 3), L.Flatten(), L.Dense(2)])
    with pytest.raises(kerasteach.NotBuiltError, match="conv2d") as info:
        draw(model, input_shape=(28, 28))  # the channel axis is missing
    assert "input_shape=(28, 28)" in str(info.value)
    assert not model.built and len(model._layers) == 3
    draw(model, input_shape=(28, 28, 1))
    assert model.output_shape == (None, 2)


def test_a_built_model_refuses_another_input_shape():
    model = keras.Sequential([L.Dense(2)])
    draw(model, input_shape=(4,))
    with pytest.raises(kerasteach.NotBuiltError, match="already built") as info:
        draw(model, input_shape=(8,))
    assert "keras.Input(shape=(8,))" in str(info.value)
    draw(model, input_shape=(4,))  # the same shape is fine


def test_a_layer_without_get_config_is_drawn_and_explained():
    model = keras.Sequential(
        [keras.Input((4,)), NoConfigScale(np.arange(4.0), name="scale"), L.Dense(1)]
    )
    fig = draw(model, show_layer_activations=True)
    assert [b.key for b in fig.kerasteach_layout.boxes][1] == "scale"
    assert lines(read_model(model), "scale") == ["scale (NoConfigScale)"]
    assert kerasteach.explain(model).is_sequential
