"""check() swept further: a subclassed model's layers said by the attributes
the student wrote (``self.h2``), the structure of several outputs (a dict
where the reference returns a list), and an answer with several mistakes,
told the first in full and how many more there are after it.

Uses the lessons' references and ``says`` of test_check_sweep.py.
"""

from __future__ import annotations

import dataclasses
import itertools

import keras
import pytest
from keras import layers
from test_check_sweep import iris, says
from test_check_sweep_graphs import encoder_two_heads, skip_block

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


# -- a list or a dict of several outputs ---------------------------------------
def heads(as_dict, *, keys=("digit", "odd")):
    """Lesson 8's answer, its heads as a dict (under ``keys``) or a list."""
    x = keras.Input(shape=(64,), name="pixels")
    code = Dense(16, activation="relu")(Dense(32, activation="relu")(x))
    digit = Dense(10, activation="softmax", name="digit")(code)
    odd = Dense(1, activation="sigmoid", name="odd")(code)
    return keras.Model(x, dict(zip(keys, (digit, odd))) if as_dict else [digit, odd])


def test_a_list_of_heads_where_lesson_8_returns_a_dict_is_told():
    says(
        check(heads(False), encoder_two_heads(), style="functional"),
        "structure",
        None,
        message=[
            "Your model returns its outputs as a list; the reference returns a "
            "dict with the keys 'digit' and 'odd', which compile(loss={...}) and "
            "fit() use to find each output."
        ],
        hint=[
            "Pass a dict to keras.Model: outputs={'digit': ..., 'odd': ...}, with "
            "the output of 'digit' under 'digit' and the output of 'odd' under "
            "'odd'."
        ],
    )
    assert check(heads(True), encoder_two_heads(), style="functional")


def test_a_dict_of_heads_where_the_reference_returns_a_list_is_told():
    reference = heads(False)
    says(
        check(heads(True, keys=("odd_or_even", "digit")), reference),
        "structure",
        None,
        message=[
            "Your model returns its outputs in a dict, under the keys "
            "'odd_or_even' and 'digit'; the reference returns a list of 2 outputs",
            "in the order of its sorted keys ('digit', then 'odd_or_even')",
        ],
        hint=[
            "outputs=[..., ...], with the output of 'digit' first, then the "
            "output of 'odd'."
        ],
    )
    assert check(heads(False), reference)


def test_a_dict_of_inputs_where_the_reference_takes_a_list_is_told():
    def two_inputs(as_dict):
        a, b = keras.Input((3,), name="a"), keras.Input((5,), name="b")
        merged = layers.Concatenate()([a, b])
        inputs = {"a": a, "b": b} if as_dict else [a, b]
        return keras.Model(inputs, Dense(2)(merged))

    says(
        check(two_inputs(True), two_inputs(False)),
        "structure",
        None,
        message=[
            "Your model takes its inputs in a dict, under the keys 'a' and 'b'; "
            "the reference takes a list of 2 inputs, told apart by their order: "
            "fit() and predict() give it a list of arrays, and yours fails on a "
            "list, as it expects a dict."
        ],
        hint=[
            "Pass the inputs to keras.Model as a list, in the reference's order: "
            "inputs=[..., ...], with your input 'a' first, then your input 'b'."
        ],
    )


class _Heads(keras.Model):
    """Lesson 8's answer as a subclass: ``call()`` returns the heads in a
    list, or in a dict under ``keys``."""

    def __init__(self, keys=None):
        super().__init__()
        self.h1 = Dense(32, activation="relu")
        self.h2 = Dense(16, activation="relu")
        self.digit = Dense(10, activation="softmax")
        self.odd = Dense(1, activation="sigmoid")
        self.keys = keys

    def call(self, x):
        code = self.h2(self.h1(x))
        outputs = [self.digit(code), self.odd(code)]
        return outputs if self.keys is None else dict(zip(self.keys, outputs))


