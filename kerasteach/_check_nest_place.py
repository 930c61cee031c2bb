"""Where a keras.Sequential nests a model, against where the reference does.

A keras.Sequential reference may hold a nested model that is no chain (an
encoder that branches), which a student's keras.Sequential can hold only
as a model of its own.  When the student nests a model too, the
"needs-functional" result of ``_ApiStyle.nested_part`` tells them to build
theirs as the reference builds its own; that reads wrong when the student
nested another part (the classifier head at the end, where the reference
nests the encoder at the start).  :func:`nested_elsewhere` finds that case
and says which part each model nests, where, and what to do.
"""

from __future__ import annotations

from ._check_words import _RefWords
from .graph import INPUT, ModelGraph


def nested_elsewhere(
    ref: ModelGraph,
    stu: ModelGraph,
    model: str,
    mine: list[str],
    words: _RefWords,
    how: str,
) -> tuple[str, str] | None:
    """The reference nests the model named ``model``; the student's nested
    models are ``mine`` (names).  When none of the student's stands at the
    reference's place in its chain: (what the student nested and where,
    against the reference; the hint, with ``how`` to build a model of its
    own).  None when one of the student's stands there (it is the
    matching part), or the reference is its nested model alone."""
    r_names, s_names = _chain(ref), _chain(stu)
    r_at = r_names.index(model)
    r_place = _place(r_at, len(r_names))
    places = {m: _place(s_names.index(m), len(s_names)) for m in mine}
    if len(r_names) == 1 or any(
        p == r_place or s_names.index(m) == r_at for m, p in places.items()
    ):
        return None
    said = []
    for name, place in places.items():
        theirs = _at(r_names, place, s_names.index(name))
        there = (
            f", where the reference has {words.layer('', theirs)}"
            if theirs not in (None, model)
            else ""
        )
        said.append(f"{name!r} {place} in your keras.Sequential{there}")
    one = len(mine) == 1
    text = (
        f"your nested model{'' if one else 's'} "
        f"{'is another part' if one else 'are other parts'}: you nest "
        f"{'; and '.join(said)}, and the reference nests {model!r} {r_place}"
    )
    yours = " and ".join(repr(m) for m in mine)
    hint = (
        f"Nest the part the reference nests: build {model!r} as a model of its "
        f"own with the Functional API ({how}), and list it {r_place} in your "
        f"keras.Sequential, as the reference does. Your {yours} may stay as "
        f"{'it is' if one else 'they are'} (check() counts a nested model as its "
        "layers)."
    )
    return text, hint


def _at(names: list[str], place: str, index: int) -> str | None:
    """The layer of the chain ``names`` at ``place`` (``first``, ``last``),
    else at ``index``; None when the chain is shorter."""
    if place == "first":
        return names[0]
    if place == "last":
        return names[-1]
    return names[index] if index < len(names) else None


def _chain(graph: ModelGraph) -> list[str]:
    """The names of a chain's layers in order, its keras.Input left out."""
    return [la.name for la in graph.layers if la.kind != INPUT]


def _place(index: int, count: int) -> str:
    """Where a layer stands in a chain of ``count``: ``first``, ``last``,
    ``as layer 3 of 5``."""
    if index == 0:
        return "first"
    if index == count - 1:
        return "last"
    return f"as layer {index + 1} of {count}"
