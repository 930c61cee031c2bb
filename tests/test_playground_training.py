"""The playground's words for training that runs but not as meant, and for
the settings of ``fit`` and of a layer's call that Keras takes in its own
terms: labels that do not match the model's output or its loss, ``fit``'s
numbers out of range or of the wrong kind, a keyword a layer's call does
not take (more in tests/test_playground_call_settings.py), and
``Embedding(input_length=...)``, which Keras 3 drops.

Where a message or a note shows a line, putting that line in the code
works (and gives no note).
"""

from __future__ import annotations

import keras
import numpy as np
import pytest
from _playground import _plain, _replaced, _run, _shown, _works

from kerasteach._widget_fit_notes import label_notes


def _model(last: str, loss: str, x: str, y: str) -> str:
    return (
        f"model = keras.Sequential([keras.Input(shape=(4,)), {last}])\n"
        f'model.compile(optimizer="adam", loss="{loss}")\n'
        f"x = {x}\n"
        f"y = {y}\n"
    )


_FIT = "model.fit(x, y, verbose=0)\n"
_ONE_HOT = "np.eye(3)[[0, 1, 2, 0, 1, 2]]"
_X = "np.zeros((6, 4))"


def _note(source: str) -> str:
    """The one note of the playground after running ``source``."""
    p = _works(source)
    assert len(p.notes) == 1, p.notes
    _plain(p.notes[0])
    return p.notes[0]


# ------------------------------------------------ labels and the output


def test_one_hot_labels_on_one_output_with_mse_get_a_note_naming_both():
    # Keras broadcasts (6, 3) against (6, 1) and trains without a word
    note = _note(_model("layers.Dense(1)", "mse", _X, _ONE_HOT) + _FIT)
    assert note.startswith(
        "Line 5: model.fit() trained on labels that do not match the model's "
        "output: model outputs 1 number per sample (shape (None, 1)), and y "
        "holds 3 numbers per sample (shape (6, 3))."
    )
    assert 'Keras did not stop: loss="mse" compared them by broadcasting' in note
    assert (
        'end the model with layers.Dense(3, activation="softmax") and compile it '
        'with loss="categorical_crossentropy".'
    ) in note
    fixed = _model(
        'layers.Dense(3, activation="softmax")',
        "categorical_crossentropy",
        _X,
        _ONE_HOT,
    )
    assert _works(fixed + _FIT).notes == []


def test_the_labels_are_named_as_the_code_names_them():
    source = _model("layers.Dense(1)", "mse", _X, _ONE_HOT).replace("y =", "labels =")
    note = _note(source + "net = model\nnet.fit(x[:4], labels[:4], verbose=0)\n")
    assert note.startswith("Line 6: net.fit() trained on labels")
    assert "and labels[:4] holds 3 numbers per sample (shape (4, 3))" in note


def test_one_class_number_per_sample_on_three_outputs_with_mse_gets_a_note():
    y = "np.array([[0], [1], [2], [0], [1], [2]])"
    note = _note(_model("layers.Dense(3)", "mse", _X, y) + _FIT)
    assert (
        "model outputs 3 numbers per sample (shape (None, 3)), and y holds 1 "
        "number per sample (shape (6, 1))"
    ) in note
    assert (
        'If y holds class numbers (0 to 2), compile with loss="sparse_categorical_'
        'crossentropy" and give the last layer activation="softmax"'
    ) in note
    fixed = _model(
        'layers.Dense(3, activation="softmax")',
        "sparse_categorical_crossentropy",
        _X,
        y,
    )
    assert _works(fixed + _FIT).notes == []


def test_labels_of_shape_n_against_three_outputs_get_a_note_when_keras_trains():
    # 3 samples of one label each broadcast against (3, 3); with 6 samples
    # Keras stops, and the error says the shapes
    y = "np.array([0.5, 1.5, 2.0])"
    note = _note(_model("layers.Dense(3)", "mse", "np.zeros((3, 4))", y) + _FIT)
    assert "and y holds 1 number per sample (shape (3,))" in note
    assert "Make the last layer give 1 number per sample, layers.Dense(1)" in note
    _, problem = _run(_model("layers.Dense(3)", "mse", _X, "np.zeros(6)") + _FIT)
    assert "The model outputs shape (None, 3), but y has shape (6,)" in problem.message


