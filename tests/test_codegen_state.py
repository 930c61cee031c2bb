"""Layers adapted to data: what their config leaves out gets a note.

``Normalization.adapt`` works on every backend with NumPy data.  The lookup
and vectorization layers, and ``Discretization.adapt``, need TensorFlow: the
tests whose names start with ``test_tf_`` are left out on the other backends
(``DESELECT`` in tests/test_backends.py).
"""

from __future__ import annotations

import re

import keras
import numpy as np
import pytest
from _roundtrip import assert_round_trip, canonical_config, copy_weights
from keras import layers

import kerasteach as kt

DATA = np.random.default_rng(1).normal(4.0, 3.0, size=(64, 3)).astype("float32")
STYLES = {"functional": kt.to_functional_code, "sequential": kt.to_sequential_code}


def run(code):
    """Run ``code``; return its namespace (the model is ``ns["model"]``)."""
    ns: dict = {"__name__": "kerasteach_generated"}
    exec(compile(code.source, "<generated>", "exec"), ns)
    return ns


def same_config(rebuilt, original) -> bool:
    """Whether the two models have the same config, up to layer names."""
    return canonical_config(rebuilt.get_config(), False) == canonical_config(
        original.get_config(), False
    )


def handle(note: str) -> str:
    """The expression the note says to call ``.adapt(your_data)`` on."""
    found = re.search(r"call (\S+)\.adapt\(your_data\)", note)
    assert found, note
    return found.group(1)


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


@pytest.mark.parametrize("style", sorted(STYLES))
def test_an_adapted_normalization_gets_a_note_and_its_weights_restore_it(
    style, tmp_path
):
    model = normalized_model()
    code = STYLES[style](model)
    (note,) = code.notes
    assert "'normalization' (Normalization) was adapted to data" in note
    assert "mean and variance" in note and "model.load_weights(" in note
    # the code itself rebuilds the config exactly: only the statistics are lost
    assert_round_trip(model, code, predict=False)  # the config is the same
    x = DATA[:8]
    expected = model.predict(x, verbose=0)
    copied = run(code)["model"]
    copied.set_weights(model.get_weights())
    if keras.backend.backend() != "torch":  # torch's reshape shares the numbers
        assert not np.allclose(copied.predict(x, verbose=0), expected)
    path = tmp_path / "original.weights.h5"
    model.save_weights(path)  # what the note says to do
    rebuilt = run(code)["model"]
    rebuilt.load_weights(path)
    np.testing.assert_allclose(rebuilt.predict(x, verbose=0), expected, rtol=1e-5)


@pytest.mark.parametrize(
    "style, nested",
    [("functional", False), ("sequential", False), ("functional", True)],
    ids=["functional", "sequential", "nested"],
)
def test_adapting_the_layer_the_note_names_restores_the_model(style, nested):
    model = normalized_model(nested)
    code = STYLES[style](model)
    (note,) = code.notes
    ns = run(code)
    layer = eval(handle(note), ns)  # the name the code gives the layer
    assert isinstance(layer, layers.Normalization)
    layer.adapt(DATA)  # the note's first way
    copy_weights(model, ns["model"])  # the Dense layers' (and the same statistics)
    x = DATA[:8]
    np.testing.assert_allclose(
        ns["model"].predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-5
    )


def test_in_functional_code_an_adapted_layer_has_a_variable_to_adapt():
    code = kt.to_functional_code(normalized_model())
    assert "normalization = layers.Normalization()\n" in code.source
    assert "normalization.adapt(your_data)" in code.notes[0]
    assert (
        "model.layers[0].adapt(your_data)"
        in (kt.to_sequential_code(normalized_model()).notes[0])
    )


def test_the_graph_records_what_adapt_learned():
    graph = kt.read_model(normalized_model())
    assert graph.layer("normalization").adapted_state == ("mean", "variance")
    assert graph.layer("dense").adapted_state == ()


def test_strict_code_keeps_the_note_and_does_not_refuse():
    # The code is complete (the config round-trips exactly); what is lost is
    # learned data, like trained weights, which no code carries.
    model = normalized_model()
    code = kt.to_functional_code(model, strict=True)
    assert any("adapted to data" in n for n in code.notes)
    assert_round_trip(model, code, predict=False)


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


