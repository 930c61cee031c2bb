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


def test_a_merge_added_to_sequential_goes_on_from_the_variable_of_the_code():
    # a layer named like a Python keyword gets a variable of another name
    source = (
        "model = keras.Sequential()\n"
        "model.add(keras.Input(shape=(8,)))\n"
        "model.add(layers.Dense(8))\n"
        "model.add(layers.Add(name='class'))\n"
    )
    _, problem = _run(source)
    code = _code_after(problem.message, "and the model's input:")
    out = code[-1].rsplit("outputs=", 1)[1].rstrip(")")
    assert out != "class" and f"{out} = layers.Add(" in code[-2]
    assert f"starting with {out}." in problem.message
    assert _works("\n".join(code) + "\n").model.output_shape == (None, 8)


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


# ------------------------------------------- heights and widths of a merge


def test_add_after_a_valid_convolution_names_its_padding():
    source = (
        "inputs = keras.Input(shape=(28, 28, 16))\n"
        "x = layers.Conv2D(16, 3)(inputs)\n"
        "x = layers.Add()([x, inputs])\n"
        "model = keras.Model(inputs, x)\n"
    )
    _, problem = _run(source)
    assert problem.line == 3 and problem.layer == "add"
    assert "Their height and width differ: 26x26 (x) vs 28x28 (inputs)." in (
        problem.message
    )
    assert (
        "Layer 'conv2d' (Conv2D) has padding=\"valid\" (the default), so its 3x3 "
        'kernel trims the edges: it makes 28x28 into 26x26. Write padding="same"'
    ) in problem.message
    # the advice for other widths is wrong here
    assert "units or filters" not in problem.message
    assert "Concatenate" not in problem.message
    _plain(problem.message)
    fixed = source.replace("Conv2D(16, 3)", 'Conv2D(16, 3, padding="same")')
    assert _works(fixed).model.output_shape == (None, 28, 28, 16)


def test_an_inception_branch_pooled_without_same_padding_says_padding_same():
    source = (
        "inputs = keras.Input(shape=(32, 32, 3))\n"
        'b1 = layers.Conv2D(16, 1, padding="same")(inputs)\n'
        "b2 = layers.MaxPooling2D(3, strides=1)(inputs)\n"
        "model = keras.Model(inputs, layers.Concatenate()([b1, b2]))\n"
    )
    _, problem = _run(source)
    assert "Their height and width differ: 32x32 (b1) vs 30x30 (b2)." in (
        problem.message
    )
    assert "Layer 'max_pooling2d' (MaxPooling2D) has padding=\"valid\"" in (
        problem.message
    )
    assert "same units" not in problem.message
    _plain(problem.message)
    fixed = source.replace("strides=1)", 'strides=1, padding="same")')
    assert _works(fixed).model.output_shape == (None, 32, 32, 19)


def test_a_pooling_on_one_branch_says_its_strides_are_its_pool_size():
    source = (
        "inputs = keras.Input(shape=(32, 32, 16))\n"
        'x = layers.Conv2D(16, 3, padding="same")(inputs)\n'
        "x = layers.MaxPooling2D(3)(x)\n"
        "x = layers.Add()([x, inputs])\n"
        "model = keras.Model(inputs, x)\n"
    )
    _, problem = _run(source)
    assert (
        "Layer 'max_pooling2d' (MaxPooling2D) has strides 3 (a pooling layer's "
        "strides are its pool_size unless you give them), so it makes 32x32 into "
        '10x10. To keep the size write strides=1, padding="same" in it'
    ) in problem.message
    _plain(problem.message)
    # padding="same" alone would give 11x11: both are needed
    kept = source.replace(
        "MaxPooling2D(3)", "MaxPooling2D(3, strides=1, padding='same')"
    )
    assert _works(kept).model.output_shape == (None, 32, 32, 16)
    both = source.replace("[x, inputs]", "[x, layers.MaxPooling2D(3)(inputs)]")
    assert _works(both).model.output_shape == (None, 10, 10, 16)


