"""check() swept like a demanding teacher: the lessons' exercises answered
wrongly the ways students do.  Each answer gets the right verdict, a
message that names the layer the student wrote (by the name they gave it,
by its place when Keras named it), says what differs in plain words and
what to write instead, without Keras internals.

This file holds the lessons' references and the answers to the chains of
lessons 1, 2, 3 and 9; test_check_sweep_graphs.py answers the branching
exercises of lessons 4 to 8, test_check_sweep_right.py the right answers
written another way, which must pass.
"""

from __future__ import annotations

import re

import keras
from keras import layers

from kerasteach import check

Dense = layers.Dense


# -- the lessons' references, as the lessons build them ----------------------
def given_mlp():
    """Lesson 1, exercise 1 (asked with style='functional')."""
    return keras.Sequential(
        [
            keras.Input(shape=(100,), name="features"),
            Dense(32, activation="relu"),
            Dense(10, activation="softmax"),
        ]
    )


def mlp_with_dropout():
    """Lesson 1, exercise 2."""
    inputs = keras.Input(shape=(100,))
    x = layers.Dropout(0.2)(Dense(128, activation="relu")(inputs))
    return keras.Model(inputs, Dense(10, activation="softmax")(x))


def small_cnn():
    """Lesson 2, exercise 1 (asked with style='sequential')."""
    return keras.Sequential(
        [
            keras.Input(shape=(8, 8, 1)),
            layers.Conv2D(8, 3, activation="relu"),
            layers.MaxPooling2D(2),
            layers.Flatten(),
            Dense(10, activation="softmax"),
        ]
    )


def padded_cnn():
    """Lesson 2's digits CNN, padded."""
    image = keras.Input(shape=(8, 8, 1))
    h = layers.Conv2D(16, 3, padding="same", activation="relu")(image)
    h = layers.MaxPooling2D(2)(h)
    h = layers.Conv2D(32, 3, padding="same", activation="relu")(h)
    h = layers.GlobalAveragePooling2D()(h)
    return keras.Model(image, Dense(10, activation="softmax")(h))


def stacked_gru():
    """Lesson 2, exercise 2."""
    return keras.Sequential(
        [
            keras.Input(shape=(8, 8)),
            layers.GRU(16, return_sequences=True),
            layers.GRU(16),
            Dense(10, activation="softmax"),
        ]
    )


def three_dense():
    """Lesson 3, exercise 1 (asked with style='functional')."""
    return keras.Sequential(
        [
            keras.Input(shape=(64,)),
            Dense(48, activation="relu"),
            Dense(24, activation="relu"),
            Dense(10, activation="softmax"),
        ]
    )


def iris():
    """Lesson 9, exercise 1."""
    return keras.Sequential(
        [
            keras.Input(shape=(4,)),
            Dense(32, activation="relu"),
            layers.Dropout(0.1),
            Dense(16, activation="relu"),
            Dense(3, activation="softmax"),
        ]
    )


def dense_then_activation():
    """A reference that applies its activation in a layer of its own."""
    inputs = keras.Input(shape=(64,))
    h = layers.Activation("relu")(Dense(16)(inputs))
    return keras.Model(inputs, Dense(10, activation="softmax")(h))


# -- what every answer must be -------------------------------------------------
# Keras internals a message must never show: a tensor's or an object's repr,
# a config dict, a private module, the flat graph's path of a nested layer
_INTERNALS = re.compile(
    r"KerasTensor|<keras|object at 0x|keras\.src|'class_name'|'config'|"
    r"'[^'\s]+/[^'\s]+'"
)


def says(result, kind, layer, message=(), hint=(), not_in_message=()):
    """``result`` is the ``kind`` of difference, about the student's
    ``layer`` (its name in the model, None for the whole model), and its
    message and hint contain these words, and no Keras internals."""
    assert not result.correct, str(result)
    assert (result.kind, result.layer) == (kind, layer), str(result)
    for words in message:
        assert words in result.message, (words, str(result))
    for words in hint:
        assert words in result.hint, (words, str(result))
    for words in not_in_message:
        assert words not in result.message, (words, str(result))
    text = f"{result.message}\n{result.hint}"
    assert not _INTERNALS.search(text), str(result)
    assert text[0].isupper(), str(result)  # and no 'Keras.ops' at the start


def functional(shape, *stack, input_name=None):
    """The Functional chain of ``stack`` on keras.Input(shape)."""
    inputs = keras.Input(shape=shape, name=input_name)
    x = inputs
    for layer in stack:
        x = layer(x)
    return keras.Model(inputs, x)


