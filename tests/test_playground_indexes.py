"""The playground's words for "list index out of range" on a model's
layers and weights: ``model.layers[2]`` past the last layer (keras.Input
is not one of a Sequential model's layers), ``get_weights()[0]`` of a
layer that has no weights yet (no keras.Input, not trained) or none at all
(Flatten).
"""

from __future__ import annotations

from _playground import _plain, _run, _works

_TWO = (
    "model = keras.Sequential([\n"
    "    keras.Input(shape=(4,)),\n"
    '    layers.Dense(16, activation="relu", name="hidden"),\n'
    '    layers.Dense(3, activation="softmax", name="out"),\n'
    "])\n"
)


def test_a_layer_index_past_the_last_says_what_model_layers_holds():
    _, problem = _run(_TWO + "first = model.layers[2]\n")
    message = problem.message
    _plain(message)
    assert problem.line == 6
    assert "model.layers holds 2 layers, 'hidden' and 'out'" in message
    assert "at places 0 to 1" in message
    assert "keras.Input is not one of them" in message
    assert "model.layers[-1]" in message
    _works(_TWO + "first = model.layers[1]\nlast = model.layers[-1]\n")


def test_functional_layers_hold_the_input_so_it_is_not_said_left_out():
    source = (
        "inputs = keras.Input(shape=(4,))\n"
        "outputs = layers.Dense(2)(inputs)\n"
        "model = keras.Model(inputs, outputs)\n"
        "layer = model.layers[5]\n"
    )
    _, problem = _run(source)
    assert "model.layers holds 2 layers" in problem.message
    assert "keras.Input is not one of them" not in problem.message


def test_weights_of_a_model_without_input_are_not_there_yet():
    source = (
        "model = keras.Sequential([\n"
        '    layers.Dense(16, activation="relu"),\n'
        "    layers.Dense(3),\n"
        "])\n"
        "print(model.layers[0].get_weights()[0].shape)\n"
    )
    _, problem = _run(source)
    message = problem.message
    _plain(message)
    assert problem.line == 5
    assert "model.layers[0] ('dense') has no weights yet" in message
    assert "keras.Input(shape=...)" in message
    # with keras.Input the same line runs
    _works(source.replace("Sequential([\n", "Sequential([\n    keras.Input((4,)),\n"))


def test_a_layer_that_learns_nothing_has_no_weights_at_all():
    source = (
        "model = keras.Sequential([keras.Input((2, 2)), layers.Flatten(), "
        "layers.Dense(3)])\n"
        "kernel = model.layers[0].weights[0]\n"
    )
    _, problem = _run(source)
    message = problem.message
    _plain(message)
    assert "a Flatten layer, has no weights: it learns nothing" in message
    assert "keras.Input" not in message


def test_other_index_errors_keep_pythons_words():
    _, problem = _run(
        _TWO + "sizes = [1, 2]\nprint(sizes[model.count_params() * 0 + 5])\n"
    )
    assert "list index out of range" in problem.message
    assert "model.layers" not in problem.message
