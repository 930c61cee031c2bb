"""Attention layers given one tensor: inside keras.Sequential (which hands
each layer one tensor, where attention takes a query and a value) and in
Functional code called on an unnamed tensor.  Each message says why, and
the code it shows runs."""

from __future__ import annotations

import pytest
from _playground import _plain, _replaced, _run, _works


def _code_after(message: str, words: str) -> str:
    """The indented code lines that follow ``words`` in ``message``."""
    rows = message.split(words, 1)[1].split("\n")[1:]
    code = []
    for row in rows:
        if not row.startswith("    "):
            break
        code.append(row[4:])
    return "\n".join(code) + "\n"


@pytest.mark.parametrize(
    ("layer", "call"),
    [
        ("layers.Attention()", "layers.Attention()([inputs, inputs])"),
        (
            "layers.MultiHeadAttention(num_heads=2, key_dim=4)",
            "layers.MultiHeadAttention(num_heads=2, key_dim=4)(inputs, inputs)",
        ),
    ],
)
def test_attention_in_sequential_says_functional_and_shows_code_that_runs(layer, call):
    source = (
        "model = keras.Sequential([\n"
        "    keras.Input(shape=(10, 8)),\n"
        f"    {layer},\n"
        "    layers.GlobalAveragePooling1D(),\n"
        "    layers.Dense(1),\n"
        "])\n"
    )
    _, problem = _run(source)
    kind = layer.split(".")[1].split("(")[0]
    assert problem.layer is not None and kind in problem.message
    assert "compares two tensors, a query and a value" in problem.message
    assert (
        "keras.Sequential, which passes one tensor from each layer to the next, "
        f"so {kind} gets only the model's input"
    ) in problem.message
    assert "needs the Functional API" in problem.message
    assert "input 1" not in problem.message
    _plain(problem.message)
    code = _code_after(problem.message, "as both query and value:")
    assert call in code
    model = _works(code).model
    assert [type(x).__name__ for x in model.layers] == [
        "InputLayer",
        kind,
        "GlobalAveragePooling1D",
        "Dense",
    ]
    assert model.output_shape == (None, 1)


def test_attention_added_to_sequential_after_a_layer_says_how_to_go_on():
    source = (
        "model = keras.Sequential()\n"
        "model.add(keras.Input(shape=(10, 8)))\n"
        "model.add(layers.Dense(8))\n"
        "model.add(layers.Attention())\n"
    )
    _, problem = _run(source)
    assert problem.line == 4 and problem.layer == "attention"
    assert "so Attention gets only the output of layer 'dense' (Dense)" in (
        problem.message
    )
    code = _code_after(problem.message, "as both query and value:")
    assert "layers.Attention()([dense, dense])" in code
    assert _works(code).model.output_shape == (None, 10, 8)
    assert "starting with attention." in problem.message
    _plain(problem.message)


def test_attention_in_sequential_on_flat_samples_says_it_needs_sequences():
    _, problem = _run(
        "model = keras.Sequential([\n"
        "    keras.Input(shape=(16,)),\n"
        "    layers.Dense(8),\n"
        "    layers.Attention(),\n"
        "])\n"
    )
    assert "needs the Functional API" in problem.message
    assert "It also needs sequences, each sample of shape (timesteps, features)" in (
        problem.message
    )
    assert "has samples of shape (8,)" in problem.message
    assert "[input 1" not in problem.message
    _plain(problem.message)


def test_attention_on_an_unnamed_tensor_names_it_first():
    source = (
        "inputs = keras.Input(shape=(10, 8))\n"
        "y = layers.Attention()(layers.Dense(4)(inputs))\n"
        "model = keras.Model(inputs, y)\n"
    )
    _, problem = _run(source)
    assert "input 1" not in problem.message
    words = "give that tensor a name, x, and give x as both:"
    assert words in problem.message
    fixed = _code_after(problem.message, words).splitlines()
    assert fixed == ["x = layers.Dense(4)(inputs)", "y = layers.Attention()([x, x])"]
    assert _works(_replaced(source, 2, *fixed)).model.output_shape == (None, 10, 4)
    _plain(problem.message)
