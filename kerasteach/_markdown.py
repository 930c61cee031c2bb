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
# ASCII punctuation)
_SPECIAL = re.compile(r"([\\`*_\[\]<>&$~])")


def escape(text: str) -> str:
    """``text`` as Markdown that renders as exactly ``text``."""
    return _SPECIAL.sub(r"\\\1", text)
