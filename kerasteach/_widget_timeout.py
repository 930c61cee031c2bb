"""Code still running when its time is up, explained.

The playground stops the student's code after its time limit
(:mod:`kerasteach._widget_run`).  :func:`timeout_problem` says where it
was: inside ``model.fit`` (train on less, or give the playground more
time), or in a loop of the student's own, named by its first line, with
what keeps it going when a ``while`` loop's condition reads names that
nothing inside the loop changes.
"""

from __future__ import annotations

import ast

from ._widget_problem import Problem, _at, _line_text, _where, parsed_code


def _keras_method(exc: BaseException) -> str | None:
    """``"fit"``, ``"evaluate"`` or ``"predict"`` when ``exc`` was raised
    inside that method of a Keras model, else None.  Keras's own files only:
    "keras" is in the path of kerasteach's files too."""
    import os

    import keras

    package = os.path.dirname(keras.__file__) + os.sep
    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_name in ("fit", "evaluate", "predict") and (
            code.co_filename.startswith(package)
        ):
            return code.co_name
        tb = tb.tb_next
    return None


def _loop_at(lines: list[str], line: int | None):
    """The innermost ``while`` or ``for`` loop of the code around ``line``."""
    tree = parsed_code(lines)
    if tree is None or line is None:
        return None
    found = None
    for node in ast.walk(tree):
        if isinstance(node, (ast.While, ast.For)) and (
            node.lineno <= line <= (node.end_lineno or node.lineno)
        ):
            if found is None or node.lineno > found.lineno:
                found = node
    return found


def _unchanged(loop: ast.While) -> list[str]:
    """The names a ``while`` condition reads that nothing in the loop's
    body sets (``n += 1`` sets ``n``; a call might too: then none)."""
    read = {
        n.id
        for n in ast.walk(loop.test)
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
    }
    body = ast.Module(body=loop.body, type_ignores=[])
    if any(isinstance(n, ast.Call) for n in ast.walk(loop.test)):
        return []
    set_inside = {
        n.id
        for n in ast.walk(body)
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
    }
    return sorted(read - set_inside)


def timeout_problem(
    exc: BaseException, lines: list[str], time_limit: float | None
) -> Problem:
    """The code ran out of time: where it was, and what to try."""
    line, text = _where(exc, lines)
    stopped = f"Your code was still running after {time_limit:g} seconds, so it"
    method = _keras_method(exc)
    if method is not None:
        advice = (
            f"It was inside model.{method}(): train or predict on less (fewer "
            "epochs, less data, a smaller model), or give the playground more "
            "time: kerasteach.playground(time_limit="
            f"{max(2 * (time_limit or 0), 60):g})."
        )
        message = f"{stopped} was stopped{_at(line, text) or '. '}{advice}"
        return Problem("timeout", message, line, text)
    loop = _loop_at(lines, line)
    if loop is None:
        advice = (
            "Look for a loop that never ends (a while loop whose condition "
            "stays true), or build a smaller model."
        )
        message = f"{stopped} was stopped{_at(line, text) or '. '}{advice}"
        return Problem("timeout", message, line, text)
    line, text = loop.lineno, _line_text(lines, loop.lineno)
    unchanged = _unchanged(loop) if isinstance(loop, ast.While) else []
    if unchanged:
        names = " and ".join(unchanged)
        advice = (
            f"Its condition reads {names}, and nothing inside the loop changes "
            f"{'it' if len(unchanged) == 1 else 'them'}, so it stays true for "
            f"ever. Change {names} inside the loop ({unchanged[0]} += 1, say), "
            f"or use a for loop: for {unchanged[0]} in range(10):"
        )
    elif isinstance(loop, ast.While) and isinstance(loop.test, ast.Constant):
        advice = (
            f"while {loop.test.value!r} runs until a break: add one where the "
            "loop is done (if ...: break), or loop a fixed number of times: "
            "for n in range(10):"
        )
    elif isinstance(loop, ast.While):
        advice = (
            "Check that its condition becomes false at some point: something "
            "inside the loop must change what it tests."
        )
    else:
        advice = "Make it go through fewer items, or build a smaller model."
    kind = "while" if isinstance(loop, ast.While) else "for"
    if kind == "while":
        advice = f"It looks like a loop that never ends. {advice}"
    message = (
        f"{stopped} was stopped in the {kind} loop that starts"
        f"{_at(line, text) or '. '}{advice}"
    )
    return Problem("timeout", message, line, text)
