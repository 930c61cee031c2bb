"""Property tests: random models of every shape round-trip through the code."""

from __future__ import annotations

from dataclasses import dataclass

import keras
from _roundtrip import assert_round_trip
from hypothesis import HealthCheck, given, reject, settings
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
ACTIVATION = st.sampled_from([None, "relu", "tanh"])
PICK = st.integers(0, 10_000)


def _keras_accepts_unused_inputs() -> bool:
    """Keras 3.10 to 3.12 refuse a model with an input no output uses
    (keras-team/keras#22153); the models this file builds may have one."""
    a, b = keras.Input((WIDTH,)), keras.Input((WIDTH,))
    try:
        keras.Model([a, b], layers.Dense(WIDTH)(a))
    except ValueError:
        return False
    return True


ACCEPTS_UNUSED_INPUTS = _keras_accepts_unused_inputs()


@dataclass(frozen=True)
class Plan:
    """A random model as plain data; ``build`` makes it in the test body, so
    the strategy draws only data (Keras's seeds stay out of Hypothesis)."""

    odd: bool  # names with any characters (no predictions, see SAFE)
    names: list[str]
    n_inputs: int
    steps: list[tuple[str, int, int, str | None, bool]]  # step, a, b, activation, flag
    n_outputs: int
    as_dict: bool


@st.composite
def model_plans(draw):
    odd = draw(st.booleans())
    return Plan(
        odd=odd,
        names=draw(
            st.lists(ODD if odd else SAFE, min_size=40, max_size=40, unique=True)
        ),
        n_inputs=draw(st.integers(1, 2)),
        steps=draw(
            st.lists(
                st.tuples(STEP, PICK, PICK, ACTIVATION, st.booleans()),
                min_size=1,
                max_size=7,
            )
        ),
        n_outputs=draw(st.integers(1, 2)),
        as_dict=draw(st.booleans()),
    )


def build(plan: Plan) -> keras.Model:
    name = iter(plan.names).__next__
    inputs = [keras.Input(shape=(WIDTH,), name=name()) for _ in range(plan.n_inputs)]
    tensors = list(inputs)
    uses = [{i} for i in range(len(inputs))]  # the inputs each tensor depends on
    shared = None
    for step, pick_a, pick_b, activation, flag in plan.steps:
        i, j = pick_a % len(tensors), pick_b % len(tensors)
        a, b = tensors[i], tensors[j]
        two = step in ("add", "concat") or (step == "op" and flag)
        uses.append(uses[i] | uses[j] if two else uses[i])
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
            t = keras.ops.multiply(a, b) if flag else a + 1.5
        else:
            t = layers.Dropout(0.3, name=name())(a)
        tensors.append(t)
    n_outputs = plan.n_outputs
    last = -n_outputs if len(tensors) > plan.n_inputs else -1
    outputs = tensors[last:]
    unused = set(range(len(inputs))) - set().union(*uses[last:])
    if unused and not ACCEPTS_UNUSED_INPUTS:
        reject()  # a model this Keras cannot build
    if plan.as_dict and len(outputs) == 2:
        outputs = {"first": outputs[0], "second": outputs[1]}
    elif len(outputs) == 1:
        outputs = outputs[0]
    model_inputs = inputs if plan.n_inputs > 1 else inputs[0]
    return keras.Model(model_inputs, outputs, name="model" if plan.odd else name())


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(model_plans(), st.booleans())
def test_random_models_round_trip(plan, faithful):
    model, odd = build(plan), plan.odd
    code = kt.to_functional_code(model, faithful=faithful)
    assert_round_trip(model, code, predict=not odd)
    explanation = kt.explain(model)
    if explanation.is_sequential:
        assert_round_trip(
            model, kt.to_sequential_code(model, faithful=faithful), predict=not odd
        )
    else:
        assert all(r.layers for r in explanation.reasons)
        for reason in explanation.reasons:  # a group names every layer it says
            assert {n for p in reason.parts for n in p.layers} <= set(reason.layers)
            assert not reason.parts or len(reason.parts) >= 3
            assert {p.kind for p in reason.parts} <= {"branch", "merge"}
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
