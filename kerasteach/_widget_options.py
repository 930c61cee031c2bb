"""The drawing options of the compare widget and their switches.

The options are the keywords of :func:`kerasteach.draw`, read from its
signature (:func:`~kerasteach._widget_graph.draw_defaults`).  The switches
that change them (checkboxes and a direction menu) are built only when a
student opens them, or when code asks for them: most students never do,
and each switch is one more comm.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from ._widget_common import shared
from ._widget_graph import draw_defaults

__all__ = ["DRAW_SWITCHES", "RANKDIRS", "DrawOptions"]

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
# Graph directions draw() accepts (kerasteach.layout.RANKDIRS), in words.
RANKDIRS = {"TB": "top to bottom", "LR": "left to right"}


class DrawOptions:
    """The current ``draw()`` keywords, and the switches once built.

    ``on_change()`` is called after a student flips a switch or after
    :meth:`set`; it redraws.
    """

    def __init__(self, options: dict[str, Any] | None, on_change: Callable[[], None]):
        self.values = {**draw_defaults(), **(options or {})}
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
        move the switches along and redraw once."""
        known = draw_defaults()
        unknown = sorted(set(options) - set(known))
        if unknown:
            raise TypeError(
                f"set_draw_options() got unknown option(s) {', '.join(unknown)}. "
                f"Expected some of: {', '.join(sorted(known))}."
            )
        self.values.update(options)
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
        value = self.values.get("rankdir", "TB")
        return value if value in RANKDIRS else "TB"  # draw() said what is wrong

    def _on_switch(self, change) -> None:
        for key, switch in self.switches.items():
            self.values[key] = switch.value
        assert self.rankdir is not None
        self.values["rankdir"] = self.rankdir.value
        self.on_change()
