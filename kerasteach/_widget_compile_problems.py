"""``compile``, ``fit`` and friends given their settings the wrong way.

The settings of ``model.compile``, ``model.fit`` and ``keras.Input`` fail
in Python's words when they are misspelt (``fit(epoch=5)``: "fit() got an
unexpected keyword argument"), and in Keras's when they have the wrong
form: ``metrics="accuracy"`` (a list is needed), data in quotes
(``fit("x_train", ...)``), ``validation_data`` of one array.  Each
function names the setting, what it wants, and shows the student's line
written the right way; it returns ``None`` when it does not recognise its
mistake.  Settings Keras 1 and 2 named otherwise (``nb_epoch``) are
:mod:`kerasteach._widget_training_problems`'s; one array for a model of
several inputs is :mod:`kerasteach._widget_inputs_count`'s.
"""

from __future__ import annotations

import ast
import difflib
import inspect
import re

from ._widget_calls import (
    _index,
    between,
    in_block,
    indented,
    method_calls,
    statement_source,
)
from ._widget_problem import (
    Problem,
    _at,
    _frames_below_student,
    _model_method_frame,
    _shape_of,
    _student_tb,
    code_of,
    parsed_code,
)
from ._widget_visible import visible_variables


def _line_calls(text: str | None):
    source = (text or "").strip()
    tree = parsed_code([source])
    calls = [n for n in ast.walk(tree)] if tree is not None else []
    return [n for n in calls if isinstance(n, ast.Call)], source


def metrics_list_problem(exc, raw: str, line, text) -> Problem | None:
    """``metrics="accuracy"``: compile takes a list of metrics."""
    if "Expected `metrics` argument to be a list" not in raw:
        return None
    calls, source = _line_calls(text)
    fixed = source
    for call in calls:
        for keyword in call.keywords:
            if keyword.arg == "metrics" and not isinstance(
                keyword.value, (ast.List, ast.Tuple, ast.Dict)
            ):
                value = code_of(source, keyword.value)
                fixed = source.replace(
                    code_of(source, keyword), f"metrics=[{value}]", 1
                )
    shown = f":\n    {fixed}" if fixed != source else ': metrics=["accuracy"].'
    message = (
        f"metrics takes a list, even for one metric{_at(line, text) or '. '}"
        f"compile() measures each metric in the list as the model trains. Put "
        f"it in square brackets{shown}"
    )
    return Problem("error", message, line, text, detail=raw)


_UNEXPECTED = re.compile(r"(\w+)\(\) got an unexpected keyword argument '(\w+)'")


def _function_of(exc, func: ast.AST, source: str):
    """The function a call of the student's line calls, when it is a name
    or names joined by dots (``model.fit``, ``keras.Input``), else None."""
    node = func
    while isinstance(node, ast.Attribute):
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    tb = _student_tb(exc)
    if tb is None:
        return None
    space = {**tb.tb_frame.f_globals, **tb.tb_frame.f_locals}
    value = space.get(node.id)
    for part in code_of(source, func).split(".")[1:]:
        value = getattr(value, part, None)
    return value


def unexpected_keyword_problem(exc, raw: str, line, text) -> Problem | None:
    """``model.fit(x, y, epoch=5)``, ``model.compile(metric=[...])``,
    ``keras.Input(shap=(8,))``: a setting the function does not have."""
    match = _UNEXPECTED.search(raw)
    if match is None or not isinstance(exc, TypeError):
        return None
    keyword = match.group(2)
    calls, source = _line_calls(text)
    for call in calls:
        if keyword not in [k.arg for k in call.keywords]:
            continue
        function = _function_of(exc, call.func, source)
        try:
            parameters = list(inspect.signature(function).parameters)
        except (TypeError, ValueError):
            continue
        written = code_of(source, call.func)
        if keyword in ("input_shape", "input_dim") and written.endswith(".add"):
            value = next(k.value for k in call.keywords if k.arg == keyword)
            shape = code_of(source, value)
            if keyword == "input_dim":
                shape = f"({shape},)"
            message = (
                f"{written}() takes only the layer, not {keyword}"
                f"{_at(line, text) or '. '}The shape of one sample goes first, "
                "on a line of its own, before the first layer:\n"
                f"    {written}(keras.Input(shape={shape}))"
            )
            return Problem("error", message, line, text, detail=raw)
        names = [p for p in parameters if p not in ("self", "args", "kwargs")]
        close = difflib.get_close_matches(keyword, names, n=1, cutoff=0.6)
        where = _at(line, text) or ". "
        if close:
            fixed = source.replace(f"{keyword}=", f"{close[0]}=", 1)
            advice = f"Did you mean {close[0]}? Write:\n    {fixed}"
        else:
            listed = ", ".join(names[:12])
            advice = f"Its settings are: {listed}."
        message = f"{written}() has no setting called {keyword}{where}{advice}"
        return Problem("error", message, line, text, detail=raw)
    return None


def quoted_data_problem(exc, raw: str, line, text) -> Problem | None:
    """``model.fit("x_train", "y_train")``: the names of the arrays in
    quotes, which makes them text."""
    match = re.search(r"Unrecognized data type: (\w+)=.*of type <class 'str'>", raw)
    if match is None:
        return None
    calls, source = _line_calls(text)
    fixed = source
    quoted = []
    for call in calls:
        for arg in [*call.args, *(k.value for k in call.keywords)]:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                if arg.value.isidentifier():
                    quoted.append(arg.value)
                    fixed = fixed.replace(code_of(source, arg), arg.value, 1)
    shown = f":\n    {fixed}" if quoted else "."
    what = f"the text {quoted[0]!r}" if quoted else "text"
    message = (
        f"{match.group(1)} is {what}, in quotes, not your data"
        f"{_at(line, text) or '. '}Quotes make text: the name of a variable "
        f"is written without them, so that Python gives its value{shown}"
    )
    return Problem("data", message, line, text, detail=raw)


