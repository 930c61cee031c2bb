"""``model.fit`` given a number its setting cannot take, in plain words.

Keras checks none of ``fit``'s numbers itself.  What it does with one out
of range depends on the number and on the data:

- ``batch_size=0`` counts as no batch size: Keras trains with its default,
  32, without a word; a negative or fractional one fails deep in
  TensorFlow ("Invalid value in tensor used for shape: -3");
- ``epochs=0`` (or below) trains nothing and returns an empty History; a
  fractional one fails in Python's words ("'float' object cannot be
  interpreted as an integer"), as ``epochs=None`` or ``epochs="five"``
  do;
- ``validation_split=20`` (meant as 20 %) trains on none of the samples,
  with a warning that the input "ran out of data"; ``1.5`` trains on a
  part and checks on the rest; ``1`` or ``-0.1`` either fail ("not
  sufficient to split it") or train on all of them, depending on the
  number of samples.

:func:`fit_argument_problem` explains a ``fit`` that failed that way,
:func:`fit_argument_notes` one that ran (a note); both say what the
setting means, the numbers it takes and the line to write.
:func:`fit_setting_words` and :func:`fit_choices` give the same words to
the explanations of a float (``epochs=2.5``, in
:mod:`._widget_float_problems`) and of a number in quotes
(``epochs="0"``, in :mod:`._widget_quoted_problems`) given to ``fit``.
"""

from __future__ import annotations

import ast
import math
import numbers
import re

from ._widget_calls import (
    between,
    in_block,
    indented,
    method_calls,
    statement_source,
)
from ._widget_problem import (
    Problem,
    _at,
    _model_method_frame,
    _shape_of,
    _student_names,
    article,
)

__all__ = [
    "bad_fit_arguments",
    "fit_argument_notes",
    "fit_argument_problem",
    "fit_choices",
    "fit_meaning",
    "fit_setting_words",
]

_MEANING = {
    "batch_size": "batch_size is how many samples the model looks at before "
    "each update of its weights: a whole number, 1 or more",
    "epochs": "epochs is how many times training goes through all the "
    "samples: a whole number, 1 or more",
    "validation_split": "validation_split is the share of the samples kept "
    "aside to check the model after each epoch: a number from 0 up to, but "
    "not including, 1 (0.2 keeps 20 % aside)",
}


def _number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _whole(value) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _bad(name: str, value) -> bool:
    """Whether ``value`` is a number ``fit``'s setting ``name`` cannot
    take (anything but a number, or ``None``, is for other explanations).
    ``True`` and ``False`` are no counts, though Python reads them as 1
    and 0 (``validation_split=False``, none kept aside, is fine)."""
    if isinstance(value, bool):
        return name != "validation_split" or value
    if not _number(value):
        return False
    if name == "validation_split":
        return not (math.isfinite(value) and 0 <= value < 1)
    return not (_whole(value) and value >= 1)


def bad_fit_arguments(arguments: dict) -> list[tuple[str, object]]:
    """``(name, value)`` of each setting in ``arguments`` (a ``fit``'s, by
    name) whose number it cannot take."""
    return [
        (name, arguments.get(name))
        for name in _MEANING
        if _bad(name, arguments.get(name))
    ]


def _written(value) -> str:
    """``value`` as Python writes it (a NumPy number as a plain one, an
    endless one as ``float("inf")``)."""
    item = getattr(value, "item", None)
    value = item() if callable(item) else value
    if isinstance(value, float) and not math.isfinite(value):
        return f'{"-" * (value < 0)}float("{"nan" if math.isnan(value) else "inf"}")'
    return repr(value)


def _one_number(value):
    """The number in ``value`` when it is a tuple or list of one number
    (``(5,)``: the comma makes a tuple), else None."""
    if isinstance(value, (tuple, list)) and len(value) == 1 and _number(value[0]):
        return value[0]
    return None


def _percent(value) -> bool:
    """Whether ``value`` (for validation_split) looks like a percentage:
    a whole number from 2 to 99 (20 for 20 %)."""
    return 2 <= value < 100 and float(value).is_integer()


def _fix(name: str, value) -> str:
    """The number to write instead of ``value``."""
    if _one_number(value) is not None and not _bad(name, _one_number(value)):
        return _fix(name, _one_number(value))
    if isinstance(value, bool):
        return {"validation_split": "0.2", "batch_size": "32"}.get(name, "10")
    if name == "validation_split":
        return f"{value / 100:g}" if _percent(value) else "0.2"
    if not _number(value):
        return "32" if name == "batch_size" else "10"
    if math.isfinite(value) and value >= 1 and float(value).is_integer():
        return str(int(value))
    if name == "epochs" and 0 < value < 1:
        return "1"  # a part of one epoch: one is the nearest
    if name == "batch_size":
        return "32"
    return "10"


