"""Python source as small expression trees, rendered safely and formatted.

Two jobs live here because they meet in every line of generated code:

* :func:`literal` turns a value taken from a model (a layer name, a config
  entry) into an expression whose source is a Python literal, and proves it by
  compiling it.  A name is data: it is always rendered with ``repr`` and never
  pasted into code.
* :func:`format_statement` lays an expression out in lines the way
  ``ruff format`` would: on one line when it fits in 88 columns, otherwise
  with the outermost brackets exploded one item per line and a trailing comma,
  which the formatter then keeps as it is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from .errors import UnsupportedValueError

LINE_LENGTH = 88
INDENT = "    "


@dataclass(frozen=True)
class Expr:
    """Base class of expression trees."""

    def flat(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass(frozen=True)
class Leaf(Expr):
    """Source text that is never split (a name, a literal, an operator)."""

    text: str

    def flat(self) -> str:
        return self.text


@dataclass(frozen=True)
class Item:
    """One item inside brackets: ``value``, ``key=value`` or ``key: value``."""

    value: Expr
    key: str | None = None
    sep: str = "="

    def flat(self) -> str:
        if self.key is None:
            return self.value.flat()
        return f"{self.key}{self.sep}{self.value.flat()}"


@dataclass(frozen=True)
class Bracket(Expr):
    """``prefix(items)``, ``[items]``, ``{items}`` or ``(items)``.

    ``prefix`` is what stands before the opening bracket: the callee of a call
    (itself possibly a call, as in ``layers.Dense(4)(x)``) or nothing for a
    collection display.  ``one_tuple`` marks ``(x,)``.
    """

    prefix: Expr | None
    open: str
    items: tuple[Item, ...]
    close: str
    one_tuple: bool = False

    def flat(self) -> str:
        inner = ", ".join(item.flat() for item in self.items)
        if self.one_tuple:
            inner += ","
        head = self.prefix.flat() if self.prefix is not None else ""
        return f"{head}{self.open}{inner}{self.close}"


def call(func: Expr | str, *args: Expr, **kwargs: Expr) -> Bracket:
    """``func(*args, **kwargs)`` with keyword names taken as given."""
    items = [Item(a) for a in args]
    items += [Item(v, k) for k, v in kwargs.items()]
    return call_items(func, items)


def call_items(func: Expr | str, items) -> Bracket:
    if isinstance(func, str):
        func = Leaf(func)
    return Bracket(func, "(", tuple(items), ")")


# ---------------------------------------------------------------- literals


def _repr_float(value: float) -> str:
    """``value`` as a person writes it, proven to give the very same float
    back; cached by ``repr``, which tells ``-0.0`` from ``0.0``."""
    return _proved_float(repr(float(value)))


@lru_cache(maxsize=4096)
def _proved_float(shortest: str) -> str:
    value = float(shortest)
    text = _float_text(value, shortest)
    _prove(text)
    back = eval(text, {"__builtins__": {}, "float": float})
    if repr(float(back)) != shortest:  # pragma: no cover - defensive
        raise UnsupportedValueError(
            f"Rendering {value!r} as {text} does not give the same number back."
        )
    return text


def _float_text(value: float, shortest: str) -> str:
    """``shortest`` (Python's shortest repr) as the Keras docs write it:
    ``1e-6``, not ``1e-06`` (the exponent without padding or ``+``), and
    ``1 / 255`` for 0.00392156862745098."""
    if math.isnan(value):
        return 'float("nan")'
    if math.isinf(value):
        return 'float("inf")' if value > 0 else 'float("-inf")'
    mantissa, e, exponent = shortest.partition("e")
    text = f"{mantissa}e{int(exponent)}" if e else shortest
    if len(text.lstrip("-")) > 12:  # 0.00392156862745098: 1 / 255 reads better
        return _one_over(value) or text
    return text


def _one_over(value: float) -> str | None:
    """``value`` as ``1 / 255`` (or ``-1 / 127.5``) when it is exactly that
    division, the way a person writes a scale; None otherwise."""
    if not 1e-6 <= abs(value) <= 1 / 3:
        return None
    size = 1 / abs(value)
    for text in (str(round(size)), repr(round(size * 2) / 2)):
        divisor = float(text)
        if 3 <= divisor <= 1e6 and 1 / divisor == abs(value):
            return f"{'-' if value < 0 else ''}1 / {text}"
    return None


@lru_cache(maxsize=4096)
def _proved_str(value: str) -> str:
    # ruff format's choice: double quotes, unless the string holds more
    # double quotes than single ones.
    quote = "'" if value.count('"') > value.count("'") else '"'
    parts = []
    for char in value:
        if char == quote or char == "\\":
            parts.append("\\" + char)
        else:
            parts.append(repr(char)[1:-1] if char not in "'\"" else char)
    text = quote + "".join(parts) + quote
    _prove(text, value)
    return text


@lru_cache(maxsize=4096)
def _prove_cached(text: str) -> None:
    compile(text, "<literal>", "eval")


def _prove(text: str, value=None) -> None:
    try:
        _prove_cached(text)
    except SyntaxError as exc:  # pragma: no cover - repr of a str always parses
        raise UnsupportedValueError(
            f"Could not render {value!r} as a Python literal: {exc}"
        ) from None
    if isinstance(value, str) and eval(text, {"__builtins__": {}}) != value:
        raise UnsupportedValueError(  # pragma: no cover - defensive
            f"Rendering {value!r} as {text} does not give the same string back."
        )


def literal(value, render_object=None) -> Expr:
    """Render a plain value (None, bool, number, str, list, tuple, dict).

    ``render_object`` is called for any other value (and for dicts that it
    recognises, by returning something other than ``None``); without it such a
    value raises :class:`UnsupportedValueError`.
    """
    if value is None or value is True or value is False:
        return Leaf(repr(value))
    if isinstance(value, str):
        return Leaf(_proved_str(value))
    if isinstance(value, bool):
        return Leaf(repr(bool(value)))
    if isinstance(value, int) and type(value).__module__ == "builtins":
        return Leaf(repr(int(value)))
    if isinstance(value, float) and type(value).__module__ == "builtins":
        return Leaf(_repr_float(value))
    if isinstance(value, dict):
        if render_object is not None:
            rendered = render_object(value)
            if rendered is not None:
                return rendered
        items = tuple(
            Item(literal(v, render_object), literal(k).flat(), ": ")
            for k, v in value.items()
        )
        return Bracket(None, "{", items, "}")
    if value is Ellipsis:
        return Leaf("...")
    if isinstance(value, slice):  # x[:, 0] in a model keeps its key
        return call(
            "slice", *(literal(v) for v in (value.start, value.stop, value.step))
        )
    if isinstance(value, (list, tuple)):
        items = tuple(Item(literal(v, render_object)) for v in value)
        if isinstance(value, list):
            return Bracket(None, "[", items, "]")
        return Bracket(None, "(", items, ")", one_tuple=len(items) == 1)
    if render_object is not None:
        rendered = render_object(value)
        if rendered is not None:
            return rendered
    # numpy scalars and other numbers: render through their Python value.
    item = getattr(value, "item", None)
    if callable(item) and getattr(value, "shape", None) == ():
        return literal(item(), render_object)
    error = UnsupportedValueError(
        f"kerasteach cannot write a value of type {type(value).__name__} "
        f"({value!r:.60}) as Python code. Expected None, a bool, a number, a "
        "string, or a list, tuple or dict of those."
    )
    error.unwritable = value  # the code writer names where it came from
    raise error


def subscript(key) -> str | None:
    """``key`` as written between square brackets (``:, 0``, ``..., ::2``),
    or None when it holds anything but ints, None, slices of those and
    ``...``."""
    parts = key if isinstance(key, tuple) else (key,)

    def bound(v) -> str | None:
        if v is None:
            return ""
        if isinstance(v, int) and not isinstance(v, bool):
            return repr(int(v))
        return None

    out = []
    for part in parts:
        if part is Ellipsis:
            out.append("...")
        elif part is None:
            out.append("None")
        elif isinstance(part, slice):
            start, stop, step = (bound(v) for v in (part.start, part.stop, part.step))
            if start is None or stop is None or step is None:
                return None
            out.append(f"{start}:{stop}" + (f":{step}" if step else ""))
        elif bound(part):
            out.append(bound(part))
        else:
            return None
    if not out:
        return None
    return ", ".join(out) + ("," if isinstance(key, tuple) and len(out) == 1 else "")


# ---------------------------------------------------------------- formatting


def _fits(indent: int, text: str) -> bool:
    return len(INDENT) * indent + len(text) <= LINE_LENGTH and "\n" not in text


def format_statement(head: str, expr: Expr, indent: int = 0) -> list[str]:
    """Lay out ``head + expr`` (``head`` is e.g. ``"x = "``) as lines.

    The result is stable under ``ruff format``: a statement that fits stays on
    one line; otherwise the last bracket whose opening line fits is exploded
    with one item per line and a magic trailing comma.
    """
    return _format(head, expr, "", indent)


def _format(head: str, expr: Expr, tail: str, indent: int) -> list[str]:
    text = head + expr.flat() + tail
    if _fits(indent, text) or not isinstance(expr, Bracket):
        return [INDENT * indent + text]
    # Choose the bracket to explode: the outermost call whose opening line
    # fits, walking from the last trailer towards the callee.
    spine: list[Bracket] = []
    node: Expr | None = expr
    while isinstance(node, Bracket):
        spine.append(node)
        node = node.prefix
    chosen = spine[-1]
    for bracket in spine:
        opening = head + (bracket.prefix.flat() if bracket.prefix else "")
        if bracket.items and _fits(indent, opening + bracket.open):
            chosen = bracket
            break
    if not chosen.items:
        return [INDENT * indent + text]
    # Source after the chosen bracket closes (later trailers) goes on the
    # closing line.
    after = ""
    for bracket in spine:
        if bracket is chosen:
            break
        after = bracket.open + _flat_items(bracket) + bracket.close + after
    prefix = chosen.prefix.flat() if chosen.prefix is not None else ""
    lines = [INDENT * indent + head + prefix + chosen.open]
    for item in chosen.items:
        key = "" if item.key is None else f"{item.key}{item.sep}"
        lines += _format(key, item.value, ",", indent + 1)
    lines.append(INDENT * indent + chosen.close + after + tail)
    return lines


def _flat_items(bracket: Bracket) -> str:
    inner = ", ".join(item.flat() for item in bracket.items)
    return inner + ("," if bracket.one_tuple else "")
