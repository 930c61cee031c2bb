"""Token ids too large for an ``Embedding`` layer, explained.

``layers.Embedding(1000, 16)`` has a row for each of the token ids 0 to
999.  Data holding the id 4524 (or 1000, one past the end) makes
TensorFlow fail during ``fit`` or ``predict`` with "indices[0,0] = 4524 is
not in [0, 1000)", which names neither the layer nor the fix.
:func:`embedding_ids_problem` names the layer and the line that made it,
the largest id in the data, and shows the line with ``input_dim`` set to
that id + 1.

Numbers with fractions (measurements) given to an Embedding raise
nothing: the layer makes each a whole id (0.37 becomes 0).
:func:`float_ids_notes` gives a note on such a ``fit``.
"""

from __future__ import annotations

import re

from ._widget_layer_lines import layer_call, with_argument
from ._widget_problem import Problem, _at, _created_line

_OUT_OF_RANGE = re.compile(r"indices\[[\d,]+\] = (\d+) is not in \[0, (\d+)\)")


def embedding_ids_problem(exc, raw: str, line, text, created, lines) -> Problem | None:
    """An id in the data given to ``fit``, ``predict``... that is not below
    the ``input_dim`` of the model's one Embedding layer of that size."""
    import keras

    from ._widget_data_problems import _data_call
    from ._widget_label_names import fit_argument

    match = _OUT_OF_RANGE.search(raw)
    if match is None:
        return None
    found = _data_call(exc)
    if found is None:
        return None
    method, model, x, _ = found
    size = int(match.group(2))
    layers = [
        layer
        for layer in _all_layers(model)
        if isinstance(layer, keras.layers.Embedding) and layer.input_dim == size
    ]
    if len(layers) != 1:
        return None
    layer = layers[0]
    top = _largest(x)
    if top is None or top < int(match.group(1)):
        top = int(match.group(1))
        holds = f"ids such as {top}"
    else:
        holds = f"ids up to {top}"
    data = (fit_argument(exc, lines, method, 0, "x") if method != "call" else None) or (
        "the data"
    )
    made = _created_line(created, layer)
    made = f", line {made}" if made is not None else ""
    message = (
        f"Layer {layer.name!r} (Embedding{made}) takes the token ids 0 to "
        f"{size - 1} (input_dim={size}), but {data} holds {holds}"
        f"{_at(line, text) or '. '}"
        "input_dim is the number of different ids: the largest id + 1"
    )
    call = layer_call(lines, created, layer)
    fixed = with_argument(lines, call, 0, "input_dim", str(top + 1)) if call else None
    if fixed is not None and holds.startswith("ids up to"):
        message += f", here {top + 1}:\n    {fixed}\n"
    else:
        message += ". Give the Embedding layer an input_dim bigger than every id.\n"
    message += f"Keras says: {raw}"
    return Problem("data", message, line, text, detail=raw, layer=layer.name)


def _all_layers(model) -> list:
    found, stack = [], list(getattr(model, "layers", ()))
    while stack:
        layer = stack.pop(0)
        found.append(layer)
        stack[:0] = list(getattr(layer, "layers", ()))
    return found


def _largest(x) -> int | None:
    """The largest whole number in the array ``x``, else None."""
    import numpy as np

    try:
        values = np.asarray(x)
        if values.dtype.kind not in "iu" or values.size == 0:
            return None
        return int(values.max())
    except Exception:  # noqa: BLE001 - a dataset, a generator...
        return None


def float_ids_notes(call, model_name: str, name_of) -> list[str]:
    """A note on ``fit`` (``call``, a
    :class:`~kerasteach._widget_records.FitCall`) that gave an Embedding
    reading the model's input numbers with fractions (measurements): the
    layer made each a whole id, so 0.37 became the id 0.  ``name_of(value)``
    is the student's name for the data, or ""."""
    import keras
    import numpy as np

    x = call.arguments.get("x")
    inputs = list(getattr(call.model, "inputs", None) or ())
    if len(inputs) != 1:
        return []
    layers = [
        layer
        for layer in _all_layers(call.model)
        if isinstance(layer, keras.layers.Embedding) and _input_of(layer) is inputs[0]
    ]
    if len(layers) != 1:
        return []
    try:
        values = np.asarray(x).ravel()[:100_000]
    except Exception:  # noqa: BLE001 - a dataset, a generator...
        return []
    if values.dtype.kind != "f":
        return []
    fractions = values[values != np.floor(values)]
    if fractions.size == 0:
        return []
    layer, example = layers[0], float(fractions[0])
    data = name_of(x) or "the data"
    return [
        f"{model_name}.fit() gave layer {layer.name!r} (Embedding) the numbers of "
        f"{data}, like {example:.3g}, but an Embedding takes whole-number token "
        f"ids (0 to {layer.input_dim - 1}, such as word numbers): it turned each "
        f"number into a whole id, so {example:.3g} became {int(example)}, and "
        "samples that differ only in their fractions look the same to it. For "
        "measured values, leave the Embedding out."
    ]


def _input_of(layer):
    try:
        return layer.input
    except Exception:  # noqa: BLE001 - a layer used more than once
        return None
