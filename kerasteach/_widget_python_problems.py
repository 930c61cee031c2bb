"""Python and NumPy mistakes made around a model, explained.

The data a student makes to try a model, and what they do with what
``fit`` and ``evaluate`` give back, fail in Python's or NumPy's words:
``np.random.rand((10, 8))`` ("'tuple' object cannot be interpreted as an
integer"), ``np.zeros(10, 8)`` ("Cannot interpret '8' as a data type"),
``x.reshape(28, 28, 1)`` on all the samples at once, ``"units: " + 4``,
``history["loss"]`` on the History that ``fit`` returns, a metric looked
up under another name than ``fit`` recorded it (``"acc"``), more
names unpacked from ``evaluate`` than it gives, rows of different lengths
in one array, and a class bigger than ``to_categorical``'s
``num_classes``.  Each function says, on
the student's line, what to write instead, or returns ``None``.
"""

from __future__ import annotations

import ast
import math
import re

from ._widget_calls import method_calls
from ._widget_problem import (
    Problem,
    _at,
    _student_variables,
    code_of,
    parsed_code,
)


def _calls(text: str | None, names: tuple[str, ...]):
    """The calls on the student's line of a function whose last name is
    one of ``names`` (``np.random.rand``: ``rand``), with the line."""
    source = (text or "").strip()
    for call in method_calls(source, names):
        yield call, source


def numpy_sizes_problem(exc, raw: str, line, text) -> Problem | None:
    """``np.random.rand((10, 8))`` (sizes one by one) and ``np.zeros(10,
    8)`` (one tuple): the two ways NumPy takes a shape."""
    if not isinstance(exc, TypeError):
        return None
    where = _at(line, text) or ". "
    if "'tuple' object cannot be interpreted as an integer" in raw:
        for node, source in _calls(text, ("rand", "randn")):
            if len(node.args) == 1 and isinstance(node.args[0], ast.Tuple):
                func = code_of(source, node.func)
                sizes = ", ".join(code_of(source, e) for e in node.args[0].elts)
                fixed = source.replace(code_of(source, node), f"{func}({sizes})", 1)
                message = (
                    f"{func} takes the sizes one by one, not in a tuple{where}"
                    "(np.zeros and np.ones take a tuple; np.random.rand and "
                    f"np.random.randn do not.) Write:\n    {fixed}"
                )
                return Problem("error", message, line, text, detail=raw)
    if "as a data type" in raw:
        for node, source in _calls(text, ("zeros", "ones", "empty")):
            if len(node.args) >= 2 and all(
                isinstance(a, ast.Constant) and isinstance(a.value, int)
                for a in node.args
            ):
                func = code_of(source, node.func)
                sizes = ", ".join(code_of(source, a) for a in node.args)
                fixed = source.replace(code_of(source, node), f"{func}(({sizes}))", 1)
                message = (
                    f"{func} takes the shape as one tuple, in its own brackets"
                    f"{where}Its second argument is the type of the numbers, so "
                    f"{code_of(source, node.args[1])} was read as a type. Write:"
                    f"\n    {fixed}"
                )
                return Problem("error", message, line, text, detail=raw)
    return None


_RESHAPE = re.compile(r"cannot reshape array of size (\d+) into shape \(([^)]*)\)")


