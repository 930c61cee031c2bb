"""The playground's words for a subclassed model written the way another
library (or another habit) writes it: ``def call(self):`` with no input,
``def forward``, ``self.layers = [...]``, layers made in ``call()`` and
trained, ``model.build((8,))``; and for ``keras.Model(inputs=merged, ...)``
whose inputs are no keras.Input.

Every line a message shows, put in the code, runs.
"""

from __future__ import annotations

import pytest
from _playground import _plain, _problem, _replaced, _run, _shown, _works

_MODEL = (
    "class MyModel(keras.Model):\n"
    "    def __init__(self):\n"
    "        super().__init__()\n"
    "        self.out = layers.Dense(1)\n"
    "    def call(self, x):\n"
    "        return self.out({name})\n"
    "model = MyModel()\n"
    "{last}\n"
)


# ------------------------------------------------- def call(self): no input


@pytest.mark.parametrize("name", ["x", "inputs"])
@pytest.mark.parametrize("last", ["model(np.ones((2, 8)))", "model.build((None, 8))"])
def test_a_call_without_an_input_says_put_it_after_self(name, last):
    # it was "call() needs self before its input: def call(self, self):"
    source = _MODEL.format(name=name, last=last).replace(
        "def call(self, x):", "def call(self):"
    )
    problem = _problem(source, 5)
    message = problem.message
    assert "MyModel.call() takes no input on line 5:" in message
    assert "self, self" not in message and "has no self" not in message
    fix = _shown(message, "use that name in call():")
    assert fix == f"def call(self, {name}):"
    _works(_replaced(source, 5, f"    {fix}"))


def test_a_call_without_self_still_says_add_self():
    source = _MODEL.format(name="x", last="model(np.ones((2, 8)))").replace(
        "def call(self, x):", "def call(x):"
    )
    problem = _problem(source, 5)
    assert "MyModel.call() has no self on line 5:" in problem.message
    assert _shown(problem.message, "before its input:") == "def call(self, x):"


# ------------------------------------------------------- def forward(...)


@pytest.mark.parametrize(
    "last", ["model(np.ones((2, 8)))", "model.build((None, 8))", ""]
)
def test_forward_instead_of_call_says_rename_it(last):
    # it was "cannot run on placeholder tensors ... NotImplementedError"
    source = _MODEL.format(name="x", last=last).replace(
        "def call(self, x):", "def forward(self, x):"
    )
    problem = _problem(source, 5)
    message = problem.message
    assert "MyModel has no call() method, only forward(), on line 5:" in message
    assert "PyTorch" in message and "NotImplemented" not in message
    fix = _shown(message, "Rename forward to call:")
    assert fix == "def call(self, x):"
    fixed = _replaced(source, 5, f"    {fix}")
    if not last:
        fixed += "model(np.ones((2, 8)))\n"
    _works(fixed)


def test_a_layer_with_forward_says_rename_it():
    source = (
        "class Twice(layers.Layer):\n"
        "    def forward(self, x):\n"
        "        return x * 2\n"
        "inputs = keras.Input(shape=(4,))\n"
        "model = keras.Model(inputs, Twice()(inputs))\n"
    )
    problem = _problem(source, 2)
    assert "Twice has no call() method, only forward()" in problem.message
    fix = _shown(problem.message, "Rename forward to call:")
    _works(_replaced(source, 2, f"    {fix}"))


def test_forward_beside_call_is_no_mistake():
    source = _MODEL.format(name="x", last="model(np.ones((2, 8)))").replace(
        "    def call(self, x):",
        "    def forward(self, x):\n        return x\n    def call(self, x):",
    )
    _works(source)


# --------------------------------------------------- self.layers = [...]


def test_self_layers_says_the_name_is_keras_own():
    # it was "Your code asks for something that does not exist"
    source = (
        "class MyModel(keras.Model):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.layers = [layers.Dense(16), layers.Dense(1)]\n"
        "    def call(self, x):\n"
        "        for layer in self.layers:\n"
        "            x = layer(x)\n"
        "        return x\n"
        "model = MyModel()\n"
        "model(np.ones((2, 8)))\n"
    )
    problem = _problem(source, 4)
    message = problem.message
    assert "self.layers is a name Keras keeps for itself on line 4:" in message
    assert "does not exist" not in message
    first = _shown(message, "(Keras still finds the layers in it):")
    second = message.rsplit("\n    ", 1)[1]
    assert first == "self.blocks = [layers.Dense(16), layers.Dense(1)]"
    assert second == "for layer in self.blocks:"
    fixed = _replaced(source, 4, f"        {first}")
    model = _works(_replaced(fixed, 6, f"        {second}")).model
    assert len(model.layers) == 2


def test_self_blocks_taken_gives_another_name():
    source = (
        "blocks = 2\n"
        "class MyModel(keras.Model):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.layers = [layers.Dense(1)]\n"
        "model = MyModel()\n"
    )
    problem = _problem(source, 5)
    assert "self.block_list = [layers.Dense(1)]" in problem.message