def _strings(*words):
    import tensorflow as tf

    return tf.constant([[w] for w in words])


def test_tf_an_adapted_string_lookup_gets_a_note_that_says_how(tmp_path):
    words = np.array(["cat", "dog", "cat", "bird"])
    model = _lookup_model(layers.StringLookup(), data=words)
    x = _strings("cat", "dog", "bird", "fish")
    expected = np.asarray(model(x))
    code = kt.to_functional_code(model)
    (note,) = code.notes
    assert "'string_lookup' (StringLookup) was adapted to data" in note
    assert "vocabulary is not in this code" in note
    # no vocabulary_size=4 beside a vocabulary the code does not carry
    assert "layers.StringLookup()" in code.source
    ns = run(code)
    assert ns["model"].layers[-1].get_vocabulary() == ["[UNK]"]  # not the words
    model.save_weights(tmp_path / "original.weights.h5")
    ns["model"].load_weights(tmp_path / "original.weights.h5")
    assert ns["model"].layers[-1].get_vocabulary() == ["[UNK]"]  # as the note says
    # the note's first way: adapt again, and the config is the original's
    eval(handle(note), ns).adapt(words)
    np.testing.assert_array_equal(np.asarray(ns["model"](x)), expected)
    assert same_config(ns["model"], model)
    # the second: add vocabulary=original_model.get_layer(...).get_vocabulary()
    arg = re.search(r"add (vocabulary=\S+) to the layer's arguments", note).group(1)
    source = code.source.replace("layers.StringLookup(", f"layers.StringLookup({arg}, ")
    ns = {"original_model": model}
    exec(compile(source, "<generated>", "exec"), ns)
    np.testing.assert_array_equal(np.asarray(ns["model"](x)), expected)


def test_tf_a_lookup_inside_a_nested_model_is_found_through_it():
    inner = _lookup_model(layers.StringLookup(name="words"), data=["cat", "dog"])
    inputs = keras.Input((1,), dtype="string")
    model = keras.Model(inputs, inner(inputs))
    (note,) = kt.to_functional_code(model).notes
    inner_name = inner.name
    assert f'original_model.get_layer("{inner_name}").get_layer("words")' in note
    assert model.get_layer(inner_name).get_layer("words") is inner.layers[-1]


def test_tf_a_lookup_in_a_model_a_layer_holds_is_found_through_that_layer():
    # The note said original_model.get_layer("each").get_layer("inner"),
    # but a TimeDistributed has no get_layer(): its model is its .layer
    inner = _lookup_model(layers.StringLookup(name="words"), data=["cat", "dog"])
    steps = keras.Input((3, 1), dtype="string")
    model = keras.Model(steps, layers.TimeDistributed(inner, name="each")(steps))
    code = kt.to_functional_code(model)
    (note,) = code.notes
    found = re.search(r"vocabulary=(original_model\S+)\.get_vocabulary\(\)", note)
    assert found, note
    assert found.group(1) == 'original_model.get_layer("each").layer.get_layer("words")'
    words = eval(found.group(1), {"original_model": model})
    assert words is inner.get_layer("words")
    # and the handle to adapt is the held model's layer in the code
    ns = run(code)
    assert eval(handle(note), ns).name == "words"


@pytest.mark.parametrize(
    "make, data, words",
    [
        (lambda: layers.IntegerLookup(), np.array([5, 7, 9, 5]), "vocabulary is"),
        (
            lambda: layers.TextVectorization(),
            np.array(["the cat sat", "the dog"]),
            "vocabulary is",
        ),
        (
            lambda: layers.TextVectorization(output_mode="tf_idf"),
            np.array(["the cat sat", "the dog"]),
            "vocabulary and IDF weights are",
        ),
    ],
    ids=["IntegerLookup", "TextVectorization", "tf_idf"],
)
def test_tf_other_adapted_vocabularies_get_a_note(make, data, words):
    layer = make()
    dtype = "int64" if data.dtype.kind == "i" else "string"
    model = _lookup_model(layer, dtype, data)
    code = kt.to_functional_code(model)
    (note,) = code.notes
    assert f"({type(layer).__name__}) was adapted to data, and its {words} not" in (
        note
    )
    rebuilt = run(code)["model"].layers[-1]
    assert rebuilt.get_vocabulary(include_special_tokens=False) == []
    fresh = run(code)
    eval(handle(note), fresh).adapt(data)  # the note's way
    assert fresh["model"].layers[-1].get_vocabulary() == layer.get_vocabulary()
    assert same_config(fresh["model"], model)


