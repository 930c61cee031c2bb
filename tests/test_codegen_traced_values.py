"""Values a traced ``call()`` holds that code cannot simply write.

A subclassed model is read by tracing its ``call()`` on symbolic inputs.
Two things there are not what the model holds: a weight of the model
itself (``self.bias = self.add_weight(...)`` in the model's ``build()``)
reaches an operation as a variable, which code could only write as a
constant; and a size read from the input (``ops.shape(x)[0]``, the batch
size) is None, which ``keras.ops.reshape`` does not take on data.
"""

from __future__ import annotations

import html

import keras
import numpy as np
import pytest
from _roundtrip import predictions, run_code
from keras import layers, ops

import kerasteach as kt
from kerasteach.errors import UnsupportedValueError

X = np.random.default_rng(0).random((4, 10)).astype("float32")


class OwnWeight(keras.Model):
    def __init__(self):
        super().__init__()
        self.d = layers.Dense(4)

    def build(self, input_shape):
        self.bias = self.add_weight(shape=(4,), initializer="ones", name="extra_bias")
        super().build(input_shape)

    def call(self, x):
        return self.d(x) + self.bias


class LayerWeightInCall(keras.Model):
    def __init__(self):
        super().__init__()
        self.d = layers.Dense(4)

    def call(self, x):
        return ops.multiply(self.d(x), self.d.bias)


class UnusedOwnWeight(keras.Model):
    def __init__(self):
        super().__init__()
        self.d = layers.Dense(4)
        self.steps = keras.Variable(0, trainable=False, name="steps")

    def call(self, x):
        return self.d(x)


@keras.saving.register_keras_serializable(package="kerasteach_traced")
class AddBias(layers.Layer):
    """The fix the refusal shows: the weight in a layer of its own."""

    def build(self, input_shape):
        self.bias = self.add_weight(shape=(4,), initializer="zeros")

    def call(self, x):
        return x + self.bias


class BiasInLayer(keras.Model):
    def __init__(self):
        super().__init__()
        self.d = layers.Dense(4)
        self.add_bias = AddBias()

    def call(self, x):
        return self.add_bias(self.d(x))


def _called(cls):
    model = cls()
    model(X)
    return model


@pytest.mark.parametrize("faithful", [False, True])
def test_a_weight_of_the_model_itself_is_refused_by_name(faithful):
    model = _called(OwnWeight)
    with pytest.raises(UnsupportedValueError) as info:
        kt.to_functional_code(model, faithful=faithful)
    message = str(info.value)
    assert message.startswith(
        "OwnWeight.call() uses self.bias ('extra_bias', shape (4,)), a weight "
        "that no layer of the model holds."
    )
    assert "the rebuilt model would not train it" in message
    assert "class AddBias(keras.layers.Layer):" in message
    assert 'self.add_weight(shape=(4,), initializer="zeros")' in message
    assert "Variable" not in message and "<" not in message
    # drawing and explaining need no code
    assert not kt.explain(model).is_sequential
    kt.draw(model)


def test_compare_shows_the_refusal_in_its_code_pane():
    w = kt.compare(_called(OwnWeight))
    pane = html.unescape(w.code_html.value)
    assert "OwnWeight.call() uses self.bias ('extra_bias', shape (4,))" in pane


def test_a_layer_weight_used_in_call_is_refused_with_its_attribute():
    with pytest.raises(UnsupportedValueError) as info:
        kt.to_functional_code(_called(LayerWeightInCall))
    assert str(info.value).startswith(
        "LayerWeightInCall.call() uses self.d.bias ('bias', shape (4,)), a "
        "weight of layer self.d used outside that layer."
    )
    assert "AddBias" not in str(info.value)  # advice for the model's own


def test_a_dense_kernel_is_named_by_its_public_attribute_and_functional_by_model():
    # Dense keeps its kernel in _kernel; a Functional model has no call()
    inputs = keras.Input((4,))
    dense = layers.Dense(4, name="d")
    model = keras.Model(inputs, ops.matmul(dense(inputs), dense.kernel))
    with pytest.raises(UnsupportedValueError) as info:
        kt.to_functional_code(model)
    message = str(info.value)
    assert message.startswith(f"Model {model.name!r} uses weight 'kernel'")
    assert "of layer 'd' used outside that layer" in message
    assert "Functional.call()" not in message

    class Tied(keras.Model):
        def __init__(self):
            super().__init__()
            self.d = layers.Dense(4)

        def call(self, x):
            return ops.matmul(self.d(x), self.d.kernel)

    model = Tied()
    model(np.zeros((1, 4), "float32"))
    with pytest.raises(UnsupportedValueError, match=r"uses self\.d\.kernel "):
        kt.to_functional_code(model)


