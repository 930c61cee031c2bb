"""One sample given where a batch is wanted, made a batch as the student wrote it.

``model.predict(x[0])`` gives the model one sample, shape ``(4,)``, where
it takes a batch, shape ``(number of samples, 4)``.  :func:`one_sample_batch`
turns the expression the student wrote into a batch of that one sample:
``x[0]`` becomes ``x[0:1]`` (the same sample, as a batch of one), any other
expression gets ``[None]`` (a new first axis), and the statement is shown
with it, for the message of :mod:`._widget_data_problems`.
"""

from __future__ import annotations

import ast
import re


def _batch_of(written: str) -> tuple[str, str] | None:
    """``(new expression, words for it)`` for the one sample ``written``."""
    try:
        node = ast.parse(written, mode="eval").body
    except SyntaxError:
        return None
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.slice, ast.Constant)
        and type(node.slice.value) is int
        and node.slice.value >= 0
    ):
        base = ast.get_source_segment(written, node.value)
        number = node.slice.value
        new = f"{base}[{number}:{number + 1}]"
        return new, f"{new} (or {written}[None])"
    if isinstance(node, (ast.Name, ast.Attribute, ast.Subscript, ast.Call)):
        new = f"{written}[None]"
    else:
        new = f"({written})[None]"
    return new, new


def one_sample_batch(
    written: str, source: str | None
) -> tuple[str, str | None, bool] | None:
    """``(words, fixed statement, indexed)`` that make ``written`` (the
    student's one sample, ``x[0]``) a batch of one; the statement is None
    when ``written`` is not found exactly once in the student's statement
    ``source`` (one line, or a call written over several); ``indexed``
    says ``written`` took one sample out of many (``x[0]``), so it is one
    sample for sure."""
    batch = _batch_of(written)
    if batch is None:
        return None
    new, words = batch
    source = (source or "").strip()
    fixed, count = re.subn(
        rf"(?<![\w.]){re.escape(written)}(?![\w\[(.])", lambda _: new, source
    )
    return words, (fixed if count == 1 else None), new != words
