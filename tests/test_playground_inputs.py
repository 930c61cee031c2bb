"""The playground's messages for data given to a model of several inputs the
wrong way (separate arguments, another order, one array too many, the shape
of all of the data in keras.Input, one sample without the batch axis, dict
keys that are not the inputs' names), and the note on a model of one input
given a list of arrays.

Where a message shows a line, putting that line in the code works.
"""

from __future__ import annotations

import pytest
from _playground import _plain, _replaced, _run, _shown, _shown_lines, _works

_TWO = (
    'title = keras.Input(shape=(4,), name="title")\n'
    'body = keras.Input(shape=(3,), name="body")\n'
    "merged = layers.Concatenate()([title, body])\n"
    'out = layers.Dense(1, activation="sigmoid")(merged)\n'
    "model = keras.Model([title, body], out)\n"
    'model.compile(optimizer="adam", loss="binary_crossentropy")\n'
    "xt, xb = np.random.rand(8, 4), np.random.rand(8, 3)\n"
    "y = np.random.randint(0, 2, (8, 1))\n"
)
_LAST = _TWO.count("\n") + 1  # the line the tests add


_THREE = (
    "a, b, c = keras.Input(shape=(4,)), keras.Input(shape=(3,)), "
    "keras.Input(shape=(2,))\n"
    "model = keras.Model([a, b, c], layers.Dense(1)(layers.Concatenate()([a, b, c])))\n"
    'model.compile(optimizer="adam", loss="mse")\n'
    "xa, xb, xc = np.random.rand(8, 4), np.random.rand(8, 3), np.random.rand(8, 2)\n"
    "y = np.random.rand(8, 1)\n"
)


def test_the_arrays_of_two_inputs_as_separate_arguments_go_in_one_list():
    source = _TWO + "model.fit(xt, xb, y, epochs=1, verbose=0)\n"
    _, problem = _run(source)
    assert problem.kind == "data" and problem.line == _LAST
    assert (
        "model has 2 inputs, title and body, and fit() takes their arrays in one list"
    ) in problem.message
    assert "xb went where the labels go and y where batch_size goes" in (
        problem.message
    )
    fixed = _shown(problem.message, "in the order of keras.Model's inputs:")
    assert fixed == "model.fit([xt, xb], y, epochs=1, verbose=0)"
    _plain(problem.message)
    _works(_replaced(source, _LAST, fixed))


def test_separate_arrays_in_a_fit_over_several_lines_show_the_whole_fixed_call():
    # it was Keras's own words: the fix was read from "model.fit(" alone
    source = _TWO + "model.fit(\n    xt, xb, y,\n    epochs=1, verbose=0)\n"
    _, problem = _run(source)
    assert problem.kind == "data" and problem.line == _LAST
    assert "xb went where the labels go and y where batch_size goes" in (
        problem.message
    )
    fixed = _shown_lines(problem.message, "in the order of keras.Model's inputs:")
    assert fixed == ["model.fit(", "    [xt, xb], y,", "    epochs=1, verbose=0)"]
    _plain(problem.message)
    p = _works(_replaced(source, (_LAST, _LAST + 2), *fixed))
    assert len(p.result.fits) == 1 and p.result.fits[0].finished


def test_swapped_arrays_in_an_indented_fit_over_several_lines():
    source = _TWO + (
        "for epoch in range(2):\n"
        "    model.fit([xb,\n"
        "               xt], y, verbose=0)\n"
    )
    _, problem = _run(source)
    assert "The arrays look swapped" in problem.message
    fixed = _shown_lines(problem.message, "in the order of keras.Model's inputs:")
    assert fixed == ["    model.fit([xt, xb], y, verbose=0)"]  # the for's indent
    _plain(problem.message)
    p = _works(_replaced(source, (_LAST + 1, _LAST + 2), *fixed))
    assert len(p.result.fits) == 2


def test_predict_given_the_arrays_separately_says_one_list():
    source = _TWO + "p = model.predict(xt, xb, verbose=0)\n"
    _, problem = _run(source)
    assert "predict() takes their arrays in one list" in problem.message
    assert "xb went where batch_size goes" in problem.message
    fixed = _shown(problem.message, "in the order of keras.Model's inputs:")
    assert fixed == "p = model.predict([xt, xb], verbose=0)"
    _works(_replaced(source, _LAST, fixed))


