"""Layers and models called or put together the wrong way, explained.

The mistakes here are about the brackets of the code, not about shapes:
layers given to ``keras.Sequential`` one by one instead of in one list, a
layer class (``layers.Dense``) where a layer is needed, a tensor (a layer's
output) in the list of ``keras.Sequential``, a merging layer called on
its tensors one by one (``layers.Add()(a, b)``).  A setting in the
brackets that call a layer (``layers.Dense(16)(x, activation="relu")``) is
:mod:`kerasteach._widget_call_setting_problems`'s, any other keyword there
:mod:`kerasteach._widget_call_keyword_problems`'s.  Keras's own words for these name
an argument the student never wrote (``trainable``) or mention
shapes; each function here reads the frames Keras left on the stack and,
when it recognises its mistake, returns a
:class:`~kerasteach._widget_problem.Problem` that names the student's own
variables (else ``None``).  Mistakes in a layer's settings (the first
brackets: ``layers.Flatten(inputs)``, a misspelt keyword) are in
:mod:`kerasteach._widget_settings_problems`.
"""

from __future__ import annotations

import ast
import re

from ._widget_problem import (
    Problem,
    _at,
    _describe,
    _frames_below_student,
    _shape_text,
    _student_names,
    _target,
)
from ._widget_settings_problems import example_settings

_SEQUENTIAL_EXAMPLE = (
    "model = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(16), "
    "layers.Dense(1)])"
)


# ----------------------------------------------------------- keras.Sequential


def _bracketed(text: str | None) -> str | None:
    """The student's one-line ``keras.Sequential(a, b)`` with its layers in
    square brackets, or ``None``."""
    try:
        tree = ast.parse((text or "").strip())
    except SyntaxError:
        return None
    source = (text or "").strip()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, (ast.Name, ast.Attribute))
            and (getattr(node.func, "attr", None) or node.func.id) == "Sequential"
            and node.args
            and not any(isinstance(a, ast.Starred) for a in node.args)
        ):
            items = [ast.get_source_segment(source, a) for a in node.args]
            keywords = [ast.get_source_segment(source, k) for k in node.keywords]
            func = ast.get_source_segment(source, node.func)
            call = ast.get_source_segment(source, node)
            if None in (*items, *keywords, func, call):
                return None
            fixed = f"{func}([{', '.join(items)}]"
            fixed += "".join(f", {k}" for k in keywords) + ")"
            return source.replace(call, fixed, 1)
    return None


def sequential_without_list_problem(exc, raw: str, line, text) -> Problem | None:
    """``keras.Sequential(layer1, layer2)``: the layers without the square
    brackets of a list (Keras reads the second as ``trainable``)."""
    import keras

    too_many = re.search(
        r"Sequential\.__init__\(\) (takes from \d+ to \d+ positional arguments"
        r"|got multiple values for argument)",
        raw,
    )
    if too_many is None:
        frame = next(
            (
                f
                for f in _frames_below_student(exc)
                if f.f_code.co_name == "__init__"
                and isinstance(f.f_locals.get("self"), keras.Sequential)
            ),
            None,
        )
        if frame is None or "layers" not in frame.f_locals:
            return None
        things = (keras.layers.Layer, keras.KerasTensor)
        given = frame.f_locals.get("layers")
        if not (
            isinstance(given, things)
            or isinstance(frame.f_locals.get("trainable"), things)
            or isinstance(frame.f_locals.get("name"), things)
        ):
            return None
    fixed = _bracketed(text)
    if fixed is not None:
        example = f":\n    {fixed}"
    else:
        example = f", for example:\n    {_SEQUENTIAL_EXAMPLE}"
    message = (
        "keras.Sequential takes one list of layers, but here the layers are "
        f"given one by one{_at(line, text) or '. '}"
        "Put them in square brackets, so that keras.Sequential receives a "
        f"single list{example}"
    )
    return Problem("error", message, line, text, detail=raw)


