"""Notebook widgets: a model side by side in both styles, and a playground.

``compare(model)`` shows the Sequential code (or, when the model cannot be
Sequential, the reasons in plain words), the Functional code, the layer
graph and a summary table.  Each layer's first line sits on the same row in
both code panes.  Selecting a layer in the summary lights up its lines in
both panes and its box in the graph.

Selection is cheap on purpose, even for a 1000-layer model: the code HTML
and the graph image are sent to the browser once; a selection only swaps a
one-rule ``<style>`` and a small positioned ``<div>`` over the image.  Only
the switches (readable/faithful code, drawing options) regenerate code or
redraw the graph.

Only stock ipywidgets are used, so nothing needs installing in the front
end.  The display bundle also carries static HTML (code and an SVG graph),
so a saved notebook still reads on GitHub or nbviewer.
"""

from __future__ import annotations

import html
import uuid
from typing import Any

import ipywidgets as widgets
import traitlets
from ipywidgets.widgets.widget_bool import CheckboxStyle
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle

from . import _widget_code as code_html
from ._widget_graph import draw_defaults, overlay_html, png_size, render_graph
from ._widget_layers import entries, info_html, summary_header, summary_labels
from ._widget_playground import Playground
from .graph import ModelGraph

__all__ = ["compare", "playground", "Compare", "Playground"]

# Drawing switches offered in the toolbar: draw() keyword -> label.
DRAW_SWITCHES = {
    "show_shapes": "shapes",
    "show_dtype": "dtypes",
    "show_layer_names": "names",
    "show_layer_activations": "activations",
    "show_trainable": "trainable",
    "show_params": "params",
    "expand_nested": "nested",
}
RANKDIRS = ("TB", "LR", "BT", "RL")


def compare(
    model, *, faithful: bool = False, input_shape=None, **draw_options: Any
) -> Compare:
    """A widget with ``model`` in both styles, its graph and a summary.

    ``faithful=True`` starts with code that keeps every layer name;
    ``draw_options`` go to :func:`kerasteach.draw` (``show_shapes``,
    ``rankdir``, ...).  ``model`` may also be a
    :class:`~kerasteach.graph.ModelGraph`.
    """
    if isinstance(model, ModelGraph):
        graph = model
    else:
        from ._reader import read_model

        graph = read_model(model, input_shape=input_shape)
    return Compare(graph, faithful=faithful, draw_options=draw_options)


def playground(source: str | None = None) -> Playground:
    """A text area to write a model in either style, with a Run button."""
    return Playground(source)


