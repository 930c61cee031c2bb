"""kerasteach.check: right answers are accepted, each kind of wrong answer is
named in plain words (the first difference, with a hint)."""

from __future__ import annotations

import keras
import numpy as np
import pytest
from custom_layers import NoConfigScale
from keras import layers
from models import skip_tower

from kerasteach import KerasTeachError, NotBuiltError, check, read_model
from kerasteach.check import CheckResult


# -- reference models --------------------------------------------------------
def mlp_functional():
    inputs = keras.Input(shape=(100,), name="features")
    x = layers.Dense(64, activation="relu", name="hidden_1")(inputs)
    x = layers.Dense(64, activation="relu", name="hidden_2")(x)
    outputs = layers.Dense(10, activation="softmax", name="probabilities")(x)
    return keras.Model(inputs, outputs, name="mlp")


def mlp_sequential(*stack, shape=(100,)):
    if not stack:
        stack = (
            layers.Dense(64, activation="relu"),
            layers.Dense(64, activation="relu"),
            layers.Dense(10, activation="softmax"),
        )
    return keras.Sequential([keras.Input(shape=shape), *stack])


def cnn(*, filters=8, kernel=3, padding="valid", pool=layers.MaxPooling2D):
    return keras.Sequential(
        [
            keras.Input(shape=(12, 12, 1)),
            layers.Conv2D(filters, kernel, padding=padding, activation="relu"),
            pool(2),
            layers.Flatten(),
            layers.Dense(10, activation="softmax"),
        ]
    )


def residual(*, skip_from="stem", merge=layers.Add, order=("block", "skip")):
    inputs = keras.Input(shape=(16,))
    stem = layers.Dense(16, activation="relu", name="stem")(inputs)
    y = layers.Dense(16, activation="relu", name="block_1")(stem)
    y = layers.Dense(16, name="block_2")(y)
    parts = {"block": y, "skip": {"stem": stem, "input": inputs}[skip_from]}
    merged = merge(name="merge")([parts[k] for k in order])
    outputs = layers.Dense(3, activation="softmax", name="out")(merged)
    return keras.Model(inputs, outputs)


def inception(order=(0, 1, 2), kernel=3, axis=-1):
    inputs = keras.Input(shape=(8, 8, 3))
    branches = [
        layers.Conv2D(4, 1, activation="relu")(inputs),
        layers.Conv2D(4, kernel, padding="same", activation="relu")(inputs),
        layers.MaxPooling2D(3, strides=1, padding="same")(inputs),
    ]
    outputs = layers.Concatenate(axis=axis)([branches[k] for k in order])
    return keras.Model(inputs, outputs)


def siamese(*, shared=True, nested=False, swap=False):
    left = keras.Input(shape=(10,), name="left")
    right = keras.Input(shape=(10,), name="right")

    def encoder(name):
        if nested:
            return keras.Sequential(
                [keras.Input(shape=(10,)), layers.Dense(8, activation="relu")],
                name=name,
            )
        return layers.Dense(8, activation="relu", name=name)

    enc_left = encoder("encoder")
    enc_right = enc_left if shared else encoder("encoder_2")
    codes = [enc_left(left), enc_right(right)]
    distance = layers.Subtract()(codes[::-1] if swap else codes)
    outputs = layers.Dense(1, activation="sigmoid")(distance)
    return keras.Model([left, right], outputs)


def two_heads(
    *,
    keys=("price", "kind"),
    price_units=1,
    as_dict=True,
    swap=False,
    swap_inputs=False,
    dict_inputs=None,
    dict_outputs=None,
    input_names=("text", "meta"),
):
    """Inputs and outputs as dicts (``as_dict``), or as lists (swapped when
    ``swap_inputs``, ``swap``); ``dict_inputs``/``dict_outputs`` choose apart."""
    text = keras.Input(shape=(5,), name=input_names[0])
    meta = keras.Input(shape=(3,), name=input_names[1])
    x = layers.Concatenate()([text, meta])
    x = layers.Dense(8, activation="relu")(x)
    price = layers.Dense(price_units, name=keys[0])(x)
    kind = layers.Dense(4, activation="softmax", name=keys[1])(x)
    dict_inputs = as_dict if dict_inputs is None else dict_inputs
    dict_outputs = as_dict if dict_outputs is None else dict_outputs
    ins = [meta, text] if swap_inputs else [text, meta]
    if dict_inputs:
        ins = {"text": text, "meta": meta}
    outs = [kind, price] if swap else [price, kind]
    if dict_outputs:
        outs = {keys[0]: price, keys[1]: kind}
    return keras.Model(ins, outs)


def two_branches(inputs="ab", merged="ab", *, shapes=((4,), (6,)), named=True):
    """Two inputs, a Dense on each, merged by Concatenate: ``inputs`` is the
    order of keras.Model(inputs=...), ``merged`` that of Concatenate."""
    a = keras.Input(shapes[0], name="a" if named else None)
    b = keras.Input(shapes[1], name="b" if named else None)
    branch = {"a": layers.Dense(8, activation="relu")(a), "b": layers.Dense(16)(b)}
    x = layers.Concatenate()([branch[k] for k in merged])
    listed = {"a": a, "b": b}
    return keras.Model([listed[k] for k in inputs], layers.Dense(1)(x))


# -- right answers -------------------------------------------------------------
def test_sequential_student_matches_functional_reference():
    result = check(mlp_sequential(), mlp_functional())
    assert result.correct and bool(result)
    assert result.kind is None and result.hint == "" and result.layer is None
    assert "same architecture" in result.message
    assert "Sequential style" in result.message and "Functional" in result.message


def test_functional_student_matches_sequential_reference():
    assert check(mlp_functional(), mlp_sequential())


def test_layer_names_and_model_names_do_not_matter():
    student = keras.Sequential(
        [
            keras.Input(shape=(100,), name="x'\"y"),
            layers.Dense(64, activation="relu", name="class"),
            layers.Dense(64, activation="relu", name="ünï cödé"),
            layers.Dense(10, activation="softmax", name="1st"),
        ],
        name="whatever",
    )
    assert check(student, mlp_functional()).correct


def test_initializers_and_regularizers_are_not_architecture():
    student = mlp_sequential(
        layers.Dense(64, activation="relu", kernel_initializer="he_normal"),
        layers.Dense(64, activation="relu", kernel_regularizer="l2"),
        layers.Dense(10, activation="softmax", bias_initializer="ones"),
    )
    assert check(student, mlp_functional()).correct


def _wrappers(units=4, frame_units=3, kernel_initializer="glorot_uniform"):
    """A layer in a layer, a cell stack in an RNN and a model in a layer:
    Keras keeps the inner ones' configs, with their own names, inside."""
    frames = keras.Sequential([layers.Dense(frame_units, activation="relu")])
    return keras.Sequential(
        [
            keras.Input((5, 3)),
            layers.TimeDistributed(frames),
            layers.Bidirectional(
                layers.LSTM(
                    units, return_sequences=True, kernel_initializer=kernel_initializer
                )
            ),
            layers.RNN([layers.GRUCell(2), layers.SimpleRNNCell(2)]),
            layers.Dense(1),
        ]
    )


def test_layers_inside_layers_are_compared_without_their_names():
    # Two identical models were "Not yet": the Bidirectional's LSTM is
    # 'forward_lstm' in one and 'forward_lstm_1' in the other, and the
    # feedback printed both configs whole.
    assert check(_wrappers(), _wrappers()).correct
    assert check(_wrappers(kernel_initializer="he_normal"), _wrappers()).correct
    # a difference inside is worded as constructors, without names
    bidirectional = keras.Sequential(
        [keras.Input((5, 3)), layers.Bidirectional(layers.LSTM(4)), layers.Dense(1)]
    )
    student = keras.Sequential(
        [keras.Input((5, 3)), layers.Bidirectional(layers.GRU(6)), layers.Dense(1)]
    )
    result = check(student, bidirectional)
    assert result.kind == "config"
    assert "has layer=GRU(6); the reference has layer=LSTM(4)" in result.message
    assert result.hint == "Change it to Bidirectional(LSTM(4))."
    result = check(_wrappers(frame_units=2), _wrappers())
    assert not result.correct
    assert "Dense(2, activation='relu')])" in result.message
    assert "the reference has layer=Sequential(layers=[" in result.message
    for internal in ("'name'", "'dtype'", "build_input_shape", "'config'"):
        assert internal not in result.message


