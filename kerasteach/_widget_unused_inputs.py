"""Inputs of a model that no layer reads.

``keras.Model([used, unused], out)`` builds without a word: Keras takes
``unused`` as an input, asks for its data in ``fit()`` and ``predict()``,
and never looks at it.  :func:`unused_input_notes` names such inputs from
the graph alone (the compare widget, which has no student code to quote);
:func:`unused_model_inputs` names them by the playground student's
variables and shows the ``keras.Model`` line without them.
"""

from __future__ import annotations

from ._analysis import _and
from ._widget_problem import _statement_span

__all__ = ["unused_input_notes", "unused_inputs", "unused_model_inputs"]


def unused_inputs(graph) -> list[int]:
    """The positions, among ``graph``'s inputs, of those no layer reads
    (an input that is itself an output is used)."""
    read = graph.consumers()
    outputs = set(graph.output_refs)
    return [
        n
        for n, ref in enumerate(graph.input_refs)
        if ref not in read and ref not in outputs
    ]


def _unused_note(names: list[str], merge: str, remove: str) -> str:
    """The note for the inputs ``names`` that no layer reads."""
    one = len(names) == 1
    return (
        f"{'Input' if one else 'Inputs'} {_and(names)} "
        f"{'is' if one else 'are'} read by no layer: the model takes "
        f"{'it' if one else 'them'} as {'an input' if one else 'inputs'}, but "
        f"no layer is called on {'it' if one else 'them'}, so the data given "
        f"to {'it' if one else 'them'} changes nothing. Either connect "
        f"{'it' if one else 'each'}: call a layer on it, or merge it with "
        f"another branch ({merge}); or {remove}"
    )


def unused_input_notes(graph) -> list[str]:
    """A note naming the inputs of ``graph`` that no layer reads, in the
    names of the layers (for the compare widget, which has no student
    code to quote)."""
    unused = unused_inputs(graph)
    if not unused:
        return []
    refs = graph.input_refs
    names = [repr(graph.layer_of(refs[n]).name) for n in unused]
    one = len(names) == 1
    remove = f"leave {'it' if one else 'them'} out of the model's inputs."
    return [_unused_note(names, "with layers.Concatenate(), for example", remove)]


def _input_variable(result, tensor) -> str | None:
    """The student's variable that holds ``tensor``, the first assigned."""
    return next(
        (
            name
            for name, value in result.namespace.items()
            if value is tensor and not name.startswith("_")
        ),
        None,
    )


def _without_inputs(result, variables: list[str]) -> str | None:
    """The line of the student's ``keras.Model(...)`` with ``variables``
    taken out of its inputs, if it is one line that lists them by name."""
    import ast

    line = result.model_line
    if not line:
        return None
    first, last = _statement_span(result.source_lines, line)
    if first != last:
        return None
    text = result.source_lines[first - 1].strip()
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call):
            continue
        given = call.args[:1] + [k.value for k in call.keywords if k.arg == "inputs"]
        for inputs in given:
            if not isinstance(inputs, (ast.List, ast.Tuple)):
                continue
            names = [getattr(e, "id", None) for e in inputs.elts]
            kept = [n for n in names if n not in variables]
            if not set(variables) <= set(names) or not kept or None in kept:
                continue
            listed = kept[0] if len(kept) == 1 else f"[{', '.join(kept)}]"
            start, end = inputs.col_offset, inputs.end_col_offset
            return text[:start] + listed + text[end:]
    return None


def unused_model_inputs(model, graph, result) -> list[str]:
    """The inputs of the student's model that no layer reads, by the
    variables that hold them, with the keras.Model line without them."""
    unused = unused_inputs(graph)
    tensors = list(getattr(model, "inputs", None) or [])
    if not unused or len(tensors) != len(graph.input_refs):
        return []
    variables = [_input_variable(result, tensors[n]) for n in unused]
    if None in variables:
        return unused_input_notes(graph)
    fixed = _without_inputs(result, variables)
    one = len(variables) == 1
    remove = f"leave {'it' if one else 'them'} out of the inputs of keras.Model"
    if fixed is not None:
        remove += f" (line {result.model_line}):\n    {fixed}"
    else:
        remove += "."
    merge = (
        f"layers.Concatenate()([x, {variables[0]}]), where x is the output of "
        "another layer"
    )
    return [_unused_note(variables, merge, remove)]
