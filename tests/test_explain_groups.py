"""explain() on models with many skip connections: one reason for them all.

A residual network has dozens of skip connections.  One reason for each
branch and each merge buried a beginner under 20 (MobileNetV2) to 268
(EfficientNetV2L) sentences that differ only by their names.  Three or more
places of one kind are said in one reason; fewer keep a reason each.
"""

from __future__ import annotations

import applications
import keras
import pytest
from keras import layers
from models import SMALL_MODELS, residual, skip_tower, split_tower

import kerasteach as kt
from kerasteach.errors import NotSequentialError

RULE = (
    "a Sequential model cannot do this: in it, each output feeds only the "
    "next layer, and each layer reads only the output of the layer before it."
)
SKIPS = (
    "skip connections, where the output of a layer feeds the next layer and "
    "also skips ahead to a layer that merges it back in"
)
FIRST_SKIP = (
    "The first: the output of 'stem' (Dense) feeds 'block_1_dense' and "
    "'block_1_add', and layer 'block_1_add' (Add) merges it with the output of "
    "'block_1_dense'."
)


def test_eight_skip_connections_are_one_reason():
    (reason,) = kt.explain(skip_tower(8)).reasons
    assert reason.kind == "skip-connections"
    assert reason.message == (
        f"8 {SKIPS}. {FIRST_SKIP} The others run from 'block_1_add' to "
        "'block_2_add' (Add), from 'block_2_add' to 'block_3_add' (Add), from "
        "'block_3_add' to 'block_4_add' (Add), from 'block_4_add' to "
        "'block_5_add' (Add), from 'block_5_add' to 'block_6_add' (Add) and 2 "
        f"more; {RULE}"
    )


def test_a_grouped_reason_loses_no_layer_and_keeps_each_precise_reason():
    (reason,) = kt.explain(skip_tower(8)).reasons
    # the parts are the reasons a smaller model gives: a branch and a merge
    # for each connection, in the model's order
    assert [p.kind for p in reason.parts] == ["branch", "merge"] * 8
    assert reason.parts[0].message == (
        "the output of 'stem' (Dense) branches: it feeds 'block_1_dense' and "
        "'block_1_add'; in a Sequential model each output feeds only the next "
        "layer."
    )
    assert reason.parts[-1].message == (
        "layer 'block_8_add' (Add) merges 2 tensors (from 'block_7_add' and "
        "'block_8_dense'); a Sequential layer reads only the output of the "
        "layer before it."
    )
    # every layer of every part is named by the reason, so the widget marks it
    blocks = [f"block_{b}_{k}" for b in range(1, 9) for k in ("dense", "add")]
    assert reason.layers == ("stem", *blocks)
    assert {n for p in reason.parts for n in p.layers} == set(reason.layers)


def test_two_skip_connections_keep_a_reason_per_branch_and_merge():
    reasons = kt.explain(skip_tower(2)).reasons
    assert [r.kind for r in reasons] == ["branch", "merge", "branch", "merge"]
    assert all(not r.parts for r in reasons)
    assert reasons[1].message == (
        "layer 'block_1_add' (Add) merges 2 tensors (from 'stem' and "
        "'block_1_dense'); a Sequential layer reads only the output of the "
        "layer before it."
    )
    # one skip connection: the same two sentences as ever
    assert [r.message for r in kt.explain(residual()).reasons] == [
        "the output of 'x' (InputLayer) branches: it feeds 'dense_a' and 'skip'; "
        "in a Sequential model each output feeds only the next layer.",
        "layer 'skip' (Add) merges 2 tensors (from 'x' and 'dense_b'); a "
        "Sequential layer reads only the output of the layer before it.",
    ]


def test_merges_of_several_kinds_are_counted():
    # EfficientNet merges its skip connections with Add and Multiply layers
    (reason,) = kt.explain(skip_tower(4, multiply=1)).reasons
    assert reason.message.startswith(
        f"4 {SKIPS} (here 3 Add layers and 1 Multiply layer). {FIRST_SKIP}"
    )
    assert "from 'block_3_add' to 'block_4_multiply' (Multiply);" in reason.message


