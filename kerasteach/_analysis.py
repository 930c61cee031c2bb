"""Why a model graph is, or is not, a single chain (Sequential)."""

from __future__ import annotations

from collections.abc import Iterator

from .graph import INPUT, OP, ModelGraph, Reason, TensorRef

_OUTPUTS = object()


def _names(names) -> str:
    names = list(names)
    quoted = ["the model's outputs" if n is _OUTPUTS else repr(n) for n in names]
    if len(quoted) <= 2:
        return " and ".join(quoted)
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _label(graph: ModelGraph, index: int) -> str:
    layer = graph.layers[index]
    return f"{layer.name!r} ({layer.class_name})"


def sequential_reasons(graph: ModelGraph) -> Iterator[Reason]:
    """Yield each reason ``graph`` is not a single chain, naming the layers."""
    inputs = graph.input_refs
    outputs = graph.output_refs
    if len(inputs) != 1:
        names = [graph.layer_of(r).name for r in inputs]
        yield Reason(
            "inputs",
            tuple(names),
            f"the model has {len(inputs)} inputs ({_names(names)}); "
            "a Sequential model has exactly one.",
        )
    if len(outputs) != 1:
        names = [graph.layer_of(r).name for r in outputs]
        yield Reason(
            "outputs",
            tuple(names),
            f"the model has {len(outputs)} outputs ({_names(names)}); "
            "a Sequential model has exactly one.",
        )
    for layer in graph.layers:
        if layer.kind == OP:
            public = (
                f"keras.ops.{layer.function_name}"
                if layer.function_name
                else f"{layer.module}.{layer.class_name}"
            )
            yield Reason(
                "op",
                (layer.name,),
                f"{layer.name!r} is a raw operation ({public}), not a layer; "
                "a Sequential model can only stack layers.",
            )
        if layer.is_shared:
            yield Reason(
                "shared",
                (layer.name,),
                f"layer {_label(graph, layer.index)} is shared: the model calls "
                f"it {len(layer.calls)} times; in a Sequential model every "
                "layer is called once.",
            )
    readers = graph.consumers()
    output_set = set(outputs)
    for call in graph.calls:
        layer = graph.layers[call.layer]
        distinct = list(dict.fromkeys(call.inputs))
        if len(call.inputs) > 1:
            sources = []
            for r in distinct:
                src = graph.layer_of(r)
                label = src.name
                if src.is_shared:
                    label = f"{src.name} (call {src.calls.index(r.call) + 1})"
                sources.append(label)
            origin = (
                f"from {_names(sources)}"
                if len(distinct) > 1
                else f"all from {_names(sources)}"
            )
            yield Reason(
                "merge",
                (layer.name, *dict.fromkeys(graph.layer_of(r).name for r in distinct)),
                f"layer {_label(graph, layer.index)} merges {len(call.inputs)} "
                f"tensors ({origin}); a Sequential layer reads only the output "
                "of the layer before it.",
            )
        elif (
            layer.kind not in (INPUT, OP)
            and call.args
            and not isinstance(call.args[0], TensorRef)
        ):
            yield Reason(
                "call-arguments",
                (layer.name,),
                f"layer {_label(graph, layer.index)} is called with a "
                f"{type(call.args[0]).__name__} of tensors, not a single tensor; "
                "a Sequential model passes one tensor from layer to layer.",
            )
        if layer.kind not in (INPUT,) and (call.kwargs or _extra_args(call)):
            shown = ", ".join(f"{k}={v!r}" for k, v in call.kwargs.items())
            extra = _extra_args(call)
            if extra:
                shown = ", ".join(
                    filter(None, [f"{len(extra)} extra argument(s)", shown])
                )
            if layer.kind != OP:
                yield Reason(
                    "call-arguments",
                    (layer.name,),
                    f"layer {_label(graph, layer.index)} is called with more "
                    f"than its input ({shown}); a Sequential model calls each "
                    "layer with the previous output only.",
                )
        if call.n_outputs > 1:
            yield Reason(
                "multi-output",
                (layer.name,),
                f"layer {_label(graph, layer.index)} returns {call.n_outputs} "
                "tensors; a Sequential layer must return exactly one.",
            )
        for out_index in range(call.n_outputs):
            ref = TensorRef(call.index, out_index)
            users = readers.get(ref, [])
            fan_out = len(users) + (1 if ref in output_set and users else 0)
            if fan_out > 1:
                targets = [graph.layers[graph.calls[u].layer].name for u in users]
                if ref in output_set:
                    targets.append(_OUTPUTS)
                yield Reason(
                    "branch",
                    (
                        layer.name,
                        *[graph.layers[graph.calls[u].layer].name for u in users],
                    ),
                    f"the output of {_label(graph, layer.index)} branches: it "
                    f"feeds {_names(targets)}; in a Sequential model each "
                    "output feeds only the next layer.",
                )


def _extra_args(call) -> list:
    """Positional arguments beyond the first input tensor."""
    return list(call.args[1:])
