"""The calls in a piece of the student's code, found by the name called.

Many explanations read one statement of the student's code for the call
they are about: the ``model.fit(...)`` whose labels are missing, the
``np.random.rand(...)`` given a tuple.  :func:`method_calls` finds the
``....fit(...)`` calls (a method, by its attribute name) and
:func:`function_calls` the ``head(...)`` calls (a plain name), in the
order :func:`ast.walk` meets them (the outer call before the calls in its
arguments).  Each explanation then picks the call it trusts: the first, or
only when there is exactly one.  Code that Python cannot read has none.
:func:`model_inputs` finds what the code gives ``keras.Model(...)`` as its
inputs, which the notes about a model that starts in the wrong place read.
"""

from __future__ import annotations

import ast
from collections.abc import Collection

from ._widget_problem import called_name, parsed_code

__all__ = ["function_calls", "method_calls", "model_inputs"]


def _names(names: str | Collection[str]) -> Collection[str]:
    return (names,) if isinstance(names, str) else names


def method_calls(source: str, methods: str | Collection[str]) -> list[ast.Call]:
    """The calls ``something.method(...)`` in ``source`` of a method named
    ``methods`` (one name, or any of several), outer calls first; ``[]``
    when Python cannot read ``source``."""
    wanted = _names(methods)
    tree = parsed_code([source])
    return [
        node
        for node in (ast.walk(tree) if tree is not None else ())
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in wanted
    ]


def function_calls(source: str, names: str | Collection[str]) -> list[ast.Call]:
    """The calls ``name(...)`` in ``source`` of a plain name (not an
    attribute: ``head(x)``, not ``layers.head(x)``), outer calls first;
    ``[]`` when Python cannot read ``source``."""
    wanted = _names(names)
    tree = parsed_code([source])
    return [
        node
        for node in (ast.walk(tree) if tree is not None else ())
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in wanted
    ]


def model_inputs(lines: list[str]) -> list[ast.expr]:
    """What each ``keras.Model(...)`` (or ``Model(...)``) call in the
    student's code ``lines`` is given as its inputs, as written: its first
    argument or its ``inputs=``, calls in the order :func:`ast.walk` meets
    them; ``[]`` when Python cannot read the code."""
    tree = parsed_code(lines)
    return [
        node
        for call in (ast.walk(tree) if tree is not None else ())
        if isinstance(call, ast.Call) and called_name(call) == "Model"
        for node in call.args[:1]
        + [k.value for k in call.keywords if k.arg == "inputs"]
    ]
