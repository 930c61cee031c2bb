"""Why a subclassed model with a ``TorchModuleWrapper`` cannot be traced
when the wrapper was not told its output shape, and what to write.

Keras traces ``call()`` on symbolic tensors: shapes without numbers.  A
PyTorch module cannot run on them, so ``TorchModuleWrapper`` can only say
the shape of its output when it was given one,
``TorchModuleWrapper(module, output_shape=(None, 4))``; without it Keras
raises a ``NotImplementedError`` about ``compute_output_shape`` that says
nothing a student can act on.  :func:`torch_output_shape_message` says
which wrapper needs the argument and, when the model runs on data, the
shape to give it: it runs the model once on zeros and reads what each
module returns.

Part of the reader (:mod:`kerasteach._reader`), the only place that
touches Keras internals.
"""

from __future__ import annotations

from ._reader_attributes import layer_attributes
from ._reader_subclass import _place, _user_frame
from ._reader_torch import torch_module

__all__ = ["torch_output_shape_message"]

# stands for the sizes when the model could not be run to measure them
_PLACEHOLDER = "size"


def torch_output_shape_message(model, exc: BaseException, input_shape) -> str | None:
    """The message for a trace that failed because a ``TorchModuleWrapper``
    of ``model`` has no ``output_shape``; None for any other failure."""
    text = str(exc)
    if not isinstance(exc, NotImplementedError) or "compute_output_shape" not in (text):
        return None
    wrappers = [
        la
        for la in model._flatten_layers(include_self=False)
        if type(la).__name__ == "TorchModuleWrapper"
        and getattr(la, "output_shape", None) is None
    ]
    if not wrappers or "TorchModuleWrapper" not in text:
        return None
    shapes = _measured(model, wrappers, input_shape)
    held = layer_attributes(model)
    cls = type(model).__name__
    message = f"kerasteach could not trace {cls}.call() on symbolic inputs"
    where = _user_frame(exc)
    if where is not None:
        line = f", `{where.line.strip()}`" if where.line else ""
        message += f" (in {where.name}(){line}, {_place(where)})"
    one = len(wrappers) == 1
    lines = []
    for layer in wrappers:
        attribute = held.get(id(layer))
        target = f"self.{attribute}" if attribute else f"layer {layer.name!r}"
        spec = torch_module(layer)
        module = spec.words() if spec is not None and spec.writable else "module"
        shape = shapes.get(id(layer))
        shown = repr(shape) if shape is not None else f"(None, {_PLACEHOLDER})"
        assign = f"{target} = " if attribute else ""
        lines.append(
            f"    {assign}layers.TorchModuleWrapper({module}, output_shape={shown})"
        )
    message += (
        f": {'its' if one else 'each'} TorchModuleWrapper needs output_shape. "
        "Keras traces call() on symbolic tensors, which have a shape but no "
        "numbers, and a PyTorch module cannot run on them, so the wrapper must "
        "be told the shape of what its module returns, with None first for "
        "the batch size. In __init__, write:\n\n" + "\n".join(lines)
    )
    if any(shapes.get(id(la)) is None for la in wrappers):
        message += (
            f"\n\nwhere {_PLACEHOLDER} stands for the size of one sample of the "
            "module's output (its out_features for a torch.nn.Linear; "
            "print(module(x).shape) on a batch x of your data shows all of it)."
        )
    elif one:
        message += "\n\n(kerasteach ran the model once on zeros to find that shape.)"
    else:
        message += "\n\n(kerasteach ran the model once on zeros to find these shapes.)"
    return message


def _measured(model, wrappers, input_shape) -> dict[int, tuple]:
    """``{id(wrapper): (None, 4)}``: the shape each wrapper's module returns
    when ``model`` runs on one sample of zeros of ``input_shape``, the batch
    size as None.  Empty when the input has an unknown size or the model
    does not run (an input that is not a float, say)."""
    import numpy as np

    def zeros(shape):
        if isinstance(shape, dict):
            return {k: zeros(v) for k, v in shape.items()}
        if isinstance(shape, list):
            return [zeros(s) for s in shape]
        if any(not isinstance(d, int) for d in shape):
            raise ValueError("a size is unknown")
        return np.zeros((1, *shape), "float32")

    found: dict[int, tuple] = {}

    def hook(layer):
        def record(_module, _inputs, output):
            shape = getattr(output, "shape", None)
            if shape is not None and len(shape) >= 1:
                found[id(layer)] = (None, *(int(d) for d in tuple(shape)[1:]))

        return record

    handles = []
    try:
        sample = zeros(input_shape)
        handles = [la.module.register_forward_hook(hook(la)) for la in wrappers]
        model(sample, training=False)
    except Exception:  # noqa: BLE001 - no shapes: the message has a placeholder
        return {}
    finally:
        for handle in handles:
            handle.remove()
    return found
