"""A JAX function in a Keras model: ``keras.layers.JaxLayer``, and JAX's
own functions given to a layer (``activation=jax.nn.gelu``).

The layer holds the student's own functions (``call_fn``, ``init_fn``),
which its config names; code uses them by name, and ``check()`` says them by
name too.  JAX's functions are written by their public name.  The layer
needs the JAX backend, and TensorFlow installed to be built, so this
module is not collected by the default run (its name does not start with
``test_``) nor by the JAX core run, where TensorFlow is hidden:
tests/test_backends.py runs it on its own.
"""

from __future__ import annotations

import os

import jax
import keras
import numpy as np
import pytest
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


# Keras saves jax.nn.gelu as "gelu", which is keras.activations.gelu, whose
# approximate default differs: the code wrote activation="gelu" (or imported
# gelu from the private jax._src.nn.functions), and jax.nn.relu as a
# keras.saving.deserialize_keras_object(...) call that does not run.
JAX_FUNCTIONS = [
    (jax.nn.gelu, "jax.nn.gelu"),
    (jax.nn.relu, "jax.nn.relu"),
    (jax.nn.sigmoid, "jax.nn.sigmoid"),
    (jax.numpy.sin, "jax.numpy.sin"),
]
LAYERS = {
    "Dense": lambda fn: layers.Dense(3, activation=fn, name="f"),
    "Activation": lambda fn: layers.Activation(fn, name="f"),
    "Lambda": lambda fn: layers.Lambda(fn, name="f"),
}


@pytest.mark.parametrize("faithful", [False, True], ids=["readable", "faithful"])
@pytest.mark.parametrize("kind", list(LAYERS))
@pytest.mark.parametrize(
    ("function", "written"), JAX_FUNCTIONS, ids=[w for _, w in JAX_FUNCTIONS]
)
def test_a_jax_function_is_written_by_its_public_name(
    function, written, kind, faithful
):
    model = keras.Sequential([keras.Input((3,), name="x"), LAYERS[kind](function)])
    key = {"Dense": "activation=", "Activation": "", "Lambda": ""}[kind]
    for write in (kerasteach.to_functional_code, kerasteach.to_sequential_code):
        code = write(model, faithful=faithful)
        assert f"layers.{kind}({'3, ' if kind == 'Dense' else ''}{key}{written}," in (
            code.source
        )
        assert "import jax" in code.imports
        assert "_src" not in code.source and "deserialize" not in code.source
        assert not code.notes
        if not faithful:  # readable: no defaults
            assert "trainable=" not in code.source and "dtype=" not in code.source
        rebuilt = assert_round_trip(model, code)
        held = rebuilt.layers[-1]
        assert (held.function if kind == "Lambda" else held.activation) is function


def test_the_gelu_jax_has_is_not_the_one_keras_names():
    # the round trip above would pass with keras's "gelu" only if they agreed
    x = np.linspace(-3, 3, 7, dtype="float32")
    approximate = np.asarray(jax.nn.gelu(x))
    exact = np.asarray(keras.activations.gelu(x))
    assert not np.allclose(approximate, exact, atol=1e-5)


def test_a_jax_function_its_name_gives_back_keeps_the_name():
    # jax.nn.softmax is saved as "softmax": Keras's softmax, same defaults
    model = keras.Sequential(
        [keras.Input((3,)), layers.Dense(3, activation=jax.nn.softmax)]
    )
    code = kerasteach.to_sequential_code(model)
    assert 'layers.Dense(3, activation="softmax")' in code.source
    assert_round_trip(model, code)


def test_a_jax_module_import_jax_leaves_out_gets_its_own_import():
    # import jax alone does not make jax.scipy.special: the code must import
    # it, or it fails in a fresh Python (the session that made the model
    # had imported it)
    import subprocess
    import sys

    import jax.scipy.special

    model = keras.Sequential(
        [keras.Input((3,), name="x"), layers.Lambda(jax.scipy.special.erf, name="f")]
    )
    code = kerasteach.to_sequential_code(model)
    assert "layers.Lambda(jax.scipy.special.erf" in code.source
    assert "import jax.scipy.special" in code.imports
    assert_round_trip(model, code)
    fresh = subprocess.run(
        [
            sys.executable,
            "-c",
            "\n".join([*code.imports, "print(jax.scipy.special.erf)"]),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "KERAS_BACKEND": "jax"},
    )
    assert fresh.returncode == 0, fresh.stderr
