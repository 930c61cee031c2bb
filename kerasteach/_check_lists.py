"""A list under a key of a dict of inputs or outputs, in another order.

A model may take or return a dict that holds a list under a key: ``{"p":
o1, "q": [o2, o3]}``.  Its tensors pair with the reference's by key path
(:mod:`kerasteach._check_keys`: ``'q'[0]``, ``'q'[1]``), so a student who
wrote the list in another order has each tensor at another place of the
same list.  Said tensor by tensor, that reads as a wrong layer or a
Concatenate in another order; :func:`reordered_lists` finds it, and
:func:`list_order` says it as it is: which list, which places, and what to
swap.
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
        len(r) < 2 or r[:-1] != s[:-1] or not isinstance(r[-1], int) for r, s in moved
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
    ``word`` dict (``"input"`` or ``"output"``): ``what`` says the
    student's tensor at a path ("your input 'v'"), ``to_write`` is the end
    of the hint (the dict to write, or ""), ``layer`` the layer to point at."""
    told, steps = [], []
    for where, items in lists.items():
        moves = [(s, r) for s, r in items if s != r]
        places = [
            f"your {path_words(s)} is {what(s)}, which the reference has at "
            f"{path_words(r)}"
            for s, r in sorted(moves)
        ]
        told.append(
            f"the list under {path_words(where)} is in another order than the "
            f"reference's: {'; and '.join(places)}"
        )
        if len(moves) == 2:
            a, b = sorted(s for s, _ in moves)
            steps.append(
                f"swap {path_words(a)} and {path_words(b)} in the list under "
                f"{path_words(where)}"
            )
        else:
            steps.append(
                f"put the list under {path_words(where)} in the reference's "
                f"order: {', then '.join(what(s) for s, _ in items)}"
            )
    text = f"in your model's {word}s dict, {'. Also, '.join(told)}."
    hint = f"In the {word}s dict you pass to keras.Model, {_and(steps)}{to_write}."
    kind = "input-order" if word == "input" else "outputs"
    return _wrong(kind, text, hint, layer)
