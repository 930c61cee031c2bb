"""Why a model graph is, or is not, a single chain (Sequential)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ._reason_words import (  # noqa: F401 (check and the widget import _and from here)
    _OUTPUTS,
    _and,
    _label,
    _names,
    _of_call,
    _output_of,
    _public,
    _tensor,
    _value,
    _word,
)
from .graph import INPUT, MODEL, OP, ModelGraph, Reason, TensorRef

_OPS_NAMED = 6  # names listed in one raw-operation reason; the rest counted


def _op_reason(function: str, names: list[str]) -> Reason:
    """Why raw operations keep a model from being Sequential: one reason for
    all the calls of one keras.ops function, so that a model with dozens of
    them (MobileNetV3's add and multiply) does not list each on its own."""
    rule = "a Sequential model can only stack layers."
    if len(names) == 1:
        return Reason(
            "op",
            (names[0],),
            f"{names[0]!r} is a raw operation ({function}), not a layer; {rule}",
        )
    shown = [repr(n) for n in names[:_OPS_NAMED]]
    if len(names) > _OPS_NAMED:
        shown.append(f"{len(names) - _OPS_NAMED} more")
    listed = ", ".join(shown[:-1]) + " and " + shown[-1]
    return Reason(
        "op",
        tuple(names),
        f"{len(names)} raw operations ({function}), not layers: {listed}; {rule}",
    )


def sequential_reasons(graph: ModelGraph) -> list[Reason]:
    """Every reason ``graph`` is not a single chain, naming the layers; a
    model with many skip connections (a ResNet) has them said in one reason
    each kind, not one reason per branch and one per merge."""
    from ._reason_groups import group_junctions  # it reads this module's words

    branches: dict[TensorRef, Reason] = {}
    merges: dict[int, Reason] = {}
    reasons = list(_single_reasons(graph, branches, merges))
    return group_junctions(graph, reasons, branches, merges)


def _single_reasons(
    graph: ModelGraph, branches: dict[TensorRef, Reason], merges: dict[int, Reason]
) -> Iterator[Reason]:
    """Yield each reason ``graph`` is not a single chain, one per place;
    ``branches`` gets the reason of each tensor that branches, ``merges``
    that of each call that merges (by call index)."""
    inputs = graph.input_refs
    outputs = graph.output_refs
    readers = graph.consumers()
    tail = _returning_tail(graph, readers)
    if len(inputs) != 1:
        names = [_tensor(graph, r) for r in inputs]
        if names and all(_of_call(n) for n in names):  # not "input 1 of call()..."
            which = f"call() takes a list of {len(names)}"
        else:
            which = _names(names)
        yield Reason(
            "inputs",
            tuple(dict.fromkeys(graph.layer_of(r).name for r in inputs)),
            f"the model has {len(inputs)} inputs ({which}); "
            "a Sequential model has exactly one.",
        )
    if len(outputs) != 1 and tail is None:
        names = [_tensor(graph, r) for r in outputs]
        yield Reason(
            "outputs",
            tuple(dict.fromkeys(graph.layer_of(r).name for r in outputs)),
            f"the model has {len(outputs)} outputs ({_names(names)}); "
            "a Sequential model has exactly one.",
        )
    if all(graph.layers[call.layer].kind == INPUT for call in graph.calls):
        names = list(dict.fromkeys(graph.layer_of(r).name for r in inputs))
        yield Reason(
            "no-layers",
            tuple(names),
            f"the model has no layers, only its input"
            f"{'s' if len(names) > 1 else ''} "
            f"{_names(_word(graph, n) for n in names)}; keras.Sequential "
            "needs at least one layer after its keras.Input (a Sequential of "
            "only an Input cannot be called). Add a layer (layers.Identity() "
            "passes its input on unchanged).",
        )
    if len(outputs) == 1 and graph.layer_of(outputs[0]).kind != INPUT:
        yield from _output_form_reasons(graph)
    ops: dict[str, list[str]] = {}  # calls of one keras.ops function: one reason
    for layer in graph.layers:
        if layer.kind == OP:
            ops.setdefault(_public(layer), []).append(layer.name)
    for layer in graph.layers:
        names = ops.get(_public(layer), ()) if layer.kind == OP else ()
        if names and names[0] == layer.name:
            yield _op_reason(_public(layer), names)
        if layer.is_shared:
            why = "in a Sequential model every layer is called once."
            if graph.origin == "sequential":  # Keras builds it, but...
                why = (
                    "keras.Sequential accepts the same layer twice in its list, "
                    "but such a model does not load back from a .keras file; "
                    "a shared layer belongs in a Functional model."
                )
            yield Reason(
                "shared",
                (layer.name,),
                f"{_label(graph, layer.index)} is shared: the model calls "
                f"it {len(layer.calls)} times; {why}",
            )
    output_set = set(outputs)
    for call in graph.calls:
        layer = graph.layers[call.layer]
        distinct = list(dict.fromkeys(call.inputs))
        if len(call.inputs) > 1 and not _more_than_its_input(graph, call):
            sources = [_tensor(graph, r) for r in distinct]
            origin = (
                f"from {_names(sources)}"
                if len(distinct) > 1
                else f"{'both' if len(call.inputs) == 2 else 'all'} from "
                f"{_names(sources)}"
            )
            merges[call.index] = Reason(
                "merge",
                (layer.name, *dict.fromkeys(graph.layer_of(r).name for r in distinct)),
                f"{_label(graph, layer.index)} merges {len(call.inputs)} "
                f"tensors ({origin}); a Sequential layer reads only the output "
                "of the layer before it.",
            )
            yield merges[call.index]
        if layer.kind not in (INPUT, OP):
            yield from _argument_reasons(graph, call)
        if layer.kind == MODEL and layer.submodel is not None:
            yield from _nested_output_reasons(graph, call, readers)
        if call.n_outputs > 1 and call.index != tail:
            yield Reason(
                "multi-output",
                (layer.name,),
                f"{_label(graph, layer.index)} returns {call.n_outputs} "
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
                which = (
                    f"output {out_index + 1}" if call.n_outputs > 1 else "the output"
                )
                branches[ref] = Reason(
                    "branch",
                    (
                        layer.name,
                        *[graph.layers[graph.calls[u].layer].name for u in users],
                    ),
                    f"{_output_of(which, _label(graph, layer.index, noun=False))} "
                    f"branches: it feeds {_names(_word(graph, n) for n in targets)}; "
                    "in a Sequential model each "
                    "output feeds only the next layer.",
                )
                yield branches[ref]


def _returning_tail(graph: ModelGraph, readers) -> int | None:
    """The call of a nested model of several outputs whose outputs are the
    model's own, as that model returns them (the same list, tuple or dict),
    read by nothing else; None if there is no such call.

    keras.Sequential returns what its last layer returns: with such a model
    last, ``keras.Sequential([..., encoder])`` returns the encoder's list or
    dict, so those outputs are not a reason against Sequential."""
    outputs = graph.output_refs
    if len(outputs) < 2 or any(r.index != i for i, r in enumerate(outputs)):
        return None
    call = graph.calls[outputs[0].call]
    layer = graph.layers[call.layer]
    if (
        layer.kind != MODEL
        or layer.submodel is None
        or call.n_outputs != len(outputs)
        or any(r.call != call.index for r in outputs)
        or any(readers.get(r) for r in outputs)
        or _called(_form(graph.outputs)) != _called(_form(layer.submodel.outputs))
    ):
        return None
    return call.index


def _form(structure):
    """A structure of tensors as a caller sees it: each tensor the same."""
    if isinstance(structure, TensorRef):
        return TensorRef
    if isinstance(structure, (list, tuple)):
        return type(structure)(_form(v) for v in structure)
    if isinstance(structure, Mapping):
        return {k: _form(v) for k, v in structure.items()}
    return structure


def _called(form):
    """What calling a model gives for its output ``form``: Keras hands back
    the tensor itself for a list or tuple of one."""
    if isinstance(form, (list, tuple)) and len(form) == 1:
        return form[0]
    return form


def _form_words(graph: ModelGraph, structure) -> str:
    """A structure of tensors in words: "a single tensor", "a dict ({'out':
    the output of 'out'})"."""
    if isinstance(structure, TensorRef):
        return "a single tensor"
    return f"a {type(structure).__name__} ({_value(graph, structure)})"


def _output_form_reasons(graph: ModelGraph) -> Iterator[Reason]:
    """A keras.Sequential returns what its last layer returns, as it is (a
    single tensor from an ordinary layer): a model of one output that
    returns it in a dict, say, is a chain Sequential cannot reproduce."""
    last = graph.layer_of(graph.output_refs[0])
    returned = TensorRef
    if last.kind == MODEL and last.submodel is not None:
        returned = _form(last.submodel.outputs)
    if _called(_form(graph.outputs)) == _called(returned):
        return
    seq = "a single tensor"
    if returned is not TensorRef:  # a nested model's own list or dict
        seq = _form_words(last.submodel, last.submodel.outputs)
    yield Reason(
        "outputs",
        (last.name,),
        f"the model returns {_form_words(graph, graph.outputs)}, but "
        "keras.Sequential returns what its last layer returns, as it is: here "
        f"{seq}, from {_label(graph, last.index)}; a loss or targets given "
        "for the model's outputs would not fit it. Use the Functional code, "
        "which keeps them as they are.",
    )


def _nested_output_reasons(graph: ModelGraph, call, readers) -> Iterator[Reason]:
    """Called in a model, a nested model returns its outputs in the form it
    was built with: given a list or a dict, the next layer of a Sequential
    would get the whole of it, not the tensor inside."""
    sub = graph.layers[call.layer].submodel
    users = readers.get(TensorRef(call.index), [])
    if call.n_outputs > 1 or isinstance(sub.outputs, TensorRef) or not users:
        return  # several outputs: said as multi-output
    name = graph.layers[call.layer].name
    targets = [graph.layers[graph.calls[u].layer].name for u in users]
    yield Reason(
        "output-structure",
        (name, *dict.fromkeys(targets)),
        f"{_label(graph, call.layer)} returns {_form_words(sub, sub.outputs)}, "
        f"not a single tensor, and {_names(_word(graph, n) for n in targets)} "
        f"read{'s' if len(targets) == 1 else ''} the tensor inside it; in a "
        "Sequential model the next layer would get the whole "
        f"{type(sub.outputs).__name__}. Build {_word(graph, name)} with a single "
        "tensor as its outputs (not a list or a dict).",
    )


def _argument_reasons(graph: ModelGraph, call) -> Iterator[Reason]:
    """Why one call of a layer does not fit a Sequential model: it gets a
    list of tensors, or more than its input."""
    label = _label(graph, call.layer)
    first, extra, kwargs = _split_call(graph, call)
    if len(call.inputs) <= 1 and first is not None:  # more: merges, said above
        if not isinstance(first, TensorRef):
            yield Reason(
                "call-arguments",
                (graph.layers[call.layer].name,),
                f"{label} is called with a {type(first).__name__} of tensors, not "
                "a single tensor; a Sequential model passes one tensor from "
                "layer to layer.",
            )
    if extra or kwargs:
        # a tensor passed by position says which argument it is: "(the
        # output of 'x')" alone read as the layer's input itself
        ordinal = {2: "2nd", 3: "3rd"}
        shown = ", ".join(
            [
                f"{_value(graph, v)} (its {ordinal.get(n, f'{n}th')} argument)"
                for n, v in enumerate(extra, start=2)
            ]
            + [f"{k}={_value(graph, v)}" for k, v in kwargs.items()]
        )
        yield Reason(
            "call-arguments",
            (graph.layers[call.layer].name,),
            f"{label} is called with more than its input: also {shown}; a "
            "Sequential model calls each layer with the previous output only.",
        )


def _more_than_its_input(graph: ModelGraph, call) -> bool:
    """Whether a layer's several tensors are one input and other arguments
    (``MultiHeadAttention()(x, x)``, ``query`` and ``value``): the
    "call-arguments" reason names them, each by its argument; a "merge"
    besides would say the same call twice, and advise a list."""
    if graph.layers[call.layer].kind in (INPUT, OP):
        return False
    first, _, _ = _split_call(graph, call)
    return isinstance(first, TensorRef)


def _split_call(graph: ModelGraph, call) -> tuple:
    """``(input, extra arguments, keyword arguments)`` of a layer's call.

    The input is the first positional argument or, when the layer gets it
    by keyword (``Dense(4)(inputs=x)``), the keyword named like the first
    parameter of the layer's ``call``; None when the call has neither."""
    kwargs = dict(call.kwargs)
    if call.args:
        return call.args[0], list(call.args[1:]), kwargs
    name = graph.layers[call.layer].input_parameter
    if name is not None and name in kwargs:
        return kwargs.pop(name), [], kwargs
    return None, [], kwargs
