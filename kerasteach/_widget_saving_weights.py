"""Weights loaded into a model of other layers, explained.

Keras says "A total of 2 objects could not be loaded" with a dump of
weights.  :func:`_other_layers_problem` names the layer that does not fit,
the model that saved the file and the one loading it.  Part of
:func:`kerasteach._widget_saving_problems.saving_problem`.
"""

from __future__ import annotations

import re

from ._widget_problem import Problem, _at
from ._widget_saving_lines import _method, _receiver

_NOT_LOADED = re.compile(
    r"A total of (\d+) objects could not be loaded\. Example error message "
    r"for object <(\w+) name=([\w.-]+)"
)
_SHAPES = re.compile(
    r"variable\.shape=(\([\d, ]*\)), Received: value\.shape=(\([\d, ]*\))"
    r"(?:\. Target variable: <Variable path=[\w./-]*/(\w+))?"
)
_NO_VARIABLES = re.compile(r"expected (\d+) variables, but received 0 variables")


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
