"""The playground's messages for tensors given to the wrong call: a layer
that takes one tensor called on several (``layers.Dense(3)([a, b])``), and
``keras.Model(x)`` given only what the layers made."""

from __future__ import annotations

import pytest

import kerasteach

_TWO_INPUTS = "a = keras.Input((4,))\nb = keras.Input((4,))\n"


def _run(source: str):
    p = kerasteach.playground(source)
    return p, p.run()


@pytest.mark.parametrize(
    ("call", "fixed_call", "says"),
    [
        (
            "x = layers.Dense(3)([a, b])",
            "x = layers.Dense(3)(merged)",
            'Keras says: Layer "dense" expects 1 input(s), but it received 2 '
            "input tensors.",
        ),
        (
            "x = layers.Dense(3)(a, b)",
            "x = layers.Dense(3)(merged)",
            "Python says: multiple values for argument 'training'",
        ),
        # a layer made before, called by its variable
        (
            "d = layers.Dense(3)\nx = d([a, b])",
            "x = d(merged)",
            "input tensors.",
        ),
    ],
    ids=["list", "one-by-one", "variable"],
)
def test_a_layer_called_on_several_tensors_is_told_to_merge_them(
    call, fixed_call, says
):
    source = _TWO_INPUTS + call + "\nmodel = keras.Model([a, b], x)\n"
    _, problem = _run(source)
    assert problem is not None and problem.layer == "dense"
    line = source.splitlines().index(call.splitlines()[-1]) + 1
    assert problem.line == line
    assert (
        f"Layer 'dense' (Dense) takes one tensor, but it was called on 2 (a, b) "
        f"on line {line}" in problem.message
    )
    assert "Only merging layers (Concatenate, Add, Multiply, ...)" in problem.message
    fix = f"    merged = layers.Concatenate()([a, b])\n    {fixed_call}\n"
    assert fix in problem.message
    assert problem.message.endswith(says)
    assert "KerasTensor" not in problem.message
    # the two lines shown, in place of the student's, build the model
    lines = source.splitlines()
    lines[line - 1 : line] = [
        "merged = layers.Concatenate()([a, b])",
        fixed_call,
    ]
    p, problem = _run("\n".join(lines) + "\n")
    assert problem is None, problem.message
    assert p.model.output_shape == (None, 3)


def test_a_merging_layer_called_one_by_one_keeps_its_own_message():
    _, problem = _run(_TWO_INPUTS + "x = layers.Add()(a, b)\n")
    assert "takes them as one list" in problem.message
    assert "takes one tensor" not in problem.message


@pytest.mark.parametrize(
    ("head", "inputs"),
    [
        ("inputs = keras.Input((4,))\nx = layers.Dense(3)(inputs)\n", "inputs"),
        (_TWO_INPUTS + "x = layers.Concatenate()([a, b])\n", "[a, b]"),
    ],
)
def test_keras_model_given_only_the_outputs_is_told_to_give_the_inputs(head, inputs):
    source = head + "model = keras.Model(x)\n"
    _, problem = _run(source)
    line = len(head.splitlines()) + 1
    assert problem.line == line
    assert (
        "keras.Model needs the inputs too, the keras.Input tensors the model "
        f"starts from on line {line}" in problem.message
    )
    assert "x is what your layers made, the outputs" in problem.message
    fixed = f"model = keras.Model(inputs={inputs}, outputs=x)"
    assert problem.message.endswith(f":\n    {fixed}")
    p, problem = _run(head + fixed + "\n")
    assert problem is None, problem.message


def test_keras_model_given_only_the_inputs_is_still_told_to_give_the_outputs():
    source = "inputs = keras.Input((4,))\nx = layers.Dense(3)(inputs)\n"
    _, problem = _run(source + "model = keras.Model(inputs)\n")
    assert "keras.Model needs the outputs too" in problem.message
    assert problem.message.endswith("model = keras.Model(inputs=inputs, outputs=x)")
