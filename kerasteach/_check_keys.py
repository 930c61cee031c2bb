"""Where each input and output tensor sits in a model's dict.

A model may take its inputs, or return its outputs, as a dict whose values
are tensors or lists (or dicts) of them: ``{"p": o1, "q": [o2, o3]}``.
check() compares the tensors one by one, flattened in the order of that
structure, so each gets its *key path*, ``("p",)``, ``("q", 0)``,
``("q", 1)``: two models' tensors pair by path (:func:`by_path`), feedback
names a tensor by it (:func:`path_words`: ``'q'[1]``), and hints write the
structure to build with ``...`` for the tensors (:func:`skeleton`:
``{'p': ..., 'q': [..., ...]}``).  A list and a tuple are the same here:
Keras reads both in order.  Other keys than the reference's are told by
:func:`_wrong_keys`; another structure under the same key by
``kerasteach._check_structure._Structure.check_nested``; a list under a key
in another order by :mod:`kerasteach._check_lists`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ._analysis import _and
from ._check_result import CheckResult, _wrong
from .graph import TensorRef

Path = tuple  # keys (a dict's) and positions (a list's) from the top down


def key_paths(structure: Any) -> list[Path] | None:
    """The path of each tensor of ``structure``, in the order
    :func:`kerasteach.graph.flatten_refs` gives them; None when the
    structure is not a dict (a tensor or a list: told by position)."""
    if not isinstance(structure, Mapping):
        return None
    found: list[Path] = []

    def visit(item: Any, path: Path) -> None:
        if isinstance(item, TensorRef):
            found.append(path)
        elif isinstance(item, Mapping):
            for key, value in item.items():
                visit(value, (*path, key))
        elif isinstance(item, (list, tuple)):
            for i, value in enumerate(item):
                visit(value, (*path, i))

    visit(structure, ())
    return found


def path_words(path: Path) -> str:
    """A key path as it indexes the dict: ``'p'``, ``'q'[1]``."""
    return repr(path[0]) + "".join(f"[{step!r}]" for step in path[1:])


def by_path(ref_paths, ref_tensors, stu_paths, stu_tensors) -> list | None:
    """(reference tensor, student tensor) pairs, each at the same path in
    both dicts, in the reference's order; None when the paths differ."""
    mine = dict(zip(stu_paths, stu_tensors, strict=True))
    if sorted(mine, key=repr) != sorted(ref_paths, key=repr):
        return None
    return [(t, mine[p]) for p, t in zip(ref_paths, ref_tensors, strict=True)]


def skeleton(structure: Any, leaves: Iterable[str] | None = None) -> str:
    """``structure`` written as code, each tensor as the next of ``leaves``
    (``...`` when None): ``{'p': ..., 'q': [..., ...]}``."""
    words = iter(leaves) if leaves is not None else None

    def render(item: Any) -> str:
        if isinstance(item, Mapping):
            inner = ", ".join(f"{k!r}: {render(v)}" for k, v in item.items())
            return "{" + inner + "}"
        if isinstance(item, list):
            return "[" + ", ".join(render(v) for v in item) + "]"
        if isinstance(item, tuple):
            comma = "," if len(item) == 1 else ""
            return "(" + ", ".join(render(v) for v in item) + comma + ")"
        if isinstance(item, TensorRef):
            return "..." if words is None else next(words)
        return repr(item)

    return render(structure)


def held(item: Any) -> str:
    """What a dict holds under a key, in words: ``a single tensor``, ``a
    list of 2 tensors``, ``a dict with the keys 'x' and 'y'``."""
    if isinstance(item, Mapping):
        keys = [repr(k) for k in item]
        return f"a dict with the key{'s' if len(keys) > 1 else ''} {_and(keys)}"
    if isinstance(item, (list, tuple)):
        kind = "list" if isinstance(item, list) else "tuple"
        if all(isinstance(v, TensorRef) for v in item):
            n = len(item)
            return f"a {kind} of {n} tensor{'s' if n != 1 else ''}"
        return f"a {kind} {skeleton(item)}"
    return "a single tensor"


def same_layout(a: Any, b: Any) -> bool:
    """Whether ``a`` and ``b`` hold tensors at the same paths (a list and a
    tuple alike)."""
    return sorted(key_paths({0: a}), key=repr) == sorted(key_paths({0: b}), key=repr)


def _wrong_keys(
    word: str, verb: str, ref_structure, stu_keys, renames=(), shapes=None
) -> CheckResult:
    """Both models take (``word="input"``) or return a dict, with other keys:
    which keys of the reference's dict (``ref_structure``) the student's
    model lacks (with the reference's shapes, ``shapes``, when given) and
    which the reference has not.  ``renames`` are (student key, reference
    key) pairs when they are known.  Where a dict holds a list under a key
    (and so as many tensors under fewer keys), the hint writes the
    reference's dict."""
    ref_keys = list(ref_structure)
    missing = [k for k in ref_keys if k not in stu_keys]
    extra = [k for k in stu_keys if k not in ref_keys]
    lacks = [
        f"{k!r} (shape {shapes[k]})" if shapes and k in shapes else repr(k)
        for k in missing
    ]
    told = []
    if missing:
        told.append(f"{_and(lacks)} {_is(missing)} missing from yours")
    if extra:
        told.append(
            f"{_and([repr(k) for k in extra])} {_is(extra)} not among the reference's"
        )
    text = (
        f"your model's {word}s are named {sorted(stu_keys)}; the reference "
        f"{verb} {sorted(ref_keys)}: {', and '.join(told)}."
    )
    if renames and len(renames) == len(missing):
        hint = (
            f"Rename the keys of the {word}s dict you pass to keras.Model: "
            + _and([f"{a!r} to {b!r}" for a, b in renames])
            + "."
        )
    elif missing and extra and all(len(p) == 1 for p in key_paths(ref_structure)):
        hint = (
            f"Use the reference's keys in the {word}s dict you pass to "
            f"keras.Model: {_and([repr(k) for k in missing])} instead of "
            f"{_and([repr(k) for k in extra])}."
        )
    else:
        hint = (
            f"Use the reference's keys in the {word}s dict you pass to "
            f"keras.Model, with what it holds under each: "
            f"{word}s={skeleton(ref_structure)}."
        )
    return _wrong(word + "s", text, hint)


def _is(things) -> str:
    return "is" if len(things) == 1 else "are"
