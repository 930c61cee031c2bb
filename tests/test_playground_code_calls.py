"""Finding calls in the student's code by name (kerasteach/_widget_calls.py),
the walk the explanations share."""

from __future__ import annotations

import ast

from kerasteach._widget_calls import function_calls, method_calls, model_inputs


def test_method_calls_outer_first_by_attribute_name():
    source = "model.fit(x, y, callbacks=[cb.fit(1)])\nfit(2)\nother.predict(x)"
    calls = method_calls(source, "fit")
    assert [c.lineno for c in calls] == [1, 1]  # fit(2) is no method call
    assert calls[0].keywords[0].arg == "callbacks"  # the outer call first
    several = method_calls(source, ("fit", "predict"))
    assert sorted(c.func.attr for c in several) == ["fit", "fit", "predict"]


def test_function_calls_by_plain_name_only():
    source = "out = head([a, b])\nlayers.head(a)"
    calls = function_calls(source, "head")
    assert len(calls) == 1 and calls[0].lineno == 1


def test_unreadable_code_has_no_calls():
    assert method_calls("model.fit(x,", "fit") == []
    assert method_calls("model.fit(x)\0", "fit") == []
    assert function_calls("head(", "head") == []


def test_model_inputs_as_written_first_argument_or_keyword():
    lines = [
        "m1 = keras.Model([a, b], out)",
        "m2 = Model(inputs=x, outputs=y)",
        "m3 = keras.Sequential([layer])",
        "m4 = keras.Model(outputs=y)",
    ]
    given = [ast.unparse(node) for node in model_inputs(lines)]
    assert given == ["[a, b]", "x"]
    assert model_inputs(["keras.Model("]) == []
