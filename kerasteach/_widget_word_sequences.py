"""Whole numbers (word indices) given to a layer that reads sequences.

``lstm(embed(q1))`` and then ``lstm(q2)``: the second call forgot the
``Embedding``.  Keras says the LSTM "expected ndim=3, found ndim=2", and
the usual advice for numbers read one at a time (``x.reshape(-1, 20, 1)``)
is the wrong one for word indices.  :func:`word_index_words` says, when the
tensor holds whole numbers, to put an Embedding first, and when the same
layer read an Embedding's output before, names that Embedding and shows the
line calling it.
"""

from __future__ import annotations

import re

from ._widget_problem import _student_names


def _given(frame_locals: dict):
    """The first Keras tensor the failing layer was called on, or None."""
    from ._widget_merge_problems import _tensors

    tensors = _tensors(frame_locals)
    return tensors[0] if tensors else None


def _embedding_before(layer):
    """The Embedding layer whose output ``layer`` read at its first call,
    or None."""
    import keras

    for node in getattr(layer, "_inbound_nodes", [])[:1]:
        for tensor in getattr(node, "input_tensors", []):
            history = getattr(tensor, "_keras_history", None)
            if history and isinstance(history[0], keras.layers.Embedding):
                return history[0]
    return None


def word_index_words(exc, layer, frame_locals: dict, text) -> str | None:
    """What to do when the sequence layer ``layer`` got whole numbers
    (samples of one axis) where an Embedding should have turned them into
    vectors; None when the tensor does not hold whole numbers."""
    tensor = _given(frame_locals)
    if tensor is None or "int" not in str(getattr(tensor, "dtype", "")):
        return None
    names = _student_names(exc)
    named = names.get(id(tensor))
    x = named or "the input"
    words = (
        f"{x} holds whole numbers ({tensor.dtype}), like word indices: an "
        "Embedding layer turns each into a vector, which makes the sequence "
        f"this layer reads."
    )
    embedding = _embedding_before(layer)
    variable, embedder = names.get(id(layer)), names.get(id(embedding))
    if embedding is None or not (variable and embedder and named):
        return (
            f"{words} Put one before this layer, for example "
            f"layers.Embedding(input_dim=1000, output_dim=16)({named or 'x'}), where "
            "input_dim is the number of different words (the biggest index + 1)."
        )
    fixed = re.sub(
        rf"\b{re.escape(variable)}\(\s*{re.escape(x)}\s*\)",
        f"{variable}({embedder}({x}))",
        text or "",
        count=1,
    )
    shown = f":\n    {fixed.strip()}" if fixed != (text or "") else "."
    return (
        f"{words} The first time, {variable} read the output of {embedder} "
        f"(layer {embedding.name!r}); call {embedder} on {x} too{shown}"
    )
