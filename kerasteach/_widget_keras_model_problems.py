"""``keras.Model`` called the wrong way, explained.

``keras.Model(inputs, outputs)`` takes two things.  Beginners give it three
(``keras.Model(a, b, x)``: two inputs one by one), one (the outputs
forgotten, ``keras.Model(inputs)`` or ``keras.Model(inputs=inputs)``), or
the list of layers that ``keras.Sequential`` takes; or, writing
``model = keras.Sequential`` without brackets, hold no model at all
(:func:`model_class_problem`).  Keras answers with Python's words about
``Layer.__init__`` positional arguments, or says it has no setting called
``inputs``; :func:`model_arguments_problem` names the mistake and shows the
call written the right way, with the student's own variables.
"""

from __future__ import annotations

import ast

from ._widget_problem import Problem, _at, _student_variables, is_input_tensor


def model_arguments_problem(exc, raw: str, line, text) -> Problem | None:
    """``keras.Model(a, b, x)``: several inputs (or outputs) given one by one,
    where keras.Model takes one list of inputs, then the outputs."""
    source = (text or "").strip()
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    if "inputs" in raw and isinstance(exc, (TypeError, ValueError)):
        for node in ast.walk(tree):  # keras.Model(inputs=inputs), no outputs
            func = node.func if isinstance(node, ast.Call) else None
            if getattr(func, "attr", getattr(func, "id", None)) != "Model":
                continue
            given = [k.arg for k in node.keywords]
            if not node.args and given == ["inputs"]:
                return _no_outputs_problem(exc, raw, line, text, source, node)
    if not isinstance(exc, TypeError) or "positional argument" not in raw:
        return None
    for node in ast.walk(tree):
        func = node.func if isinstance(node, ast.Call) else None
        name = getattr(func, "attr", None) or getattr(func, "id", None)
        if name == "Model" and len(node.args) >= 3:
            break
        if name == "Model" and len(node.args) == 1 and not node.keywords:
            return _layers_to_model_problem(
                exc, raw, line, text, source, node
            ) or _no_outputs_problem(exc, raw, line, text, source, node)
    else:
        return None
    if any(isinstance(a, ast.Starred) for a in node.args) or node.keywords:
        return None
    items = [ast.get_source_segment(source, a) for a in node.args]
    values = dict(_student_variables(exc))
    starts = [is_input_tensor(values.get(item)) for item in items]
    # the keras.Input tensors first, then what the layers computed
    split = starts.index(False) if False in starts else len(items) - 1
    if split == 0 or not all(not s for s in starts[split:]):
        split = len(items) - 1  # the last one as the outputs
    inputs, outputs = items[:split], items[split:]

    def listed(group):
        return group[0] if len(group) == 1 else f"[{', '.join(group)}]"

    fixed = f"{ast.get_source_segment(source, func)}(inputs={listed(inputs)}, "
    fixed += f"outputs={listed(outputs)})"
    message = (
        f"keras.Model takes two things, the inputs and then the outputs, but "
        f"here it gets {len(items)}{_at(line, text) or '. '}"
        "With several inputs (or outputs), put them in one list, in square "
        "brackets:\n"
        f"    {source.replace(ast.get_source_segment(source, node), fixed, 1)}"
    )
    return Problem("error", message, line, text, detail=raw)


def _layers_to_model_problem(exc, raw, line, text, source, node):
    """``keras.Model([layers.Dense(4), layers.Dense(1)])``: the list of
    layers that keras.Sequential takes."""
    if not isinstance(node.args[0], ast.List) or not node.args[0].elts:
        return None
    if not all(  # each one made here, layers.Dense(4), not called on a tensor
        isinstance(e, ast.Call) and not isinstance(e.func, ast.Call)
        for e in node.args[0].elts
    ):
        return None
    first = node.args[0].elts[0]
    items = [ast.get_source_segment(source, e) for e in node.args[0].elts]
    if None in items:
        return None
    if not (isinstance(first, ast.Call) and "Input" in ast.unparse(first.func)):
        items.insert(0, "keras.Input(shape=...)")
    fixed = f"keras.Sequential([{', '.join(items)}])"
    message = (
        "keras.Model(inputs, outputs) takes tensors, the keras.Input and what "
        f"your layers made from it, not a list of layers{_at(line, text) or '. '}"
        "A list of layers, one after the other, is what keras.Sequential "
        "takes; start it with keras.Input(shape=...), the shape of one sample:"
        f"\n    {source.replace(ast.get_source_segment(source, node), fixed, 1)}"
    )
    return Problem("error", message, line, text, detail=raw)