def test_accepts_model_graphs():
    assert check(read_model(mlp_sequential()), read_model(mlp_functional())).correct


def test_nested_sequential_block_equals_its_layers_inline():
    block = keras.Sequential(
        [
            keras.Input(shape=(100,)),
            layers.Dense(64, activation="relu"),
            layers.Dense(64, activation="relu"),
        ],
        name="block",
    )
    inputs = keras.Input(shape=(100,))
    outputs = layers.Dense(10, activation="softmax")(block(inputs))
    nested = keras.Model(inputs, outputs)
    assert check(nested, mlp_functional()).correct
    assert check(mlp_functional(), nested).correct


def test_order_of_inputs_to_add_does_not_matter():
    assert check(residual(order=("skip", "block")), residual()).correct


def test_add_written_as_an_operator_equals_the_add_layer():
    inputs = keras.Input(shape=(16,))
    stem = layers.Dense(16, activation="relu")(inputs)
    y = layers.Dense(16, activation="relu")(stem)
    y = layers.Dense(16)(y)
    outputs = layers.Dense(3, activation="softmax")(y + stem)
    assert check(keras.Model(inputs, outputs), residual()).correct


def test_shared_layers_and_models_are_accepted_both_ways():
    assert check(siamese(), siamese()).correct
    assert check(siamese(nested=True), siamese()).correct
    assert check(siamese(shared=False), siamese(shared=False)).correct


def test_several_inputs_and_outputs_as_dict_or_list():
    assert check(two_heads(), two_heads()).correct
    assert check(two_heads(as_dict=False), two_heads(as_dict=False)).correct
    # a dict where the reference has a list is another structure
    # (test_check_more.py), as a list where it has a dict is
    # (test_list_of_outputs_where_the_reference_returns_a_dict)
    assert check(two_heads(), two_heads(as_dict=False)).kind == "structure"


def subclassed_mlp():
    class Student(keras.Model):
        def __init__(self):
            super().__init__()
            self.h1 = layers.Dense(64, activation="relu")
            self.h2 = layers.Dense(64, activation="relu")
            self.out = layers.Dense(10, activation="softmax")

        def call(self, x):
            return self.out(self.h2(self.h1(x)))

    student = Student()
    student(keras.ops.zeros((1, 100)))
    return student


def test_subclassed_student_is_traced():
    assert check(subclassed_mlp(), mlp_functional()).correct


# -- wrong answers: one test per kind of difference ------------------------------
def test_missing_layer_in_the_middle():
    student = mlp_sequential(
        layers.Dense(64, activation="relu", name="h1"),
        layers.Dense(10, activation="softmax", name="out"),
    )
    result = check(student, mlp_functional())
    assert not result and result.kind == "missing-layer"
    assert result.layer == "h1"
    assert "missing a layer" in result.message
    assert "Dense(64, activation='relu')" in result.message
    assert "'h1'" in result.message and "'out'" in result.message
    assert result.hint == "Add Dense(64, activation='relu') between 'h1' and 'out'."


def test_missing_last_layer():
    student = mlp_sequential(
        layers.Dense(64, activation="relu"),
        layers.Dense(64, activation="relu", name="h2"),
    )
    result = check(student, mlp_functional())
    assert result.kind == "missing-layer"
    assert "stops after 'h2'" in result.message
    assert "Dense(10, activation='softmax')" in result.hint


def test_missing_pooling_layer_is_not_reported_as_wrong_type():
    student = keras.Sequential(
        [
            keras.Input(shape=(12, 12, 1)),
            layers.Conv2D(8, 3, activation="relu", name="conv"),
            layers.Flatten(name="flat"),
            layers.Dense(10, activation="softmax"),
        ]
    )
    result = check(student, cnn())
    assert result.kind == "missing-layer"
    assert "MaxPooling2D()" in result.message and result.layer == "conv"


def test_extra_layer_in_the_middle():
    student = mlp_sequential(
        layers.Dense(64, activation="relu", name="h1"),
        layers.Dropout(0.5, name="drop"),
        layers.Dense(64, activation="relu"),
        layers.Dense(10, activation="softmax"),
    )
    result = check(student, mlp_functional())
    assert result.kind == "extra-layer" and result.layer == "drop"
    assert "extra layer 'drop' (Dropout(0.5)) after 'h1'" in result.message
    assert result.hint == "Remove 'drop'."


def test_extra_layer_at_the_end():
    student = mlp_sequential(
        layers.Dense(64, activation="relu"),
        layers.Dense(64, activation="relu"),
        layers.Dense(10, activation="softmax", name="probs"),
        layers.Dense(10, name="again"),
    )
    result = check(student, mlp_functional())
    assert result.kind == "extra-layer" and result.layer == "again"
    assert "after 'probs'" in result.message


def test_wrong_layer_type():
    result = check(cnn(pool=layers.AveragePooling2D), cnn())
    assert result.kind == "layer-type"
    assert "is an AveragePooling2D layer" in result.message
    assert "a MaxPooling2D layer" in result.message
    assert result.hint.startswith("Replace 'average_pooling2d")
    assert result.hint.endswith("with MaxPooling2D().")


def test_a_hint_writes_a_layer_as_the_code_panes_do():
    # "Change it to Conv2D(4, (3, 3), strides=(2, 2), ...)" while the
    # lesson and the code panes write Conv2D(4, 3, strides=2, ...)
    def conv(size):
        x = keras.Input((8, 8, 3), name="image")
        y = layers.Conv2D(4, size, strides=2, padding="same", name="conv")(x)
        return keras.Model(x, y)

    result = check(conv(5), conv(3))
    assert result.kind == "kernel_size" and result.layer == "conv"
    assert "has kernel size (5, 5); the reference uses (3, 3)" in result.message
    assert result.hint == "Change it to Conv2D(4, 3, strides=2, padding='same')."


def test_a_hint_passes_by_keyword_what_the_keras_docs_pass_by_keyword():
    # "MultiHeadAttention(2, 16, ...)" says less than the code panes' form
    def attention(heads):
        x = keras.Input((5, 16), name="x")
        y = layers.MultiHeadAttention(num_heads=heads, key_dim=16, name="mha")(x, x)
        return keras.Model(x, y)

    result = check(attention(4), attention(2))
    assert result.kind == "config" and result.layer == "mha"
    assert result.hint.startswith(
        "Change it to MultiHeadAttention(num_heads=2, key_dim=16"
    )


def test_wrong_units():
    student = mlp_sequential(
        layers.Dense(32, activation="relu", name="h1"),
        layers.Dense(64, activation="relu"),
        layers.Dense(10, activation="softmax"),
    )
    result = check(student, mlp_functional())
    assert result.kind == "units" and result.layer == "h1"
    assert result.message == "Layer 'h1' (Dense) has 32 units; the reference has 64."
    assert result.hint == "Change it to Dense(64, activation='relu')."


def test_wrong_units_in_the_last_layer_mentions_the_output_shape():
    student = mlp_sequential(
        layers.Dense(64, activation="relu"),
        layers.Dense(64, activation="relu"),
        layers.Dense(5, activation="softmax", name="out"),
    )
    result = check(student, mlp_functional())
    assert result.kind == "units"
    assert "output has shape (None, 5) instead of (None, 10)" in result.message


def test_wrong_filters_and_kernel_size():
    result = check(cnn(filters=4), cnn())
    assert result.kind == "filters"
    assert "has 4 filters; the reference has 8" in result.message
    result = check(cnn(kernel=5), cnn())
    assert result.kind == "kernel_size"
    assert "kernel size (5, 5); the reference uses (3, 3)" in result.message


def test_wrong_other_setting_names_it():
    result = check(cnn(padding="same"), cnn())
    assert result.kind == "config"
    assert "padding='same'; the reference has padding='valid'" in result.message


def test_wrong_activation():
    student = mlp_sequential(
        layers.Dense(64, activation="relu"),
        layers.Dense(64, activation="tanh", name="h2"),
        layers.Dense(10, activation="softmax"),
    )
    result = check(student, mlp_functional())
    assert result.kind == "activation" and result.layer == "h2"
    assert "uses the 'tanh' activation; the reference uses 'relu'" in result.message


