"""Notebook widgets: a model side by side in both styles, and a playground.

``compare(model)`` shows the Sequential code (or, when the model cannot be
Sequential, the reasons in plain words), the Functional code, the layer
graph and a summary table.  Each layer's first line sits on the same row in
both code panes.  Selecting a layer in the summary lights up its lines in
both panes and its box in the graph.

Selection is cheap on purpose, even for a 1000-layer model: the code HTML
and the graph image are sent to the browser once; a selection only changes
one small HTML fragment, a two-rule ``<style>`` (the layer's rows, the mark
over its box in the graph) and a few lines about the layer
(:mod:`kerasteach._widget_selection`).  Only the
switches (readable/faithful code, drawing options) regenerate code or
redraw the graph.

Every widget is also a comm and a model in the browser, so the widget keeps
them few: a GridBox places six children by CSS class; the drawing
switches (:mod:`kerasteach._widget_options`) are built the first time they
are asked for; layouts and styles are shared by all compare widgets of a
kernel (:mod:`kerasteach._widget_common`).  The code panes come from
:func:`kerasteach._widget_code.code_page`.

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

from ._checks import check_flag
from ._widget_code import code_page
from ._widget_common import close_tree, html_pane, problem_html, shared
from ._widget_graph import graph_html, png_size, render_graph
from ._widget_layers import entries, summary_labels
from ._widget_options import DrawOptions, check_draw_options
from ._widget_playground import Playground
from ._widget_selection import Selection
from .errors import KerasTeachError
from .graph import ModelGraph

__all__ = ["compare", "playground", "Compare", "Playground"]

_FAITHFUL = "True keeps every layer name"


def compare(
    model, *, faithful: bool = False, input_shape=None, **draw_options: Any
) -> Compare:
    """A widget with ``model`` in both styles, its graph and a summary.

    ``model`` is a Keras model (as for :func:`kerasteach.read_model`, with
    ``input_shape`` for a subclassed or unbuilt one) or a
    :class:`~kerasteach.graph.ModelGraph`.  ``faithful=True`` starts with
    code that keeps every layer name (True or False only).

    ``draw_options`` are :func:`kerasteach.draw`'s options for the graph
    (``show_shapes``, ``rankdir``, ``expand_nested``, ``dpi``, ...), plus
    ``highlight``: a layer name or a list of them, drawn in a strong colour
    as by ``draw(highlight=...)``, on top of the layers the widget marks
    itself (those that keep a model from being Sequential).  Name a layer
    inside a nested model ``"outer/inner"``; while that model is not
    expanded, its whole box is highlighted.  ``dpi`` makes the graph
    sharper, not bigger: it is shown at its size at draw()'s default dpi,
    in at most 16 million pixels (a note in the graph says when a dpi asks
    for more).  To point at one layer in the
    list, both codes and the graph at once, select it instead:
    ``w = compare(model)`` then ``w.selected = "dense"``.  ``focus`` and
    ``focus_radius`` are refused: the widget always draws the whole model,
    so that every layer it lists has a box; ``kerasteach.draw(model,
    focus="dense")`` draws the layers around one layer.

    Every option is checked before anything is built: an unknown name
    raises a ``TypeError`` (also a :class:`~kerasteach.errors.DrawingError`)
    naming the valid ones, a bad value the
    :class:`~kerasteach.errors.DrawingError` that ``draw()`` would give.
    """
    faithful = check_flag("faithful", faithful, KerasTeachError, _FAITHFUL)
    check_draw_options(draw_options, "compare()")  # before reading the model
    from ._reader import read_model

    graph = read_model(model, input_shape=input_shape)  # a ModelGraph as it is
    return Compare(graph, faithful=faithful, draw_options=draw_options)


def playground(
    source: str | None = None, *, time_limit: float | None = 60.0
) -> Playground:
    """A text area to write a model in either style, with a Run button.

    ``source`` replaces the starter code; code still running after
    ``time_limit`` seconds is stopped with a message (``None``: no limit;
    anything but a positive number or ``None`` raises
    :class:`~kerasteach.errors.KerasTeachError` here, not on every Run).
    The model shown is the variable ``model``, else the last model the code
    defines; with several models, the message says which one is shown.
    """
    return Playground(source, time_limit=time_limit)


class Compare(Selection, widgets.GridBox):
    """The side-by-side widget returned by :func:`compare`.

    ``selected`` is the selected layer's key (``"dense"``, or
    ``"encoder/dense"`` inside a nested model); set it, or pick a row in
    the summary.  ``faithful`` switches the code style.  The drawing
    switches (``draw_switches``, ``rankdir``) sit behind the "drawing
    options" button; ``set_draw_options(show_shapes=False, ...)`` changes
    them from code.

    Children: ``faithful_toggle``, ``options_button``, ``code_html``
    (both panes in one scroller, so the rows stay aligned while scrolling;
    the code's notes are its ``description``, shown below the box),
    ``graph_html`` (the PNG and the selection mark), ``summary`` (a Select,
    its heading as description) and ``info`` (the selected layer, and the
    ``<style>`` that marks it); then ``options_box`` once the drawing
    switches are built.
    """

    # Any: a number gets no_layer_message, not traitlets' 'unicode string'
    selected = traitlets.Any(None, allow_none=True)
    faithful = traitlets.Bool(False)

    def __init__(
        self,
        graph: ModelGraph,
        *,
        faithful: bool = False,
        draw_options: dict[str, Any] | None = None,
    ):
        from .codegen import explain

        # checked first: a wrong argument raises before any widget exists
        faithful = check_flag("faithful", faithful, KerasTeachError, _FAITHFUL)
        self.options = DrawOptions(draw_options, self._update_graph, graph)
        self.graph = graph
        self.explanation = explain(graph)
        self.uid = uuid.uuid4().hex[:10]
        self.entries = entries(graph)
        self.index = {e.key: n for n, e in enumerate(self.entries)}
        self._entry = {e.key: e for e in self.entries}
        self.boxes: dict[str, tuple[float, float, float, float]] = {}
        self.figure = None
        self.png = b""
        self.image_size = (0, 0)  # CSS pixels: the size at draw()'s default dpi
        self.image_scale = 1.0  # CSS pixels per PNG pixel
        self._code_cache: dict[bool, Any] = {}
        self.functional_code = self.sequential_code = None
        self.functional_rows = self.sequential_rows = []
        self.functional_pane = self.sequential_pane = ""
        (
            self.faithful_toggle,
            self.options_button,
            self.code_html,
            self.graph_html,
            self.summary,
            self.info,
        ) = children = self._make_children(self.entries, faithful)
        super().__init__(
            children,
            layout=shared("layout"),
            _dom_classes=("kt-compare", "kt-cmp", f"kt-{self.uid}"),
        )

        self.faithful = faithful
        self._update_code()
        self._update_graph()  # a model draw() cannot handle still gets its code
        self.summary.observe(self._on_summary, "value")
        self.faithful_toggle.observe(self._on_faithful_toggle, "value")
        self.options_button.observe(self._on_options_button, "value")

    @staticmethod
    def _make_children(entries, faithful: bool = False) -> tuple[widgets.Widget, ...]:
        """The six widgets of a compare view, the panes still empty:
        faithful_toggle, options_button, code_html, graph_html, summary and
        info.  Apart from ``__init__`` so that ``benchmarks/bench_widget.py``
        can time the widget objects alone."""
        plain = shared("layout")
        labels = summary_labels(entries)
        summary = widgets.Select(
            options=list(zip(labels, [e.key for e in entries])),
            value=None,
            rows=min(16, max(4, len(labels))),
            # above the list (BASE_CSS), the column names below it (HEADER_CSS)
            description="Layers: select one to find it in the code and the graph",
            layout=plain,
            style=shared("description"),
            _dom_classes=("kt-list",),
        )
        faithful_toggle = widgets.ToggleButtons(
            options=[("readable", False), ("faithful", True)],
            value=bool(faithful),
            tooltips=[
                "only the arguments that differ from the defaults",
                "every layer name kept: rebuilds the exact same config",
            ],
            style=shared("toggles"),
            layout=plain,
            _dom_classes=("kt-style-switch",),
        )
        options_button = widgets.ToggleButton(
            value=False,
            description="drawing options",
            icon="sliders",
            tooltip="what the graph shows: shapes, parameters, nested models, ...",
            layout=plain,
            style=shared("toggle"),
            _dom_classes=("kt-options-button",),
        )
        # ipywidgets sets the label's title to the tooltip, even None: a
        # student pointing at the code's notes (its description) read "null"
        code = html_pane("", "kt-code", tooltip="")
        return (
            faithful_toggle,
            options_button,
            code,
            html_pane("", "kt-graph"),
            summary,
            html_pane("", "kt-info"),
        )

    # -- code -------------------------------------------------------------------
    def _regenerate_code(self) -> None:
        """Write both codes and their panes (once per style, then cached)."""
        page = self._code_cache.get(self.faithful)
        if page is None:
            page = self._code_cache[self.faithful] = code_page(
                self.graph, self.explanation, self.index, self.faithful, self.uid
            )
        self.functional_code, self.sequential_code = page.functional, page.sequential
        self.functional_rows = page.functional_rows
        self.sequential_rows = page.sequential_rows
        self.functional_pane = page.functional_pane
        self.sequential_pane = page.sequential_pane
        self.code_html.value = page.html
        self.code_html.description = page.notes
        self._show_selection()

    def _on_faithful_toggle(self, change) -> None:
        self.faithful = bool(change["new"])

    @traitlets.observe("faithful")
    def _on_faithful(self, change) -> None:
        if not hasattr(self, "faithful_toggle"):
            return
        self.faithful_toggle.value = bool(change["new"])
        self._update_code()

    # -- graph --------------------------------------------------------------------
    @property
    def draw_options(self) -> dict[str, Any]:
        """The drawing options in use: the ``draw()`` keywords of the graph,
        and ``highlight`` (the layers it adds to those the widget marks)."""
        return self.options.values

    @property
    def options_box(self) -> widgets.HBox | None:
        """The row of drawing switches, once built."""
        return self.options.box

    @property
    def draw_switches(self) -> dict[str, widgets.Checkbox]:
        """The drawing switches (``draw()`` keyword -> Checkbox), built the
        first time they are asked for."""
        self._build_options()
        return self.options.switches

    @property
    def rankdir(self) -> widgets.Dropdown:
        """The graph direction menu of the drawing options."""
        self._build_options()
        assert self.options.rankdir is not None
        return self.options.rankdir

    def _build_options(self) -> None:
        if not self.options.built:
            box = self.options.build(visible=self.options_button.value)
            # Appended, not inserted: the grid places it by class, and the
            # browser keeps the views of the children before it (no re-render
            # of the code, no lost scroll position).
            self.children = (*self.children, box)

    def _on_options_button(self, change) -> None:
        self._build_options()
        self.options.show(change["new"])

    def set_draw_options(self, **options: Any) -> None:
        """Change drawing options (``show_shapes=False``, ``rankdir="LR"``,
        ``highlight=["dense"]``, ...; see :func:`compare`) and redraw once.
        A wrong name or value raises, as for :func:`compare`, and changes
        nothing."""
        self.options.set(**options)

    def _redraw(self) -> None:
        options, highlight = self.options.drawing(self.explanation.layers)
        image = render_graph(self.graph, options, highlight)
        self.figure, self.png, self.boxes = image.figure, image.png, image.boxes
        self.image_scale = image.scale  # dpi sharpens: the size stays
        width, height = png_size(image.png)
        self.image_size = (
            round(width * self.image_scale),
            round(height * self.image_scale),
        )
        self.graph_html.value = graph_html(
            image.png, self.image_size, self.graph.name, self.uid, image.note
        )
        self._show_selection()

    def _update_code(self) -> None:
        """Show the code in the current style, or why it cannot be written."""
        if not self._guard(
            self._regenerate_code,
            self.code_html,
            "Could not write the code",
            "Try the other code style, or call kerasteach.to_functional_code(model) "
            "to see the full error.",
        ):
            self.code_html.description = ""  # the other style's notes

    def _update_graph(self) -> None:
        """Draw the graph with the current options, or say why it failed."""
        if not self._guard(
            self._redraw,
            self.graph_html,
            "Could not draw the graph",
            "The code panes and the summary still work; try other drawing options.",
        ):
            self.figure, self.png, self.boxes = None, b"", {}

    @staticmethod
    def _guard(action, where: widgets.HTML, what: str, advice: str) -> bool:
        """Run a callback; show a failure in ``where`` instead of raising."""
        try:
            action()
        except Exception as exc:  # noqa: BLE001 - a widget callback must not raise
            where.value = problem_html(what, exc, advice)
            return False
        return True

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
