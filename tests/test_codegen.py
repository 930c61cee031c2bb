"""Code generation on small models, proven by the round trip."""

from __future__ import annotations

import math
import re
import subprocess
import sys

import custom_layers
import keras
import numpy as np
import pytest
from _roundtrip import _rename, assert_round_trip, run_code, sample_inputs
from custom_layers import NoConfigScale
from hypothesis import given
from hypothesis import strategies as st
from keras import layers
from models import SMALL_MODELS, injection

import kerasteach as kt
from kerasteach.errors import (
    KerasTeachError,
    LambdaLayerError,
    NotBuiltError,
    NotSequentialError,
    TraceError,
    UnsupportedValueError,
)

# Model names that TensorFlow refuses as name scopes at predict time (the
# original cannot predict either); their round trip checks config only.
NO_PREDICT = {"odd_names"}
CHAINS = {
    "mlp",
    "functional_chain",
    "nested",
    "rnn_text",
    "odd_names",
    "customized",
    "augmented",
    "wrapped_model",
}


@pytest.mark.parametrize("faithful", [False, True], ids=["readable", "faithful"])
@pytest.mark.parametrize("name", sorted(SMALL_MODELS))
def test_functional_round_trip(name, faithful):
    model = SMALL_MODELS[name]()
    code = kt.to_functional_code(model, faithful=faithful)
    assert_round_trip(model, code, predict=name not in NO_PREDICT)


@pytest.mark.parametrize("faithful", [False, True], ids=["readable", "faithful"])
@pytest.mark.parametrize("name", sorted(CHAINS))
def test_sequential_round_trip(name, faithful):
    model = SMALL_MODELS[name]()
    assert kt.explain(model).is_sequential
    code = kt.to_sequential_code(model, faithful=faithful)
    assert "keras.Sequential(" in code.source
    rebuilt = assert_round_trip(model, code, predict=name not in NO_PREDICT)
    assert isinstance(rebuilt, keras.Sequential)


@pytest.mark.parametrize("name", sorted(set(SMALL_MODELS) - CHAINS))
def test_non_chains_are_explained(name):
    model = SMALL_MODELS[name]()
    explanation = kt.explain(model)
    assert not explanation.is_sequential
    with pytest.raises(NotSequentialError) as info:
        kt.to_sequential_code(model)
    assert info.value.reasons == explanation.reasons
    for reason in explanation.reasons:
        assert reason.layers, reason
        for layer_name in reason.layers:
            assert layer_name in str(info.value) or reason.kind in ("inputs", "outputs")
    assert "to_functional_code(model)" in str(info.value)


def _kinds(model):
    return {r.kind for r in kt.explain(model).reasons}


def test_reasons_name_each_problem():
    m = SMALL_MODELS
    assert _kinds(m["residual"]()) == {"branch", "merge"}
    assert _kinds(m["two_in_two_out"]()) == {"inputs", "outputs", "merge", "branch"}
    assert "shared" in _kinds(m["shared_encoder"]())
    assert "op" in _kinds(m["raw_ops"]())
    residual = kt.explain(m["residual"]())
    merge = next(r for r in residual.reasons if r.kind == "merge")
    assert merge.layers[0] == "skip"
    assert "'skip' (Add) merges 2 tensors" in merge.message
    branch = next(r for r in residual.reasons if r.kind == "branch")
    assert branch.layers[0] == "x"
    shared = next(
        r for r in kt.explain(m["shared_encoder"]()).reasons if r.kind == "shared"
    )
    assert shared.layers == ("encoder",)
    assert "2 times" in shared.message


def test_call_arguments_and_multi_output_are_reasons():
    inputs = keras.Input(shape=(5, 3), name="seq")
    x = layers.Dropout(0.5, name="always_drop")(inputs, training=True)
    out, h, c = layers.LSTM(4, return_state=True, name="lstm")(x)
    model = keras.Model(inputs, out)
    kinds = {r.kind: r for r in kt.explain(model).reasons}
    assert "always_drop" in kinds["call-arguments"].message
    assert "training=True" in kinds["call-arguments"].message
    assert kinds["multi-output"].layers == ("lstm",)
    code = kt.to_functional_code(model, faithful=True)
    assert "training=True" in code.source
    assert_round_trip(model, code)


def test_a_tensor_passed_by_position_beside_the_input_says_which_argument():
    # Self-attention, mha(x, x): "called with more than its input (the
    # output of 'tokens')" read as if that were the input itself.
    x = keras.Input((6, 8), name="tokens")
    y = layers.MultiHeadAttention(2, 4, name="mha")(x, x, use_causal_mask=True)
    model = keras.Model(x, y)
    reason = next(r for r in kt.explain(model).reasons if r.kind == "call-arguments")
    assert reason.message == (
        "layer 'mha' (MultiHeadAttention) is called with more than its input: "
        "also the output of 'tokens' (its 2nd argument), use_causal_mask=True; "
        "a Sequential model calls each layer with the previous output only."
    )
    assert_round_trip(model, kt.to_functional_code(model))


@pytest.mark.parametrize("faithful", [False, True], ids=["readable", "faithful"])
def test_an_input_passed_by_keyword_is_the_input_not_an_extra_argument(faithful):
    # Keras takes the first parameter of a layer's call as its input, by
    # position or by keyword: Dense(4)(inputs=x), LSTM(4)(sequences=x).
    x = keras.Input((5,), dtype="int32", name="x")
    h = layers.Embedding(10, 3, mask_zero=True, name="embed")(inputs=x)
    h = layers.LSTM(4, name="lstm")(sequences=h)
    y = layers.Dense(1, name="out")(inputs=h)
    model = keras.Model(x, y, name="chain")
    assert kt.explain(model).is_sequential, kt.explain(model)
    functional = kt.to_functional_code(model, faithful=faithful)
    assert "(inputs=x)" in functional.source
    assert "sequences=" in functional.source and "mask=" not in functional.source
    assert_round_trip(model, functional)
    sequential = kt.to_sequential_code(model, faithful=faithful)
    assert isinstance(assert_round_trip(model, sequential), keras.Sequential)


def test_an_argument_by_keyword_beside_the_input_is_still_a_reason():
    seq = keras.Input((5, 3), name="seq")
    state = keras.Input((4,), name="state")
    out = layers.LSTM(4, name="lstm")(initial_state=[state, state], sequences=seq)
    model = keras.Model([seq, state], out)
    reason = next(r for r in kt.explain(model).reasons if r.kind == "call-arguments")
    assert "initial_state=[the output of 'state'" in reason.message
    assert "sequences" not in reason.message
    assert_round_trip(model, kt.to_functional_code(model))


@pytest.mark.parametrize("faithful", [False, True], ids=["readable", "faithful"])
def test_a_model_with_no_layers_is_not_sequential_but_its_functional_code_runs(
    faithful,
):
    a = keras.Input((3,), name="a")
    model = keras.Model(a, a, name="ident")  # the input is the output
    explanation = kt.explain(model)
    assert [r.kind for r in explanation.reasons] == ["no-layers"]
    reason = explanation.reasons[0]
    assert reason.layers == ("a",)
    assert "no layers, only its input 'a'" in reason.message
    assert "layers.Identity()" in reason.message
    with pytest.raises(NotSequentialError) as info:
        kt.to_sequential_code(model, faithful=faithful)
    assert info.value.reasons == explanation.reasons
    rebuilt = assert_round_trip(model, kt.to_functional_code(model, faithful=faithful))
    assert kt.explain(rebuilt).reasons == explanation.reasons
    # the advice works: with an Identity layer it is a chain Sequential rebuilds
    b = keras.Input((3,), name="b")
    fixed = keras.Model(b, layers.Identity(name="same")(b))
    sequential = kt.to_sequential_code(fixed, faithful=faithful)
    assert isinstance(assert_round_trip(fixed, sequential), keras.Sequential)


def _masked_lstm():
    tokens = keras.Input(shape=(5,), dtype="int32", name="tokens")
    embed = layers.Embedding(10, 4, mask_zero=True, name="embed")(tokens)
    lstm = layers.LSTM(3, name="lstm")(embed)
    return keras.Model(tokens, layers.Dense(1, name="out")(lstm), name="masked")


def test_faithful_code_says_that_keras_names_the_mask_operation_itself():
    # Keras records the NotEqual that computes Embedding(mask_zero=True)'s
    # mask in the Functional config, named from its global counter: rebuilt
    # in the same session, it is "not_equal_1". No code can name it.
    model = _masked_lstm()
    assert [op.name for op in model.operations][2] == "not_equal"
    assert kt.read_model(model).mask_ops == (("not_equal", "lstm"),)
    code = kt.to_functional_code(model, faithful=True)
    assert code.notes == (
        "Keras adds the operation 'not_equal' by itself, to compute the mask "
        "that 'lstm' receives; this code does not write it, and Keras names it "
        "from a counter of its own. So the rebuilt model keeps every layer name, "
        "but its config may say 'not_equal_1' where the original says "
        "'not_equal'. After keras.utils.clear_session() the counter starts again.",
    )
    rebuilt = run_code(code).get_config()
    assert rebuilt != model.get_config()  # what the note says, and only that:
    assert _rename(rebuilt, {"not_equal_1": "not_equal"}) == model.get_config()
    keras.utils.clear_session()  # the note's way to the very same config
    assert run_code(code).get_config() == model.get_config()
    assert kt.to_functional_code(model).notes == ()  # readable: no names kept


def test_a_mask_operation_in_no_functional_config_gets_no_note():
    model = keras.Sequential(
        [
            keras.Input((5,), dtype="int32"),
            layers.Embedding(10, 4, mask_zero=True),
            layers.LSTM(3),
        ]
    )
    assert kt.read_model(model).mask_ops == (("not_equal", "lstm"),)
    # a Sequential config lists no operations, and the code is Functional
    assert kt.to_functional_code(model, faithful=True).notes == ()


def test_a_layer_repeated_in_a_sequential_list_is_explained(tmp_path):
    twice = layers.Dense(8, activation="relu", name="twice")
    model = keras.Sequential([keras.Input((8,)), twice, twice, layers.Dense(1)])
    (reason,) = kt.explain(model).reasons
    assert reason.kind == "shared"
    assert "keras.Sequential accepts the same layer twice" in reason.message
    assert "does not load back from a .keras file" in reason.message
    model.save(tmp_path / "twice.keras")  # what the message says is true
    with pytest.raises(ValueError, match="expected 2 variables"):
        keras.saving.load_model(tmp_path / "twice.keras")
    rebuilt = assert_round_trip(model, kt.to_functional_code(model))
    rebuilt.save(tmp_path / "functional.keras")  # the Functional form loads
    keras.saving.load_model(tmp_path / "functional.keras")


def test_a_branch_from_one_of_several_outputs_says_which():
    inputs = keras.Input((5, 3), name="seq")
    out, h, c = layers.LSTM(4, return_state=True, name="lstm")(inputs)
    heads = [layers.Dense(2, name=n)(h) for n in ("a", "b")]
    model = keras.Model(inputs, [*heads, out])
    (branch,) = [r for r in kt.explain(model).reasons if r.kind == "branch"]
    assert branch.message.startswith(
        "output 2 of 'lstm' (LSTM) branches: it feeds 'a' and 'b';"
    )
    assert branch.layers == ("lstm", "a", "b")


