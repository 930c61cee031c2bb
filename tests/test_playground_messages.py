"""The playground's messages for the commonest beginner mistakes: what
happened, on which line, and what to write instead; its printed output, its
time limit argument and the model it picks among several."""

from __future__ import annotations

import html
import math
import re

import keras
import pytest

import kerasteach
from kerasteach import _widget_explain, _widget_printed
from kerasteach._widget_printed import printed_text
from kerasteach._widget_run import run_student_code, shorten
from kerasteach.errors import KerasTeachError


def _run(source: str):
    p = kerasteach.playground(source)
    problem = p.run()
    return p, problem


# ----------------------------------------------------------- 1. the line


def test_a_bad_layer_in_a_multiline_sequential_names_its_own_line():
    p, problem = _run(
        "model = keras.Sequential([\n"
        "    keras.Input(shape=(28, 28)),\n"
        '    layers.Dense(32, activation="relu"),\n'
        "    layers.Conv2D(8, 3),\n"
        "    layers.Flatten(),\n"
        "    layers.Dense(10),\n"
        "])"
    )
    assert problem.kind == "shape" and problem.layer == "conv2d"
    assert problem.line == 4
    assert problem.code_line == "layers.Conv2D(8, 3),"
    assert "on line 4:\n    layers.Conv2D(8, 3)," in problem.message
    assert "line 4" in p.status.value


def test_the_line_of_the_right_layer_among_layers_of_the_same_type():
    _, problem = _run(
        "model = keras.Sequential([\n"
        "    keras.Input(shape=(28, 28, 1)),\n"
        "    layers.Conv2D(32, 3),\n"
        "    layers.MaxPooling2D(),\n"
        "    layers.Conv2D(64, 3),\n"
        "    layers.MaxPooling2D(),\n"
        "    layers.Conv2D(64, 3),\n"
        "    layers.MaxPooling2D(),\n"
        "    layers.Conv2D(64, 3),\n"  # 1x1 by now: too small for 3x3
        "])"
    )
    assert problem.layer == "conv2d_3" and problem.line == 9
    assert "window (kernel_size 3x3) bigger than its input (1x1 per sample)" in (
        problem.message
    )


def test_a_layer_made_before_the_failing_statement_keeps_the_statement_line():
    _, problem = _run(
        "conv = layers.Conv2D(8, 3)\n"
        "model = keras.Sequential([\n"
        "    keras.Input(shape=(28, 28)),\n"
        "    conv,\n"
        "])"
    )
    assert problem.layer == "conv2d" and problem.line == 2


def test_a_layer_in_a_helper_function_names_the_line_inside_it():
    _, problem = _run(
        "def block(x):\n"
        "    return layers.Conv2D(\n"
        "        8, 3)(x)\n"
        "inputs = keras.Input((28, 28))\n"
        "model = keras.Model(inputs, block(inputs))"
    )
    assert problem.line == 2


def test_the_keras_operation_is_left_as_it_was():
    before = keras.Operation.__dict__["__init__"]
    _run("model = keras.Sequential([keras.Input((4,)), layers.Reshape((3,))])")
    _run("raise RuntimeError('x')")
    assert keras.Operation.__dict__["__init__"] is before


# ------------------------------------------------- 2. beginner mistakes


def test_a_layer_called_on_a_layer_says_keras_input_was_forgotten():
    _, problem = _run("x = layers.Dense(4)\ny = layers.Dense(1)(x)")
    assert problem.line == 2
    assert "called on a layer, not on a tensor" in problem.message
    assert "Did you forget keras.Input?" in problem.message
    assert "inputs = keras.Input(shape=" in problem.message
    assert "Only input tensors" not in problem.message


def _fixed(source: str, message: str, line: int) -> str:
    """``source`` with line ``line`` replaced by the fix the message shows."""
    fix = message.split("brackets, for example:\n    ", 1)[1].split("\n")[0]
    lines = source.splitlines()
    lines[line - 1] = fix
    return "\n".join(lines) + "\n"


def test_a_layer_never_called_is_named_with_its_line_and_the_fix():
    # keras.Input is there: the second pair of brackets was forgotten, and
    # "Did you forget keras.Input?" sent the student looking in vain.
    source = (
        "inputs = keras.Input(shape=(8,))\n"
        'x = layers.Dense(16, activation="relu")\n'
        "outputs = layers.Dense(1)(x)\n"
        "model = keras.Model(inputs, outputs)\n"
    )
    _, problem = _run(source)
    assert problem.line == 3
    assert "called on a layer, not on a tensor" in problem.message
    assert (
        "x holds the Dense layer 'dense' itself, not its output: line 2 makes "
        "the layer but never calls it on a tensor" in problem.message
    )
    assert '    x = layers.Dense(16, activation="relu")(inputs)\n' in problem.message
    assert "Did you forget keras.Input?" not in problem.message
    p, problem = _run(_fixed(source, problem.message, 2))
    assert problem is None and p.model.count_params() == 16 * 8 + 16 + 17


def test_a_layer_never_called_given_as_outputs_says_so_not_data():
    source = (
        "inputs = keras.Input(shape=(8,))\n"
        'x = layers.Dense(16, activation="relu")(inputs)\n'
        "y = layers.Dense(1)\n"
        "model = keras.Model(inputs, y)\n"
    )
    _, problem = _run(source)
    assert problem.line == 4
    assert "y holds the Dense layer 'dense_1' itself, not its output" in (
        problem.message
    )
    assert "    y = layers.Dense(1)(x)\n" in problem.message  # the tensor before
    assert "NumPy" not in problem.message  # it was no data
    p, problem = _run(_fixed(source, problem.message, 3))
    assert problem is None and p.model.count_params() == 16 * 8 + 16 + 17


def test_a_layer_called_on_a_number():
    _, problem = _run("y = layers.Dense(1)(5)")
    assert "called on the number 5, not on a tensor" in problem.message


@pytest.mark.parametrize("shape", ["8", "(8)"])
def test_an_input_shape_without_a_tuple_says_write_a_tuple(shape):
    _, problem = _run(f"inputs = keras.Input(shape={shape})")
    assert problem.line == 1
    assert "Write shape=(8,)" in problem.message
    if shape == "(8)":
        assert "(8) without a comma is the number 8" in problem.message


def test_add_on_a_functional_model_says_only_sequential_has_add():
    _, problem = _run(
        "inputs = keras.Input(shape=(8,))\n"
        "model = keras.Model(inputs, layers.Dense(1)(inputs))\n"
        "model.add(layers.Dense(2))"
    )
    assert problem.kind == "attribute" and problem.line == 3
    assert "Only keras.Sequential models have .add()" in problem.message
    assert "keras.Model(inputs, outputs)" in problem.message


def test_input_does_not_wait_and_says_to_write_the_value():
    p, problem = _run(
        'n = int(input("How many units? "))\n'
        "model = keras.Sequential([keras.Input((8,)), layers.Dense(n)])"
    )
    assert problem.line == 1
    assert "cannot read from the keyboard" in problem.message
    assert "n = 16" in problem.message
    assert "EOF" not in problem.message


def test_fit_on_data_of_the_wrong_width_blames_the_data():
    _, problem = _run(
        "model = keras.Sequential([keras.Input((8,)), layers.Dense(1)])\n"
        "model.compile(optimizer='adam', loss='mse')\n"
        "model.fit(np.random.rand(64, 7), np.random.rand(64, 1), verbose=0)"
    )
    assert problem.kind == "data" and problem.line == 3
    assert "The data does not fit the model" in problem.message
    assert "x has shape (64, 7)" in problem.message
    assert "shape (8,)" in problem.message
    assert "batches of 32 samples" in problem.message  # why Keras says (32, 7)


def test_predict_on_data_of_the_wrong_width_blames_the_data():
    _, problem = _run(
        "model = keras.Sequential([keras.Input((8,)), layers.Dense(1)])\n"
        "model.predict(np.zeros((5, 3)), verbose=0)"
    )
    assert problem.kind == "data" and "x has shape (5, 3)" in problem.message


