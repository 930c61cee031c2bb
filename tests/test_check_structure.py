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


def test_a_dict_of_several_outputs_where_the_reference_has_a_list():
    # a list tells its outputs apart by their order: model(x) and predict()
    # give a list, and a list of labels goes to the outputs in that order
    def two(as_dict, keys=("p", "q")):
        a = keras.Input((4,), name="a")
        p, q = layers.Dense(1, name="p")(a), layers.Dense(2, name="q")(a)
        return keras.Model(a, dict(zip(keys, (p, q))) if as_dict else [p, q])

    data = np.ones((2, 4), "float32")
    assert isinstance(two(True).predict(data, verbose=0), dict)
    assert isinstance(two(False).predict(data, verbose=0), list)
    result = check(two(True), two(False))
    assert (result.kind, result.layer) == ("structure", None)
    assert result.message == (
        "Your model returns its outputs in a dict, under the keys 'p' and 'q'; "
        "the reference returns a list of 2 outputs, told apart by their order: "
        "its model(x) and predict() give a list, and yours give a dict."
    )
    assert result.hint == (
        "Pass the outputs to keras.Model as a list, in the reference's order: "
        "outputs=[..., ...], with the output of 'p' first, then the output of 'q'."
    )
    # keys whose sorted order is not the list's: Keras pairs a list of
    # labels with a dict's outputs in the order of its sorted keys
    student = two(True, keys=("z", "a"))
    assert [t.shape[-1] for t in keras.tree.flatten(student.output)] == [2, 1]
    assert check(student, two(False)).message.endswith(
        "Given a list of labels, as the reference takes them, yours would pair "
        "them with its outputs in the order of its sorted keys ('a', then 'z'), "
        "not in the reference's order."
    )


# -- a reference that takes a dict of inputs -----------------------------------
def dict_inputs(names, *, shapes=None, as_dict=True):
    """An Input for each of ``names`` (of ``shapes``, else all (4,)),
    concatenated, then Dense(2); the inputs as a dict or a list."""
    shapes = shapes or [4] * len(names)
    ins = {n: keras.Input((s,), name=n) for n, s in zip(names, shapes, strict=True)}
    parts = list(ins.values())
    x = layers.Concatenate()(parts) if len(parts) > 1 else parts[0]
    return keras.Model(ins if as_dict else parts, layers.Dense(2)(x))


def test_other_input_keys_say_which_are_missing_and_which_are_extra():
    result = check(dict_inputs("xy"), dict_inputs("ab"))
    assert result.kind == "inputs"
    assert result.message == (
        "Your model's inputs are named ['x', 'y']; the reference expects "
        "['a', 'b']: 'a' (shape (None, 4)) and 'b' (shape (None, 4)) are missing "
        "from yours, and 'x' and 'y' are not among the reference's."
    )
    # which of x and y is a and which b: the shapes do not tell
    assert result.hint == (
        "Use the reference's keys in the inputs dict you pass to keras.Model: "
        "'a' and 'b' instead of 'x' and 'y', and give each keras.Input the name "
        "of its key: keras.Input(shape=..., name='a')."
    )


def test_one_other_input_key_of_the_missing_ones_shape_is_a_rename():
    # a and b have the same shape: the key a is right, so c is b renamed
    result = check(dict_inputs("ac"), dict_inputs("ab"))
    assert "'b' (shape (None, 4)) is missing from yours, and 'c' is not among" in (
        result.message
    )
    assert result.hint.startswith(
        "Rename the keys of the inputs dict you pass to keras.Model: 'c' to 'b',"
    )
    # of another shape, it is no rename: the shape of the missing one is told
    result = check(dict_inputs("ac", shapes=[4, 6]), dict_inputs("ab", shapes=[4, 5]))
    assert "'b' (shape (None, 5)) is missing" in result.message
    assert result.hint.startswith(
        "Use the reference's keys in the inputs dict you pass to keras.Model: "
        "'b' instead of 'c'"
    )


def test_a_list_of_named_inputs_is_told_by_name_against_a_dict():
    # Keras finds a dict's data by the inputs' names: say which to remove
    result = check(dict_inputs("abc", as_dict=False), dict_inputs("ab"))
    assert result.kind == "inputs"
    assert result.message.startswith("Your model has 3 inputs ('a', 'b' and 'c');")
    assert result.hint == "Keep only the reference's 2 inputs: remove 'c'."
    result = check(dict_inputs("a", as_dict=False), dict_inputs("ab"))
    assert result.message.startswith("Your model has 1 input ('a');")
    assert result.hint.endswith(
        "keras.Model(inputs={'a': ..., 'b': ...}, outputs=...), adding 'b'."
    )
    # Keras's own names are not the student's: not told as keys
    a, b, c = (keras.Input((4,)) for _ in range(3))
    student = keras.Model([a, b, c], layers.Dense(2)(layers.Concatenate()([a, b, c])))
    result = check(student, dict_inputs("ab"))
    assert result.hint == "Keep only the reference's 2 inputs."


