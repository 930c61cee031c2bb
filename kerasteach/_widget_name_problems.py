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

import ast
import difflib
import re

from ._reader_checks import is_functional
from ._widget_add_problems import functional_add_code
from ._widget_problem import (
    Problem,
    _at,
    _shape_text,
    _student_variables,
    is_input_tensor,
    parsed_code,
    shorten,
)


def name_problem(
    exc: NameError, line, text, known: tuple[str, ...], lines=()
) -> Problem:
    name = getattr(exc, "name", None)
    if name is None:
        match = re.search(r"name '([^']+)'", str(exc))
        name = match.group(1) if match else "?"
    hint = (
        _own_line_hint(exc, name, line, text, list(lines))
        or _later_hint(name, line, list(lines))
        or _quoted_name_hint(name, text)
        or _data_hint(exc, name, text)
        or _name_hint(name, known)
    )
    message = (
        f"The name {name!r} is not defined{_at(line, text) or '. '}"
        f"Python only knows names your code created or imported. {hint}"
    )
    return Problem("name", message.strip(), line, text, detail=str(exc))


def _first_set(lines: list[str]) -> dict[str, int]:
    """The line where the code first gives each name a value (outside
    functions and classes, whose own names count where they are defined)."""
    tree = parsed_code(lines)
    first: dict[str, int] = {}
    if tree is None:
        return first
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            first[node.id] = min(first.get(node.id, node.lineno), node.lineno)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
            first[node.name] = min(first.get(node.name, node.lineno), node.lineno)
            continue
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                bound = (alias.asname or alias.name).split(".")[0]
                first[bound] = min(first.get(bound, node.lineno), node.lineno)
        elif isinstance(node, ast.Lambda):
            continue
        stack.extend(ast.iter_child_nodes(node))
    return first


def _later_hint(name: str, line, lines: list[str]) -> str | None:
    """``model = keras.Model(inputs, outputs)`` above the lines that make
    ``inputs`` and ``outputs``: Python runs the code from the top down."""
    first = _first_set(lines)
    if line is None or first.get(name, 0) <= line:
        return None
    used = set(re.findall(r"[A-Za-z_]\w*", lines[line - 1]))
    below = max(first[n] for n in used if first.get(n, 0) > line)
    return (
        f"{name} gets its value on line {first[name]}, below this line, and "
        "Python runs the lines from the top down. Move this line below line "
        f"{below}."
    )


def _own_line_hint(exc, name: str, line, text, lines: list[str]) -> str | None:
    """``x = layers.Dense(4)(x)`` as the first line that sets ``x``: the
    first layer is called on the keras.Input tensor."""
    if line is None or _first_set(lines).get(name) != line:
        return None
    if not re.match(rf"\s*{re.escape(name)}\s*=[^=]", text or ""):
        return None
    start = next((n for n, v in _student_variables(exc) if is_input_tensor(v)), None)
    if start is None:
        return (
            f"This line is the first to give {name} a value, so {name} cannot "
            "be read on its right-hand side yet."
        )
    fixed = re.sub(rf"\(\s*{re.escape(name)}\s*\)", f"({start})", text)
    shown = f":\n    {fixed}" if fixed != text else f": ({start})."
    return (
        f"This line is the first to give {name} a value, so {name} cannot be "
        f"read on its right-hand side yet. The first layer is called on the "
        f"keras.Input tensor, {start}{shown}"
    )


_DATA_NAME = re.compile(
    r"(?i)(x|y)(_?(train|test|val|valid|data))?|(train|test)_?(x|y|data|labels)"
)


def _data_hint(exc, name: str, text) -> str | None:
    """``model.fit(x_train, y_train)`` copied from a lesson: the playground
    has no data set; data of the model's shapes to try it with."""
    import keras

    if not _DATA_NAME.fullmatch(name):
        return None
    if name.lower() in ("x", "y") and not re.search(
        r"\.(fit|evaluate|predict)\s*\(", text or ""
    ):
        return None  # x, the tensor of a layer, as often
    model = next(
        (v for _, v in _student_variables(exc) if isinstance(v, keras.Model)), None
    )
    try:
        sample = tuple(model.inputs[0].shape[1:]) if model is not None else (8,)
        units = model.outputs[0].shape[-1] if model is not None else 1
    except Exception:  # noqa: BLE001 - an unbuilt model, several inputs
        sample, units = (8,), 1
    if None in sample or not isinstance(units, int):
        sample, units = (8,), 1
    sizes = ", ".join(str(d) for d in (100, *sample))
    x, y = ("x_test", "y_test") if "test" in name.lower() else ("x_train", "y_train")
    if name.lower().startswith("x") or name.lower().endswith(("x", "data")):
        x = name
    else:
        y = name
    return (
        "The playground has no data set loaded, and it cannot download one. "
        "To try the model, make data of its shapes, for example:\n"
        f"    {x} = np.random.rand({sizes})\n"
        f"    {y} = np.random.rand(100, {units})"
    )


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


# the names lessons give modules, and the line that imports each
_ALIASES = {
    "plt": "import matplotlib.pyplot as plt",
    "pd": "import pandas as pd",
    "sns": "import seaborn as sns",
    "ops": "from keras import ops",
}


def _import_hint(name: str) -> str | None:
    """``plt``, ``math``, ``random``: a module (or its usual short name)
    used without importing it; only keras, layers and np are ready."""
    import importlib.util

    line = _ALIASES.get(name)
    if line is None:
        try:
            found = name.isidentifier() and importlib.util.find_spec(name)
        except (ImportError, ValueError):
            found = None
        if not found:
            return None
        line = f"import {name}"
    hint = (
        f"{name} is a module, and only keras, layers and np are imported in "
        f"the playground: add {line} at the top."
    )
    if name == "plt":
        hint += (
            " (The playground shows printed text, not plots: to see numbers, "
            "print them.)"
        )
    return hint


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
    imported = _import_hint(name)
    if imported:
        return imported
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
    values = _values_asked_problem(exc, name, obj, line, text)
    if values is not None:
        return values
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


def _values_asked_problem(exc, name, obj, line, text) -> Problem | None:
    """``x.numpy()`` on a tensor of a model being built: it has no values
    yet (inside a layer's ``call()``, :mod:`._widget_trace_problems`)."""
    import keras

    if name != "numpy" or not isinstance(obj, keras.KerasTensor):
        return None
    found = _student_variables(exc)
    variable = next((n for n, v in found if v is obj), "it")
    start = next((v for _, v in found if is_input_tensor(v)), obj)
    sizes = ", ".join(str(d) for d in (1, *tuple(start.shape)[1:]))
    message = (
        f"Your code asks {variable} for its values with .numpy()"
        f"{_at(line, text) or '. '}{variable} is a tensor of the model being "
        "built: it stands for the data the model will get, with a shape, "
        f"{_shape_text(tuple(obj.shape))}, and no values yet. To see numbers, "
        "build the model and run it on data, for example "
        f"model.predict(np.random.rand({sizes})); to see what flows through, "
        f"print({variable}.shape)."
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
        code = functional_add_code(exc, obj, text) or (
            "    outputs = layers.Dense(2)(outputs)\n"
            "    model = keras.Model(inputs, outputs)\n"
        )
        instead = (
            "To add a layer, call it on the outputs and build the model again:\n"
            f"{code}or write the whole model as keras.Sequential([...])."
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
