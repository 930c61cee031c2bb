"""The playground's words for a layer or model class of the student's own
made without the arguments its ``__init__`` requires (``MyModel()`` for
``def __init__(self, units)``): which argument, the ``def`` line that asks
for it and the line with it.

Every line a message shows, put in the code, runs.
"""

from __future__ import annotations

import pytest
from _playground import _problem, _replaced, _run, _shown, _works

_MODEL = (
    "class MyModel(keras.Model):\n"
    "    def __init__(self, {params}):\n"
    "        super().__init__()\n"
    "        self.hidden = layers.Dense({hidden}, activation='relu')\n"
    "        self.out = layers.Dense(1)\n"
    "    def call(self, x):\n"
    "        return self.out(self.hidden(x))\n"
    "model = {made}\n"
    "model.build((None, 8))\n"
)


@pytest.mark.parametrize(
    ("params", "hidden", "made", "fix"),
    [
        ("units", "units", "MyModel()", "model = MyModel(units=16)"),
        ("units, rate=0.5", "units", "MyModel()", "model = MyModel(units=16)"),
        # the value of the Dense setting it is given to
        ("size", "size", "MyModel()", "model = MyModel(size=16)"),
        ("size", "units=size", "MyModel()", "model = MyModel(size=16)"),
        ("*, units", "units", "MyModel()", "model = MyModel(units=16)"),
    ],
)
def test_a_model_made_without_its_argument_shows_the_line_with_it(
    params, hidden, made, fix
):
    # it was "Your code raised TypeError ... Python says: MyModel.__init__()
    # missing 1 required positional argument: 'units'"
    source = _MODEL.format(params=params, hidden=hidden, made=made)
    message = _problem(source, 8).message
    name = fix.split("(")[1].split("=")[0]
    assert message.startswith(f"MyModel needs {name} to make the model on line 8:")
    assert f"with no default (line 2):\n    def __init__(self, {params}):" in message
    assert "Python says" not in message and "__init__()" not in message
    assert _shown(message, "For example:") == fix
    assert "(16 is only an example" in message
    model = _works(_replaced(source, 8, fix)).model
    assert tuple(model.hidden.kernel.shape) == (8, 16)


def test_a_layer_made_without_two_arguments_in_a_sequential():
    source = (
        "class Block(layers.Layer):\n"
        "    def __init__(self, units, activation):\n"
        "        super().__init__()\n"
        "        self.dense = layers.Dense(units, activation=activation)\n"
        "    def call(self, x):\n"
        "        return self.dense(x)\n"
        "model = keras.Sequential([keras.Input(shape=(8,)), Block()])\n"
    )
    message = _problem(source, 7).message
    assert message.startswith(
        "Block needs units and activation to make the layer on line 7:"
    )
    fix = _shown(message, "For example:")
    assert fix == (
        "model = keras.Sequential([keras.Input(shape=(8,)), Block(units=16, "
        'activation="relu")])'
    )
    assert '(16 and "relu" are only examples' in message
    _works(_replaced(source, 7, fix))


def test_an_argument_with_no_known_value_is_named_without_a_line():
    source = (
        "class MyModel(keras.Model):\n"
        "    def __init__(self, num_blocks, units):\n"
        "        super().__init__()\n"
        "        self.blocks = [layers.Dense(units) for _ in range(num_blocks)]\n"
        "    def call(self, x):\n"
        "        for block in self.blocks:\n"
        "            x = block(x)\n"
        "        return x\n"
        "model = MyModel(units=4)\n"
    )
    message = _problem(source, 9).message
    assert message.startswith("MyModel needs num_blocks to make the model on line 9:")
    assert "Add num_blocks=... in the brackets of MyModel(...)" in message
    assert "For example" not in message


_PARENT = (
    "class Base(keras.Model):\n"
    "    def __init__(self, {params}):\n"
    "        super().__init__()\n"
    "        self.out = layers.Dense({params})\n"
    "class MyModel(Base):\n"
    "    def __init__(self):\n"
    "        {parent}\n"
    "    def call(self, x):\n"
    "        return self.out(x)\n"
    "model = MyModel()\n"
    "model.build((None, 8))\n"
)


@pytest.mark.parametrize(
    ("parent", "fix", "passing"),
    [
        (
            "super().__init__()",
            "super().__init__(units=16)",
            "super().__init__(units=units)",
        ),
        (
            "Base.__init__(self)",
            "Base.__init__(self, units=16)",
            "Base.__init__(self, units=units)",
        ),
        (
            "super().__init__(name='mine')",
            "super().__init__(name='mine', units=16)",
            "super().__init__(name='mine', units=units)",
        ),
    ],
)
def test_a_parent_class_missing_its_argument_names_it_and_shows_the_line(
    parent, fix, passing
):
    # it was Python's "Base.__init__() missing 1 required positional
    # argument: 'units'" on the line super().__init__()
    source = _PARENT.format(params="units", parent=parent)
    if "name=" in parent:  # Base passes what it is not given on to Model
        source = source.replace("(self, units):", "(self, units, **kw):")
        source = source.replace(
            "        super().__init__()\n", "        super().__init__(**kw)\n", 1
        )
    written = parent[: parent.index("__init__") + len("__init__")]
    message = _problem(source, 7).message
    assert message.startswith(
        "MyModel is built on Base, and Base's __init__ takes units, with no "
        "default (line 2):\n    def __init__(self, units"
    )
    assert (
        f"So the {written}(...) in MyModel's __init__ must give it a value on line 7:"
        in message
    )
    assert "Python says" not in message
    shown = _shown(message, "For example:")
    assert shown == f"        {fix}"  # in __init__'s indentation, as line 7
    model = _works(_replaced(source, 7, shown)).model
    assert tuple(model.out.kernel.shape) == (8, 16)
    # the other way: MyModel takes units and passes it on, keeping the rest
    passed = "(or add units to the arguments of MyModel's __init__ and pass it on: "
    assert f"{passed}{passing})" in message
    on = _replaced(source, 6, "    def __init__(self, units):")
    on = _replaced(on, 7, f"        {passing}")
    _works(on.replace("model = MyModel()", "model = MyModel(units=4)"))


def test_a_parent_argument_with_no_known_value_is_named_without_a_line():
    source = _PARENT.format(params="depth", parent="super().__init__()")
    source = source.replace("layers.Dense(depth)", "layers.Dense(4)")
    message = _problem(source, 7).message
    assert "Base's __init__ takes depth, with no default" in message
    assert message.endswith(
        "Give depth there, or add depth to the arguments of MyModel's __init__ "
        "and pass it on: super().__init__(depth=depth)."
    )
    assert "For example" not in message


def test_a_keras_layer_without_its_setting_keeps_its_own_message():
    _, problem = _run("model = keras.Sequential([layers.Dense()])\n")
    assert problem.message.startswith("layers.Dense needs units to make the layer")
