"""The compare and playground widgets, driven through their state and children.

No browser here: the tests read the HTML each child would show, the PNG the
graph image holds and the one CSS rule a selection swaps in.
(tests/test_browser.py proves the widget renders in JupyterLab and Notebook 7.)
"""

from __future__ import annotations

import base64
import functools
import html
import re

import ipywidgets as widgets
import keras
import models
import pytest
import traitlets
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from keras import layers

import kerasteach
from kerasteach import _widget_code as code_html
from kerasteach import _widget_css as css
from kerasteach import render
from kerasteach._widget_graph import MARK_PAD
from kerasteach._widget_layers import summary_header
from kerasteach.codegen import explain, to_functional_code, to_sequential_code

PNG = b"\x89PNG\r\n\x1a\n"
NBSP = "\u00a0"

_ROW = re.compile(
    r'<div class="kt-row(?P<cls>[^"]*)"[^>]*>'
    r'(?:<span class="kt-ln"[^>]*>(?P<line>\d+)</span>)?(?P<body>.*?)</div>'
)


def rows_of(pane: str) -> list[dict]:
    """The rows a code pane shows: source line number, layer class, text."""
    out = []
    for m in _ROW.finditer(pane):
        classes = m.group("cls").split()
        layer = next((c for c in classes if c.startswith("kt-l")), None)
        text = html.unescape(re.sub(r"<[^>]+>", "", m.group("body")))
        line = int(m.group("line")) if m.group("line") else None
        layers_ = [c for c in classes if c.startswith("kt-l")]
        out.append(
            {"line": line, "layer": layer, "layers": layers_, "text": text.rstrip()}
        )
    return out


def text_of(pane: str) -> str:
    return "\n".join(r["text"] for r in rows_of(pane) if r["line"] is not None)


def row_of_line(pane: str, line: int) -> int:
    return next(i for i, r in enumerate(rows_of(pane)) if r["line"] == line)


