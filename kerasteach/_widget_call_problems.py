"""Keras objects made or called the wrong way, explained.

The mistakes here are about the brackets and arguments of the code, not
about shapes: a tensor given to a layer's constructor (``layers.Flatten(
inputs)``) instead of to the layer made by it, layers given to
``keras.Sequential`` one by one instead of in one list, a layer class
(``layers.Dense``) where a layer is needed, a tensor (a layer's output) in
the list of ``keras.Sequential``, a merging layer called on its tensors
one by one (``layers.Add()(a, b)``) and a misspelt keyword
(``keras.Model(inputs=..., output=...)``).  Keras's own words for these
name an argument the student never wrote (``data_format``, ``trainable``)
or mention shapes; each function here reads the frames Keras left on the
stack and, when it recognises its mistake, returns a
:class:`~kerasteach._widget_problem.Problem` that names the student's own
variables (else ``None``).
"""

from __future__ import annotations

import ast
import difflib
import re

from ._widget_problem import (
    Problem,
    _at,
    _describe,
    _frames_below_student,
    _shape_text,
    _student_tb,
)

# example values for a layer's required settings, as a lesson writes them
_EXAMPLE_SETTINGS = {
    "units": "16",
    "filters": "8",
    "kernel_size": "3",
    "rate": "0.5",
    "input_dim": "1000",
    "output_dim": "16",
    "target_shape": "(4, 4)",
    "dims": "(2, 1)",
    "axes": "1",
    "activation": '"relu"',
    "num_heads": "2",
    "key_dim": "16",
    "n": "2",
}
_SEQUENTIAL_EXAMPLE = (
    "model = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(16), "
    "layers.Dense(1)])"
)


def _student_names(exc: BaseException) -> dict[int, str]:
    """The student's variable names by the ``id`` of their values, in the
    innermost frame of the student's code (the first name wins)."""
    tb = _student_tb(exc)
    if tb is None:
        return {}
    names: dict[int, str] = {}
    for name, value in list(tb.tb_frame.f_locals.items()):
        if not name.startswith("_"):
            names.setdefault(id(value), name)
    return names


def _written(text: str | None, name: str, default: str) -> str:
    """How the student's line writes ``name`` (``layers.Dense``,
    ``keras.layers.Dense``), else ``default``."""
    match = re.search(rf"((?:\w+\.)*{re.escape(name)})\s*\(", text or "")
    return match.group(1) if match else default


def _target(text: str | None) -> str:
    """``"x = "`` for a line ``x = ...``, else ``""``."""
    match = re.match(r"\s*(\w+)\s*=[^=]", text or "")
    return f"{match.group(1)} = " if match else ""


def example_settings(cls) -> tuple[str, bool]:
    """Example settings for a layer of class ``cls`` (``"16"`` for Dense,
    ``""`` for Flatten), and whether there are any."""
    from ._defaults import signature_info

    required, _, _ = signature_info(cls)
    parts: list[str] = []
    keyword = False
    for name in required:
        value = _EXAMPLE_SETTINGS.get(name)
        if value is None or keyword:
            keyword = True
            parts.append(f"{name}={value or '...'}")
        else:
            parts.append(value)
    return ", ".join(parts), bool(parts)


def _parameters(frame) -> list[str]:
    """The names of the parameters of the function a frame runs."""
    code = frame.f_code
    count = code.co_argcount + code.co_kwonlyargcount
    count += bool(code.co_flags & 0x04) + bool(code.co_flags & 0x08)  # *a, **k
    return list(code.co_varnames[:count])


def _flat(value, depth: int = 2):
    if depth and isinstance(value, (list, tuple)):
        for item in value:
            yield from _flat(item, depth - 1)
    elif depth and isinstance(value, dict):
        for item in value.values():
            yield from _flat(item, depth - 1)
    else:
        yield value


# --------------------------------------------- a tensor in a layer's settings


def tensor_in_settings_problem(exc, raw: str, line, text) -> Problem | None:
    """``layers.Flatten(inputs)``: a tensor given to the constructor of a
    layer, where the layer's settings go."""
    import keras

    for frame in _frames_below_student(exc):
        owner = frame.f_locals.get("self")
        if frame.f_code.co_name == "__init__" and isinstance(owner, keras.layers.Layer):
            break
    else:
        return None
    if isinstance(owner, keras.Model):
        return None  # a Model's __init__ legitimately takes tensors
    found = None
    for name in _parameters(frame):
        if name == "self":
            continue
        value = frame.f_locals.get(name)
        tensor = next(
            (v for v in _flat(value) if isinstance(v, keras.KerasTensor)), None
        )
        if tensor is not None:
            found = (name, tensor)
            break
    if found is None:
        return None
    setting, tensor = found
    cls = type(owner)
    written = _written(text, cls.__name__, f"layers.{cls.__name__}")
    variable = _student_names(exc).get(id(tensor))
    shown = f"`{variable}`" if variable else f"of shape {_shape_text(tensor.shape)}"
    settings, any_settings = example_settings(cls)
    fix = f"{_target(text)}{written}({settings})({variable or 'inputs'})"
    took = "" if setting in ("args", "kwargs") else f" (Keras took it as {setting})"
    message = (
        f"The tensor {shown} went into the settings of {written}"
        f"{_at(line, text) or '. '}"
        f"The brackets right after {written} hold the layer's settings{took}, "
        "not its input. First make the layer, then call it on the tensor, with "
        f"a second pair of brackets:\n    {fix}"
    )
    if any_settings:
        message += (
            f"\n({settings} is only an example: put the layer's own settings in "
            "the first brackets.)"
        )
    # Dense checks its units before Layer.__init__ gives it a name
    layer = getattr(owner, "name", None)
    return Problem("error", message, line, text, detail=raw, layer=layer)


