"""Data whose samples hold the right numbers in one row, explained.

``load_digits`` gives each image as 64 numbers in a row, shape
``(1797, 64)``; a model that starts with ``keras.Input(shape=(8, 8, 1))``
wants the image itself.  Changing the model's input to ``(64,)`` would
break its ``Conv2D``: the data needs a reshape.  :func:`reshape_advice`
says so, with the line to write.
"""

from __future__ import annotations

import math


def reshape_advice(exc, lines, method: str, x_shape, expected) -> str | None:
    """What to do when each sample of the data (``x_shape``) holds as many
    numbers as the model's sample (``expected``, with its batch axis) but
    on fewer axes; else None."""
    from ._widget_label_names import fit_argument

    if x_shape is None or expected is None or None in expected[1:]:
        return None
    sample, data_sample = tuple(expected[1:]), tuple(x_shape[1:])
    if not data_sample or len(data_sample) >= len(sample) or None in data_sample:
        return None
    if math.prod(sample) != math.prod(data_sample):
        return None
    sizes = ", ".join(str(d) for d in sample)
    count = math.prod(sample)
    name = fit_argument(exc, lines, method, 0, "x") if method != "call" else None
    advice = (
        f"Each sample holds {count} numbers, as many as "
        f"{'x'.join(str(d) for d in sample)}: the same values written in one "
        "row. Keep the model and reshape the data"
    )
    if name is not None and name.isidentifier():
        return (
            f"{advice} before this line (-1: NumPy works out the number of "
            f"samples):\n    {name} = {name}.reshape(-1, {sizes})"
        )
    if name is not None:
        return (
            f"{advice}: give {method}() {_attributed(name)}.reshape(-1, {sizes}) "
            "(-1: NumPy works out the number of samples)."
        )
    return (
        f"{advice}: .reshape(-1, {sizes}) (-1: NumPy works out the number of samples)."
    )


def _attributed(expression: str) -> str:
    """``expression`` ready for ``.reshape``: in brackets unless it is a
    name, an attribute, an index or a call (``x_train[:100]``)."""
    import ast

    try:
        node = ast.parse(expression, mode="eval").body
    except SyntaxError:
        return f"({expression})"
    plain = (ast.Name, ast.Attribute, ast.Subscript, ast.Call)
    return expression if isinstance(node, plain) else f"({expression})"
