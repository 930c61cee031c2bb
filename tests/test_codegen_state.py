"""Layers adapted to data: what their config leaves out gets a note.

``Normalization.adapt`` works on every backend with NumPy data.  The lookup
and vectorization layers, and ``Discretization.adapt``, need TensorFlow: the
tests whose names start with ``test_tf_`` are left out on the other backends
(``DESELECT`` in tests/test_backends.py).
"""

from __future__ import annotations

import keras
import numpy as np
import pytest
from _roundtrip import assert_round_trip
from keras import layers

import kerasteach as kt

DATA = np.random.default_rng(1).normal(4.0, 3.0, size=(64, 3)).astype("float32")
STYLES = {"functional": kt.to_functional_code, "sequential": kt.to_sequential_code}


def normalized_model(nested: bool = False):
    # adapted once in the model: adapted before, its build_config would keep
    # the data's batch size, which Keras writes into the model's config
    norm = layers.Normalization()
    chain = keras.Sequential([keras.Input((3,)), norm, layers.Dense(2)], name="pre")
    norm.adapt(DATA)
    if not nested:
        return chain
    inputs = keras.Input((3,))
    return keras.Model(inputs, layers.Dense(1)(chain(inputs)))


def test_the_graph_records_what_adapt_learned():
    graph = kt.read_model(normalized_model())
    assert graph.layer("normalization").adapted_state == ("mean", "variance")
    assert graph.layer("dense").adapted_state == ()


@pytest.mark.parametrize(
    "make",
    [
        lambda: layers.Normalization(),
        lambda: layers.Normalization(mean=[1.0, 2.0, 3.0], variance=[1.0, 4.0, 9.0]),
        lambda: layers.Normalization(axis=None),
    ],
    ids=["built, never adapted", "given mean and variance", "axis=None"],
)
def test_a_normalization_that_was_not_adapted_gets_no_note(make):
    model = keras.Sequential([keras.Input((3,)), make(), layers.Dense(2)])
    for write in STYLES.values():
        code = write(model)
        assert code.notes == ()
        assert "= normalization(" not in code.source  # no variable of its own
        assert_round_trip(model, code)
    assert kt.read_model(model).layers[1].adapted_state == ()


# -- TensorFlow only: the lookup layers keep their vocabulary in TensorFlow --


def _lookup_model(layer, dtype="string", data=None):
    inputs = keras.Input((1,), dtype=dtype)
    model = keras.Model(inputs, layer(inputs))
    if data is not None:  # adapted in the model, as normalized_model() says
        layer.adapt(data)
    return model


@pytest.mark.parametrize(
    "make",
    [
        lambda: layers.StringLookup(),
        lambda: layers.StringLookup(vocabulary=["cat", "dog"]),
        lambda: layers.TextVectorization(vocabulary=["the", "cat"]),
    ],
    ids=["never adapted", "vocabulary given", "text vocabulary given"],
)
def test_tf_a_vocabulary_in_the_config_gets_no_note(make):
    model = _lookup_model(make())
    code = kt.to_functional_code(model)
    assert code.notes == ()
    assert_round_trip(model, code, predict=False)
    assert all(la.adapted_state == () for la in kt.read_model(model).layers)