@pytest.mark.parametrize("call", ["model.predict(x)", "model(x)"])
def test_one_sample_without_the_batch_axis_says_add_it(call):
    _, problem = _run(
        "model = keras.Sequential([keras.Input((8,)), layers.Dense(1)])\n"
        f"x = np.random.rand(8)\n{call}"
    )
    assert problem.kind == "data" and problem.line == 3
    assert "has shape (8,), which looks like one sample without the batch axis" in (
        problem.message
    )
    if call == "model(x)":
        assert "x.reshape(1, 8) or x[None]" in problem.message
    else:  # the line with the batch axis added as the code writes x
        assert "with x[None]:\n    model.predict(x[None])\n" in problem.message
    assert "shape=()" not in problem.message


def test_x_and_y_of_different_lengths():
    _, problem = _run(
        "model = keras.Sequential([keras.Input((8,)), layers.Dense(1)])\n"
        "model.compile(optimizer='adam', loss='mse')\n"
        "model.fit(np.zeros((64, 8)), np.zeros((60, 1)), verbose=0)"
    )
    assert problem.kind == "data"
    # named as the code writes them, not as Keras's x and y
    assert problem.message.startswith(
        "The data np.zeros((64, 8)) and the labels np.zeros((60, 1)) do not have "
        "the same number of samples on line 3:"
    )
    assert (
        "np.zeros((64, 8)) has 64 samples but np.zeros((60, 1)) has 60 samples. "
        "Each sample of the data needs its label"
    ) in problem.message


def test_a_missing_flatten_before_dense_is_named():
    _, problem = _run(
        "model = keras.Sequential([keras.Input((28, 28, 1)), "
        "layers.Conv2D(4, 3), layers.Dense(10)])\n"
        "model.compile('adam', 'sparse_categorical_crossentropy')\n"
        "model.fit(np.zeros((4, 28, 28, 1)), np.zeros((4,)), verbose=0)"
    )
    assert problem.kind == "data" and problem.line == 3
    assert problem.layer == "dense"
    assert "layers.Flatten()" in problem.message
    assert "(None, 26, 26, 10)" in problem.message


def test_grey_images_without_a_channel_axis_say_add_one():
    _, problem = _run(
        "model = keras.Sequential([\n"
        "    keras.Input(shape=(28, 28)),\n"
        "    layers.Conv2D(8, 3),\n"
        "])"
    )
    assert problem.kind == "shape" and problem.layer == "conv2d"
    assert problem.line == 3
    assert "needs images with a channel axis" in problem.message
    assert "(height, width, channels)" in problem.message
    assert "keras.Input(shape=(28, 28, 1))" in problem.message
    assert "min_ndim" not in problem.message.split("Keras says:")[0]


def test_a_sequence_layer_on_flat_samples_says_timesteps_and_features():
    _, problem = _run("model = keras.Sequential([keras.Input((8,)), layers.LSTM(4)])")
    assert problem.kind == "shape" and problem.layer == "lstm"
    assert "needs sequences, each sample of shape (timesteps, features)" in (
        problem.message
    )
    assert "receives samples of shape (8,)" in problem.message
    assert "keras.Input(shape=(8, 1))" in problem.message
    _, problem = _run(
        "inputs = keras.Input((8,))\n"
        "x = layers.Dense(16)(inputs)\n"
        "model = keras.Model(inputs, layers.Conv1D(4, 3)(x))"
    )
    assert problem.line == 3 and "layers.Reshape((16, 1))" in problem.message


# ---------------------------------- 2b. layers and models made the wrong way


@pytest.mark.parametrize(
    ("layer", "setting", "fix"),
    [
        ("layers.Flatten(inputs)", "data_format", "x = layers.Flatten()(inputs)"),
        ("layers.Dense(inputs)", "units", "x = layers.Dense(16)(inputs)"),
    ],
)
def test_a_tensor_in_a_layer_constructor_says_make_then_call(layer, setting, fix):
    _, problem = _run(
        f"inputs = keras.Input((28, 28))\nx = {layer}\nmodel = keras.Model(inputs, x)"
    )
    assert problem.line == 2
    assert f"The tensor `inputs` went into the settings of {layer[:-8]}" in (
        problem.message
    )
    assert f"(Keras took it as {setting})" in problem.message
    assert "First make the layer, then call it on the tensor" in problem.message
    assert f"\n    {fix}" in problem.message
    assert "KerasTensor" not in problem.message


@pytest.mark.parametrize("many", [2, 4])
def test_layers_given_to_sequential_without_a_list_say_use_brackets(many):
    listed = ", ".join(["keras.Input((8,))"] + ["layers.Dense(4)"] * (many - 1))
    _, problem = _run(f"model = keras.Sequential({listed})")
    assert problem.line == 1
    assert "keras.Sequential takes one list of layers" in problem.message
    assert "Put them in square brackets" in problem.message
    assert f"\n    model = keras.Sequential([{listed}])" in problem.message
    assert "trainable" not in problem.message


def test_a_layer_class_in_a_sequential_list_says_add_parentheses():
    _, problem = _run(
        "model = keras.Sequential([keras.Input((8,)), layers.Dense, layers.ReLU])"
    )
    assert problem.line == 1
    assert "layers.Dense is the layer type, not a layer" in problem.message
    assert "make one with parentheses and its settings, layers.Dense(16)." in (
        problem.message
    )
    _, problem = _run("model = keras.Sequential()\nmodel.add(layers.ReLU)")
    assert problem.line == 2
    assert "layers.ReLU is the layer type" in problem.message
    assert "layers.ReLU()." in problem.message


@pytest.mark.parametrize(
    ("merge", "fixed"),
    [
        ("Add()", "[a, b]"),
        ("Concatenate(axis=-1)", "[a, b, a]"),
        ("Multiply()", "[a, b]"),
    ],
)
def test_a_merge_layer_called_on_tensors_one_by_one_says_use_a_list(merge, fixed):
    call = fixed.strip("[]")
    _, problem = _run(
        "inputs = keras.Input((8,))\n"
        "a = layers.Dense(4)(inputs)\n"
        "b = layers.Dense(4)(inputs)\n"
        f"x = layers.{merge}({call})\n"
        "model = keras.Model(inputs, x)"
    )
    name = merge.split("(")[0]
    assert problem.line == 4 and problem.layer == name.lower()
    assert f"Layer {name.lower()!r} ({name}) merges tensors" in problem.message
    assert "take one list of tensors" in problem.message
    assert f"\n    x = layers.{merge}({fixed})" in problem.message
    assert "too many positional arguments" not in problem.message


def test_a_misspelt_keyword_of_keras_model_is_named_not_a_shape_mismatch():
    _, problem = _run(
        "inputs = keras.Input((8,))\n"
        "outputs = layers.Dense(1)(inputs)\n"
        "model = keras.Model(inputs=inputs, output=outputs)"
    )
    assert problem.kind == "error" and problem.line == 3
    assert "keras.Model has no setting called `output`" in problem.message
    assert "did you mean `outputs`?" in problem.message
    assert "keras.Model(inputs=inputs, outputs=outputs)" in problem.message
    assert "Shape" not in problem.message
    _, problem = _run('x = layers.Dense(4, activaton="relu")')
    assert "Dense has no setting called `activaton`" in problem.message
    assert "did you mean `activation`?" in problem.message


def test_a_tensor_in_a_sequential_list_is_named_not_a_shape_mismatch():
    _, problem = _run(
        "inputs = keras.Input((8,))\n"
        "x = layers.Dense(4)(inputs)\n"
        "model = keras.Sequential([inputs, x])"
    )
    assert problem.kind == "error" and problem.line == 3
    assert "its list (item 2) holds the tensor `x`, the output of layer 'dense'" in (
        problem.message
    )
    assert "List the layers themselves, not their outputs" in problem.message
    assert "use keras.Model(inputs, x) instead" in problem.message
    assert "Shape" not in problem.message


def test_only_a_real_shape_mismatch_is_called_one():
    # the word "shape" in a tensor's repr does not make a shape problem
    _, problem = _run("inputs = keras.Input((8,))\nraise ValueError(f'no: {inputs}')")
    assert problem.kind == "error" and "Shape mismatch" not in problem.message
    _, problem = _run(
        "model = keras.Sequential([keras.Input((4,)), layers.Reshape((5,))])"
    )
    assert problem.kind == "shape" and "Shape mismatch" in problem.message


# ----------------------------------------------- 3. long error messages