# -- lesson 1: the hidden layer's activation -----------------------------------
def test_a_forgotten_activation_is_no_activation_not_linear():
    student = functional(
        (100,), Dense(32, name="my_hidden"), Dense(10, activation="softmax")
    )
    says(
        check(student, given_mlp(), style="functional"),
        "activation",
        "my_hidden",
        message=["Layer 'my_hidden' (Dense) has no activation", "uses 'relu'"],
        hint=["Change it to Dense(32, activation='relu')."],
    )


def test_an_activation_layer_after_the_dense_computes_the_same_and_is_told_so():
    student = functional(
        (100,),
        Dense(32, name="my_hidden"),
        layers.Activation("relu", name="my_relu"),
        Dense(10, activation="softmax"),
    )
    says(
        check(student, given_mlp(), style="functional"),
        "activation",
        "my_hidden",
        message=[
            "applies 'relu' right after it, in its Activation layer 'my_relu'",
            "That computes the same",
            "inside the Dense layer, as activation='relu'",
        ],
        hint=[
            "Change it to Dense(32, activation='relu') and remove 'my_relu': call "
            "the next layer on the output of 'my_hidden'."
        ],
    )


def test_a_separate_activation_of_another_function_is_not_the_same_job():
    # it said "does the same job" of any activation layer after the Dense
    for layer, applies in [
        (layers.Activation("tanh", name="my_act"), "applies 'tanh'"),
        (layers.LeakyReLU(name="my_act"), "applies LeakyReLU()"),
    ]:
        keras.utils.clear_session()
        student = functional(
            (100,), Dense(32, name="my_hidden"), layer, Dense(10, activation="softmax")
        )
        says(
            check(student, given_mlp()),
            "activation",
            "my_hidden",
            message=[applies, "the reference uses 'relu', inside the Dense layer"],
            hint=["remove 'my_act'"],
            not_in_message=["same"],
        )


def test_a_softmax_layer_that_ends_the_model_is_told_where_the_output_goes():
    student = functional(
        (100,),
        Dense(32, activation="relu"),
        Dense(10, name="my_output"),
        layers.Softmax(name="probs"),
    )
    says(
        check(student, given_mlp()),
        "activation",
        "my_output",
        message=["in its Softmax layer 'probs'. That computes the same"],
        hint=[
            "remove 'probs': pass the output of 'my_output' to keras.Model as the "
            "outputs."
        ],
    )


def test_keras_ops_relu_in_a_subclassed_model_is_said_as_the_call():
    class Net(keras.Model):
        def __init__(self):
            super().__init__()
            self.hidden = Dense(32)
            self.out = Dense(10, activation="softmax")

        def call(self, x):
            return self.out(keras.ops.relu(self.hidden(x)))

    says(
        check(Net(), given_mlp()),
        "activation",
        "dense",
        # Keras named the layer; the student knows it by its attribute
        message=[
            "Layer self.hidden (Dense) has no activation",
            "with keras.ops.relu(...). That computes the same",
        ],
        hint=[
            "remove keras.ops.relu(...): call the next layer on the output of "
            "self.hidden."
        ],
        not_in_message=["'dense'", "your 1st Dense layer"],
    )


def test_an_activation_layer_of_another_class_computing_the_same_is_said_so():
    student = functional(
        (64,),
        Dense(16, name="h"),
        layers.ReLU(name="r"),
        Dense(10, activation="softmax"),
    )
    says(
        check(student, dense_then_activation()),
        "layer-type",
        "r",
        message=[
            "Layer 'r' is a ReLU layer",
            "Both compute the 'relu' activation, so your model gives the same "
            "results, but the reference writes it as Activation('relu').",
        ],
        hint=["Replace 'r' with Activation('relu')."],
    )
    keras.utils.clear_session()
    inputs = keras.Input(shape=(64,))
    h = keras.ops.relu(Dense(16, name="h")(inputs))
    student = keras.Model(inputs, Dense(10, activation="softmax")(h))
    says(
        check(student, dense_then_activation()),
        "layer-type",
        "relu",
        message=["Your model applies keras.ops.relu(...), but at this point"],
        hint=["Replace keras.ops.relu(...) with Activation('relu')."],
    )


