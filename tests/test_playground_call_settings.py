"""The playground's words for a keyword in the brackets that call a layer
(``layers.Dense(4)(x, units=3)``): a setting of the layer is moved into
the first brackets and given once, whatever gave it there already; a
setting of training (``lr=``, ``epochs=``, ``loss=``) is told where it
goes, not renamed in place.

Every line a message shows, put in the code, runs.
"""

from __future__ import annotations

import pytest
from _playground import _problem, _replaced, _run, _shown, _works

_INPUTS = {"Conv2D": "(8, 8, 1)"}


def _source(call: str) -> str:
    shape = next((s for k, s in _INPUTS.items() if k in call), "(4,)")
    return f"x = keras.Input({shape})\nout = {call}\nmodel = keras.Model(x, out)\n"


@pytest.mark.parametrize(
    ("call", "given", "mine", "theirs"),
    [
        # it was "Move units into the first: layers.Dense(4, units=3)(x)",
        # units twice, which fails again
        (
            "layers.Dense(4)(x, units=3)",
            "units, as 4",
            "layers.Dense(3)(x)",
            "layers.Dense(4)(x)",
        ),
        (
            "layers.Dense(units=4)(x, units=3)",
            "units, as 4",
            "layers.Dense(units=3)(x)",
            "layers.Dense(units=4)(x)",
        ),
        (
            'layers.Dense(4, activation="relu")(x, activation="tanh")',
            'activation, as "relu"',
            'layers.Dense(4, activation="tanh")(x)',
            'layers.Dense(4, activation="relu")(x)',
        ),
        (
            "layers.Conv2D(4, 3)(x, kernel_size=5)",
            "kernel_size, as 3",
            "layers.Conv2D(4, 5)(x)",
            "layers.Conv2D(4, 3)(x)",
        ),
        (
            "layers.Dropout(0.5)(x, rate=0.2)",
            "rate, as 0.5",
            "layers.Dropout(0.2)(x)",
            "layers.Dropout(0.5)(x)",
        ),
    ],
)
def test_a_setting_the_first_brackets_give_already_is_given_once(
    call, given, mine, theirs
):
    source = _source(call)
    problem = _problem(source, 2)
    keyword, value = call.split("(x, ")[1].split(",")[0].rstrip(")").split("=")
    assert f"The first brackets already give {given}: write it once, there" in (
        problem.message
    )
    assert _shown(problem.message, f"For {value}, the call's:") == f"out = {mine}"
    old = given.split(", as ")[1]
    assert _shown(problem.message, f"For {old}, leave {keyword}={value} out:") == (
        f"out = {theirs}"
    )
    for line in (mine, theirs):
        _works(_replaced(source, 2, f"out = {line}"))


def test_the_call_value_replaces_the_one_given_by_place():
    source = _source("layers.Dense(4)(x, units=3)")
    line = _shown(_problem(source, 2).message, "For 3, the call's:")
    assert _works(_replaced(source, 2, line)).model.output_shape == (None, 3)


def test_the_same_setting_in_both_brackets_is_left_out_of_the_call():
    problem = _problem(_source("layers.Dense(4)(x, units=4)"), 2)
    assert problem.message.endswith(
        "The first brackets already give units=4: leave units= out:\n"
        "    out = layers.Dense(4)(x)"
    )


@pytest.mark.parametrize(
    ("call", "shown", "fixed"),
    [
        # it was renamed in place: layers.Dense(4)(x, units=3), which fails
        (
            "layers.Dense(4)(x, output_dim=3)",
            "output_dim, which Keras 3 calls units, is a setting of Dense",
            "layers.Dense(3)(x)",
        ),
        (
            'layers.Dense(4)(x, init="ones")',
            "init, which Keras 3 calls kernel_initializer, is a setting of Dense",
            'layers.Dense(4, kernel_initializer="ones")(x)',
        ),
        (
            'layers.Conv2D(4, 3)(x, border_mode="same")',
            "border_mode, which Keras 3 calls padding, is a setting of Conv2D",
            'layers.Conv2D(4, 3, padding="same")(x)',
        ),
    ],
)
def test_an_older_name_in_the_call_is_renamed_as_it_moves(call, shown, fixed):
    source = _source(call)
    problem = _problem(source, 2)
    assert problem.message.startswith(shown)
    assert "older versions of Keras gave this setting" not in problem.message
    after = "the call's:" if "already give" in problem.message else "the first:"
    assert _shown(problem.message, after) == f"out = {fixed}"
    _works(_replaced(source, 2, f"out = {fixed}"))


