"""Edge cases a demanding user tries: odd names, odd models, odd arguments.

Each test holds one thing that went wrong (or would have) when the public
functions met something the other test files do not try: a flag given as
text, a name that means something to Markdown, a terminal that cannot show
a layer's name, an object that is not a model printed as its raw repr.
"""

from __future__ import annotations

import html
import pathlib
import re

import keras
import numpy as np
import pytest
import traitlets
from _roundtrip import assert_round_trip
from hypothesis import given, settings
from hypothesis import strategies as st
from keras import layers

import kerasteach as kt
from kerasteach._check_result import CheckResult
from kerasteach._markdown import escape


def _chain(name: str = "chain", layer: str = "hidden") -> keras.Model:
    return keras.Sequential(
        [keras.Input((3,), name="x"), layers.Dense(2, name=layer)], name=name
    )


# ------------------------------------------------------------- code options


@pytest.mark.parametrize("write", [kt.to_functional_code, kt.to_sequential_code])
@pytest.mark.parametrize(
    "option, value, advice",
    [
        ("faithful", "no", "Write faithful=False, without quotes."),
        ("faithful", "False", "Write faithful=False, without quotes."),
        ("faithful", None, "True keeps every layer name"),
        ("strict", "yes", "Write strict=True, without quotes."),
        ("strict", 0, "Write strict=False."),
    ],
)
def test_a_code_option_given_as_text_is_refused_not_taken_as_true(
    write, option, value, advice
):
    # faithful="no" is a true value: the code came out faithful, and
    # GeneratedCode.faithful held the string "no".
    model = _chain()
    with pytest.raises(kt.KerasTeachError) as info:
        write(model, **{option: value})
    assert str(info.value).startswith(f"{option} expected True or False")
    assert advice in str(info.value)
    code = write(model, faithful=True, strict=False)
    assert code.faithful is True
    assert_round_trip(model, code)


# ------------------------------------------------------------------ Markdown

# names Markdown would read as markup: bold, a tag, mathematics, a link, code
MARKUP_NAMES = ["__init__", "<b>bold<\\b>", "$x$", "[a](b)", "`tick`", "a*b*", "&amp;"]


def _rendered_text(markdown: str) -> str:
    """What a notebook shows for ``markdown``: CommonMark (markdown-it, which
    Keras itself installs through rich), as plain text."""
    from markdown_it import MarkdownIt

    rendered = MarkdownIt().render(markdown)
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


def test_an_explanation_in_a_notebook_shows_names_as_they_are():
    # Explanation's Markdown pasted the names in: '__init__' was shown as a
    # bold 'init', '<b>bold<\b>' as a tag (the name vanished), '$x$' as maths.
    x = keras.Input((3,), name=MARKUP_NAMES[0])
    branches = [layers.Dense(1, name=n)(x) for n in MARKUP_NAMES[1:]]
    model = keras.Model(x, layers.Concatenate(name="*")(branches), name="m_*_$")
    explanation = kt.explain(model)
    markdown = explanation._repr_markdown_()
    shown = _rendered_text(markdown)
    from markdown_it import MarkdownIt

    tags = set(re.findall(r"<(\w+)", MarkdownIt().render(markdown)))
    assert tags == {"p", "ul", "li"}  # no <strong>, <em>, <b>, <a>, <code>
    for name in MARKUP_NAMES:
        assert repr(name) in shown
    for line in str(explanation).splitlines():
        assert line.strip().removeprefix("- ") in shown
    chain = _chain(name="__chain__", layer="$x$")
    assert _rendered_text(kt.explain(chain)._repr_markdown_()).strip() == str(
        kt.explain(chain)
    )