@pytest.mark.parametrize(
    ("last", "loss", "y"),
    [
        ("layers.Dense(1)", "mse", "np.zeros(6)"),  # (6,) fits (None, 1)
        ("layers.Dense(1)", "mse", "np.zeros((6, 1))"),
        ('layers.Dense(1, activation="sigmoid")', "binary_crossentropy", "np.ones(6)"),
        ("layers.Dense(3)", "mse", "np.zeros((6, 3))"),
    ],
)
def test_labels_that_fit_the_output_get_no_note(last, loss, y):
    assert _works(_model(last, loss, _X, y) + _FIT).notes == []


# ------------------------------------------------ labels and the loss


def test_binary_crossentropy_on_four_classes_gets_a_note_with_the_loss_to_use():
    sigmoid = 'layers.Dense(1, activation="sigmoid")'
    y = "np.array([0, 1, 2, 3, 1, 2])"
    note = _note(_model(sigmoid, "binary_crossentropy", _X, y) + _FIT)
    assert note.startswith(
        'Line 5: model.fit() trained with loss="binary_crossentropy" on labels y '
        "holding 0, 1, 2, 3, but binary crossentropy is for yes/no labels, 0 or 1 "
        "(the sigmoid output is a probability from 0 to 1"
    )
    assert (
        'y holds 4 classes (0 to 3): end the model with layers.Dense(4, activation="'
        'softmax") and compile it with loss="sparse_categorical_crossentropy".'
    ) in note
    fixed = _model(
        'layers.Dense(4, activation="softmax")',
        "sparse_categorical_crossentropy",
        _X,
        y,
    )
    assert _works(fixed + _FIT).notes == []


def test_binary_crossentropy_on_numbers_to_predict_says_use_mse():
    sigmoid = 'layers.Dense(1, activation="sigmoid")'
    y = "np.array([0.5, 2.5, 1.2, 3.7, 0.1, 4.2])"
    note = _note(_model(sigmoid, "binary_crossentropy", _X, y) + _FIT)
    assert (
        'y holds numbers to predict, not yes/no answers: compile with loss="mse"'
        in (note)
    )


_CLASSES = "np.array([0, 1, 2, 3, 1, 2])"


