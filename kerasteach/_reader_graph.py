"""Walk a Keras functional graph into a :class:`~kerasteach.graph.ModelGraph`.

Part of the reader (:mod:`kerasteach._reader`), the only place that touches
Keras internals: :func:`read_functional` reads the ``_inbound_nodes`` of
operations and the ``_keras_history`` of tensors.  The reader hands it the
functional graph of any model: a Functional model itself, the graph inside a
``Sequential``, or the one traced from a subclassed model's ``call()``.

A Keras functional graph is made of ``Node`` objects, one per call of an
operation.  Starting from the model's output tensors we walk back through
each tensor's ``_keras_history`` (operation, node index, tensor index) to the
node that produced it, depth first and in argument order, and number the
nodes in post-order.  That order is deterministic and keeps each branch
together, the way a person writes the code.  A layer called several times
also waits for its previous call, so the code calls it in Keras's order and
the rebuilt model numbers its calls (node indices) the same way.  Then each
operation gets a :class:`~kerasteach.graph.Layer` (its public class, config,
parameters, what ``adapt()`` taught it, the attribute a subclassed model
holds it in) and each node a
:class:`~kerasteach.graph.Call`.
"""

from __future__ import annotations

from types import MappingProxyType

from ._reader_attributes import layer_attributes
from ._reader_checks import UnknownConfig, config_of
from ._reader_forgotten import forgotten_settings
from ._reader_functions import importable_function, written_functions
from ._reader_numpy import numpy_calls
from ._reader_ops import (
    activation_name,
    auto_mask_dropped,
    call_arguments,
    given_none,
    implicit_mask_ops,
    input_parameter,
    op_function,
    output_structure,
    param_count,
    public_class,
    tensors_of,
)
from ._reader_own_weights import outside_weights_message, unused_own_weights
from ._reader_state import adapted_state
from ._reader_torch import torch_module
from ._reader_unused import traced_training, training_by_position, unused_layers
from .errors import NotBuiltError
from .graph import INPUT, LAYER, MODEL, OP, Call, Layer, ModelGraph, TensorRef

__all__ = ["read_functional"]


def read_functional(functional, model, origin: str) -> ModelGraph:
    """Describe ``functional``, the functional graph of ``model``, as a
    frozen :class:`ModelGraph`; ``origin`` says how the model was written
    (``"functional"``, ``"sequential"`` or ``"subclassed"``)."""
    import keras
    from keras.src.backend import KerasTensor

    # a nested model may be of any kind: read_model reads it (imported here,
    # as read_model calls this function)
    from ._reader import read_model

    own = functional._nodes
    # a subclassed model's layers, by the attributes its call() uses
    held = layer_attributes(model) if origin == "subclassed" else {}

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
        tensors = tensors_of((call_arguments(node)[0], kwargs))
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

    input_tensors = tensors_of(functional._inputs_struct)
    output_tensors = tensors_of(functional._outputs_struct)
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
        positional = call_arguments(node)[0]
        args = tuple(convert(a) for a in positional)
        kw = {k: convert(v) for k, v in kwargs.items()}
        inputs = tuple(ref(t) for t in tensors_of((positional, kwargs)))
        op = node.operation
        plain_layer = isinstance(op, keras.layers.Layer) and not isinstance(
            op, (keras.Model, keras.layers.InputLayer)
        )
        calls.append(
            Call(
                index=i,
                layer=op_index[id(node.operation)],
                args=args,
                kwargs=MappingProxyType(kw),
                inputs=inputs,
                output_shapes=tuple(tuple(t.shape) for t in node.outputs),
                output_dtypes=tuple(str(t.dtype) for t in node.outputs),
                given_none=given_none(node, kwargs),
                output_structure=output_structure(node, i) if plain_layer else None,
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
                functions=(
                    ()
                    if isinstance(config, UnknownConfig)
                    else written_functions(op, config)
                ),
                adapted_state=adapted_state(op, config) if kind == LAYER else (),
                forgotten=forgotten_settings(op, config) if kind == LAYER else (),
                numpy_calls=numpy_calls(op),
                identity=id(op),
                input_parameter=(
                    input_parameter(op) if kind in (LAYER, MODEL) else None
                ),
                wrapped=wrapped_models(op, config, read_model) if kind == LAYER else (),
                attribute=held.get(id(op)),
                torch_module=torch_module(op) if kind == LAYER else None,
            )
        )

    subclassed = origin == "subclassed"
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
        unused=unused_layers(model, ops) if subclassed else (),
        traced_with=traced_training(model) if subclassed else None,
        training_by_position=tuple(
            dict.fromkeys(
                node.operation.name
                for node in order
                if subclassed and training_by_position(node)
            )
        ),
        unwritable=outside_weights_message(model, order, origin) or "",
        unused_weights=unused_own_weights(model, order) if subclassed else (),
    )


def wrapped_models(op, config, read_model) -> tuple[tuple[str, Layer], ...]:
    """The models ``op`` holds in its ``config``, by key: a config value
    that is a serialized model, and the attribute of that name the model
    itself (``TimeDistributed(encoder)``: ``"layer"`` and ``op.layer``).
    Each is read with ``read_model`` into a nested model's ``Layer``."""
    import keras

    if isinstance(config, UnknownConfig):
        return ()
    found = []
    for name, value in config.items():
        held = getattr(op, name, None) if isinstance(value, dict) else None
        if isinstance(held, keras.Model) and value.get("config") is not None:
            module, class_name = public_class(type(held))
            graph = read_model(held)
            found.append(
                (
                    name,
                    Layer(
                        index=0,
                        name=held.name,
                        class_name=class_name,
                        module=module,
                        kind=MODEL,
                        config=MappingProxyType(
                            {"name": held.name, "trainable": held.trainable}
                        ),
                        calls=(),
                        trainable=bool(held.trainable),
                        submodel=graph,
                        identity=id(held),
                    ),
                )
            )
    return tuple(found)