def test_activation_as_separate_layer_gets_a_specific_hint():
    student = mlp_sequential(
        layers.Dense(64, name="h1"),
        layers.Activation("relu", name="act"),
        layers.Dense(64, activation="relu"),
        layers.Dense(10, activation="softmax"),
    )
    result = check(student, mlp_functional())
    assert result.kind == "activation"
    assert "in its Activation layer 'act'" in result.message
    assert "That computes the same" in result.message
    assert "remove 'act'" in result.hint


def test_wrong_connection_skip_from_the_wrong_tensor():
    result = check(residual(skip_from="input"), residual())
    assert result.kind == "connection" and result.layer == "merge"
    assert "takes its input from 'block_2' and the input" in result.message
    assert "combines 'block_2' and 'stem'" in result.message


def test_wrong_merge_layer_type():
    result = check(residual(merge=layers.Concatenate), residual())
    assert result.kind == "layer-type"
    assert "the reference has an Add layer" in result.message


def test_sequential_student_for_residual_reference_misses_the_merge():
    student = keras.Sequential(
        [
            keras.Input(shape=(16,)),
            layers.Dense(16, activation="relu"),
            layers.Dense(16, activation="relu"),
            layers.Dense(16),
            layers.Dense(3, activation="softmax"),
        ]
    )
    result = check(student, residual())
    assert result.kind == "needs-functional"
    assert "Add()" in result.message
    assert "Functional API" in result.hint


def test_sequential_student_for_a_reference_with_many_skip_connections():
    # explain() says the eight skip connections in one reason; check() reads
    # its parts, so it still names the first two places in its own words and
    # counts the others
    student = keras.Sequential(
        [keras.Input(shape=(8,)), layers.Dense(8, name="stem")]
        + [layers.Dense(8, name=f"block_{b}_dense") for b in range(1, 9)]
        + [layers.Dense(2, name="head")]
    )
    result = check(student, skip_tower(8))
    assert result.kind == "needs-functional"
    assert result.message.endswith(
        "In the reference, the output of 'stem' (Dense(8)) branches: it feeds "
        "'block_1_dense' (Dense(8)) and 'block_1_add' (Add()); and the output "
        "of 'block_1_add' branches: it feeds 'block_2_dense' (Dense(8)) and "
        "'block_2_add' (Add()) (and 14 more places like these)."
    )
    assert "skip connections" not in result.message  # no sentence pasted in
    assert "keep the output of 'stem' in a variable" in result.hint
    assert "Add()([a, b])" in result.hint
    # asked for a Sequential answer, the error quotes the first place
    with pytest.raises(KerasTeachError) as info:
        check(student, skip_tower(8), style="sequential")
    assert "(the output of 'stem' (Dense) branches: it feeds" in str(info.value)


def test_concatenate_order_matters():
    result = check(inception(order=(1, 0, 2)), inception())
    assert result.kind == "connection"
    assert "in this order" in result.message and "order matters" in result.message


def test_concatenate_on_the_last_axis_counted_from_the_front_is_the_same():
    assert check(inception(axis=3), inception()).correct
    assert check(inception(), inception(axis=3)).correct


@pytest.mark.parametrize(
    ("layer", "student_axis", "reference_axis"),
    [
        (layers.BatchNormalization, 3, -1),
        (layers.LayerNormalization, [2, 3], [-2, -1]),
        (layers.Softmax, -1, 3),
        (layers.UnitNormalization, 1, -3),
    ],
)
def test_axes_are_compared_counted_from_the_front(layer, student_axis, reference_axis):
    def model(axis):
        return keras.Sequential([keras.Input(shape=(4, 5, 6)), layer(axis=axis)])

    assert check(model(student_axis), model(reference_axis)).correct


def test_a_different_axis_says_which_axis_a_negative_one_is():
    def model(axis):
        inputs = keras.Input(shape=(8, 8, 3))
        a = layers.Conv2D(4, 1)(inputs)
        b = layers.Conv2D(4, 3, padding="same")(inputs)
        return keras.Model(inputs, layers.Concatenate(axis=axis)([a, b]))

    result = check(model(1), model(-1))
    assert result.kind == "config"
    assert result.message.startswith(
        "Layer 'concatenate' (Concatenate) has axis=1; the reference has axis=-1. "
        "For inputs of shape (None, 8, 8, 4), axis=-1 means axis 3."
    )
    assert (
        result.hint
        == "Change it to Concatenate(), leaving out axis, whose default is -1."
    )


def test_the_axis_of_a_layer_from_outside_keras_is_compared_as_written():
    # it may count the axes of its output (an axis to insert): -1 is not 2 there
    class InsertAxis(layers.Layer):
        def __init__(self, axis, **kwargs):
            super().__init__(**kwargs)
            self.axis = axis

        def call(self, x):
            return keras.ops.expand_dims(x, self.axis)

        def get_config(self):
            return {**super().get_config(), "axis": self.axis}

    def model(axis):
        return keras.Sequential([keras.Input(shape=(4, 5)), InsertAxis(axis)])

    result = check(model(2), model(-1))
    assert result.kind == "config" and "axis=2" in result.message


def test_missing_branch():
    inputs = keras.Input(shape=(8, 8, 3))
    a = layers.Conv2D(4, 1, activation="relu")(inputs)
    b = layers.Conv2D(4, 3, padding="same", activation="relu")(inputs)
    student = keras.Model(inputs, layers.Concatenate()([a, b]))
    result = check(student, inception())
    assert result.kind == "missing-layer"
    assert "MaxPooling2D(" in result.message and "to the input" in result.message


def test_wrong_kernel_in_one_branch():
    result = check(inception(kernel=5), inception())
    assert result.kind == "kernel_size"


def test_swapped_calls_of_a_shared_layer_are_named_by_what_they_read():
    result = check(siamese(swap=True), siamese())
    assert result.kind == "connection"
    assert (
        "combines 'encoder' called on the input 'right' and 'encoder' called on "
        "the input 'left', in this order; the reference combines 'encoder' called "
        "on the input 'left' and 'encoder' called on the input 'right'"
    ) in result.message
    assert result.hint == (
        "Pass the tensors to 'subtract' in the reference's order: 'encoder' called "
        "on the input 'left', then 'encoder' called on the input 'right'."
    )


def test_a_shared_nested_model_is_named_as_called_not_by_its_last_layer():
    result = check(siamese(swap=True, nested=True), siamese(nested=True))
    assert result.kind == "connection"
    assert (
        "combines 'encoder' called on the input 'right' and 'encoder' called on "
        "the input 'left', in this order"
    ) in result.message


def test_the_output_of_a_nested_model_is_named_after_the_model():
    # lesson 8: a head on the other head, where the reference reads the encoder
    def heads(odd_on_digit):
        encoder = keras.Sequential(
            [keras.Input(shape=(64,)), layers.Dense(16, activation="relu")],
            name="encoder",
        )
        pixels = keras.Input(shape=(64,))
        code = encoder(pixels)
        digit = layers.Dense(10, activation="softmax", name="digit")(code)
        odd = layers.Dense(1, activation="sigmoid", name="odd")(
            digit if odd_on_digit else code
        )
        return keras.Model(pixels, {"digit": digit, "odd": odd})

    result = check(heads(True), heads(False))
    assert result.kind == "connection" and result.layer == "odd"
    assert result.message == (
        "Layer 'odd' (Dense) takes its input from 'digit', but in the reference "
        "this layer takes its input from 'encoder'."
    )
    assert result.hint == "Call 'odd' on the output of 'encoder' instead."


def test_layers_not_shared():
    result = check(siamese(shared=False), siamese())
    assert result.kind == "shared" and result.layer == "encoder_2"
    assert "two different layers, 'encoder' and 'encoder_2'" in result.message
    assert "shared" in result.hint


def test_nested_encoders_not_shared():
    result = check(siamese(shared=False, nested=True), siamese(nested=True))
    assert result.kind == "shared"
    assert "encoder_2/" in result.layer


def test_layer_shared_where_the_reference_has_two():
    result = check(siamese(), siamese(shared=False))
    assert result.kind == "shared" and result.layer == "encoder"
    assert "more than once" in result.message


def test_too_few_inputs():
    result = check(mlp_sequential(shape=(10,)), siamese())
    assert result.kind == "inputs"
    assert "1 input; the reference has 2" in result.message
    assert "Sequential model always has exactly one input" in result.hint


