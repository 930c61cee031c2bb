"""Code panes for the widgets: highlighted, line-aligned, selectable.

Pure functions, no ipywidgets: they turn :class:`~kerasteach.codegen.GeneratedCode`
into HTML fragments the widgets send once, and the small CSS that a
selection swaps in.

Two panes show the same model in two styles.  Each layer is defined on one
or a few lines in each; :func:`align` inserts blank rows so that each layer's
first line sits on the same row in both panes, and the translation reads
line by line.  Every row of a layer carries the class ``kt-l<n>`` (``n`` the
layer's position in the widget's layer list), so highlighting a layer is one
CSS rule, ``.kt-<uid> .kt-l<n> {...}``, and never a new copy of the code.
"""

from __future__ import annotations

import html
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ._widget_highlight import highlight_lines, pygments_css
from ._widget_layers import summary_header

__all__ = [
    "CodePage",
    "code_page",
    "HEADER_CSS",
    "Row",
    "align",
    "line_owners",
    "highlight_lines",
    "pygments_css",
    "pane_html",
    "reasons_html",
    "selection_css",
    "scope",
    "BASE_CSS",
]

# Rows have a fixed height so that the two panes line up to the pixel.
# The compare widget is a GridBox: its children find their place by class
# (``kt-toolbar``, ``kt-code``, ...), so none of them needs a Layout of its own.
# The HTML panes of every kerasteach widget (compare and playground) may shrink
# below their content (min-width:0): a long line scrolls inside its pane
# (the playground) or inside the code box (compare) instead of widening the
# widget past the output area.  Their text gets a
# reading line height: ipywidgets gives it 28px (one widget row), so a
# wrapped line in the info box or the playground read double-spaced.
# The layer list is a column (its heading above it), where ipywidgets'
# ``flex:1 1 148px`` for the <select> (meant as a width, in a row) set its
# height to 148px whatever its rows; ``flex:0 0 auto`` lets the height
# follow ``rows`` (the Select's ``size``) instead.
# Compare's two code panes share one scroller (.kt-codebox), so that their
# rows stay aligned while it scrolls up and down.  Sideways, each half is
# exactly half of it (flex:1 1 0, min-width:0) and its pane scrolls its own
# long lines (overflow-x:auto on the .kt-pane, under the title, so that the
# title still sticks to the top of the box).  Before, each half was as wide
# as its longest line and the box scrolled both ways, its horizontal
# scrollbar at the box's visible bottom; but one long line (a 40-character
# layer name, or any generated line in a window under about 1000px) then
# pushed the Functional pane out of the box, a sliver at its right edge,
# and "show in the code" scrolled the box sideways, hiding the Sequential
# line numbers.  Losing the second pane is worse than the price paid now: a
# pane's sideways scrollbar sits under its last row, in sight only at the
# end of the box (a trackpad or Shift+wheel scrolls a pane anywhere).  A
# pane's rows are as wide as its longest line (one grid column, at least
# the pane wide and as wide as its widest row), so a selected row stays lit
# across the pane when it is scrolled sideways.  The reasons (no Sequential
# version) wrap in their half (width:0 keeps their one-line width out of
# the half's width).
# Outside JupyterLab (VS Code, Colab, a page of saved widget state) the --jp-*
# variables may be missing, so every var() carries a fallback.
BASE_CSS = """
.kt-compare{font-family:var(--jp-ui-font-family,system-ui,sans-serif)}
.kt-compare .kt-pane{font-family:var(--jp-code-font-family,monospace);
  font-size:12px;line-height:18px;overflow-x:auto;background:#fafafa;
  border:1px solid #ddd;border-radius:4px;padding:4px 0;color:#1f2328}
.kt-compare .kt-row{height:18px;white-space:pre;padding-right:8px}
.kt-compare .kt-ln{display:inline-block;width:3.5em;padding-right:.8em;
  scroll-margin-top:28px;
  text-align:right;color:#999;user-select:none;-webkit-user-select:none}
.kt-compare .kt-title{font-weight:600;padding:2px 0;position:sticky;top:0;
  z-index:1;background:var(--jp-layout-color0,#fff)}
.kt-compare .kt-hidden{height:0;margin:0;overflow:hidden}
.kt-cmp{grid-template-columns:minmax(0,48fr) minmax(0,52fr);column-gap:10px;
  grid-template-areas:"style opts-button" "opts opts" "code code" "graph list"
  "graph info";grid-template-rows:auto auto auto auto 1fr;align-items:start}
.kt-compare .widget-html>.widget-html-content{min-width:0;line-height:1.4}
.kt-cmp>.kt-style-switch{grid-area:style}
.kt-cmp>.kt-options-button{grid-area:opts-button;justify-self:end}
.kt-cmp>.kt-options{grid-area:opts;flex-flow:row wrap;align-items:center;
  padding:2px 0 4px 0}
.kt-cmp>.kt-code{grid-area:code;margin:4px 0 0 0}
.kt-cmp>.kt-graph{grid-area:graph;margin:6px 0 0 0}
.kt-cmp>.kt-list{grid-area:list;width:auto;margin:6px 0 0 0;
  flex-direction:column;align-items:stretch;overflow-x:auto}
.kt-cmp>.kt-list>select{flex:0 0 auto;align-self:flex-start;min-width:100%}
.kt-cmp>.kt-list>.widget-label{display:block;width:auto;max-width:none;
  height:auto;line-height:1.4;text-align:left;white-space:normal;
  overflow:visible;margin:0 0 2px 0;padding:0}
.kt-cmp>.kt-info{grid-area:info;margin:0}
.kt-compare .kt-switch{width:auto;margin:0 10px 0 0}
.kt-compare .kt-rankdir{width:230px}
.kt-compare .kt-codebox{max-height:420px;overflow:auto;display:flex;
  align-items:flex-start;line-height:normal}
.kt-compare .kt-half{flex:1 1 0;min-width:0;margin:0 2px}
.kt-compare .kt-codebox .kt-pane{overflow-x:auto;overflow-y:hidden;display:grid;
  grid-template-columns:minmax(max-content,1fr)}
.kt-compare .kt-half>.kt-reasons{width:0;min-width:100%;box-sizing:border-box}
.kt-compare .kt-scroll{max-height:560px;overflow:auto;border:1px solid #ddd;
  border-radius:4px;line-height:normal}
.kt-compare .kt-stack{position:relative}
.kt-compare .kt-stack img{display:block;max-width:none}
.kt-compare .kt-mark{position:absolute;display:none;pointer-events:none;
  scroll-margin:40px;border:3px solid #1a73e8;border-radius:7px;
  box-sizing:border-box;box-shadow:0 0 0 3px rgba(26,115,232,.3)}
.kt-compare .kt-problem{font-size:13px;line-height:1.45;padding:6px 10px;
  white-space:normal;color:#5a0000;background:#fff4f4;border:1px solid #e8a0a0;
  border-radius:4px}
.kt-compare .kt-note{font-size:13px;line-height:1.45;color:#555}
.kt-compare .kt-reasons{font-family:var(--jp-content-font-family,sans-serif);
  font-size:13px;line-height:1.45;padding:6px 10px;white-space:normal;
  background:#fff8f0;border:1px solid #f0c8a0;border-radius:4px}
.kt-compare .kt-reasons li{margin:4px 0}
.kt-compare .kt-layer-name{font-family:var(--jp-code-font-family,monospace);
  background:#ffe3cc;border-radius:3px;padding:0 3px;color:inherit}
.kt-compare a.kt-layer-name{text-decoration:underline dotted;cursor:pointer}
.kt-compare .kt-list select{font-family:var(--jp-code-font-family,monospace);
  font-size:11px}
.kt-compare .kt-info{font-size:13px;line-height:1.4;overflow-wrap:anywhere}
.kt-compare .kt-jump a{color:var(--jp-content-link-color,#1a73e8);
  text-decoration:underline;margin-right:12px}
.kt-compare .kt-info pre{margin:2px 0;font-size:12px;background:#fafafa;
  padding:2px 4px;border-radius:3px;white-space:pre-wrap;line-height:1.4}
"""

