"""kerasteach.check: a list under a key of a dict of inputs or outputs,
written in another order than the reference's, and a key holding a list
renamed (kerasteach/_check_lists.py, kerasteach/_check_inputs.py)."""

from __future__ import annotations

import keras
import pytest
from keras import layers

from kerasteach import check


def returns_a_list(order=(0, 1), *, units=(3, 5), key="q"):
    """Input 'x', Dense 'h'; returns {'p': Dense 'a', key: [Dense 'b',
    Dense 'c', ...]} with the list in ``order`` (one Dense per unit)."""
    x = keras.Input((4,), name="x")
    h = layers.Dense(8, name="h")(x)
    heads = [layers.Dense(n, name=k)(h) for n, k in zip(units, "bcd")]
    return keras.Model(
        x, {"p": layers.Dense(2, name="a")(h), key: [heads[i] for i in order]}
    )


def takes_a_list(order=(0, 1), *, shapes=(4, 4), key="q", w="w", units=1):
    """Inputs 'u', 'v' (``shapes``) under ``key`` in ``order`` and 'w'
    under ``w``; Concatenate 'cat' of u, v, w, then Dense 'out'."""
    u = keras.Input((shapes[0],), name="u")
    v = keras.Input((shapes[1],), name="v")
    last = keras.Input((2,), name=w)
    x = layers.Concatenate(name="cat")([u, v, last])
    listed = [[u, v][i] for i in order]
    return keras.Model({key: listed, w: last}, layers.Dense(units, name="out")(x))


def test_outputs_in_another_order_in_a_list_are_told_as_the_list_and_a_swap():
    assert check(returns_a_list(), returns_a_list()).correct
    result = check(returns_a_list((1, 0)), returns_a_list())
    assert not result and result.kind == "outputs" and result.layer == "c"
    assert result.message == (
        "In your model's outputs dict, the list under 'q' is in another order "
        "than the reference's: your 'q'[0] is the output of 'c' (Dense(5)), "
        "which the reference has at 'q'[1]; and your 'q'[1] is the output of "
        "'b' (Dense(3)), which the reference has at 'q'[0]."
    )
    assert result.hint == (
        "In the outputs dict you pass to keras.Model, swap 'q'[0] and 'q'[1] in "
        "the list under 'q'."
    )


def test_a_list_of_three_outputs_rotated_is_told_in_the_order_to_write():
    # told one place at a time, it read "your output 'q'[0] is the output of
    # 'c', but in the reference it is the output of 'b'"
    ref = returns_a_list((0, 1, 2), units=(3, 5, 7))
    result = check(returns_a_list((1, 2, 0), units=(3, 5, 7)), ref)
    assert result.kind == "outputs"
    assert "the list under 'q' is in another order than the reference's" in (
        result.message
    )
    assert (
        "your 'q'[2] is the output of 'b' (Dense(3)), which the reference has at "
        "'q'[0]" in result.message
    )
    assert result.hint == (
        "In the outputs dict you pass to keras.Model, put the list under 'q' in "
        "the reference's order: the output of 'b' (Dense(3)), then the output of "
        "'c' (Dense(5)), then the output of 'd' (Dense(7))."
    )


def test_inputs_of_one_shape_in_another_order_in_a_list_are_no_concatenate_order():
    assert check(takes_a_list(), takes_a_list()).correct
    result = check(takes_a_list((1, 0)), takes_a_list())
    assert not result and result.kind == "input-order" and result.layer == "v"
    assert "Concatenate" not in result.message and "'cat'" not in result.hint
    assert result.message == (
        "In your model's inputs dict, the list under 'q' is in another order "
        "than the reference's: your 'q'[0] is your input 'v', which the "
        "reference has at 'q'[1]; and your 'q'[1] is your input 'u', which the "
        "reference has at 'q'[0]. Your layers are right: only this order "
        "differs, and with it each input's data would go to the other input's "
        "layers."
    )
    assert result.hint == (
        "In the inputs dict you pass to keras.Model, swap 'q'[0] and 'q'[1] in "
        "the list under 'q': inputs={'q': [u, v], 'w': w}, and give the data in "
        "the same order."
    )


def test_a_list_in_another_order_is_told_first_beside_another_difference():
    # the names are the student's own: the order is plain though a layer differs
    result = check(takes_a_list((1, 0), units=3), takes_a_list())
    assert result.kind == "input-order"
    assert "the list under 'q' is in another order" in result.message
    assert "Your layers are right" not in result.message
    assert "swap 'q'[0] and 'q'[1]" in result.hint


def test_inputs_of_other_shapes_in_another_order_in_a_list_say_the_shapes():
    ref = takes_a_list(shapes=(4, 3))
    result = check(takes_a_list((1, 0), shapes=(4, 3)), ref)
    assert result.kind == "input-order"
    assert result.message == (
        "In your model's inputs dict, the list under 'q' is in another order "
        "than the reference's: your 'q'[0] is your input 'v' (shape (3,)), which "
        "the reference has at 'q'[1]; and your 'q'[1] is your input 'u' (shape "
        "(4,)), which the reference has at 'q'[0]. Keras gives the data at each "
        "place to the input at that place, so each of these inputs would get "
        "data of another shape."
    )
    assert result.hint.endswith(
        "swap 'q'[0] and 'q'[1] in the list under 'q': inputs={'q': [u, v], "
        "'w': w}, and give the data in the same order."
    )


@pytest.mark.filterwarnings("ignore:When providing `inputs` as a dict")
def test_a_renamed_key_holding_a_list_of_inputs_is_a_rename():
    # the hint wrote the whole reference dict, inputs={'bc': [..., ...], ...}
    result = check(takes_a_list(key="bd"), takes_a_list(key="bc"))
    assert result.kind == "inputs"
    assert "'bc' is missing from yours, and 'bd' is not among" in result.message
    assert result.hint == (
        "Rename the keys of the inputs dict you pass to keras.Model: 'bd' to 'bc'."
    )
    # beside a key holding one input: both renamed, and that input named
    result = check(takes_a_list(key="bd", w="ww"), takes_a_list(key="bc"))
    assert result.hint == (
        "Rename the keys of the inputs dict you pass to keras.Model: 'bd' to 'bc' "
        "and 'ww' to 'w', and give each keras.Input the name of its key: "
        "keras.Input(shape=..., name='w')."
    )
    # a list of other shapes under the other key is no rename
    result = check(takes_a_list(key="bd", shapes=(4, 3)), takes_a_list(key="bc"))
    assert result.hint.startswith(
        "Use the reference's keys in the inputs dict you pass to keras.Model, "
        "with what it holds under each: inputs={'bc': [..., ...], 'w': ...}"
    )


def test_a_renamed_key_holding_a_list_of_outputs_is_a_rename():
    result = check(returns_a_list(key="bd"), returns_a_list(key="bc"))
    assert result.kind == "outputs"
    assert result.hint == (
        "Rename the keys of the outputs dict you pass to keras.Model: 'bd' to 'bc'."
    )