_MADE = "x = keras.Input((4,))\nhidden = layers.Dense(4)\nout = hidden(x, {})\n"


def test_a_setting_of_a_layer_made_on_its_own_line_moves_to_that_line():
    source = _MADE.format('activation="relu"') + "model = keras.Model(x, out)\n"
    problem = _problem(source, 3)
    assert (
        "Move activation to where hidden is made, line 2, and leave it out of "
        'the call:\n    hidden = layers.Dense(4, activation="relu")\n'
        "    out = hidden(x)"
    ) in problem.message
    fixed = _replaced(
        _replaced(source, 2, 'hidden = layers.Dense(4, activation="relu")'),
        3,
        "out = hidden(x)",
    )
    assert _works(fixed).model.layers[-1].get_config()["activation"] == "relu"


def test_a_setting_the_line_that_makes_the_layer_gives_already_is_given_once():
    source = _MADE.format("units=3") + "model = keras.Model(x, out)\n"
    problem = _problem(source, 3)
    assert problem.message.endswith(
        "hidden is made on line 2, which already gives units, as 4: write it "
        "once, there, with the value you mean. For 3, the call's:\n"
        "    hidden = layers.Dense(3)\n    out = hidden(x)\n"
        "For 4, leave it out of the call:\n    out = hidden(x)"
    )
    fixed = _replaced(source, 2, "hidden = layers.Dense(3)")
    fixed = _replaced(fixed, 3, "out = hidden(x)")
    assert _works(fixed).model.output_shape == (None, 3)
    assert _works(_replaced(source, 3, "out = hidden(x)")).model.output_shape == (
        None,
        4,
    )


def test_every_setting_in_the_call_moves_so_the_line_shown_runs():
    # Python names the first only: moving it alone left padding= behind
    source = _source('layers.Conv2D(4, 3)(x, filters=8, padding="same")')
    problem = _problem(source, 2)
    assert problem.message.startswith(
        "filters is a setting of Conv2D, as padding is, written in the brackets"
    )
    mine = _shown(problem.message, "For 8, the call's:")
    kept = _shown(problem.message, "leave filters=8 out and move padding into them:")
    assert mine == 'out = layers.Conv2D(8, 3, padding="same")(x)'
    assert kept == 'out = layers.Conv2D(4, 3, padding="same")(x)'
    for line in (mine, kept):
        _works(_replaced(source, 2, line))
    source = (
        _MADE.format('units=4, activation="relu"') + "model = keras.Model(x, out)\n"
    )
    problem = _problem(source, 3)
    assert problem.message.endswith(
        "hidden is made on line 2, which already gives units=4: leave it out of "
        "the call and move activation there:\n    hidden = layers.Dense(4, "
        'activation="relu")\n    out = hidden(x)'
    )


def test_a_setting_in_a_subclass_call_moves_to_its_init():
    source = (
        "class Net(keras.Model):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.dense = layers.Dense(4)\n"
        "    def call(self, x):\n"
        '        return self.dense(x, activation="relu")\n'
        "model = Net()\n"
        "model(np.zeros((2, 4)))\n"
    )
    problem = _problem(source, 6)
    assert (
        "Move activation to where self.dense is made, line 4, and leave it out "
        'of the call:\n    self.dense = layers.Dense(4, activation="relu")\n'
        "    return self.dense(x)"
    ) in problem.message
    fixed = _replaced(
        _replaced(source, 4, '        self.dense = layers.Dense(4, activation="relu")'),
        6,
        "        return self.dense(x)",
    )
    _works(fixed)


def test_a_layer_made_out_of_sight_says_the_value_it_has():
    source = (
        "def make():\n    return layers.Dense(4)\n"
        "x = keras.Input((4,))\nhidden = make()\nout = hidden(x, units=3)\n"
    )
    problem = _problem(source, 5)
    assert problem.message.endswith(
        "hidden already has units=4 from where it is made: to change it, write "
        "it there, and leave it out of the call."
    )


