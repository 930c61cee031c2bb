"""A layer's settings written the wrong way, explained.

The first brackets after a layer's class hold its settings (``units``,
``activation``...), and the mistakes here are made there: a tensor given
to a layer's constructor (``layers.Flatten(inputs)``) instead of to the
layer made by it, a misspelt keyword (``keras.Model(inputs=...,
output=...)``, ``layers.Dense(4, activaton="relu")``) and a name in quotes
that Keras does not know (``activation="rellu"``, ``loss="mse2"``); a
number in quotes (``layers.Dense("4")``) is
:mod:`kerasteach._widget_quoted_problems`'s.  Keras's own words for these
name an argument the student never wrote (``data_format``), show no quotes
or mention shapes; each function here reads Keras's message and the frames
Keras left on the stack and, when it recognises its mistake, returns a
:class:`~kerasteach._widget_problem.Problem` that names the student's own
variables (else ``None``).  A layer made without a setting it needs
(``layers.Dense()``, or its keyword misspelt: ``kernal_size=3``) is
explained here too.  Layers and models called the wrong way are in
:mod:`kerasteach._widget_call_problems`, which takes its example settings
(:func:`example_settings`) from here.
"""

from __future__ import annotations

import difflib
import re

from ._widget_problem import (
    Problem,
    _at,
    _frames_below_student,
    _shape_text,
    _student_names,
    _target,
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


def _written(text: str | None, name: str, default: str) -> str:
    """How the student's line writes ``name`` (``layers.Dense``,
    ``keras.layers.Dense``), else ``default``."""
    match = re.search(rf"((?:\w+\.)*{re.escape(name)})\s*\(", text or "")
    return match.group(1) if match else default


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


# ------------------------------------------------ a required setting missing


def _valid_keywords(cls) -> set[str]:
    """Every keyword the constructor of the layer class ``cls`` takes."""
    import keras

    from ._defaults import signature_info

    valid: set[str] = set()
    for klass in cls.__mro__:
        if klass is object or not issubclass(klass, keras.layers.Layer):
            continue
        required, defaults, _ = signature_info(klass)
        valid |= {*required, *defaults}
    return valid - {"kwargs", "args"}


def missing_setting_problem(exc, raw: str, line, text) -> Problem | None:
    """``layers.Dense()``: a layer made without a setting it needs; or with
    it, misspelt (``layers.Conv2D(8, kernal_size=3)``)."""
    import keras

    from ._analysis import _and

    match = re.search(
        r"(\w+)\.__init__\(\) missing \d+ required positional arguments?: (.+)$",
        raw,
    )
    if not isinstance(exc, TypeError) or match is None:
        return None
    cls = getattr(keras.layers, match.group(1), None)
    if not (isinstance(cls, type) and issubclass(cls, keras.Layer)):
        return None
    missing = re.findall(r"'(\w+)'", match.group(2))
    written = _written(text, cls.__name__, f"layers.{cls.__name__}")
    valid = _valid_keywords(cls)
    given = re.findall(r"\b(\w+)\s*=(?!=)", text or "")
    for keyword in given:
        close = difflib.get_close_matches(keyword, missing, n=1, cutoff=0.6)
        if keyword in valid or not close:
            continue
        fixed = re.sub(rf"\b{keyword}(\s*=)", rf"{close[0]}\1", (text or "").strip())
        message = (
            f"{written} has no setting called {keyword}{_at(line, text) or '. '}"
            f"Did you mean {close[0]}? {written} needs {close[0]} to make the "
            f"layer. Write:\n    {fixed}"
        )
        return Problem("error", message, line, text, detail=raw)
    settings, _ = example_settings(cls)
    message = (
        f"{written} needs {_and(missing)} to make the layer"
        f"{_at(line, text) or '. '}Write it in the first brackets, for "
        f"example {written}({settings})."
    )
    return Problem("error", message, line, text, detail=raw)


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
        valid |= _valid_keywords(type(owner))
        if isinstance(owner, keras.Model):
            valid |= set(_MODEL_KEYWORDS)
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


_IDENTIFIER = re.compile(
    r"Could not interpret (activation function|optimizer|metric|loss|"
    r"initializer|regularizer|constraint) identifier: (.+?)\s*$"
)
_IDENTIFIER_MODULE = {
    "activation function": "activations",
    "optimizer": "optimizers",
    "metric": "metrics",
    "loss": "losses",
    "initializer": "initializers",
    "regularizer": "regularizers",
    "constraint": "constraints",
}
_COMMON = {  # what lessons write, first among the suggestions
    "activation function": ["relu", "sigmoid", "softmax", "tanh"],
    "optimizer": ["adam", "sgd", "rmsprop"],
    "metric": ["accuracy", "mae", "mse"],
    "loss": ["mse", "binary_crossentropy", "sparse_categorical_crossentropy"],
    "initializer": ["glorot_uniform", "he_normal", "zeros"],
    "regularizer": ["l1", "l2", "l1_l2"],
    "constraint": ["max_norm", "non_neg", "unit_norm"],
}


def _written_line(lines, value: str, before: int | None) -> int | None:
    """The line of the code where the text ``value`` is written in quotes:
    inside a ``compile(...)`` call if it is there, the last one before line
    ``before`` if it is written more than once; ``None`` if nowhere."""
    import ast

    try:
        tree = ast.parse("\n".join(lines))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None

    def quoted(node) -> list[int]:
        return [
            leaf.lineno
            for leaf in ast.walk(node)
            if isinstance(leaf, ast.Constant) and leaf.value == value
        ]

    compiles = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "compile"
    ]
    found = sorted({n for call in compiles for n in quoted(call)}) or sorted(
        set(quoted(tree))
    )
    earlier = [n for n in found if before is None or n <= before]
    return (earlier or found or [None])[-1]


