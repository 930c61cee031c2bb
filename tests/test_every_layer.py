"""Every public layer class of keras.layers, written as code and rebuilt.

:data:`TABLE` holds, for each layer class ``keras.layers`` exports, a tiny
model that uses it; :data:`NOT_IN_TABLE` the few exports that are not a
layer to put in a model, each with the reason.  A class Keras adds makes
``test_the_table_covers_every_public_layer_class`` fail until it has a row.

Each model goes through what a student does with kerasteach: ``explain``,
readable and faithful Functional code, Sequential code when it is a chain,
each proven by the round trip (tests/_roundtrip.py: run the code, compare
configs, copy the weights, compare predictions on a batch of 2), and a
drawing.

TensorFlow only: StringLookup, IntegerLookup, TextVectorization and
Discretization.adapt() need TensorFlow whatever the backend, and TFSMLayer
loads a TensorFlow SavedModel.  This module is not among the core modules
tests/test_backends.py runs again under JAX and PyTorch (its name does not
match their patterns), so every row runs on TensorFlow alone.
"""

from __future__ import annotations

import inspect
import re

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest
from _roundtrip import assert_round_trip, layer_pairs
from custom_layers import halve
from keras import layers as L

import kerasteach as kt
from kerasteach.errors import (
    KerasTeachError,
    NotBuiltError,
    NotSequentialError,
    TraceError,
)


@pytest.fixture(autouse=True)
def _fresh_keras_session():
    """conftest.py's fixture of the same name, without its garbage
    collection: ``clear_session()`` runs ``gc.collect()``, about 0.3 s with
    TensorFlow loaded, which over this module's 150 small tests would be
    most of its time.  Keras's names and graph are reset all the same."""
    keras.utils.clear_session(free_memory=False)
    keras.utils.set_random_seed(0)


# -- how the models are made ---------------------------------------------------


def chain(shape, *made, dtype="float32"):
    """A Functional model that calls the layers ``made`` one after another."""
    inputs = keras.Input(shape, dtype=dtype, name="x")
    x = inputs
    for layer in made:
        x = layer(x)
    return keras.Model(inputs, x)


def image(*made, shape=(8, 8, 3)):
    return chain(shape, *made)


def volume(*made):
    return chain((4, 4, 4, 1), *made)


def merged(layer, *shapes):
    """A Functional model that calls ``layer`` on a list of inputs."""
    inputs = [keras.Input(s, name=f"in_{i}") for i, s in enumerate(shapes)]
    return keras.Model(inputs, layer(inputs))


def attention(layer):
    """``layer(query, value)``, as the attention layers are called."""
    query, value = keras.Input((3, 4), name="query"), keras.Input((5, 4), name="value")
    return keras.Model([query, value], layer(query, value))


def hashed_crossing():
    a = keras.Input((1,), dtype="int32", name="a")
    b = keras.Input((1,), dtype="int32", name="b")
    return keras.Model([a, b], L.HashedCrossing(num_bins=5)((a, b)))


# Data the adapted layers learn from (adapted in the model: adapted before,
# its build_config would keep the data's batch size).
ADAPT_DATA = np.arange(24, dtype="float32").reshape(8, 3) / 4.0


def adapted(layer, *after):
    inputs = keras.Input((3,), name="x")
    x = layer(inputs)
    for later in after:
        x = later(x)
    model = keras.Model(inputs, x)
    layer.adapt(ADAPT_DATA)
    return model


def capped_boxes():
    """``MaxNumBoundingBoxes`` on a dict of images and boxes, as it is used:
    it returns a dict of the same form, read by key."""
    images = keras.Input((8, 8, 3), name="images")
    boxes = keras.Input((5, 4), name="boxes")
    labels = keras.Input((5,), name="labels")
    data = {"images": images, "bounding_boxes": {"boxes": boxes, "labels": labels}}
    out = L.MaxNumBoundingBoxes(3, bounding_box_format="xyxy")(data)
    kept = out["bounding_boxes"]
    return keras.Model([images, boxes, labels], [kept["boxes"], kept["labels"]])


