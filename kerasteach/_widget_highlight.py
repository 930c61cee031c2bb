"""Syntax highlighting for the code panes: one HTML fragment per line.

Generated code goes through the fast
:class:`~kerasteach._widget_lexer.GeneratedCodeLexer`, anything else (a
student's code in the playground) through Pygments' PythonLexer; both give
Pygments' colours, as short CSS classes (:func:`pygments_css`) or inline
styles for static HTML.  Re-exported by :mod:`kerasteach._widget_code`.
"""

from __future__ import annotations

import html
from functools import lru_cache

__all__ = ["highlight_lines", "pygments_css"]


def highlight_lines(
    source: str, *, inline: bool = False, generated: bool = True
) -> list[str]:
    """The source as one HTML fragment per line, coloured by Pygments.

    Tokens get Pygments' own short CSS classes (styled by
    :func:`pygments_css`) or, with ``inline=True``, inline styles (for
    static HTML that may lose ``<style>`` blocks).  Tokens the style leaves
    uncoloured (names, punctuation, spaces) are written as plain text: the
    page looks the same as with Pygments' HtmlFormatter and weighs half as
    much.  Code kerasteach generated is lexed by the fast
    :class:`~kerasteach._widget_lexer.GeneratedCodeLexer` (same colours as
    Pygments' PythonLexer); ``generated=False`` uses the latter.
    """
    tags = _TAGS[inline]
    if generated:
        lines = _generated_lines(source, tags, inline)
    else:
        lines = _any_lines(source, tags, inline)
    expected = source.count("\n") + (0 if source.endswith("\n") else 1)
    del lines[expected:]  # the lexer ends the text with a newline
    lines += [""] * (expected - len(lines))
    return lines


def _generated_lines(source: str, tags: dict, inline: bool) -> list[str]:
    """Generated code through the fast lexer: no token spans two lines."""
    from ._widget_lexer import GeneratedCodeLexer

    lines: list[str] = []
    current: list[str] = []
    append = current.append
    # straight to the tokens: generated code needs none of get_tokens'
    # preprocessing (tabs, encodings, line endings)
    for _, ttype, value in GeneratedCodeLexer().get_tokens_unprocessed(source):
        if value == "\n":
            lines.append("".join(current))
            current.clear()
            continue
        tag = tags.get(ttype)
        if tag is None:
            tag = tags[ttype] = _tag(ttype, inline)
        if "&" in value or "<" in value or ">" in value:
            value = html.escape(value, quote=False)
        append(f"{tag}{value}</span>" if tag else value)
    if current:
        lines.append("".join(current))
    return lines


def _any_lines(source: str, tags: dict, inline: bool) -> list[str]:
    """Any Python through Pygments' PythonLexer (tokens may span lines)."""
    from pygments.lexers import PythonLexer

    lines: list[str] = []
    current: list[str] = []
    for ttype, value in PythonLexer().get_tokens(source):
        tag = tags.get(ttype)
        if tag is None:
            tag = tags[ttype] = _tag(ttype, inline)
        for i, part in enumerate(value.split("\n")):
            if i:
                lines.append("".join(current))
                current = []
            if part:
                text = html.escape(part, quote=False)
                current.append(f"{tag}{text}</span>" if tag else text)
    if current:
        lines.append("".join(current))
    return lines


_TAGS: dict[bool, dict] = {False: {}, True: {}}  # token type -> opening tag


def _tag(ttype, inline: bool) -> str:
    """The opening ``<span>`` for a token type, or "" if it is not styled."""
    from pygments.styles import get_style_by_name
    from pygments.token import STANDARD_TYPES

    style = get_style_by_name("default").style_for_token(ttype)
    css = []
    if style["color"]:
        css.append(f"color: #{style['color']}")
    if style["bold"]:
        css.append("font-weight: bold")
    if style["italic"]:
        css.append("font-style: italic")
    if style["underline"]:
        css.append("text-decoration: underline")
    if style["bgcolor"]:
        css.append(f"background-color: #{style['bgcolor']}")
    if style["border"]:
        css.append(f"border: 1px solid #{style['border']}")
    if not css:
        return ""
    if inline:
        return f'<span style="{"; ".join(css)}">'
    suffix = ""
    name = STANDARD_TYPES.get(ttype)
    while name is None:  # Pygments' rule for a non-standard token type
        suffix = ttype[-1] + suffix
        ttype = ttype.parent
        name = STANDARD_TYPES.get(ttype)
    return f'<span class="{name + suffix}">'


@lru_cache(maxsize=4)
def pygments_css(scope: str = ".kt-compare .kt-pane") -> str:
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter().get_style_defs(scope)