def test_a_sequential_student_for_a_model_of_two_outputs_is_sent_to_functional():
    student = keras.Sequential(
        [keras.Input((5,)), layers.Dense(8, activation="relu"), layers.Dense(1)]
    )
    x = keras.Input((5,))
    hidden = layers.Dense(8, activation="relu")(x)
    reference = keras.Model(x, [layers.Dense(1)(hidden), layers.Dense(3)(hidden)])
    result = check(student, reference)
    assert result.kind == "outputs"
    assert result.hint.startswith(
        "A keras.Sequential model returns what its last layer returns, here one "
        "tensor: write this model with the Functional API."
    )


def test_too_few_outputs():
    text = keras.Input(shape=(5,))
    meta = keras.Input(shape=(3,))
    x = layers.Dense(8, activation="relu")(layers.Concatenate()([text, meta]))
    student = keras.Model([text, meta], layers.Dense(1)(x))
    result = check(student, two_heads())
    assert result.kind == "outputs"
    assert "1 output; the reference has 2" in result.message


def test_output_names_differ():
    result = check(two_heads(keys=("cost", "kind")), two_heads())
    assert result.kind == "outputs"
    assert "['cost', 'kind']" in result.message and "'price'" in result.message
    assert result.hint == (
        "Rename the keys of the outputs dict you pass to keras.Model: 'cost' to "
        "'price'."
    )


def test_list_of_outputs_where_the_reference_returns_a_dict():
    result = check(two_heads(dict_outputs=False), two_heads())
    assert not result and result.kind == "structure"
    assert result.message == (
        "Your model returns its outputs as a list; the reference returns a dict "
        "with the keys 'price' and 'kind', which compile(loss={...}) and fit() "
        "use to find each output."
    )
    assert result.hint == (
        "Pass a dict to keras.Model: outputs={'price': ..., 'kind': ...}, with "
        "the output of 'price' under 'price' and the output of 'kind' under 'kind'."
    )


def test_a_swapped_list_of_outputs_is_told_which_output_goes_under_each_key():
    student = two_heads(dict_outputs=False, swap=True, keys=("p", "k"))
    result = check(student, two_heads())
    assert result.kind == "structure"
    assert "the output of 'p' under 'price' and the output of 'k' under 'kind'" in (
        result.hint
    )


def test_list_of_inputs_where_the_reference_takes_a_dict():
    result = check(two_heads(dict_inputs=False), two_heads())
    assert result.kind == "structure"
    assert result.message.startswith(
        "Your model takes its inputs as a list; the reference takes a dict with "
        "the keys 'text' and 'meta'"
    )
    assert result.hint == (
        "Pass a dict to keras.Model: inputs={'text': ..., 'meta': ...}, with your "
        "input 'text' under 'text' and your input 'meta' under 'meta'."
    )


def test_a_list_of_inputs_named_otherwise_is_paired_by_shape():
    # a dict has no order: the list's order is no mistake, the list is
    student = two_heads(
        dict_inputs=False, swap_inputs=True, input_names=("words", "info")
    )
    result = check(student, two_heads())
    assert result.kind == "structure"
    assert "your input 'words' under 'text' and your input 'info' under 'meta'" in (
        result.hint
    )


def test_a_sequential_model_where_the_reference_takes_a_dict():
    inputs = keras.Input(shape=(100,), name="features")
    reference = keras.Model({"features": inputs}, layers.Dense(10)(inputs))
    student = keras.Sequential([keras.Input(shape=(100,)), layers.Dense(10)])
    result = check(student, reference)
    assert result.kind == "structure"
    assert "takes its input as a single tensor" in result.message
    assert result.hint == (
        "A keras.Sequential model takes a single tensor, never a dict: write this "
        "model with the Functional API. Pass a dict to keras.Model: "
        "inputs={'features': ...}."
    )


def test_outputs_in_the_wrong_order():
    result = check(two_heads(as_dict=False, swap=True), two_heads(as_dict=False))
    assert result.kind == "outputs"
    assert "output 1" in result.message


def test_wrong_output_units_in_one_head():
    result = check(two_heads(price_units=2), two_heads())
    assert result.kind == "units" and result.layer == "price"
    assert "(None, 2) instead of (None, 1)" in result.message


def test_wrong_input_shape():
    result = check(mlp_sequential(shape=(50,)), mlp_functional())
    assert result.kind == "input-shape"
    assert "(None, 50)" in result.message and "(None, 100)" in result.message
    assert result.hint == "Use keras.Input(shape=(100,))."


def test_wrong_reshape_target_changes_the_output_shape():
    def model(target):
        return keras.Sequential(
            [keras.Input(shape=(16,)), layers.Reshape(target, name="reshape")]
        )

    result = check(model((2, 8)), model((4, 4)))
    assert result.kind == "config"
    assert "target_shape=(2, 8)" in result.message
    assert "output has shape (None, 2, 8) instead of (None, 4, 4)" in result.message


def test_reports_the_first_difference_only():
    student = mlp_sequential(
        layers.Dense(32, activation="relu", name="first"),
        layers.Dense(64, activation="tanh", name="second"),
        layers.Dense(10, activation="softmax"),
    )
    result = check(student, mlp_functional())
    assert result.layer == "first" and result.kind == "units"


def test_none_and_non_models_are_answers_not_crashes():
    result = check(None, mlp_functional())
    assert result.kind == "not-a-model" and "received None" in result.message
    result = check("model.keras", mlp_functional())
    assert result.kind == "not-a-model"
    assert "received the text 'model.keras'" in result.message
    assert "keras.saving.load_model(path)" in result.hint


def test_a_builder_function_or_a_class_is_told_what_to_pass_instead():
    result = check(mlp_functional, mlp_functional())
    assert "received the function mlp_functional" in result.message
    assert "mlp_functional()" in result.hint
    assert "check(model, reference)" in result.hint
    result = check(keras.Sequential, mlp_functional())
    assert "the class Sequential itself" in result.message


class _Subclassed(keras.Model):
    """A student's subclassed model: no keras.Input to give it a shape."""

    def __init__(self, units=10, numpy=False):
        super().__init__()
        self.hidden = layers.Dense(64, activation="relu")
        self.out = layers.Dense(units, activation="softmax")
        self.numpy = numpy

    def call(self, x):
        if self.numpy:
            x = np.asarray(x)  # cannot be traced
        return self.out(self.hidden(x))


def test_an_unbuilt_subclassed_student_is_traced_on_the_reference_shape():
    reference = keras.Sequential(
        [
            keras.Input((100,)),
            layers.Dense(64, activation="relu"),
            layers.Dense(10, activation="softmax"),
        ]
    )
    assert check(_Subclassed(), reference).correct
    result = check(_Subclassed(units=3), reference)
    assert result.kind == "units"
    result = check(_Subclassed(numpy=True), reference)
    assert result.kind == "not-built"
    assert "on inputs of the exercise's shape ((100,))" in result.message
    assert "NumPy" in result.message  # what in call() to change
    assert result.hint.startswith("Change call() as the message says")


def test_an_unbuilt_reference_is_told_how_to_give_it_a_shape():
    reference = keras.Sequential([layers.Dense(10)], name="ref")
    with pytest.raises(NotBuiltError) as info:
        check(mlp_functional(), reference)
    message = str(info.value)
    assert "the reference 'ref' does not yet" in message
    assert "reference.build((None, ...))" in message
    assert "input_shape=(" not in message  # check() takes no input_shape


def test_unbuilt_student_gets_the_input_shape_in_the_hint():
    result = check(keras.Sequential([layers.Dense(10)]), mlp_functional())
    assert result.kind == "not-built"
    assert "keras.Input(shape=(100,))" in result.hint


def test_empty_student_is_told_to_add_layers():
    student = keras.Sequential()
    student.add(keras.Input(shape=(100,)))
    result = check(student, mlp_functional())
    assert result.kind == "empty" and "no layers yet" in result.message
    assert "model.add(" in result.hint


def test_reference_must_be_a_model():
    with pytest.raises(TypeError, match="expected a Keras model"):
        check(mlp_functional(), "not a model")


# -- display ---------------------------------------------------------------------
def test_display_of_a_correct_answer():
    result = check(mlp_sequential(), mlp_functional())
    assert str(result).startswith("Correct! Your model has the same architecture")
    assert repr(result) == str(result)
    assert "✅" in result._repr_markdown_()
    html_text = result._repr_html_()
    assert "✔ Correct!" in html_text and "#1a7f37" in html_text  # green tick


