"""Functions a layer holds (an activation, a Lambda's function) are written by
their public name: ``keras.ops.sin``, ``tf.math.sin``, never a private
``keras.src`` import, a bare name no code defines, or an import that
shadows a Python builtin."""

import builtins
import sys

import keras
import numpy as np
import pytest
from _roundtrip import assert_round_trip, run_code
from keras import layers

import kerasteach as kt
from kerasteach.errors import NotBuiltError, UnsupportedValueError

WRITERS = (kt.to_functional_code, kt.to_sequential_code)


def _dense(activation):
    return keras.Sequential(
        [keras.Input((3,), name="x"), layers.Dense(3, activation=activation)]
    )


@pytest.mark.parametrize("faithful", [False, True], ids=["readable", "faithful"])
@pytest.mark.parametrize(
    ("function", "written", "imported"),
    [
        (keras.ops.sin, "keras.ops.sin", "import keras"),
        # saved as "gelu", which is keras.activations.gelu: approximate=False,
        # while keras.ops.gelu computes approximate=True
        (keras.ops.gelu, "keras.ops.gelu", "import keras"),
    ],
    ids=["keras.ops.sin", "keras.ops.gelu"],
)
def test_an_activation_is_written_by_its_public_name(
    function, written, imported, faithful
):
    # Keras saves keras.ops.sin as a builtin "sin": the code said
    # activation=sin, with a note that it is the student's own function
    _written_by_public_name(function, written, imported, faithful)


# TensorFlow's functions need TensorFlow: tests/test_backends.py leaves out
# the tests named test_tf_ when it runs this file without it.
@pytest.mark.parametrize("faithful", [False, True], ids=["readable", "faithful"])
@pytest.mark.parametrize("name", ["math.sin", "math.exp"])
def test_tf_an_activation_is_written_by_its_public_name(name, faithful):
    import tensorflow as tf

    space, _, short = name.partition(".")
    function = getattr(getattr(tf, space), short)
    _written_by_public_name(function, f"tf.{name}", "import tensorflow as tf", faithful)


def _written_by_public_name(function, written, imported, faithful):
    model = _dense(function)
    for write in WRITERS:
        code = write(model, faithful=faithful)
        assert f"layers.Dense(3, activation={written}" in code.source
        assert imported in code.imports
        assert "keras.src" not in code.source and not code.notes
        rebuilt = assert_round_trip(model, code)
        assert rebuilt.layers[-1].activation is function


@pytest.mark.parametrize(
    ("function", "named"),
    [
        (keras.ops.tanh, '"tanh"'),
        (keras.ops.relu, '"relu"'),
        (keras.activations.gelu, '"gelu"'),
    ],
    ids=["keras.ops.tanh", "keras.ops.relu", "activations.gelu"],
)
def test_an_activation_that_its_name_gives_back_keeps_the_name(function, named):
    _keeps_the_name(function, named)


def test_tf_an_activation_that_its_name_gives_back_keeps_the_name():
    import tensorflow as tf

    _keeps_the_name(tf.nn.relu, '"relu"')


def _keeps_the_name(function, named):
    model = _dense(function)
    for write in WRITERS:
        code = write(model)
        assert f"layers.Dense(3, activation={named})" in code.source
        assert_round_trip(model, code)


def test_a_student_function_named_like_an_activation_is_not_that_activation():
    # Keras saves it as "relu" (its name): the code must not write that
    def relu(x):
        return x * 2

    relu.__module__, relu.__qualname__ = "__main__", "relu"
    code = kt.to_functional_code(_dense(relu))
    assert "activation=relu" in code.source
    assert any("relu is defined in your own code" in n for n in code.notes)


def test_an_activation_inside_a_wrapper_is_written_by_its_public_name():
    inputs = keras.Input((2, 3))
    outputs = layers.TimeDistributed(layers.Dense(3, activation=keras.ops.sin))(inputs)
    model = keras.Model(inputs, outputs)
    code = kt.to_functional_code(model)
    assert "layers.TimeDistributed(layers.Dense(3, activation=keras.ops.sin))" in (
        code.source
    )
    assert_round_trip(model, code)


def test_a_recurrent_activation_is_written_by_its_public_name():
    model = keras.Sequential(
        [keras.Input((2, 3)), layers.LSTM(4, recurrent_activation=keras.ops.sin)]
    )
    for write in WRITERS:
        code = write(model)
        assert "layers.LSTM(4, recurrent_activation=keras.ops.sin)" in code.source
        assert_round_trip(model, code)


