"""Static HTML for a :class:`~kerasteach.widget.Compare` widget.

A notebook saved with its outputs keeps this next to the widget view, so
viewers that run no widgets (GitHub, or nbviewer when the notebook was saved
without widget state) still show the two code panes and the graph.
Everything is styled inline: such viewers drop ``<style>`` blocks.  It is
built only when the widget is displayed.
"""

from __future__ import annotations

import base64
import html
import io
import re

from . import _widget_code as code_html

__all__ = ["static_html"]

_PANE = (
    "vertical-align:top;width:50%;padding:4px;font-family:monospace;"
    "font-size:12px;line-height:18px;background:#fafafa;border:1px solid #ddd"
)


# An SVG bigger than this (a 1000-layer model gives ~20 MB) would bloat the
# saved notebook: the PNG the widget already shows is embedded instead.
MAX_SVG_CHARS = 3_000_000


def _graph(widget) -> str:
    figure = widget.figure
    if figure is None:
        return ""
    buf = io.StringIO()
    # no date or matplotlib version in the SVG: a notebook saved with it
    # stays the same when it is run again, on any machine
    figure.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    text = buf.getvalue()
    width, height = widget.image_size
    if len(text) <= MAX_SVG_CHARS:
        start = text.find("<svg")  # drop the XML prolog and doctype
        return _sized(text[start:] if start >= 0 else text, width, height)
    png = base64.b64encode(widget.png).decode("ascii")
    return (
        f'<img alt="layer graph of {html.escape(widget.graph.name)}" '
        f'width="{width}" height="{height}" src="data:image/png;base64,{png}">'
    )


def _sized(svg: str, width: int, height: int) -> str:
    """The SVG at the live view's size: matplotlib sizes it in points, which
    a browser shows at 96 pixels per inch, while the widget's PNG is shown
    at draw()'s 100 (the static view was some 4 % smaller).  Only the root
    tag's size changes; its viewBox scales the drawing to it."""
    end = svg.find(">")
    if end < 0 or width <= 0 or height <= 0:
        return svg
    tag = _SIZE.sub(
        lambda m: f'{m.group(1)}="{width if m.group(1) == "width" else height}px"',
        svg[:end],
    )
    return tag + svg[end:]


_SIZE = re.compile(r'(?<![\w:-])(width|height)="[^"]*"')


def static_html(widget) -> str:
    functional = widget.functional_code
    sequential = widget.sequential_code
    f_lines = code_html.highlight_lines(functional.source, inline=True)
    f_owners = code_html.line_owners(functional.spans)
    right = code_html.pane_html(
        widget.functional_rows, f_lines, f_owners, widget.index, inline_styles=True
    )
    if sequential is None:
        left = code_html.reasons_html(
            widget.explanation, widget.index, held=code_html.held_in(widget.graph)
        )
        left_title = "Sequential: not possible"
    else:
        s_lines = code_html.highlight_lines(sequential.source, inline=True)
        left = code_html.pane_html(
            widget.sequential_rows,
            s_lines,
            code_html.line_owners(sequential.spans),
            widget.index,
            inline_styles=True,
        )
        left_title = "Sequential"
    name = html.escape(widget.graph.name)
    return (
        '<div class="kt-static" style="font-family:sans-serif">'
        f"<p><b>kerasteach.compare</b>: model <code>{name}</code> "
        "(static view; run the notebook for the interactive widget)</p>"
        '<table style="border-collapse:collapse;width:100%;table-layout:fixed">'
        f'<tr><th style="text-align:left">{left_title}</th>'
        '<th style="text-align:left">Functional</th></tr>'
        f'<tr><td style="{_PANE}"><div style="overflow-x:auto">{left}</div></td>'
        f'<td style="{_PANE}"><div style="overflow-x:auto">{right}</div></td></tr>'
        "</table>"
        f'<div style="overflow:auto;max-height:800px">{_graph(widget)}</div>'
        "</div>"
    )
