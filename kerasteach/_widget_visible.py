"""The student's variables that the failing line can read by name.

:func:`~kerasteach._widget_problem._student_variables` gives the variables
of the innermost frame of the student's code: the whole program at the top
level, but only the function's own variables inside a ``def``.  A message
that puts a variable into a fixed line (``validation_data=(x_test,
y_test)``, ``model.fit([x_a, x_b], y)``) may also use the program's
variables there, since a function reads them too, except a name the
function sets itself (it hides the program's, and before it is set Python
stops with "cannot access local variable").
"""

from __future__ import annotations

from ._widget_problem import _student_tb, _student_variables

__all__ = ["visible_names", "visible_variables"]


def visible_variables(exc: BaseException) -> list[tuple[str, object]]:
    """``(name, value)`` of each variable the student's innermost line can
    read: its frame's first, then the program's ones no local name hides
    (names that start with ``_`` left out)."""
    tb = _student_tb(exc)
    if tb is None:
        return []
    frame = tb.tb_frame
    own = _student_variables(exc)
    if frame.f_globals is frame.f_locals:
        return own
    code = frame.f_code
    hidden = {*frame.f_locals, *code.co_varnames, *code.co_cellvars}
    program = [
        (n, v)
        for n, v in list(frame.f_globals.items())
        if n not in hidden and n[:1] != "_"
    ]
    return own + program


def visible_names(exc: BaseException) -> dict[int, str]:
    """The readable variables' names by the ``id`` of their values (see
    :func:`visible_variables`; the function's own name wins, then the
    first set)."""
    names: dict[int, str] = {}
    for name, value in visible_variables(exc):
        names.setdefault(id(value), name)
    return names
