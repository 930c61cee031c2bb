"""Custom layers and subclassed models used by the tests."""

from __future__ import annotations

import keras
import numpy as np
from keras import layers


@keras.saving.register_keras_serializable(package="kerasteach_tests")
class Scale(layers.Layer):
    """Multiplies its input by a constant factor."""

    def __init__(self, factor, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def call(self, inputs):
        return inputs * self.factor

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}


class NoConfigScale(layers.Layer):
    """Multiplies by ``k``, an array Keras cannot record, and has no
    get_config(): the layer kerasteach's message about a missing config is
    tested with."""

    def __init__(self, k, **kwargs):
        super().__init__(**kwargs)
        self.k = k

    def call(self, x):
        return x * self.k


class ForgetfulScale(layers.Layer):
    """Multiplies by ``scale``, which its get_config() forgets to return: a
    rebuilt layer gets scale=1.0 (as with Keras's own saving)."""

    def __init__(self, units, scale=1.0, **kwargs):
        super().__init__(**kwargs)
        self.units, self.scale = units, scale

    def call(self, x):
        return x[..., : self.units] * self.scale

    def get_config(self):
        return {**super().get_config(), "units": self.units}


class NoKwargsScale(layers.Layer):
    """Multiplies by ``k`` and a weight; its ``__init__`` has no ``**kwargs``,
    so it takes no ``name``, ``trainable`` or ``dtype``, though Keras's own
    config of it holds them."""

    def __init__(self, k):
        super().__init__()
        self.k = k

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")

    def call(self, x):
        return x * self.k * self.w


@keras.saving.register_keras_serializable(package="kerasteach_tests")
class MinimalCell(layers.Layer):
    """A registered RNN cell: Keras saves it inside ``RNN``'s config by its
    registered name, with no module."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def build(self, input_shape):
        self.k = self.add_weight(shape=(input_shape[-1], self.units), name="k")
        self.r = self.add_weight(shape=(self.units, self.units), name="r")

    def call(self, x, states):
        h = keras.ops.matmul(x, self.k) + keras.ops.matmul(states[0], self.r)
        return h, [h]

    def get_config(self):
        return {**super().get_config(), "units": self.units}


class AutoConfigScale(layers.Layer):
    """Multiplies by ``factor``, with no get_config() of its own: Keras
    makes one from the arguments, and since the catch-all is ``**kw``, not
    ``**kwargs``, it leaves the name out of it."""

    def __init__(self, factor=2.0, **kw):
        super().__init__(**kw)
        self.factor = factor

    def call(self, x):
        return x * self.factor


def halve(x):
    return x / 2


class TwoTower(keras.Model):
    """A subclassed model whose call uses only layers and keras.ops."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.left = layers.Dense(4, activation="relu", name="left")
        self.right = layers.Dense(4, name="right")
        self.out = layers.Dense(1, name="out")

    def call(self, inputs):
        merged = keras.ops.concatenate([self.left(inputs), self.right(inputs)], axis=-1)
        return self.out(merged)


class TensorIf(keras.Model):
    """Cannot be traced: a Python ``if`` on a tensor value. Runs eagerly."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dense = layers.Dense(2)

    def call(self, inputs):
        if keras.ops.sum(inputs) > 0:
            return self.dense(inputs)
        return -self.dense(inputs)


class NumpyInside(keras.Model):
    """Cannot be traced: it converts a symbolic tensor to NumPy."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dense = layers.Dense(2)

    def call(self, inputs):
        return self.dense(np.asarray(inputs) * 2)


class DenseMadeInCall(keras.Model):
    """A beginner's bug: the Dense layer made in call() is not tracked, so
    the model has no weights for it and every call makes a new one."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.hidden = layers.Dense(8, name="hidden")

    def call(self, x):
        return layers.Dense(4)(self.hidden(x))


class HelpersMadeInCall(keras.Model):
    """Weightless layers and keras.ops made in call(): the same model as if
    they were made in __init__, so kerasteach reads it."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.left = layers.Dense(3, name="left")
        self.right = layers.Dense(3, name="right")

    def call(self, x):
        merged = layers.concatenate([self.left(x), self.right(x)])
        merged = layers.Activation("relu")(merged)
        return keras.ops.tanh(layers.Dropout(0.1)(merged))