@pytest.mark.parametrize(
    ("last", "loss", "y", "words", "fixed"),
    [
        # Keras: "Arguments `target` and `output` must have the same rank";
        # it was "The labels y do not fit the model's output"
        (
            'layers.Dense(4, activation="softmax")',
            "binary_crossentropy",
            _CLASSES,
            [
                "y (shape (6,)) holds one class number per sample (0 to 3), and "
                "the last layer gives 4 numbers per sample, but loss="
                '"binary_crossentropy" is for yes/no labels, 0 or 1, with one '
                "sigmoid unit (or for several 0/1 columns, one per label",
                'In model.compile write loss="sparse_categorical_crossentropy" '
                "(or give one-hot labels, keras.utils.to_categorical(y, 4), with "
                'loss="categorical_crossentropy").',
            ],
            (
                'layers.Dense(4, activation="softmax")',
                "sparse_categorical_crossentropy",
            ),
        ),
        (
            # "must have the same shape", with y of shape (6, 1)
            'layers.Dense(4, activation="softmax")',
            "binary_crossentropy",
            "np.array([[0], [1], [2], [3], [1], [2]])",
            ["y (shape (6, 1)) holds one class number per sample (0 to 3)"],
            (
                'layers.Dense(4, activation="softmax")',
                "sparse_categorical_crossentropy",
            ),
        ),
        (
            'layers.Dense(4, activation="sigmoid")',
            "binary_crossentropy",
            _CLASSES,
            [
                'End the model with layers.Dense(4, activation="softmax") and '
                'compile it with loss="sparse_categorical_crossentropy"'
            ],
            (
                'layers.Dense(4, activation="softmax")',
                "sparse_categorical_crossentropy",
            ),
        ),
        (
            'layers.Dense(2, activation="softmax")',
            "binary_crossentropy",
            "np.array([0, 1, 1, 0, 1, 0])",
            [
                "y (shape (6,)) holds 0 or 1, a yes/no answer per sample",
                'End the model with layers.Dense(1, activation="sigmoid") and '
                'compile it with loss="binary_crossentropy"; or keep the 2 units',
            ],
            ('layers.Dense(1, activation="sigmoid")', "binary_crossentropy"),
        ),
        (
            'layers.Dense(4, activation="softmax")',
            "binary_crossentropy",
            "np.array([0, 1, 2, 5, 1, 2])",
            [
                "y holds 6 classes (0 to 5): end the model with layers.Dense(6, "
                'activation="softmax") and compile it with loss='
                '"sparse_categorical_crossentropy".'
            ],
            (
                'layers.Dense(6, activation="softmax")',
                "sparse_categorical_crossentropy",
            ),
        ),
        (
            # Keras: "Incompatible shapes: [6] vs. [6,4]"
            'layers.Dense(4, activation="softmax")',
            "mse",
            _CLASSES,
            [
                'a softmax over 4 classes, but loss="mse" compares them with y '
                "number by number",
                'In model.compile write loss="sparse_categorical_crossentropy"',
            ],
            (
                'layers.Dense(4, activation="softmax")',
                "sparse_categorical_crossentropy",
            ),
        ),
        (
            # it said only the loss: with 4 units, classes 4 and 5 still fail
            'layers.Dense(4, activation="softmax")',
            "categorical_crossentropy",
            "np.array([0, 1, 2, 5, 1, 2])",
            [
                'In model.compile write loss="sparse_categorical_crossentropy" and '
                "give the last layer 6 units, one per class (0 to 5): "
                'layers.Dense(6, activation="softmax")'
            ],
            (
                'layers.Dense(6, activation="softmax")',
                "sparse_categorical_crossentropy",
            ),
        ),
    ],
)
def test_class_numbers_with_a_loss_not_for_them_get_the_loss_and_layer_to_use(
    last, loss, y, words, fixed
):
    _, problem = _run(_model(last, loss, _X, y) + _FIT)
    assert problem.kind == "data" and problem.line == 5
    assert problem.message.startswith(
        "The labels y do not go with the loss or the last layer on line 5:"
    )
    for word in words:
        assert word in problem.message, problem.message
    _plain(problem.message)
    # what the message says to write trains, without a note
    assert _works(_model(*fixed, _X, y) + _FIT).notes == []


def test_label_messages_name_the_labels_as_fit_is_given_them():
    # it was "The labels y do not go with ..." whatever the code called them
    source = _model(
        'layers.Dense(3, activation="softmax")',
        "sparse_categorical_crossentropy",
        _X,
        _ONE_HOT,
    ).replace("y =", "targets =")
    fit = "model.fit(x, targets, verbose=0)\n"
    _, problem = _run(source + fit)
    assert problem.message.startswith(
        "The labels targets do not go with the loss or the last layer on line 5:"
    )
    assert "targets (shape (6, 3)) holds one row of 0s and a 1 per sample" in (
        problem.message
    )
    assert "(or give class numbers: targets.argmax(axis=1))." in problem.message
    assert " y " not in problem.message.split("Keras says")[0]
    _plain(problem.message)
    # y= and an expression: named as written
    _, problem = _run(source + "model.fit(x, y=targets[:6], verbose=0)\n")
    assert problem.message.startswith("The labels targets[:6] do not go with")
    assert "class numbers: targets[:6].argmax(axis=1))." in problem.message
    # a fit over several lines, in a function of the student's
    _, problem = _run(
        source + "def train(m, a, b):\n    m.fit(a,\n          b, verbose=0)\n"
        "train(model, x, targets)\n"
    )
    assert problem.message.startswith("The labels b do not go with")


def test_label_messages_say_the_labels_when_the_call_cannot_be_read():
    source = _model(
        'layers.Dense(3, activation="softmax")',
        "sparse_categorical_crossentropy",
        _X,
        _ONE_HOT,
    )
    _, problem = _run(source + "args = (x, y)\nmodel.fit(*args, verbose=0)\n")
    assert problem.message.startswith(
        "The labels do not go with the loss or the last layer on line 6:"
    )
    assert "The labels (shape (6, 3)) hold one row of 0s and a 1 per sample" in (
        problem.message
    )
    assert "class numbers: labels.argmax(axis=1))." in problem.message


