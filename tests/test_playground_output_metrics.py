"""A model of several outputs given one list of metrics or too few losses.

Keras reads ``metrics=["accuracy", "mae"]`` as one metric for each output,
in order: when a metric falls on an output it does not suit (accuracy on
a price), the playground notes it, or explains the stop it causes, and
shows the dict that puts each metric on its output; the right order gets
no note.  ``loss=("mse",)`` for a model whose outputs are a dict gets
what to write instead of Python's words.  The code shown runs.
"""

from __future__ import annotations

import pytest
from _playground import _plain, _run, _works

_HEAD = (
    "inputs = keras.Input(shape=(4,))\n"
    'hidden = layers.Dense(8, activation="relu")(inputs)\n'
    'kind = layers.Dense(3, activation="softmax", name="kind")(hidden)\n'
    'late = layers.Dense(1, activation="sigmoid", name="late")(hidden)\n'
    'price = layers.Dense(1, name="price")(hidden)\n'
    'cost = layers.Dense(1, name="cost")(hidden)\n'
    "x = np.random.rand(16, 4)\n"
    "y_kind = np.random.randint(0, 3, size=(16,))\n"
    "y_late = np.random.randint(0, 2, size=(16, 1))\n"
    "y_price = np.random.rand(16, 1)\n"
    "y_cost = np.random.rand(16, 1)\n"
)


def _source(outputs: str, losses: str, metrics: str, labels: str) -> str:
    return (
        _HEAD
        + f"model = keras.Model(inputs, [{outputs}])\n"
        + f'model.compile(optimizer="adam", loss={losses}, metrics={metrics})\n'
        + f"history = model.fit(x, [{labels}], epochs=1, verbose=0)\n"
    )


def _metrics_notes(p) -> list[str]:
    """The notes about metrics (the heads left out of a model get others)."""
    return [note for note in p.notes if "metric" in note]


def _metrics_shown(message: str) -> str:
    return message.split("with a dict by the outputs' names: metrics=", 1)[1][:-1]


def test_metrics_on_outputs_they_do_not_suit_get_a_note_with_a_dict():
    losses = '["mse", "binary_crossentropy"]'
    p = _works(_source("price, late", losses, '["accuracy", "mae"]', "y_price, y_late"))
    (note,) = _metrics_notes(p)
    assert note.startswith(
        'Line 14: model.compile got metrics=["accuracy", "mae"] for a model of 2 '
        "outputs: Keras reads such a list as one metric for each output, in order, "
        "so it measures 'accuracy' on output 'price' (loss \"mse\", for numbers to "
        "predict) and 'mae' on output 'late' (loss \"binary_crossentropy\", for "
        "classes)."
    )
    assert "'accuracy' does not suit output 'price'" in note
    shown = _metrics_shown(note)
    assert shown == '{"price": ["mae"], "late": ["accuracy"]}'
    fixed = _works(_source("price, late", losses, shown, "y_price, y_late"))
    assert _metrics_notes(fixed) == []
    history = fixed.result.namespace["history"].history
    assert {"price_mae", "late_accuracy"} <= set(history)


@pytest.mark.parametrize(
    ("outputs", "losses", "metrics", "labels"),
    [
        # one metric for each output, each where it suits: what was meant
        (
            "kind, price",
            '["sparse_categorical_crossentropy", "mse"]',
            '["accuracy", "mae"]',
            "y_kind, y_price",
        ),
        ("price, cost", '["mse", "mse"]', '["mae", "mse"]', "y_price, y_cost"),
        # accuracy of a sigmoid output trained with mse on 0/1: may be meant
        ("late, price", '["mse", "mse"]', '["accuracy", "mae"]', "y_late, y_price"),
        # a loss of the student's own: its kind is unknown
        (
            "price, late",
            '[lambda t, p: keras.ops.mean((t - p) ** 2), "binary_crossentropy"]',
            '["mae", "accuracy"]',
            "y_price, y_late",
        ),
        # a list for each output: placed on purpose
        (
            "price, late",
            '["mse", "binary_crossentropy"]',
            '[["mae"], ["accuracy"]]',
            "y_price, y_late",
        ),
    ],
)
def test_metrics_that_suit_their_outputs_get_no_note(outputs, losses, metrics, labels):
    assert _metrics_notes(_works(_source(outputs, losses, metrics, labels))) == []


