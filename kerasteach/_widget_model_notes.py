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
  ``keras.Input`` to write instead
  (:mod:`kerasteach._widget_input_shape_note`; ``input_length=`` on an
  Embedding, which Keras 3 drops, is :mod:`kerasteach._widget_input_length`'s);
- a layer the code made that is in no model: its output kept nowhere, or
  the next layer called on the wrong tensor, or ``keras.Model`` given a
  layer's output as its inputs (:mod:`kerasteach._widget_unused_layers`);
- an input of ``keras.Model([used, unused], out)`` that no layer reads:
  the data given to it changes nothing
  (:mod:`kerasteach._widget_unused_inputs`, which says it in the compare
  widget too).

- a loss given to ``compile`` by a name Keras does not know, which
  ``fit`` would refuse (Keras looks it up only then), or as the type of
  loss (``keras.losses.MeanSquaredError``, no brackets);
- a ``model.fit`` that trained without a word on labels that do not go
  with the output or the loss, or with ``epochs=0``, ``batch_size=0``,
  ``validation_split=20`` (:mod:`kerasteach._widget_fit_notes`).

The notes read from how the code is written (``layers.Conv2D(32, 3, 3)``,
whose third argument is strides; ``print(model.summary())``,
``model.summary`` without brackets) are
:mod:`kerasteach._widget_source_notes`'s; ``model.save("m.h5")``,
:mod:`kerasteach._widget_saving_notes`'s; ``predict``'s answers compared
with the labels, :mod:`kerasteach._widget_predict_notes`'s.
"""

from __future__ import annotations

import re

from ._widget_build_shape import sample_build_notes
from ._widget_fit_notes import fit_notes
from ._widget_input_length import embedding_length_notes
from ._widget_input_shape_note import input_shape_notes
from ._widget_merge_notes import merge_of_one_notes
from ._widget_predict_notes import prediction_notes
from ._widget_problem import _shape_text
from ._widget_saving_notes import legacy_save_notes, unloaded_weights_notes
from ._widget_source_notes import (
    positional_strides_notes,
    printed_object_notes,
    printed_summary_notes,
    uncalled_method_notes,
)
from ._widget_unused_inputs import unused_model_inputs
from ._widget_unused_layers import _layers, unused_layers

__all__ = ["model_notes"]


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


def _loss_notes(model, result=None) -> list[str]:
    """``model.compile(loss="mean_squared_eror")`` without ``fit`` (Keras
    looks the name up only when training starts), and ``loss=
    keras.losses.MeanSquaredError``, the type of loss, which Keras calls
    on the labels and outputs to make a loss object, not a number."""
    import keras

    from ._names import snake
    from ._widget_settings_problems import _written_line, nearest_keras_name

    loss = getattr(model, "loss", None)
    lines = result.source_lines if result is not None else []
    if isinstance(loss, type) and issubclass(loss, keras.losses.Loss):
        kind = loss.__name__
        line = next(
            (
                n
                for n, code in enumerate(lines, 1)
                if re.search(rf"loss\s*=\s*[\w.]*\b{kind}\b(?!\s*\()", code)
            ),
            None,
        )
        where = f"Line {line}: " if line else ""
        return [
            f"{where}compile() got loss=keras.losses.{kind}, the type of loss, "
            "not a loss: Keras calls it on the labels and the outputs, which "
            "makes a new loss object instead of a number to make smaller. Add "
            f"brackets, loss=keras.losses.{kind}(), or give its name: "
            f'loss="{snake(kind)}".'
        ]
    if not isinstance(loss, str):
        return []
    known, close = nearest_keras_name("loss", loss)
    if known:
        return []
    meant = f" Did you mean {close!r}?" if close else ""
    line = _written_line(lines, loss, None) if lines else None
    where = f"Line {line}: " if line else ""
    return [
        f"{where}compile() got loss={loss!r}, a name Keras does not know: "
        f"model.fit() would stop there.{meant} Names are written exactly as "
        "Keras spells them."
    ]


def model_notes(model, printed: str = "", result=None, graph=None) -> list[str]:
    """A sentence for each likely mistake in a model that built; ``printed``
    is what the student's code printed (Keras's warnings), ``result`` the
    :class:`~kerasteach._widget_run.RunResult` (the layers the code made),
    ``graph`` the model read as a :class:`~kerasteach.graph.ModelGraph`."""
    notes = []
    for find in (
        lambda: unused_model_inputs(model, graph, result) if graph and result else [],
        lambda: unused_layers(result) if result is not None else [],
        lambda: input_shape_notes(model, printed, result),
        lambda: sample_build_notes(result) if result is not None else [],
        lambda: positional_strides_notes(result) if result is not None else [],
        lambda: embedding_length_notes(result) if result is not None else [],
        lambda: _repeated_layers(model),
        lambda: merge_of_one_notes(result) if result is not None else [],
        lambda: _dense_on_images(model),
        lambda: _softmax_of_one(model),
        lambda: printed_summary_notes(result) if result is not None else [],
        lambda: printed_object_notes(result) if result is not None else [],
        lambda: uncalled_method_notes(result) if result is not None else [],
        lambda: legacy_save_notes(result) if result is not None else [],
        lambda: unloaded_weights_notes(result) if result is not None else [],
        lambda: prediction_notes(result) if result is not None else [],
        lambda: _loss_notes(model, result),
        lambda: fit_notes(result) if result is not None else [],
    ):
        try:
            notes.extend(find())
        except Exception:  # noqa: BLE001 - a note is optional
            continue
    return notes