def test_branches_of_other_heights_from_the_start_get_no_units_advice():
    _, problem = _run(
        "a = keras.Input(shape=(28, 28, 3))\n"
        "b = keras.Input(shape=(14, 14, 3))\n"
        "x = layers.Add()([a, b])\n"
        "model = keras.Model([a, b], x)\n"
    )
    assert "Their height and width differ: 28x28 (a) vs 14x14 (b). Make them" in (
        problem.message
    )
    assert "units or filters" not in problem.message


def test_concatenate_on_axis_1_of_images_says_it_joins_heights():
    source = (
        "inputs = keras.Input(shape=(16, 16, 3))\n"
        'a = layers.Conv2D(16, 3, padding="same")(inputs)\n'
        'b = layers.Conv2D(32, 3, padding="same")(inputs)\n'
        "x = layers.Concatenate(axis=1)([a, b])\n"
        "model = keras.Model(inputs, x)\n"
    )
    _, problem = _run(source)
    assert (
        "axis=1 joins the height (the tensors are stacked along it), so the "
        "channels must match, and they differ: 16 vs 32."
    ) in problem.message
    assert "UpSampling" not in problem.message
    _plain(problem.message)
    fixed = _code_after(problem.message, "leave axis out (the last axis, -1):")
    assert fixed == ["x = layers.Concatenate()([a, b])"]
    assert _works(_replaced(source, 4, *fixed)).model.output_shape == (
        None,
        16,
        16,
        48,
    )


def test_concatenate_on_the_batch_axis_found_by_fit_is_not_blamed_on_labels():
    source = (
        "a = keras.Input(shape=(10,))\n"
        "b = keras.Input(shape=(10,))\n"
        "x = layers.Concatenate(axis=0)([a, b])\n"
        "model = keras.Model([a, b], layers.Dense(1)(x))\n"
        "model.compile(optimizer='adam', loss='mse')\n"
        "model.fit([np.zeros((50, 10)), np.zeros((50, 10))], np.zeros((50, 1)), "
        "epochs=1, verbose=0)\n"
    )
    _, problem = _run(source)
    assert problem.line == 3 and problem.layer == "concatenate"
    assert (
        "Layer 'concatenate' (Concatenate, line 3) has axis=0, the batch axis "
        "(one row per sample)"
    ) in problem.message
    assert "model.fit() fails on line 6" in problem.message
    assert "labels" not in problem.message
    _plain(problem.message)
    fixed = _code_after(problem.message, "leave axis out (the last axis, -1):")
    assert fixed == ["x = layers.Concatenate()([a, b])"]
    assert _works(_replaced(source, 3, *fixed)).model.output_shape == (None, 1)


# ------------------------------------------------------------- shared layers


def test_a_shared_lstm_given_word_indices_without_the_embedding_names_it():
    source = (
        "q1 = keras.Input(shape=(20,), dtype='int32')\n"
        "q2 = keras.Input(shape=(20,), dtype='int32')\n"
        "embed = layers.Embedding(1000, 16)\n"
        "lstm = layers.LSTM(8)\n"
        "a = lstm(embed(q1))\n"
        "b = lstm(q2)\n"
        "model = keras.Model([q1, q2], layers.Concatenate()([a, b]))\n"
    )
    _, problem = _run(source)
    assert problem.line == 6
    assert (
        "q2 holds whole numbers (int32), like word indices: an Embedding layer "
        "turns each into a vector"
    ) in problem.message
    assert "The first time, lstm read the output of embed (layer 'embedding')" in (
        problem.message
    )
    # the advice for numbers read one at a time does not fit word indices
    assert "reshape" not in problem.message
    _plain(problem.message)
    fixed = _code_after(problem.message, "call embed on q2 too:")
    assert fixed == ["b = lstm(embed(q2))"]
    assert _works(_replaced(source, 6, *fixed)).model.output_shape == (None, 16)


