"""Unique, valid Python identifiers for generated code.

A :class:`Namespace` is created fresh for each piece of generated source.  It
turns any string taken from a model (a layer name may contain spaces, quotes,
non-ASCII letters or a leading digit, or be a keyword) into an identifier that
is valid, not a keyword or builtin, not one of the names the generated code
needs for itself, and not used before in the same source.  It never depends on
Keras's global name counter: the same model always gives the same names.
"""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata

_RESERVED = frozenset(
    set(keyword.kwlist)
    | set(keyword.softkwlist)
    | set(dir(builtins))
    | {"keras", "layers", "ops", "np", "model", "self"}
)
_NON_IDENT = re.compile(r"[^0-9a-zA-Z_]+")
_SUFFIX = re.compile(r"^(.*?)_(\d+)$")


def _base_identifier(candidate: str) -> str:
    text = unicodedata.normalize("NFKD", candidate)
    text = text.encode("ascii", "ignore").decode("ascii")
    text = _NON_IDENT.sub("_", text).strip("_").lower()
    text = re.sub(r"_+", "_", text)
    if not text:
        text = "x"
    if text[0].isdigit():
        text = "_" + text
    return text


class Namespace:
    """Hands out unique identifiers, seeded from arbitrary strings."""

    def __init__(self, reserved: frozenset[str] | set[str] = frozenset()):
        self._used: set[str] = set(_RESERVED) | set(reserved)
        self._next_suffix: dict[str, int] = {}

    def create_name(self, candidate: str) -> str:
        """Return a fresh identifier that looks like ``candidate``."""
        base = _base_identifier(candidate)
        if base not in self._used and base.isidentifier():
            self._used.add(base)
            return base
        match = _SUFFIX.match(base)
        stem = match.group(1) if match and match.group(1) else base
        suffix = self._next_suffix.get(stem, 1)
        while True:
            name = f"{stem}_{suffix}"
            suffix += 1
            if name not in self._used:
                break
        self._next_suffix[stem] = suffix
        self._used.add(name)
        return name
