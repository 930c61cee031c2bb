"""The widgets' stylesheet, and the small one a selection swaps in.

Every kerasteach widget sends :data:`BASE_CSS` once, with its code panes
(:mod:`kerasteach._widget_code`); a selection in the compare widget then
changes only a two-rule ``<style>`` (:func:`selection_css`), scoped to its
widget by :func:`scope`.
"""

from __future__ import annotations

from ._widget_layers import summary_header

__all__ = [
    "BASE_CSS",
    "HEADER_CSS",
    "SELECTED_BACKGROUND",
    "SELECTED_COLOUR",
    "scope",
    "selection_css",
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
# Compare's two code panes share one scroller (the code box), so that their
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
# The two scrollers, the code box and the graph box, are the HTML widgets'
# own .widget-html-content divs, not a div of their value: ipywidgets'
# HTMLView makes that div once and only sets its innerHTML when the value
# changes, so it keeps its scroll position across a redraw of the graph or a
# switch of the code style.  A scroller inside the value was a new element
# after each change, back at the top left, and the student's selection out of
# sight.  The code's notes are therefore not in the value (they would scroll
# away under the code) but the code widget's description, its label, put
# below the box (order:1 in a column), as the layer list's heading is above it.
# A note (under the playground's model) keeps its line breaks (pre-wrap): a
# note that shows a line to write puts it on a line of its own, as the
# problems do.
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
.kt-cmp>.kt-code{flex-direction:column}
.kt-cmp>.kt-code>.widget-html-content{max-height:420px;overflow:auto;
  line-height:normal}
.kt-cmp>.kt-code>.widget-label{order:1;display:block;width:auto;max-width:none;
  height:auto;line-height:1.45;text-align:left;white-space:pre-line;
  overflow:visible;margin:2px 0 0 0;padding:0;font-size:13px;color:#555}
.kt-compare .kt-codebox{display:flex;align-items:flex-start}
.kt-compare .kt-half{flex:1 1 0;min-width:0;margin:0 2px}
.kt-compare .kt-codebox .kt-pane{overflow-x:auto;overflow-y:hidden;display:grid;
  grid-template-columns:minmax(max-content,1fr)}
.kt-compare .kt-half>.kt-reasons{width:0;min-width:100%;box-sizing:border-box}
.kt-cmp>.kt-graph>.widget-html-content{max-height:560px;overflow:auto;
  border:1px solid #ddd;border-radius:4px;line-height:normal}
.kt-cmp>.kt-graph>.widget-html-content:has(>.kt-problem){border:0}
.kt-compare .kt-stack{position:relative}
.kt-compare .kt-stack img{display:block;max-width:none}
.kt-compare .kt-mark{position:absolute;display:none;pointer-events:none;
  scroll-margin:40px;border:3px solid #1a73e8;border-radius:7px;
  box-sizing:border-box;box-shadow:0 0 0 3px rgba(26,115,232,.3)}
.kt-compare .kt-problem{font-size:13px;line-height:1.45;padding:6px 10px;
  white-space:normal;color:#5a0000;background:#fff4f4;border:1px solid #e8a0a0;
  border-radius:4px}
.kt-compare .kt-note{font-size:13px;line-height:1.45;color:#555;
  white-space:pre-wrap}
.kt-compare .kt-reasons{font-family:var(--jp-content-font-family,sans-serif);
  font-size:13px;line-height:1.45;padding:6px 10px;white-space:normal;
  background:#fff8f0;border:1px solid #f0c8a0;border-radius:4px}
.kt-compare .kt-reasons li{margin:4px 0}
.kt-compare .kt-more-names summary{cursor:pointer;color:#555}
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
