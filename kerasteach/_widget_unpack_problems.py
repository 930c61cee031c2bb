"""A tensor unpacked like a list in ``call()``, in the student's words.

``a, b = x`` on one tensor ``x`` splits it along its first axis, the batch,
one sample each: it neither makes two inputs nor splits the numbers of each
sample, which is what the student meant.  How it fails depends on how
``call()`` runs.  On placeholder tensors (while Keras builds or traces the
model, in ``fit()`` and ``predict()``) Keras refuses to unpack a tensor; on
a batch of data Python finds one value per sample, too many or too few; with
exactly as many samples as names, the unpacking works and the next layer
gets a single sample, a shape mismatch on a later line.
:func:`unpacked_problem` recognises all of these from the frame of the
student's ``call()`` (of a model or a layer) and says, on the line that
unpacks, what happened and what to write: ``keras.ops.split`` or slices to
split the numbers of each sample, or a list of inputs.
"""

from __future__ import annotations

from ._analysis import _and
from ._reader_subclass import UNPACK, split_fix
from ._widget_problem import FILENAME, Problem, _at, _shape_of, _shape_text, _student_tb


def _unpacking(tb, lines: list[str]):
    """The line of the function running in ``tb`` that unpacks a tensor,
    and so failed: ``(line, names, tensor name, tensor)``, or ``None``."""
    frame = tb.tb_frame
    variables = frame.f_locals
    for line in range(tb.tb_lineno, frame.f_code.co_firstlineno, -1):
        match = UNPACK.match(lines[line - 1] if line <= len(lines) else "")
        if match is None:
            continue
        names = [n.strip() for n in match.group(1).split(",")]
        value = variables.get(match.group(2))
        shape = _shape_of(value)
        if not shape or isinstance(value, (list, tuple)):
            continue
        if line == tb.tb_lineno:
            return line, names, match.group(2), value
        # it worked, on a batch of as many samples as names: each got one
        if all(_shape_of(variables.get(n)) == shape[1:] for n in names):
            return line, names, match.group(2), value
    return None


def _caller_name(exc, owner) -> str | None:
    """The student's variable for ``owner`` (``model``), from the frames of
    the student's code that called it."""
    tb = exc.__traceback__
    while tb is not None:
        frame = tb.tb_frame
        if (
            frame.f_code.co_filename == FILENAME
            and frame.f_locals.get("self") is not owner
        ):
            for name, value in frame.f_locals.items():
                if value is owner and name[:1] != "_":
                    return name
        tb = tb.tb_next
    return None


def _what_happened(exc, tb, at: int, names, tensor: str, shape, lines) -> str:
    """Why the unpacking failed here, with this batch."""
    count, batch = len(names), shape[0]
    one = _shape_text(shape[1:])
    if tb.tb_lineno != at:
        failed = _at(tb.tb_lineno, lines[tb.tb_lineno - 1].strip())
        return (
            f"Here {tensor} held {batch} samples, so {_and(names)} each got "
            f"one whole sample, of shape {one}, without its batch axis, and "
            f"the code that follows failed{failed.rstrip()}"
        )
    if isinstance(batch, int) and "symbolic" not in str(exc).lower():
        more = "too many" if batch > count else "too few"
        samples = f"{batch} sample{'s' * (batch != 1)}"
        return (
            f"Here {tensor} held {samples}, {more} for {count} names, so "
            "Python could not unpack it."
        )
    return (
        "Here call() ran on placeholder tensors, which have a shape and no "
        "values (Keras uses them to build the model, and in fit() and "
        "predict()), and Keras cannot unpack those."
    )


def unpacked_problem(
    exc, lines: list[str], kind: str = "error", variable: str | None = None
) -> Problem | None:
    """``a, b = x`` on one tensor in a layer's or model's method, whatever
    failed after it (see the module's docstring); ``variable`` is the
    student's name for the model, when known."""
    import keras

    tb = _student_tb(exc)
    if tb is None:
        return None
    owner = tb.tb_frame.f_locals.get("self")
    if not isinstance(owner, keras.layers.Layer):
        return None
    found = _unpacking(tb, lines)
    if found is None:
        return None
    line, names, tensor, value = found
    shape = tuple(value.shape)
    text = lines[line - 1].strip()
    code = tb.tb_frame.f_code
    where = f"{type(owner).__name__}.{code.co_name}()"
    parts = len(names)
    words = {2: "two", 3: "three", 4: "four"}.get(parts, str(parts))
    message = (
        f"{where} unpacks the tensor {tensor} into {_and(names)}{_at(line, text)}"
        "Unpacking a tensor splits it along its first axis, the batch, one "
        f"sample each: it does not make {words} inputs. {tensor} is one tensor "
        f"of shape {_shape_text(shape)}: a batch of samples of shape "
        f"{_shape_text(shape[1:])}. "
        f"{_what_happened(exc, tb, line, names, tensor, shape, lines)}\n"
    )
    split, sliced = split_fix(names, tensor, shape)
    if len(shape) > 2:
        split_advice = f"split each sample into {words} parts along its last axis"
    elif shape[-1] is not None:
        split_advice = (
            f"split the {shape[-1]} numbers of each sample into {words} parts"
        )
    else:
        split_advice = f"split the numbers of each sample into {words} parts"
    if isinstance(owner, keras.Model):
        name = variable or _caller_name(exc, owner) or "model"
        data = ", ".join(f"{n}_data" for n in names)
        listed = f"call the model on a list of {words} arrays, {name}([{data}])"
    else:
        listed = f"call the layer on a list of {words} tensors, one for each"
    first = code.co_varnames[1] if code.co_argcount > 1 else None
    if tensor == first and tensor.startswith("input") and tensor.endswith("s"):
        # `inputs`: meant as several inputs
        message += (
            f"For {words} inputs, {listed}; then {text} unpacks that list. "
            f"If instead each sample holds the {words} parts side by side, "
            f"{split_advice}:\n    {split}"
        )
    else:
        message += f"To {split_advice}:\n    {split}"
        if sliced:
            message += f"\nor, with slices:\n    {sliced}"
        if tensor == first:
            message += (
                f"\nIf you meant {words} separate inputs, {listed}; then "
                f"{text} unpacks that list."
            )
    return Problem(kind, message, line, text, detail=str(exc))
