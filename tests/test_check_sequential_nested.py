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
        "a keras.Sequential of layers alone. In that model, the input of 'block' "
    )
    assert (
        "'block/badd' merges the input of 'block' and the output of 'block/bd'"
    ) in result.message
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


def merging_encoder():
    """Dense 4 and Dense 4 of one input with Keras's own name, added."""
    x = keras.Input((8,))
    return keras.Model(
        x, layers.Add()([layers.Dense(4)(x), layers.Dense(4)(x)]), name="encoder"
    )


def holds_merging_encoder():
    return keras.Sequential([keras.Input((6,)), layers.Dense(8), merging_encoder()])


@pytest.mark.parametrize("style", [None, "sequential"])
def test_a_nested_model_that_is_a_chain_is_told_to_branch(style):
    # told "your model is a keras.Sequential of layers alone" and to build
    # the part as a model of its own, which the student had done
    inner = keras.Sequential([layers.Dense(4), layers.Dense(4)], name="mine")
    student = keras.Sequential([keras.Input((6,)), layers.Dense(8), inner])
    result = check(student, holds_merging_encoder(), style=style)
    assert result.kind == "needs-functional"
    assert result.message.startswith(
        "The reference is a chain of layers, as keras.Sequential builds, but its "
        "nested model 'encoder' is not a single chain of layers, and your nested "
        "model 'mine' is a single chain of layers. In the reference's 'encoder', "
        "the input of 'encoder' branches: it feeds Dense(4) and Dense(4); and "
        "Add() merges their outputs."
    )
    assert "layers alone" not in result.message
    assert "input_layer" not in result.message  # Keras's name for it
    assert result.hint.startswith(
        "Build your nested model 'mine' as the reference builds 'encoder': a "
        "keras.Sequential builds only a chain, so write it with the Functional "
        "API (part_inputs = keras.Input(shape=...), call each layer on the tensor "
        "it reads, then part = keras.Model(part_inputs, part_outputs)), and keep "
        "it in your keras.Sequential where the reference has 'encoder'."
    )
    functional = "Or write your whole model with the Functional API." in result.hint
    assert functional == (style is None)


def test_a_functional_nested_chain_is_not_told_to_use_the_functional_api():
    x = keras.Input((8,))
    inner = keras.Model(x, layers.Dense(4)(layers.Dense(4)(x)), name="mine")
    student = keras.Sequential([keras.Input((6,)), layers.Dense(8), inner])
    result = check(student, holds_merging_encoder(), style="sequential")
    assert "your nested model 'mine' is a single chain" in result.message
    assert result.hint.startswith(
        "Build your nested model 'mine' as the reference builds 'encoder' "
        "(part_inputs = keras.Input(shape=...), call each layer"
    )
    assert "builds only a chain" not in result.hint


def test_layers_alone_hear_of_the_nested_input_by_its_model():
    # the nested model's input has no node of its own (it is the tensor the
    # model is called on): it was named 'input_layer_1', Keras's own name
    student = keras.Sequential([keras.Input((6,)), layers.Dense(8), layers.Dense(4)])
    result = check(student, holds_merging_encoder(), style="sequential")
    assert (
        "your model is a keras.Sequential of layers alone. In that model, the "
        "input of 'encoder' branches: it feeds Dense(4) and Dense(4)"
    ) in result.message
    assert "input_layer" not in result.message


def test_the_inputs_of_a_nested_model_of_several_are_told_apart():
    from kerasteach import read_model
    from kerasteach._check_flat import _Flat
    from kerasteach._check_words import _RefWords

    a, b = keras.Input((4,)), keras.Input((4,), name="side")
    pair = keras.Model([a, b], layers.Add()([a, b]), name="pair")
    x, y = keras.Input((4,)), keras.Input((4,))
    words = _RefWords(_Flat(read_model(keras.Model([x, y], pair([x, y])))))
    names = [la.name for la in pair.layers if la.name != "add"]
    auto = next(n for n in names if n != "side")
    assert words.layer("pair/", auto) == "the input number 1 of 'pair'"
    assert words.layer("pair/", "side") == "the input 'side' of 'pair'"
    assert words.output("pair/", "side") == "the input 'side' of 'pair'"
    assert words.layer("", "nowhere") == "'nowhere'"  # no such layer: its name