def test_a_list_of_inputs_named_otherwise_is_told_to_name_them_like_the_keys():
    result = check(dict_inputs("ac", as_dict=False), dict_inputs("ab"))
    assert result.kind == "structure"
    assert result.hint == (
        "Pass a dict to keras.Model: inputs={'a': ..., 'b': ...}, with your input "
        "'a' under 'a' and your input 'c' under 'b', and give each keras.Input "
        "the name of its key: keras.Input(shape=..., name='b')."
    )


def test_an_input_of_another_shape_names_the_key_it_stands_for():
    student = dict_inputs("ac", shapes=[4, 5], as_dict=False)
    result = check(student, dict_inputs("ab"))
    assert result.kind == "input-shape" and result.layer == "c"
    assert result.message == (
        "Your input 'c' (for the reference's 'b') has shape (None, 5); the "
        "reference expects (None, 4)."
    )


# -- inputs listed in another order ------------------------------------------
def two_named_inputs(names, order):
    """Inputs named ``names`` (same shape), a Dense of its own on each,
    concatenated; listed in keras.Model in ``order`` (indices)."""
    ins = [keras.Input((4,), name=n) for n in names]
    x = layers.Concatenate()([layers.Dense(2)(ins[0]), layers.Dense(3)(ins[1])])
    return keras.Model([ins[k] for k in order], layers.Dense(1)(x))


def test_inputs_in_another_order_named_unlike_variables_get_valid_code():
    names = ("image-in", "class")
    result = check(two_named_inputs(names, (1, 0)), two_named_inputs(names, (0, 1)))
    assert result.kind == "input-order" and result.layer == "image-in"
    assert result.message.startswith(
        "Your model's inputs are listed in another order than the reference's: "
        "keras.Model(inputs=[class_1, image_in], ...) takes the input 'class' "
        "first, but the reference takes 'image-in' first, then 'class'. (Here "
        "class_1 and image_in stand for your keras.Inputs named 'class' and "
        "'image-in'.)"
    )
    assert result.hint == (
        "List your inputs in that order: keras.Model(inputs=[image_in, class_1], "
        "outputs=...), and give the data in the same order."
    )
    code = result.hint.partition(": ")[2].partition(", and give")[0]
    compile(code, "<hint>", "eval")


def test_an_input_name_with_quotes_is_data_in_the_words_and_a_variable_in_code():
    names = ('it\'s "x"', "y")
    result = check(two_named_inputs(names, (1, 0)), two_named_inputs(names, (0, 1)))
    assert result.kind == "input-order"
    assert repr(names[0]) in result.message  # the name, as repr writes it
    assert "keras.Model(inputs=[it_s_x, y], outputs=...)" in result.hint
    assert "(Here it_s_x stands for your keras.Input named " in result.message


# -- a dict that holds a list under a key --------------------------------------
def nested_dict(outputs="nested", inputs="list", *, units=3, swap=False, keys="pq"):
    """Inputs 'a', 'b', 'c' concatenated; Dense 'o1', 'o2', 'o3' (``units``)
    returned as ``{'p': o1, 'q': [o2, o3]}`` (``outputs="nested"``) or in
    another structure; the inputs as a list or ``{'a': a, 'bc': [b, c]}``."""
    a, b, c = (keras.Input((n,), name=k) for n, k in ((3, "a"), (2, "b"), (2, "c")))
    x = layers.Concatenate(name="cat")([a, b, c])
    o1, o2 = layers.Dense(1, name="o1")(x), layers.Dense(2, name="o2")(x)
    o3 = layers.Dense(units, name="o3")(x)
    if swap:
        o2, o3 = o3, o2
    p, q = keys
    outs = {
        "nested": {p: o1, q: [o2, o3]},
        "tuple": {p: o1, q: (o2, o3)},
        "list first": {p: [o1, o2], q: o3},
        "flat": {p: o1, q: o2, "z": o3},
        "short": {p: o1, q: o2},
        "list": [o1, [o2, o3]],
    }[outputs]
    ins = {
        "list": [a, b, c],
        "nested": {"a": a, "bc": [b, c]},
        "list first": {"a": [a, b], "bc": c},
        "flat": {"a": a, "b": b, "c": c},
    }[inputs]
    return keras.Model(ins, outs)


@pytest.mark.parametrize("inputs", ["list", "nested"])
def test_a_dict_holding_a_list_is_the_right_answer(inputs):
    # the dict has 2 keys and 3 tensors: pairing keys with tensors crashed
    ref = nested_dict(inputs=inputs)
    result = check(nested_dict(inputs=inputs), ref)
    assert result.correct, result
    assert "3 inputs, 3 outputs" in result.message
    # a tuple under the key reads as the list does
    assert check(nested_dict("tuple", inputs), ref).correct


