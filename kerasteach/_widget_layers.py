"""The layer list behind the widget: one entry per layer, in call order.

The entries feed the summary table (name, type, output shape, parameters),
give each layer the number used in its CSS class (``kt-l<n>``) and say which
names the code spans and the drawing use for it.  Layers of a nested model
follow the model's own row, named ``"outer/inner"`` as in
:attr:`~kerasteach.codegen.GeneratedCode.spans`.
"""

from __future__ import annotations

import functools
import html
import io
import re
import textwrap
import tokenize
from dataclasses import dataclass

from ._box_text import cut, type_name
from .graph import MODEL, ModelGraph

__all__ = [
    "Entry",
    "entries",
    "summary_labels",
    "summary_header",
    "format_shape",
    "shape_cell",
    "info_html",
]

NBSP = "\u00a0"
# Column widths in characters.  The shape column holds a 4-D shape of 3 and
# 4 digit sizes whole ("(None, 224, 224, 64)", "(None, 112, 112, 128)");
# longer ones lose their spaces first ("(None,112,112,1024)", shape_cell).
# The whole row stays 66 characters (about 440 pixels at 11px), so that it
# fits the list's half of a widget about 870 pixels wide; the info line under
# the list shows a cut name or type whole.  Names are cut in the middle
# (_cell), so that the layers of one block stay apart.
_NAME_WIDTH = 19
_TYPE_WIDTH = 14
_SHAPE_WIDTH = 21
_PARAMS_WIDTH = 9


@dataclass(frozen=True)
class Entry:
    """One layer as the widget lists it."""

    key: str  # "dense" or "encoder/dense"
    name: str  # the layer's own name
    class_name: str  # "Dense"; "ops.add" for a raw op
    shape: str
    params: int
    depth: int
    calls: int
    shapes: tuple = ()  # the output shapes ``shape`` is written from
    trainable_params: int = 0  # those of ``params`` that training changes
    frozen: bool = False  # trainable=False
    # in a subclassed model, the attribute call() uses: "self.h", "self.block.h1"
    attribute: str | None = None


def _one(shape, sep: str = ", ") -> str:
    dims = sep.join("None" if d is None else str(d) for d in shape)
    return f"({dims},)" if len(shape) == 1 else f"({dims})"


def format_shape(shapes) -> str:
    """``(None, 26, 26, 32)``; several outputs as a list, as Keras shows them."""
    if not shapes:
        return ""
    if len(shapes) == 1:
        return _one(shapes[0])
    return "[" + ", ".join(_one(s) for s in shapes) + "]"


def shape_cell(shapes, width: int = _SHAPE_WIDTH) -> str:
    """The output shapes in at most ``width`` characters: as
    :func:`format_shape` writes them, or else without spaces; several
    outputs that still do not fit become the first one and "…".  Cut with
    "…" only when nothing else fits (the info line under the list always
    has them whole)."""
    if not shapes:
        return ""
    candidates = []
    for sep in (", ", ","):
        one = [_one(s, sep) for s in shapes]
        candidates.append(one[0] if len(one) == 1 else "[" + sep.join(one) + "]")
    if len(shapes) > 1:
        for sep in (", ", ","):
            candidates.append(f"[{_one(shapes[0], sep)}{sep}…")
    for text in candidates:
        if len(text) <= width:
            return text
    return candidates[-1][: width - 1] + "…"


def entries(
    graph: ModelGraph, prefix: str = "", depth: int = 0, held: str | None = "self"
) -> list[Entry]:
    """Every layer of ``graph`` (and of nested models), in call order;
    ``held`` is the attribute path of the model ``graph`` describes (None
    when no attribute holds it), so that a subclassed model's layers say the
    attribute its ``call()`` uses beside the name Keras gave them."""
    out: list[Entry] = []
    seen: set[int] = set()
    for call in graph.calls:
        if call.layer in seen:
            continue
        seen.add(call.layer)
        layer = graph.layers[call.layer]
        attribute = None
        if held is not None and layer.attribute is not None:
            attribute = f"{held}.{layer.attribute}"
        out.append(
            Entry(
                key=prefix + layer.name,
                name=layer.name,
                class_name=type_name(layer),
                shape=format_shape(call.output_shapes),
                params=layer.params,
                depth=depth,
                calls=len(layer.calls),
                shapes=tuple(tuple(s) for s in call.output_shapes),
                trainable_params=layer.trainable_params,
                frozen=not layer.trainable,
                attribute=attribute,
            )
        )
        if layer.kind == MODEL and layer.submodel is not None:
            out += entries(
                layer.submodel, f"{prefix}{layer.name}/", depth + 1, attribute
            )
    return out