# The summary's column names, under its description: generated content, so
# that the heading needs no widget (and no HTML a front end may sanitize).
HEADER_CSS = (
    ".kt-cmp>.kt-list>.widget-label::after{display:block;white-space:pre;"
    "font-family:var(--jp-code-font-family,monospace);font-size:11px;"
    f'color:#555;padding:2px 0 0 6px;content:"{summary_header()}"}}'
)

# The selection's colours: the mark around its box in the graph and the
# stripe left of its rows are blue, its rows light blue, so that it stands
# out from the red-bordered, yellow boxes of the layers named in a reason
# (and the mark has no fill, which dimmed the box's text).  BASE_CSS's
# .kt-mark rule spells SELECTED_COLOUR out.
SELECTED_COLOUR = "#1a73e8"
SELECTED_BACKGROUND = "#d2e3fc"


@dataclass(frozen=True)
class Row:
    """One row of an aligned pane: a source line (1-based) or padding."""

    line: int | None  # None for a padding row


def line_owners(spans: Mapping[str, tuple[int, int]]) -> dict[int, str]:
    """For each source line, the layer that defines it.

    Spans may nest or overlap: a shared layer's span runs from its
    definition to its last call, across other layers' lines.  The shortest
    span that covers a line wins, so each line belongs to one layer.
    """
    owners: dict[int, str] = {}
    ordered = sorted(spans.items(), key=lambda kv: kv[1][1] - kv[1][0], reverse=True)
    for key, (first, last) in ordered:
        for line in range(first, last + 1):
            owners[line] = key
    return owners


