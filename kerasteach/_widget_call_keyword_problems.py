"""A layer called with a keyword its call does not take, explained.

``layers.Dense(4)(x, mask=x)``: the second brackets call the layer on a
tensor, and take only what the layer's ``call()`` does (a Dense layer:
the tensor, and ``training``).  Python's words name neither the layer nor
what it takes: "got an unexpected keyword argument 'mask'".
:func:`call_keyword_problem` names the layer, what its call takes, the
name meant when the keyword is misspelt (``train=`` for ``training=``)
and shows the line without it.  A setting of training written there
(``lr=0.1``, ``epochs=5``, ``loss="mse"``, under its name in Keras 3 or
in older versions) is told where it goes: to the optimizer, to
``model.fit`` or to ``model.compile``.  A setting of the layer written
there (``Dense(4)(x, activation="relu")``) is
:func:`kerasteach._widget_call_setting_problems.setting_in_call_problem`'s.
"""

from __future__ import annotations

import ast
import difflib
import inspect
import re

from ._widget_call_problems import unexpected_call_keyword
from ._widget_problem import (
    Problem,
    _at,
    _student_names,
    article,
    code_of,
    parsed_code,
)
from ._widget_training_problems import _OLD_NAMES

__all__ = ["call_keyword_problem"]

# what a mask is, when a student passes one by hand
_MASK = (
    " Keras passes a mask from layer to layer by itself: a layer that makes "
    "one (layers.Masking, or layers.Embedding(..., mask_zero=True)) hands it "
    "on to the layers after it that use it."
)


# settings of training, not of a layer: where each goes
_FIT = ("epochs", "batch_size", "validation_split", "verbose", "shuffle")
_COMPILE = ("optimizer", "loss", "metrics")


def _belongs(keyword: str, value: str | None) -> str:
    """Where ``keyword`` (``lr``, ``epochs``, ``loss``) goes when it is a
    setting of training, written with ``value``; "" for any other."""
    name = _OLD_NAMES.get(keyword, keyword)
    said = (
        f"{keyword}= is what older versions of Keras called {name}=, a"
        if name != keyword
        else f"{keyword}= is a"
    )
    shown = f"{name}={value}" if value else f"{name}="
    if name == "learning_rate":
        return (
            f" {said} setting of the optimizer, not of a layer: give it to the "
            "optimizer in model.compile, as "
            f"optimizer=keras.optimizers.Adam({shown})."
        )
    method = "fit" if name in _FIT else "compile" if name in _COMPILE else None
    if method is None:
        return ""
    return (
        f" {said} setting of training, not of a layer: give it to "
        f"model.{method}, as {shown}."
    )


def _value(text: str | None, keyword: str) -> str | None:
    """The value written for ``keyword=`` on the line ``text``."""
    source = (text or "").strip()
    tree = parsed_code([source])
    for call in ast.walk(tree) if tree is not None else ():
        if isinstance(call, ast.Call):
            for k in call.keywords:
                if k.arg == keyword:
                    return code_of(source, k.value) or None
    return None


def _accepted(layer) -> list[str]:
    """The arguments ``layer``'s call takes by name."""
    try:
        parameters = inspect.signature(layer.call).parameters.values()
    except (TypeError, ValueError):
        return []
    kinds = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    return [p.name for p in parameters if p.kind not in kinds and p.name != "self"]


def _listed(names: list[str]) -> str:
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _fixed(text: str | None, keyword: str, close: str | None) -> str | None:
    """The student's line with ``keyword=...`` taken out of the call that
    has it (or renamed ``close``), when Python can read the line alone."""
    source = (text or "").strip()
    tree = parsed_code([source])
    for call in ast.walk(tree) if tree is not None else ():
        if not isinstance(call, ast.Call):
            continue
        found = [k for k in call.keywords if k.arg == keyword]
        if not found:
            continue
        written = code_of(source, found[0])
        if not written or written not in source:
            return None
        if close:
            return source.replace(written, f"{close}={code_of(source, found[0].value)}")
        pattern = rf"\s*,\s*{re.escape(written)}|{re.escape(written)}\s*,?\s*"
        return re.sub(pattern, "", source, count=1)
    return None


def call_keyword_problem(exc, raw: str, line, text) -> Problem | None:
    """``layers.Dense(4)(x, mask=x)``: a keyword that the layer's
    ``call()`` does not take."""
    found = unexpected_call_keyword(exc, raw)
    if found is None:
        return None
    keyword, layer = found
    accepted = _accepted(layer)
    if not accepted or keyword in accepted:
        return None
    kind = type(layer).__name__
    variable = _student_names(exc).get(id(layer))
    held = f", in {variable}" if variable else ""
    belongs = _belongs(keyword, _value(text, keyword))
    close = difflib.get_close_matches(keyword, accepted, n=1, cutoff=0.6)
    meant = close[0] if close and not belongs else None
    takes = (
        f"the tensor it works on ({accepted[0]}) and {_listed(accepted[1:])} by name"
        if len(accepted) > 1
        else f"only the tensor it works on ({accepted[0]})"
    )
    if meant:
        advice = f" Did you mean {meant}=?"
    elif belongs:
        advice = belongs
    elif keyword == "mask":
        advice = _MASK
    else:
        advice = ""
    fixed = _fixed(text, keyword, meant)
    if meant:
        do = " Write:" if fixed else ""
    else:
        here = " here" if belongs else ""
        do = f" Leave {keyword}= out{here}" + (":" if fixed else ".")
    shown = f"\n    {fixed}" if fixed else ""
    message = (
        f"Layer {layer.name!r} ({kind}{held}) was called with {keyword}=, "
        f"which its call does not take{_at(line, text) or '. '}The brackets "
        f"that call a layer take what its call() does: {article(kind)} {kind} "
        f"layer takes {takes}.{advice}{do}{shown}"
    )
    return Problem("error", message, line, text, detail=raw, layer=layer.name)