# ------------------------------------------- layers made in call(), trained


_MADE_IN_CALL = (
    "class MyModel(keras.Model):\n"
    "    def call(self, x):\n"
    "        return layers.Dense(1)(layers.Dense(16)(x))\n"
    "model = MyModel()\n"
    'model.compile(optimizer="adam", loss="mse")\n'
    "model.fit(np.random.rand(32, 8), np.random.rand(32, 1), epochs=1, verbose=0)\n"
)


def test_layers_made_in_call_and_trained_say_make_them_in_init():
    # it was TensorFlow's "tf.function only supports singleton tf.Variables"
    problem = _problem(_MADE_IN_CALL, 3)
    message = problem.message
    assert message.startswith(
        "MyModel.call() creates 2 layers, layers.Dense(1) and layers.Dense(16), "
        "on line 3:"
    )
    assert "tf.function" not in message and "fit() failed" in message
    init = message.split("only call it:\n")[1].split("\nand in call():")[0]
    assert init.splitlines() == [
        "    def __init__(self):",
        "        super().__init__()",
        "        self.dense1 = layers.Dense(1)",
        "        self.dense2 = layers.Dense(16)",
    ]
    call = _shown(message, "and in call():")
    assert call == "return self.dense1(self.dense2(x))"
    fixed = _replaced(_MADE_IN_CALL, 2, *init.splitlines(), "    def call(self, x):")
    fixed = _replaced(fixed, 7, f"        {call}")
    model = _works(fixed).model
    assert len(model.trainable_weights) == 4


def test_a_layer_made_in_call_beside_init_shows_the_lines_to_write():
    source = _MADE_IN_CALL.replace(
        "class MyModel(keras.Model):\n",
        "class MyModel(keras.Model):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.hidden = layers.Dense(16)\n",
    ).replace("layers.Dense(1)(layers.Dense(16)(x))", "layers.Dense(1)(self.hidden(x))")
    problem = _problem(source, 6)
    assert "creates a layer, layers.Dense(1), on line 6:" in problem.message
    made, called = problem.message.splitlines()[-2:]
    assert made == "    self.dense = layers.Dense(1)   # in __init__"
    assert called == "    return self.dense(self.hidden(x))   # in call()"
    made = "        " + made.split("#")[0].strip()
    fixed = _replaced(source, 4, "        self.hidden = layers.Dense(16)", made)
    _works(_replaced(fixed, 7, "        " + called.split("#")[0].strip()))


# ------------------------------------------------ model.build((8,))


@pytest.mark.parametrize(
    ("build", "written", "fix"),
    [
        ("model.build((8,))", "(8,)", "model.build((None, 8))"),
        ("model.build(8)", "8", "model.build((None, 8))"),
        (
            "model.build(input_shape=(8,))  # now",
            "(8,)",
            "model.build(input_shape=(None, 8))  # now",
        ),
    ],
)
def test_build_without_the_batch_axis_says_put_none_first(build, written, fix):
    # it was "MyModel.call() cannot run on placeholder tensors" with
    # Keras's "expected min_ndim=2, found ndim=1"
    source = _MODEL.format(name="x", last=build)
    problem = _problem(source, 8)
    message = problem.message
    assert message.startswith(
        f"model.build() got the shape {written}, without the batch axis on line 8:"
    )
    assert f"{written} reads as 8 samples of one number each" in message
    assert "placeholder" not in message and "min_ndim" not in message
    assert _shown(message, "Put None first:") == fix
    model = _works(_replaced(source, 8, fix)).model
    assert tuple(model.out.kernel.shape) == (8, 1)


def test_build_of_a_model_that_fails_anyway_says_the_other_mistake():
    # the shape is no batch away from working: call() itself fails
    source = _MODEL.format(name="np.tanh(x)", last="model.build((8,))")
    problem = _problem(source, 6)
    assert "batch axis" not in problem.message


_IMAGES = (
    "class MyModel(keras.Model):\n"
    "    def __init__(self):\n"
    "        super().__init__()\n"
    "        self.flatten = layers.Flatten()\n"
    "        self.out = layers.Dense(10)\n"
    "    def call(self, x):\n"
    "        return self.out(self.flatten(x))\n"
    "model = MyModel()\n"
    "{build}\n"
    "{last}\n"
)


@pytest.mark.parametrize(
    "last",
    [
        "model.compile(optimizer='adam', loss='mse')\n"
        "model.fit(np.ones((4, 28, 28)), np.ones((4, 10)), epochs=1, verbose=0)",
        "model.predict(np.ones((4, 28, 28)), verbose=0)",
        "model(np.ones((4, 28, 28)))",
    ],
)
def test_build_on_the_shape_of_the_data_samples_says_put_none_first(last):
    # it was "MyModel.call() cannot run on placeholder tensors": the model
    # was read on samples of 28 numbers, and Dense had 784 from the data
    source = _IMAGES.format(build="model.build((28, 28))", last=last)
    problem = _problem(source, 9)
    message = problem.message
    assert message.startswith(
        "model.build() got the shape (28, 28), the shape of one sample of your "
        "data, without the batch axis on line 9:"
    )
    assert "(28, 28) reads as 28 samples of 28 numbers each" in message
    assert "placeholder" not in message
    fix = _shown(message, "Put None first:")
    assert fix == "model.build((None, 28, 28))"
    model = _works(_replaced(source, 9, fix)).model
    assert tuple(model.out.kernel.shape) == (784, 10)


