"""The layer list behind the widget: one entry per layer, in call order.

The entries feed the summary table (name, type, output shape, parameters),
give each layer the number used in its CSS class (``kt-l<n>``) and say which
names the code spans and the drawing use for it.  Layers of a nested model
follow the model's own row, named ``"outer/inner"`` as in
:attr:`~kerasteach.codegen.GeneratedCode.spans`.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass

from .graph import MODEL, ModelGraph

__all__ = [
    "Entry",
    "entries",
    "summary_labels",
    "summary_header",
    "format_shape",
    "info_html",
]

NBSP = "\u00a0"
_NAME_WIDTH = 22
_TYPE_WIDTH = 16
_SHAPE_WIDTH = 16


@dataclass(frozen=True)
class Entry:
    """One layer as the widget lists it."""

    key: str  # "dense" or "encoder/dense"
    name: str  # the layer's own name
    class_name: str
    shape: str
    params: int
    depth: int
    calls: int


def format_shape(shapes) -> str:
    def one(shape) -> str:
        return (
            "("
            + ", ".join("None" if d is None else str(d) for d in shape)
            + (",)" if len(shape) == 1 else ")")
        )

    if not shapes:
        return ""
    if len(shapes) == 1:
        return one(shapes[0])
    return "[" + ", ".join(one(s) for s in shapes) + "]"


def entries(graph: ModelGraph, prefix: str = "", depth: int = 0) -> list[Entry]:
    """Every layer of ``graph`` (and of nested models), in call order."""
    out: list[Entry] = []
    seen: set[int] = set()
    for call in graph.calls:
        if call.layer in seen:
            continue
        seen.add(call.layer)
        layer = graph.layers[call.layer]
        out.append(
            Entry(
                key=prefix + layer.name,
                name=layer.name,
                class_name=layer.class_name,
                shape=format_shape(call.output_shapes),
                params=layer.params,
                depth=depth,
                calls=len(layer.calls),
            )
        )
        if layer.kind == MODEL and layer.submodel is not None:
            out += entries(layer.submodel, f"{prefix}{layer.name}/", depth + 1)
    return out


def _cell(text: str, width: int) -> str:
    if len(text) > width:
        text = text[: width - 1] + "…"
    return text.ljust(width)


def summary_header() -> str:
    return (
        _cell("Layer", _NAME_WIDTH)
        + " "
        + _cell("Type", _TYPE_WIDTH)
        + " "
        + _cell("Output shape", _SHAPE_WIDTH)
        + " "
        + "Params".rjust(9)
    )


def summary_labels(items: list[Entry]) -> list[str]:
    """Fixed-width rows for a ``<select>`` list (spaces kept as NBSP)."""
    labels = []
    for e in items:
        name = "  " * e.depth + e.name
        kind = e.class_name + (f" ×{e.calls}" if e.calls > 1 else "")
        row = (
            _cell(name, _NAME_WIDTH)
            + " "
            + _cell(kind, _TYPE_WIDTH)
            + " "
            + _cell(e.shape, _SHAPE_WIDTH)
            + " "
            + f"{e.params:,}".rjust(9)
        )
        labels.append(row.replace(" ", NBSP))
    return labels


def info_html(entry: Entry, codes, named_in_reason: bool) -> str:
    """A few lines about the selected layer: type, shape, parameters and
    where each code defines it (the first lines, quoted)."""
    parts = [
        f"<b>{html.escape(entry.name)}</b> ({html.escape(entry.class_name)})",
        f"output {html.escape(entry.shape)}" if entry.shape else "",
        f"{entry.params:,} parameters",
    ]
    blocks = []
    for code in codes:
        if code is None or entry.key not in code.spans:
            continue
        first, last = code.spans[entry.key]
        snippet = textwrap.dedent(
            "\n".join(code.lines[first - 1 : min(last, first + 3)])
        )
        where = f"line {first}" if first == last else f"lines {first}-{last}"
        blocks.append(
            f"<div>{code.style.capitalize()}, {where}:"
            f"<pre>{html.escape(snippet)}</pre></div>"
        )
    if named_in_reason:
        blocks.append("<div>Named in a reason this model cannot be Sequential.</div>")
    return "<div>" + " · ".join(p for p in parts if p) + "</div>" + "".join(blocks)
