"""Code panes for the widgets: highlighted, line-aligned, selectable.

Pure functions, no ipywidgets: they turn :class:`~kerasteach.codegen.GeneratedCode`
into HTML fragments the widgets send once.  Their stylesheet, and the
small one a selection swaps in, are in :mod:`kerasteach._widget_css`.

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
from dataclasses import dataclass, field
from typing import Any

from ._widget_css import BASE_CSS, HEADER_CSS
from ._widget_highlight import highlight_lines, pygments_css
from ._widget_unused_inputs import unused_input_notes

__all__ = [
    "CodePage",
    "code_page",
    "Row",
    "align",
    "line_owners",
    "definition_rows",
    "highlight_lines",
    "pygments_css",
    "pane_html",
    "held_in",
    "reasons_html",
]


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


def definition_rows(
    definitions: Mapping[str, tuple[int, int]],
) -> dict[int, tuple[str, ...]]:
    """For each line of the block that builds a nested model
    (``GeneratedCode.definitions``), that model's key and those of the
    models around it: the block of ``"outer/encoder"`` is part of building
    ``"outer"`` too.  Selecting a nested model lights up these rows as well
    as the line that calls it."""
    rows: dict[int, tuple[str, ...]] = {}
    for key, (first, last) in definitions.items():
        parts = key.split("/")  # Keras refuses "/" in a name: it splits keys
        keys = tuple("/".join(parts[:n]) for n in range(len(parts), 0, -1))
        for line in range(first, last + 1):
            rows[line] = keys
    return rows


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
    models: Mapping[int, Sequence[str]] | None = None,
) -> str:
    """A code pane: one ``div`` per row, layer rows tagged ``kt-l<n>``.

    ``models`` (from :func:`definition_rows`) adds the classes of the nested
    models whose block a row is in.

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
        keys = [] if key is None else [key]
        if models and row.line in models:
            keys += [k for k in models[row.line] if k in layer_index and k != key]
        cls = " ".join(["kt-row", *(f"kt-l{layer_index[k]}" for k in keys)])
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


def held_in(graph) -> dict[str, str]:
    """``{"dense_2": "self.skip"}``: the layers of a subclassed model
    ``graph`` by the attributes its ``call()`` uses (empty for others)."""
    from ._reason_words import held_word

    return {la.name: held_word(la) for la in graph.layers if la.attribute}


_CHIPS_SHOWN = 12  # layer names shown under a reason; the rest fold away


def reasons_html(
    explanation,
    layer_index: Mapping[str, int],
    *,
    anchor: str = "",
    linked: Collection[str] = (),
    headed: bool = True,
    advice: str = "Use the Functional code on the right: it can express "
    "branches, merges and shared layers.",
    held: Mapping[str, str] | None = None,
) -> str:
    """Why the model has no Sequential form, in plain words, then ``advice``
    (compare's says to use the Functional code on the right).  ``headed``
    starts with "No Sequential version." in bold (the playground has that
    as its title already).

    Each layer a reason names is listed with the class ``kt-l<n>``, so it
    lights up when selected, like a code line; past the first dozen (a
    reason for many skip connections), the names fold away under "and N
    more layers", still marked and linked.  With ``anchor``, a name in
    ``linked`` (the layers whose first row carries the id ``<anchor>l<n>``,
    see :func:`pane_html`) is a link to that row: a click scrolls the code
    to the layer, the most a page without script can do.  The playground
    shows the reasons without a code pane, so its names are no links.
    ``held`` maps a subclassed model's layers to the attributes its
    ``call()`` uses (``{"dense_2": "self.skip"}``, see :func:`held_in`): the
    reasons say those, the names stay Keras's, as the code has them, and
    both are shown, ``dense_2 (self.skip)``.
    """
    name = html.escape(explanation.model_name)
    count = len(explanation.reasons)
    items = []
    links = False
    for reason in explanation.reasons:
        chips = []
        for n in reason.layers:
            text = html.escape(n)
            if held and n in held:
                text += f" ({html.escape(held[n])})"
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
        names = " ".join(chips[:_CHIPS_SHOWN])
        if len(chips) > _CHIPS_SHOWN:  # a reason for many skip connections
            names += (
                f'<details class="kt-more-names"><summary>and '
                f"{len(chips) - _CHIPS_SHOWN} more layers</summary>"
                f"{' '.join(chips[_CHIPS_SHOWN:])}</details>"
            )
        items.append(f"<li>{html.escape(reason.message)}<br>{names}</li>")
    click = " Click a name to see its code." if links else ""
    return (
        '<div class="kt-reasons">'
        f"<p>{'<b>No Sequential version.</b> ' if headed else ''}Model "
        f"<code>{name}</code> is not a single chain of layers, so "
        "<code>keras.Sequential</code> cannot build it "
        f"({count} reason{'s' if count != 1 else ''}):</p>"
        f"<ul>{''.join(items)}</ul>"
        f"<p>The layers named here are marked in the graph.{click} "
        f"{html.escape(advice)}</p></div>"
    )


@dataclass(frozen=True)
class CodePage:
    """Both codes of a model in one style, and the HTML that shows them."""

    functional: Any  # GeneratedCode
    sequential: Any  # GeneratedCode, or None when the model is not a chain
    functional_rows: list[Row]
    sequential_rows: list[Row]
    functional_pane: str  # title and rows
    sequential_pane: str  # title and rows, or the reasons
    html: str  # the stylesheet, both panes side by side
    notes: str = ""  # plain text, a line per note, shown below the code box
    functional_owners: Mapping[int, str] = field(default_factory=dict)
    sequential_owners: Mapping[int, str] = field(default_factory=dict)

    def codes(self) -> list[tuple[Any, Mapping[int, str]]]:
        """Each code there is, Sequential first, with its line owners
        (:func:`line_owners`)."""
        pairs = [(self.sequential, self.sequential_owners)]
        pairs.append((self.functional, self.functional_owners))
        return [(code, owners) for code, owners in pairs if code is not None]


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
    s_owners = {} if sequential is None else line_owners(sequential.spans)
    if sequential is None:
        left: list[Row] = []
        right = [Row(n) for n in range(1, n_f + 1)]
        # pane_html gives an id to each layer that owns a row: here every
        # line has a row
        left_html = '<div class="kt-title">Sequential: not possible</div>' + (
            reasons_html(
                explanation,
                layer_index,
                anchor=anchor,
                linked=set(f_owners.values()),
                held=held_in(graph),
            )
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
                s_owners,
                layer_index,
                models=definition_rows(sequential.definitions),
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
            models=definition_rows(functional.definitions),
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
    # Plain text: the widget shows the notes as its description, outside
    # the scrolled code (see _widget_css), so that they stay in sight.
    notes = "\n".join(
        f"Note{where}: {' '.join(n.split())}" for where, n in dict.fromkeys(labelled)
    )
    # and what the model itself does not use (an input no layer reads)
    shown = [notes] if notes else []
    shown += [f"Note: {n}" for n in unused_input_notes(graph)]
    notes = "\n".join(shown)
    page = (
        f"<style>{BASE_CSS}{HEADER_CSS}{pygments_css()}</style>"
        f'<div class="kt-codebox"><div class="kt-half kt-sequential">{left_html}'
        f'</div><div class="kt-half kt-functional">{right_html}</div></div>'
    )
    return CodePage(
        functional,
        sequential,
        right,
        left,
        right_html,
        left_html,
        page,
        notes,
        f_owners,
        s_owners,
    )


def _titled(title: str, body: str) -> str:
    return f'<div class="kt-title">{title}</div><div class="kt-pane">{body}</div>'
