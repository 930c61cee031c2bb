"""``validation_split`` given with a ``tf.data.Dataset`` (or a generator).

``validation_split=0.2`` makes ``fit`` keep the last 20% of the samples of
x and y apart, which only works on arrays: with a dataset Keras says
"Argument `validation_split` is only supported for tensors or NumPy
arrays".  :func:`validation_split_problem` says so and shows the split
written with the dataset's own ``take`` and ``skip`` (counted in its
batches), the part taken given as ``validation_data``.
"""

from __future__ import annotations

import ast
import re

from ._widget_calls import between, indented, method_calls, statement_source
from ._widget_problem import Problem, _at, _model_method_frame, code_of


def _fit_call(source: str):
    """The one ``....fit(...)`` call in ``source``, else None."""
    calls = method_calls(source, "fit")
    return calls[0] if len(calls) == 1 else None


def _split_lines(source: str, split: float, batches: int) -> list[str] | None:
    """The student's statement as three: the two parts of the dataset,
    then ``fit`` on them (on as many lines as the student wrote it); None
    when it is not written so that it can be."""
    call = _fit_call(source)
    if call is None or not call.args or not isinstance(call.args[0], ast.Name):
        return None
    keyword = next((k for k in call.keywords if k.arg == "validation_split"), None)
    if keyword is None or any(k.arg == "validation_data" for k in call.keywords):
        return None
    name = call.args[0].id
    taken = max(1, round(batches * split))
    if taken >= batches:
        return None
    train, val = f"train_{name}", f"val_{name}"
    pieces = [
        (call.args[0], train),
        (keyword, f"validation_data={val}"),
    ]
    fixed = source
    # from the last to the first: the places before stay where they were
    places = sorted(pieces, key=lambda p: (p[0].lineno, p[0].col_offset))
    for node, new in reversed(places):
        fixed = between(fixed, node, node, new)
    return [f"{val} = {name}.take({taken})", f"{train} = {name}.skip({taken})", fixed]


def validation_split_problem(exc, raw: str, line, text, lines=()) -> Problem | None:
    """``model.fit(dataset, validation_split=0.2)`` (``lines``, the code,
    gives the whole call when it is written over several lines)."""
    if "`validation_split` is only supported for tensors or NumPy arrays" not in raw:
        return None
    found = _model_method_frame(exc, ("fit",))
    data = found[1].f_locals.get("x") if found is not None else None
    split = found[1].f_locals.get("validation_split") if found is not None else None
    where = _at(line, text) or ". "
    source = statement_source(lines, line, text)
    call = _fit_call(source)
    written = code_of(source, call.args[0]) if call is not None and call.args else None
    if not all(hasattr(data, m) for m in ("take", "skip", "cardinality")):
        kind = re.sub(r"^_+", "", type(data).__name__) if data is not None else "it"
        message = (
            "validation_split keeps the last part of arrays apart for "
            f"validation, and cannot cut {written or 'this data'} ({kind})"
            f"{where}Give the validation data yourself with "
            "validation_data=(x_val, y_val), or give fit() NumPy arrays."
        )
        return Problem("data", message, line, text, detail=raw)
    try:
        batches = int(data.cardinality())
    except Exception:  # noqa: BLE001 - its size is not known
        batches = -1
    split_lines = (
        _split_lines(source, float(split), batches)
        if batches > 1 and isinstance(split, float)
        else None
    )
    name = written or "the dataset"
    message = (
        "validation_split keeps the last part of NumPy arrays apart for "
        f"validation, and cannot cut a tf.data.Dataset such as {name}{where}"
        f"Split {name} yourself with take() and skip(), and give the part "
        "taken as validation_data"
    )
    if split_lines:
        taken = split_lines[0].rsplit("(", 1)[1].rstrip(")")
        train = split_lines[1].split(" =")[0]
        message += (
            f" ({name} holds {batches} batches; {split:g} of them is {taken}):\n"
            + "\n".join(indented(t) for t in split_lines)
            + f"\nIf {name} was made with shuffle(), split before shuffling "
            f"(shuffle {train}), so that the two parts stay apart."
        )
    else:
        message += (
            ": val_ds = ds.take(n) and train_ds = ds.skip(n), n a number of "
            "batches; then fit(train_ds, validation_data=val_ds)."
        )
    return Problem("data", message, line, text, detail=raw)