def test_reasons_speak_of_tensors_in_words():
    inputs = keras.Input((10, 4), name="steps")
    out, h, c = layers.LSTM(8, return_state=True, name="encoder")(inputs)
    repeated = layers.RepeatVector(3, name="repeat")(out)
    decoded = layers.LSTM(8, name="decoder")(repeated, initial_state=[h, c])
    product = keras.ops.matmul(decoded, keras.ops.transpose(decoded))
    model = keras.Model(inputs, [decoded, decoded, product])
    reasons = {}
    for r in kt.explain(model).reasons:
        reasons.setdefault(r.kind, []).append(r.message)
    text = str(kt.explain(model))
    assert "TensorRef" not in text  # no internals in a student's message
    assert "3 outputs ('decoder' twice and 'matmul')" in reasons["outputs"][0]
    # the decoder's states are its call's other arguments, said once, each
    # by its argument (not also as a merge of three tensors)
    assert (
        "initial_state=[the output of 'encoder (output 2)', the output of "
        "'encoder (output 3)']" in reasons["call-arguments"][0]
    )
    assert not any(m.startswith("layer 'decoder'") for m in reasons["merge"])
    # a raw operation is called one, with its keras.ops name
    assert any(
        m.startswith("operation 'matmul' (keras.ops.matmul) merges")
        for m in reasons["merge"]
    )


def test_calls_of_one_keras_ops_function_are_one_reason():
    # MobileNetV3 has 9 keras.ops.add and 9 keras.ops.multiply calls: one
    # reason each, not 18 lines that differ only by the name's number
    inputs = keras.Input(shape=(4,), name="x")
    x = inputs
    for _ in range(8):
        x = keras.ops.add(x, 1.0)
    x = keras.ops.multiply(x, 2.0)
    model = keras.Model(inputs, x, name="many_ops")
    names = [la.name for la in kt.read_model(model).layers if la.name != "x"]
    adds, (mul,) = names[:8], names[8:]
    reasons = kt.explain(model).reasons
    assert [(r.kind, r.layers) for r in reasons] == [
        ("op", tuple(adds)),
        ("op", (mul,)),
    ]
    listed = ", ".join(repr(n) for n in adds[:6])
    assert reasons[0].message == (
        f"8 raw operations (keras.ops.add), not layers: {listed} and 2 more; "
        "a Sequential model can only stack layers."
    )
    # a function called once keeps the one-operation sentence
    assert reasons[1].message == (
        f"{mul!r} is a raw operation (keras.ops.multiply), not a layer; "
        "a Sequential model can only stack layers."
    )
    # the widget marks every one of them
    assert set(adds) <= set(kt.explain(model).layers)


def test_explanation_reads_well_for_a_chain():
    text = str(kt.explain(SMALL_MODELS["mlp"]()))
    assert "single chain" in text
    assert bool(kt.explain(SMALL_MODELS["mlp"]()))


def test_readable_code_looks_like_a_tutorial():
    code = kt.to_functional_code(SMALL_MODELS["mlp"]()).source
    assert code.startswith("import keras\nfrom keras import layers\n\n")
    assert 'layers.Dense(64, activation="relu", name="hidden_1")' in code
    assert "model = keras.Model(" in code
    # Only non-default arguments appear.
    assert "use_bias" not in code and "kernel_initializer" not in code


@pytest.mark.parametrize("faithful", [False, True], ids=["readable", "faithful"])
def test_a_regularizer_s_numbers_are_written_as_they_were_given(faithful):
    # Keras keeps l1/l2 as float32, so the config said 0.009999999776482582
    # for "l2" and 0.0010000000474974513 for l1=0.001
    model = keras.Sequential(
        [
            keras.Input((4,), name="x"),
            layers.Dense(
                3, kernel_regularizer="l2", activity_regularizer="l1", name="a"
            ),
            layers.Dense(
                2,
                kernel_regularizer=keras.regularizers.L1L2(l1=0.001, l2=1e-4),
                bias_regularizer=keras.regularizers.L2(0.3),
                name="b",
            ),
        ],
        name="regularized",
    )
    for write in (kt.to_sequential_code, kt.to_functional_code):
        code = write(model, faithful=faithful)
        source = code.source
        assert "kernel_regularizer=keras.regularizers.L2()," in source  # default
        assert "activity_regularizer=keras.regularizers.L1()," in source
        assert "keras.regularizers.L1L2(l1=0.001, l2=0.0001)" in source
        assert "keras.regularizers.L2(l2=0.3)" in source
        assert "0000" not in source.replace("0.0001", "")
        rebuilt = assert_round_trip(model, code)
        for layer in ("a", "b"):  # the same float32 numbers, to the bit
            assert rebuilt.get_layer(layer).get_config() == (
                model.get_layer(layer).get_config()
            )


@pytest.mark.parametrize("faithful", [False, True], ids=["readable", "faithful"])
def test_a_scale_of_one_over_a_number_is_written_as_that_division(faithful):
    # Rescaling(1 / 255) was written Rescaling(0.00392156862745098)
    inputs = keras.Input((8, 8, 3), name="image")
    scaled = layers.Rescaling(1 / 127.5, offset=-1, name="to_pm1")(inputs)
    scaled = layers.Rescaling(1 / 255, name="to_01")(scaled)
    model = keras.Model(inputs, layers.Flatten(name="flat")(scaled))
    for write in (kt.to_sequential_code, kt.to_functional_code):
        code = write(model, faithful=faithful)
        assert "layers.Rescaling(1 / 127.5, offset=-1," in code.source
        assert "layers.Rescaling(1 / 255," in code.source
        assert "0.0039" not in code.source
        assert_round_trip(model, code)


@given(
    st.floats(allow_nan=False, allow_infinity=False)
    | st.integers(1, 10**7).map(lambda n: 1 / n)
    | st.integers(1, 10**7).map(lambda n: -2 / n)
)
def test_every_float_is_written_as_code_that_gives_it_back(value):
    from kerasteach._source import literal

    text = literal(value).flat()
    back = eval(text, {"__builtins__": {}})
    assert back == value and math.copysign(1, back) == math.copysign(1, value)
    # Python's shortest repr, its exponent as people write it (1e-6, 1e16)
    mantissa, e, exponent = repr(value).partition("e")
    written = f"{mantissa}e{int(exponent)}" if e else mantissa
    assert text == written or re.fullmatch(r"-?1 / \d+(\.5)?", text)
    assert not text.endswith((" / 1", " / 2", " / 1.0"))  # 1 and 0.5 read better


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1e-6, "1e-6"),
        (-1e-06, "-1e-6"),
        (1e-5, "1e-5"),
        (2.5e-07, "2.5e-7"),
        (1e16, "1e16"),
        (5e-324, "5e-324"),
        (0.001, "0.001"),  # Python writes these without an exponent
        (0.0001, "0.0001"),
        (-0.0, "-0.0"),
        (0.0, "0.0"),
        (float("inf"), 'float("inf")'),
    ],
)
def test_a_float_is_written_as_people_write_it(value, text):
    from kerasteach._source import literal

    literal(-value)  # a cache must not answer for -0.0 what it found for 0.0
    assert literal(value).flat() == text


def test_readable_code_drops_auto_names_and_faithful_keeps_them():
    model = keras.Sequential([keras.Input((3,)), layers.Dense(2)])
    auto_name = model.layers[0].name
    readable = kt.to_functional_code(model).source
    faithful = kt.to_functional_code(model, faithful=True).source
    assert f'name="{auto_name}"' not in readable
    assert f'name="{auto_name}"' in faithful
    # Variable names do not depend on Keras's global name counter.
    keras.utils.clear_session()
    for _ in range(3):
        layers.Dense(1)
    again = keras.Sequential([keras.Input((3,)), layers.Dense(2)])
    assert kt.to_functional_code(again).source == readable


@pytest.mark.parametrize("faithful", [False, True], ids=["readable", "faithful"])
def test_a_number_that_ends_a_name_stays_unless_keras_counted_it(faithful):
    # keras.applications names MobileNetV2 for 96-pixel images
    # mobilenetv2_1.00_96 (a "." PyTorch refuses in layer names, hence
    # mobilenetv2_96 here): its _96 is no counter to replace, so calling it
    # gives mobilenetv2_96_1, not mobilenetv2_1; nor are the calls of
    # conv_pw_13 conv_pw_1 and conv_pw_2 (which pushed the layer named
    # conv_pw_1 to conv_pw_3)
    inner = keras.Sequential(
        [keras.Input((4,)), layers.Dense(4, name="d")], name="mobilenetv2_96"
    )
    shared = layers.Dense(4, name="conv_pw_13")
    inputs = keras.Input((4,), name="img")
    x = shared(shared(inner(inputs)))
    x = layers.Dense(4, name="conv_pw_1")(x)
    for _ in range(5):  # Keras's counter moves on: dense_5, dense_6 below
        layers.Dense(1)
    model = keras.Model(inputs, [layers.Dense(1)(x), layers.Dense(1)(x)], name="m")
    assert [la.name for la in model.layers[-2:]] == ["dense_5", "dense_6"]
    code = kt.to_functional_code(model, faithful=faithful)
    lines = code.source.splitlines()
    assert "mobilenetv2_96_1 = mobilenetv2_96(img)" in lines
    assert "conv_pw_13_1 = conv_pw_13(mobilenetv2_96_1)" in lines
    assert "conv_pw_13_2 = conv_pw_13(conv_pw_13_1)" in lines
    assert 'conv_pw_1 = layers.Dense(4, name="conv_pw_1")(conv_pw_13_2)' in lines
    # Keras's counter is a counter: the variables are those of a new session
    assert [line.split(" = ")[0] for line in lines if "Dense(1" in line] == [
        "dense",
        "dense_1",
    ]
    assert_round_trip(model, code)


def test_generation_is_deterministic():
    model = SMALL_MODELS["two_in_two_out"]()
    first = kt.to_functional_code(model).source
    assert all(kt.to_functional_code(model).source == first for _ in range(3))


def test_generated_code_object():
    code = kt.to_functional_code(SMALL_MODELS["residual"]())
    assert str(code) == code.source == repr(code)
    assert code._repr_markdown_().startswith("```python\n")
    assert code.imports == ("import keras", "from keras import layers")
    first, last = code.spans["skip"]
    assert "layers.Add(" in code.lines[first - 1]
    assert first <= last


def test_spans_align_layers_in_both_styles():
    model = SMALL_MODELS["mlp"]()
    functional = kt.to_functional_code(model)
    sequential = kt.to_sequential_code(model)
    for layer in ("hidden_1", "hidden_2", "probabilities"):
        f_first, _ = functional.spans[layer]
        s_first, _ = sequential.spans[layer]
        assert "layers.Dense(" in functional.lines[f_first - 1]
        assert "layers.Dense(" in sequential.lines[s_first - 1]