def test_build_of_one_number_per_sample_with_data_says_put_none_first():
    source = _MODEL.format(name="x", last="model.build((8,))") + (
        "model.predict(np.ones((4, 8)), verbose=0)\n"
    )
    message = _problem(source, 8).message
    assert "(8,) reads as 8 samples of one number each" in message
    assert _shown(message, "Put None first:") == "model.build((None, 8))"
    _works(_replaced(source, 8, "model.build((None, 8))"))


def test_build_on_other_shape_than_the_data_is_not_called_one_sample():
    # a batch of 4 samples of 784 numbers, then images: not this mistake
    source = _IMAGES.format(
        build="model.build((4, 784))",
        last="model.predict(np.ones((4, 28, 28)), verbose=0)",
    )
    _, problem = _run(source)
    assert problem is None or "one sample of your data" not in problem.message


@pytest.mark.parametrize("shape", ["(28, 28)", "(28, 28, 1)"])
def test_build_on_an_image_shape_without_data_gets_a_note(shape):
    source = _IMAGES.format(build=f"model.build({shape})", last="")
    p = _works(source)
    (note,) = p.notes
    _plain(note)
    assert note.startswith("Line 9 builds model for batches of 28 samples of ")
    assert f"If {shape} is the shape of one sample (a 28x28 image)" in note
    fix = note.rsplit("put None first: ", 1)[1].rstrip(".")
    assert fix == f"model.build((None, {shape[1:-1]}))"
    fixed = _works(_replaced(source, 9, fix))
    assert fixed.notes == []
    assert fixed.model.out.kernel.shape[0] == 784


@pytest.mark.parametrize(
    "build", ["model.build((32, 784))", "model.build((1, 28, 28))"]
)
def test_build_with_a_batch_size_gets_no_note(build):
    p = _works(_IMAGES.format(build=build, last=""))
    assert p.notes == []


# ----------------------------------- keras.Model(inputs=merged, ...)


def test_model_inputs_from_a_layer_say_give_the_keras_inputs():
    # it was "merged held the keras.Input tensor until line 3", which it
    # never did
    source = (
        "a, b = keras.Input(shape=(10,)), keras.Input(shape=(5,))\n"
        "merged = layers.Concatenate()([a, b])\n"
        "model = keras.Model(inputs=merged, outputs=layers.Dense(1)(merged))\n"
    )
    p = _works(source)
    (note,) = p.notes
    _plain(note)
    assert note.startswith("Layer 'concatenate' (Concatenate, line 2) is not part")
    assert "held the keras.Input" not in note
    assert "merged is the output of this layer, not a keras.Input tensor" in note
    fix = note.split("the keras.Input tensors the model starts from:\n    ")[1]
    assert fix == "model = keras.Model(inputs=[a, b], outputs=layers.Dense(1)(merged))"
    fixed = _works(_replaced(source, 3, fix))
    assert not fixed.notes and len(fixed.model.inputs) == 2


def test_model_inputs_from_a_chain_say_it_without_a_line():
    source = (
        "a = keras.Input(shape=(10,))\n"
        "h = layers.Dense(5)(a)\n"
        "merged = layers.Dense(3)(h)\n"
        "model = keras.Model(merged, layers.Dense(1)(merged))\n"
    )
    notes = _works(source).notes
    note = next(n for n in notes if "line 3" in n)
    assert note.endswith(
        "The inputs of keras.Model must be the keras.Input tensors the model "
        "starts from."
    )


def test_an_input_renamed_x_shows_another_name():
    source = (
        "x = keras.Input(shape=(10,))\n"
        "x = layers.Dense(5)(x)\n"
        "model = keras.Model(x, layers.Dense(1)(x))\n"
    )
    (note,) = _works(source).notes
    assert "x held the keras.Input tensor until line 2" in note
    fix = note.split("call the next layer on it:\n    ")[1]
    assert fix == "h = layers.Dense(5)(x)"
    fixed = _replaced(source, 2, fix).replace("Dense(1)(x)", "Dense(1)(h)")
    assert not _works(fixed).notes


def test_forward_on_a_sequential_subclass_is_no_mistake():
    # keras.Sequential has a call() of its own: forward is only a method
    source = (
        "class Chain(keras.Sequential):\n"
        "    def forward(self, x):\n"
        "        return self(x)\n"
        "model = Chain([keras.Input(shape=(4,)), layers.Dense(2)])\n"
        "model(np.ones((2, 4)))\n"
    )
    assert _works(source).model.layers[0].units == 2
