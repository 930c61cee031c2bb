"""Every ``keras.applications`` constructor, built once for all the slow tests.

The round trip (test_applications.py) and the layout (test_layout.py) both
check every application.  Building one is most of what such a test costs
(creating the weights of EfficientNetV2L takes seconds), so each is built
once: the round trip builds it and keeps its graph, which holds no weights,
and the layout test draws that graph.

Each is built for 96 x 96 images, which every constructor accepts with
``weights=None``.  The layers and their connections are those of the default
size; only the image sizes differ, and the code generator copies those into
``keras.Input(shape=...)`` like any other config value.  At the default sizes
(up to 600 x 600) the three forward passes of each round trip would cost more
than all the rest of the test.
"""

from __future__ import annotations

import inspect

import keras

from kerasteach import read_model
from kerasteach.graph import ModelGraph

NAMES = sorted(
    name
    for name, fn in inspect.getmembers(keras.applications)
    if callable(fn) and name[0].isupper()
)
IMAGE_SHAPE = (96, 96, 3)

_graphs: dict[str, ModelGraph] = {}


def build(name: str) -> keras.Model:
    """A fresh ``keras.applications.<name>`` (no weights downloaded)."""
    model = getattr(keras.applications, name)(weights=None, input_shape=IMAGE_SHAPE)
    _graphs[name] = read_model(model)
    return model


def graph(name: str) -> ModelGraph:
    """The graph of ``build(name)``, built only if no test has built it yet."""
    if name not in _graphs:
        keras.utils.clear_session()
        build(name)
        keras.utils.clear_session()
    return _graphs[name]
