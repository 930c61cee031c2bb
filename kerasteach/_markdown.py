"""Text for the Markdown a notebook shows (``_repr_markdown_``).

A layer's name is data, and a notebook renders Markdown: in a name pasted
into it, ``__init__`` turned bold, ``<b>`` vanished into a tag and ``$x$``
became mathematics.  :func:`escape` makes any text read as itself.
"""

from __future__ import annotations

import re

__all__ = ["escape"]

# what Markdown, the HTML inside it and a notebook's $math$ give a meaning
# to, wherever it stands in a line (CommonMark lets a backslash escape any
# ASCII punctuation); "_" only where it can start or end emphasis, below
_SPECIAL = re.compile(r"[\\`*\[\]<>&$~]|_+")


def escape(text: str) -> str:
    """``text`` as Markdown that renders as exactly ``text``.

    Underscores between two letters or digits stay as they are, so
    ``'block_1_add'`` reads the same in the Markdown as on screen: CommonMark
    (and the GitHub flavour notebooks use) never opens or closes emphasis
    with an ``_`` inside a word.  ``__init__`` and ``'_x'`` are escaped.
    """

    def escaped(match: re.Match) -> str:
        found = match.group()
        start, end = match.span()
        inside_word = (
            found[0] == "_"
            and start > 0
            and end < len(text)
            and text[start - 1].isalnum()
            and text[end].isalnum()
        )
        return found if inside_word else "".join("\\" + c for c in found)

    return _SPECIAL.sub(escaped, text)
