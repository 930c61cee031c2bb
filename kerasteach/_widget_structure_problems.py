"""A model put together the wrong way, explained: its parts are right,
their number or their names are not.

``keras.Sequential`` with a second ``keras.Input`` further down its list
(or a second ``model.add(keras.Input(...))``); two layers given the same
``name=``; a merging layer called on one tensor instead of a list
(``layers.Concatenate()(a)``), ``Subtract`` on three, ``Attention`` on
one; a layer that hands back its input (``Equalization``).  Keras says
"has already been configured to use input shape", "should have unique
names", "should be called on a list of inputs", "is part of a cycle"; each
function here names the lines and the layers, and says what to write
instead, or returns ``None``.  Shapes that do not go together are
:mod:`kerasteach._widget_merge_problems`'.
"""

from __future__ import annotations

import ast
import re

from ._widget_problem import (
    Problem,
    _at,
    _frames_below_student,
    _line_text,
    _statement_span,
    _student_names,
    _target,
    called_name,
    code_of,
    parsed_code,
)


def _input_calls(node) -> bool:
    return isinstance(node, ast.Call) and called_name(node) in ("Input", "InputLayer")


def second_input_problem(exc, raw: str, line, text, lines=()) -> Problem | None:
    """A second ``keras.Input`` in a ``keras.Sequential``: the first one
    already told the model the shape of its data."""
    match = re.search(r"has already been configured to use input shape (\(.*?\))", raw)
    if match is None or line is None:
        return None
    lines = list(lines)
    first, last = _statement_span(lines, line)
    tree = parsed_code(lines)
    second = None
    for node in ast.walk(tree) if tree is not None else ():
        if (
            isinstance(node, ast.Call)
            and called_name(node) == "Sequential"
            and first <= node.lineno <= last
            and node.args
            and isinstance(node.args[0], ast.List)
        ):
            inputs = [e for e in node.args[0].elts if _input_calls(e)]
            second = inputs[1] if len(inputs) > 1 else None
    source = "\n".join(lines)
    if second is not None:
        line, text = second.lineno, _line_text(lines, second.lineno)
        leave = f"Leave {code_of(source, second)} out of the list"
    else:
        leave = "Leave this line out"
    message = (
        "keras.Sequential takes one keras.Input, at the start of its layers, "
        f"and this is a second one{_at(line, text) or '. '}The first already "
        "says the shape of the data, and each next layer reads the output of "
        "the layer before it, so no "
        f"other needs a shape. {leave}. (A model with two inputs is written "
        "with the Functional API: keras.Model([a, b], outputs).)"
    )
    return Problem("error", message, line, text, detail=raw)


def same_name_problem(exc, raw: str, line, text, lines=()) -> Problem | None:
    """Two layers given the same ``name=``."""
    match = re.search(r"Name '([^']*)' is already the name of a layer", raw)
    match = match or re.search(r'The name "([^"]*)" is used \d+ times', raw)
    if match is None:
        return None
    name = match.group(1)
    lines = list(lines)
    tree = parsed_code(lines)
    named = sorted(
        {
            node.lineno
            for node in (ast.walk(tree) if tree is not None else ())
            if isinstance(node, ast.keyword)
            and node.arg == "name"
            and isinstance(node.value, ast.Constant)
            and node.value.value == name
        }
    )
    what = f"Two layers are named {name!r}"
    own = f'name="{name}_1" and name="{name}_2"'
    other = ""
    if len(named) >= 2:
        line, text = named[-1], _line_text(lines, named[-1])
        other = f"The other is on line {', '.join(map(str, named[:-1]))}. "
    elif named:  # one line, run several times
        line, text = named[0], _line_text(lines, named[0])
        what = f"Each layer this line makes is named {name!r}"
        own = f'name=f"{name}_{{i}}", with the loop\'s number i'
    message = (
        f"{what}{_at(line, text) or '. '}{other}"
        "The names of the layers in a model must all differ: Keras finds "
        f"each layer by its name. Give each a name of its own, such as {own}, "
        "or leave name= out and Keras names them."
    )
    return Problem("error", message, line, text, detail=raw)