def test_paths_that_join_again_are_one_reason():
    (reason,) = kt.explain(split_tower(3)).reasons
    assert reason.kind == "rejoined-branches"
    assert reason.message == (
        "3 places where the output of a layer splits into paths of layers that "
        "a merging layer joins again. The first: the output of 'stem' (Dense) "
        "feeds 'split_1_left' and 'split_1_right', and layer 'split_1_join' "
        "(Add) joins those paths again: it merges the outputs of 'split_1_left' "
        "and 'split_1_right'. The others run from 'split_1_join' to "
        f"'split_2_join' (Add) and from 'split_2_join' to 'split_3_join' (Add); {RULE}"
    )
    assert len(reason.layers) == 10 and len(reason.parts) == 6


def _heads_and_merges():
    """Four inputs merged by three layers, a trunk with three heads: three
    merges of tensors from no common branch, three branches no merge joins."""
    inputs = [keras.Input(shape=(4,), name=n) for n in "abcd"]
    ab = layers.Add(name="ab")(inputs[:2])
    cd = layers.Multiply(name="cd")(inputs[2:])
    x = layers.Dense(4, name="trunk")(layers.Concatenate(name="all")([ab, cd]))
    outputs = []
    for k in range(3):
        outputs.append(layers.Dense(1, name=f"head_{k}")(x))
        x = layers.Dense(4, name=f"trunk_{k}")(x)
    return keras.Model(inputs, [*outputs, x], name="heads")


def test_many_merges_of_inputs_and_many_heads_are_a_reason_each():
    reasons = kt.explain(_heads_and_merges()).reasons
    assert [(r.kind, len(r.parts)) for r in reasons] == [
        ("inputs", 0),
        ("outputs", 0),
        ("merges", 3),
        ("branches", 3),
    ]
    merges, branches = reasons[2:]
    assert merges.message == (
        "3 layers merge several tensors. The first: layer 'ab' (Add) merges 2 "
        "tensors (from 'a' and 'b'). The others are 'cd' (Multiply) and 'all' "
        "(Concatenate); a Sequential layer reads only the output of the layer "
        "before it."
    )
    assert merges.layers == ("ab", "a", "b", "cd", "c", "d", "all")
    assert branches.message == (
        "3 outputs branch, each feeding more than one layer. The first: the "
        "output of 'trunk' (Dense) feeds 'head_0' and 'trunk_0'. The others "
        "are the outputs of 'trunk_0' and 'trunk_1'; in a Sequential model each "
        "output feeds only the next layer."
    )
    assert [p.kind for p in branches.parts] == ["branch"] * 3
    assert set(branches.layers) == {"trunk", "trunk_0", "trunk_1", "trunk_2"} | {
        f"head_{k}" for k in range(3)
    }


@pytest.mark.parametrize("name", ["list_io", "two_in_two_out", "shared_encoder"])
def test_merges_of_separate_inputs_are_no_skip_connections(name):
    # 'diff' and 'prod' merge the model's two inputs: nothing joins again
    kinds = [r.kind for r in kt.explain(SMALL_MODELS[name]()).reasons]
    assert "skip-connections" not in kinds and "rejoined-branches" not in kinds


def test_the_error_names_the_first_skip_connection():
    model = skip_tower(8)
    with pytest.raises(NotSequentialError) as info:
        kt.to_sequential_code(model)
    assert info.value.reasons == kt.explain(model).reasons
    lines = str(info.value).splitlines()
    assert len(lines) == 3  # the rule, one reason, what to do instead
    assert lines[1].startswith(f"  - 8 {SKIPS}. {FIRST_SKIP}")


def test_mobilenetv2_and_resnet50_say_their_skip_connections_once():
    (reason,) = applications.graph("MobileNetV2").reasons
    assert reason.kind == "skip-connections"
    assert reason.message.startswith(
        f"10 {SKIPS}. The first: the output of 'block_1_project_BN' "
        "(BatchNormalization) feeds 'block_2_expand' and 'block_2_add', and layer "
        "'block_2_add' (Add) merges it with the output of 'block_2_project_BN'. "
        "The others run from 'block_3_project_BN' to 'block_4_add' (Add), "
    )
    assert reason.message.endswith(f" and 4 more; {RULE}")
    assert len(reason.parts) == 20 and len(reason.layers) == 35
    # ResNet50: 4 projection shortcuts (both paths have layers), 12 skips
    projections, skips = applications.graph("ResNet50").reasons
    assert (projections.kind, len(projections.parts)) == ("rejoined-branches", 8)
    assert projections.message.startswith("4 places where the output of a layer")
    assert (skips.kind, len(skips.parts)) == ("skip-connections", 24)
    assert skips.message.startswith(f"12 {SKIPS}.")