def _cell(text: str, width: int, *, middle: bool = False) -> str:
    """``text`` padded to ``width``; a longer one is cut with "…" at its
    end, or with ``middle`` in its middle.  Layer names are cut in the
    middle: the layers of one block share their start and differ at their
    end (``expanded_conv_depthwise``, ``expanded_conv_depthwise_bn``), and
    cut at the end they read as the same row."""
    return cut(text, width, middle=middle).ljust(width)


def _named(e: Entry, width: int) -> str:
    """A row's name: Keras's name, and in a subclassed model the attribute
    ``call()`` uses beside it, ``dense_2 (self.skip)``.  Short of room, the
    Keras name is cut first (the info line shows both whole), then dropped:
    the attribute is the student's own word for the layer."""
    if not e.attribute:
        return e.name
    room = width - len(e.attribute) - 3
    if room >= len(e.name):
        return f"{e.name} ({e.attribute})"
    if room >= 5:
        return f"{cut(e.name, room, middle=True)} ({e.attribute})"
    return e.attribute


def summary_header() -> str:
    """The column names, over the columns of :func:`summary_labels`."""
    return (
        _cell("Layer", _NAME_WIDTH)
        + " "
        + _cell("Type", _TYPE_WIDTH)
        + " "
        + _cell("Output shape", _SHAPE_WIDTH)
        + " "
        + "Params".rjust(_PARAMS_WIDTH)
    )


def summary_labels(items: list[Entry]) -> list[str]:
    """Fixed-width rows for a ``<select>`` list (spaces kept as NBSP)."""
    labels = []
    for e in items:
        name = "  " * e.depth + _named(e, _NAME_WIDTH - 2 * e.depth)
        kind = e.class_name + (f" ×{e.calls}" if e.calls > 1 else "")
        row = (
            _cell(name, _NAME_WIDTH, middle=True)
            + " "
            + _cell(kind, _TYPE_WIDTH)
            + " "
            + _cell(shape_cell(e.shapes), _SHAPE_WIDTH)
            + " "
            + f"{e.params:,}".rjust(_PARAMS_WIDTH)
        )
        labels.append(row.replace(" ", NBSP))
    return labels


def info_html(entry: Entry, codes, named_in_reason: bool) -> str:
    """A few lines about the selected layer: type, shape, parameters and,
    for each ``(code, line owners)`` in ``codes``, the lines of the code
    that are this layer's (quoted, the first few).  A shared layer's span
    runs from its definition to its last call across other layers' lines;
    only its own lines are named and quoted.  A nested model's lines are
    those a selection lights: the block that builds it (quoted by its first
    line) and the lines that call it."""
    parts = [
        f"<b>{html.escape(entry.name)}</b> ({html.escape(entry.class_name)})",
        f"<code>{html.escape(entry.attribute)}</code> in call()"
        if entry.attribute
        else "",
        f"output {html.escape(entry.shape)}" if entry.shape else "",
        f"{count(entry.params, 'parameter')}{_untrained(entry)}",
    ]
    blocks, lit = [], []
    for code, owners in codes:
        if entry.key not in code.spans:
            continue
        first, last = code.spans[entry.key]
        own = [n for n in range(first, last + 1) if owners.get(n) == entry.key]
        own = own or [first]
        built = _built_on(code, entry.key)
        quoted = [n for n in own if n - 1 not in built]  # a block: its first
        own = sorted(set(own) | built)
        quoted = sorted(set(quoted) | {n for n in built if n - 1 not in built})
        blocks.append(
            f"<div>{code.style.capitalize()}, {_line_numbers(own)}:"
            f"<pre>{html.escape(_quoted(code.lines, quoted))}</pre></div>"
        )
        lit.append((code, own))
    blocks += _placeholder_blocks(lit)
    if named_in_reason:
        blocks.append("<div>Named in a reason this model cannot be Sequential.</div>")
    return "<div>" + " · ".join(p for p in parts if p) + "</div>" + "".join(blocks)


# The function a Lambda layer wraps (or a lambda given as a setting), when
# its code is lost, is written as a placeholder to fill in:
#     def double_function(*args, **kwargs):
#         # The function of Lambda layer 'double' cannot be recovered safely.
#         raise NotImplementedError(...)
_PLACEHOLDER = re.compile(r"def (\w+)\(\*args, \*\*kwargs\):$")