@pytest.mark.parametrize("style", ["functional", "sequential"])
def test_definitions_hold_the_block_that_builds_each_nested_model(style):
    # What compare() lights up when a nested model is selected: its own
    # block, not only the line that calls it (its span).
    write = kt.to_functional_code if style == "functional" else kt.to_sequential_code
    code = write(SMALL_MODELS["nested"]())
    assert set(code.definitions) == {"encoder", "head"}
    for key, starts in (
        ("encoder", "encoder = keras.Sequential("),
        ("head", "head = keras.Model("),
    ):
        first, last = code.definitions[key]
        block = code.lines[first - 1 : last]
        assert starts in "\n".join(block)
        assert code.lines[last] == ""  # the blank line after the block
        inner = [k for k in code.spans if k.startswith(key + "/")]
        assert inner and all(first <= code.spans[k][0] <= last for k in inner)
        used, _ = code.spans[key]
        assert not first <= used <= last  # the call is outside the block
    assert kt.to_functional_code(SMALL_MODELS["mlp"]()).definitions == {}


@pytest.mark.parametrize("faithful", [False, True], ids=["readable", "faithful"])
def test_a_model_a_layer_holds_is_built_first_and_passed_by_name(faithful):
    # TimeDistributed(model) keeps the model's config in its own: written as
    # a constructor call, keras.Sequential(trainable=True, dtype="float32",
    # layers=[...]) raised a TypeError, and a Functional one was imported
    # from keras.src and called without its inputs and outputs.
    model = SMALL_MODELS["wrapped_model"]()
    code = kt.to_functional_code(model, faithful=faithful)
    assert "per_frame = layers.TimeDistributed(frame_encoder" in code.source
    assert code.source.count("frame_encoder = keras.Sequential(") == 1
    assert "keras.src" not in code.source
    first, last = code.definitions["per_frame/frame_encoder"]
    assert code.lines[first - 1] == "frame_encoder = keras.Sequential("
    # a Functional model held the same way
    i = keras.Input((4,), name="step")
    step = keras.Model(i, layers.Dense(2, name="step_dense")(i), name="step_model")
    steps = keras.Input((3, 4), name="steps")
    model = keras.Model(steps, layers.TimeDistributed(step, name="each")(steps))
    for write in (kt.to_functional_code, kt.to_sequential_code):
        code = write(model, faithful=faithful)
        assert "step_model = keras.Model(inputs=step" in code.source
        assert "layers.TimeDistributed(step_model" in code.source
        assert_round_trip(model, code)


@pytest.mark.parametrize("sequences", [False, True], ids=["last", "sequences"])
def test_readable_code_writes_a_bidirectional_as_a_person_does(sequences):
    # It wrote what Keras derives from the wrapped layer: the copy's name
    # 'forward_lstm', a backward_layer=LSTM(..., go_backwards=True,
    # name="backward_lstm"), and zero_output_for_mask=True.
    model = keras.Sequential(
        [
            keras.Input((5, 3)),
            layers.Bidirectional(
                layers.GRU(2, return_sequences=True, name="gru"), merge_mode="sum"
            ),
            layers.Bidirectional(layers.LSTM(4, return_sequences=sequences)),
        ]
    )
    lstm = "layers.LSTM(4, return_sequences=True)" if sequences else "layers.LSTM(4)"
    gru = "layers.GRU(2, return_sequences=True),"  # then merge_mode="sum"
    for write in (kt.to_sequential_code, kt.to_functional_code):
        source = write(model).source
        assert f"layers.Bidirectional({lstm})" in source
        assert gru in source and 'merge_mode="sum"' in source
        assert "backward" not in source and "zero_output" not in source
        assert_round_trip(model, write(model))
        faithful = write(model, faithful=True)  # keeps it all, names included
        assert 'name="backward_gru"' in faithful.source
        assert_round_trip(model, faithful)
    # a backward layer of its own is kept
    own = keras.Sequential(
        [
            keras.Input((5, 3)),
            layers.Bidirectional(
                layers.LSTM(4), backward_layer=layers.GRU(4, go_backwards=True)
            ),
        ]
    )
    code = kt.to_sequential_code(own)
    assert "backward_layer=layers.GRU(4, go_backwards=True)" in code.source
    assert_round_trip(own, code)


def test_stable_under_ruff_format(tmp_path):
    sources = []
    for _name, build in sorted(SMALL_MODELS.items()):
        keras.utils.clear_session()
        model = build()
        sources.append(kt.to_functional_code(model).source)
        sources.append(kt.to_functional_code(model, faithful=True).source)
        if kt.explain(model).is_sequential:
            sources.append(kt.to_sequential_code(model).source)
    for i, source in enumerate(sources):
        (tmp_path / f"m{i}.py").write_text(source)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "format",
            "--check",
            "--diff",
            "--no-cache",
            "--line-length",
            "88",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_made_up_names_stay_where_keras_would_make_up_a_kept_one():
    # Readable code leaves out the names Keras made up (dense_3) for it to
    # make them up again; but here the model keeps "dense" on a Flatten, and
    # in a fresh session Keras would name the Dense "dense" too: a clash.
    for _ in range(3):
        layers.Dense(1)  # earlier cells made some Dense layers
    x = keras.Input((4, 2), name="x")
    model = keras.Model(x, layers.Dense(2)(layers.Flatten(name="dense")(x)))
    assert [la.name for la in model.layers] == ["x", "dense", "dense_3"]
    for write in (kt.to_functional_code, kt.to_sequential_code):
        code = write(model)
        assert 'layers.Dense(2, name="dense_3")' in code.source
        assert "functional" not in code.source  # other made-up names still go
        keras.utils.clear_session()  # as in a fresh Python session
        assert_round_trip(model, code)


def test_names_are_data_not_code(tmp_path, monkeypatch):
    model = injection()
    code = kt.to_functional_code(model, faithful=True)
    marker = tmp_path / "pwned"
    assert "name='x\"); import os; os.system(\"id'" in code.source
    # Executing the code only builds the model.
    import os

    calls = []
    monkeypatch.setattr(os, "system", lambda *a: calls.append(a))
    rebuilt = assert_round_trip(model, code, predict=False)
    assert calls == [] and not marker.exists()
    assert rebuilt.layers[-1].name == model.layers[-1].name
    seq = kt.to_sequential_code(model, faithful=True)
    assert_round_trip(model, seq, predict=False)


def test_custom_layer_is_imported_from_its_module():
    from custom_layers import Scale

    inputs = keras.Input((4,))
    outputs = Scale(2.5, name="scale")(inputs)
    model = keras.Model(inputs, outputs)
    code = kt.to_functional_code(model)
    assert "from custom_layers import Scale" in code.source
    assert "Scale(2.5" in code.source
    assert_round_trip(model, code)


@pytest.mark.parametrize("faithful", [False, True], ids=["readable", "faithful"])
def test_a_name_missing_from_a_custom_config_is_still_kept(faithful):
    # Keras's own config of this layer has no name, so the code had none,
    # and the rebuilt layer was 'auto_config_scale' (faithful code too).
    from custom_layers import AutoConfigScale

    inputs = keras.Input((4,), name="x")
    scaled = AutoConfigScale(3.0, name="triple")(inputs)
    unnamed = AutoConfigScale(0.5)(scaled)  # Keras's own name: readable drops it
    model = keras.Model(inputs, unnamed, name="scales")
    assert "name" not in model.get_layer("triple").get_config()
    for write in (kt.to_functional_code, kt.to_sequential_code):
        code = write(model, faithful=faithful)
        assert 'AutoConfigScale(factor=3.0, name="triple")' in code.source
        assert ('name="auto_config_scale"' in code.source) == faithful
        rebuilt = assert_round_trip(model, code)
        names = [la.name for la in rebuilt.layers if la.name != "x"]
        assert names[0] == "triple"
        if faithful:
            assert names == [la.name for la in model.layers if la.name != "x"]


@pytest.mark.parametrize("faithful", [False, True], ids=["readable", "faithful"])
@pytest.mark.parametrize("frozen", [False, True], ids=["trainable", "frozen"])
def test_a_custom_layer_without_kwargs_gets_only_what_its_constructor_takes(
    faithful, frozen
):
    # Keras's config holds trainable and dtype; NoKwargsScale(3.0,
    # trainable=True, dtype="float32") failed: "unexpected keyword argument".
    # A frozen one is frozen after it is made.
    from custom_layers import NoKwargsScale

    scale = NoKwargsScale(3.0)
    scale.trainable = not frozen
    inputs = keras.Input((4,), name="x")
    model = keras.Model(inputs, layers.Dense(2, name="out")(scale(inputs)))
    for write in (kt.to_functional_code, kt.to_sequential_code):
        code = write(model, faithful=faithful)
        assert "NoKwargsScale(3.0)" in code.source
        assert "trainable=" not in code.source and "dtype=" not in code.source
        assert (".trainable = False" in code.source) == frozen
        # the name Keras gave it cannot be passed: faithful code says so
        notes = [note for note in code.notes if "**kwargs" in note]
        assert len(notes) == faithful
        if faithful:
            assert f"name={scale.name!r}" in notes[0]
            assert "takes no name argument" in notes[0]
        rebuilt = assert_round_trip(model, code, exact=False)
        made = [la for la in rebuilt.layers if isinstance(la, NoKwargsScale)]
        assert len(made) == 1 and made[0].trainable is not frozen
        assert len(rebuilt.trainable_weights) == (2 if frozen else 3)


def test_a_setting_get_config_forgets_is_named_in_a_note():
    # ForgetfulScale(2, scale=0.5) with a get_config() that returns only
    # units was rebuilt as ForgetfulScale(2), scale 1.0, without a word.
    from custom_layers import ForgetfulScale

    inputs = keras.Input((4,), name="x")
    model = keras.Model(inputs, ForgetfulScale(2, scale=0.5, name="half")(inputs))
    for write in (kt.to_functional_code, kt.to_sequential_code):
        code = write(model)
        [note] = [n for n in code.notes if "get_config()" in n]
        assert note == (
            "Layer 'half' (ForgetfulScale) was made with scale=0.5, but its "
            "get_config() does not return it, so this code (like keras.saving) "
            "makes it with the default scale=1.0: the rebuilt model predicts "
            'differently. Add "scale": self.scale to the dict '
            "ForgetfulScale.get_config() returns."
        )
        rebuilt = run_code(code, {"ForgetfulScale": ForgetfulScale})
        data = np.ones((1, 4), "float32")
        assert float(rebuilt(data)[0, 0]) == 1.0 and float(model(data)[0, 0]) == 0.5
    # the default kept, or a setting its get_config() returns: no note
    same = keras.Model(inputs, ForgetfulScale(2, name="whole")(inputs))
    assert not [n for n in kt.to_functional_code(same).notes if "get_config()" in n]
    from custom_layers import Scale

    kept = keras.Model(inputs, Scale(0.5)(inputs))
    assert not [n for n in kt.to_functional_code(kept).notes if "get_config()" in n]


def test_a_setting_a_custom_constructor_cannot_take_is_named_in_a_note():
    # Made under a global float16 policy, kept after it was set back: the
    # layer's dtype is not what NoKwargsScale gets now, and it cannot be passed.
    from custom_layers import NoKwargsScale

    keras.config.set_dtype_policy("mixed_float16")
    try:
        scale = NoKwargsScale(2.0)
    finally:
        keras.config.set_dtype_policy("float32")
    inputs = keras.Input((4,))
    model = keras.Model(inputs, scale(inputs))
    code = kt.to_functional_code(model)
    assert "NoKwargsScale(2.0)" in code.source and "dtype" not in code.source
    (note,) = [n for n in code.notes if "**kwargs" in n]
    assert f"Layer {scale.name!r} (NoKwargsScale)" in note
    assert "mixed_float16" in note and "takes no dtype argument" in note
    assert "super().__init__(**kwargs)" in note  # what to do
    run_code(code)


