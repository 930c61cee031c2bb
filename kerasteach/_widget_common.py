"""What the widgets share: layout and style objects, HTML panes, closing.

Every ipywidgets object is also a comm and a model in the browser, so the
compare widget keeps them few.  Sizes and positions come from CSS classes
(``_widget_css.BASE_CSS``), so one Layout and one style object per kind
serve every compare widget of a kernel; :func:`close_tree` leaves them open.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets
from ipywidgets.widgets.widget_bool import CheckboxStyle, ToggleButtonStyle
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_selection import ToggleButtonsStyle
from ipywidgets.widgets.widget_string import HTMLStyle

__all__ = ["shared", "close_tree", "html_pane", "problem_html"]

_SHARED: dict[str, widgets.Widget] = {}
_KINDS: dict[str, Callable[[], widgets.Widget]] = {
    "layout": widgets.Layout,
    "html": HTMLStyle,
    "description": DescriptionStyle,
    "checkbox": CheckboxStyle,
    "toggle": ToggleButtonStyle,
    "toggles": lambda: ToggleButtonsStyle(button_width="80px"),
}


def shared(kind: str) -> widgets.Widget:
    """The kernel's one layout (``"layout"``) or style object of ``kind``."""
    w = _SHARED.get(kind)
    if w is None or w.comm is None:  # first use, or closed by Widget.close_all()
        w = _SHARED[kind] = _KINDS[kind]()
    return w


def close_tree(root: widgets.Widget) -> None:
    """Close ``root`` and every widget it holds (children, layout, style),
    except the shared layout and styles."""
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


def html_pane(value: str = "", *classes: str, **traits) -> widgets.HTML:
    """An HTML widget with the shared layout and style, placed by class;
    ``traits`` sets others (``tooltip=""``) before the widget is opened."""
    return widgets.HTML(
        value,
        layout=shared("layout"),
        style=shared("html"),
        _dom_classes=classes,
        **traits,
    )


def problem_html(what: str, exc: Exception, advice: str) -> str:
    """A failure, for the part of a widget that failed: what, why, what next."""
    return (
        f'<div class="kt-problem">{html.escape(what)} '
        f"({html.escape(type(exc).__name__)}: {html.escape(str(exc))}). "
        f"{html.escape(advice)}</div>"
    )