@pytest.fixture
def draw_calls(monkeypatch):
    """Record every call of render.draw the widgets make (and still draw)."""
    calls = []
    real = render.draw

    @functools.wraps(real)  # keeps draw's signature: the widget reads it
    def recording(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(render, "draw", recording)
    return calls


def auto_named():
    return keras.Sequential([keras.Input((8,)), layers.Dense(4), layers.Dense(2)])


# ---------------------------------------------------------------- compare


def test_compare_shows_both_codes_graph_and_summary():
    model = models.mlp()
    w = kerasteach.compare(model)
    assert isinstance(w, widgets.GridBox)
    seq = text_of(w.sequential_pane)
    fun = text_of(w.functional_pane)
    # The panes show exactly the generated code, line for line.
    assert seq == to_sequential_code(model).source.rstrip("\n")
    assert fun == to_functional_code(model).source.rstrip("\n")
    assert "keras.Sequential(" in seq and "keras.Model(" in fun
    # Pygments coloured it.
    assert '<span class="k' in w.functional_pane
    # both panes are in the one code widget, the PNG in the graph widget
    assert w.sequential_pane in w.code_html.value
    assert w.functional_pane in w.code_html.value
    assert w.png.startswith(PNG)
    assert base64.b64encode(w.png).decode() in w.graph_html.value
    assert [value for _, value in w.summary.options] == [
        "features",
        "hidden_1",
        "hidden_2",
        "probabilities",
    ]
    label = dict((v, k) for k, v in w.summary.options)["hidden_1"]
    assert "Dense" in label and "(None,\u00a064)" in label and "6,464" in label
    # All of it is inside the widget tree.
    assert _contains(w, w.code_html) and _contains(w, w.graph_html)
    assert _contains(w, w.summary) and _contains(w, w.info)
    assert "Layers" in w.summary.description
    # the column names come with the page's CSS, aligned with the rows
    header = summary_header()
    assert f'content:"{header}"' in w.code_html.value
    assert label.index("Dense") == header.index("Type")


def _contains(root, child) -> bool:
    if root is child:
        return True
    return any(_contains(c, child) for c in getattr(root, "children", ()))


@pytest.mark.parametrize("name", ["mlp", "rnn_text", "customized", "odd_names"])
def test_each_layer_starts_on_the_same_row_in_both_panes(name):
    model = models.SMALL_MODELS[name]()
    w = kerasteach.compare(model)
    seq, fun = w.sequential_code, w.functional_code
    assert seq is not None
    left, right = w.sequential_pane, w.functional_pane
    assert len(rows_of(left)) == len(rows_of(right))
    shared = [k for k in fun.spans if k in seq.spans]
    assert len(shared) == len(w.graph.layers)
    for key in shared:
        assert row_of_line(left, seq.spans[key][0]) == row_of_line(
            right, fun.spans[key][0]
        ), key


def test_alignment_with_a_nested_model():
    inner = keras.Sequential(
        [keras.Input((8,)), layers.Dense(4, name="d1")], name="encoder"
    )
    model = keras.Sequential([keras.Input((8,)), inner, layers.Dense(2, name="out")])
    w = kerasteach.compare(model)
    keys = [e.key for e in w.entries]
    assert "encoder/d1" in keys and "encoder" in keys
    for key in ("encoder/d1", "encoder", "out"):
        assert row_of_line(
            w.sequential_pane, w.sequential_code.spans[key][0]
        ) == row_of_line(w.functional_pane, w.functional_code.spans[key][0])


def test_selecting_a_nested_model_lights_up_the_block_that_builds_it():
    # Before, only the line that calls the nested model lit up, not the
    # "encoder = keras.Sequential([...])" block a student looks for.
    w = kerasteach.compare(models.nested())
    for pane, code in (
        (w.functional_pane, w.functional_code),
        (w.sequential_pane, w.sequential_code),
    ):
        rows = rows_of(pane)
        for key in ("encoder", "head"):
            lit = {r["line"] for r in rows if f"kt-l{w.index[key]}" in r["layers"]}
            first, last = code.definitions[key]
            used, _ = code.spans[key]
            assert lit == {*range(first, last + 1), used}
        # an inner layer's rows keep their own class too, and only they have it
        inner = f"kt-l{w.index['encoder/enc_dense']}"
        (row,) = [r for r in rows if inner in r["layers"]]
        assert row["line"] == code.spans["encoder/enc_dense"][0]
        assert row["layers"] == [inner, f"kt-l{w.index['encoder']}"]


_LAYERS = st.sampled_from(
    [
        lambda i: layers.Dense(3),
        lambda i: layers.Dense(
            5, activation="relu", use_bias=False, kernel_initializer="he_normal"
        ),
        lambda i: layers.Dropout(0.1),
        lambda i: layers.BatchNormalization(momentum=0.9, epsilon=0.01, center=False),
        lambda i: layers.Activation("tanh"),
        lambda i: layers.Dense(
            7,
            activation="sigmoid",
            kernel_regularizer=keras.regularizers.L2(0.01),
            bias_initializer="ones",
            name=f"a_rather_long_layer_name_to_force_wrapping_{i}",
        ),
    ]
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(_LAYERS, min_size=1, max_size=6), st.booleans())
def test_alignment_holds_for_random_chains(makers, faithful):
    keras.utils.clear_session()
    model = keras.Sequential(
        [keras.Input((4,))] + [make(i) for i, make in enumerate(makers)]
    )
    seq = to_sequential_code(model, faithful=faithful)
    fun = to_functional_code(model, faithful=faithful)
    left, right = code_html.align(len(seq.lines), seq.spans, len(fun.lines), fun.spans)
    assert len(left) == len(right)
    # every source line is shown once, in order
    assert [r.line for r in left if r.line] == list(range(1, len(seq.lines) + 1))
    assert [r.line for r in right if r.line] == list(range(1, len(fun.lines) + 1))
    row_left = {r.line: i for i, r in enumerate(left) if r.line}
    row_right = {r.line: i for i, r in enumerate(right) if r.line}
    for key in seq.spans:
        assert row_left[seq.spans[key][0]] == row_right[fun.spans[key][0]]


def mark_of(w) -> tuple[int, int] | None:
    """Where the selection's CSS puts the mark over the graph (CSS px)."""
    m = re.search(
        r"\.kt-mark\{display:block;left:(-?\d+)px;top:(-?\d+)px", w.info.value
    )
    return (int(m.group(1)), int(m.group(2))) if m else None


def test_selection_highlights_code_lines_and_graph_box_without_resending_code():
    w = kerasteach.compare(models.mlp())
    code, graph = w.code_html.value, w.graph_html.value
    seq_html, fun_html = w.sequential_pane, w.functional_pane
    assert w.info.value == "" and 'class="kt-mark"' in graph

    w.summary.value = "hidden_2"  # a click in the summary
    assert w.selected == "hidden_2"
    n = w.index["hidden_2"]
    assert f".kt-{w.uid} .kt-l{n}{{" in w.info.value
    assert f"kt-{w.uid}" in w._dom_classes
    # the class the rule targets marks exactly the layer's lines in both panes
    for pane, code_ in ((seq_html, w.sequential_code), (fun_html, w.functional_code)):
        marked = [r["line"] for r in rows_of(pane) if r["layer"] == f"kt-l{n}"]
        first, last = code_.spans["hidden_2"]
        assert marked == list(range(first, last + 1))
    # the mark outlines the layer's box in the graph
    x0, y0, x1, y1 = w.boxes["hidden_2"]
    left, top = mark_of(w)
    pad = MARK_PAD  # over the box's own border
    assert abs(left - (x0 - pad)) <= 1 and abs(top - (y0 - pad)) <= 1
    assert "hidden_2" in w.info.value and "4,160 parameters" in w.info.value
    # links scroll the panes to the layer's first row and the graph to its box
    targets = re.findall(r'href="#([^"]+)"', w.info.value)
    assert targets == [f"kt-{w.uid}-l{n}", f"kt-{w.uid}-mark"]
    first_row = code.index(f'id="{targets[0]}"')
    assert code.rfind("kt-functional", 0, first_row) > code.rfind("kt-sequential")
    # on the row's line number: a wide row would scroll the box sideways
    line = w.functional_code.spans["hidden_2"][0]
    assert f'<span class="kt-ln" id="{targets[0]}">{line}<' in code
    assert f'id="{targets[1]}"' in graph

    w.selected = "features"  # programmatic selection moves the summary too
    assert w.summary.value == "features"
    assert f".kt-l{w.index['features']}{{" in w.info.value
    # nothing big was regenerated or re-sent: one small fragment changes
    assert w.code_html.value is code
    assert w.graph_html.value is graph
    assert len(w.info.value) < 1500

    w.selected = None
    assert w.info.value == ""


def test_a_shared_layer_s_info_names_and_quotes_only_its_own_lines():
    # its span runs from its definition to its last call; the info named
    # that whole range and quoted the other layers' lines inside it
    a, b = keras.Input((8,), name="a"), keras.Input((4,), name="b")
    shared = layers.Dense(8, name="shared")
    x = layers.Concatenate(name="cat")([shared(a), layers.Dense(8, name="proj")(b)])
    y = layers.Add(name="skip")([layers.Dense(8, name="mix")(x), shared(a)])
    w = kerasteach.compare(keras.Model([a, b], y, name="two_calls"))
    code = w.functional_code
    w.selected = "shared"
    n = w.index["shared"]
    own = [r["line"] for r in rows_of(w.functional_pane) if r["layer"] == f"kt-l{n}"]
    first, last = code.spans["shared"]
    assert own[0] == first and own[-1] == last and len(own) < last - first + 1
    runs = f"lines {own[0]}-{own[1]} and {own[2]}"  # definition, call; call
    assert own == [own[0], own[0] + 1, own[2]]
    assert f"Functional, {runs}:" in w.info.value
    quoted = html.unescape(re.search(r"<pre>(.*?)</pre>", w.info.value, re.S)[1])
    lines = code.source.splitlines()
    assert quoted.split("\n") == [
        lines[own[0] - 1],
        lines[own[1] - 1],
        "...",
        lines[own[2] - 1],
    ]
    assert "proj" not in quoted and "cat" not in quoted
    w.selected = "cat"  # a layer on one line
    line = code.spans["cat"][0]
    assert f"Functional, line {line}:" in w.info.value


def _named_lines(info: str, style: str) -> list[int]:
    """The line numbers the info pane names for one code: "lines 4-9 and 14"."""
    runs = re.search(rf"{style}, lines? ([\d, and-]+):", info)[1]
    numbers = []
    for run in re.split(r", | and ", runs):
        first, _, last = run.partition("-")
        numbers += range(int(first), int(last or first) + 1)
    return numbers


def test_a_nested_model_s_info_names_the_lines_a_selection_lights():
    # the selection lights the block that builds the model and the line
    # that calls it; the info named only the call ("line 16: encoder,")
    nested = models.nested()
    inner = keras.Sequential([keras.Input((4,)), nested.get_layer("head")], name="in")
    outer = keras.Sequential([keras.Input((4,)), inner], name="outer")  # 2 deep
    for model, key in ((nested, "encoder"), (nested, "head"), (outer, "in")):
        w = kerasteach.compare(model)
        w.selected = key
        n = w.index[key]
        for code, pane in (
            (w.sequential_code, w.sequential_pane),
            (w.functional_code, w.functional_pane),
        ):
            lit = [r["line"] for r in rows_of(pane) if f"kt-l{n}" in r["layers"]]
            assert _named_lines(w.info.value, code.style.capitalize()) == lit
            assert len(lit) > 2  # the block and the call
            # quoted: the block's first line, then the call
            pattern = rf"{code.style.capitalize()}, lines [^:]*:<pre>(.*?)</pre>"
            quoted = html.unescape(re.search(pattern, w.info.value, re.S)[1])
            lines = code.source.splitlines()
            assert quoted.split("\n")[0] == lines[lit[0] - 1]
            assert quoted.split("\n")[-1].strip() == lines[lit[-1] - 1].strip()


def test_a_raw_op_is_listed_as_the_op_the_code_calls_not_as_a_layer_class():
    # the list and the info said "add (Add)", the class of layers.Add too,
    # while the code calls keras.ops.add and the graph's box says ops.add
    w = kerasteach.compare(models.raw_ops())
    types = {
        key: label.replace(NBSP, " ").split()[1] for label, key in w.summary.options
    }
    assert types == {
        "inputs": "InputLayer",
        "dense": "Dense",
        "add": "ops.add",
        "multiply": "ops.multiply",
        "relu": "ops.relu",
    }
    w.selected = "add"
    assert "<b>add</b> (ops.add)" in w.info.value
    assert "keras.ops.add(" in html.unescape(w.info.value)


def test_the_info_pane_says_which_parameters_training_leaves_alone():
    # a frozen base read "256 parameters", as a layer that trains; the
    # summary said "Non-trainable params: 256", the graph "Non-trainable"
    base = keras.Sequential(
        [keras.Input((8, 8, 3)), layers.Conv2D(4, 3, name="conv")], name="base"
    )
    base.trainable = False
    inputs = keras.Input((8, 8, 3), name="image")
    x = layers.BatchNormalization(name="norm")(base(inputs))
    out = layers.Dense(2, name="head")(layers.Flatten(name="flat")(x))
    model = keras.Model(inputs, out, name="transfer")
    w = kerasteach.compare(model)
    expected = {
        "base": "112 parameters, all non-trainable (frozen: trainable=False)",
        "base/conv": "112 parameters, all non-trainable (frozen: trainable=False)",
        "norm": "16 parameters (8 non-trainable)",  # its moving mean and variance
        "head": "290 parameters</div>",
    }
    for key, text in expected.items():
        w.selected = key
        assert text in w.info.value
    fixed = sum(int(v.numpy().size) for v in model.non_trainable_weights)
    assert fixed == 112 + 8


def test_a_long_layer_s_info_names_all_its_lines_and_quotes_the_first_few():
    long = layers.Dense(
        3,
        activation="relu",
        use_bias=False,
        kernel_initializer="he_normal",
        kernel_regularizer="l2",
        name="a_rather_long_layer_name",
    )
    model = keras.Sequential([keras.Input((4,)), long], name="long")
    w = kerasteach.compare(model)
    w.selected = "a_rather_long_layer_name"
    for code in (w.sequential_code, w.functional_code):
        first, last = code.spans["a_rather_long_layer_name"]
        assert last - first + 1 > 4  # wrapped over more lines than are quoted
        title = code.style.capitalize()
        pattern = rf"{title}, lines {first}-{last}:<pre>(.*?)</pre>"
        quoted = html.unescape(re.search(pattern, w.info.value, re.S)[1])
        lines = code.source.splitlines()[first - 1 : first + 3]
        shown = quoted.split("\n")
        assert shown[-1] == "..." and len(shown) == 5
        assert [s.strip() for s in shown[:4]] == [x.strip() for x in lines]


def test_selecting_a_layer_by_number_says_to_use_its_name():
    # w.selected = 2 got "The 'selected' trait of a Compare instance
    # expected a unicode string, not the int 2."
    w = kerasteach.compare(models.mlp())
    keys = [key for _, key in w.summary.options]
    with pytest.raises(traitlets.TraitError) as info:
        w.selected = 2
    message = str(info.value)
    assert message.startswith("Select a layer by its name, a str such as")
    assert f"Row 2 of the list, counting from 0, is {keys[2]!r}." in message
    assert "trait" not in message and "unicode" not in message
    assert w.selected is None and w.info.value == ""
    w.selected = keys[2]  # names still work
    assert w.summary.value == keys[2]


class _TwoDense(keras.Model):
    def __init__(self):
        super().__init__(name="two_dense")
        self.d1 = layers.Dense(4)
        self.d2 = layers.Dense(2)

    def call(self, x):
        return self.d2(self.d1(x))


def test_selecting_a_subclassed_model_s_attribute_says_how_keras_names_layers():
    # w.selected = "d1" (self.d1) only got "Did you mean 'dense_1'?", which
    # is self.d2
    w = kerasteach.compare(_TwoDense(), input_shape=(3,))
    d1 = next(e.key for e in w.entries if e.attribute == "self.d1")
    for key in ("d1", "self.d1"):
        with pytest.raises(traitlets.TraitError) as info:
            w.selected = key
        message = str(info.value)
        assert f"names the layer self.d1 holds {d1!r}" in message
        assert "not after the attributes that hold them" in message
        assert f"Select it with w.selected = {d1!r}" in message
        assert "Did you mean" not in message  # the quotes alone matched
    with pytest.raises(traitlets.TraitError) as info:  # no such attribute
        w.selected = "d3"
    assert "not after the attributes that hold them (self.d1)" in str(info.value)
    with pytest.raises(traitlets.TraitError) as info:  # not said of other models
        kerasteach.compare(models.mlp()).selected = "d1"
    assert "attributes" not in str(info.value)


def test_selecting_an_unknown_layer_is_refused_with_the_known_names():
    w = kerasteach.compare(models.mlp())
    with pytest.raises(traitlets.TraitError, match="no layer 'nope'"):
        w.selected = "nope"
    with pytest.raises(KeyError, match="'features'"):
        w.select("nope")
    with pytest.raises(traitlets.TraitError) as info:
        w.selected = "hiden_1"
    assert "Did you mean 'hidden_1'?" in str(info.value)
    with pytest.raises(traitlets.TraitError) as info:
        w.selected = "Hidden_1"
    assert "Did you mean 'hidden_1'?" in str(info.value)
    assert "widget.entries" not in str(info.value)
    w.select("probabilities")
    assert w.summary.value == "probabilities"
    # no nested model: the form of a nested name in words, no made-up name
    assert "would be 'model_name/layer_name')" in str(info.value)
    assert "outer/inner" not in str(info.value)


def test_an_unknown_layer_shows_a_nested_name_of_the_model_itself():
    # the example was the literal 'outer/inner', which read like a real name
    w = kerasteach.compare(models.nested())
    with pytest.raises(traitlets.TraitError) as info:
        w.selected = "nope"
    said = str(info.value)
    assert "a layer inside a nested model is named like 'encoder/enc_dense'" in said
    assert "outer/inner" not in said
    w.selected = "encoder/enc_dense"  # the example selects
    assert w.selected == "encoder/enc_dense"


def test_non_sequential_model_explains_why_and_marks_layers_in_graph(draw_calls):
    model = models.residual()
    w = kerasteach.compare(model)
    expl = explain(model)
    assert not expl.is_sequential
    assert w.sequential_code is None
    pane = w.sequential_pane
    for reason in expl.reasons:
        assert html.escape(reason.message) in pane
    for name in expl.layers:
        assert f'kt-l{w.index[name]}"' in pane and html.escape(name) in pane
    assert "Sequential: not possible" in pane
    assert text_of(w.functional_pane) == to_functional_code(model).source.rstrip("\n")
    # the graph was drawn with the offending layers highlighted
    assert draw_calls[-1]["highlight"] == list(expl.layers)
    # selecting an offending layer lights up its name in the reasons too
    w.selected = "skip"
    assert f".kt-l{w.index['skip']}{{" in w.info.value
    assert "reason" in w.info.value


def _specificity(selector: str) -> tuple[int, int, int]:
    """CSS specificity (ids, classes, elements) of one simple selector."""
    ids = classes = elements = 0
    for compound in re.split(r"\s*[ >+~]\s*", selector.strip()):
        ids += compound.count("#")
        classes += compound.count(".") + compound.count("[")
        classes += compound.count(":") - 2 * compound.count("::")
        elements += bool(re.match(r"[a-zA-Z]", compound))
    return ids, classes, elements


def _rules(css: str) -> list[tuple[str, str]]:
    """(selector, declarations) for every selector of a flat stylesheet."""
    return [
        (sel.strip(), body)
        for sels, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css)
        for sel in sels.split(",")
    ]


