"""``layers.Concatenate(axis=0)`` in a model that fit() cannot train.

Axis 0 is the batch axis.  ``Concatenate(axis=0)([a, b])`` on two inputs of
shape ``(None, 10)`` builds (its output is ``(None, 10)`` too), but it
stacks the samples of ``a`` and those of ``b`` one after the other, so the
model gives 64 rows for a batch of 32 and the loss finds "Incompatible
shapes: [32,1] vs. [64,1]".  The labels are not the mistake, and the label
advice would send the student the wrong way: :func:`batch_axis_merge_problem`
names the layer and the line that makes it, and shows that line without
``axis``.
"""

from __future__ import annotations

import re

from ._widget_problem import (
    Problem,
    _created_line,
    _line_text,
    _model_method_frame,
    _student_names,
)

_AXIS = re.compile(r",\s*axis\s*=\s*0\b|\baxis\s*=\s*0\s*,?\s*")


def _batch_concatenate(model):
    """The first Concatenate layer in ``model`` (nested models included)
    that joins along axis 0; else None."""
    import keras

    for layer in getattr(model, "layers", []):
        if isinstance(layer, keras.layers.Concatenate) and layer.axis == 0:
            return layer
        if isinstance(layer, keras.Model):
            inner = _batch_concatenate(layer)
            if inner is not None:
                return inner
    return None


def batch_axis_merge_problem(exc, raw: str, line, text, created, lines):
    """fit(), evaluate() or predict() failing on shapes in a model that
    concatenates along the batch axis."""
    if "incompatible shapes" not in raw.lower():
        return None
    found = _model_method_frame(
        exc, ("fit", "evaluate", "predict", "train_on_batch", "test_on_batch")
    )
    if found is None:
        return None
    model, frame = found
    layer = _batch_concatenate(model)
    if layer is None:
        return None
    method = frame.f_code.co_name
    model_name = _student_names(exc).get(id(model), "model")
    made = _created_line(created, layer)
    made_text = _line_text(list(lines), made) if made else None
    fixed = _AXIS.sub("", made_text, count=1).strip() if made_text else ""
    shown = f"\n    {fixed}" if fixed and fixed != made_text.strip() else ""
    at = f", line {made}" if made else ""
    message = (
        f"Layer {layer.name!r} (Concatenate{at}) has axis=0, the batch axis "
        "(one row per sample): it puts the samples of its inputs one after "
        "the other, so the model gives more rows than it was given samples, "
        f"and {model_name}.{method}() fails on line {line}.\n"
        "To join the features of each sample, leave axis out (the last "
        f"axis, -1){':' if shown else '.'}{shown}\nKeras says: {raw}"
    )
    if made:
        return Problem("shape", message, made, made_text, detail=raw, layer=layer.name)
    return Problem("shape", message, line, text, detail=raw, layer=layer.name)
