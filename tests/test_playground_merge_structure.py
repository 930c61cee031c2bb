"""Merges in the wrong structure: a merging layer inside keras.Sequential
(which passes one tensor from layer to layer), a Sequential model called on
a list of tensors, a shared model called on two tensors at once.  Each
message says what the model takes, and the code it shows runs."""

from __future__ import annotations

import pytest
from _playground import _plain, _replaced, _run, _works


def _code_after(message: str, words: str) -> list[str]:
    """The indented code lines that follow ``words`` in ``message``."""
    rows = message.split(words, 1)[1].split("\n")[1:]
    code = []
    for row in rows:
        if not row.startswith("    "):
            break
        code.append(row[4:])
    return code


@pytest.mark.parametrize(
    ("merge", "partner"),
    [
        ("layers.Add()", "the model's input"),
        ("layers.Concatenate()", "the model's input"),
    ],
)
def test_a_merge_in_sequential_says_one_tensor_and_shows_functional_code(
    merge, partner
):
    source = (
        "model = keras.Sequential([keras.Input(shape=(32,)), "
        f"layers.Dense(32, activation='relu'), {merge}, layers.Dense(1)])\n"
    )
    _, problem = _run(source)
    kind = merge.split(".")[1].split("(")[0]
    assert problem.line == 1 and problem.layer == kind.lower()
    assert (
        "keras.Sequential, which passes one tensor from each layer to the next, "
        f"so {kind} gets only the output of layer 'dense' (Dense) on line 1"
    ) in problem.message
    assert "needs the Functional API" in problem.message
    assert f"with {kind} taking the output of layer 'dense' (Dense) and {partner}:" in (
        problem.message
    )
    assert "[input 1, other]" not in problem.message
    _plain(problem.message)
    code = _code_after(problem.message, f"and {partner}:")
    model = _works("\n".join(code) + "\n").model
    assert [type(layer).__name__ for layer in model.layers] == [
        "InputLayer",
        "Dense",
        kind,
        "Dense",
    ]
    assert model.output_shape == (None, 1)


def test_a_merge_added_to_sequential_says_how_to_go_on():
    source = (
        "model = keras.Sequential()\n"
        "model.add(keras.Input(shape=(8, 8, 3)))\n"
        "model.add(layers.Conv2D(4, 3, padding='same'))\n"
        "model.add(layers.Conv2D(4, 3, padding='same'))\n"
        "model.add(layers.Add())\n"
    )
    _, problem = _run(source)
    assert problem.line == 5
    # the input has 3 channels, the first convolution's output 4 like the last
    assert "and the output of layer 'conv2d':" in problem.message
    code = _code_after(problem.message, "the output of layer 'conv2d':")
    assert _works("\n".join(code) + "\n").model.output_shape == (None, 8, 8, 4)
    assert "starting with add." in problem.message
    _plain(problem.message)


def test_a_merge_in_sequential_built_by_fit_is_explained_too():
    _, problem = _run(
        "model = keras.Sequential([layers.Dense(4), layers.Add(), layers.Dense(1)])\n"
        "model.compile(optimizer='adam', loss='mse')\n"
        "model.fit(np.zeros((8, 3)), np.zeros((8, 1)), epochs=1, verbose=0)\n"
    )
    # (None, 3) and (None, 4): no earlier tensor fits, so words and no code
    assert "so Add gets only the output of layer 'dense' (Dense) on line 3" in (
        problem.message
    )
    assert "layers.Add()([x, inputs]) (both of the same shape)" in problem.message
    _plain(problem.message)


def test_a_sequential_called_on_a_list_says_merge_first():
    source = (
        "a = keras.Input(shape=(10,))\n"
        "b = keras.Input(shape=(5,))\n"
        "head = keras.Sequential([layers.Dense(16), layers.Dense(1)])\n"
        "model = keras.Model([a, b], head([a, b]))\n"
    )
    _, problem = _run(source)
    assert problem.line == 4
    assert (
        "head is a keras.Sequential model: it takes one tensor, but it was called "
        "on a list of 2 tensors (a, b) on line 4"
    ) in problem.message
    assert "A shape must be a tuple" not in problem.message
    assert "Or:" not in problem.message  # (10,) and (5,) cannot share weights
    _plain(problem.message)
    code = _code_after(problem.message, "call head on the result:")
    assert code == [
        "merged = layers.Concatenate()([a, b])",
        "model = keras.Model([a, b], head(merged))",
    ]
    assert _works(_replaced(source, 4, *code)).model.output_shape == (None, 1)


def test_a_sequential_with_an_input_called_on_a_list_names_the_merged_shape():
    source = (
        "a = keras.Input(shape=(10,))\n"
        "b = keras.Input(shape=(10,))\n"
        "head = keras.Sequential([keras.Input(shape=(10,)), layers.Dense(1)])\n"
        "out = head([a, b])\n"
        "model = keras.Model([a, b], out)\n"
    )
    _, problem = _run(source)
    assert (
        "(Its keras.Input then needs the merged shape: keras.Input(shape=(20,)).)"
        in (problem.message)
    )
    shared = _code_after(problem.message, "then merge the results:")
    assert _works(_replaced(source, 4, *shared)).model.output_shape == (None, 2)
    _plain(problem.message)


def test_a_shared_model_called_on_two_tensors_at_once_says_once_per_tensor():
    source = (
        "encoder = keras.Sequential([keras.Input(shape=(10,)), layers.Dense(8)])\n"
        "left = keras.Input(shape=(10,))\n"
        "right = keras.Input(shape=(10,))\n"
        "both = encoder(left, right)\n"
        "outputs = layers.Dense(1)(both)\n"
        "model = keras.Model([left, right], outputs)\n"
    )
    _, problem = _run(source)
    assert problem.line == 4
    assert (
        "encoder is a keras.Sequential model: it takes one tensor, but it was "
        "called on 2 tensors (left, right) on line 4"
    ) in problem.message
    assert "training" not in problem.message
    _plain(problem.message)
    code = _code_after(problem.message, "then merge the results:")
    assert code == [
        "encoder_left = encoder(left)",
        "encoder_right = encoder(right)",
        "both = layers.Concatenate()([encoder_left, encoder_right])",
    ]
    model = _works(_replaced(source, 4, *code)).model
    # one encoder, its weights used for both inputs
    assert sum(type(layer).__name__ == "Sequential" for layer in model.layers) == 1


def test_a_model_with_two_inputs_called_on_them_one_by_one_says_use_a_list():
    source = (
        "a = keras.Input(shape=(10,))\n"
        "b = keras.Input(shape=(5,))\n"
        "two = keras.Model([a, b], layers.Concatenate()([a, b]))\n"
        "c = keras.Input(shape=(10,))\n"
        "d = keras.Input(shape=(5,))\n"
        "out = two(c, d)\n"
        "model = keras.Model([c, d], out)\n"
    )
    _, problem = _run(source)
    assert "two is a model with 2 inputs, and takes them as one list" in (
        problem.message
    )
    _plain(problem.message)
    fixed = _code_after(problem.message, "in the order of its inputs:")
    assert fixed == ["out = two([c, d])"]
    assert _works(_replaced(source, 6, *fixed)).model.output_shape == (None, 15)
