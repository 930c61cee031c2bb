"""kerasteach.check: the structure a model takes its inputs and returns its
outputs in (a tensor, a list, a dict) and the keys of a dict."""

from __future__ import annotations

import keras
import numpy as np
import pytest
from keras import layers

from kerasteach import check


def one_output(wrap=None, *, wrap_input=None):
    """Input 'a', Dense 'dense_out'; the output (or input) wrapped in a
    list or dict by ``wrap`` (``wrap_input``)."""
    a = keras.Input((4,), name="a")
    x = layers.Dense(3, name="dense_out")(a)
    inputs = a if wrap_input is None else wrap_input(a)
    return keras.Model(inputs, x if wrap is None else wrap(x))


# -- a dict where the reference has a single tensor ----------------------------
@pytest.mark.parametrize("ref_wrap", [None, lambda x: [x]], ids=["tensor", "list"])
def test_a_dict_of_one_output_where_the_reference_returns_the_tensor(ref_wrap):
    result = check(one_output(lambda x: {"out": x}), one_output(ref_wrap))
    assert not result and result.kind == "structure"
    assert result.layer == "dense_out"
    assert result.message == (
        "Your model returns its output in a dict, under the key 'out'; the "
        "reference returns the tensor itself: its model(x) and predict() give "
        "an array, and yours give a dict."
    )
    assert result.hint == (
        "Pass the tensor itself to keras.Model, without the dict: "
        "keras.Model(inputs, outputs) instead of keras.Model(inputs, {'out': "
        "outputs}), where outputs is the output of 'dense_out'."
    )


def test_the_reverse_a_tensor_where_the_reference_returns_a_dict():
    result = check(one_output(), one_output(lambda x: {"out": x}))
    assert result.kind == "structure"
    assert result.message.startswith(
        "Your model returns its output as a single tensor; the reference returns "
        "a dict with the key 'out'"
    )
    assert result.hint == "Pass a dict to keras.Model: outputs={'out': ...}."


def test_a_dict_of_one_input_where_the_reference_takes_the_tensor():
    result = check(one_output(wrap_input=lambda a: {"a": a}), one_output())
    assert result.kind == "structure" and result.layer is None
    assert result.message.startswith(
        "Your model takes its input in a dict, under the key 'a'; the reference "
        "takes the tensor itself"
    )
    assert result.hint == (
        "Pass the tensor itself to keras.Model, without the dict: "
        "keras.Model(inputs, outputs) instead of keras.Model({'a': inputs}, "
        "outputs), where inputs is your input 'a'."
    )


@pytest.mark.parametrize("wrap", [lambda x: [x], lambda x: (x,)], ids=["list", "tuple"])
def test_a_list_of_one_output_is_the_tensor_itself(wrap):
    # Keras 3 unwraps a one-element list: model(x) and predict() give the
    # array either way, so there is nothing to tell (not a defect)
    data = np.ones((2, 4), "float32")
    assert isinstance(one_output(wrap).predict(data, verbose=0), np.ndarray)
    assert check(one_output(wrap), one_output()).correct
    assert check(one_output(), one_output(wrap)).correct
    assert check(one_output(wrap_input=lambda a: [a]), one_output()).correct


def test_a_dict_of_several_outputs_where_the_reference_has_a_list_is_free():
    # a list of several outputs leaves the structure free (test_check.py's
    # test_several_inputs_and_outputs_as_dict_or_list): only one tensor is
    # told apart from a dict of it
    def two(as_dict):
        a = keras.Input((4,), name="a")
        p, q = layers.Dense(1, name="p")(a), layers.Dense(2, name="q")(a)
        return keras.Model(a, {"p": p, "q": q} if as_dict else [p, q])

    assert check(two(True), two(False)).correct
