"""Saving and loading with a file name that does not work, explained.

A file name with no ``.keras`` (``model.save``, ``load_model``: Keras's
"Invalid filepath extension", "File format not supported"), one not in the
folder (with the file meant, when one is spelt nearly so), and a weights
file given to ``load_model`` ("No model config found": it holds no model).
Part of :func:`kerasteach._widget_saving_problems.saving_problem`.
"""

from __future__ import annotations

import difflib
import os
import re

from ._widget_problem import Problem, _at
from ._widget_saving_lines import _code, _method, _with_path


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