def test_a_selection_outranks_the_base_css_of_any_widget_in_the_page():
    # Every widget brings its own BASE_CSS, so with two widgets in a notebook
    # the second one's base rules come after the first one's selection.  The
    # selection must win by specificity, not by order: before, the graph mark
    # of every widget but the last stayed hidden (and "show in the graph" did
    # nothing), and a selected name in the reasons kept its own colour.
    w = kerasteach.compare(models.residual())
    w.selected = "skip"
    n = w.index["skip"]
    selection = _rules(re.search(r"<style>(.*?)</style>", w.info.value).group(1))
    assert {sel.rsplit(" ", 1)[-1] for sel, _ in selection} == {
        f".kt-l{n}",
        ".kt-mark",
    }
    # the classes of the elements that the selection lights up
    lit = re.findall(rf'class="([^"]*\bkt-l{n}\b[^"]*)"', w.code_html.value)
    assert any("kt-row" in c for c in lit) and any("kt-layer-name" in c for c in lit)
    targets = {f".kt-l{n}": {"kt-row", "kt-layer-name"}, ".kt-mark": {"kt-mark"}}
    for sel, _ in selection:
        classes = targets[sel.rsplit(" ", 1)[-1]]
        base = [
            b
            for b, _ in _rules(css.BASE_CSS)
            if classes & set(re.findall(r"\.([\w-]+)", re.split(r"[ >]", b)[-1]))
        ]
        assert base  # the base rules it must beat: a test that can fail
        for b in base:
            assert _specificity(sel) > _specificity(b), (sel, b)


def test_wrapped_text_is_not_double_spaced():
    # ipywidgets gives an HTML widget's text its 28px row height: a wrapped
    # info line (a long layer name and its shape) or the playground's intro
    # read double-spaced.  The rule covers the playground too: it carries
    # BASE_CSS and the kt-compare class.
    rules = dict(_rules(css.BASE_CSS))
    assert "line-height:1.4" in rules[".kt-compare .widget-html>.widget-html-content"]
    p = kerasteach.playground()
    assert "kt-compare" in p._dom_classes and css.BASE_CSS in p.children[0].value


@pytest.mark.parametrize("n_layers, rows", [(1, 4), (10, 11), (30, 16)])
def test_the_layer_list_is_as_high_as_its_rows(n_layers, rows):
    # The list is a column under its heading; ipywidgets' flex basis for the
    # <select> (148px, meant as a width) made it 148px high for any rows:
    # 10 of 16 rows shown for a big model, blank space under a small one.
    w = kerasteach.compare(_chain(n_layers))
    assert w.summary.rows == rows  # the input, then each layer; 4 to 16
    rules = dict(_rules(css.BASE_CSS))
    assert "flex:0 0 auto" in rules[".kt-cmp>.kt-list>select"]


def test_each_code_pane_keeps_its_half_and_scrolls_its_own_long_lines():
    # Both panes share one scroller, 420px high, for their rows to stay
    # aligned.  When each half grew to its longest line (so that the box,
    # not the pane, scrolled sideways), one long line pushed the Functional
    # pane out of the box below about 1000px: each half is now half the box
    # and its pane scrolls sideways by itself.
    rules = dict(_rules(css.BASE_CSS))
    box = rules[".kt-cmp>.kt-code>.widget-html-content"]
    assert "overflow:auto" in box and "max-height:420px" in box
    assert "display:flex" in rules[".kt-compare .kt-codebox"]
    half = rules[".kt-compare .kt-half"]
    assert "flex:1 1 0" in half and "min-width:0" in half
    pane = rules[".kt-compare .kt-codebox .kt-pane"]
    assert "overflow-x:auto" in pane
    # the rows are as wide as the widest (a selected row is lit across the
    # pane scrolled sideways), and at least the pane wide
    assert "grid-template-columns:minmax(max-content,1fr)" in pane
    # the title sticks to the top of the box: no scroller between them
    assert "overflow" not in half
    # the reasons wrap in their half instead of widening it to one line
    assert "width:0;min-width:100%" in rules[".kt-compare .kt-half>.kt-reasons"]
    # the playground's pane is in no code box: it still scrolls its lines
    assert "overflow-x:auto" in rules[".kt-compare .kt-pane"]


def test_the_code_box_and_the_graph_box_are_the_widgets_own_scrollers():
    # A redraw or a switch of the code style replaces an HTML widget's
    # value.  When the scroller was a div of that value, the browser made a
    # new one, scrolled back to the top left, and the selected layer went
    # out of sight.  ipywidgets' HTMLView keeps its .widget-html-content div
    # and only sets its innerHTML, so that div is the scroller now.
    w = kerasteach.compare(models.residual())
    w.selected = "skip"
    rules = dict(_rules(css.BASE_CSS))
    for part, height in (("kt-code", "420px"), ("kt-graph", "560px")):
        box = rules[f".kt-cmp>.{part}>.widget-html-content"]
        assert "overflow:auto" in box and f"max-height:{height}" in box
    # nothing inside the values scrolls up and down: the only overflow
    # rules on their elements are a pane's sideways scroll (not up and
    # down inside the code box) and the hidden rows'
    values = w.code_html.value + w.graph_html.value
    assert "kt-scroll" not in values
    classes = set(" ".join(re.findall(r'class="([^"]*)"', values)).split())
    overflowing = {
        sel
        for sel, body in _rules(css.BASE_CSS)
        if "overflow" in body
        and set(re.findall(r"\.([\w-]+)", re.split(r"[ >]", sel)[-1])) & classes
    }
    assert overflowing <= {
        ".kt-compare .kt-pane",
        ".kt-compare .kt-codebox .kt-pane",
        ".kt-compare .kt-hidden",
    }, overflowing
    assert "overflow-y:hidden" in rules[".kt-compare .kt-codebox .kt-pane"]
    # a redraw and a code switch change the values of the same two widgets,
    # whose views the browser keeps
    code, graph = w.code_html, w.graph_html
    before = (code.value, graph.value)
    w.set_draw_options(show_shapes=not w.draw_options["show_shapes"])
    w.faithful = True
    assert (code.value, graph.value) != before
    assert w.children[2:4] == (code, graph)
    assert w.code_html is code and w.graph_html is graph


def test_the_code_notes_stay_below_the_code_box():
    # The notes (an adapted layer to adapt again, ...) were under the code
    # box in the code's value; in a scroller they would scroll away with the
    # code, out of sight.  They are the code widget's description (its
    # label, plain text), which CSS puts under the box.
    import numpy as np

    norm = layers.Normalization(name="norm")
    model = keras.Sequential([keras.Input((3,)), norm, layers.Dense(1)])
    norm.adapt(np.arange(12.0).reshape(4, 3))
    w = kerasteach.compare(model)
    notes = w.code_html.description
    assert notes.count("Note") == 2 and "adapt(your_data)" in notes
    assert len(notes.splitlines()) == 2  # one line each
    code = w.code_html.value.rpartition("</style>")[2]  # the scrolled part
    assert "Note" not in code and "kt-note" not in code
    rules = dict(_rules(css.BASE_CSS))
    assert "flex-direction:column" in rules[".kt-cmp>.kt-code"]
    label = rules[".kt-cmp>.kt-code>.widget-label"]
    assert "order:1" in label and "white-space:pre-line" in label
    # ipywidgets' HTML view makes the label's title the tooltip, even
    # None (the student read "null" on the notes)
    assert w.code_html.tooltip == ""
    w.faithful = True  # the notes of the code shown
    assert w.code_html.description.count("Note") == 2
    # no notes: no description, and ipywidgets hides the label
    assert kerasteach.compare(models.mlp()).code_html.description == ""


