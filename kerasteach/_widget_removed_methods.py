"""Model methods that older tutorials use and Keras no longer has.

``model.predict_classes(x)``, ``predict_proba``, ``fit_generator``,
``evaluate_generator`` and ``predict_generator`` were removed from Keras
(the first two in version 2.6, the others in Keras 3); Python only says
the model has no such attribute, and its "did you mean" finds
``predict_step``, which is not what the student wants.
:func:`removed_method_problem` says what replaced each one and shows the
student's line written with it.
"""

from __future__ import annotations

import ast

from ._widget_calls import (
    between,
    in_block,
    indented,
    method_calls,
    statement_source,
)
from ._widget_problem import Problem, _at, code_of

# the old methods' arguments by place, for the call written with keywords
_GENERATOR_PLACES = {
    "fit_generator": (
        "steps_per_epoch",
        "epochs",
        "verbose",
        "callbacks",
        "validation_data",
        "validation_steps",
    ),
    "evaluate_generator": ("steps", "callbacks"),
    "predict_generator": ("steps", "callbacks"),
}
# settings of the old generator methods that fit() and friends do not take
_DROPPED = ("workers", "use_multiprocessing", "max_queue_size")


def _call_in(source: str, name: str):
    """``(call, source)`` of ``....name(...)`` in the statement ``source``."""
    calls = method_calls(source, name)
    return (calls[0], source) if calls else None


def _arguments(call: ast.Call, source: str, places=(), dropped=()) -> str | None:
    """The call's arguments as code, positions past the first written with
    the names in ``places``, keywords in ``dropped`` left out; None when
    they cannot be written so."""
    parts = []
    for i, arg in enumerate(call.args):
        if isinstance(arg, ast.Starred):
            return None
        if i == 0 or not places:
            parts.append(code_of(source, arg))
        elif i - 1 < len(places):
            parts.append(f"{places[i - 1]}={code_of(source, arg)}")
        else:
            return None
    for keyword in call.keywords:
        if keyword.arg in dropped:
            continue
        given = code_of(source, keyword.value)
        parts.append(f"{keyword.arg}={given}" if keyword.arg else f"**{given}")
    return ", ".join(parts)


def _units(model) -> int | None:
    try:
        return int(model.outputs[0].shape[-1])
    except Exception:  # noqa: BLE001 - a model not built yet
        return None


def removed_method_problem(exc: AttributeError, line, text, lines=()) -> Problem | None:
    """``model.predict_classes(x)``, ``model.fit_generator(...)``... on a
    Keras model (``lines``, the code, gives the whole call when it is
    written over several lines)."""
    import keras

    name, model = getattr(exc, "name", None), getattr(exc, "obj", None)
    if not isinstance(model, keras.Model):
        return None
    found = _call_in(statement_source(lines, line, text), name)
    where = _at(line, text) or ". "
    owner = code_of(found[1], found[0].func.value) if found else "model"
    if name in ("predict_classes", "predict_proba"):
        fixed = None
        if found is not None:
            call, source = found
            arguments = _arguments(call, source)
            receiver = code_of(source, call.func.value)
            predicted = f"{receiver}.predict({arguments})"
            if name == "predict_proba":
                new = predicted
            elif _units(model) == 1:
                new = f'({predicted} > 0.5).astype("int32")'
            else:
                new = f"{predicted}.argmax(axis=1)"
            fixed = between(source, call, call, new)
        if name == "predict_proba":
            what = (
                f"{owner}.predict() gives the same numbers (for a last layer "
                'with activation="softmax" or "sigmoid")'
            )
        elif _units(model) == 1:
            what = (
                f"{owner}.predict() gives one number per sample (a "
                'probability, with activation="sigmoid" on the last layer); '
                "class 1 is where it is above 0.5"
            )
        else:
            what = (
                f"{owner}.predict() gives one number per class for each sample; "
                "argmax(axis=1) picks the class with the highest one"
            )
            if _units(model) is None:
                what += (
                    ' (for a last layer Dense(1, activation="sigmoid"), take '
                    f'({owner}.predict(x) > 0.5).astype("int32") instead)'
                )
        message = (
            f"Keras models no longer have {name}() (it was removed in "
            f"Keras 2.6; older tutorials still use it){where}{what}"
        )
    elif name in _GENERATOR_PLACES:
        new_name = name.removesuffix("_generator")
        fixed = None
        if found is not None:
            call, source = found
            arguments = _arguments(call, source, _GENERATOR_PLACES[name], _DROPPED)
            if arguments is not None:
                receiver = code_of(source, call.func.value)
                new = f"{receiver}.{new_name}({arguments})"
                fixed = between(source, call, call, new)
        dropped = (
            [k.arg for k in found[0].keywords if k.arg in _DROPPED] if found else []
        )
        left_out = (
            f" ({', '.join(dropped)} left out: {new_name}() does not take "
            f"{'them' if len(dropped) > 1 else 'it'})"
            if dropped and fixed
            else ""
        )
        message = (
            f"Keras models no longer have {name}() (older tutorials still use "
            f"it){where}{owner}.{new_name}() takes a generator itself, as it "
            f"takes arrays: call {new_name} with the same data{left_out}"
        )
    else:
        return None
    if fixed and found is not None and fixed != found[1]:
        message += f". Write:\n{indented(in_block(lines, line, fixed))}"
    else:
        message += "."
    return Problem("attribute", message, line, text, detail=str(exc))