def _fit_frame(exc):
    """``(model, frame)`` of the ``fit`` (``evaluate``) the student's line
    called, else None."""
    return _model_method_frame(exc, ("fit", "evaluate"))


def _validation_keyword(source: str):
    """``(value, bracketed)``: what the ``fit`` call in ``source`` (one
    whole statement) gives as ``validation_data=``, and whether it is
    written in brackets (``(x_val)``); None when it gives none."""
    for call in method_calls(source, "fit"):
        for keyword in call.keywords:
            if keyword.arg == "validation_data":
                value = keyword.value
                start = _index(source, keyword.lineno, keyword.col_offset)
                before = source[start : _index(source, value.lineno, value.col_offset)]
                return value, "(" in before
    return None


def validation_pair_problem(exc, raw: str, line, text, lines=()) -> Problem | None:
    """``fit(..., validation_data=(x_val))``: brackets around one array do
    not make a pair, and the labels are missing (``lines``, the code,
    gives the whole call when it is written over several lines)."""
    if "None values not supported" not in raw:
        return None
    found = _fit_frame(exc)
    if found is None:
        return None
    given = found[1].f_locals.get("validation_data")
    if given is None or isinstance(given, (list, tuple, dict)):
        return None
    source = statement_source(lines, line, text)
    written = _validation_keyword(source)
    bracketed = written is not None and written[1]
    shown = "."
    if written is not None:
        node = written[0]
        data = code_of(source, node)
        name = data if isinstance(node, ast.Name) else None
        labels = (_matching_labels(name, given, exc) if name else None) or "y_val"
        pair = f"{data}, {labels}" if bracketed else f"({data}, {labels})"
        fixed = in_block(lines, line, between(source, node, node, pair))
        shown = f":\n{indented(fixed)}"
        if labels == "y_val":
            shown += f"\nwith y_val standing for the labels of {data}'s samples."
    brackets = (
        "Brackets around one value do not make a pair: (x) is x itself. "
        if bracketed or written is None
        else ""
    )
    give = (
        "Give the labels too, after a comma"
        if bracketed or written is None
        else "Give the labels too, in brackets with the data"
    )
    message = (
        "validation_data takes a pair, the data and its labels, (x_val, y_val), "
        f"but here it got one array{_at(line, text) or '. '}{brackets}{give}{shown}"
    )
    return Problem("data", message, line, text, detail=raw)


def _unpacked_validation(exc, given) -> bool:
    """Whether ``exc`` rose while Keras read ``given`` (the ``fit``'s
    validation_data) as data, labels and sample weights."""
    for frame in _frames_below_student(exc):
        data = frame.f_locals.get("data")
        if (
            frame.f_code.co_name == "unpack_x_y_sample_weight"
            and isinstance(data, tuple)
            and len(data) == len(given)
            and all(a is b for a, b in zip(data, given))
        ):
            return True
    return False


def validation_length_problem(exc, raw: str, line, text, lines=()) -> Problem | None:
    """``fit(..., validation_data=(x_val, y_val, x_test, y_test))``: more
    than the three values validation_data can hold (``lines``, the code,
    gives the whole call when it is written over several lines)."""
    if "Data is expected to be in format" not in raw:
        return None
    found = _fit_frame(exc)
    if found is None:
        return None
    given = found[1].f_locals.get("validation_data")
    if not isinstance(given, (list, tuple)) or len(given) <= 3:
        return None
    if not _unpacked_validation(exc, given):
        return None
    source = statement_source(lines, line, text)
    written = _validation_keyword(source)
    node = written[0] if written is not None else None
    items = node.elts if isinstance(node, (ast.Tuple, ast.List)) else []
    shown = "."
    if len(items) == len(given):
        names = [code_of(source, item) for item in items]
        got = f"{len(given)} values ({', '.join(names)})"
        pair = f"({names[0]}, {names[1]})"
        fixed = in_block(lines, line, between(source, node, node, pair))
        shown = (
            f". If {names[0]} is the data and {names[1]} its labels, write:\n"
            f"{indented(fixed)}"
        )
    else:
        got = f"{len(given)} values"
    message = (
        "validation_data takes the data to check the model on and its labels, "
        "(x_val, y_val), or with a weight for each sample, (x_val, y_val, "
        f"sample_weights), but here it got {got}{_at(line, text) or '. '}"
        "Give it one pair of data and labels (for two sets of data, join "
        "them first: np.concatenate([x_a, x_b]) and np.concatenate([y_a, "
        f"y_b])){shown}"
    )
    return Problem("data", message, line, text, detail=raw)


def _matching_labels(data: str, array, exc) -> str | None:
    """The student's labels that go with the data ``data``: ``y_test`` for
    ``x_test``, ``train_y`` for ``train_x``, when the student's line can
    read that variable (the program's too, inside a ``def``) and it has
    one label for each sample; else None."""
    parts = data.split("_")
    if not any(part in ("x", "X") for part in parts):
        return None
    variables = dict(visible_variables(exc))
    for y in ("y", "Y"):
        name = "_".join(y if part in ("x", "X") else part for part in parts)
        shape, samples = _shape_of(variables.get(name)), _shape_of(array)
        if shape and samples and shape[0] == samples[0]:
            return name
    return None
