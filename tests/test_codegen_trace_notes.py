"""What the trace of a subclassed model's call() makes of the way call() is
written: ``training`` handed on by position, and layers call() left out."""

from __future__ import annotations

import keras
import numpy as np
import pytest
from _roundtrip import assert_round_trip, run_code

import kerasteach as kt


class _Training(keras.Model):
    """Tutorials (Keras 2's) hand ``training`` on by position."""

    def __init__(self, by_position: bool, **kwargs):
        super().__init__(**kwargs)
        self.by_position = by_position
        self.hidden = keras.layers.Dense(4, activation="relu", name="hidden")
        self.norm = keras.layers.BatchNormalization(name="norm")
        self.drop = keras.layers.Dropout(0.5, seed=7, name="drop")
        self.inner = keras.Sequential(
            [keras.Input((4,)), keras.layers.Dense(4, name="deep")], name="inner"
        )
        self.head = keras.layers.Dense(1, name="head")

    def call(self, x, training=None):
        if self.by_position:
            x = self.norm(self.hidden(x), training)
            x = self.inner(self.drop(x, training), training)
        else:
            x = self.norm(self.hidden(x), training=training)
            x = self.inner(self.drop(x, training=training), training=training)
        return self.head(x)


@pytest.mark.parametrize("faithful", [False, True], ids=["readable", "faithful"])
def test_training_passed_by_position_is_the_keyword(faithful):
    # self.drop(x, training) was written `layers.Dropout(0.5)(dense, None)`,
    # and explain() said the layer "is called with more than its input:
    # also None", though the model is a plain chain.
    x = np.random.default_rng(0).standard_normal((4, 3)).astype("float32")
    model = _Training(True, name="positional")
    model(x)
    explained = kt.explain(model)
    assert explained.is_sequential, explained
    for write in (kt.to_sequential_code, kt.to_functional_code):
        code = write(model, faithful=faithful)
        keyword = _Training(False, name="keyword")
        keyword(x)
        if not faithful:  # faithful code keeps Keras's numbered names
            assert code.source == write(keyword).source.replace(
                '"keyword"', '"positional"'
            )
        assert "None" not in code.source and "training" not in code.source
        (note,) = [n for n in code.notes if "by position" in n]
        assert "self.norm (BatchNormalization), self.drop (Dropout) and " in note
        assert "self.inner (Sequential)" in note
        assert "self.norm(x, training=training)" in note
        assert not any("by position" in n for n in write(keyword).notes)
        rebuilt = run_code(code)
        assert isinstance(rebuilt, keras.Sequential) == (write is kt.to_sequential_code)
        rebuilt.set_weights(model.get_weights())
        keyword = _Training(False, name="keyword")  # what the student meant
        keyword(x)
        keyword.set_weights(model.get_weights())
        np.testing.assert_allclose(
            keras.ops.convert_to_numpy(rebuilt(x)),
            keras.ops.convert_to_numpy(model(x)),
            atol=1e-6,
        )
        for training in (None, False, True):  # a plain call, predict(), fit()
            # the seeded Dropouts draw the same masks in both
            expected = keras.ops.convert_to_numpy(keyword(x, training=training))
            got = keras.ops.convert_to_numpy(rebuilt(x, training=training))
            np.testing.assert_allclose(got, expected, atol=1e-6)
    # what the note says: Keras 3 refuses the student's own model
    with pytest.raises(ValueError, match="Only input tensors may be passed"):
        model(x, training=True)


def test_a_functional_model_with_training_by_position_reads_as_a_chain():
    # Keras itself refuses this model once training is True or False (its
    # node passes the None by position, then training by name); the code,
    # a plain chain, does not
    inputs = keras.Input((3,), name="x")
    dropped = keras.layers.Dropout(0.5, name="drop")(inputs, None)
    model = keras.Model(inputs, keras.layers.Dense(1, name="head")(dropped))
    assert kt.explain(model).is_sequential
    code = kt.to_sequential_code(model)
    assert "None" not in code.source
    rebuilt = assert_round_trip(model, code, compare_config=False, predict=False)
    assert [type(la).__name__ for la in rebuilt.layers] == ["Dropout", "Dense"]
    rebuilt(np.zeros((2, 3), "float32"), training=True)