def test_three_arrays_for_two_inputs_says_three_not_one():
    source = _TWO + "model.fit([xt, xb, np.random.rand(8, 5)], y, verbose=0)\n"
    _, problem = _run(source)
    assert problem.kind == "data" and problem.line == _LAST
    assert (
        "but fit() got 3 arrays in a list: xt (shape (8, 4)), xb (shape (8, 3)), "
        "an array of shape (8, 5)"
    ) in problem.message
    assert "got one array" not in problem.message
    _plain(problem.message)


@pytest.mark.parametrize("call", ["model.fit([xb, xt], y, verbose=0)"])
def test_the_arrays_of_two_inputs_in_the_wrong_order_look_swapped(call):
    source = _TWO + call + "\n"
    _, problem = _run(source)
    assert problem.kind == "data" and problem.line == _LAST
    assert "The arrays look swapped" in problem.message
    assert (
        "model's inputs are, in order, title (samples of shape (4,)), body "
        "(samples of shape (3,)), but the list gives xb (samples of shape (3,)), "
        "xt (samples of shape (4,))"
    ) in problem.message
    fixed = _shown(problem.message, "in the order of keras.Model's inputs:")
    assert fixed == "model.fit([xt, xb], y, verbose=0)"
    _plain(problem.message)
    _works(_replaced(source, _LAST, fixed))


def test_the_arrays_of_three_inputs_in_another_order_look_out_of_order():
    source = _THREE + "model.fit([xb, xc, xa], y, verbose=0)\n"
    _, problem = _run(source)
    assert problem.message.startswith("The arrays look out of order on line 6")
    fixed = _shown(problem.message, "in the order of keras.Model's inputs:")
    assert fixed == "model.fit([xa, xb, xc], y, verbose=0)"
    _works(_replaced(source, 6, fixed))


def test_the_arrays_of_three_inputs_as_separate_arguments():
    source = _THREE + "model.fit(xa, xb, xc, y, verbose=0)\n"
    _, problem = _run(source)
    assert "model has 3 inputs, a, b and c, and fit() takes their arrays" in (
        problem.message
    )
    fixed = _shown(problem.message, "in the order of keras.Model's inputs:")
    assert fixed == "model.fit([xa, xb, xc], y, verbose=0)"
    _works(_replaced(source, 6, fixed))


def test_an_array_of_the_wrong_width_names_its_input_and_is_not_swapped():
    source = _TWO + "model.fit([np.random.rand(8, 6), xb], y, verbose=0)\n"
    _, problem = _run(source)
    assert problem.kind == "data" and problem.line == _LAST
    assert (
        "The input title takes samples of shape (4,), but the first array of the "
        "list, np.random.rand(8, 6), has shape (8, 6), samples of shape (6,)"
    ) in problem.message
    assert "keras.Input(shape=(6,))" in problem.message
    assert "swapped" not in problem.message
    assert "Shape mismatch" not in problem.message
    _plain(problem.message)


def test_keras_input_given_the_shape_of_all_of_the_data_for_each_input():
    source = (
        _TWO.replace("shape=(4,)", "shape=(8, 4)").replace("shape=(3,)", "shape=(8, 3)")
        + "model.fit([xt, xb], y, verbose=0)\n"
    )
    _, problem = _run(source)
    assert problem.kind == "data" and problem.line == _LAST
    assert "The inputs were given the shape of all of their data" in problem.message
    assert (
        "title has shape (8, 4), all of xt, and body has shape (8, 3), all of xb"
    ) in problem.message
    assert (
        "write keras.Input(shape=(4,)) for title and keras.Input(shape=(3,)) for body"
    ) in problem.message
    assert "Flatten" not in problem.message
    _plain(problem.message)
    _works(_TWO + "model.fit([xt, xb], y, verbose=0)\n")


def test_one_sample_for_each_input_without_the_batch_axis():
    source = _TWO + "p = model.predict([np.random.rand(4), np.random.rand(3)])\n"
    _, problem = _run(source)
    assert problem.kind == "data" and problem.line == _LAST
    assert "The arrays look like one sample each, without the batch axis" in (
        problem.message
    )
    assert "labels" not in problem.message  # predict takes none
    fixed = _shown(problem.message, "a batch of one sample):")
    assert (
        fixed == "p = model.predict([np.random.rand(4)[None], np.random.rand(3)[None]])"
    )
    _plain(problem.message)
    p = _works(_replaced(source, _LAST, fixed))
    assert p.notes == []


