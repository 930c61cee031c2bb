"""Data given to ``fit``, ``evaluate`` or ``predict`` as Python lists.

Keras takes NumPy arrays (or tensors, or a dataset), not lists:
``model.fit(x.tolist(), y.tolist())`` or ``model.fit([[0, 1], [1, 0]],
[1, 0])`` gets "Unrecognized data type: x=[[5.1, 3.5, ...", with every
number of the list.  :func:`list_data_problem` says which arguments are
lists and shows the line with each one an array: ``x.tolist()`` becomes
``x`` (the array it was made from), anything else ``np.array(...)``.
"""

from __future__ import annotations

import ast
import re

from ._widget_calls import (
    between,
    in_block,
    indented,
    method_calls,
    statement_source,
)
from ._widget_problem import Problem, _at, _model_method_frame, code_of

_METHODS = (
    "fit",
    "evaluate",
    "predict",
    "train_on_batch",
    "test_on_batch",
    "predict_on_batch",
)
_UNRECOGNIZED = re.compile(r"Unrecognized data type: (\w+)=")
_LIST = re.compile(r"Unrecognized data type: (\w+)=.*\(of type <class 'list'>\)", re.S)


def _data_call(source: str):
    """The one ``....fit(...)`` (or ``evaluate``, ``predict``...) call in
    the student's statement ``source``, else None."""
    calls = method_calls(source, _METHODS)
    return calls[0] if len(calls) == 1 else None


def _given(call: ast.Call, place: int, keyword: str):
    """The argument given at ``place`` or as ``keyword=``, else None."""
    for given in call.keywords:
        if given.arg == keyword:
            return given.value
    if len(call.args) > place and not any(
        isinstance(a, ast.Starred) for a in call.args[: place + 1]
    ):
        return call.args[place]
    return None


def _as_array(source: str, node) -> str:
    """``x`` for ``x.tolist()``, else ``np.array(...)`` around the code."""
    if (
        isinstance(node, ast.Call)
        and getattr(node.func, "attr", None) == "tolist"
        and not node.args
        and not node.keywords
    ):
        return code_of(source, node.func.value)
    return f"np.array({code_of(source, node)})"


def list_data_problem(exc, raw: str, line, text, lines=()) -> Problem | None:
    """``model.fit([[0, 1], [1, 0]], [1, 0])``: data as Python lists
    (``lines``, the code, gives the whole call when it is written over
    several lines)."""
    match = _UNRECOGNIZED.search(str(exc))
    if match is None:
        return None
    named = match.group(1)
    found = _model_method_frame(exc, _METHODS)
    values = found[1].f_locals if found is not None else {}
    if not any(isinstance(values.get(k), list) for k in ("x", "y")):
        # a list y gets "x=[...] (of type ndarray)": the frame tells
        if values or _LIST.search(str(exc)) is None:
            return None
    source = statement_source(lines, line, text)
    call = _data_call(source)
    pieces = []  # (node, written, as an array)
    keywords = []
    for place, keyword in enumerate(("x", "y")):
        node = _given(call, place, keyword) if call is not None else None
        if node is None:
            continue
        is_list = (
            isinstance(values.get(keyword), list)
            if keyword in values
            else keyword == named or isinstance(node, ast.List)
        )
        if is_list:
            pieces.append((node, code_of(source, node), _as_array(source, node)))
            keywords.append(keyword)
    fixed = source
    # from the last to the first: the places before stay where they were
    places = sorted(pieces, key=lambda p: (p[0].lineno, p[0].col_offset))
    for node, _, new in reversed(places):
        fixed = between(fixed, node, node, new)
    written = [w for _, w, _ in pieces]
    # the student's names, or Keras's (x, y) for a list written out
    said = [
        w if not isinstance(node, ast.List) and len(w) <= 30 else keyword
        for (node, w, _), keyword in zip(pieces, keywords)
    ] or [named]
    what = " and ".join(said)
    what += " are Python lists" if len(said) > 1 else " is a Python list"
    made = [w.endswith(".tolist()") for w in written]
    if any(made):
        advice = ".tolist() turns an array into a list: give the array itself"
        if not all(made):
            advice += ", and make the others arrays with np.array(...)"
    else:
        advice = (
            f"Make {'each one' if len(said) > 1 else 'it'} a NumPy array with "
            "np.array(...)"
        )
    shown = f":\n{indented(in_block(lines, line, fixed))}" if fixed != source else "."
    message = f"{what}, and Keras takes arrays{_at(line, text) or '. '}{advice}{shown}"
    return Problem("data", message, line, text, detail=shorten_list(str(exc)))


def shorten_list(message: str) -> str:
    """Keras's words without the numbers of the list."""
    return re.sub(r"=\[.*\] \(of type", "=[...] (of type", message, flags=re.S)
