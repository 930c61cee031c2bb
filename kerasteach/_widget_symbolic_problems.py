"""The tensors of a model being built, used as if they held numbers.

``keras.Input`` and the layers called on it give tensors that stand for
the data the model will get: they have a shape (the batch size None) and
no values yet.  Beginners call one as if it were a layer
(``keras.Input(shape=(8,))(inputs)``, ``x = x(inputs)`` after the layer's
variable was given its own output), give one to NumPy (``np.sum(x)``,
``np.concatenate([a, b])``), ask one for its length or its batch size,
put one in a Python ``if``, or give one to ``model.fit`` as data.  Keras
answers in its own words ("A KerasTensor is symbolic", "'KerasTensor'
object is not callable"); each function here says, on the student's line,
what the tensor is and what to write instead, and returns ``None`` when
it does not recognise its mistake.  The same mistakes inside a layer's or
a model's ``call()`` are :mod:`kerasteach._widget_trace_problems`'s.
"""

from __future__ import annotations

import ast
import re

from ._widget_problem import (
    Problem,
    _at,
    _model_method_frame,
    _shape_text,
    _student_names,
    _student_tb,
    _student_variables,
    _target,
    code_of,
    is_input_tensor,
    parsed_code,
)

_PLACEHOLDER = (
    "a tensor of the model being built: it stands for the data the model "
    "will get, with a shape and no values yet"
)


def _in_a_layer(exc) -> bool:
    """Whether the student's line that failed is in a layer's or model's
    method (then :mod:`._widget_trace_problems` explains it)."""
    import keras

    tb = _student_tb(exc)
    owner = tb.tb_frame.f_locals.get("self") if tb is not None else None
    return isinstance(owner, keras.layers.Layer)


def _tensors(exc) -> dict[str, object]:
    """The student's variables that hold a Keras tensor, by name."""
    import keras

    return {
        n: v for n, v in _student_variables(exc) if isinstance(v, keras.KerasTensor)
    }


def _shape(tensor) -> str:
    return _shape_text(tuple(tensor.shape))


def _line_node(text: str | None):
    """The student's line as a syntax tree, or None (a line of a call
    written over several lines)."""
    return parsed_code([(text or "").strip()])


# ------------------------------------------------------ a tensor called


def _assigned_its_call(name: str, lines) -> int | None:
    """The line ``name = name(...)``: the variable that held a layer given
    the layer's output, so it holds a tensor from then on."""
    tree = parsed_code(list(lines))
    for node in ast.walk(tree) if tree is not None else ():
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name)
            and node.value.func.id == name
        ):
            return node.lineno
    return None


def called_tensor_problem(exc, raw: str, line, text, lines=()) -> Problem | None:
    """A tensor called as if it were a layer: ``keras.Input(...)(inputs)``,
    ``layers.Dense(4)(inputs)(inputs)``, ``inputs(layers.Dense(4))``, or a
    layer's variable that now holds its output (``dense = dense(x)``)."""
    if not isinstance(exc, TypeError) or "'KerasTensor' object is not callable" not in (
        raw
    ):
        return None
    tree = _line_node(text)
    if tree is None:
        return None
    source = (text or "").strip()
    tensors = _tensors(exc)
    where = _at(line, text) or ". "
    target = _target(source)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        called = code_of(source, func)
        made_by = code_of(source, func.func) if isinstance(func, ast.Call) else ""
        if re.search(r"\bInput$", made_by):
            args = ", ".join(code_of(source, a) for a in node.args) or "inputs"
            message = (
                f"{called} is called like a layer{where}keras.Input is no layer: "
                "it makes the model's input tensor, the start of the model, "
                f"and a tensor cannot be called. Keep the one keras.Input that "
                f"{args} already holds and call your layers on it:\n"
                f"    {target}layers.Dense(16)({args})"
            )
            return Problem("error", message, line, text, detail=raw)
        if isinstance(func, ast.Call) and isinstance(func.func, ast.Call):
            fixed = source.replace(code_of(source, node), called, 1)
            message = (
                f"{called} already gives a tensor, and it is then called again "
                f"with one more pair of brackets{where}A layer is made with "
                "the first brackets and called on a tensor with the second; "
                "what that gives is a tensor, which cannot be called. Leave "
                f"out the last brackets:\n    {fixed}"
            )
            return Problem("error", message, line, text, detail=raw)
        if isinstance(func, ast.Name) and func.id in tensors:
            return _tensor_variable_called(
                exc, raw, line, text, lines, node, func.id, tensors[func.id]
            )
    return None


