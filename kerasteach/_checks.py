"""Checks of the arguments students pass most often, shared by draw(), the
layout, the widgets and check(), so that each mistake gets one message
wherever it is made: a flag written as a string, a direction in lower case,
a dpi of True, a style of "Functional".
"""

from __future__ import annotations

import math
import numbers

from .errors import DrawingError, KerasTeachError

__all__ = [
    "RANKDIRS",
    "STYLES",
    "check_flag",
    "check_dpi",
    "check_rankdir",
    "check_style",
    "did_you_mean",
]

RANKDIRS = ("TB", "LR")  # top to bottom, left to right
STYLES = ("functional", "sequential")  # the API styles check(style=...) can ask for


def check_flag(
    name: str, value, error: type[Exception] = DrawingError, meaning: str = ""
) -> bool:
    """``value`` as a bool if it is True or False (a NumPy bool too), else
    ``error``: the string ``"False"`` would otherwise count as true.
    ``meaning`` says what True does."""
    if isinstance(value, bool) or (
        str(getattr(value, "dtype", "")) == "bool" and getattr(value, "shape", 1) == ()
    ):
        return bool(value)
    what = f" ({meaning})" if meaning else ""
    msg = f"{name} expected True or False{what}. Received: {name}={value!r:.60}."
    word = value.strip().lower() if isinstance(value, str) else None
    if word in ("true", "yes", "false", "no"):
        word = "True" if word in ("true", "yes") else "False"
        msg += f" Write {name}={word}, without quotes."
    elif isinstance(value, numbers.Number) and value in (0, 1):
        msg += f" Write {name}={bool(value)}."
    raise error(msg)


def check_dpi(dpi) -> None:
    """A positive, finite number of dots per inch, or None (the default)."""
    if dpi is None or (
        isinstance(dpi, numbers.Real)
        and not isinstance(dpi, bool)  # a bool is an int, but dpi=True is a slip
        and 0 < dpi < math.inf
    ):
        return
    raise DrawingError(
        "dpi expected a positive number (dots per inch, e.g. dpi=150) or "
        f"None. Received: dpi={dpi!r:.60}."
    )


def check_rankdir(rankdir) -> None:
    """One of :data:`RANKDIRS`; ``"lr"`` gets "Did you mean 'LR'?"."""
    if isinstance(rankdir, str) and rankdir in RANKDIRS:
        return
    msg = (
        f"rankdir expected one of {', '.join(map(repr, RANKDIRS))} (top to "
        f"bottom or left to right). Received: rankdir={rankdir!r:.60}."
    )
    if isinstance(rankdir, str) and rankdir.strip().upper() in RANKDIRS:
        msg += f" Did you mean {rankdir.strip().upper()!r}?"
    raise DrawingError(msg)


def check_style(style) -> None:
    """None (either style) or one of :data:`STYLES`; ``"Functional"`` and
    the class ``keras.Sequential`` get "Did you mean ...?"."""
    if style is None or (isinstance(style, str) and style in STYLES):
        return
    msg = (
        "style expected 'functional', 'sequential' or None (the API the "
        "exercise asks for; None accepts either). Received: "
        f"style={style!r:.60}."
    )
    word = style.strip().lower() if isinstance(style, str) else None
    if isinstance(style, type):  # style=keras.Sequential, style=keras.Model
        word = "sequential" if "Sequential" in style.__name__ else "functional"
    started = [s for s in STYLES if word and len(word) > 2 and s.startswith(word)]
    if started:  # "seq" is too short for did_you_mean to see "sequential"
        msg += f" Did you mean {started[0]!r}?"
    elif word is not None:
        msg += did_you_mean(repr(word), [repr(s) for s in STYLES])
    raise KerasTeachError(msg)


def did_you_mean(
    name: str, known, *, quote: bool = False, fold_case: bool = False
) -> str:
    """ " Did you mean show_shapes?" for the nearest of ``known``, or "".

    ``quote`` writes the name found quoted (``'hidden_1'``); match the bare
    names, not their quoted forms, in which the quotes alone make a match.
    ``fold_case`` matches without case ("Hidden_1" finds 'hidden_1'; of
    names that differ only in case, the first)."""
    import difflib

    known = list(known)
    by_key = {k.lower() if fold_case else k: k for k in reversed(known)}
    key = name.lower() if fold_case else name
    close = difflib.get_close_matches(key, list(by_key), n=1)
    if not close:
        return ""
    found = by_key[close[0]]
    return f" Did you mean {found!r}?" if quote else f" Did you mean {found}?"