# ----------------------------------------------------------- keras.Sequential


def _bracketed(text: str | None) -> str | None:
    """The student's one-line ``keras.Sequential(a, b)`` with its layers in
    square brackets, or ``None``."""
    try:
        tree = ast.parse((text or "").strip())
    except SyntaxError:
        return None
    source = (text or "").strip()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, (ast.Name, ast.Attribute))
            and (getattr(node.func, "attr", None) or node.func.id) == "Sequential"
            and node.args
            and not any(isinstance(a, ast.Starred) for a in node.args)
        ):
            items = [ast.get_source_segment(source, a) for a in node.args]
            keywords = [ast.get_source_segment(source, k) for k in node.keywords]
            func = ast.get_source_segment(source, node.func)
            call = ast.get_source_segment(source, node)
            if None in (*items, *keywords, func, call):
                return None
            fixed = f"{func}([{', '.join(items)}]"
            fixed += "".join(f", {k}" for k in keywords) + ")"
            return source.replace(call, fixed, 1)
    return None


def sequential_without_list_problem(exc, raw: str, line, text) -> Problem | None:
    """``keras.Sequential(layer1, layer2)``: the layers without the square
    brackets of a list (Keras reads the second as ``trainable``)."""
    import keras

    too_many = re.search(
        r"Sequential\.__init__\(\) (takes from \d+ to \d+ positional arguments"
        r"|got multiple values for argument)",
        raw,
    )
    if too_many is None:
        frame = next(
            (
                f
                for f in _frames_below_student(exc)
                if f.f_code.co_name == "__init__"
                and isinstance(f.f_locals.get("self"), keras.Sequential)
            ),
            None,
        )
        if frame is None or "layers" not in frame.f_locals:
            return None
        things = (keras.layers.Layer, keras.KerasTensor)
        given = frame.f_locals.get("layers")
        if not (
            isinstance(given, things)
            or isinstance(frame.f_locals.get("trainable"), things)
            or isinstance(frame.f_locals.get("name"), things)
        ):
            return None
    fixed = _bracketed(text)
    if fixed is not None:
        example = f":\n    {fixed}"
    else:
        example = f", for example:\n    {_SEQUENTIAL_EXAMPLE}"
    message = (
        "keras.Sequential takes one list of layers, but here the layers are "
        f"given one by one{_at(line, text) or '. '}"
        "Put them in square brackets, so that keras.Sequential receives a "
        f"single list{example}"
    )
    return Problem("error", message, line, text, detail=raw)


def not_a_layer_in_sequential_problem(exc, raw: str, line, text) -> Problem | None:
    """Something that is not a layer in a Sequential model: a layer class
    (``layers.Dense`` without brackets) or a tensor (a layer's output)."""
    if "can be added to a Sequential model" not in raw:
        return None
    import keras

    item = None
    given = None
    for frame in _frames_below_student(exc):
        if not isinstance(frame.f_locals.get("self"), keras.Sequential):
            continue
        if frame.f_code.co_name == "__init__" and given is None:
            given = frame.f_locals.get("layers")
        if frame.f_code.co_name == "add":
            item = frame.f_locals.get("layer")
    if item is None:
        return None
    position = ""
    if isinstance(given, (list, tuple)):
        index = next((i for i, v in enumerate(given) if v is item), None)
        if index is not None:
            position = f" (item {index + 1})"
    where = _at(line, text) or ". "
    if isinstance(item, type) and issubclass(item, keras.layers.Layer):
        written = _written_class(text, item.__name__)
        settings, any_settings = example_settings(item)
        message = (
            f"{written} is the layer type, not a layer{where}"
            "A Sequential model needs layers: make one with parentheses and "
            f"its settings, {written}({settings})."
        )
        if any_settings:
            message += f" ({settings} is only an example: write the settings you want.)"
        return Problem("error", message, line, text, detail=raw)
    if isinstance(item, keras.KerasTensor):
        names = _student_names(exc)
        variable = names.get(id(item))
        shown = (
            f"the tensor `{variable}`"
            if variable
            else f"a tensor of shape {_shape_text(item.shape)}"
        )
        history = getattr(item, "_keras_history", None)
        if history is not None:
            shown += f", the output of layer {history[0].name!r},"
        ends = "inputs, outputs"
        if isinstance(given, (list, tuple)) and len(given) >= 2:
            first, last = names.get(id(given[0])), names.get(id(given[-1]))
            if first and last:
                ends = f"{first}, {last}"
        message = (
            f"keras.Sequential takes layers, but its list{position} holds "
            f"{shown} not a layer{where}"
            "List the layers themselves, not their outputs:\n"
            f"    {_SEQUENTIAL_EXAMPLE}\n"
            "To build a model from tensors you already connected, use "
            f"keras.Model({ends}) instead."
        )
        return Problem("error", message, line, text, detail=raw)
    message = (
        f"keras.Sequential takes layers, but its list{position} holds "
        f"{_describe(item)}{where}Put only layers (and keras.Input first) in the "
        f"list, for example:\n    {_SEQUENTIAL_EXAMPLE}"
    )
    return Problem("error", message, line, text, detail=raw)


