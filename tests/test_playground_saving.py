"""The playground on code that saves and loads models and weights: the
lesson's ``model.save(...)`` then ``model = keras.models.load_model(...)``
gets no note, and the mistakes of saving and loading (a custom layer the
load does not know, weights loaded into other layers, a file name without
``.keras`` or with a typo, a weights file given to ``load_model``) get
words that say what to write.

Each test runs in a folder of its own, where the student's files go.
"""

from __future__ import annotations

import pytest
from _playground import _plain, _replaced, _run, _shown, _works


@pytest.fixture(autouse=True)
def _in_tmp_folder(tmp_path, monkeypatch):
    """The student's files go to a fresh folder, the one the code runs in."""
    monkeypatch.chdir(tmp_path)


_SEQUENTIAL = (
    "model = keras.Sequential([keras.Input(shape=(4,)), "
    'layers.Dense(8, activation="relu"), layers.Dense(3)])\n'
)
_FUNCTIONAL = (
    "inputs = keras.Input(shape=(4,))\n"
    'x = layers.Dense(8, activation="relu")(inputs)\n'
    "outputs = layers.Dense(3)(x)\n"
    "model = keras.Model(inputs, outputs)\n"
)


# ------------------------------------------------ saving, then loading


@pytest.mark.parametrize("build", [_SEQUENTIAL, _FUNCTIONAL])
def test_a_model_loaded_into_the_same_variable_gets_no_note(build):
    # the layers of the model replaced, and the reference Layer() objects
    # that model.save makes, were named as "not part of the model"
    p = _works(
        build + 'model.compile(optimizer="adam", loss="mse")\n'
        'model.save("mine.keras")\n'
        'model = keras.models.load_model("mine.keras")\n'
    )
    assert p.notes == []
    assert p.model.output_shape == (None, 3)


def test_a_model_loaded_into_another_variable_gets_no_note():
    p = _works(
        _SEQUENTIAL + 'model.save("mine.keras")\n'
        'loaded = keras.models.load_model("mine.keras")\n'
    )
    assert p.notes == []


def test_a_layer_left_out_is_still_named_when_the_model_is_saved():
    p, problem = _run(
        "inputs = keras.Input((8,))\n"
        "x = layers.Dense(16)(inputs)\n"
        "layers.Dense(1)(x)\n"
        "model = keras.Model(inputs, x)\n"
        'model.save("mine.keras")\n'
        'model = keras.models.load_model("mine.keras")\n'
    )
    assert problem is None and len(p.notes) == 1
    assert p.notes[0].startswith(
        "Layer 'dense_1' (Dense, line 3) is not part of the model."
    )


# ------------------------------------------------ a custom layer


_SCALE = "class Scale(layers.Layer):\n    def call(self, x):\n        return x * 2\n"
_SCALED = (
    "inputs = keras.Input(shape=(4,))\n"
    "model = keras.Model(inputs, layers.Dense(1)(Scale()(inputs)))\n"
    'model.save("scaled.keras")\n'
)


def test_a_custom_layer_load_model_was_not_given_gets_custom_objects():
    # it was Keras's "Functional could not be deserialized properly" and a
    # dump of the model's config
    source = _SCALE + _SCALED + 'model = keras.models.load_model("scaled.keras")\n'
    _, problem = _run(source)
    message = problem.message
    _plain(message)
    assert problem.line == 7
    assert "The file holds a layer or model of class Scale, your own" in message
    assert "deserialized" not in message and "config" not in message
    shown = (
        'model = keras.models.load_model("scaled.keras", '
        'custom_objects={"Scale": Scale})'
    )
    assert _shown(message, "custom_objects:") == shown
    p = _works(_replaced(source, 7, shown))
    assert p.notes == [] and p.model.output_shape == (None, 1)
    assert "@keras.saving.register_keras_serializable()" in message
    registered = "@keras.saving.register_keras_serializable()\n" + source
    assert _works(registered).model.output_shape == (None, 1)


def test_a_second_custom_layer_is_added_to_the_custom_objects_given():
    source = (
        _SCALE + "class Shift(layers.Layer):\n"
        "    def call(self, x):\n"
        "        return x + 1\n"
        "inputs = keras.Input(shape=(4,))\n"
        "model = keras.Model(inputs, Shift()(Scale()(inputs)))\n"
        'model.save("both.keras")\n'
        'model = keras.models.load_model("both.keras", '
        'custom_objects={"Scale": Scale})\n'
    )
    _, problem = _run(source)
    shown = _shown(problem.message, "custom_objects:")
    assert shown == (
        'model = keras.models.load_model("both.keras", '
        'custom_objects={"Scale": Scale, "Shift": Shift})'
    )
    assert _works(_replaced(source, 10, shown)).model.output_shape == (None, 4)


