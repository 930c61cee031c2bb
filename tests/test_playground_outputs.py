"""The playground on a model of several outputs: labels, losses and
metrics that do not go with the outputs get a message that names the
output, its labels as ``fit`` writes them and what to write; what Keras
trains on without a word (an output without a loss, losses it does not
pair with the outputs, labels it broadcasts) gets a note.  Where a
message shows code, that code runs.
"""

from __future__ import annotations

import ast

import pytest
from _playground import _plain, _run, _works

from kerasteach._widget_outputs import Output, Outputs, written_labels

_HEAD = (
    "inputs = keras.Input(shape=(4,))\n"
    'hidden = layers.Dense(8, activation="relu")(inputs)\n'
    'kind = layers.Dense(3, activation="softmax", name="kind")(hidden)\n'
    'price = layers.Dense(1, name="price")(hidden)\n'
    "x = np.random.rand(16, 4)\n"
    "y_kind = np.random.randint(0, 3, size=(16,))\n"
    "y_price = np.random.rand(16, 1)\n"
)
_LIST = "model = keras.Model(inputs, [kind, price])\n"
_DICT = 'model = keras.Model(inputs, {"kind": kind, "price": price})\n'
_LOSSES = '["sparse_categorical_crossentropy", "mse"]'
_FIT = "model.fit(x, [y_kind, y_price], epochs=1, verbose=0)\n"


def _compiled(model: str, loss: str, more: str = "") -> str:
    return _HEAD + model + f'model.compile(optimizer="adam", loss={loss}{more})\n'


def _loss_shown(message: str) -> str:
    """The ``loss=...`` the message says to write in model.compile."""
    return message.split("In model.compile write ", 1)[1].split(" (or ")[0]


@pytest.mark.parametrize(
    ("model", "loss", "fit"),
    [
        (_LIST, '["categorical_crossentropy", "mse"]', _FIT),
        (
            _DICT,
            '{"kind": "categorical_crossentropy", "price": "mse"}',
            'model.fit(x, {"kind": y_kind, "price": y_price}, epochs=1, verbose=0)\n',
        ),
    ],
    ids=["list", "dict"],
)
def test_class_numbers_for_a_one_hot_loss_name_the_output_and_the_whole_loss(
    model, loss, fit
):
    source = _compiled(model, loss) + fit
    _, problem = _run(source)
    assert problem.kind == "data" and problem.line == 10
    assert problem.message.startswith(
        "The labels y_kind for output 'kind' do not go with its loss or its layer"
    )
    assert "y_kind (shape (16,)) holds one class number per sample" in problem.message
    shown = _loss_shown(problem.message)
    assert "sparse_categorical_crossentropy" in shown and '"mse"' in shown
    _plain(problem.message)
    # the loss shown, put in compile, trains
    _works(_compiled(model, shown.removeprefix("loss=")) + fit)


def test_one_loss_for_all_outputs_gets_a_list_with_the_output_changed():
    source = _compiled(_LIST, '"mse"') + _FIT
    _, problem = _run(source)
    assert "layer 'kind' gives 3 numbers per sample, a softmax over 3 classes" in (
        problem.message
    )
    shown = _loss_shown(problem.message)
    assert shown == 'loss=["sparse_categorical_crossentropy", "mse"]'
    _works(_compiled(_LIST, shown.removeprefix("loss=")) + _FIT)


def test_labels_held_in_a_list_variable_are_named_by_their_place():
    source = (
        _compiled(_LIST, '["categorical_crossentropy", "mse"]')
        + "targets = [y_kind, y_price]\n"
        + "model.fit(x, targets, epochs=1, verbose=0)\n"
    )
    _, problem = _run(source)
    assert problem.message.startswith("The labels targets[0] for output 'kind'")
    assert "keras.utils.to_categorical(targets[0], 3)" in problem.message


def test_class_numbers_past_an_outputs_units_name_its_layer():
    fit = "model.fit(x, [np.arange(16) % 5, y_price], epochs=1, verbose=0)\n"
    _, problem = _run(_compiled(_LIST, _LOSSES) + fit)
    assert "np.arange(16) % 5 has class numbers up to 4, but layer 'kind' has 3" in (
        problem.message
    )
    assert 'Give it 5 units: layers.Dense(5, activation="softmax")' in problem.message


