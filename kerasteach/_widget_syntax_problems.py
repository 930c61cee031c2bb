"""Code Python cannot read, explained: :func:`syntax_problem`.

A :class:`SyntaxError` from compiling the student's code becomes a
:class:`~kerasteach._widget_problem.Problem` that shows the line with a
caret under the place Python stopped, then what to do: the rules of
indentation (tabs mixed with spaces, a block not indented, a line that
starts at no block's column), brackets that do not match or are never
closed (named by what they open: a call or tuple, a list, a dict), and
what is not Python at all: curly quotes from a slide, a notebook command
such as ``!pip install``; and the commonest slips: a comma missing
between two items (shown where it goes), Python 2's ``print x``, a setting
without a name after one with a name.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize

from ._widget_problem import Problem

__all__ = ["syntax_problem"]


_INDENT_ADVICE = {
    "unexpected indent": (
        "This line starts further right than Python expects. The spaces at "
        "the start of a line matter in Python: a line is indented only inside "
        "a block (after a line ending with a colon). Remove the spaces at the "
        "start of this line so that it lines up with the line before."
    ),
    "expected an indented block": (
        "The line after a line ending with a colon (def, for, if, class, "
        "with) must be indented: add 4 spaces at the start of this line and "
        "of every line that belongs to the block."
    ),
    "unindent does not match": (
        "This line starts at a column where no block starts. Line it up "
        "exactly with the lines of the block it belongs to (4 spaces for each "
        "level)."
    ),
}
_TAB_ADVICE = (
    "The spaces at the start of this line mix tabs and spaces. Indent with "
    "spaces only (4 for each level): replace the tabs at the start of your "
    "lines by spaces."
)
_INDENT_GENERAL = (
    "Check the spaces at the start of this line: lines of the same block "
    "start at the same column, and a block is indented by 4 more spaces than "
    "the line with the colon that opens it."
)


_CLOSER = {"(": ")", "[": "]", "{": "}"}
_OPENS = {"(": "call or tuple", "[": "list", "{": "dict"}
_MISMATCH = re.compile(
    r"closing parenthesis '(.)' does not match opening parenthesis '(.)'"
    r"(?: on line (\d+))?"
)
_NEVER_CLOSED = re.compile(r"'(.)' was never closed")
_UNMATCHED = re.compile(r"unmatched '(.)'")


def _bracket_advice(reason: str) -> str | None:
    """What to do about a bracket Python could not pair, or ``None``.

    Python points at the bracket where it noticed, often lines after the
    mistake; the advice names the bracket that is still open instead."""
    if m := _MISMATCH.search(reason):
        closing, opening, line = m.groups()
        where = f"on line {line}" if line else "on this line"
        return (
            f"The '{opening}' opened {where} is still open when this "
            f"'{closing}' comes: add its '{_CLOSER[opening]}' where that "
            f"{_OPENS[opening]} ends (and the comma after it, if more items "
            "follow)."
        )
    if m := _NEVER_CLOSED.search(reason):
        opening = m.group(1)
        return (
            f"Add the '{_CLOSER[opening]}' that closes this '{opening}', where "
            f"its {_OPENS[opening]} ends: brackets come in pairs."
        )
    if m := _UNMATCHED.search(reason):
        return (
            f"This '{m.group(1)}' closes a bracket that was never opened: "
            "remove it, or add the opening bracket it belongs to."
        )
    return None


_CURLY = "\u201c\u201d\u2018\u2019\u00ab\u00bb"


def _pasted_advice(reason: str, text: str) -> str | None:
    """Advice for what is not Python at all: quotes from a slide or a word
    processor, a notebook command."""
    if reason.startswith("invalid character") and any(q in reason for q in _CURLY):
        return (
            "That is a curly quote, as slides and word processors write them; "
            "Python needs straight quotes, \" or '. Type the quotes of this line "
            "again in the playground."
        )
    if text.lstrip()[:1] in ("!", "%"):
        return (
            "A line that starts with ! or % is a notebook command, not Python: "
            "run it in a notebook cell of its own (e.g. !pip install ...), and "
            "keep only the model's code here."
        )
    return None


def _comma_advice(exc: SyntaxError, lines: list[str]) -> str | None:
    """Where the comma goes that Python thinks is missing: after the
    longest start of the range it marks that is a whole expression
    (``keras.Input((8,))`` at the end of a line of a list,
    ``layers.Dense(4 activation="relu")`` between 4 and activation)."""
    if "forgot a comma" not in (exc.msg or "") or not exc.lineno:
        return None
    end_line, end = exc.end_lineno or exc.lineno, exc.end_offset or 0
    if not (0 < exc.lineno <= end_line <= len(lines)) or not exc.offset:
        return None
    starts = [0]
    for text in lines:
        starts.append(starts[-1] + len(text) + 1)
    source = "\n".join(lines)
    first = starts[exc.lineno - 1] + exc.offset - 1
    segment = source[first : starts[end_line - 1] + end - 1]
    cut = None
    for match in re.finditer(r"\s+", segment):
        prefix = segment[: match.start()].strip()
        try:
            ast.parse(prefix, mode="eval")
            words = tokenize.generate_tokens(io.StringIO(prefix).readline)
            if any(token.type == tokenize.COMMENT for token in words):
                continue  # the comma goes before the comment
        except (SyntaxError, tokenize.TokenError):
            continue
        cut = match.start()
    if cut is None:
        return None
    at = first + cut
    line = source.count("\n", 0, at) + 1
    fixed = (source[:at] + "," + source[at:]).split("\n")[line - 1].strip()
    item = segment[:cut].strip().split("\n")[-1].strip()
    place = "at the end of" if not source[at:].split("\n")[0].strip() else "on"
    return (
        f"Add a comma after {item} {place} line {line}: the items of a list, "
        f"and the settings of a call, are separated by commas.\n    {fixed}"
    )


def _print_advice(reason: str, text: str) -> str | None:
    """``print x``: Python 2's print, a function in Python 3."""
    if not reason.startswith("Missing parentheses in call to 'print'"):
        return None
    what = re.sub(r"^\s*print\s*", "", text).strip()
    if re.fullmatch(r"[\w.]+\.summary\(\)", what):
        return (
            f"In Python 3, print is a function, called with brackets. And "
            f"{what} prints the table by itself (it gives back None, which "
            f"print would print too): write it alone.\n    {what}"
        )
    return (
        "In Python 3, print is a function: put what it prints in brackets."
        f"\n    print({what})"
    )


