"""What to say when a public function is given something that is not a model.

:func:`not_a_model` is the message of the :class:`NotAModelError` that
``read_model`` (so every entry point) raises; :func:`what_it_is` is its two
halves, what was received in a few words and what to pass instead, which
``check()`` words as feedback for a student's answer.  An object is named by
its type, never by its raw repr (``<keras.src... object at 0x7f...>``).
"""

from __future__ import annotations

import inspect
import os
import types

__all__ = ["not_a_model", "what_it_is"]


def not_a_model(value) -> str:
    """What was expected, what was received, and what to do instead."""
    received, advice = what_it_is(value)
    return (
        "kerasteach expected a Keras model (keras.Sequential, keras.Model or a "
        f"subclass). Received: {received}. {advice}"
    )


def _a(word: str) -> str:
    """``word`` after "a" or "an"."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def _method_of_layer(value):
    """``value`` as a bound method of a layer or model, or None.

    Keras wraps each layer's ``build`` (and ``quantize``) in a plain function
    when the layer is made, so ``layer.build`` is no bound method: the method
    is what the wrapper wraps (``__wrapped__``).
    """
    import keras

    try:
        method = inspect.unwrap(value, stop=inspect.ismethod)
    except ValueError:  # a cycle of __wrapped__
        return None
    owner = getattr(method, "__self__", None)
    if inspect.ismethod(method) and isinstance(owner, keras.layers.Layer):
        return method
    return None


def _method_words(method) -> tuple[str, str]:
    """What a layer's or a model's method is, and to pass the model."""
    import keras

    owner, name = method.__self__, method.__name__
    if isinstance(owner, keras.Model):
        advice = f"Pass the model itself, without .{name}"
        if name == "build":  # model.build(...) builds it and returns None
            advice += "; to build it first, call model.build(...) on a line of its own"
        return f"the method {name} of the model {owner.name!r}", advice + "."
    return f"the method {name} of the layer {owner.name!r}", (
        f"Pass the model the layer is in, not layer.{name}. To look at the layer "
        "alone, wrap it in a model: keras.Sequential([keras.Input(shape=...), "
        "layer])."
    )


def what_it_is(value) -> tuple[str, str]:
    """For a value that is not a model: what it is, in a few words, and
    what to pass instead."""
    import keras

    if value is None:
        return "None", (
            "Check that the cell that makes the model ran, and that a "
            "function that builds it ends with `return model`. Methods such as "
            "model.summary(), model.add(...) and model.compile(...) return "
            "None: pass the model itself, not what one of them returned."
        )
    if isinstance(value, type) and issubclass(value, keras.Model):
        return f"the class {value.__name__} itself, not a model made with it", (
            f"Make one first (model = {value.__name__}(...)) and pass the model."
        )
    if isinstance(value, type) and issubclass(value, keras.layers.Layer):
        return f"the layer type {value.__name__}, not a model", (
            "Make a layer with it and put it in a model: keras.Sequential(["
            f"keras.Input(shape=...), layers.{value.__name__}(...)])."
        )
    if isinstance(value, keras.layers.Layer):
        return _a(f"{type(value).__name__} layer"), (
            "Wrap it in a model: keras.Sequential([keras.Input(shape=...), layer])."
        )
    if isinstance(value, keras.KerasTensor):
        return "a tensor (the output of a layer)", (
            "Make a model of the inputs and outputs first: "
            "keras.Model(inputs=inputs, outputs=outputs)."
        )
    if isinstance(value, keras.callbacks.History):
        return "the History that model.fit() returns (the losses of the training)", (
            "Pass the model you trained: the variable you called .fit() on, "
            "not what fit() returned."
        )
    method = _method_of_layer(value)
    if method is not None:
        return _method_words(method)
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of {len(value)} item(s)", (
            "For a list of layers, make a model of it: keras.Sequential(["
            "keras.Input(shape=...), *layers])."
        )
    if isinstance(value, dict):
        keys = list(value)
        shown = ", ".join(map(repr, keys[:4])) + (", ..." if len(keys) > 4 else "")
        first = repr(keys[0]) if keys else "'name'"
        return f"a dict (keys: {shown or 'none'})", (
            "Pass the model itself, not the dict that holds it: take it out by "
            f"its key, e.g. your_dict[{first}]."
        )
    if isinstance(value, (str, os.PathLike)):
        what = "the text" if isinstance(value, str) else "the path"
        return f"{what} {os.fspath(value)!r:.80}", (
            "For a saved model, load it first: keras.saving.load_model(path)."
        )
    if isinstance(value, types.ModuleType):
        return f"the module {value.__name__}", (
            "Pass a model you made with it, e.g. model = keras.Sequential([...])."
        )
    if callable(value) and getattr(value, "__name__", "<")[0] != "<":
        name = value.__name__
        return f"the function {name}, not the model it makes", (
            f"Call it and pass what it returns: {name}() (with its arguments, "
            "if it takes any)."
        )
    if hasattr(value, "shape") and hasattr(value, "dtype"):
        shape = tuple(getattr(value, "shape", ()))
        return f"an array of shape {shape!r:.60} (data, not a model)", (
            "Pass the model that the data goes into."
        )
    kind = type(value).__name__
    text = repr(value)
    if text.startswith("<"):  # <... object at 0x7f...>: no address, no path
        return _a(f"{kind} object"), "Pass a Keras model."
    return f"{kind} {text:.80}", "Pass a Keras model."
