"""A merging layer given one tensor, noted though the model builds.

``layers.Add()([x])`` builds without a word: with nothing to merge ``x``
with, the layer passes ``x`` on unchanged, and the skip connection the
student meant is not there.  :func:`merge_of_one_notes` names the layer,
its line and the tensor, and says the two ways on.
"""

from __future__ import annotations

import ast

from ._widget_problem import called_name

__all__ = ["merge_of_one_notes"]


def _written(result, line, kind: str) -> str | None:
    """``x`` as the student wrote ``layers.Add()([x])`` on ``line`` (a
    variable's name only), else None."""
    if not line or line > len(result.source_lines):
        return None
    source = result.source_lines[line - 1].strip()
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Call)
            and called_name(node.func) == kind
            and len(node.args) == 1
            and isinstance(node.args[0], (ast.List, ast.Tuple))
            and len(node.args[0].elts) == 1
            and isinstance(node.args[0].elts[0], ast.Name)
        ):
            return node.args[0].elts[0].id
    return None


def merge_of_one_notes(result) -> list[str]:
    """A note for each merging layer the code called on a list of one
    tensor."""
    from keras.src.layers.merging.base_merge import Merge

    names = {id(v): n for n, v in reversed(list(result.namespace.items()))}
    notes = []
    for entry in list(result.created.values()):
        layer, line = entry.obj, entry.line
        if not isinstance(layer, Merge):
            continue
        for node in list(getattr(layer, "_inbound_nodes", [])):
            tensors = list(getattr(node, "input_tensors", []))
            if len(tensors) != 1:
                continue
            kind = type(layer).__name__
            x = _written(result, line, kind) or names.get(id(tensors[0]))
            shown = f"[{x}]" if x else "a list of one"
            x = x or "it"
            at = f", line {line}" if line else ""
            notes.append(
                f"Layer {layer.name!r} ({kind}{at}) is given one tensor, {shown}, "
                f"so it has nothing to merge {x} with and passes {x} on "
                "unchanged. To merge, list two tensors or more, "
                f"layers.{kind}()([{x if x != 'it' else 'x'}, other]) (other: "
                f"the tensor to merge with it); to pass {x} on as it is, leave "
                f"the {kind} out."
            )
            break
    return notes