@pytest.mark.parametrize("faithful", [False, True], ids=["readable", "faithful"])
@pytest.mark.parametrize(
    ("function", "written"),
    [
        (keras.ops.sin, "keras.ops.sin"),
        (keras.ops.abs, "keras.ops.abs"),
        # what the message about np.sqrt and np.square says to write
        (keras.ops.sqrt, "keras.ops.sqrt"),
        (keras.ops.square, "keras.ops.square"),
        (keras.ops.softmax, "keras.ops.softmax"),
        (keras.activations.relu, "keras.activations.relu"),
    ],
    ids=["sin", "abs", "sqrt", "square", "softmax", "activations.relu"],
)
def test_a_lambda_function_is_written_by_its_public_name(function, written, faithful):
    # The code imported it from keras.src (private), and "from
    # keras.src.ops.numpy import abs" replaced Python's abs in the notebook
    _lambda_by_public_name(function, written, faithful)


@pytest.mark.parametrize("faithful", [False, True], ids=["readable", "faithful"])
def test_tf_a_lambda_function_is_written_by_its_public_name(faithful):
    import tensorflow as tf

    _lambda_by_public_name(tf.math.sin, "tf.math.sin", faithful)


def _lambda_by_public_name(function, written, faithful):
    model = keras.Sequential([keras.Input((3,)), layers.Lambda(function)])
    for write in WRITERS:
        code = write(model, faithful=faithful)
        assert f"layers.Lambda({written}" in code.source
        assert "keras.src" not in code.source
        plain = {"import keras", "import tensorflow as tf", "from keras import layers"}
        assert set(code.imports) <= plain  # no "from ... import abs"
        namespace: dict = {}
        assert_round_trip(model, code, namespace=namespace)
        assert namespace.get("abs", builtins.abs) is builtins.abs


def test_a_function_imported_from_a_module_never_shadows_a_builtin(tmp_path):
    # a student's module may define abs; importing it by that name would
    # replace Python's abs in the notebook after the code runs
    (tmp_path / "my_ops.py").write_text("def abs(x):\n    return x * -1\n")
    sys.path.insert(0, str(tmp_path))
    try:
        import my_ops

        model = keras.Sequential([keras.Input((3,)), layers.Lambda(my_ops.abs)])
        code = kt.to_functional_code(model)
        assert "from my_ops import abs as abs_1" in code.source
        assert "layers.Lambda(abs_1)" in code.source
        namespace: dict = {}
        rebuilt = run_code(code, namespace)
        assert "abs" not in namespace
        x = np.ones((1, 3), dtype="float32")
        np.testing.assert_allclose(rebuilt.predict(x, verbose=0), -x)
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("my_ops", None)


# A NumPy function works on NumPy arrays, not on the tensors inside a model:
# predict() fails on TensorFlow and JAX, fit() cannot train through it, and
# Keras cannot save it (get_config() failed with "'numpy.ufunc' object has no
# attribute 'item'", which the message quoted).  No code rebuilds a model
# that works, so the message names Keras's version of the function.
NUMPY = [(np.abs, "abs"), (np.sqrt, "sqrt"), (np.square, "square")]


@pytest.mark.parametrize("faithful", [False, True], ids=["readable", "faithful"])
@pytest.mark.parametrize(("function", "name"), NUMPY, ids=[n for _, n in NUMPY])
def test_a_numpy_function_in_a_lambda_names_the_keras_one(function, name, faithful):
    inputs = keras.Input((3,), name="x")
    outputs = layers.Lambda(function, output_shape=(3,), name="f")(inputs)
    model = keras.Model(inputs, outputs)
    for write in WRITERS:
        with pytest.raises(UnsupportedValueError) as caught:
            write(model, faithful=faithful)
        message = str(caught.value)
        assert f"Layer 'f' (Lambda) has function=np.{name}, a NumPy function" in (
            message
        )
        assert f"layers.Lambda(keras.ops.{name})" in message
        assert "ufunc" not in message and "item" not in message


