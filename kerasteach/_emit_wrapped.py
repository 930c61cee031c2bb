"""What a layer wraps, as code: a ``Lambda`` layer's function
(``layers.Lambda(keras.ops.sin)``, or a placeholder to fill in for a
lambda) and a ``TorchModuleWrapper``'s PyTorch module
(``torch.nn.Linear(in_features=4, out_features=3, bias=True)``).

:class:`kerasteach._emit._Emitter` inherits these methods; they use its
imports, notes and graph, and its ``class_ref``, ``value`` and
``placeholder``.
"""

from __future__ import annotations

from ._source import Expr, Item, Leaf, call, call_items
from .errors import LambdaLayerError, UnsupportedValueError
from .graph import Layer


class _WrappedWriter:
    """The wrapped-callable methods of :class:`kerasteach._emit._Emitter`."""

    strict: bool
    imports: set[str]

    def lambda_ctor(self, callee: Leaf, config: dict, layer: Layer | None) -> Expr:
        name = config.get("name", "lambda")
        fn_expr: Expr | None = None
        output_shape = config.get("output_shape")
        if layer is not None and layer.function_ref is not None:
            fn_expr = self.class_ref(*layer.function_ref)
        if fn_expr is None:
            if self.strict:
                raise LambdaLayerError(
                    f"Lambda layer {name!r} wraps a Python function whose source "
                    "kerasteach cannot recover safely. Replace it with a Keras "
                    "layer or keras.ops calls, or use strict=False to get code "
                    "with a placeholder function to fill in."
                )
            fn_expr = self.placeholder(
                f"{name}_function", f"the function of Lambda layer {name!r}"
            )
            if layer is not None and layer.numpy_calls:
                self.notes.append(_numpy_note(name, layer.numpy_calls, fn_expr))
            if output_shape is None and layer is not None and self.graph is not None:
                # Keras calls the function to infer its output shape; give
                # the shape so the model builds and the placeholder only
                # fails when the model runs.
                output_shape = self.graph.calls[layer.calls[0]].output_shapes[0][1:]
        items = [Item(fn_expr)]
        if output_shape is not None:
            items.append(Item(self.value(output_shape), "output_shape"))
        if config.get("mask") is not None:
            items.append(Item(self.value(config["mask"]), "mask"))
        if config.get("arguments"):
            items.append(Item(self.value(config["arguments"]), "arguments"))
        if self.keep_name(name, "Lambda"):
            items.append(Item(self.value(name), "name"))
        return call_items(callee, items)

    def torch_module(self, spec, name: str) -> Expr:
        """``torch.nn.Linear(in_features=4, out_features=3, bias=True)``:
        the PyTorch module of ``TorchModuleWrapper`` layer ``name``, from
        its :class:`~kerasteach._reader_torch.TorchModule`; a function to
        fill in (or, strict, an error) when its arguments are not known."""
        if not spec.writable:
            what = f"the PyTorch module of layer {name!r}"
            made = spec.class_name.split(".")[-1]
            why = (
                f"an instance of your class {made}, made with arguments "
                f"kerasteach cannot see: return {made}(...) as your code made it"
            )
            if self.strict:
                raise UnsupportedValueError(
                    f"Layer {name!r} (TorchModuleWrapper) wraps an instance of "
                    f"your class {made}, made with arguments kerasteach cannot "
                    "see. Give the class's constructor defaults that make this "
                    "module, or use strict=False to get code with a function "
                    "to fill in."
                )
            return call(self.placeholder(f"{name}_module", what, why))
        if spec.module == "torch.nn":
            self.imports.add("import torch")
            callee: Expr = Leaf(f"torch.nn.{spec.class_name}")
        else:
            callee = self.class_ref(spec.module, spec.class_name)
        items = [Item(self.torch_module(child, name)) for child in spec.children]
        items += [Item(self.value(a)) for a in spec.args]
        items += [Item(self.value(v), k) for k, v in spec.kwargs]
        return call_items(callee, items)


_SHUFFLE = "keras.random.shuffle"


def _numpy_note(name: str, calls, placeholder: Leaf) -> str:
    """What to write in the placeholder for a lambda that calls NumPy
    (``calls``: :attr:`kerasteach.graph.Layer.numpy_calls`)."""
    used = ", ".join(f"np.{n}" for n, _ in calls)
    keras_ones = [k for _, k in calls if k is not None]
    random = any(n.startswith("random.") for n, _ in calls)
    if len(keras_ones) == len(calls):
        instead = f"use {', '.join(keras_ones)} instead"
    elif random:
        instead = (
            "use keras.ops functions (keras.random ones for random numbers) instead"
        )
    else:
        instead = "use keras.ops functions instead"
    # np.random.normal(size=...) is keras.random.normal(shape=...); shuffle
    # takes the array in both
    sized = [k for k in keras_ones if k.startswith("keras.random.") and k != _SHUFFLE]
    take = "takes" if len(sized) == 1 else "take"
    shape = (
        f" {', '.join(sized)} {take} the shape of the result as shape=, where "
        f"NumPy's {take} size=."
        if sized
        else ""
    )
    return (
        f"The lambda of Lambda layer {name!r} calls {used}: NumPy functions "
        "work on NumPy arrays, not on the tensors inside a Keras model, so "
        "the model cannot be trained with them. When you fill in "
        f"{placeholder.text}(), {instead}.{shape}"
    )
