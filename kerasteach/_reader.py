"""Read a Keras 3 model into a :class:`~kerasteach.graph.ModelGraph`.

This module and its helpers (``_reader_*.py``) are the only part of
kerasteach that touches Keras internals: the ``_inbound_nodes`` of
operations, the ``_keras_history`` of tensors, the functional graph inside a
``Sequential`` and private ``keras.src`` paths.  Everything else reads the
frozen graph this module returns.

:func:`read_model` finds the functional graph of each kind of model: a
Functional model is one; a ``Sequential`` keeps one inside once it is built
(with ``input_shape`` if need be); a subclassed model's ``call()`` is traced
on symbolic inputs, with the layer names of a fresh session
(:func:`fresh_layer_names`).  :func:`kerasteach._reader_graph.read_functional`
then walks that graph into the frozen description.
"""

from __future__ import annotations

import collections
import contextlib
from collections.abc import Iterable, Iterator
from typing import Any

from ._reader_checks import (
    build_sequential,
    checked_input_shape,
    has_input,
    is_functional,
    late_input_error,
    not_a_model,
    single_input_shape,
    symbolic_inputs,
    unconnected,
)
from ._reader_data_batch import data_batch, without_data_batch
from ._reader_graph import read_functional
from ._reader_ops import tensors_of
from ._reader_passthrough import passthrough_message
from ._reader_subclass import (
    TO_KERASTEACH,
    no_input_shape_message,
    no_super_init,
    required_argument_message,
    required_arguments,
    trace_error_message,
)
from ._reader_torch_shape import torch_output_shape_message
from ._reader_untracked import untracked_error, untracked_layers
from .errors import (
    InputShapeError,
    KerasTeachError,
    NotAModelError,
    NotBuiltError,
    TraceError,
)
from .graph import ModelGraph


@contextlib.contextmanager
def fresh_layer_names(taken: Iterable[str] = ()) -> Iterator[None]:
    """Inside, layers get the automatic names of a fresh Keras session
    (``dense``, ``dense_1``, ...), after the names in ``taken``;
    afterwards the caller's counters are back.

    The playground runs a student's code many times: without this, the
    third Run names its layer ``dense_2``, and the notebook's own models see
    their counters move.  Keras keeps the counters in its global state
    (``object_name_uids``, private).
    """
    try:
        from keras.src.backend.common import global_state
    except ImportError:  # another Keras layout: names just keep counting
        yield
        return
    key = "object_name_uids"
    saved = global_state.get_global_attribute(key)
    counters: collections.defaultdict = collections.defaultdict(int)
    for name in taken:  # "dense_3" taken: the next automatic one is dense_4
        counters[name] = max(counters[name], 1)
        stem, _, number = name.rpartition("_")
        if stem and number.isdigit():
            counters[stem] = max(counters[stem], int(number) + 1)
    global_state.set_global_attribute(key, counters)
    try:
        yield
    finally:
        global_state.set_global_attribute(key, saved)


def read_model(model, input_shape=None) -> ModelGraph:
    """Describe ``model`` as a frozen :class:`ModelGraph`.

    ``model`` may be a ``keras.Sequential`` (built, or with an ``Input``), a
    Functional model, or a subclassed model whose ``call`` uses only layers
    and ``keras.ops``; such a model is traced on symbolic inputs of
    ``input_shape`` (one shape without the batch axis, or a list or dict of
    them), taken from the built model when not given.  An unbuilt Sequential
    model is built with ``input_shape`` when it is given.  A
    :class:`ModelGraph` is returned as it is; an ``input_shape`` other than
    its own is refused, as it cannot change a graph already read.
    """
    if isinstance(model, ModelGraph):
        _refuse_shape_for_graph(model, input_shape)
        return model
    import keras

    if not isinstance(model, keras.Model):
        raise NotAModelError(not_a_model(model))
    unset = no_super_init(model)
    if unset is not None:
        raise KerasTeachError(unset)
    input_shape = checked_input_shape(input_shape)
    if isinstance(model, keras.Sequential):
        return _read_sequential(model, input_shape)
    if is_functional(model):
        _refuse_other_shape(model, input_shape)
        _refuse_passthrough(model)
        return read_functional(model, model, "functional")
    return _read_subclassed(model, input_shape)


def _refuse_shape_for_graph(graph: ModelGraph, input_shape) -> None:
    """Refuse an ``input_shape`` given with a graph already read, unless it
    is the graph's own: every public function quietly left it out, and drew
    or wrote the graph's shapes instead."""
    if input_shape is None:
        return
    given = checked_input_shape(input_shape)

    def shape(ref) -> tuple:
        return graph.calls[ref.call].output_shapes[ref.index][1:]

    if isinstance(graph.inputs, dict):
        own = {key: shape(ref) for key, ref in graph.inputs.items()}
    else:
        own = [shape(ref) for ref in graph.input_refs]
    if given == own or (isinstance(given, tuple) and [given] == own):
        return
    one = isinstance(own, list) and len(own) == 1
    shown = f"input shape {own[0]!r}" if one else f"input shapes {own!r:.80}"
    raise InputShapeError(
        f"{graph.name!r} is a ModelGraph that read_model() already read, with "
        f"{shown}: input_shape={input_shape!r:.80} cannot change "
        f"{'it' if one else 'them'}. Leave out input_shape, or give it to "
        "read_model when you read the model (read_model(model, "
        f"input_shape={input_shape!r:.80})), or pass the Keras model itself "
        "instead of its graph."
    )


