"""The note on ``input_shape=`` (or ``input_dim=``) given to a layer,
which Keras 3 warns about in its own terms.

The note says it in the student's words: the setting as the student
wrote it, and the ``keras.Input`` to write instead, first in
``keras.Sequential``'s list or, for a model built with ``.add()``, in a
``model.add(keras.Input(...))`` of its own.
"""

from __future__ import annotations

import re

from ._widget_problem import _shape_of, _shape_text

__all__ = ["input_shape_notes"]

_INPUT_SHAPE_WARNING = "Do not pass an `input_shape`"


def input_shape_notes(model, printed: str, result=None) -> list[str]:
    """Keras 3's warning on ``input_shape=`` (or ``input_dim=``) in the
    student's words: the setting as written, and ``model.add(keras.Input
    (...))`` for a model built with ``.add()``, which has no list."""
    import keras

    if _INPUT_SHAPE_WARNING not in printed:
        return []
    shapes = [_shape_of(t) for t in getattr(model, "inputs", None) or []]
    if len(shapes) != 1 or shapes[0] is None:
        return []
    sample = _shape_text(shapes[0][1:])
    source = "\n".join(result.source_lines) if result is not None else ""
    setting = "input_shape"
    if re.search(r"\binput_dim\s*=", source) and not re.search(
        r"\binput_shape\s*=", source
    ):
        setting = "input_dim"
    name = (
        next(
            (n for n, v in result.namespace.items() if v is model and n[:1] != "_"),
            None,
        )
        if result is not None
        else None
    )
    added = (
        isinstance(model, keras.Sequential)
        and name is not None
        and re.search(rf"\b{re.escape(name)}\s*\.\s*add\s*\(", source)
        and not re.search(r"Sequential\s*\(\s*\[", source)
    )
    if added:
        instead = (
            "add the keras.Input it describes first, before the other layers: "
            f"{name}.add(keras.Input(shape={sample}))"
        )
    else:
        instead = (
            "start the list with the keras.Input it describes: "
            f"keras.Sequential([keras.Input(shape={sample}), ...])"
        )
    return [
        f"Keras 3 warns about {setting}= (see Printed). Leave {setting} out "
        f"of the layer and {instead}, as in the Functional code below."
    ]
