"""The playground's words for what students do with ``predict``: its answers
compared with the labels as they are (one number per class against class
numbers), one sample given where a batch is wanted (``x[0]``), and the
``reshape(1, 4)`` of all of x that follows.

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


def test_predictions_compared_with_labels_take_argmax():
    source = _MODEL + "pred = model.predict(x, verbose=0)\nacc = np.mean(pred == y)\n"
    _, problem = _run(source)
    assert problem.line == 6
    message = problem.message
    _plain(message)
    assert "pred holds 3 numbers per sample, one for each class" in message
    assert "(12, 3)" in message and "like y" in message
    assert "Shape mismatch in a layer" not in message
    fixed = _shown(message, "compare that:")
    assert fixed == "acc = np.mean(pred.argmax(axis=1) == y)"
    _works(_replaced(source, 6, fixed))


def test_one_prediction_compared_with_one_label_in_an_if():
    source = (
        _MODEL
        + "pred = model.predict(x[:5], verbose=0)\n"
        + "if pred[0] == y[0]:\n    print('right')\n"
    )
    _, problem = _run(source)
    assert problem.line == 6
    message = problem.message
    _plain(message)
    assert "pred[0] holds 3 numbers, one for each class" in message
    assert "not a class number like y[0]" in message
    fixed = _shown(message, "compare that:")
    assert fixed == "if pred[0].argmax() == y[0]:"
    _works(_replaced(source, 6, fixed))


def test_comparison_of_other_arrays_is_not_taken_for_predictions():
    # the same NumPy error, but nothing on the line came from predict
    source = (
        _MODEL + "pred = model.predict(x, verbose=0)\nsame = np.zeros((12, 3)) == y\n"
    )
    _, problem = _run(source)
    assert "one for each class" not in problem.message


def test_predict_on_one_sample_names_the_expression_written():
    source = _MODEL + "print(model.predict(x[0], verbose=0))\n"
    _, problem = _run(source)
    message = problem.message
    _plain(message)
    assert "x[0] has shape (4,): it is one sample" in message
    assert "x[0:1] (or x[0][None])" in message
    assert "x being your array" not in message
    fixed = _shown(message, "x[0][None]):")
    assert fixed == "print(model.predict(x[0:1], verbose=0))"
    _works(_replaced(source, 5, fixed))


def test_predict_on_one_sample_over_several_lines_shows_the_whole_call():
    # the fix was read from "probs = model.predict(" alone: words only
    source = _MODEL + "probs = model.predict(\n    x[0],\n    verbose=0)\n"
    _, problem = _run(source)
    message = problem.message
    _plain(message)
    assert "x[0] has shape (4,): it is one sample" in message
    fixed = _shown_lines(message, "x[0][None]):")
    assert fixed == ["probs = model.predict(", "    x[0:1],", "    verbose=0)"]
    p = _works(_replaced(source, (5, 7), *fixed))
    assert p.result.namespace["probs"].shape == (1, 3)


def test_predict_on_one_image_hides_the_backend_graph_words():
    source = (
        "x = np.random.rand(6, 8, 8, 1)\n"
        "model = keras.Sequential([keras.Input(shape=(8, 8, 1)), "
        "layers.Conv2D(2, 3), layers.Flatten(), layers.Dense(3)])\n"
        "print(model.predict(x[2], verbose=0).argmax())\n"
    )
    _, problem = _run(source)
    message = problem.message
    _plain(message)
    assert "{{node" not in message and "Negative dimension" not in message
    assert "x[2] has shape (8, 8, 1): it is one sample" in message
    fixed = _shown(message, "x[2][None]):")
    assert fixed == "print(model.predict(x[2:3], verbose=0).argmax())"
    _works(_replaced(source, 3, fixed))


def test_reshape_of_all_samples_to_one_takes_a_slice():
    source = _MODEL + "print(model.predict(x.reshape(1, 4), verbose=0))\n"
    _, problem = _run(source)
    message = problem.message
    _plain(message)
    assert "(1, 4) is a batch of one sample, and x holds 12 samples" in message
    fixed = _shown(message, "give x as it is:")
    assert fixed == "print(model.predict(x[0:1], verbose=0))"
    assert fixed.count("(") == fixed.count(")")
    _works(_replaced(source, 5, fixed))


def test_reshape_in_a_call_keeps_its_brackets_balanced():
    source = (
        "x = np.random.rand(3, 64)\n"
        "model = keras.Sequential([keras.Input(shape=(8, 8, 1)), "
        "layers.Flatten(), layers.Dense(2)])\n"
        "print(model.predict(x.reshape(8, 8, 1), verbose=0))\n"
    )
    _, problem = _run(source)
    fixed = _shown(problem.message, "here 3):")
    assert fixed == "print(model.predict(x.reshape(-1, 8, 8, 1), verbose=0))"
    _works(_replaced(source, 3, fixed))


def test_predict_on_an_array_of_one_sample_names_it_and_shows_none():
    source = _MODEL + "row = np.random.rand(4)\nprint(model.predict(row, verbose=0))\n"
    _, problem = _run(source)
    message = problem.message
    _plain(message)
    assert "row has shape (4,), which looks like one sample" in message
    fixed = _shown(message, "with row[None]:")
    assert fixed == "print(model.predict(row[None], verbose=0))"
    _works(_replaced(source, 6, fixed))


def test_labels_first_in_the_comparison_is_the_same_mistake():
    source = _MODEL + "pred = model.predict(x, verbose=0)\nprint((y == pred).sum())\n"
    _, problem = _run(source)
    _plain(problem.message)
    fixed = _shown(problem.message, "compare that:")
    assert fixed == "print((y == pred.argmax(axis=1)).sum())"
    _works(_replaced(source, 6, fixed))


_SIGMOID = (
    "x = np.random.rand(20, 5)\n"
    "y = (x.sum(axis=1) > 2.5).astype(int)\n"
    "model = keras.Sequential([keras.Input(shape=(5,)), "
    'layers.Dense(1, activation="sigmoid")])\n'
    "pred = model.predict(x, verbose=0)\n"
)


def test_one_sigmoid_compared_with_labels_gets_a_note():
    # (20, 1) == (20,) raises nothing: NumPy makes a (20, 20) array
    source = _SIGMOID + 'print("correct:", (pred == y).sum())\n'
    p = _works(source)
    assert len(p.notes) == 1, p.notes
    note = p.notes[0]
    _plain(note)
    assert "Line 5 compares pred, shape (20, 1), with y, shape (20,)" in note
    assert "(shape (20, 20))" in note
    fixed = _shown(note, "above 0.5:")
    assert fixed == 'print("correct:", ((pred[:, 0] > 0.5) == y).sum())'
    assert _works(_replaced(source, 5, fixed)).notes == []


def test_one_sigmoid_compared_column_by_column_gets_no_note():
    p = _works(_SIGMOID + "right = (pred[:, 0] > 0.5) == y\nsame = pred == pred\n")
    assert p.notes == []


def test_fit_on_one_sample_gets_the_words_but_no_line():
    # its label y[0] would need the same change: no line to copy
    _, problem = _run(_MODEL + "model.fit(x[0], y[0], verbose=0)\n")
    message = problem.message
    assert "x[0] has shape (4,): it is one sample" in message
    assert message.count("\n    ") == 1  # the student's line only


def test_one_hot_labels_in_an_if_are_not_taken_for_class_numbers():
    source = (
        _MODEL
        + "pred = model.predict(x, verbose=0)\n"
        + "labels = np.eye(3)[y]\nif pred[0] == labels[0]:\n    print('right')\n"
    )
    _, problem = _run(source)
    assert "pred[0].argmax() == labels[0]" not in problem.message