def _chain(n_layers: int) -> keras.Model:
    return keras.Sequential(
        [keras.Input((8,))] + [layers.Dense(8) for _ in range(n_layers)]
    )


@pytest.mark.parametrize("n_layers", [2, 60])
def test_building_compare_does_no_hidden_work(draw_calls, monkeypatch, n_layers):
    """What bench_widget.py times, counted: one drawing, each code written
    once in the style shown, no static HTML until displayed, and the same
    seven widget objects whatever the size of the model."""
    from ipywidgets.widgets.widget import _instances

    from kerasteach import _widget_static, codegen

    written = []
    for name in ("to_functional_code", "to_sequential_code"):
        real = getattr(codegen, name)

        def counting(*args, _real=real, _name=name, **kwargs):
            written.append((_name, kwargs.get("faithful", False)))
            return _real(*args, **kwargs)

        monkeypatch.setattr(codegen, name, counting)

    def no_static(widget):
        raise AssertionError("static HTML built before the widget was displayed")

    monkeypatch.setattr(_widget_static, "static_html", no_static)
    model = _chain(n_layers)
    kerasteach.compare(model).close()  # the shared layouts and styles exist now
    draw_calls.clear()
    written.clear()
    before = set(_instances)
    w = kerasteach.compare(model)
    created = set(_instances) - before
    assert len(draw_calls) == 1
    assert sorted(written) == [
        ("to_functional_code", False),
        ("to_sequential_code", False),
    ]
    assert len(created) == 7  # the grid and its six children
    assert {_instances[i] for i in created} == {w, *w.children}
    w.close()


def test_faithful_switch_regenerates_code_and_keeps_selection():
    w = kerasteach.compare(auto_named())
    readable = w.functional_pane
    assert 'name="dense"' not in text_of(readable)
    w.selected = "dense"
    w.faithful_toggle.value = True
    assert w.faithful is True and w.functional_code.faithful
    assert 'name="dense"' in text_of(w.functional_pane)
    assert 'name="dense"' in text_of(w.sequential_pane)
    assert w.selected == "dense"
    assert f".kt-l{w.index['dense']}{{" in w.info.value
    w.faithful = False
    assert w.faithful_toggle.value is False
    assert w.functional_pane is readable  # written once, then reused


def test_drawing_switches_redraw_the_graph(draw_calls):
    w = kerasteach.compare(models.mlp(), show_shapes=True, rankdir="TB")
    assert draw_calls[-1]["show_shapes"] is True
    before = w.graph_html.value
    # the switches are built when first opened, and appear below the toolbar
    assert w.options_box is None and len(w.children) == 6
    w.options_button.value = True
    assert w.children[-1] is w.options_box and w.options_box.layout.display is None
    w.draw_switches["show_shapes"].value = False
    assert draw_calls[-1]["show_shapes"] is False
    assert w.graph_html.value != before
    w.rankdir.value = "LR"
    assert draw_calls[-1]["rankdir"] == "LR"
    assert set(w.draw_switches) >= {"show_shapes", "expand_nested"}
    w.options_button.value = False
    assert w.options_box.layout.display == "none"
    # only the directions draw() knows are offered, in words
    assert dict(w.rankdir.options) == {"top to bottom": "TB", "left to right": "LR"}


def test_every_drawing_switch_says_what_it_changes():
    # the labels alone ("dtypes", "nested", "trainable") had no tooltip
    w = kerasteach.compare(models.nested())
    tips = {key: switch.tooltip for key, switch in w.draw_switches.items()}
    assert all(tips.values()) and len(set(tips.values())) == len(tips)
    assert "float32" in tips["show_dtype"]
    assert "inside each nested model" in tips["expand_nested"]
    assert "Non-trainable" in tips["show_trainable"]  # the word its boxes show
    assert "arrows" in w.rankdir.tooltip


def test_set_draw_options_redraws_once_and_moves_the_switches(draw_calls):
    w = kerasteach.compare(models.mlp())
    switches = w.draw_switches
    calls = len(draw_calls)
    w.set_draw_options(show_shapes=False, rankdir="LR")
    assert len(draw_calls) == calls + 1
    assert draw_calls[-1]["show_shapes"] is False and draw_calls[-1]["rankdir"] == "LR"
    assert switches["show_shapes"].value is False and w.rankdir.value == "LR"
    with pytest.raises(TypeError, match="show_shape\\b.*Expected some of"):
        w.set_draw_options(show_shape=True)


def test_a_failing_redraw_shows_a_message_instead_of_raising(monkeypatch):
    w = kerasteach.compare(models.mlp())

    def broken(*args, **kwargs):
        raise RuntimeError("no room to draw")

    monkeypatch.setattr(render, "draw", broken)
    w.draw_switches["show_shapes"].value = not w.draw_switches["show_shapes"].value
    assert "Could not draw the graph" in w.graph_html.value
    assert "no room to draw" in w.graph_html.value
    assert "try other drawing options" in w.graph_html.value
    w.selected = "hidden_1"  # no box to mark any more
    assert mark_of(w) is None


def test_a_failing_code_switch_shows_a_message_in_the_code_pane(monkeypatch):
    from kerasteach import codegen

    w = kerasteach.compare(auto_named())

    def broken(*args, **kwargs):
        raise RuntimeError("cannot write this")

    monkeypatch.setattr(codegen, "to_functional_code", broken)
    w.faithful = True  # not cached yet: must generate, and fails
    assert "Could not write the code" in w.code_html.value
    assert "cannot write this" in w.code_html.value
    assert "Try the other code style" in w.code_html.value
    assert w.code_html.description == ""  # no notes of a code not shown
    w.faithful = False  # the readable code was kept
    assert "Could not write" not in w.code_html.value
    assert "keras.Model(" in text_of(w.functional_pane)