def test_a_layer_called_on_numpy_data_hints_at_keras_input_briefly():
    _, problem = _run(
        "x = np.random.rand(10, 8)\ny = layers.Dense(4)(x)\nmodel = keras.Model(x, y)"
    )
    assert problem.line == 3
    assert "a NumPy array of shape (10, 8)" in problem.message
    assert "inputs = keras.Input(shape=(8,))" in problem.message
    assert len(problem.message) < 1000
    assert "0." not in problem.message  # no numbers of the array


def test_a_long_exception_message_is_shortened():
    _, problem = _run("raise ValueError('x' * 5000)")
    assert len(problem.message) < 1000
    assert "shortened: " in problem.message


def test_shorten_keeps_the_start_and_says_how_much_is_left():
    assert shorten("short") == "short"
    text = "word " * 1000
    cut = shorten(text, 100)
    assert cut.startswith("word word") and len(cut) < 160
    assert re.search(r"\[shortened: [\d,]+ more characters\]$", cut)
    many = "\n".join(f"row {i}" for i in range(50))
    assert shorten(many).count("\n") < 10


# ------------------------------------------------ 4. model is not a model


def test_a_layer_called_model_says_what_it_is_and_how_to_wrap_it():
    _, problem = _run("model = layers.Dense(3)")
    assert problem.kind == "no-model" and problem.line == 1
    assert "model is a Dense layer, not a Keras model" in problem.message
    assert (
        "model = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(3)])"
        in problem.message
    )
    assert "Assign your model to a variable called model" not in problem.message


def test_model_assigned_none_by_a_method():
    _, problem = _run(
        "model = keras.Sequential([keras.Input((8,)), layers.Dense(1)])\n"
        "model = model.summary()"
    )
    assert problem.line == 2 and "model is None" in problem.message
    assert "not model = model.add(layer)" in problem.message


def test_model_assigned_a_tensor():
    _, problem = _run("inputs = keras.Input((8,))\nmodel = layers.Dense(1)(inputs)")
    assert "a tensor of shape (None, 1)" in problem.message
    assert "keras.Model(inputs, outputs)" in problem.message


# --------------------------------------- 5. advice the student can follow


def test_a_sequential_model_without_input_says_what_to_write():
    p, problem = _run("model = keras.Sequential([layers.Dense(16), layers.Dense(1)])")
    assert problem.kind == "kerasteach" and problem.line == 1
    assert "keras.Input(shape=" in problem.message
    assert "input_shape" not in problem.message
    assert "kerasteach" not in problem.message


@pytest.mark.parametrize(
    "source",
    [
        "model = keras.Sequential(\n"
        "    [layers.Dense(16), keras.Input(shape=(4,)), layers.Dense(1)]\n"
        ")",
        "model = keras.Sequential()\n"
        "model.add(layers.Dense(16))\n"
        "model.add(keras.Input(shape=(4,)))\n"
        "model.add(layers.Dense(1))",
    ],
    ids=["list", "add"],
)
def test_a_keras_input_after_a_layer_says_to_move_it_first_and_that_works(source):
    _, problem = _run(source)
    assert problem.kind == "kerasteach"
    assert (
        "Its keras.Input(shape=(4,)) comes after layer 'dense' (Dense), but "
        "Keras reads the input shape only from a keras.Input that comes first. "
        "Move it to the front" in problem.message
    )
    fix = "model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(...), ...])"
    assert fix in problem.message
    # the advice, followed: keras.Input first, the layers after it
    p = kerasteach.playground()
    assert (
        p.run(
            "model = keras.Sequential(\n"
            "    [keras.Input(shape=(4,)), layers.Dense(16), layers.Dense(1)]\n"
            ")"
        )
        is None
    )


def test_an_unbuilt_subclassed_model_says_what_to_write_and_it_works():
    source = (
        "class M(keras.Model):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.d = layers.Dense(1)\n"
        "    def call(self, x):\n"
        "        return self.d(x)\n"
        "model = M()\n"
    )
    p, problem = _run(source)
    assert problem.line == 7  # model = M(), not super().__init__()
    assert "input_shape" not in problem.message
    advice = "model(np.zeros((1, 8)))"
    assert advice in problem.message
    assert p.run(source + advice + "\n") is None


def test_a_forgotten_super_init_says_to_add_it():
    _, problem = _run(
        "class MyModel(keras.Model):\n"
        "    def __init__(self):\n"
        "        self.dense = layers.Dense(4)\n"
        "    def call(self, x):\n"
        "        return self.dense(x)\n"
        "model = MyModel()\n"
    )
    assert problem.kind == "kerasteach"
    assert "MyModel.__init__ does not call super().__init__()" in problem.message
    assert "Make super().__init__() the first line of __init__" in problem.message
    assert "AttributeError" not in problem.message


def test_a_forgotten_super_init_names_the_line_of_def_init():
    source = (
        "class MyModel(keras.Model):\n"
        "    def __init__(self, units, **kwargs):\n"
        "        self.dense = layers.Dense(units)\n"
        "    def call(self, x):\n"
        "        return self.dense(x)\n"
        "model = MyModel(4)\n"
    )
    p, problem = _run(source)
    assert problem.line == 2 and problem.code_line == (
        "def __init__(self, units, **kwargs):"
    )
    assert "on line 2:\n    def __init__(self, units, **kwargs):" in problem.message
    # the fix shown keeps the student's own def and passes **kwargs on
    fix = "    def __init__(self, units, **kwargs):\n        super().__init__(**kwargs)"
    assert fix in problem.message
    fixed = source.replace(
        "        self.dense", "        super().__init__(**kwargs)\n        self.dense"
    )
    assert p.run(fixed + "model(np.zeros((1, 8)))\n") is None


@pytest.mark.parametrize(
    "use, noun",
    [
        ("model = Scale(2.0)\nmodel(np.ones((1, 3)))\n", "model"),
        (
            "model = keras.Sequential([\n    keras.Input((3,)),\n    Scale(2.0),\n])\n",
            "layer",
        ),
    ],
)
def test_a_forgotten_super_init_used_anyway_names_def_init_not_the_use(use, noun):
    base = "keras.Model" if noun == "model" else "layers.Layer"
    source = (
        f"class Scale({base}):\n"
        "    def __init__(self, factor):\n"
        "        self.factor = factor\n"
        "    def call(self, x):\n"
        "        return x * self.factor\n" + use
    )
    _, problem = _run(source)
    assert problem.line == 2 and problem.code_line == "def __init__(self, factor):"
    assert "Scale.__init__ does not call super().__init__() on line 2:" in (
        problem.message
    )
    assert f"Keras never sets the {noun} up" in problem.message
    assert "Python says" not in problem.message


def test_a_call_with_two_inputs_says_take_one_list():
    _, problem = _run(
        "class M(keras.Model):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.d = layers.Dense(4)\n"
        "    def call(self, a, b):\n"
        "        return self.d(a) + self.d(b)\n"
        "model = M()\n"
        "model(np.ones((2, 3)), np.ones((2, 3)))\n"
    )
    assert "M.call() takes 2 inputs (a, b)" in problem.message
    assert "a, b = inputs" in problem.message and "model([a_data, b_data])" in (
        problem.message
    )
    assert "NumPy" not in problem.message
    # what to write in the playground, where there is no input_shape to pass
    assert "input_shape" not in problem.message and "kerasteach" not in (
        problem.message
    )
    assert problem.line == 5 and problem.code_line == "def call(self, a, b):"
    assert "on line 5:\n    def call(self, a, b):" in problem.message


def test_a_call_with_two_inputs_is_named_before_the_model_is_called():
    p, problem = _run(
        "class Pair(keras.Model):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.d = layers.Dense(4)\n"
        "\n"
        "    def call(self, left, right):\n"
        "        return self.d(left) + self.d(right)\n"
        "pair = Pair()\n"
    )
    # not "call it on np.zeros((1, 8))", which call(left, right) refuses
    assert problem.line == 6
    assert "Pair.call() takes 2 inputs (left, right)" in problem.message
    assert "pair([left_data, right_data])" in problem.message
    assert "input_shape" not in problem.message
    fixed = (
        "class Pair(keras.Model):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.d = layers.Dense(4)\n"
        "    def call(self, inputs):\n"
        "        left, right = inputs\n"
        "        return self.d(left) + self.d(right)\n"
        "pair = Pair()\n"
        "pair([np.zeros((1, 3)), np.zeros((1, 3))])\n"
    )
    assert p.run(fixed) is None