def test_display_of_a_wrong_answer_escapes_names():
    student = mlp_sequential(
        layers.Dense(32, activation="relu", name="<b>h1<b>"),
        layers.Dense(64, activation="relu"),
        layers.Dense(10, activation="softmax"),
    )
    result = check(student, mlp_functional())
    assert str(result) == f"Not yet: {result.message}\nHint: {result.hint}"
    markdown = result._repr_markdown_()
    assert "**Not yet:**" in markdown and "*Hint:*" in markdown
    html_text = result._repr_html_()
    assert "#b35900" in html_text  # orange note
    assert "&lt;b&gt;h1&lt;b&gt;" in html_text and "<b>h1<b>" not in html_text


def test_result_is_a_plain_value():
    result = CheckResult(False, "m", "h", "l", "units")
    assert not result and result.kind == "units"
    assert CheckResult(True, "ok")


# -- a keras.Sequential answer to a reference that branches ------------------------
def branching(*, activation="relu"):
    """The input feeds two Dense layers whose outputs are added."""
    inputs = keras.Input(shape=(16,))
    a = layers.Dense(8, activation=activation)(inputs)
    b = layers.Dense(8)(inputs)
    return keras.Model(inputs, layers.Dense(1)(layers.Add()([a, b])))


def chain(*stack, sequential=True):
    if sequential:
        return keras.Sequential([keras.Input(shape=(16,)), *stack])
    x = inputs = keras.Input(shape=(16,))
    for layer in stack:
        x = layer(x)
    return keras.Model(inputs, x)


@pytest.mark.parametrize("with_second_branch", [True, False])
def test_sequential_student_is_told_the_reference_needs_the_functional_api(
    with_second_branch,
):
    stack = [layers.Dense(8, activation="relu")]
    if with_second_branch:
        stack.append(layers.Dense(8))
    result = check(chain(*stack, layers.Dense(1)), branching())
    assert result.kind == "needs-functional" and result.layer is None
    assert result.message.startswith("The reference is not a single chain")
    # where it branches and merges, in words, not in the reference's own names
    assert (
        "the input branches: it feeds Dense(8, activation='relu') and Dense(8)"
        in result.message
    )
    assert "Add() merges their outputs" in result.message
    assert "dense" not in result.message.replace("Dense", "")
    assert "Functional API" in result.hint
    assert "keras.Input(shape=(16,))" in result.hint and "Add()([a, b])" in result.hint
    assert "Call " not in result.hint  # no wiring a Sequential model cannot do


def test_needs_functional_names_the_layers_a_person_named():
    student = chain(
        layers.Dense(16, activation="relu"),
        layers.Dense(16, activation="relu"),
        layers.Dense(16),
        layers.Dense(3, activation="softmax"),
    )
    result = check(student, residual())
    assert "the output of 'stem' (Dense(16, activation='relu')) branches" in (
        result.message
    )
    assert "'merge' merges" in result.message  # named once, then by name
    assert "keep the output of 'stem' in a variable" in result.hint


def test_sequential_student_with_a_functional_block_inside_is_compared_as_usual():
    inputs = keras.Input(shape=(8, 8, 3))
    block = keras.Model(inputs, inception()(inputs), name="block")
    student = keras.Sequential([keras.Input(shape=(8, 8, 3)), block])
    assert check(student, inception()).correct


def test_functional_chain_missing_a_branch_is_told_so():
    student = chain(
        layers.Dense(8, activation="relu"), layers.Dense(1), sequential=False
    )
    result = check(student, branching())
    assert result.kind == "missing-layer"
    assert "missing a branch" in result.message
    assert "applies Dense(8) to the input" in result.message
    assert "Add Dense(8) and call it on the input too" in result.hint
    assert "Call " not in result.hint  # the output layer is not re-wired


def test_functional_chain_with_the_right_layers_is_told_how_to_wire_them():
    student = chain(
        layers.Dense(8, activation="relu"),
        layers.Dense(8, name="second"),
        layers.Dense(1),
        sequential=False,
    )
    result = check(student, branching())
    assert result.kind == "connection" and result.layer == "second"
    assert result.hint == "Call 'second' on the input instead."


def test_layers_without_get_config_are_compared_by_class():
    import numpy as np

    def model(*stack):
        return keras.Sequential([keras.Input(shape=(4,)), *stack])

    reference = model(NoConfigScale(np.ones(4)), layers.Dense(1))
    assert check(model(NoConfigScale(np.zeros(4)), layers.Dense(1)), reference)
    result = check(model(layers.Dense(1)), reference)
    assert result.kind == "missing-layer"
    assert "NoConfigScale(...)" in result.message


@pytest.mark.parametrize(
    ("function", "written"),
    [(np.tanh, "np.tanh"), (np.ma.exp, "np.ma.exp")],
    ids=["tanh", "ma.exp"],
)
def test_a_layer_with_a_numpy_activation_is_not_said_to_have_none_units(
    function, written
):
    # its settings cannot be read: the message said "has None units; the
    # reference has 4" (np.ma.exp: "uses the {'module': 'numpy.ma.core', ...}
    # activation")
    reference = keras.Sequential([keras.Input((3,)), layers.Dense(4, name="d")])
    for units in (4, 5):
        student = keras.Sequential(
            [keras.Input((3,)), layers.Dense(units, activation=function, name="d")]
        )
        result = check(student, reference)
        assert not result
        assert result.message.startswith(
            f"Layer 'd' (Dense) has activation={written}, a NumPy function"
        )
        assert "check() cannot compare its settings" in result.message
        assert "Drawing the model" not in result.message  # reader's own words
        assert "None units" not in result.message
        assert "numpy.ma.core" not in result.message
        assert result.hint == "Change it to Dense(4)."
        shape = "Also, your model's output has shape (None, 5) instead of (None, 4)"
        assert (shape in result.message) == (units == 5)


def test_a_student_layer_that_cannot_be_connected_is_not_called_unbuilt():
    student = mlp_sequential(layers.Layer(name="bare"))
    result = check(student, mlp_functional())
    assert result.kind == "not-a-model"
    assert "could not connect the layers" in result.message


def test_a_subclassed_answer_that_cannot_be_traced_is_told_to_change_call():
    import numpy as np
    from custom_layers import DenseMadeInCall

    student = DenseMadeInCall()
    student(np.zeros((1, 4), "float32"))  # built, as a student's model would be
    result = check(student, mlp_functional())
    assert result.kind == "not-a-model"
    assert "__init__" in result.message  # the reader's own advice
    assert result.hint == (
        "Change call() as the message says, or build it with keras.Sequential "
        "or with the Functional API."
    )


# -- style: the API the exercise asks for ------------------------------------------
def test_style_accepts_the_style_asked_for():
    assert check(mlp_functional(), mlp_sequential(), style="functional").correct
    assert check(mlp_sequential(), mlp_functional(), style="sequential").correct
    assert check(mlp_sequential(), mlp_functional(), style=None).correct


def test_style_functional_refuses_a_sequential_answer():
    result = check(mlp_sequential(), mlp_functional(), style="functional")
    assert not result and result.kind == "wrong-style"
    assert result.message == (
        "Your model is right, but it is a keras.Sequential; this exercise asks "
        "for the Functional API."
    )
    assert result.hint == (
        "Start with inputs = keras.Input(shape=(100,)), call each layer on the "
        "tensor before it (x = layers.Dense(64, activation='relu')(inputs), then "
        "the next layer on x), and end with model = keras.Model(inputs, outputs)."
    )


def test_style_sequential_refuses_a_functional_answer():
    result = check(mlp_functional(), mlp_sequential(), style="sequential")
    assert result.kind == "wrong-style"
    assert result.message == (
        "Your model is right, but it is written with the Functional API "
        "(keras.Model(inputs, outputs)); this exercise asks for a keras.Sequential "
        "model."
    )
    assert result.hint == (
        "List the same layers in order in keras.Sequential, starting with the "
        "input and without calling them on tensors: keras.Sequential(["
        "keras.Input(shape=(100,)), layers.Dense(64, activation='relu'), ...])."
    )


@pytest.mark.parametrize("style", ["functional", "sequential"])
def test_a_subclassed_model_is_neither_style(style):
    result = check(subclassed_mlp(), mlp_functional(), style=style)
    assert result.kind == "wrong-style"
    assert (
        "it is a subclass of keras.Model with its own call(), which is neither a "
        "keras.Sequential nor a Functional model" in result.message
    )