@pytest.mark.parametrize(
    ("given", "fixed"),
    [
        ('{"Wrong": Scale}', '{"Scale": Scale}'),
        (
            "{'scale': Scale, 'Dense': layers.Dense}",
            "{\"Scale\": Scale, 'Dense': layers.Dense}",
        ),
    ],
)
def test_a_custom_layer_under_a_wrong_key_gets_the_key_replaced(given, fixed):
    # the line shown kept the wrong key and added the right one beside it
    source = (
        _SCALE
        + _SCALED
        + f'model = keras.models.load_model("scaled.keras", custom_objects={given})\n'
    )
    _, problem = _run(source)
    message = problem.message
    _plain(message)
    wrong = given.split(":")[0][2:-1]
    assert f'custom_objects gives Scale under the name "{wrong}"' in message
    assert 'looks it up by its own name, "Scale": use that name as the key:' in (
        message
    )
    shown = _shown(message, "as the key:")
    assert shown == (
        f'model = keras.models.load_model("scaled.keras", custom_objects={fixed})'
    )
    assert f'"{wrong}"' not in shown and f"'{wrong}'" not in shown
    assert _works(_replaced(source, 7, shown)).model.output_shape == (None, 1)


def test_a_custom_layer_the_code_does_not_define_is_named_with_what_to_copy():
    _works(_SCALE + _SCALED)
    _, problem = _run('model = keras.models.load_model("scaled.keras")\n')
    _plain(problem.message)
    assert "class Scale, which load_model does not know" in problem.message
    assert "Copy the class Scale from the code that saved the model" in problem.message


def test_a_custom_layer_defined_below_the_load_is_to_be_moved_above():
    _works(_SCALE + _SCALED)
    _, problem = _run('model = keras.models.load_model("scaled.keras")\n' + _SCALE)
    _plain(problem.message)
    assert "Your code defines Scale below this line: move it above" in (problem.message)
    assert 'custom_objects={"Scale": Scale}' in problem.message


# ------------------------------------------------ weights of other layers


def test_weights_loaded_into_other_layers_name_both_models_and_the_layer():
    # it was "Shape mismatch in layer 'sequential_1'" and a dump of weights
    source = (
        _SEQUENTIAL + 'model.save_weights("mine.weights.h5")\n'
        "other = keras.Sequential([keras.Input(shape=(4,)), "
        'layers.Dense(16, activation="relu"), layers.Dense(3)])\n'
        'other.load_weights("mine.weights.h5")\n'
    )
    _, problem = _run(source)
    message = problem.message
    _plain(message)
    assert problem.line == 4
    assert "The file holds the weights of other layers" in message
    assert "model.save_weights wrote it on line 2" in message
    assert "layer 'dense_2' (Dense) of other has its kernel of shape (4, 16)" in message
    assert "the file has shape (4, 8) in its place" in message
    assert "1 more layer does not fit either" in message
    assert "Build other with the same layers as model" in message
    assert "value=" not in message and "Shape mismatch" not in message
    fixed = source.replace("Dense(16", "Dense(8")
    assert _works(fixed).model is not None


def test_weights_saved_by_an_earlier_run_into_other_layers_say_so():
    _works(_SEQUENTIAL + 'model.save_weights("mine.weights.h5")\n')
    source = (
        "model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(5)])\n"
        'model.load_weights("mine.weights.h5")\n'
    )
    _, problem = _run(source)
    _plain(problem.message)
    assert "The file holds the weights of other layers. load_weights" in (
        problem.message
    )
    assert "Build model with the same layers as the model that saved the file" in (
        problem.message
    )


def test_weights_loaded_into_a_model_with_more_layers_say_the_file_has_none():
    source = (
        _SEQUENTIAL + 'model.save_weights("mine.weights.h5")\n'
        "bigger = keras.Sequential([keras.Input(shape=(4,)), "
        'layers.Dense(8, activation="relu"), layers.Dense(3), layers.Dense(2)])\n'
        'bigger.load_weights("mine.weights.h5")\n'
    )
    _, problem = _run(source)
    _plain(problem.message)
    assert "the file has no weights for layer 'dense_4' (Dense) of bigger" in (
        problem.message
    )
    assert "Build bigger with the same layers as model" in problem.message


# ------------------------------------------------ file names


def test_a_misspelt_file_name_shows_the_file_meant():
    _works(_SEQUENTIAL + 'model.save("my_model.keras")\n')
    source = 'model = keras.models.load_model("my_modle.keras")\n'
    _, problem = _run(source)
    message = problem.message
    _plain(message)
    assert (
        'load_model found no file "my_modle.keras" in the folder your code runs in'
        in (message)
    )
    assert 'Did you mean "my_model.keras"?' in message
    shown = 'model = keras.models.load_model("my_model.keras")'
    assert message.endswith("\n    " + shown)
    assert _works(shown + "\n").model.output_shape == (None, 3)


def test_a_file_that_was_never_saved_says_how_to_make_it():
    _, problem = _run('model = keras.models.load_model("mine.keras")\n')
    _plain(problem.message)
    assert 'load_model found no file "mine.keras"' in problem.message
    assert "Did you mean" not in problem.message
    assert 'model.save("mine.keras") writes it' in problem.message


