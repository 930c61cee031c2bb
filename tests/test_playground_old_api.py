"""The playground's words for model methods and settings that older
tutorials use and Keras no longer takes: ``predict_classes``,
``predict_proba``, ``fit_generator`` and its friends, and
``validation_split`` with a ``tf.data.Dataset``.

Where a message shows a line, putting that line in the code works.
"""

from __future__ import annotations

from _playground import _plain, _replaced, _run, _shown, _shown_lines, _works

_MODEL = (
    "x = np.random.rand(12, 4)\n"
    "y = np.arange(12) % 3\n"
    "model = keras.Sequential([keras.Input(shape=(4,)), "
    'layers.Dense(3, activation="softmax")])\n'
    'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")\n'
)


def test_predict_classes_is_predict_then_argmax():
    source = _MODEL + "classes = model.predict_classes(x)\n"
    _, problem = _run(source)
    message = problem.message
    _plain(message)
    assert "no longer have predict_classes()" in message
    assert "predict_step" not in message
    fixed = _shown(message, "Write:")
    assert fixed == "classes = model.predict(x).argmax(axis=1)"
    _works(_replaced(source, 5, fixed))


def test_predict_classes_of_one_sigmoid_unit_is_above_a_half():
    source = (
        "x = np.random.rand(8, 4)\n"
        "net = keras.Sequential([keras.Input(shape=(4,)), "
        'layers.Dense(1, activation="sigmoid")])\n'
        "classes = net.predict_classes(x, verbose=0)\n"
    )
    _, problem = _run(source)
    message = problem.message
    _plain(message)
    assert "net.predict() gives one number per sample" in message
    fixed = _shown(message, "Write:")
    assert fixed == 'classes = (net.predict(x, verbose=0) > 0.5).astype("int32")'
    _works(_replaced(source, 3, fixed))


def test_predict_proba_is_predict():
    source = _MODEL + "p = model.predict_proba(x)\n"
    _, problem = _run(source)
    _plain(problem.message)
    fixed = _shown(problem.message, "Write:")
    assert fixed == "p = model.predict(x)"
    _works(_replaced(source, 5, fixed))


def test_fit_generator_is_fit_with_the_generator():
    source = (
        _MODEL
        + "def gen():\n    while True:\n        yield x, y\n"
        + "model.fit_generator(gen(), steps_per_epoch=1, epochs=2, verbose=0)\n"
    )
    _, problem = _run(source)
    message = problem.message
    _plain(message)
    assert "no longer have fit_generator()" in message
    assert "model.fit() takes a generator itself" in message
    fixed = _shown(message, "Write:")
    assert fixed == "model.fit(gen(), steps_per_epoch=1, epochs=2, verbose=0)"
    _works(_replaced(source, 8, fixed))


def test_fit_generator_over_several_lines_shows_the_whole_fit():
    # the call was read from "model.fit_generator(" alone: no line to write
    source = (
        _MODEL
        + "def gen():\n    while True:\n        yield x, y\n"
        + "model.fit_generator(\n"
        + "    gen(), steps_per_epoch=1,\n"
        + "    epochs=2, verbose=0)\n"
    )
    _, problem = _run(source)
    _plain(problem.message)
    fixed = _shown_lines(problem.message, "Write:")
    assert fixed == ["model.fit(gen(), steps_per_epoch=1, epochs=2, verbose=0)"]
    p = _works(_replaced(source, (8, 10), *fixed))
    assert p.result.fits[0].arguments["epochs"] == 2


def test_generator_arguments_by_place_and_old_settings_become_fits():
    # fit_generator(generator, steps_per_epoch, epochs): fit's second place
    # is y, so the places become names; workers= is not fit's
    source = (
        _MODEL
        + "def gen():\n    while True:\n        yield x, y\n"
        + "model.fit_generator(gen(), 1, 2, verbose=0, workers=2)\n"
        + "model.evaluate_generator(gen(), 1)\n"
    )
    _, problem = _run(source)
    message = problem.message
    assert "(workers left out: fit() does not take it)" in message
    fixed = _shown(message, "Write:")
    assert fixed == "model.fit(gen(), steps_per_epoch=1, epochs=2, verbose=0)"
    source = _replaced(source, 8, fixed)
    _, problem = _run(source)
    fixed = _shown(problem.message, "Write:")
    assert fixed == "model.evaluate(gen(), steps=1)"
    _works(_replaced(source, 9, fixed))


def test_a_misspelt_method_still_gets_did_you_mean():
    _, problem = _run(_MODEL + "model.fitt(x, y)\n")
    assert "Did you mean fit?" in problem.message


# ---------------------------------------------------------- lists as data


def test_tolist_data_gets_the_arrays_back_without_the_numbers():
    source = _MODEL + "model.fit(x.tolist(), y.tolist(), epochs=1, verbose=0)\n"
    _, problem = _run(source)
    message = problem.message
    _plain(message)
    assert "x.tolist() and y.tolist() are Python lists" in message
    assert "0." not in message  # none of the numbers of the lists
    assert len(message) < 400
    fixed = _shown(message, "give the array itself:")
    assert fixed == "model.fit(x, y, epochs=1, verbose=0)"
    _works(_replaced(source, 5, fixed))


def test_a_list_beside_an_array_is_the_only_one_wrapped():
    source = (
        "model = keras.Sequential([keras.Input((2,)), layers.Dense(1)])\n"
        'model.compile(optimizer="adam", loss="mse")\n'
        "features = [[0.5, 1.5], [1.0, 0.0], [2.0, 1.0]]\n"
        "model.fit(features, np.array([1.0, 0.0, 1.0]), verbose=0)\n"
    )
    _, problem = _run(source)
    message = problem.message
    _plain(message)
    assert "features is a Python list, and Keras takes arrays" in message
    fixed = _shown(message, "np.array(...):")
    assert (
        fixed == "model.fit(np.array(features), np.array([1.0, 0.0, 1.0]), verbose=0)"
    )
    _works(_replaced(source, 4, fixed))


def test_list_data_in_a_fit_over_several_lines_shows_the_whole_fixed_call():
    source = _MODEL + (
        "features = x.tolist()\n"
        "model.fit(\n"
        "    features,\n"
        "    y, epochs=1, verbose=0)\n"
    )
    _, problem = _run(source)
    message = problem.message
    _plain(message)
    assert message.startswith("features is a Python list, and Keras takes arrays")
    fixed = _shown_lines(message, "Make it a NumPy array with np.array(...):")
    assert fixed == [
        "model.fit(",
        "    np.array(features),",
        "    y, epochs=1, verbose=0)",
    ]
    p = _works(_replaced(source, (6, 8), *fixed))
    assert p.result.fits[0].finished


def test_labels_as_a_list_are_named_though_keras_shows_x():
    # Keras says "Unrecognized data type: x=[[0.1 ...]] (of type ndarray)"
    source = _MODEL + "labels = [0, 1, 2] * 4\nmodel.fit(x, labels, verbose=0)\n"
    _, problem = _run(source)
    message = problem.message
    _plain(message)
    assert message.startswith("labels is a Python list, and Keras takes arrays")
    fixed = _shown(message, "Make it a NumPy array with np.array(...):")
    assert fixed == "model.fit(x, np.array(labels), verbose=0)"
    _works(_replaced(source, 6, fixed))
