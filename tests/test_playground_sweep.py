"""The playground's messages for more beginner mistakes, part 1: the tensors
of a model being built used the wrong way, keras.Model and keras.Sequential
put together the wrong way, and merging layers given the wrong tensors.

Each message must say what is wrong in plain words, name the line (and the
layer when there is one) and show what to write; where it shows a line,
putting that line in the code builds the model.  No message shows an
object's repr (``<KerasTensor ...>``) or Python's bare words.
"""

from __future__ import annotations

import pytest
from _playground import _builds, _plain, _replaced, _run, _shown

# ------------------------------------------- a tensor called like a layer


@pytest.mark.parametrize(
    ("line", "words", "after"),
    [
        (
            "x = keras.Input(shape=(8,))(inputs)",
            "keras.Input(shape=(8,)) is called like a layer on line 2",
            "call your layers on it:",
        ),
        (
            "x = layers.Dense(4)(inputs)(inputs)",
            "layers.Dense(4)(inputs) already gives a tensor, and it is then "
            "called again with one more pair of brackets on line 2",
            "Leave out the last brackets:",
        ),
        (
            "x = inputs(layers.Dense(4))",
            "inputs holds a tensor of shape (None, 8), not a layer on line 2",
            "not the other way round:",
        ),
    ],
    ids=["keras-input", "one-call-too-many", "tensor-first"],
)
def test_a_tensor_called_like_a_layer_shows_the_call_that_works(line, words, after):
    source = (
        f"inputs = keras.Input(shape=(8,))\n{line}\nmodel = keras.Model(inputs, x)\n"
    )
    _, problem = _run(source)
    assert problem.line == 2
    assert words in problem.message
    _plain(problem.message)
    assert _builds(_replaced(source, 2, _shown(problem.message, after)))


def test_a_layer_variable_given_its_own_output_names_the_line_that_did_it():
    source = (
        "a = keras.Input(shape=(8,))\n"
        "b = keras.Input(shape=(8,))\n"
        "shared = layers.Dense(4)\n"
        "shared = shared(a)\n"
        "y = shared(b)\n"
        "model = keras.Model([a, b], [shared, y])\n"
    )
    _, problem = _run(source)
    assert problem.line == 5
    assert "shared holds a tensor of shape (None, 4), not a layer on line 5" in (
        problem.message
    )
    assert "Line 4 gave the layer's output the layer's own name:" in problem.message
    assert problem.message.endswith("keep shared for the layer:\n    x = shared(a)")
    _plain(problem.message)


# ------------------------------------------------- NumPy on a tensor


@pytest.mark.parametrize(
    ("head", "line", "fixed", "model"),
    [
        (
            "inputs = keras.Input(shape=(8,))\nx = layers.Dense(3)(inputs)\n",
            "y = np.sum(x)",
            "y = keras.ops.sum(x)",
            "model = keras.Model(inputs, y)",
        ),
        (
            "a = keras.Input(shape=(4,))\nb = keras.Input(shape=(3,))\n",
            "x = np.concatenate([a, b], axis=1)",
            "x = keras.ops.concatenate([a, b], axis=1)",
            "model = keras.Model([a, b], x)",
        ),
    ],
    ids=["sum", "concatenate"],
)
def test_numpy_on_a_tensor_of_the_model_says_use_keras_ops(head, line, fixed, model):
    source = f"{head}{line}\n{model}\n"
    _, problem = _run(source)
    assert problem.line == 3
    assert f"Your code uses NumPy on a tensor ({line.split('(')[0][4:]})" in (
        problem.message
    )
    assert "a tensor of the model being built" in problem.message
    assert "no values yet: NumPy needs the values." in problem.message
    assert f"\n    {fixed}\n" in problem.message + "\n"
    _plain(problem.message)
    assert _builds(_replaced(source, 3, fixed))


def test_keras_ops_concatenate_given_tensors_one_by_one_says_one_list():
    source = (
        "inputs = keras.Input(shape=(8,))\n"
        "a = layers.Dense(3)(inputs)\n"
        "x = keras.ops.concatenate(a, inputs)\n"
        "model = keras.Model(inputs, x)\n"
    )
    _, problem = _run(source)
    assert problem.line == 3
    assert "keras.ops.concatenate takes the tensors as one list" in problem.message
    assert "so inputs was read as the axis" in problem.message
    _plain(problem.message)
    model = _builds(_replaced(source, 3, _shown(problem.message, "Write:")))
    assert model.output_shape == (None, 11)