def test_a_weights_file_never_saved_says_save_weights_makes_it():
    source = _SEQUENTIAL + 'model.load_weights("mine.weights.h5")\n'
    _, problem = _run(source)
    assert problem.message.startswith('load_weights found no file "mine.weights.h5"')
    assert 'model.save_weights("mine.weights.h5") writes it' in problem.message


def test_a_file_missing_for_another_reason_keeps_python_s_words():
    _, problem = _run('text = open("mine.keras").read()\n')
    assert "load_model" not in problem.message
    assert "No such file or directory" in problem.message


@pytest.mark.parametrize(("name", "new"), [("my_model", "my_model"), ("m.tf", "m")])
def test_a_save_without_keras_in_the_name_shows_the_name_to_write(name, new):
    source = _SEQUENTIAL + f'model.save("{name}")\n'
    _, problem = _run(source)
    message = problem.message
    _plain(message)
    assert "model.save needs a file name that ends in .keras" in message
    shown = f'model.save("{new}.keras")'
    assert _shown(message, "Add .keras to the name:") == shown
    _works(_replaced(source, 2, shown))
    assert _works(f'model = keras.models.load_model("{new}.keras")\n').model


def test_a_load_without_the_ending_shows_the_whole_name():
    source = (
        _SEQUENTIAL + 'model.save("m2.keras")\nloaded = keras.models.load_model("m2")\n'
    )
    _, problem = _run(source)
    message = problem.message
    _plain(message)
    assert "TFSMLayer" not in message
    shown = 'loaded = keras.models.load_model("m2.keras")'
    assert message.endswith("\n    " + shown)
    _works(_replaced(source, 3, shown))


def test_a_load_without_the_ending_and_no_file_says_what_load_model_reads():
    _, problem = _run('model = keras.models.load_model("m2")\n')
    _plain(problem.message)
    assert "load_model reads files whose names end in .keras" in problem.message
    assert "TFSMLayer" not in problem.message


def test_a_weights_file_given_to_load_model_says_it_holds_no_model():
    # it was Keras's "No model config found in the file"
    source = (
        _SEQUENTIAL + 'model.save_weights("mine.weights.h5")\n'
        'model = keras.models.load_model("mine.weights.h5")\n'
    )
    _, problem = _run(source)
    message = problem.message
    _plain(message)
    assert 'load_model cannot make a model from "mine.weights.h5"' in message
    assert "That file holds only weights" in message
    assert 'model.load_weights("mine.weights.h5")' in message
    fixed = _replaced(source, 3, 'model.load_weights("mine.weights.h5")')
    assert _works(fixed).notes == []


def test_a_custom_loss_load_model_was_not_given_gets_custom_objects():
    source = (
        "def my_loss(y_true, y_pred):\n"
        "    return keras.ops.mean(keras.ops.square(y_true - y_pred))\n"
        "model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(1)])\n"
        'model.compile(optimizer="adam", loss=my_loss)\n'
        'model.save("loss.keras")\n'
        'model = keras.models.load_model("loss.keras")\n'
    )
    _, problem = _run(source)
    _plain(problem.message)
    assert "The file holds the function my_loss, your own" in problem.message
    shown = _shown(problem.message, "custom_objects:")
    assert shown.endswith('custom_objects={"my_loss": my_loss})')
    assert _works(_replaced(source, 6, shown)).notes == []
    assert "on the line above `def my_loss`" in problem.message


def test_weights_loaded_into_the_same_variable_rebuilt_say_it_held_other_layers():
    source = (
        _SEQUENTIAL + 'model.save_weights("mine.weights.h5")\n'
        "model = keras.Sequential([keras.Input(shape=(5,)), "
        'layers.Dense(8, activation="relu"), layers.Dense(3)])\n'
        'model.load_weights("mine.weights.h5")\n'
    )
    _, problem = _run(source)
    message = problem.message
    _plain(message)
    assert message.startswith("model.load_weights could not put the weights")
    assert "model.save_weights wrote it on line 2, when model held a model of" in (
        message
    )
    assert "has its kernel of shape (5, 8), and the file has shape (4, 8)" in message
    assert "more layer" not in message


# ------------------------------------------------ the legacy .h5 format


def test_a_model_saved_as_h5_gets_a_note_with_the_keras_name():
    source = (
        _SEQUENTIAL + 'model.save("mine.h5")\n'
        'loaded = keras.models.load_model("mine.h5")\n'
    )
    p = _works(source)
    assert len(p.notes) == 1, p.notes
    note = p.notes[0]
    _plain(note)
    assert note.startswith('Line 2 saves model as "mine.h5", in HDF5 (.h5)')
    assert 'write model.save("mine.keras"), and load "mine.keras" too.' in note
    fixed = source.replace("mine.h5", "mine.keras")
    assert _works(fixed).notes == []


def test_weights_saved_as_weights_h5_get_no_note():
    p = _works(_SEQUENTIAL + 'model.save_weights("mine.weights.h5")\n')
    assert p.notes == []
