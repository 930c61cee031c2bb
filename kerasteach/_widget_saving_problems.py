"""Saving and loading that fails, explained.

Keras's words for these are written for someone who knows its file
formats: "could not be deserialized properly" for a custom layer that
``load_model`` was not given, "A total of 2 objects could not be loaded"
with a dump of weights for a weights file loaded into other layers, "No
model config found" for a weights file given to ``load_model``, "Invalid
filepath extension" for ``model.save("my_model")``.  :func:`saving_problem`
says what the file holds, what the call needs and the line to write:

- a custom class that ``load_model`` does not know:
  ``custom_objects={"Scale": Scale}`` (or the class, when the code does not
  define it; or the right key, for one given under another name): here;
- weights loaded into a model of other layers: the layer that does not
  fit, the model that saved the file and the one loading it
  (:mod:`kerasteach._widget_saving_weights`);
- a file name with no ``.keras`` (``model.save``, ``load_model``), or one
  not in the folder (with the file meant, when one is spelt nearly so), and
  a weights file given to ``load_model``: it holds no model
  (:mod:`kerasteach._widget_saving_files`).

The lines are read by :mod:`kerasteach._widget_saving_lines`.
"""

from __future__ import annotations

import ast
import re

from ._widget_problem import Problem, _at
from ._widget_saving_files import (
    _missing_file_problem,
    _no_ending_load_problem,
    _no_ending_save_problem,
    _weights_file_problem,
)
from ._widget_saving_lines import _method
from ._widget_saving_weights import _other_layers_problem

__all__ = ["saving_problem"]

_MISSING_CLASS = re.compile(r"Could not locate (class|function) '(\w+)'")


# ------------------------------------------------ a custom class


def _defines(lines, name: str) -> bool:
    pattern = re.compile(rf"\s*(class|def)\s+{re.escape(name)}\b")
    return any(pattern.match(code) for code in lines)


def _wrong_key(call: ast.Call | None, name: str) -> ast.expr | None:
    """The key of ``{"Wrong": Scale}`` in ``custom_objects``: the class
    ``name`` given under another name, which load_model does not look up."""
    given = [k for k in getattr(call, "keywords", ()) if k.arg == "custom_objects"]
    if not given or not isinstance(given[0].value, ast.Dict):
        return None
    for key, value in zip(given[0].value.keys, given[0].value.values):
        if (
            isinstance(value, ast.Name)
            and value.id == name
            and isinstance(key, ast.Constant)
            and isinstance(key.value, str)
            and key.value != name
        ):
            return key
    return None


def _with_custom_object(text: str, call: ast.Call, name: str) -> str | None:
    """The line with ``"Scale": Scale`` given to ``load_model``: a new
    ``custom_objects=``, one more item in the dict literal written, or the
    wrong key of ``{"Wrong": Scale}`` put right."""
    source = text.strip()
    given = [k for k in call.keywords if k.arg == "custom_objects"]
    if given and not isinstance(given[0].value, ast.Dict):
        return None
    wrong = _wrong_key(call, name)
    if wrong is not None:
        if wrong.end_lineno != wrong.lineno:
            return None
        return source[: wrong.col_offset] + f'"{name}"' + source[wrong.end_col_offset :]
    if given:
        mapping = given[0].value
        inside = source[mapping.col_offset + 1 : mapping.end_col_offset - 1].strip()
        items = f"{inside.rstrip(',')}, " if inside else ""
        new = "{" + items + f'"{name}": {name}' + "}"
        return source[: mapping.col_offset] + new + source[mapping.end_col_offset :]
    if call.end_col_offset is None or not source[: call.end_col_offset].endswith(")"):
        return None
    end = call.end_col_offset - 1
    comma = ", " if call.args or call.keywords else ""
    setting = f'custom_objects={{"{name}": {name}}}'
    return source[:end] + comma + setting + source[end:]


def _custom_class_problem(exc, line, text, lines) -> Problem | None:
    match = _MISSING_CLASS.search(str(exc))
    call = _method(text, ("load_model",))
    if match is None or (call is None and "load_model" not in (text or "")):
        return None
    kind, name = match.groups()
    what = "a layer or model of class" if kind == "class" else "the function"
    given = f'custom_objects={{"{name}": {name}}}'
    above = lines[: line - 1] if line else lines
    if not _defines(above, name):
        where = (
            f"Your code defines {name} below this line: move it above, and"
            if _defines(lines, name)
            else f"Keras saves the name and settings of your own {kind}, not "
            f"its code. Copy the {kind} {name} from the code that saved the "
            "model into your code, above this line, and"
        )
        return Problem(
            "error",
            f"load_model could not make the model{_at(line, text)}"
            f"The file holds {what} {name}, which load_model does not know. "
            f"{where} give it to load_model: {given}.",
            line,
            text,
            detail=str(exc),
        )
    fixed = _with_custom_object(text, call, name) if call is not None else None
    shown = f"\n    {fixed}" if fixed else f" {given}."
    wrong = _wrong_key(call, name)
    if wrong is not None:
        how = (
            f'. custom_objects gives {name} under the name "{wrong.value}", '
            f'but load_model looks it up by its own name, "{name}": use that '
            "name as the key:"
        )
    else:
        how = (
            ", and load_model knows only Keras's: it must be given yours. Pass "
            "it by name in custom_objects:"
        )
    return Problem(
        "error",
        f"load_model could not make the model{_at(line, text)}"
        f"The file holds {what} {name}, your own{how}"
        f"{shown}\nOr put @keras.saving.register_keras_serializable() on the "
        f"line above `{kind if kind == 'class' else 'def'} {name}`, which "
        "makes Keras know it everywhere.",
        line,
        text,
        detail=str(exc),
    )


def saving_problem(exc, raw: str, line, text, lines=()) -> Problem | None:
    """A save or load of the student's that failed (see the module's
    docstring), or None for another error."""
    lines = list(lines)
    for explain in (
        lambda: _custom_class_problem(exc, line, text, lines),
        lambda: _other_layers_problem(exc, line, text, lines),
        lambda: _missing_file_problem(exc, line, text),
        lambda: _no_ending_save_problem(exc, line, text),
        lambda: _no_ending_load_problem(exc, line, text),
        lambda: _weights_file_problem(exc, line, text),
    ):
        problem = explain()
        if problem is not None:
            return problem
    return None