def test_a_check_result_in_a_notebook_shows_names_as_they_are():
    # CheckResult's Markdown pasted the names in, as explain()'s did.
    reference = keras.Sequential(
        [keras.Input((3,)), layers.Dense(4, name="a"), layers.Dense(2, name="b")]
    )
    for name in MARKUP_NAMES:
        student = keras.Sequential(
            [keras.Input((3,)), layers.Dense(5, name=name), layers.Dense(2)]
        )
        result = kt.check(student, reference)
        assert result.layer == name and repr(name) in result.message
        markdown = result._repr_markdown_()
        assert _rendered_text(markdown).strip() == f"🟠 {result}"
    made_up = CheckResult(False, " ".join(MARKUP_NAMES), "`x` [y]", more=1)
    rendered = _rendered_text(made_up._repr_markdown_()).strip()
    assert rendered == f"🟠 {made_up}" and made_up.more_note in rendered
    right = CheckResult(True, "Right: <i>'__x__'</i>")
    assert _rendered_text(right._repr_markdown_()).strip() == f"✅ {right}"


def test_snake_case_names_are_left_as_they_are_in_the_markdown():
    # escape() wrote 'block\\_1\\_add': the same on screen, but harder to
    # read in the notebook's file, and the stored lessons changed for nothing.
    assert escape("'block_1_add' and gru_2") == "'block_1_add' and gru_2"
    assert escape("'__init__' '_x' x_ a_*") == (
        "'\\_\\_init\\_\\_' '\\_x' x\\_ a\\_\\*"
    )


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab1é_*$<>[]()`\\&~!'#:=.-", min_size=1, max_size=12))
def test_any_name_escaped_renders_as_itself(name):
    text = f"Layer {name} here"
    assert _rendered_text(escape(text)).strip() == text


# ------------------------------------------------------------ not a model


def _history():
    model = _chain()
    model.compile("sgd", "mse")
    return model.fit(np.zeros((2, 3)), np.zeros((2, 2)), verbose=0)


@pytest.mark.parametrize(
    "make, received, advice",
    [
        # raw reprs: "Adam <keras.src.optimizers.adam.Adam object at 0x7f...>"
        (lambda: keras.optimizers.Adam(), "an Adam object", "Pass a Keras model."),
        (lambda: (n for n in [1]), "a generator object", "Pass a Keras model."),
        (lambda: keras, "the module keras", "model = keras.Sequential([...])"),
        (_history, "the History that model.fit() returns", "called .fit() on"),
        # "the function summary, not the model it makes. Call it ..."
        (
            lambda: _chain().summary,
            "the method summary of the model 'chain'",
            "Pass the model itself, without .summary.",
        ),
        # Keras wraps build in a plain function: "the function build, not the
        # model it makes. Call it and pass what it returns: build()"
        (
            lambda: _chain(layer="hidden").layers[0].build,
            "the method build of the layer 'hidden'",
            "Pass the model the layer is in, not layer.build. To look at the "
            "layer alone, wrap it in a model: keras.Sequential([",
        ),
        (
            lambda: _chain().build,
            "the method build of the model 'chain'",
            "Pass the model itself, without .build; to build it first, call "
            "model.build(...) on a line of its own.",
        ),
        (
            lambda: _chain().layers[0].call,
            "the method call of the layer 'hidden'",
            "Pass the model the layer is in, not layer.call.",
        ),
        (
            lambda: _chain().call,
            "the method call of the model 'chain'",
            "Pass the model itself, without .call.",
        ),
        (
            lambda: _chain().predict,
            "the method predict of the model 'chain'",
            "Pass the model itself, without .predict.",
        ),
        # "PosixPath PosixPath('model.keras')"
        (
            lambda: pathlib.Path("model.keras"),
            "the path 'model.keras'",
            "keras.saving.load_model(path)",
        ),
        # "a InputLayer layer"
        (lambda: layers.InputLayer((3,)), "an InputLayer layer", "Wrap it in"),
    ],
)
def test_what_is_not_a_model_is_named_in_words_not_by_its_repr(make, received, advice):
    with pytest.raises(kt.NotAModelError) as info:
        kt.to_functional_code(make())
    message = str(info.value)
    assert f"Received: {received}" in message and advice in message
    assert "object at" not in message and "<" not in message
    feedback = kt.check(make(), _chain())
    assert f"received {received}" in feedback.message
    assert advice in feedback.hint


# --------------------------------------------------------------- odd models


@pytest.mark.parametrize("entry", [kt.to_functional_code, kt.draw, kt.compare])
def test_a_sequential_of_only_an_input_says_it_has_no_layers_yet(entry):
    # It said "before asking for its code" to draw() and compare() too, and
    # nothing of the keras.Input the student did write.
    model = keras.Sequential([keras.Input((3,))], name="start")
    with pytest.raises(kt.NotBuiltError) as info:
        entry(model)
    assert str(info.value) == (
        "The Sequential model 'start' has only its keras.Input and no layers "
        "yet. Add layers with model.add(...) before passing it to kerasteach."
    )
    model.add(layers.Dense(2, name="d"))
    assert_round_trip(model, kt.to_sequential_code(model))


def test_a_reason_about_many_layers_names_the_first_and_counts_the_rest():
    # 50 branches were named one by one, twice: a 50-name sentence in the
    # explanation, the CLI and the widget. The reason still holds them all,
    # so the widget marks and lists every one.
    x = keras.Input((2,), name="x")
    branches = [layers.Dense(1, name=f"b{k}")(x) for k in range(50)]
    model = keras.Model(x, layers.Concatenate(name="cat")(branches))
    fork, merge = kt.explain(model).reasons
    first = "'b0', 'b1', 'b2', 'b3', 'b4', 'b5' and 44 more"
    assert f"it feeds {first};" in fork.message
    assert f"merges 50 tensors (from {first});" in merge.message
    assert len(fork.layers) == len(merge.layers) == 51
    eight = keras.Model(x, layers.Concatenate()(branches[:8]))
    assert "'b6' and 'b7';" in kt.explain(eight).reasons[0].message


# ------------------------------------------------- names the code refers to


def triple(t):
    return t * 3


triple.__module__ = "__main__"  # as a notebook cell defines it


@pytest.mark.parametrize("faithful", [False, True], ids=["readable", "faithful"])
@pytest.mark.parametrize("write", [kt.to_functional_code, kt.to_sequential_code])
def test_a_layer_named_like_a_function_the_code_uses_does_not_hide_it(write, faithful):
    # An Input named 'triple' became the variable triple, and the code then
    # passed that tensor as the activation: "Could not interpret activation
    # function identifier: <KerasTensor ...>".
    from custom_layers import halve

    model = keras.Sequential(
        [
            keras.Input((3,), name="triple"),
            layers.Dense(3, name="halve"),
            layers.Dense(3, activation=triple, name="d"),
            layers.Dense(3, activation=halve, name="e"),
            layers.Lambda(triple, name="tri"),
        ]
    )
    functional = keras.Model(model.inputs, model.outputs)
    for original in (model, functional):
        code = write(original, faithful=faithful)
        for use in ("activation=triple", "activation=halve", "Lambda(triple"):
            assert re.search(rf"{re.escape(use)}\b", code.source)
        namespace = {"triple": triple, "halve": halve}
        assert_round_trip(original, code, namespace=namespace)


@pytest.mark.parametrize(
    "shape, ok",
    [
        ((3,), True),
        ([(3,)], True),
        ((5,), False),
        ((None,), False),
        ([(3,), (1,)], False),
    ],
)
def test_an_input_shape_a_functional_model_does_not_have_is_refused(shape, ok):
    # draw(model, input_shape=(5,)) drew the model's own (None, 3) without a
    # word; a built Sequential model already refused it.
    x = keras.Input((3,), name="x")
    model = keras.Model(x, layers.Dense(2, name="d")(x), name="f")
    if ok:
        assert kt.read_model(model, input_shape=shape).calls[0].output_shapes == (
            (None, 3),
        )
        return
    for entry in (kt.read_model, kt.draw, kt.compare, kt.to_functional_code):
        with pytest.raises(kt.InputShapeError) as info:  # a NotBuiltError
            entry(model, input_shape=shape)
        assert str(info.value).startswith(
            "The Functional model 'f' takes its input shapes from its keras.Input: "
            f"(3,). input_shape={shape!r} cannot change them: leave out "
            "input_shape, or make the model again"
        )


# A built model refused input_shape= with NotBuiltError, whose name says the
# model is not built: InputShapeError says what is wrong, and is a
# NotBuiltError, so code that catches that still catches it.
def _built_functional():
    x = keras.Input((3,), name="x")
    return keras.Model(x, layers.Dense(2, name="d")(x), name="f")


@pytest.mark.parametrize(
    ("make", "shape", "said"),
    [
        (_built_functional, (5,), "takes its input shapes from its keras.Input"),
        (
            lambda: keras.Sequential([keras.Input((3,)), layers.Dense(2)]),
            (5,),
            "is already built for input shape (3,)",
        ),
        (
            lambda: kt.read_model(
                keras.Sequential([layers.Dense(2)]), input_shape=(3,)
            ),
            (5,),
            "is a ModelGraph that read_model() already read",
        ),
        (lambda: keras.Sequential([layers.Dense(2)]), 7, "write input_shape=(7,)"),
        (lambda: keras.Sequential([layers.Dense(2)]), [(3,), (4,)], "one shape"),
        (
            lambda: keras.Sequential([layers.Conv2D(2, 3)]),
            (3,),
            "Keras could not build the Sequential model",
        ),
    ],
    ids=["functional", "built-sequential", "graph", "number", "two", "keras-refused"],
)
def test_an_input_shape_that_cannot_be_used_raises_input_shape_error(make, shape, said):
    with pytest.raises(kt.InputShapeError) as info:
        kt.to_functional_code(make(), input_shape=shape)
    assert said in str(info.value)
    assert isinstance(info.value, kt.NotBuiltError)


def test_a_model_without_an_input_shape_is_not_an_input_shape_error():
    # no input_shape was given: the model is not built, and that is all
    with pytest.raises(kt.NotBuiltError) as info:
        kt.to_functional_code(keras.Sequential([layers.Dense(2)]))
    assert not isinstance(info.value, kt.InputShapeError)
    assert "does not know its input shape yet" in str(info.value)


def test_an_input_shape_of_a_model_with_several_inputs_is_held_to_them():
    a, b = keras.Input((3,), name="a"), keras.Input((4,), name="b")
    both = layers.Concatenate(name="c")([a, b])
    for inputs, right, wrong in [
        ([a, b], [(3,), (4,)], [(3,), (5,)]),
        ({"a": a, "b": b}, {"a": (3,), "b": (4,)}, {"a": (3,), "b": (5,)}),
    ]:
        model = keras.Model(inputs, both, name="two")
        assert len(kt.read_model(model, input_shape=right).input_refs) == 2
        with pytest.raises(kt.NotBuiltError, match="keras.Input: "):
            kt.draw(model, input_shape=wrong)
    listed = keras.Model([a], layers.Dense(1)(a))  # one input, in a list
    for shape in [(3,), [(3,)]]:
        assert len(kt.read_model(listed, input_shape=shape).input_refs) == 1


GRAPH_ENTRIES = [
    kt.read_model,
    kt.to_functional_code,
    kt.to_sequential_code,
    kt.explain,
    kt.draw,
    kt.compare,
]


@pytest.mark.parametrize("entry", GRAPH_ENTRIES)
def test_an_input_shape_given_with_a_graph_already_read_is_refused(entry):
    # draw(graph, input_shape=(8,)) drew the graph's (None, 4) without a word:
    # every function that takes a ModelGraph quietly left input_shape out.
    model = keras.Sequential([layers.Dense(2, name="d")], name="late")
    graph = kt.read_model(model, input_shape=(4,))
    with pytest.raises(kt.InputShapeError) as info:
        entry(graph, input_shape=(8,))
    assert str(info.value) == (
        "'late' is a ModelGraph that read_model() already read, with input "
        "shape (4,): input_shape=(8,) cannot change it. Leave out input_shape, "
        "or give it to read_model when you read the model (read_model(model, "
        "input_shape=(8,))), or pass the Keras model itself instead of its graph."
    )
    # its own shape changes nothing, as for a Functional model
    for same in [(4,), [(4,)], None]:
        assert entry(graph, input_shape=same) is not None
    assert kt.read_model(graph, input_shape=(4,)) is graph


def test_the_shapes_of_a_graph_with_several_inputs_are_held_to_them():
    a, b = keras.Input((3,), name="a"), keras.Input((4,), name="b")
    both = layers.Concatenate(name="c")([a, b])
    for inputs, right, wrong in [
        ([a, b], [(3,), (4,)], [(3,), (5,)]),
        ({"a": a, "b": b}, {"b": (4,), "a": (3,)}, {"a": (3,), "b": (5,)}),
    ]:
        graph = kt.read_model(keras.Model(inputs, both, name="two"))
        assert kt.read_model(graph, input_shape=right) is graph
        assert kt.draw(graph, input_shape=right) is not None
        for shape in [wrong, (3,)]:
            with pytest.raises(kt.NotBuiltError) as info:
                kt.draw(graph, input_shape=shape)
            own = repr(right) if isinstance(right, list) else "{'a': (3,), 'b': (4,)}"
            assert f"with input shapes {own}: input_shape={shape!r} cannot " in str(
                info.value
            )


# ------------------------------------------------------------------- widget


@pytest.mark.parametrize("value", [["hidden"], ("x", "hidden"), {"hidden"}])
def test_selecting_several_layers_says_one_at_a_time_and_how_to_mark_several(value):
    # w.selected = ["hidden"] raised "TypeError: unhashable type: 'list'"
    w = kt.compare(_chain())
    with pytest.raises(traitlets.TraitError) as info:
        w.selected = value
    message = str(info.value)
    assert message.startswith("Select a layer by its name, a str such as 'hidden'")
    assert "One layer at a time: to mark several in the graph, use " in message
    assert "w.set_draw_options(highlight=[...])" in message
    with pytest.raises(KeyError, match="One layer at a time"):
        w.select(value)
    w.set_draw_options(highlight=["x", "hidden"])  # what the message says
    w.selected = "hidden"
    assert "<b>hidden</b> (Dense)" in w.info.value
    w.close()


@pytest.mark.parametrize("focus", [["hidden"], ["x", "hidden"], {"hidden": 1}, []])
def test_a_focus_on_several_layers_says_focus_takes_one(focus):
    # draw(model, focus=["hidden"]) raised "TypeError: unhashable type: 'list'"
    with pytest.raises(kt.DrawingError) as info:
        kt.draw(_chain(), focus=focus)
    message = str(info.value)
    assert message.startswith("focus expected the name of a drawn layer.")
    assert "The drawn layers are: 'x', 'hidden'." in message
    if not isinstance(focus, dict):
        assert message.endswith(
            "focus draws the layers around one layer; to mark several layers in "
            "the whole drawing, use highlight=[...]."
        )
    kt.draw(_chain(), highlight=["x", "hidden"])  # what the message says


def test_one_parameter_and_one_layer_are_singular():
    # "1 parameters" in compare()'s info, "1 layers and 1 parameters" in the
    # playground's line about the model
    model = keras.Sequential(
        [keras.Input((1,), name="x"), layers.Dense(1, use_bias=False, name="one")]
    )
    w = kt.compare(model)
    w.selected = "one"
    assert "(None, 1) · 1 parameter</div>" in w.info.value
    w.selected = "x"
    assert "(None, 1) · 0 parameters</div>" in w.info.value
    w.close()
    p = kt.playground(
        "model = keras.Sequential([keras.Input((1,)), "
        "layers.Dense(1, use_bias=False)])\n"
    )
    assert p.run() is None
    assert "with 2 layers and 1 parameter.</div>" in p.status.value
    p = kt.playground("x = keras.Input((1,))\nmodel = keras.Model(x, x)\n")
    assert p.run() is None
    assert "with 1 layer and 0 parameters.</div>" in p.status.value