@pytest.mark.parametrize("make", ["Dense", "Activation"])
def test_a_numpy_activation_names_the_keras_one(make):
    layer = (
        layers.Dense(3, activation=np.tanh, name="d")
        if make == "Dense"
        else layers.Activation(np.tanh, name="d")
    )
    model = keras.Sequential([keras.Input((3,), name="x"), layer])
    for write in WRITERS:
        with pytest.raises(UnsupportedValueError) as caught:
            write(model)
        message = str(caught.value)
        assert f"Layer 'd' ({make}) has activation=np.tanh, a NumPy function" in (
            message
        )
        assert "activation=keras.ops.tanh" in message


# a NumPy function outside np's own namespace was named by its bare name
# ("activation=np.norm", which does not exist)
NUMPY_MODULES = [
    (np.linalg.norm, "np.linalg.norm", "keras.ops.linalg.norm"),
    # keras.ops.fft exists but takes (real, imag): only the same path counts
    (np.fft.fft, "np.fft.fft", None),
]


@pytest.mark.parametrize(
    ("function", "written", "instead"), NUMPY_MODULES, ids=["linalg", "fft"]
)
def test_a_numpy_function_in_a_numpy_module_is_named_by_its_path(
    function, written, instead
):
    model = _dense(function)
    name = model.layers[-1].name
    for write in WRITERS:
        with pytest.raises(UnsupportedValueError) as caught:
            write(model)
        message = str(caught.value)
        assert f"Layer {name!r} (Dense) has activation={written}, a NumPy" in (message)
        assert "np.norm" not in message and "np.fft," not in message
        if instead is None:
            assert "keras.ops.fft" not in message
            assert "a function defined with def that uses the keras.ops" in (message)
        else:
            assert f"Use Keras's version, {instead}," in message
            assert f"activation={instead}." in message


def test_a_numpy_function_without_a_public_path_is_not_given_one():
    # sliding_window_view is public only as np.lib.stride_tricks...; the
    # message names it as it is, not with a made-up np.sliding_window_view.
    # Given after the model is built: Dense cannot call it on a tensor.
    model = _dense("linear")
    model.layers[-1].activation = np.lib.stride_tricks.sliding_window_view
    name = model.layers[-1].name
    with pytest.raises(UnsupportedValueError) as caught:
        kt.to_functional_code(model)
    message = str(caught.value)
    assert (
        f"Layer {name!r} (Dense) has activation set to a NumPy function "
        "named 'sliding_window_view'."
    ) in message
    assert "np.sliding_window_view" not in message
    assert "keras.ops.sliding_window_view" not in message
    assert "pass activation=that function" in message


def test_a_numpy_function_keras_cannot_place_is_named():
    # without output_shape Keras on TensorFlow and JAX cannot connect the
    # Sequential model at all: the message said "one of its layers" and asked
    # for a call() method.  On PyTorch it connects, and cannot be saved.
    model = keras.Sequential([keras.Input((3,)), layers.Lambda(np.abs, name="f")])
    for write in WRITERS:
        with pytest.raises((NotBuiltError, UnsupportedValueError)) as caught:
            write(model)
        message = str(caught.value)
        if keras.backend.backend() != "torch":
            assert caught.type is NotBuiltError
            assert "could not connect the layers" in message
        held = "ayer 'f' (Lambda) has function=np.abs, a NumPy function"
        assert held in message
        assert "layers.Lambda(keras.ops.abs)" in message


# Keras's own filter: a lambda is saved as bytecode, and that is the point here
@pytest.mark.filterwarnings("ignore:The object being serialized includes:UserWarning")
@pytest.mark.parametrize(
    ("function", "calls", "instead"),
    [
        (lambda t: np.mean(t, axis=-1, keepdims=True), "np.mean", "keras.ops.mean"),
        (
            lambda t: np.sum(np.abs(t), axis=-1, keepdims=True),
            "np.sum, np.abs",
            "keras.ops.sum, keras.ops.abs",
        ),
        # keras.ops.max is Keras's, not NumPy's: it was named as np.max
        (
            lambda t: np.mean(t, axis=-1, keepdims=True) + keras.ops.max(t),
            "np.mean",
            "keras.ops.mean",
        ),
        # a function in a NumPy module gave no note
        (
            lambda t: np.linalg.norm(t, axis=-1, keepdims=True),
            "np.linalg.norm",
            "keras.ops.linalg.norm",
        ),
        (
            lambda t: keras.ops.real(np.fft.fft(t))[:, :1],
            "np.fft.fft",
            "keras.ops functions",
        ),
    ],
    ids=["mean", "sum-abs", "mean-not-max", "linalg", "fft"],
)
def test_a_lambda_that_calls_numpy_gets_a_note_naming_the_keras_functions(
    function, calls, instead
):
    # a lambda gets a placeholder to fill in, as any lambda does; the note
    # says what to write there
    model = keras.Sequential(
        [keras.Input((3,)), layers.Lambda(function, output_shape=(1,), name="f")]
    )
    for write in WRITERS:
        code = write(model)
        assert "def f_function(*args, **kwargs):" in code.source
        assert (
            f"The lambda of Lambda layer 'f' calls {calls}: NumPy functions work "
            "on NumPy arrays, not on the tensors inside a Keras model"
        ) in "\n".join(code.notes)
        assert f"When you fill in f_function(), use {instead} instead." in (
            "\n".join(code.notes)
        )
        assert "np.max" not in "\n".join(code.notes)
        rebuilt = run_code(code)  # the structure builds, as for any lambda
        assert rebuilt.layers[-1].output.shape == (None, 1)