@pytest.mark.parametrize("units", [1, 2])
def test_one_hot_labels_with_binary_crossentropy_get_softmax_and_categorical(units):
    # it was only "The labels y do not fit the model's output"
    source = _model(
        f'layers.Dense({units}, activation="sigmoid")',
        "binary_crossentropy",
        _X,
        _ONE_HOT,
    ).replace("y =", "onehot =")
    _, problem = _run(source + "model.fit(x, onehot, verbose=0)\n")
    assert problem.kind == "data" and problem.line == 5
    assert problem.message.startswith("The labels onehot do not go with the loss")
    assert (
        "onehot (shape (6, 3)) holds one row of 0s and a 1 per sample (one-hot): "
        f"one column for each of 3 classes, but the last layer gives {units} "
        f"number{'s' * (units > 1)} per sample. One-hot labels go with a softmax "
        'over the classes: end the model with layers.Dense(3, activation="softmax") '
        'and compile it with loss="categorical_crossentropy"'
    ) in problem.message
    _plain(problem.message)
    fixed = _model(
        'layers.Dense(3, activation="softmax")',
        "categorical_crossentropy",
        _X,
        _ONE_HOT,
    ).replace("y =", "onehot =")
    assert _works(fixed + "model.fit(x, onehot, verbose=0)\n").notes == []


def test_numbers_to_predict_after_a_linear_layer_keep_the_shapes_message():
    # several outputs without softmax: perhaps numbers to predict, so no
    # loss is named for classes
    _, problem = _run(_model("layers.Dense(4)", "mse", _X, _CLASSES) + _FIT)
    assert problem.message.startswith("The labels y do not fit the model's output")


def test_class_numbers_past_the_last_layer_stop_training_on_a_cpu_with_the_fix():
    # on a CPU Keras refuses them (on a GPU it may train on nan: the note below)
    softmax = 'layers.Dense(3, activation="softmax")'
    y = "np.array([0, 1, 2, 3, 4, 5])"
    _, problem = _run(_model(softmax, "sparse_categorical_crossentropy", _X, y) + _FIT)
    assert problem.kind == "data" and problem.line == 5
    assert "y has class numbers up to 5, but the last layer has 3 units" in (
        problem.message
    )


def test_class_numbers_past_the_last_layer_get_a_note_where_keras_trains_on_them():
    model = keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(3, activation="softmax")]
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    (note,) = label_notes(model, np.array([0, 1, 5]), ("model", "y"))
    assert note.startswith(
        'model.fit() trained with loss="sparse_categorical_crossentropy" on class '
        "numbers up to 5 in y, but the last layer has 3 units, one per class (0 to 2)"
    )
    assert note.endswith('Give it 6 units: layers.Dense(6, activation="softmax").')
    assert label_notes(model, np.array([0, 1, 2]), ("model", "y")) == []


# ------------------------------------------------ fit's numbers


_MSE = _model("layers.Dense(1)", "mse", "np.zeros((10, 4))", "np.zeros((10, 1))")


