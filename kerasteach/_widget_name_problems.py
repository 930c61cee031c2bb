"""Names and attributes that do not exist, explained.

A name Python does not know (``Dense`` without ``layers.``, ``tf``, a
variable used before the line that sets it, ``relu`` without quotes) and
an attribute that does not exist (``layers.Conv2d``, ``model.add`` on a
model that is not ``keras.Sequential``, ``x.numpy()`` on the tensor of a
model being built) are the commonest mistakes of all.
:func:`name_problem` and :func:`attribute_problem` say which name was
meant, where it is set, or what to write instead, on the student's line.
"""

from __future__ import annotations

import difflib
import re

from ._reader_checks import is_functional
from ._widget_problem import Problem, _at, shorten


def name_problem(exc: NameError, line, text, known: tuple[str, ...]) -> Problem:
    name = getattr(exc, "name", None)
    if name is None:
        match = re.search(r"name '([^']+)'", str(exc))
        name = match.group(1) if match else "?"
    hint = _quoted_name_hint(name, text) or _name_hint(name, known)
    message = (
        f"The name {name!r} is not defined{_at(line, text) or '. '}"
        f"Python only knows names your code created or imported. {hint}"
    )
    return Problem("name", message.strip(), line, text, detail=str(exc))


def _keras_text_kind(name: str) -> str | None:
    """``"an activation"`` (an optimizer, a loss, a metric) when Keras knows
    ``name`` as the text name of one, else None."""
    import keras

    for what, get in (
        ("an activation", keras.activations.get),
        ("an optimizer", keras.optimizers.get),
        ("a loss", keras.losses.get),
        ("a metric", keras.metrics.get),
    ):
        try:
            if get(name) is not None:
                return what
        except Exception:  # noqa: BLE001 - not one of these
            continue
    return None


def _quoted_name_hint(name: str, text: str | None) -> str | None:
    """``activation=relu``, ``loss=mse``, ``optimizer=adam``: a name Keras
    knows as text, written without quotes."""
    if not name.islower() or not text:
        return None
    what = _keras_text_kind(name)
    if what is None:
        return None
    fixed = re.sub(rf"(?<![\w.\"']){re.escape(name)}\b(?!\s*[(.])", f'"{name}"', text)
    shown = f"\n    {fixed}" if fixed != text else ""
    return (
        f"{name} is the name of {what} in Keras: write it in quotes, as text, "
        f'"{name}"{":" if shown else "."}{shown}'
    )


def _name_hint(name: str, known: tuple[str, ...] = ()) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    if close:
        return f"Did you mean {close[0]}?"
    try:
        import keras
    except Exception:  # noqa: BLE001 - a hint is optional
        return "Check its spelling."
    if hasattr(keras.layers, name):
        return f"It is a Keras layer: write layers.{name}."
    if hasattr(keras, name):
        return f"It is part of Keras: write keras.{name}."
    if name in {"tf", "tensorflow"}:
        return "TensorFlow is not imported here: use keras and keras.ops instead."
    if name in {"numpy", "np"}:
        return "Use np (numpy is imported as np)."
    public = [n for n in dir(keras.layers) if not n.startswith("_")]
    close = difflib.get_close_matches(name, public, n=1)
    if close:
        return f"Did you mean layers.{close[0]}?"
    return "Check its spelling, or define it before this line."


def attribute_problem(exc: AttributeError, line, text) -> Problem:
    name = getattr(exc, "name", None)
    obj = getattr(exc, "obj", None)
    added = _add_on_a_model_problem(exc, name, obj, line, text)
    if added is not None:
        return added
    hint = ""
    close = _nearest_attribute(name, obj, text) if name and obj is not None else None
    if close is not None:
        hint = f" Did you mean {close}?"
        if close.lower() == name.lower():
            hint += " Capitals matter in Python names."
        fixed = re.sub(rf"\.{re.escape(name)}\b", f".{close}", text or "")
        if text and fixed != text:
            hint += f" The line would read:\n    {fixed}"
    said = shorten(str(exc)).rstrip(".")
    message = (
        f"Your code asks for something that does not exist{_at(line, text) or '. '}"
        f"Python says: {said}.{hint}"
    )
    return Problem("attribute", message, line, text, detail=str(exc))


def _nearest_attribute(name: str, obj, text: str | None) -> str | None:
    """The attribute of ``obj`` the student most likely meant: when the
    line goes on to ``.name.next``, one that has ``next`` (``keras.layer.
    Dense`` is ``keras.layers``, not ``keras.Layer``); else the same name
    in other capitals (``keras.model`` is ``keras.Model``, not the module
    ``keras.models`` that difflib finds nearer), else the nearest spelling."""
    try:
        names = [n for n in dir(obj) if not n.startswith("_")] or dir(obj)
    except Exception:  # noqa: BLE001 - a hint is optional
        return None
    same = [n for n in names if n.lower() == name.lower() and n != name]
    candidates = same + [
        n for n in difflib.get_close_matches(name, names, n=3) if n not in same
    ]
    following = re.search(rf"\.{re.escape(name)}\s*\.\s*(\w+)", text or "")
    if following:
        for candidate in candidates:
            if hasattr(getattr(obj, candidate, None), following.group(1)):
                return candidate
    return candidates[0] if candidates else None


def _add_on_a_model_problem(exc, name, obj, line, text) -> Problem | None:
    """``model.add(...)`` on a model that is not ``keras.Sequential``."""
    if name != "add":
        return None
    try:
        import keras
    except Exception:  # noqa: BLE001
        return None
    if not isinstance(obj, keras.Model) or isinstance(obj, keras.Sequential):
        return None
    if is_functional(obj):
        built = "was built with keras.Model(inputs, outputs) (the Functional API)"
        instead = (
            "To add a layer, call it on the outputs and build the model again:\n"
            "    outputs = layers.Dense(2)(outputs)\n"
            "    model = keras.Model(inputs, outputs)\n"
            "or write the whole model as keras.Sequential([...])."
        )
    else:
        built = f"is a {type(obj).__name__}, not a keras.Sequential"
        instead = (
            "Create its layers in __init__ and use them in call(), or write "
            "the model as keras.Sequential([...])."
        )
    who = f"Line {line}" if line is not None else "Your code"
    shown = f":\n    {text}\n" if text else ". "
    message = (
        f"{who} calls .add() on a model that is not keras.Sequential{shown}"
        f"Only keras.Sequential models have .add(). This model {built}. {instead}"
    )
    return Problem("attribute", message, line, text, detail=str(exc))
