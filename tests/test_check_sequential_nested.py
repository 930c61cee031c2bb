"""kerasteach.check with a keras.Sequential reference that holds a nested
model which is no chain itself (an encoder of two outputs last, a residual
block): kerasteach.explain() calls it Sequential, and so does check()."""

from __future__ import annotations

import keras
import pytest
from keras import layers

from kerasteach import KerasTeachError, check, explain


def encoder():
    """Two outputs, Dense 'e1' (2) and Dense 'e2' (3), of one input."""
    x = keras.Input((8,))
    return keras.Model(
        x,
        [layers.Dense(2, name="e1")(x), layers.Dense(3, name="e2")(x)],
        name="encoder",
    )


def block():
    """A residual block: Dense 'bd' added to its input by Add 'badd'."""
    x = keras.Input((8,), name="block_in")
    return keras.Model(
        x, layers.Add(name="badd")([x, layers.Dense(8, name="bd")(x)]), name="block"
    )


def ends_in_encoder():
    return keras.Sequential([keras.Input((4,)), layers.Dense(8, name="d"), encoder()])


def holds_block():
    return keras.Sequential(
        [keras.Input((4,)), layers.Dense(8), block(), layers.Dense(1)]
    )


def chain(*units):
    return keras.Sequential([keras.Input((4,)), *(layers.Dense(n) for n in units)])


@pytest.mark.parametrize("reference", [ends_in_encoder, holds_block])
def test_a_sequential_holding_a_nested_model_may_be_asked_for(reference):
    # explain() says Sequential; check(style="sequential") refused, quoting
    # the nested model's own reason ("the model has 2 outputs")
    assert "can be written with keras.Sequential" in str(explain(reference()))
    assert check(reference(), reference(), style="sequential").correct
    x = keras.Input((4,))
    functional = keras.Model(x, reference()(x))  # the same, in another style
    result = check(functional, reference(), style="sequential")
    assert result.kind == "wrong-style"
    assert "this exercise asks for a keras.Sequential model" in result.message


def test_a_reference_no_sequential_can_build_is_still_refused():
    x = keras.Input((4,))
    branching = keras.Model(x, [layers.Dense(2)(x), layers.Dense(3)(x)])
    with pytest.raises(KerasTeachError, match="not a single chain of layers"):
        check(branching, branching, style="sequential")


@pytest.mark.parametrize("style", [None, "sequential"])
def test_a_sequential_of_one_output_is_told_to_end_in_a_model_of_two(style):
    result = check(chain(8, 2), ends_in_encoder(), style=style)
    assert result.kind == "outputs"
    assert result.hint.startswith(
        "A keras.Sequential model returns what its last layer returns: to "
        "return 2 outputs, like the reference, end it with a model of its own "
        "that returns them, as the reference ends with its nested model "
        "'encoder'. Build that model with the Functional API (part = "
        "keras.Model(part_inputs, [..., ...])) and list it last: "
        "keras.Sequential([..., part])."
    )
    # "write this model with the Functional API" only where the exercise allows
    functional = "Or write your whole model with the Functional API." in result.hint
    assert functional == (style is None)
    assert "here one tensor" not in result.hint


@pytest.mark.parametrize("style", [None, "sequential"])
def test_a_sequential_of_layers_alone_is_told_to_hold_the_nested_model(style):
    # told "keras.Sequential cannot build it", which explain() contradicts
    result = check(chain(8, 8, 1), holds_block(), style=style)
    assert result.kind == "needs-functional"
    assert result.message.startswith(
        "The reference is a chain of layers, as keras.Sequential builds, but its "
        "nested model 'block' is not a single chain of layers, and your model is "
        "a keras.Sequential of layers alone. In that model, "
    )
    assert "'block/badd' merges" in result.message
    assert "cannot build" not in result.message
    assert result.hint.startswith(
        "A keras.Sequential can hold such a part as one of its layers: build it "
        "as a model of its own with the Functional API, like the reference's "
        "'block' "
    )
    assert "keras.Sequential([keras.Input(shape=(4,)), ..., part, ...])." in (
        result.hint
    )
    functional = "Or write your whole model with the Functional API." in result.hint
    assert functional == (style is None)