def test_activation_inside_the_dense_where_the_reference_has_a_layer_for_it():
    student = functional(
        (64,), Dense(16, activation="relu", name="h"), Dense(10, activation="softmax")
    )
    says(
        check(student, dense_then_activation()),
        "activation",
        "h",
        message=[
            "Layer 'h' (Dense) applies the 'relu' activation itself",
            "That computes the same, but the reference has no activation in this "
            "layer: it applies 'relu' right after it, in a separate Activation "
            "layer.",
        ],
        hint=["add Activation('relu') after 'h'."],
    )


# -- lesson 1, exercise 2: the Dropout layer -----------------------------------
def dropout_answer(*middle):
    return keras.Sequential(
        [
            keras.Input(shape=(100,)),
            *middle,
        ]
    )


def test_dropout_rate_and_dropout_in_another_layers_place():
    wide = Dense(128, activation="relu", name="wide")
    out = Dense(10, activation="softmax", name="probabilities")
    student = dropout_answer(wide, layers.Dropout(0.5, name="drop"), out)
    says(
        check(student, mlp_with_dropout()),
        "config",
        "drop",
        message=["Layer 'drop' (Dropout) has rate=0.5; the reference has rate=0.2."],
        hint=["Change it to Dropout(0.2)."],
    )
    keras.utils.clear_session()
    norm = layers.BatchNormalization(name="norm")
    student = dropout_answer(Dense(128, activation="relu", name="wide"), norm)
    student.add(Dense(10, activation="softmax"))
    says(
        check(student, mlp_with_dropout()),
        "layer-type",
        "norm",
        message=["'norm' is a BatchNormalization layer", "(after 'wide')"],
        hint=["Replace 'norm' with Dropout(0.2)."],
    )


def test_dropout_after_the_output_layer_is_a_swap():
    student = dropout_answer(
        Dense(128, activation="relu", name="wide"),
        Dense(10, activation="softmax", name="probabilities"),
        layers.Dropout(0.2, name="drop"),
    )
    says(
        check(student, mlp_with_dropout()),
        "order",
        "probabilities",
        message=["'probabilities' (Dense) and 'drop' (Dropout) are in the wrong"],
        hint=["Swap them: 'drop' comes right after 'wide', then 'probabilities'."],
    )


def test_a_dropout_written_twice_is_an_extra_layer():
    student = dropout_answer(
        Dense(128, activation="relu", name="wide"),
        layers.Dropout(0.2, name="drop"),
        layers.Dropout(0.2, name="drop_again"),
        Dense(10, activation="softmax"),
    )
    says(
        check(student, mlp_with_dropout()),
        "extra-layer",
        "drop_again",
        message=["extra layer 'drop_again' (Dropout(0.2)) after 'drop'"],
        hint=["Remove 'drop_again'."],
    )


# -- lesson 2: a small CNN and stacked GRUs -------------------------------------
def cnn_answer(conv=None, pool=None, flat=None):
    stack = [
        conv or layers.Conv2D(8, 3, activation="relu", name="conv"),
        pool or layers.MaxPooling2D(2, name="pool"),
        flat or layers.Flatten(name="flatten"),
        Dense(10, activation="softmax", name="digit"),
    ]
    return keras.Sequential([keras.Input(shape=(8, 8, 1)), *stack])


def test_padding_same_added_says_what_it_does_to_the_shape_and_what_to_drop():
    conv = layers.Conv2D(8, 3, padding="same", activation="relu", name="conv")
    says(
        check(cnn_answer(conv=conv), small_cnn(), style="sequential"),
        "config",
        "conv",
        message=[
            "Layer 'conv' (Conv2D) has padding='same'; the reference has "
            "padding='valid'. So its output has shape (None, 8, 8, 8) instead of "
            "(None, 6, 6, 8)."
        ],
        hint=[
            "Change it to Conv2D(8, 3, activation='relu'), leaving out padding, "
            "whose default is 'valid'."
        ],
    )


def test_padding_same_forgotten_in_the_first_of_two_convolutions():
    image = keras.Input(shape=(8, 8, 1))
    h = layers.Conv2D(16, 3, activation="relu", name="conv_1")(image)
    h = layers.MaxPooling2D(2)(h)
    h = layers.Conv2D(32, 3, padding="same", activation="relu", name="conv_2")(h)
    h = layers.GlobalAveragePooling2D()(h)
    student = keras.Model(image, Dense(10, activation="softmax")(h))
    says(
        check(student, padded_cnn()),
        "config",
        "conv_1",
        message=["(None, 6, 6, 16) instead of (None, 8, 8, 16)"],
        hint=["Change it to Conv2D(16, 3, padding='same', activation='relu')."],
    )


