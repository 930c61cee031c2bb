"""An attention layer (``Attention``, ``MultiHeadAttention``, ...) inside
``keras.Sequential``.

``keras.Sequential([keras.Input(shape=(10, 8)), layers.Attention(), ...])``
is how a beginner tries self-attention.  Attention compares a query with a
value (for self-attention, a sequence with itself), so it takes two
tensors; a Sequential model hands each layer one, the output of the layer
before it.  Keras then says "Attention layer must be called on a list of
inputs" or, for ``MultiHeadAttention``, that the layer "has multiple
required positional arguments".  :func:`sequential_attention_problem` says
why, and shows the same layers written with the Functional API, where the
tensor before the attention has a name and is given as both query and value
(the code comes from :func:`kerasteach.codegen.to_functional_code` of that
model, so it runs).  When the code cannot be made, or the attention gets no
sequences, the message says what to write in words.
"""

from __future__ import annotations

from ._widget_problem import Problem, _at, _shape_text
from ._widget_sequential_merge_problems import (
    _added_after,
    _again,
    _building,
    _code_rows,
    _given,
    _model_code,
    _tensors_before,
)


def _kinds() -> tuple:
    from keras import layers

    names = ("Attention", "MultiHeadAttention", "GroupQueryAttention")
    return tuple(getattr(layers, name) for name in names if hasattr(layers, name))


def _listed(layer) -> bool:
    """Whether ``layer`` takes its query and value as one list
    (``Attention``, ``AdditiveAttention``) rather than as two arguments."""
    from keras import layers

    return isinstance(layer, layers.Attention)


def _functional_code(model, attention) -> tuple[str, str] | None:
    """Functional code for ``model``'s layers, ``attention`` given the
    output of the layer before it as query and value, and the variable of
    the model's output in it; None when a layer cannot be made again from
    its settings or the code fails."""
    found = _tensors_before(model, attention)
    if found is None:
        return None
    layers, index, tensors = found
    x = tensors[-1]
    again = _again(attention)
    x = again([x, x]) if _listed(attention) else again(x, x)
    return _model_code(layers, index, tensors[0], x)


def sequential_attention_problem(exc, raw: str, line, text) -> Problem | None:
    """An attention layer in ``keras.Sequential``, which gives it one
    tensor where it takes a query and a value."""
    if not (
        "Attention layer must be called on a list of inputs" in raw
        or "has multiple required positional arguments" in raw
    ):
        return None
    found = _building(exc, _kinds())
    if found is None:
        return None
    model, attention, given_tensor = found
    kind = type(attention).__name__
    given = _given(model, attention)
    call = "([x, x])" if _listed(attention) else "(x, x)"
    message = (
        f"Layer {attention.name!r} ({kind}) compares two tensors, a query and a "
        "value (for self-attention, a sequence with itself), but it is in "
        "keras.Sequential, which passes one tensor from each layer to the next, "
        f"so {kind} gets only {given}{_at(line, text) or '. '}"
        "Attention needs the Functional API, where each tensor has a name, so "
        "that you can give the same tensor as query and value"
    )
    shape = tuple(given_tensor.shape)[1:]
    if len(shape) < 2:
        message += (
            f". It also needs sequences, each sample of shape (timesteps, "
            f"features), and {given} has samples of shape {_shape_text(shape)}: "
            "attention looks from each step of a sequence at the others, so it "
            "goes after a layer that keeps the steps (an Embedding, an LSTM with "
            "return_sequences=True, a Conv1D), before any Flatten or pooling."
        )
        return Problem("error", message, line, text, detail=raw, layer=attention.name)
    try:
        written = _functional_code(model, attention)
    except Exception:  # noqa: BLE001 - the words without the code
        written = None
    if written is None:
        message += (
            ": inputs = keras.Input(...), x = the layers before it called in "
            f"turn on inputs, then x = layers.{kind}(...){call}, the layers "
            "after it called on x in the same way, and at the end "
            "keras.Model(inputs, x)."
        )
    else:
        code, out = written
        message += (
            f". Your layers that way, with {kind} given {given} as both query "
            "and value:" + _code_rows(code) + _added_after(exc, model, kind, out)
        )
    return Problem("error", message, line, text, detail=raw, layer=attention.name)