_IF_ON_A_TENSOR = (
    "class Gate(keras.Model):\n"
    "    def __init__(self):\n"
    "        super().__init__()\n"
    "        self.dense = layers.Dense(4)\n"
    "    def call(self, x):\n"
    "        if keras.ops.sum(x) > 0:\n"
    "            return self.dense(x)\n"
    "        return x\n"
    "model = Gate()\n"
    "model(np.ones((2, 4)))\n"
)


def test_an_if_on_a_tensor_in_call_names_its_line_not_input_shape():
    p, problem = _run(_IF_ON_A_TENSOR)
    assert problem.line == 6 and problem.code_line == "if keras.ops.sum(x) > 0:"
    assert "Gate.call() uses a Python if on a tensor on line 6:" in problem.message
    assert "cannot be traced" in problem.message
    assert "keras.ops.where(condition, a, b)" in problem.message
    assert "keras.ops.cond(" in problem.message
    assert "input_shape" not in problem.message
    assert "line 6" in p.status.value
    # the advice works: keras.ops.where instead of the if
    fixed = _IF_ON_A_TENSOR.replace(
        "        if keras.ops.sum(x) > 0:\n"
        "            return self.dense(x)\n"
        "        return x\n",
        "        return keras.ops.where(keras.ops.sum(x) > 0, self.dense(x), x)\n",
    )
    assert p.run(fixed) is None and p.other_style == "functional"


def test_an_if_on_a_tensor_of_several_values_run_on_data_gets_the_same_advice():
    _, problem = _run(
        "class Gate(keras.Model):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.dense = layers.Dense(4)\n"
        "    def call(self, x):\n"
        "        y = self.dense(x)\n"
        "        while y > 0:\n"
        "            y = y - 1\n"
        "        return y\n"
        "model = Gate()\n"
        "model(np.ones((2, 4)))\n"
    )
    assert problem.line == 7
    assert "Gate.call() uses a Python while on a tensor on line 7:" in problem.message
    assert "keras.ops.where(condition, a, b)" in problem.message
    assert "Python says" not in problem.message


_SUBCLASS = (
    "class M(keras.Model):\n"
    "    def __init__(self):\n"
    "        super().__init__()\n"
    "        self.d = layers.Dense(4)\n"
    "    def call(self, x):\n"
    "        {line}\n"
    "model = M()\n"
    "model(np.ones((2, 3)))\n"
)


def _shown_fix(message: str, after: str) -> str:
    """The line of code the message shows after ``after``."""
    return message.split(after, 1)[1].split("\n", 1)[0].strip()


@pytest.mark.parametrize(
    "line, named, fix",
    [
        ("return np.tanh(self.d(x))", "np.tanh", "return keras.ops.tanh(self.d(x))"),
        (
            "return np.tanh(np.mean(self.d(x), axis=1))",
            "np.tanh, np.mean",
            "return keras.ops.tanh(keras.ops.mean(self.d(x), axis=1))",
        ),
        (
            "return tf.nn.relu(self.d(x))",
            "tf.nn.relu",
            "return keras.ops.relu(self.d(x))",
        ),
    ],
)
def test_numpy_or_tensorflow_in_call_names_the_line_and_the_keras_ops_fix(
    line, named, fix
):
    head = "import tensorflow as tf\n" if "tf." in line else ""
    source = head + _SUBCLASS.format(line=line)
    at = 7 if head else 6
    p, problem = _run(source)
    assert problem.line == at and problem.code_line == line
    library = "TensorFlow" if head else "NumPy"
    assert f"M.call() uses {library} on a tensor ({named}) on line {at}:" in (
        problem.message
    )
    assert "placeholder tensors, which have a shape and no values" in problem.message
    assert "input_shape" not in problem.message and "kerasteach" not in (
        problem.message
    )
    shown = _shown_fix(problem.message, "on both:\n")
    assert shown == fix
    assert p.run(source.replace(line, fix)) is None and p.other_style == "functional"


def test_numpy_in_a_custom_layer_called_on_keras_input_says_use_keras_ops():
    source = (
        "class Squash(layers.Layer):\n"
        "    def call(self, x):\n"
        "        return np.tanh(x)\n"
        "inputs = keras.Input((3,))\n"
        "model = keras.Model(inputs, Squash()(inputs))\n"
    )
    p, problem = _run(source)
    assert problem.line == 3 and problem.code_line == "return np.tanh(x)"
    assert "Squash.call() uses NumPy on a tensor (np.tanh) on line 3:" in (
        problem.message
    )
    assert "called on keras.Input" in problem.message
    assert "compute_output_spec" not in problem.message
    fix = _shown_fix(problem.message, "on both:\n")
    assert fix == "return keras.ops.tanh(x)"
    assert p.run(source.replace("return np.tanh(x)", fix)) is None


# Keras's Lambda reads its function's arguments, and Python cannot read
# those of NumPy's functions that are not ufuncs: Keras raised "TypeError:
# unsupported callable" while the layer was made, and the playground showed
# "Python says: unsupported callable".  Now the reader's NumPy message.
@pytest.mark.parametrize(
    ("written", "named", "instead"),
    [
        ("np.linalg.norm", "np.linalg.norm", "keras.ops.linalg.norm"),
        ("numpy.linalg.norm", "np.linalg.norm", "keras.ops.linalg.norm"),
        ("norm", "np.linalg.norm", "keras.ops.linalg.norm"),  # imported from numpy
        ("np.fft.fft", "np.fft.fft", None),  # keras.ops.fft takes (real, imag)
    ],
    ids=["np", "numpy", "imported", "no-keras-version"],
)
def test_a_numpy_function_keras_refuses_in_a_lambda_gets_the_numpy_message(
    written, named, instead
):
    line = f"    layers.Lambda({written}),"
    source = (
        "import numpy\n"
        "from numpy.linalg import norm\n"
        "model = keras.Sequential([\n"
        "    keras.Input((3,)),\n"
        f"{line}\n"
        "])\n"
    )
    p, problem = _run(source)
    assert problem.line == 5 and problem.code_line == line.strip()
    message = problem.message
    assert message.startswith(
        f"layers.Lambda({named}) gives a Lambda layer a NumPy function on line 5:"
    )
    assert "NumPy functions work on NumPy arrays, not on the tensors inside" in (
        message
    )
    assert "unsupported callable" not in message and "Python says" not in message
    if instead is None:
        assert "a function defined with def that uses the keras.ops" in message
        assert "keras.ops.fft" not in message
        return
    assert f"Use Keras's version, {instead}," in message
    fixed = f"layers.Lambda({instead}),"
    if written == "norm":  # the line does not say it is NumPy's
        assert message.endswith(f"layers.Lambda({instead}).")
        return
    assert _shown_fix(message, f"layers.Lambda({instead}).\n") == fixed
    assert p.run(source.replace(line.strip(), fixed)) is None


def test_a_numpy_lambda_keras_cannot_connect_is_not_a_missing_input():
    # Lambda(np.abs) without output_shape: Keras on TensorFlow and JAX cannot
    # connect the model, and the playground said to start the list with
    # keras.Input, which it does.  (PyTorch connects it.)
    line = "model = keras.Sequential([keras.Input((3,)), layers.Lambda(np.abs)])"
    p, problem = _run(line + "\n")
    if keras.backend.backend() == "torch":
        return
    assert problem.line == 1 and problem.code_line == line
    assert problem.message.startswith("Your Sequential model has no graph (line 1):")
    assert "layer 'lambda' (Lambda) has function=np.abs, a NumPy function" in (
        problem.message
    )
    assert problem.message.endswith("layers.Lambda(keras.ops.abs).")
    assert "keras.Input(shape=" not in problem.message


def test_np_array_on_a_tensor_in_call_says_leave_it_out():
    source = _SUBCLASS.format(line="return self.d(np.array(x))")
    p, problem = _run(source)
    assert problem.line == 6
    assert "leave out np.array(...)" in problem.message
    assert "keras.ops.array" not in problem.message
    fixed = source.replace("self.d(np.array(x))", "self.d(x)")
    assert p.run(fixed) is None


