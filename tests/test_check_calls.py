"""kerasteach.check: the arguments a layer (or a nested model) is called
with besides its tensors, ``training=True`` above all."""

from __future__ import annotations

import keras
import pytest
from keras import layers

from kerasteach import KerasTeachError, check


def dropped(**call_args):
    """Dense 'dense', then Dropout 'drop' called with ``call_args``."""
    a = keras.Input((4,), name="a")
    x = layers.Dense(3, name="dense")(a)
    return keras.Model(a, layers.Dropout(0.5, name="drop")(x, **call_args))


def test_a_call_without_the_references_training_true_is_told():
    result = check(dropped(), dropped(training=True))
    assert not result and result.kind == "call-arguments"
    assert result.layer == "drop"
    assert result.message == (
        "Your model calls layer 'drop' (Dropout) with training=False (its "
        "default), but the reference calls it with training=True: "
        "Dropout(0.5)(x, training=True)."
    )
    assert result.hint == (
        "When you call 'drop', pass training=True, as the reference does: "
        "Dropout(0.5)(x, training=True), where x is the output of 'dense'."
    )


def test_a_call_with_training_the_reference_leaves_out_is_told():
    result = check(dropped(training=True), dropped())
    assert result.kind == "call-arguments"
    assert result.message.startswith(
        "Your model calls layer 'drop' (Dropout) with training=True, but the "
        "reference calls it with training=False (its default): Dropout(0.5)(x)."
    )
    assert result.hint.startswith("When you call 'drop', leave out training,")


def test_another_value_of_a_call_argument_is_told_with_both_values():
    def normalized(training):
        a = keras.Input((4,), name="a")
        return keras.Model(
            a, layers.BatchNormalization(name="bn")(a, training=training)
        )

    result = check(normalized(True), normalized(False))
    assert result.kind == "call-arguments"
    assert "with training=True, but the reference calls it with training=False" in (
        result.message
    )
    assert result.hint == (
        "When you call 'bn', pass training=False instead of training=True, as the "
        "reference does: BatchNormalization()(x, training=False), where x is the "
        "input."
    )


def test_an_argument_at_the_default_of_call_is_no_difference():
    def attention(**call_args):
        a = keras.Input((5, 8), name="a")
        mha = layers.MultiHeadAttention(num_heads=2, key_dim=4, name="mha")
        return keras.Model(a, mha(a, a, **call_args))

    assert check(attention(use_causal_mask=False), attention()).correct
    assert check(attention(use_causal_mask=True), attention(use_causal_mask=True))
    result = check(attention(), attention(use_causal_mask=True))
    assert result.kind == "call-arguments" and result.layer == "mha"
    assert (
        "with use_causal_mask=False (its default), but the reference calls it "
        "with use_causal_mask=True"
    ) in result.message
    # two tensors: the call is shown with "..." for them, no x to explain
    assert result.hint.endswith("(..., use_causal_mask=True).")


def test_sibling_calls_pair_by_their_arguments():
    # two Dropouts read the same tensor, one always dropping: listed in
    # another order, they are still the same model
    def siblings(first_training):
        a = keras.Input((4,), name="a")
        x = layers.Dense(3)(a)
        kept = layers.Dropout(0.5)(x, training=True)
        plain = layers.Dropout(0.5)(x)
        parts = [kept, plain] if first_training else [plain, kept]
        return keras.Model(a, layers.Add()(parts))

    assert check(siblings(False), siblings(True)).correct


def test_a_sequential_student_for_a_chain_called_with_training_is_told_why():
    student = keras.Sequential(
        [keras.Input((4,)), layers.Dense(3), layers.Dropout(0.5)]
    )
    result = check(student, dropped(training=True))
    assert result.kind == "needs-functional"
    assert "'drop' (Dropout) is called with more than its input" in result.message
    assert "pass the extra call arguments the reference passes" in result.hint
    with pytest.raises(KerasTeachError, match="single chain, but one that"):
        check(student, dropped(training=True), style="sequential")


# -- a nested model's call passes its arguments on to its layers -------------
def frozen_base(*, nested=True, name="base", **call_args):
    """A Dense and a BatchNormalization, as a nested model ``name`` called
    with ``call_args`` (``nested``) or as layers; then Dense(1)."""
    a = keras.Input((4,), name="a")
    if nested:
        base = keras.Sequential(
            [keras.Input((4,)), layers.Dense(3), layers.BatchNormalization()],
            name=name,
        )
        x = base(a, **call_args)
    else:
        x = layers.BatchNormalization()(layers.Dense(3)(a))
    return keras.Model(a, layers.Dense(1, name="head")(x))


def test_a_nested_model_called_without_training_false_is_told_by_the_model():
    result = check(frozen_base(), frozen_base(training=False))
    assert result.kind == "call-arguments" and result.layer == "base"
    assert result.message.startswith("Your model calls the model 'base' (which ")
    assert "but the reference calls the model 'base' (which holds Dense(3)) with " in (
        result.message
    )
    assert result.hint == (
        "When you call your model 'base', pass training=False: x = base(x, "
        "training=False)."
    )
    assert check(frozen_base(training=False), frozen_base(training=False)).correct
    assert check(frozen_base(nested=False), frozen_base()).correct


def test_layers_written_out_where_the_reference_calls_a_model_with_training():
    result = check(frozen_base(nested=False), frozen_base(training=False))
    assert result.kind == "call-arguments"
    assert result.hint == (
        "Put these layers in a model of their own, as the reference does "
        "('base'), and call it with training=False: base = keras.Sequential("
        "[...]), then x = base(x, training=False)."
    )


@pytest.mark.parametrize("name", ["class", "my base", "2nd"])
def test_a_model_named_unlike_a_variable_gets_a_valid_name_in_the_hint(name):
    result = check(frozen_base(name=name, training=False), frozen_base())
    assert result.kind == "call-arguments" and result.layer == name
    assert result.hint.startswith(f"When you call your model {name!r}, leave out")
    code = result.hint.rpartition(": ")[2].rstrip(".")
    compile(code, "<hint>", "exec")  # a valid statement: not the name pasted
    called = code.partition(" = ")[2].partition("(")[0]
    assert called.isidentifier() and called != name
