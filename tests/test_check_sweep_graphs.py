"""check() swept like a demanding teacher, part 2: the branching exercises
of lessons 4 to 8 (two inputs and two outputs, a skip connection, a shared
layer, an inception module, a nested encoder with two heads) answered
wrongly the ways students do.  See test_check_sweep.py for the rules."""

from __future__ import annotations

import keras
import pytest
from keras import layers
from test_check_sweep import says

from kerasteach import check

Dense = layers.Dense
Conv2D = layers.Conv2D


# -- the lessons' references -----------------------------------------------------
def image_and_ink():
    """Lesson 4, exercise 1: two inputs and two outputs, in dicts."""
    image = keras.Input(shape=(8, 8, 1), name="image")
    ink = keras.Input(shape=(8,), name="row_ink")
    x = Dense(32, activation="relu")(layers.Flatten()(image))
    merged = layers.Concatenate()([x, Dense(8, activation="relu")(ink)])
    return keras.Model(
        {"image": image, "row_ink": ink},
        {
            "digit": Dense(10, activation="softmax")(merged),
            "odd": Dense(1, activation="sigmoid")(merged),
        },
    )


def skip_block():
    """Lesson 5, exercise 1: a skip connection around two Dense layers."""
    inputs = keras.Input(shape=(64,))
    h = Dense(16, activation="relu")(inputs)
    y = Dense(16)(Dense(16, activation="relu")(h))
    return keras.Model(inputs, Dense(10, activation="softmax")(layers.Add()([h, y])))


def residual_then_relu():
    """tests/models.py's residual block: Add, then an Activation layer."""
    inputs = keras.Input(shape=(16,))
    h = Dense(16)(Dense(16, activation="relu")(inputs))
    return keras.Model(inputs, layers.Activation("relu")(layers.Add()([inputs, h])))


def shared_encoder():
    """Lesson 6, exercise 1: one Dense layer called on both inputs."""
    a = keras.Input(shape=(64,))
    b = keras.Input(shape=(64,))
    shared = Dense(16, activation="relu")
    both = layers.Concatenate()([shared(a), shared(b)])
    return keras.Model([a, b], Dense(1, activation="sigmoid")(both))


def inception(*, kernels=(1, 3), pool=True, axis=-1):
    """Lesson 7, exercise 1: branches merged by Concatenate."""
    inputs = keras.Input(shape=(8, 8, 1))
    branches = [Conv2D(4, k, padding="same", activation="relu") for k in kernels]
    if pool:
        branches.append(layers.MaxPooling2D(3, strides=1, padding="same"))
    merged = layers.Concatenate(axis=axis)([b(inputs) for b in branches])
    outputs = Dense(10, activation="softmax")(layers.Flatten()(merged))
    return keras.Model(inputs, outputs)


def encoder_two_heads():
    """Lesson 8, exercise 2: a nested encoder read by two heads."""
    encoder = keras.Sequential(
        [
            keras.Input(shape=(64,)),
            Dense(32, activation="relu"),
            Dense(16, activation="relu"),
        ]
    )
    x = keras.Input(shape=(64,))
    code = encoder(x)
    return keras.Model(
        x,
        {
            "digit": Dense(10, activation="softmax")(code),
            "odd": Dense(1, activation="sigmoid")(code),
        },
    )


# -- lesson 4: two inputs, two outputs -----------------------------------------
def ink_answer(*, keys=("image", "row_ink"), odd_reads_image=False, swap_merge=False):
    image = keras.Input(shape=(8, 8, 1), name="image")
    ink = keras.Input(shape=(8,), name="row_ink")
    x = Dense(32, activation="relu", name="image_dense")(layers.Flatten()(image))
    i = Dense(8, activation="relu", name="ink_dense")(ink)
    merged = layers.Concatenate(name="merge")([i, x] if swap_merge else [x, i])
    odd = Dense(1, activation="sigmoid", name="odd")(x if odd_reads_image else merged)
    digit = Dense(10, activation="softmax", name="digit")(merged)
    by_name = {"image": image, "row_ink": ink}
    inputs = dict(zip(keys, by_name.values(), strict=True))
    return keras.Model(inputs, {"digit": digit, "odd": odd})


def test_inputs_under_each_others_keys_are_told_not_a_shape_to_change():
    # it said "Use keras.Input(shape=(8, 8, 1))" for the ink input, which
    # would break it: the two inputs were under each other's keys
    with pytest.warns(UserWarning, match="keys in the dict must match"):
        answer = ink_answer(keys=("row_ink", "image"))  # Keras warns, and builds
    says(
        check(answer, image_and_ink()),
        "input-order",
        "image",
        message=[
            "your input 'image' (shape (8, 8, 1)) under the key 'row_ink', where "
            "the reference takes that shape under 'image'",
            "Keras gives the data under each key to the input under that key",
        ],
        hint=[
            "Put each keras.Input under the key of its data: inputs={'image': "
            "image, 'row_ink': row_ink}."
        ],
        not_in_message=["expects (None"],
    )


