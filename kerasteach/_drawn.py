"""Which boxes and edges a drawing has: the drawn graph, before any geometry.

:class:`_Drawn` flattens a :class:`~kerasteach.graph.ModelGraph` into leaves
(one :class:`DrawnNode` per box) and edges between leaves; an expanded nested
model becomes a group whose leaves are named ``"outer/inner"``.  ``_focus``
keeps the neighbourhood of one layer for a focus view (and refuses a
``focus_radius`` given without ``focus``, which would do nothing), and
``_check`` turns an unknown layer name into a
:class:`~kerasteach.errors.DrawingError` that lists the valid names.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import DrawingError
from .graph import MODEL, Layer, ModelGraph


@dataclass(frozen=True)
class DrawnNode:
    """A layer that gets a box.  ``key`` is its name, prefixed by the names
    of the expanded nested models around it (``"backbone/conv1"``)."""

    key: str
    layer: Layer
    graph: ModelGraph

    @property
    def name(self) -> str:
        return self.layer.name

    @property
    def kind(self) -> str:
        return self.layer.kind


@dataclass
class _Group:
    """One level of nesting: the top model, or an expanded nested model."""

    key: str | None
    node: DrawnNode | None
    children: list  # keys of leaves and subgroups, in call order
    inputs: list[str]  # leaf keys of the model's inputs, in input order
    outputs: list[str]  # leaf keys of the model's outputs, in output order
    depth: int = 0


class _Drawn:
    """The flat drawn graph: leaves, edges between leaves, and groups."""

    def __init__(self, graph: ModelGraph, expand_nested: bool):
        self.leaves: dict[str, DrawnNode] = {}
        self.parent: dict[str, str | None] = {}  # leaf or group -> group key
        self.groups: dict[str | None, _Group] = {}
        self.edges: dict[tuple[str, str], None] = {}
        self.expand = expand_nested
        self.graph = graph
        self._build(graph, "", None, None, 0)

    def _expanded(self, layer: Layer) -> bool:
        return self.expand and layer.kind == MODEL and layer.submodel is not None

    def _build(self, graph, prefix, key, node, depth) -> None:
        group = _Group(key, node, [], [], [], depth)
        self.groups[key] = group
        for layer in graph.layers:
            child = prefix + layer.name
            self.parent[child] = key
            group.children.append(child)
            if self._expanded(layer):
                self._build(
                    layer.submodel,
                    child + "/",
                    child,
                    DrawnNode(child, layer, graph),
                    depth + 1,
                )
            else:
                self.leaves[child] = DrawnNode(child, layer, graph)
        for ref in graph.input_refs:
            group.inputs.append(self._source(graph, prefix, ref))
        for ref in graph.output_refs:
            group.outputs.append(self._source(graph, prefix, ref))
        group.inputs = list(dict.fromkeys(group.inputs))
        group.outputs = list(dict.fromkeys(group.outputs))
        for call in graph.calls:
            for position, ref in enumerate(call.inputs):
                src = self._source(graph, prefix, ref)
                dst = self._target(graph, prefix, call.layer, position)
                self.edges[(src, dst)] = None

    def _source(self, graph, prefix, ref) -> str:
        layer = graph.layer_of(ref)
        if self._expanded(layer):
            inner = layer.submodel.output_refs
            inner_ref = inner[min(ref.index, len(inner) - 1)]
            return self._source(layer.submodel, prefix + layer.name + "/", inner_ref)
        return prefix + layer.name

    def _target(self, graph, prefix, layer_index, position) -> str:
        layer = graph.layers[layer_index]
        if not self._expanded(layer):
            return prefix + layer.name
        sub = layer.submodel
        refs = sub.input_refs
        inner = sub.layer_of(refs[min(position, len(refs) - 1)])
        return self._target(sub, prefix + layer.name + "/", inner.index, 0)

    def names(self) -> list[str]:
        return list(self.leaves) + [k for k in self.groups if k is not None]


def _unknown(what: str, name, valid: list[str], hint: str = "") -> DrawingError:
    close = difflib.get_close_matches(str(name), valid, n=3, cutoff=0.5)
    shown = ", ".join(repr(v) for v in valid[:15]) + (" ..." if len(valid) > 15 else "")
    msg = f"{what} expected the name of a drawn layer. Received: {name!r}."
    if close:
        msg += f" Did you mean {', '.join(repr(c) for c in close)}?"
    msg += f" The drawn layers are: {shown}."
    if hint:
        msg += " " + hint
    return DrawingError(msg)


def _check(drawn: _Drawn, names: Iterable, what: str) -> None:
    valid = drawn.names()
    known = set(valid)
    for name in names:
        if not isinstance(name, str) or name not in known:  # focus=[...] too
            raise _unknown(what, name, valid, _hint(drawn, name, what))


def _hint(drawn: _Drawn, name, what: str) -> str:
    """What to write instead of ``name``, which is not drawn."""
    if not isinstance(name, str):
        if isinstance(getattr(name, "name", None), str):
            return f"Give the layer's name, not the layer: {what}={name.name!r}."
        if isinstance(name, (list, tuple, set)) and what == "focus":
            return (
                "focus draws the layers around one layer; to mark several "
                "layers in the whole drawing, use highlight=[...]."
            )
        return ""
    held = {
        f"self.{la.attribute}": la.name for la in drawn.graph.layers if la.attribute
    }
    path = name if name.startswith("self.") else f"self.{name}"
    if path in held:  # the words explain() uses for a subclassed model
        return (
            f"{path} holds the layer {held[path]!r}: Keras names the layers "
            "of a subclassed model after their class, and the drawing's "
            f"boxes show both. Write {what}={held[path]!r}."
        )
    if "/" in name and not drawn.expand:
        return (
            "Names with '/' are layers inside a nested model; they are "
            "drawn only with expand_nested=True."
        )
    # a layer of a nested model, named without the nested model's name
    everything = drawn if drawn.expand else _Drawn(drawn.graph, True)
    paths = [k for k in everything.names() if k.rsplit("/", 1)[-1] == name]
    if not paths:
        return ""
    path = paths[0]
    outer = path.split("/", 1)[0]
    if drawn.expand:
        return (
            f"{name!r} is a layer inside the nested model {outer!r}: "
            f"write its path, {what}={path!r}."
        )
    return (
        f"{name!r} is a layer inside the nested model {outer!r}, which is "
        f"drawn as one box: pass expand_nested=True and write its path, "
        f"{what}={path!r}; or write {what}={outer!r} for the whole box."
    )


#: how many edges away from the focus layer a focus view reaches by default
FOCUS_RADIUS = 2


def _focus(drawn: _Drawn, focus: str | None, radius: int | None):
    """The leaves to keep, and how many edges each cut ("in"/"out"), for a
    focus view; ``(None, None)`` for the whole drawing (``focus=None``)."""
    if focus is None:
        if radius is not None:
            raise _radius_alone(drawn, radius)
        return None, None
    if radius is None:
        radius = FOCUS_RADIUS
    if not isinstance(radius, int) or isinstance(radius, bool) or radius < 0:
        raise DrawingError(
            "focus_radius expected a whole number >= 0 (how many edges away "
            f"from the focus layer to draw). Received: {radius!r}."
        )
    _check(drawn, [focus], "focus")
    if focus in drawn.leaves:
        start = [focus]
    else:  # a nested model's frame: start from all its leaves
        start = [k for k in drawn.leaves if k.startswith(focus + "/")]
    adjacent: dict[str, list[str]] = {k: [] for k in drawn.leaves}
    for u, v in drawn.edges:
        adjacent[u].append(v)
        adjacent[v].append(u)
    dist = dict.fromkeys(start, 0)
    frontier = list(start)
    while frontier:
        nxt = []
        for u in frontier:
            if dist[u] >= radius:
                continue
            for v in adjacent[u]:
                if v not in dist:
                    dist[v] = dist[u] + 1
                    nxt.append(v)
        frontier = nxt
    keep = set(dist)
    stubs: dict[tuple[str, str], int] = {}
    for u, v in drawn.edges:
        if u in keep and v not in keep:
            stubs[(u, "out")] = stubs.get((u, "out"), 0) + 1
        elif v in keep and u not in keep:
            stubs[(v, "in")] = stubs.get((v, "in"), 0) + 1
    return keep, stubs


def _radius_alone(drawn: _Drawn, radius) -> DrawingError:
    """``focus_radius`` without ``focus``: it counts edges from a focus layer
    that was not named, so it would change nothing."""
    leaves = list(drawn.leaves)
    example = leaves[len(leaves) // 2] if leaves else "dense"
    return DrawingError(
        f"focus_radius={radius!r:.60} says how many edges away from the focus "
        "layer to draw, but no focus layer was named. Name the layer to draw "
        f"around, e.g. focus={example!r}; or leave out focus_radius to draw the "
        "whole model."
    )
