"""A model called on several tensors the wrong way, explained.

A model used as a layer is called like one.  ``head([a, b])`` on a
``keras.Sequential`` hands a list to a chain of layers that each take one
tensor (Keras says "Cannot convert '16' to a shape"); ``encoder(left,
right)`` puts ``right`` in the place of the ``training`` argument (Python
says "got multiple values for argument 'training'").
:func:`model_on_several_tensors_problem` says what the model takes: a
Sequential one tensor, so the tensors are merged first or the model is
called once on each (a shared encoder); a Functional model with several
inputs one list of them.
"""

from __future__ import annotations

import ast
import re

from ._widget_calls import function_calls, indented, statement_source
from ._widget_problem import (
    Problem,
    _at,
    _frames_below_student,
    _student_names,
    _target,
)


def _model_called(exc):
    """``(model, the tensors, whether they came in one list)`` for the
    first model called below the student's line on two tensors or more;
    else None."""
    import keras

    for frame in _frames_below_student(exc):
        model = frame.f_locals.get("self")
        if frame.f_code.co_name != "__call__" or not isinstance(model, keras.Model):
            continue
        args = tuple(frame.f_locals.get("args") or ())
        listed = len(args) == 1 and isinstance(args[0], (list, tuple))
        tensors = tuple(args[0]) if listed else args
        if len(tensors) >= 2 and all(isinstance(t, keras.KerasTensor) for t in tensors):
            return model, tensors, listed
        return None
    return None


def _input_note(model, tensors) -> str:
    """What to change when ``model`` starts with a ``keras.Input`` whose
    shape the merged ``tensors`` would not have."""
    first = model._layers[0] if model._layers else None  # noqa: SLF001
    if type(first).__name__ != "InputLayer":
        return ""
    shapes = [tuple(t.shape) for t in tensors]
    if len({len(s) for s in shapes}) != 1 or len({s[:-1] for s in shapes}) != 1:
        return ""
    if any(s[-1] is None for s in shapes):
        return ""
    merged = (*shapes[0][1:-1], sum(s[-1] for s in shapes))
    if tuple(first.batch_shape[1:]) == merged:
        return ""
    return (
        f"\n(Its keras.Input then needs the merged shape: "
        f"keras.Input(shape={merged!r}).)"
    )


def model_on_several_tensors_problem(
    exc, raw: str, line, text, lines=()
) -> Problem | None:
    """A model called on a list of tensors it cannot take, or on several
    tensors one by one (``lines``, the code, gives the whole statement
    when the call is written over several lines)."""
    import keras

    value_error = isinstance(exc, ValueError) and (
        "to a shape" in raw or re.search(r"received \d+ input tensors", raw)
    )
    type_error = isinstance(exc, TypeError) and (
        "multiple values for argument" in raw or "positional argument" in raw
    )
    if not (value_error or type_error):
        return None
    found = _model_called(exc)
    if found is None:
        return None
    model, tensors, listed = found
    if listed and not value_error:
        return None
    names = _student_names(exc)
    name = names.get(id(model))
    if name is None:  # a model made on the line that calls it
        return _unnamed_model(model, tensors, listed, names, line, text, raw)
    called = [names.get(id(t), f"x{i}") for i, t in enumerate(tensors, 1)]
    unnamed = (
        ""
        if all(id(t) in names for t in tensors)
        else (f"\n({', '.join(called)}: the tensors in the order you gave them.)")
    )
    where = _at(line, text) or ". "
    count = len(tensors)
    target = _target(text)
    source = statement_source(lines, line, text)
    # out = head(...) alone, not outputs=head(...) inside keras.Model(...)
    called_alone = re.match(rf"\s*\w+\s*=\s*{re.escape(name)}\s*\(", source)
    if not called_alone:
        target = ""
    sequential = isinstance(model, keras.Sequential)
    if not sequential and len(model.inputs) == count:
        if listed:
            return None
        message = (
            f"{name} is a model with {count} inputs, and takes them as one list, "
            f"but it was called on {count} tensors one by one{where}"
            "Put the tensors in square brackets, in the order of its inputs:\n"
            f"    {target}{name}([{', '.join(called)}])"
        ) + unnamed
        return Problem("error", message, line, text, detail=raw)
    if not sequential and len(model.inputs) != 1:
        return None
    kind = "keras.Sequential model" if sequential else "model with one input"
    given = f"a list of {count} tensors" if listed else f"{count} tensors"
    message = (
        f"{name} is a {kind}: it takes one tensor, but it was called on "
        f"{given} ({', '.join(called)}){where}"
    )
    once = "\n".join(f"    {name}_{c} = {name}({c})" for c in called)
    each = ", ".join(f"{name}_{c}" for c in called)
    shared = len({tuple(t.shape) for t in tensors}) == 1
    merge_first = (
        f"To give it all of them, merge them first and call {name} on the "
        f"result:\n    merged = layers.Concatenate()([{', '.join(called)}])\n"
        f"{indented(_with_call(source, name, 'merged') or f'{target}{name}(merged)')}"
        f"{_input_note(model, tensors) if listed else ''}"
    )
    share = (
        f"To use the same {name} (the same weights) on each tensor, call it "
        "once per tensor"
        + (
            f", then merge the results:\n{once}\n    {target}"
            f"layers.Concatenate()([{each}])"
            if target
            else f":\n{once}"
        )
    )
    if listed:
        message += merge_first + (
            f"\nOr: {share[0].lower()}{share[1:]}" if shared else ""
        )
    else:
        message += share if shared else merge_first
    return Problem("error", message + unnamed, line, text, detail=raw)


def _with_call(text: str | None, name: str, argument: str) -> str | None:
    """The student's statement ``text`` (one line or several) with its call
    ``name(...)`` made ``name(argument)`` (``keras.Model([a, b], head([a,
    b]))`` -> ``... head(merged))``); None when it does not hold that call
    once."""
    source = (text or "").strip()
    calls = function_calls(source, name)
    if len(calls) != 1:
        return None
    segment = ast.get_source_segment(source, calls[0])
    if segment is None or source.count(segment) != 1:
        return None
    return source.replace(segment, f"{name}({argument})")


def _unnamed_model(model, tensors, listed, names, line, text, raw):
    """The words for a Sequential model made where it is called
    (``keras.Sequential([...])([a, b])``): no code, as it has no name."""
    import keras

    if not isinstance(model, keras.Sequential) or not all(
        id(t) in names for t in tensors
    ):
        return None
    listed_names = ", ".join(names[id(t)] for t in tensors)
    given = f"a list of {len(tensors)}" if listed else str(len(tensors))
    message = (
        f"A keras.Sequential model takes one tensor, but this one was called "
        f"on {given} tensors ({listed_names}){_at(line, text) or '. '}"
        "Merge them first, merged = layers.Concatenate()"
        f"([{listed_names}]), and call the model on merged"
    )
    if len({tuple(t.shape) for t in tensors}) == 1:
        message += "; or give the model a name and call it once per tensor"
    message += "."
    return Problem("error", message, line, text, detail=raw)
