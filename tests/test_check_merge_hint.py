"""kerasteach.check: the hint for a forgotten merge (``x + h``) writes it
as the reference wrote it: a keras.ops function on the tensors (or the
operator), a merge layer on a list."""

from __future__ import annotations

import keras
import pytest
from keras import layers, ops

from kerasteach import check


def skip_reference(merge):
    inputs = keras.Input((8,))
    h = layers.Dense(8)(layers.Dense(8, activation="relu")(inputs))
    return keras.Model(inputs, layers.Dense(1)(merge(inputs, h)))


def no_skip_student():
    inputs = keras.Input((8,))
    h = layers.Dense(8)(layers.Dense(8, activation="relu")(inputs))
    return keras.Model(inputs, layers.Dense(1)(h))


@pytest.mark.parametrize(
    ("merge", "ways"),
    [
        (
            lambda a, b: a + b,
            ["keras.ops.add(a, b)", "a + b", "keras.layers.Add()([a, b])"],
        ),
        (
            lambda a, b: a - b,
            ["keras.ops.subtract(a, b)", "a - b", "keras.layers.Subtract()([a, b])"],
        ),
        (
            ops.multiply,
            ["keras.ops.multiply(a, b)", "a * b", "keras.layers.Multiply()([a, b])"],
        ),
        (
            lambda a, b: ops.concatenate([a, b], axis=-1),
            [
                "keras.ops.concatenate([a, b], axis=-1)",
                "keras.layers.Concatenate()([a, b])",
            ],
        ),
    ],
)
def test_a_forgotten_op_merge_is_written_as_the_op(merge, ways):
    result = check(no_skip_student(), skip_reference(merge))
    assert result.kind == "missing-layer"
    assert result.hint.startswith("Combine the input and 'dense'")
    for way in ways:
        assert way in result.hint
    assert "calling it on a list" not in result.hint  # the op takes the tensors


def test_a_forgotten_op_merge_keeps_the_reference_s_axis():
    # keras.ops.concatenate's own default axis is 0, the batch: the hint
    # wrote axis=-1 whatever the reference had
    def model(merge):
        inputs = keras.Input((4, 3))
        h = layers.Dense(3)(inputs)
        x = layers.Dense(1)(merge(inputs, h)) if merge else layers.Dense(1)(h)
        return keras.Model(inputs, x)

    reference = model(lambda a, b: ops.concatenate([a, b], axis=1))
    result = check(model(None), reference)
    assert result.kind == "missing-layer"
    assert "keras.ops.concatenate([a, b], axis=1)" in result.hint
    assert "keras.layers.Concatenate(axis=1)([a, b])" in result.hint
    reference = model(lambda a, b: ops.stack([a, b], axis=2))
    assert "keras.ops.stack([a, b], axis=2)" in check(model(None), reference).hint


@pytest.mark.parametrize("name", ["Dot", "Average"])
def test_ops_whose_merge_layer_differs_are_not_offered_as_that_layer(name):
    # keras.layers.Dot() needs axes and is a product per sample, not
    # ops.dot; ops.average's second argument is an axis
    from types import SimpleNamespace

    from kerasteach._check_combine import combine_hint
    from kerasteach.graph import OP

    node = SimpleNamespace(kind=OP, class_name=name, module="keras.ops", source=None)
    hint = combine_hint(node, name, "the input and 'dense'")
    assert f"keras.ops.{name.lower()}(a, b)" in hint
    assert "keras.layers" not in hint


def test_a_forgotten_merge_layer_is_called_on_a_list():
    reference = skip_reference(lambda a, b: layers.Concatenate(axis=1)([a, b]))
    result = check(no_skip_student(), reference)
    assert result.kind == "missing-layer"
    assert "keras.layers.Concatenate(axis=1)([a, b])" in result.hint
    assert "called on a list" in result.hint
    assert "keras.ops" not in result.hint


def test_the_skip_written_either_way_is_right():
    student = skip_reference(lambda a, b: layers.Add()([a, b]))
    assert check(student, skip_reference(lambda a, b: a + b)).correct
