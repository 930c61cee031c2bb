"""What the reader learns about one Keras operation: where its class is
public (``keras.layers.Dense``), the ``keras.ops`` function that records it,
its parameter count and activation, the name its call gives its input, and
which call arguments Keras filled in on its own (``training``, ``mask``)
rather than the author.

Part of the reader (:mod:`kerasteach._reader`), the only place that
touches Keras internals.
"""

from __future__ import annotations

import inspect
import math

from ._names import snake
from .graph import leaves

__all__ = [
    "activation_name",
    "auto_mask_dropped",
    "call_arguments",
    "param_count",
    "default_training",
    "given_none",
    "implicit_mask_ops",
    "input_parameter",
    "op_function",
    "output_structure",
    "public_class",
    "tensors_of",
]


def public_class(cls) -> tuple[str, str]:
    from keras.src import api_export

    name = api_export.get_name_from_symbol(cls)
    if name:
        module, _, class_name = name.rpartition(".")
        return module, class_name
    return cls.__module__, cls.__qualname__


_FUNCTION_CACHE: dict[type, str | None] = {}


def op_function(cls) -> str | None:
    """The public ``keras.ops`` function that records ``cls``, if any."""
    if cls in _FUNCTION_CACHE:
        return _FUNCTION_CACHE[cls]
    import keras

    found = None
    name = snake(cls.__name__)
    for space in ("", "image", "linalg"):  # keras.ops.image.resize, ...
        fn = getattr(getattr(keras.ops, space) if space else keras.ops, name, None)
        if fn is not None and getattr(fn, "__module__", None) == cls.__module__:
            found = f"{space}.{name}" if space else name
            break
    _FUNCTION_CACHE[cls] = found
    return found


def param_count(variables) -> int:
    return sum(math.prod(v.shape) for v in variables)


def activation_name(config) -> str | None:
    act = config.get("activation") if isinstance(config, dict) else None
    if isinstance(act, str):
        return act
    if isinstance(act, dict):
        inner = act.get("config")
        return inner if isinstance(inner, str) else act.get("class_name")
    return None


def default_training(op) -> bool | None:
    """What Keras passes as ``training`` when the call gives none: the
    default of the layer's ``call`` when it is True or False (True for the
    Random* augmentation and Resizing layers, False for Dropout), else
    nothing (None).  Keras fills in only a True or False default, so a
    ``training=False`` given to a layer whose default is None (a
    BatchNormalization kept in inference mode, a nested model called with
    ``training=False`` for fine-tuning) is the author's choice and stays."""
    cls = type(op)
    if cls in _TRAINING_DEFAULT:
        return _TRAINING_DEFAULT[cls]
    try:
        param = inspect.signature(cls.call).parameters.get("training")
    except (TypeError, ValueError):
        param = None
    default = None if param is None else param.default
    found = _TRAINING_DEFAULT[cls] = default if isinstance(default, bool) else None
    return found


_TRAINING_DEFAULT: dict[type, bool | None] = {}


def input_parameter(op) -> str | None:
    """The name of the first parameter of a layer's ``call`` (``inputs`` for
    ``Dense``, ``sequences`` for ``LSTM``): Keras takes the argument passed
    there as the layer's input, whether it comes by position or by keyword,
    ``Dense(4)(inputs=x)``.  None for a ``call(*args)`` or an operation
    that is not a layer."""
    signature = getattr(op, "_call_signature", None)
    if signature is None:
        return None
    for param in signature.parameters.values():
        keyword = (param.POSITIONAL_OR_KEYWORD, param.KEYWORD_ONLY)
        return param.name if param.kind in keyword else None
    return None


_CONTEXT_PARAMETERS = ("training", "mask")


def call_arguments(node) -> tuple[tuple, dict]:
    """The positional and keyword arguments ``node`` recorded, with a
    trailing positional argument that binds to the ``training`` or ``mask``
    parameter of the layer's ``call`` moved to the keywords:
    ``self.drop(x, training)`` binds to the same parameter as
    ``self.drop(x, training=training)``, and kerasteach reads it so (a
    plain chain, not a layer "called with more than its input"; Keras 3
    itself refuses a True or False by position, which the code's notes
    say).  Only trailing ones move, so the arguments before them bind to
    the same parameters as before."""
    args = tuple(node.arguments.args)
    kwargs = dict(node.arguments.kwargs)
    signature = getattr(node.operation, "_call_signature", None)
    if signature is None or len(args) < 2:
        return args, kwargs
    positional = []
    for param in signature.parameters.values():
        if param.kind not in (param.POSITIONAL_ONLY, param.POSITIONAL_OR_KEYWORD):
            break
        positional.append(param)
    while 1 < len(args) <= len(positional):
        param = positional[len(args) - 1]
        movable = param.kind is param.POSITIONAL_OR_KEYWORD
        if not movable or param.name not in _CONTEXT_PARAMETERS or param.name in kwargs:
            break
        kwargs[param.name] = args[-1]
        args = args[:-1]
    return args, kwargs


