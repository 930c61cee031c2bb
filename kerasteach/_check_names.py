"""How check()'s feedback names a student's layers and tensors.

A student knows the layers of their model by the names they gave them, or
by their place when Keras named them (``dense_7`` comes from a global
counter, and means nothing to them), and the layers of a subclassed model
by the attributes its ``call()`` uses (``self.h2``).  The helpers here say a
call of a :class:`kerasteach._check_flat._Flat` graph as the student wrote
it:

* :func:`_named`: ``'hidden'``, and a layer inside a nested model by its own
  name and the model's, ``'enc_2' in 'encoder'`` (the flat graph's
  ``encoder/enc_2`` is no name the student ever wrote); a layer or nested
  model an attribute holds by that attribute, ``self.h2``, ``'enc_2' in
  self.encoder``;
* :func:`_layer`: the subject of a sentence about a layer, with its class,
  ``layer 'hidden' (Dense)``, ``layer self.h2 (Dense)``; a layer Keras
  named is also said by its place, ``layer 'dense_7' (your 2nd Dense
  layer)``, and a keras.ops call as the call, ``keras.ops.relu(...)``;
* :func:`_label`: a tensor, ``the input``, ``'hidden'``, ``'encode' called
  on the input 'a'`` (a shared layer's calls told apart by what they read),
  ``'encoder'`` (the output of a nested model, named after the model).
"""

from __future__ import annotations

from ._analysis import _and
from ._check_flat import Tensor, _Flat, _Node
from ._names import is_auto_name, snake
from .graph import INPUT, OP

# the keras.ops functions Python's operators call on Keras tensors
_OPERATORS = {
    "Add": "+",
    "Subtract": "-",
    "Multiply": "*",
    "Divide": "/",
    "TrueDivide": "/",
    "FloorDivide": "//",
    "Mod": "%",
    "Power": "**",
    "Matmul": "@",
}


def _named(flat: _Flat, node: _Node) -> str:
    """A student's layer as they wrote it: ``'hidden'``; inside a nested
    model, ``'enc_2' in 'encoder'`` (innermost model first); held in an
    attribute of a subclassed model, ``self.h2``."""
    return _named_as(flat, node.name)


def _named_as(flat: _Flat, name: str) -> str:
    """:func:`_named` for a name of the flat graph, a nested model's too
    (``encoder``, said ``self.encoder`` when an attribute holds it)."""
    held = flat.attributes.get(name)
    if held is not None:
        return held
    *models, own = name.split("/")
    return repr(own) + _inside(flat, models)


def _inside(flat: _Flat, models: list[str]) -> str:
    """`` in 'encoder'`` for a layer inside the nested ``models`` (outermost
    first), innermost first; a model an attribute holds ends the words, as
    its attribute path names the models around it: `` in self.block``."""
    words = ""
    for i in range(len(models), 0, -1):
        held = flat.attributes.get("/".join(models[:i]))
        if held is not None:
            return f"{words} in {held}"
        words += f" in {models[i - 1]!r}"
    return words


def _said(flat: _Flat, node: _Node) -> str:
    """A student's call as the object of a sentence: ``'hidden'``, ``'enc_2'
    in 'encoder'``, ``self.h2``, or the keras.ops call,
    ``keras.ops.relu(...)``."""
    return _op_call(node) if node.kind == OP else _named(flat, node)


def _op_call(node: _Node) -> str:
    """A keras.ops call as written: ``keras.ops.relu(...)``; one that an
    operator makes too with it, ``keras.ops.add(...) (a + b)``."""
    call = f"keras.ops.{snake(node.class_name)}(...)"
    symbol = _OPERATORS.get(node.class_name)
    return f"{call} (a {symbol} b)" if symbol else call


def _layer(flat: _Flat, node: _Node) -> str:
    """``layer 'hidden' (Dense)``; ``layer 'dense_7' (your 2nd Dense
    layer)`` for a name Keras gave when the model has several layers of that
    class; ``layer 'enc_2' (Dense) in 'encoder'`` inside a nested model;
    ``layer self.h2 (Dense)`` for one an attribute holds;
    ``keras.ops.relu(...)`` for an operation."""
    if node.kind == OP:
        return f"your {_op_call(node)} call"
    return f"layer {_called(flat, node)}"


def _called(flat: _Flat, node: _Node) -> str:
    """:func:`_layer` without the word "layer": ``'hidden' (Dense)``."""
    if node.kind == OP:
        return _op_call(node)
    held = flat.attributes.get(node.name)
    if held is not None:  # the student's own word for it
        return f"{held} ({node.class_name})"
    *models, own = node.name.split("/")
    what = node.class_name
    if is_auto_name(own, node.class_name):
        place = _place(flat, node)
        if place:
            what = f"your {place} {node.class_name} layer"
    return f"{own!r} ({what}){_inside(flat, models)}"


def _place(flat: _Flat, node: _Node) -> str:
    """``2nd`` when ``node``'s layer is the second of its class in its
    model (by the order the model calls them); empty when it is the only."""
    scope = node.name.rpartition("/")[0]
    keys = list(
        dict.fromkeys(
            n.key
            for n in flat.nodes
            if n.class_name == node.class_name
            and n.kind == node.kind
            and n.name.rpartition("/")[0] == scope
        )
    )
    if len(keys) < 2:
        return ""
    return _ordinal(keys.index(node.key) + 1)


def _ordinal(n: int) -> str:
    suffix = (
        "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    )
    return f"{n}{suffix}"


def _label(flat: _Flat, t: Tensor, depth: int = 0) -> str:
    """A tensor in words: ``the input``, ``'dense_1'``; the output of a
    shared layer names the call too, ``'encode' called on the input 'a'``,
    since the layer's name alone does not tell its calls apart.  The output
    of a nested model is named after the model (``'encoder'``), which the
    student called, not after its last layer."""
    node = flat.nodes[t[0]]
    made = flat.made_by.get(t)
    if node.kind == INPUT:
        label = "the input" if len(flat.inputs) == 1 else f"the input {node.name!r}"
    elif made is not None:  # the output of a nested model: named after it
        name, read, k = made
        label = _named_as(flat, name)
        if flat.model_calls[name] > 1 and read and depth < 2:
            args = [_label(flat, u, depth + 1) for u in dict.fromkeys(read)]
            label += f" called on {_and(args)}"
        return label if k is None else f"output {k} of {label}"
    elif node.kind == OP:
        label = _op_call(node)
    else:
        label = _named(flat, node)
        if flat.call_count[node.key] > 1 and node.inputs and depth < 2:
            args = [_label(flat, u, depth + 1) for u in dict.fromkeys(node.inputs)]
            label += f" called on {_and(args)}"
    if len(node.shapes) > 1:
        label = f"output {t[1]} of {label}"
    return label


def _labels(flat: _Flat, tensors) -> str:
    return _and([_label(flat, t) for t in tensors])


def _layer_name(flat: _Flat, t: Tensor) -> str | None:
    node = flat.nodes[t[0]]
    return None if node.kind == INPUT else node.name


def _output_of(label: str) -> str:
    if label.startswith(("the input", "output ")):
        return label
    return f"the output of {label}"


def _a(word: str) -> str:
    """``word`` with its article: "an Add", "a Dense", and for a name that
    starts with a spelled-out capital, as it is said: "an LSTM", "a GRU"."""
    spelled = word[:2].isupper() and word[:1] in "AEFHILMNORSX"
    vowel = word[:1].lower() in "aeiou"
    return f"{'an' if vowel or spelled else 'a'} {word}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
