"""A list of inputs or outputs in another order than the reference's.

A model may take or return a dict that holds a list under a key: ``{"p":
o1, "q": [o2, o3]}``.  Its tensors pair with the reference's by key path
(:mod:`kerasteach._check_keys`: ``'q'[0]``, ``'q'[1]``), so a student who
wrote the list in another order has each tensor at another place of the
same list.  Said tensor by tensor, that reads as a wrong layer or a
Concatenate in another order; :func:`reordered_lists` finds it, and
:func:`list_order` says it as it is: which list, which places, and what to
swap.  The list a model returns itself (``keras.Model(x, [a, b, c])``) is
the same, with paths of one step, ``(0,)``, ``(1,)``..., said as "output
1", "output 2"... (the top-level list of inputs is told by
``kerasteach._check_inputs``, which also knows their names and shapes).
"""

from __future__ import annotations

from collections.abc import Callable

from ._check_keys import Path, path_words
from ._check_names import _and
from ._check_result import CheckResult, _wrong


def reordered_lists(places: list[tuple[Path, Path]]) -> dict[Path, list] | None:
    """``places`` gives, for each tensor, (its path in the reference, the
    path of its counterpart in the student's dict).  The lists under a key
    whose items are in another order, by the list's path, each with the
    (student path, reference path) of every item, in the reference's
    order; None when nothing moved, or a tensor moved out of its list."""
    moved = [(r, s) for r, s in places if r != s]
    if not moved or any(
        not r or r[:-1] != s[:-1] or not isinstance(r[-1], int) for r, s in moved
    ):
        return None
    lists: dict[Path, list] = {r[:-1]: [] for r, _ in moved}
    for r, s in places:
        if r[:-1] in lists:
            lists[r[:-1]].append((s, r))
    for items in lists.values():
        items.sort(key=lambda m: m[1][-1])  # the reference's order
    return lists


def first_moved(lists: dict[Path, list]) -> Path:
    """The first place of the student's where another tensor sits than in
    the reference's (its layer is the one to point at)."""
    return min(s for s, r in next(iter(lists.values())) if s != r)


def list_order(
    word: str,
    lists: dict[Path, list],
    what: Callable[[Path], str],
    to_write: str,
    layer: str | None,
) -> CheckResult:
    """The result for ``lists`` (from :func:`reordered_lists`) in the
    ``word`` dict (``"input"`` or ``"output"``), or in the list the model
    takes or returns itself (the list at path ``()``): ``what`` says the
    student's tensor at a path ("your input 'v'"), ``to_write`` is the end
    of the hint (the dict to write, or ""), ``layer`` the layer to point at."""
    told, steps = [], []
    for where, items in lists.items():
        moves = [(s, r) for s, r in items if s != r]
        at = _place_words(word, where)
        places = [
            f"your {at(s)} is {what(s)}, which the reference has {at(r, True)}"
            for s, r in sorted(moves)
        ]
        told.append(
            f"{_list_words(word, where)} in another order than the reference's: "
            f"{'; '.join(places[:-1])}; and {places[-1]}"
        )
        order = ", then ".join(what(s) for s, _ in items)
        a, b = sorted(s for s, _ in moves)[:2]
        if where == ():  # the model's own list, the only one
            steps.append(
                f"Swap {word}s {a[0] + 1} and {b[0] + 1} in the list of {word}s "
                "you pass to keras.Model"
                if len(moves) == 2
                else f"Pass your {word}s to keras.Model in the reference's "
                f"order: {order}"
            )
        elif len(moves) == 2:
            steps.append(
                f"swap {at(a)} and {at(b)} in the list under {path_words(where)}"
            )
        else:
            steps.append(
                f"put the list under {path_words(where)} in the reference's order: "
                f"{order}"
            )
    kind = "input-order" if word == "input" else "outputs"
    if () in lists:
        return _wrong(kind, f"{told[0]}.", f"{steps[0]}{to_write}.", layer)
    text = f"in your model's {word}s dict, {'. Also, '.join(told)}."
    hint = f"In the {word}s dict you pass to keras.Model, {_and(steps)}{to_write}."
    return _wrong(kind, text, hint, layer)


def _list_words(word: str, where: Path) -> str:
    """The list at ``where`` and its verb: ``the list under 'q' is``, or
    for the model's own list ``your model's outputs are``."""
    if where == ():
        return f"your model's {word}s are"
    return f"the list under {path_words(where)} is"


def _place_words(word: str, where: Path) -> Callable[..., str]:
    """How to say a place in the list at ``where``: ``'q'[1]`` (``at
    'q'[1]`` for the reference's), or in the model's own list ``output 2``
    (``as output 2``), counted from 1 as a student counts them."""

    def at(path: Path, theirs: bool = False) -> str:
        if where == ():
            return f"{'as ' if theirs else ''}{word} {path[0] + 1}"
        return f"{'at ' if theirs else ''}{path_words(path)}"

    return at