def _written_class(text: str | None, name: str) -> str:
    match = re.search(rf"((?:\w+\.)*{re.escape(name)})\b(?!\s*\()", text or "")
    return match.group(1) if match else f"layers.{name}"


# -------------------------------------------------------------- merge layers


def merge_arguments_problem(exc, raw: str, line, text) -> Problem | None:
    """``layers.Add()(a, b)``: a merging layer called on its tensors one by
    one, where it takes one list of them."""
    if not isinstance(exc, TypeError) or "positional argument" not in raw:
        return None
    from keras.src.layers.merging.base_merge import Merge

    for frame in _frames_below_student(exc):
        owner = frame.f_locals.get("self")
        if frame.f_code.co_name == "__call__" and isinstance(owner, Merge):
            break
    else:
        return None
    args = frame.f_locals.get("args") or ()
    if len(args) < 2:
        return None
    names = _student_names(exc)
    listed = [names.get(id(a), f"x{i + 1}") for i, a in enumerate(args)]
    cls = type(owner).__name__
    match = re.search(rf"((?:\w+\.)*{cls}\s*\([^()]*\))\s*\(", text or "")
    made = match.group(1) if match else f"layers.{cls}()"
    message = (
        f"Layer {owner.name!r} ({cls}) merges tensors, and takes them as one "
        f"list, but it was called on {len(args)} tensors one by one"
        f"{_at(line, text) or '. '}"
        "Merging layers (Add, Concatenate, Multiply, Average, ...) take one "
        "list of tensors: put the tensors in square brackets.\n"
        f"    {_target(text)}{made}([{', '.join(listed)}])"
    )
    return Problem("error", message, line, text, detail=raw, layer=owner.name)


# ------------------------------------------------------- a misspelt keyword

_UNKNOWN_KEYWORDS = re.compile(r"Unrecognized keyword arguments passed to (\w+)")
_MODEL_KEYWORDS = ("inputs", "outputs", "name", "trainable")


def unknown_keyword_problem(exc, raw: str, line, text) -> Problem | None:
    """``keras.Model(inputs=..., output=...)``, ``layers.Dense(4,
    activaton="relu")``: a keyword the class does not have."""
    match = _UNKNOWN_KEYWORDS.search(raw)
    if match is None:
        return None
    import keras

    cls_name = match.group(1)
    owner = None
    for frame in _frames_below_student(exc):
        candidate = frame.f_locals.get("self")
        if frame.f_code.co_name == "__init__" and isinstance(
            candidate, keras.layers.Layer
        ):
            owner = candidate
            break
    valid = set(_MODEL_KEYWORDS) if cls_name in ("Model", "Functional") else set()
    if owner is not None:
        from ._defaults import signature_info

        for cls in type(owner).__mro__:
            if cls is object or not issubclass(cls, keras.layers.Layer):
                continue
            required, defaults, _ = signature_info(cls)
            valid |= {*required, *defaults}
        if isinstance(owner, keras.Model):
            valid |= set(_MODEL_KEYWORDS)
    valid -= {"kwargs", "args"}
    given = re.findall(r"[{,]\s*'(\w+)':", raw[match.end() :])
    unknown = [k for k in given if k not in valid] or given
    if not unknown:
        return None
    hints = []
    for key in unknown:
        close = difflib.get_close_matches(key, sorted(valid), n=1)
        hints.append(f"`{key}` (did you mean `{close[0]}`?)" if close else f"`{key}`")
    what = "keras.Model" if cls_name in ("Model", "Functional") else cls_name
    plural = "s" if len(unknown) > 1 else ""
    message = (
        f"{what} has no setting called {' and '.join(hints)}"
        f"{_at(line, text) or '. '}"
        f"Check the spelling of the keyword{plural}: Keras refuses a keyword "
        "it does not know."
    )
    if what == "keras.Model":
        message += (
            " A Functional model is made with inputs= and outputs= (both with "
            "an s): keras.Model(inputs=inputs, outputs=outputs)."
        )
    return Problem("error", message, line, text, detail=raw)