def test_a_pool_size_counts_no_strides_keras_worked_out_from_it():
    # it said "(1 other setting differs too)": the strides follow pool_size
    answer = cnn_answer(pool=layers.MaxPooling2D(3, name="pool"))
    says(
        check(answer, small_cnn()),
        "config",
        "pool",
        message=[
            "has pool_size=(3, 3); the reference has pool_size=(2, 2). So its "
            "output has shape (None, 2, 2, 8) instead of (None, 3, 3, 8)."
        ],
        hint=["Change it to MaxPooling2D(), leaving out pool_size, whose default is"],
        not_in_message=["other setting"],
    )


def test_strides_instead_of_pooling_is_the_strides_first():
    conv = layers.Conv2D(8, 3, strides=2, activation="relu", name="conv")
    answer = keras.Sequential(
        [
            keras.Input(shape=(8, 8, 1)),
            conv,
            layers.Flatten(),
            Dense(10, activation="softmax"),
        ]
    )
    says(
        check(answer, small_cnn()),
        "config",
        "conv",
        message=["has strides=(2, 2); the reference has strides=(1, 1)"],
        hint=["leaving out strides, whose default is (1, 1)."],
    )


def test_another_pooling_or_global_pooling_is_the_wrong_layer_type():
    for answer, name, words in [
        (
            cnn_answer(pool=layers.AveragePooling2D(2, name="pool")),
            "pool",
            "'pool' is an AveragePooling2D layer, but at this point (after "
            "'conv') the reference has a MaxPooling2D layer",
        ),
        (
            cnn_answer(flat=layers.GlobalAveragePooling2D(name="gap")),
            "gap",
            "'gap' is a GlobalAveragePooling2D layer, but at this point (after "
            "'pool') the reference has a Flatten layer: Flatten().",
        ),
    ]:
        says(check(answer, small_cnn()), "layer-type", name, message=[words])