def array_reshape_problem(exc, raw: str, line, text) -> Problem | None:
    """``x.reshape(28, 28, 1)`` on all of x: the new shape holds one
    sample's numbers, so the number of samples must come first."""
    match = _RESHAPE.search(raw)
    if match is None or not isinstance(exc, ValueError):
        return None
    size = int(match.group(1))
    target = [int(n) for n in re.findall(r"-?\d+", match.group(2))]
    wanted = math.prod(abs(n) for n in target) if target else 1
    where = _at(line, text) or ". "
    shape = f"({', '.join(map(str, target))}{',' if len(target) == 1 else ''})"
    message = (
        f"The array holds {size} numbers, but shape {shape} holds {wanted}"
        f"{where}reshape keeps every number, so the sizes must multiply to "
        f"{size}."
    )
    batch = _one_sample_reshape(exc, target, text)
    if batch is not None:
        message += batch
    elif wanted and size % wanted == 0 and -1 not in target:
        samples = size // wanted
        sizes = ", ".join(map(str, target))
        fixed = re.sub(
            r"\.reshape\(\s*(\()?"
            + r"\s*,\s*".join(map(str, target))
            + r",?\s*(?(1)\))\s*\)",
            f".reshape(-1, {sizes})",
            (text or "").strip(),
            count=1,
        )
        shown = f":\n    {fixed}" if fixed != (text or "").strip() else "."
        message += (
            f" {shape} is the shape of one sample, and the array holds "
            f"{samples} of them: keep the number of samples first, -1 (NumPy "
            f"works it out, here {samples}){shown}"
        )
    return Problem("error", message, line, text, detail=raw)


def _one_sample_reshape(exc, target: list[int], text) -> str | None:
    """``model.predict(x.reshape(1, 4))`` on all of x (shape ``(150, 4)``):
    the words that say how to take one sample as a batch of one."""
    match = re.search(r"\.predict\(\s*(\w+)\.reshape\(", text or "")
    if match is None or len(target) < 2 or target[0] != 1:
        return None
    name = match.group(1)
    shape = getattr(dict(_student_variables(exc)).get(name), "shape", None)
    if shape is None or len(shape) < 2 or tuple(shape[1:]) != tuple(target[1:]):
        return None
    source = (text or "").strip()
    call = re.search(rf"\b{name}\.reshape\([^()]*(\([^()]*\))?[^()]*\)", source)
    fixed = source.replace(call.group(0), f"{name}[0:1]", 1) if call else source
    shown = f":\n    {fixed}" if fixed != source else "."
    sizes = ", ".join(map(str, target))
    return (
        f" ({sizes}) is a batch of one sample, and {name} holds {shape[0]} "
        f"samples. To predict one of them, take it with a slice, which keeps "
        f"the batch axis: {name}[0:1] is the first sample, shape ({sizes}); "
        f"to predict them all, give {name} as it is{shown}"
    )


def text_plus_number_problem(exc, raw: str, line, text) -> Problem | None:
    """``print("units: " + units)``: Python joins text only with text."""
    match = re.search(r'can only concatenate str \(not "(\w+)"\) to str', raw)
    if match is None:
        return None
    kind = {"int": "a whole number", "float": "a number"}.get(match.group(1))
    kind = kind or f"a {match.group(1)}"
    source = (text or "").strip()
    tree = parsed_code([source])
    example = 'print("units:", units) or print(f"units: {units}")'
    for node in ast.walk(tree) if tree is not None else ():
        if (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Add)
            and isinstance(node.left, ast.Constant)
            and isinstance(node.left.value, str)
            and isinstance(node.right, ast.Name)
        ):
            words, name = node.left.value, node.right.id
            joined = f'f"{words}{{{name}}}"'
            example = source.replace(code_of(source, node), joined, 1)
            break
    message = (
        f"Python cannot add text and {kind} with +{_at(line, text) or '. '}"
        "+ joins text only with text. Put the value in the text with an "
        f"f-string (f before the quotes, the name in curly brackets):\n"
        f"    {example}"
    )
    return Problem("error", message, line, text, detail=raw)