def test_a_wrong_architecture_is_told_before_the_style():
    student = mlp_sequential(
        layers.Dense(32, activation="relu"),
        layers.Dense(64, activation="relu"),
        layers.Dense(10, activation="softmax"),
    )
    assert check(student, mlp_functional(), style="functional").kind == "units"


@pytest.mark.parametrize(
    ("style", "suggestion"),
    [
        ("Functional", "Did you mean 'functional'?"),
        ("seq", "Did you mean 'sequential'?"),
        (keras.Sequential, "Did you mean 'sequential'?"),
        ("subclassed", "Received: style='subclassed'."),
        (True, "Received: style=True."),
    ],
)
def test_an_unknown_style_is_refused_with_the_allowed_values(style, suggestion):
    with pytest.raises(KerasTeachError) as info:
        check(mlp_functional(), mlp_functional(), style=style)
    message = str(info.value)
    assert message.startswith(
        "style expected 'functional', 'sequential' or None (the API the exercise "
        "asks for; None accepts either)."
    )
    assert suggestion in message


def test_style_sequential_for_a_reference_with_a_branch_is_an_error():
    with pytest.raises(KerasTeachError, match="not a single chain of layers"):
        check(residual(), residual(), style="sequential")


def test_inputs_listed_in_another_order_are_told_the_order_not_a_shape():
    def two(order):
        a = keras.Input((4,), name="a")
        b = keras.Input((6,), name="b")
        out = layers.Dense(1)(layers.Concatenate()([a, b]))
        return keras.Model([a, b] if order == "ab" else [b, a], out)

    result = check(two("ba"), two("ab"))
    assert result.kind == "input-order"
    assert result.message == (
        "Your model's inputs are listed in another order than the reference's: "
        "keras.Model(inputs=[b, a], ...) takes the input 'b' first, but the "
        "reference takes 'a' (shape (4,)) first, then 'b' (shape (6,))."
    )
    assert "keras.Model(inputs=[a, b], outputs=...)" in result.hint
    assert "keras.Input(shape=" not in result.hint
    assert check(two("ab"), two("ab")).correct


@pytest.mark.parametrize("shapes", [((4,), (6,)), ((4,), (4,))], ids=["2", "1"])
@pytest.mark.parametrize("named", [True, False], ids=["named", "keras-named"])
def test_inputs_listed_in_another_order_blame_no_layer(shapes, named):
    # equal shapes: only the names tell that b is listed where a belongs;
    # the Dense layers or the Concatenate that reads them were blamed
    reference = two_branches(shapes=shapes, named=named)
    result = check(two_branches("ba", shapes=shapes, named=named), reference)
    assert result.kind == "input-order"
    assert "Concatenate" not in result.message + result.hint
    assert "Dense" not in result.message + result.hint
    if named:
        assert result.message.startswith(
            "Your model's inputs are listed in another order than the "
            "reference's: keras.Model(inputs=[b, a], ...) takes the input 'b' "
            "first, but the reference takes 'a' "
        )
        assert result.hint == (
            "List your inputs in that order: keras.Model(inputs=[a, b], "
            "outputs=...), and give the data in the same order."
        )
    else:  # Keras's names, in the order made: the student's names are unknown
        assert "keras.Model(inputs=[...], ...) takes the input 'input_layer_" in (
            result.message
        )
        assert "names Keras gave your keras.Input layers" in result.message
        assert "Give each keras.Input a name" in result.hint
    if shapes[0] == shapes[1]:  # found by pairing the inputs by name
        assert result.message.endswith(
            "Your layers are right: only this order differs, and with it each "
            "input's data would go to the other input's layers."
        )


@pytest.mark.parametrize("shapes", [((4,), (6,)), ((4,), (4,))], ids=["2", "1"])
@pytest.mark.parametrize("named", [True, False], ids=["named", "keras-named"])
def test_a_swapped_concatenate_with_inputs_in_order_blames_it(shapes, named):
    reference = two_branches(shapes=shapes, named=named)
    result = check(two_branches("ab", "ba", shapes=shapes, named=named), reference)
    assert result.kind == "connection" and result.layer.startswith("concatenate")
    assert "in this order" in result.message and "order matters" in result.message


def test_inputs_named_like_the_reference_listed_in_another_order_come_first():
    # two differences: the inputs' order is told first, then the Concatenate
    reference = two_branches(shapes=((4,), (4,)))
    result = check(two_branches("ba", "ba", shapes=((4,), (4,))), reference)
    assert result.kind == "input-order"
    assert "Your layers are right" not in result.message
    result = check(two_branches("ab", "ba", shapes=((4,), (4,))), reference)
    assert result.kind == "connection"


# -- wrong answers beginners give, told where and what to do -----------------
def test_a_missing_output_of_a_dict_is_named_and_the_hint_adds_it():
    text = keras.Input(shape=(5,), name="text")
    meta = keras.Input(shape=(3,), name="meta")
    x = layers.Dense(8, activation="relu")(layers.Concatenate()([text, meta]))
    student = keras.Model({"text": text, "meta": meta}, {"price": layers.Dense(1)(x)})
    result = check(student, two_heads())
    assert result.kind == "outputs"
    assert result.message == (
        "Your model has 1 output ('price'); the reference has 2 ('price' of shape "
        "(None, 1) and 'kind' of shape (None, 4))."
    )
    assert result.hint == (
        "Return both outputs: keras.Model(inputs, {'price': ..., 'kind': ...}), "
        "adding 'kind'."
    )


def test_too_many_outputs_or_inputs_are_told_to_remove_not_to_add():
    text = keras.Input(shape=(5,), name="text")
    meta = keras.Input(shape=(3,), name="meta")
    x = layers.Dense(8, activation="relu")(layers.Concatenate()([text, meta]))
    outputs = {
        "price": layers.Dense(1)(x),
        "kind": layers.Dense(4, activation="softmax")(x),
        "extra": layers.Dense(2)(x),
    }
    result = check(keras.Model({"text": text, "meta": meta}, outputs), two_heads())
    assert result.kind == "outputs"
    assert "3 outputs ('price', 'kind' and 'extra')" in result.message
    assert result.hint == "Keep only the reference's 2 outputs: remove 'extra'."

    a, b, c = (keras.Input(shape=(10,)) for _ in range(3))
    student = keras.Model([a, b, c], layers.Dense(1)(layers.Concatenate()([a, b])))
    result = check(student, siamese())
    assert result.kind == "inputs"
    assert result.hint == (
        "Keep only the reference's 2 inputs. No layer of your model reads your "
        "input 'input_layer_2'."
    )


def test_a_functional_student_is_not_told_about_sequential_in_the_count_hint():
    a = keras.Input(shape=(10,))
    student = keras.Model(a, layers.Dense(1)(layers.Dense(8)(a)))
    result = check(student, siamese())
    assert result.kind == "inputs"
    assert "Sequential" not in result.hint
    assert result.hint.startswith("Create one keras.Input for each of the 2 inputs")


@pytest.mark.parametrize("where", ["before", "after"])
def test_two_layers_in_the_wrong_order_are_told_to_swap(where):
    dense, dropout = (
        layers.Dense(64, activation="relu", name="h"),
        layers.Dropout(0.2, name="drop"),
    )
    out = layers.Dense(10, activation="softmax", name="out")
    reference = mlp_sequential(
        layers.Dense(64, activation="relu"),
        layers.Dropout(0.2),
        layers.Dense(10, activation="softmax"),
    )
    stack = (dropout, dense, out) if where == "before" else (dense, out, dropout)
    result = check(mlp_sequential(*stack), reference)
    assert result.kind == "order"
    first, second = ("drop", "h") if where == "before" else ("out", "drop")
    assert result.layer == first
    assert f"layers '{first}' " in result.message.lower()
    assert "are in the wrong order" in result.message
    assert result.hint.startswith(f"Swap them: '{second}' comes right after")


def test_a_misconnected_branch_is_blamed_not_its_sibling():
    inputs = keras.Input(shape=(8, 8, 3))
    a = layers.Conv2D(4, 1, activation="relu", name="a")(inputs)
    b = layers.Conv2D(4, 3, padding="same", activation="relu", name="b")(a)
    c = layers.MaxPooling2D(3, strides=1, padding="same", name="c")(inputs)
    student = keras.Model(inputs, layers.Concatenate()([a, b, c]))
    result = check(student, inception())
    assert result.kind == "connection" and result.layer == "b"
    assert result.message == (
        "Layer 'b' (Conv2D) takes its input from 'a', but in the reference this "
        "layer takes its input from the input."
    )