def test_a_forgotten_flatten_and_an_input_without_its_channel():
    answer = keras.Sequential(
        [
            keras.Input(shape=(8, 8, 1)),
            layers.Conv2D(8, 3, activation="relu", name="conv"),
            layers.MaxPooling2D(2, name="pool"),
            Dense(10, activation="softmax", name="digit"),
        ]
    )
    says(
        check(answer, small_cnn()),
        "missing-layer",
        "pool",
        message=["after 'pool' the reference has Flatten(), but your model goes"],
        hint=["Add Flatten() between 'pool' and 'digit'."],
    )
    answer = functional(
        (8, 8),
        layers.Reshape((8, 8, 1)),
        layers.Conv2D(8, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        Dense(10, activation="softmax"),
        input_name="rows",
    )
    says(
        check(answer, small_cnn()),
        "input-shape",
        "rows",
        message=["has shape (None, 8, 8); the reference expects (None, 8, 8, 1)"],
        hint=["Use keras.Input(shape=(8, 8, 1))."],
    )


def test_return_sequences_left_on_says_the_shape_it_gives():
    # the lesson's own wrong answer
    answer = keras.Sequential(
        [
            keras.Input(shape=(8, 8), name="rows"),
            layers.GRU(16, return_sequences=True, name="gru_1"),
            layers.GRU(16, return_sequences=True, name="gru_2"),
            layers.Flatten(name="flatten"),
            Dense(10, activation="softmax", name="digit"),
        ]
    )
    says(
        check(answer, stacked_gru()),
        "config",
        "gru_2",
        message=[
            "has return_sequences=True; the reference has return_sequences=False. "
            "So its output has shape (None, 8, 16) instead of (None, 16)."
        ],
        hint=[
            "Change it to GRU(16), leaving out return_sequences, whose default "
            "is False."
        ],
    )


def test_one_gru_where_the_reference_stacks_two():
    answer = keras.Sequential(
        [
            keras.Input(shape=(8, 8)),
            layers.GRU(16, name="gru"),
            Dense(10, activation="softmax"),
        ]
    )
    says(
        check(answer, stacked_gru()),
        "missing-layer",
        None,
        message=["the reference has GRU(16, return_sequences=True), but your model"],
        hint=["Add GRU(16, return_sequences=True) between the input and 'gru'."],
    )


# -- lesson 3: a Functional chain ----------------------------------------------
def test_a_layer_called_on_the_inputs_again_leaves_the_one_before_out():
    inputs = keras.Input(shape=(64,), name="pixels")
    Dense(48, activation="relu", name="wide")(inputs)  # its result unused
    x = Dense(24, activation="relu", name="narrow")(inputs)
    answer = keras.Model(inputs, Dense(10, activation="softmax")(x))
    says(
        check(answer, three_dense(), style="functional"),
        "missing-layer",
        None,
        message=["goes straight to 'narrow' (Dense)"],
        hint=[
            "Add Dense(48, activation='relu') between the input and 'narrow': call "
            "it on the input, and call 'narrow' on its result."
        ],
    )


def test_a_model_that_returns_a_hidden_tensor_is_told_what_its_outputs_are():
    inputs = keras.Input(shape=(100,))
    x = Dense(32, activation="relu", name="my_hidden")(inputs)
    Dense(10, activation="softmax", name="my_output")(x)  # called, not returned
    says(
        check(keras.Model(inputs, x), given_mlp(), style="functional"),
        "missing-layer",
        "my_hidden",
        message=["your model stops after 'my_hidden'"],
        hint=[
            "pass the last tensor to keras.Model as its outputs: layers called "
            "after the tensor you pass are not part of the model."
        ],
    )


# -- lesson 9: Keras's own names, nested blocks, a subclassed model's attributes
def test_a_layer_keras_named_is_also_said_by_its_place():
    answer = keras.Sequential(
        [
            keras.Input(shape=(4,)),
            Dense(32, activation="relu"),
            layers.Dropout(0.1),
            Dense(8, activation="relu"),
            Dense(3, activation="softmax"),
        ]
    )
    name = answer.layers[2].name  # dense_1, or dense_7 in a notebook
    says(
        check(answer, iris()),
        "units",
        name,
        message=[f"Layer {name!r} (your 2nd Dense layer) has 8 units"],
    )


def test_a_subclassed_models_layers_are_said_by_their_attributes():
    class Net(keras.Model):
        def __init__(self):
            super().__init__()
            self.h1 = Dense(32, activation="relu")
            self.drop = layers.Dropout(0.1)
            self.h2 = Dense(8, activation="relu")
            self.out = Dense(3, activation="softmax")

        def call(self, x):
            return self.out(self.h2(self.drop(self.h1(x))))

    net = Net()
    says(
        check(net, iris()),
        "units",
        net.h2.name,  # the layer's name in the model, as for any model
        # the student wrote self.h2, never Keras's name nor its place
        message=["Layer self.h2 (Dense) has 8 units; the reference has 16."],
        hint=["Change it to Dense(16, activation='relu')."],
        not_in_message=[repr(net.h2.name), "2nd"],
    )


def test_layers_inside_a_nested_block_are_said_with_the_block():
    block = keras.Sequential(
        [
            layers.Dropout(0.1, name="b_drop"),
            Dense(32, activation="relu", name="b_dense"),
        ],
        name="block",
    )
    answer = keras.Sequential(
        [
            keras.Input(shape=(4,)),
            block,
            Dense(16, activation="relu", name="h2"),
            Dense(3, activation="softmax"),
        ]
    )
    says(
        check(answer, iris()),
        "order",
        "block/b_drop",
        message=[
            "Layers 'b_drop' in 'block' (Dropout) and 'b_dense' in 'block' "
            "(Dense) are in the wrong order"
        ],
        hint=["Swap them: 'b_dense' in 'block' comes right after the input"],
    )


def test_a_hidden_layer_without_bias_is_told_to_drop_the_setting():
    answer = functional(
        (100,),
        Dense(32, activation="relu", use_bias=False, name="my_hidden"),
        Dense(10, activation="softmax"),
    )
    says(
        check(answer, given_mlp()),
        "config",
        "my_hidden",
        message=["has use_bias=False; the reference has use_bias=True."],
        hint=[
            "Change it to Dense(32, activation='relu'), leaving out use_bias, "
            "whose default is True."
        ],
    )


def test_an_input_no_layer_reads_is_named_as_the_one_to_remove():
    inputs = keras.Input(shape=(100,), name="x")
    extra = keras.Input(shape=(3,), name="extra")
    hidden = Dense(32, activation="relu")(inputs)
    student = keras.Model([inputs, extra], Dense(10, activation="softmax")(hidden))
    says(
        check(student, given_mlp()),
        "inputs",
        None,
        message=["Your model has 2 inputs; the reference has 1 (shape (None, 100))."],
        hint=["No layer of your model reads your input 'extra'."],
    )
