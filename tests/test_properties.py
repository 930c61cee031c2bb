"""Property tests: random models of every shape round-trip through the code."""

from __future__ import annotations

import keras
from _roundtrip import assert_round_trip
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from keras import layers

import kerasteach as kt

WIDTH = 4
# Names a model can carry on every backend: TensorFlow uses the model's name as
# a root name scope at predict time, which must not start with "_".
SAFE = st.from_regex(r"[a-z0-9][a-z0-9_]{0,9}", fullmatch=True)
ODD = st.text(
    alphabet=st.characters(blacklist_characters="/", blacklist_categories=("Cs",)),
    min_size=1,
    max_size=12,
)
STEP = st.sampled_from(["dense", "add", "concat", "shared", "nested", "op", "dropout"])


@st.composite
def random_models(draw):
    odd = draw(st.booleans())
    names = draw(st.lists(ODD if odd else SAFE, min_size=40, max_size=40, unique=True))
    name_iter = iter(names)

    def name():
        return next(name_iter)

    n_inputs = draw(st.integers(1, 2))
    inputs = [keras.Input(shape=(WIDTH,), name=name()) for _ in range(n_inputs)]
    tensors = list(inputs)
    pick = st.integers(0, 10_000)
    shared = None
    for _ in range(draw(st.integers(1, 7))):
        step = draw(STEP)
        a = tensors[draw(pick) % len(tensors)]
        b = tensors[draw(pick) % len(tensors)]
        activation = draw(st.sampled_from([None, "relu", "tanh"]))
        if step == "dense":
            t = layers.Dense(WIDTH, activation=activation, name=name())(a)
        elif step == "add":
            t = layers.Add(name=name())([a, b])
        elif step == "concat":
            c = layers.Concatenate(name=name())([a, b])
            t = layers.Dense(WIDTH, name=name())(c)
        elif step == "shared":
            if shared is None:
                shared = layers.Dense(WIDTH, activation=activation, name=name())
            t = shared(a)
        elif step == "nested":
            inner = keras.Sequential(
                [keras.Input((WIDTH,)), layers.Dense(WIDTH, name=name())],
                name=name(),
            )
            t = inner(a)
        elif step == "op":
            t = keras.ops.multiply(a, b) if draw(st.booleans()) else a + 1.5
        else:
            t = layers.Dropout(0.3, name=name())(a)
        tensors.append(t)
    n_outputs = draw(st.integers(1, 2))
    outputs = tensors[-n_outputs:] if len(tensors) > n_inputs else tensors[-1:]
    if draw(st.booleans()) and len(outputs) == 2:
        outputs = {"first": outputs[0], "second": outputs[1]}
    elif len(outputs) == 1:
        outputs = outputs[0]
    model_inputs = inputs if n_inputs > 1 else inputs[0]
    return keras.Model(model_inputs, outputs, name=name() if not odd else "model"), odd


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(random_models(), st.booleans())
def test_random_models_round_trip(built, faithful):
    model, odd = built
    code = kt.to_functional_code(model, faithful=faithful)
    assert_round_trip(model, code, predict=not odd)
    explanation = kt.explain(model)
    if explanation.is_sequential:
        assert_round_trip(
            model, kt.to_sequential_code(model, faithful=faithful), predict=not odd
        )
    else:
        assert all(r.layers for r in explanation.reasons)
    keras.utils.clear_session()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(1, 8), st.sampled_from([None, "relu", "sigmoid"])),
        min_size=1,
        max_size=6,
    ),
    st.booleans(),
)
def test_random_chains_are_sequential(spec, faithful):
    model = keras.Sequential(
        [keras.Input((5,))] + [layers.Dense(u, activation=a) for u, a in spec]
    )
    assert kt.explain(model).is_sequential
    for code in (
        kt.to_sequential_code(model, faithful=faithful),
        kt.to_functional_code(model, faithful=faithful),
    ):
        assert_round_trip(model, code)
    keras.utils.clear_session()
