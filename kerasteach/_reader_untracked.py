"""Layers that a subclassed model uses in ``call()`` but does not own.

``return layers.Dense(4)(x)`` in ``call()`` makes a new layer on every call.
Keras tracks only layers set as attributes of the model (in ``__init__``),
so that layer's weights are not in ``model.weights``: training never changes
them, saving leaves them out, and every call starts from new random ones.
The traced graph still holds the layer, and code rebuilt from it would
create the layer once and so quietly fix the bug: a different model.  The
reader refuses such a model with :func:`untracked_message`, naming the
layers and the line of ``call()`` that creates them.

Layers without weights (``layers.concatenate``, ``layers.Activation``,
``Dropout``) and ``keras.ops`` calls behave the same whether they are made
in ``call()`` or in ``__init__``, so they are not refused.
"""

from __future__ import annotations

import inspect
import keyword
import re

__all__ = ["untracked_layers", "untracked_message", "untracked_error"]


def untracked_layers(model, operations) -> list:
    """The layers among ``operations`` (a traced graph's) that have weights
    none of which the model tracks (``model.weights`` is recursive)."""
    import keras

    tracked = {id(w) for w in model.weights}
    return [
        op
        for op in operations
        if isinstance(op, keras.layers.Layer)
        and not isinstance(op, keras.layers.InputLayer)
        and op.weights
        and not any(id(w) in tracked for w in op.weights)
    ]


def untracked_error(model, untracked):
    """The :class:`~kerasteach.errors.TraceError` that refuses the model,
    with the layers as its ``untracked`` (the playground says it in its own
    words)."""
    from .errors import TraceError

    error = TraceError(untracked_message(model, untracked))
    error.untracked = untracked
    return error


def untracked_message(model, untracked) -> str:
    """Which layers are not tracked, where ``call()`` makes them, and what
    to write instead."""
    cls = type(model).__name__
    named = [f"{op.name!r} ({type(op).__name__})" for op in untracked]
    if len(named) == 1:
        what = f"Layer {named[0]} is used in {cls}.call() but is not an"
        noun, its, it = "attribute", "its", "It is"
    else:
        listed = ", ".join(named[:-1]) + f" and {named[-1]}"
        what = f"Layers {listed} are used in {cls}.call() but are not"
        noun, its, it = "attributes", "their", "They are"
    message = (
        f"{what} {noun} of the model, so the model does not own {its} "
        "weights: training does not change them and saving leaves them out."
    )
    found = _lines_creating(model, untracked)
    if found:
        where = "; ".join(f"line {n} of call(), `{text}`" for n, text in found)
        message += (
            f" {it} created at {where}, so every call creates a new, untrained layer."
        )
    else:  # made in a helper method, or kept outside the model
        message += " Keras tracks only layers set as attributes in __init__."
    first = untracked[0]
    made = _constructor(found, type(first).__name__)
    attribute = _attribute_name(model, first)
    example = f"`self.{attribute} = {made or _default_constructor(first)}`"
    instead = f" in place of `{made}(...)`" if made else ""
    return message + (
        f" Create each layer once, in __init__ (e.g. {example}), and in "
        f"call() only call it (`self.{attribute}(...)`{instead}). Until then "
        "kerasteach refuses the model: code rebuilt from it would create each "
        "layer once, which is not the same model as yours."
    )


def _lines_creating(model, untracked) -> list[tuple[int, str]]:
    """(line number, text) of the lines of ``call()`` that name the class of
    an untracked layer followed by ``(``; empty when the source is not
    available (e.g. code typed into a Python prompt)."""
    try:
        lines, start = inspect.getsourcelines(type(model).call)
    except (OSError, TypeError):
        return []
    names = sorted({type(op).__name__ for op in untracked})
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\s*\(")
    return [
        (start + i, line.strip())
        for i, line in enumerate(lines)
        if pattern.search(line) and not line.lstrip().startswith("#")
    ]


def _constructor(found, class_name: str) -> str | None:
    """The constructor call of ``class_name`` as written in the first line
    that has it whole, e.g. ``layers.Dense(4)``."""
    for _, text in found:
        match = re.search(r"[\w.]*\b" + re.escape(class_name) + r"\s*\(", text)
        if match is None:
            continue
        depth = 0
        for end in range(match.end() - 1, len(text)):
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            if depth == 0:
                return text[match.start() : end + 1]
    return None


def _attribute_name(model, layer) -> str:
    """An attribute to hold ``layer``: the name the student gave it, else
    (Keras's ``dense_14``, from a global counter, reads as if the number
    mattered) its class's, ``dense``, numbered only when the model already
    has an attribute of that name."""
    from ._names import auto_stems, snake

    name = layer.name
    stem = re.sub(r"_\d+$", "", name)
    if name.isidentifier() and not keyword.iskeyword(name):
        if stem not in auto_stems(type(layer).__name__):
            return name  # the student's own name
    base = snake(type(layer).__name__)
    if not base.isidentifier() or keyword.iskeyword(base):
        base = "layer"
    n, attribute = 1, base
    while hasattr(model, attribute):
        n += 1
        attribute = f"{base}_{n}"
    return attribute


def _default_constructor(layer) -> str:
    import keras

    name = type(layer).__name__
    known = getattr(keras.layers, name, None) is type(layer)
    return f"layers.{name}(...)" if known else f"{name}(...)"