def not_a_layer_in_sequential_problem(exc, raw: str, line, text) -> Problem | None:
    """Something that is not a layer in a Sequential model: a layer class
    (``layers.Dense`` without brackets) or a tensor (a layer's output)."""
    if "can be added to a Sequential model" not in raw:
        return None
    import keras

    item = None
    given = None
    for frame in _frames_below_student(exc):
        if not isinstance(frame.f_locals.get("self"), keras.Sequential):
            continue
        if frame.f_code.co_name == "__init__" and given is None:
            given = frame.f_locals.get("layers")
        if frame.f_code.co_name == "add":
            item = frame.f_locals.get("layer")
    if item is None:
        return None
    position = ""
    if isinstance(given, (list, tuple)):
        index = next((i for i, v in enumerate(given) if v is item), None)
        if index is not None:
            position = f" (item {index + 1})"
    where = _at(line, text) or ". "
    if isinstance(item, type) and issubclass(item, keras.layers.Layer):
        written = _written_class(text, item.__name__)
        settings, any_settings = example_settings(item)
        message = (
            f"{written} is the layer type, not a layer{where}"
            "A Sequential model needs layers: make one with parentheses and "
            f"its settings, {written}({settings})."
        )
        if any_settings:
            message += f" ({settings} is only an example: write the settings you want.)"
        return Problem("error", message, line, text, detail=raw)
    if isinstance(item, keras.KerasTensor):
        names = _student_names(exc)
        variable = names.get(id(item))
        shown = (
            f"the tensor `{variable}`"
            if variable
            else f"a tensor of shape {_shape_text(item.shape)}"
        )
        history = getattr(item, "_keras_history", None)
        if history is not None:
            shown += f", the output of layer {history[0].name!r},"
        ends = "inputs, outputs"
        if isinstance(given, (list, tuple)) and len(given) >= 2:
            first, last = names.get(id(given[0])), names.get(id(given[-1]))
            if first and last:
                ends = f"{first}, {last}"
        message = (
            f"keras.Sequential takes layers, but its list{position} holds "
            f"{shown} not a layer{where}"
            "List the layers themselves, not their outputs:\n"
            f"    {_SEQUENTIAL_EXAMPLE}\n"
            "To build a model from tensors you already connected, use "
            f"keras.Model({ends}) instead."
        )
        return Problem("error", message, line, text, detail=raw)
    if isinstance(item, (list, tuple)) and isinstance(given, (list, tuple)):
        message = (
            f"keras.Sequential takes layers, but its list{position} holds "
            f"{_describe(item)}{where}It is a list inside the list: one pair of "
            "square brackets too many. Write the layers in a single pair: "
            "keras.Sequential([...])."
        )
    else:
        message = (
            f"keras.Sequential takes layers, but its list{position} holds "
            f"{_describe(item)}{where}Put only layers (and keras.Input first) in "
            f"the list, for example:\n    {_SEQUENTIAL_EXAMPLE}"
        )
    return Problem("error", message, line, text, detail=raw)


def _written_class(text: str | None, name: str) -> str:
    match = re.search(rf"((?:\w+\.)*{re.escape(name)})\b(?!\s*\()", text or "")
    return match.group(1) if match else f"layers.{name}"


# -------------------------------------------------------------- merge layers


def _layer_called(exc, wanted) -> tuple | None:
    """``(layer, the positional arguments of its call)`` for the first layer
    below the student's code whose ``__call__`` ran and that ``wanted``
    accepts; None when there is none."""
    for frame in _frames_below_student(exc):
        owner = frame.f_locals.get("self")
        if frame.f_code.co_name == "__call__" and wanted(owner):
            return owner, frame.f_locals.get("args") or ()
    return None


def unexpected_call_keyword(exc, raw: str) -> tuple | None:
    """``(keyword, layer)`` when ``exc`` is Python's "got an unexpected
    keyword argument" from a Keras layer's call in the student's code
    (``layers.Dense(4)(x, units=3)``); None otherwise."""
    import keras

    match = re.search(r"unexpected keyword argument '(\w+)'", raw)
    if not isinstance(exc, TypeError) or match is None:
        return None
    called = _layer_called(exc, lambda layer: isinstance(layer, keras.Layer))
    return None if called is None else (match.group(1), called[0])


