"""A setting of a layer written in the brackets that call it, explained.

``layers.Dense(16)(x, activation="relu")``: the first brackets make the
layer and hold its settings, the second call it on a tensor and take only
what its ``call()`` does, so Python says "got an unexpected keyword
argument 'activation'".  :func:`setting_in_call_problem` shows the line
with the setting moved into the first brackets.

The line shown must run, so a setting the first brackets already give is
given once: ``layers.Dense(4)(x, units=3)`` gives units twice (4 by its
place), and moving ``units=3`` next to the 4 would make Python stop again.
The message then shows the line with the call's value in the place of the
other (``layers.Dense(3)(x)``) and, to keep the other, the line without
it.  A layer made on a line of its own (``hidden = layers.Dense(4)``, then
``hidden(x, activation="relu")``) gets that line with the setting, and the
call without it.  A setting under the name older versions of Keras gave it
(``output_dim=``, ``init=``, ``border_mode=``) is renamed as it moves.
"""

from __future__ import annotations

import ast
import inspect
import re

from ._widget_call_keyword_problems import _fixed as _without_keyword
from ._widget_call_problems import _layer_called
from ._widget_problem import (
    Problem,
    _at,
    _student_names,
    called_name,
    code_of,
    parsed_code,
)
from ._widget_training_problems import _OLD_NAMES

__all__ = ["setting_in_call_problem"]

_TWO_PAIRS = (
    "A layer has two pairs of brackets: the first make the layer and hold its "
    "settings (units, activation, ...), the second call it on a tensor. "
)


# settings every layer takes, through its **kwargs
_EVERY_LAYER = {"name", "dtype", "trainable"}


def _parameters(cls) -> tuple[list[str], set[str]]:
    """The settings of a layer class ``cls``: those it takes by their
    place, in order, and all it takes by name."""
    try:
        parameters = list(inspect.signature(cls.__init__).parameters.values())
    except (TypeError, ValueError):
        return [], set()
    by_place = (
        inspect.Parameter.POSITIONAL_ONLY,
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
    )
    parameters = [p for p in parameters if p.name != "self"]
    named = {p.name for p in parameters if p.kind != inspect.Parameter.VAR_KEYWORD}
    named |= _EVERY_LAYER
    return [p.name for p in parameters if p.kind in by_place], named


def _given(make: ast.Call, name: str, by_place: list[str]):
    """The node that gives setting ``name`` in the call ``make`` that makes
    a layer (its keyword's value, or the argument in its place), or None."""
    for keyword in make.keywords:
        if keyword.arg == name:
            return keyword.value
    at = by_place.index(name) if name in by_place else len(make.args)
    if at < len(make.args) and not any(
        isinstance(a, ast.Starred) for a in make.args[: at + 1]
    ):
        return make.args[at]
    return None


def _remade(source: str, make: ast.Call, name: str, value: str, by_place) -> str:
    """``make`` (``layers.Dense(4)``) written with ``name`` set to
    ``value``: in the place of what gives it already, else added."""
    given = _given(make, name, by_place)
    parts = []
    for node in (*make.args, *make.keywords):
        piece = code_of(source, node)
        if given is not None and node is given:
            piece = value
        elif isinstance(node, ast.keyword) and node.value is given is not None:
            piece = f"{name}={value}"
        parts.append(piece)
    if given is None:
        parts.append(f"{name}={value}")
    return f"{code_of(source, make.func)}({', '.join(parts)})"


def _same(a, b) -> bool:
    return ast.dump(a) == ast.dump(b)


def _on_this_line(text: str, keyword: str, name: str, by_place):
    """For ``layers.Dense(4)(x, units=3)`` on the line ``text``: ``(the
    line with the setting moved, the line with it left out, what the first
    brackets gave for it or None, the value in the call)``, or None when
    the layer is not made on this line."""
    source = text.strip()
    tree = parsed_code([source])
    for node in ast.walk(tree) if tree is not None else ():
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Call)):
            continue
        moved = [k for k in node.keywords if k.arg == keyword]
        if not moved:
            continue
        make = node.func
        value = code_of(source, moved[0].value)
        called = [code_of(source, a) for a in node.args]
        called += [code_of(source, k) for k in node.keywords if k.arg != keyword]
        if not value or "" in called:
            return None
        given = _given(make, name, by_place)
        rest = f"({', '.join(called)})"
        fixed = _remade(source, make, name, value, by_place) + rest
        kept = code_of(source, make) + rest
        segment = ast.get_source_segment(source, node)
        if not segment:
            return None
        before = None
        if given is not None:
            before = (code_of(source, given), _same(given, moved[0].value))
        return (
            source.replace(segment, fixed, 1),
            source.replace(segment, kept, 1),
            before,
            value,
        )
    return None


def _made_on(lines: list[str], variable: str, line: int):
    """``(line number, the assignment, the call that makes the layer)`` of
    ``variable = layers.Something(...)`` (``self.dense = ...`` too), written
    on one line: the last before ``line``, else the first after; or None."""
    tree = parsed_code(lines)
    source = "\n".join(lines)
    found = []
    for node in ast.walk(tree) if tree is not None else ():
        if (
            isinstance(node, ast.Assign)
            and node.lineno == node.end_lineno
            and node.lineno != line
            and len(node.targets) == 1
            and code_of(source, node.targets[0]) == variable
            and isinstance(node.value, ast.Call)
        ):
            found.append((node.lineno, lines[node.lineno - 1], node.value))
    before = [f for f in found if f[0] < line]
    return max(before, key=lambda f: f[0]) if before else min(found, default=None)