def auto_mask_dropped(node) -> dict:
    """The node's kwargs without what Keras fills in on its own, and
    without ``training=None``: Keras records the None it is handed but
    treats it as no value at all (it asks the outer call, then the call's
    default), so ``self.drop(x, training=training)`` in a traced ``call``
    is a plain ``self.drop(x)``.  A ``training`` or ``mask`` passed by
    position counts as the keyword (:func:`call_arguments`)."""
    from keras.src.backend import KerasTensor

    args, kwargs = call_arguments(node)
    training = kwargs.get("training", False)
    if training is None or training is default_training(node.operation):
        kwargs.pop("training", None)
    if "mask" in kwargs:
        first = args[0] if args else None
        mask = kwargs["mask"]

        def auto(x):
            if isinstance(x, (list, tuple)):
                return [auto(v) for v in x]
            if isinstance(x, dict):
                return {k: auto(v) for k, v in x.items()}
            return (
                getattr(x, "_keras_mask", None) if isinstance(x, KerasTensor) else None
            )

        def same(a, b):
            if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
                return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
            if isinstance(a, dict) and isinstance(b, dict):
                return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
            return a is b

        if mask is None or same(mask, auto(first)):
            del kwargs["mask"]
    return kwargs


def given_none(node, kept: dict) -> tuple[str, ...]:
    """The keyword arguments ``node`` recorded as None that ``kept`` (its
    kwargs after :func:`auto_mask_dropped`) leaves out: ``training``, when
    the call was handed ``training=None``.  Without it a rebuilt call
    records what Keras fills in (``training=False`` for a Dropout) or
    nothing (a Dense, a nested model), so its config differs.  A ``mask``
    of None is not among them: Keras records that one by itself.  A
    ``training`` None given by position counts too (:func:`call_arguments`)."""
    recorded = call_arguments(node)[1]
    given = "training" in recorded and recorded["training"] is None
    return ("training",) if given and "training" not in kept else ()


def implicit_mask_ops(order, kept_kwargs, is_own) -> tuple[tuple[str, str], ...]:
    """``(operation, layer)`` for each operation Keras added by itself to
    compute a mask that ``auto_mask_dropped`` left out: the ``NotEqual`` of
    ``Embedding(mask_zero=True)``, and the layer whose call received it.

    ``order`` holds the graph's nodes, ``kept_kwargs`` their kwargs by
    ``id(node)`` after ``auto_mask_dropped``, and ``is_own(op, node_index)``
    says whether a node belongs to the model.  A Functional config lists
    these operations under names from Keras's global counter.
    """
    in_graph = {id(node) for node in order}
    found: dict[tuple[str, str], None] = {}
    for node in order:
        recorded = call_arguments(node)[1]
        if "mask" not in recorded or "mask" in kept_kwargs.get(id(node), {}):
            continue
        ops = []  # from the mask back to the graph, then turned around
        stack = tensors_of(recorded["mask"])
        while stack:
            op, index, _ = stack.pop()._keras_history
            producer = op._inbound_nodes[index]
            if id(producer) in in_graph or not is_own(op, index) or op in ops:
                continue
            ops.append(op)
            stack += tensors_of((producer.arguments.args, producer.arguments.kwargs))
        for op in reversed(ops):
            found[(op.name, node.operation.name)] = None
    return tuple(found)


def tensors_of(structure) -> list:
    """The Keras tensors in ``structure`` (a tensor, or lists, tuples and
    dicts of them), in order."""
    from keras.src.backend import KerasTensor

    return leaves(structure, KerasTensor)


def output_structure(node, call_index: int):
    """The structure a layer's call returned, a :class:`TensorRef` of call
    ``call_index`` for each tensor (``{"boxes": ref 0, "images": ref 1}``),
    when it is more than a flat list or tuple of its outputs; else None.

    A Keras node keeps its outputs flattened (dict keys sorted), so a call
    that returned a dict loses its keys there.  Asking the layer again with
    ``compute_output_spec`` finds them; it runs only for the rare calls that
    may return a structure: several outputs, or a dict among the arguments
    (``RandomFlip()({"images": x})`` returns a dict of one tensor).
    """
    import keras
    from keras.src.backend import KerasTensor

    from .graph import TensorRef

    args, kwargs = node.arguments.args, node.arguments.kwargs
    if len(node.outputs) == 1 and not leaves((args, tuple(kwargs.values())), dict):
        return None
    try:
        spec = node.operation.compute_output_spec(*args, **kwargs)
        flat = keras.tree.flatten(spec)
    except Exception:  # noqa: BLE001 - no structure found: read by position
        return None
    if len(flat) != len(node.outputs) or any(
        tuple(s.shape) != tuple(t.shape) for s, t in zip(flat, node.outputs)
    ):
        return None
    if isinstance(spec, KerasTensor) or (
        len(flat) > 1
        and isinstance(spec, (list, tuple))
        and all(isinstance(t, KerasTensor) for t in spec)
    ):
        return None  # one tensor, or a plain list or tuple: read by position
    refs = [TensorRef(call_index, i) for i in range(len(flat))]
    return keras.tree.pack_sequence_as(spec, refs)
