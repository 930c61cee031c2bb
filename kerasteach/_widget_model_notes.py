"""Models that build but are most likely not what the student meant.

Keras builds these without a word (or with a warning in its own terms),
so the playground shows the model as if all were well.  :func:`model_notes`
returns a sentence for each, shown under the model: what the model does,
why it is probably a mistake, and what to write instead.

- a ``Dense`` layer of 1 unit with ``softmax``: its output is always 1;
- ``Dense`` on images (samples of more than one axis) with no ``Flatten``:
  the model gives one row of answers per image row, not one per image;
- one layer object listed twice in ``keras.Sequential``: one layer used
  twice, with one set of weights, not two layers;
- ``input_shape=`` on a layer, which Keras 3 warns about: the
  ``keras.Input`` to write instead.
"""

from __future__ import annotations

from ._widget_problem import _shape_text

__all__ = ["model_notes"]

_INPUT_SHAPE_WARNING = "Do not pass an `input_shape`"


def _layers(model) -> list:
    try:
        return list(model.layers)
    except Exception:  # noqa: BLE001 - a model that cannot list its layers
        return []


def _shape(tensor_of) -> tuple | None:
    try:
        return tuple(tensor_of().shape)
    except Exception:  # noqa: BLE001 - a layer used several times, or unbuilt
        return None


def _softmax_of_one(model) -> list[str]:
    import keras

    notes = []
    for layer in _layers(model):
        if (
            isinstance(layer, keras.layers.Dense)
            and layer.units == 1
            and getattr(layer, "activation", None) is keras.activations.softmax
        ):
            notes.append(
                f'Layer {layer.name!r} has 1 unit with activation="softmax". '
                "Softmax makes the outputs of a layer add up to 1, so a single "
                "output is always 1, whatever the input, and the model cannot "
                'learn. For a yes/no answer write layers.Dense(1, activation="'
                'sigmoid"); for N classes, layers.Dense(N, activation="softmax").'
            )
    return notes


def _dense_on_images(model) -> list[str]:
    import keras

    sequence_layers = (
        keras.layers.RNN,
        keras.layers.Bidirectional,
        keras.layers.MultiHeadAttention,
    )
    output = _shape(lambda: model.outputs[0]) if len(model.outputs) == 1 else None
    if output is None or len(output) <= 2:
        return []
    for layer in _layers(model):
        if isinstance(layer, (keras.layers.Flatten, keras.layers.Reshape)):
            return []  # the student shaped the samples on purpose
        if isinstance(layer, sequence_layers):
            return []  # an answer per time step can be the point
        if not isinstance(layer, keras.layers.Dense):
            continue
        seen = _shape(lambda layer=layer: layer.input)
        if seen is None or len(seen) <= 2:
            continue
        inner = seen[1:-1]
        where = (
            f"each of the {inner[0]} rows"
            if len(inner) == 1
            else f"each of the {'x'.join(str(n) for n in inner)} positions"
        )
        numbers = f"{output[-1]} number{'s' * (output[-1] != 1)}"
        return [
            f"The model outputs shape {_shape_text(output)}: layer "
            f"{layer.name!r} (Dense) receives samples of shape "
            f"{_shape_text(seen[1:])}, and a Dense layer works on the last axis "
            f"only, so it gives {numbers} for {where} of a sample, not "
            f"{numbers} for the whole sample. For one answer per sample (one "
            "class for each image, say), add layers.Flatten() before layer "
            f"{layer.name!r}."
        ]
    return []


def _repeated_layers(model) -> list[str]:
    import keras

    if not isinstance(model, keras.Sequential):
        return []
    items = _layers(model)
    notes, seen = [], set()
    for layer in items:
        count = sum(item is layer for item in items)
        if count < 2 or id(layer) in seen:
            continue
        seen.add(id(layer))
        kind = type(layer).__name__
        times = "twice" if count == 2 else f"{count} times"
        notes.append(
            f"Layer {layer.name!r} ({kind}) is in the list {times}: that is one "
            f"layer used {times}, with one set of weights (shared), not "
            f"{count} layers. If you meant {count} layers, make a new one for "
            f"each place: write layers.{kind}(...) in each place, not the same "
            "variable."
        )
    return notes


def _input_shape_argument(model, printed: str) -> list[str]:
    if _INPUT_SHAPE_WARNING not in printed:
        return []
    shapes = [_shape(lambda t=t: t) for t in getattr(model, "inputs", None) or []]
    if len(shapes) != 1 or shapes[0] is None:
        return []
    sample = _shape_text(shapes[0][1:])
    return [
        "Keras 3 warns about input_shape= (see Printed). Leave input_shape "
        "out of the layer and start the list with the keras.Input it "
        f"describes: keras.Sequential([keras.Input(shape={sample}), ...]), as "
        "in the Functional code below."
    ]


def model_notes(model, printed: str = "") -> list[str]:
    """A sentence for each likely mistake in a model that built; ``printed``
    is what the student's code printed (Keras's warnings)."""
    notes = []
    for find in (
        lambda: _input_shape_argument(model, printed),
        lambda: _repeated_layers(model),
        lambda: _dense_on_images(model),
        lambda: _softmax_of_one(model),
    ):
        try:
            notes.extend(find())
        except Exception:  # noqa: BLE001 - a note is optional
            continue
    return notes
