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
  define it);
- weights loaded into a model of other layers: the layer that does not
  fit, the model that saved the file and the one loading it;
- a file name with no ``.keras`` (``model.save``, ``load_model``), or one
  not in the folder (with the file meant, when one is spelt nearly so);
- a weights file given to ``load_model``: it holds no model.
"""

from __future__ import annotations

import ast
import difflib
import os
import re

from ._widget_problem import Problem, _at

__all__ = ["saving_problem"]

_MISSING_CLASS = re.compile(r"Could not locate (class|function) '(\w+)'")
_NOT_LOADED = re.compile(
    r"A total of (\d+) objects could not be loaded\. Example error message "
    r"for object <(\w+) name=([\w.-]+)"
)
_SHAPES = re.compile(
    r"variable\.shape=(\([\d, ]*\)), Received: value\.shape=(\([\d, ]*\))"
    r"(?:\. Target variable: <Variable path=[\w./-]*/(\w+))?"
)
_NO_VARIABLES = re.compile(r"expected (\d+) variables, but received 0 variables")


def _code(path: str) -> str:
    """``path`` as a string in code, in double quotes as the lessons write."""
    return f'"{path}"' if '"' not in path and "\\" not in path else repr(path)


def _quoted(text: str | None, path: str) -> str | None:
    """The string literal of ``path`` as written in ``text`` (once)."""
    found = [q + path + q for q in ('"', "'") if (text or "").count(q + path + q) == 1]
    return found[0] if len(found) == 1 else None


def _with_path(text: str | None, path: str, new: str) -> str | None:
    """``text`` with its literal of ``path`` changed to ``new``, or None
    when the line does not write ``path`` out once."""
    literal = _quoted(text, path)
    if literal is None:
        return None
    return text.strip().replace(literal, literal[0] + new + literal[0])


def _calls(text: str | None) -> list[ast.Call]:
    try:
        tree = ast.parse((text or "").strip())
    except SyntaxError:
        return []
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)]


def _method(text: str | None, names: tuple[str, ...]) -> ast.Call | None:
    """The call of one of ``names`` (``load_model``, ``model.save``) on
    the line."""
    for call in _calls(text):
        func = call.func
        name = getattr(func, "attr", None) or getattr(func, "id", None)
        if name in names:
            return call
    return None


def _receiver(call: ast.Call | None) -> str | None:
    """``other`` for ``other.load_weights(...)``."""
    func = getattr(call, "func", None)
    value = getattr(func, "value", None)
    return value.id if isinstance(value, ast.Name) else None


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


# ------------------------------------------------ weights of other layers


def _saved_by(lines, path: str, before) -> tuple[str, str, int] | None:
    """The model that wrote ``path`` above the line ``before``, the method
    (``save_weights`` or ``save``) and the line."""
    literal = re.escape(path)
    pattern = re.compile(rf"(\w+)\.(save(?:_weights)?)\(\s*[\"']{literal}[\"']")
    for number, code in enumerate(lines[: (before or len(lines) + 1) - 1], 1):
        match = pattern.search(code)
        if match:
            return match.group(1), match.group(2), number
    return None


def _other_layers_problem(exc, line, text, lines) -> Problem | None:
    raw = str(exc)
    match = _NOT_LOADED.search(raw)
    call = _method(text, ("load_weights",))
    if match is None or call is None:
        return None
    count, kind, layer = int(match.group(1)), match.group(2), match.group(3)
    loader = _receiver(call)
    method = f"{loader}.load_weights" if loader else "load_weights"
    loader = loader or "the model"
    path = call.args[0].value if call.args else None
    path = path if isinstance(path, str) else None
    saver = _saved_by(lines, path, line) if path else None
    shapes = _SHAPES.search(raw)
    variables = _NO_VARIABLES.search(raw)
    if shapes:
        weights = f"its {shapes.group(3)}" if shapes.group(3) else "its weights"
        detail = (
            f"layer {layer!r} ({kind}) of {loader} has {weights} of shape "
            f"{shapes.group(1)}, and the file has shape {shapes.group(2)} in "
            "its place"
        )
    elif variables:
        detail = (
            f"the file has no weights for layer {layer!r} ({kind}) of "
            f"{loader}: it holds fewer layers, or layers of another kind"
        )
    else:
        return None
    others = count - 1
    if others:
        more = "1 more layer does" if others == 1 else f"{others} more layers do"
        detail += f" ({more} not fit either)"
    if saver is not None and saver[0] != loader:
        source = (
            f"{saver[0]}.{saver[1]} wrote it on line {saver[2]}, from the "
            f"layers of {saver[0]}"
        )
        advice = (
            f"Build {loader} with the same layers as {saver[0]} (the same "
            f"kinds, sizes and order), or load the file into {saver[0]}."
        )
    else:
        source = ""
        if saver is not None:
            source = (
                f"{saver[0]}.{saver[1]} wrote it on line {saver[2]}, when "
                f"{saver[0]} held a model of other layers"
            )
        advice = (
            f"Build {loader} with the same layers as the model that saved the "
            "file (the same kinds, sizes and order)."
        )
    return Problem(
        "error",
        f"{method} could not put the weights in place"
        f"{_at(line, text)}The file holds the weights of other layers"
        f"{': ' + source if source else ''}. load_weights only fills a model "
        f"built the same way; here {detail}. {advice}",
        line,
        text,
        detail=raw,
    )


# ------------------------------------------------ file names


def _folder_files(path: str, ending: str) -> list[str]:
    """The files of ``path``'s folder whose names end with ``ending``,
    written as ``path`` would be (with its folder)."""
    folder = os.path.dirname(path)
    try:
        names = sorted(os.listdir(folder or "."))
    except OSError:
        return []
    return [
        os.path.join(folder, n) if folder else n
        for n in names
        if n.endswith(ending) and os.path.isfile(os.path.join(folder or ".", n))
    ]


def _ending(path: str) -> str:
    for ending in (".weights.h5", ".keras", ".h5"):
        if path.endswith(ending):
            return ending
    return ""


def _missing_file_problem(exc, line, text) -> Problem | None:
    raw = str(exc)
    match = re.search(r"File not found: filepath=(.+?)\. Please ensure", raw)
    if match is None and isinstance(exc, FileNotFoundError):
        match = re.search(r"name = '([^']+)', errno = 2", raw)
    call = _method(text, ("load_model", "load_weights"))
    if match is None or call is None:
        return None
    path = match.group(1)
    if os.path.exists(path):
        return None
    ending = _ending(path)
    files = _folder_files(path, ending) if ending else []
    close = difflib.get_close_matches(path, files, n=1, cutoff=0.75)
    where = "in the folder your code runs in" if not os.path.dirname(path) else ""
    method = getattr(call.func, "attr", None) or call.func.id
    message = (
        f"{method} found no file {_code(path)}{' ' + where if where else ''}"
        f"{_at(line, text)}"
    )
    if close:
        fixed = _with_path(text, path, close[0])
        listed = ", ".join(_code(f) for f in files[:8])
        message += (
            f"Did you mean {_code(close[0])}? The {ending} files there: {listed}."
        )
        if fixed:
            message += f"\n    {fixed}"
    else:
        saver = "model.save_weights" if ending == ".weights.h5" else "model.save"
        message += (
            f"Check the name, or make the file first: {saver}({_code(path)}) "
            "writes it (in this code, above this line, or in code that ran "
            "before in this folder)."
        )
    return Problem("error", message, line, text, detail=raw)


def _no_ending_save_problem(exc, line, text) -> Problem | None:
    raw = str(exc)
    match = re.search(r"Invalid filepath extension for saving.*filepath=(.+)\.$", raw)
    call = _method(text, ("save",))
    if match is None or call is None:
        return None
    path = match.group(1)
    stem, ending = os.path.splitext(path)
    if ending.lower() not in ("", ".tf", ".pb", ".hdf5", ".model", ".savedmodel"):
        stem = path
    new = f"{stem}.keras"
    fixed = _with_path(text, path, new)
    shown = f":\n    {fixed}" if fixed else f": {_code(new)}."
    return Problem(
        "error",
        f"model.save needs a file name that ends in .keras{_at(line, text)}"
        f"Keras picks the file format from the name's ending, and {_code(path)} "
        f"has none it knows. Add .keras to the name{shown}\nLoad it later "
        f"with keras.models.load_model({_code(new)}).",
        line,
        text,
        detail=raw,
    )


def _no_ending_load_problem(exc, line, text) -> Problem | None:
    raw = str(exc)
    match = re.search(r"File format not supported: filepath=(.+?)\. Keras 3", raw)
    call = _method(text, ("load_model",))
    if match is None or call is None:
        return None
    path = match.group(1)
    if os.path.isdir(path) or _ending(path):
        return None  # a SavedModel folder: Keras's own words say it
    found = [path + e for e in (".keras", ".h5") if os.path.isfile(path + e)]
    if not found:
        return Problem(
            "error",
            "load_model needs the whole file name, with its ending"
            f"{_at(line, text)}There is no file {_code(path)}, and load_model "
            "reads files whose names end in .keras (or .h5), as model.save "
            "writes them. Write the whole name, as model.save was given it: "
            f"load_model({_code(path + '.keras')}) for a file saved with "
            f"model.save({_code(path + '.keras')}).",
            line,
            text,
            detail=raw,
        )
    fixed = _with_path(text, path, found[0])
    shown = f":\n    {fixed}" if fixed else f": {_code(found[0])}."
    return Problem(
        "error",
        "load_model needs the whole file name, with its ending"
        f"{_at(line, text)}The file is {_code(found[0])}; write its name in full"
        f"{shown}",
        line,
        text,
        detail=raw,
    )


def _weights_file_problem(exc, line, text) -> Problem | None:
    raw = str(exc)
    match = re.search(r"No model config found in the file at (.+?)\.?$", raw)
    call = _method(text, ("load_model",))
    if match is None or call is None:
        return None
    path = match.group(1)
    models = _folder_files(path, ".keras")
    other = f" (the .keras files there: {', '.join(map(_code, models[:8]))})"
    return Problem(
        "error",
        f"load_model cannot make a model from {_code(path)}{_at(line, text)}"
        "That file holds only weights: model.save_weights writes the numbers "
        "the layers learnt, not the layers themselves, so load_model has "
        "nothing to build. Either build the model in code, as when it was "
        "saved, and then call "
        f"model.load_weights({_code(path)}); or save the whole model with "
        'model.save("name.keras") and load that file with load_model'
        f"{other if models else ''}.",
        line,
        text,
        detail=raw,
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