def test_a_head_reading_the_wrong_branch_is_told_which_output_to_read():
    says(
        check(ink_answer(odd_reads_image=True), image_and_ink()),
        "connection",
        "odd",
        message=[
            "Layer 'odd' (Dense) takes its input from 'image_dense', but in the "
            "reference this layer takes its input from 'merge'."
        ],
        hint=["Call 'odd' on the output of 'merge' instead."],
    )


def test_the_branches_concatenated_in_the_other_order():
    says(
        check(ink_answer(swap_merge=True), image_and_ink()),
        "connection",
        "merge",
        message=["combines 'ink_dense' and 'image_dense', in this order"],
        hint=["in the reference's order: 'image_dense', then 'ink_dense'."],
    )


# -- lesson 5: the skip connection ----------------------------------------------
def skip_answer(merge=layers.Add, *, skip_from="h", add_inside=False, f2_relu=False):
    inputs = keras.Input(shape=(64,), name="pixels")
    h = Dense(16, activation="relu", name="h")(inputs)
    y = Dense(16, activation="relu", name="f_1")(h)
    f_2 = Dense(16, activation="relu" if f2_relu else None, name="f_2")
    if add_inside:  # the Add between the two Dense layers of the block
        out = f_2(merge(name="skip")([h, y]))
    else:
        out = merge(name="skip")([{"h": h, "f_1": y}[skip_from], f_2(y)])
    return keras.Model(inputs, Dense(10, activation="softmax", name="digit")(out))


def test_an_add_inside_the_block_is_in_the_wrong_place():
    says(
        check(skip_answer(add_inside=True), skip_block()),
        "order",
        "skip",
        message=[
            "Layer 'skip' (Add) is in the wrong place: your model calls it on 'h' "
            "and 'f_1' and passes its result to 'f_2'. In the reference, 'f_2' "
            "reads the output of 'f_1' directly, and Add() comes after 'f_2': it "
            "is called on 'h' and the output of 'f_2'."
        ],
        hint=["Call 'f_2' on the output of 'f_1', then call 'skip' on 'h' and"],
    )


def test_an_activation_before_the_add_belongs_after_it():
    # it said "extra layer" (and after its removal, "missing layer")
    inputs = keras.Input(shape=(16,), name="x")
    h = Dense(16, name="dense_b")(Dense(16, activation="relu", name="dense_a")(inputs))
    h = layers.Activation("relu", name="relu_out")(h)
    student = keras.Model(inputs, layers.Add(name="skip")([inputs, h]))
    says(
        check(student, residual_then_relu()),
        "order",
        "relu_out",
        message=[
            "Layer 'relu_out' (Activation) is in the wrong place",
            "Activation('relu') comes after 'skip': it is called on the output of "
            "'skip'.",
        ],
        hint=[
            "Call 'skip' on the output of 'dense_b', then call 'relu_out' on the "
            "output of 'skip'."
        ],
    )


def test_an_activation_before_the_add_and_another_after_it_is_one_too_many():
    inputs = keras.Input(shape=(16,), name="x")
    h = Dense(16, name="dense_b")(Dense(16, activation="relu", name="dense_a")(inputs))
    h = layers.Activation("relu", name="relu_1")(h)
    added = layers.Add(name="skip")([inputs, h])
    student = keras.Model(inputs, layers.Activation("relu", name="relu_2")(added))
    says(
        check(student, residual_then_relu()),
        "extra-layer",
        "relu_1",
        message=["extra layer 'relu_1' (Activation('relu')) between 'dense_b' and"],
        hint=["Remove 'relu_1', so that 'skip' reads the output of 'dense_b'."],
    )


def test_concatenate_where_the_reference_adds_and_a_relu_it_has_not():
    says(
        check(skip_answer(layers.Concatenate), skip_block()),
        "layer-type",
        "skip",
        message=["'skip' is a Concatenate layer", "the reference has an Add layer"],
        hint=["Replace 'skip' with Add()."],
    )
    keras.utils.clear_session()
    says(
        check(skip_answer(f2_relu=True), skip_block()),
        "activation",
        "f_2",
        message=["uses the 'relu' activation; the reference has no activation."],
        hint=["Change it to Dense(16)."],
    )