def test_dot_numpy_in_call_says_print_the_shape_instead():
    source = _SUBCLASS.format(line="print(x.numpy())\n        return self.d(x)")
    p, problem = _run(source)
    assert problem.line == 6 and problem.code_line == "print(x.numpy())"
    assert "M.call() asks a tensor for its values with .numpy() on line 6:" in (
        problem.message
    )
    assert "fit() runs call() on such tensors too" in problem.message
    shown = _shown_fix(problem.message, "print the shape instead:\n")
    assert shown == "print(x.shape)" and "NumPy" not in problem.message
    assert p.run(source.replace("print(x.numpy())", shown)) is None
    assert "(2, 3)" in p.printed.value  # printed when it ran on the data


def test_the_batch_size_in_call_says_it_is_none_when_traced():
    source = _SUBCLASS.format(line="return self.d(x) * int(x.shape[0])")
    _, problem = _run(source)
    assert problem.line == 6
    assert "M.call() uses the batch size, .shape[0], on line 6:" in problem.message
    assert "the batch size is None" in problem.message
    assert "x.shape[-1]" in problem.message and "input_shape" not in problem.message


_TWO_PARTS = (
    "class TwoParts(keras.Model):\n"
    "    def __init__(self):\n"
    "        super().__init__()\n"
    "        self.d1 = layers.Dense(4)\n"
    "        self.d2 = layers.Dense(4)\n"
    "        self.out = layers.Dense(1)\n"
    "    def call(self, x):\n"
    "        a, b = x\n"
    "        return self.out(layers.concatenate([self.d1(a), self.d2(b)]))\n"
    "model = TwoParts()\n"
)


@pytest.mark.parametrize(
    "run, what",
    [
        ("model.build((None, 8))", "placeholder tensors"),
        # two samples for two names: it works, then Dense gets one sample
        ("model(np.ones((2, 8)))", "each got one whole sample, of shape (8,)"),
        ("model(np.ones((4, 8)))", "x held 4 samples, too many for 2 names"),
        ("model(keras.Input((8,)))", "placeholder tensors"),
        ("model.predict(np.ones((32, 8)))", "placeholder tensors"),
    ],
)
def test_a_tensor_unpacked_in_call_says_it_splits_the_batch(run, what):
    _, problem = _run(_TWO_PARTS + run + "\n")
    assert problem.line == 8 and problem.code_line == "a, b = x"
    assert "TwoParts.call() unpacks the tensor x into a and b on line 8:" in (
        problem.message
    )
    assert "splits it along its first axis, the batch" in problem.message
    assert "it does not make two inputs" in problem.message
    assert what in problem.message
    assert "Shape mismatch" not in problem.message and "Python says" not in (
        problem.message
    )
    assert _shown_fix(problem.message, "into two parts:\n") == (
        "a, b = keras.ops.split(x, 2, axis=-1)"
    )
    assert "model([a_data, b_data])" in problem.message


def test_each_fix_for_a_tensor_unpacked_in_call_builds_the_model():
    source = _TWO_PARTS + "model(np.ones((2, 8)))\n"
    p, problem = _run(source)
    assert "on line 9:\n    return self.out(" in problem.message  # where it failed
    split = _shown_fix(problem.message, "into two parts:\n")
    sliced = _shown_fix(problem.message, "with slices:\n")
    assert sliced == "a, b = x[:, :4], x[:, 4:]"
    for fix in (split, sliced):
        assert p.run(source.replace("a, b = x", fix)) is None
        assert p.other_style == "functional"
    # or two inputs: the model called on a list of two arrays
    listed = re.search(r"model\(\[a_data, b_data\]\)", problem.message).group(0)
    two = listed.replace("a_data", "np.ones((2, 4))").replace(
        "b_data", "np.ones((2, 4))"
    )
    assert p.run(source.replace("model(np.ones((2, 8)))", two)) is None


def test_inputs_unpacked_in_call_given_one_input_says_give_a_list_first():
    source = (
        _TWO_PARTS.replace("call(self, x)", "call(self, inputs)").replace(
            "a, b = x", "a, b = inputs"
        )
        + "model(np.ones((2, 8)))\n"
    )
    p, problem = _run(source)
    assert problem.line == 8 and problem.code_line == "a, b = inputs"
    assert "unpacks the tensor inputs into a and b on line 8:" in problem.message
    # the name says several inputs were meant: that advice comes first
    assert problem.message.index("model([a_data, b_data])") < (
        problem.message.index("keras.ops.split")
    )
    two = "model([np.ones((2, 4)), np.ones((2, 4))])"
    assert p.run(source.replace("model(np.ones((2, 8)))", two)) is None
    split = _shown_fix(problem.message, "into two parts:\n")
    assert split == "a, b = keras.ops.split(inputs, 2, axis=-1)"
    assert p.run(source.replace("a, b = inputs", split)) is None


def test_a_tensor_unpacked_in_a_custom_layer_on_keras_input():
    source = (
        "class Halves(layers.Layer):\n"
        "    def call(self, x):\n"
        "        x1, x2 = x\n"
        "        return x1 + x2\n"
        "inputs = keras.Input((8,))\n"
        "model = keras.Model(inputs, Halves()(inputs))\n"
    )
    p, problem = _run(source)
    assert problem.line == 3 and problem.code_line == "x1, x2 = x"
    assert "Halves.call() unpacks the tensor x into x1 and x2 on line 3:" in (
        problem.message
    )
    assert "splits it along its first axis, the batch" in problem.message
    assert "OperatorNotAllowedInGraphError" not in problem.message
    split = _shown_fix(problem.message, "into two parts:\n")
    assert p.run(source.replace("x1, x2 = x", split)) is None
    assert "call the layer on a list of two tensors" in problem.message
    two = source.replace(
        "inputs = keras.Input((8,))\nmodel = keras.Model(inputs, Halves()(inputs))",
        "left = keras.Input((4,))\nright = keras.Input((4,))\n"
        "model = keras.Model([left, right], Halves()([left, right]))",
    )
    assert p.run(two) is None


_LOOP = (
    "class M(keras.Model):\n"
    "    def __init__(self):\n"
    "        super().__init__()\n"
    "        self.dense = layers.Dense(2)\n"
    "    def call(self, x):\n"
    "        outs = []\n"
    "        for row in x:\n"
    "            outs.append(self.dense(row))\n"
    "        return keras.ops.stack(outs)\n"
    "model = M()\n"
    "model.build((None, 8))\n"
)


def test_a_loop_over_a_tensor_in_call_says_layers_take_the_whole_batch():
    p, problem = _run(_LOOP)
    assert problem.line == 7 and problem.code_line == "for row in x:"
    message = problem.message
    assert message.startswith("M.call() loops over a tensor on line 7:")
    assert "goes along its first axis, the batch, one sample at a time" in message
    assert "call them on the tensor itself, without the loop" in message
    # not the placeholder preface, which says the code works on data
    assert "That works when the model runs on data" not in message
    assert "unpack" not in message
    fixed = _LOOP.replace(
        "        outs = []\n"
        "        for row in x:\n"
        "            outs.append(self.dense(row))\n"
        "        return keras.ops.stack(outs)\n",
        "        return self.dense(x)\n",
    )
    assert p.run(fixed) is None


def test_a_starred_unpacking_in_call_says_how_to_split_and_that_works():
    source = _LOOP.replace(
        "        outs = []\n"
        "        for row in x:\n"
        "            outs.append(self.dense(row))\n"
        "        return keras.ops.stack(outs)\n",
        "        first, *rest = x\n        return self.dense(first)\n",
    )
    p, problem = _run(source)
    assert problem.line == 6 and problem.code_line == "first, *rest = x"
    assert "M.call() unpacks a tensor into several on line 6:" in problem.message
    assert "That works when the model runs on data" not in problem.message
    assert "keras.ops.split(x, 2, axis=-1) or slices such as x[:, :4]" in (
        problem.message
    )
    split = "first, rest = keras.ops.split(x, 2, axis=-1)"
    assert p.run(source.replace("first, *rest = x", split)) is None


