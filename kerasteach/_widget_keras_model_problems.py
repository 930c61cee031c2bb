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
:func:`unconnected_output_problem` explains Keras's "is not connected to
`inputs`": the inputs and outputs swapped, or an output that also reads a
``keras.Input`` left out of the inputs.
"""

from __future__ import annotations

import ast
import re

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


def _given(node: ast.Call, source: str) -> dict[str, ast.AST]:
    """What a ``keras.Model(...)`` call gives as ``inputs`` and ``outputs``."""
    given = dict(zip(("inputs", "outputs"), node.args))
    given.update({k.arg: k.value for k in node.keywords if k.arg})
    return {k: v for k, v in given.items() if k in ("inputs", "outputs")}


def _values(node, variables: dict) -> list | None:
    """The tensors a name or a list of names stands for, else None."""
    names = node.elts if isinstance(node, (ast.List, ast.Tuple)) else [node]
    if not all(isinstance(n, ast.Name) and n.id in variables for n in names):
        return None
    return [variables[n.id] for n in names]


def _builds(inputs: list, outputs: list) -> bool:
    """Whether a model goes from ``inputs`` to ``outputs`` (built aside,
    only to see whether Keras accepts it)."""
    import warnings

    import keras

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            keras.Model(inputs, outputs)
    except Exception:  # noqa: BLE001 - not connected
        return False
    return True


def _missing_inputs(variables: list, inputs: list, outputs: list) -> list:
    """The student's keras.Input tensors, left out of ``inputs``, that the
    outputs are computed from too."""
    others = [
        (n, v)
        for n, v in variables
        if is_input_tensor(v) and not any(v is i for i in inputs)
    ]
    others = list({id(v): (n, v) for n, v in others}.values())
    if not others or len(others) > 6:
        return []
    if not _builds([*inputs, *(v for _, v in others)], outputs):
        return []
    needed = list(others)
    for pair in others:  # leave out those the outputs do not need
        rest = [p for p in needed if p is not pair]
        if _builds([*inputs, *(v for _, v in rest)], outputs):
            needed = rest
    return needed


def unconnected_output_problem(exc, raw: str, line, text) -> Problem | None:
    """``keras.Model(outputs, inputs)``, or an output computed from another
    ``keras.Input`` too: Keras says only that a path "is not connected"."""
    if "is not connected to" not in raw or not isinstance(exc, ValueError):
        return None
    source = (text or "").strip()
    where = _at(line, text) or ". "
    variables = _student_variables(exc)
    values = dict(variables)
    try:
        tree = ast.parse(source)
    except SyntaxError:
        tree = None
    for node in ast.walk(tree) if tree is not None else ():
        func = node.func if isinstance(node, ast.Call) else None
        if getattr(func, "attr", getattr(func, "id", None)) != "Model":
            continue
        given = _given(node, source)
        if set(given) != {"inputs", "outputs"}:
            break
        inputs, outputs = (_values(given[k], values) for k in ("inputs", "outputs"))
        if inputs is None or outputs is None:
            break
        code = {k: ast.get_source_segment(source, v) for k, v in given.items()}
        called = ast.get_source_segment(source, func)
        if all(is_input_tensor(v) for v in outputs) and not any(
            is_input_tensor(v) for v in inputs
        ):
            fixed = f"{called}(inputs={code['outputs']}, outputs={code['inputs']})"
            fixed = source.replace(ast.get_source_segment(source, node), fixed, 1)
            message = (
                f"keras.Model got the inputs and the outputs the other way "
                f"round{where}{code['outputs']} is made by keras.Input, where "
                f"the model starts, and {code['inputs']} by your layers: "
                "keras.Model takes the inputs first, then the outputs:\n"
                f"    {fixed}"
            )
            return Problem("error", message, line, text, detail=raw)
        needed = _missing_inputs(variables, inputs, outputs)
        missing = [n for n, _ in needed]
        also = " and ".join(missing)
        if needed and _builds([v for _, v in needed], outputs):  # only those
            listed = missing[0] if len(missing) == 1 else f"[{', '.join(missing)}]"
            fixed = f"{called}(inputs={listed}, outputs={code['outputs']})"
            fixed = source.replace(ast.get_source_segment(source, node), fixed, 1)
            message = (
                f"{code['outputs']} is computed from {also}, not from "
                f"{code['inputs']}{where}keras.Model's inputs are the "
                "keras.Input tensors its outputs come from. Give it those:\n"
                f"    {fixed}\nor, if the first layer was meant to read "
                f"{code['inputs']}, call it on {code['inputs']}."
            )
            return Problem("error", message, line, text, detail=raw)
        if needed:
            names = [ast.get_source_segment(source, n) for n in _names(given)]
            names += missing
            fixed = f"{called}(inputs=[{', '.join(names)}], "
            fixed += f"outputs={code['outputs']})"
            fixed = source.replace(ast.get_source_segment(source, node), fixed, 1)
            message = (
                f"The outputs are computed from {also} too, a keras.Input that "
                f"is not among the model's inputs{where}keras.Model needs every "
                "keras.Input its outputs come from, in one list:\n"
                f"    {fixed}"
            )
            return Problem("error", message, line, text, detail=raw)
        break
    said = re.sub(r"Output with path `` is", "An output is", raw)
    message = (
        "The outputs of this keras.Model are not computed from its inputs"
        f"{where}keras.Model takes the inputs first, then the outputs: "
        "keras.Model(inputs=inputs, outputs=outputs), where the outputs come "
        "from the inputs through your layers. Check the order, and that each "
        "output is made from these inputs (not from another keras.Input)."
        f"\nKeras says: {said}"
    )
    return Problem("error", message, line, text, detail=raw)


def _names(given: dict) -> list:
    node = given["inputs"]
    return list(node.elts) if isinstance(node, (ast.List, ast.Tuple)) else [node]
