"""What the reader says about a subclassed model it cannot read.

A subclassed model is read by tracing its ``call()`` on symbolic inputs.
That fails for reasons a beginner can fix, each said here with what to
write: an ``__init__`` that never calls ``super().__init__()``
(:func:`no_super_init`), an input shape Keras never recorded
(:func:`no_input_shape_message`), a ``call()`` that takes each input as its
own argument (:func:`several_inputs_message`), a ``call()`` that requires
``training`` or ``mask``, which Keras fills in only when they have a default
(:func:`required_argument_message`), and a ``call()`` that cannot run on
symbolic tensors, found on the line of the student's code
(:func:`trace_error_message`).
"""

from __future__ import annotations

import re

__all__ = [
    "TO_KERASTEACH",
    "UNPACK",
    "split_fix",
    "no_super_init",
    "no_input_shape_message",
    "call_inputs",
    "required_arguments",
    "required_argument_message",
    "required_argument_reasons",
    "required_argument_after",
    "fixed_call_line",
    "several_inputs_message",
    "trace_error_message",
]


# a, b = x   (a, b) = x   [a, b] = x
UNPACK = re.compile(
    r"\s*[(\[]?\s*(\w+(?:\s*,\s*\w+)+)\s*,?\s*[)\]]?\s*=\s*(\w+)\s*(?:#.*)?$"
)

# Where ``input_shape=`` goes: kerasteach is a module, so say which call
# takes it.  The command line swaps this ending for its --input-shape option.
TO_KERASTEACH = (
    " to the kerasteach function you called, as in "
    "kerasteach.compare(model, input_shape=(100,))."
)


def no_super_init(model) -> str | None:
    """What to add when ``model``'s class has an ``__init__`` that never
    called ``super().__init__()`` (Keras never set the model up: it has no
    name, no ``built``, and every attribute kerasteach reads fails), else
    ``None``.  Keras's own test: ``Layer.__init__`` unlocks ``_lock``."""
    if not getattr(model, "_lock", True):
        return None
    cls = type(model).__name__
    return (
        f"{cls}.__init__ does not call super().__init__(), so Keras never set "
        "the model up. Make super().__init__() the first line of __init__:\n\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        ..."
    )


def no_input_shape_message(model) -> str:
    """Why a subclassed model without a known input shape cannot be read."""
    cls = type(model).__name__
    if not model.built:
        return (
            f"The subclassed model {model.name!r} ({cls}) has not been built, "
            "so kerasteach does not know the shape of its input. Call it once "
            "on data (model(x)), or give it the shape of one sample of your "
            "data (100 below is only an example): build it (model.build((None, "
            "100))), or pass input_shape=(100,)" + TO_KERASTEACH
        )
    # Keras records the shape only when call() also runs on symbolic
    # inputs; when it does not, calling the model on data still works.
    return (
        f"The subclassed model {model.name!r} ({cls}) has been called, but "
        "Keras did not record the shape of its input: its call() could not "
        "run on symbolic inputs (placeholders with a shape but no values), "
        "which happens with a Python 'if' on a tensor value or a NumPy "
        "function. Pass the shape of one example, without the batch axis, as "
        "input_shape=(100,)" + TO_KERASTEACH[:-1] + ": kerasteach then says "
        "what in call() stops it."
    )


# Arguments of call() that Keras fills in itself, not inputs: fit() passes
# training=True, predict() training=False, and a masked input its mask.
KERAS_ARGUMENTS = ("training", "mask")


def _required(model, kinds: tuple) -> list[str]:
    """The parameters of ``call`` (``model``'s or, for a class, its own)
    of one of ``kinds`` without a default, ``self`` left out."""
    import inspect

    cls = model if isinstance(model, type) else type(model)
    try:
        signature = inspect.signature(cls.call)
    except (TypeError, ValueError):
        return []
    return [
        p.name
        for p in list(signature.parameters.values())[1:]
        if p.kind.name in kinds and p.default is inspect.Parameter.empty
    ]


def call_inputs(model) -> list[str]:
    """The names of the inputs ``model.call`` requires (its parameters
    without a default, but for ``training`` and ``mask``, which Keras fills
    in itself)."""
    positional = ("POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD")
    return [n for n in _required(model, positional) if n not in KERAS_ARGUMENTS]


def required_arguments(model) -> list[str]:
    """``training`` and ``mask`` when ``call()`` (of ``model``, or of a
    class) requires them.  Keras checks a call against ``call()``'s
    arguments before it fills them in, so then ``model(x)`` fails."""
    named = ("POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD", "KEYWORD_ONLY")
    return [n for n in _required(model, named) if n in KERAS_ARGUMENTS]