def test_a_layer_made_in_call_names_its_line_and_the_two_lines_to_write():
    source = (
        "class M(keras.Model):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "    def call(self, x):\n"
        "        return layers.Dense(4)(x)\n"
        "model = M()\n"
        "model(np.ones((2, 3)))\n"
    )
    p, problem = _run(source)
    assert problem.line == 5 and problem.code_line == "return layers.Dense(4)(x)"
    assert "M.call() creates a layer, layers.Dense(4), on line 5:" in (problem.message)
    assert "kerasteach" not in problem.message
    in_init = _shown_fix(problem.message, "only call it:\n").split("#")[0].strip()
    in_call = problem.message.rsplit("\n", 1)[1].split("#")[0].strip()
    assert (in_init, in_call) == (
        "self.dense = layers.Dense(4)",
        "return self.dense(x)",
    )
    fixed = source.replace(
        "super().__init__()\n", f"super().__init__()\n        {in_init}\n"
    ).replace("return layers.Dense(4)(x)", in_call)
    assert p.run(fixed) is None and p.other_style == "functional"


def test_something_else_in_call_says_what_python_said_and_no_input_shape():
    source = _SUBCLASS.format(line="return self.d(x) * float(keras.ops.sum(x))")
    _, problem = _run(source)
    assert problem.line == 6
    assert "M.call() cannot run on placeholder tensors on line 6:" in problem.message
    assert "Python says: ValueError:" in problem.message
    assert "use Keras layers and keras.ops" in problem.message
    assert "input_shape" not in problem.message


@pytest.mark.parametrize("built", [False, True])
def test_math_on_a_tensor_in_call_says_use_keras_ops(built):
    # called on data, math.exp fails there; only built, the trace fails:
    # the same advice either way
    source = "import math\n" + _SUBCLASS.format(line="return math.exp(self.d(x))")
    if built:
        source = source.replace("model(np.ones((2, 3)))", "model.build((None, 3))")
    p, problem = _run(source)
    assert problem.line == 7 and problem.code_line == "return math.exp(self.d(x))"
    assert "M.call() uses Python's math on a tensor (math.exp) on line 7:" in (
        problem.message
    )
    assert "math works on one Python number" in problem.message
    fix = _shown_fix(problem.message, "which works on tensors:\n")
    assert fix == "return keras.ops.exp(self.d(x))"
    assert p.run(source.replace("return math.exp(self.d(x))", fix)) is None


def test_a_call_without_return_shows_the_return_to_add():
    source = _SUBCLASS.format(line="y = self.d(x)")
    p, problem = _run(source)
    assert problem.line == 6 and problem.code_line == "y = self.d(x)"
    assert "M.call() returns nothing (None): it ends without return on line 6:" in (
        problem.message
    )
    assert "All `outputs`" not in problem.message
    assert problem.message.endswith("back:\n    y = self.d(x)\n    return y")
    fixed = source.replace("y = self.d(x)\n", "y = self.d(x)\n        return y\n")
    assert p.run(fixed) is None and p.other_style == "functional"


def test_a_call_that_returns_the_layer_says_call_it():
    source = _SUBCLASS.format(line="return self.d")
    p, problem = _run(source)
    assert problem.line == 6
    assert "M.call() returns the layer self.d, not its output, on line 6:" in (
        problem.message
    )
    assert problem.message.endswith("\n    return self.d(x)")
    assert p.run(source.replace("return self.d\n", "return self.d(x)\n")) is None


@pytest.mark.parametrize("called", [True, False])
def test_a_call_without_self_says_add_it(called):
    source = _SUBCLASS.format(line="return x").replace(
        "def call(self, x):", "def call(x):"
    )
    if not called:
        source = source.replace("model(np.ones((2, 3)))\n", "")
    p, problem = _run(source)
    assert problem.line == 5 and problem.code_line == "def call(x):"
    assert "M.call() has no self on line 5:" in problem.message
    assert "too many positional" not in problem.message
    fix = _shown_fix(problem.message, "before its input:\n")
    assert fix == "def call(self, x):"
    call = "" if called else "model(np.ones((2, 3)))\n"  # then built too
    assert p.run(source.replace("def call(x):", fix) + call) is None


_TRAINING = (
    "class M(keras.Model):\n"
    "    def __init__(self):\n"
    "        super().__init__()\n"
    "        self.d = layers.Dense(4)\n"
    "    def call(self, x, {extra}):\n"
    "        return self.d(x)\n"
    "model = M()\n"
)


@pytest.mark.parametrize("called", [True, False])
@pytest.mark.parametrize("extra", ["training", "mask", "training, mask"])
def test_a_call_that_requires_training_or_mask_shows_the_default(extra, called):
    source = _TRAINING.format(extra=extra) + (
        "model(np.ones((2, 3)))\n" if called else ""
    )
    p, problem = _run(source)
    defined = f"def call(self, x, {extra}):"
    assert problem.line == 5 and problem.code_line == defined
    names = extra.replace(", ", " and ")
    assert f"M.call() requires {names} on line 5:\n    {defined}" in problem.message
    assert "missing a required argument" not in problem.message
    if "training" in extra:
        assert "fit() passes training=True and predict() training=False" in (
            problem.message
        )
    if "mask" in extra:
        assert "only when the input carries one" in problem.message
    fix = _shown_fix(problem.message, "a default of None:\n")
    assert fix == "def call(self, x, " + extra.replace(",", "=None,") + "=None):"
    assert p.run(source.replace(defined, fix) + "model(np.ones((2, 3)))\n") is None


def test_a_layer_that_requires_training_in_a_sequential_shows_the_default():
    source = (
        "class Noise(layers.Layer):\n"
        "    def call(self, x, training):\n"
        "        return x\n"
        "model = keras.Sequential([keras.Input((3,)), Noise()])\n"
    )
    p, problem = _run(source)
    assert problem.line == 2
    assert "Noise.call() requires training on line 2:" in problem.message
    assert "keras.Sequential takes only layers whose call() requires nothing" in (
        problem.message
    )
    fix = _shown_fix(problem.message, "a default of None:\n")
    assert fix == "def call(self, x, training=None):"
    assert p.run(source.replace("def call(self, x, training):", fix)) is None


def test_the_keras_model_call_is_left_as_it_was():
    before = keras.Model.__dict__.get("__call__")
    _run(_IF_ON_A_TENSOR)
    _run(_IF_ON_A_TENSOR + "raise RuntimeError('x')\n")
    assert keras.Model.__dict__.get("__call__") is before


def test_an_empty_keras_model_asks_for_inputs_and_outputs():
    _, problem = _run("model = keras.Model()")
    assert "keras.Model(inputs, outputs)" in problem.message


# --------------------------------------------------- 6. printed output


def test_the_progress_bar_of_fit_is_printed_as_a_terminal_shows_it():
    p, problem = _run(
        "model = keras.Sequential([keras.Input((8,)), layers.Dense(1)])\n"
        "model.compile(optimizer='adam', loss='mse')\n"
        "model.fit(np.zeros((64, 8)), np.zeros((64, 1)), epochs=2)"
    )
    assert problem is None
    printed = p.result.printed
    assert "\x1b" not in printed and "\b" not in printed and "\r" not in printed
    assert "[1m" not in p.printed.value
    lines = printed.splitlines()
    assert lines[0] == "Epoch 1/2" and lines[2] == "Epoch 2/2"
    assert lines[1].startswith("2/2 ")  # the final state, not every redraw


def test_a_flood_of_prints_is_cut_to_the_last_lines():
    p, problem = _run(
        "for i in range(300000):\n    print(i)\n"
        "model = keras.Sequential([keras.Input((8,)), layers.Dense(1)])"
    )
    assert problem is None
    assert len(p.printed.value) < 30_000
    assert "299,800 earlier lines not shown" in p.printed.value
    assert p.result.printed.endswith("299999")


def test_printed_text_applies_carriage_returns_and_backspaces():
    assert printed_text("abc\rX\n") == "Xbc"
    assert printed_text("abcd\b\bXY\n") == "abXY"
    assert printed_text("\x1b[1mbold\x1b[0m plain") == "bold plain"
    assert printed_text("line\r\n") == "line"
    assert printed_text("") == ""
    long_line = printed_text("y" * 50_000)
    assert len(long_line) < 21_000 and "shortened" in long_line


