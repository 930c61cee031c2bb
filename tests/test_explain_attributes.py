"""explain() on a subclassed model names its layers as call() uses them.

Keras names a subclassed model's layers after their class (``dense``,
``dense_2``, from a global counter), so "it feeds 'dense' and 'dense_2'"
did not tell a beginner which layer was ``self.skip``.  check() already
said ``self.h``; explain()'s reasons now do too, and call()'s input is
"the input of call()", not the ``input_layer`` Keras traced.  The reasons'
``layers`` and the generated code keep Keras's names, and the code still
rebuilds the model.
"""

from __future__ import annotations

import keras
import numpy as np
from _roundtrip import copy_weights, run_code, sample_inputs
from keras import layers
from models import SkipSubclass

import kerasteach as kt
from kerasteach._check_words import plain_reason


def _built(model, width=4):
    model(np.zeros((1, width), "float32"))
    return model


def test_reasons_name_the_attributes_call_uses():
    model = _built(SkipSubclass())
    explanation = kt.explain(model)
    text = str(explanation)
    assert (
        "the input of call() branches: it feeds self.h and self.skip; in a "
        "Sequential model each output feeds only the next layer." in text
    )
    assert (
        "operation 'add' (keras.ops.add) merges 2 tensors (from self.o and "
        "self.skip)" in text
    )
    # Keras's own names are gone from the words, kept in the reasons' layers
    assert "'dense" not in text and "input_layer" not in text
    graph = kt.read_model(model)
    held = {la.attribute: la.name for la in graph.layers if la.attribute}
    branch = next(r for r in explanation.reasons if r.kind == "branch")
    assert branch.layers[1:] == (held["h"], held["skip"])
    assert "to_functional_code(model)" in text  # what to do next


def test_the_code_keeps_keras_names_and_rebuilds_the_model():
    model = _built(SkipSubclass())
    graph = kt.read_model(model)
    code = kt.to_functional_code(model)
    for layer in graph.layers:
        if layer.attribute:
            assert f"{layer.name} = layers.Dense(" in code.source
    assert "self." not in code.source
    rebuilt = run_code(code)
    inputs = keras.Input((4,))
    copy_weights(keras.Model(inputs, model.call(inputs)), rebuilt)
    x = sample_inputs(rebuilt)
    np.testing.assert_allclose(
        rebuilt.predict(x, verbose=0), model.predict(x, verbose=0), atol=1e-5
    )


class _Shared(keras.Model):
    """One layer called twice, its outputs merged with call()'s input."""

    def __init__(self):
        super().__init__(name="shared_model")
        self.d = layers.Dense(4)
        self.join = layers.Add()

    def call(self, x):
        return self.join([self.d(self.d(x)), x])


def test_a_shared_layer_s_calls_are_told_apart_by_attribute():
    text = str(kt.explain(_built(_Shared())))
    assert "layer self.d (Dense) is shared: the model calls it 2 times" in text
    assert (
        "layer self.join (Add) merges 2 tensors (from self.d (call 2) and the "
        "input of call())" in text
    )


class _Tower(keras.Model):
    """Four residual blocks held in lists: one grouped reason."""

    def __init__(self):
        super().__init__(name="tower")
        self.stem = layers.Dense(4)
        self.blocks = [layers.Dense(4) for _ in range(4)]
        self.adds = [layers.Add() for _ in range(4)]

    def call(self, x):
        x = self.stem(x)
        for block, add in zip(self.blocks, self.adds):
            x = add([x, block(x)])
        return x


def test_a_grouped_reason_names_attributes_in_lists():
    (reason,) = kt.explain(_built(_Tower())).reasons
    assert reason.kind == "skip-connections"
    assert reason.message.startswith(
        "4 skip connections, where the output of a layer feeds the next layer "
        "and also skips ahead to a layer that merges it back in. The first: "
        "the output of self.stem (Dense) feeds self.blocks[0] and self.adds[0], "
        "and layer self.adds[0] (Add) merges it with the output of "
        "self.blocks[0]. The others run from self.adds[0] to self.adds[1] (Add)"
    )
    assert "'add" not in reason.message and "'dense" not in reason.message


class _DictInside(keras.Model):
    """A nested model that returns a dict, whose tensor the next layer reads."""

    def __init__(self):
        super().__init__(name="dict_inside")
        inputs = keras.Input((4,))
        self.inner = keras.Model(inputs, {"a": layers.Dense(3)(inputs)})
        self.head = layers.Dense(1)

    def call(self, x):
        return self.head(self.inner(x)["a"])


def test_advice_names_the_attribute_and_check_still_drops_it():
    explanation = kt.explain(_built(_DictInside()))
    (reason,) = [r for r in explanation.reasons if r.kind == "output-structure"]
    assert "self.head reads the tensor inside it" in reason.message
    assert reason.message.endswith(
        "Build self.inner with a single tensor as its outputs (not a list or a dict)."
    )
    # check() quotes the reason of a reference without advice for its code
    plain = plain_reason(reason)
    assert "Build" not in plain and plain.endswith("the whole dict")


def test_other_models_keep_their_quoted_names():
    inputs = keras.Input((4,), name="x")
    h = layers.Dense(3, name="h")(inputs)
    out = layers.Add(name="plus")([h, layers.Dense(3, name="skip")(inputs)])
    text = str(kt.explain(keras.Model(inputs, out)))
    assert "the output of 'x' (InputLayer) branches: it feeds 'h' and 'skip'" in text
    assert "self." not in text and "call()" not in text


class _ListInputs(keras.Model):
    """call() takes a list of two tensors; the second feeds two layers."""

    def __init__(self):
        super().__init__(name="two_inputs")
        self.a = layers.Dense(3)
        self.b = layers.Dense(3)
        self.c = layers.Dense(3)

    def call(self, inputs):
        x, y = inputs
        return layers.concatenate([self.a(x), self.b(y), self.c(y)])


class _DictInputs(keras.Model):
    def __init__(self):
        super().__init__(name="dict_inputs")
        self.a = layers.Dense(3)
        self.b = layers.Dense(3)

    def call(self, inputs):
        return layers.concatenate([self.a(inputs["img"]), self.b(inputs["meta"])])


def test_a_list_of_inputs_is_said_by_its_places_in_call():
    # Keras names the traced inputs input_layer and input_layer_1, names
    # the student never wrote; the keys of a dict are the student's own
    model = _ListInputs()
    model([np.zeros((1, 4), "float32"), np.zeros((1, 5), "float32")])
    text = str(kt.explain(model))
    assert (
        "the model has 2 inputs (call() takes a list of 2); a Sequential "
        "model has exactly one." in text
    )
    assert "input 2 of call() branches: it feeds self.b and self.c" in text
    assert "input_layer" not in text and "the output of input" not in text
    graph = kt.read_model(model)
    inputs = [graph.layer_of(r).name for r in graph.input_refs]
    reason = next(r for r in kt.explain(model).reasons if r.kind == "inputs")
    assert list(reason.layers) == inputs  # the widget still marks them
    model = _DictInputs()
    model({"img": np.zeros((1, 4), "float32"), "meta": np.zeros((1, 5), "float32")})
    text = str(kt.explain(model))
    assert "the model has 2 inputs ('img' and 'meta')" in text
