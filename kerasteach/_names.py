"""Unique, valid Python identifiers for generated code.

A :class:`Namespace` is created fresh for each piece of generated source.  It
turns any string taken from a model (a layer name may contain spaces, quotes,
non-ASCII letters or a leading digit, or be a keyword) into an identifier that
is valid, not a keyword or builtin, not one of the names the generated code
needs for itself, and not used before in the same source.  It never depends on
Keras's global name counter: the same model always gives the same names.

:func:`is_auto_name` tells a name Keras made up by itself (``dense_3``) from
one a person chose: readable code leaves the first kind out.
"""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata
from functools import cache

_RESERVED = frozenset(
    set(keyword.kwlist)
    | set(keyword.softkwlist)
    | set(dir(builtins))
    | {"keras", "layers", "ops", "np", "torch", "tf", "model", "self"}
)
_NON_IDENT = re.compile(r"[^0-9a-zA-Z_]+")
_SNAKE_1 = re.compile(r"(.)([A-Z][a-z]+)")
_SNAKE_2 = re.compile(r"([a-z])([A-Z])")
_CLONE = re.compile(r"keras_tensor(_\d+)?CLONE")


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
        self.created: set[str] = set()  # every name handed out

    def create_name(self, candidate: str) -> str:
        """Return a fresh identifier that looks like ``candidate``."""
        name = self._fresh(candidate)
        self.created.add(name)
        return name

    def _fresh(self, candidate: str) -> str:
        base = _base_identifier(candidate)
        if base not in self._used and base.isidentifier():
            self._used.add(base)
            return base
        # A trailing ``_96`` is part of the name (``mobilenetv2_1.00_96``),
        # not a counter to replace: the suffix goes after the whole base.
        # Keras's own counters (``dense_3``) never get here: the code writer
        # seeds such a name from its class (``dense``), which it knows and
        # this does not.
        suffix = self._next_suffix.get(base, 1)
        while True:
            name = f"{base}_{suffix}"
            suffix += 1
            if name not in self._used:
                break
        self._next_suffix[base] = suffix
        self._used.add(name)
        return name


# -- the names Keras gives by itself ----------------------------------------


def snake(name: str) -> str:
    """``GlobalAveragePooling2D`` -> ``global_average_pooling2d`` (as Keras)."""
    return _SNAKE_2.sub(r"\1_\2", _SNAKE_1.sub(r"\1_\2", name)).lower()


def auto_stems(class_name: str) -> set[str]:
    """The names Keras gives an object of ``class_name`` by itself, without
    their ``_<n>`` suffix: ``{"dense"}`` for a Dense."""
    stems = {snake(class_name), snake(_class_names().get(class_name, class_name))}
    if class_name in ("InputLayer", "Input"):
        stems |= {"input_layer", "input"}
    if class_name in ("Functional", "Model", "Sequential"):
        stems |= {"functional", "sequential", "model"}
    return stems


@cache
def _class_names() -> dict[str, str]:
    """The Python names of the classes keras.layers exports under another
    name: a ``GroupQueryAttention`` is a ``GroupedQueryAttention``, and
    Keras names it from its class, ``grouped_query_attention``."""
    import keras

    return {
        name: obj.__name__
        for name, obj in vars(keras.layers).items()
        if isinstance(obj, type) and obj.__name__ != name
    }


def name_stem(name: str) -> str:
    """``name`` without a ``_<n>`` suffix: ``dense`` for ``dense_3``."""
    return re.sub(r"_\d+$", "", name)


def is_auto_name(name: str, class_name: str) -> bool:
    """True when ``name`` looks like one Keras gave by itself: also the
    ``keras_tensor_7CLONE`` of the input Keras makes for a model that
    starts from a tensor inside another model (``keras.Model(hidden, out)``)."""
    if class_name == "InputLayer" and _CLONE.fullmatch(name):
        return True
    return name_stem(name) in auto_stems(class_name)