def test_the_capture_of_prints_is_bounded(monkeypatch):
    monkeypatch.setattr(_widget_printed, "_CAPTURE_CHARS", 1000)
    result = run_student_code(
        "for i in range(10000):\n    print(i)\n"
        "model = keras.Sequential([keras.Input((8,)), layers.Dense(1)])"
    )
    assert len(result.stdout) <= 2100
    assert result.printed.endswith("9999")
    assert "earlier lines not shown" in result.printed
    first = result.printed.splitlines()[0]
    assert "9,800 earlier lines" in first


# ------------------------------------------------------ 7. indentation


def test_an_unexpected_indent_gets_indentation_advice():
    _, problem = _run(
        "inputs = keras.Input(shape=(8,))\n"
        "  x = layers.Dense(4)(inputs)\n"
        "model = keras.Model(inputs, x)"
    )
    assert problem.kind == "syntax" and problem.line == 2
    assert "Python cannot read line 2" in problem.message
    assert "Remove the spaces at the start of this line" in problem.message
    assert "brackets" not in problem.message


def test_a_missing_indent_after_a_colon():
    _, problem = _run("def make():\nx = 1")
    assert "add 4 spaces at the start of this line" in problem.message


def test_a_dedent_to_no_block():
    _, problem = _run("if True:\n        x = 1\n    y = 2")
    assert problem.line == 3 and "Line it up" in problem.message


def test_tabs_mixed_with_spaces():
    _, problem = _run("def f():\n\tx = 1\n        return x\nmodel = f()")
    assert problem.kind == "syntax"
    assert "mix tabs and spaces" in problem.message


def test_a_syntax_error_still_talks_about_brackets():
    _, problem = _run("model = keras.Sequential(\n    [layers.Dense(2)\n")
    assert "Python cannot read line 2" in problem.message
    assert "brackets" in problem.message


def test_a_bracket_left_open_names_the_line_where_it_opened():
    # Python stops at line 5, where the ']' comes; the mistake is on line 3:
    # the '(' of Dense is never closed.  "Check ... this line and the line
    # before it" sent the student to lines 4 and 5.
    _, problem = _run(
        "model = keras.Sequential([\n"
        "    keras.Input(shape=(8,)),\n"
        '    layers.Dense(16, activation="relu"\n'
        "    layers.Dense(1),\n"
        "])"
    )
    assert problem.kind == "syntax" and problem.line == 5
    assert "The '(' opened on line 3 is still open when this ']' comes" in (
        problem.message
    )
    assert "add its ')' where that call or tuple ends" in problem.message
    assert "the line before it" not in problem.message


@pytest.mark.parametrize(
    "source, advice",
    [
        ("x = f(1, [2)", "The '[' opened on this line is still open"),
        ("model = keras.Sequential(\n    [layers.Dense(2)\n", "Add the ']' that"),
        ("x = 1)", "This ')' closes a bracket that was never opened"),
    ],
)
def test_other_bracket_mistakes_say_which_bracket_to_add_or_remove(source, advice):
    _, problem = _run(source)
    assert problem.kind == "syntax" and advice in problem.message
    assert "the line before it" not in problem.message


# ------------------------------------------------------- 8. time_limit


@pytest.mark.parametrize("bad", ["10", "ten", -1, 0, True, math.nan, math.inf, [5]])
def test_a_bad_time_limit_fails_when_the_playground_is_made(bad):
    with pytest.raises(KerasTeachError, match="time_limit expected a positive"):
        kerasteach.playground(time_limit=bad)


def test_a_quoted_number_gets_a_hint():
    with pytest.raises(ValueError, match="Write time_limit=10, without quotes"):
        kerasteach.playground(time_limit="10")


@pytest.mark.parametrize("good", [10, 0.5, None])
def test_good_time_limits(good):
    p = kerasteach.playground(time_limit=good)
    assert p.time_limit == good
    assert p.run() is None


def test_a_time_limit_set_later_is_checked_too():
    p = kerasteach.playground()
    with pytest.raises(KerasTeachError):
        p.time_limit = "10"
    assert p.time_limit == 60
    p.time_limit = 5
    assert p.run() is None


# ------------------------------------------------- 9. several models


def test_the_model_chosen_among_several_is_named():
    p, problem = _run(
        "encoder = keras.Sequential([keras.Input((8,)), layers.Dense(4)], "
        "name='encoder')\n"
        "decoder = keras.Sequential([keras.Input((4,)), layers.Dense(8)], "
        "name='decoder')"
    )
    assert problem is None and p.result.variable == "decoder"
    note = p.result.note
    assert "2 models: encoder and decoder" in note
    assert "This shows decoder, the last one defined" in note
    assert "variable called model" in note
    assert "This shows decoder" in p.status.value


def test_a_model_called_model_is_chosen_and_said_so():
    p, problem = _run(
        "a = keras.Sequential([keras.Input((8,)), layers.Dense(1)])\n"
        "model = keras.Sequential([keras.Input((8,)), layers.Dense(2)])\n"
        "b = keras.Sequential([keras.Input((8,)), layers.Dense(3)])\n"
        "same = model\n"
    )
    assert problem is None and p.model is p.result.namespace["model"]
    assert "3 models: a, model and b" in p.result.note
    assert "the one called model" in p.result.note


def test_one_model_needs_no_note():
    p, problem = _run("model = keras.Sequential([keras.Input((8,)), layers.Dense(1)])")
    assert problem is None and p.result.note == ""
    assert "kt-note" not in p.status.value


def _rules(css: str, selector_end: str) -> list[str]:
    """The declarations of each rule of ``css`` whose selector ends with
    ``selector_end``, in the order they apply."""
    return [
        body
        for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css)
        if selector.strip().endswith(selector_end)
    ]


def test_a_note_of_several_lines_keeps_its_line_breaks(monkeypatch):
    # the notes collapsed into one paragraph: a line to write ran into the
    # sentence before it
    from kerasteach import _widget_model_notes

    note = "Input 'b' is read by no layer. Write:\n    model = keras.Model(a, out)"
    monkeypatch.setattr(_widget_model_notes, "model_notes", lambda *a: [note])
    p, problem = _run("model = keras.Sequential([keras.Input((8,)), layers.Dense(1)])")
    assert problem is None and p.notes == [note]
    shown = f'<div class="kt-note">{html.escape(note)}</div>'
    assert shown in p.status.value and "\n    model = " in shown
    css = "".join(
        child.value for child in p.children if "<style>" in getattr(child, "value", "")
    )
    white_space = [
        m.group(1)
        for body in _rules(css, ".kt-note")
        for m in re.finditer(r"white-space:\s*([\w-]+)", body)
    ]
    assert white_space and white_space[-1] == "pre-wrap", white_space


def test_the_success_line_says_the_variable_and_the_model_name_apart():
    # "Built model: model sequential with ..." read as one phrase; the
    # variable is code, the model's name is a quoted name.
    p, problem = _run(
        "net = keras.Sequential([keras.Input((8,)), layers.Dense(4)], name='tiny_net')"
    )
    assert problem is None
    text = html.unescape(re.sub(r"<[^>]+>", "", p.status.value))
    expected = "Built net: a model named 'tiny_net' with 2 layers and 36 parameters."
    assert text == expected
    assert "<code>net</code>" in p.status.value


def test_a_model_variable_that_is_not_a_model_is_mentioned():
    p, problem = _run(
        "net = keras.Sequential([keras.Input((8,)), layers.Dense(1)])\nmodel = None"
    )
    assert problem is None and p.result.variable == "net"
    assert "model is None, not a Keras model, so this shows net" in p.result.note


# ------------------------------------------------------- never raises


def test_a_failing_explanation_still_gives_a_message(monkeypatch):
    calls = []

    def broken(*args, **kwargs):
        calls.append(args)
        raise RuntimeError("explanation broke")

    # patched where explain_exception looks it up
    monkeypatch.setattr(_widget_explain, "_data_problem", broken)
    p, problem = _run("raise ValueError('boom')")
    assert calls, "the patch must reach explain_exception"
    assert problem.kind == "error" and "boom" in problem.message
    assert problem.line == 1


def test_null_bytes_in_the_code():
    p, problem = _run("x = 1\x00")
    assert problem.kind == "syntax"


