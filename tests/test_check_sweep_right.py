"""check() swept like a demanding teacher, part 3: right answers to the
lessons' exercises, written the many ways students write them, must pass
(no false alarms).  Names, initializers, seeds, explicit defaults, a layer
given by a functional helper, a nested block for its layers, a dict for a
list, a subclassed model, a model saved and loaded: the same architecture.

An activation written another way (an Activation layer for activation=)
is a difference, told as computing the same: see test_check_sweep.py."""

from __future__ import annotations

import keras
import pytest
from keras import layers
from test_check_sweep import given_mlp, mlp_with_dropout, small_cnn
from test_check_sweep_graphs import (
    encoder_two_heads,
    image_and_ink,
    inception,
    shared_encoder,
    skip_block,
)

from kerasteach import check

Dense = layers.Dense


def passes(student, reference, style=None):
    result = check(student, reference, style=style)
    assert result.correct, str(result)
    return result


def test_other_names_and_the_functional_style_asked_for():
    inputs = keras.Input(shape=(100,), name="my_input")
    x = Dense(32, activation="relu", name="my_hidden")(inputs)
    outputs = Dense(10, activation="softmax", name="my_output")(x)
    student = keras.Model(inputs, outputs, name="my_model")
    result = passes(student, given_mlp(), style="functional")
    assert "(2 layers, 1 input, 1 output)" in result.message


def test_activation_functions_units_by_keyword_and_lists_of_one():
    inputs = keras.Input(shape=[100])
    x = Dense(units=32, activation=keras.activations.relu)(inputs)
    outputs = Dense(10, "softmax")(x)
    passes(keras.Model(inputs=[inputs], outputs=[outputs]), given_mlp())


def test_input_shape_on_the_first_layer_of_a_sequential():
    with pytest.warns(UserWarning, match="input_shape"):
        first = Dense(32, activation="relu", input_shape=(100,))
    passes(keras.Sequential([first, Dense(10, activation="softmax")]), given_mlp())


def test_initializers_regularizers_seeds_and_explicit_defaults():
    inputs = keras.Input(shape=(100,), dtype="float32", batch_size=None)
    x = Dense(
        128,
        activation="relu",
        kernel_initializer="he_normal",
        bias_initializer="ones",
        kernel_regularizer="l2",
    )(inputs)
    x = layers.Dropout(rate=0.2, seed=42)(x)
    passes(keras.Model(inputs, Dense(10, activation="softmax")(x)), mlp_with_dropout())
    keras.utils.clear_session()
    cnn = keras.Sequential(
        [
            keras.Input(shape=(8, 8, 1)),
            layers.Conv2D(
                8,
                (3, 3),
                strides=1,
                padding="valid",
                dilation_rate=1,
                activation="relu",
                use_bias=True,
            ),
            layers.MaxPooling2D(pool_size=(2, 2), strides=None, padding="valid"),
            layers.Flatten(),
            Dense(10, activation="softmax"),
        ]
    )
    passes(cnn, small_cnn(), style="sequential")


def test_a_sequential_built_with_add_by_keyword_arguments():
    student = keras.Sequential(name="my_cnn")
    student.add(keras.Input(shape=(8, 8, 1), name="image"))
    student.add(layers.Conv2D(filters=8, kernel_size=(3, 3), activation="relu"))
    student.add(layers.MaxPooling2D(pool_size=2, strides=2))
    student.add(layers.Flatten())
    student.add(Dense(10, activation="softmax"))
    passes(student, small_cnn(), style="sequential")


def test_a_sequential_used_as_a_block_or_rewrapped_in_keras_model():
    stack = [Dense(128, activation="relu"), layers.Dropout(0.2)]
    stack.append(Dense(10, activation="softmax"))
    block = keras.Sequential(stack)
    inputs = keras.Input(shape=(100,))
    passes(keras.Model(inputs, block(inputs)), mlp_with_dropout())
    keras.utils.clear_session()
    seq = keras.Sequential(
        [
            keras.Input(shape=(100,)),
            Dense(128, activation="relu"),
            layers.Dropout(0.2),
            Dense(10, activation="softmax"),
        ]
    )
    passes(keras.Model(seq.inputs, seq.outputs), mlp_with_dropout())