@pytest.mark.parametrize(
    ("setting", "words", "fixed"),
    [
        (
            "batch_size=0",
            [
                "model.fit() got batch_size=0, which Keras takes as no batch size: "
                "it trained with its default, 32 samples at a time, without a word.",
                "batch_size is how many samples the model looks at before each "
                "update of its weights: a whole number, 1 or more.",
            ],
            "batch_size=32",
        ),
        (
            "epochs=0",
            [
                "model.fit() got epochs=0, so it went through the data 0 times: "
                "model learned nothing",
                "epochs is how many times training goes through all the samples: "
                "a whole number, 1 or more. Write epochs=10:",
            ],
            "epochs=10",
        ),
        ("epochs=-3", ["model.fit() got epochs=-3"], "epochs=10"),
        (
            "validation_split=20",
            [
                "With 20, Keras trained on none of the 10 samples, so the model "
                "learned nothing, and checked it on all 10.",
                "a number from 0 up to, but not including, 1",
                "For 20 %, write validation_split=0.2:",
            ],
            "validation_split=0.2",
        ),
        (
            "validation_split=1.5",
            [
                "With 1.5, Keras trained on 5 of the 10 samples and checked the "
                "model on the other 5.",
                "Write validation_split=0.2, for example, to keep 20 % aside:",
            ],
            "validation_split=0.2",
        ),
        (
            "validation_split=-0.5",
            ["Keras trained on all 10 samples and kept none aside to check the model"],
            "validation_split=0.2",
        ),
        # Python reads True as 1: Keras trained one epoch without a word
        (
            "epochs=True",
            [
                "model.fit() got epochs=True, which Python reads as 1: it went "
                "through the data once, without a word.",
                "a whole number, 1 or more, and True is not a count (it is a "
                "yes/no value). Write epochs=10:",
            ],
            "epochs=10",
        ),
        (
            "epochs=False",
            ["got epochs=False, so it went through the data 0 times"],
            "epochs=10",
        ),
        (
            "batch_size=True",
            [
                "model.fit() got batch_size=True, which Python reads as 1: it "
                "trained on 1 sample at a time, without a word.",
                "and True is not a count",
            ],
            "batch_size=32",
        ),
    ],
)
def test_a_fit_number_keras_trains_with_anyway_gets_a_note_and_the_line(
    setting, words, fixed
):
    source = _MSE + f"model.fit(x, y, {setting}, verbose=0)\n"
    note = _note(source)
    assert note.startswith("Line 5: ")
    for word in words:
        assert word in note, note
    line = _shown(note, ":")
    assert line == f"model.fit(x, y, {fixed}, verbose=0)"
    assert _works(_replaced(source, 5, line)).notes == []


@pytest.mark.parametrize(
    ("setting", "words", "fixed"),
    [
        (
            "batch_size=-2",
            "batch_size is how many samples the model looks at before each update",
            "batch_size=32",
        ),
        ("validation_split=1", "a number from 0 up to, but not including, 1", None),
        (
            "validation_split=-0.05",
            "validation_split is the share of the samples",
            None,
        ),
        (
            "validation_split=True",
            "(0.2 keeps 20 % aside), and True is not a number (it is a yes/no "
            "value). Write validation_split=0.2",
            None,
        ),
        # shown as written, in plain words: no "inf", no "infinity"
        (
            'epochs=float("inf")',
            "epochs is how many times training goes through all the samples: "
            "a whole number, 1 or more. Write epochs=10:",
            "epochs=10",
        ),
        ('epochs=float("nan")', "a whole number, 1 or more.", "epochs=10"),
    ],
)
def test_a_fit_number_that_stops_keras_says_what_the_setting_takes(
    setting, words, fixed
):
    source = _MSE + f"model.fit(x, y, {setting}, verbose=0)\n"
    _, problem = _run(source)
    assert problem.line == 5
    assert problem.message.startswith(f"model.fit() cannot take {setting} on line 5:")
    assert words in problem.message
    assert "inf" not in problem.message.replace('"inf"', "")
    assert "nan" not in problem.message.replace('"nan"', "")
    _plain(problem.message)
    line = problem.message.rsplit("\n    ", 1)[1]
    assert line == f"model.fit(x, y, {fixed or 'validation_split=0.2'}, verbose=0)"
    assert _works(_replaced(source, 5, line)).notes == []


