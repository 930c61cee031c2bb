"""Readable code writes each layer the way a tutorial does: the exact call,
proven by the round trip."""

from __future__ import annotations

import keras
import numpy as np
import pytest
from _roundtrip import assert_round_trip
from keras import layers

import kerasteach as kt
from kerasteach import _defaults, _defaults_verified

STYLES = {"functional": kt.to_functional_code, "sequential": kt.to_sequential_code}


def chain(shape, *made, dtype=None, fit=False):
    """A Sequential model of ``made`` on inputs of ``shape``, trained for one
    epoch when ``fit``."""
    extra = {"dtype": dtype} if dtype else {}
    model = keras.Sequential([keras.Input(shape=shape, **extra), *made])
    if fit:
        model.compile("adam", "mse")
        x = np.random.default_rng(0).random((8, *shape)).astype("float32")
        y = np.random.default_rng(1).random((8, *model.output_shape[1:]))
        model.fit(x, y, epochs=1, verbose=0)
    return model


# name -> (model maker, the call readable code writes, whether predictions
# can be compared: the round trip's sample inputs cannot be strings)
CHAINS = {
    "built LayerNormalization keeps no axis=[-1]": (
        lambda: chain((8,), layers.LayerNormalization(axis=-1)),
        "layers.LayerNormalization()",
        True,
    ),
    "LayerNormalization with epsilon": (
        lambda: chain((10, 16), layers.LayerNormalization(epsilon=1e-6)),
        "layers.LayerNormalization(epsilon=1e-6)",
        True,
    ),
    "BatchNormalization and LayerNormalization after fit": (
        lambda: chain(
            (4,),
            layers.Dense(8),
            layers.BatchNormalization(),
            layers.LayerNormalization(),
            layers.Dense(1),
            fit=True,
        ),
        "layers.LayerNormalization()",
        True,
    ),
    "RandomFlip's mode by position": (
        lambda: chain((8, 8, 3), layers.RandomFlip("horizontal")),
        'layers.RandomFlip("horizontal")',
        True,
    ),
    # what Keras did not work out itself stays
    "Dropout's noise_shape stays": (
        lambda: chain((10, 4), layers.Dropout(0.5, noise_shape=(None, 1, 4))),
        "layers.Dropout(0.5, noise_shape=(None, 1, 4))",
        True,
    ),
    "Normalization's mean and variance stay": (
        lambda: chain((4,), layers.Normalization(mean=3.0, variance=2.0)),
        "layers.Normalization(mean=3.0, variance=2.0)",
        True,
    ),
    "ZeroPadding2D's padding by keyword, as Keras writes it": (
        lambda: chain((8, 8, 3), layers.ZeroPadding2D(padding=2)),
        "layers.ZeroPadding2D(padding=2)",
        True,
    ),
}


# The lookup and hashing layers need TensorFlow: tests/test_backends.py
# leaves out the tests named test_tf_ when it runs this file without it.
TF_CHAINS = {
    "StringLookup keeps no vocabulary_size": (
        lambda: chain(
            (1,), layers.StringLookup(vocabulary=["a", "b", "c"]), dtype="string"
        ),
        'layers.StringLookup(vocabulary=["a", "b", "c"])',
        False,
    ),
    "IntegerLookup keeps no vocabulary_size": (
        lambda: chain(
            (1,),
            layers.IntegerLookup(vocabulary=[1, 2, 3], output_mode="one_hot"),
            dtype="int64",
        ),
        'layers.IntegerLookup(output_mode="one_hot", vocabulary=[1, 2, 3])',
        True,
    ),
    "Hashing by keyword": (
        lambda: chain((1,), layers.Hashing(num_bins=10), dtype="int64"),
        "layers.Hashing(num_bins=10)",
        True,
    ),
}


def _written_as_a_tutorial_does(chains, case, style):
    make, expected, predict = chains[case]
    model = make()
    code = STYLES[style](model)
    assert expected in code.source, code.source
    assert "axis=[" not in code.source
    assert_round_trip(model, code, predict=predict)


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("case", CHAINS)
def test_readable_code_writes_a_layer_as_a_tutorial_does(case, style):
    _written_as_a_tutorial_does(CHAINS, case, style)


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("case", TF_CHAINS)
def test_tf_readable_code_writes_a_lookup_layer_as_a_tutorial_does(case, style):
    _written_as_a_tutorial_does(TF_CHAINS, case, style)