@pytest.mark.parametrize(
    ("line", "words"),
    [
        (
            "n = len(inputs)",
            [
                "Your code asks for the length of inputs on line 2",
                "The first axis of inputs is the batch",
                "inputs.shape[-1], the size of the last axis of one sample (8 here)",
            ],
        ),
        (
            "for row in inputs:\n    print(row)",
            [
                "Your code goes through inputs on line 2",
                "Going through it would go one sample at a time",
                "no loop over the samples is needed",
            ],
        ),
        (
            "if inputs > 0:\n    print(2)",
            [
                "A Python if on inputs on line 2",
                "Python cannot tell whether it is True or False",
                "keras.ops.where(condition, a, b)",
            ],
        ),
        (
            "n = inputs.shape[0] * 2",
            [
                "inputs.shape[0] is None on line 2",
                "The first axis of inputs is the batch, how many samples come at "
                "once, and Keras does not know it while it builds the model (None)",
                "inputs.shape[-1]",
            ],
        ),
    ],
    ids=["len", "for", "if", "batch-size"],
)
def test_a_tensor_used_as_a_python_value_says_it_has_no_values_yet(line, words):
    source = (
        f"inputs = keras.Input(shape=(8,))\n{line}\n"
        "model = keras.Model(inputs, layers.Dense(1)(inputs))\n"
    )
    _, problem = _run(source)
    for word in words:
        assert word in problem.message
    _plain(problem.message)


def test_numpy_method_on_a_tensor_says_run_the_model_on_data():
    source = (
        "inputs = keras.Input(shape=(8,))\n"
        "x = layers.Dense(3)(inputs)\n"
        "print(x.numpy())\n"
        "model = keras.Model(inputs, x)\n"
    )
    _, problem = _run(source)
    assert problem.kind == "attribute" and problem.line == 3
    assert "Your code asks x for its values with .numpy() on line 3" in (
        problem.message
    )
    assert "with a shape, (None, 3), and no values yet" in problem.message
    assert "model.predict(np.random.rand(1, 8))" in problem.message
    assert "print(x.shape)" in problem.message
    _plain(problem.message)


@pytest.mark.parametrize(
    "call", ["model.fit(inputs, outputs, verbose=0)", "model.predict(inputs)"]
)
def test_the_tensors_of_the_model_given_as_data_say_give_arrays(call):
    method = call.split("(")[0].split(".")[1]
    source = (
        "inputs = keras.Input(shape=(3,))\n"
        "outputs = layers.Dense(1)(inputs)\n"
        "model = keras.Model(inputs, outputs)\n"
        'model.compile("adam", "mse")\n' + call + "\n"
    )
    _, problem = _run(source)
    assert problem.kind == "data" and problem.line == 5
    assert (
        f"model.{method}() needs data, arrays of numbers, but its x is inputs, "
        "the tensor keras.Input made to build the model on line 5"
    ) in problem.message
    assert "for example x = np.random.rand(100, 3)." in problem.message
    _plain(problem.message)


# ------------------------------------------------------- keras.Model


@pytest.mark.parametrize(
    "call",
    ["keras.Model(inputs=outputs, outputs=inputs)", "keras.Model(outputs, inputs)"],
)
def test_keras_model_with_inputs_and_outputs_swapped_shows_them_in_order(call):
    source = (
        "inputs = keras.Input(shape=(8,))\n"
        "outputs = layers.Dense(1)(inputs)\n"
        f"model = {call}\n"
    )
    _, problem = _run(source)
    assert problem.line == 3
    assert "the inputs and the outputs the other way round on line 3" in (
        problem.message
    )
    assert "inputs is made by keras.Input, where the model starts" in problem.message
    _plain(problem.message)
    fixed = _shown(problem.message, "then the outputs:")
    assert fixed == "model = keras.Model(inputs=inputs, outputs=outputs)"
    assert _builds(_replaced(source, 3, fixed))