def _names_of(exc, tensors) -> list[str]:
    """The student's variable for each tensor (``x1``, ``x2`` for those
    without one)."""
    names = _student_names(exc)
    return [names.get(id(t), f"x{i + 1}") for i, t in enumerate(tensors)]


def _made(text: str | None, cls: str) -> str | None:
    """``layers.Add()`` as written in ``layers.Add()(a, b)``, or None."""
    match = re.search(rf"((?:\w+\.)*{cls}\s*\([^()]*\))\s*\(", text or "")
    return match.group(1) if match else None


def merge_arguments_problem(exc, raw: str, line, text) -> Problem | None:
    """``layers.Add()(a, b)``: a merging layer called on its tensors one by
    one, where it takes one list of them."""
    if not isinstance(exc, TypeError) or "positional argument" not in raw:
        return None
    from keras.src.layers.merging.base_merge import Merge

    called = _layer_called(exc, lambda layer: isinstance(layer, Merge))
    if called is None or len(called[1]) < 2:
        return None
    owner, args = called
    listed = _names_of(exc, args)
    cls = type(owner).__name__
    made = _made(text, cls) or f"layers.{cls}()"
    message = (
        f"Layer {owner.name!r} ({cls}) merges tensors, and takes them as one "
        f"list, but it was called on {len(args)} tensors one by one"
        f"{_at(line, text) or '. '}"
        "Merging layers (Add, Concatenate, Multiply, Average, ...) take one "
        "list of tensors: put the tensors in square brackets.\n"
        f"    {_target(text)}{made}([{', '.join(listed)}])"
    )
    return Problem("error", message, line, text, detail=raw, layer=owner.name)


def several_tensors_problem(exc, raw: str, line, text) -> Problem | None:
    """``layers.Dense(3)([a, b])`` or ``layers.Dense(3)(a, b)``: a layer
    that takes one tensor called on several, where a merging layer has to
    combine them first."""
    listed_in_one = isinstance(exc, ValueError) and re.search(
        r"expects 1 input\(s\), but it received \d+ input tensors", raw
    )
    # layers.Dense(3)(a, b): b lands on call()'s next argument
    one_by_one = isinstance(exc, TypeError) and (
        "multiple values for argument" in raw or "positional argument" in raw
    )
    if not (listed_in_one or one_by_one):
        return None
    import keras
    from keras.src.layers.merging.base_merge import Merge

    called = _layer_called(
        exc,
        lambda layer: (
            isinstance(layer, keras.layers.Layer)
            and not isinstance(layer, (Merge, keras.Model))
        ),
    )
    if called is None:
        return None
    owner, args = called
    tensors = args[0] if len(args) == 1 and isinstance(args[0], list | tuple) else args
    if len(tensors) < 2 or not all(isinstance(t, keras.KerasTensor) for t in tensors):
        return None
    listed = ", ".join(_names_of(exc, tensors))
    cls = type(owner).__name__
    made = _made(text, cls)
    if made is None:  # a layer made before, called by its variable
        match = re.search(r"(\w+)\s*\(\s*[\[(]", text or "")
        made = match.group(1) if match else None
    merged = (
        f":\n    merged = layers.Concatenate()([{listed}])\n"
        f"    {_target(text)}{made}(merged)\n"
        if made
        else ". "
    )
    message = (
        f"Layer {owner.name!r} ({cls}) takes one tensor, but it was called on "
        f"{len(tensors)} ({listed}){_at(line, text) or '. '}"
        "Only merging layers (Concatenate, Add, Multiply, ...) take a list of "
        f"tensors. To give {cls} all of them, merge them first and call {cls} "
        f"on the result{merged}"
        "Concatenate puts the tensors side by side; Add() adds them (their "
        "shapes must be the same). Or call the layer on each tensor by itself."
        # the tensors' reprs Keras lists say nothing the names above do not
        f"\n{'Keras' if listed_in_one else 'Python'} says: "
        f"{raw.split(' Inputs received:')[0]}"
    )
    return Problem("error", message, line, text, detail=raw, layer=owner.name)