def test_a_model_that_cannot_be_drawn_still_gets_its_code(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("too big to draw")

    monkeypatch.setattr(render, "draw", broken)
    w = kerasteach.compare(models.mlp())
    assert "keras.Model(" in text_of(w.functional_pane)
    assert "too big to draw" in w.graph_html.value
    w.selected = "hidden_1"  # selection still works, with no box to mark
    assert f".kt-l{w.index['hidden_1']}{{" in w.info.value
    assert mark_of(w) is None


def test_compare_says_which_code_a_note_is_about():
    import numpy as np

    norm = layers.Normalization()
    model = keras.Sequential([keras.Input((3,)), norm, layers.Dense(1)])
    norm.adapt(np.arange(12.0).reshape(4, 3))
    notes = kerasteach.compare(model).code_html.description
    functional = re.search(r"Note \(Functional code\): (.*)", notes).group(1)
    sequential = re.search(r"Note \(Sequential code\): (.*)", notes).group(1)
    assert "call normalization.adapt(your_data)" in functional
    assert "call model.layers[0].adapt(your_data)" in sequential
    # a note both codes share (a lambda's placeholder) is shown once, plain
    chain = keras.Sequential([keras.Input((3,)), layers.Lambda(lambda x: x * 2)])
    notes = kerasteach.compare(chain).code_html.description
    assert notes.count("Note: ") == 1 and "Note (" not in notes


def test_compare_names_an_input_no_layer_reads():
    # keras.Model([used, unused], out) builds without a word
    used, unused = keras.Input((4,), name="used"), keras.Input((3,), name="unused")
    model = keras.Model([used, unused], layers.Dense(1, name="out")(used))
    notes = kerasteach.compare(model).code_html.description
    assert notes.splitlines() == [
        "Note: Input 'unused' is read by no layer: the model takes it as an "
        "input, but no layer is called on it, so the data given to it changes "
        "nothing. Either connect it: call a layer on it, or merge it with "
        "another branch (with layers.Concatenate(), for example); or leave it "
        "out of the model's inputs."
    ]
    # both inputs read: no note
    merged = layers.Concatenate()([used, unused])
    model = keras.Model([used, unused], layers.Dense(1)(merged))
    assert kerasteach.compare(model).code_html.description == ""


def test_compare_names_an_input_a_nested_model_does_not_read():
    # the outer model passes the nested model a tensor for it, so from
    # outside the input looks used
    a, b = keras.Input((4,), name="a"), keras.Input((3,), name="b")
    inner = keras.Model([a, b], layers.Dense(2, name="d")(a), name="inner")
    x, y = keras.Input((4,), name="x"), keras.Input((3,), name="y")
    model = keras.Model([x, y], inner([x, y]))
    notes = kerasteach.compare(model).code_html.description
    assert notes.splitlines() == [
        "Note: Input 'b' of the nested model 'inner' is read by no layer of "
        "'inner': the outer model passes it data, but no layer inside 'inner' "
        "is called on it, so that data changes nothing. Either connect it "
        "inside 'inner': call a layer on it, or merge it with another branch "
        "(with layers.Concatenate(), for example); or leave it out of the "
        "inputs of 'inner' and stop passing it a tensor."
    ]
    # deeper down, and beside an unused input of the outer model: both named
    outer = keras.Model(
        [x, y, keras.Input((2,), name="z")], inner([x, y]), name="outer"
    )
    deeper = keras.Sequential([keras.Input((4,)), layers.Dense(4)], name="deep")
    top = keras.Input((2,), name="top")
    wrapper = keras.Model(
        [a, b], layers.Dense(2)(deeper(a)), name="wrapper"
    )  # reads a, not b
    model = keras.Model([x, y, top], [outer([x, y, top]), wrapper([x, y])])
    notes = kerasteach.compare(model).code_html.description.splitlines()
    assert len(notes) == 3
    assert notes[0].startswith("Note: Input 'z' of the nested model")
    assert sorted(n.split(" of the nested model ")[1][:9] for n in notes) == [
        "'inner' i",
        "'outer' i",
        "'wrapper'",
    ]


def test_the_info_of_a_lambda_names_the_placeholder_to_fill_in():
    # the note under the code says "fill in double_function()"; the info
    # pane of the Lambda named only its layers.Lambda(...) line
    model = keras.Sequential(
        [
            keras.Input((4,)),
            layers.Dense(3, name="d"),
            layers.Lambda(lambda x: x * 2, name="double"),
            layers.Dense(1, activation=lambda x: x, name="out"),
        ]
    )
    w = kerasteach.compare(model)
    assert "fill in double_function()" in w.code_html.description
    lines = w.functional_code.lines
    first = lines.index("def double_function(*args, **kwargs):") + 1
    last = first + next(
        n for n, line in enumerate(lines[first:]) if not line.startswith(" ")
    )
    assert "raise NotImplementedError(" in "\n".join(lines[first:last])
    w.selected = "double"
    info = html.unescape(re.sub(r"<[^>]+>", " ", w.info.value))
    assert (
        "To fill in: double_function(), the function this layer calls, is a "
        f"placeholder (Sequential and Functional, lines {first}-{last})" in info
    )
    assert "def double_function(*args, **kwargs):" in info
    assert "out_activation" not in info  # the other layer's placeholder
    w.selected = "out"  # a lambda given as a setting is one to fill in too
    info = html.unescape(re.sub(r"<[^>]+>", " ", w.info.value))
    assert "To fill in: out_activation()" in info
    assert "double_function" not in info
    w.selected = "d"
    assert "To fill in" not in w.info.value


def test_nested_layer_selection_falls_back_to_the_model_box():
    w = kerasteach.compare(models.nested(), expand_nested=False)
    assert "encoder/enc_dense" in w.index
    assert w.box_for("encoder/enc_dense") == w.boxes["encoder"]
    w.selected = "encoder/enc_dense"
    assert mark_of(w) is not None


def test_display_bundle_carries_the_widget_and_a_static_html_view():
    model = models.mlp()
    w = kerasteach.compare(model)
    bundle = w._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == (
        w.model_id
    )
    page = bundle["text/html"]
    before_graph, _, graph = page.partition("<svg")
    assert graph and "<style" not in before_graph  # styles inline only
    plain = html.unescape(re.sub(r"<[^>]+>", "", page))
    for line in to_functional_code(model).lines + to_sequential_code(model).lines:
        assert line.strip() in plain


def test_static_html_is_the_same_on_every_run_and_machine():
    # a saved notebook must not change when it is run again: no time of
    # drawing, no matplotlib version in the SVG
    page = kerasteach.compare(models.mlp()).static_html()
    assert "<svg" in page
    assert "dc:date" not in page and "matplotlib.org" not in page.lower()
    assert kerasteach.compare(models.mlp()).static_html() == page


def test_static_html_of_a_non_sequential_model_has_the_reasons():
    w = kerasteach.compare(models.shared_encoder())
    page = w.static_html()
    assert "No Sequential version" in page and "<svg" in page


def test_close_releases_every_widget_inside():
    w = kerasteach.compare(models.mlp())
    w.options_button.value = True  # builds the drawing switches too
    inner = [w.summary, w.graph_html, w.code_html, w.info, w.options_box.layout]
    inner += list(w.draw_switches.values())
    shared = [w.summary.layout, w.summary.style]
    w.close()
    assert w.comm is None
    assert all(x.comm is None for x in inner)
    # the layout and styles all compare widgets share stay open for the next
    assert all(x.comm is not None for x in shared)
    other = kerasteach.compare(models.mlp())
    assert other.summary.layout is shared[0]


# ------------------------------------------------- compare: what it is given


def _unbuilt():
    """A model whose reading would fail: proves a check ran before it."""
    return keras.Sequential([layers.Dense(3)])


def test_an_unknown_draw_option_is_refused_before_anything_is_built(draw_calls):
    with pytest.raises(TypeError, match="shows_shapes. Did you mean show_shapes?"):
        kerasteach.compare(_unbuilt(), shows_shapes=True)
    with pytest.raises(kerasteach.DrawingError, match="Expected some of: .*rankdir"):
        kerasteach.compare(models.mlp(), rank_dir="LR")
    assert draw_calls == []
    # set_draw_options: the same check, and nothing changes
    w = kerasteach.compare(models.mlp())
    before, calls = dict(w.draw_options), len(draw_calls)
    with pytest.raises(TypeError, match="Did you mean show_shapes?"):
        w.set_draw_options(show_shapes=True, shows_shapes=True)
    assert w.draw_options == before and len(draw_calls) == calls
    assert "shows_shapes" not in w.draw_options


@pytest.mark.parametrize(
    "option", [{"rankdir": "lr"}, {"rankdir": "BT"}, {"rankdir": None}, {"dpi": -1}]
)
def test_a_bad_value_raises_the_message_draw_gives(draw_calls, option):
    model = models.mlp()
    with pytest.raises(kerasteach.DrawingError) as by_draw:
        render.draw(model, **option)
    draw_calls.clear()
    with pytest.raises(kerasteach.DrawingError) as by_compare:
        kerasteach.compare(_unbuilt(), **option)
    assert str(by_compare.value).startswith(str(by_draw.value))
    w = kerasteach.compare(model, show_shapes=True)
    w.options_button.value = True
    before, calls = dict(w.draw_options), len(draw_calls)
    with pytest.raises(kerasteach.DrawingError) as by_set:
        w.set_draw_options(show_shapes=False, **option)
    assert str(by_set.value) == str(by_compare.value)
    # nothing changed: options, switches, menu, graph
    assert w.draw_options == before and len(draw_calls) == calls
    assert w.draw_switches["show_shapes"].value is True
    assert w.rankdir.value == "TB" and w.figure is not None


@pytest.mark.parametrize(
    "option, words",
    [
        ({"show_shapes": "False"}, ["show_shapes=False, without quotes"]),
        (
            {"expand_nested": 1},
            ["expand_nested expected True or False", "Write expand_nested=True."],
        ),
        ({"dpi": True}, ["dpi expected a positive number", "dpi=True"]),
        ({"highlight": 3}, ["highlight expected a layer name", "3"]),
        (
            {"highlight": layers.Dense(2, name="hidden_1")},
            ["Pass the layer's name: highlight='hidden_1'."],
        ),
    ],
)
def test_option_values_draw_would_misread_are_refused(option, words):
    with pytest.raises(kerasteach.DrawingError) as info:
        kerasteach.compare(models.mlp(), **option)
    for word in words:
        assert word in str(info.value)


def test_to_file_says_how_to_save_the_drawing():
    with pytest.raises(kerasteach.UnknownOptionError) as info:
        kerasteach.compare(models.mlp(), to_file="model.png")
    assert "compare() does not take to_file" in str(info.value)
    assert "kerasteach.draw(model).savefig('model.png')" in str(info.value)


def test_true_and_false_options_take_numpy_bools():
    import numpy as np

    w = kerasteach.compare(models.mlp(), show_shapes=np.bool_(True), faithful=np.True_)
    assert w.draw_options["show_shapes"] is True and w.faithful is True


def test_rankdir_menu_always_shows_the_direction_in_use(draw_calls):
    from kerasteach import layout
    from kerasteach._widget_options import RANKDIRS

    assert set(RANKDIRS) == set(layout.RANKDIRS)  # a label for each
    w = kerasteach.compare(models.mlp(), rankdir="LR")
    w.options_button.value = True
    assert w.rankdir.value == w.draw_options["rankdir"] == "LR"
    w.set_draw_options(rankdir="TB")
    assert w.rankdir.value == w.draw_options["rankdir"] == draw_calls[-1]["rankdir"]
    with pytest.raises(kerasteach.DrawingError, match="Did you mean 'LR'"):
        w.set_draw_options(rankdir="lr")
    assert w.rankdir.value == w.draw_options["rankdir"] == "TB"
    w.rankdir.value = "LR"  # the student picks it in the menu
    assert w.draw_options["rankdir"] == draw_calls[-1]["rankdir"] == "LR"
    assert "Could not draw" not in w.graph_html.value


def test_highlight_adds_layers_to_those_the_widget_marks(draw_calls):
    w = kerasteach.compare(models.mlp(), highlight="hidden_1")
    assert draw_calls[-1]["highlight"] == ["hidden_1"]
    assert w.draw_options["highlight"] == ("hidden_1",)
    w.set_draw_options(highlight=["hidden_2", "probabilities"])
    assert draw_calls[-1]["highlight"] == ["hidden_2", "probabilities"]
    w.set_draw_options(highlight=None)
    assert draw_calls[-1]["highlight"] == []
    with pytest.raises(kerasteach.DrawingError, match="Did you mean 'hidden_1'"):
        w.set_draw_options(highlight="hiden_1")
    # besides the layers a model that cannot be Sequential is explained by
    model = models.residual()
    reasons = list(explain(model).layers)
    assert "relu_out" not in reasons
    kerasteach.compare(model, highlight=["relu_out", reasons[0]])
    assert draw_calls[-1]["highlight"] == [*reasons, "relu_out"]


def test_highlight_inside_a_nested_model_marks_the_model_until_expanded(draw_calls):
    w = kerasteach.compare(models.nested(), highlight="encoder/enc_dense")
    assert draw_calls[-1]["highlight"] == ["encoder"]
    assert draw_calls[-1]["expand_nested"] is False
    w.draw_switches["expand_nested"].value = True
    assert draw_calls[-1]["highlight"] == ["encoder/enc_dense"]
    assert "Could not draw" not in w.graph_html.value


def test_focus_is_refused_with_what_to_use_instead():
    for option in ("focus", "focus_radius"):
        with pytest.raises(TypeError) as info:
            kerasteach.compare(models.mlp(), **{option: "hidden_1"})
        message = str(info.value)
        assert isinstance(info.value, kerasteach.DrawingError)
        assert f"compare() does not take {option}" in message
        assert "w.selected = " in message and "highlight=" in message
        assert "kerasteach.draw(model, focus=" in message
    w = kerasteach.compare(models.mlp())
    with pytest.raises(TypeError, match="w.selected = 'hidden_1'"):
        w.set_draw_options(focus="hidden_1")
    with pytest.raises(TypeError, match=r"compare\(model, input_shape="):
        w.set_draw_options(input_shape=(3,))


@pytest.mark.parametrize("value", ["no", "False", 1, None])
def test_faithful_must_be_true_or_false(value):
    with pytest.raises(kerasteach.KerasTeachError, match="faithful expected True or"):
        kerasteach.compare(_unbuilt(), faithful=value)
    with pytest.raises(kerasteach.KerasTeachError, match="faithful expected True or"):
        from kerasteach.widget import Compare

        Compare(kerasteach.read_model(models.mlp()), faithful=value)


@pytest.mark.parametrize(
    "make, advice",
    [
        (lambda: None, "`return model`"),
        # compare(model.summary()): summary() prints the table, returns None
        (lambda: models.mlp().summary(print_fn=lambda *a, **k: None), "pass the model"),
        (lambda: layers.Dense(3), "keras.Sequential([keras.Input(shape=...), layer])"),
        (lambda: "model.keras", "keras.saving.load_model(path)"),
        (lambda: keras.Sequential, "the class Sequential itself"),
        (lambda: [layers.Dense(3)], "keras.Sequential([keras.Input(shape=...), *l"),
        (lambda: keras.Input((3,)), "keras.Model(inputs=inputs, outputs=outputs)"),
        (lambda: 3.5, "Received: float 3.5."),
        (lambda: keras.ops.zeros((3, 4)), "an array of shape (3, 4) (data, not"),
        (lambda: models.mlp, "the function mlp, not the model it makes. Call it"),
        (lambda: layers.Dense, "the layer type Dense, not a model"),
        (lambda: {"mlp": models.mlp()}, "your_dict['mlp']"),
    ],
)
def test_what_is_not_a_model_gets_a_kerasteach_error_saying_what_to_do(make, advice):
    for entry_point in (kerasteach.compare, kerasteach.to_functional_code, render.draw):
        with pytest.raises(kerasteach.KerasTeachError) as info:
            entry_point(make())
        assert isinstance(info.value, TypeError)  # as before, and as Python would
        assert str(info.value).startswith("kerasteach expected a Keras model")
        assert advice in str(info.value)


# ------------------------------------------------------- compare: layer list


def _cnn():
    return keras.Sequential(
        [
            keras.Input((224, 224, 3), name="image"),
            layers.Conv2D(64, 3, padding="same", name="a_name_longer_than_its_column"),
            layers.Conv2D(128, 3, strides=2, padding="same", name="conv2d_1"),
            layers.BatchNormalization(name="batch_normalization"),
            layers.Conv2D(1024, 1, name="expand"),
            layers.GlobalAveragePooling2D(name="pool"),
            layers.Dense(1000, name="classes"),
        ]
    )


def test_the_layer_list_shows_cnn_shapes_whole_under_its_header():
    from kerasteach._widget_layers import shape_cell

    w = kerasteach.compare(_cnn())
    header = summary_header()
    shape_at = header.index("Output shape")
    for (label, _), entry in zip(w.summary.options, w.entries):
        row = label.replace("\u00a0", " ")
        cell = shape_cell(entry.shapes)
        assert cell in (entry.shape, entry.shape.replace(", ", ",")), row
        assert row.index(cell) == shape_at
        assert len(row) == len(header)  # the params column ends under "Params"
        assert row.endswith(f"{entry.params:,}")
    shapes = [e.shape for e in w.entries]
    assert "(None, 224, 224, 64)" in shapes and "(None, 112, 112, 128)" in shapes
    assert "(None, 112, 112, 1024)" in shapes
    labels = {v: k.replace("\u00a0", " ") for k, v in w.summary.options}
    assert "(None,112,112,1024)" in labels["expand"]  # whole, without spaces
    assert labels["batch_normalization"].startswith("batch_normalization ")
    # as narrow as ever: the list's half of the widget (11px monospace)
    assert len(header) == 66


def test_the_layer_list_keeps_long_names_of_one_block_apart():
    # MobileNet's rows read "expanded_conv_dept…" three times in a row when
    # names were cut at their end; the end is where such names differ.
    names = ["expanded_conv_depthwise", "expanded_conv_depthwise_bn"]
    names += ["expanded_conv_depthwise_relu", "out"]
    model = keras.Sequential(
        [keras.Input((4, 4, 3), name="image"), layers.DepthwiseConv2D(3, name=names[0])]
        + [layers.BatchNormalization(name=names[1])]
        + [layers.ReLU(name=names[2]), layers.Flatten(name=names[3])]
    )
    w = kerasteach.compare(model)
    width = summary_header().index("Type") - 1
    cells = {v: k.replace("\u00a0", " ")[:width].rstrip() for k, v in w.summary.options}
    assert len(set(cells.values())) == len(cells)
    for name in names:
        cell = cells[name]
        assert len(cell) <= width
        if len(name) > width:
            head, tail = cell.split("…")
            assert name.startswith(head) and name.endswith(tail), cell
            assert len(tail) >= len(head)  # more of the end, where they differ
        else:
            assert cell == name


def test_shape_cell_keeps_long_shapes_readable():
    from kerasteach._widget_layers import format_shape, shape_cell

    one = [(None, 1024, 1024, 3)]
    assert shape_cell(one) == format_shape(one) == "(None, 1024, 1024, 3)"
    assert shape_cell([(None, 16, 112, 112, 64)]) == "(None,16,112,112,64)"
    assert shape_cell([(None, 10), (None, 1)]) == "[(None,10),(None,1)]"
    assert shape_cell([(None, 10), (None, 1), (None, 5)]) == "[(None, 10), …"
    two = [(None, 28, 28, 64), (None, 28, 28, 32)]
    assert shape_cell(two) == "[(None,28,28,64),…"
    # cut only when nothing else fits
    assert shape_cell([(None,) + (1000,) * 6]) == "(None,1000,1000,1000…"
    assert shape_cell([(None, 3)]) == "(None, 3)" and shape_cell([(5,)]) == "(5,)"
    assert shape_cell([]) == ""


# ------------------------------------------------------------ highlighting


def _styles(lexer, source):
    """The Pygments default-style colour of each visible character."""
    from pygments.styles import get_style_by_name

    style = get_style_by_name("default")
    out = []
    for ttype, value in lexer.get_tokens(source):
        s = style.style_for_token(ttype)
        out += [(s["color"], s["bold"], s["italic"])] * len(value)
    return [c if not ch.isspace() else None for c, ch in zip(out, source)]


@pytest.mark.parametrize("name", sorted(models.SMALL_MODELS))
def test_fast_lexer_colours_generated_code_like_pygments(name):
    from pygments.lexers import PythonLexer

    from kerasteach._widget_lexer import GeneratedCodeLexer

    model = models.SMALL_MODELS[name]()
    sources = [to_functional_code(model, faithful=f).source for f in (False, True)]
    if explain(model).is_sequential:
        sources.append(to_sequential_code(model).source)
    for source in sources:
        assert _styles(GeneratedCodeLexer(), source) == _styles(PythonLexer(), source)


def test_fast_lexer_handles_what_generated_code_may_contain():
    from pygments.lexers import PythonLexer

    from kerasteach._widget_lexer import GeneratedCodeLexer

    source = (
        "import numpy as np\n"
        "from keras.src.applications.convnext import LayerScale as LS\n"
        "x = keras.ops.clip(min=1, float=2) ** 2 - 1.5e-3 + .5\n"
        'y = r"a\\n" + "\\u00e9\\\\" + float("inf") + b"\\x00"\n'
        "def stub_function(*args, **kwargs):\n"
        "    # The function inside Lambda layer 'f' cannot be recovered.\n"
        '    raise NotImplementedError("write it here")\n'
        "z = None if True else False\n"
    )
    assert _styles(GeneratedCodeLexer(), source) == _styles(PythonLexer(), source)
    lines = code_html.highlight_lines(source)
    assert len(lines) == len(source.splitlines())
    plain = [html.unescape(re.sub(r"<[^>]+>", "", line)) for line in lines]
    assert plain == source.splitlines()


# ------------------------------------------------------------- playground


def test_playground_shows_functional_code_for_a_sequential_model():
    p = kerasteach.playground()
    assert isinstance(p, widgets.VBox) and "keras.Sequential" in p.code.value
    p.run_button.click()
    assert p.problem is None, p.status.value
    assert isinstance(p.model, keras.Sequential)
    assert p.other_style == "functional"
    assert "keras.Model(" in text_of(p.output_code.value)
    assert bytes(p.graph_image.value).startswith(PNG)
    assert p.graph_box.layout.display is None


def test_playground_shows_sequential_code_for_a_functional_chain():
    p = kerasteach.playground(
        "inp = keras.Input((4,))\n"
        "x = layers.Dense(3, name='a')(inp)\n"
        "print('built')\n"
        "net = keras.Model(inp, layers.Dense(1, name='b')(x))\n"
    )
    assert p.run() is None
    assert p.result.variable == "net"  # no `model`: the last model defined
    assert p.other_style == "sequential"
    assert "keras.Sequential(" in text_of(p.output_code.value)
    assert "built" in p.printed.value


def test_playground_shows_the_notes_of_the_code():
    p = kerasteach.playground(
        "model = keras.Sequential([\n"
        "    keras.Input((4,)),\n"
        "    layers.Lambda(lambda x: x * 2, name='double'),\n"
        "])\n"
    )
    assert p.run() is None
    assert "def double_function(" in text_of(p.output_code.value)  # to fill in
    note = p.output_code.value.split('<div class="kt-note">', 1)[1]
    assert html.unescape(note).startswith(
        "Note: The function of Lambda layer 'double' could not be written as "
        "code; fill in double_function() before running the code."
    )


def test_playground_explains_a_model_that_cannot_be_sequential():
    p = kerasteach.playground(
        "inp = keras.Input((4,))\n"
        "a = layers.Dense(4)(inp)\n"
        "model = keras.Model(inp, layers.Add()([inp, a]))\n"
    )
    assert p.run() is None
    assert "No Sequential version" in p.output_title.value  # said once
    assert "No Sequential version" not in p.output_code.value
    assert "merges 2 tensors" in p.output_code.value
    # no code "on the right" in the playground: the student's own code is it
    assert "on the right" not in p.output_code.value
    assert "Your code, written with the Functional API, is the way to build" in (
        p.output_code.value
    )


def test_playground_syntax_error_names_the_line():
    p = kerasteach.playground(
        "model = keras.Sequential([\n    keras.Input((4,))\n    layers.Dense(2)\n])\n"
    )
    problem = p.run()
    assert problem.kind == "syntax" and problem.line == 2
    assert "line 2" in problem.message and "comma" in problem.message
    assert "line 2" in p.status.value
    assert p.graph_box.layout.display == "none"


def test_playground_shape_mismatch_names_both_shapes_and_the_layer():
    p = kerasteach.playground(
        "inp = keras.Input((4,))\n"
        "a = layers.Dense(4)(inp)\n"
        "b = layers.Dense(8)(inp)\n"
        "model = keras.Model(inp, layers.Add(name='join')([a, b]))\n"
    )
    problem = p.run()
    assert problem.kind == "shape" and problem.line == 4
    assert problem.layer == "join"
    assert "'join' (Add)" in problem.message
    assert "(4,)" in problem.message and "(8,)" in problem.message
    assert "a, of shape (None, 4)" in problem.message
    assert "b, of shape (None, 8)" in problem.message


def test_playground_shape_mismatch_in_a_sequential_model_names_the_layer():
    p = kerasteach.playground(
        "model = keras.Sequential([keras.Input((4,)), layers.Reshape((2, 3), "
        "name='fold')])"
    )
    problem = p.run()
    assert problem.kind == "shape" and problem.layer == "fold"
    assert "'fold' (Reshape)" in problem.message
    assert "(4,) and (2, 3)" in problem.message


def test_playground_name_error_names_the_undefined_name():
    p = kerasteach.playground("model = keras.Sequential([Dense(2)])")
    problem = p.run()
    assert problem.kind == "name" and problem.line == 1
    assert "'Dense' is not defined" in problem.message
    assert "layers.Dense" in problem.message
    problem = p.run("inp = keras.Input((2,))\nx = layers.Dense(2)(inpt)")
    assert problem.kind == "name" and "Did you mean inp?" in problem.message


def test_playground_without_a_model_says_how_to_name_it():
    p = kerasteach.playground("x = 1 + 1")
    problem = p.run()
    assert problem.kind == "no-model"
    assert "model = keras.Sequential" in problem.message


def test_playground_survives_anything_the_code_raises():
    p = kerasteach.playground("raise SystemExit('bye')")
    assert p.run().kind == "error" and "SystemExit" in p.status.value
    p.code.value = "import sys; sys.stdout = None; raise RuntimeError('boom')"
    p.run_button.click()
    assert p.problem.kind == "error" and "boom" in p.problem.message
    assert not p.run_button.disabled
    assert p.run("model = keras.Sequential([layers.Dense(2)])").kind == "kerasteach"


def test_playground_survives_a_failure_after_the_model_is_built(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("drawing broke")

    monkeypatch.setattr(render, "draw", broken)
    p = kerasteach.playground()
    p.run_button.click()  # must not raise
    assert p.problem.kind == "error" and "drawing broke" in p.problem.message


def test_playground_stops_code_that_never_ends():
    p = kerasteach.playground("n = 0\nwhile True:\n    n += 1\n", time_limit=0.5)
    problem = p.run()
    assert problem.kind == "timeout" and problem.line in (2, 3)
    assert "still running after 0.5 seconds" in problem.message
    assert "loop that never ends" in problem.message
    assert not p.run_button.disabled
    # the alarm is gone: a normal run afterwards is not interrupted
    assert (
        p.run("model = keras.Sequential([keras.Input((2,)), layers.Dense(1)])") is None
    )


def test_playground_names_layers_as_a_fresh_session_and_leaves_ours_alone():
    before = layers.Dense(1).name  # the notebook's own counter (fresh session)
    p = kerasteach.playground(
        "model = keras.Sequential([keras.Input((4,)), layers.Dense(3), "
        "layers.Dense(2)])"
    )
    for _ in range(3):  # the same names on every Run
        assert p.run() is None
        assert [layer.name for layer in p.model.layers] == ["dense", "dense_1"]
    after = layers.Dense(1).name
    assert (
        int(after.rpartition("_")[2])
        == int(before.rpartition("_")[2] if "_" in before else 0) + 1
    )


def test_layer_names_in_the_reasons_link_to_their_code():
    # The names in the reasons looked clickable and did nothing: each is a
    # link to its layer's first row in the Functional pane (the row id that
    # "show in the code" scrolls to), in the same code box.
    w = kerasteach.compare(models.residual())
    expl = explain(models.residual())
    page = w.code_html.value
    links = re.findall(r'<a class="kt-layer-name kt-l(\d+)" href="#([^"]+)"', page)
    assert {w.entries[int(n)].key for n, _ in links} == set(expl.layers)
    for n, target in links:
        assert target == f"kt-{w.uid}-l{n}"
        assert page.count(f'id="{target}"') == 1  # the target exists, once
        at = page.index(f'id="{target}"')
        assert page.rfind("kt-functional", 0, at) > page.rfind("kt-sequential")
        # on the first row of that layer
        first = w.functional_code.spans[w.entries[int(n)].key][0]
        assert f'<span class="kt-ln" id="{target}">{first}<' in page
    assert "Click a name to see its code." in page
    rules = dict(_rules(css.BASE_CSS))
    assert "cursor:pointer" in rules[".kt-compare a.kt-layer-name"]
    # a selection still lights the name up
    w.selected = "skip"
    assert f".kt-cmp.kt-{w.uid} .kt-l{w.index['skip']}{{" in w.info.value


def test_a_reason_for_many_skip_connections_marks_and_links_every_layer(draw_calls):
    # one reason names the 17 layers of eight skip connections: the first
    # dozen are shown, the rest fold away, and every one is marked and linked
    model = models.skip_tower(8)
    w = kerasteach.compare(model)
    (reason,) = explain(model).reasons
    page = w.code_html.value
    assert html.escape(reason.message) in page
    assert "(1 reason)" in page
    links = re.findall(r'<a class="kt-layer-name kt-l(\d+)" href="#([^"]+)"', page)
    assert [w.entries[int(n)].key for n, _ in links] == list(reason.layers)
    for n, target in links:  # to the layer's own row, which exists once
        assert target == f"kt-{w.uid}-l{n}" and page.count(f'id="{target}"') == 1
    shown, _, folded = page.partition('<details class="kt-more-names">')
    assert folded.startswith("<summary>and 5 more layers</summary>")
    assert shown.count('<a class="kt-layer-name') == 12
    assert draw_calls[-1]["highlight"] == list(reason.layers)
    rules = dict(_rules(css.BASE_CSS))
    assert "cursor:pointer" in rules[".kt-compare .kt-more-names summary"]


def test_the_playground_lists_reason_names_without_links():
    # no code pane next to them, so nothing to scroll to
    expl = explain(models.residual())
    index = {name: n for n, name in enumerate(expl.layers)}
    reasons = code_html.reasons_html(expl, index)
    assert "<a " not in reasons and "Click a name" not in reasons
    assert all(f'kt-l{n}"' in reasons for n in index.values())


def test_the_selection_stands_out_from_the_reason_highlight():
    # Layers named in a reason are drawn with a red border and a yellow
    # fill; the mark was an orange border over a see-through yellow fill,
    # nearly the same, and it dimmed the box's text.
    rules = dict(_rules(css.BASE_CSS))
    mark = rules[".kt-compare .kt-mark"]
    assert f"border:3px solid {css.SELECTED_COLOUR}" in mark
    assert "background" not in mark  # no fill over the box's text
    # its border covers the box's red one; outside, a see-through glow that
    # leaves the arrowheads into the box in sight
    assert MARK_PAD < 3 and "box-shadow:0 0 0 3px rgba(" in mark
    # the code rows wear the same colour
    w = kerasteach.compare(models.residual())
    w.selected = "skip"
    row_rule = re.search(r"\.kt-l\d+\{([^}]*)\}", w.info.value).group(1)
    assert css.SELECTED_COLOUR in row_rule
    assert css.SELECTED_BACKGROUND in row_rule


def test_a_layer_inside_a_collapsed_nested_model_says_where_it_is():
    # With nested models drawn as one box, the mark outlines the whole
    # model: the info box says why, and how to see the layer's own box.
    w = kerasteach.compare(models.nested(), expand_nested=False)
    w.selected = "encoder/enc_dense"
    text = html.unescape(re.sub(r"<[^>]+>", "", w.info.value.split("</style>")[-1]))
    assert (
        "In the graph: inside encoder (its box is outlined); tick nested in the "
        "drawing options to see its own box." in text
    )
    assert "nested" in w.draw_switches["expand_nested"].description
    w.selected = "encoder"  # the model itself: its own box, nothing to say
    assert "In the graph" not in w.info.value
    w.selected = "inputs"
    assert "In the graph" not in w.info.value
    # expanded, the layer has its own box and the note is gone
    w.set_draw_options(expand_nested=True)
    w.selected = "encoder/enc_dense"
    assert "encoder/enc_dense" in w.boxes
    assert "In the graph" not in w.info.value


def test_long_names_wrap_in_the_info_box_and_the_list_scrolls_sideways():
    rules = dict(_rules(css.BASE_CSS))
    assert "overflow-wrap:anywhere" in rules[".kt-compare .kt-info"]
    # the list keeps its full rows (Params last) and scrolls them, with its
    # column names, in its own column
    assert "overflow-x:auto" in rules[".kt-cmp>.kt-list"]
    select = rules[".kt-cmp>.kt-list>select"]
    assert "min-width:100%" in select and "align-self:flex-start" in select


# ------------------------------------------------------- dpi: sharper, not bigger


def graph_img(w) -> tuple[int, int, bytes]:
    """The CSS width and height of the graph's <img>, and its PNG."""
    m = re.search(
        r'<img [^>]*width="(\d+)" height="(\d+)" src="data:image/png;base64,([^"]+)"',
        w.graph_html.value,
    )
    assert m is not None
    return int(m.group(1)), int(m.group(2)), base64.b64decode(m.group(3))


def graph_note(w) -> str:
    m = re.search(r'<div class="kt-note">(.*?)</div>', w.graph_html.value)
    return "" if m is None else html.unescape(m.group(1))


def test_dpi_sharpens_the_graph_and_keeps_its_size_and_mark():
    from kerasteach._widget_graph import png_size

    w = kerasteach.compare(models.mlp())
    shown = w.figure.dpi  # draw()'s default for this model
    w.selected = "hidden_2"
    size, mark, png = w.image_size, mark_of(w), png_size(w.png)
    assert graph_img(w)[:2] == size == png and w.image_scale == 1

    w.set_draw_options(dpi=2 * shown)  # the mark moves along with the redraw
    assert w.figure.dpi == 2 * shown and w.image_scale == 0.5
    width, height, data = graph_img(w)
    assert data == w.png
    # twice the pixels on a side, shown at the same size
    assert all(abs(a - 2 * b) <= 1 for a, b in zip(png_size(w.png), png))
    assert all(abs(a - b) <= 1 for a, b in zip((width, height), size))
    assert (width, height) == w.image_size
    # the mark still outlines the box: PNG pixels scaled to CSS pixels
    x0, y0, _, _ = w.boxes["hidden_2"]
    left, top = mark_of(w)
    assert abs(left - (x0 / 2 - MARK_PAD)) <= 1 and abs(top - (y0 / 2 - MARK_PAD)) <= 1
    assert all(abs(a - b) <= 1 for a, b in zip(mark_of(w), mark))
    assert graph_note(w) == ""
    # given to compare(), dpi means the same
    other = kerasteach.compare(models.mlp(), dpi=2 * shown)
    assert other.image_size == w.image_size and len(other.png) == len(w.png)


def test_a_dpi_with_too_many_pixels_for_the_widget_is_capped_with_a_note(
    monkeypatch, recwarn
):
    from kerasteach import _widget_graph
    from kerasteach._widget_graph import png_size

    w = kerasteach.compare(models.mlp())
    size = w.image_size
    default = size[0] * size[1]
    monkeypatch.setattr(_widget_graph, "MAX_PIXELS", 4 * default)  # a fast test
    w.selected = "hidden_1"
    w.set_draw_options(dpi=5000)
    width, height = png_size(w.png)
    assert width * height <= 4 * default  # not 50 x 50 times the default
    assert width > 1.5 * size[0]  # but as sharp as the limit lets it be
    assert w.image_size == size and graph_img(w)[:2] == size
    x0, y0, _, _ = w.boxes["hidden_1"]
    left, top = mark_of(w)
    assert abs(left - (x0 * w.image_scale - MARK_PAD)) <= 1
    assert abs(top - (y0 * w.image_scale - MARK_PAD)) <= 1
    # what happened, in the widget's words, and what to do
    note = graph_note(w)
    dpi = int(w.figure.dpi)
    assert dpi == w.figure.dpi  # a whole dpi, to pass as it is
    assert f"The graph is drawn at dpi={dpi}, not dpi=5000" in note
    assert "sharper, not bigger" in note and f"pass dpi={dpi} or less" in note
    assert f"w.set_draw_options(dpi={dpi})" in note
    assert "SVG" not in note and "PDF" not in note  # no advice for draw()
    assert not [str(x.message) for x in recwarn.list if "dpi" in str(x.message)]
    w.set_draw_options(dpi=dpi)  # the advice works: the same image, no note
    assert graph_note(w) == "" and png_size(w.png) == (width, height)


def test_the_widget_never_caps_the_default_drawing():
    from kerasteach._widget_graph import MAX_PIXELS

    # draw() keeps a picture at its default dpi within its own cap
    assert MAX_PIXELS >= render._PIXEL_CAP


def test_the_dpi_note_writes_the_dpi_as_the_student_did():
    from kerasteach._widget_graph import _sharpness

    dpi, note = _sharpness((10.0, 20.0), 100.0, 5_000_000)
    assert f"dpi={dpi:g}, not dpi=5000000: dpi=5000000 would make" in note
    assert "e+06" not in note


def test_the_static_view_shows_a_sharper_png_at_the_widget_size(monkeypatch):
    from kerasteach import _widget_static

    w = kerasteach.compare(models.mlp())
    size = w.image_size
    w.set_draw_options(dpi=2 * w.figure.dpi)
    assert "<svg" in w.static_html()  # the SVG has no pixels to choose
    monkeypatch.setattr(_widget_static, "MAX_SVG_CHARS", 0)  # as for a big model
    page = w.static_html()
    png = base64.b64encode(w.png).decode("ascii")
    assert (
        f'width="{size[0]}" height="{size[1]}" src="data:image/png;base64,{png}"'
        in (page)
    )


def test_the_static_svg_is_as_big_as_the_live_png():
    # matplotlib sizes an SVG in points (a browser's 96 px per inch); the
    # live PNG is shown at draw()'s 100: the static view was 4 % smaller
    w = kerasteach.compare(models.mlp())
    width, height = w.image_size
    page = w.static_html()
    root = page[page.index("<svg") :]
    root = root[: root.index(">")]
    assert f'width="{width}px"' in root and f'height="{height}px"' in root
    assert "pt" not in root.replace("viewBox", "")  # the viewBox scales the points
    assert 'viewBox="0 0 ' in root


def test_a_subclassed_model_s_layers_show_their_attributes_beside_keras_names():
    # explain()'s reasons say self.skip; the list, the info line and the
    # reasons' name chips show it beside the Keras name the code uses
    model = models.SkipSubclass()
    model(keras.ops.zeros((1, 4)))
    w = kerasteach.compare(model)
    held = {e.attribute: e.key for e in w.entries if e.attribute}
    assert set(held) == {"self.h", "self.o", "self.skip"}
    rows = [label.replace(NBSP, " ") for label, _ in w.summary.options]
    assert any(row.startswith(f"{held['self.skip']} (self.skip) ") for row in rows)
    assert all(len(row) == len(rows[0]) for row in rows)  # columns stay aligned
    w.selected = held["self.skip"]
    assert "<code>self.skip</code> in call()" in w.info.value
    page = html.unescape(w.code_html.value)
    assert "feeds self.h and self.skip" in page
    assert f"{held['self.skip']} (self.skip)</a>" in page
    assert "self.skip" in html.unescape(w._repr_mimebundle_()["text/html"])
    assert "self." not in w.functional_code.source  # the code keeps Keras names


def test_a_long_attribute_keeps_its_row_width():
    from kerasteach._widget_layers import Entry, summary_labels

    def entry(name, attribute, depth=0):
        return Entry(name, name, "Dense", "", 0, depth, 1, attribute=attribute)

    rows = summary_labels(
        [
            entry("dense_12", "self.h"),
            entry("a_very_long_layer_name", "self.h"),
            entry("dense_5", "self.heads['digit']"),
            entry("dense", None),
        ]
    )
    names = [row.replace(NBSP, " ")[:19].rstrip() for row in rows]
    assert names == [
        "dense_12 (self.h)",
        "a_ve…_name (self.h)",
        "self.heads['digit']",
        "dense",
    ]
    assert len({len(row) for row in rows}) == 1