def test_a_timeout_inside_fit_says_train_on_less_not_look_for_a_loop():
    p = kerasteach.playground(
        "model = keras.Sequential([keras.Input((4,)), layers.Dense(1)])\n"
        'model.compile(loss="mse")\n'
        "model.fit(np.zeros((8, 4)), np.zeros((8, 1)), epochs=100000, verbose=0)\n",
        time_limit=1,
    )
    problem = p.run()
    assert problem.kind == "timeout" and problem.line == 3
    assert "It was inside model.fit()" in problem.message
    assert "fewer epochs, less data" in problem.message
    assert "kerasteach.playground(time_limit=60)" in problem.message
    assert "loop that never ends" not in problem.message


# ------------------------------------------------- 9. not Python at all


def test_curly_quotes_from_a_slide_say_type_straight_quotes():
    _, problem = _run(
        "model = keras.Sequential([keras.Input((8,)), "
        "layers.Dense(4, activation=\u201crelu\u201d)])"
    )
    assert problem.kind == "syntax" and problem.line == 1
    assert "curly quote" in problem.message
    assert "Python needs straight quotes" in problem.message


def test_a_notebook_command_says_run_it_in_a_cell():
    _, problem = _run("!pip install keras\nmodel = None")
    assert problem.kind == "syntax" and problem.line == 1
    assert "notebook command, not Python" in problem.message


def test_exit_says_leave_it_out():
    p, problem = _run(
        "model = keras.Sequential([keras.Input((8,)), layers.Dense(4)])\nexit()"
    )
    assert problem.line == 2
    assert "Your code called exit() on line 2" in problem.message
    assert "Leave it out" in problem.message
    assert "Python says: None" not in problem.message


def test_a_number_in_quotes_says_write_it_without_quotes():
    _, problem = _run(
        'model = keras.Sequential([keras.Input((8,)), layers.Dense("4")])'
    )
    assert problem.line == 1
    assert '"4" (units) is text (a str, because of the quotes) on line 1' in (
        problem.message
    )
    assert "units wants a whole number. Write 4, without the quotes" in (
        problem.message
    )


def test_swapped_model_arguments_say_inputs_first():
    _, problem = _run(
        "inputs = keras.Input((8,))\n"
        "outputs = layers.Dense(1)(inputs)\n"
        "model = keras.Model(outputs, inputs)"
    )
    assert problem.line == 3
    assert "the inputs and the outputs the other way round on line 3" in (
        problem.message
    )
    assert "keras.Model takes the inputs first" in problem.message
    assert problem.message.endswith(
        "model = keras.Model(inputs=inputs, outputs=outputs)"
    )


def test_tensors_without_a_model_say_which_model_to_make():
    _, problem = _run(
        "inputs = keras.Input((8,))\n"
        "x = layers.Dense(4)(inputs)\n"
        "y = layers.Dense(1)(x)"
    )
    assert problem.kind == "no-model"
    assert "It made tensors (inputs, x, y) but no model" in problem.message
    assert "model = keras.Model(inputs=inputs, outputs=y)" in problem.message


def test_a_builder_function_never_called_says_call_it():
    _, problem = _run(
        "def build_model(units):\n"
        "    return keras.Sequential([keras.Input((8,)), layers.Dense(units)])\n"
    )
    assert problem.kind == "no-model"
    assert "defines the function build_model but never calls it" in problem.message
    assert "model = build_model(units=...)" in problem.message


def test_a_keras_warning_is_printed_as_its_own_words():
    p, problem = _run(
        "model = keras.Sequential([\n"
        "    layers.Dense(16, input_shape=(8,)),\n"
        "    layers.Dense(1),\n"
        "])"
    )
    assert problem is None
    printed = html.unescape(re.sub(r"<[^>]+>", "", p.printed.value))
    assert "UserWarning: Do not pass an `input_shape`" in printed
    assert "site-packages" not in printed and ".py:" not in printed
    assert p.run() is None  # and again on the next run
    assert "UserWarning" in html.unescape(p.printed.value)


def test_a_window_bigger_than_the_input_says_so_with_both_sizes():
    _, problem = _run(
        "model = keras.Sequential([keras.Input((4, 4, 1)), layers.MaxPooling2D(8)])"
    )
    assert problem.kind == "shape" and problem.layer == "max_pooling2d"
    assert "window (pool_size 8x8) bigger than its input (4x4 per sample)" in (
        problem.message
    )
    assert "Use a smaller pool_size" in problem.message


def test_build_without_the_batch_axis_says_put_none_first():
    _, problem = _run("model = keras.Sequential([layers.Dense(16)])\nmodel.build((8,))")
    assert problem.line == 2
    assert "model.build() got the shape (8,), without the batch axis" in (
        problem.message
    )
    assert "model.build((None, 8))" in problem.message
    assert "keras.Input(shape=(8,))" in problem.message


@pytest.mark.parametrize(
    "code, words",
    [
        (
            'layers.Dense(4, activation="rellu")',
            ["Keras knows no activation function called 'rellu'", "'relu'?"],
        ),
        (
            'layers.Dense(4, kernel_initializer="glorot")',
            ["Keras knows no initializer called 'glorot'", "'glorot_normal'?"],
        ),
    ],
)
def test_a_misspelt_name_in_quotes_gets_the_nearest_keras_name(code, words):
    _, problem = _run(f"model = keras.Sequential([keras.Input((8,)), {code}])")
    assert problem.line == 1
    for word in words:
        assert word in problem.message


def test_a_misspelt_optimizer_gets_the_nearest_name():
    _, problem = _run(
        "model = keras.Sequential([keras.Input((8,)), layers.Dense(4)])\n"
        'model.compile(optimizer="adamm", loss="mse")'
    )
    assert problem.line == 2
    assert "Keras knows no optimizer called 'adamm'" in problem.message
    assert "Did you mean 'adam'?" in problem.message


@pytest.mark.parametrize(
    "compile_lines, line, words",
    [
        (
            'model.compile(optimizer="adam", loss="categorical_crossentropi")\n',
            2,
            [
                "Keras knows no loss called 'categorical_crossentropi' on line 2:",
                "Did you mean 'categorical_crossentropy'?",
            ],
        ),
        (
            "model.compile(\n"
            '    optimizer="adam",\n'
            '    loss="categorical_crossentropy",\n'
            '    metrics=["acuracy"],\n'
            ")\n",
            5,
            [
                "Keras knows no metric called 'acuracy' on line 5:\n"
                '    metrics=["acuracy"],',
                "Did you mean 'accuracy'?",
            ],
        ),
    ],
)
def test_a_misspelt_loss_or_metric_is_named_where_compile_writes_it(
    compile_lines, line, words
):
    source = (
        "model = keras.Sequential([keras.Input((8,)), layers.Dense(3)])\n"
        + compile_lines
        + "x, y = np.zeros((4, 8)), np.zeros((4, 3))\n"
        "model.fit(x, y, epochs=1, verbose=0)\n"
    )
    fit_line = source.count("\n")
    _, problem = _run(source)
    assert problem.line == line, problem.message
    assert "fit" not in problem.code_line  # the line written, not where it failed
    for word in words:
        assert word in problem.message
    assert (
        f"Keras noticed it only on line {fit_line}, when it first used the"
    ) in problem.message


@pytest.mark.parametrize(
    "model_line, other",
    [
        (
            "model = keras.Sequential([keras.Input((3,)), "
            "layers.Dense(4, activation=np.tanh)])",
            "Functional",
        ),
        (
            "inputs = keras.Input((3,))\n"
            "model = keras.Model(inputs, layers.Dense(4, activation=np.tanh)(inputs))",
            "Sequential",
        ),
    ],
)
def test_a_model_with_a_numpy_activation_is_drawn_and_told_why_it_has_no_code(
    model_line, other
):
    # the model builds, but no code can rebuild it: the playground said
    # "Something went wrong while showing your model (UnsupportedValueError:
    # ...)" and showed no graph; compare() drew it and said why
    p, problem = _run(model_line + "\n")
    assert problem is None
    assert "Built" in p.status.value and "Something went wrong" not in p.status.value
    assert f"No {other} code" in p.output_title.value
    text = html.unescape(p.output_code.value)
    assert "has activation=np.tanh, a NumPy function" in text
    assert "activation=keras.ops.tanh" in text  # what to write instead
    assert p.graph_box.layout.display is None and p.graph_image.value
    fixed = model_line.replace("np.tanh", "keras.ops.tanh") + "\n"
    p, problem = _run(fixed)
    assert problem is None and "No " not in p.output_title.value
