"""A ``call()`` that cannot run where the playground needs it, in the
student's words.

The playground reads a subclassed model by running its ``call()`` once on
placeholder tensors: they have a shape (the batch size None) and no values.
:func:`trace_problem` says, on the line of ``call()`` that failed, what
stopped it and what to write instead: a Python ``if`` on a tensor, a NumPy,
TensorFlow or ``math`` function, ``.numpy()``, a size taken from the batch
axis, a tensor unpacked into several (mostly in
:mod:`kerasteach._widget_unpack_problems`), or anything else in plain words.
Never ``input_shape=``, the advice kerasteach's own functions give, which
the playground does not have.  :func:`tensor_if_problem` explains the same
``if`` run on data, :func:`math_problem` a ``math`` function on a tensor of
data.  What is wrong with how ``call()`` is written (a required
``training``, no ``return``...) is in
:mod:`kerasteach._widget_call_def_problems`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ._widget_call_def_problems import returned_problem, untracked_problem
from ._widget_problem import (
    Problem,
    _at,
    _clean,
    _line_text,
    _shape_of,
    _student_tb,
    shorten,
)
from ._widget_unpack_problems import unpacked_problem

if TYPE_CHECKING:  # only for a type hint: _widget_run imports this module
    from ._widget_run import RunResult

_PLACEHOLDERS = (
    "That works when the model runs on data, but the playground reads the "
    "model by running call() once on placeholder tensors, which have a shape "
    "and no values yet"
)


def trace_problem(result: RunResult, exc: BaseException) -> Problem:
    """``call()`` cannot run on placeholder tensors (``exc``, a
    :class:`~kerasteach.errors.TraceError`, comes from the error it
    raised): the line of ``call()`` that raised it, and what to write."""
    if getattr(exc, "untracked", None):
        return untracked_problem(result, exc.untracked, str(exc))
    returned = returned_problem(result, exc)
    if returned is not None:
        return returned
    cause = exc.__cause__ or exc
    tb = _student_tb(cause)
    line = tb.tb_lineno if tb is not None else None
    text = _line_text(result.source_lines, line)
    cls = type(result.model).__name__
    at = _at(line, text) or ". "
    raw = shorten(_clean(str(cause)))
    if tb is not None and _used_as_bool(tb):
        message = (
            f"{cls}.call() uses {_condition(text)}{at}{_PLACEHOLDERS}: Python "
            f"cannot decide which way to go, so the model cannot be traced. "
            f"{_INSTEAD}"
        )
        return Problem("kerasteach", message, line, text, detail=str(cause))
    math = _math_problem(cause, raw, tb, line, text, f"{cls}.call()")
    if math is not None:
        return math
    try:
        lines, variable = result.source_lines, result.variable
        unpacked = unpacked_problem(cause, lines, "kerasteach", variable)
    except Exception:  # noqa: BLE001 - the explanations below, then Python's
        unpacked = None
    if unpacked is not None:
        return unpacked
    iterated = _iterated(raw, text)
    if iterated is not None:
        message = f"{cls}.call() {iterated[0]}{at}{iterated[1]}"
        return Problem("kerasteach", message, line, text, detail=str(cause))
    for explain in (_numpy_function, _numpy_method, _batch_size):
        found = explain(cause, raw, tb, text)
        if found is not None:
            what, advice = found
            message = f"{cls}.call() {what}{at}{_PLACEHOLDERS}{advice}".rstrip()
            return Problem("kerasteach", message, line, text, detail=str(cause))
    message = (
        f"{cls}.call() cannot run on placeholder tensors{at}"
        f"Python says: {type(cause).__name__}: {raw}\n"
        "The playground reads the model by running call() once on tensors "
        "that have a shape (the batch size None) and no values yet. Inside "
        "call(), use Keras layers and keras.ops on tensors: no NumPy, no "
        ".numpy(), no Python if on a tensor. Or write the model with the "
        "Functional API."
    )
    return Problem("kerasteach", message, line, text, detail=str(cause))


def _module_names(tb, module: str) -> list[str]:
    """The names the student's code gave ``module`` (``np`` for numpy)."""
    import sys

    found = sys.modules.get(module)
    if tb is None or found is None:
        return []
    spaces = (tb.tb_frame.f_globals, tb.tb_frame.f_locals)
    return sorted({n for s in spaces for n, v in s.items() if v is found})