def test_an_output_that_reads_a_keras_input_left_out_adds_it_to_the_inputs():
    source = (
        "inputs = keras.Input(shape=(8,))\n"
        "other = keras.Input(shape=(4,))\n"
        "a = layers.Dense(3)(inputs)\n"
        "b = layers.Dense(3)(other)\n"
        "x = layers.Add()([a, b])\n"
        "model = keras.Model(inputs, x)\n"
    )
    _, problem = _run(source)
    assert problem.line == 6
    assert (
        "The outputs are computed from other too, a keras.Input that is not "
        "among the model's inputs on line 6"
    ) in problem.message
    assert "Output with path" not in problem.message
    fixed = _shown(problem.message, "in one list:")
    assert fixed == "model = keras.Model(inputs=[inputs, other], outputs=x)"
    assert len(_builds(_replaced(source, 6, fixed)).inputs) == 2


def test_an_output_from_another_keras_input_only_names_the_one_it_reads():
    source = (
        "inputs = keras.Input(shape=(8,))\n"
        "other = keras.Input(shape=(4,))\n"
        "x = layers.Dense(3)(other)\n"
        "model = keras.Model(inputs, x)\n"
    )
    _, problem = _run(source)
    assert "x is computed from other, not from inputs on line 4" in problem.message
    assert "if the first layer was meant to read inputs, call it on inputs" in (
        problem.message
    )
    fixed = _shown(problem.message, "Give it those:")
    assert _builds(_replaced(source, 4, fixed)).input_shape == (None, 4)


def test_a_name_used_above_the_line_that_sets_it_says_move_the_line():
    source = (
        "model = keras.Model(inputs, outputs)\n"
        "inputs = keras.Input(shape=(3,))\n"
        "outputs = layers.Dense(1)(inputs)\n"
    )
    _, problem = _run(source)
    assert problem.kind == "name" and problem.line == 1
    assert (
        "inputs gets its value on line 2, below this line, and Python runs the "
        "lines from the top down. Move this line below line 3."
    ) in problem.message
    assert "layers.Input" not in problem.message  # the nearest name is no help
    lines = source.splitlines()
    assert _builds("\n".join(lines[1:] + lines[:1]))


def test_the_first_layer_called_on_its_own_output_says_call_it_on_the_input():
    source = (
        "inputs = keras.Input(shape=(8,))\n"
        "x = layers.Dense(4)(x)\n"
        "model = keras.Model(inputs, x)\n"
    )
    _, problem = _run(source)
    assert problem.line == 2
    assert "This line is the first to give x a value" in problem.message
    assert "The first layer is called on the keras.Input tensor, inputs:" in (
        problem.message
    )
    fixed = _shown(problem.message, "keras.Input tensor, inputs:")
    assert _builds(_replaced(source, 2, fixed)).output_shape == (None, 4)


def test_layers_input_layer_in_a_functional_model_says_keras_input():
    source = (
        "inputs = layers.InputLayer(shape=(8,))\n"
        "x = layers.Dense(4)(inputs)\n"
        "model = keras.Model(inputs, x)\n"
    )
    _, problem = _run(source)
    assert problem.line == 2 and problem.layer == "dense"
    assert "was called on layers.InputLayer(...), a layer, not on a tensor" in (
        problem.message
    )
    assert "a InputLayer" not in problem.message
    fixed = _shown(problem.message, "Write:")
    assert fixed == "inputs = keras.Input(shape=(8,))"
    assert _builds(_replaced(source, 1, fixed))


# ------------------------------------------------------- merging


def test_python_plus_on_tensors_of_two_sizes_names_both_branches():
    _, problem = _run(
        "inputs = keras.Input(shape=(8,))\n"
        "a = layers.Dense(3)(inputs)\n"
        "b = layers.Dense(4)(inputs)\n"
        "x = a + b\n"
        "model = keras.Model(inputs, x)\n"
    )
    assert problem.kind == "shape" and problem.line == 4
    assert (
        "a + b adds number by number, so both need the same shape, but it gets "
        "a, of shape (None, 3), from layer 'dense' (Dense, units=3) and b, of "
        "shape (None, 4), from layer 'dense_1' (Dense, units=4) on line 4"
    ) in problem.message
    assert "layers.Concatenate()([a, b])" in problem.message
    assert "Shape mismatch in a layer" not in problem.message