def _tensor_variable_called(exc, raw, line, text, lines, node, name, tensor):
    source = (text or "").strip()
    where = _at(line, text) or ". "
    what = f"{name} holds a tensor of shape {_shape(tensor)}, not a layer{where}"
    made = [a for a in node.args if isinstance(a, ast.Call)]
    given = _assigned_its_call(name, lines)
    if made and not node.args[1:]:  # inputs(layers.Dense(4)): the other way round
        layer = code_of(source, made[0])
        fixed = source.replace(code_of(source, node), f"{layer}({name})", 1)
        message = (
            f"{what}The layer comes first and the tensor goes in its brackets: "
            "the layer is called on the tensor, not the other way round:\n"
            f"    {fixed}"
        )
    elif given is not None and given != line:
        assigned = lines[given - 1].strip()
        renamed = re.sub(rf"^{name}\b", "x", assigned)
        message = (
            f"{what}Line {given} gave the layer's output the layer's own name:"
            f"\n    {assigned}\nFrom then on {name} holds that output, and the "
            "layer has no name left. Give the output a name of its own on "
            f"line {given}, and keep {name} for the layer:\n    {renamed}"
        )
    else:
        message = (
            f"{what}Only a layer can be called on a tensor. To pass {name} "
            "through a layer, make the layer and call it on "
            f"{name}: layers.Dense(16)({name})."
        )
    return Problem("error", message, line, text, detail=raw)


# ------------------------------------------------------ NumPy on a tensor


def numpy_on_tensor_problem(exc, raw: str, line, text) -> Problem | None:
    """``np.sum(x)``, ``np.concatenate([a, b])``: NumPy needs numbers, and
    the tensors of a model being built have none."""
    if "KerasTensor is symbolic" not in raw or _in_a_layer(exc):
        return None
    from ._widget_trace_problems import _numpy_function

    found = _numpy_function(exc, "numpy array", _student_tb(exc), text)
    if found is None:
        return None
    what, advice = found
    named = [n for n in _tensors(exc) if re.search(rf"\b{n}\b", text or "")]
    tensor = named[0] if named else "The tensor"
    if re.search(r"\bnp\.concatenate\b", text or ""):
        advice += (
            "In a model, a layer does the same: layers.Concatenate()([...]) "
            "with the tensors in the list."
        )
    message = (
        f"Your code {what}{_at(line, text) or '. '}{tensor} is {_PLACEHOLDER}{advice}"
    )
    return Problem("error", message.rstrip(), line, text, detail=raw)


# ------------------------------------------------- a tensor as a Python value


def _batch_words(name: str) -> str:
    return (
        f"The first axis of {name} is the batch, how many samples come at "
        "once, and Keras does not know it while it builds the model (None)"
    )


def tensor_value_problem(exc, raw: str, line, text) -> Problem | None:
    """``len(inputs)``, ``for row in inputs:``, ``if inputs > 0:``,
    ``inputs.shape[0] * 2``, outside a layer's ``call()``."""
    if _in_a_layer(exc):
        return None
    tensors = _tensors(exc)
    named = [n for n in tensors if re.search(rf"\b{n}\b", text or "")]
    if not named:
        return None
    name, tensor = named[0], tensors[named[0]]
    where = _at(line, text) or ". "
    shape = _shape(tensor)
    is_placeholder = f"{name} is {_PLACEHOLDER}."
    size = (
        f"{name}.shape[-1], the size of the last axis of one sample "
        f"({tensor.shape[-1]} here)"
        if len(tensor.shape) > 1
        else f"its shape, {shape}"
    )
    if "has no len()" in raw or "Iterating over a symbolic" in raw:
        if "len()" in raw:
            what = f"Your code asks for the length of {name}"
            would = "Its length would be the number of samples"
        else:
            what = f"Your code goes through {name}"
            would = "Going through it would go one sample at a time"
        message = (
            f"{what}{where}{is_placeholder} {would}, and {_batch_words(name)}. "
            f"For a size, read its shape, {shape}: {size}. Layers work on "
            "the whole batch at once, so no loop over the samples is needed."
        )
    elif "cannot be used as a boolean" in raw and re.match(
        r"\s*(if|elif|while)\b", text or ""
    ):
        message = (
            f"A Python {text.split()[0]} on {name}{where}{is_placeholder} "
            "Python cannot tell whether it is True or False, and the "
            f"{text.split()[0]} would run once, while the model is built, not "
            "for each sample. Choose between values with keras.ops.where("
            "condition, a, b), or decide with a Python setting (a number you "
            "write in the code)."
        )
    elif "NoneType" in raw and re.search(rf"\b{name}\.shape\[0\]", text or ""):
        message = (
            f"{name}.shape[0] is None{where}{_batch_words(name)}. Let the layers "
            "not depend on it: for a size, write a number (layers.Dense(16)), "
            f"or read a size of one sample: {size}."
        )
    else:
        return None
    return Problem("error", message, line, text, detail=raw)


