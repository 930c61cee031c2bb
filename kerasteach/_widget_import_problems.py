"""Imports that fail, explained: Keras 2's paths, misspelt names, modules
that are not installed.

Code copied from an older tutorial imports from where Keras 2 kept things
(``from keras.layers.core import Dense``, ``from keras.utils import
np_utils``, ``from keras.optimizers import adam``); Python answers "No
module named 'keras.layers.core'" or "cannot import name", with a path
inside site-packages.  :func:`import_problem` says where Keras 3 keeps the
name and shows the import to write; for a module that is not installed, it
says the playground needs only ``keras``, ``layers`` and ``np``.  A layer
imported as a module (``import keras.layers.Dense as Dense``) is shown
the ``from ... import`` to write, and Keras 2's ``Tokenizer`` the layer
that does its work in Keras 3, ``layers.TextVectorization``.
"""

from __future__ import annotations

import ast
import difflib
import inspect

from ._widget_problem import Problem, _at

# Keras 2 names with another home in Keras 3
_MOVED = {"np_utils": "keras.utils (to_categorical is keras.utils.to_categorical)"}
_HOMES = ("keras.layers", "keras.models", "keras.optimizers", "keras.utils", "keras")


def _home(name: str) -> tuple[str, str] | None:
    """``("keras.layers", "Dense")``: the Keras 3 module that has ``name``,
    or one in other capitals (``adam`` is ``Adam``)."""
    import importlib

    for module_name in _HOMES:
        module = importlib.import_module(module_name)
        names = [n for n in dir(module) if not n.startswith("_")]
        if name in names:
            return module_name, name
        same = [n for n in names if n.lower() == name.lower()]
        if same:
            return module_name, same[0]
    return None


def _imported(text: str | None) -> tuple[str, list[str]] | None:
    """``("keras.layers.core", ["Dense"])`` for ``from keras.layers.core
    import Dense``; None for another statement."""
    try:
        tree = ast.parse((text or "").strip())
    except SyntaxError:
        return None
    node = tree.body[0] if tree.body else None
    if isinstance(node, ast.ImportFrom) and node.module:
        return node.module, [a.name for a in node.names]
    return None


def import_problem(exc, raw: str, line, text) -> Problem | None:
    """An import that fails: where Keras 3 keeps the names, or that the
    module is not needed here."""
    if not isinstance(exc, ImportError):
        return None
    where = _at(line, text) or ". "
    module = getattr(exc, "name", None) or ""
    imported = _imported(text)
    names = imported[1] if imported else []
    if module.startswith("keras") or (imported and imported[0].startswith("keras")):
        special = _not_a_module_problem(exc, line, text) or _tokenizer_problem(
            exc, names, line, text
        )
        if special is not None:
            return special
        homes = [(n, _home(n)) for n in names]
        moved = [_MOVED[n] for n in names if n in _MOVED]
        renamed = {n: h[1] for n, h in homes if h is not None and h[1] != n}
        if moved:
            advice = f"In Keras 3 its functions are in {moved[0]}."
        elif homes and all(h is not None for _, h in homes):
            grouped: dict[str, list[str]] = {}
            for _, (home, name) in homes:
                grouped.setdefault(home, []).append(name)
            lines = [f"from {h} import {', '.join(n)}" for h, n in grouped.items()]
            advice = f"Keras 3 keeps {'it' if len(names) == 1 else 'them'} here:"
            advice += "\n    " + "\n    ".join(lines)
        else:
            advice = (
                "Keras 3 keeps its layers in keras.layers: the playground has "
                "it ready as layers (layers.Dense, layers.Conv2D, ...)."
            )
        if isinstance(exc, ModuleNotFoundError):
            what = f"Keras 3 has no module {module}"
        else:
            what = f"{imported[0] if imported else 'Keras'} has no {_and_or(names)}"
        if renamed and not moved and not isinstance(exc, ModuleNotFoundError):
            why = "Capitals matter in Python names"
            why += "".join(f" ({old} is {new})" for old, new in renamed.items())
        else:
            why = "That import is from Keras 2, which older tutorials use"
        message = f"{what}{where}{why}. {advice}"
        return Problem("name", message, line, text, detail=str(exc))
    if isinstance(exc, ModuleNotFoundError) and module:
        top = module.split(".")[0]
        close = difflib.get_close_matches(top, ("keras", "numpy", "tensorflow"), n=1)
        install = (
            f" (To use {top}, install the package that provides it first, "
            "outside the playground.)"
        )
        hint = ""
        if close and close[0] != top:
            hint, install = f"Did you mean {close[0]}? ", ""
        message = (
            f"Python cannot find a module called {top}: it is not installed "
            f"here{where}{hint}The playground needs nothing else to build a "
            "model: keras, layers and np are ready to use, so leave the import "
            f"out.{install}"
        )
        return Problem("name", message, line, text, detail=str(exc))
    return None


def _not_a_module_problem(exc, line, text) -> Problem | None:
    """``import keras.layers.Dense as Dense``: ``import`` brings in modules,
    and ``Dense`` is a name inside the module ``keras.layers``."""
    import importlib

    try:
        tree = ast.parse((text or "").strip())
    except SyntaxError:
        return None
    node = tree.body[0] if len(tree.body) == 1 else None
    if not isinstance(node, ast.Import) or len(node.names) != 1:
        return None
    alias = node.names[0]
    parent, _, name = alias.name.rpartition(".")
    if not parent.startswith("keras"):
        return None
    try:
        found = getattr(importlib.import_module(parent), name)
    except (ImportError, AttributeError):
        return None
    if inspect.ismodule(found):
        return None
    written = name if alias.asname in (None, name) else f"{name} as {alias.asname}"
    message = (
        f"{alias.name} is not a module{_at(line, text) or '. '}{name} is a "
        f"name inside the module {parent}, and import ... brings in modules "
        "only. To use it by its name alone, import it from its module:\n"
        f"    from {parent} import {written}"
    )
    return Problem("name", message, line, text, detail=str(exc))


def _tokenizer_problem(exc, names, line, text) -> Problem | None:
    """``from keras.preprocessing.text import Tokenizer``: Keras 3 has no
    Tokenizer; the layer ``TextVectorization`` turns text into token ids."""
    imported = _imported(text)
    if (
        names != ["Tokenizer"]
        or not imported
        or imported[0] != ("keras.preprocessing.text")
    ):
        return None
    message = (
        f"Keras 3 has no Tokenizer{_at(line, text) or '. '}That import is from "
        "Keras 2, which older tutorials use. In Keras 3 a layer turns text "
        "into token ids, layers.TextVectorization (the playground has layers "
        "ready, so leave the import out): make it, let it learn the words of "
        "your texts with adapt() (what fit_on_texts did), then call it on "
        "texts (max_tokens is how many words it keeps, as num_words was):\n"
        "    vectorize = layers.TextVectorization(max_tokens=100)\n"
        "    vectorize.adapt(texts)\n"
        "    ids = vectorize(texts)"
    )
    return Problem("name", message, line, text, detail=str(exc))


def _and_or(names: list[str]) -> str:
    return " or ".join(names) if names else "such name"