def _numpy_function(exc, raw: str, tb, text):
    """``np.tanh(x)`` or ``tf.nn.relu(x)``: NumPy needs the values, and
    TensorFlow takes no Keras placeholders; keras.ops has the same function
    for tensors."""
    import keras

    lowered = raw.lower()
    if "numpy array" in lowered:
        library, module, usual = "NumPy", "numpy", "np"
    elif "tensorflow function" in lowered:
        library, module, usual = "TensorFlow", "tensorflow", "tf"
    else:
        return None
    aliases = "|".join(map(re.escape, _module_names(tb, module))) or usual
    call = re.compile(rf"\b(?:{aliases})\.(?:\w+\.)*(\w+)(?=\s*\()")
    called = {m.group(0): m.group(1) for m in call.finditer(text or "")}
    why = {
        "NumPy": ": NumPy needs the values.",
        "TensorFlow": ": TensorFlow functions take only TensorFlow tensors.",
    }[library]
    if not called:
        return f"uses {library} on a tensor", (
            f"{why} Inside call(), use the keras.ops function of the same "
            "name (keras.ops.tanh for np.tanh), which works on both."
        )
    same = {
        written: f"keras.ops.{name}"
        for written, name in called.items()
        if hasattr(keras.ops, name) and name not in _CONVERTERS
    }
    fixed = call.sub(lambda m: same.get(m.group(0), m.group(0)), text)
    advice = why
    if same:
        ops = ", ".join(same.values())
        verb = "works" if len(same) == 1 else "work"
        advice += f" Use {ops} instead, which {verb} on both:\n    {fixed}\n"
    others = [w for w, name in called.items() if w not in same]
    space = "" if same else " "
    if any(called[w] in _CONVERTERS for w in others):
        advice += (
            f"{space}call() gets tensors, and Keras layers and keras.ops take "
            f"them as they are: leave out {others[0]}(...)."
        )
    elif others:
        advice += (
            f"{space}keras.ops has no {called[others[0]]}: write it with other "
            "keras.ops functions or a Keras layer."
        )
    return f"uses {library} on a tensor ({', '.join(called)})", advice


def _math_problem(exc, raw: str, tb, line, text, where: str):
    """``math.exp(x)`` on a tensor: math takes one Python number."""
    import keras

    lowered = raw.lower()
    if not isinstance(exc, (TypeError, ValueError)) or not any(
        w in lowered for w in ("scalar", "float", "real number")
    ):
        return None
    aliases = "|".join(map(re.escape, _module_names(tb, "math")))
    if not aliases:
        return None
    call = re.compile(rf"\b(?:{aliases})\.(\w+)(?=\s*\()")
    called = {m.group(0): m.group(1) for m in call.finditer(text or "")}
    if not called:
        return None
    same = {w: f"keras.ops.{n}" for w, n in called.items() if hasattr(keras.ops, n)}
    message = (
        f"{where} uses Python's math on a tensor ({', '.join(called)})"
        f"{_at(line, text) or '. '}math works on one Python number; a tensor "
        "holds many, one for each sample, or none yet while Keras traces the "
        "model."
    )
    if same:
        fixed = call.sub(lambda m: same.get(m.group(0), m.group(0)), text)
        verb = "works" if len(same) == 1 else "work"
        message += (
            f" Use {', '.join(same.values())} instead, which {verb} on "
            f"tensors:\n    {fixed}"
        )
    else:
        message += " Use the keras.ops function that does the same on tensors."
    return Problem("kerasteach", message, line, text, detail=raw)


def math_problem(exc, raw: str, line, text) -> Problem | None:
    """``math.exp(x)`` on a tensor of data, in a layer's or model's method
    (elsewhere the value may be a NumPy array, for which np.exp is the
    advice, not keras.ops)."""
    import keras

    tb = _student_tb(exc)
    owner = tb.tb_frame.f_locals.get("self") if tb is not None else None
    if not isinstance(owner, keras.layers.Layer):
        return None
    where = f"{type(owner).__name__}.{tb.tb_frame.f_code.co_name}()"
    return _math_problem(exc, raw, tb, line, text, where)


# NumPy functions that only turn their argument into an array
_CONVERTERS = ("array", "asarray", "asanyarray")


def numpy_in_layer_problem(exc, raw: str, line, text) -> Problem | None:
    """NumPy on a tensor in a layer's ``call()``, which Keras ran on
    placeholder tensors when the layer was called on ``keras.Input``."""
    import keras

    tb = _student_tb(exc)
    owner = tb.tb_frame.f_locals.get("self") if tb is not None else None
    if not isinstance(owner, keras.layers.Layer):
        return None
    found = _numpy_function(exc, raw, tb, text)
    if found is None:
        return None
    what, advice = found
    message = (
        f"{type(owner).__name__}.{tb.tb_frame.f_code.co_name}() {what}"
        f"{_at(line, text) or '. '}That works on data, but called on "
        "keras.Input, Keras runs it on placeholder tensors, which have a shape "
        f"and no values yet{advice}"
    )
    return Problem("kerasteach", message.rstrip(), line, text, detail=raw)


