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
import textwrap

from ._analysis import _and
from ._widget_call_problems import unexpected_call_keyword
from ._widget_problem import (
    Problem,
    _at,
    _statement_span,
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


def _setting(keyword: str | None, settings: set[str]) -> str | None:
    """The setting ``keyword=`` gives, under its Keras 3 name (``units``
    for ``output_dim``), or None when it is none of ``settings``."""
    if keyword in settings:
        return keyword
    name = _OLD_NAMES.get(keyword or "")
    return name if name in settings else None


def _remade(source: str, make: ast.Call, values: dict, by_place) -> str:
    """``make`` (``layers.Dense(4)``) written with each setting of
    ``values`` (name: value as written) set: in the place of what gives it
    already, else added."""
    replaced, added = {}, []
    for name, value in values.items():
        given = _given(make, name, by_place)
        if given is None:
            added.append(f"{name}={value}")
        else:
            replaced[id(given)] = value
    parts = [replaced.get(id(a), code_of(source, a)) for a in make.args]
    for k in make.keywords:
        own = id(k.value) in replaced
        parts.append(f"{k.arg}={replaced[id(k.value)]}" if own else code_of(source, k))
    return f"{code_of(source, make.func)}({', '.join(parts + added)})"


def _same(a, b) -> bool:
    return ast.dump(a) == ast.dump(b)


class _Split:
    """The keywords of a layer's call (``call``, in ``source``) split into
    the settings of the layer, which move (``values``, by their Keras 3
    names), and the rest (``rest``, the call's brackets without them);
    ``name`` and ``value`` are the setting Python named, as written."""

    def __init__(self, source: str, call: ast.Call, keyword: str, settings):
        self.values, self.nodes = {}, {}
        rest = [code_of(source, a) for a in call.args]
        for k in call.keywords:
            name = _setting(k.arg, settings)
            if name is None:
                rest.append(code_of(source, k))
            else:
                self.values[name] = code_of(source, k.value)
                self.nodes[name] = k.value
        self.name = _setting(keyword, settings)
        self.value = self.values.get(self.name, "")
        self.others = [n for n in self.values if n != self.name]
        self.rest = f"({', '.join(rest)})"
        self.ok = bool(self.value) and "" not in rest

    def before(self, source: str, make: ast.Call, by_place):
        """``(what make gives for the setting, whether it is the call's
        value)``, or None when it does not give it."""
        given = _given(make, self.name, by_place)
        if given is None:
            return None
        return code_of(source, given), _same(given, self.nodes[self.name])

    def remade(self, source: str, make: ast.Call, by_place, mine: bool) -> str:
        """``make`` with the settings of the call, the one Python named
        left as ``make`` gives it unless ``mine``."""
        values = {n: v for n, v in self.values.items() if mine or n != self.name}
        return _remade(source, make, values, by_place)


def _keyword_call(tree, line: int, keyword: str) -> ast.Call | None:
    """The call on ``line`` given ``keyword=``."""
    for node in ast.walk(tree) if tree is not None else ():
        if isinstance(node, ast.Call) and node.lineno <= line <= node.end_lineno:
            if any(k.arg == keyword for k in node.keywords):
                return node
    return None


def _on_this_line(text: str, keyword: str, settings, by_place, kind, line: int = 1):
    """For ``layers.Dense(4)(x, units=3)`` on the line ``text`` (or on
    line ``line`` of ``text``, one statement written over several lines):
    ``(the code with the settings moved, the code with the one Python named
    left out, what the first brackets gave for it (see
    :meth:`_Split.before`), the split call)``, or None when the layer is
    not made in ``text`` by its class ``kind`` (``make()(x, units=3)``:
    ``make`` is the student's function, which takes no ``units``)."""
    source = text.strip()
    node = _keyword_call(parsed_code(source.splitlines()), line, keyword)
    if node is None or not isinstance(node.func, ast.Call):
        return None
    if called_name(node.func) != kind:
        return None
    split = _Split(source, node, keyword, settings)
    segment = ast.get_source_segment(source, node)
    if not split.ok or not segment:
        return None
    make = node.func
    return (
        source.replace(
            segment, split.remade(source, make, by_place, True) + split.rest, 1
        ),
        source.replace(
            segment, split.remade(source, make, by_place, False) + split.rest, 1
        ),
        split.before(source, make, by_place),
        split,
    )


def _in_statement(lines: list[str], line: int, keyword: str, settings, by_place, kind):
    """:func:`_on_this_line` for the statement written over several lines
    that holds ``line`` (``x = layers.Dense(4)(\n    x, units=3)``): the
    statement is written again on one line where the call was (the rest
    of it as it was, line breaks and all)."""
    first, last = _statement_span(lines, line)
    if first == last:
        return None
    source = textwrap.dedent("\n".join(lines[first - 1 : last]))
    found = _on_this_line(source, keyword, settings, by_place, kind, line - first + 1)
    if found is None:
        return None
    fixed, kept, before, split = found
    return fixed.replace("\n", "\n    "), kept.replace("\n", "\n    "), before, split


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
    first = min(found, key=lambda f: f[0], default=None)
    return max(before, key=lambda f: f[0]) if before else first


def _elsewhere(lines, line, keyword, settings, by_place, kind):
    """For ``hidden(x, units=3)``, the layer made as ``hidden =
    layers.Dense(4)`` on another line: ``(the layer's variable, that line
    number, that line as it is, with the settings, and with the one Python
    named left as it gives it, the call's line without them, what it gave
    for it, the split call)``, or None."""
    source = "\n".join(lines)
    call = _keyword_call(parsed_code(lines), line, keyword)
    if call is None or call.lineno != call.end_lineno:
        return None
    variable = code_of(source, call.func)
    made = _made_on(lines, variable, line) if variable else None
    if not isinstance(call.func, (ast.Name, ast.Attribute)) or made is None:
        return None
    number, row, make = made
    if called_name(make) != kind:
        return None  # made by a function of the student's, not by the class
    split = _Split(source, call, keyword, settings)
    piece, segment = code_of(source, make), ast.get_source_segment(source, call)
    row_of_call = lines[line - 1]
    if not (split.ok and piece and piece in row and segment in row_of_call):
        return None
    row = row.strip()
    mine = row.replace(piece, split.remade(source, make, by_place, True))
    kept = row.replace(piece, split.remade(source, make, by_place, False))
    called = row_of_call.strip().replace(segment, variable + split.rest, 1)
    before = split.before(source, make, by_place)
    return variable, number, (row, mine, kept), called, before, split


def _advice_here(split, keyword, before, fixed, kept) -> str:
    """What to do when the layer is made on the line: move the settings
    into the first brackets (``fixed``), or, when they already give the
    one Python named (``before``), keep one of the two values."""
    name, value = split.name, split.value
    if before is None:
        return f"Move {_and([name, *split.others])} into the first:\n    {fixed}"
    given, same = before
    first = "The first brackets already give"
    also = f" and move {_and(split.others)} into them" if split.others else ""
    if same:
        return f"{first} {name}={given}: leave {keyword}= out{also}:\n    {kept}"
    return (
        f"{first} {name}, as {given}: write it once, there, with the value "
        f"you mean. For {value}, the call's:\n    {fixed}\n"
        f"For {given}, leave {keyword}={value} out{also}:\n    {kept}"
    )


def _advice_there(split, before, variable, number, rows, call) -> str:
    """What to do when ``variable`` is made on line ``number`` (``rows``:
    that line as it is, with the settings, and without the one Python
    named): move the settings there and out of the call (``call``), or
    keep one of the two values."""
    name, value = split.name, split.value
    row, mine, kept = rows
    made = f"{variable} is made on line {number}"
    if before is None:
        moved = _and([name, *split.others])
        return (
            f"Move {moved} to where {variable} is made, line {number}, and "
            f"leave {'it' if not split.others else 'them'} out of the call:"
            f"\n    {mine}\n    {call}"
        )
    keep = f"\n    {kept}" if kept != row else ""
    also = f" and move {_and(split.others)} there" if split.others else ""
    given, same = before
    if same:
        return (
            f"{made}, which already gives {name}={given}: leave it out of the "
            f"call{also}:{keep}\n    {call}"
        )
    return (
        f"{made}, which already gives {name}, as {given}: write it once, "
        f"there, with the value you mean. For {value}, the call's:\n    {mine}"
        f"\n    {call}\nFor {given}, leave it out of the call{also}:{keep}"
        f"\n    {call}"
    )


def _advice_unseen(layer, name: str, variable: str | None) -> str:
    """What to do when where ``layer`` is made is not found: the value it
    has for ``name`` already, if it is a plain one, is changed there."""
    held = getattr(layer, name, None)
    who = variable or "The layer"
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
    found = unexpected_call_keyword(exc, raw)
    if found is None:
        return None
    keyword, owner = found
    kind = type(owner).__name__
    by_place, settings = _parameters(type(owner))
    name = _setting(keyword, settings)
    if name is None:
        return None
    shown = keyword if name == keyword else f"{keyword}, which Keras 3 calls {name},"
    lines = list(lines)
    here = _on_this_line(text or "", keyword, settings, by_place, kind)
    if here is None and line is not None and lines:
        here = _in_statement(lines, line, keyword, settings, by_place, kind)
    there = None
    if here is None and line is not None and lines:
        there = _elsewhere(lines, line, keyword, settings, by_place, kind)
    if here is not None:
        fixed, kept, before, split = here
        advice = _advice_here(split, keyword, before, fixed, kept)
    elif there is not None:
        variable, number, rows, call, before, split = there
        advice = _advice_there(split, before, variable, number, rows, call)
    else:
        split = None
        advice = _advice_unseen(owner, name, _student_names(exc).get(id(owner)))
    others = split.others if split is not None else []
    if others:
        shown += f" is a setting of {kind}, as {_and(others)} "
        shown += "is" if len(others) == 1 else "are"
    else:
        shown += f" is a setting of {kind}"
    message = (
        f"{shown}, written in the brackets that call "
        f"the layer on a tensor{_at(line, text) or '. '}{_TWO_PAIRS}{advice}"
    )
    return Problem("error", message, line, text, detail=raw, layer=owner.name)