def saved_model_layer():
    """A TFSMLayer reloading a SavedModel of a small Dense model, exported
    into the current directory (the test runs in its tmp_path)."""
    keras.Sequential([keras.Input((3,)), L.Dense(2)]).export(
        "exported", format="tf_saved_model", verbose=False
    )
    return chain((3,), L.TFSMLayer("exported", call_endpoint="serve"))


IMG = {"value_range": (0, 1)}  # the images of sample_inputs: about 0 to 1

# One tiny model per class; aliases (AvgPool2D, Convolution2D) are the same
# classes, so they share the row.
TABLE = {
    L.Activation: lambda: chain((4,), L.Activation("tanh")),
    L.ActivityRegularization: lambda: chain((4,), L.ActivityRegularization(l1=0.01)),
    L.AdaptiveAveragePooling1D: lambda: chain((6, 2), L.AdaptiveAveragePooling1D(3)),
    L.AdaptiveAveragePooling2D: lambda: image(L.AdaptiveAveragePooling2D((2, 3))),
    L.AdaptiveAveragePooling3D: lambda: volume(L.AdaptiveAveragePooling3D(2)),
    L.AdaptiveMaxPooling1D: lambda: chain((6, 2), L.AdaptiveMaxPooling1D(3)),
    L.AdaptiveMaxPooling2D: lambda: image(L.AdaptiveMaxPooling2D(2)),
    L.AdaptiveMaxPooling3D: lambda: volume(L.AdaptiveMaxPooling3D(2)),
    L.Add: lambda: merged(L.Add(), (4,), (4,)),
    L.AdditiveAttention: lambda: merged(L.AdditiveAttention(), (3, 4), (5, 4)),
    L.AlphaDropout: lambda: chain((4,), L.AlphaDropout(0.2)),
    L.Attention: lambda: merged(L.Attention(use_scale=True), (3, 4), (5, 4)),
    L.AugMix: lambda: image(L.AugMix(**IMG, seed=1)),
    L.AutoContrast: lambda: image(L.AutoContrast(**IMG)),
    L.Average: lambda: merged(L.Average(), (4,), (4,)),
    L.AveragePooling1D: lambda: chain((6, 2), L.AveragePooling1D(2)),
    L.AveragePooling2D: lambda: image(L.AveragePooling2D(2, strides=1)),
    L.AveragePooling3D: lambda: volume(L.AveragePooling3D(2)),
    L.BatchNormalization: lambda: chain((4,), L.BatchNormalization(momentum=0.9)),
    L.Bidirectional: lambda: chain((5, 3), L.Bidirectional(L.LSTM(3))),
    L.CategoryEncoding: lambda: chain(
        (3,), L.CategoryEncoding(5, output_mode="count"), dtype="int32"
    ),
    L.CenterCrop: lambda: image(L.CenterCrop(4, 4)),
    L.Concatenate: lambda: merged(L.Concatenate(), (4,), (2,)),
    L.ContrastLimitedAdaptiveHistogramEqualization: lambda: image(
        L.ContrastLimitedAdaptiveHistogramEqualization(**IMG, tile_grid_size=(2, 2))
    ),
    L.Conv1D: lambda: chain((6, 2), L.Conv1D(2, 3, padding="same")),
    L.Conv1DTranspose: lambda: chain((6, 2), L.Conv1DTranspose(2, 3, strides=2)),
    L.Conv2D: lambda: image(L.Conv2D(2, 3, activation="relu")),
    L.Conv2DTranspose: lambda: image(L.Conv2DTranspose(2, 3)),
    L.Conv3D: lambda: volume(L.Conv3D(2, 3)),
    L.Conv3DTranspose: lambda: volume(L.Conv3DTranspose(2, 3)),
    L.ConvLSTM1D: lambda: chain((3, 6, 2), L.ConvLSTM1D(2, 3)),
    L.ConvLSTM2D: lambda: chain((3, 6, 6, 1), L.ConvLSTM2D(2, 3)),
    L.ConvLSTM3D: lambda: chain((2, 4, 4, 4, 1), L.ConvLSTM3D(2, 3)),
    L.Cropping1D: lambda: chain((6, 2), L.Cropping1D((1, 2))),
    L.Cropping2D: lambda: image(L.Cropping2D(((1, 2), (0, 1)))),
    L.Cropping3D: lambda: volume(L.Cropping3D(1)),
    L.CutMix: lambda: image(L.CutMix(seed=1)),
    L.Dense: lambda: chain((4,), L.Dense(3, activation="relu")),
    L.DepthwiseConv1D: lambda: chain((6, 2), L.DepthwiseConv1D(3)),
    L.DepthwiseConv2D: lambda: image(L.DepthwiseConv2D(3, depth_multiplier=2)),
    # adapted: the bins it found are in its config, beside num_bins
    L.Discretization: lambda: adapted(L.Discretization(num_bins=3)),
    L.Dot: lambda: merged(L.Dot(axes=1), (4,), (4,)),
    L.Dropout: lambda: chain((4,), L.Dropout(0.5)),
    L.ELU: lambda: chain((4,), L.ELU(alpha=0.5)),
    L.EinsumDense: lambda: chain(
        (4,), L.EinsumDense("ab,bc->ac", output_shape=3, bias_axes="c")
    ),
    L.Embedding: lambda: chain((3,), L.Embedding(10, 2), dtype="int32"),
    # Keras 3's Equalization hands back the tensor it was given when a model
    # is built, so no graph can hold it directly (see the test of the
    # message below); its message's way round is a Pipeline.
    L.Equalization: lambda: image(L.Pipeline([L.Equalization(**IMG)])),
    L.Flatten: lambda: image(L.Flatten()),
    L.GRU: lambda: chain((5, 3), L.GRU(2, return_sequences=True)),
    L.GRUCell: lambda: chain((5, 3), L.RNN(L.GRUCell(2))),
    L.GaussianDropout: lambda: chain((4,), L.GaussianDropout(0.3)),
    L.GaussianNoise: lambda: chain((4,), L.GaussianNoise(0.3)),
    L.GlobalAveragePooling1D: lambda: chain((6, 2), L.GlobalAveragePooling1D()),
    L.GlobalAveragePooling2D: lambda: image(L.GlobalAveragePooling2D()),
    L.GlobalAveragePooling3D: lambda: volume(L.GlobalAveragePooling3D()),
    L.GlobalMaxPooling1D: lambda: chain((6, 2), L.GlobalMaxPooling1D()),
    L.GlobalMaxPooling2D: lambda: image(L.GlobalMaxPooling2D(keepdims=True)),
    L.GlobalMaxPooling3D: lambda: volume(L.GlobalMaxPooling3D()),
    L.GroupNormalization: lambda: chain((6, 4), L.GroupNormalization(groups=2)),
    L.GroupQueryAttention: lambda: attention(
        L.GroupQueryAttention(2, num_query_heads=2, num_key_value_heads=1)
    ),
    L.HashedCrossing: hashed_crossing,
    L.Hashing: lambda: chain((3,), L.Hashing(num_bins=4), dtype="int32"),
    L.Identity: lambda: chain((4,), L.Identity()),
    # a keras.Sequential that starts with the layer keras.Input stands for
    L.InputLayer: lambda: keras.Sequential([L.InputLayer(shape=(4,)), L.Dense(2)]),
    L.IntegerLookup: lambda: chain(
        (3,), L.IntegerLookup(vocabulary=[1, 2, 3]), dtype="int32"
    ),
    L.LSTM: lambda: chain((5, 3), L.LSTM(2, go_backwards=True)),
    L.LSTMCell: lambda: chain((5, 3), L.RNN(L.LSTMCell(2))),
    L.Lambda: lambda: chain((4,), L.Lambda(halve)),
    L.LayerNormalization: lambda: chain((4,), L.LayerNormalization()),
    L.LeakyReLU: lambda: chain((4,), L.LeakyReLU(negative_slope=0.1)),
    L.Masking: lambda: chain((5, 3), L.Masking(0.0), L.SimpleRNN(2)),
    L.MaxNumBoundingBoxes: capped_boxes,
    L.MaxPooling1D: lambda: chain((6, 2), L.MaxPooling1D(3)),
    L.MaxPooling2D: lambda: image(L.MaxPooling2D(2)),
    L.MaxPooling3D: lambda: volume(L.MaxPooling3D(2)),
    L.Maximum: lambda: merged(L.Maximum(), (4,), (4,)),
    L.MelSpectrogram: lambda: chain(
        (256,), L.MelSpectrogram(fft_length=64, sequence_stride=32, num_mel_bins=8)
    ),
    L.Minimum: lambda: merged(L.Minimum(), (4,), (4,)),
    L.MixUp: lambda: image(L.MixUp(seed=1)),
    L.MultiHeadAttention: lambda: attention(L.MultiHeadAttention(2, key_dim=2)),
    L.Multiply: lambda: merged(L.Multiply(), (4,), (4,)),
    L.Normalization: lambda: adapted(L.Normalization(), L.Dense(2)),
    L.PReLU: lambda: chain((4,), L.PReLU()),
    L.Permute: lambda: chain((5, 3), L.Permute((2, 1))),
    L.Pipeline: lambda: image(L.Pipeline([L.Rescaling(0.5), L.CenterCrop(4, 4)])),
    L.RMSNormalization: lambda: chain((4,), L.RMSNormalization()),
    L.RNN: lambda: chain((5, 3), L.RNN(L.SimpleRNNCell(2), return_sequences=True)),
    L.RandAugment: lambda: image(L.RandAugment(**IMG, seed=1)),
    L.RandomBrightness: lambda: image(L.RandomBrightness(0.2, **IMG, seed=1)),
    L.RandomColorDegeneration: lambda: image(
        L.RandomColorDegeneration(0.2, **IMG, seed=1)
    ),
    L.RandomColorJitter: lambda: image(
        L.RandomColorJitter(**IMG, brightness_factor=0.2, seed=1)
    ),
    L.RandomContrast: lambda: image(L.RandomContrast(0.2, **IMG, seed=1)),
    L.RandomCrop: lambda: image(L.RandomCrop(4, 4, seed=1)),
    L.RandomElasticTransform: lambda: image(L.RandomElasticTransform(**IMG, seed=1)),
    L.RandomErasing: lambda: image(L.RandomErasing(**IMG, seed=1)),
    L.RandomFlip: lambda: image(L.RandomFlip("horizontal", seed=1)),
    L.RandomGaussianBlur: lambda: image(L.RandomGaussianBlur(**IMG, seed=1)),
    L.RandomGrayscale: lambda: image(L.RandomGrayscale(seed=1)),
    L.RandomHue: lambda: image(L.RandomHue(0.2, **IMG, seed=1)),
    L.RandomInvert: lambda: image(L.RandomInvert(**IMG, seed=1)),
    L.RandomPerspective: lambda: image(L.RandomPerspective(seed=1)),
    L.RandomPosterization: lambda: image(L.RandomPosterization(4, seed=1)),
    L.RandomRotation: lambda: image(L.RandomRotation(0.1, seed=1)),
    L.RandomSaturation: lambda: image(L.RandomSaturation(0.2, **IMG, seed=1)),
    L.RandomSharpness: lambda: image(L.RandomSharpness(0.2, **IMG, seed=1)),
    L.RandomShear: lambda: image(L.RandomShear(0.2, seed=1)),
    L.RandomTranslation: lambda: image(L.RandomTranslation(0.1, 0.1, seed=1)),
    L.RandomZoom: lambda: image(L.RandomZoom(0.1, seed=1)),
    L.ReLU: lambda: chain((4,), L.ReLU(max_value=1.0)),
    L.RepeatVector: lambda: chain((4,), L.RepeatVector(3)),
    L.Rescaling: lambda: image(L.Rescaling(1 / 255, offset=-0.5)),
    L.Reshape: lambda: chain((6,), L.Reshape((2, 3))),
    L.Resizing: lambda: image(L.Resizing(4, 4)),
    L.ReversibleEmbedding: lambda: chain(
        (3,), L.ReversibleEmbedding(10, 2), dtype="int32"
    ),
    L.STFTSpectrogram: lambda: chain(
        (256, 1), L.STFTSpectrogram(frame_length=32, frame_step=16)
    ),
    L.SeparableConv1D: lambda: chain((6, 2), L.SeparableConv1D(2, 3)),
    L.SeparableConv2D: lambda: image(L.SeparableConv2D(2, 3)),
    L.SimpleRNN: lambda: chain((5, 3), L.SimpleRNN(2)),
    L.SimpleRNNCell: lambda: chain((5, 3), L.RNN(L.SimpleRNNCell(2))),
    L.Softmax: lambda: chain((4,), L.Softmax()),
    L.Solarization: lambda: image(L.Solarization(threshold_factor=0.5, **IMG)),
    L.SpatialDropout1D: lambda: chain((6, 2), L.SpatialDropout1D(0.2)),
    L.SpatialDropout2D: lambda: image(L.SpatialDropout2D(0.2)),
    L.SpatialDropout3D: lambda: volume(L.SpatialDropout3D(0.2)),
    L.SpectralNormalization: lambda: chain((4,), L.SpectralNormalization(L.Dense(3))),
    L.StackedRNNCells: lambda: chain(
        (5, 3), L.RNN(L.StackedRNNCells([L.SimpleRNNCell(2), L.GRUCell(2)]))
    ),
    L.StringLookup: lambda: chain(
        (2,), L.StringLookup(vocabulary=["a", "b", "c"]), dtype="string"
    ),
    L.Subtract: lambda: merged(L.Subtract(), (4,), (4,)),
    L.TFSMLayer: saved_model_layer,
    L.TextVectorization: lambda: chain(
        (),
        L.TextVectorization(vocabulary=["a", "b"], output_sequence_length=3),
        dtype="string",
    ),
    L.TimeDistributed: lambda: chain((5, 3), L.TimeDistributed(L.Dense(2))),
    L.UnitNormalization: lambda: chain((4,), L.UnitNormalization()),
    L.UpSampling1D: lambda: chain((6, 2), L.UpSampling1D(3)),
    L.UpSampling2D: lambda: image(L.UpSampling2D(2, interpolation="bilinear")),
    L.UpSampling3D: lambda: volume(L.UpSampling3D(2)),
    L.ZeroPadding1D: lambda: chain((6, 2), L.ZeroPadding1D(1)),
    L.ZeroPadding2D: lambda: image(L.ZeroPadding2D(((1, 0), (2, 1)))),
    L.ZeroPadding3D: lambda: volume(L.ZeroPadding3D(1)),
}

