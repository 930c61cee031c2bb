"""A merging layer (``Add``, ``Concatenate``, ...) inside ``keras.Sequential``.

``keras.Sequential([keras.Input(shape=(32,)), layers.Dense(32), layers.Add(),
layers.Dense(1)])`` is how a beginner tries a skip connection.  A Sequential
model hands each layer one tensor, the output of the layer before it, so
``Add`` gets one tensor and Keras says it "should be called on a list of at
least 1 input".  :func:`sequential_merge_problem` says why, and shows the
same layers written with the Functional API, where the merge takes the
output of the layer before it and an earlier tensor of the same shape (the
code comes from :func:`kerasteach.codegen.to_functional_code` of that model,
so it runs).  When no earlier tensor fits, the message says what the
Functional API does without code.
"""

from __future__ import annotations

from ._widget_problem import Problem, _at, _frames_below_student


def _building(exc, kinds=None):
    """``(model, layer, its input)`` when ``exc`` rose while
    ``keras.Sequential`` was calling a layer of ``kinds`` (classes; merging
    layers unless given) on the output of the layer before it; else None."""
    import keras
    from keras.src.layers.merging.base_merge import Merge

    for frame in _frames_below_student(exc):
        model = frame.f_locals.get("self")
        layer = frame.f_locals.get("layer")
        if (
            frame.f_code.co_name == "build"
            and isinstance(model, keras.Sequential)
            and isinstance(layer, kinds or Merge)
            and isinstance(frame.f_locals.get("x"), keras.KerasTensor)
        ):
            return model, layer, frame.f_locals["x"]
    return None


def _fits(merge, shape: tuple, other: tuple) -> bool:
    """Whether ``merge`` can take tensors of ``shape`` and ``other``."""
    if type(merge).__name__ == "Concatenate":
        axis = merge.axis % len(shape) if len(shape) == len(other) else None
        return axis not in (None, 0) and all(
            a == b for i, (a, b) in enumerate(zip(shape, other)) if i != axis
        )
    return shape == other


def _again(layer):
    """A new layer like ``layer``, made from its settings."""
    return type(layer).from_config(layer.get_config())


def _tensors_before(model, layer, least: int = 1):
    """``(layers, index of layer, tensors)``: ``model``'s layers made again
    and called in turn on a new input up to ``layer``, which is at least
    the ``least``-th after the input; None when the model has no input
    layer yet or ``layer`` is not among its layers."""
    import keras

    layers = list(model._layers)  # noqa: SLF001 - InputLayer first, once built
    if not layers or type(layers[0]).__name__ != "InputLayer":
        return None
    index = next((i for i, item in enumerate(layers) if item is layer), None)
    if index is None or index < least:
        return None
    first = layers[0]
    tensors = [keras.Input(batch_shape=first.batch_shape, dtype=first.dtype)]
    for before in layers[1:index]:
        tensors.append(_again(before)(tensors[-1]))
    return layers, index, tensors


def _model_code(layers, index: int, inputs, x) -> tuple[str, str]:
    """Functional code for ``inputs`` to ``x`` (the output of the layer at
    ``index``) and, after it, ``layers``' next ones made again, in turn;
    and the variable the code gives the model's output."""
    import keras

    from .codegen import to_functional_code

    for layer in layers[index + 1 :]:
        x = _again(layer)(x)
    built = keras.Model(inputs, x)
    code = to_functional_code(built)
    # the output's layer comes last (every other layer leads to it); the
    # first line that builds it starts with its variable
    first, _ = code.spans[built.layers[-1].name]
    return code.source, code.lines[first - 1].split(" = ", 1)[0]


def _code_rows(code: str) -> str:
    """``code`` without its imports, each row on a new indented line."""
    return "".join(
        f"\n    {row}"
        for row in code.strip().splitlines()
        if row and not row.startswith(("import ", "from "))
    )


def _functional_code(model, merge) -> tuple[str, str, str] | None:
    """Functional code for ``model``'s layers, ``merge`` taking the output
    of the layer before it and the latest earlier tensor it fits with, the
    variable of the model's output in it, and the name of the layer that
    made that tensor ("" for the input); None when there is none or a
    layer cannot be made again from its settings."""
    found = _tensors_before(model, merge, least=2)
    if found is None:
        return None
    layers, index, tensors = found
    x = tensors[-1]
    earlier = [
        (n, t)
        for n, t in enumerate(tensors[:-1])
        if _fits(merge, tuple(x.shape), tuple(t.shape))
    ]
    if not earlier:
        return None
    n, other = earlier[-1]
    code, out = _model_code(layers, index, tensors[0], _again(merge)([x, other]))
    return code, out, (layers[n].name if n else "")


def _given(model, layer) -> str:
    """What ``keras.Sequential`` gives ``layer``, in words: the output of
    the layer before it in ``model``'s list, or the model's input."""
    before = list(model._layers)  # noqa: SLF001 - the layers so far, in order
    index = next((i for i, item in enumerate(before) if item is layer), 0)
    previous = before[index - 1] if index else None
    if previous is not None and type(previous).__name__ != "InputLayer":
        return f"the output of layer {previous.name!r} ({type(previous).__name__})"
    return "the model's input"


def _added_after(exc, model, kind: str, out: str) -> str:
    """When ``exc`` rose in ``model.add(...)``, a line that says to call
    each layer added after the ``kind`` layer on the tensor before it,
    from ``out`` (the variable of the Functional code's output); else ""."""
    added = any(
        f.f_code.co_name == "add" and f.f_locals.get("self") is model
        for f in _frames_below_student(exc)
    )
    if not added:
        return ""
    return (
        f"\nCall each layer you add after {kind} in the same way, on "
        f"the tensor before it, starting with {out}."
    )


def sequential_merge_problem(exc, raw: str, line, text) -> Problem | None:
    """A merging layer in ``keras.Sequential``, which gives it one tensor."""
    found = _building(exc)
    if found is None:
        return None
    model, merge, _ = found
    kind = type(merge).__name__
    given = _given(model, merge)
    message = (
        f"Layer {merge.name!r} ({kind}) merges several tensors, but it is in "
        "keras.Sequential, which passes one tensor from each layer to the "
        f"next, so {kind} gets only {given}{_at(line, text) or '. '}"
        "A skip connection (an earlier tensor merged with a later one) needs "
        "the Functional API, where each tensor has a name and a merging layer "
        "takes a list of them"
    )
    try:
        written = _functional_code(model, merge)
    except Exception:  # noqa: BLE001 - the words without the code
        written = None
    if written is None:
        same = "" if kind == "Concatenate" else " (both of the same shape)"
        message += (
            ": inputs = keras.Input(...), x = a layer called on inputs, then "
            f"layers.{kind}()([x, inputs]){same}, and at the end "
            "keras.Model(inputs, outputs)."
        )
    else:
        code, out, source = written
        other = f"the output of layer {source!r}" if source else "the model's input"
        message += (
            f". Your layers that way, with {kind} taking {given} and {other}:"
            + _code_rows(code)
            + _added_after(exc, model, kind, out)
        )
    return Problem("error", message, line, text, detail=raw, layer=merge.name)