def test_dict_keys_that_are_variable_names_say_give_keras_input_a_name():
    unnamed = _TWO.replace(', name="title"', "").replace(', name="body"', "")
    source = unnamed + 'model.fit({"title": xt, "body": xb}, y, verbose=0)\n'
    _, problem = _run(source)
    assert problem.kind == "data" and problem.line == _LAST
    assert (
        "The keys of the dict are the names of your variables, and Keras matches "
        "them to the names of the inputs"
    ) in problem.message
    assert "are called 'input_layer' and 'input_layer_1'" in problem.message
    fixes = problem.message.split("the name you use as its key:\n")[1]
    first, second = (f.strip() for f in fixes.split("\n")[:2])
    assert first == 'title = keras.Input(shape=(4,), name="title")'
    assert second == 'body = keras.Input(shape=(3,), name="body")'
    _plain(problem.message)
    _works(_replaced(_replaced(source, 1, first), 2, second))


def test_dict_keys_written_otherwise_than_the_input_names():
    source = _TWO + 'model.fit({"Title": xt, "body": xb}, y, verbose=0)\n'
    _, problem = _run(source)
    assert problem.kind == "data" and problem.line == _LAST
    assert "the model's 2 inputs are called 'title' and 'body'; 'Title' is not " in (
        problem.message
    )
    _plain(problem.message)


def test_the_right_data_for_two_inputs_trains_without_a_word():
    p = _works(
        _TWO
        + "model.fit([xt, xb], y, verbose=0)\n"
        + 'model.fit({"title": xt, "body": xb}, y, verbose=0)\n'
    )
    assert p.notes == []


def test_evaluate_with_class_numbers_and_data_swapped_says_swapped():
    source = (
        "model = keras.Sequential([keras.Input(shape=(4,)), "
        'layers.Dense(3, activation="softmax")])\n'
        'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")\n'
        "x_test, y_test = np.random.rand(6, 4), np.array([0, 1, 2, 0, 1, 2])\n"
        "model.evaluate(y_test, x_test, verbose=0)\n"
    )
    _, problem = _run(source)
    assert problem.kind == "data" and problem.line == 4
    assert "The data and the labels look swapped on line 4" in problem.message
    assert "one class number per sample (0 to 2), like labels" in problem.message
    assert "Write model.evaluate(x_test, y_test, ...)." in problem.message
    assert "change the model's input" not in problem.message
    _works(_replaced(source, 4, "model.evaluate(x_test, y_test, verbose=0)"))


def test_wrong_data_of_one_axis_is_not_called_swapped_labels():
    # numbers outside the classes are not class numbers: no "swapped"
    source = (
        "model = keras.Sequential([keras.Input(shape=(4,)), "
        'layers.Dense(3, activation="softmax")])\n'
        'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")\n'
        "x = np.random.rand(6, 4)\n"
        "model.evaluate(np.random.rand(6), x, verbose=0)\n"
    )
    _, problem = _run(source)
    assert "swapped" not in problem.message
    assert "Give evaluate() data whose samples have shape (4,)." in problem.message
    assert "keras.Input(shape=())" not in problem.message  # no numbers at all


def test_a_model_of_one_input_given_a_list_of_arrays_gets_a_note():
    p = _works(
        "model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(1)])\n"
        'model.compile(optimizer="adam", loss="mse")\n'
        "x_a, x_b = np.random.rand(8, 4), np.random.rand(8, 2)\n"
        "model.fit([x_a, x_b], np.random.rand(8, 1), verbose=0)\n"
    )
    assert len(p.notes) == 1
    note = p.notes[0]
    assert note.startswith(
        "Line 4: model.fit() got a list of 2 arrays, x_a (shape (8, 4)), x_b "
        "(shape (8, 2)), but model has one input (samples of shape (4,)): Keras "
        "trained it on x_a only"
    )
    assert "np.concatenate([x_a, x_b], axis=1), of 6 numbers per sample" in note
    assert "keras.Input(shape=(6,))" in note


def test_a_model_of_one_input_given_one_array_in_a_list_gets_no_note():
    p = _works(
        "model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(1)])\n"
        'model.compile(optimizer="adam", loss="mse")\n'
        "model.fit([np.random.rand(8, 4)], np.random.rand(8, 1), verbose=0)\n"
    )
    assert p.notes == []
