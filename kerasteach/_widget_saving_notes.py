"""Saving that works, but in the format Keras 3 keeps for old files.

``model.save("model.h5")``, copied from a Keras 2 tutorial, still writes a
file: the HDF5 format, which Keras 3 calls legacy and logs a warning about
where the playground does not show it.  :func:`legacy_save_notes` says
so and shows the ``.keras`` name to write.  Saves and loads that fail are
:mod:`kerasteach._widget_saving_problems`'s.
"""

from __future__ import annotations

import ast

__all__ = ["legacy_save_notes"]


def legacy_save_notes(result) -> list[str]:
    """A note for each ``model.save("name.h5")`` of a model in the code."""
    import keras

    try:
        tree = ast.parse("\n".join(result.source_lines))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    notes = []
    for call in ast.walk(tree):
        if not (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "save"
            and isinstance(call.func.value, ast.Name)
            and call.args
            and isinstance(call.args[0], ast.Constant)
            and isinstance(call.args[0].value, str)
        ):
            continue
        name, path = call.func.value.id, call.args[0].value
        if not isinstance(result.namespace.get(name), keras.Model):
            continue
        if not path.endswith(".h5") or path.endswith(".weights.h5"):
            continue
        new = path[: -len(".h5")] + ".keras"
        elsewhere = sum(path in code for code in result.source_lines) > 1
        notes.append(
            f'Line {call.lineno} saves {name} as "{path}", in HDF5 (.h5), the '
            "format of older Keras, which Keras 3 keeps as a legacy format "
            "for old files. The format of Keras 3 is .keras (load_model reads "
            f'both): write {name}.save("{new}")'
            + (f', and load "{new}" too.' if elsewhere else ".")
        )
    return notes