def _kind(name: str, value) -> str:
    """What ``value`` is, when it is no number at all (``epochs=None``,
    ``epochs="five"``), for the words after what the setting takes."""
    if value is None:
        return ", and None is no number"
    if isinstance(value, bool):
        count = "number" if name == "validation_split" else "count"
        return f", and {value} is not a {count} (it is a yes/no value)"
    if isinstance(value, str):
        return f", and {value!r} is text"
    if _number(value):
        return ""
    if isinstance(value, (tuple, list)):
        made = (
            "the comma makes it one"
            if isinstance(value, tuple)
            else ("the square brackets make it one")
        )
        kind = type(value).__name__
        return f", and {_written(value)} is {article(kind)} {kind} ({made})"
    return f", and {_written(value)} is {article(type(value).__name__)} " + (
        type(value).__name__
    )


def fit_meaning(name: str) -> str:
    """What ``fit``'s setting ``name`` is and the numbers it takes."""
    return _MEANING[name]


def _advice(name: str, value) -> str:
    """What the setting means and the number to write, without the last
    stop (the student's line written that way may follow)."""
    fix = _fix(name, value)
    if name == "validation_split" and _percent(value):
        example = f"For {value:g} %, write {name}={fix}"
    elif name == "validation_split":
        example = f"Write {name}=0.2, for example, to keep 20 % aside"
    elif name == "batch_size" and fix == "32":
        example = (
            f"Write {name}=32, a common choice (or leave it out: Keras then uses 32)"
        )
    else:
        example = f"Write {name}={fix}"
    return f"{_MEANING[name]}{_kind(name, value)}. {example}"


def _keyword_value(source: str, name: str):
    """The value given as ``name=`` to the ``fit`` call in ``source`` (one
    whole statement), or None (also when Python cannot read it)."""
    for call in method_calls(source, "fit"):
        for keyword in call.keywords:
            if keyword.arg == name:
                return keyword.value
    return None


def _as_written(text: str | None, name: str, value) -> str:
    """``value`` of ``name`` as the student's line ``text`` writes it
    (``float("inf")``, ``True``), else as Python writes it."""
    source = (text or "").strip()
    node = _keyword_value(source, name)
    written = ast.get_source_segment(source, node) if node is not None else None
    return written if written and "\n" not in written else _written(value)