@pytest.mark.parametrize(
    ("merge", "made"),
    [
        ("layers.Concatenate()(a)", "layers.Concatenate()"),
        ("layers.Add()(a)", "layers.Add()"),
        ("layers.Dot(axes=1)([a])", "layers.Dot(axes=1)"),
    ],
)
def test_a_merging_layer_called_on_one_tensor_says_give_a_list(merge, made):
    kind = made.split(".")[1].split("(")[0]
    _, problem = _run(
        "inputs = keras.Input(shape=(8,))\n"
        "a = layers.Dense(3)(inputs)\n"
        f"x = {merge}\n"
        "model = keras.Model(inputs, x)\n"
    )
    assert problem.line == 3 and problem.layer == kind.lower()
    assert (
        f"({kind}) merges several tensors, given as one list, but it was called "
        "on one tensor (a) on line 3"
    ) in problem.message
    assert f"\n    x = {made}([a, other])\n" in problem.message
    assert "Shape mismatch" not in problem.message
    _plain(problem.message)


def test_subtract_of_three_tensors_shows_two_subtractions_that_work():
    source = (
        "inputs = keras.Input(shape=(8,))\n"
        "a = layers.Dense(3)(inputs)\n"
        "b = layers.Dense(3)(inputs)\n"
        "c = layers.Dense(3)(inputs)\n"
        "x = layers.Subtract()([a, b, c])\n"
        "model = keras.Model(inputs, x)\n"
    )
    _, problem = _run(source)
    assert problem.line == 5 and problem.layer == "subtract"
    assert (
        "takes exactly 2 tensors, the first minus the second, but it was called "
        "on 3 (a, b, c) on line 5"
    ) in problem.message
    assert "need the same shape" not in problem.message  # they have it
    shown = problem.message.split("subtract twice:\n")[1].split("\n")
    assert _builds(_replaced(source, 5, *(s.strip() for s in shown)))


def test_attention_on_one_tensor_says_give_it_twice():
    source = (
        "inputs = keras.Input(shape=(5, 8))\n"
        "x = layers.Attention()(inputs)\n"
        "model = keras.Model(inputs, x)\n"
    )
    _, problem = _run(source)
    assert "takes a list of tensors, [query, value]" in problem.message
    _plain(problem.message)
    fixed = _shown(problem.message, "give inputs as both:")
    assert _builds(_replaced(source, 2, fixed)).output_shape == (None, 5, 8)


# --------------------------------------------------- keras.Sequential


@pytest.mark.parametrize(
    "source",
    [
        "model = keras.Sequential([\n"
        "    keras.Input(shape=(8,)),\n"
        "    layers.Dense(16),\n"
        "    keras.Input(shape=(16,)),\n"
        "    layers.Dense(1),\n"
        "])\n",
        "model = keras.Sequential()\n"
        "model.add(keras.Input(shape=(8,)))\n"
        "model.add(layers.Dense(16))\n"
        "model.add(keras.Input(shape=(16,)))\n"
        "model.add(layers.Dense(1))\n",
    ],
    ids=["list", "add"],
)
def test_a_second_keras_input_in_sequential_names_its_line(source):
    _, problem = _run(source)
    assert problem.line == 4
    assert (
        "keras.Sequential takes one keras.Input, at the start of its layers, "
        "and this is a second one on line 4"
    ) in problem.message
    assert "Shape mismatch" not in problem.message
    assert _builds(_replaced(source, 4)).count_params() == 161


def test_two_layers_of_one_name_are_named_with_both_lines():
    source = (
        "model = keras.Sequential([\n"
        "    keras.Input(shape=(8,)),\n"
        '    layers.Dense(4, name="hidden"),\n'
        '    layers.Dense(4, name="hidden"),\n'
        "])\n"
    )
    _, problem = _run(source)
    assert problem.line == 4
    assert "Two layers are named 'hidden' on line 4" in problem.message
    assert "The other is on line 3." in problem.message
    assert 'name="hidden_1" and name="hidden_2"' in problem.message
    _plain(problem.message)