# The exports of keras.layers that are not in TABLE, and why.
NOT_IN_TABLE = {
    L.Layer: "the base class of all layers: its call() is not implemented",
    L.Wrapper: "the base class of TimeDistributed and Bidirectional: no call()",
    L.InputSpec: "not a layer: what a layer says it accepts",
    L.JaxLayer: "wraps JAX functions: needs the jax package, which is not installed",
    L.FlaxLayer: "wraps a Flax module: needs jax and flax, which are not installed",
    L.TorchModuleWrapper: "wraps a torch.nn.Module: only on the PyTorch backend",
}

# What the notes of the code say for some rows, and which code says it (its
# style and whether it is faithful).  Readable code keeps no layer names, so
# it says nothing of the names of Masking's mask operations (nor does
# Sequential code: a Sequential config lists no operations), and it does not
# promise the very same config, which an adapted Discretization cannot have.
EVERY_CODE = {(s, f) for s in ("functional", "sequential") for f in (False, True)}
NOTES = {
    L.Normalization: ("'normalization' (Normalization) was adapted", EVERY_CODE),
    L.Masking: (
        "Keras adds the operations 'not_equal' and 'any' by itself",
        {("functional", True)},
    ),
    L.Discretization: (
        "'discretization' (Discretization) has both bin_boundaries and num_bins=3 "
        "in its config (adapt() records both), and Discretization() refuses the "
        "two together",
        {("functional", True), ("sequential", True)},
    ),
}


