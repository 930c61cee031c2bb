"""A number given by its place where a layer wants a text setting.

A layer takes its arguments in the order of its signature:
``layers.DepthwiseConv2D(3, 3, 3)`` is ``kernel_size=3, strides=3,
padding=3``, and ``layers.Dense(4, 3)`` is ``units=4, activation=3``.
``padding``, ``data_format`` and ``activation`` are text ("same",
"channels_last", "relu"), so Keras fails deep inside, in words that name
no argument: "'int' object has no attribute 'lower'".
:func:`positional_setting_problem` reads the failing statement with
:mod:`ast`, finds the layer call whose number landed on a text setting
(checked against the Keras functions below the student's code, which
still hold it), and says which argument took it, the order of the layer's
arguments, and the call with the settings named.
"""

from __future__ import annotations

import ast
import inspect

from ._widget_problem import (
    Problem,
    _at,
    _frames_below_student,
    _statement_span,
    called_name,
    code_of,
    parsed_code,
)

__all__ = ["positional_setting_problem"]

# settings that are text whatever their default (Conv2D's data_format and
# Dense's activation default to None)
_TEXT_SETTINGS = {"padding", "data_format", "activation", "recurrent_activation"}
_WHAT = {
    "padding": '"valid" or "same"',
    "data_format": '"channels_last" or "channels_first"',
    "activation": 'the name of an activation function, such as "relu"',
    "recurrent_activation": 'the name of an activation function, such as "sigmoid"',
}
_EXAMPLE = {
    "padding": '"same"',
    "data_format": '"channels_last"',
    "activation": '"relu"',
    "recurrent_activation": '"sigmoid"',
}
_EMPTY = inspect.Parameter.empty
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth")


def _ordinal(position: int) -> str:
    """ "third" for position 2 (counted from 0)."""
    if position < len(_ORDINALS):
        return _ORDINALS[position]
    return f"{position + 1}th"


def _numbers(node) -> object:
    """The number, or tuple of numbers, ``node`` writes; else None."""
    try:
        value = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    items = value if isinstance(value, tuple) else (value,)
    if items and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in items
    ):
        return value
    return None


def _layer_class(call: ast.Call):
    """The Keras layer class ``call`` makes (``layers.Dense(...)``)."""
    import keras

    cls = getattr(keras.layers, called_name(call) or "_", None)
    if isinstance(cls, type) and issubclass(cls, keras.Layer):
        return cls
    return None


def _parameters(cls) -> list[inspect.Parameter]:
    """The parameters of ``cls`` that an argument can fill by its place."""
    try:
        params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    except (TypeError, ValueError):
        return []
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    taken = []
    for param in params:
        if param.kind not in kinds:
            break
        taken.append(param)
    return taken


def _is_text(param: inspect.Parameter) -> bool:
    """Whether ``param`` takes text: its default is text, or it is one of
    :data:`_TEXT_SETTINGS` with no default of another kind
    (``ZeroPadding2D``'s padding is a number)."""
    if isinstance(param.default, str):
        return True
    return param.name in _TEXT_SETTINGS and param.default in (None, _EMPTY)


def _held(exc, name: str, value) -> bool:
    """Whether a Keras function below the student's code holds ``value``
    under ``name``: the layer got it, and failed with it."""
    for frame in _frames_below_student(exc):
        held = frame.f_locals.get(name, inspect.Parameter.empty)
        if type(held) is type(value) and held == value:
            return True
    return False


def _misplaced(exc, tree, first: int, last: int):
    """``(call, class, parameters, position)`` for the layer call of the
    statement whose positional number at ``position`` landed on a text
    setting that Keras failed on; else None."""
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call) or not first <= call.lineno <= last:
            continue
        cls = _layer_class(call)
        if cls is None:
            continue
        params = _parameters(cls)
        for at, (arg, param) in enumerate(zip(call.args, params)):
            if isinstance(arg, ast.Starred):
                break
            value = _numbers(arg)
            if value is not None and _is_text(param) and _held(exc, param.name, value):
                return call, cls, params, at
    return None


def _what(param: inspect.Parameter, cls) -> str:
    """What ``param`` takes: '"valid" (the default) or "same"' (or
    "causal" too, for Conv1D)."""
    what = _WHAT.get(param.name) or f'such as "{param.default}"'
    if param.name == "padding" and "causal" in (cls.__doc__ or ""):
        what = '"valid", "same" or "causal"'
    if isinstance(param.default, str) and param.name in _WHAT:
        what = what.replace(f'"{param.default}"', f'"{param.default}" (the default)')
    return what


def positional_setting_problem(exc, raw: str, line, text, lines=()) -> Problem | None:
    """``layers.DepthwiseConv2D(3, 3, 3)``: a number given by its place to
    a text setting (``padding=3``): which argument took it, the order the
    layer takes its arguments in, and the call with the settings named."""
    if line is None or not isinstance(exc, (TypeError, ValueError, AttributeError)):
        return None
    lines = list(lines)
    source = "\n".join(lines)
    tree = parsed_code(lines)
    if tree is None:
        return None
    found = _misplaced(exc, tree, *_statement_span(lines, line))
    if found is None:
        return None
    call, cls, params, at = found

    def segment(node) -> str:
        return code_of(source, node)

    kind, param = cls.__name__, params[at]
    value = segment(call.args[at])
    reads = ", ".join(f"{p.name}={segment(a)}" for p, a in zip(params, call.args))
    order = ", ".join(p.name for p in params[: max(at + 1, 3)])
    # the first argument, and those the layer cannot do without, as
    # written; the others before the misplaced one by name
    placed = 0
    while placed < at and (placed == 0 or params[placed].default is _EMPTY):
        placed += 1
    kept = [segment(a) for a in call.args[:placed]]
    kept += [f"{p.name}={segment(a)}" for p, a in zip(params, call.args)][placed:at]
    kept += [
        f"{k.arg}={segment(k.value)}" if k.arg else f"**{segment(k.value)}"
        for k in call.keywords
    ]
    func = segment(call.func)
    example = f"{param.name}={_EXAMPLE.get(param.name, repr(param.default))}"
    after = [segment(a) for a in call.args[at + 1 :]]
    dropped = f" (and what comes after it: {', '.join(after)})" if after else ""
    where = f" after {params[placed - 1].name}" if placed else ""
    who = "Python" if isinstance(exc, AttributeError) else "Keras"
    with_it = f"{func}({', '.join([*kept[:at], example, *kept[at:]])})"
    if param.default is _EMPTY:  # Activation(3): the one setting it needs
        fix = f"Write {param.name} as text, for example:\n    {with_it}"
    else:
        fix = (
            f"Leave {value} out{dropped} and write each setting{where} with its "
            f"name, for example:\n    {func}({', '.join(kept)})\nor, with "
            f"{param.name} too: {with_it}"
        )
    message = (
        f"{segment(call)} gives {param.name}={value}{_at(line, text) or '. '}"
        f"The {_ordinal(at)} argument of {kind} is {param.name}, which is text, "
        f"{_what(param, cls)}, not a number. {kind} takes its arguments in this "
        f"order: {kind}({order}, ...), so your call reads as {kind}({reads}). "
        f"{fix}\n{who} says: {raw}"
    )
    return Problem("error", message, line, text, detail=raw)
