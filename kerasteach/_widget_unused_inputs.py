"""Inputs of a model that no layer reads.

``keras.Model([used, unused], out)`` builds without a word: Keras takes
``unused`` as an input, asks for its data in ``fit()`` and ``predict()``,
and never looks at it.  :func:`unused_input_notes` names such inputs from
the graph alone (the compare widget, which has no student code to quote);
:func:`unused_model_inputs` names them by the playground student's
variables and shows the ``keras.Model`` line without them.  Both also name
the inputs of nested models that no layer of theirs reads: the outer model
passes such an input a tensor, so it looks used from outside.
"""

from __future__ import annotations

from ._analysis import _and
from ._widget_problem import _statement_span

__all__ = [
    "nested_unused_notes",
    "unused_input_notes",
    "unused_inputs",
    "unused_model_inputs",
]


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


def _nested_note(model: str, names: list[str]) -> str:
    """The note for the inputs ``names`` of the nested model ``model``
    that no layer of it reads."""
    one = len(names) == 1
    it = "it" if one else "them"
    return (
        f"{'Input' if one else 'Inputs'} {_and(names)} of the nested model "
        f"{model} {'is' if one else 'are'} read by no layer of {model}: the "
        f"outer model passes {it} data, but no layer inside {model} is called "
        f"on {it}, so that data changes nothing. Either connect "
        f"{'it' if one else 'each'} inside {model}: call a layer on it, or "
        "merge it with another branch (with layers.Concatenate(), for "
        f"example); or leave {it} out of the inputs of {model} and stop "
        f"passing {it} a tensor."
    )


def nested_unused_notes(graph, result=None) -> list[str]:
    """A note for each nested model of ``graph`` (at any depth, each model
    once) with inputs that no layer of it reads.  With the playground's
    ``result``, the model and its inputs are named by the student's
    variables where one holds them (Keras's names, ``'functional_1'`` and
    ``'input_layer_3'``, are the student's only when they chose them)."""
    notes: list[str] = []
    seen: set[int] = set()
    stack = [graph]
    while stack:
        for layer in stack.pop().layers:
            sub = layer.submodel
            if sub is None or id(sub) in seen:
                continue
            seen.add(id(sub))
            stack.append(sub)
            unused = unused_inputs(sub)
            if not unused:
                continue
            names = [repr(sub.layer_of(sub.input_refs[n]).name) for n in unused]
            model = repr(layer.name)
            held = _held(result, layer.identity)
            if held is not None:
                model, obj = held
                tensors = list(getattr(obj, "inputs", None) or [])
                if len(tensors) == len(sub.input_refs):
                    found = [_input_variable(result, tensors[n]) for n in unused]
                    if None not in found:
                        names = found
            notes.append(_nested_note(model, names))
    return notes


def _held(result, identity) -> tuple[str, object] | None:
    """The student's first variable that holds the object of ``identity``
    (its ``id()``), and the object."""
    if result is None or identity is None:
        return None
    for name, value in result.namespace.items():
        if id(value) == identity and not name.startswith("_"):
            return name, value
    return None


def unused_input_notes(graph) -> list[str]:
    """A note naming the inputs of ``graph`` that no layer reads, in the
    names of the layers (for the compare widget, which has no student
    code to quote)."""
    nested = nested_unused_notes(graph)
    unused = unused_inputs(graph)
    if not unused:
        return nested
    refs = graph.input_refs
    names = [repr(graph.layer_of(refs[n]).name) for n in unused]
    one = len(names) == 1
    remove = f"leave {'it' if one else 'them'} out of the model's inputs."
    note = _unused_note(names, "with layers.Concatenate(), for example", remove)
    return [note, *nested]


def _input_variable(result, tensor) -> str | None:
    """The student's variable that holds ``tensor``, the first assigned."""
    found = _held(result, id(tensor))
    return None if found is None else found[0]


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
        return nested_unused_notes(graph, result)
    variables = [_input_variable(result, tensors[n]) for n in unused]
    if None in variables:
        return unused_input_notes(graph)[:1] + nested_unused_notes(graph, result)
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
    return [_unused_note(variables, merge, remove), *nested_unused_notes(graph, result)]
