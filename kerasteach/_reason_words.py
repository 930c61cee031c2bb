"""How kerasteach.explain's reasons say a model's layers and tensors.

A reason names each layer the way its author knows it: by the name given
(``'dense'``), or, in a subclassed model, by the attribute its ``call()``
uses (``self.h``; Keras's ``dense_2`` comes from a global counter, and
says nothing about which layer it is), its one input as ``the input of
call()``.  Lists of names are said in words (``'a', self.b and 'c'``),
long ones shortened.  Raw operations keep their Keras names (``'add'``):
the graph cannot tell ``x + y`` from ``keras.ops.add(x, y)``, which record
the same operation.  Only the reasons' words change: their ``layers`` and
the generated code keep the Keras names.
"""

from __future__ import annotations

from .graph import INPUT, OP, ModelGraph, TensorRef

_OUTPUTS = object()


# a reason lists this many names in full; past that, the first few and how
# many more ("'b0', ..., 'b5' and 44 more": 50 branches were one long list)
_LISTED = 8
_FIRST = 6


def _names(words) -> str:
    """Layers in words, each as :func:`_word` or :func:`_tensor` says it:
    "'a', self.b and 'c'"; a word met again is counted ("'lstm' twice")
    rather than repeated; more than eight, the first six and a count ("and
    44 more": the reason's ``layers`` still hold all)."""
    counts: dict = {}
    for n in words:
        counts[n] = counts.get(n, 0) + 1
    quoted = []
    for n, count in counts.items():
        text = "the model's outputs" if n is _OUTPUTS else n
        if count > 1:
            text += " twice" if count == 2 else f" {count} times"
        quoted.append(text)
    if len(quoted) > _LISTED:
        quoted = [*quoted[:_FIRST], f"{len(quoted) - _FIRST} more"]
    return _and(quoted)


def _and(words: list[str]) -> str:
    """Words in a list: "", "a", "a and b", "a, b and c"."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


# a subclassed model's one input: its call() made no InputLayer of its own
_CALL_INPUT = "the input of call()"


def _word(graph: ModelGraph, name) -> str:
    """A layer as a message says it: its name quoted, ``'dense'``; in a
    subclassed model, the attribute its ``call()`` uses, ``self.h``, which
    is what the student wrote (Keras's ``dense_2`` comes from a global
    counter), and its one input as ``the input of call()`` (Keras's
    ``input_layer`` is no layer the student wrote).  The model's outputs
    (``_OUTPUTS``) pass through."""
    if name is _OUTPUTS:
        return name
    layer = graph.layer(name)
    if layer.attribute:
        return held_word(layer)
    if layer.kind == INPUT and graph.origin == "subclassed":
        if _call_input(graph):
            return _CALL_INPUT
        place = _list_place(graph, name)
        if place is not None:  # call(self, inputs) given a list
            return f"input {place} of call()"
    return repr(name)


def _list_place(graph: ModelGraph, name: str) -> int | None:
    """Where input ``name`` sits (1, 2, ...) in the list a subclassed
    model's ``call()`` takes; None for a dict's (named by its keys)."""
    if not isinstance(graph.inputs, (list, tuple)):
        return None
    names = [graph.layer_of(r).name for r in graph.input_refs]
    return names.index(name) + 1 if name in names else None


def held_word(layer) -> str:
    """A subclassed model's layer by the attribute its ``call()`` uses,
    ``self.h`` (``layer.attribute`` is set): how explain()'s reasons and
    compare()'s name chips say it."""
    return f"self.{layer.attribute}"


def _call_input(graph: ModelGraph) -> bool:
    """Whether ``graph``'s one input is said as :data:`_CALL_INPUT`."""
    return graph.origin == "subclassed" and len(graph.input_refs) == 1


def _output_of(which: str, words: str) -> str:
    """ "the output of 'dense' (Dense)"; the input of call() as it is."""
    return words if _of_call(words) else f"{which} of {words}"


def _of_call(words: str) -> bool:
    """Whether ``words`` say an input of call(), which a message says as it
    is: "the input of call()", "input 2 of call()"."""
    return words.startswith(_CALL_INPUT) or words.endswith(" of call()")


def _label(graph: ModelGraph, index: int, *, noun: bool = True) -> str:
    """A layer for a message: "layer 'dense' (Dense)" ("'dense' (Dense)"
    without the noun), "layer self.h (Dense)" in a subclassed model, or for
    a raw operation "operation 'add' (keras.ops.add)"."""
    layer = graph.layers[index]
    word = _word(graph, layer.name)
    if _of_call(word):
        return word
    if layer.kind == OP:
        return f"operation {word} ({_public(layer)})"
    return f"{'layer ' if noun else ''}{word} ({layer.class_name})"


def _public(layer) -> str:
    if layer.function_name:
        return f"keras.ops.{layer.function_name}"
    return f"{layer.module}.{layer.class_name}"


def _tensor(graph: ModelGraph, ref: TensorRef) -> str:
    """A tensor by the layer that made it, as :func:`_word` says the layer:
    "'encoder'", "'encoder (call 2)'", "'lstm (output 2)'" when the layer
    is shared or returns several; "self.lstm (output 2)"."""
    src = graph.layer_of(ref)
    where = []
    if src.is_shared:
        where.append(f"call {src.calls.index(ref.call) + 1}")
    if graph.calls[ref.call].n_outputs > 1:
        where.append(f"output {ref.index + 1}")
    if not where:
        return _word(graph, src.name)
    if src.attribute:
        return f"{held_word(src)} ({', '.join(where)})"
    return repr(f"{src.name} ({', '.join(where)})")


def _value(graph: ModelGraph, value) -> str:
    """A call argument in words: tensors by the layer that made them."""
    if isinstance(value, TensorRef):
        return _output_of("the output", _tensor(graph, value))
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(graph, v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(f"{k!r}: {_value(graph, v)}" for k, v in value.items())
            + "}"
        )
    return repr(value)