def close_tree(root: widgets.Widget) -> None:
    """Close ``root`` and every widget it holds (children, layout, style)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        w = stack.pop()
        if id(w) in seen:
            continue
        seen.add(id(w))
        for name in ("children", "layout", "style"):
            value = getattr(w, name, None) if w.has_trait(name) else None
            if isinstance(value, widgets.Widget):
                stack.append(value)
            elif isinstance(value, (list, tuple)):
                stack.extend(v for v in value if isinstance(v, widgets.Widget))
        widgets.Widget.close(w)


class Compare(widgets.VBox):
    """The side-by-side widget returned by :func:`compare`.

    ``selected`` is the selected layer's key (``"dense"``, or
    ``"encoder/dense"`` inside a nested model); set it, or pick a row in
    the summary.  ``faithful`` switches the code style.
    """

    selected = traitlets.Unicode(None, allow_none=True)
    faithful = traitlets.Bool(False)

    def __init__(
        self,
        graph: ModelGraph,
        *,
        faithful: bool = False,
        draw_options: dict[str, Any] | None = None,
    ):
        from .codegen import explain

        self.graph = graph
        self.explanation = explain(graph)
        self.uid = uuid.uuid4().hex[:10]
        self.entries = entries(graph)
        self.index = {e.key: n for n, e in enumerate(self.entries)}
        self._entry = {e.key: e for e in self.entries}
        self.draw_options = {**draw_defaults(), **(draw_options or {})}
        self.boxes: dict[str, tuple[float, float, float, float]] = {}
        self.figure = None
        self.image_size = (0, 0)
        self.image_scale = 1.0  # CSS pixels per PNG pixel
        self._code_cache: dict[bool, tuple] = {}
        self._notes = ""

        # Every widget is also a comm and a browser model: keep them few.
        # Sizes and positions come from CSS classes (BASE_CSS), so all the
        # widgets share one Layout and one style object per kind.
        plain = widgets.Layout()
        html_style = HTMLStyle()

        def html_widget(value: str = "", *classes: str) -> widgets.HTML:
            return widgets.HTML(
                value, layout=plain, style=html_style, _dom_classes=classes
            )

        def box(kind, children, *classes: str):
            return kind(children, layout=plain, _dom_classes=classes)

        self.style_html = html_widget(
            "<style>" + code_html.BASE_CSS + code_html.pygments_css() + "</style>",
            "kt-hidden",
        )
        self.selection_style = html_widget("", "kt-hidden")
        self.message = html_widget("", "kt-message")

        # -- code panes (titles inside, sticky) -------------------------------
        self.sequential_html = html_widget("", "kt-half", "kt-sequential")
        self.functional_html = html_widget("", "kt-half", "kt-functional")
        self.code_box = box(
            widgets.HBox, [self.sequential_html, self.functional_html], "kt-codebox"
        )

        # -- graph with its selection overlay ------------------------------
        self.graph_image = widgets.Image(
            format="png", layout=plain, _dom_classes=("kt-image",)
        )
        self.graph_overlay = html_widget("", "kt-overlay")
        stack = box(widgets.Box, [self.graph_image, self.graph_overlay], "kt-stack")
        self.graph_box = box(widgets.Box, [stack], "kt-graph")

        # -- summary and selector ---------------------------------------------
        labels = summary_labels(self.entries)
        description_style = DescriptionStyle()
        self.summary = widgets.Select(
            options=list(zip(labels, [e.key for e in self.entries])),
            value=None,
            rows=min(16, max(4, len(labels))),
            layout=plain,
            style=description_style,
        )
        head = html_widget(
            "<b>Layers</b> (select one to find it in the code and the graph)"
            f'<div class="kt-summary-head">{html.escape(summary_header())}</div>'
        )
        self.info = html_widget("", "kt-info")
        side = box(widgets.VBox, [head, self.summary, self.info], "kt-summary")

        # -- switches ---------------------------------------------------------
        self.faithful_toggle = widgets.ToggleButtons(
            options=[("readable", False), ("faithful", True)],
            value=bool(faithful),
            tooltips=[
                "only the arguments that differ from the defaults",
                "every layer name kept: rebuilds the exact same config",
            ],
            style={"button_width": "80px"},
            layout=plain,
        )
        self.draw_switches: dict[str, widgets.Checkbox] = {}
        check_style = CheckboxStyle()
        for key, label in DRAW_SWITCHES.items():
            if key in self.draw_options:
                switch = widgets.Checkbox(
                    value=bool(self.draw_options[key]),
                    description=label,
                    indent=False,
                    layout=plain,
                    style=check_style,
                    _dom_classes=("kt-switch",),
                )
                switch.observe(self._on_draw_switch, "value")
                self.draw_switches[key] = switch
        controls: list[widgets.Widget] = [
            self.faithful_toggle,
            *self.draw_switches.values(),
        ]
        if "rankdir" in self.draw_options:
            self.rankdir = widgets.Dropdown(
                options=list(RANKDIRS),
                value=str(self.draw_options["rankdir"]),
                description="direction",
                layout=plain,
                style=description_style,
                _dom_classes=("kt-rankdir",),
            )
            self.rankdir.observe(self._on_draw_switch, "value")
            controls.append(self.rankdir)
        toolbar = box(widgets.HBox, controls, "kt-toolbar")

        super().__init__(
            [
                self.style_html,
                self.selection_style,
                toolbar,
                self.code_box,
                box(widgets.HBox, [self.graph_box, side], "kt-bottom"),
                self.message,
            ],
            layout=plain,
            _dom_classes=("kt-compare", f"kt-{self.uid}"),
        )

        self.faithful = bool(faithful)
        self._regenerate_code()
        # A model the drawing cannot handle still gets its code panes.
        self._guard(self._redraw)
        self.summary.observe(self._on_summary, "value")
        self.faithful_toggle.observe(self._on_faithful_toggle, "value")

    # -- code -------------------------------------------------------------------
    def _regenerate_code(self) -> None:
        """Write both codes and their panes (once per style, then cached)."""
        cached = self._code_cache.get(self.faithful)
        if cached is None:
            cached = self._code_cache[self.faithful] = self._build_code()
        (
            self.functional_code,
            self.sequential_code,
            self.functional_rows,
            self.sequential_rows,
            self.functional_html.value,
            self.sequential_html.value,
        ) = cached
        self._notes = "".join(
            f"<div>Note: {html.escape(n)}</div>"
            for n in dict.fromkeys(self.functional_code.notes)
        )
        self.message.value = self._notes
        self._show_selection()

    def _build_code(self) -> tuple:
        from .codegen import to_functional_code, to_sequential_code

        functional = to_functional_code(self.graph, faithful=self.faithful)
        sequential = None
        if self.explanation.is_sequential:
            sequential = to_sequential_code(self.graph, faithful=self.faithful)
        self.functional_code = functional
        self.sequential_code = sequential
        f_lines = code_html.highlight_lines(functional.source)
        f_owners = code_html.line_owners(functional.spans)
        n_f = len(functional.lines)
        if sequential is None:
            left: list = []
            right = [code_html.Row(n) for n in range(1, n_f + 1)]
            left_html = (
                '<div class="kt-title">Sequential: not possible</div>'
                + code_html.reasons_html(self.explanation, self.index)
            )
        else:
            s_lines = code_html.highlight_lines(sequential.source)
            left, right = code_html.align(
                len(sequential.lines), sequential.spans, n_f, functional.spans
            )
            left_html = self._pane(
                "Sequential", left, s_lines, code_html.line_owners(sequential.spans)
            )
        right_html = self._pane("Functional", right, f_lines, f_owners)
        return functional, sequential, right, left, right_html, left_html

    def _pane(self, title, rows, lines, owners) -> str:
        body = code_html.pane_html(rows, lines, owners, self.index)
        return f'<div class="kt-title">{title}</div><div class="kt-pane">{body}</div>'

    def _on_faithful_toggle(self, change) -> None:
        self.faithful = bool(change["new"])

    @traitlets.observe("faithful")
    def _on_faithful(self, change) -> None:
        if getattr(self, "functional_code", None) is None:
            return
        self.faithful_toggle.value = bool(change["new"])
        self._guard(self._regenerate_code)

    # -- graph --------------------------------------------------------------------
    def _current_draw_options(self) -> dict[str, Any]:
        options = dict(self.draw_options)
        for key, box in self.draw_switches.items():
            options[key] = box.value
        if hasattr(self, "rankdir"):
            options["rankdir"] = self.rankdir.value
        return options

    def _redraw(self) -> None:
        options = self._current_draw_options()
        fig, png, boxes = render_graph(self.graph, options, self.explanation.layers)
        self.figure = fig
        self.boxes = boxes
        width, height = png_size(png)
        self.image_size = (
            round(width * self.image_scale),
            round(height * self.image_scale),
        )
        self.graph_image.value = png
        self.graph_image.width = str(self.image_size[0])
        self.graph_image.height = str(self.image_size[1])
        self.message.value = self._notes
        self._show_selection()

    def _on_draw_switch(self, change) -> None:
        self._guard(self._redraw)

    def _guard(self, action) -> None:
        """Run a callback; show any failure in the widget instead of raising."""
        try:
            action()
        except Exception as exc:  # noqa: BLE001 - a widget callback must not raise
            self.message.value = self._notes + (
                '<div style="color:#b00020">Could not update: '
                f"{html.escape(type(exc).__name__)}: {html.escape(str(exc))}</div>"
            )

    # -- selection ------------------------------------------------------------------
    def select(self, key: str | None) -> None:
        """Select a layer by key (``None`` clears the selection)."""
        if key is not None and key not in self.index:
            known = ", ".join(repr(e.key) for e in self.entries[:8])
            raise KeyError(
                f"Model {self.graph.name!r} has no layer {key!r}. Expected one of "
                f"{known}{' ...' if len(self.entries) > 8 else ''}."
            )
        self.selected = key

    def _on_summary(self, change) -> None:
        self.selected = change["new"]

    @traitlets.validate("selected")
    def _valid_selected(self, proposal):
        key = proposal["value"]
        if key is not None and key not in self.index:
            raise traitlets.TraitError(
                f"no layer {key!r} in model {self.graph.name!r}; pick a key from "
                "the summary (widget.entries)."
            )
        return key

    @traitlets.observe("selected")
    def _on_selected(self, change) -> None:
        self._guard(self._show_selection)

    def box_for(self, key: str) -> tuple[float, float, float, float] | None:
        """The graph box of ``key``, or of the nested model that holds it."""
        while key:
            if key in self.boxes:
                return self.boxes[key]
            key = key.rpartition("/")[0]
        return None

    def _show_selection(self) -> None:
        key = self.selected
        if not hasattr(self, "summary"):
            return
        index = self.index.get(key) if key is not None else None
        self.selection_style.value = code_html.selection_css(self.uid, index)
        if self.summary.value != key:
            self.summary.value = key
        box = self.box_for(key) if key is not None else None
        self.graph_overlay.value = overlay_html(box, self.image_size, self.image_scale)
        self.info.value = (
            ""
            if key is None
            else info_html(
                self._entry[key],
                (self.sequential_code, self.functional_code),
                key in self.explanation.layers,
            )
        )

    def close(self) -> None:
        """Close this widget and every widget inside it (layouts and styles
        too), so that the browser and the kernel let go of them."""
        close_tree(self)

    # -- static fallback ------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs)
        try:
            data["text/html"] = self.static_html()
        except Exception as exc:  # noqa: BLE001 - the live widget still shows
            reason = html.escape(str(exc))
            data["text/html"] = (
                f"<pre>kerasteach.compare: static view unavailable ({reason})</pre>"
            )
        return data

    def static_html(self) -> str:
        """Code panes and an SVG graph as plain HTML with inline styles."""
        from ._widget_static import static_html

        return static_html(self)
