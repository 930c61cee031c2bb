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


def feeds_a_pair(names=("left", "right")):
    """Input 'x' of shape (8,) read by Dense 'h1' and Dense 'h2' (4 each),
    whose outputs are the 2 inputs (``names``) of the nested model 'pair'
    (an Add), then Dense 'out' (2)."""
    a, b = (keras.Input((4,), name=n) for n in names)
    pair = keras.Model([a, b], layers.Add(name="sum")([a, b]), name="pair")
    x = keras.Input((8,), name="x")
    h1, h2 = layers.Dense(4, name="h1")(x), layers.Dense(4, name="h2")(x)
    return keras.Model(x, layers.Dense(2, name="out")(pair([h1, h2])))


@pytest.mark.parametrize("named", [True, False])
def test_a_nested_model_of_two_inputs_is_told_as_that_model_not_the_reference(named):
    # explain's words for the nested model, "the model has 2 inputs ('left'
    # and 'right'); a Sequential model has exactly one", read as the
    # reference's own (it has one input), and the hint said to create one
    # keras.Input for each input
    # Keras's own names for the pair's inputs when not named
    ref = feeds_a_pair() if named else feeds_a_pair(("input_layer", "input_layer_1"))
    student = keras.Sequential([keras.Input((8,)), layers.Dense(4), layers.Dense(2)])
    result = check(student, ref)
    assert result.kind == "needs-functional"
    told = "the nested model 'pair' takes 2 inputs" + (
        " ('left' and 'right')" if named else ""
    )
    assert (
        f"In the reference, {told}, so it is called on a list of 2 tensors, and "
        "keras.Sequential calls each layer on the one tensor before it"
    ) in result.message
    assert "the model has 2 inputs" not in result.message
    assert "input_layer" not in result.message
    assert "create one keras.Input for each input" not in result.hint
    assert (
        "call the nested model 'pair' on a list of its 2 inputs, as the "
        "reference does: pair([a, b])"
    ) in result.hint
    assert result.hint.startswith("Write your model with the Functional API")
    # the same model in the Functional API is right
    keras.utils.clear_session()
    assert check(feeds_a_pair(), feeds_a_pair()).correct


def test_a_nested_model_of_two_outputs_is_told_as_that_model():
    i = keras.Input((4,))
    split = keras.Model(
        i,
        [layers.Dense(2, name="left")(i), layers.Dense(2, name="right")(i)],
        name="split",
    )
    x = keras.Input((4,), name="x")
    left, right = split(x)
    merged = layers.Add()([layers.Dense(3)(left), layers.Dense(3)(right)])
    ref = keras.Model(x, merged)
    student = keras.Sequential([keras.Input((4,)), layers.Dense(3)])
    result = check(student, ref)
    assert result.kind == "needs-functional"
    assert (
        "the nested model 'split' returns 2 outputs ('left' and 'right'), and "
        "keras.Sequential passes only one tensor to the next layer"
    ) in result.message
    assert "the model has 2 outputs" not in result.message
    assert "take the 2 outputs of the nested model 'split' apart: a, b = split(x)" in (
        result.hint
    )


def nests_a_branching_encoder():
    """keras.Sequential: the nested model 'encoder' first (Dense 'e1' and
    Dense 'e2' of its input, added by 'sum'), then Dense 'out' (3)."""
    i = keras.Input((8,))
    branches = [layers.Dense(4, name="e1")(i), layers.Dense(4, name="e2")(i)]
    enc = keras.Model(i, layers.Add(name="sum")(branches), name="encoder")
    return keras.Sequential([keras.Input((8,)), enc, layers.Dense(3, name="out")])


def test_a_student_who_nests_another_part_is_told_which_part_each_nests():
    # the hint said "Build your nested model 'head' as the reference builds
    # 'encoder' ... where the reference has 'encoder'": the head is no encoder
    head = keras.Sequential([keras.Input((4,)), layers.Dense(3)], name="head")
    student = keras.Sequential(
        [keras.Input((8,)), layers.Dense(4), layers.Dense(4), head]
    )
    result = check(student, nests_a_branching_encoder())
    assert result.kind == "needs-functional"
    assert (
        "your nested model is another part: you nest 'head' last in your "
        "keras.Sequential, where the reference has 'out' (Dense(3)), and the "
        "reference nests 'encoder' first."
    ) in result.message
    assert "In the reference's 'encoder', the input of 'encoder' branches" in (
        result.message
    )
    assert result.hint.startswith(
        "Nest the part the reference nests: build 'encoder' as a model of its "
        "own with the Functional API (part_inputs = keras.Input(shape=...), "
    )
    assert (
        "and list it first in your keras.Sequential, as the reference does. Your "
        "'head' may stay as it is (check() counts a nested model as its layers). "
        "Or write your whole model with the Functional API."
    ) in result.hint
    assert "Build your nested model 'head' as the reference builds" not in result.hint


def test_a_student_who_nests_the_same_part_is_told_to_build_it_so():
    # nested first, where the reference nests 'encoder': the matching part
    mine = keras.Sequential([keras.Input((8,)), layers.Dense(4)], name="my_enc")
    student = keras.Sequential([keras.Input((8,)), mine, layers.Dense(3)])
    result = check(student, nests_a_branching_encoder())
    assert "your nested model 'my_enc' is a single chain of layers" in (result.message)
    assert "another part" not in result.message
    assert result.hint.startswith(
        "Build your nested model 'my_enc' as the reference builds 'encoder'"
    )
    # and the encoder built as the reference builds it is right
    assert check(nests_a_branching_encoder(), nests_a_branching_encoder()).correct