def fixed_call_line(model, names: list[str]) -> str:
    """``def call(self, x, training=None):``, the ``def`` line of
    ``call()`` with a default of None for each of ``names``."""
    import inspect

    cls = model if isinstance(model, type) else type(model)
    signature = inspect.signature(cls.call)
    params = [
        p.replace(default=None) if p.name in names else p
        for p in signature.parameters.values()
    ]
    try:
        return f"def call{signature.replace(parameters=params)}:"
    except ValueError:  # a required parameter after these: leave its order
        return f"def call{signature}:"


def required_argument_reasons(names: list[str]) -> str:
    """When Keras passes ``training`` and ``mask`` (those of ``names``),
    so that requiring them fails."""
    reasons = []
    if "training" in names:
        reasons.append(
            "Keras passes training only when the caller gives it: fit() "
            "passes training=True and predict() training=False, but a plain "
            "call such as model(x) passes none, so it fails."
        )
    if "mask" in names:
        reasons.append(
            "Keras passes mask only when the input carries one (made by "
            "Embedding(mask_zero=True) or layers.Masking), so without one "
            "every call fails, in fit() and predict() too."
        )
    return " ".join(reasons)


def required_argument_after(names: list[str]) -> str:
    """What the default of None does, after the fixed ``def`` line."""
    dropout = " (Dropout, for one, takes None as not training)"
    return (
        "Keras then passes the value when it has one, and call() gets None "
        f"when it has not{dropout if 'training' in names else ''}."
    )


def required_argument_message(model, names: list[str]) -> str:
    """Why ``call()`` cannot require ``training`` or ``mask``: when Keras
    passes them, and the ``def`` line with the default that fixes it."""
    cls = model.__name__ if isinstance(model, type) else type(model).__name__
    return (
        f"{cls}.call() requires {' and '.join(names)}. "
        f"{required_argument_reasons(names)} Give "
        f"{'them' if len(names) > 1 else 'it'} a default of None in the def "
        f"line:\n\n    {fixed_call_line(model, names)}\n\n"
        f"{required_argument_after(names)}"
    )


def _several_shapes(input_shape, count: int) -> str:
    """``[(3,), (3,)]``: the shapes given when there are ``count``, else an
    example with the first one given (or ``(3,)``) for each input."""
    if isinstance(input_shape, list) and len(input_shape) == count:
        return repr(input_shape)
    first = input_shape if isinstance(input_shape, tuple) else (3,)
    return repr([first] * count)


def several_inputs_message(model, names: list[str], input_shape=None) -> str:
    """What to write when ``call()`` takes each input as its own argument:
    Keras passes a model one input (a tensor, or a list of them)."""
    cls = type(model).__name__
    listed = ", ".join(names)
    return (
        f"{cls}.call() takes {len(names)} inputs ({listed}), but Keras passes a "
        "model one input: a tensor, or one list of tensors for several inputs. "
        "Write call() with one argument and unpack it:\n\n"
        "    def call(self, inputs):\n"
        f"        {listed} = inputs\n"
        "        ...\n\n"
        "Then call the model on one list (model(["
        f"{', '.join(f'{n}_data' for n in names)}])); kerasteach's functions "
        "take the shape of one sample of each input as a list too, e.g. "
        f"input_shape={_several_shapes(input_shape, len(names))}."
    )