def _no_outputs_problem(exc, raw, line, text, source, node) -> Problem | None:
    """``keras.Model(inputs)`` or ``keras.Model(inputs=inputs)``: the
    outputs forgotten.  The fix names the last tensor the code computed."""
    import keras

    given = node.args[0] if node.args else node.keywords[0].value
    inputs = ast.get_source_segment(source, given)
    func = ast.get_source_segment(source, node.func)
    if inputs is None or func is None:
        return None
    variables = _student_variables(exc)
    given_value = dict(variables).get(inputs)
    if isinstance(given_value, keras.KerasTensor) and not is_input_tensor(given_value):
        return _no_inputs_problem(raw, line, text, source, node, inputs, variables)
    tensors = [
        name
        for name, value in variables
        if isinstance(value, keras.KerasTensor) and not is_input_tensor(value)
    ]
    outputs = tensors[-1] if tensors else "outputs"
    fixed = f"{func}(inputs={inputs}, outputs={outputs})"
    message = (
        "keras.Model needs the outputs too, the tensors your layers made from "
        f"the inputs{_at(line, text) or '. '}keras.Model(inputs, outputs) takes "
        "both: Keras follows the layers from one to the other. Give it the "
        f"last output{'' if tensors else ' (the tensor your last layer made)'}:"
        f"\n    {source.replace(ast.get_source_segment(source, node), fixed, 1)}"
    )
    return Problem("error", message, line, text, detail=raw)


def _no_inputs_problem(raw, line, text, source, node, outputs, variables):
    """``keras.Model(x)``, ``x`` computed by the layers: the outputs given
    alone, the inputs forgotten.  The fix names the keras.Input tensors."""
    starts = list(dict.fromkeys(n for n, v in variables if is_input_tensor(v)))
    if not starts:
        inputs = "inputs"
    else:
        inputs = starts[0] if len(starts) == 1 else f"[{', '.join(starts)}]"
    func = ast.get_source_segment(source, node.func)
    fixed = f"{func}(inputs={inputs}, outputs={outputs})"
    message = (
        f"keras.Model needs the inputs too, the keras.Input tensors the model "
        f"starts from{_at(line, text) or '. '}keras.Model(inputs, outputs) "
        f"takes both, the inputs first: Keras follows the layers from one to "
        f"the other. {outputs} is what your layers made, the outputs; give "
        f"the keras.Input{'' if len(starts) < 2 else ' tensors'} first:"
        f"\n    {source.replace(ast.get_source_segment(source, node), fixed, 1)}"
    )
    return Problem("error", message, line, text, detail=raw)


def model_class_problem(exc, raw: str, line, text, lines=()) -> Problem | None:
    """``model = keras.Sequential`` without brackets, then ``model.add(...)``:
    the variable holds the class, the kind of model, not a model."""
    import re

    import keras

    match = re.match(r"\s*(\w+)\.(\w+)\s*\(", text or "")
    if match is None or not isinstance(exc, TypeError):
        return None
    name, method = match.groups()
    value = dict(_student_variables(exc)).get(name)
    if not (isinstance(value, type) and issubclass(value, keras.Model)):
        return None
    kind = f"keras.{value.__name__}"
    made = next(
        (
            n
            for n, code in enumerate(lines, 1)
            if re.fullmatch(rf"\s*{name}\s*=\s*[\w.]*{value.__name__}\s*", code)
        ),
        None,
    )
    where = f"Line {made} has" if made else "It has"
    message = (
        f"{name} is {kind} itself, the kind of model, not a model, so "
        f"{name}.{method}() cannot work{_at(line, text) or '. '}"
        f"{where} no brackets after {kind}: the brackets make a model. Write:\n"
        f"    {name} = {kind}()"
    )
    return Problem("error", message, line, text, detail=raw)