def _refuse_other_shape(model, input_shape) -> None:
    """Refuse an ``input_shape`` that is not the one a Functional model's
    keras.Input gave it: it was quietly left out, and the drawing showed
    other shapes than the ones asked for."""
    import keras

    if input_shape is None:
        return
    struct = model._inputs_struct
    built = [tuple(t.shape)[1:] for t in model.inputs]  # flat, as Keras orders
    if isinstance(input_shape, dict):  # keras.tree.flatten sorts a dict's keys
        same_keys = isinstance(struct, dict) and set(struct) == set(input_shape)
        given = [input_shape[k] for k in sorted(input_shape)] if same_keys else None
    else:
        given = [input_shape] if isinstance(input_shape, tuple) else input_shape
    if given == built:
        return
    built = keras.tree.map_structure(lambda t: tuple(t.shape)[1:], struct)
    raise InputShapeError(
        f"The Functional model {model.name!r} takes its input shapes from its "
        f"keras.Input: {built!r}. input_shape={input_shape!r} cannot change "
        "them: leave out input_shape, or make the model again from "
        "keras.Input(shape=...) with the shape you want."
    )


def _refuse_passthrough(model) -> None:
    """Refuse a built model that Keras left a layer out of, because the
    layer handed back its input (:mod:`kerasteach._reader_passthrough`)."""
    message = passthrough_message(model)
    if message is not None:
        raise KerasTeachError(message)


def _read_sequential(model, input_shape) -> ModelGraph:
    single_input_shape(input_shape)
    functional = getattr(model, "_functional", None)
    late = late_input_error(model) if functional is None else None
    if late is not None:  # input_shape= cannot help: Keras cannot build it
        raise late
    if functional is None and input_shape is not None:
        build_sequential(model, input_shape)
        functional = getattr(model, "_functional", None)
    elif functional is not None and input_shape is not None:
        built = tuple(tensors_of(functional._inputs_struct)[0].shape)[1:]
        if built != input_shape:
            raise InputShapeError(
                f"The Sequential model {model.name!r} is already built for "
                f"input shape {built!r} (by keras.Input, model.build(), a call "
                "on data or an earlier input_shape), so input_shape="
                f"{input_shape!r} cannot change it. Leave out input_shape, or "
                "create the model again, starting with keras.Input(shape="
                f"{input_shape!r})."
            )
    if functional is None:
        if not model.layers:
            # draw() and compare() get here too: not "before asking for its code"
            only = " only its keras.Input and" if model._layers else ""
            raise NotBuiltError(
                f"The Sequential model {model.name!r} has{only} no layers yet. "
                "Add layers with model.add(...) before passing it to kerasteach."
            )
        if has_input(model):  # Keras gave up connecting the layers
            raise unconnected(model, "its keras.Input")
        raise NotBuiltError(
            f"The Sequential model {model.name!r} does not know its input "
            "shape yet, so its layers have no graph. Give it the shape of one "
            "sample of your data (100 below is only an example; (28, 28, 1) "
            "would be a 28x28 grey image): start the model with keras.Input, "
            "e.g. keras.Sequential([keras.Input(shape=(100,)), ...]); or call "
            "model.build((None, 100)); or pass input_shape=(100,)" + TO_KERASTEACH
        )
    _refuse_passthrough(model)
    return read_functional(functional, model, "sequential")


def _read_subclassed(model, input_shape) -> ModelGraph:
    import keras

    if input_shape is None:
        shapes = getattr(model, "_build_shapes_dict", None) or {}
        if len(shapes) == 1:
            (shape,) = shapes.values()
            if (
                isinstance(shape, (list, tuple))
                and shape
                and all(isinstance(s, (list, tuple)) for s in shape)
            ):
                input_shape = [tuple(s)[1:] for s in shape]
            elif isinstance(shape, dict):
                input_shape = {k: tuple(s)[1:] for k, s in shape.items()}
            elif isinstance(shape, (list, tuple)):  # not build(8): no shape
                input_shape = tuple(shape)[1:]
    if input_shape is None:
        raise NotBuiltError(no_input_shape_message(model))
    required = required_arguments(model)
    if required:  # model(x) fails: Keras does not fill them in
        raise TraceError(required_argument_message(model, required))
    # What the trace makes (inputs, keras.ops nodes) is named as in a fresh
    # session, after the model's own layers: the same names on every read,
    # and the student's counters do not move.
    taken = [la.name for la in model._flatten_layers(include_self=False)]
    with fresh_layer_names(taken):
        inputs = symbolic_inputs(input_shape)
        try:
            outputs = model.call(inputs)
            traced = keras.Model(inputs, outputs, name=model.name)
        except Exception as exc:  # noqa: BLE001 - any failure: "not traceable"
            raise TraceError(
                passthrough_message(model)
                or torch_output_shape_message(model, exc, input_shape)
                or trace_error_message(model, exc, input_shape)
            ) from exc
    passthrough = passthrough_message(model)
    if passthrough is not None:  # Keras left the layer out of ``traced``
        raise TraceError(passthrough)
    untracked = untracked_layers(model, traced.operations)
    if untracked:  # made in call(): the model has no weights for them
        raise untracked_error(model, untracked)
    graph = read_functional(traced, model, "subclassed")
    return without_data_batch(graph, data_batch(model))


def live_layers(model) -> dict[str, Any]:
    """The model's layer objects by name (for copying weights in tests and
    for the widget); nested models are not entered."""
    graph_model = model
    if hasattr(model, "_functional") and model._functional is not None:
        graph_model = model._functional
    return {op.name: op for op in getattr(graph_model, "operations", model.layers)}