@pytest.mark.filterwarnings("ignore:The object being serialized includes:UserWarning")
@pytest.mark.parametrize(
    "function",
    [
        lambda t: keras.ops.mean(t),
        # names NumPy also has (max, shape), read off Keras or the tensor
        lambda t: keras.ops.max(t, axis=-1, keepdims=True) * t.shape[-1],
    ],
    ids=["mean", "max-shape"],
)
def test_a_lambda_without_numpy_gets_no_numpy_note(function):
    model = keras.Sequential([keras.Input((3,)), layers.Lambda(function, name="f")])
    code = kt.to_functional_code(model)
    assert not any("NumPy" in note for note in code.notes)


# np.ma.exp is no ufunc: Keras saved it as {"module": "numpy.ma.core",
# "class_name": "_MaskedUnaryOperation", "config": "exp"}, and the code
# wrote that as keras.saving.deserialize_keras_object({...}), which cannot
# load it, where np.tanh got the plain NumPy message.  A Keras tensor has no
# mask: np.ma.exp's Keras version is keras.ops.exp.
@pytest.mark.parametrize("faithful", [False, True], ids=["readable", "faithful"])
@pytest.mark.parametrize(
    ("function", "written", "instead"),
    [
        (np.ma.exp, "np.ma.exp", "keras.ops.exp"),
        (np.ma.abs, "np.ma.abs", "keras.ops.abs"),
    ],
    ids=["ma.exp", "ma.abs"],
)
@pytest.mark.parametrize("make", ["Dense", "Activation", "Lambda"])
def test_a_masked_numpy_function_gets_the_numpy_message(
    function, written, instead, make, faithful
):
    key = "function" if make == "Lambda" else "activation"
    layer = {
        "Dense": lambda: layers.Dense(3, activation=function, name="d"),
        "Activation": lambda: layers.Activation(function, name="d"),
        "Lambda": lambda: layers.Lambda(function, output_shape=(3,), name="d"),
    }[make]()
    model = keras.Sequential([keras.Input((3,), name="x"), layer])
    for write in WRITERS:
        with pytest.raises(UnsupportedValueError) as caught:
            write(model, faithful=faithful)
        message = str(caught.value)
        assert f"Layer 'd' ({make}) has {key}={written}, a NumPy function." in (message)
        fixed = f"layers.Lambda({instead})" if make == "Lambda" else f"{key}={instead}"
        assert f"Use Keras's version, {instead}, " in message and fixed in message
        assert "deserialize" not in message and "_Masked" not in message
    assert kt.explain(model).is_sequential  # the rest still reads it


# np.random.normal is a method of NumPy's RandomState: the code wrote
# activation=RandomState.normal, imported from numpy.random
@pytest.mark.parametrize(
    ("function", "named"),
    [
        (np.random.normal, "(keras.random.normal)"),
        # Keras has no randn: its functions are named as examples
        (np.random.randn, "(keras.random.normal, keras.random.uniform, ...)"),
    ],
    ids=["normal", "randn"],
)
def test_a_numpy_random_setting_names_keras_random(function, named):
    model = _dense("linear")
    model.layers[-1].activation = function  # Dense cannot call it on a tensor
    name = model.layers[-1].name
    written = f"np.random.{function.__name__}"
    for write in WRITERS:
        with pytest.raises(UnsupportedValueError) as caught:
            write(model)
        message = str(caught.value)
        assert f"Layer {name!r} (Dense) has activation={written}, a NumPy" in message
        assert (
            f"Keras makes random numbers with keras.random functions {named}, "
            "which take the shape of the result as shape= where NumPy's take size="
        ) in message
        assert "pass activation=that function" in message
        assert "RandomState" not in message and "keras.ops.random" not in message
        assert "keras.random.randn" not in message


