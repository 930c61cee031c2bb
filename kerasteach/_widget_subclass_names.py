"""A subclassed layer or model whose names Keras does not expect, in the
student's words.

:func:`forward_problem`: a class with ``def forward(self, x)`` (PyTorch's
name) and no ``call()``, which Keras runs; named on the ``def`` line, with
the line renamed.  It is found before the model is read
(:func:`~kerasteach._widget_subclass_problems.read_shown_model`) and when
calling the model fails (:func:`no_call_problem`, Keras's "does not have a
`call()` method implemented").  :func:`reserved_attribute_problem`:
``self.layers = [...]`` in ``__init__``, a name Keras keeps for the
model's own list of layers; the lines to write with another name.
"""

from __future__ import annotations

import re

from ._widget_problem import Problem, _at, _defined_at, _frames_below_student

# names PyTorch and other libraries give the method Keras calls call()
_OTHER_NAMES = ("forward",)


def _misnamed_call(cls):
    """The method ``cls`` defines instead of ``call`` (``forward``), when
    ``call`` itself comes from Keras, else None."""
    import keras

    if not (isinstance(cls, type) and issubclass(cls, keras.layers.Layer)):
        return None
    own = next((c for c in cls.__mro__ if "call" in vars(c)), None)
    if own not in (keras.Model, keras.layers.Layer):
        return None  # the student's own call(), or a working one of Keras's
    for name in _OTHER_NAMES:
        method = getattr(cls, name, None)
        if callable(method) and getattr(method, "__module__", "").split(".")[0] != (
            "keras"
        ):
            return name
    return None


def forward_problem(cls, lines, raw: str = "") -> Problem | None:
    """``def forward(self, x)`` and no ``call()``: Keras runs call(), so
    the model has nothing to run.  The ``def`` line, renamed."""
    name = _misnamed_call(cls)
    if name is None:
        return None
    line, text = _defined_at(getattr(cls, name), list(lines))
    header = text if text and text.endswith(":") else f"def {name}(self, x):"
    fixed = re.sub(rf"\bdef\s+{name}\b", "def call", header, count=1)
    message = (
        f"{cls.__name__} has no call() method, only {name}(),"
        f"{_at(line, text) or '. '}"
        f"Keras runs the call() method of a layer or model on its input "
        f"({name} is what PyTorch calls it), so Keras finds nothing to run. "
        f"Rename {name} to call:\n    {fixed}"
    )
    return Problem("kerasteach", message, line, text, detail=raw)


def no_call_problem(exc, raw: str, line, text, lines=()) -> Problem | None:
    """Keras refused to call a layer or model that has ``forward`` instead
    of ``call`` ("does not have a `call()` method implemented")."""
    import keras

    if not isinstance(exc, NotImplementedError) or "have a `call" not in raw:
        return None
    for frame in _frames_below_student(exc):
        owner = frame.f_locals.get("self")
        if isinstance(owner, keras.layers.Layer):
            problem = forward_problem(type(owner), lines, raw)
            if problem is not None:
                return problem
    return None


_RESERVED = re.compile(r"`(\w+)\.(\w+)` attribute is reserved")


def reserved_attribute_problem(exc, line, text, lines=()) -> Problem | None:
    """``self.layers = [...]``: Keras keeps ``layers`` for the list of the
    model's layers it makes itself.  The lines that use ``self.layers``,
    with another name."""
    found = _RESERVED.search(str(exc))
    if not isinstance(exc, AttributeError) or found is None:
        return None
    kind, name = found.groups()
    written = "\n".join(lines)
    new = next(
        n
        for n in ("blocks", "block_list", "my_layers", "parts")
        if not re.search(rf"\b{n}\b", written)
    )
    # the lines of the class that use self.layers, from the one that failed
    start = line or 1
    uses = re.compile(rf"\bself\.{name}\b")
    fixed = [
        uses.sub(f"self.{new}", code.strip())
        for code in lines[start - 1 :]
        if uses.search(code)
    ][:4]
    if not fixed:
        return None
    shown = "\n".join(f"    {code}" for code in fixed)
    message = (
        f"self.{name} is a name Keras keeps for itself{_at(line, text) or '. '}"
        f"Every {kind} has {name}: the list of its layers, which Keras makes "
        f"from the layers you give to self, so yours cannot have that name. "
        f"Give your list another name, here self.{new}, everywhere you use it "
        f"(Keras still finds the layers in it):\n{shown}"
    )
    return Problem("attribute", message, line, text, detail=str(exc))
