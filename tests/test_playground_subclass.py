"""The playground's words for a subclassed model written the way another
library (or another habit) writes it: ``def call(self):`` with no input,
``def forward``, ``self.layers = [...]``, layers made in ``call()`` and
trained, ``model.build((8,))``; and for ``keras.Model(inputs=merged, ...)``
whose inputs are no keras.Input.

Every line a message shows, put in the code, runs.
"""

from __future__ import annotations

from _playground import _plain, _replaced, _run, _works

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


def _problem(source: str, line: int):
    _, problem = _run(source)
    assert problem is not None, source
    assert problem.line == line, problem.message
    _plain(problem.message)
    return problem


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
