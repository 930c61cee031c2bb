"""A JAX function in a Keras model: ``keras.layers.JaxLayer``.

The layer holds the student's own functions (``call_fn``, ``init_fn``),
which its config names; code uses them by name, and ``check()`` says them by
name too.  The layer needs the JAX backend, and TensorFlow installed to be
built, so this module is not collected by the default run (its name does not
start with ``test_``) nor by the JAX core run, where TensorFlow is hidden:
tests/test_backends.py runs it on its own.
"""

from __future__ import annotations

import jax
import keras
from _roundtrip import assert_round_trip
from keras import layers

import kerasteach


def call_fn(params, inputs):
    return inputs @ params["w"]


def init_fn(rng, inputs):
    return {"w": jax.numpy.ones((4, 3))}


def init_wide(rng, inputs):
    return {"w": jax.numpy.ones((4, 5))}


def with_jax(init=init_fn) -> keras.Model:
    return keras.Sequential(
        [
            keras.Input(shape=(4,)),
            layers.JaxLayer(call_fn, init_fn=init, name="jl"),
            layers.Dense(2, name="out"),
        ]
    )


FUNCTIONS = {"call_fn": call_fn, "init_fn": init_fn}


def test_code_uses_the_students_functions_by_name():
    model = with_jax()
    code = kerasteach.to_functional_code(model)
    # readable: the settings the student wrote, not the layer's defaults
    assert 'jl = layers.JaxLayer(call_fn, init_fn=init_fn, name="jl")(inputs)' in (
        code.source
    )
    # functions of a module are imported from it (defined in a notebook, in
    # __main__, they get a note to run their definitions first instead)
    assert "from jaxonly_layer import call_fn\n" in code.source
    assert "from jaxonly_layer import init_fn\n" in code.source
    assert not code.notes
    assert_round_trip(model, code, namespace=FUNCTIONS)
    for faithful in (False, True):
        code = kerasteach.to_sequential_code(model, faithful=faithful)
        assert_round_trip(model, code, namespace=FUNCTIONS)


def test_check_names_the_functions():
    assert kerasteach.check(with_jax(), with_jax())
    result = kerasteach.check(with_jax(init_wide), with_jax())
    assert not result
    assert result.message == (
        "Layer 'jl' (JaxLayer) has init_fn=init_wide; the reference has "
        "init_fn=init_fn. So its output has shape (None, 5) instead of (None, 3)."
    )
    assert result.hint == "Change it to JaxLayer(call_fn, init_fn=init_fn)."