@pytest.mark.parametrize(
    ("labels", "got"),
    [
        ("y_kind", "one array of labels y_kind, of shape (16,)"),
        ("[y_kind]", "1 array of labels [y_kind]"),
        ("[y_kind, y_price, y_price]", "3 arrays of labels [y_kind, y_price, y_price]"),
    ],
)
def test_labels_not_one_for_each_output_say_how_to_give_them(labels, got):
    source = _compiled(_LIST, _LOSSES) + f"model.fit(x, {labels}, verbose=0)\n"
    _, problem = _run(source)
    assert problem.kind == "data" and problem.line == 10
    assert problem.message.startswith(
        "model has 2 outputs, 'kind' (shape (None, 3)) and 'price' (shape (None, "
        f"1)), but fit() got {got} on line 10"
    )
    assert (
        "in a list in the order of keras.Model's outputs, model.fit(x, [y_kind, "
        'y_price]), or in a dict by the outputs\' names, model.fit(x, {"kind": '
        'y_kind, "price": y_price})'
    ) in problem.message
    _plain(problem.message)
    # both ways shown train (the example's names are this code's)
    _works(_compiled(_LIST, _LOSSES) + _FIT)
    _works(
        _compiled(_LIST, _LOSSES)
        + 'model.fit(x, {"kind": y_kind, "price": y_price}, verbose=0)\n'
    )


def test_one_array_for_one_loss_of_all_outputs_is_explained_too():
    # Keras's words differ with one loss for all ("can't be found")
    source = _compiled(_LIST, '"mse"') + "model.fit(x, np.zeros((16, 1)), verbose=0)\n"
    _, problem = _run(source)
    assert "but fit() got one array of labels np.zeros((16, 1)), of shape (16, 1)" in (
        problem.message
    )


def test_evaluate_with_labels_for_one_output_names_evaluate():
    source = _compiled(_LIST, _LOSSES) + "model.evaluate(x, [y_kind], verbose=0)\n"
    _, problem = _run(source)
    assert "but evaluate() got 1 array of labels [y_kind]" in problem.message
    assert "model.evaluate(x, [y_kind, y_price])" in problem.message


@pytest.mark.parametrize("model", [_LIST, _DICT], ids=["list", "dict"])
def test_a_misspelt_key_in_the_dict_of_labels_says_which_was_meant(model):
    fit = 'model.fit(x, {"kinds": y_kind, "price": y_price}, verbose=0)\n'
    _, problem = _run(_compiled(model, _LOSSES) + fit)
    assert (
        'but in the dict of labels {"kinds": y_kind, "price": y_price} key '
        "'kinds' names no output (did you mean 'kind'?) on line 10"
    ) in problem.message
    _plain(problem.message)


def test_a_dict_of_labels_without_an_output_says_which_has_none():
    fit = 'model.fit(x, {"price": y_price}, verbose=0)\n'
    _, problem = _run(_compiled(_LIST, _LOSSES) + fit)
    assert "there are no labels for 'kind' on line 10" in problem.message


def test_more_losses_than_outputs_say_one_each():
    loss = '["sparse_categorical_crossentropy", "mse", "mse"]'
    _, problem = _run(_compiled(_LIST, loss) + _FIT)
    assert problem.message.startswith(
        "model has 2 outputs, 'kind' (shape (None, 3)) and 'price' (shape (None, "
        "1)), but model.compile got 3 losses on line 9:\n"
        f'    model.compile(optimizer="adam", loss={loss})\n'
    )
    assert "Give one loss for each output, in the order of keras.Model's outputs" in (
        problem.message
    )


def test_more_losses_than_outputs_compiled_twice_stay_on_the_fit_line():
    # two compile lines: the one that counts is not known from the code
    loss = '["sparse_categorical_crossentropy", "mse", "mse"]'
    source = _compiled(_LIST, loss) + _compiled("", loss).split("\n")[-2] + "\n"
    _, problem = _run(source + _FIT)
    assert problem.line == 11 and "model.compile got 3 losses on line 11:\n" in (
        problem.message
    )
    _plain(problem.message)


def test_a_misspelt_key_in_the_dict_of_losses_says_which_was_meant():
    loss = '{"kinds": "sparse_categorical_crossentropy", "price": "mse"}'
    _, problem = _run(_compiled(_LIST, loss) + _FIT)
    assert (
        "in the dict of losses given to model.compile key 'kinds' names no "
        "output (did you mean 'kind'?)"
    ) in problem.message
    assert "an output without a loss learns nothing" in problem.message


def test_one_list_of_metrics_for_two_outputs_shows_a_dict_that_works():
    source = _compiled(_LIST, _LOSSES, ', metrics=["accuracy"]') + _FIT
    _, problem = _run(source)
    assert (
        "Keras reads compile's list of metrics as one entry for each output, in "
        "order, so a list of 1 metric does not fit"
    ) in problem.message
    example = problem.message.split("for example metrics=", 1)[1].split(" (")[0]
    assert example == '{"kind": ["accuracy"]}'
    _plain(problem.message)
    _works(_compiled(_LIST, _LOSSES, f", metrics={example}") + _FIT)