def _fixed_line(text: str | None, name: str, value) -> str | None:
    """The student's code ``text`` (a line, or a whole statement written
    over several lines) with the value written for ``name`` replaced:
    whatever it is when Python can read the code on its own, else when it
    is written as a number, ``True``, ``False``, ``None`` or text in
    quotes."""
    source = (text or "").strip()
    node = _keyword_value(source, name)
    if node is not None:
        fixed = between(source, node, node, _fix(name, value))
        return fixed if fixed != source else None
    number = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?![\w.(\[])"
    written = rf"(?:{number}|None\b|True\b|False\b|\"[^\"\n]*\"|'[^'\n]*')"
    pattern = rf"\b{name}\s*=\s*{written}"
    fixed, count = re.subn(pattern, f"{name}={_fix(name, value)}", source, count=1)
    return fixed if count and fixed != source else None


def _cause(name: str, value, raw: str) -> bool:
    """Whether ``value`` for ``name`` is what made Keras's ``fit`` fail
    with ``raw``: a negative or fractional batch_size, a fractional epochs
    always fail; an out-of-range validation_split only sometimes."""
    if name == "validation_split":
        return "validation_split" in raw
    if name == "epochs":
        return not _whole(value)
    return not (_whole(value) and value == 0)  # batch_size=0 trains


def _not_numbers(arguments: dict, raw: str) -> list[tuple[str, object]]:
    """``(name, value)`` for ``epochs=None``, ``epochs="five"``,
    ``batch_size=(32,)``: no number at all, of the type Python's message
    names ("'NoneType' object cannot be interpreted as an integer").
    ``batch_size=None`` is Keras's default; a number in quotes is
    :mod:`._widget_quoted_problems`'s."""
    found = []
    for name in ("epochs", "batch_size"):
        value = arguments.get(name)
        if _number(value) or (value is None and name == "batch_size"):
            continue
        if f"'{type(value).__name__}'" in raw:
            found.append((name, value))
    return found


def fit_setting_words(frame, name: str, exc) -> tuple[str, str] | None:
    """``(model, words)`` when ``frame`` runs a Keras model's ``fit``: the
    student's name for the model and what its setting ``name`` takes
    ("epochs is how many times training goes through all the samples: a
    whole number, 1 or more"), else None."""
    import keras

    owner = frame.f_locals.get("self")
    if frame.f_code.co_name != "fit" or not isinstance(owner, keras.Model):
        return None
    words = _MEANING.get(name, f"{name} wants a whole number (an int)")
    return _student_names(exc).get(id(owner), "model"), words


def fit_choices(name: str, choices: list[str]) -> list[str]:
    """Those of ``choices`` (numbers as written) that ``fit``'s setting
    ``name`` takes; when it takes none of them, the one number to write
    instead (``epochs="0"``: 10)."""
    if name not in _MEANING:
        return choices
    kept = [c for c in choices if not _bad(name, _parsed(c))]
    return kept or [_fix(name, _parsed(choices[0]))]


def _parsed(written: str):
    number = float(written)
    return int(number) if number.is_integer() and "." not in written else number


def fit_argument_problem(exc, raw: str, line, text, lines=()) -> Problem | None:
    """``model.fit(..., batch_size=-2)``, ``epochs=2.5``,
    ``validation_split=-0.1``: a number the setting cannot take, which made
    ``fit`` fail in TensorFlow's or Python's words (``lines``, the code,
    gives the whole call when it is written over several lines)."""
    found = _model_method_frame(exc, ("fit",))
    if found is None:
        return None
    arguments = found[1].f_locals
    bad = [(n, v) for n, v in bad_fit_arguments(arguments) if _cause(n, v, raw)]
    bad += _not_numbers(arguments, raw)
    if not bad:
        return None
    name, value = bad[0]
    model = _student_names(exc).get(id(found[0]), "model")
    source = statement_source(lines, line, text)
    fixed = _fixed_line(source, name, value)
    shown = f":\n{indented(in_block(lines, line, fixed))}" if fixed else "."
    message = (
        f"{model}.fit() cannot take {name}={_as_written(source, name, value)}"
        f"{_at(line, text) or '. '}{_advice(name, value)}{shown}"
    )
    return Problem("error", message, line, text, detail=raw)


def _samples(x) -> int | None:
    """The number of samples in ``x`` (an array, or a list or dict of
    them), else None."""
    if isinstance(x, dict):
        x = next(iter(x.values()), None)
    elif isinstance(x, (list, tuple)) and x and _shape_of(x[0]) is not None:
        x = x[0]
    shape = _shape_of(x)
    return shape[0] if shape else None


def _split_words(value, x) -> str:
    """What Keras did with ``validation_split=value`` on the samples of
    ``x``: the counts it trained and checked on (Keras's own arithmetic)."""
    count = _samples(x)
    if not count:
        return ""
    split_at = int(math.floor(count * (1.0 - value)))
    trained = len(range(count)[:split_at])
    checked = len(range(count)[split_at:count])
    if trained == 0:
        return (
            f" With {value:g}, Keras trained on none of the {count} samples, so "
            f"the model learned nothing, and checked it on all {checked}."
        )
    if checked == 0:
        return (
            f" With {value:g}, Keras trained on all {count} samples and kept "
            "none aside to check the model."
        )
    return (
        f" With {value:g}, Keras trained on {trained} of the {count} samples "
        f"and checked the model on the other {checked}."
    )


def fit_argument_notes(call, model_name: str, text: str | None) -> list[str]:
    """A note for each number out of range that a ``fit`` which ran was
    given (``call``, a :class:`~kerasteach._widget_records.FitCall` on the
    line ``text``, of the model in ``model_name``), without its line
    number (:func:`kerasteach._widget_fit_notes.fit_notes` adds it)."""
    notes = []
    arrays = _samples(call.arguments.get("x")) is not None
    for name, value in bad_fit_arguments(call.arguments):
        if name != "epochs" and not arrays:
            continue  # a dataset: Keras reads neither setting
        if name != "validation_split" and value > 0 and value is not True:
            continue  # not what a fit that ran was given: say nothing
        advice = _advice(name, value)
        fixed = _fixed_line(text, name, value)
        shown = f":\n    {fixed}" if fixed else "."
        given = f"{model_name}.fit() got {name}={_as_written(text, name, value)}"
        if value is True:
            once = {
                "epochs": "it went through the data once",
                "batch_size": "it trained on 1 sample at a time",
            }[name]
            what = f"{given}, which Python reads as 1: {once}, without a word."
        elif name == "batch_size":
            default = (
                ": it trained with its default, 32 samples at a time"
                if call.arguments.get("steps_per_epoch") is None
                else ""
            )
            what = (
                f"{given}, which Keras takes as no batch size{default}, without a word."
            )
        elif name == "epochs":
            what = (
                f"{given}, so it went through "
                f"the data 0 times: {model_name} learned nothing, and the "
                "History it returned is empty. Keras does not stop for this."
            )
        else:
            what = f"{given}, which Keras does not check." + _split_words(
                value, call.arguments.get("x")
            )
        notes.append(f"{what} {advice}{shown}")
    return notes