def _elsewhere(lines, line, text, keyword, name, by_place, kind):
    """For ``hidden(x, units=3)``, the layer made as ``hidden =
    layers.Dense(4)`` on another line: ``(the layer's variable, that line
    number, that line with the setting, the call's line without it, what it
    gave for it or None, the value in the call)``, or None."""
    found = _keyword_call(lines, line, keyword)
    if found is None:
        return None
    call, value_node = found
    source = "\n".join(lines)
    variable = code_of(source, call.func)
    if not isinstance(call.func, (ast.Name, ast.Attribute)) or not variable:
        return None
    made = _made_on(lines, variable, line)
    fixed_call = _without_keyword(text, keyword, None)
    if made is None or fixed_call is None:
        return None
    number, row, make = made
    if called_name(make) != kind:
        return None  # made by a function of the student's, not by the class
    value = code_of(source, value_node)
    piece = code_of(source, make)
    if not value or not piece or piece not in row:
        return None
    given = _given(make, name, by_place)
    before = None
    if given is not None:
        before = (code_of(source, given), _same(given, value_node))
    remade = row.strip().replace(piece, _remade(source, make, name, value, by_place))
    return variable, number, remade, fixed_call, before, value


def _keyword_call(lines, line: int, keyword: str):
    """``(call, value)``: the call on ``line`` given ``keyword=value``."""
    tree = parsed_code(lines)
    for node in ast.walk(tree) if tree is not None else ():
        if isinstance(node, ast.Call) and node.lineno <= line <= node.end_lineno:
            for k in node.keywords:
                if k.arg == keyword:
                    return node, k.value
    return None


def _advice_here(name, keyword, value, before, fixed, kept) -> str:
    """What to do when the layer is made on the line: move ``name``
    (written ``keyword=value``) into the first brackets (``fixed``), or,
    when they already give it (``before``: what, and whether it is the
    call's value), keep one of the two."""
    if before is None:
        return f"Move {name} into the first:\n    {fixed}"
    given, same = before
    first = "The first brackets already give"
    if same:
        return f"{first} {name}={given}: leave {keyword}= out:\n    {kept}"
    return (
        f"{first} {name}, as {given}: write it once, there, with the value "
        f"you mean. For {value}, the call's:\n    {fixed}\n"
        f"For {given}, leave {keyword}={value} out:\n    {kept}"
    )


def _advice_there(name, value, before, variable, number, remade, call) -> str:
    """What to do when ``variable`` is made on line ``number``: move
    ``name`` there (``remade``) and out of the call (``call``), or keep
    one of the two values."""
    made = f"{variable} is made on line {number}"
    if before is None:
        return (
            f"Move {name} to where {variable} is made, line {number}, and "
            f"leave it out of the call:\n    {remade}\n    {call}"
        )
    given, same = before
    if same:
        return (
            f"{made}, which already gives {name}={given}: leave it out of the "
            f"call:\n    {call}"
        )
    return (
        f"{made}, which already gives {name}, as {given}: write it once, "
        f"there, with the value you mean. For {value}, the call's, write line "
        f"{number} as:\n    {remade}\nand leave it out of the call:\n    {call}\n"
        f"For {given}, only leave it out of the call."
    )


def _advice_unseen(layer, name: str, variable: str | None) -> str:
    """What to do when where ``layer`` is made is not found: the value it
    has for ``name`` already, if it is a plain one, is changed there."""
    held = getattr(layer, name, None)
    who = variable or "the layer"
    if isinstance(held, (int, float, str, tuple)) and not isinstance(held, bool):
        return (
            f"{who} already has {name}={held!r} from where it is made: to "
            "change it, write it there, and leave it out of the call."
        )
    if variable:
        return f"Move {name} to where {variable} is made."
    return f"Move {name} into the first."


def setting_in_call_problem(exc, raw: str, line, text, lines=()) -> Problem | None:
    """``layers.Dense(16)(inputs, activation="relu")``: a setting of the
    layer written in the brackets that call it on a tensor."""
    import keras

    match = re.search(r"unexpected keyword argument '(\w+)'", raw)
    if not isinstance(exc, TypeError) or match is None:
        return None
    keyword = match.group(1)
    called = _layer_called(exc, lambda layer: isinstance(layer, keras.Layer))
    if called is None:
        return None
    owner = called[0]
    kind = type(owner).__name__
    by_place, settings = _parameters(type(owner))
    name = keyword
    if keyword not in settings and _OLD_NAMES.get(keyword) in settings:
        name = _OLD_NAMES[keyword]
    if name not in settings:
        return None
    shown = keyword if name == keyword else f"{keyword}, which Keras 3 calls {name},"
    lines = list(lines)
    here = _on_this_line(text or "", keyword, name, by_place)
    there = None
    if here is None and line is not None and lines:
        there = _elsewhere(lines, line, text, keyword, name, by_place, kind)
    if here is not None:
        fixed, kept, before, value = here
        advice = _advice_here(name, keyword, value, before, fixed, kept)
    elif there is not None:
        variable, number, remade, call, before, value = there
        advice = _advice_there(name, value, before, variable, number, remade, call)
    else:
        advice = _advice_unseen(owner, name, _student_names(exc).get(id(owner)))
    message = (
        f"{shown} is a setting of {kind}, written in the brackets that call "
        f"the layer on a tensor{_at(line, text) or '. '}{_TWO_PAIRS}{advice}"
    )
    return Problem("error", message, line, text, detail=raw, layer=owner.name)
