"""check() swept further: a subclassed model's layers said by the attributes
the student wrote (``self.h2``), the structure of several outputs (a dict
where the reference returns a list), and an answer with several mistakes,
told the first in full and how many more there are after it.

Uses the lessons' references and ``says`` of test_check_sweep.py.
"""

from __future__ import annotations

import dataclasses

import keras
from keras import layers
from test_check_sweep import iris, says

from kerasteach import check
from kerasteach._reader import read_model

Dense = layers.Dense


# -- a subclassed model's layers by their attributes ---------------------------
class _Iris(keras.Model):
    """Lesson 9's iris classifier as a subclass; ``units`` of the second
    hidden layer, ``hidden`` in a list or not, ``drop_after`` the second
    hidden layer instead of the first."""

    def __init__(self, units=16, *, in_list=False, drop_after=False):
        super().__init__()
        first = Dense(32, activation="relu")
        second = Dense(units, activation="relu")
        if in_list:
            self.hidden = [first, second]
        else:
            self.h1, self.h2 = first, second
        self.drop = layers.Dropout(0.1)
        self.out = Dense(3, activation="softmax")
        self.in_list, self.drop_after = in_list, drop_after

    def call(self, x):
        first, second = self.hidden if self.in_list else (self.h1, self.h2)
        if self.drop_after:
            return self.out(self.drop(second(first(x))))
        return self.out(second(self.drop(first(x))))


def test_the_graph_keeps_the_attribute_that_holds_each_layer():
    graph = read_model(_Iris(in_list=True), input_shape=(4,))
    held = [(la.class_name, la.attribute) for la in graph.layers]
    assert held == [
        ("InputLayer", None),
        ("Dense", "hidden[0]"),
        ("Dropout", "drop"),
        ("Dense", "hidden[1]"),
        ("Dense", "out"),
    ]
    # no difference between two layers, and only a subclass has them
    first = graph.layers[1]
    assert dataclasses.replace(first, attribute="h1") == first
    assert {la.attribute for la in read_model(iris()).layers} == {None}


def test_a_subclassed_layer_in_a_list_is_said_by_its_item():
    net = _Iris(units=8, in_list=True)
    says(
        check(net, iris()),
        "units",
        net.hidden[1].name,  # the layer's name in the model, as for any model
        message=["Layer self.hidden[1] (Dense) has 8 units; the reference has 16."],
    )


def test_subclassed_layers_in_the_wrong_order_are_said_by_their_attributes():
    net = _Iris(drop_after=True)
    says(
        check(net, iris()),
        "order",
        net.h2.name,
        message=[
            "Layers self.h2 (Dense) and self.drop (Dropout) are in the wrong "
            "order: after self.h1 the reference has Dropout(0.1) first"
        ],
        hint=["Swap them: self.drop comes right after self.h1, then self.h2."],
        not_in_message=["your 1st", "your 2nd"],
    )


def test_an_extra_layer_of_a_subclass_is_said_by_its_attribute():
    class Net(keras.Model):
        def __init__(self):
            super().__init__()
            self.h1 = Dense(32, activation="relu")
            self.drop = layers.Dropout(0.1)
            self.h2 = Dense(16, activation="relu")
            self.noise = layers.GaussianNoise(0.1)
            self.out = Dense(3, activation="softmax")

        def call(self, x):
            x = self.h2(self.drop(self.h1(x)))
            return self.out(self.noise(x))

    net = Net()
    says(
        check(net, iris()),
        "extra-layer",
        net.noise.name,
        message=["Your model has an extra layer self.noise (GaussianNoise(0.1))"],
        hint=["Remove self.noise."],
    )


def test_layers_of_models_held_in_attributes_are_said_through_them():
    """A keras.Sequential held in an attribute: its layer by its name in
    it; a subclassed block: the attributes of both; heads in a dict."""
    x = keras.Input((4,))
    h = Dense(16, activation="relu")(Dense(32, activation="relu")(x))
    reference = keras.Model(
        x,
        {
            "digit": Dense(10, activation="softmax")(h),
            "odd": Dense(1, activation="sigmoid")(h),
        },
    )

    class Block(keras.Model):
        def __init__(self):
            super().__init__()
            self.wide = Dense(32, activation="relu")
            self.narrow = Dense(16)

        def call(self, x):
            return self.narrow(self.wide(x))

    class Heads(keras.Model):
        def __init__(self, body, odd=None):
            super().__init__()
            self.body = body
            odd = odd or Dense(1, activation="sigmoid")
            self.heads = {"digit": Dense(10, activation="softmax"), "odd": odd}

        def call(self, x):
            h = self.body(x)
            return {key: head(h) for key, head in self.heads.items()}

    def relu_chain(last="relu", name=None):
        return keras.Sequential(
            [Dense(32, activation="relu"), Dense(16, activation=last, name=name)]
        )

    net = Heads(relu_chain("tanh", name="b2"))
    says(
        check(net, reference),
        "activation",
        f"{net.body.name}/b2",
        message=["Layer 'b2' (Dense) in self.body uses the 'tanh' activation"],
    )
    net = Heads(Block())
    says(
        check(net, reference),
        "activation",
        f"{net.body.name}/{net.body.narrow.name}",
        message=["Layer self.body.narrow (Dense) has no activation"],
    )
    net = Heads(relu_chain(), odd=Dense(1))
    says(
        check(net, reference),
        "activation",
        net.heads["odd"].name,
        message=["Layer self.heads['odd'] (Dense) has no activation"],
    )