def test_labels_of_another_shape_name_the_output_they_do_not_fit():
    fit = "model.fit(x, [y_kind, np.zeros((16, 3, 2))], verbose=0)\n"
    _, problem = _run(_compiled(_LIST, _LOSSES) + fit)
    assert problem.message.startswith(
        "The labels np.zeros((16, 3, 2)) for output 'price' do not fit it"
    )
    assert (
        "Layer 'price' gives 1 number per sample (shape (None, 1)), but "
        "np.zeros((16, 3, 2)) has shape (16, 3, 2)"
    ) in problem.message
    assert "give labels of shape (number of samples, 1)." in problem.message


# -- notes: what Keras trains on without a word -------------------------------


def test_fewer_losses_than_outputs_get_a_note_with_one_loss_each():
    loss = '["sparse_categorical_crossentropy"]'
    p = _works(_compiled(_LIST, loss) + _FIT)
    (note,) = p.notes
    assert note.startswith(
        "Line 10: model.compile gave 1 loss for 2 outputs, so Keras trained "
        "output 'price' with no loss: it learned nothing."
    )
    example = note.split("for example loss=", 1)[1].rstrip(".")
    assert example == _LOSSES
    assert _works(_compiled(_LIST, example) + _FIT).notes == []


_TUPLE = "model = keras.Model(inputs, (kind, price))\n"
_TUPLE_FIT = "model.fit(x, (y_kind, y_price), epochs=1, verbose=0)\n"
# two outputs of one number each, which every loss for numbers fits
_NUMBERS = (
    "inputs = keras.Input(shape=(4,))\n"
    'price = layers.Dense(1, name="price")(inputs)\n'
    'size = layers.Dense(1, name="size")(inputs)\n'
    "x = np.random.rand(16, 4)\n"
    "y = np.random.rand(16, 1)\n"
)


@pytest.mark.parametrize(
    ("outputs", "loss", "said"),
    [
        ("[price, size]", '("mse", "mae", "mse")', "got 3 losses in a tuple"),
        ("(price, size)", '["mse", "mae", "mse"]', "got 3 losses in a list"),
        ("[price, size]", '("mae",)', "got 1 loss in a tuple"),
    ],
    ids=["more-in-a-tuple", "more-in-a-list", "fewer-in-a-tuple"],
)
def test_losses_keras_does_not_pair_with_the_outputs_get_a_note(outputs, loss, said):
    def source(loss: str) -> str:
        return _NUMBERS + (
            f"model = keras.Model(inputs, {outputs})\n"
            f'model.compile(optimizer="adam", loss={loss})\n'
            "model.fit(x, [y, y], epochs=1, verbose=0)\n"
        )

    (note,) = _works(source(loss)).notes
    assert note.startswith(
        f"Line 8: model.compile {said} for 2 outputs, so Keras did not give each "
        "output a loss of its own: it used "
    )
    used = "it" if "1 loss" in said else "all 3, added up,"
    assert f"it used {used} on every output." in note
    assert "learned nothing" not in note
    assert "in the order of keras.Model's outputs ('price' and 'size')" in note
    _plain(note)
    example = note.split("for example loss=", 1)[1].rstrip(".")
    assert example == ('["mae", "mse"]' if "1 loss" in said else '["mse", "mae"]')
    assert _works(source(example)).notes == []


@pytest.mark.parametrize(
    ("loss", "said"),
    [
        ('("sparse_categorical_crossentropy", "mse", "mse")', "3 losses in a tuple"),
        ('("sparse_categorical_crossentropy",)', "1 loss in a tuple"),
    ],
)
def test_losses_keras_does_not_pair_and_stops_on_get_one_loss_each(loss, said):
    _, problem = _run(_compiled(_LIST, loss) + _FIT)
    # the line where the losses are written, not the fit line below it
    assert problem is not None and problem.line == 9
    assert problem.message.startswith(
        "model has 2 outputs, 'kind' (shape (None, 3)) and 'price' (shape "
        f"(None, 1)), but model.compile got {said} on line 9:\n"
        f'    model.compile(optimizer="adam", loss={loss})\n'
    )
    assert "on all the outputs together, and stopped." in problem.message
    _plain(problem.message)
    example = problem.message.split("for example loss=", 1)[1].rstrip(".")
    assert example == _LOSSES
    assert _works(_compiled(_LIST, example) + _FIT).notes == []