@functools.lru_cache(maxsize=8)
def _placeholders(source: str) -> dict[str, tuple[int, int]]:
    """The placeholder functions ``source`` defines: name -> (first line,
    last line).  Cached: a selection must stay instant on a big model."""
    lines = source.split("\n")
    found = {}
    for n, line in enumerate(lines):
        match = _PLACEHOLDER.match(line)
        if match is None:
            continue
        end = n + 1
        while end < len(lines) and lines[end].startswith(" "):
            end += 1
        if any("raise NotImplementedError" in row for row in lines[n + 1 : end]):
            found[match.group(1)] = (n + 1, end)
    return found


def _names_in(text: str) -> set[str]:
    """The names ``text`` (lines of code, maybe a statement cut short)
    uses, not the words inside its strings."""
    names = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.NAME:
                names.add(token.string)
    except (tokenize.TokenError, SyntaxError):
        pass  # the lines of a call that goes on: the names read so far
    return names


def _placeholder_blocks(lit) -> list[str]:
    """For each placeholder function the selected layer's lines call (a
    Lambda's lost function), its name and lines in each code: the note
    under the code asks the student to fill it in, and this says where.
    ``lit`` holds ``(code, the layer's line numbers in it)``."""
    where: dict[str, dict[str, list[str]]] = {}  # name -> lines -> codes
    for code, own in lit:
        defined = _placeholders(code.source)
        if not defined:  # the usual case: nothing to read the lines for
            continue
        rows = code.lines  # split once, not once per line
        used = _names_in("\n".join(rows[n - 1] for n in own))
        for name in sorted(used & set(defined)):
            start, end = defined[name]
            lines = _line_numbers(list(range(start, end + 1)))
            styles = where.setdefault(name, {}).setdefault(lines, [])
            styles.append(code.style.capitalize())
    return [
        f"<div>To fill in: {html.escape(name)}(), the function this layer calls, "
        f"is a placeholder ({html.escape(_places(places))}): kerasteach could "
        "not write it as code. Write what it does there before running the "
        f"code.<pre>def {html.escape(name)}(*args, **kwargs):</pre></div>"
        for name, places in where.items()
    ]


def _places(places: dict[str, list[str]]) -> str:
    """ "Sequential and Functional, lines 5-9"; "Sequential, lines 5-9;
    Functional, lines 7-11"."""
    return "; ".join(
        f"{' and '.join(styles)}, {lines}" for lines, styles in places.items()
    )


def count(n: int, word: str) -> str:
    """``n`` and ``word``, plural unless one: "1 parameter", "6,464
    parameters" (a one-weight layer said "1 parameters")."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _untrained(entry: Entry) -> str:
    """Which of the layer's parameters training leaves alone, in the words
    of ``model.summary()`` ("Non-trainable params") and the graph's boxes."""
    fixed = entry.params - entry.trainable_params
    if not fixed:
        return ""
    if entry.trainable_params:
        return f" ({fixed:,} non-trainable)"
    if entry.frozen:
        return ", all non-trainable (frozen: trainable=False)"
    return ", all non-trainable"


_QUOTED_LINES = 4


def _built_on(code, key: str) -> set[int]:
    """The lines of the blocks that build nested model ``key`` (its own,
    and those of the models inside it), as a selection lights them
    (:func:`~kerasteach._widget_code.definition_rows`)."""
    return {
        n
        for inner, (first, last) in code.definitions.items()
        if inner == key or inner.startswith(key + "/")
        for n in range(first, last + 1)
    }


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Sorted line numbers as runs of consecutive ones: (first, last)."""
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def _line_numbers(numbers: list[int]) -> str:
    """ "line 6", "lines 6-9", "lines 6-7 and 11", "lines 3, 6-7 and 11"."""
    runs = [str(a) if a == b else f"{a}-{b}" for a, b in _runs(numbers)]
    if len(runs) == 1:
        return f"line{'' if len(numbers) == 1 else 's'} {runs[0]}"
    return f"lines {', '.join(runs[:-1])} and {runs[-1]}"


def _quoted(lines: list[str], numbers: list[int]) -> str:
    """The first few of the numbered lines, dedented together, "..." where
    lines are left out between them or after them."""
    chosen = numbers[:_QUOTED_LINES]
    text = textwrap.dedent("\n".join(lines[n - 1] for n in chosen)).split("\n")
    shown: list[str] = []
    for i, (n, line) in enumerate(zip(chosen, text)):
        if i and n != chosen[i - 1] + 1:
            shown.append("...")
        shown.append(line)
    if len(numbers) > len(chosen):
        shown.append("...")
    return "\n".join(shown)