def history_problem(exc, raw: str, line, text) -> Problem | None:
    """``history["loss"]`` (the History itself is no dict) and
    ``history.history["acc"]`` (a metric under another name)."""
    import keras

    found = _student_variables(exc)
    histories = {n: v for n, v in found if isinstance(v, keras.callbacks.History)}
    if not histories:
        return None
    where = _at(line, text) or ". "
    source = (text or "").strip()
    if isinstance(exc, TypeError) and "'History' object is not subscriptable" in raw:
        name = next((n for n in histories if re.search(rf"\b{n}\[", source)), None)
        if name is None:
            return None
        fixed = re.sub(rf"\b{name}\[", f"{name}.history[", source)
        message = (
            f"{name} is the History that model.fit() returns, not the numbers "
            f"themselves{where}They are in its dictionary {name}.history, one "
            f"list per loss and metric, one number per epoch:\n    {fixed}"
        )
        return Problem("error", message, line, text, detail=raw)
    if isinstance(exc, KeyError) and exc.args:
        key = exc.args[0]
        for name, history in histories.items():
            logs = getattr(history, "history", None)
            if not isinstance(logs, dict) or key in logs:
                continue
            if not re.search(rf"\b{name}\.history\[", source):
                continue
            keys = ", ".join(repr(k) for k in logs)
            meant = next(
                (k for k in logs if str(key) in k or k.endswith(str(key))), None
            )
            hint = f" Write {meant!r}." if meant else ""
            message = (
                f"{name}.history has no {key!r}{where}model.fit() records each "
                "loss and metric under the name compile() gave it: here "
                f"{keys}.{hint}"
            )
            return Problem("error", message, line, text, detail=raw)
    return None


def evaluate_unpack_problem(exc, raw: str, line, text) -> Problem | None:
    """``loss, acc, other = model.evaluate(...)``: evaluate gives the loss
    and then one number per metric of compile(metrics=[...])."""
    match = re.search(r"values to unpack \(expected (\d+)", raw)
    single = "cannot unpack non-iterable" in raw
    if not (match or single) or not re.search(r"\.evaluate\s*\(", text or ""):
        return None
    got = re.search(r"got (\d+)", raw)
    count = f"{got.group(1)} numbers" if got else "a different number of values"
    names = f"{match.group(1)} names" if match else "several names"
    if single:
        count = "one number, the loss,"
    message = (
        f"model.evaluate() gives {count} here, and the line unpacks it into "
        f"{names}{_at(line, text) or '. '}It gives the loss, then "
        "one number for each metric in compile(metrics=[...]), in that order "
        "(without metrics, the loss alone). Write as many names as that, for "
        "example loss, accuracy = model.evaluate(x, y)."
    )
    return Problem("error", message, line, text, detail=raw)


def ragged_array_problem(exc, raw: str, line, text) -> Problem | None:
    """``np.array([[1, 2], [3]])``: rows of different lengths."""
    if not isinstance(exc, ValueError) or "inhomogeneous shape" not in raw:
        return None
    message = (
        f"The rows given to the array do not all have the same length"
        f"{_at(line, text) or '. '}A NumPy array is a grid: each row needs as "
        "many numbers as the others (and a model takes samples of one shape). "
        "Check the lists inside for a number too few or too many."
    )
    return Problem("error", message, line, text, detail=raw)


def classes_count_problem(exc, raw: str, line, text) -> Problem | None:
    """``keras.utils.to_categorical(y, num_classes=3)`` with a class 5:
    the classes are numbered from 0 to num_classes - 1."""
    match = re.search(r"index (\d+) is out of bounds for axis 1 with size (\d+)", raw)
    if match is None or "to_categorical" not in (text or ""):
        return None
    biggest, given = (int(n) for n in match.groups())
    fixed = re.sub(
        r"num_classes\s*=\s*\d+", f"num_classes={biggest + 1}", (text or "").strip()
    )
    shown = f":\n    {fixed}" if fixed != (text or "").strip() else "."
    message = (
        f"y holds the class {biggest}, but num_classes={given} numbers the "
        f"classes from 0 to {given - 1}{_at(line, text) or '. '}num_classes must "
        f"be at least the biggest class + 1, here {biggest + 1}, or left out "
        f"(to_categorical then counts them itself){shown}"
    )
    return Problem("error", message, line, text, detail=raw)