def _two_splits():
    """'concat' joins 'add1' and 'add2', whose paths split at 'a' and at 'b'
    (both from the split at 's')."""
    x = keras.Input(shape=(8,), name="x")
    s = layers.Dense(8, name="s")(x)
    a, b = layers.Dense(8, name="a")(s), layers.Dense(8, name="b")(s)
    add1 = layers.Add(name="add1")([a, b])
    a2, b2 = layers.Dense(8, name="a2")(a), layers.Dense(8, name="b2")(b)
    add2 = layers.Add(name="add2")([a2, b2])
    return keras.Model(x, layers.Concatenate(name="concat")([add1, add2]))


def _inception_tower(blocks: int = 3):
    """Inception-like blocks: the block's input feeds '1x1' and 'reduce',
    'reduce' feeds '3x3' and '5x5', and 'concat' joins all three paths."""
    h = inputs = keras.Input(shape=(8,), name="x")
    h = layers.Dense(8, name="stem")(h)
    for k in range(1, blocks + 1):
        one = layers.Dense(8, name=f"b{k}_1x1")(h)
        reduce = layers.Dense(8, name=f"b{k}_reduce")(h)
        paths = [layers.Dense(8, name=f"b{k}_{n}")(reduce) for n in ("3x3", "5x5")]
        h = layers.Concatenate(name=f"b{k}_concat")([one, *paths])
    return keras.Model(inputs, h)


def _dense_tower():
    """DenseNet-like: each concat merges back a block's input and its first
    layer's output, two skip connections into one merge."""
    h = inputs = keras.Input(shape=(8,), name="x")
    h = layers.Dense(8, name="stem")(h)
    for k in range(1, 4):
        y = layers.Dense(8, name=f"d{k}_a")(h)
        z = layers.Dense(8, name=f"d{k}_b")(y)
        h = layers.Concatenate(name=f"d{k}_concat")([h, y, z])
    return keras.Model(inputs, h)


def test_a_merge_of_paths_from_two_splits_names_both():
    # 'concat' rejoins paths that split at 'a' and at 'b': not only at 'b'
    (reason,) = kt.explain(_two_splits()).reasons
    assert reason.kind == "rejoined-branches"
    assert reason.message == (
        "3 places where the output of a layer splits into paths of layers that "
        "a merging layer joins again (here 2 Add layers and 1 Concatenate "
        "layer). The first: the output of 's' (Dense) feeds 'a' and 'b', and "
        "layer 'add1' (Add) joins those paths again: it merges the outputs of "
        "'a' and 'b'. The others run from 's' to 'add2' (Add) and from 'a' and "
        f"'b' to 'concat' (Concatenate); {RULE}"
    )
    # the branch at 'a' is one of its parts, not a branch said on its own
    assert [(p.kind, p.layers[0]) for p in reason.parts] == [
        ("branch", "s"),
        ("branch", "a"),
        ("branch", "b"),
        ("merge", "add1"),
        ("merge", "add2"),
        ("merge", "concat"),
    ]
    assert set(reason.layers) == {"s", "a", "b", "a2", "b2", "add1", "add2", "concat"}


def test_an_inception_merge_names_the_block_input_and_the_later_split():
    (reason,) = kt.explain(_inception_tower()).reasons  # no "branches" reason
    assert reason.kind == "rejoined-branches"
    assert reason.message == (
        "3 places where the output of a layer splits into paths of layers that "
        "a merging layer joins again. The first: the output of 'stem' (Dense) "
        "feeds 'b1_1x1' and 'b1_reduce', the output of 'b1_reduce' (Dense) "
        "feeds 'b1_3x3' and 'b1_5x5', and layer 'b1_concat' (Concatenate) "
        "joins those paths again: it merges the outputs of 'b1_1x1', 'b1_3x3' "
        "and 'b1_5x5'. The others run from 'b1_concat' and 'b2_reduce' to "
        "'b2_concat' (Concatenate) and from 'b2_concat' and 'b3_reduce' to "
        f"'b3_concat' (Concatenate); {RULE}"
    )
    assert [p.kind for p in reason.parts] == ["branch", "branch", "merge"] * 3
    assert {f"b{k}_reduce" for k in (1, 2, 3)} <= set(reason.layers)
    # one block: a reason per branch and per merge, as ever
    assert [r.kind for r in kt.explain(_inception_tower(1)).reasons] == [
        "branch",
        "branch",
        "merge",
    ]