def block_of(n, *, before_merge=True):
    """A skip around ``n`` Dense layers (merged by Add), or, when not
    ``before_merge``, a max pooling branch of an inception module with ``n``
    1x1 convolutions after it."""
    if before_merge:
        inputs = keras.Input(shape=(16,))
        h = y = layers.Dense(16, activation="relu", name="h")(inputs)
        for k in range(n):
            y = layers.Dense(16, name=f"f{k}")(y)
        merged = layers.Add(name="add")([h, y])
        return keras.Model(inputs, layers.Dense(3, name="out")(merged))
    inputs = keras.Input(shape=(8, 8, 1))
    a = layers.Conv2D(4, 1, activation="relu", name="a")(inputs)
    c = layers.MaxPooling2D(3, strides=1, padding="same", name="pool")(inputs)
    for k in range(n):
        c = layers.Conv2D(4, 1, activation="relu", name=f"proj{k}")(c)
    return keras.Model(inputs, layers.Concatenate(name="merge")([a, c]))


def test_a_layer_missing_before_a_merge_is_not_a_missing_branch():
    result = check(block_of(1), block_of(2))
    assert result.kind == "missing-layer" and result.layer == "f0"
    assert result.message == (
        "Your model is missing a layer: between 'f0' and 'add' (Add) the "
        "reference has Dense(16), but your model passes the output of 'f0' "
        "straight to 'add'."
    )
    assert "branch" not in result.hint
    result = check(block_of(0, before_merge=False), block_of(1, before_merge=False))
    assert result.kind == "missing-layer" and result.layer == "pool"
    assert "between 'pool' and 'merge' (Concatenate)" in result.message


def test_an_extra_layer_before_a_merge_is_named():
    result = check(block_of(3), block_of(2))
    assert result.kind == "extra-layer" and result.layer == "f2"
    assert result.message == (
        "Your model has an extra layer 'f2' (Dense(16)) between 'f1' and 'add'; "
        "the reference passes the output of 'f1' straight to Add."
    )
    assert result.hint == "Remove 'f2', so that 'add' reads the output of 'f1'."


def test_a_block_called_twice_on_the_same_data_is_told_to_reuse_its_result():
    def heads(encoder, twice):
        pixels = keras.Input(shape=(64,))
        code = encoder(pixels)
        digit = layers.Dense(10, activation="softmax", name="digit")(code)
        odd = layers.Dense(1, activation="sigmoid", name="odd")(
            encoder(pixels) if twice else code
        )
        return keras.Model(pixels, {"digit": digit, "odd": odd})

    def encoder():
        return keras.Sequential(
            [keras.Input(shape=(64,)), layers.Dense(16, activation="relu")],
            name="encoder",
        )

    result = check(heads(encoder(), twice=True), heads(encoder(), twice=False))
    assert result.kind == "connection" and result.layer == "odd"
    assert result.message.startswith(
        "Your model calls 'encoder' twice on the input, and layer 'odd' (Dense) "
        "reads the result of the second call."
    )
    assert result.hint.startswith("Call 'encoder' only once")


def test_a_shared_layer_called_twice_on_one_input_names_the_unread_input():
    left = keras.Input(shape=(10,), name="left")
    right = keras.Input(shape=(10,), name="right")
    encoder = layers.Dense(8, activation="relu", name="encoder")
    merged = layers.Subtract()([encoder(left), encoder(left)])
    student = keras.Model([left, right], layers.Dense(1, activation="sigmoid")(merged))
    result = check(student, siamese())
    assert result.kind == "connection" and result.layer == "encoder"
    assert result.message.startswith(
        "One of the calls of layer 'encoder' (Dense) reads the input 'left', but "
        "in the reference this call reads the input 'right'."
    )
    assert result.message.endswith("No layer of your model reads your input 'right'.")


def test_a_fixed_batch_size_is_told_at_the_input():
    student = keras.Sequential(
        [
            keras.Input(shape=(100,), batch_size=32, name="x"),
            layers.Dense(64, activation="relu"),
            layers.Dense(64, activation="relu"),
            layers.Dense(10, activation="softmax"),
        ]
    )
    result = check(student, mlp_functional())
    assert result.kind == "input-shape" and result.layer == "x"
    assert "fixes the batch size to 32" in result.message
    assert result.hint.startswith("Use keras.Input(shape=(100,)), without batch_size")