def _ids(cls) -> str:
    return cls.__name__


def test_the_table_covers_every_public_layer_class():
    public = {obj for _, obj in inspect.getmembers(keras.layers, inspect.isclass)}
    missing = sorted(c.__name__ for c in public - set(TABLE) - set(NOT_IN_TABLE))
    assert not missing, (
        f"keras.layers has classes this sweep does not cover: {missing}. Add a "
        "tiny model for each to TABLE (or to NOT_IN_TABLE, with the reason)."
    )
    assert not set(TABLE) & set(NOT_IN_TABLE)
    assert set(TABLE) | set(NOT_IN_TABLE) == public  # nothing stale either


def _restore_adapted(original, rebuilt):
    """What the note says: adapt the rebuilt layer to the data again."""
    for src, dst in layer_pairs(original, rebuilt):
        if isinstance(src, L.Normalization):
            dst.adapt(ADAPT_DATA)


def _round_trip(model, code, cls):
    """The round trip of ``code``, after checking its notes (NOTES) and
    doing what they say."""
    words, where = NOTES.get(cls, (None, ()))
    if (code.style, code.faithful) in where:
        (note,) = code.notes
        assert words in note
    else:
        assert code.notes == (), code.notes
    if code.notes and cls is L.Masking:
        # the note's way to the very same config: the counter starts again
        keras.utils.clear_session(free_memory=False)
    if cls is L.Discretization:  # its config differs in num_bins alone
        rebuilt = assert_round_trip(model, code, compare_config=False)
        ((original, copy),) = layer_pairs(model, rebuilt)[1:]
        assert copy.get_config()["num_bins"] is None
        assert _unnamed(copy, num_bins=3) == _unnamed(original)
        return rebuilt
    restore = _restore_adapted if cls is L.Normalization else None
    return assert_round_trip(model, code, restore=restore)