def nearest_keras_name(kind: str, value: str) -> tuple[bool, str | None]:
    """Whether Keras knows ``value`` as the name of a ``kind`` (``"loss"``,
    ``"metric"``, ``"activation function"``...), and the nearest name it
    knows (None when none is near)."""
    import keras

    from ._names import snake

    module = getattr(keras, _IDENTIFIER_MODULE[kind])
    try:
        module.get(value)
    except Exception:  # noqa: BLE001 - not a name Keras knows
        known_value = False
    else:
        known_value = True
    public = [n for n in dir(module) if not n.startswith("_")]
    known = set(_COMMON[kind]) | {n for n in public if n.islower()}
    known |= {snake(n) for n in public if not n.islower()}  # GlorotNormal
    known -= {"get", "serialize", "deserialize"}
    close = difflib.get_close_matches(value.lower(), sorted(known), n=1, cutoff=0.6)
    return known_value, close[0] if close else None


def identifier_problem(exc, raw: str, line, text, lines=()) -> Problem | None:
    """A name written as text that Keras does not know (``activation=
    "rellu"``, ``optimizer="adamm"``): the nearest name it knows.

    Keras looks a loss or a metric up only when ``fit()`` (or
    ``evaluate()``) first uses it: the problem is then put on the line of
    ``lines`` (the code) where the name is written, ``compile(...)``, and
    says where Keras noticed it."""
    m = _IDENTIFIER.search(raw)
    if m is None:
        return None

    kind, value = m.group(1), m.group(2).strip("'\"")
    noticed = ""
    written = None
    if not re.search(rf"""(["']){re.escape(value)}\1""", text or ""):
        written = _written_line(lines, value, line)
    if written is not None and written != line:
        if line is not None:
            noticed = (
                f"\nKeras noticed it only on line {line}, when it first used "
                f"the {kind}" + (f":\n    {text}" if text else ".")
            )
        line, text = written, lines[written - 1].strip()
    _, close = nearest_keras_name(kind, value)
    hint = f"Did you mean {close!r}? " if close else ""
    examples = ", ".join(repr(n) for n in _COMMON[kind])
    message = (
        f"Keras knows no {kind} called {value!r}{_at(line, text) or '. '}"
        f"{hint}Names are written exactly as Keras spells them, for example "
        f"{examples}.{noticed}\nKeras says: {raw}"
    )
    return Problem("error", message, line, text, detail=raw)