def test_a_subclass_is_told_what_call_returns():
    says(
        check(_Heads(), encoder_two_heads()),
        "structure",
        None,
        hint=[
            "Return a dict from call(): return {'digit': ..., 'odd': ...}, with "
            "the output of self.digit under 'digit' and the output of self.odd "
            "under 'odd'."
        ],
        not_in_message=["keras.Model("],
    )
    says(
        check(_Heads(keys=("digit", "odd")), heads(False)),
        "structure",
        None,
        hint=[
            "Return the outputs from call() as a list, in the reference's order: "
            "return [..., ...], with the output of self.digit first, then the "
            "output of self.odd."
        ],
    )
    x = keras.Input(shape=(64,))
    code = Dense(16, activation="relu")(Dense(32, activation="relu")(x))
    one_head = keras.Model(x, Dense(10, activation="softmax")(code))

    class OneHead(_Heads):
        def call(self, x):
            return {"digit": self.digit(self.h2(self.h1(x)))}

    net = OneHead()
    says(
        check(net, one_head),
        "structure",
        net.digit.name,
        hint=[
            "Return the tensor itself from call(), without the dict: return "
            "outputs instead of return {'digit': outputs}, where outputs is the "
            "output of self.digit."
        ],
    )


# -- several mistakes: the first in full, and how many more --------------------
# lesson 9's iris classifier answered with some of these mistakes, each in a
# place of its own, in the reference's order, with the kind check() says
_IRIS_MISTAKES = {
    "units": "units",  # Dense(30) for Dense(32)
    "no-dropout": "missing-layer",
    "tanh": "activation",  # the second hidden layer
    "sigmoid": "activation",  # the output layer
    "softmax-again": "extra-layer",  # an Activation('softmax') at the end
}


def iris_answer(mistakes):
    stack = [Dense(30 if "units" in mistakes else 32, activation="relu")]
    if "no-dropout" not in mistakes:
        stack.append(layers.Dropout(0.1))
    stack.append(Dense(16, activation="tanh" if "tanh" in mistakes else "relu"))
    stack.append(Dense(3, activation="sigmoid" if "sigmoid" in mistakes else "softmax"))
    if "softmax-again" in mistakes:
        stack.append(layers.Activation("softmax"))
    return keras.Sequential([keras.Input(shape=(4,)), *stack])


@pytest.mark.parametrize(
    "mistakes",
    [
        combo
        for n in range(1, len(_IRIS_MISTAKES) + 1)
        for combo in itertools.combinations(_IRIS_MISTAKES, n)
    ],
    ids="+".join,
)
def test_each_mistake_is_counted_once_in_any_combination(mistakes):
    """Fixing the first difference as told leaves the others: the count
    goes down by one each time, down to the only one, which says nothing
    more."""
    result = check(iris_answer(mistakes), iris())
    assert result.kind == _IRIS_MISTAKES[mistakes[0]], str(result)
    assert (result.more, result.more_at_least) == (len(mistakes) - 1, False)
    if len(mistakes) == 1:
        assert result.more_note == "" and str(result).count("\n") == 1
    else:
        note = (
            f"This is the first of {len(mistakes)} differences: fix it, then "
            "check again to see the next."
        )
        assert result.more_note == note
        assert str(result).endswith(f"\nHint: {result.hint}\n{note}")
        assert result._repr_markdown_().endswith(f"\n\n{note}")
        assert result._repr_html_().endswith(f"<br>{note}</div>")


def test_lesson_9s_answer_is_told_both_its_mistakes_one_after_the_other():
    """The lesson's first attempt: a Dropout forgotten and a sigmoid output."""

    def answer(dropout, output):
        stack = [Dense(32, activation="relu", name="hidden_1")]
        stack += [layers.Dropout(0.1, name="dropout")] if dropout else []
        stack += [
            Dense(16, activation="relu", name="hidden_2"),
            Dense(3, activation=output, name="species"),
        ]
        return keras.Sequential([keras.Input(shape=(4,)), *stack])

    first = check(answer(False, "sigmoid"), iris())
    says(first, "missing-layer", "hidden_1", hint=["Add Dropout(0.1) between"])
    assert first.more == 1
    second = check(answer(True, "sigmoid"), iris())  # fixed as the hint says
    says(second, "activation", "species")
    assert second.more == 0 and "first of" not in str(second)
    assert check(answer(True, "softmax"), iris())