@pytest.mark.filterwarnings("ignore:The object being serialized includes:UserWarning")
@pytest.mark.parametrize(
    ("function", "calls", "instead", "shape"),
    [
        (
            lambda t: t + np.random.normal(size=(3,)),
            "np.random.normal",
            "use keras.random.normal instead.",
            " keras.random.normal takes the shape of the result as shape=, where "
            "NumPy's takes size=.",
        ),
        (
            lambda t: t * np.random.uniform(size=(3,)) + np.random.normal(size=(3,)),
            "np.random.uniform, np.random.normal",
            "use keras.random.uniform, keras.random.normal instead.",
            " keras.random.uniform, keras.random.normal take the shape of the result "
            "as shape=, where NumPy's take size=.",
        ),
        # keras.random has no randn
        (
            lambda t: t + np.random.randn(3),
            "np.random.randn",
            "use keras.ops functions (keras.random ones for random numbers) instead.",
            "",
        ),
        # shuffle takes the array in both
        (
            lambda t: np.random.shuffle(t),
            "np.random.shuffle",
            "use keras.random.shuffle instead.",
            "",
        ),
    ],
    ids=["normal", "uniform-normal", "randn", "shuffle"],
)
def test_a_lambda_that_calls_numpy_random_is_told_keras_random(
    function, calls, instead, shape
):
    # the note said "use keras.ops functions instead": Keras's random numbers
    # are in keras.random, and keras.ops has none
    model = keras.Sequential(
        [keras.Input((3,)), layers.Lambda(function, output_shape=(3,), name="f")]
    )
    for write in WRITERS:
        notes = "\n".join(write(model).notes)
        assert f"The lambda of Lambda layer 'f' calls {calls}: NumPy" in notes
        assert f"When you fill in f_function(), {instead}{shape}\n" in notes + "\n"
        assert "keras.ops.random" not in notes and "keras.random.randn" not in notes


# TimeDistributed(Dense(3, activation=np.tanh)) said "was given a setting
# Keras cannot save (AttributeError: 'numpy.ufunc' object has no attribute
# 'item')", and with np.ma.exp wrote code that cannot load it
@pytest.mark.parametrize(
    ("function", "written", "instead"),
    [(np.tanh, "np.tanh", "keras.ops.tanh"), (np.ma.exp, "np.ma.exp", "keras.ops.exp")],
    ids=["tanh", "ma.exp"],
)
def test_a_numpy_function_in_a_wrapped_layer_names_that_layer(
    function, written, instead
):
    inner = layers.Dense(3, activation=function, name="d")
    model = keras.Sequential(
        [keras.Input((2, 3)), layers.TimeDistributed(inner, name="td")]
    )
    for write in WRITERS:
        with pytest.raises(UnsupportedValueError) as caught:
            write(model)
        message = str(caught.value)
        assert message.startswith(
            f"Layer 'td' (TimeDistributed) wraps layer 'd' (Dense), which has "
            f"activation={written}, a NumPy function."
        )
        assert f"activation={instead}." in message
        assert "ufunc" not in message and "deserialize" not in message


def test_a_numpy_function_keras_refuses_in_a_lambda_is_named_if_it_gets_there():
    # layers.Lambda(np.linalg.norm) fails in Keras ("unsupported callable")
    # before there is a model; one that got it some other way gets the
    # plain NumPy message, as np.abs does
    model = keras.Sequential(
        [keras.Input((3,)), layers.Lambda(keras.ops.abs, name="f")]
    )
    model.layers[-1].function = np.linalg.norm
    for write in WRITERS:
        with pytest.raises(UnsupportedValueError) as caught:
            write(model)
        message = str(caught.value)
        assert message.startswith(
            "Layer 'f' (Lambda) has function=np.linalg.norm, a NumPy function."
        )
        assert "layers.Lambda(keras.ops.linalg.norm)." in message