@pytest.mark.parametrize("layer", [layers.Softmax, layers.ReLU])
def test_a_separate_activation_layer_of_any_kind_gets_the_hint(layer):
    units, act = (10, "softmax") if layer is layers.Softmax else (64, "relu")
    stack = [
        layers.Dense(64, activation="relu"),
        layers.Dense(64, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ]
    stack[0 if act == "relu" else 2] = layers.Dense(units, name="plain")
    stack.insert(1 if act == "relu" else 3, layer(name="separate"))
    result = check(mlp_sequential(*stack), mlp_functional())
    assert result.kind == "activation" and result.layer == "plain"
    assert (
        f"{act!r} right after it, in its {layer.__name__} layer 'separate'. That "
        "computes the same" in result.message
    )
    assert result.hint.endswith("remove 'separate' from the list of layers.")


def test_a_functional_student_missing_a_layer_is_told_how_to_connect_it():
    inputs = keras.Input(shape=(100,))
    layers.Dense(64, activation="relu", name="made_not_called")(inputs)
    x = layers.Dense(64, activation="relu", name="second")(inputs)
    outputs = layers.Dense(10, activation="softmax", name="out")(x)
    result = check(keras.Model(inputs, outputs), mlp_functional())
    assert result.kind == "missing-layer"
    assert result.hint == (
        "Add Dense(64, activation='relu') between 'second' and 'out': call it on "
        "the output of 'second', and call 'out' on its result."
    )


def test_a_model_that_goes_on_past_the_reference_output_is_told_where_to_end():
    model = mlp_functional()
    reference = keras.Model(model.inputs, model.get_layer("hidden_1").output)
    result = check(model, reference)
    assert result.kind == "extra-layer" and result.layer == "hidden_2"
    assert result.message == (
        "Your model goes on after 'hidden_1' with 'hidden_2' (Dense(64, "
        "activation='relu')), then 1 more layer, but the reference ends there: "
        "its output is the output of 'hidden_1'."
    )
    assert result.hint == (
        "End your model at the output of 'hidden_1': remove 'hidden_2' and the "
        "layers after it, and pass that tensor as the outputs of keras.Model."
    )


@pytest.mark.parametrize("way", ["late", "early"])
def test_a_layer_moved_further_is_told_where_it_belongs(way):
    def stack(order):
        made = {
            "a": layers.Dense(32, activation="relu", name="a"),
            "b": layers.Dense(16, activation="relu", name="b"),
            "c": layers.Dense(3, activation="softmax", name="c"),
            "drop": layers.Dropout(0.1, name="drop"),
        }
        return mlp_sequential(*(made[k] for k in order), shape=(4,))

    late = way == "late"
    reference = stack(["a", "drop", "b", "c"] if late else ["a", "b", "drop", "c"])
    if way == "late":  # the student's Dropout comes two layers too late
        result = check(stack(["a", "b", "c", "drop"]), reference)
        assert result.kind == "order" and result.layer == "drop"
        assert result.message == (
            "Layer 'drop' (Dropout) is in the wrong place: your model has it after "
            "'c', but the reference has Dropout(0.1) right after 'a', before 'b'."
        )
        assert result.hint == (
            "Move 'drop' so that it comes right after 'a', before 'b'."
        )
    else:  # two layers too early
        result = check(stack(["drop", "a", "b", "c"]), reference)
        assert result.kind == "order" and result.layer == "drop"
        assert result.hint == "Move 'drop' so that it comes right after 'b'."


def test_one_unit_is_one_unit():
    student = mlp_sequential(
        layers.Dense(64, activation="relu"),
        layers.Dense(64, activation="relu"),
        layers.Dense(1, activation="softmax", name="out"),
    )
    result = check(student, mlp_functional())
    assert result.message.startswith("Layer 'out' (Dense) has 1 unit; the reference")


def test_swapped_outputs_are_told_as_a_swap_with_what_each_is():
    # the layers are named after the other key: the names alone mislead
    result = check(two_heads(keys=("kind", "price")), two_heads())
    assert result.kind == "outputs"
    assert result.message == (
        "Your model's outputs 'price' and 'kind' are swapped: as output 'price' "
        "it returns the output of 'price' (Dense(4, activation='softmax')), which "
        "the reference returns as output 'kind', and the other way round."
    )
    assert result.hint == (
        "Swap the two tensors in the dict of outputs you pass to keras.Model."
    )
    result = check(two_heads(as_dict=False, swap=True), two_heads(as_dict=False))
    assert result.message.startswith("Your model's outputs 1 and 2 are swapped")


def test_other_input_keys_are_told_which_to_rename():
    words = keras.Input(shape=(5,), name="words")
    info = keras.Input(shape=(3,), name="info")
    x = layers.Dense(8, activation="relu")(layers.Concatenate()([words, info]))
    outputs = {
        "price": layers.Dense(1)(x),
        "kind": layers.Dense(4, activation="softmax")(x),
    }
    student = keras.Model({"info": info, "words": words}, outputs)
    result = check(student, two_heads())
    assert result.kind == "inputs"
    assert result.hint == (
        "Rename the keys of the inputs dict you pass to keras.Model: 'words' to "
        "'text' and 'info' to 'meta', and give each keras.Input the name of its "
        "key: keras.Input(shape=..., name='text')."
    )


def test_a_layer_named_with_capitals_gets_the_article_it_is_said_with():
    student = keras.Sequential(
        [keras.Input(shape=(8, 8)), layers.LSTM(16, name="rnn"), layers.Dense(10)]
    )
    reference = keras.Sequential(
        [keras.Input(shape=(8, 8)), layers.GRU(16), layers.Dense(10)]
    )
    result = check(student, reference)
    assert result.kind == "layer-type"
    assert result.message.startswith("Layer 'rnn' is an LSTM layer")
    assert "the reference has a GRU layer" in result.message


def test_an_activation_the_reference_puts_in_its_own_layer_is_told_so():
    reference = mlp_sequential(
        layers.Dense(64),
        layers.Activation("relu"),
        layers.Dense(10, activation="softmax"),
    )
    student = mlp_sequential(
        layers.Dense(64, activation="relu", name="h"),
        layers.Dense(10, activation="softmax"),
    )
    result = check(student, reference)
    assert result.kind == "activation" and result.layer == "h"
    assert result.hint == (
        "Change it to Dense(64). The reference applies the activation in a "
        "separate Activation layer right after it: add Activation('relu') after "
        "'h'."
    )


# -- a keras.Sequential answer to a reference no keras.Sequential can match --
def _dict_output():
    a = keras.Input((4,), name="a")
    return keras.Model(a, {"out": layers.Dense(3)(a)})


def _only_an_input():
    a = keras.Input((4,), name="a")
    return keras.Model(a, a)


def _an_op():
    a = keras.Input((4,), name="a")
    return keras.Model(a, layers.Dense(3)(keras.ops.relu(a)))


def _a_layer_with_three_outputs():
    a = keras.Input((4,), name="a")
    _, state, _ = layers.LSTM(3, return_state=True, name="lstm")(
        layers.Reshape((4, 1))(a)
    )
    return keras.Model(a, layers.Dense(3)(state))


def _call_arguments_and_a_nested_dict():
    a = keras.Input((4,), name="a")
    inner_input = keras.Input((4,))
    inner = keras.Model(inner_input, {"z": layers.Dense(4)(inner_input)}, name="inner")
    x = layers.Dense(4)(inner(a)["z"])
    dropped = layers.Dropout(0.5, name="always_drop")(x, training=True)
    return keras.Model(a, layers.Dense(3)(layers.Add()([x, dropped])))


_CHAIN_BLOCKERS = {
    # reference: (the words of the reason, the hint's step for it)
    _dict_output: (
        "the model returns its output in a dict, under the key 'out' "
        "(compile(loss={...}) and fit() find it by its key), and "
        "keras.Sequential returns a single tensor, never a dict.",
        "pass the outputs to keras.Model as a dict with the reference's key: "
        "outputs={'out': ...}; end with",
    ),
    _only_an_input: (
        "the model has no layers: it returns the input as it is, and "
        "keras.Sequential needs at least one layer after its keras.Input.",
        "Write your model with the Functional API, without layers: inputs = "
        "keras.Input(shape=(4,)), then model = keras.Model(inputs, inputs).",
    ),
    _an_op: (
        "'relu' is a raw operation (keras.ops.relu), not a layer; a Sequential "
        "model can only stack layers.",
        "apply keras.ops functions (or operators such as x + y) to tensors "
        "where the reference does",
    ),
    _a_layer_with_three_outputs: (
        "layer 'lstm' (LSTM) returns 3 tensors; a Sequential layer must return "
        "exactly one.",
        "a layer that returns several tensors gives a tuple: a, b = layer(x)",
    ),
}


@pytest.mark.parametrize("reference", list(_CHAIN_BLOCKERS), ids=lambda f: f.__name__)
def test_a_chain_no_sequential_can_match_is_told_to_a_sequential_student(reference):
    # a chain of layers by its structure, but one that returns a dict, has no
    # layers, applies a keras.ops function or has a layer that returns three
    # tensors: the Sequential student was told to add or change layers in it
    words, step = _CHAIN_BLOCKERS[reference]
    student = keras.Sequential([keras.Input((4,)), layers.Dense(3)])
    result = check(student, reference())
    assert result.kind == "needs-functional"
    assert result.message == (
        "The reference is a single chain, but one that keras.Sequential cannot "
        f"build, and your model is a keras.Sequential. In the reference, {words}"
    )
    assert step in result.hint
    with pytest.raises(KerasTeachError) as info:
        check(student, reference(), style="sequential")
    message = str(info.value)
    assert "but the reference is a single chain, but one that keras.Sequential " in (
        message
    )
    # explain's advice about the reference's own code is left out
    assert "Use the Functional code" not in message and "Add a layer" not in message


def test_a_sequential_of_only_an_input_is_told_to_use_keras_model():
    result = check(keras.Sequential([keras.Input((4,))]), _only_an_input())
    assert result.kind == "needs-functional"
    assert result.hint.endswith("model = keras.Model(inputs, inputs).")
    inputs = keras.Input((4,))
    assert check(keras.Model(inputs, inputs), _only_an_input()).correct


def test_a_sequential_that_holds_the_op_in_a_block_is_not_told_to_rewrite():
    # the reference's op, held in a Functional block of a Sequential model
    block_input = keras.Input((4,))
    block = keras.Model(block_input, keras.ops.relu(block_input))
    student = keras.Sequential([keras.Input((4,)), block, layers.Dense(3)])
    assert check(student, _an_op())


def test_every_reason_kind_has_words_and_a_hint_for_a_sequential_student():
    from kerasteach._check_api_style import _REASON_HINTS, _REASON_ORDER

    references = [
        residual(),
        siamese(),
        two_heads(as_dict=False),
        _call_arguments_and_a_nested_dict(),
        *(make() for make in _CHAIN_BLOCKERS),
    ]
    kinds = {r.kind for m in references for r in read_model(m).reasons}
    kinds |= {
        p.kind for m in references for r in read_model(m).reasons for p in r.parts
    }
    nested = read_model(_call_arguments_and_a_nested_dict()).layers
    kinds |= {
        r.kind for layer in nested if layer.submodel for r in layer.submodel.reasons
    }
    assert kinds >= {
        "inputs", "outputs", "no-layers", "branch", "merge", "shared", "op",
        "multi-output", "output-structure", "call-arguments",
    }  # fmt: skip
    assert kinds <= set(_REASON_ORDER)
    assert set(_REASON_ORDER) - {"branch", "no-layers"} <= set(_REASON_HINTS)
    # a reference that branches, calls a layer with training=True and holds a
    # model that returns a dict: each place has its step in the hint
    student = keras.Sequential([keras.Input((4,)), layers.Dense(3)])
    result = check(student, _call_arguments_and_a_nested_dict())
    assert result.kind == "needs-functional"
    assert "pass the extra call arguments the reference passes" in result.hint
    assert "take the tensor the next layer needs from it" in result.hint
    assert "Build 'inner'" not in result.message + result.hint