def test_a_merge_of_two_skip_connections_merges_them_back():
    (reason,) = kt.explain(_dense_tower()).reasons
    assert reason.kind == "skip-connections"
    assert reason.message == (
        f"3 {SKIPS}. The first: the output of 'stem' (Dense) feeds 'd1_a' and "
        "'d1_concat', the output of 'd1_a' (Dense) feeds 'd1_b' and "
        "'d1_concat', and layer 'd1_concat' (Concatenate) merges them with the "
        "output of 'd1_b'. The others run from 'd1_concat' and 'd2_a' to "
        "'d2_concat' (Concatenate) and from 'd2_concat' and 'd3_a' to "
        f"'d3_concat' (Concatenate); {RULE}"
    )


@pytest.mark.parametrize("model", [skip_tower, split_tower])
def test_paths_from_one_split_name_it_alone(model):
    # each merge goes back to every split before it, but its paths split at
    # one, the nearest: each place runs from one name
    (reason,) = kt.explain(model()).reasons
    others = reason.message.split("The others run ")[1]
    assert others.startswith("from 'block_1_add' to 'block_2_add' (Add), ") or (
        others.startswith("from 'split_1_join' to 'split_2_join' (Add) and ")
    )
    assert "' and '" not in others


def test_check_names_the_places_of_two_splits_in_the_models_order():
    # check() reads the grouped reason's parts: the split at 'a' comes second
    student = keras.Sequential(
        [keras.Input(shape=(8,))]
        + [layers.Dense(8, name=n) for n in ("s", "a", "b", "a2", "b2")]
    )
    result = kt.check(student, _two_splits())
    assert result.kind == "needs-functional"
    assert result.message.endswith(
        "In the reference, the output of 's' (Dense(8)) branches: it feeds 'a' "
        "(Dense(8)) and 'b' (Dense(8)); and the output of 'a' branches: it "
        "feeds 'add1' (Add()) and 'a2' (Dense(8)) (and 4 more places like these)."
    )


@pytest.mark.parametrize("copies, words", [(2, "both from"), (3, "all from")])
def test_a_tensor_merged_with_itself_says_both_or_all(copies, words):
    x = keras.Input((4,), name="x")
    d = layers.Dense(4, name="difference")(x)
    out = layers.Multiply(name="squared")([d] * copies)
    (reason,) = [
        r for r in kt.explain(keras.Model(x, out)).reasons if r.kind == "merge"
    ]
    assert f"merges {copies} tensors ({words} 'difference')" in reason.message


def test_attention_called_on_query_and_value_is_one_reason_not_a_merge():
    # MultiHeadAttention()(x, x) is one call with two arguments: the reason
    # names the second argument; a "merge" besides would advise a list
    x = keras.Input((5, 8), name="seq")
    a = layers.MultiHeadAttention(2, 4, name="mha")(x, x)
    reasons = kt.explain(keras.Model(x, a)).reasons
    assert [r.kind for r in reasons] == ["call-arguments"]
    assert "'mha' (MultiHeadAttention) is called with more than its input" in (
        reasons[0].message
    )
    assert "the output of 'seq' (its 2nd argument)" in reasons[0].message
    # a layer that takes a list of tensors still merges them
    q, v = keras.Input((5, 8), name="q"), keras.Input((6, 8), name="v")
    out = layers.Attention(name="att")([q, v])
    (merge,) = [
        r for r in kt.explain(keras.Model([q, v], out)).reasons if r.kind == "merge"
    ]
    assert "'att' (Attention) merges 2 tensors (from 'q' and 'v')" in merge.message
