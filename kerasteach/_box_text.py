"""What each box of a drawing says: the lines of its label, as plain text.

``_label`` gives a box's lines as ``(text, style)`` pairs (style ``"head"``
for the layer name and class, ``"body"``, ``"good"`` or ``"bad"`` for the
rest), following the ``show_*`` options of :func:`kerasteach.draw`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._reason_words import held_word
from .graph import INPUT, MODEL, OP, ModelGraph, TensorRef

if TYPE_CHECKING:  # pragma: no cover
    from ._drawn import DrawnNode

_MAX_CHARS = 56
_FRAME_GAP = 24.0  # between a frame's label and note, around the middle


def _shape_text(shapes: list) -> str:
    def one(shape):
        return (
            "("
            + ", ".join(str(d) for d in shape)
            + ("," if len(shape) == 1 else "")
            + ")"
        )

    if len(shapes) == 1:
        return one(shapes[0])
    return "[" + ", ".join(one(s) for s in shapes) + "]"


def _call_shapes(graph: ModelGraph, layer) -> tuple[list[str], list[str], list[str]]:
    """Input shapes, output shapes, output dtypes: one text per distinct call."""
    ins, outs, dtypes = [], [], []
    for ci in layer.calls:
        call = graph.calls[ci]
        in_shapes = [graph.calls[r.call].output_shapes[r.index] for r in call.inputs]
        ins.append(_shape_text(in_shapes) if in_shapes else "")
        outs.append(_shape_text(list(call.output_shapes)))
        dts = list(dict.fromkeys(call.output_dtypes))
        dtypes.append(
            dts[0] if len(dts) == 1 else "[" + ", ".join(call.output_dtypes) + "]"
        )
    return (
        list(dict.fromkeys(ins)),
        list(dict.fromkeys(outs)),
        list(dict.fromkeys(dtypes)),
    )


def cut(text: str, limit: int, *, middle: bool = False) -> str:
    """``text`` cut with "…" to at most ``limit`` characters: at its end, or
    with ``middle`` in its middle (for layer names: the layers of one block
    share their start and differ at their end, as ``conv_with_relu`` and
    ``conv_with_gelu`` do, and cut at the end they read as the same
    layer).  Also the layer list of the compare widget cuts so."""
    if len(text) <= limit:
        return text
    if middle:
        head = limit // 2 - 1  # a little more of the end, where names differ
        return text[:head] + "\u2026" + text[head + 1 - limit :]
    return text[: limit - 1] + "\u2026"


def _clip(text: str, limit: int = _MAX_CHARS, *, middle: bool = False) -> str:
    """``text`` on one line, :func:`cut` to ``limit`` characters."""
    return cut(text.replace("\n", " "), limit, middle=middle)


def _name(layer) -> str:
    return _clip(layer.name, 40, middle=True)


def frame_label(layer) -> str:
    """The label of an expanded nested model's frame: its name and class."""
    return f"{_name(layer)} ({layer.class_name})"


def frame_note(layer) -> str | None:
    """What an expanded nested model's frame says at the other end of its
    label band: "shared: called 2 times", as its collapsed box does, for a
    model called more than once (the inputs of all its calls enter the one
    frame, which would otherwise read as a merge); else None."""
    return _shared_text(layer) if layer.is_shared else None


def frame_label_width(label: float, note: float | None) -> float:
    """How long a frame's label band must be for a label and a note of
    these widths: the label starts at one end and the note ends at the
    other, and both stay clear of the middle, where edges enter (TB)."""
    return label if note is None else 2 * max(label, note) + _FRAME_GAP


def _shared_text(layer) -> str:
    return f"shared: called {len(layer.calls)} times"


def _op_args(graph: ModelGraph, layer) -> str | None:
    """``ops.add(·, 3.0)`` when a raw op was called with Python values."""
    call = graph.calls[layer.calls[0]]

    def show(value):
        if isinstance(value, TensorRef):
            return "\u00b7"
        if isinstance(value, (list, tuple)):
            inner = ", ".join(show(v) for v in value)
            return f"[{inner}]" if isinstance(value, list) else f"({inner})"
        text = repr(value)
        if isinstance(value, float) and len(text) > 10:
            return f"{value:.6g}"
        return text

    values = list(call.args) + list(call.kwargs.values())
    if all(
        isinstance(v, TensorRef)
        or (isinstance(v, (list, tuple)) and all(isinstance(x, TensorRef) for x in v))
        for v in values
    ):
        return None
    parts = [show(a) for a in call.args]
    parts += [f"{k}={show(v)}" for k, v in call.kwargs.items()]
    name = layer.function_name or layer.class_name
    return f"ops.{name}({', '.join(parts)})"


def type_name(layer) -> str:
    """The layer's class, or ``ops.add`` for a raw op: its class, ``Add``,
    is also a layer's (``layers.Add``), and the code calls
    ``keras.ops.add``."""
    if layer.kind == OP and layer.function_name:
        return f"ops.{layer.function_name}"
    return layer.class_name


def _label(node: DrawnNode, opts: dict) -> list[tuple[str, str]]:
    """The lines of a box as (text, style)."""
    layer, graph = node.layer, node.graph
    cls = type_name(layer)
    head = f"{_name(layer)} ({cls})" if opts["show_layer_names"] else cls
    lines = [(head, "head")]
    if layer.attribute not in (None, layer.name) and opts["show_layer_names"]:
        # explain() names a subclassed model's layers so: the student's words
        lines.append((_clip(held_word(layer)), "body"))
    if layer.kind == MODEL and layer.submodel is not None:
        n = sum(1 for la in layer.submodel.layers if la.kind != INPUT)
        lines.append((f"nested model, {n} layer{'s' * (n != 1)}", "body"))
    if layer.is_shared:
        lines.append((_shared_text(layer), "body"))
    if layer.kind == OP:
        args = _op_args(graph, layer)
        if args:
            lines.append((_clip(args), "body"))
    if opts["show_layer_activations"] and layer.activation:
        lines.append((f"Activation: {layer.activation}", "body"))
    if opts["show_shapes"] or opts["show_dtype"]:
        ins, outs, dtypes = _call_shapes(graph, layer)
        if opts["show_shapes"]:
            if layer.kind != INPUT:
                lines.append(("Input shape: " + _clip(" or ".join(ins), 44), "body"))
            lines.append(("Output shape: " + _clip(" or ".join(outs), 44), "body"))
        if opts["show_dtype"]:
            lines.append(("Output dtype: " + " or ".join(dtypes), "body"))
    if opts["show_params"]:
        text = f"Params: {layer.params:,}"
        frozen = layer.params - layer.trainable_params
        if frozen and layer.trainable_params:
            text += f" ({frozen:,} non-trainable)"
        lines.append((text, "body"))
    if opts["show_trainable"] and layer.params:
        if layer.trainable and layer.trainable_params:
            lines.append(("Trainable", "good"))
        else:
            lines.append(("Non-trainable", "bad"))
    return lines