def test_an_lstm_on_word_indices_says_put_an_embedding_first():
    source = (
        "q = keras.Input(shape=(20,), dtype='int32')\n"
        "x = layers.LSTM(8)(q)\n"
        "model = keras.Model(q, x)\n"
    )
    _, problem = _run(source)
    example = "layers.Embedding(input_dim=1000, output_dim=16)(q)"
    assert f"Put one before this layer, for example {example}, where" in (
        problem.message
    )
    assert "reshape" not in problem.message
    _plain(problem.message)
    fixed = source.replace("LSTM(8)(q)", f"LSTM(8)({example})")
    assert _works(fixed).model.output_shape == (None, 8)


def test_an_lstm_on_float_numbers_still_says_add_the_feature_axis():
    _, problem = _run(
        "q = keras.Input(shape=(20,))\n"
        "x = layers.LSTM(8)(q)\n"
        "model = keras.Model(q, x)\n"
    )
    assert "x.reshape(-1, 20, 1)" in problem.message
    assert "Embedding" in problem.message.split("x.reshape(-1, 20, 1)")[1]


# ---------------------------------------------------------------- notes


def test_a_merge_of_one_tensor_builds_with_a_note():
    source = (
        "inputs = keras.Input(shape=(32,))\n"
        "x = layers.Dense(32)(inputs)\n"
        "x = layers.Add()([x])\n"
        "model = keras.Model(inputs, layers.Dense(1)(x))\n"
    )
    p = _works(source)
    assert p.notes == [
        "Layer 'add' (Add, line 3) is given one tensor, [x], so it has nothing "
        "to merge x with and passes x on unchanged. To merge, list two tensors "
        "or more, layers.Add()([x, other]) (other: the tensor to merge with it); "
        "to pass x on as it is, leave the Add out."
    ]
    fixed = _works(source.replace("[x]", "[x, inputs]"))
    assert fixed.notes == []


def test_a_merge_of_an_unnamed_tensor_says_it():
    p = _works(
        "inputs = keras.Input(shape=(32,))\n"
        "x = layers.Concatenate()([layers.Dense(4)(inputs)])\n"
        "model = keras.Model(inputs, x)\n"
    )
    assert len(p.notes) == 1
    assert (
        "is given one tensor, a list of one, so it has nothing to merge it with"
        in (p.notes[0])
    )
    assert "layers.Concatenate()([x, other])" in p.notes[0]


def test_a_merge_called_on_one_unnamed_tensor_shows_python_not_input_1():
    _, problem = _run(
        "inputs = keras.Input(shape=(32,))\n"
        "y = layers.Add()(layers.Dense(4)(inputs))\n"
        "model = keras.Model(inputs, y)\n"
    )
    assert "\n    y = layers.Add()([x, other])\n" in problem.message
    assert "(x: the tensor it was called on; other: the tensor to merge with it.)" in (
        problem.message
    )
    assert "input 1" not in problem.message
    _plain(problem.message)


def test_a_valid_conv1d_before_an_add_names_its_kernel_and_the_lengths():
    source = (
        "inputs = keras.Input(shape=(100, 8))\n"
        "x = layers.Conv1D(8, 5)(inputs)\n"
        "x = layers.Add()([x, inputs])\n"
        "model = keras.Model(inputs, x)\n"
    )
    _, problem = _run(source)
    assert "Their lengths differ: 96 (x) vs 100 (inputs)." in problem.message
    assert "so its kernel of 5 trims the edges: it makes 100 into 96." in (
        problem.message
    )
    _plain(problem.message)
    fixed = source.replace("Conv1D(8, 5)", 'Conv1D(8, 5, padding="same")')
    assert _works(fixed).model.output_shape == (None, 100, 8)