def ops_list_problem(exc, raw: str, line, text) -> Problem | None:
    """``keras.ops.concatenate(a, b)``: the tensors given one by one where
    the function takes one list (Keras reads ``b`` as the axis)."""
    if "cannot be used as a boolean" not in raw and "must be a list" not in raw:
        return None
    tree = _line_node(text)
    source = (text or "").strip()
    for node in ast.walk(tree) if tree is not None else ():
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("concatenate", "stack", "hstack", "vstack")
            and len(node.args) >= 2
            and not isinstance(node.args[0], (ast.List, ast.Tuple))
        ):
            continue
        func = code_of(source, node.func)
        tensors = ", ".join(code_of(source, a) for a in node.args)
        keywords = "".join(f", {code_of(source, k)}" for k in node.keywords)
        if not any(k.arg == "axis" for k in node.keywords):
            keywords += ", axis=-1"  # keras.ops joins along the batch axis else
        fixed = source.replace(code_of(source, node), f"{func}([{tensors}]{keywords})")
        message = (
            f"{func} takes the tensors as one list, in square brackets, but "
            f"here they are given one by one{_at(line, text) or '. '}Its second "
            f"argument is the axis, so {code_of(source, node.args[1])} was read "
            f"as the axis. Write:\n    {fixed}\n(axis=-1: the last axis, the "
            "features of each sample; without it, the batch axis.)"
        )
        return Problem("error", message, line, text, detail=raw)
    return None


def ops_axis_problem(exc, raw: str, line, text) -> Problem | None:
    """``keras.ops.concatenate([a, b])``: without ``axis``, keras.ops joins
    along axis 0, the batch, where ``layers.Concatenate`` joins the last."""
    if "must have the same shape except on the `axis` dim" not in raw:
        return None
    calls, source = [], (text or "").strip()
    tree = _line_node(text)
    for node in ast.walk(tree) if tree is not None else ():
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("concatenate", "stack")
            and not any(k.arg == "axis" for k in node.keywords)
            and len(node.args) == 1
        ):
            calls.append(node)
    if not calls:
        return None
    call = calls[0]
    written = code_of(source, call)
    fixed = source.replace(written, f"{written[:-1]}, axis=-1)", 1)
    message = (
        f"{code_of(source, call.func)} joins along axis 0 when no axis is "
        f"given{_at(line, text) or '. '}Axis 0 of a tensor of the model is the "
        "batch, one row per sample, so the samples' other sizes must match. To "
        "join the features of each sample side by side (as "
        f"layers.Concatenate() does), give axis=-1, the last axis:\n    {fixed}"
    )
    return Problem("shape", message, line, text, detail=raw)


# ---------------------------------------------- a tensor given as data


def tensor_as_data_problem(exc, raw: str, line, text) -> Problem | None:
    """``model.fit(inputs, outputs)``, ``model.predict(inputs)``: the
    tensors that build the model, given where data (numbers) belongs."""
    import keras

    found = _model_method_frame(exc)
    if found is None:
        return None
    owner, frame = found
    method = frame.f_code.co_name
    given = [
        (part, frame.f_locals.get(part))
        for part in ("x", "y")
        if isinstance(frame.f_locals.get(part), keras.KerasTensor)
    ]
    if not given:
        return None
    names = _student_names(exc)
    part, tensor = given[0]
    name = names.get(id(tensor), part)
    made = "keras.Input" if is_input_tensor(tensor) else "your layers"
    sample = _shape_text(tuple(tensor.shape)[1:])
    example = f"np.random.rand(100, {sample[1:-1].rstrip(',')})"
    message = (
        f"model.{method}() needs data, arrays of numbers, but its {part} is "
        f"{name}, the tensor {made} made to build the model"
        f"{_at(line, text) or '. '}That tensor has a shape and no values. Give "
        f"{method}() your data instead: NumPy arrays of samples of shape "
        f"{sample}, for example x = {example}."
    )
    return Problem("data", message, line, text, detail=raw)