def attention(num_heads=2, key_dim=16, **kwargs):
    inputs = keras.Input(shape=(10, 16))
    mha = layers.MultiHeadAttention(num_heads=num_heads, key_dim=key_dim, **kwargs)
    return keras.Model(inputs, mha(inputs, inputs))


def test_multi_head_attention_is_written_by_keyword_without_what_it_worked_out():
    model = attention()
    code = kt.to_functional_code(model)
    assert "layers.MultiHeadAttention(num_heads=2, key_dim=16)(" in code.source
    assert_round_trip(model, code)


@pytest.fixture
def new_session(monkeypatch):
    """Empties kerasteach's probe caches, which live as long as the Python
    process, as if the session had just started."""

    def empty():
        monkeypatch.setattr(_defaults, "_DEFAULT_CONFIGS", {})
        for cache in ("_VERIFIED", "_SHORTER"):
            monkeypatch.setattr(_defaults_verified, cache, {})

    return empty


@pytest.mark.parametrize("faithful", [False, True], ids=["readable", "faithful"])
def test_the_code_of_a_layer_does_not_depend_on_the_models_before_it(
    faithful, new_session
):
    # the defaults of MultiHeadAttention follow key_dim (value_dim is
    # key_dim): models with other key_dims read first must not put
    # value_dim=16 into the code of one with key_dim=16
    model = attention(2, 16)
    new_session()
    first = kt.to_functional_code(model, faithful=faithful).source
    new_session()
    for before in (attention(4, 8, dropout=0.1), attention(1, 32, value_dim=16)):
        kt.to_functional_code(before, faithful=faithful)
    code = kt.to_functional_code(model, faithful=faithful)
    assert code.source == first
    assert "value_dim" not in code.source
    assert_round_trip(model, code)


def test_dot_is_written_with_axes_by_keyword():
    a, b = keras.Input(shape=(3, 4)), keras.Input(shape=(3, 4))
    model = keras.Model([a, b], layers.Dot(axes=(2, 2))([a, b]))
    code = kt.to_functional_code(model)
    assert "layers.Dot(axes=(2, 2))(" in code.source
    assert_round_trip(model, code)


def test_faithful_code_still_writes_what_keras_worked_out():
    model = chain((8,), layers.LayerNormalization())
    code = kt.to_sequential_code(model, faithful=True)
    assert "axis=[-1]" in code.source
    assert_round_trip(model, code)
    model = attention()
    code = kt.to_functional_code(model, faithful=True)
    assert "attention_axes=(1,)" in code.source and "num_heads=" not in code.source
    assert_round_trip(model, code)


@pytest.mark.parametrize(
    ("given", "written"),
    [
        ({"output_mode": "one_hot"}, 'output_mode="one_hot")'),
        ({}, "num_bins=8)"),
        ({"output_mode": "one_hot", "dtype": "float16"}, 'dtype="float16"'),
        ({"dtype": "int32"}, 'num_bins=8, dtype="int32")'),
    ],
    ids=["one_hot", "int", "one_hot-float16", "int-int32"],
)
def test_tf_a_dtype_the_layer_picks_itself_is_left_out(given, written):
    # HashedCrossing picks int64 for output_mode="int" and float32 for
    # "one_hot": readable code wrote dtype="float32" beside "one_hot"
    a = keras.Input((1,), dtype="int64", name="a")
    b = keras.Input((1,), dtype="int64", name="b")
    crossed = layers.HashedCrossing(num_bins=8, **given)((a, b))
    model = keras.Model([a, b], crossed)
    code = kt.to_functional_code(model)
    source = code.source
    line = " ".join(
        source[source.index("HashedCrossing(") :].split("((a, b))")[0].split()
    )
    assert written in line
    assert ("dtype=" in line) == ("dtype" in given)
    assert_round_trip(model, code)