def test_a_sequential_called_on_an_unnamed_tensor_says_which_name_is_which():
    source = (
        "a = keras.Input(shape=(10,))\n"
        "b = keras.Input(shape=(5,))\n"
        "head = keras.Sequential([layers.Dense(16), layers.Dense(1)])\n"
        "out = head([layers.Dense(3)(a), b])\n"
        "model = keras.Model([a, b], out)\n"
    )
    _, problem = _run(source)
    assert "called on a list of 2 tensors (x1, b) on line 4" in problem.message
    assert "(x1, b: the tensors in the order you gave them.)" in problem.message
    _plain(problem.message)
    code = _code_after(problem.message, "call head on the result:")
    assert code == ["merged = layers.Concatenate()([x1, b])", "out = head(merged)"]
    fixed = _replaced(source, 4, "x1 = layers.Dense(3)(a)", *code)
    assert _works(fixed).model.output_shape == (None, 1)


def test_a_sequential_made_where_it_is_called_on_a_list_gets_words():
    _, problem = _run(
        "a = keras.Input(shape=(10,))\n"
        "b = keras.Input(shape=(5,))\n"
        "out = keras.Sequential([layers.Dense(16), layers.Dense(1)])([a, b])\n"
        "model = keras.Model([a, b], out)\n"
    )
    assert (
        "A keras.Sequential model takes one tensor, but this one was called on a "
        "list of 2 tensors (a, b) on line 3"
    ) in problem.message
    assert (
        "Merge them first, merged = layers.Concatenate()([a, b]), and call the "
        "model on merged."
    ) in problem.message
    assert "A shape must be a tuple" not in problem.message
    _plain(problem.message)


@pytest.mark.parametrize(
    ("statement", "fixed"),
    [
        # the line alone showed "head(merged)," (a piece of keras.Model(...))
        (
            "model = keras.Model(\n    [a, b],\n    head([a, b]),\n)",
            ["model = keras.Model(", "    [a, b],", "    head(merged),", ")"],
        ),
        # the line alone showed "outputs = head(merged)": a keyword of
        # keras.Model(...) read as a variable
        (
            "model = keras.Model(inputs=[a, b],\n"
            "                    outputs=head([a, b]))",
            [
                "model = keras.Model(inputs=[a, b],",
                "                    outputs=head(merged))",
            ],
        ),
    ],
)
def test_a_sequential_called_on_a_list_in_a_call_over_several_lines(statement, fixed):
    source = (
        "a = keras.Input(shape=(4,))\n"
        "b = keras.Input(shape=(4,))\n"
        "head = keras.Sequential([keras.Input((8,)), layers.Dense(1)])\n"
        + statement
        + "\n"
    )
    _, problem = _run(source)
    assert "head is a keras.Sequential model: it takes one tensor" in problem.message
    _plain(problem.message)
    code = _code_after(problem.message, "call head on the result:")
    assert code == ["merged = layers.Concatenate()([a, b])", *fixed]
    share = _code_after(problem.message, "call it once per tensor:")
    assert share == ["head_a = head(a)", "head_b = head(b)"]  # no "outputs = "
    last = 4 + statement.count("\n")
    assert _works(_replaced(source, (4, last), *code)).model.output_shape == (None, 1)


def test_a_sequential_called_on_a_list_over_several_lines_alone():
    source = (
        "a = keras.Input(shape=(4,))\n"
        "b = keras.Input(shape=(4,))\n"
        "head = keras.Sequential([keras.Input((8,)), layers.Dense(1)])\n"
        "out = head(\n    [a, b]\n)\n"
        "model = keras.Model([a, b], out)\n"
    )
    _, problem = _run(source)
    code = _code_after(problem.message, "call head on the result:")
    assert code == ["merged = layers.Concatenate()([a, b])", "out = head(merged)"]
    assert _works(_replaced(source, (4, 6), *code)).model.output_shape == (None, 1)
