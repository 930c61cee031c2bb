"""A layer's setting given a value it cannot take, explained.

``layers.Dense(0)``, ``layers.Dense((4,))``, ``layers.Conv2D(-8, 3)``,
``layers.Dropout(20)`` (20 %), ``keras.Input(shape=(None,))`` before a
``Dense`` layer, an activation called (``activation=
keras.activations.relu()``) or given as a layer type (``activation=
layers.ReLU``): Keras says "expected a positive integer", "Expected a float
value between 0 and 1", "Shapes used to initialize variables must be
fully-defined", or builds a model it cannot show.  Each function here says
what the setting means, why the value does not fit, and shows the
student's line with a value that does; it returns ``None`` when it does
not recognise its mistake.  A float or a number in quotes where a whole
number belongs are :mod:`kerasteach._widget_float_problems`' and
:mod:`kerasteach._widget_quoted_problems`'.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from ._widget_calls import indented
from ._widget_float_problems import _written
from ._widget_problem import (
    Problem,
    _at,
    _frames_below_student,
    _line_text,
    _shape_text,
    _statement_span,
    code_of,
    parsed_code,
)
from ._widget_quoted_problems import fixed_code

if TYPE_CHECKING:  # only for a type hint: _widget_run imports this module
    from ._widget_run import RunResult

# what each setting that counts things means, for the message
_MEANS = {
    "units": "how many numbers the layer gives for each sample",
    "filters": "how many patterns the convolution learns, the channels it gives",
    "input_dim": "how many different whole numbers (words) the Embedding reads",
    "output_dim": "how many numbers the Embedding gives for each word",
    "kernel_size": "the size of the window the convolution slides",
    "pool_size": "the size of the window the pooling slides",
}
_EXAMPLE = {"units": "16", "filters": "32", "input_dim": "1000", "output_dim": "16"}
_EXAMPLE.update(kernel_size="3", pool_size="2")
_RECEIVED = re.compile(r"(?:Received:? \w+=|got )(.+?)(?:\.?$| \(of type|, including)")


def _held(exc, name: str):
    """``(frame, value)``: the outermost function below the student's code
    with a parameter ``name``."""
    for frame in _frames_below_student(exc):
        code = frame.f_code
        count = code.co_argcount + code.co_kwonlyargcount
        if name in code.co_varnames[:count]:
            return frame, frame.f_locals.get(name)
    return None


def _line_with(exc, frame, name: str, value: str, line, lines):
    """The line where the setting ``name`` is written and the student's
    code with ``value`` written for it: that line, or the whole statement
    when the call is written over several lines (``layers.Dense(`` above,
    ``0,`` below); ``(line, None)`` when it cannot be found."""
    tree = parsed_code(lines)
    if tree is None or line is None:
        return line, None
    node, _ = _written(tree, _statement_span(lines, line), frame, name)
    if node is None:
        return line, None
    return node.lineno, fixed_code(lines, [(node, value)]) or None


def _whole_value(value) -> str | None:
    """``4`` for ``(4,)`` or ``[4]``: one whole number in a tuple."""
    if isinstance(value, (tuple, list)) and len(value) == 1:
        if isinstance(value[0], int) and value[0] > 0:
            return str(value[0])
    return None


def setting_value_problem(exc, raw: str, line, text, lines=()) -> Problem | None:
    """``layers.Dense(0)``, ``layers.Dense((4,))``, ``layers.Conv2D(-8,
    3)``, ``layers.Dropout(20)``: a value the setting cannot take."""
    if not isinstance(exc, ValueError):
        return None
    named = re.search(r"`(\w+)`", raw)
    if named is None:
        return None
    name = named.group(1)
    rate = name == "rate" and "between 0 and 1" in raw
    if name not in _MEANS and not rate:
        return None
    if not rate and not re.search(r"positive|value > 0", raw):
        return None
    held = _held(exc, name)
    if held is None:
        return None
    frame, value = held
    lines = list(lines)
    owner = frame.f_locals.get("self")
    cls = type(owner).__name__ if owner is not None else "the layer"
    if rate:
        meaning = (
            f"rate is the fraction of the inputs {cls} sets to 0 at each "
            "training step, a number between 0 and 1"
        )
        number = value if isinstance(value, (int, float)) else None
        new = f"{number / 100:g}" if number is not None and 1 < number <= 100 else "0.2"
        why = (
            f"and {value!r} is not: for {number:g} %, write {new}"
            if number is not None and 1 < number <= 100
            else f"and {value!r} is not: for 20 %, write {new}"
        )
    else:
        meaning = f"{name} is {_MEANS[name]}, a whole number of at least 1"
        new = _whole_value(value) or _EXAMPLE[name]
        if _whole_value(value):
            why = f"and {value!r} is a tuple: write the number alone, {new}"
        else:
            why = f"and {value!r} is not: write, for example, {new}"
    at, fixed = _line_with(exc, frame, name, new, line, lines)
    if fixed is not None and at != line:
        line, text = at, _line_text(lines, at)
    shown = f":\n{indented(fixed)}" if fixed else "."
    message = (
        f"{cls} cannot take {name}={value!r}{_at(line, text) or '. '}"
        f"{meaning}, {why}{shown}"
    )
    return Problem("error", message, line, text, detail=raw)


def open_size_problem(exc, raw: str, line, text) -> Problem | None:
    """``keras.Input(shape=(None,))`` then ``Dense``: a layer that makes
    weights needs the size of the last axis, which None leaves open."""
    match = re.search(r"must be fully-defined \(no `None` dimensions\)", raw)
    if match is None:
        return None
    from ._widget_merge_problems import _tensors
    from ._widget_model_problems import _failing_layer

    failing = _failing_layer(exc)
    if failing is None:
        return None
    layer = failing[0]
    received = _tensors(failing[1])
    sample = _shape_text(tuple(received[0].shape)[1:]) if received else None
    shape = f" of shape {sample}" if sample else ""
    message = (
        f"Layer {layer.name!r} ({type(layer).__name__}) needs the size of the "
        f"last axis of its input to make its weights, but it receives samples"
        f"{shape}, whose last size is None, not known{_at(line, text) or '. '}"
        "keras.Input(shape=(None,)) leaves that size open. Write the number of "
        "features of one sample, for example keras.Input(shape=(8,)). (None "
        "is fine for the number of steps of a sequence, "
        "keras.Input(shape=(None, 8)), not for the last axis.)"
    )
    return Problem("shape", message, line, text, detail=raw, layer=layer.name)


def _activation_name(name: str) -> str | None:
    """The text name Keras knows for the activation ``name`` (a function's
    or a layer type's name), else None."""
    import keras

    from ._names import snake

    for candidate in (name, snake(name), name.lower()):
        try:
            keras.activations.get(candidate)
        except Exception:  # noqa: BLE001 - not an activation's name
            continue
        return candidate
    return None


def called_activation_problem(exc, raw: str, line, text) -> Problem | None:
    """``activation=keras.activations.relu()``: the function called at
    once, without a tensor, where the layer wants the function itself."""
    if not isinstance(exc, TypeError) or "missing 1 required positional" not in raw:
        return None
    source = (text or "").strip()
    tree = parsed_code([source])
    for node in ast.walk(tree) if tree is not None else ():
        if not (isinstance(node, ast.keyword) and node.arg == "activation"):
            continue
        value = node.value
        if not (isinstance(value, ast.Call) and not value.args and not value.keywords):
            continue
        func = code_of(source, value.func)
        name = _activation_name(func.split(".")[-1])
        if name is None:
            return None
        fixed = source.replace(code_of(source, node), f'activation="{name}"', 1)
        message = (
            f"activation={func}() calls the activation function at once, "
            f"without a tensor{_at(line, text) or '. '}The layer calls it on "
            f"its outputs itself: give the function without brackets, "
            f"activation={func}, or its name as text:\n    {fixed}"
        )
        return Problem("error", message, line, text, detail=raw)
    return None


def activation_type_problem(result: RunResult) -> Problem | None:
    """``layers.Dense(8, activation=layers.ReLU)``: a layer type where the
    activation goes.  Keras calls it on the outputs, which makes a new
    layer instead of numbers; the model builds, and cannot be shown."""
    import keras

    for layer in getattr(result.model, "layers", ()):
        kind = getattr(layer, "activation", None)
        if not (isinstance(kind, type) and issubclass(kind, keras.layers.Layer)):
            continue
        entry = result.created.get(id(layer))
        line = entry.line if entry is not None and entry.obj is layer else None
        text = _line_text(result.source_lines, line)
        name = _activation_name(kind.__name__)
        written = rf"activation\s*=\s*[\w.]*\b{kind.__name__}\b(?!\s*\()"
        fixed = re.sub(written, f'activation="{name}"', text or "") if name else ""
        shown = f":\n    {fixed}" if fixed and fixed != text else "."
        message = (
            f"Layer {layer.name!r} ({type(layer).__name__}) has activation="
            f"layers.{kind.__name__}, a type of layer, not an activation"
            f"{_at(line, text) or '. '}The layer calls its activation on its "
            f"outputs, and calling layers.{kind.__name__} makes a new layer "
            "instead of numbers. Give the activation's name as text"
            f"{shown}"
        )
        if name is None:
            message += f" Or put layers.{kind.__name__}() after this layer."
        return Problem("error", message, line, text, layer=layer.name)
    return None