def test_a_layer_name_in_a_loop_says_give_each_its_own():
    _, problem = _run(
        "inputs = keras.Input(shape=(8,))\n"
        "x = inputs\n"
        "for i in range(2):\n"
        '    x = layers.Dense(4, name="hidden")(x)\n'
        "model = keras.Model(inputs, x)\n"
    )
    assert problem.line == 4
    assert "named 'hidden'" in problem.message
    assert 'name=f"hidden_{i}"' in problem.message
    _plain(problem.message)


def test_a_list_inside_the_list_of_sequential_says_one_pair_of_brackets():
    _, problem = _run(
        "model = keras.Sequential([[\n"
        "    keras.Input(shape=(8,)),\n"
        "    layers.Dense(4),\n"
        "]])\n"
    )
    assert problem.line == 1
    assert "It is a list inside the list: one pair of square brackets too many" in (
        problem.message
    )


def test_keras_ops_concatenate_without_an_axis_says_it_joins_the_batch():
    source = (
        "inputs = keras.Input(shape=(8,))\n"
        "a = layers.Dense(3)(inputs)\n"
        "x = keras.ops.concatenate([a, inputs])\n"
        "model = keras.Model(inputs, x)\n"
    )
    _, problem = _run(source)
    assert problem.line == 3
    assert "keras.ops.concatenate joins along axis 0 when no axis is given" in (
        problem.message
    )
    assert "Shape mismatch in a layer" not in problem.message
    fixed = _shown(problem.message, "give axis=-1, the last axis:")
    assert _builds(_replaced(source, 3, fixed)).output_shape == (None, 11)


def test_the_input_variable_given_a_layer_s_output_says_the_model_skips_it():
    source = (
        "inputs = keras.Input(shape=(8,))\n"
        "inputs = layers.Dense(4)(inputs)\n"
        "outputs = layers.Dense(1)(inputs)\n"
        "model = keras.Model(inputs, outputs)\n"
    )
    p, problem = _run(source)
    assert problem is None  # Keras builds it, from the Dense output on
    note = p.notes[0]
    assert note.startswith("Layer 'dense' (Dense, line 2) is not part of the model.")
    assert (
        "inputs held the keras.Input tensor until line 2 gave it this layer's "
        "output, so keras.Model(inputs, ...) starts after this layer"
    ) in note
    assert "not on inputs again" not in note
    fixed = note.split("call the next layer on it:\n    ")[1]
    model = _builds(
        _replaced(source, 2, fixed, "outputs = layers.Dense(1)(x)").replace(
            "outputs = layers.Dense(1)(inputs)\n", ""
        )
    )
    assert model.input_shape == (None, 8) and len(model.layers) == 3


# ------------------------------- a layer that hands back its own input


@pytest.mark.parametrize(
    ("source", "line"),
    [
        (
            "inputs = keras.Input(shape=(8, 8, 3))\n"
            "x = layers.Conv2D(4, 3)(inputs)\n"
            "x = layers.Equalization()(x)\n"
            "model = keras.Model(inputs, x)\n",
            4,
        ),
        (
            "model = keras.Sequential(\n"
            "    [keras.Input(shape=(8, 8, 3)), layers.Conv2D(4, 3), "
            "layers.Equalization()]\n"
            ")\n",
            1,
        ),
    ],
)
def test_a_layer_keras_finds_in_a_cycle_is_named_with_the_way_round(source, line):
    # Keras 3's Equalization returns its input tensor when a model is built,
    # and Keras then says only "... is part of a cycle"
    _, problem = _run(source)
    assert problem.kind == "error" and problem.line == line
    _plain(problem.message)
    assert problem.message.startswith("Keras could not build the model on line")
    assert "Layer 'equalization' (Equalization) gives back the very tensor" in (
        problem.message
    )
    assert "not of your code" in problem.message
    assert "layers.Pipeline([layers.Equalization(...)])" in problem.message
    # the way round works
    fixed = source.replace(
        "layers.Equalization()", "layers.Pipeline([layers.Equalization()])"
    )
    model = _builds(fixed)
    assert [type(layer).__name__ for layer in model.layers][-1] == "Pipeline"
