"""The drawing options of the compare widget, their check, and their switches.

The options are the keywords of :func:`kerasteach.draw`, read from its
signature (:func:`~kerasteach._widget_graph.draw_defaults`), plus
``highlight``: layers to draw in draw()'s strong colour, besides those the
widget marks itself.  :func:`check_draw_options` is the one check of every
option ``compare()`` or ``set_draw_options()`` receives, so that a typo or a
bad value is an exception at the call, not a broken graph that no switch can
mend.  The switches that change them (checkboxes and a direction menu) are
built only when a student opens them, or when code asks for them: most
students never do, and each switch is one more comm.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import ipywidgets as widgets

from ._checks import check_dpi, check_flag, check_rankdir, did_you_mean
from ._widget_common import shared
from ._widget_graph import draw_defaults
from .errors import UnknownOptionError
from .layout import RANKDIRS as _DIRECTIONS
from .layout import check_names

__all__ = [
    "DRAW_SWITCHES",
    "RANKDIRS",
    "DrawOptions",
    "check_draw_options",
    "option_defaults",
]

# The switches offered: draw() keyword -> label.
DRAW_SWITCHES = {
    "show_shapes": "shapes",
    "show_dtype": "dtypes",
    "show_layer_names": "names",
    "show_layer_activations": "activations",
    "show_trainable": "trainable",
    "show_params": "params",
    "expand_nested": "nested",
}
# What each switch changes in the boxes, shown when the pointer rests on it
# (the labels alone left "dtypes" or "nested" for a student to guess).
_TIPS = {
    "show_shapes": "each box shows the shapes going into and out of its layer",
    "show_dtype": "each box shows the number type of its output "
    "(float32 for most layers)",
    "show_layer_names": "each box starts with its layer's name; "
    "untick to see the layer types alone",
    "show_layer_activations": "each box shows its layer's activation "
    "function (relu, softmax, ...)",
    "show_trainable": "each box with weights says whether training changes "
    "them (Non-trainable: frozen)",
    "show_params": "each box shows how many parameters (weights) its layer has",
    "expand_nested": "draws the layers inside each nested model, "
    "instead of one box for the whole model",
}
_DIRECTION_TIP = "which way the arrows point, from the inputs to the outputs"
# Graph directions draw() accepts (kerasteach.layout.RANKDIRS), in words:
# every one of them, so the menu can always show the direction in use.
_WORDS = {"TB": "top to bottom", "LR": "left to right"}
RANKDIRS = {key: _WORDS.get(key, key) for key in _DIRECTIONS}

# draw() keywords the widget does not take, and what to use instead.
_NOT_TAKEN = {
    "focus": (
        "the widget draws the whole model, so that every layer of its list has "
        "a box. To point at a layer, select it: w = kerasteach.compare(model); "
        "w.selected = {example} (the list, both codes and the graph show it), "
        "or pass highlight={example} to draw it in a strong colour. For a "
        "picture of the layers around one layer, use "
        "kerasteach.draw(model, focus={example})."
    ),
    "input_shape": (
        "the model is read once, when the widget is made; give it there, "
        "as in kerasteach.compare(model, input_shape=...)."
    ),
}
_NOT_TAKEN["focus_radius"] = _NOT_TAKEN["focus"]
_NOT_TAKEN["to_file"] = (
    "the widget shows the graph in the notebook. To save the drawing as a "
    "file: kerasteach.draw(model).savefig('model.png') (or .svg, .pdf)."
)


def option_defaults() -> dict[str, Any]:
    """Every drawing option of the widget and its default."""
    return {**draw_defaults(), "highlight": ()}


def check_draw_options(
    options: dict[str, Any], caller: str, graph=None
) -> dict[str, Any]:
    """``options`` checked, ``highlight`` as a tuple of names.

    An unknown name raises :class:`UnknownOptionError` (with the nearest
    valid name); a bad value raises :class:`~kerasteach.errors.DrawingError`
    with the message :func:`kerasteach.draw` gives for it.  The highlighted
    names are checked against ``graph`` when it is given (any layer, nested
    ones as ``"outer/inner"``).  ``caller`` (``"compare()"``) starts the
    message about an unknown name.
    """
    known = option_defaults()
    for name in options:
        if name in _NOT_TAKEN:
            value = options[name]
            example = repr(value if isinstance(value, str) else "dense")
            raise UnknownOptionError(
                f"{caller} does not take {name}: "
                + _NOT_TAKEN[name].format(example=example)
            )
    unknown = [name for name in options if name not in known]
    if unknown:
        hint = did_you_mean(unknown[0], known)
        raise UnknownOptionError(
            f"{caller} got unknown option(s) {', '.join(unknown)}.{hint} "
            f"Expected some of: {', '.join(sorted(known))}."
        )
    checked = dict(options)
    for name, value in options.items():
        if isinstance(known[name], bool):
            checked[name] = check_flag(name, value)
        elif name == "rankdir":
            check_rankdir(value)
        elif name == "dpi":
            check_dpi(value)
        elif name == "highlight":
            checked[name] = _highlight(value, graph)
    return checked


def _highlight(value, graph) -> tuple[str, ...]:
    from .render import _highlight_names  # draw()'s own reading of highlight

    names = tuple(_highlight_names(value))
    if graph is not None:
        check_names(graph, names, "highlight", expand_nested=True)
    return names


class DrawOptions:
    """The current drawing options, and the switches once built.

    ``options`` are checked (:func:`check_draw_options`; the highlighted
    names against ``graph``).  ``on_change()`` is called after a student
    flips a switch or after :meth:`set`; it redraws.
    """

    def __init__(
        self,
        options: dict[str, Any] | None,
        on_change: Callable[[], None],
        graph=None,
    ):
        self.graph = graph
        self.values = {
            **option_defaults(),
            **check_draw_options(options or {}, "compare()", graph),
        }
        self.on_change = on_change
        self.switches: dict[str, widgets.Checkbox] = {}
        self.rankdir: widgets.Dropdown | None = None
        self.box: widgets.HBox | None = None

    @property
    def built(self) -> bool:
        return self.box is not None

    def build(self, visible: bool) -> widgets.HBox:
        """The switches in a row (built once), shown or hidden."""
        if self.box is None:
            plain = shared("layout")
            for key, label in DRAW_SWITCHES.items():
                if key in self.values:
                    switch = widgets.Checkbox(
                        value=bool(self.values[key]),
                        description=label,
                        tooltip=_TIPS[key],
                        indent=False,
                        layout=plain,
                        style=shared("checkbox"),
                        _dom_classes=("kt-switch",),
                    )
                    switch.observe(self._on_switch, "value")
                    self.switches[key] = switch
            self.rankdir = widgets.Dropdown(
                options=[(label, key) for key, label in RANKDIRS.items()],
                value=self._rankdir_value(),
                description="direction",
                tooltip=_DIRECTION_TIP,
                layout=plain,
                style=shared("description"),
                _dom_classes=("kt-rankdir",),
            )
            self.rankdir.observe(self._on_switch, "value")
            self.box = widgets.HBox(
                [*self.switches.values(), self.rankdir],
                layout=widgets.Layout(),  # its own: show() changes it
                _dom_classes=("kt-options",),
            )
        self.show(visible)
        return self.box

    def show(self, visible: bool) -> None:
        if self.box is not None:
            self.box.layout.display = None if visible else "none"

    def set(self, **options: Any) -> None:
        """Change options (``show_shapes=False``, ``rankdir="LR"``, ...),
        move the switches along and redraw once.  Nothing changes when one
        of them is wrong: the error says which, and why."""
        checked = check_draw_options(options, "set_draw_options()", self.graph)
        self.values.update(checked)
        if self.rankdir is not None:  # quietly: one redraw for all of them
            controls = [*self.switches.values(), self.rankdir]
            for control in controls:
                control.unobserve(self._on_switch, "value")
            for key, switch in self.switches.items():
                switch.value = bool(self.values[key])
            self.rankdir.value = self._rankdir_value()
            for control in controls:
                control.observe(self._on_switch, "value")
        self.on_change()

    def _rankdir_value(self) -> str:
        return self.values["rankdir"]  # always one of RANKDIRS: checked

    def drawing(self, marked: Iterable[str]) -> tuple[dict[str, Any], list[str]]:
        """The ``draw()`` keywords but ``highlight``, and the layers to
        highlight: ``marked`` (those the widget marks itself), then the
        option's.  A layer inside a nested model that is not expanded
        stands for that model, as a selection does (Keras names have no
        "/", so the first part is the model's name)."""
        options = dict(self.values)
        extra = options.pop("highlight", ())
        if not options.get("expand_nested"):
            extra = [name.split("/")[0] for name in extra]
        return options, list(dict.fromkeys([*marked, *extra]))

    def _on_switch(self, change) -> None:
        for key, switch in self.switches.items():
            self.values[key] = switch.value
        assert self.rankdir is not None
        self.values["rankdir"] = self.rankdir.value
        self.on_change()