def test_a_weight_of_the_model_that_call_does_not_use_is_left_out_with_a_note():
    # a step counter for a custom train_step: the architecture is all in
    # the layers, so the code is written, and says what it left out
    model = _called(UnusedOwnWeight)
    for write in (kt.to_functional_code, kt.to_sequential_code):
        code = write(model)
        (note,) = [n for n in code.notes if "self.steps" in n]
        assert note.startswith(
            "Model 'unused_own_weight' holds self.steps ('steps', shape ()), a "
            "weight of its own that call() does not use"
        )
        assert "not with model.set_weights()" in note
        rebuilt = run_code(code)
        weighted = [layer for layer in rebuilt.layers if layer.weights]
        for old, new in zip(model.layers, weighted, strict=True):
            new.set_weights(old.get_weights())
        np.testing.assert_allclose(
            predictions(rebuilt, X), predictions(model, X), rtol=1e-6
        )


def test_the_suggested_layer_round_trips_with_its_weight():
    model = _called(BiasInLayer)
    model.add_bias.bias.assign(np.arange(4, dtype="float32"))
    rebuilt = run_code(kt.to_functional_code(model))
    assert len(rebuilt.trainable_weights) == len(model.trainable_weights) == 3
    rebuilt.set_weights(model.get_weights())
    np.testing.assert_allclose(predictions(rebuilt, X), predictions(model, X))


class BatchReshape(keras.Model):
    def __init__(self):
        super().__init__()
        self.d = layers.Dense(2)

    def call(self, x):
        b = ops.shape(x)[0]
        return self.d(ops.reshape(x, (b, 5, 2)))


class TwoOpenSizes(keras.Model):
    def __init__(self):
        super().__init__()
        self.d = layers.Dense(2)

    def call(self, x):
        b = ops.shape(x)[0]
        return self.d(ops.reshape(x, (b, -1, 2)))


@pytest.mark.parametrize("faithful", [False, True])
def test_a_batch_size_read_in_call_is_written_minus_one(faithful):
    model = _called(BatchReshape)
    code = kt.to_functional_code(model, faithful=faithful)
    assert "newshape=(-1, 5, 2)" in code.source and "None" not in code.source
    rebuilt = run_code(code)
    rebuilt.set_weights(model.get_weights())
    for batch in (X, X[:3]):  # any batch size, as the original takes
        np.testing.assert_allclose(
            predictions(rebuilt, batch), predictions(model, batch), atol=1e-6
        )


def test_two_open_sizes_in_a_reshape_are_refused_plainly():
    with pytest.raises(UnsupportedValueError) as info:
        kt.to_functional_code(_called(TwoOpenSizes))
    message = str(info.value)
    assert message.startswith(
        "The operation 'reshape' (keras.ops.reshape) reshapes to (?, -1, 2), "
        "where each ? is a size that call() reads from its input"
    )
    assert "only one size open, written -1" in message
    assert "layers.Reshape((5, 2))(x)" in message


class Encoded(keras.Model):
    """A nested Sequential that Keras builds on the first call's data."""

    def __init__(self, encoder=None):
        super().__init__()
        self.encoder = encoder or keras.Sequential(
            [layers.Dense(16, activation="relu"), layers.Dense(8)]
        )
        self.head = layers.Dense(1)

    def call(self, x):
        return self.head(self.encoder(x))


@pytest.mark.parametrize("write", [kt.to_functional_code, kt.to_sequential_code])
def test_a_nested_model_leaves_out_the_batch_size_of_the_data(write):
    model = Encoded()
    model(X)  # a batch of 4: Keras builds the encoder on (4, 10)
    code = write(model)
    assert "keras.Input(shape=(10,))" in code.source
    assert "batch_shape" not in code.source
    rebuilt = run_code(code)
    rebuilt.set_weights(model.get_weights())
    batch = np.ones((7, 10), "float32")
    np.testing.assert_allclose(
        predictions(rebuilt, batch), predictions(model, batch), atol=1e-6
    )
    nested = kt.read_model(model).layer("sequential").submodel
    assert {shape[0] for call in nested.calls for shape in call.output_shapes} == {None}


def test_a_batch_size_the_student_wrote_is_kept():
    encoder = keras.Sequential(
        [keras.Input(shape=(10,), batch_size=8), layers.Dense(16), layers.Dense(8)]
    )
    model = Encoded(encoder)
    model(X)
    code = kt.to_functional_code(model)
    assert "keras.Input(batch_shape=(8, 10))," in code.source


def test_a_stateful_nested_model_keeps_the_batch_size():
    encoder = keras.Sequential([layers.Reshape((5, 2)), layers.LSTM(3, stateful=True)])
    model = Encoded(encoder)
    model.build((4, 10))  # a stateful RNN is not built on symbolic data
    model(X)
    code = kt.to_functional_code(model)
    assert "keras.Input(batch_shape=(4, 10))," in code.source