def trace_error_message(model, exc: BaseException, input_shape=None) -> str:
    """Why ``model.call`` could not be traced: the error, the line of the
    student's code it came from, and what to write instead."""
    cls = type(model).__name__
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    names = call_inputs(model)
    if (
        len(names) > 1
        and isinstance(exc, TypeError)
        and "required positional argument" in text
    ):
        return several_inputs_message(model, names, input_shape)
    message = f"kerasteach could not trace {cls}.call() on symbolic inputs:"
    where = _user_frame(exc)
    if where is not None:
        line = f", `{where.line.strip()}`" if where.line else ""
        message += f" in {where.name}(){line} ({_place(where)}) raised"
    message += f" {type(exc).__name__}: {text.rstrip('.')}. "
    if "as a boolean" in text:
        return message + (
            "A Python 'if' (or 'while', 'and', 'or', 'not') on a tensor needs "
            "its value, which exists only when the model runs on data, so the "
            "model cannot be traced. Choose values with keras.ops.where("
            "condition, a, b) instead, or use an 'if' on a Python setting "
            "(an attribute set in __init__)."
        )
    if isinstance(exc, AttributeError) and "'numpy'" in text:
        return message + (
            ".numpy() asks a tensor for its values, and a symbolic tensor has "
            "none (fit() runs call() on such tensors too). Work on the tensor "
            "itself with keras.ops, and print(x.shape) to see its shape."
        )
    if "TensorFlow function" in text:
        return message + (
            "TensorFlow functions take only TensorFlow tensors: use the "
            "keras.ops function of the same name (keras.ops.relu for "
            "tf.nn.relu), which works on both."
        )
    if "NumPy" in text or "numpy" in text:
        return message + (
            "NumPy cannot work on symbolic tensors: use the keras.ops function "
            "of the same name (keras.ops.mean for np.mean, keras.ops.exp for "
            "np.exp), which works on both."
        )
    if "Iterating over a symbolic KerasTensor" in text and isinstance(
        input_shape, tuple
    ):
        return message + (
            f"call() unpacks its input into several tensors, but kerasteach "
            f"traced it with one input, input_shape={input_shape!r}, and "
            "unpacking one tensor splits it along its first axis, the batch, "
            "one sample each, not into inputs. For a model with several "
            "inputs, pass a list with one shape for each, e.g. "
            "input_shape=[(3,), (3,)]. To split the numbers of each sample "
            f"instead, write {_split_example(where, names, input_shape)} in "
            "call()."
        )
    if "is incompatible with the layer" in text:
        return message + (
            f"kerasteach traced call() with input_shape={input_shape!r}. Check "
            "that it is the shape of one sample, without the batch axis, as call() "
            "expects it; for a model with several inputs, pass a list with one "
            "shape for each, e.g. input_shape=[(3,), (3,)]."
        )
    return message + (
        "A subclassed model can be read only when its call() uses Keras "
        "layers and keras.ops (no NumPy, no Python 'if' on tensor values). "
        "Rewrite those parts with keras.ops, or build the model with the "
        "Functional API."
    )


def _split_example(where, arguments: list[str], input_shape: tuple) -> str:
    """What to write instead of the student's ``a, b = x`` (``where``'s
    line; when it cannot be read, an example on call()'s first argument):
    ``keras.ops.split`` and slices, or the slices alone when the parts
    cannot be equal."""
    match = UNPACK.match(getattr(where, "line", None) or "")
    names, tensor = ["a", "b"], (arguments or ["x"])[0]
    if match:
        names = [n.strip() for n in match.group(1).split(",")]
        tensor = match.group(2)
    split, sliced = split_fix(names, tensor, (None, *input_shape))
    return f"`{split}` or `{sliced}`" if sliced else f"`{split}`"


def split_fix(names: list[str], tensor: str, shape: tuple) -> tuple[str, str]:
    """``a, b = keras.ops.split(x, 2, axis=-1)`` and the same with slices
    (``a, b = x[:, :4], x[:, 4:]``), for a tensor of ``shape``."""
    count, width = len(names), shape[-1]
    targets = ", ".join(names)
    split = f"{targets} = keras.ops.split({tensor}, {count}, axis=-1)"
    if width is None or width < count:
        return split, ""
    lead = ":, " if len(shape) == 2 else "..., "
    cuts = [round(i * width / count) for i in range(count + 1)]
    parts = []
    for i in range(count):
        start = "" if i == 0 else str(cuts[i])
        end = "" if i == count - 1 else str(cuts[i + 1])
        parts.append(f"{tensor}[{lead}{start}:{end}]")
    sliced = f"{targets} = {', '.join(parts)}"
    if width % count:
        return sliced, ""
    return split, sliced


def _place(frame) -> str:
    """Where ``frame`` is, as a student can find it: the line of the
    notebook cell or file (not of the function: tracebacks count a file's
    lines)."""
    import os

    path = frame.filename
    if "ipykernel_" in path or path.startswith("<ipython-input"):
        return f"line {frame.lineno} of its notebook cell"
    if path.startswith("<"):  # exec()'d text: "<string>", "<playground>", ...
        return f"line {frame.lineno} of its code"
    return f"line {frame.lineno} of {os.path.basename(path)}"


def _user_frame(exc: BaseException):
    """The innermost frame of ``exc``'s traceback in the student's code (not
    in Python, Keras, a backend, NumPy or kerasteach), or None."""
    import os
    import sys
    import sysconfig
    import traceback

    skip = [sysconfig.get_paths()["stdlib"], os.path.dirname(__file__)]
    for name in ("keras", "tensorflow", "jax", "torch", "numpy", "optree"):
        module = sys.modules.get(name)
        if module is not None and getattr(module, "__file__", None):
            skip.append(os.path.dirname(module.__file__))
    skip = [os.path.normcase(os.path.realpath(p)) + os.sep for p in skip]
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        path = frame.filename
        if path.startswith("<frozen"):
            continue
        real = (
            os.path.normcase(os.path.realpath(path)) if os.path.exists(path) else path
        )
        if not any(real.startswith(p) for p in skip):
            return frame
    return None
