"""Notebook widgets: a model side by side in both styles, and a playground.

``compare(model)`` shows the Sequential code (or, when the model cannot be
Sequential, the reasons in plain words), the Functional code, the layer
graph and a summary table.  Each layer's first line sits on the same row in
both code panes.  Selecting a layer in the summary lights up its lines in
both panes and its box in the graph.

Selection is cheap on purpose, even for a 1000-layer model: the code HTML
and the graph image are sent to the browser once; a selection only changes
one small HTML fragment, a two-rule ``<style>`` (the layer's rows, the mark
over its box in the graph) and a few lines about the layer.  Only the
switches (readable/faithful code, drawing options) regenerate code or
redraw the graph.

Every widget is also a comm and a model in the browser, so the widget keeps
them few: a GridBox places six children by CSS class; the drawing
switches are built the first time they are asked for; layouts and styles
are shared by all compare widgets of a kernel.

Only stock ipywidgets are used, so nothing needs installing in the front
end.  The display bundle also carries static HTML (code and an SVG graph),
so a saved notebook still reads on GitHub or nbviewer.
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
import traitlets
from ipywidgets.widgets.widget_bool import CheckboxStyle, ToggleButtonStyle
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_selection import ToggleButtonsStyle
from ipywidgets.widgets.widget_string import HTMLStyle

from . import _widget_code as code_html
from ._widget_graph import draw_defaults, graph_html, mark_css, png_size, render_graph
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
# The summary's column names, under its description: generated content, so
# that the heading needs no widget (and no HTML a front end may sanitize).
HEADER_CSS = (
    ".kt-cmp>.kt-list>.widget-label::after{display:block;white-space:pre;"
    "font-family:var(--jp-code-font-family,monospace);font-size:11px;"
    f'color:#555;padding:2px 0 0 6px;content:"{summary_header()}"}}'
)

# Graph directions draw() accepts (kerasteach.layout.RANKDIRS), in words.
RANKDIRS = {"TB": "top to bottom", "LR": "left to right"}


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


def playground(
    source: str | None = None, *, time_limit: float | None = 60.0
) -> Playground:
    """A text area to write a model in either style, with a Run button.

    ``source`` replaces the starter code; code still running after
    ``time_limit`` seconds is stopped with a message (``None``: no limit).
    """
    return Playground(source, time_limit=time_limit)


# Layout and style widgets shared by every compare widget of the kernel:
# sizes and positions come from CSS classes (BASE_CSS), so one Layout and one
# style per kind serve them all.  close() leaves them open.
_SHARED: dict[str, widgets.Widget] = {}
_SHARED_KINDS: dict[str, Callable[[], widgets.Widget]] = {
    "layout": widgets.Layout,
    "html": HTMLStyle,
    "description": DescriptionStyle,
    "checkbox": CheckboxStyle,
    "toggle": ToggleButtonStyle,
    "toggles": lambda: ToggleButtonsStyle(button_width="80px"),
}


def _shared(kind: str) -> widgets.Widget:
    w = _SHARED.get(kind)
    if w is None or w.comm is None:  # first use, or closed by Widget.close_all()
        w = _SHARED[kind] = _SHARED_KINDS[kind]()
    return w


def close_tree(root: widgets.Widget) -> None:
    """Close ``root`` and every widget it holds (children, layout, style),
    except the layouts and styles compare widgets share."""
    seen: set[int] = {id(w) for w in _SHARED.values()}
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


def _html(value: str = "", *classes: str) -> widgets.HTML:
    return widgets.HTML(
        value, layout=_shared("layout"), style=_shared("html"), _dom_classes=classes
    )


def _problem(what: str, exc: Exception, advice: str) -> str:
    return (
        f'<div class="kt-problem">{html.escape(what)} '
        f"({html.escape(type(exc).__name__)}: {html.escape(str(exc))}). "
        f"{html.escape(advice)}</div>"
    )


class Compare(widgets.GridBox):
    """The side-by-side widget returned by :func:`compare`.

    ``selected`` is the selected layer's key (``"dense"``, or
    ``"encoder/dense"`` inside a nested model); set it, or pick a row in
    the summary.  ``faithful`` switches the code style.  The drawing
    switches (``draw_switches``, ``rankdir``) sit behind the "drawing
    options" button; ``set_draw_options(show_shapes=False, ...)`` changes
    them from code.

    Children: ``faithful_toggle``, ``options_button``, ``code_html``
    (both panes in one scroller, so the rows stay aligned while scrolling),
    ``graph_html`` (the PNG and the selection mark), ``summary`` (a Select,
    its heading as description) and ``info`` (the selected layer, and the
    ``<style>`` that marks it); then ``options_box`` once the drawing
    switches are built.
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
        self.png = b""
        self.image_size = (0, 0)
        self.image_scale = 1.0  # CSS pixels per PNG pixel
        self._code_cache: dict[bool, tuple] = {}
        self.functional_code = self.sequential_code = None
        self.functional_rows = self.sequential_rows = []
        self.functional_pane = self.sequential_pane = ""
        self._draw_switches: dict[str, widgets.Checkbox] | None = None
        self.options_box: widgets.HBox | None = None
        plain = _shared("layout")

        self.code_html = _html("", "kt-code")
        self.graph_html = _html("", "kt-graph")
        labels = summary_labels(self.entries)
        self.summary = widgets.Select(
            options=list(zip(labels, [e.key for e in self.entries])),
            value=None,
            rows=min(16, max(4, len(labels))),
            # above the list (BASE_CSS), the column names below it (HEADER_CSS)
            description="Layers: select one to find it in the code and the graph",
            layout=plain,
            style=_shared("description"),
            _dom_classes=("kt-list",),
        )
        self.info = _html("", "kt-info")

        self.faithful_toggle = widgets.ToggleButtons(
            options=[("readable", False), ("faithful", True)],
            value=bool(faithful),
            tooltips=[
                "only the arguments that differ from the defaults",
                "every layer name kept: rebuilds the exact same config",
            ],
            style=_shared("toggles"),
            layout=plain,
            _dom_classes=("kt-style-switch",),
        )
        self.options_button = widgets.ToggleButton(
            value=False,
            description="drawing options",
            icon="sliders",
            tooltip="what the graph shows: shapes, parameters, nested models, ...",
            layout=plain,
            style=_shared("toggle"),
            _dom_classes=("kt-options-button",),
        )
        super().__init__(
            [
                self.faithful_toggle,
                self.options_button,
                self.code_html,
                self.graph_html,
                self.summary,
                self.info,
            ],
            layout=plain,
            _dom_classes=("kt-compare", "kt-cmp", f"kt-{self.uid}"),
        )

        self.faithful = bool(faithful)
        self._guard(self._regenerate_code, self.code_html, "Could not write the code")
        # A model the drawing cannot handle still gets its code panes.
        self._guard(self._redraw, self.graph_html, "Could not draw the graph")
        self.summary.observe(self._on_summary, "value")
        self.faithful_toggle.observe(self._on_faithful_toggle, "value")
        self.options_button.observe(self._on_options_button, "value")

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
            self.functional_pane,
            self.sequential_pane,
            self.code_html.value,
        ) = cached
        self._show_selection()

    def _build_code(self) -> tuple:
        from .codegen import to_functional_code, to_sequential_code

        functional = to_functional_code(self.graph, faithful=self.faithful)
        sequential = None
        if self.explanation.is_sequential:
            sequential = to_sequential_code(self.graph, faithful=self.faithful)
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
        right_html = self._pane(
            "Functional", right, f_lines, f_owners, anchor=f"kt-{self.uid}-"
        )
        notes = "".join(
            f'<div class="kt-note">Note: {html.escape(n)}</div>'
            for n in dict.fromkeys(functional.notes)
        )
        page = (
            f"<style>{code_html.BASE_CSS}{HEADER_CSS}{code_html.pygments_css()}"
            "</style>"
            f'<div class="kt-codebox"><div class="kt-half kt-sequential">{left_html}'
            f'</div><div class="kt-half kt-functional">{right_html}</div></div>'
            f"{notes}"
        )
        return functional, sequential, right, left, right_html, left_html, page

    def _pane(self, title, rows, lines, owners, anchor: str = "") -> str:
        body = code_html.pane_html(rows, lines, owners, self.index, anchor=anchor)
        return f'<div class="kt-title">{title}</div><div class="kt-pane">{body}</div>'

    def _on_faithful_toggle(self, change) -> None:
        self.faithful = bool(change["new"])

    @traitlets.observe("faithful")
    def _on_faithful(self, change) -> None:
        if not hasattr(self, "faithful_toggle"):
            return
        self.faithful_toggle.value = bool(change["new"])
        self._guard(self._regenerate_code, self.code_html, "Could not write the code")

    # -- graph --------------------------------------------------------------------
    @property
    def draw_switches(self) -> dict[str, widgets.Checkbox]:
        """The drawing switches (``draw()`` keyword -> Checkbox), built the
        first time they are asked for."""
        self._build_options()
        assert self._draw_switches is not None
        return self._draw_switches

    @property
    def rankdir(self) -> widgets.Dropdown:
        """The graph direction selector of the drawing options."""
        self._build_options()
        return self._rankdir

    def _build_options(self) -> None:
        if self._draw_switches is not None:
            return
        plain = _shared("layout")
        self._draw_switches = {}
        for key, label in DRAW_SWITCHES.items():
            if key in self.draw_options:
                switch = widgets.Checkbox(
                    value=bool(self.draw_options[key]),
                    description=label,
                    indent=False,
                    layout=plain,
                    style=_shared("checkbox"),
                    _dom_classes=("kt-switch",),
                )
                switch.observe(self._on_draw_switch, "value")
                self._draw_switches[key] = switch
        self._rankdir = widgets.Dropdown(
            options=[(label, key) for key, label in RANKDIRS.items()],
            value=self._rankdir_value(),
            description="direction",
            layout=plain,
            style=_shared("description"),
            _dom_classes=("kt-rankdir",),
        )
        self._rankdir.observe(self._on_draw_switch, "value")
        self.options_box = widgets.HBox(
            [*self._draw_switches.values(), self._rankdir],
            layout=widgets.Layout(
                display=None if self.options_button.value else "none"
            ),
            _dom_classes=("kt-options",),
        )
        # Appended, not inserted: the grid places it by class, and the
        # browser keeps the views of the children before it (no re-render
        # of the code, no lost scroll position).
        self.children = (*self.children, self.options_box)

    def _rankdir_value(self) -> str:
        value = self.draw_options.get("rankdir", "TB")
        return value if value in RANKDIRS else "TB"  # draw() said what is wrong

    def _on_options_button(self, change) -> None:
        self._build_options()
        assert self.options_box is not None
        self.options_box.layout.display = None if change["new"] else "none"

    def set_draw_options(self, **options: Any) -> None:
        """Change drawing options (``show_shapes=False``, ``rankdir="LR"``,
        ...) and redraw once."""
        unknown = sorted(set(options) - set(draw_defaults()))
        if unknown:
            raise TypeError(
                f"set_draw_options() got unknown option(s) {', '.join(unknown)}. "
                f"Expected some of: {', '.join(sorted(draw_defaults()))}."
            )
        self.draw_options.update(options)
        if self._draw_switches is not None:  # keep the switches in step, quietly
            controls = [*self._draw_switches.values(), self._rankdir]
            for control in controls:
                control.unobserve(self._on_draw_switch, "value")
            for key, switch in self._draw_switches.items():
                switch.value = bool(self.draw_options[key])
            self._rankdir.value = self._rankdir_value()
            for control in controls:
                control.observe(self._on_draw_switch, "value")
        self._guard(self._redraw, self.graph_html, "Could not draw the graph")

    def _on_draw_switch(self, change) -> None:
        assert self._draw_switches is not None
        for key, switch in self._draw_switches.items():
            self.draw_options[key] = switch.value
        self.draw_options["rankdir"] = self._rankdir.value
        self._guard(self._redraw, self.graph_html, "Could not draw the graph")

    def _redraw(self) -> None:
        fig, png, boxes = render_graph(
            self.graph, self.draw_options, self.explanation.layers
        )
        self.figure, self.png, self.boxes = fig, png, boxes
        width, height = png_size(png)
        self.image_size = (
            round(width * self.image_scale),
            round(height * self.image_scale),
        )
        self.graph_html.value = graph_html(
            png, self.image_size, self.graph.name, self.uid
        )
        self._show_selection()

    def _guard(self, action, where: widgets.HTML, what: str) -> None:
        """Run a callback; show a failure in ``where`` instead of raising."""
        try:
            action()
        except Exception as exc:  # noqa: BLE001 - a widget callback must not raise
            advice = (
                "The code panes and the summary still work; try other drawing options."
                if where is self.graph_html
                else "Try the other code style, or call kerasteach."
                "to_functional_code(model) to see the full error."
            )
            where.value = _problem(what, exc, advice)
            if where is self.graph_html:
                self.figure, self.png, self.boxes = None, b"", {}

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
        self._guard(self._show_selection, self.info, "Could not show the layer")

    def box_for(self, key: str) -> tuple[float, float, float, float] | None:
        """The graph box of ``key``, or of the nested model that holds it."""
        while key:
            if key in self.boxes:
                return self.boxes[key]
            key = key.rpartition("/")[0]
        return None

    def _show_selection(self) -> None:
        if not hasattr(self, "summary"):
            return
        key = self.selected
        if self.summary.value != key:
            self.summary.value = key
        if key is None:
            self.info.value = ""
            return
        box = self.box_for(key)
        style = code_html.selection_css(
            self.uid,
            self.index[key],
            mark_css(self.uid, box, self.image_scale),
        )
        # Links to the layer's first row (the panes' rows are aligned, so one
        # scroll serves both) and to its box: the browser scrolls, no script.
        links = []
        code = self.functional_code
        if code is not None and key in code.spans:
            links.append(
                f'<a href="#kt-{self.uid}-l{self.index[key]}">show in the code</a>'
            )
        if box is not None:
            links.append(f'<a href="#kt-{self.uid}-mark">show in the graph</a>')
        jump = f'<div class="kt-jump">{"".join(links)}</div>' if links else ""
        self.info.value = (
            style
            + info_html(
                self._entry[key],
                (self.sequential_code, self.functional_code),
                key in self.explanation.layers,
            )
            + jump
        )

    def close(self) -> None:
        """Close this widget and every widget inside it (layouts and styles
        too, except the shared ones), so that the browser and the kernel let
        go of them."""
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
