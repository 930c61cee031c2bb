"""kerasteach.check: a hint writes a layer as the code panes do, without
the settings Keras worked out itself when it built the layer."""

from __future__ import annotations

import keras
from keras import layers

from kerasteach import check, to_functional_code


def attention(heads, shape=(5, 16), **settings):
    x = keras.Input(shape, name="x")
    mha = layers.MultiHeadAttention(num_heads=heads, key_dim=16, name="mha", **settings)
    return keras.Model(x, mha(x, x))


def pane_lines(model) -> str:
    return to_functional_code(model).source


def test_a_hint_leaves_out_what_keras_worked_out_when_it_built_the_layer():
    # Keras stores attention_axes=(1,) once the layer has seen its input;
    # the code panes write MultiHeadAttention(num_heads=2, key_dim=16)
    reference = attention(2)
    assert reference.get_layer("mha").get_config()["attention_axes"] is not None
    assert "attention_axes" not in pane_lines(reference)
    result = check(attention(4), reference)
    assert result.kind == "config" and result.layer == "mha"
    assert result.hint == "Change it to MultiHeadAttention(num_heads=2, key_dim=16)."


def test_a_setting_the_reference_chose_stays_in_the_hint():
    # on 4-D inputs attention_axes=(1,) is a choice: building without it
    # gives (1, 2), so both the code panes and the hint write it
    reference = attention(2, shape=(4, 5, 16), attention_axes=(1,))
    assert "attention_axes=1," in pane_lines(reference)
    result = check(attention(4, shape=(4, 5, 16), attention_axes=(1,)), reference)
    assert result.hint == (
        "Change it to MultiHeadAttention(num_heads=2, key_dim=16, attention_axes=1)."
    )


def test_a_layer_normalization_hint_has_no_axis_it_did_not_choose():
    def normalized(epsilon):
        x = keras.Input((5, 8), name="x")
        return keras.Model(x, layers.LayerNormalization(epsilon=epsilon, name="ln")(x))

    result = check(normalized(0.01), normalized(0.001))
    assert result.hint == (
        "Change it to LayerNormalization(), leaving out epsilon, whose default "
        "is 0.001."
    )


def test_a_call_arguments_hint_writes_the_layer_as_the_code_panes_do():
    def causal(**call_args):
        x = keras.Input((5, 16), name="x")
        mha = layers.MultiHeadAttention(num_heads=2, key_dim=16, name="mha")
        return keras.Model(x, mha(x, x, **call_args))

    result = check(causal(), causal(use_causal_mask=True))
    assert result.hint.endswith(
        "as the reference does: MultiHeadAttention(num_heads=2, key_dim=16)(..., "
        "use_causal_mask=True)."
    )


def bidirectional(units=5, merge_mode="concat", **kwargs):
    """Bidirectional(LSTM(units, return_sequences=True)) named 'bi'; kwargs
    go to Bidirectional (a backward_layer)."""
    x = keras.Input((6, 3), name="x")
    lstm = layers.LSTM(units, return_sequences=True)
    wrapper = layers.Bidirectional(lstm, merge_mode=merge_mode, name="bi", **kwargs)
    return keras.Model(x, wrapper(x))


def test_a_bidirectional_hint_writes_what_the_student_writes():
    # Keras sets zero_output_for_mask in the LSTM it wraps and makes a
    # backward copy: the code panes leave both out, and so does the hint
    reference = bidirectional()
    assert "Bidirectional(layers.LSTM(5, return_sequences=True), name=" in pane_lines(
        reference
    )
    result = check(bidirectional(4), reference)
    assert result.kind == "config" and result.layer == "bi"
    assert result.message.startswith(
        "Layer 'bi' (Bidirectional) wraps LSTM(4, return_sequences=True): its LSTM "
        "has 4 units; the reference's has 5. So your model's output has shape "
        "(None, 6, 8) instead of (None, 6, 10)."
    )
    assert result.hint == "Change it to Bidirectional(LSTM(5, return_sequences=True))."
    result = check(bidirectional(merge_mode="sum"), reference)
    assert result.message.startswith(
        "Layer 'bi' (Bidirectional) has merge_mode='sum'; the reference has "
        "merge_mode='concat'."
    )
    assert result.hint == (
        "Change it to Bidirectional(LSTM(5, return_sequences=True)), leaving out "
        "merge_mode, whose default is 'concat'."
    )
    for said in (result.message, result.hint):
        assert "zero_output_for_mask" not in said


def test_a_backward_layer_is_told_only_when_it_is_not_the_copy_keras_makes():
    # the copy Keras would make, written out, is the same model
    copy = layers.LSTM(5, return_sequences=True, go_backwards=True)
    assert check(bidirectional(backward_layer=copy), bidirectional()).correct
    gru = layers.GRU(5, return_sequences=True, go_backwards=True)
    result = check(bidirectional(), bidirectional(backward_layer=gru))
    assert result.kind == "config"
    assert result.message.startswith(
        "Layer 'bi' (Bidirectional) has no backward_layer (Keras makes a copy of "
        "the layer it wraps, run backwards); the reference has "
        "backward_layer=GRU(5, return_sequences=True, go_backwards=True)."
    )
    assert result.hint == (
        "Change it to Bidirectional(LSTM(5, return_sequences=True), "
        "backward_layer=GRU(5, return_sequences=True, go_backwards=True))."
    )
    smaller = layers.GRU(4, return_sequences=True, go_backwards=True)
    result = check(
        bidirectional(backward_layer=smaller), bidirectional(backward_layer=gru)
    )
    assert "that GRU has 4 units; the reference's has 5" in result.message
    assert "zero_output_for_mask" not in result.message + result.hint