def test_another_attribute_error_in_fit_keeps_python_s_words():
    source = _compiled(_LIST, '("mse", "mse", "mse")') + _FIT
    _, problem = _run(source.replace("[y_kind, y_price]", "[y_kind.nope, y_price]"))
    assert "does not exist" in problem.message
    assert "losses" not in problem.message


def test_fewer_losses_in_the_type_of_the_outputs_still_leave_one_untrained():
    loss = '("sparse_categorical_crossentropy",)'
    (note,) = _works(_compiled(_TUPLE, loss) + _TUPLE_FIT).notes
    assert note.startswith(
        "Line 10: model.compile gave 1 loss for 2 outputs, so Keras trained "
        "output 'price' with no loss: it learned nothing."
    )


def test_more_losses_in_a_list_for_a_list_of_outputs_stop_with_a_message():
    loss = '["sparse_categorical_crossentropy", "mse", "mse"]'
    _, problem = _run(_compiled(_LIST, loss) + _FIT)
    assert problem is not None
    assert "model.compile got 3 losses" in problem.message


def test_labels_broadcast_against_one_output_get_a_note_naming_it():
    fit = "model.fit(x, [y_kind, np.random.rand(16, 5)], epochs=1, verbose=0)\n"
    p = _works(_compiled(_LIST, _LOSSES) + fit)
    (note,) = p.notes
    assert note.startswith(
        "Line 10: model.fit() trained on labels that do not match output 'price': "
        "layer 'price' gives 1 number per sample (shape (None, 1)), and "
        "np.random.rand(16, 5) holds 5 numbers per sample"
    )
    assert "Make layer 'price' give 5 numbers per sample, layers.Dense(5)" in note


def test_labels_in_a_dict_variable_are_named_by_key_in_a_note():
    source = (
        _compiled(_DICT, '{"kind": "sparse_categorical_crossentropy", "price": "mse"}')
        + 'targets = {"kind": y_kind, "price": np.random.rand(16, 2)}\n'
        + "model.fit(x, targets, epochs=1, verbose=0)\n"
    )
    (note,) = _works(source).notes
    assert 'targets["price"] holds 2 numbers per sample' in note


def test_right_labels_and_losses_get_no_note():
    assert _works(_compiled(_LIST, _LOSSES) + _FIT).notes == []
    dict_fit = 'model.fit(x, {"kind": y_kind, "price": y_price}, verbose=0)\n'
    assert _works(_compiled(_DICT, _LOSSES) + dict_fit).notes == []


# -- the words, as code --------------------------------------------------------


def _outputs(keys, losses, keyed=False) -> Outputs:
    items = tuple(Output(n, k, k, (None, 1), None) for n, k in enumerate(keys))
    return Outputs(items, keyed, losses)


@pytest.mark.parametrize(
    ("losses", "keyed", "code"),
    [
        ("mse", False, 'loss=["mae", "mse"]'),
        (["mse", "mse"], False, 'loss=["mae", "mse"]'),
        ("mse", True, 'loss={"a\\"b": "mae", "c": "mse"}'),
        ({'a"b': "mse", "c": "mse"}, False, 'loss={"a\\"b": "mae", "c": "mse"}'),
    ],
)
def test_loss_code_keeps_the_form_and_escapes_names(losses, keyed, code):
    outputs = _outputs(['a"b', "c"], losses, keyed)
    written = outputs.loss_code(0, "mae")
    assert written == code
    ast.parse(written)  # a name with a quote stays a string


def test_a_loss_without_a_name_leaves_the_whole_setting_out():
    outputs = _outputs(["a", "b"], [object(), "mse"])
    assert outputs.loss_code(1, "mae") is None
    assert outputs.target(1).loss_code("mae") == (
        "loss=\"mae\" for output 'b' (one loss for each output)"
    )


def test_written_labels_follow_the_fit_call():
    outputs = _outputs(["a", "b"], "mse")
    assert written_labels(outputs, [1, 2], "[ya, yb]") == ["ya", "yb"]
    assert written_labels(outputs, {}, '{"b": yb, "a": ya}') == ["ya", "yb"]
    assert written_labels(outputs, [1, 2], "ys") == ["ys[0]", "ys[1]"]
    assert written_labels(outputs, {"a": 1}, "ys") == ['ys["a"]', 'ys["b"]']
    assert written_labels(outputs, [1, 2], "make()") == [None, None]
    assert written_labels(outputs, [1, 2], None) == [None, None]
