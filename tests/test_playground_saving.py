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
from _playground import _run, _works


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
