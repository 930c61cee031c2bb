"""A note for one sigmoid's predictions compared with the labels as they are.

``pred = model.predict(x)`` of a model whose last layer is
``Dense(1, activation="sigmoid")`` has shape ``(200, 1)``; the labels
``y`` have shape ``(200,)``.  ``pred == y`` raises nothing: NumPy pairs
every prediction with every label, shape ``(200, 200)``, and the count or
mean of it means nothing.  :func:`prediction_notes` reads the code that
ran and says so, with the comparison written with ``pred[:, 0] > 0.5``.
(Several classes fail loudly instead: :mod:`._widget_predict_problems`.)
"""

from __future__ import annotations

import ast
import re

from ._widget_problem import _shape_text, code_of


def _predictions(tree) -> dict[str, str]:
    """The names the code sets to ``model.predict(...)``, with the model's
    name."""
    found = {}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Call)
            and getattr(node.value.func, "attr", None) == "predict"
            and isinstance(node.value.func.value, ast.Name)
        ):
            found[node.targets[0].id] = node.value.func.value.id
    return found


def _sigmoid_of_one(model) -> bool:
    try:
        last = model.layers[-1]
        return int(model.outputs[0].shape[-1]) == 1 and (
            getattr(last.activation, "__name__", "") == "sigmoid"
        )
    except Exception:  # noqa: BLE001 - not such a model
        return False


def prediction_notes(result) -> list[str]:
    """``pred == y`` with ``pred`` of shape ``(n, 1)`` from one sigmoid and
    ``y`` of shape ``(n,)``: a note for each such line."""
    try:
        return _notes(result)
    except Exception:  # noqa: BLE001 - a note is optional
        return []


def _notes(result) -> list[str]:
    source = "\n".join(result.source_lines)
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    predicted = _predictions(tree)
    namespace = result.namespace
    notes = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Compare)
            and len(node.ops) == 1
            and isinstance(node.ops[0], (ast.Eq, ast.NotEq))
        ):
            continue
        sides = [node.left, node.comparators[0]]
        for mine, other in (sides, sides[::-1]):
            if not (isinstance(mine, ast.Name) and isinstance(other, ast.Name)):
                continue
            if mine.id not in predicted or other.id in predicted:
                continue
            pred_shape = getattr(namespace.get(mine.id), "shape", None)
            label_shape = getattr(namespace.get(other.id), "shape", None)
            if (
                pred_shape is None
                or label_shape is None
                or len(pred_shape) != 2
                or pred_shape[1] != 1
                or tuple(label_shape) != (pred_shape[0],)
                or pred_shape[0] < 2
                or not _sigmoid_of_one(namespace.get(predicted[mine.id]))
            ):
                continue
            count = int(pred_shape[0])
            whole = code_of(source, node)
            fixed = whole.replace(mine.id, f"({mine.id}[:, 0] > 0.5)", 1)
            fixed = re.sub(r"\s+", " ", fixed)
            line = result.source_lines[node.lineno - 1].strip()
            shown = line.replace(whole, fixed, 1)
            notes.append(
                f"Line {node.lineno} compares {mine.id}, shape "
                f"{_shape_text(pred_shape)}, with {other.id}, shape "
                f"{_shape_text(label_shape)}: NumPy pairs each of the {count} "
                f"predictions with each of the {count} labels (shape "
                f"({count}, {count})), so the result means nothing. "
                f"{mine.id} holds one probability per sample, in a column: "
                f"take the column and class 1 where it is above 0.5:\n"
                f"    {shown if shown != line else fixed}"
            )
            break
    return notes
