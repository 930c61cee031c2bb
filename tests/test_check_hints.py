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