def test_a_later_argument_keeps_its_place():
    # Only a trailing training/mask moves to the keywords: moving one in
    # the middle would bind the arguments after it to other parameters.
    class TwoInputs(keras.layers.Layer):
        def call(self, x, training=None, other=None):
            return x if other is None else x + other

    class Model(keras.Model):
        def __init__(self):
            super().__init__(name="two")
            self.mix = TwoInputs(name="mix")

        def call(self, x):
            return self.mix(x, None, x)

    model = Model()
    model(np.zeros((2, 3), "float32"))
    graph = kt.read_model(model)
    (call,) = [c for c in graph.calls if graph.layers[c.layer].name == "mix"]
    assert len(call.args) == 3 and call.args[1] is None
    assert dict(call.kwargs) == {}


class _IfTraining(keras.Model):
    """Noise added ``if training:`` only: the trace (training=None) skips it."""

    def __init__(self, use_norm=True, **kwargs):
        super().__init__(**kwargs)
        self.use_norm = use_norm
        self.noise = keras.layers.GaussianNoise(0.1, name="noise")
        self.norm = keras.layers.LayerNormalization(name="norm")
        self.hidden = keras.layers.Dense(8, activation="relu", name="hidden")
        self.head = keras.layers.Dense(1, name="head")

    def call(self, x, training=None):
        if training:
            x = self.noise(x)
        if self.use_norm:
            x = self.norm(x)
        return self.head(self.hidden(x))


def _unused_notes(code) -> list[str]:
    return [n for n in code.notes if "did not use" in n]


# Keras warns that the model's unused layers were never built: that is the point
@pytest.mark.filterwarnings("ignore:`build\\(\\)` was called on layer:UserWarning")
def test_a_layer_call_did_not_use_gets_a_note():
    # `if training: x = self.noise(x)` left GaussianNoise out of the code
    # without a word: check() with it as the reference accepted students
    # who forgot the noise
    x = np.zeros((2, 4), "float32")
    model = _IfTraining(name="if_training")
    model(x)
    for write in (kt.to_functional_code, kt.to_sequential_code):
        code = write(model)
        assert "GaussianNoise" not in code.source
        (note,) = _unused_notes(code)
        assert note.startswith(
            "Model 'if_training' holds self.noise (GaussianNoise), but call() "
            "did not use it when kerasteach traced call() with training=None, "
            "so this code leaves it out."
        )
        assert "put it in the model always (x = self.noise(x))" in note
        assert "dense" not in note and "KerasTensor" not in note
        rebuilt = run_code(code)
        rebuilt.set_weights(model.get_weights())  # GaussianNoise has none
        np.testing.assert_allclose(
            keras.ops.convert_to_numpy(rebuilt(x + 1)),
            keras.ops.convert_to_numpy(model(x + 1)),
            atol=1e-6,
        )
    # two of them, one turned off by a setting of the model: one note
    model = _IfTraining(use_norm=False, name="plain")
    model(x)
    (note,) = _unused_notes(kt.to_functional_code(model))
    assert "holds self.noise (GaussianNoise) and self.norm (LayerNormalization)" in (
        note
    )
    assert "did not use them" in note and "leaves them out" in note


def test_a_model_that_uses_every_layer_gets_no_unused_note():
    x = np.random.default_rng(0).standard_normal((4, 3)).astype("float32")
    model = _Training(False, name="keyword")
    model(x)

    class Shared(keras.Model):
        """A layer held twice (directly, and in a nested model that call()
        uses), a list of layers, and a call() without training."""

        def __init__(self):
            super().__init__(name="shared")
            self.inner = keras.Sequential(
                [keras.Input((3,)), keras.layers.Dense(3, name="deep")], name="inner"
            )
            self.deep = self.inner.layers[0]
            self.blocks = [keras.layers.Dense(3, name=f"b{i}") for i in range(2)]

        def call(self, x):
            for block in self.blocks:
                x = block(x)
            return self.inner(x)

    shared = Shared()
    shared(x)
    for m in (model, shared):
        for write in (kt.to_functional_code, kt.to_sequential_code):
            assert _unused_notes(write(m)) == []
    # a Sequential or Functional model has no call() of its own to trace
    seq = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    assert _unused_notes(kt.to_functional_code(seq)) == []


# Keras warns that the model's spare layer was never built: that is the point
@pytest.mark.filterwarnings("ignore:`build\\(\\)` was called on layer:UserWarning")
def test_an_unused_layer_without_training_in_call_says_no_training():
    class Unused(keras.Model):
        def __init__(self):
            super().__init__(name="unused")
            self.spare = keras.layers.Dense(2, name="spare")
            self.head = keras.layers.Dense(1, name="head")

        def call(self, x):
            return self.head(x)

    model = Unused()
    model(np.zeros((2, 3), "float32"))
    (note,) = _unused_notes(kt.to_functional_code(model))
    assert "holds self.spare (Dense), but call() did not use it when " in note
    assert "kerasteach traced call(), so" in note