def _named_iris(*stack):
    return keras.Sequential([keras.Input(shape=(4,)), *stack])


def test_a_layer_left_out_and_one_added_further_on_are_two_differences():
    """Lesson 9's Dropout forgotten and a softmax added at the end, with the
    second hidden layer in tanh: the Dropout is missing, not 'hidden_2' a
    layer of another type to replace by a Dropout (which would leave the
    student replacing each layer after it by the next)."""
    answer = _named_iris(
        Dense(32, activation="relu", name="hidden_1"),
        Dense(16, activation="tanh", name="hidden_2"),
        Dense(3, activation="softmax", name="species"),
        layers.Activation("softmax", name="again"),
    )
    result = check(answer, iris())
    says(
        result,
        "missing-layer",
        "hidden_1",
        message=["after 'hidden_1' the reference has Dropout(0.1)"],
        hint=["Add Dropout(0.1) between 'hidden_1' and 'hidden_2'."],
        not_in_message=["Dropout layer: Dropout(0.1)"],
    )
    assert (result.more, result.more_at_least) == (2, False)


def test_a_layer_of_another_type_in_the_same_place_is_one_difference():
    """A GaussianNoise where the reference has its Dropout: one layer to
    replace, one fix, and then the model is right."""
    answer = _named_iris(
        Dense(32, activation="relu", name="hidden_1"),
        layers.GaussianNoise(0.1, name="noise"),
        Dense(16, activation="relu", name="hidden_2"),
        Dense(3, activation="softmax", name="species"),
    )
    result = check(answer, iris())
    says(
        result,
        "layer-type",
        "noise",
        message=["Layer 'noise' is a GaussianNoise layer"],
        hint=["Replace 'noise' with Dropout(0.1)."],
    )
    assert (result.more, result.more_note) == (0, "")


# lesson 5's skip block answered with some of these mistakes
_SKIP_MISTAKES = {
    "h-tanh": "activation",
    "f2-relu": "activation",
    "skip-from-f1": "connection",
    "out-units": "units",
}


def skip_answer(mistakes):
    inputs = keras.Input(shape=(64,))
    h = Dense(16, activation="tanh" if "h-tanh" in mistakes else "relu")(inputs)
    f1 = Dense(16, activation="relu")(h)
    f2 = Dense(16, activation="relu" if "f2-relu" in mistakes else None)(f1)
    added = layers.Add()([f1 if "skip-from-f1" in mistakes else h, f2])
    units = 5 if "out-units" in mistakes else 10
    return keras.Model(inputs, Dense(units, activation="softmax")(added))


@pytest.mark.parametrize(
    "mistakes",
    [
        combo
        for n in range(2, len(_SKIP_MISTAKES) + 1)
        for combo in itertools.combinations(_SKIP_MISTAKES, n)
        # 'h' read by 'f_1' alone, then 'f_1' and 'f_2' like 'h' and 'f_1':
        # the chain reads as one layer too many in front of the block
        if not {"h-tanh", "skip-from-f1"} <= set(combo)
    ],
    ids="+".join,
)
def test_mistakes_around_a_skip_connection_are_counted_once(mistakes):
    result = check(skip_answer(mistakes), skip_block())
    assert result.kind == _SKIP_MISTAKES[mistakes[0]], str(result)
    assert (result.more, result.more_at_least) == (len(mistakes) - 1, False)


def test_the_style_asked_for_counts_as_one_more():
    answer = iris_answer(["tanh"])  # a keras.Sequential model
    result = check(answer, iris(), style="functional")
    assert (result.kind, result.more) == ("activation", 1)
    assert check(iris_answer(["tanh"]), iris(), style="sequential").more == 0


def test_a_nested_models_call_is_one_difference_for_all_its_layers():
    def model(training):
        base = keras.Sequential([keras.Input((4,)), Dense(3), Dense(2)], name="base")
        x = keras.Input((4,))
        return keras.Model(x, Dense(1, activation=None)(base(x, training=training)))

    result = check(model(None), model(False))
    assert (result.kind, result.layer, result.more) == ("call-arguments", "base", 0)


