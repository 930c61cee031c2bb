"""Code that runs but does not mean what it says, read from the source.

:mod:`kerasteach._widget_model_notes` reads the model; the mistakes here
only show in how the student's code is written, so these notes read it
with :mod:`ast` as well:

- ``layers.Conv2D(32, 3, 3)``: Keras 1's ``Convolution2D(32, 3, 3)`` made
  a 3x3 kernel; in Keras 3 the third argument is ``strides``, so the
  layer builds without a word and shrinks the image 3 times on each side
  (``DepthwiseConv2D(3, 3)``: its second argument is ``strides``).  Written
  on purpose (``Conv2D(64, 7, 2)``, Keras 2's way), it is no mistake: the
  note says what the code does and shows both meanings written out;
- ``print(model.summary())``: ``summary()`` prints the table itself and
  returns ``None``, which ``print()`` then shows under it;
- ``model.summary`` without brackets, which does nothing;
- ``print(model)``, which shows the model's type and name only, and
  ``print(x)`` of a tensor of the model being built: a shape, no numbers.

``layers.Embedding(1000, 16, input_length=10)``, which Keras 3 drops, is
:mod:`kerasteach._widget_input_length`'s.
"""

from __future__ import annotations

import ast
import inspect
import re

from ._widget_problem import _shape_text, called_name

__all__ = [
    "positional_strides_notes",
    "printed_object_notes",
    "printed_summary_notes",
    "uncalled_method_notes",
]

_CONVOLUTIONS = (
    "Conv1D",
    "Conv2D",
    "Conv3D",
    "SeparableConv1D",
    "SeparableConv2D",
    "DepthwiseConv1D",
    "DepthwiseConv2D",
    "Conv1DTranspose",
    "Conv2DTranspose",
    "Conv3DTranspose",
)
_ORDINALS = {2: "second", 3: "third"}  # where strides go: Conv2D, DepthwiseConv2D


def _tree(result) -> ast.AST | None:
    try:
        return ast.parse("\n".join(result.source_lines))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _segment(result, node) -> str:
    """The source of ``node`` on one line, as the student wrote it."""
    text = ast.get_source_segment("\n".join(result.source_lines), node) or ""
    return re.sub(r"\s*\n\s*", " ", text)


def _calls_by_line(tree, cls) -> list[ast.Call]:
    """The calls in ``tree`` that name the Keras layer class ``cls`` (its
    aliases too: ``Convolution2D`` is ``Conv2D``), in the order they run
    on a line."""
    import keras

    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(keras.layers, called_name(node) or "_", None) is cls
    ]
    return sorted(calls, key=lambda c: (c.lineno, c.col_offset))


def _call_on_line(calls, line, matched: set) -> ast.Call | None:
    """The first of ``calls`` whose lines hold ``line`` and that no earlier
    layer took (its id is then added to ``matched``): a layer made on a
    line is matched to the call that made it, two alike on one line in
    turn."""
    if not line:
        return None
    for call in calls:
        if call.lineno <= line <= (call.end_lineno or call.lineno) and (
            id(call) not in matched
        ):
            matched.add(id(call))
            return call
    return None


def _shapes(layer) -> tuple[tuple, tuple] | None:
    try:
        return tuple(layer.input.shape), tuple(layer.output.shape)
    except Exception:  # noqa: BLE001 - never called, or called several times
        return None


def _call_text(func: str, arguments: list[str]) -> str:
    return f"{func}({', '.join(arguments)})"


def _effect(layer, step: int) -> str:
    """What the strides did to the shape, when the layer ran once."""
    shapes = _shapes(layer)
    if shapes is None:
        return ""
    before, after = (_shape_text(shape) for shape in shapes)
    grows = "Transpose" in type(layer).__name__  # a transposed one spreads
    return (
        f", so each side of the output is about {step} times "
        f"{'larger' if grows else 'smaller'} than the input's: {before} "
        f"becomes {after}"
    )


def _settings(result, call: ast.Call, params: list[str], at: int) -> tuple:
    """The arguments of ``call`` before position ``at``, as written, and
    those after it, by name: without the argument at ``at``, their places
    are no longer theirs."""
    given = call.args
    before = [_segment(result, a) for a in given[:at]]
    after = [
        f"{p}={_segment(result, a)}" for p, a in zip(params[at + 1 :], given[at + 1 :])
    ]
    after += [
        f"{k.arg}={_segment(result, k.value)}"
        if k.arg
        else f"**{_segment(result, k.value)}"
        for k in call.keywords
    ]
    return before, after


def _number(node) -> int | None:
    """The whole number ``node`` writes (``3``), else None."""
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    return None


