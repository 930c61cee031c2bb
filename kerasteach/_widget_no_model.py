"""Why a run of the playground that raised nothing shows no model.

:func:`_no_model_problem` says why there is no model to show (no variable
``model``, or one that holds something else), and :func:`not_built_problem`
why the model cannot be read yet (it does not know the shape of its input,
or Keras could not connect its layers because one holds a NumPy function),
each pointing at the line that assigns it.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from ._widget_model_problems import _FUNCTIONAL_EXAMPLE, EXAMPLE
from ._widget_problem import (
    Problem,
    _describe,
    _line_ref,
    _line_text,
    is_input_tensor,
    shorten,
)

if TYPE_CHECKING:  # only for a type hint: _widget_run imports this module
    from ._widget_run import RunResult


def _assignment_line(lines: list[str], name: str) -> int | None:
    """The last line of the code (outside functions and classes) that
    assigns ``name``."""
    try:
        tree = ast.parse("\n".join(lines))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    found = None
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        targets: list[ast.AST] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign, ast.NamedExpr)):
            targets = [node.target]
        for target in targets:
            for leaf in ast.walk(target):
                if isinstance(leaf, ast.Name) and leaf.id == name:
                    found = max(found or 0, node.lineno)
        for child in ast.iter_child_nodes(node):
            if not isinstance(
                child,
                (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda),
            ):
                stack.append(child)
    return found


def _no_model_problem(namespace: dict, lines: list[str]) -> Problem:
    if "model" not in namespace:
        return Problem(
            "no-model",
            "Your code ran, but it did not build a Keras model. "
            + _what_was_built(namespace),
        )
    import keras

    value = namespace["model"]
    line = _assignment_line(lines, "model")
    text = _line_text(lines, line)
    if isinstance(value, type) and issubclass(value, keras.layers.Layer):
        advice = (
            f"That is the class itself, not a model made from it: add brackets "
            f"to create one, model = {value.__name__}(...)."
        )
    elif isinstance(value, keras.layers.Layer):
        expression = re.match(r"model\s*=\s*(.+?)\s*$", text or "")
        example = (
            f"model = keras.Sequential([keras.Input(shape=(8,)), "
            f"{expression.group(1)}])"
            if expression
            else EXAMPLE
        )
        advice = (
            "A layer on its own is not a model. Put your layers in "
            "keras.Sequential([...]), starting with keras.Input, or connect "
            "them with keras.Model(inputs, outputs), for example:\n"
            f"    {example}\n(shape=(8,) is an example: use the shape of one "
            "sample of your data.)"
        )
    elif isinstance(value, keras.KerasTensor):
        advice = (
            "That is the output of a layer, not a model. Build the model from "
            "your keras.Input and this output:\n"
            "    model = keras.Model(inputs, outputs)"
        )
    elif value is None:
        advice = (
            "model.add(...), model.compile(...) and model.summary() change or "
            "show the model and give back None: call them without model = in "
            "front (write model.add(layer), not model = model.add(layer))."
        )
    elif isinstance(value, keras.callbacks.History):
        advice = (
            "model.fit(...) gives back a History (the losses of each epoch), "
            "not the model: write history = model.fit(...) and keep model for "
            "the model."
        )
    elif isinstance(value, (list, tuple)):
        advice = (
            "Put the list of layers in keras.Sequential(...), for example:\n"
            f"    {EXAMPLE}"
        )
    else:
        advice = f"Assign your Keras model to model, for example:\n    {EXAMPLE}"
    where = _line_ref(line, text)
    message = (
        f"Your code ran, but model is {_describe(value)}, not a Keras "
        f"model{where}{advice}"
    )
    return Problem("no-model", message, line, text)


def _what_was_built(namespace: dict) -> str:
    """What to write, from what the code did make: tensors but no
    keras.Model, or a function that builds the model but was never called."""
    import inspect

    import keras

    names = [n for n in namespace if not n.startswith("_")]
    tensors = [n for n in names if isinstance(namespace[n], keras.KerasTensor)]
    inputs = [n for n in tensors if is_input_tensor(namespace[n])]
    outputs = [n for n in tensors if n not in inputs]
    if inputs and outputs:
        first = inputs[0] if len(inputs) == 1 else f"[{', '.join(inputs)}]"
        return (
            f"It made tensors ({', '.join(tensors[:6])}) but no model from "
            f"them. Make one from the input and the last output:\n"
            f"    model = keras.Model(inputs={first}, outputs={outputs[-1]})"
        )
    builders = [
        n
        for n in names
        if inspect.isfunction(namespace[n])
        and namespace[n].__module__ == "__playground__"
        and "model" in n.lower()
    ]
    if builders:
        name = builders[-1]
        needed = [
            p.name
            for p in inspect.signature(namespace[name]).parameters.values()
            if p.default is inspect.Parameter.empty
            and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
        args = ", ".join(f"{p}=..." for p in needed)
        return (
            f"It defines the function {name} but never calls it, so the model "
            f"is never made. Call it and keep what it returns:\n"
            f"    model = {name}({args})"
        )
    return f"Assign your model to a variable called model, for example:\n    {EXAMPLE}"


def not_built_problem(result: RunResult, error: Exception) -> Problem:
    """What to write in the playground when kerasteach cannot read the model
    because it is not built yet (``error``, a
    :class:`~kerasteach.errors.NotBuiltError`): the advice of kerasteach's
    own message (``input_shape=`` for kerasteach's functions) does not apply
    in the playground, where only the code can change."""
    import keras

    model = result.model
    variable = result.variable or "model"
    called = "" if variable == "model" else f" {variable}"
    line = result.model_line
    text = _line_text(result.source_lines, line)
    where = _line_ref(line, text)
    detail = str(error)
    if isinstance(model, keras.Sequential):
        late = _late_input(model, variable)
        length = _embedding_length(result, model)
        numpy = _numpy_layer(model)
        if not model.layers:
            message = (
                f"Your Sequential model{called} has no layers yet{where}"
                f"Put layers in it, starting with keras.Input:\n    {EXAMPLE}"
            )
        elif numpy is not None:  # it starts with keras.Input: not the shape
            message = f"Your Sequential model{called} has no graph{where}{numpy}"
        elif late is not None:
            message = (
                f"Your Sequential model{called} does not know the shape of "
                f"its input, so it has no graph yet{where}{late}"
            )
        elif length is not None:
            message = (
                f"Your Sequential model{called} does not know the shape of "
                f"its input, so it has no graph yet{where}{length}"
            )
        elif text is not None and re.search(r"Sequential\(\s*$|\[", text or ""):
            message = (
                f"Your Sequential model{called} does not know the shape of "
                f"its input, so it has no graph yet{where}"
                "Start its list of layers with keras.Input(shape=...), the "
                "shape of one sample of your data, for example:\n"
                f"    {variable} = keras.Sequential([keras.Input(shape=(8,)), "
                "layers.Dense(16), ...])"
            )
        else:
            message = (
                f"Your Sequential model{called} does not know the shape of "
                f"its input, so it has no graph yet{where}"
                "Start it with keras.Input(shape=...), the shape of one sample "
                "of your data: put keras.Input(shape=(8,)) first in the list of "
                f"keras.Sequential([...]), or call {variable}.add(keras.Input("
                "shape=(8,))) before the first add of a layer."
            )
        return Problem("kerasteach", message, line, text, detail=detail)
    if type(model) is keras.Model:
        message = (
            f"keras.Model() was created without inputs and outputs{where}"
            f"A Functional model needs both:\n{_FUNCTIONAL_EXAMPLE}"
        )
        return Problem("kerasteach", message, line, text, detail=detail)
    if "has not been built" in detail:
        message = (
            f"Your model{called} ({type(model).__name__}) has not been built "
            "yet, so the playground does not know the shape of its "
            f"input{where}"
            "Call it once on a batch of data at the end of your code, for "
            "example on one sample of shape (8,):\n"
            f"    {variable}(np.zeros((1, 8)))"
        )
        return Problem("kerasteach", message, line, text, detail=detail)
    return Problem("kerasteach", shorten(detail), line, text, detail=detail)


def _numpy_layer(model) -> str | None:
    """Why Keras could not connect a Sequential model that starts with
    keras.Input, when a layer holds a NumPy function (``Lambda(np.abs)``,
    whose output shape Keras cannot work out), else None."""
    from ._reader_checks import has_input
    from ._reader_numpy import numpy_unconnected_message

    if not has_input(model):
        return None
    return numpy_unconnected_message(model, "its keras.Input")


def _embedding_length(result: RunResult, model) -> str | None:
    """What to write when the model's first layer is an Embedding given
    ``input_length=``, which Keras 3 drops, else None."""
    from ._widget_input_length import embedding_length_advice

    try:
        return embedding_length_advice(result, model.layers[0])
    except Exception:  # noqa: BLE001 - the plainer advice
        return None


def _late_input(model, variable: str) -> str | None:
    """What to do when a Sequential model's keras.Input is not its first
    item (:func:`~kerasteach._reader_checks.late_input`)."""
    from ._reader_checks import late_input

    found = late_input(model)
    if found is None:
        return None
    shape, before = found
    first = type(model.layers[0])
    rest = (
        f"layers.{first.__name__}(...), ..."
        if first.__module__.startswith("keras.")
        else "..."
    )
    return (
        f"Its keras.Input(shape={shape!r}) comes after layer "
        f"{before.name!r} ({type(before).__name__}), but Keras reads the input "
        "shape only from a keras.Input that comes first. Move it to the front "
        "of the list (or make it the first model.add(...)):\n"
        f"    {variable} = keras.Sequential([keras.Input(shape={shape!r}), "
        f"{rest}])"
    )