def test_a_count_that_cannot_go_on_says_at_least():
    """A layer that returns several tensors, where the student's returns
    one: what reads its other outputs cannot be paired, so the count stops."""
    x = keras.Input((5, 3))
    h = Dense(8, activation="relu")(x)
    seq, state, _ = layers.LSTM(4, return_sequences=True, return_state=True)(h)
    merged = layers.Concatenate()([layers.Flatten()(seq), state])
    reference = keras.Model(x, Dense(2)(merged))
    x = keras.Input((5, 3))
    h = Dense(6, activation="relu", name="h")(x)
    flat = layers.Flatten(name="flat")(h)
    merged = layers.Concatenate()([flat, Dense(4)(flat)])
    result = check(keras.Model(x, Dense(2)(merged)), reference)
    says(result, "units", "h")
    assert (result.more, result.more_at_least) == (1, True)
    assert result.more_note == (
        "This is the first of at least 2 differences: fix it, then check again "
        "to see the next."
    )


def _lstm_reference():
    """An LSTM whose states are unpacked and left unused."""
    x = keras.Input((5, 3))
    h = Dense(8, activation="relu")(x)
    out, _, _ = layers.LSTM(4, return_state=True)(h)
    return keras.Model(x, Dense(2)(out))


def _lstm_answer(units, state, out):
    x = keras.Input((5, 3))
    h = Dense(units, activation="relu", name="h")(x)
    seq = layers.LSTM(4, return_state=state, name="lstm")(h)
    seq = seq[0] if state else seq
    return keras.Model(x, Dense(out, name="out")(seq))


def test_states_left_unused_do_not_stop_the_count():
    """An LSTM without return_state where the reference's returns states it
    does not use: the same layer with another setting, and the count goes on
    past it, exact, down to the last difference."""
    first = check(_lstm_answer(6, False, 3), _lstm_reference())
    says(first, "units", "h")
    assert (first.more, first.more_at_least) == (2, False)
    second = check(_lstm_answer(8, False, 3), _lstm_reference())
    says(second, "config", "lstm", message=["has return_state=False"])
    assert (second.more, second.more_at_least) == (1, False)
    third = check(_lstm_answer(8, True, 3), _lstm_reference())
    says(third, "units", "out")
    assert (third.more, third.more_at_least, third.more_note) == (0, False, "")
    assert check(_lstm_answer(8, True, 2), _lstm_reference())


def test_a_first_difference_the_count_cannot_go_past_says_there_may_be_more():
    """A Flatten where the reference's LSTM returns states that its
    Concatenate reads: after it, what remains cannot be told, and the result
    says so rather than nothing (which reads as 'the last one')."""
    x = keras.Input((5, 3))
    h = Dense(8, activation="relu")(x)
    seq, state, _ = layers.LSTM(4, return_sequences=True, return_state=True)(h)
    merged = layers.Concatenate()([layers.Flatten()(seq), state])
    reference = keras.Model(x, Dense(2)(merged))
    x = keras.Input((5, 3))
    flat = layers.Flatten(name="flat")(Dense(8, activation="relu", name="h")(x))
    merged = layers.Concatenate()([flat, Dense(4)(flat)])
    result = check(keras.Model(x, Dense(2)(merged)), reference)
    says(result, "layer-type", "flat")
    assert (result.more, result.more_at_least) == (0, True)
    note = (
        "There may be more differences after this one: fix it, then check again to see."
    )
    assert result.more_note == note
    assert str(result).endswith(f"\nHint: {result.hint}\n{note}")


def test_the_first_of_a_block_of_like_layers_is_changed_not_extra():
    """Lesson 5's block: 'h' and 'f_1' are both Dense(16, relu); an 'h'
    with another activation is that, not one layer too many in front of
    the block (the next reads like 'h' but is not read like it)."""
    answer = skip_answer(["h-tanh"])
    says(
        check(answer, skip_block()),
        "activation",
        answer.layers[1].name,
        message=["(your 1st Dense layer) uses the 'tanh' activation"],
        hint=["Change it to Dense(16, activation='relu')."],
    )