def merge_count_problem(exc, raw: str, line, text) -> Problem | None:
    """``layers.Concatenate()(a)``, ``layers.Add()(a)``: a merging layer
    called on one tensor; ``layers.Subtract()([a, b, c])``: on three;
    ``layers.Attention()(x)``: on one."""
    one = re.search(r"should be called on a list of (?:at least |)\d* ?inputs?", raw)
    subtract = "should be called on exactly 2 inputs" in raw
    attention = "Attention layer must be called on a list of inputs" in raw
    if not (one or subtract or attention):
        return None
    from ._widget_merge_problems import _tensors
    from ._widget_model_problems import _failing_layer

    failing = _failing_layer(exc)
    if failing is None:
        return None
    layer, frame_locals = failing
    kind = type(layer).__name__
    names = _student_names(exc)
    tensors = _tensors(frame_locals)
    called = [names.get(id(t), f"input {n}") for n, t in enumerate(tensors, 1)]
    who = f"Layer {layer.name!r} ({kind})"
    where = _at(line, text) or ". "
    target = _target(text)
    made = f"layers.{kind}()"  # as the student's line makes the layer
    tree = parsed_code([(text or "").strip()])
    for node in ast.walk(tree) if tree is not None else ():
        if isinstance(node, ast.Call) and called_name(node) == kind:
            made = code_of((text or "").strip(), node)
            break
    if attention:
        named = bool(tensors) and id(tensors[0]) in names
        x = called[0] if named else "x"
        given = f" ({x})" if named else ""
        argument = _argument_code(text, kind)
        first, unnamed = "", ""
        if not named and argument:
            first = f"x = {argument}\n    "
        elif not named:
            unnamed = (
                "\n(x: the tensor it was called on; give it a name first, "
                "x = ..., to use it twice.)"
            )
        both = "that tensor a name, x, and give x" if first else x
        message = (
            f"{who} takes a list of tensors, [query, value], but it was called "
            f"on one tensor{given}{where}For self-attention, where a sequence "
            f"looks at itself, give {both} as both:\n    {first}{target}{made}"
            f"([{x}, {x}]){unnamed}"
        )
    elif subtract:
        listed = ", ".join(called)
        message = (
            f"{who} takes exactly 2 tensors, the first minus the second, but it "
            f"was called on {len(called)} ({listed}){where}"
            "To subtract more, subtract twice:\n"
            f"    difference = layers.Subtract()([{called[0]}, {called[1]}])\n"
            f"    {target}layers.Subtract()([difference, {called[2]}])"
        )
    else:
        named = bool(tensors) and id(tensors[0]) in names
        x = called[0] if named else "x"
        given = f" ({x})" if named else ""
        other = (
            f"other: the tensor to merge with {x}"
            if named
            else ("x: the tensor it was called on; other: the tensor to merge with it")
        )
        message = (
            f"{who} merges several tensors, given as one list, but it was "
            f"called on one tensor{given}{where}Put the tensors to merge in "
            f"square brackets, at least two:\n    {target}{made}([{x}, other])"
            f"\n({other}.) To pass one "
            "tensor on as it is, no merging layer is needed."
        )
    return Problem("error", message, line, text, detail=raw, layer=layer.name)


def _argument_code(text, kind: str) -> str | None:
    """The code of the one argument ``layers.<kind>(...)(here)`` is called
    on in the line ``text``; None when the line has no such call."""
    line = (text or "").strip()
    tree = parsed_code([line])
    for node in ast.walk(tree) if tree is not None else ():
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Call)
            and called_name(node.func) == kind
            and len(node.args) == 1
            and not node.keywords
        ):
            return code_of(line, node.args[0])
    return None


_CYCLE = re.compile(r"from operation '([^']+)' is part of a cycle")


def cycle_problem(exc, raw: str, line, text) -> Problem | None:
    """A layer that returned the very tensor it was given (Keras's own
    ``Equalization``): Keras then finds "a cycle" in the model.  Says which
    layer and the two ways round it
    (:func:`kerasteach._reader_passthrough.passthrough_words`)."""
    from ._reader_passthrough import passthrough_words

    match = _CYCLE.search(str(exc))
    if not isinstance(exc, ValueError) or match is None:
        return None
    layer = _operation_named(exc, match.group(1))
    if layer is None:
        return None
    message = (
        f"Keras could not build the model{_at(line, text) or '. '}"
        f"{passthrough_words(layer)}"
    )
    return Problem("error", message, line, text, detail=raw)


def _operation_named(exc, name: str):
    """The layer called ``name`` among what the frames below the student's
    code hold: a layer, or the layer that made a tensor, alone or in a
    list, tuple or dict."""
    import keras

    for frame in _frames_below_student(exc):
        for value in list(frame.f_locals.values()):
            items = value.values() if isinstance(value, dict) else value
            for item in items if isinstance(items, (list, tuple)) else [value]:
                if isinstance(item, keras.KerasTensor):
                    item = getattr(item._keras_history, "operation", None)
                if isinstance(item, keras.layers.Layer) and item.name == name:
                    return item
    return None
