"""Read a Keras 3 model into a :class:`~kerasteach.graph.ModelGraph`.

This is the only module of kerasteach that touches Keras internals: the
``_inbound_nodes`` of operations, the ``_keras_history`` of tensors, the
functional graph inside a ``Sequential`` and private ``keras.src`` paths.
Everything else reads the frozen graph this module returns.

A Keras functional graph is made of ``Node`` objects, one per call of an
operation.  Starting from the model's output tensors we walk back through
each tensor's ``_keras_history`` (operation, node index, tensor index) to the
node that produced it, depth first and in argument order, and number the
nodes in post-order.  That order is deterministic and keeps each branch
together, the way a person writes the code.  A layer called several times
also waits for its previous call, so the code calls it in Keras's order and
the rebuilt model numbers its calls (node indices) the same way.
"""

from __future__ import annotations

import collections
import contextlib
from collections.abc import Iterable, Iterator
from types import MappingProxyType
from typing import Any

from ._reader_checks import (
    UnknownConfig,
    build_sequential,
    checked_input_shape,
    config_of,
    has_input,
    is_functional,
    not_a_model,
    symbolic_inputs,
    unconnected,
)
from ._reader_ops import (
    activation_name,
    auto_mask_dropped,
    implicit_mask_ops,
    importable_function,
    input_parameter,
    op_function,
    param_count,
    public_class,
)
from ._reader_state import adapted_state
from ._reader_subclass import (
    TO_KERASTEACH,
    no_input_shape_message,
    no_super_init,
    required_argument_message,
    required_arguments,
    trace_error_message,
)
from ._reader_untracked import untracked_error, untracked_layers
from .errors import KerasTeachError, NotAModelError, NotBuiltError, TraceError
from .graph import INPUT, LAYER, MODEL, OP, Call, Layer, ModelGraph, TensorRef


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
    model is built with ``input_shape`` when it is given.
    """
    import keras

    if isinstance(model, ModelGraph):
        return model
    if not isinstance(model, keras.Model):
        raise NotAModelError(not_a_model(model))
    unset = no_super_init(model)
    if unset is not None:
        raise KerasTeachError(unset)
    input_shape = checked_input_shape(input_shape)
    if isinstance(model, keras.Sequential):
        return _read_sequential(model, input_shape)
    if is_functional(model):
        return _read_functional(model, model, "functional")
    return _read_subclassed(model, input_shape)


def _read_sequential(model, input_shape) -> ModelGraph:
    functional = getattr(model, "_functional", None)
    if functional is None and input_shape is not None:
        build_sequential(model, input_shape)
        functional = getattr(model, "_functional", None)
    elif functional is not None and input_shape is not None:
        built = tuple(_tensors(functional._inputs_struct)[0].shape)[1:]
        if built != input_shape:
            raise NotBuiltError(
                f"The Sequential model {model.name!r} is already built for "
                f"input shape {built!r} (by keras.Input, model.build(), a call "
                "on data or an earlier input_shape), so input_shape="
                f"{input_shape!r} cannot change it. Leave out input_shape, or "
                "create the model again, starting with keras.Input(shape="
                f"{input_shape!r})."
            )
    if functional is None:
        if not model.layers:
            raise NotBuiltError(
                f"The Sequential model {model.name!r} has no layers yet. "
                "Add layers with model.add(...) before asking for its code."
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
    return _read_functional(functional, model, "sequential")


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
            elif shape is not None:
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
            raise TraceError(trace_error_message(model, exc, input_shape)) from exc
    untracked = untracked_layers(model, traced.operations)
    if untracked:  # made in call(): the model has no weights for them
        raise untracked_error(model, untracked)
    return _read_functional(traced, model, "subclassed")


def _read_functional(functional, model, origin: str) -> ModelGraph:
    import keras
    from keras.src.backend import KerasTensor

    own = functional._nodes

    def key(op, index):
        return f"{id(op)}_ib-{index}"

    # 1. Collect the nodes in post-order, inputs first.
    order: list = []
    index_of: dict[int, int] = {}
    node_kwargs: dict[int, dict] = {}

    def node_of(tensor):
        op, node_index, _ = tensor._keras_history
        return op._inbound_nodes[node_index]

    def earlier_call(node):
        """The call of the same layer just before ``node`` in this model."""
        calls = node.operation._inbound_nodes
        index = next(i for i, n in enumerate(calls) if n is node)
        for j in range(index - 1, -1, -1):
            if key(node.operation, j) in own:
                return calls[j]
        return None

    def parents(node):
        """The nodes to visit before ``node``: the producers of its inputs,
        then the layer's previous call, so that a shared layer's calls keep
        Keras's order (its node indices) in the code that rebuilds it."""
        kwargs = node_kwargs.get(id(node))
        if kwargs is None:
            kwargs = auto_mask_dropped(node)
            node_kwargs[id(node)] = kwargs
        tensors = _tensors((node.arguments.args, kwargs))
        found = [node_of(t) for t in tensors]
        earlier = earlier_call(node)
        if earlier is not None:
            found.append(earlier)
        return found

    def visit(root):
        if id(root) in index_of:
            return
        stack = [(root, iter(parents(root)))]
        on_stack = {id(root)}
        while stack:
            node, it = stack[-1]
            advanced = False
            for parent in it:
                if id(parent) not in index_of and id(parent) not in on_stack:
                    stack.append((parent, iter(parents(parent))))
                    on_stack.add(id(parent))
                    advanced = True
                    break
            if not advanced:
                stack.pop()
                on_stack.discard(id(node))
                index_of[id(node)] = len(order)
                order.append(node)

    input_tensors = _tensors(functional._inputs_struct)
    output_tensors = _tensors(functional._outputs_struct)
    for tensor in input_tensors + output_tensors:
        node = node_of(tensor)
        op, node_index, _ = tensor._keras_history
        if key(op, node_index) not in own:
            raise NotBuiltError(  # pragma: no cover - Keras invariant
                f"Internal graph of {model.name!r} is inconsistent: tensor from "
                f"{op.name!r} is not part of the model."
            )
        visit(node)

    # 2. Number the operations in order of first call.
    op_index: dict[int, int] = {}
    ops: list = []
    op_calls: list[list[int]] = []
    for i, node in enumerate(order):
        op = node.operation
        if id(op) not in op_index:
            op_index[id(op)] = len(ops)
            ops.append(op)
            op_calls.append([])
        op_calls[op_index[id(op)]].append(i)

    def ref(tensor) -> TensorRef:
        _, _, tensor_index = tensor._keras_history
        return TensorRef(index_of[id(node_of(tensor))], tensor_index)

    def convert(value):
        if isinstance(value, KerasTensor):
            return ref(value)
        if isinstance(value, list):
            return [convert(v) for v in value]
        if isinstance(value, tuple):
            return tuple(convert(v) for v in value)
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        return value

    calls: list[Call] = []
    for i, node in enumerate(order):
        kwargs = node_kwargs.get(id(node))
        if kwargs is None:
            kwargs = auto_mask_dropped(node)
        args = tuple(convert(a) for a in node.arguments.args)
        kw = {k: convert(v) for k, v in kwargs.items()}
        inputs = tuple(ref(t) for t in _tensors((node.arguments.args, kwargs)))
        calls.append(
            Call(
                index=i,
                layer=op_index[id(node.operation)],
                args=args,
                kwargs=MappingProxyType(kw),
                inputs=inputs,
                output_shapes=tuple(tuple(t.shape) for t in node.outputs),
                output_dtypes=tuple(str(t.dtype) for t in node.outputs),
            )
        )

    layers: list[Layer] = []
    for j, op in enumerate(ops):
        cls = type(op)
        submodel = None
        function_name = None
        if isinstance(op, keras.layers.InputLayer):
            kind = INPUT
        elif isinstance(op, keras.Model):
            kind = MODEL
            submodel = read_model(op)
        elif isinstance(op, keras.layers.Layer):
            kind = LAYER
        else:
            kind = OP
            function_name = op_function(cls)
        if kind == MODEL:
            config: dict = {"name": op.name, "trainable": op.trainable}
            module, class_name = public_class(cls)
        else:
            config = config_of(op)
            module, class_name = public_class(cls)
        if kind == OP and module == cls.__module__:
            class_name = cls.__name__
        function_ref = None
        if isinstance(op, keras.layers.Lambda):
            function_ref = importable_function(getattr(op, "function", None))
        weights = getattr(op, "weights", [])
        trainable = getattr(op, "trainable", True)
        layers.append(
            Layer(
                index=j,
                name=op.name,
                class_name=class_name,
                module=module,
                kind=kind,
                config=(
                    config
                    if isinstance(config, UnknownConfig)
                    else MappingProxyType(config)
                ),
                calls=tuple(op_calls[j]),
                params=param_count(weights) if weights else 0,
                trainable_params=param_count(op.trainable_weights) if weights else 0,
                trainable=bool(trainable),
                submodel=submodel,
                function_name=function_name,
                activation=activation_name(config),
                function_ref=function_ref,
                adapted_state=adapted_state(op, config) if kind == LAYER else (),
                identity=id(op),
                input_parameter=(
                    input_parameter(op) if kind in (LAYER, MODEL) else None
                ),
            )
        )

    return ModelGraph(
        name=model.name,
        class_name=type(model).__name__,
        origin=origin,
        layers=tuple(layers),
        calls=tuple(calls),
        inputs=convert(functional._inputs_struct),
        outputs=convert(functional._outputs_struct),
        trainable=bool(model.trainable),
        mask_ops=implicit_mask_ops(
            order, node_kwargs, lambda op, index: key(op, index) in own
        ),
    )


def _tensors(structure) -> list:
    from keras.src.backend import KerasTensor

    out = []
    stack = [structure]
    while stack:
        item = stack.pop()
        if isinstance(item, KerasTensor):
            out.append(item)
        elif isinstance(item, (list, tuple)):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            stack.extend(reversed(list(item.values())))
    return out


def live_layers(model) -> dict[str, Any]:
    """The model's layer objects by name (for copying weights in tests and
    for the widget); nested models are not entered."""
    graph_model = model
    if hasattr(model, "_functional") and model._functional is not None:
        graph_model = model._functional
    return {op.name: op for op in getattr(graph_model, "operations", model.layers)}