def _numpy_method(exc, raw: str, tb, text):
    """``x.numpy()``: a placeholder has no values to give."""
    if not (isinstance(exc, AttributeError) and "'numpy'" in raw):
        return None
    if re.match(r"\s*print\(", text or ""):
        fixed = (text or "").replace(".numpy()", ".shape")
        use = f" To see what flows through, print the shape instead:\n    {fixed}\n"
    else:
        fixed = (text or "").replace(".numpy()", "")
        use = f" Work on the tensor itself with keras.ops:\n    {fixed}\n"
    return "asks a tensor for its values with .numpy()", (
        "; fit() runs call() on such tensors too." + use
    )


def _batch_size(exc, raw: str, tb, text):
    """``layers.Dense(x.shape[0])``: the batch size is None while traced."""
    if "None" not in raw or not re.search(r"\.shape\[0\]", text or ""):
        return None
    return "uses the batch size, .shape[0],", (
        ", and the batch size is None: Keras does not know yet how many "
        "samples will come. Let nothing in call() depend on it: for a "
        "layer's size write a number, e.g. layers.Dense(16), or take a size "
        "of one sample, e.g. x.shape[-1]."
    )


def _iterated(raw: str, text: str | None):
    """``for row in x:`` or an unpacking :mod:`._widget_unpack_problems`
    does not recognise (``first, *rest = x``): going through a tensor goes
    along its first axis, the batch, whose size placeholders do not know."""
    if "Iterating over a symbolic" not in raw:
        return None
    why = (
        "Going through a tensor goes along its first axis, the batch, one "
        "sample at a time. The playground reads the model by running call() "
        "once on placeholder tensors, whose batch size is not known yet "
        "(None), so there are no samples to go through."
    )
    if re.match(r"\s*for\b", text or ""):
        return "loops over a tensor", (
            f"{why} Layers and keras.ops work on the whole batch at once: "
            "call them on the tensor itself, without the loop (self.dense(x), "
            "not self.dense(row) for each row)."
        )
    return "unpacks a tensor into several", (
        f"{why} To split the numbers of each sample, use keras.ops.split(x, 2, "
        "axis=-1) or slices such as x[:, :4]. For two inputs, call the model "
        "on a list, model([a_data, b_data]), and unpack that list in call(): "
        "a, b = inputs."
    )


_INSTEAD = (
    "Choose between values with keras.ops.where(condition, a, b), or between "
    "two computations with keras.ops.cond(condition, true_fn, false_fn); or "
    "move the decision out of call(): an if on a Python setting (an "
    "attribute set in __init__) is fine."
)


def _condition(text: str | None) -> str:
    """The condition as the line writes it: "a Python if on a tensor"."""
    word = re.match(r"\s*(if|elif|while)\b", text or "")
    if word:
        return f"a Python {word.group(1)} on a tensor"
    return "a tensor as True or False (if, while, and, or, not)"


def tensor_if_problem(exc, raw: str, line, text) -> Problem | None:
    """A Python ``if`` on a tensor of several values in a layer's or a
    model's method, run on data: Python cannot tell whether it is true."""
    import keras

    if not isinstance(exc, (ValueError, TypeError, RuntimeError)):
        return None
    lowered = raw.lower()
    if not any(w in lowered for w in ("truth value", "ambiguous", "boolean")):
        return None
    tb = _student_tb(exc)
    if tb is None or not re.match(r"\s*(if|elif|while)\b", text or ""):
        return None
    owner = tb.tb_frame.f_locals.get("self")
    if not isinstance(owner, keras.layers.Layer):
        return None
    if tb.tb_next is not None and not _used_as_bool(tb):
        return None  # raised further down, not by the condition itself
    # (no entry below: the tensor's __bool__ is written in C, as PyTorch's)
    method = tb.tb_frame.f_code.co_name
    message = (
        f"{type(owner).__name__}.{method}() uses {_condition(text)}"
        f"{_at(line, text) or '. '}"
        "The tensor holds many values (one for each sample, or more), so "
        "Python cannot tell whether it is True or False; and where Keras "
        "traces the model on placeholder tensors, it has no values at all. "
        f"{_INSTEAD}"
    )
    return Problem("error", message, line, text, detail=raw)


def _used_as_bool(tb) -> bool:
    """Whether the student's line (traceback entry ``tb``) failed when
    Python asked a tensor for True or False: the next entry is the tensor's
    ``__bool__`` (a symbolic ``KerasTensor`` refuses; a tensor of data
    refuses when it holds several values)."""
    below = tb.tb_next
    if below is None:
        return False
    frame = below.tb_frame
    return (
        frame.f_code.co_name == "__bool__"
        and _shape_of(frame.f_locals.get("self")) is not None
    )