@pytest.mark.parametrize(
    ("setting", "words", "fixed"),
    [
        # it ended with Python's "'float' object cannot be interpreted as an
        # integer" or TensorFlow's "Expected int32 passed to parameter 'size'
        # of op 'Slice'"
        (
            "batch_size=2.5",
            "batch_size is how many samples the model looks at before each "
            "update of its weights: a whole number, 1 or more, and 2.5 is not "
            "one. To fix it, write batch_size=2 or batch_size=3:",
            "batch_size=2",
        ),
        (
            "epochs=2.5",
            "epochs is how many times training goes through all the samples: a "
            "whole number, 1 or more, and 2.5 is not one. To fix it, write "
            "epochs=2 or epochs=3:",
            "epochs=2",
        ),
        ("epochs=2.0", "2.0 is a float, because of its decimal point", "epochs=2"),
        (
            "batch_size=len(x) / 4",
            "len(x) / 4 gives 2.5: in Python, / always gives a float",
            "batch_size=len(x) // 4",
        ),
        ("epochs=0.5", "a whole number, 1 or more. Write epochs=1:", "epochs=1"),
        (
            "batch_size=-2.5",
            "Write batch_size=32, a common choice (or leave it out: Keras then "
            "uses 32):",
            "batch_size=32",
        ),
        (
            "epochs=None",
            "a whole number, 1 or more, and None is no number. Write epochs=10:",
            "epochs=10",
        ),
        (
            'epochs="five"',
            "a whole number, 1 or more, and 'five' is text. Write epochs=10:",
            "epochs=10",
        ),
        # the comma makes a tuple: the number inside is the one meant
        (
            "epochs=(5,)",
            "a whole number, 1 or more, and (5,) is a tuple (the comma makes it "
            "one). Write epochs=5:",
            "epochs=5",
        ),
        (
            "batch_size=[16]",
            "and [16] is a list (the square brackets make it one). Write "
            "batch_size=16:",
            "batch_size=16",
        ),
    ],
)
def test_a_fit_number_of_the_wrong_kind_says_what_the_setting_takes(
    setting, words, fixed
):
    source = _MSE + f"model.fit(x, y, {setting}, verbose=0)\n"
    _, problem = _run(source)
    assert problem.line == 5
    assert problem.message.startswith("model.fit() cannot take ")
    assert words in problem.message, problem.message
    _plain(problem.message)
    line = problem.message.rsplit("\n    ", 1)[1]
    assert line == f"model.fit(x, y, {fixed}, verbose=0)"
    assert _works(_replaced(source, 5, line)).notes == []


def test_a_fit_number_given_by_its_place_is_named_by_its_setting():
    source = _MSE + "model.fit(x, y, 4, 2.5, verbose=0)\n"
    _, problem = _run(source)
    assert problem.message.startswith("model.fit() cannot take 2.5 (epochs) on line 5")
    assert "To fix it, write 2 or 3:\n    model.fit(x, y, 4, 2, verbose=0)" in (
        problem.message
    )
    _plain(problem.message)


@pytest.mark.parametrize(
    ("setting", "words", "fixed"),
    [
        ('epochs="5"', "epochs wants a whole number. Write epochs=5", "epochs=5"),
        # without the quotes, 0 trains nothing and -2 stops: a number it takes
        (
            'epochs="0"',
            "epochs is how many times training goes through all the samples: a "
            "whole number, 1 or more. Write epochs=10",
            "epochs=10",
        ),
        ('batch_size="-2"', "Write batch_size=32", "batch_size=32"),
    ],
)
def test_a_fit_number_in_quotes_gets_one_fit_takes_in_plain_words(
    setting, words, fixed
):
    source = _MSE + f"model.fit(x, y, {setting}, verbose=0)\n"
    _, problem = _run(source)
    assert f"{setting} is text (a str, because of the quotes) on line 5" in (
        problem.message
    )
    assert words in problem.message
    assert problem.message.count("whole number") == 1, problem.message
    _plain(problem.message)
    line = _shown(problem.message, "without the quotes:")
    assert line == f"model.fit(x, y, {fixed}, verbose=0)"
    assert _works(_replaced(source, 5, line)).notes == []


@pytest.mark.parametrize("setting", ["batch_size=None", "validation_split=None"])
def test_a_fit_setting_of_none_that_keras_takes_gets_no_word(setting):
    assert _works(_MSE + f"model.fit(x, y, {setting}, verbose=0)\n").notes == []


def test_a_fit_in_a_loop_gets_its_note_once():
    p = _works(
        _MSE + "for step in range(3):\n    model.fit(x, y, epochs=0, verbose=0)\n"
    )
    assert len(p.notes) == 1 and p.notes[0].startswith(
        "Line 6: model.fit() got epochs=0"
    )


def test_fit_is_keras_own_again_after_a_run():
    assert "fit" not in keras.Model.__dict__
    _works(_MSE + _FIT)
    _run(_MSE + "model.fit(x, y, batch_size=-2, verbose=0)\n")
    assert "fit" not in keras.Model.__dict__


def test_a_failing_check_gives_no_note_and_the_model_still_shows(monkeypatch):
    def broken(*args):
        raise RuntimeError("a check that fails")

    monkeypatch.setattr("kerasteach._widget_fit_notes.label_notes", broken)
    p = _works(_model("layers.Dense(1)", "mse", _X, _ONE_HOT) + _FIT)
    assert p.notes == [] and p.model is not None


