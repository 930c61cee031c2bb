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


def returns_three(order=(0, 1, 2), units=(2, 3, 5)):
    """Input 'x'; returns [Dense 'a', Dense 'b', Dense 'c'] in ``order``, as
    a list of outputs; ``units`` gives each its units, or its activation
    (Dense(2, activation=...)) when it is a name."""
    x = keras.Input((4,), name="x")
    heads = [
        layers.Dense(n, name=k)(x)
        if isinstance(n, int)
        else layers.Dense(2, activation=n, name=k)(x)
        for n, k in zip(units, "abc")
    ]
    return keras.Model(x, [heads[i] for i in order])


def _dense(n) -> str:
    return f"Dense({n})" if isinstance(n, int) else f"Dense(2, activation={n!r})"


@pytest.mark.parametrize("units", [(2, 3, 5), ("relu", "tanh", "sigmoid")])
def test_a_rotated_list_of_outputs_is_told_as_the_order_to_write(units):
    # told one output at a time, it read "your model's output 1 is the output
    # of 'b', but in the reference it is the output of 'a'"; outputs of the
    # same shape too (their layers tell them apart)
    a, b, c = (_dense(n) for n in units)
    assert check(returns_three(units=units), returns_three(units=units)).correct
    result = check(returns_three((1, 2, 0), units), returns_three(units=units))
    assert not result and result.kind == "outputs" and result.layer == "b"
    assert result.message == (
        "Your model's outputs are in another order than the reference's: your "
        f"output 1 is the output of 'b' ({b}), which the reference has as output "
        f"2; your output 2 is the output of 'c' ({c}), which the reference has as "
        f"output 3; and your output 3 is the output of 'a' ({a}), which the "
        "reference has as output 1."
    )
    assert result.hint == (
        "Pass your outputs to keras.Model in the reference's order: the output "
        f"of 'a' ({a}), then the output of 'b' ({b}), then the output of 'c' ({c})."
    )


def test_two_outputs_of_three_swapped_are_still_told_as_a_swap():
    result = check(returns_three((2, 1, 0)), returns_three())
    assert result.kind == "outputs"
    assert result.message.startswith("Your model's outputs 1 and 3 are swapped")
    assert result.hint == (
        "Swap the two tensors in the list of outputs you pass to keras.Model."
    )


def test_a_rotated_list_of_outputs_with_a_wrong_layer_is_no_order():
    # 'c' is another layer: the outputs are not the reference's in another
    # order, so the first difference is that layer, not the order
    result = check(returns_three((1, 2, 0), units=(2, 3, 6)), returns_three())
    assert result.kind == "units" and "another order" not in result.message
