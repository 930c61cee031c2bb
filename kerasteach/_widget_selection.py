"""What the compare widget shows for its selected layer.

A selection changes one small HTML fragment, the widget's ``info`` pane:
a two-rule ``<style>`` that lights the layer's rows in both code panes and
moves the mark onto its box in the graph, a few lines about the layer, and
links that scroll to its code and its box (the browser scrolls, no script).
Nothing else is sent again, so a selection stays instant on a 1000-layer
model.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import TYPE_CHECKING

import traitlets

from ._widget_css import selection_css
from ._widget_graph import mark_css
from ._widget_layers import info_html
from ._widget_options import DRAW_SWITCHES

if TYPE_CHECKING:  # pragma: no cover
    from .widget import Compare

__all__ = ["Selection", "box_owner", "no_layer_message", "selection_html"]


def no_layer_message(
    model_name: str,
    keys: list[str],
    key,
    *,
    subclassed: bool = False,
    nested: str | None = None,
    held: Mapping[str, str] | None = None,
) -> str:
    """Why ``key`` cannot be selected in model ``model_name``, whose layer
    list holds ``keys``: the nearest layer name, a few of the names there
    are, and how a layer inside a nested model is named (after one of the
    model's own, ``nested``, else the first in ``keys``).  In a ``subclassed``
    model, a student may try the attribute that holds a layer
    (``self.d1``): the message says how Keras names it, and with ``held``
    (attribute path to key, ``{"self.d1": "dense"}``) which key is that
    layer's."""
    from ._checks import did_you_mean

    hint = did_you_mean(str(key), keys, quote=True, fold_case=True)
    known = ", ".join(repr(k) for k in keys[:8])
    if not isinstance(key, str):  # w.selected = 3
        at = ""
        if type(key) is int and 0 <= key < len(keys):
            at = f" Row {key} of the list, counting from 0, is {keys[key]!r}."
        if isinstance(key, (list, tuple, set)):
            at = (
                " One layer at a time: to mark several in the graph, use "
                "w.set_draw_options(highlight=[...])."
            )
        return (
            f"Select a layer by its name, a str such as {keys[-1]!r}, not "
            f"{type(key).__name__} {key!r}.{at} Model {model_name!r} has the "
            f"layers {known}{' ...' if len(keys) > 8 else ''}."
        )
    attributes = ""
    if isinstance(key, str) and held:
        path = key if key.startswith("self.") else f"self.{key}"
        if path in held:
            return (
                f"Model {model_name!r} names the layer {path} holds "
                f"{held[path]!r}: Keras names the layers of a subclassed model "
                "after their class, not after the attributes that hold them. "
                f"Select it with w.selected = {held[path]!r} (the layer list "
                "shows each name beside its attribute)."
            )
    if subclassed:
        attributes = (
            " Keras names the layers of a subclassed model after their class "
            "(dense, dense_1, ...), not after the attributes that hold them "
            "(self.d1): find yours in the layer list by its type."
        )
    # a layer inside a nested model: a real one for an example, if any
    nested = nested or next((k for k in keys if "/" in k), None)
    if nested is not None:
        inside = f"a layer inside a nested model is named like {nested!r}"
    else:
        inside = "a layer inside a nested model would be 'model_name/layer_name'"
    return (
        f"Model {model_name!r} has no layer {key!r}."
        f"{hint} Its layers: "
        f"{known}{' ...' if len(keys) > 8 else ''} (the names in the "
        f"layer list; {inside}).{attributes}"
    )


def box_owner(boxes: Mapping[str, object], key: str) -> str | None:
    """The key whose box stands for ``key`` in the graph: its own, or the
    nested model's that holds it (while nested models are drawn as one
    box); None when neither has a box."""
    while key:
        if key in boxes:
            return key
        key = key.rpartition("/")[0]
    return None


def _inside_note(widget: Compare, key: str, owner: str | None) -> str:
    """Why the graph outlines a nested model's box for ``key``: a layer
    inside it has no box of its own while nested models are one box."""
    if owner is None or owner == key:
        return ""
    where = f"inside <b>{html.escape(widget._entry[owner].name)}</b>"
    how = ""
    if not widget.options.values.get("expand_nested"):
        switch = DRAW_SWITCHES["expand_nested"]
        how = f"; tick <i>{switch}</i> in the drawing options to see its own box"
    return (
        f'<div class="kt-inside">In the graph: {where} (its box is '
        f"outlined){how}.</div>"
    )


def selection_html(widget: Compare, key: str) -> str:
    """The ``info`` pane of ``widget`` with layer ``key`` selected."""
    uid, n = widget.uid, widget.index[key]
    owner = box_owner(widget.boxes, key)
    box = None if owner is None else widget.boxes[owner]
    style = selection_css(uid, n, mark_css(uid, box, widget.image_scale))
    # Links to the layer's first row (the panes' rows are aligned, so one
    # scroll serves both) and to its box.
    links = []
    code = widget.functional_code
    if code is not None and key in code.spans:
        links.append(f'<a href="#kt-{uid}-l{n}">show in the code</a>')
    if box is not None:
        links.append(f'<a href="#kt-{uid}-mark">show in the graph</a>')
    jump = f'<div class="kt-jump">{"".join(links)}</div>' if links else ""
    page = widget._code_cache.get(widget.faithful)  # None: the code failed
    return (
        style
        + info_html(
            widget._entry[key],
            [] if page is None else page.codes(),
            key in widget.explanation.layers,
        )
        + _inside_note(widget, key, owner)
        + jump
    )


class Selection(traitlets.HasTraits):
    """The selection part of :class:`~kerasteach.widget.Compare`: its
    ``selected`` trait checked against the layer list, and the ``info`` pane
    and the summary kept in step with it.  Compare sets ``index``,
    ``entries``, ``graph``, ``boxes``, ``summary`` and ``info``."""

    def select(self, key: str | None) -> None:
        """Select a layer by key (``None`` clears the selection)."""
        if key is not None and not self._known(key):
            raise KeyError(self._no_layer(key))
        self.selected = key

    def _on_summary(self, change) -> None:
        self.selected = change["new"]

    @traitlets.validate("selected")
    def _valid_selected(self, proposal):
        key = proposal["value"]
        if key is not None and not self._known(key):
            raise traitlets.TraitError(self._no_layer(key))
        return key

    def _known(self, key) -> bool:
        """Whether ``key`` names a layer of the list (a list of names is
        no key: it was a raw "unhashable type" TypeError)."""
        return isinstance(key, str) and key in self.index

    def _no_layer(self, key) -> str:
        keys, subclassed = [e.key for e in self.entries], self.graph.origin
        inside = (  # for an example, a layer inside a nested model (no Input)
            e.key for e in self.entries if "/" in e.key and e.class_name != "InputLayer"
        )
        return no_layer_message(
            self.graph.name,
            keys,
            key,
            subclassed=subclassed == "subclassed",
            nested=next(inside, None),
            held={e.attribute: e.key for e in self.entries if e.attribute},
        )

    @traitlets.observe("selected")
    def _on_selected(self, change) -> None:
        self._guard(
            self._show_selection,
            self.info,
            "Could not show this layer",
            "The code panes and the graph still work; pick another layer.",
        )

    def box_for(self, key: str) -> tuple[float, float, float, float] | None:
        """The graph box of ``key``, or of the nested model that holds it."""
        owner = box_owner(self.boxes, key)
        return None if owner is None else self.boxes[owner]

    def _show_selection(self) -> None:
        if not hasattr(self, "summary"):
            return
        key = self.selected
        if self.summary.value != key:
            self.summary.value = key
        self.info.value = "" if key is None else selection_html(self, key)