@pytest.mark.parametrize("faithful", [False, True], ids=["readable", "faithful"])
def test_a_registered_custom_cell_is_made_like_a_custom_layer(faithful):
    # Keras saves it with its registered name and no module: the code was a
    # 20-line keras.saving.deserialize_keras_object({...}) blob
    from custom_layers import MinimalCell

    inputs = keras.Input((5, 3))
    outputs = layers.Dense(2)(layers.RNN(MinimalCell(4))(inputs))
    model = keras.Model(inputs, outputs)
    for write in (kt.to_functional_code, kt.to_sequential_code):
        code = write(model, faithful=faithful)
        assert "from custom_layers import MinimalCell" in code.source
        assert "layers.RNN(MinimalCell(4" in code.source
        assert "deserialize_keras_object" not in code.source
        assert_round_trip(model, code)


@pytest.mark.parametrize("style", ["functional", "sequential"])
def test_lambda_layer_placeholder_and_strict(style):
    inner = keras.Sequential(
        [keras.Input((4,)), layers.Lambda(lambda t: t + 1, name="plus_one")],
        name="inner",
    )
    model = keras.Sequential(
        [keras.Input((4,)), layers.Lambda(lambda t: t * 2, name="double"), inner]
    )
    write = kt.to_functional_code if style == "functional" else kt.to_sequential_code
    code = write(model)
    source = code.source
    # The placeholders stand after the imports, before any model code: a def
    # inside keras.Sequential([...]) would not even compile.
    first_model_line = min(first for first, _ in code.spans.values())
    for name in ("double", "plus_one"):
        assert source.count(f"def {name}_function(*args, **kwargs):") == 1
        defined_at = source.splitlines().index(f"def {name}_function(*args, **kwargs):")
        assert defined_at + 1 < first_model_line
        assert any(name in note for note in code.notes)
    assert "output_shape=(4,)" in source
    rebuilt = run_code(code)  # the structure builds ...
    assert [la.name for la in rebuilt.layers][-1] == "inner"
    with pytest.raises(NotImplementedError, match="Lambda layer 'double'"):
        rebuilt.predict(np.zeros((1, 4)), verbose=0)  # ... the function does not
    with pytest.raises(LambdaLayerError, match="Lambda layer '(double|plus_one)'"):
        write(model, strict=True)


def test_training_is_written_only_when_the_code_chose_it():
    # Keras fills in `training` itself (the call's default: True for the
    # augmentation layers); only a value the author passed is code.
    code = kt.to_functional_code(SMALL_MODELS["augmented"]())
    assert "training=" not in code.source
    inputs = keras.Input((4,))
    kept = layers.Dropout(0.5, name="mc")(inputs, training=True)
    flip = layers.RandomFlip(name="flip")(
        layers.Reshape((2, 2, 1))(kept), training=False
    )
    model = keras.Model(inputs, flip)
    source = kt.to_functional_code(model).source
    assert 'layers.Dropout(0.5, name="mc")(inputs, training=True)' in source
    assert "training=False" in source
    assert not kt.explain(model).is_sequential
    assert_round_trip(model, kt.to_functional_code(model), predict=False)


@pytest.mark.parametrize("faithful", [False, True], ids=["readable", "faithful"])
def test_training_false_is_kept_where_keras_would_not_fill_it_in(faithful):
    # BatchNormalization's call (and a model's) defaults to training=None, so
    # Keras passes nothing by itself: training=False there is the author's
    # choice (a frozen BatchNormalization, a base model kept in inference
    # mode for fine-tuning), and the rebuilt model must make it too.
    base = keras.Sequential(
        [keras.Input((4,)), layers.Dense(3), layers.BatchNormalization()],
        name="base",
    )
    inputs = keras.Input((4,), name="img")
    frozen = layers.BatchNormalization(name="frozen_bn")(
        base(inputs, training=False), training=False
    )
    model = keras.Model(inputs, layers.Dense(1, name="head")(frozen))
    source = kt.to_functional_code(model, faithful=faithful).source
    assert "base(img, training=False)" in source
    assert ")(base_1, training=False)" in source
    reasons = [(r.kind, r.layers) for r in kt.explain(model).reasons]
    assert reasons == [
        ("call-arguments", ("base",)),
        ("call-arguments", ("frozen_bn",)),
    ]
    assert_round_trip(model, kt.to_functional_code(model, faithful=faithful))


