"""``model.add(...)`` used the wrong way, in the student's own words.

``.add()`` takes one layer per call (``model.add([Dense(16), Dense(3)])``
is Keras's "Only instances of `keras.Layer` can be added"), and only
``keras.Sequential`` has it: on a model built with ``keras.Model(inputs,
outputs)`` the layer is called on the outputs instead.  The code these
functions show is the student's line rewritten with the student's own
variables and layers; they return ``None`` when they cannot write it.
"""

from __future__ import annotations

import ast

from ._widget_calls import method_calls
from ._widget_problem import (
    Problem,
    _at,
    _frames_below_student,
    _student_names,
    code_of,
)


def _add_call(text: str | None) -> tuple[str, ast.Call] | None:
    """``(source, call)`` of the one ``something.add(one_argument)`` on the
    line ``text``, else None."""
    source = (text or "").strip()
    calls = [
        call
        for call in method_calls(source, "add")
        if len(call.args) == 1 and not call.keywords
    ]
    return (source, calls[0]) if len(calls) == 1 else None


def add_list_problem(exc, raw: str, line, text) -> Problem | None:
    """``model.add([layers.Dense(16), layers.Dense(3)])``: ``.add()`` takes
    one layer per call, not a list."""
    if "can be added to a Sequential model" not in raw:
        return None
    import keras

    item = None
    for frame in _frames_below_student(exc):
        if not isinstance(frame.f_locals.get("self"), keras.Sequential):
            continue
        if frame.f_code.co_name == "__init__":
            return None  # keras.Sequential([...]): its list, not .add()
        if frame.f_code.co_name == "add":
            item = frame.f_locals.get("layer")
    if not isinstance(item, (list, tuple)) or not item:
        return None
    if not all(isinstance(v, (keras.layers.Layer, keras.KerasTensor)) for v in item):
        return None
    found = _add_call(text)
    if found is None:
        return None
    source, call = found
    written = call.args[0]
    if not isinstance(written, (ast.List, ast.Tuple)) or len(written.elts) != len(item):
        return None
    model = code_of(source, call.func.value)
    lines = [f"{model}.add({code_of(source, e)})" for e in written.elts]
    if not model or not all(lines):
        return None
    shown = "\n".join(f"    {one}" for one in lines)
    message = (
        f".add() takes one layer per call, but here it got a list of "
        f"{len(item)} layers{_at(line, text) or '. '}Call .add() once for each "
        f"layer, in order:\n{shown}"
    )
    return Problem("error", message, line, text, detail=raw)


def functional_add_code(exc, model, text: str | None) -> str | None:
    """The lines that add the layer of ``model.add(layer)`` to a Functional
    ``model``, with the student's variables: ``outputs = layers.Dense(3)(x)``
    then ``model = keras.Model(inputs, outputs)``; None when the student's
    names for the model's inputs and its one output are not known."""
    found = _add_call(text)
    if found is None or len(model.outputs) != 1:
        return None
    source, call = found
    layer = code_of(source, call.args[0])
    receiver = code_of(source, call.func.value)
    names = _student_names(exc)
    output = names.get(id(model.outputs[0]))
    inputs = [names.get(id(tensor)) for tensor in model.inputs]
    if not layer or not receiver.isidentifier() or not output or not all(inputs):
        return None
    given = inputs[0] if len(inputs) == 1 else f"[{', '.join(inputs)}]"
    return (
        f"    outputs = {layer}({output})\n"
        f"    {receiver} = keras.Model({given}, outputs)\n"
    )
