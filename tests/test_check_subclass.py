"""kerasteach.check with a subclassed student model that check() must
trace itself: called but not traceable, layers made only in call(), a model
made for other data than the exercise's."""

from __future__ import annotations

import keras
import numpy as np
from keras import layers, ops

from kerasteach import check


def vector_reference(units=3):
    inputs = keras.Input((20,))
    return keras.Model(inputs, layers.Dense(units)(inputs))


class IfOnValue(keras.Model):
    """Runs on data, but a Python ``if`` on a tensor cannot be traced."""

    def __init__(self, traceable=False):
        super().__init__()
        self.traceable = traceable
        self.out = layers.Dense(3)

    def call(self, x):
        if not self.traceable and ops.mean(x) > 0:
            x = x * 2
        return self.out(x)


def test_a_called_student_whose_call_cannot_be_traced_is_not_told_to_call_it():
    student = IfOnValue()
    student(np.ones((2, 20), "float32"))  # works on data
    result = check(student, vector_reference())
    assert not result and result.kind == "not-a-model"
    # TensorFlow and JAX record no input shape when call() cannot be
    # traced; PyTorch records it, and the trace itself fails: either way
    # the student is not told to call the model on data
    if keras.backend.backend() != "torch":
        assert "has been called, but its call() cannot be traced" in result.message
    else:
        assert "could not trace IfOnValue.call()" in result.message
    assert "keras.ops.where" in result.message  # what to write instead
    assert "not been called" not in result.message
    assert "np.zeros" not in result.hint
    assert result.hint.startswith("Change call() as the message says")


def test_a_called_traceable_student_is_checked():
    student = IfOnValue(traceable=True)
    student(np.ones((2, 20), "float32"))
    assert check(student, vector_reference()).correct
    assert check(student, vector_reference(units=4)).kind == "units"


class AllLayersInCall(keras.Model):
    def call(self, x):
        return layers.Dense(3)(x)


class LayersInInit(keras.Model):
    def __init__(self):
        super().__init__()
        self.out = layers.Dense(3)

    def call(self, x):
        return self.out(x)


def test_an_uncalled_student_with_every_layer_made_in_call_is_told_to_use_init():
    result = check(AllLayersInCall(), vector_reference())
    assert not result and result.kind != "empty"
    assert "no layers yet" not in result.message
    assert "Create each layer once, in __init__" in result.message
    assert "model.add" not in result.hint
    assert result.hint.startswith("Change call() as the message says")
    # the same model with its layer made in __init__ is right
    assert check(LayersInInit(), vector_reference()).correct


class SmallCNN(keras.Model):
    def __init__(self):
        super().__init__()
        self.c1 = layers.Conv2D(4, 3, activation="relu")
        self.pool = layers.GlobalAveragePooling2D()
        self.out = layers.Dense(3)

    def call(self, x):
        return self.out(self.pool(self.c1(x)))


class SmallLSTM(keras.Model):
    def __init__(self):
        super().__init__()
        self.rnn = layers.LSTM(4)
        self.out = layers.Dense(3)

    def call(self, x):
        return self.out(self.rnn(x))


def test_an_uncalled_cnn_for_a_vector_exercise_is_told_in_plain_words():
    result = check(SmallCNN(), vector_reference())
    assert not result and result.kind == "input-shape"
    assert "self.c1 (Conv2D)" in result.message
    assert "images (height, width, channels)" in result.message
    assert "(20,), a vector of 20 numbers" in result.message
    for raw in ("min_ndim", "name 'None'", "input_shape=", "KerasTensor"):
        assert raw not in result.message  # Keras's words, or advice not asked for
    assert "Build your model for inputs of shape (20,)" in result.hint
    assert "Dense" in result.hint
    assert result.layer == "conv2d"


def test_an_uncalled_lstm_for_a_vector_exercise_is_told_it_wants_sequences():
    result = check(SmallLSTM(), vector_reference())
    assert result.kind == "input-shape"
    assert "self.rnn (LSTM)" in result.message
    assert "sequences (steps, features)" in result.message


def test_an_uncalled_cnn_for_images_without_channels_is_told_to_reshape():
    inputs = keras.Input((12, 12))
    reference = keras.Model(inputs, layers.Dense(3)(layers.Flatten()(inputs)))
    result = check(SmallCNN(), reference)
    assert result.kind == "input-shape"
    assert "each sample of the exercise has shape (12, 12)" in result.message
    assert "keras.layers.Reshape" in result.hint


def test_an_uncalled_cnn_for_an_image_exercise_is_checked():
    inputs = keras.Input((12, 12, 1))
    x = layers.Conv2D(4, 3, activation="relu")(inputs)
    reference = keras.Model(inputs, layers.Dense(3)(layers.GlobalAveragePooling2D()(x)))
    assert check(SmallCNN(), reference).correct


class Block(keras.Model):
    def __init__(self):
        super().__init__()
        self.conv = layers.Conv2D(4, 3)

    def call(self, x):
        return self.conv(x)


class CNNOfBlocks(keras.Model):
    def __init__(self):
        super().__init__()
        self.block = Block()
        self.pool = layers.GlobalAveragePooling2D()

    def call(self, x):
        return self.pool(self.block(x))


def test_a_layer_inside_a_nested_block_is_named_with_its_class():
    result = check(CNNOfBlocks(), vector_reference(units=4))
    assert result.kind == "input-shape"
    assert "'conv2d' (Conv2D) expects images" in result.message
    assert result.layer == "conv2d"


class TwoDense(keras.Model):
    def __init__(self):
        super().__init__()
        self.h = layers.Dense(16, activation="relu")
        self.o = layers.Dense(3)

    def call(self, x):
        return self.o(self.h(x))


def test_a_subclassed_student_of_another_width_is_told_to_call_a_new_one_on_it():
    # a subclassed model has no keras.Input: the hint said to use one
    student = TwoDense()
    student(np.zeros((2, 10), "float32"))
    reference = keras.Sequential(
        [keras.Input((20,)), layers.Dense(16, activation="relu"), layers.Dense(3)]
    )
    result = check(student, reference)
    assert result.kind == "input-shape"
    assert "keras.Input" not in result.hint
    assert "Create a new TwoDense and call it first on data of that shape" in (
        result.hint
    )
    assert "model(np.zeros((1, 20)))" in result.hint
    right = TwoDense()
    right(np.zeros((1, 20), "float32"))  # what the hint says
    assert check(right, reference).correct


def test_an_uncalled_subclassed_reference_is_told_to_be_called_not_given_an_input():
    import pytest

    from kerasteach.errors import NotBuiltError

    student = keras.Sequential([keras.Input((5,)), layers.Dense(2)])
    with pytest.raises(NotBuiltError) as info:
        check(student, TwoDense())
    text = str(info.value)
    assert "Call it once on data of the exercise's shape" in text
    assert "keras.Input" not in text
    assert "reference.build((None, ...))" in text