def _unnamed(layer, **changes):
    return {**layer.get_config(), "name": None, **changes}


@pytest.mark.parametrize("cls", sorted(TABLE, key=_ids), ids=_ids)
def test_every_layer_class_is_written_rebuilt_and_drawn(cls, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # where TFSMLayer's model is exported
    model = TABLE[cls]()
    assert any(type(la) is cls for la in model._flatten_layers(include_self=True)), (
        f"the row of {cls.__name__} makes no {cls.__name__}"
    )
    explanation = kt.explain(model)
    for faithful in (False, True):
        code = kt.to_functional_code(model, faithful=faithful)
        if not faithful:  # not every setting, as when the defaults are unknown
            assert "trainable=True" not in code.source, code.source
        _round_trip(model, code, cls)
        if explanation.is_sequential:
            code = kt.to_sequential_code(model, faithful=faithful)
            assert isinstance(_round_trip(model, code, cls), keras.Sequential)
    if not explanation.is_sequential:
        with pytest.raises(NotSequentialError):
            kt.to_sequential_code(model)
    plt.close(kt.draw(model, show_shapes=True))


# The readable code of some rows, as the Keras documentation writes it.
READABLE = {
    L.GroupQueryAttention: "layers.GroupQueryAttention(\n"
    "    head_dim=2,\n    num_query_heads=2,\n    num_key_value_heads=1,\n)(",
    L.HashedCrossing: "layers.HashedCrossing(num_bins=5)((a, b))",
    L.RandomFlip: 'layers.RandomFlip("horizontal", seed=1)(x)',
    L.RandomPosterization: "layers.RandomPosterization(4, seed=1)(x)",
    L.RandomShear: "layers.RandomShear(x_factor=0.2, seed=1)(x)",
    L.StackedRNNCells: "layers.RNN(layers.StackedRNNCells([layers.SimpleRNNCell(2), "
    "layers.GRUCell(2)]))(",
    L.TextVectorization: "layers.TextVectorization(\n    output_sequence_length=3,\n"
    '    vocabulary=["a", "b"],\n)(x)',
}


@pytest.mark.parametrize("cls", sorted(READABLE, key=_ids), ids=_ids)
def test_readable_code_writes_what_a_person_writes(cls):
    source = kt.to_functional_code(TABLE[cls]()).source
    assert READABLE[cls] in source, source  # up to the call: no name=


# -- a layer Keras cannot put in a graph ----------------------------------------

EQUALIZATION = re.compile(
    r"Layer 'equalization(_\d+)?' \(Equalization\) gives back the very tensor it "
    r"was given .* limitation of Equalization in Keras 3\.\d+\.\d+, not of your "
    r"code\. Wrap the layer in a Pipeline.*layers\.Pipeline\(\[layers\."
    r"Equalization\(\.\.\.\)\]\)"
)


def test_an_equalization_in_a_sequential_model_gets_a_message_that_says_why():
    model = keras.Sequential([L.Rescaling(0.5), L.Equalization()])
    with pytest.raises(NotBuiltError, match=EQUALIZATION):
        kt.to_sequential_code(model, input_shape=(8, 8, 3))  # Keras: "a cycle"


def read_operations(model):
    graph = model._functional if isinstance(model, keras.Sequential) else model
    return graph.operations


def _equalized_first(style):
    if style == "sequential":
        made = [keras.Input((8, 8, 3)), L.Equalization(), L.Flatten(), L.Dense(2)]
        return keras.Sequential(made)
    inputs = keras.Input((8, 8, 3))
    return keras.Model(inputs, L.Dense(2)(L.Flatten()(L.Equalization()(inputs))))


@pytest.mark.parametrize("style", ["sequential", "functional"])
def test_a_model_keras_left_an_equalization_out_of_is_refused(style):
    # Right after keras.Input, Keras copies the input and builds the model
    # without the layer: it never runs, and code read from the graph would
    # not have it either
    model = _equalized_first(style)
    assert "equalization" not in [op.name for op in read_operations(model)]
    for use in (kt.to_functional_code, kt.explain, kt.draw):
        with pytest.raises(KerasTeachError, match=EQUALIZATION):
            use(model)


class Equalized(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.equalize = L.Equalization()
        self.dense = L.Dense(2)

    def call(self, x):
        return self.dense(self.equalize(x))


def test_an_equalization_in_a_subclassed_model_is_not_lost_without_a_word():
    # Keras makes a new input and leaves the layer out of the traced graph:
    # code for it would be a model without the Equalization
    with pytest.raises(TraceError, match=EQUALIZATION):
        kt.to_functional_code(Equalized(), input_shape=(8, 8, 3))


def test_the_way_round_the_message_gives_runs_the_layer():
    model = TABLE[L.Equalization]()
    x = np.random.default_rng(0).random((2, 8, 8, 3)).astype("float32")
    assert not np.allclose(model(x, training=True), x)  # it equalizes


class Same(L.Layer):
    """A layer of one's own with the same fault."""

    def call(self, x):
        return x

    def compute_output_spec(self, x):
        return x


class WithSame(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dense = L.Dense(2)
        self.same = Same()

    def call(self, x):
        return self.same(self.dense(x))


def test_a_layer_of_ones_own_that_hands_back_its_input_is_told_the_fix():
    with pytest.raises(TraceError) as info:
        kt.to_functional_code(WithSame(), input_shape=(3,))
    message = str(info.value)
    assert "Layer 'same' (Same) gives back the very tensor it was given" in message
    assert "Make Same.compute_output_spec() return a new tensor" in message


# -- found on the way ------------------------------------------------------------


def test_the_input_keras_makes_for_a_model_cut_from_another_has_no_name():
    # keras.Model(hidden, outputs) starts from a copy of the tensor ``hidden``,
    # named keras_tensor_<n>CLONE by Keras: a name no person chose
    inputs = keras.Input((3,))
    hidden = L.Dense(4)(inputs)
    model = keras.Model(hidden, L.Dense(2)(hidden))
    assert model.inputs[0].name.endswith("CLONE")
    code = kt.to_functional_code(model)
    assert "CLONE" not in code.source and "clone" not in code.source
    assert "inputs = keras.Input(shape=(4,))\n" in code.source
    assert_round_trip(model, code)
    assert_round_trip(model, kt.to_functional_code(model, faithful=True))
