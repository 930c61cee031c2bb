"""The playground's notes on saving and loading that ran but did not do
what the student meant: ``load_weights`` of a file saved from a model with
more layers, which fills the layers the model has and leaves the others,
with no error.

Each test runs in a folder of its own, where the student's files go.
"""

from __future__ import annotations

import pytest
from _playground import _plain, _replaced, _works


@pytest.fixture(autouse=True)
def _in_tmp_folder(tmp_path, monkeypatch):
    """The student's files go to a fresh folder, the one the code runs in."""
    monkeypatch.chdir(tmp_path)


def _sequential(name: str, count: int) -> str:
    dense = ", ".join(["layers.Dense(8)"] * count)
    return f"{name} = keras.Sequential([keras.Input(shape=(4,)), {dense}])\n"


@pytest.mark.parametrize(
    ("save", "path"),
    [("save_weights", "big.weights.h5"), ("save", "big.keras")],
)
def test_weights_of_a_bigger_model_name_the_layer_not_loaded(save, path):
    # it was no word: load_weights fills the layers it finds and Keras
    # neither raises nor warns about the rest of the file
    source = (
        _sequential("big", 3)
        + f'big.{save}("{path}")\n'
        + _sequential("model", 2)
        + f'model.load_weights("{path}")\n'
    )
    p = _works(source)
    (note,) = p.notes
    _plain(note)
    assert note.startswith(
        f'Line 4 loads "{path}" into model, which has fewer layers than the '
        "model that saved the file (big, line 2):"
    )
    assert "filled the 2 layers with weights that model has" in note
    assert "did not load the third Dense layer of big" in note
    assert "Give model the same layers as big" in note
    assert _works(_replaced(source, 3, _sequential("model", 3))).notes == []


def test_two_layers_left_in_a_file_from_an_earlier_run_are_both_named():
    _works(_sequential("model", 3) + 'model.save_weights("old.weights.h5")\n')
    p = _works(_sequential("model", 1) + 'model.load_weights("old.weights.h5")\n')
    (note,) = p.notes
    assert note.startswith(
        'Line 2 loads "old.weights.h5" into model, which has fewer layers than '
        "the model that saved the file:"
    )
    assert "did not load the second Dense layer and the third Dense layer in " in (note)
    assert "Give model the same layers as that model" in note


def test_a_subclassed_model_without_one_attribute_names_it():
    source = (
        "class Big(keras.Model):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.hidden = layers.Dense(8)\n"
        "        self.extra = layers.Dense(8)\n"
        "    def call(self, x):\n"
        "        return self.extra(self.hidden(x))\n"
        "class Small(keras.Model):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.hidden = layers.Dense(8)\n"
        "    def call(self, x):\n"
        "        return self.hidden(x)\n"
        "big = Big()\n"
        "big(np.ones((1, 4)))\n"
        'big.save_weights("big.weights.h5")\n'
        "model = Small()\n"
        "model(np.ones((1, 4)))\n"
        'model.load_weights("big.weights.h5")\n'
    )
    (note,) = _works(source).notes
    assert "did not load self.extra of big" in note


@pytest.mark.parametrize("compiled", [False, True])
def test_weights_of_the_same_layers_get_no_note(compiled):
    # a trained model's file also holds its optimizer's state, which an
    # uncompiled model does not load: no mistake
    train = (
        'big.compile(optimizer="adam", loss="mse")\n'
        "big.fit(np.ones((4, 4)), np.ones((4, 8)), epochs=1, verbose=0)\n"
    )
    source = (
        _sequential("big", 2)
        + (train if compiled else "")
        + 'big.save_weights("big.weights.h5")\n'
        + _sequential("model", 2)
        + 'model.load_weights("big.weights.h5")\n'
    )
    assert _works(source).notes == []


def test_a_file_written_again_after_the_load_gets_no_note():
    # the file now is not the one that was loaded
    source = (
        _sequential("big", 3)
        + 'big.save_weights("big.weights.h5")\n'
        + _sequential("model", 2)
        + 'model.load_weights("big.weights.h5")\n'
        + 'model.save_weights("big.weights.h5")\n'
    )
    assert _works(source).notes == []