def test_a_metric_for_numbers_on_class_numbers_explains_the_stop():
    losses = '["mse", "sparse_categorical_crossentropy"]'
    source = _source("price, kind", losses, '["accuracy", "mae"]', "y_price, y_kind")
    _, problem = _run(source)
    assert problem.line == 14
    assert problem.message.startswith(
        "model.fit() stopped on the metric 'mae', measured on output 'kind' on line 14"
    )
    assert "'mae' does not suit output 'kind'" in problem.message
    assert "do not have the shape of its 3 probabilities" in problem.message
    _plain(problem.message)
    shown = _metrics_shown(problem.message.split(" Here ", 1)[0])
    assert shown == '{"price": ["mae"], "kind": ["accuracy"]}'
    fixed = _works(_source("price, kind", losses, shown, "y_price, y_kind"))
    assert _metrics_notes(fixed) == []


def test_a_list_of_metrics_too_short_keeps_the_students_metric():
    source = _source("price, cost", '["mse", "mse"]', '["mae"]', "y_price, y_cost")
    _, problem = _run(source)
    assert "a list of 1 metric does not fit" in problem.message
    assert "accuracy" not in problem.message.split("Keras says")[0]
    example = problem.message.split("for example metrics=", 1)[1].split(" (")[0]
    assert example == '{"price": ["mae"], "cost": ["mae"]}'
    fixed = _source("price, cost", '["mse", "mse"]', example, "y_price, y_cost")
    assert _metrics_notes(_works(fixed)) == []


@pytest.mark.parametrize("loss", ['("mse",)', '["mse"]'])
def test_too_few_losses_for_a_dict_of_outputs_say_what_to_write(loss):
    source = (
        _HEAD
        + 'model = keras.Model(inputs, {"price": price, "late": late})\n'
        + f'model.compile(optimizer="adam", loss={loss})\n'
        + 'model.fit(x, {"price": y_price, "late": y_late}, epochs=1, verbose=0)\n'
    )
    _, problem = _run(source)
    assert problem.line == 13  # the compile line, where the losses are
    assert (
        f"but model.compile got 1 loss, loss={loss}, and Keras needs a loss for "
        "each output on line 13"
    ) in problem.message
    _plain(problem.message)
    shown = problem.message.split("for example loss=", 1)[1].split(".\n")[0]
    assert shown == '{"late": "binary_crossentropy", "price": "mse"}'
    assert "one loss for all" not in problem.message  # they need two kinds
    _works(source.replace(f"loss={loss}", f"loss={shown}"))


@pytest.mark.parametrize("loss", ['("mse",)', '"mse"'])
def test_one_loss_with_a_weight_for_each_output_says_a_loss_for_each(loss):
    source = (
        _HEAD
        + "model = keras.Model(inputs, [price, cost])\n"
        + f'model.compile(optimizer="adam", loss={loss}, loss_weights=[1.0, 0.5])\n'
        + "model.fit(x, [y_price, y_cost], epochs=1, verbose=0)\n"
    )
    _, problem = _run(source)
    assert problem.line == 13  # the compile line, where the losses are
    assert (
        f"but model.compile got 1 loss, loss={loss}, and loss_weights gives a "
        "weight for each output, so Keras needs a loss for each"
    ) in problem.message
    _plain(problem.message)
    shown = problem.message.split("for example loss=", 1)[1].split(".\n")[0]
    assert shown == '["mse", "mse"]'  # not one loss for all: the weights need two
    _works(source.replace(f"loss={loss}", f"loss={shown}"))