@pytest.mark.parametrize("faithful", [False, True], ids=["readable", "faithful"])
@pytest.mark.parametrize(
    "make, data",
    [
        (lambda: layers.StringLookup(), np.array(["cat", "dog", "cat", "bird"])),
        (lambda: layers.IntegerLookup(), np.array([5, 7, 9, 5])),
        (lambda: layers.TextVectorization(), np.array(["the cat sat", "the dog"])),
        (
            lambda: layers.StringLookup(pad_to_max_tokens=True, max_tokens=8),
            np.array(["cat", "dog"]),
        ),
    ],
    ids=["StringLookup", "IntegerLookup", "TextVectorization", "padded"],
)
def test_tf_readable_code_leaves_out_the_size_of_a_vocabulary_it_lacks(
    make, data, faithful
):
    # Keras's config keeps vocabulary_size beside vocabulary=None; in these
    # modes it does nothing until a vocabulary is given again.
    layer = make()
    dtype = "int64" if data.dtype.kind == "i" else "string"
    model = _lookup_model(layer, dtype, data)
    size = layer.get_config()["vocabulary_size"]
    code = kt.to_functional_code(model, faithful=faithful)
    (note,) = code.notes
    if faithful:  # every key kept, and the note says what this one is
        assert f"vocabulary_size={size}," in code.source
        assert f"vocabulary_size={size} in the code only records" in note
    else:
        assert "vocabulary_size" not in code.source and "vocabulary_size" not in note
    ns = run(code)
    eval(handle(note), ns).adapt(data)  # the note's way brings the size back
    if faithful:  # the same config, every name kept
        assert ns["model"].get_config() == model.get_config()
    else:
        assert same_config(ns["model"], model)


@pytest.mark.parametrize("mode", ["one_hot", "multi_hot", "count", "tf_idf"])
def test_tf_a_vocabulary_size_that_sets_the_output_width_stays_with_a_reason(mode):
    words = np.array(["cat", "dog", "cat", "bird"])
    lookup = layers.StringLookup(output_mode=mode, name="words")
    lookup.adapt(words)  # before the call: the call fixes the output's size
    inputs = keras.Input((1,), dtype="string")
    model = keras.Model(inputs, layers.Dense(2, name="score")(lookup(inputs)))
    code = kt.to_functional_code(model)
    (note,) = code.notes
    assert "vocabulary_size=4," in code.source  # Dense's kernel is (4, 2)
    assert (
        "The code keeps vocabulary_size=4: it sets the size of the layer's output, "
        "so the vocabulary must have 4 entries, special tokens included"
    ) in note
    rebuilt = assert_round_trip(model, code, predict=False)  # the same config
    assert rebuilt.get_layer("score").kernel.shape == (4, 2)
    ns = run(code)
    eval(handle(note), ns).adapt(words)  # the note's way
    copy_weights(model, ns["model"])
    x = _strings("cat", "fish")
    np.testing.assert_allclose(ns["model"](x), model(x), rtol=1e-6)
    with pytest.raises(RuntimeError, match="vocabulary size cannot be changed"):
        eval(handle(note), run(code)).adapt(np.array(["a", "b", "c", "d", "e"]))


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


def test_tf_an_adapted_discretization_keeps_its_boundaries_without_a_note():
    bins = layers.Discretization(num_bins=4)
    model = keras.Sequential([keras.Input((1,)), bins])
    bins.adapt(DATA[:, :1])
    for write in STYLES.values():
        code = write(model)
        assert code.notes == ()
        rebuilt = assert_round_trip(model, code, compare_config=False)
        assert (
            rebuilt.layers[-1].get_config()["bin_boundaries"]
            == bins.get_config()["bin_boundaries"]
        )
