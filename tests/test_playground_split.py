"""The playground's words for ``validation_split`` given with data it
cannot cut: a ``tf.data.Dataset`` (split it with take and skip) or a
generator.

Where a message shows lines, putting them in the code works.
"""

from __future__ import annotations

from _playground import _plain, _replaced, _run, _shown_lines, _works

_DATASET = (
    "import tensorflow as tf\n"
    "x = np.random.rand(40, 4)\n"
    "y = np.arange(40) % 3\n"
    "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(4)\n"
    "model = keras.Sequential([keras.Input(shape=(4,)), "
    'layers.Dense(3, activation="softmax")])\n'
    'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")\n'
)


def test_validation_split_with_a_dataset_shows_take_and_skip():
    source = _DATASET + "model.fit(ds, epochs=1, validation_split=0.2, verbose=0)\n"
    _, problem = _run(source)
    message = problem.message
    _plain(message)
    assert problem.line == 7
    assert "cannot cut a tf.data.Dataset such as ds" in message
    assert "ds holds 10 batches; 0.2 of them is 2" in message
    shown = message.split("is 2):\n", 1)[1].split("\nIf ds")[0]
    lines = [t.strip() for t in shown.splitlines()]
    assert lines == [
        "val_ds = ds.take(2)",
        "train_ds = ds.skip(2)",
        "model.fit(train_ds, epochs=1, validation_data=val_ds, verbose=0)",
    ]
    p = _works(_replaced(source, 7, *lines))
    assert "val_loss" in p.model.history.history


def test_validation_split_in_a_fit_over_several_lines_shows_the_whole_fit():
    # the lines were built from "model.fit(" alone: none were shown
    source = _DATASET + (
        "model.fit(\n    ds, epochs=1,\n    validation_split=0.2, verbose=0)\n"
    )
    _, problem = _run(source)
    message = problem.message
    _plain(message)
    assert "ds holds 10 batches; 0.2 of them is 2" in message
    lines = _shown_lines(message, "is 2):")
    assert lines == [
        "val_ds = ds.take(2)",
        "train_ds = ds.skip(2)",
        "model.fit(",
        "    train_ds, epochs=1,",
        "    validation_data=val_ds, verbose=0)",
    ]
    p = _works(_replaced(source, (7, 9), *lines))
    assert "val_loss" in p.model.history.history


def test_validation_split_with_a_generator_says_validation_data():
    source = (
        "x = np.random.rand(8, 4)\n"
        "y = np.arange(8) % 3\n"
        "model = keras.Sequential([keras.Input(shape=(4,)), "
        'layers.Dense(3, activation="softmax")])\n'
        'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")\n'
        "def batches():\n    while True:\n        yield x, y\n"
        "model.fit(batches(), steps_per_epoch=1, validation_split=0.2, verbose=0)\n"
    )
    _, problem = _run(source)
    message = problem.message
    _plain(message)
    assert "cannot cut batches()" in message
    assert "validation_data=(x_val, y_val)" in message
