"""``layers.Embedding(1000, 16, input_length=10)``, read from the source.

Keras 2's Embedding took the length of the sequences as
``input_length``; Keras 3 warns ("Argument `input_length` is deprecated.
Just remove it.") and drops it, so the length goes in
``keras.Input(shape=(10,))`` now.  A model that built anyway (from a
``keras.Input``, or from the data of ``fit``) gets a note,
:func:`embedding_length_notes`; a ``keras.Sequential`` that starts with
such an Embedding is not built, and
:func:`kerasteach._widget_no_model.not_built_problem` says it with
:func:`embedding_length_advice`.  The layers come from the record of the
line that makes each (``RunResult.created``), their calls from the code.
"""

from __future__ import annotations

import ast

from ._widget_problem import _shape_text, called_name
from ._widget_source_notes import (
    _call_on_line,
    _call_text,
    _calls_by_line,
    _segment,
    _shapes,
    _tree,
)

__all__ = ["embedding_length_advice", "embedding_length_notes"]


_LENGTH_WARNING = "Argument `input_length` is deprecated"


def _embedding_lengths(result) -> list[tuple]:
    """``(layer, call, length)`` for each Embedding the code made with
    ``input_length=``: its call, and the length as written."""
    import keras

    made = sorted(
        (
            e
            for e in result.created.values()
            if isinstance(e.obj, keras.layers.Embedding)
        ),
        key=lambda entry: entry.line or 0,
    )
    tree = _tree(result) if made else None
    if tree is None:
        return []
    calls = _calls_by_line(tree, keras.layers.Embedding)
    found, matched = [], set()
    for entry in made:
        layer, line = entry.obj, entry.line
        call = _call_on_line(calls, line, matched)
        if call is None:
            continue
        length = next((k.value for k in call.keywords if k.arg == "input_length"), None)
        if length is not None:
            found.append((layer, call, _segment(result, length)))
    return found


def _without_length(result, call: ast.Call) -> str:
    """``call`` as written, without its ``input_length=``."""
    arguments = [_segment(result, a) for a in call.args]
    arguments += [
        f"{k.arg}={_segment(result, k.value)}"
        if k.arg
        else f"**{_segment(result, k.value)}"
        for k in call.keywords
        if k.arg != "input_length"
    ]
    return _call_text(_segment(result, call.func), arguments)


def _no_longer(result, call: ast.Call, length: str) -> str:
    warned = " it warns (see Printed) and" if _LENGTH_WARNING in result.stdout else ""
    return (
        f"{_segment(result, call)} gives input_length={length}, which Keras 3 "
        f"no longer takes:{warned} leaves it out. The length of the sequences "
        "goes in keras.Input now"
    )


def embedding_length_advice(result, layer) -> str | None:
    """For a Sequential model that is not built because its first layer,
    ``layer``, was given ``input_length=``: the keras.Input to start with
    and the line to write, else None."""
    for made, call, length in _embedding_lengths(result):
        if made is not layer:
            continue
        start = f"keras.Input(shape=({length},))"
        written = _segment(result, call)
        line = result.source_lines[call.lineno - 1].strip()
        fixed = f"{start}, {_without_length(result, call)}"
        if call.lineno == call.end_lineno and written in line:
            fixed = line.replace(written, fixed, 1)
        return (
            f"{_no_longer(result, call, length)}: start the list of layers "
            f"with {start}, and leave input_length out:\n    {fixed}"
        )
    return None


def _writes_input(result) -> bool:
    """Whether the code makes a ``keras.Input`` (or an ``InputLayer``)."""
    tree = _tree(result)
    return tree is not None and any(
        isinstance(node, ast.Call) and called_name(node) in ("Input", "InputLayer")
        for node in ast.walk(tree)
    )


def embedding_length_notes(result) -> list[str]:
    """``layers.Embedding(1000, 16, input_length=10)`` in a model that
    built (from keras.Input, or from the data of ``fit``)."""
    notes = []
    for layer, call, length in _embedding_lengths(result):
        shapes = _shapes(layer)
        given = _shape_text(shapes[0][1:]) if shapes else None
        if given == f"({length},)" and _writes_input(result):
            where = (
                f"; the model's keras.Input(shape={given}) already gives it, so "
                f"write {_without_length(result, call)}."
            )
        else:
            where = (
                f": start the model with keras.Input(shape=({length},)) and write "
                f"{_without_length(result, call)}."
            )
        notes.append(f"Line {call.lineno}: {_no_longer(result, call, length)}{where}")
    return notes