def align(
    left_lines: int,
    left_spans: Mapping[str, tuple[int, int]],
    right_lines: int,
    right_spans: Mapping[str, tuple[int, int]],
) -> tuple[list[Row], list[Row]]:
    """Rows for two panes so each shared layer starts on the same row.

    The anchors are the layers present in both codes, taken in the order of
    the left code; an anchor that would go backwards in the right code is
    dropped (it cannot be aligned without reordering lines).  Between
    anchors, the shorter side is padded with blank rows at the end of the
    gap, so a layer's lines stay together.
    """
    anchors: list[tuple[int, int]] = []
    last_right = 0
    for key, (first, _) in sorted(left_spans.items(), key=lambda kv: kv[1][0]):
        other = right_spans.get(key)
        if other is None or other[0] <= last_right:
            continue
        if anchors and first <= anchors[-1][0]:
            continue
        anchors.append((first, other[0]))
        last_right = other[0]
    left: list[Row] = []
    right: list[Row] = []
    li = ri = 1
    for lf, rf in [*anchors, (left_lines + 1, right_lines + 1)]:
        left += [Row(n) for n in range(li, lf)]
        right += [Row(n) for n in range(ri, rf)]
        gap = len(left) - len(right)
        if gap > 0:
            right += [Row(None)] * gap
        elif gap < 0:
            left += [Row(None)] * -gap
        li, ri = lf, rf
    return left, right


def pane_html(
    rows: Sequence[Row],
    lines_html: Sequence[str],
    owners: Mapping[int, str],
    layer_index: Mapping[str, int],
    *,
    inline_styles: bool = False,
    anchor: str = "",
) -> str:
    """A code pane: one ``div`` per row, layer rows tagged ``kt-l<n>``.

    With ``anchor``, the line number of layer ``n``'s first row gets the id
    ``<anchor>l<n>``: a link to ``#<anchor>l<n>`` scrolls the pane to it.  On
    the narrow number, not the whole row, so that a row wider than the code
    box does not scroll the box sideways and hide the other pane's start.
    """
    row_style = pad_style = ln_style = ""
    if inline_styles:
        row_style = ' style="height:18px;white-space:pre"'
        ln_style = (
            ' style="display:inline-block;width:3.5em;padding-right:.8em;'
            'text-align:right;color:#999"'
        )
        pad_style = row_style
    parts: list[str] = []
    anchored: set[str] = set()
    for row in rows:
        if row.line is None:
            parts.append(f'<div class="kt-row kt-pad"{pad_style}> </div>')
            continue
        key = owners.get(row.line)
        cls = "kt-row" if key is None else f"kt-row kt-l{layer_index[key]}"
        ident = ""
        if anchor and key is not None and key not in anchored:
            anchored.add(key)
            ident = f' id="{anchor}l{layer_index[key]}"'
        text = lines_html[row.line - 1] or " "
        parts.append(
            f'<div class="{cls}"{row_style}><span class="kt-ln"{ident}{ln_style}>'
            f"{row.line}</span>{text}</div>"
        )
    return "".join(parts)


def reasons_html(
    explanation,
    layer_index: Mapping[str, int],
    *,
    anchor: str = "",
    linked: Collection[str] = (),
) -> str:
    """Why the model has no Sequential form, in plain words.

    Each layer a reason names is listed with the class ``kt-l<n>``, so it
    lights up when selected, like a code line.  With ``anchor``, a name in
    ``linked`` (the layers whose first row carries the id ``<anchor>l<n>``,
    see :func:`pane_html`) is a link to that row: a click scrolls the code
    to the layer, the most a page without script can do.  The playground
    shows the reasons without a code pane, so its names are no links.
    """
    name = html.escape(explanation.model_name)
    count = len(explanation.reasons)
    items = []
    links = False
    for reason in explanation.reasons:
        chips = []
        for n in reason.layers:
            text = html.escape(n)
            if n not in layer_index:
                chips.append(f'<span class="kt-layer-name">{text}</span>')
            elif anchor and n in linked:
                links = True
                chips.append(
                    f'<a class="kt-layer-name kt-l{layer_index[n]}" '
                    f'href="#{anchor}l{layer_index[n]}" title="show its code">'
                    f"{text}</a>"
                )
            else:
                chips.append(
                    f'<span class="kt-layer-name kt-l{layer_index[n]}">{text}</span>'
                )
        items.append(f"<li>{html.escape(reason.message)}<br>{' '.join(chips)}</li>")
    click = " Click a name to see its code." if links else ""
    return (
        '<div class="kt-reasons">'
        f"<p><b>No Sequential version.</b> Model <code>{name}</code> is not a "
        "single chain of layers, so <code>keras.Sequential</code> cannot "
        f"build it ({count} reason{'s' if count != 1 else ''}):</p>"
        f"<ul>{''.join(items)}</ul>"
        f"<p>The layers named here are marked in the graph.{click} Use the Functional "
        "code on the right: it can express branches, merges and shared "
        "layers.</p></div>"
    )


