"""A layer call that returns a structure: code reads each tensor by key.

Keras keeps a call's outputs flattened (dict keys sorted), so a layer that
returns a dict, ``MaxNumBoundingBoxes`` on images and boxes, has outputs 0,
1, 2 in its node.  Code must read ``cap["bounding_boxes"]["boxes"]``, as the
author did; ``cap[0]`` raises KeyError.  A plain list or tuple (an LSTM's
output and states) is still read by position.
"""

from __future__ import annotations

import keras
import pytest
from _roundtrip import assert_round_trip
from keras import layers

import kerasteach as kt
from kerasteach._reader import read_model

STYLES = pytest.mark.parametrize(
    "faithful", [False, True], ids=["readable", "faithful"]
)


@keras.saving.register_keras_serializable(package="kerasteach_structure")
class Split(layers.Layer):
    """Returns its input and its negation in the form ``form`` names."""

    def __init__(self, form="list", **kwargs):
        super().__init__(**kwargs)
        self.form = form

    def call(self, x):
        pos, neg = x, -x
        if self.form == "dict":
            return {"pos": pos, "neg": neg}
        if self.form == "nested":
            return (pos, {"neg": neg, "twice": pos * 2.0})
        return (pos, neg) if self.form == "tuple" else [pos, neg]

    def get_config(self):
        return {**super().get_config(), "form": self.form}


def capped_boxes():
    images = keras.Input((8, 8, 3), name="images")
    boxes = keras.Input((5, 4), name="boxes")
    labels = keras.Input((5,), name="labels")
    out = layers.MaxNumBoundingBoxes(3, bounding_box_format="xyxy", name="cap")(
        {"images": images, "bounding_boxes": {"boxes": boxes, "labels": labels}}
    )
    outputs = [out["bounding_boxes"]["boxes"], out["images"]]
    return keras.Model([images, boxes, labels], outputs, name="capped")


@STYLES
def test_a_layer_that_returns_a_nested_dict_is_read_by_key(faithful):
    model = capped_boxes()
    code = kt.to_functional_code(model, faithful=faithful)
    assert 'cap["bounding_boxes"]["boxes"]' in code.source, code.source
    assert 'cap["images"]' in code.source
    assert "cap[0]" not in code.source
    assert_round_trip(model, code)


def test_the_graph_keeps_the_structure_with_a_ref_for_each_output():
    graph = read_model(capped_boxes())
    call = graph.calls[graph.layer("cap").calls[0]]
    refs = {"bounding_boxes": {"boxes": 0, "labels": 1}, "images": 2}
    assert call.output_structure == keras.tree.map_structure(
        lambda i: kt.graph.TensorRef(call.index, i), refs
    )


def test_a_layer_given_a_dict_returns_a_dict_of_one_tensor_read_by_key():
    images = keras.Input((8, 8, 3), name="images")
    out = layers.RandomFlip(name="flip")({"images": images})
    model = keras.Model(images, layers.Flatten(name="flat")(out["images"]))
    code = kt.to_functional_code(model)
    assert 'layers.Flatten(name="flat")(flip["images"])' in code.source
    rebuilt = assert_round_trip(model, code)
    assert not isinstance(rebuilt.output, dict)


@pytest.mark.parametrize(
    "form, reads",
    [
        ("list", ("split[0]", "split[1]")),
        ("tuple", ("split[0]", "split[1]")),
        ("dict", ('split["neg"]', 'split["pos"]')),
        ("nested", ("split[0]", 'split[1]["neg"]', 'split[1]["twice"]')),
    ],
)
def test_a_custom_layer_is_read_in_the_form_it_returns(form, reads):
    x = keras.Input((3,), name="x")
    out = Split(form, name="split")(x)
    flat = keras.tree.flatten(out)
    model = keras.Model(x, layers.Concatenate(name="join")(flat))
    graph = read_model(model)
    structure = graph.calls[graph.layer("split").calls[0]].output_structure
    assert (structure is None) == (form in ("list", "tuple"))
    code = kt.to_functional_code(model)
    assert f'layers.Concatenate(name="join")([{", ".join(reads)}])' in code.source
    assert_round_trip(model, code, namespace={"Split": Split})


def test_lstm_states_and_attention_scores_are_still_read_by_position():
    seq = keras.Input((5, 3), name="seq")
    out, h, c = layers.LSTM(4, return_state=True, name="lstm")(seq)
    att, scores = layers.MultiHeadAttention(2, 2, name="mha")(
        seq, seq, return_attention_scores=True
    )
    model = keras.Model(seq, [out, h, c, att, scores])
    graph = read_model(model)
    assert all(call.output_structure is None for call in graph.calls)
    code = kt.to_functional_code(model)
    assert "outputs=[lstm[0], lstm[1], lstm[2], mha[0], mha[1]]" in code.source
    assert_round_trip(model, code)