# -- a missing branch: added and joined in one fix ---------------------------------
def shortcut_block(*, shortcut=True, first=False, units=16, drop=False):
    """A block with a projection shortcut: Add([Dense(8)(x), block(x)]); the
    shortcut's Dense made ``first`` or after the block, followed by a
    Dropout when ``drop``; ``units`` of the block's first Dense."""
    x = keras.Input((8,), name="x")
    if shortcut and first:
        s = Dense(8, name="proj")(x)
    h = Dense(8, name="f_2")(Dense(units, activation="relu", name="f_1")(x))
    if shortcut and not first:
        s = Dense(8, name="proj")(x)
    if shortcut:
        s = layers.Dropout(0.5, name="proj_drop")(s) if drop else s
        h = layers.Add(name="add")([s, h])
    return keras.Model(x, layers.Activation("relu", name="act")(h))


@pytest.mark.parametrize("first", [True, False], ids=["made-first", "made-after"])
def test_a_missing_shortcut_and_its_merge_are_one_difference(first):
    """Whether the reference makes its shortcut's Dense(8) before the block
    or after it: that Dense is missing (not the block's Dense(8) 'f_2', with
    'f_1' an extra layer in front of it), and adding it is joining it too,
    as a layer whose result leads to no output is not in the model."""
    reference = shortcut_block(first=first)
    result = check(shortcut_block(shortcut=False), reference)
    says(
        result,
        "missing-layer",
        None,
        message=[
            "Your model is missing a branch: the reference also applies Dense(8) "
            "to the input, besides 'f_1', and nothing in your model does. The "
            "reference combines the result and the output of 'f_2' with Add()."
        ],
        hint=[
            "Add Dense(8) and call it on the input too (several layers can read "
            "the same tensor); then combine its result and the output of 'f_2' "
            "with Add(), in this order: a layer whose result does not lead to "
            "the model's outputs is not part of the model."
        ],
        not_in_message=["extra"],
    )
    assert (result.more, result.more_note) == (0, "")
    # the Dense added alone is not in the model: the same difference again
    x = keras.Input((8,), name="x")
    h = Dense(8, name="f_2")(Dense(16, activation="relu", name="f_1")(x))
    Dense(8, name="proj")(x)
    again = check(keras.Model(x, layers.Activation("relu")(h)), reference)
    assert (again.kind, again.message) == (result.kind, result.message)
    assert check(shortcut_block(first=not first), reference)  # fixed as told


def test_a_missing_branch_of_two_layers_is_one_difference():
    result = check(shortcut_block(shortcut=False), shortcut_block(drop=True))
    says(
        result,
        "missing-layer",
        None,
        message=[
            "also applies Dense(8), then Dropout(0.5), to the input, besides 'f_1'"
        ],
        hint=[
            "Add Dense(8), then Dropout(0.5): call the first on the input too, and "
            "each on the result of the one before",
            "then combine its result and the output of 'f_2' with Add()",
        ],
    )
    assert result.more == 0


def test_a_missing_branch_is_counted_apart_from_other_differences():
    """The block's first Dense with other units is one more difference; the
    block is still the block, which the shortcut's Add combines, not the
    shortcut's Dense(8) with an extra layer in front of it."""
    result = check(shortcut_block(shortcut=False, units=32), shortcut_block())
    says(
        result,
        "missing-layer",
        None,
        message=["The reference combines the result and the output of 'f_2'"],
    )
    assert (result.more, result.more_at_least) == (1, False)
    fixed = check(shortcut_block(units=32), shortcut_block())
    says(fixed, "units", "f_1")
    assert fixed.more == 0


def test_a_branch_missing_from_a_merge_that_is_there_is_one_difference():
    """The student's Concatenate reads one head twice: the missing head and
    its place in the merge are one fix."""

    def heads(two):
        x = keras.Input((8,))
        h = Dense(4, activation="relu", name="h")(x)
        a = Dense(2, name="a")(h)
        b = Dense(3, name="b")(h) if two else a
        return keras.Model(x, layers.Concatenate(name="both")([a, b]))

    result = check(heads(False), heads(True))
    says(
        result,
        "missing-layer",
        "h",
        message=["The reference combines the output of 'a' and the result with"],
        hint=["then combine the output of 'a' and its result with Concatenate()"],
    )
    assert result.more == 0
    assert check(heads(True), heads(True))