def scope(uid: str) -> str:
    """The selector of compare widget ``uid``, for the rules of a selection.

    Every kerasteach widget of a notebook brings its own copy of
    :data:`BASE_CSS`, so a widget's selection rule may come before another
    widget's base rules in the page.  Its two classes make it more specific
    than any base rule on the same element (``.kt-compare .kt-mark`` hides
    the mark, ``.kt-compare .kt-layer-name`` colours a name), so it wins
    wherever it stands.
    """
    return f".kt-cmp.kt-{uid}"


def selection_css(uid: str, index: int | None, *extra_rules: str) -> str:
    """The ``<style>`` that highlights layer ``index`` in widget ``uid``
    (its rows in both panes, its name in the reasons), plus ``extra_rules``."""
    rules = [r for r in extra_rules if r]
    if index is not None:
        rules.insert(
            0,
            f"{scope(uid)} .kt-l{index}{{background:{SELECTED_BACKGROUND};"
            f"box-shadow:inset 3px 0 0 {SELECTED_COLOUR}}}",
        )
    return f"<style>{''.join(rules)}</style>" if rules else ""


@dataclass(frozen=True)
class CodePage:
    """Both codes of a model in one style, and the HTML that shows them."""

    functional: Any  # GeneratedCode
    sequential: Any  # GeneratedCode, or None when the model is not a chain
    functional_rows: list[Row]
    sequential_rows: list[Row]
    functional_pane: str  # title and rows
    sequential_pane: str  # title and rows, or the reasons
    html: str  # the stylesheet, both panes side by side, the notes


def code_page(
    graph, explanation, layer_index: Mapping[str, int], faithful: bool, uid: str
) -> CodePage:
    """Generate both codes and lay them out row by row for widget ``uid``.

    The Functional pane's first row of each layer carries an id
    (``kt-<uid>-l<n>``) that the selection's links scroll to.
    """
    from .codegen import to_functional_code, to_sequential_code

    functional = to_functional_code(graph, faithful=faithful)
    sequential = None
    if explanation.is_sequential:
        sequential = to_sequential_code(graph, faithful=faithful)
    f_lines = highlight_lines(functional.source)
    f_owners = line_owners(functional.spans)
    n_f = len(functional.lines)
    anchor = f"kt-{uid}-"
    if sequential is None:
        left: list[Row] = []
        right = [Row(n) for n in range(1, n_f + 1)]
        # the layers pane_html gives an id: those that own a row
        anchored = {f_owners[r.line] for r in right if r.line in f_owners}
        left_html = '<div class="kt-title">Sequential: not possible</div>' + (
            reasons_html(explanation, layer_index, anchor=anchor, linked=anchored)
        )
    else:
        left, right = align(
            len(sequential.lines), sequential.spans, n_f, functional.spans
        )
        left_html = _titled(
            "Sequential",
            pane_html(
                left,
                highlight_lines(sequential.source),
                line_owners(sequential.spans),
                layer_index,
            ),
        )
    right_html = _titled(
        "Functional",
        pane_html(
            right,
            f_lines,
            f_owners,
            layer_index,
            anchor=anchor,
        ),
    )
    # A note that differs between the codes (an adapted layer's names the
    # layer as that code does) says which code it is about.
    seq_notes = () if sequential is None else sequential.notes
    labelled = [
        ("" if sequential is None or n in seq_notes else " (Functional code)", n)
        for n in functional.notes
    ]
    labelled += [
        (" (Sequential code)", n) for n in seq_notes if n not in functional.notes
    ]
    notes = "".join(
        f'<div class="kt-note">Note{where}: {html.escape(n)}</div>'
        for where, n in dict.fromkeys(labelled)
    )
    page = (
        f"<style>{BASE_CSS}{HEADER_CSS}{pygments_css()}</style>"
        f'<div class="kt-codebox"><div class="kt-half kt-sequential">{left_html}'
        f'</div><div class="kt-half kt-functional">{right_html}</div></div>'
        f"{notes}"
    )
    return CodePage(functional, sequential, right, left, right_html, left_html, page)


def _titled(title: str, body: str) -> str:
    return f'<div class="kt-title">{title}</div><div class="kt-pane">{body}</div>'