def test_a_setting_in_a_call_written_over_several_lines_gets_the_statement():
    # it was "the layer already has units=4 from where it is made", no line
    source = (
        "x = keras.Input((4,))\n"
        "out = layers.Dense(4)(\n"
        "    x, units=3)\n"
        "model = keras.Model(x, out)\n"
    )
    problem = _problem(source, 2)
    mine = _shown(problem.message, "For 3, the call's:")
    kept = _shown(problem.message, "For 4, leave units=3 out:")
    assert (mine, kept) == ("out = layers.Dense(3)(x)", "out = layers.Dense(4)(x)")
    lines = source.splitlines()
    for fixed, units in ((mine, 3), (kept, 4)):
        changed = "\n".join([lines[0], fixed, lines[3]]) + "\n"
        assert _works(changed).model.output_shape == (None, units)


def test_a_setting_in_an_indented_call_over_several_lines_moves_into_the_first():
    source = (
        "def block(t):\n"
        "    return layers.Dense(\n"
        "        4)(t,\n"
        '           activation="relu")\n'
        "x = keras.Input((4,))\n"
        "model = keras.Model(x, block(x))\n"
    )
    problem = _problem(source, 2)
    fixed = _shown(problem.message, "Move activation into the first:")
    assert fixed == 'return layers.Dense(4, activation="relu")(t)'
    lines = source.splitlines()
    changed = "\n".join([lines[0], "    " + fixed, *lines[4:]]) + "\n"
    assert _works(changed).model.layers[-1].activation.__name__ == "relu"


def test_a_layer_made_out_of_sight_without_a_name_starts_its_sentence_upper_case():
    source = (
        "def make():\n    return layers.Dense(4)\n"
        "x = keras.Input((4,))\nout = make()(x, units=3)\n"
    )
    problem = _problem(source, 4)
    assert problem.message.endswith(
        "on a tensor. The layer already has units=4 from where it is made: to "
        "change it, write it there, and leave it out of the call."
    )


@pytest.mark.parametrize(
    ("call", "words"),
    [
        # it was "lr= is the name older versions of Keras gave this setting
        # ... Write: layers.Dense(4)(x, learning_rate=0.1)", which fails too
        (
            "layers.Dense(4)(x, lr=0.1)",
            "lr= is what older versions of Keras called learning_rate=, a "
            "setting of the optimizer, not of a layer: give it to the optimizer "
            "in model.compile, as optimizer=keras.optimizers.Adam("
            "learning_rate=0.1). Leave lr= out here:",
        ),
        (
            "layers.Dropout(0.5)(x, learning_rate=0.01)",
            "learning_rate= is a setting of the optimizer, not of a layer",
        ),
        (
            "layers.Dense(4)(x, nb_epoch=3)",
            "nb_epoch= is what older versions of Keras called epochs=, a setting "
            "of training, not of a layer: give it to model.fit, as epochs=3.",
        ),
        (
            "layers.Dense(4)(x, batch_size=32)",
            "give it to model.fit, as batch_size=32.",
        ),
        (
            'layers.Dense(4)(x, loss="mse")',
            'give it to model.compile, as loss="mse".',
        ),
    ],
)
def test_a_setting_of_training_in_a_layer_call_says_where_it_goes(call, words):
    source = _source(call)
    problem = _problem(source, 2)
    kind = call.split("(")[0].split(".")[1]
    keyword = call.split("(x, ")[1].split("=")[0]
    assert problem.message.startswith(
        f"Layer '{kind.lower()}' ({kind}) was called with {keyword}=, which its "
        "call does not take on line 2:"
    )
    assert f"{kind} layer takes the tensor it works on (inputs) and training" in (
        problem.message
    )
    assert words in problem.message
    line = problem.message.rsplit("\n    ", 1)[1]
    assert line == f"out = {call.split('(x, ')[0]}(x)"
    _works(_replaced(source, 2, line))


def test_an_older_name_outside_a_layer_call_is_still_renamed():
    _, problem = _run(
        "model = keras.Sequential([keras.Input((8,)), layers.Dense(1)])\n"
        'model.compile(optimizer=keras.optimizers.Adam(lr=0.01), loss="mse")\n'
    )
    assert problem.message.endswith(
        "Keras 3 calls it learning_rate=. Write:\n    model.compile(optimizer="
        'keras.optimizers.Adam(learning_rate=0.01), loss="mse")'
    )