# ------------------------------------------------ a layer's call


@pytest.mark.parametrize(
    ("call", "words", "fixed"),
    [
        (
            "layers.Dense(4)(x, mask=x)",
            [
                "Layer 'dense' (Dense) was called with mask=, which its call does "
                "not take on line 2:",
                "a Dense layer takes the tensor it works on (inputs) and training "
                "by name.",
                "Keras passes a mask from layer to layer by itself",
                "Leave mask= out:",
            ],
            "layers.Dense(4)(x)",
        ),
        (
            "layers.Dropout(0.5)(x, train=True)",
            ["Did you mean training=? Write:"],
            "layers.Dropout(0.5)(x, training=True)",
        ),
        (
            "layers.Dense(4)(x, foo=1)",
            ["Layer 'dense' (Dense) was called with foo=", "Leave foo= out:"],
            "layers.Dense(4)(x)",
        ),
    ],
)
def test_a_keyword_a_layer_call_does_not_take_names_the_layer_and_what_it_takes(
    call, words, fixed
):
    source = f"x = keras.Input((4,))\nout = {call}\nmodel = keras.Model(x, out)\n"
    _, problem = _run(source)
    assert problem.line == 2 and problem.layer == _layer_name(call)
    for word in words:
        assert word in problem.message, problem.message
    _plain(problem.message)
    line = problem.message.rsplit("\n    ", 1)[1]
    assert line == f"out = {fixed}"
    _works(_replaced(source, 2, line))


def _layer_name(call: str) -> str:
    return call.split("(")[0].split(".")[-1].lower()


def test_a_keyword_a_layer_call_does_not_take_names_the_variable_of_the_layer():
    _, problem = _run(
        "x = keras.Input((4,))\nhidden = layers.Dense(4)\n"
        "model = keras.Model(x, hidden(x, mask=x))\n"
    )
    assert problem.message.startswith(
        "Layer 'dense' (Dense, in hidden) was called with mask="
    )


# ------------------------------------------------ Embedding(input_length=)


_EMBEDDING = "layers.Embedding(1000, 16, input_length=10)"
_REST = "layers.GlobalAveragePooling1D(), layers.Dense(1)])\n"


def test_input_length_on_the_first_layer_says_keras_3_dropped_it_and_shows_input():
    # Keras 3 warns, drops it and leaves the model without an input shape
    source = f"model = keras.Sequential([{_EMBEDDING}, {_REST}"
    _, problem = _run(source)
    assert problem.line == 1
    assert (
        "layers.Embedding(1000, 16, input_length=10) gives input_length=10, which "
        "Keras 3 no longer takes: it warns (see Printed) and leaves it out. The "
        "length of the sequences goes in keras.Input now: start the list of "
        "layers with keras.Input(shape=(10,)), and leave input_length out:"
    ) in problem.message
    _plain(problem.message)
    line = _shown(problem.message, "leave input_length out:")
    assert line.startswith(
        "model = keras.Sequential([keras.Input(shape=(10,)), "
        "layers.Embedding(1000, 16), "
    )
    p = _works(_replaced(source, 1, line))
    assert p.model.input_shape == (None, 10) and p.notes == []


def test_input_length_with_a_keras_input_gets_a_note_to_leave_it_out():
    note = _note(f"model = keras.Sequential([keras.Input((10,)), {_EMBEDDING}, {_REST}")
    assert note == (
        "Line 1: layers.Embedding(1000, 16, input_length=10) gives input_length=10, "
        "which Keras 3 no longer takes: it warns (see Printed) and leaves it out. "
        "The length of the sequences goes in keras.Input now; the model's "
        "keras.Input(shape=(10,)) already gives it, so write "
        "layers.Embedding(1000, 16)."
    )


def test_input_length_on_a_model_built_by_fit_gets_a_note_to_start_with_input():
    note = _note(
        f"model = keras.Sequential([{_EMBEDDING}, {_REST}"
        'model.compile(optimizer="adam", loss="mse")\n'
        "model.fit(np.zeros((4, 10)), np.zeros(4), verbose=0)\n"
    )
    assert note.endswith(
        ": start the model with keras.Input(shape=(10,)) and write "
        "layers.Embedding(1000, 16)."
    )