class _PassesTraining(keras.Model):
    """The idiom of Keras's guides: call() hands its ``training`` on."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.hidden = layers.Dense(4, activation="relu", name="hidden")
        self.norm = layers.BatchNormalization(name="norm")
        self.drop = layers.Dropout(0.5, seed=7, name="drop")
        self.head = layers.Dense(1, name="head")

    def call(self, x, training=None):
        x = self.norm(self.hidden(x), training=training)
        return self.head(self.drop(x, training=training))


@pytest.mark.parametrize("faithful", [False, True], ids=["readable", "faithful"])
def test_training_none_is_no_argument_at_all(faithful):
    # Keras treats training=None as not given (it then asks the outer call,
    # then the call's default), but it records the None it was handed. A
    # traced model with the idiom above was "called with more than its
    # input (training=None)", so not Sequential, and its code wrote it out.
    x = np.random.default_rng(0).standard_normal((4, 3)).astype("float32")
    for write in (kt.to_functional_code, kt.to_sequential_code):
        model = _PassesTraining(name="passes_training")
        model(x)
        assert kt.explain(model).is_sequential, kt.explain(model)
        code = write(model, faithful=faithful)
        assert "training=" not in code.source
        rebuilt = run_code(code)
        rebuilt.set_weights(model.get_weights())
        for training in (None, False, True):  # a plain call, predict(), fit()
            # the seeded Dropouts draw the same masks in both
            expected = keras.ops.convert_to_numpy(model(x, training=training))
            got = keras.ops.convert_to_numpy(rebuilt(x, training=training))
            np.testing.assert_allclose(got, expected)
    # the same in a Functional model written by hand
    inputs = keras.Input((3,), name="x")
    dropped = layers.Dropout(0.5, name="drop")(inputs, training=None)
    functional = keras.Model(inputs, layers.Dense(1, name="head")(dropped))
    assert kt.explain(functional).is_sequential, kt.explain(functional)
    code = kt.to_sequential_code(functional, faithful=faithful)
    assert isinstance(assert_round_trip(functional, code), keras.Sequential)


@pytest.mark.parametrize(
    "make",
    [
        lambda: layers.Dropout(0.5, seed=7, name="drop"),  # fills in training=False
        lambda: layers.BatchNormalization(name="drop"),  # fills in mask=None
        lambda: layers.Dense(4, name="drop"),  # fills in nothing
        lambda: keras.Sequential([keras.Input((3,)), layers.Dense(4)], name="drop"),
    ],
    ids=["Dropout", "BatchNormalization", "Dense", "nested model"],
)
def test_faithful_code_keeps_the_training_none_a_functional_config_records(make):
    # Keras records the training=None a call is handed; left out, the
    # rebuilt call records what Keras fills in instead, and the configs
    # differ though the models behave the same
    inputs = keras.Input((3,), name="x")
    model = keras.Model(inputs, make()(inputs, training=None), name="m")
    recorded = model.get_config()["layers"][1]["inbound_nodes"][0]["kwargs"]
    assert recorded == {"training": None}
    faithful = kt.to_functional_code(model, faithful=True)
    assert "(x, training=None)\n" in faithful.source
    assert_round_trip(model, faithful)
    # readable code leaves it out, as a tutorial does: the same behaviour
    readable = kt.to_functional_code(model)
    assert "training=" not in readable.source
    rebuilt = assert_round_trip(model, readable, compare_config=False)
    x = sample_inputs(model)
    for training in (None, False, True):
        expected = keras.ops.convert_to_numpy(model(x, training=training))
        got = keras.ops.convert_to_numpy(rebuilt(x, training=training))
        np.testing.assert_allclose(got, expected, atol=1e-6)


def _fine_tuned(unfreeze: bool):
    base = keras.Sequential(
        [keras.Input((4,)), layers.Dense(3, name="low"), layers.Dense(3, name="top")],
        name="base",
    )
    base.trainable = False
    if unfreeze:  # fine-tuning: the top layer learns again
        base.get_layer("top").trainable = True
    x = keras.Input((4,), name="x")
    return keras.Model(x, layers.Dense(1, name="head")(base(x)), name="tuned")


@pytest.mark.parametrize("faithful", [False, True], ids=["readable", "faithful"])
@pytest.mark.parametrize("unfreeze", [False, True], ids=["frozen", "top-unfrozen"])
def test_a_layer_trainable_in_a_frozen_model_stays_trainable(faithful, unfreeze):
    # The code built the model, then wrote base.trainable = False, which
    # freezes every layer inside again: 'top' no longer learned (2 trainable
    # weights instead of 4), though the code named no difference.
    model = _fine_tuned(unfreeze)
    for write in (kt.to_functional_code, kt.to_sequential_code):
        code = write(model, faithful=faithful)
        rebuilt = assert_round_trip(model, code)
        for name in ("low", "top"):
            assert (
                rebuilt.get_layer("base").layers[["low", "top"].index(name)].trainable
                == model.get_layer("base").get_layer(name).trainable
            )
        assert len(rebuilt.trainable_weights) == len(model.trainable_weights)
        assert not rebuilt.get_layer("base").trainable
        # all frozen: the usual line says so
        assert ("base.trainable = False" in code.source) == (not unfreeze)


# Keras warns that it serializes a lambda: that lambda is the point here
@pytest.mark.filterwarnings("ignore:The object being serialized includes:UserWarning")
def test_a_lambda_activation_gets_a_placeholder_or_a_clear_refusal():
    model = keras.Sequential(
        [keras.Input((3,)), layers.Dense(2, activation=lambda x: x * 2, name="d")]
    )
    code = kt.to_sequential_code(model)
    assert 'layers.Dense(2, activation=d_activation, name="d")' in code.source
    assert any("fill in d_activation()" in note for note in code.notes)
    rebuilt = run_code(code)  # the structure builds ...
    with pytest.raises(NotImplementedError, match="the activation of layer 'd'"):
        rebuilt.predict(np.zeros((1, 3)), verbose=0)  # ... the function does not
    with pytest.raises(LambdaLayerError, match="lambda as its activation"):
        kt.to_functional_code(model, strict=True)


def test_lambda_with_named_function_is_imported():
    from custom_layers import halve

    inputs = keras.Input((4,))
    outputs = layers.Lambda(halve, name="halve")(inputs)
    model = keras.Model(inputs, outputs)
    code = kt.to_functional_code(model, strict=True)
    assert "from custom_layers import halve" in code.source
    assert_round_trip(model, code)


def test_a_lambda_of_a_function_from_the_notebook_is_used_by_name():
    def triple(t):
        return t * 3

    # as if defined in a notebook cell: the code runs where it is defined
    triple.__module__, triple.__qualname__ = "__main__", "triple"
    model = keras.Sequential(
        [keras.Input((3,)), layers.Dense(3, activation=triple, name="d")]
        + [layers.Lambda(triple, name="tri")]
    )
    code = kt.to_sequential_code(model, strict=True)
    assert "layers.Lambda(triple" in code.source
    assert "NotImplementedError" not in code.source
    own = "triple is defined in your own code (in your notebook or script)"
    assert any(own in n for n in code.notes), code.notes
    assert_round_trip(model, code, namespace={"triple": triple})


def test_a_function_defined_in_the_playground_is_used_by_name():
    # The playground runs code under the module name __playground__, which
    # no import can reach: the other style uses the function by its name.
    p = kt.playground(
        "def triple(t):\n"
        "    return t * 3\n"
        "\n"
        "model = keras.Sequential(\n"
        '    [keras.Input((3,)), layers.Lambda(triple, name="tri")]\n'
        ")\n"
    )
    assert p.run() is None
    code = p.other_code
    assert "__playground__" not in code.source
    assert "layers.Lambda(triple" in code.source
    assert any("(in the playground)" in n for n in code.notes), code.notes
    triple = p.model.get_layer("tri").function
    assert_round_trip(p.model, code, namespace={"triple": triple})


def test_a_function_of_the_students_own_code_is_used_by_name(monkeypatch):
    # Keras records a plain function (an activation here) under "builtins";
    # one from a notebook cell is used by name, with a note
    def halve(x):
        return x / 2

    halve.__module__, halve.__qualname__ = "__main__", "halve"
    monkeypatch.setattr(sys.modules["__main__"], "halve", halve, raising=False)
    model = keras.Sequential([keras.Input((3,)), layers.Dense(2, activation=halve)])
    for write in (kt.to_sequential_code, kt.to_functional_code):
        code = write(model)
        assert "builtins" not in code.source and "import halve" not in code.source
        assert "layers.Dense(2, activation=halve)" in code.source  # no defaults
        assert any("halve is defined in your own code" in n for n in code.notes)
        assert_round_trip(model, code, namespace={"halve": halve})


def test_an_activation_from_a_module_is_imported_from_it():
    # Keras records it under "builtins" too: the code used it by name, with
    # a note to define it, though it can be imported from its module
    from custom_layers import halve

    model = keras.Sequential([keras.Input((3,)), layers.Dense(2, activation=halve)])
    for write in (kt.to_sequential_code, kt.to_functional_code):
        code = write(model)
        assert "from custom_layers import halve" in code.source
        assert "layers.Dense(2, activation=halve)" in code.source
        assert not code.notes
        assert_round_trip(model, code)


def _notebook_scale(default: float, monkeypatch):
    """A layer class as a notebook cell defines it (in ``__main__``), with
    ``factor=default``; run again, the cell defines the class anew."""

    class Scale(custom_layers.Scale):
        def __init__(self, factor=default, **kwargs):
            super().__init__(factor, **kwargs)

    Scale.__module__, Scale.__qualname__ = "__main__", "Scale"
    monkeypatch.setattr(sys.modules["__main__"], "Scale", Scale, raising=False)
    return Scale


def test_a_class_defined_again_in_the_notebook_is_read_again(monkeypatch):
    # the code follows the class as the notebook defines it now, as it would
    # in a new session, not as it was when the first model was generated
    def model(scale):
        inputs = keras.Input((3,), name="x")
        return keras.Model(inputs, scale(3.0, name="s")(inputs), name="m")

    first = model(_notebook_scale(2.0, monkeypatch))
    assert 's = Scale(factor=3.0, name="s")(x)' in kt.to_functional_code(first).source
    scale = _notebook_scale(3.0, monkeypatch)
    code = kt.to_functional_code(model(scale))
    assert 's = Scale(name="s")(x)' in code.source
    assert_round_trip(model(scale), code, namespace={"Scale": scale})


def test_code_generation_leaves_the_model_graph_as_it_was():
    # StackedRNNCells.from_config takes its config apart; the probe that finds
    # the defaults must not hand it the graph's own config.
    cells = [layers.LSTMCell(4), layers.GRUCell(3)]
    model = keras.Sequential([keras.Input((5, 3)), layers.RNN(cells, name="rnn")])
    graph = kt.read_model(model)
    first = kt.to_sequential_code(graph)
    assert kt.to_sequential_code(graph).source == first.source
    assert "layers.LSTMCell(4), layers.GRUCell(3)" in first.source
    assert_round_trip(model, first)
    assert_round_trip(model, kt.to_functional_code(graph))


def test_a_name_that_is_not_python_is_never_written_as_code():
    from kerasteach._emit import _Emitter

    emitter = _Emitter(faithful=False, strict=False)
    hostile = {
        "module": "builtins",
        "class_name": "function",
        "config": "__import__('os').system('id')",
    }
    with pytest.raises(UnsupportedValueError, match="not a Python name"):
        emitter.render_object(hostile)


@pytest.mark.parametrize("faithful", [False, True], ids=["readable", "faithful"])
def test_indexing_a_tensor_round_trips(faithful):
    inputs = keras.Input((5, 3))
    picked = [inputs[:, 0], inputs[..., 1:3:2][:, -1], inputs[:, None, 1]]
    flat = [layers.Flatten()(p) for p in picked]
    model = keras.Model(inputs, layers.Dense(2)(layers.Concatenate()(flat)))
    code = kt.to_functional_code(model, faithful=faithful)
    if not faithful:  # written as a student would write it
        for text in ("inputs[:, 0]", "inputs[..., 1:3:2]", "[:, -1]", "[:, None, 1]"):
            assert text in code.source
    assert_round_trip(model, code)


def test_an_adapted_discretization_is_rebuilt_from_its_boundaries():
    # what adapt() leaves (adapt needs TensorFlow, and this runs on every
    # backend): num_bins beside the boundaries it found
    boundaries = layers.Discretization(bin_boundaries=[0.25, 0.5, 0.75], name="bins")
    found = layers.Discretization.from_config(
        {**boundaries.get_config(), "num_bins": 4}
    )
    model = keras.Sequential([keras.Input((1,)), found])
    for write in (kt.to_sequential_code, kt.to_functional_code):
        code = write(model)
        assert "num_bins" not in code.source  # Keras refuses it with boundaries
        # the config can only differ there: num_bins=None beside the boundaries
        rebuilt = assert_round_trip(model, code, compare_config=False)
        config = rebuilt.layers[-1].get_config()
        assert config["bin_boundaries"] == found.get_config()["bin_boundaries"]
        assert {**config, "num_bins": 4} == found.get_config()


@pytest.mark.parametrize("faithful", [False, True], ids=["readable", "faithful"])
def test_a_layer_that_needs_an_optional_argument_gets_only_what_differs(faithful):
    # CategoryEncoding() and Discretization() refuse to be built without
    # num_tokens or bins, so their defaults were unknown and readable code
    # passed every key: CategoryEncoding(trainable=True, dtype="float32",
    # num_tokens=3, output_mode="one_hot", sparse=False).
    model = keras.Sequential(
        [
            keras.Input((2,)),
            layers.Discretization(bin_boundaries=[0.0, 1.0], name="bins"),
            layers.CategoryEncoding(num_tokens=3, output_mode="one_hot", name="enc"),
        ]
    )
    for write in (kt.to_sequential_code, kt.to_functional_code):
        source = write(model, faithful=faithful).source
        assert 'layers.Discretization(bin_boundaries=[0.0, 1.0], name="bins")' in source
        assert (
            'layers.CategoryEncoding(num_tokens=3, output_mode="one_hot", name="enc")'
            in source
        )
        assert_round_trip(model, write(model, faithful=faithful))
    # an adapted Discretization keeps num_bins beside its boundaries, which
    # its constructor refuses together: the code passes the boundaries only
    adapted = layers.Discretization.from_config(
        {**model.get_layer("bins").get_config(), "num_bins": 3}
    )
    source = kt.to_sequential_code(
        keras.Sequential([keras.Input((2,)), adapted]), faithful=faithful
    ).source
    assert 'layers.Discretization(bin_boundaries=[0.0, 1.0], name="bins")' in source


@pytest.mark.parametrize("keys", [("p", "q"), ("o",)])
def test_a_nested_model_with_dict_outputs_is_read_by_key(keys):
    a = keras.Input((3,), name="a")
    sub = keras.Model(
        a, {k: layers.Dense(i + 1, name=k)(a) for i, k in enumerate(keys)}, name="sub"
    )
    x = keras.Input((3,), name="x")
    out = sub(x)
    picked = [out[k] for k in keys]
    model = keras.Model(x, layers.Concatenate()(picked) if len(keys) > 1 else picked[0])
    code = kt.to_functional_code(model)
    for k in keys:
        assert f'sub_1["{k}"]' in code.source
    assert_round_trip(model, code)


def _inner(form, name="inner"):
    a = keras.Input((3,), name="a")
    return keras.Model(a, form(layers.Dense(2, name="d")(a)), name=name)


@pytest.mark.parametrize(
    "form", [lambda t: [t], lambda t: {"k": t}], ids=["list", "dict"]
)
def test_a_nested_model_that_returns_a_list_or_dict_mid_chain_is_not_sequential(
    form,
):
    inner = _inner(form)
    x = keras.Input((3,), name="x")
    out = inner(x)
    picked = out["k"] if isinstance(out, dict) else out[0]
    model = keras.Model(x, layers.Dense(1, name="head")(picked), name="outer")
    reasons = kt.explain(model).reasons
    assert [r.kind for r in reasons] == ["output-structure"]
    assert reasons[0].layers == ("inner", "head")
    kind = "dict" if isinstance(out, dict) else "list"
    assert f"'inner' (Functional) returns a {kind} (" in reasons[0].message
    assert "'head' reads the tensor inside it" in reasons[0].message
    assert "Build 'inner' with a single tensor as its outputs" in reasons[0].message
    with pytest.raises(NotSequentialError):
        kt.to_sequential_code(model)
    assert_round_trip(model, kt.to_functional_code(model))


@pytest.mark.parametrize(
    ("form", "chain"),
    [
        (lambda t: t, True),
        (lambda t: [t], True),  # called, Keras hands back the tensor itself
        (lambda t: (t,), True),
        (lambda t: {"out": t}, False),  # called, it gives a dict
    ],
    ids=["tensor", "list-of-one", "tuple-of-one", "dict"],
)
def test_the_form_of_the_output_decides_whether_sequential_rebuilds_it(form, chain):
    x = keras.Input((3,), name="x")
    model = keras.Model(x, form(layers.Dense(2, name="out")(x)), name="m")
    data = np.ones((4, 3), "float32")
    explanation = kt.explain(model)
    assert explanation.is_sequential == chain, explanation
    functional = assert_round_trip(model, kt.to_functional_code(model))
    assert type(functional(data)) is type(model(data))
    if chain:
        sequential = assert_round_trip(model, kt.to_sequential_code(model))
        assert type(sequential(data)) is type(model(data))
        return
    assert isinstance(model(data), dict)
    assert keras.Sequential([x, layers.Dense(2)])(data).shape == (4, 2)  # no dict
    [reason] = explanation.reasons
    assert reason.kind == "outputs" and reason.layers == ("out",)
    assert reason.message.startswith(
        "the model returns a dict ({'out': the output of 'out'}), but "
        "keras.Sequential returns what its last layer returns"
    )
    assert "Use the Functional code" in reason.message
    with pytest.raises(NotSequentialError):
        kt.to_sequential_code(model)


def test_a_nested_model_last_in_a_chain_gives_sequential_its_own_form():
    inner = _inner(lambda t: {"k": t})
    x = keras.Input((3,), name="x")
    whole = keras.Model(x, inner(x), name="whole")  # returns inner's dict
    assert kt.explain(whole).is_sequential
    rebuilt = assert_round_trip(whole, kt.to_sequential_code(whole))
    assert list(rebuilt(np.ones((1, 3), "float32"))) == ["k"]
    picked = keras.Model(x, inner(x)["k"], name="picked")  # returns a tensor
    [reason] = kt.explain(picked).reasons
    assert reason.kind == "outputs" and reason.layers == ("inner",)
    assert "the model returns a single tensor" in reason.message
    assert "here a dict ({'k': the output of 'd'})" in reason.message
    assert_round_trip(picked, kt.to_functional_code(picked))


def _encoder(form):
    """A Functional model of two outputs, returned in ``form``."""
    x = keras.Input((4,), name="enc_in")
    h = layers.Dense(3, name="h")(x)
    z = layers.Dense(2, name="z")(h)
    outputs = {"list": [h, z], "tuple": (h, z), "dict": {"a": h, "b": z}}[form]
    return keras.Model(x, outputs, name=f"enc_{form}")


@pytest.mark.parametrize("form", ["list", "tuple", "dict"])
def test_a_chain_may_end_in_a_model_of_several_outputs(form):
    # keras.Sequential returns what its last layer returns: a Sequential
    # ending in an encoder of two outputs returns its list, tuple or dict.
    # It was told "cannot be written with keras.Sequential", a model the
    # student had written with keras.Sequential.
    data = np.ones((2, 4), "float32")
    seq = keras.Sequential(
        [keras.Input((4,)), layers.Dense(4, name="pre"), _encoder(form)], name="seq"
    )
    assert type(seq(data)) is {"list": list, "tuple": tuple, "dict": dict}[form]
    assert kt.explain(seq).is_sequential and not kt.explain(seq).reasons
    for faithful in (False, True):
        code = kt.to_sequential_code(seq, faithful=faithful)
        assert "enc_" + form + "," in str(code)  # the encoder is the last item
        rebuilt = assert_round_trip(seq, code)
        assert type(rebuilt(data)) is type(seq(data))
        assert_round_trip(seq, kt.to_functional_code(seq, faithful=faithful))
    # the same chain written with the Functional API
    x = keras.Input((4,), name="x")
    functional = keras.Model(x, _encoder(form)(layers.Dense(4, name="pre")(x)))
    assert kt.explain(functional).is_sequential
    rebuilt = assert_round_trip(functional, kt.to_sequential_code(functional))
    assert type(rebuilt(data)) is type(functional(data))


def test_a_model_of_several_outputs_last_stays_functional_when_its_outputs_change():
    x = keras.Input((4,), name="x")
    enc = _encoder("list")
    h, z = enc(x)
    swapped = keras.Model(x, [z, h], name="swapped")  # not the encoder's list
    picked = keras.Model(x, [h], name="picked")  # one of its outputs only
    read = keras.Model(x, [h, z, layers.Dense(1, name="more")(z)], name="read")
    as_dict = keras.Model(x, {"h": h, "z": z}, name="as_dict")  # a list made a dict
    for model in (swapped, read, as_dict):
        explanation = kt.explain(model)
        assert not explanation.is_sequential
        kinds = {r.kind for r in explanation.reasons}
        assert {"outputs", "multi-output"} <= kinds, explanation
        with pytest.raises(NotSequentialError):
            kt.to_sequential_code(model)
        assert_round_trip(model, kt.to_functional_code(model))
    assert not kt.explain(picked).is_sequential
    assert_round_trip(picked, kt.to_functional_code(picked))


def test_unbuilt_sequential_gets_a_clear_error():
    model = keras.Sequential([layers.Dense(4)])
    with pytest.raises(NotBuiltError, match=r"keras.Input\(shape=") as info:
        kt.to_functional_code(model)
    assert isinstance(info.value, KerasTeachError)
    # the shape in the advice is an example, and the message says so
    assert "shape of one sample of your data (100 below is only an example" in str(
        info.value
    )
    code = kt.to_sequential_code(model, input_shape=(7,))
    rebuilt = run_code(code)
    assert rebuilt.input_shape == (None, 7)


def test_not_built_advice_names_a_call_that_takes_the_shape():
    # "pass input_shape=(100,) to kerasteach" left a beginner asking where:
    # the advice names a function, and its example runs as written.
    model = keras.Sequential([layers.Dense(4, name="out")])
    with pytest.raises(NotBuiltError) as info:
        kt.draw(model)
    message = str(info.value)
    assert "pass input_shape=(100,) to the kerasteach function you called" in message
    example = re.search(r"as in (kerasteach\.compare\(.*\))\.$", message)[1]
    widget = eval(example, {"kerasteach": kt, "model": model})
    assert widget.graph.calls[0].output_shapes == ((None, 100),)
    widget.close()


@pytest.mark.parametrize("input_shape", [None, (4,)])
def test_a_keras_input_after_a_layer_is_named_with_its_fix(input_shape):
    # Keras keeps a keras.Input that is not first as a layer and never
    # builds the model; input_shape= cannot help (Keras refuses to build it)
    model = keras.Sequential(
        [layers.Dense(3, name="hidden"), keras.Input(shape=(4,)), layers.Dense(1)],
        name="late",
    )
    with pytest.raises(NotBuiltError) as info:
        kt.to_functional_code(model, input_shape=input_shape)
    message = str(info.value)
    assert message.startswith(
        "The Sequential model 'late' has its keras.Input(shape=(4,)) after layer "
        "'hidden' (Dense), so it does not know its input shape: Keras reads the "
        "shape only from a keras.Input that comes first."
    )
    assert "keras.Sequential([keras.Input(shape=(4,)), ...])" in message
    fixed = keras.Sequential(
        [keras.Input(shape=(4,)), layers.Dense(3, name="hidden"), layers.Dense(1)]
    )
    assert kt.read_model(fixed).calls[0].output_shapes == ((None, 4),)


def test_empty_sequential_says_add_layers():
    with pytest.raises(NotBuiltError, match="model.add"):
        kt.to_functional_code(keras.Sequential())


def test_non_model_input_is_a_type_error():
    with pytest.raises(TypeError, match="expected a Keras model"):
        kt.to_functional_code(layers.Dense(3))


class _OwnFunctional(keras.Model):
    """Built the Functional way, with a training step of its own."""

    def __init__(self, **kwargs):
        inputs = keras.Input((4,), name="x")
        super().__init__(inputs, layers.Dense(2, name="d")(inputs), **kwargs)

    def train_step(self, data):  # what plain keras.Model code would lose
        return super().train_step(data)


class _OwnSequential(keras.Sequential):
    pass


def test_a_model_of_the_students_own_class_gets_a_note_that_the_code_drops_it():
    # The code builds a plain keras.Model, and said nothing of the class.
    model = _OwnFunctional(name="own")
    assert kt.read_model(model).origin == "functional"
    for write, plain in (
        (kt.to_functional_code, "keras.Model"),
        (kt.to_sequential_code, "keras.Sequential"),
    ):
        code = write(model)
        assert code.notes == (
            "Model 'own' is a _OwnFunctional, a class built on keras.Model; this "
            f"code builds a plain {plain} with the same layers, without what "
            "_OwnFunctional adds (a train_step() or other methods of its own). To "
            "keep those, make the model with _OwnFunctional(...) as before.",
        )
        assert_round_trip(model, code, compare_config=False)
    sequential = _OwnSequential([keras.Input((3,)), layers.Dense(1)], name="own_seq")
    (note,) = kt.to_sequential_code(sequential).notes
    assert note.startswith(
        "Model 'own_seq' is a _OwnSequential, a class built on keras.Sequential; "
        "this code builds a plain keras.Sequential"
    )
    # Keras's own classes lose nothing: no note
    assert kt.to_functional_code(SMALL_MODELS["nested"]()).notes == ()


def test_subclassed_model_is_traced():
    from custom_layers import TwoTower

    model = TwoTower()
    model(np.zeros((2, 6), "float32"))
    graph = kt.read_model(model)
    assert graph.origin == "subclassed"
    assert {la.name for la in graph.layers} >= {"left", "right"}
    code = kt.to_functional_code(model)
    rebuilt = run_code(code)
    from _roundtrip import copy_weights, sample_inputs

    copy_weights(keras.Model(*_trace(model)), rebuilt)
    x = sample_inputs(rebuilt)
    np.testing.assert_allclose(
        rebuilt.predict(x, verbose=0), model.predict(x, verbose=0), atol=1e-5
    )


def test_a_traced_model_has_the_same_names_on_every_read():
    # Tracing makes new inputs and keras.ops nodes; named by Keras's global
    # counter, explain() said 'concatenate_2', the error 'concatenate_5',
    # and the student's next layer was numbered further on.
    from custom_layers import TwoTower

    model = TwoTower()
    model(np.zeros((2, 6), "float32"))
    first = kt.to_functional_code(model, faithful=True).source
    assert kt.to_functional_code(model, faithful=True).source == first
    names = [la.name for la in kt.read_model(model).layers]
    assert names == ["input_layer", "left", "right", "concatenate", "out"]
    before = layers.Dense(1).name
    kt.explain(model)
    kt.draw(model)
    after = layers.Dense(1).name

    def number(name):  # dense -> 0, dense_3 -> 3
        stem, _, n = name.rpartition("_")
        return int(n) if stem and n.isdigit() else 0

    assert number(after) == number(before) + 1


def _trace(model):
    inputs = keras.Input((6,))
    return inputs, model.call(inputs)


def test_unbuilt_subclassed_needs_a_shape_and_untraceable_says_why():
    from custom_layers import NumpyInside, TwoTower

    with pytest.raises(NotBuiltError, match="input_shape=") as info:
        kt.to_functional_code(TwoTower())
    assert "(100 below is only an example)" in str(info.value)
    assert "keras.Model(" in kt.to_functional_code(TwoTower(), input_shape=(6,)).source
    with pytest.raises(TraceError, match="keras.ops"):
        kt.to_functional_code(NumpyInside(), input_shape=(3,))


class _NoSuperInit(keras.Model):
    # No layer as an attribute: on PyTorch a Keras layer is a torch Module,
    # and torch refuses one before Module.__init__ ran, in the student's own
    # __init__, before kerasteach sees the model.
    def __init__(self, units=4):
        self.units = units  # super().__init__() forgotten

    def call(self, x):
        return keras.ops.relu(x)


def test_a_forgotten_super_init_says_what_to_add_at_every_entry_point():
    reference = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4)])
    fix = "Make super().__init__() the first line of __init__"
    for read in (kt.to_functional_code, kt.explain, kt.draw, kt.compare):
        with pytest.raises(KerasTeachError) as info:
            read(_NoSuperInit())
        message = str(info.value)
        assert "_NoSuperInit.__init__ does not call super().__init__()" in message
        assert fix in message and "built" not in message
    with pytest.raises(KerasTeachError, match=re.escape(fix)):
        kt.check(reference, _NoSuperInit())
    result = kt.check(_NoSuperInit(), reference)
    assert not result and fix in str(result)
    assert "Add super().__init__() as the first line" in str(result)


class _CallOfTwo(keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = keras.layers.Dense(4)

    def call(self, a, b):  # Keras passes one input: this cannot be traced
        return self.dense(a) + self.dense(b)


class _ListOfTwo(_CallOfTwo):
    def call(self, inputs):
        a, b = inputs
        return self.dense(a) + self.dense(b)


def test_a_call_with_two_inputs_says_take_one_list_and_its_shapes():
    model = _CallOfTwo()
    model(np.ones((2, 3)), np.ones((2, 3)))
    for shape in (None, [(3,), (3,)]):
        with pytest.raises(TraceError) as info:
            kt.to_functional_code(model, input_shape=shape)
        message = str(info.value)
        assert "_CallOfTwo.call() takes 2 inputs (a, b)" in message
        assert "Keras passes a model one input" in message
        assert "def call(self, inputs):\n        a, b = inputs" in message
        assert "input_shape=[(3,), (3,)]" in message
        assert "NumPy" not in message and "'if'" not in message
    # the advice works
    assert (
        "keras.Model("
        in kt.to_functional_code(_ListOfTwo(), input_shape=[(3,), (3,)]).source
    )


class _NeedsTraining(keras.Model):
    def __init__(self):
        super().__init__(name="needs_training")  # fit() scopes by the name
        self.dense = keras.layers.Dense(4)

    def call(self, x, training):  # model(x) fails: Keras passes no training
        return self.dense(x)


def test_a_call_that_requires_training_shows_the_default_not_two_inputs():
    model = _NeedsTraining()
    model.compile("sgd", "mse")  # fit() passes training=True, so it builds
    model.fit(np.ones((4, 3)), np.ones((4, 4)), epochs=1, verbose=0)
    with pytest.raises(TraceError) as info:
        kt.to_functional_code(model)
    message = str(info.value)
    assert "_NeedsTraining.call() requires training." in message
    assert "fit() passes training=True and predict() training=False" in message
    assert "    def call(self, x, training=None):\n" in message
    assert "takes 2 inputs" not in message and "input_shape" not in message

    class Fixed(_NeedsTraining):  # the advice works
        def call(self, x, training=None):
            return self.dense(x)

    assert "keras.Model(" in kt.to_functional_code(Fixed(), input_shape=(3,)).source


class _AsksForValues(keras.Model):
    def __init__(self):
        super().__init__(name="asks_for_values")
        self.dense = keras.layers.Dense(4)

    def call(self, x):
        print(x.numpy())
        return self.dense(x)


def test_dot_numpy_in_call_is_not_called_a_numpy_function():
    with pytest.raises(TraceError) as info:
        kt.to_functional_code(_AsksForValues(), input_shape=(3,))
    message = str(info.value)
    assert "`print(x.numpy())`" in message
    assert ".numpy() asks a tensor for its values" in message
    assert "print(x.shape)" in message and "of the same name" not in message


def test_a_tuple_of_shapes_says_to_write_a_list():
    with pytest.raises(NotBuiltError) as info:
        kt.to_functional_code(_ListOfTwo(), input_shape=((3,), (3,)))
    message = str(info.value)
    assert "for a model with several inputs, a list with one shape" in message
    assert "Write the shapes in square brackets: input_shape=[(3,), (3,)]" in message
    with pytest.raises(TraceError) as info:  # one shape for two inputs
        kt.to_functional_code(_ListOfTwo(), input_shape=(3,))
    message = str(info.value)
    assert "traced it with one input, input_shape=(3,)" in message
    assert "pass a list with one shape for each, e.g. input_shape=[(3,), (3,)]" in (
        message
    )
    assert "NumPy" not in message


def test_one_input_unpacked_says_it_splits_the_batch_and_how_to_split_it():
    with pytest.raises(TraceError) as info:
        kt.to_functional_code(_ListOfTwo(), input_shape=(8,))
    message = str(info.value)
    assert "`a, b = inputs`" in message
    assert "splits it along its first axis, the batch" in message
    assert "input_shape=[(3,), (3,)]" in message
    fix = "a, b = keras.ops.split(inputs, 2, axis=-1)"
    assert fix in message and "inputs[:, :4]" in message

    class Split(_ListOfTwo):  # the advice works
        def call(self, inputs):
            a, b = keras.ops.split(inputs, 2, axis=-1)
            return self.dense(a) + self.dense(b)

    class Sliced(_ListOfTwo):
        def call(self, inputs):
            a, b = inputs[:, :4], inputs[:, 4:]
            return self.dense(a) + self.dense(b)

    for fixed in (Split(), Sliced()):
        assert "keras.Model(" in kt.to_functional_code(fixed, input_shape=(8,)).source


def test_a_trace_error_names_the_line_of_the_file_or_cell_not_of_call():
    # a traceback counts the lines of a file (or notebook cell), not of call()
    import inspect
    import linecache

    with pytest.raises(TraceError) as info:
        kt.to_functional_code(_ListOfTwo(), input_shape=(8,))
    source, first = inspect.getsourcelines(_ListOfTwo.call)
    line = first + next(n for n, text in enumerate(source) if "a, b =" in text)
    assert f"in call(), `a, b = inputs` (line {line} of test_codegen.py) raised" in (
        str(info.value)
    )
    # in a notebook, ipykernel compiles each cell as /tmp/ipykernel_<pid>/<n>.py
    cell = (
        "class Halves(keras.Model):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.dense = keras.layers.Dense(4)\n"
        "\n"
        "    def call(self, x):\n"
        "        left, right = x\n"
        "        return self.dense(keras.ops.concatenate([right, left], axis=-1))\n"
    )
    path = "/tmp/ipykernel_4242/2710491.py"
    namespace = {"keras": keras}
    exec(compile(cell, path, "exec"), namespace)
    linecache.cache[path] = (len(cell), None, cell.splitlines(True), path)
    try:
        with pytest.raises(TraceError) as info:
            kt.to_functional_code(namespace["Halves"](), input_shape=(7,))
    finally:
        del linecache.cache[path]
    message = str(info.value)
    assert "in call(), `left, right = x` (line 7 of its notebook cell)" in message
    # 7 numbers cannot be split in 2 equal parts: only the slices are offered
    fix = "`left, right = x[:, :4], x[:, 4:]`"
    assert f"write {fix} in call()" in message and "keras.ops.split" not in message

    class Sliced(namespace["Halves"]):  # the advice works
        def call(self, x):
            left, right = x[:, :4], x[:, 4:]
            return self.dense(keras.ops.concatenate([right, left], axis=-1))

    assert "keras.Model(" in kt.to_functional_code(Sliced(), input_shape=(7,)).source


def test_an_if_on_a_tensor_is_refused_with_its_line_and_what_to_write():
    from custom_layers import NumpyInside, TensorIf

    with pytest.raises(TraceError) as info:
        kt.to_functional_code(TensorIf(), input_shape=(3,))
    message = str(info.value)
    assert "`if keras.ops.sum(inputs) > 0:`" in message  # the student's line
    assert "keras.ops.where(" in message and ".." not in message
    with pytest.raises(TraceError, match=r"np\.asarray\(inputs\).*keras\.ops\.mean"):
        kt.to_functional_code(NumpyInside(), input_shape=(3,))


def test_a_layer_with_weights_made_in_call_is_refused_with_its_line():
    # Keras tracks no weights for a layer made in call(), and every call makes
    # a new one: code rebuilt from the trace would quietly fix the bug.
    from custom_layers import DenseMadeInCall

    model = DenseMadeInCall()
    model(np.ones((2, 5), "float32"))  # runs: Keras says nothing
    assert len(model.weights) == 2  # only `hidden`'s kernel and bias
    for read in (kt.to_functional_code, kt.explain, kt.draw, kt.compare):
        with pytest.raises(TraceError) as info:
            read(model)
        message = str(info.value)
        assert "'dense' (Dense)" in message and "not an attribute" in message
        assert "`return layers.Dense(4)(self.hidden(x))`" in message  # the line
        assert "`self.dense = layers.Dense(4)`" in message  # what to write
        assert "in call() only call it (`self.dense(...)`" in message


def test_the_attribute_advised_for_a_layer_made_in_call_is_not_keras_s_counter():
    # Keras names it dense_14 after every Dense made before: the advice
    # wrote self.dense_14 = ..., as if the number meant something
    class Made(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = layers.Dense(8)  # self.dense is taken

        def call(self, x):
            return layers.Dense(4)(self.dense(x))

    for _ in range(3):
        layers.Dense(1)  # move Keras's counter on
    model = Made()
    model(np.ones((2, 5), "float32"))
    with pytest.raises(TraceError) as info:
        kt.to_functional_code(model)
    message = str(info.value)
    assert "`self.dense_2 = layers.Dense(4)`" in message
    assert "only call it (`self.dense_2(...)`" in message


def test_weightless_layers_and_ops_made_in_call_are_read():
    from custom_layers import HelpersMadeInCall

    graph = kt.read_model(HelpersMadeInCall(), input_shape=(5,))
    made = [layer.class_name for layer in graph.layers[3:]]
    assert made == ["Concatenate", "Activation", "Dropout", "Tanh"]
    assert "keras.Model(" in kt.to_functional_code(graph).source


def test_a_model_called_on_data_but_not_traceable_is_not_called_unbuilt():
    # Calling the model on data (what the "not built" message asks for) runs
    # eagerly, but Keras records no input shape when call() cannot be traced.
    from custom_layers import TensorIf

    # Under TensorFlow and JAX, Keras records no input shape when call()
    # cannot be traced; under PyTorch it does, and the trace itself fails:
    # either way the student learns what to do, never "call it on data".
    model = TensorIf()
    model(np.ones((2, 3), "float32"))
    recorded = bool(getattr(model, "_build_shapes_dict", None))
    with pytest.raises(TraceError if recorded else NotBuiltError) as info:
        kt.read_model(model)
    message = str(info.value)
    assert "has not been built" not in message
    if recorded:
        assert "`if keras.ops.sum(inputs) > 0:`" in message
        assert "keras.ops.where" in message
    else:
        assert "has been called" in message and "input_shape=(100,)" in message


@pytest.mark.parametrize("faithful", [False, True])
def test_a_shared_layer_is_called_in_keras_order(faithful):
    # The second call of `shared` feeds the first output: reading the graph
    # back from the outputs meets it first, but the code must still call the
    # layer in Keras's order, or the rebuilt model numbers its calls (node
    # indices) the other way round. Found by the property tests.
    inp = keras.Input((4,), name="x")
    shared = layers.Dense(4, name="shared")
    first = shared(inp)
    second = shared(inp)
    model = keras.Model(
        inp, [layers.Dense(4, name="s")(second), layers.Dense(4, name="p")(first)]
    )
    code = kt.to_functional_code(model, faithful=faithful)
    lines = code.source.splitlines()
    calls = [n for n, line in enumerate(lines) if line.endswith("= shared(x)")]
    user = next(n for n, line in enumerate(lines) if 'name="s"' in line)
    assert len(calls) == 2 and user > calls[1]  # s reads the second call
    assert_round_trip(model, code)  # configs equal: same node indices


@pytest.mark.parametrize(
    "make, constructor",
    [
        (lambda v: np.array(v, dtype="float32"), "np.array("),
        (keras.ops.convert_to_tensor, "keras.ops.convert_to_tensor("),
    ],
)
def test_arrays_in_a_config_are_rebuilt_as_arrays(make, constructor):
    inp = keras.Input((3,))
    scale = make([1.0, 2.0, 3.0])
    model = keras.Model(inp, layers.Rescaling(scale=scale, name="r")(inp))
    code = kt.to_functional_code(model)
    assert constructor in code.source
    assert_round_trip(model, code)


# -- a custom layer without get_config() -------------------------------------------
class ConfiguredScale(NoConfigScale):
    def __init__(self, k, **kwargs):  # the fix the error message shows
        super().__init__(np.asarray(k), **kwargs)

    def get_config(self):
        config = super().get_config()
        return {**config, "k": np.asarray(self.k).tolist()}


class BrokenConfig(layers.Layer):
    def call(self, x):
        return x

    def get_config(self):
        return {**super().get_config(), "k": self.missing}


def _with(layer):
    return keras.Sequential([keras.Input((4,)), layer, layers.Dense(1)])


class _BytesConfig(layers.Layer):
    def __init__(self, marker=b"", **kwargs):
        super().__init__(**kwargs)
        self.marker = marker

    def call(self, x):
        return x

    def get_config(self):
        return {**super().get_config(), "marker": self.marker}


def test_a_config_value_no_code_can_write_names_its_layer_and_the_fix():
    # The error said only "cannot write a value of type bytes": not which
    # layer, which setting, or what to do.
    model = keras.Sequential([keras.Input((3,)), _BytesConfig(b"\x00", name="tag")])
    for write in (kt.to_functional_code, kt.to_sequential_code):
        with pytest.raises(UnsupportedValueError) as info:
            write(model)
        assert str(info.value) == (
            "Layer 'tag' (_BytesConfig) has marker=b'\\x00' in its config, and "
            "kerasteach cannot write a bytes (b'\\x00') as Python code: it writes "
            "None, bools, numbers, strings, lists, tuples and dicts of those, "
            "arrays and Keras objects. Make _BytesConfig.get_config() return "
            "marker as one of those (a list for a set, a string for a dtype or "
            "bytes) and from_config() turn it back, then generate the code again."
        )
    assert kt.explain(model).is_sequential  # only the code needs the value


def test_a_layer_without_get_config_stops_only_the_code():
    model = _with(NoConfigScale(np.arange(4.0), name="scale"))
    assert kt.explain(model).is_sequential  # read, explained, drawn
    kt.draw(model)
    for write in (kt.to_functional_code, kt.to_sequential_code):
        with pytest.raises(kt.UnsupportedValueError) as info:
            write(model)
        message = str(info.value)
        assert "Layer 'scale' (NoConfigScale) has no get_config()" in message
        assert "    def get_config(self):\n" in message
        assert "config = super().get_config()" in message
        assert 'return {**config, "k": np.asarray(self.k).tolist()}' in message
        assert "self.k = np.asarray(k)" in message


def test_the_get_config_the_message_shows_makes_code():
    model = _with(ConfiguredScale(np.arange(4.0), name="scale"))
    code = kt.to_sequential_code(model)
    assert "ConfiguredScale(" in code.source
    assert "[0.0, 1.0, 2.0, 3.0]," in code.source
    rebuilt = run_code(code, {"ConfiguredScale": ConfiguredScale})
    assert kt.to_sequential_code(rebuilt).source == code.source


def test_a_failing_get_config_is_named():
    with pytest.raises(kt.UnsupportedValueError, match=r"get_config\(\) that fails"):
        kt.to_functional_code(_with(BrokenConfig(name="broken")))


def test_a_partial_activation_is_named_with_a_def_to_write_instead():
    # The message told the student to give Dense (Keras's own class) a
    # get_config(), and showed the partial's repr with a memory address
    import functools
    import textwrap

    leaky = functools.partial(keras.activations.leaky_relu, negative_slope=0.3)
    model = _with(layers.Dense(3, activation=leaky, name="hidden"))
    kt.draw(model)
    assert kt.check(model, model)  # only the code needs the config
    for write in (kt.to_functional_code, kt.to_sequential_code):
        with pytest.raises(kt.UnsupportedValueError) as info:
            write(model)
        message = str(info.value)
        assert message.startswith("Layer 'hidden' (Dense) has activation=")
        assert (
            "functools.partial(keras.activations.leaky_relu, negative_slope=0.3)"
            in (message)
        )
        assert "cannot be written as code" in message
        assert "0x" not in message and "get_config" not in message
        fix = message.split("\n\n")[1]  # the def it shows works
        namespace = {"keras": keras}
        exec(textwrap.dedent(fix), namespace)
        assert "pass activation=my_activation" in message
        fixed = _with(layers.Dense(3, activation=namespace["my_activation"]))
        x = np.linspace(-1, 1, 8, dtype="float32").reshape(2, 4)
        fixed.set_weights(model.get_weights())
        np.testing.assert_allclose(
            keras.ops.convert_to_numpy(fixed(x)),
            keras.ops.convert_to_numpy(model(x)),
            atol=1e-6,
        )


def test_a_keras_layer_whose_config_fails_is_not_asked_for_a_get_config():
    class Ones:  # an initializer with no get_config(): Keras cannot save it
        def __call__(self, shape, dtype=None):
            return keras.ops.ones(shape)

    model = _with(layers.Dense(3, kernel_initializer=Ones(), name="hidden"))
    with pytest.raises(kt.UnsupportedValueError) as info:
        kt.to_functional_code(model)
    message = str(info.value)
    assert message.startswith("Layer 'hidden' (Dense) was given a setting Keras")
    assert "Give Dense a get_config()" not in message and " at 0x" not in message
    assert "a function defined with def" in message  # what to give instead


def test_compare_shows_the_model_and_says_why_there_is_no_code():
    widget = kt.compare(_with(NoConfigScale(np.arange(4.0), name="scale")))
    assert "get_config" in widget.code_html.value
    assert widget.png  # the graph is drawn


def test_input_shape_is_checked_for_code_too():
    with pytest.raises(NotBuiltError, match=r"write input_shape=\(7,\)"):
        kt.to_sequential_code(keras.Sequential([layers.Dense(2)]), input_shape=7)


@pytest.mark.parametrize("built", [False, True], ids=["unbuilt", "built"])
def test_several_shapes_for_a_sequential_model_say_it_has_one_input(built):
    # A built model was told to start again with keras.Input(shape=[(5,),
    # (3,)]), which no Keras accepts; only an unbuilt one heard the truth.
    first = [keras.Input((5,))] if built else []
    model = keras.Sequential([*first, layers.Dense(2)])
    for shapes in ([(5,), (3,)], {"a": (5,)}):
        with pytest.raises(NotBuiltError) as info:
            kt.to_sequential_code(model, input_shape=shapes)
        assert str(info.value) == (
            "A Sequential model has one input, so input_shape must be one "
            f"shape, e.g. input_shape=(100,). Received: {shapes!r}."
        )
    assert model.built == built  # and the model was left as it was


def test_a_layer_that_cannot_be_called_symbolically_is_named():
    model = keras.Sequential([keras.Input((4,)), layers.Layer(name="bare")])
    with pytest.raises(NotBuiltError, match="could not connect the layers"):
        kt.to_sequential_code(model)


def test_readable_code_calls_the_public_keras_ops_functions():
    model = SMALL_MODELS["ops_calls"]()
    source = kt.to_functional_code(model).source
    assert "keras.src" not in source  # never a private import in readable code
    # an argument without a default, as a keyword after the tensor
    assert "keras.ops.reshape(inputs, newshape=(-1, 4, 4))" in source
    # arguments the function takes before its tensors stay in front
    assert 'keras.ops.einsum("bij->bji", add)' in source
    # a function of a sub-namespace
    assert "keras.ops.image.resize(expand_dims, size=(8, 8))" in source
    # constants the model is called with: NumPy stays NumPy, one number fills
    assert 'np.array([0.0, 0.5, 1.0, 1.5], dtype="float32")' in source
    assert 'keras.ops.full((64,), 1.0, dtype="float32")' in source
    reasons = str(kt.explain(model))
    assert "'resize' is a raw operation (keras.ops.image.resize)" in reasons
    # faithful code keeps each operation's class, which takes its name
    faithful = kt.to_functional_code(model, faithful=True).source
    assert 'Einsum(subscripts="bij->bji", name="einsum")' in faithful


def _with_constant(size: int):
    inputs = keras.Input(shape=(size,), name="inputs")
    return keras.Model(inputs, inputs + np.arange(size, dtype="float32"))


def test_a_small_constant_is_written_out():
    model = _with_constant(5)
    code = kt.to_functional_code(model)
    assert 'np.array([0.0, 1.0, 2.0, 3.0, 4.0], dtype="float32")' in code.source
    assert_round_trip(model, code)


def test_a_big_constant_gets_a_placeholder_or_a_clear_error():
    model = _with_constant(2000)
    code = kt.to_functional_code(model)
    assert "def constant(*args, **kwargs):" in code.source
    assert "keras.ops.add(inputs, constant())" in code.source
    assert any("(2000,)" in note and "constant()" in note for note in code.notes)
    with pytest.raises(NotImplementedError, match="constant of shape"):
        run_code(code)
    with pytest.raises(UnsupportedValueError, match="add_weight") as info:
        kt.to_functional_code(model, strict=True)
    assert "2000 numbers" in str(info.value)
    assert "strict=False" in str(info.value)


def test_code_sets_the_global_dtype_policy_it_relies_on():
    # Readable code leaves out a layer's dtype when it is the global one, so
    # code written under mixed precision must set it to rebuild the model.
    # Defaults learnt under float32 first: they must not be reused.
    kt.to_sequential_code(
        keras.Sequential([keras.Input((4,)), layers.Dense(3), layers.Dense(2)])
    )
    try:
        keras.config.set_dtype_policy("mixed_float16")
        model = keras.Sequential(
            [keras.Input((4,)), layers.Dense(3), layers.Dense(2, dtype="float32")]
        )
        codes = [
            kt.to_sequential_code(model),
            kt.to_sequential_code(model, faithful=True),
            kt.to_functional_code(model),
        ]
        for code in codes:
            assert 'keras.config.set_dtype_policy("mixed_float16")' in code.source
            keras.config.set_dtype_policy("float32")  # a fresh session's
            assert_round_trip(model, code)
            assert keras.config.dtype_policy().name == "mixed_float16"
    finally:
        keras.config.set_dtype_policy("float32")
    assert "set_dtype_policy" not in kt.to_functional_code(model).source