def _strides_note(result, layer, call: ast.Call) -> str | None:
    """The note for ``layer``, made by ``call``, if its strides came from a
    positional argument that Keras 1 read as the kernel's next side: a
    number written after a kernel size of one number."""
    params = list(inspect.signature(type(layer).__init__).parameters)[1:]
    at, kernel_at = params.index("strides"), params.index("kernel_size")
    given = call.args
    if len(given) <= at or any(isinstance(a, ast.Starred) for a in given[: at + 1]):
        return None
    kernel, step = _number(given[kernel_at]), _number(given[at])
    if kernel is None or step is None:
        return None  # Conv2D(32, (3, 3), 2), Conv2D(32, k, stride): on purpose
    if step == 1:
        return None  # the same layer either way
    rank = len(layer.strides)
    func, call_text = _segment(result, call.func), _segment(result, call)
    before, after = _settings(result, call, params, at)
    ordinal = _ORDINALS.get(at + 1, f"number {at + 1}")
    if rank == 1:
        what = "strides (how many steps the kernel moves at a time)"
        kernel_words = f"a kernel {kernel} long"
    else:
        what = "strides"
        kernel_words = f"a {'x'.join([str(kernel)] * rank)} kernel"
    if rank == 2 and "filters" in params:  # Keras 1's Convolution2D
        keras_1 = f"Convolution2D({', '.join([*before, str(step)])})"
        what += f" (in Keras 1, {keras_1} was a {kernel}x{step} kernel)"
    # Conv2D(64, 7, 2) is as likely meant as Conv2D(32, 3, 3) is Keras 1's
    # habit: the note says what the code does and how to write each meaning
    instead = (
        f"For {kernel_words} that moves 1 step at a time, write "
        f"{_call_text(func, before + after)}"
    )
    if rank == 2:
        sides = before.copy()
        sides[kernel_at] = f"({kernel}, {step})"
        as_sides = _call_text(func, sides + after)
        if kernel == step:
            instead += f" or {as_sides}"
        else:
            instead = f"For a {kernel}x{step} kernel, write {as_sides}"
    spelt = _call_text(func, [*before, f"strides={step}", *after])
    return (
        f"Layer {layer.name!r} ({type(layer).__name__}, line {call.lineno}) "
        f"takes strides={step} from its {ordinal} argument: in Keras 3 the "
        f"{ordinal} argument of {func} is {what}. Here {call_text} makes "
        f"{kernel_words} that moves {step} steps at a time"
        f"{_effect(layer, step)}. If you meant strides={step}, write it by "
        f"name to make that clear: {spelt}. {instead}."
    )


def positional_strides_notes(result) -> list[str]:
    """A note for each convolution the code made whose strides came from a
    positional argument, after a kernel size of one number:
    ``layers.Conv2D(32, 3, 3)`` is a 3x3 kernel moved 3 steps at a time."""
    import keras

    classes = tuple(
        getattr(keras.layers, name)
        for name in _CONVOLUTIONS
        if hasattr(keras.layers, name)
    )
    made = sorted(
        (e for e in result.created.values() if isinstance(e.obj, classes)),
        key=lambda entry: entry.line or 0,
    )
    tree = _tree(result) if made else None
    if tree is None:
        return []
    notes, matched = [], set()
    for entry in made:
        layer = entry.obj
        call = _call_on_line(_calls_by_line(tree, type(layer)), entry.line, matched)
        if call is None:
            continue
        note = _strides_note(result, layer, call)
        if note is not None:
            notes.append(note)
    return notes


def printed_summary_notes(result) -> list[str]:
    """``print(model.summary())``: the ``None`` it printed under the table."""
    printed = (result.stdout or "").splitlines()
    if "None" not in (line.strip() for line in printed):
        return []
    tree = _tree(result)
    if tree is None:
        return []
    found = [
        (call.lineno, call.col_offset, _segment(result, arg))
        for call in ast.walk(tree)
        if isinstance(call, ast.Call)
        and isinstance(call.func, ast.Name)
        and call.func.id == "print"
        for arg in call.args
        if isinstance(arg, ast.Call)
        and isinstance(arg.func, ast.Attribute)
        and arg.func.attr == "summary"
    ]
    return [
        f"Line {line} prints {inner}, and the None under the table (see "
        "Printed) comes from there: summary() prints the table itself and "
        f"returns None, which print() then shows. Write {inner} alone, "
        "without print()."
        for line, _, inner in sorted(found)
    ]


# model methods a line may name without calling them
_METHODS = ("summary", "fit", "compile", "evaluate", "predict", "build", "save")


def uncalled_method_notes(result) -> list[str]:
    """``model.summary`` alone on a line: naming a method does nothing;
    the brackets call it."""
    import keras

    tree = _tree(result)
    if tree is None:
        return []
    notes = []
    for node in ast.walk(tree):
        value = node.value if isinstance(node, ast.Expr) else None
        if not (
            isinstance(value, ast.Attribute)
            and value.attr in _METHODS
            and isinstance(value.value, ast.Name)
            and isinstance(result.namespace.get(value.value.id), keras.Model)
        ):
            continue
        written = _segment(result, value)
        notes.append(
            f"Line {node.lineno} names {written} without brackets, so it does "
            f"nothing: a method runs only when it is called. Write {written}()"
            + (" to see the table of layers." if value.attr == "summary" else ".")
        )
    return notes


def printed_object_notes(result) -> list[str]:
    """``print(model)`` shows the model's type and name only;
    ``print(x)``, ``x`` a tensor of the model being built, its shape and no
    numbers (it holds none)."""
    import keras

    tree = _tree(result)
    if tree is None or not result.stdout:
        return []
    notes = []
    for call in ast.walk(tree):
        if not (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Name)
            and call.func.id == "print"
        ):
            continue
        for arg in call.args:
            name = arg.id if isinstance(arg, ast.Name) else None
            value = result.namespace.get(name) if name else None
            if isinstance(value, keras.Model):
                notes.append(
                    f"Line {call.lineno} prints {name}, which shows only the "
                    f"model's type and name (see Printed). To see its layers, "
                    f"their output shapes and parameters, write {name}.summary()."
                )
            elif isinstance(value, keras.KerasTensor):
                notes.append(
                    f"Line {call.lineno} prints {name}, a tensor of the model "
                    "being built: Printed shows its shape, "
                    f"{_shape_text(tuple(value.shape))}, and no numbers, since it "
                    "holds none; it stands for the data the model will get. For "
                    "numbers, run the model on data: model.predict(x)."
                )
    return notes
