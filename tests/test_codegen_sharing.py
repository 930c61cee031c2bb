"""One layer or nested model used by several of a model's graphs.

A layer used inside a nested model and also beside it, or in two nested
models, is one Keras object with one set of weights.  The code must create
it once and use it in both places; creating it twice would rebuild a model
with more weights that no longer share them, and nothing would say so.
"""

from __future__ import annotations

import keras
import pytest
from _roundtrip import assert_round_trip
from keras import layers

import kerasteach as kt

STYLES = pytest.mark.parametrize(
    "faithful", [False, True], ids=["readable", "faithful"]
)


def layer_inside_and_beside():
    shared = layers.Dense(3, name="shared_d")
    o = keras.Input((4,), name="o")
    encoder = keras.Model(o, shared(o), name="encoder")
    a = keras.Input((4,), name="a")
    b = keras.Input((4,), name="b")
    added = layers.Add(name="add")([shared(a), encoder(b)])
    return keras.Model([a, b], added, name="tied")


def layer_in_two_sequentials():
    tied = layers.Dense(4, name="tied")
    s1 = keras.Sequential([keras.Input((4,)), tied, layers.Dense(4)], name="s1")
    s2 = keras.Sequential([keras.Input((4,)), tied, layers.Dense(2)], name="s2")
    return keras.Sequential([keras.Input((4,), name="x"), s1, s2], name="stacked")


def model_inside_and_beside():
    inner = keras.Sequential([keras.Input((4,)), layers.Dense(4)], name="inner")
    j = keras.Input((4,), name="j")
    mid = keras.Model(j, inner(j), name="mid")
    k = keras.Input((4,), name="k")
    return keras.Model(k, layers.Add(name="add")([mid(k), inner(k)]), name="two_level")


def model_held_and_called():
    encoder = keras.Sequential([keras.Input((4,)), layers.Dense(2)], name="encoder")
    steps = keras.Input((3, 4), name="steps")
    last = keras.Input((4,), name="last")
    each = layers.TimeDistributed(encoder, name="each")(steps)
    return keras.Model([steps, last], [each, encoder(last)], name="held_and_called")


@STYLES
def test_a_layer_used_inside_a_nested_model_and_beside_it_is_made_once(faithful):
    model = layer_inside_and_beside()
    code = kt.to_functional_code(model, faithful=faithful)
    assert code.source.count('layers.Dense(3, name="shared_d")') == 1, code.source
    rebuilt = assert_round_trip(model, code)
    assert len(rebuilt.weights) == len(model.weights) == 2
    assert rebuilt.get_layer("encoder").get_layer("shared_d") is rebuilt.get_layer(
        "shared_d"
    )


@STYLES
@pytest.mark.parametrize("style", ["functional", "sequential"])
def test_a_layer_in_two_nested_sequentials_is_made_once(faithful, style):
    model = layer_in_two_sequentials()
    assert kt.explain(model).is_sequential  # the outer model is still a chain
    write = kt.to_sequential_code if style == "sequential" else kt.to_functional_code
    code = write(model, faithful=faithful)
    assert code.source.count('name="tied"') == 1, code.source
    rebuilt = assert_round_trip(model, code)
    assert len(rebuilt.weights) == len(model.weights) == 6
    first, second = rebuilt.get_layer("s1"), rebuilt.get_layer("s2")
    assert first.get_layer("tied") is second.get_layer("tied")


@STYLES
def test_a_nested_model_used_in_another_and_beside_it_is_made_once(faithful):
    model = model_inside_and_beside()
    code = kt.to_functional_code(model, faithful=faithful)
    assert code.source.count("keras.Sequential(") == 1, code.source
    rebuilt = assert_round_trip(model, code)
    assert len(rebuilt.weights) == len(model.weights) == 2
    assert rebuilt.get_layer("mid").get_layer("inner") is rebuilt.get_layer("inner")


@STYLES
def test_a_model_held_by_a_layer_and_called_beside_it_is_made_once(faithful):
    model = model_held_and_called()
    code = kt.to_functional_code(model, faithful=faithful)
    assert code.source.count("keras.Sequential(") == 1, code.source
    rebuilt = assert_round_trip(model, code)
    assert len(rebuilt.weights) == len(model.weights) == 2
    assert rebuilt.get_layer("each").layer is rebuilt.get_layer("encoder")


def test_reading_twice_gives_equal_graphs():
    """The identity that tells shared objects apart takes no part in
    comparing graphs: two models built alike still read as equal."""
    assert kt.read_model(layer_inside_and_beside()) == kt.read_model(
        layer_inside_and_beside()
    )