_KEYWORD_ORDER = (
    "A setting given without a name comes after one given with a name "
    "(name=value). Python reads the unnamed ones first, in their order: write "
    "them first, or give this one its name too, as in "
    'layers.Dense(16, activation="relu") or '
    'layers.Dense(units=16, activation="relu").'
)


def syntax_problem(exc: SyntaxError, lines: list[str]) -> Problem:
    line = exc.lineno
    text = lines[line - 1] if line and 0 < line <= len(lines) else (exc.text or "")
    text = text.rstrip("\n")
    pointer = ""
    if exc.offset and text:
        pointer = "\n    " + " " * (max(exc.offset, 1) - 1) + "^"
    where = f"line {line}" if line else "your code"
    reason = (exc.msg or "invalid syntax").rstrip(".")
    if not reason.endswith("?"):
        reason += "."
    if isinstance(exc, TabError):
        advice = _TAB_ADVICE
    elif isinstance(exc, IndentationError):
        advice = next(
            (v for k, v in _INDENT_ADVICE.items() if reason.startswith(k)),
            _INDENT_GENERAL,
        )
    else:
        advice = (
            _pasted_advice(reason, text)
            or _bracket_advice(reason)
            or _comma_advice(exc, lines)
            or _print_advice(reason, text)
            or (
                _KEYWORD_ORDER
                if reason.startswith("positional argument follows keyword")
                else None
            )
            or (
                "Check brackets, commas and colons on this line and the line before it."
            )
        )
    text = text.expandtabs(4) if isinstance(exc, IndentationError) else text
    message = f"Python cannot read {where}: {reason}\n    {text}{pointer}\n{advice}"
    return Problem("syntax", message, line, text)