def test_a_model_saved_and_loaded_again(tmp_path):
    student = keras.Sequential(
        [
            keras.Input(shape=(100,)),
            Dense(128, activation="relu"),
            layers.Dropout(0.2),
            Dense(10, activation="softmax"),
        ]
    )
    student.save(tmp_path / "mine.keras")
    passes(keras.models.load_model(tmp_path / "mine.keras"), mlp_with_dropout())


def test_dicts_in_another_key_order_with_unnamed_layers():
    image = keras.Input(shape=(8, 8, 1), name="image")
    ink = keras.Input(shape=(8,), name="row_ink")
    ink_code = Dense(8, activation="relu")(ink)  # made first: no matter
    x = Dense(32, activation="relu")(layers.Flatten()(image))
    merged = layers.Concatenate()([x, ink_code])
    student = keras.Model(
        {"row_ink": ink, "image": image},
        {
            "odd": Dense(1, activation="sigmoid")(merged),
            "digit": Dense(10, activation="softmax")(merged),
        },
    )
    passes(student, image_and_ink())


def test_a_skip_block_as_a_nested_model_or_a_subclassed_model():
    block_in = keras.Input(shape=(16,))
    y = Dense(16)(Dense(16, activation="relu")(block_in))
    block = keras.Model(block_in, layers.Add()([block_in, y]), name="res_block")
    inputs = keras.Input(shape=(64,))
    h = Dense(16, activation="relu")(inputs)
    passes(keras.Model(inputs, Dense(10, activation="softmax")(block(h))), skip_block())

    class Residual(keras.Model):
        def __init__(self):
            super().__init__()
            self.h = Dense(16, activation="relu")
            self.f1 = Dense(16, activation="relu")
            self.f2 = Dense(16)
            self.add_skip = layers.Add()
            self.out = Dense(10, activation="softmax")

        def call(self, x):
            h = self.h(x)
            return self.out(self.add_skip([h, self.f2(self.f1(h))]))

    keras.utils.clear_session()
    passes(Residual(), skip_block())


def test_shared_encoder_as_a_nested_model_and_concatenate_on_axis_one():
    encoder = keras.Sequential([keras.Input(shape=(64,)), Dense(16, activation="relu")])
    a = keras.Input(shape=(64,), name="first")
    b = keras.Input(shape=(64,), name="second")
    both = layers.Concatenate(axis=1)([encoder(a), encoder(b)])
    passes(keras.Model([a, b], Dense(1, activation="sigmoid")(both)), shared_encoder())


def test_inception_with_the_concatenate_function_on_axis_three():
    inputs = keras.Input(shape=(8, 8, 1))
    merged = layers.concatenate(
        [
            layers.Conv2D(4, 1, padding="same", activation="relu")(inputs),
            layers.Conv2D(4, 3, padding="same", activation="relu")(inputs),
            layers.MaxPooling2D(3, strides=1, padding="same")(inputs),
        ],
        axis=3,
    )
    outputs = Dense(10, activation="softmax")(layers.Flatten()(merged))
    passes(keras.Model(inputs, outputs), inception())


def test_the_encoders_layers_written_out_in_the_functional_style_asked_for():
    x = keras.Input(shape=(64,), name="pixels")
    code = Dense(16, activation="relu")(Dense(32, activation="relu")(x))
    student = keras.Model(
        x,
        {
            "digit": Dense(10, activation="softmax")(code),
            "odd": Dense(1, activation="sigmoid")(code),
        },
    )
    passes(student, encoder_two_heads(), style="functional")


def test_a_subclassed_answer_is_right_but_not_the_functional_style_asked_for():
    class TwoHeads(keras.Model):
        def __init__(self):
            super().__init__()
            self.encoder = keras.Sequential(
                [Dense(32, activation="relu"), Dense(16, activation="relu")]
            )
            self.digit = Dense(10, activation="softmax")
            self.odd = Dense(1, activation="sigmoid")

        def call(self, x):
            code = self.encoder(x)
            return {"digit": self.digit(code), "odd": self.odd(code)}

    result = check(TwoHeads(), encoder_two_heads(), style="functional")
    assert result.kind == "wrong-style", str(result)
    assert "Your model is right, but it is a subclass of keras.Model" in result.message
    assert check(TwoHeads(), encoder_two_heads()).correct