def test_a_wrong_layer_in_a_dict_holding_a_list_is_named():
    result = check(nested_dict(inputs="nested", units=4), nested_dict(inputs="nested"))
    assert result.kind == "units" and result.layer == "o3"
    assert "has 4 units; the reference has 3" in result.message
    assert result.hint == "Change it to Dense(3)."


def test_outputs_swapped_in_the_list_under_a_key_are_named_by_their_place():
    result = check(nested_dict(swap=True), nested_dict())
    assert result.kind == "outputs"
    assert result.message.startswith(
        "In your model's outputs dict, the list under 'q' is in another order "
        "than the reference's: your 'q'[0] is the output of 'o3' (Dense(3)), "
        "which the reference has at 'q'[1]"
    )
    assert result.hint == (
        "In the outputs dict you pass to keras.Model, swap 'q'[0] and 'q'[1] in "
        "the list under 'q'."
    )


def test_another_key_of_a_dict_holding_a_list_is_a_rename():
    result = check(nested_dict(keys="pr"), nested_dict())
    assert result.kind == "outputs"
    assert "'q' is missing from yours, and 'r' is not among" in result.message
    assert result.hint == (
        "Rename the keys of the outputs dict you pass to keras.Model: 'r' to 'q'."
    )


def test_the_same_keys_holding_another_structure_say_which_key_and_what():
    result = check(nested_dict("list first"), nested_dict())
    assert (result.kind, result.layer) == ("structure", None)
    assert result.message == (
        "Your model returns a list of 2 tensors under the key 'p' of its outputs "
        "dict; the reference returns a single tensor there, and predict() gives "
        "the outputs, and fit() takes the labels, in that structure."
    )
    assert result.hint == (
        "Pass the outputs to keras.Model in the reference's structure: "
        "outputs={'p': ..., 'q': [..., ...]}, with a single tensor under 'p'."
    )
    ref = nested_dict(inputs="nested")
    result = check(nested_dict(inputs="list first"), ref)
    assert result.kind == "structure"
    assert result.message.startswith(
        "Your model takes a list of 2 tensors under the key 'a' of its inputs dict"
    )
    assert "inputs={'a': ..., 'bc': [..., ...]}" in result.hint


def test_as_many_tensors_under_other_keys_write_the_reference_dict():
    # no key is missing: 'z' is extra, and 'q' holds one tensor, not two
    result = check(nested_dict("flat"), nested_dict())
    assert result.kind == "outputs"
    assert result.message == (
        "Your model's outputs are named ['p', 'q', 'z']; the reference returns "
        "['p', 'q']: 'z' is not among the reference's."
    )
    assert result.hint.endswith("outputs={'p': ..., 'q': [..., ...]}.")
    # a key holding a list gets no keras.Input named after it
    result = check(nested_dict(inputs="flat"), nested_dict(inputs="nested"))
    assert "'bc' is missing from yours" in result.message
    assert result.hint == (
        "Use the reference's keys in the inputs dict you pass to keras.Model, "
        "with what it holds under each: inputs={'a': ..., 'bc': [..., ...]}."
    )


def test_too_few_outputs_count_the_tensors_under_each_key():
    result = check(nested_dict("short"), nested_dict())
    assert result.kind == "outputs"
    assert result.message == (
        "Your model has 2 outputs ('p' and 'q'); the reference has 3 ('p' of "
        "shape (None, 1), 'q'[0] of shape (None, 2) and 'q'[1] of shape (None, 3))."
    )
    assert result.hint == (
        "Return all 3 outputs: keras.Model(inputs, {'p': ..., 'q': [..., ...]})."
    )


def test_a_list_where_the_reference_has_a_dict_holding_a_list_places_each():
    result = check(nested_dict("list"), nested_dict())
    assert result.kind == "structure"
    assert result.hint == (
        "Pass a dict to keras.Model: outputs={'p': ..., 'q': [..., ...]}, with the "
        "output of 'o1' under 'p', the output of 'o2' under 'q'[0] and the output "
        "of 'o3' under 'q'[1]."
    )
    # and the other way round: the reference's nested list, written as one
    result = check(nested_dict(), nested_dict("list"))
    assert result.kind == "structure"
    assert "outputs=[..., [..., ...]], with the output of 'o1'" in result.hint
    # an input of another shape in the list under a key: told by its place
    ref = nested_dict(inputs="nested")
    a, b, c = (keras.Input((n,), name=k) for n, k in ((3, "a"), (5, "b"), (2, "c")))
    x = layers.Concatenate(name="cat")([a, b, c])
    outs = [layers.Dense(n, name=f"o{n}")(x) for n in (1, 2, 3)]
    student = keras.Model({"a": a, "bc": [b, c]}, {"p": outs[0], "q": outs[1:]})
    result = check(student, ref)
    assert result.kind == "input-shape"
    assert result.message == (
        "Your input 'b' (for the reference's 'bc'[0]) has shape (None, 5); the "
        "reference expects (None, 2)."
    )