def test_a_skip_in_a_subclassed_model_written_with_plus():
    class Res(keras.Model):
        def __init__(self):
            super().__init__()
            self.h = Dense(16, activation="relu")
            self.f1 = Dense(16, activation="relu")
            self.f2 = Dense(16)
            self.out = Dense(10, activation="softmax")

        def call(self, x):
            y = self.f1(self.h(x))
            return self.out(self.f2(y) + y)  # the skip from f1, not from h

    result = check(Res(), skip_block())
    says(
        result,
        "connection",
        result.layer,
        message=["Your keras.ops.add(...) (a + b) call takes its input from"],
        hint=["Apply keras.ops.add(...) (a + b) to"],
    )


# -- lesson 6: the shared layer ------------------------------------------------
def shared_answer(merge=layers.Concatenate, *, swap=False):
    first = keras.Input(shape=(64,), name="first")
    second = keras.Input(shape=(64,), name="second")
    encode = Dense(16, activation="relu", name="encode")
    codes = [encode(first), encode(second)]
    both = merge(name="both")(codes[::-1] if swap else codes)
    return keras.Model([first, second], Dense(1, activation="sigmoid")(both))


def test_shared_layer_merged_by_add_or_in_the_other_order():
    says(
        check(shared_answer(layers.Add), shared_encoder()),
        "layer-type",
        "both",
        message=[
            "'both' is an Add layer, but at this point (after 'encode' called on "
            "the input 'first' and 'encode' called on the input 'second') the "
            "reference has a Concatenate layer"
        ],
        hint=["Replace 'both' with Concatenate()."],
    )
    keras.utils.clear_session()
    says(
        check(shared_answer(swap=True), shared_encoder()),
        "connection",
        "both",
        message=[
            "combines 'encode' called on the input 'second' and 'encode' called "
            "on the input 'first', in this order"
        ],
    )


# -- lesson 7: the inception module ---------------------------------------------
def test_inception_without_its_pooling_branch_or_with_a_chained_branch():
    says(
        check(inception(pool=False), inception()),
        "missing-layer",
        None,
        message=[
            "missing a branch: the reference also applies MaxPooling2D(pool_size=3, "
            "padding='same', strides=1) to the input"
        ],
        hint=["several layers can read the same tensor"],
    )
    keras.utils.clear_session()
    inputs = keras.Input(shape=(8, 8, 1))
    a = Conv2D(4, 1, padding="same", activation="relu", name="a")(inputs)
    b = Conv2D(4, 3, padding="same", activation="relu", name="b")(a)
    c = layers.MaxPooling2D(3, strides=1, padding="same")(inputs)
    merged = layers.Concatenate()([a, b, c])
    student = keras.Model(
        inputs, Dense(10, activation="softmax")(layers.Flatten()(merged))
    )
    says(
        check(student, inception()),
        "connection",
        "b",
        message=["Layer 'b' (Conv2D) takes its input from 'a', but in the reference"],
        hint=["Call 'b' on the input instead."],
    )


def test_a_concatenate_on_another_axis_says_which_axis_it_means():
    student = inception(kernels=(1, 3), pool=False, axis=1)
    says(
        check(student, inception(pool=False)),
        "config",
        student.layers[3].name,
        message=["has axis=1; the reference has axis=-1", "axis=-1 means axis 3"],
        hint=["leaving out axis, whose default is -1."],
    )


# -- lesson 8: the nested encoder and its two heads ------------------------------
def encoder_answer(*enc_layers):
    encoder = keras.Sequential(
        [keras.Input(shape=(64,), name="pixels"), *enc_layers], name="encoder"
    )
    x = keras.Input(shape=(64,))
    code = encoder(x)
    return keras.Model(
        x,
        {
            "digit": Dense(10, activation="softmax", name="digit")(code),
            "odd": Dense(1, activation="sigmoid", name="odd")(code),
        },
    )


def test_an_extra_layer_at_the_end_of_the_encoder_is_extra_not_wrong_units():
    # it said "'encoder/enc_3' (Dense) has 16 units; the reference has 10":
    # the two heads after it ended the chains compared
    student = encoder_answer(
        Dense(32, activation="relu", name="enc_1"),
        Dense(16, activation="relu", name="enc_2"),
        Dense(16, activation="relu", name="enc_3"),
    )
    says(
        check(student, encoder_two_heads(), style="functional"),
        "extra-layer",
        "encoder/enc_3",
        message=["extra layer 'enc_3' in 'encoder' (Dense(16, activation='relu'))"],
        hint=["Remove 'enc_3' in 'encoder'."],
    )


def test_a_layer_inside_the_encoder_is_named_with_the_encoder():
    student = encoder_answer(
        Dense(32, activation="relu", name="enc_1"),
        Dense(8, activation="relu", name="enc_2"),
    )
    says(
        check(student, encoder_two_heads()),
        "units",
        "encoder/enc_2",
        message=["Layer 'enc_2' (Dense) in 'encoder' has 8 units"],
        hint=["Change it to Dense(16, activation='relu')."],
    )
