"""The model graph: one neutral, frozen description of a Keras model.

Everything in kerasteach (code generation, drawing, checking, the widget)
reads a :class:`ModelGraph`; only :mod:`kerasteach._reader` looks at Keras
internals to build one.

A model is a directed acyclic graph.  Its *layers* are the objects that were
called: Keras layers, ``Input`` layers, nested models and raw ``keras.ops``
operations such as the ``Add`` that ``x + 3.0`` records.  Its *calls* are the
events of calling one of them on tensors; a layer used once has one call, a
shared layer has several.  Each call consumes tensors produced by earlier
calls and produces one or more tensors of its own, so a tensor is named by a
:class:`TensorRef`: the index of the call that produced it and the position
among that call's outputs.  The calls are stored in a deterministic
topological order (every call after the calls it reads from, branches written
one after the other), which is also the order in which generated code
defines them.

Masks that Keras derives by itself (from ``Embedding(mask_zero=True)``, say)
and the ``training`` flag it fills in are not recorded: rebuilding the model
derives them again.  Nor is an explicit ``training=None``, which Keras treats
as no value at all.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "TensorRef",
    "Layer",
    "Call",
    "Reason",
    "ModelGraph",
    "INPUT",
    "LAYER",
    "OP",
    "MODEL",
]

INPUT = "input"
LAYER = "layer"
OP = "op"
MODEL = "model"


@dataclass(frozen=True, order=True)
class TensorRef:
    """A tensor: output ``index`` of call number ``call``."""

    call: int
    index: int = 0


@dataclass(frozen=True)
class Layer:
    """Something the model calls: a layer, an input, an op or a nested model.

    ``module`` and ``class_name`` say where to import the class from
    (``keras.layers`` and ``Dense``); ``config`` is the layer's
    ``get_config()``; ``calls`` are the indices of its calls in the graph.
    ``submodel`` is the graph of a nested model.  ``function_name`` is set for
    raw ops that have a public ``keras.ops`` function (``add``,
    ``image.resize``).
    ``function_ref`` is ``(module, qualified name)`` of the named, importable
    function a ``Lambda`` layer wraps (``None`` for a ``lambda``).
    ``adapted_state`` names what the layer learned from data with
    ``adapt()`` that its config does not hold, so code cannot rebuild it:
    ``("mean", "variance")`` for an adapted ``Normalization``,
    ``("vocabulary",)`` for an adapted ``StringLookup``, ``IntegerLookup``
    or ``TextVectorization`` (``("vocabulary", "idf_weights")`` in
    ``tf_idf`` mode); empty for every other layer and for one never adapted.
    ``identity`` tells the Keras object apart within one read of a model
    (its ``id()`` while the model is read): the same object in two graphs of
    one model (a layer or nested model used inside a nested model and also
    beside it) has the same identity there, and code must create it once.
    ``None`` when unknown; it takes no part in comparing graphs.
    ``input_parameter`` is the name of the first parameter of the layer's
    ``call`` (``"inputs"`` for ``Dense``): a call that passes its input by
    keyword, ``Dense(4)(inputs=x)``, has it in ``kwargs`` under that name.
    ``wrapped`` holds the models a layer holds in its config, as pairs of the
    config key and a nested model (kind ``MODEL``, no calls of its own): the
    Sequential of ``TimeDistributed(encoder)`` under ``"layer"``.  Code builds
    such a model first, as it builds a nested one, and passes it by name.
    ``attribute`` is the attribute of a subclassed model that holds the
    layer, as its ``call()`` uses it: ``"h2"`` for ``self.h2``,
    ``"blocks[0]"`` for a layer in a list (None in other models, and for a
    layer no attribute holds).  It takes no part in comparing graphs.
    ``torch_module`` is, for a ``TorchModuleWrapper``, the PyTorch module
    it holds as code can build it (a
    :class:`kerasteach._reader_torch.TorchModule`); None for other layers.
    ``functions`` holds, for each function the layer holds whose config
    entry does not give it back (``keras.ops.sin`` saved as a builtin
    ``sin``), the path of keys to that entry and where the function is
    public: ``(("activation",), ("keras.ops", "sin"))``.  Code writes the
    function by that name; check() compares the config as Keras saved it.
    ``forgotten`` lists the settings of a layer of the student's own class that
    its ``get_config()`` leaves out although they differ from the default,
    ``(name, value, default)`` (see :mod:`kerasteach._reader_forgotten`):
    the rebuilt layer gets the default, and a note says so.
    ``numpy_calls`` names the NumPy functions a ``Lambda`` layer's lambda
    calls, by their paths in NumPy, each with Keras's function of that path
    or None: ``(("mean", "keras.ops.mean"),)`` for ``lambda t: np.mean(t)``,
    ``(("linalg.norm", "keras.ops.linalg.norm"),)`` for ``np.linalg.norm`` (see
    :mod:`kerasteach._reader_numpy`); the note about the placeholder for
    the lambda says to use Keras's instead.
    """

    index: int
    name: str
    class_name: str
    module: str
    kind: str
    config: Mapping[str, Any]
    calls: tuple[int, ...]
    params: int = 0
    trainable_params: int = 0
    trainable: bool = True
    submodel: ModelGraph | None = None
    function_name: str | None = None
    activation: str | None = None
    function_ref: tuple[str, str] | None = None
    adapted_state: tuple[str, ...] = ()
    identity: int | None = field(default=None, repr=False, compare=False)
    input_parameter: str | None = None
    wrapped: tuple[tuple[str, Layer], ...] = ()
    attribute: str | None = field(default=None, repr=False, compare=False)
    torch_module: Any = field(default=None, repr=False, compare=False)
    functions: tuple = field(default=(), repr=False, compare=False)
    forgotten: tuple = field(default=(), repr=False, compare=False)
    numpy_calls: tuple = field(default=(), repr=False, compare=False)

    @property
    def qualified_class(self) -> str:
        return f"{self.module}.{self.class_name}"

    @property
    def is_shared(self) -> bool:
        return len(self.calls) > 1


@dataclass(frozen=True)
class Call:
    """One call of a layer.

    ``args`` and ``kwargs`` keep the structure the layer was called with, a
    :class:`TensorRef` standing for each tensor (so ``Concatenate`` has one
    argument, a list of two refs).  ``inputs`` lists those refs flattened, in
    order.  ``output_shapes`` and ``output_dtypes`` describe each output.
    ``given_none`` names the keyword arguments the call was handed as None
    that ``kwargs`` leaves out (``training=None``): Keras treats None as not
    given, but a Functional config records it, so faithful code passes it
    again.  It takes no part in comparing graphs.
    ``output_structure`` is the structure a layer's call returned when it is
    more than one tensor or a plain list or tuple of them: a dict, say, with
    a :class:`TensorRef` of this call for each output,
    ``{"bounding_boxes": {"boxes": ref 0, "labels": ref 1}, "images": ref 2}``
    (outputs are numbered in ``keras.tree.flatten`` order, dict keys
    sorted), so code reads ``cap["bounding_boxes"]["boxes"]``, not
    ``cap[0]``.  None for the rest (``LSTM(return_state=True)`` returns a
    plain tuple, read by position) and for nested models, whose graph's
    ``outputs`` already hold their structure.  It takes part in comparing
    graphs: a layer that returns a dict is not one that returns a list.
    """

    index: int
    layer: int
    args: tuple[Any, ...]
    kwargs: Mapping[str, Any]
    inputs: tuple[TensorRef, ...]
    output_shapes: tuple[tuple[int | None, ...], ...]
    output_dtypes: tuple[str, ...]
    given_none: tuple[str, ...] = field(default=(), compare=False)
    output_structure: Any = None

    @property
    def n_outputs(self) -> int:
        return len(self.output_shapes)


@dataclass(frozen=True)
class Reason:
    """Why a model is not a single chain.

    ``kind`` is one of ``"inputs"``, ``"outputs"`` (their number, or the
    form the model returns its output in: a dict, say), ``"no-layers"``,
    ``"branch"``, ``"merge"``, ``"shared"``, ``"op"``, ``"multi-output"``,
    ``"output-structure"`` (a nested model returns a list or a dict that the
    next layer reads a tensor of) and ``"call-arguments"``; ``layers`` names
    the layers involved; ``message`` says it in words.

    A model with many places where it branches and merges again says them
    in one reason: ``"skip-connections"`` (an output feeds the next layer
    and also a layer further on that merges it back in, as in a ResNet) or
    ``"rejoined-branches"`` (an output feeds several paths of layers that a
    merging layer joins again); many outputs that branch into paths no
    merge joins again are ``"branches"``, many merges of tensors from no
    common branch (the model's inputs) ``"merges"``.  Its ``layers`` are
    those of every place, and ``parts`` holds the ``"branch"`` and
    ``"merge"`` reasons it stands for, each as a smaller model would have it.
    """

    kind: str
    layers: tuple[str, ...]
    message: str
    parts: tuple[Reason, ...] = field(default=(), repr=False)

    def __str__(self) -> str:
        return self.message


def leaves(structure: Any, kind: type) -> list:
    """Every ``kind`` in a nested list/tuple/dict, in order (the reader
    walks Keras tensors with it, the graph its :class:`TensorRef`)."""
    out = []
    stack = [structure]
    while stack:
        item = stack.pop()
        if isinstance(item, kind):
            out.append(item)
        elif isinstance(item, (list, tuple)):
            stack.extend(reversed(item))
        elif isinstance(item, Mapping):
            stack.extend(reversed(list(item.values())))
    return out


def flatten_refs(structure: Any) -> list[TensorRef]:
    """Every :class:`TensorRef` in a nested list/tuple/dict, in order."""
    return leaves(structure, TensorRef)


@dataclass(frozen=True)
class ModelGraph:
    """A whole model: its layers, calls, inputs and outputs.

    ``origin`` is ``"sequential"``, ``"functional"`` or ``"subclassed"`` (a
    subclassed model traced through its ``call``).  ``inputs`` and
    ``outputs`` keep the model's own structure (one ref, a list or a dict).
    ``mask_ops`` lists ``(operation, layer)`` for each operation Keras added
    by itself to compute a mask (the ``not_equal`` of
    ``Embedding(mask_zero=True)``) and the layer that receives the mask: not
    among the calls, as rebuilding derives it again, but a Functional config
    lists it under a name from Keras's global counter.
    A subclassed model's graph also says how its ``call()`` was traced,
    for the code's notes: ``unused`` lists ``(attribute, class name)`` for
    each layer the model holds that the trace did not use
    (``("noise", "GaussianNoise")``, used only ``if training:``, say),
    ``traced_with`` the ``training`` it ran with (``"training=None"``, or
    None when ``call()`` takes none), and ``training_by_position`` the
    names of the layers ``call()`` handed ``training`` by position
    (``self.drop(x, training)``, which Keras 3 refuses once it is True or
    False).  None of them take part in comparing graphs.
    ``unwritable``, when not empty, says why no code can rebuild the model
    (a weight that no layer holds): the code writer refuses with it, while
    drawing and explaining need no code.  ``unused_weights`` names the
    weights a subclassed model holds itself that ``call()`` does not use
    (a step counter): the code leaves them out, with a note.
    """

    name: str
    class_name: str
    origin: str
    layers: tuple[Layer, ...]
    calls: tuple[Call, ...]
    inputs: Any
    outputs: Any
    trainable: bool = True
    mask_ops: tuple[tuple[str, str], ...] = ()
    unused: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    traced_with: str | None = field(default=None, compare=False)
    training_by_position: tuple[str, ...] = field(default=(), compare=False)
    unwritable: str = field(default="", compare=False)
    unused_weights: tuple[str, ...] = field(default=(), compare=False)
    _by_name: Mapping[str, Layer] = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {la.name: la for la in self.layers})

    # -- lookups ----------------------------------------------------------
    def layer(self, name: str) -> Layer:
        """The layer called ``name``; a clear error names the known ones."""
        try:
            return self._by_name[name]
        except KeyError:
            known = ", ".join(repr(n) for n in list(self._by_name)[:12])
            raise KeyError(
                f"Model {self.name!r} has no layer named {name!r}. "
                f"Its layers are: {known}{' ...' if len(self._by_name) > 12 else ''}"
            ) from None

    def layer_of(self, ref: TensorRef | Call) -> Layer:
        call = ref if isinstance(ref, Call) else self.calls[ref.call]
        return self.layers[call.layer]

    @property
    def input_refs(self) -> list[TensorRef]:
        return flatten_refs(self.inputs)

    @property
    def output_refs(self) -> list[TensorRef]:
        return flatten_refs(self.outputs)

    @property
    def params(self) -> int:
        return sum(layer.params for layer in self.layers)

    @property
    def trainable_params(self) -> int:
        return sum(layer.trainable_params for layer in self.layers)

    def consumers(self) -> dict[TensorRef, list[int]]:
        """For each tensor, the calls that read it (in call order)."""
        readers: dict[TensorRef, list[int]] = {}
        for call in self.calls:
            for ref in dict.fromkeys(call.inputs):
                readers.setdefault(ref, []).append(call.index)
        return readers

    @property
    def edges(self) -> tuple[tuple[int, int], ...]:
        """Layer-to-layer edges ``(source layer index, target layer index)``,
        each once, in call order."""
        seen: dict[tuple[int, int], None] = {}
        for call in self.calls:
            for ref in call.inputs:
                seen[(self.calls[ref.call].layer, call.layer)] = None
        return tuple(seen)

    def iter_layers(self, kind: str | None = None) -> Iterator[Layer]:
        for layer in self.layers:
            if kind is None or layer.kind == kind:
                yield layer

    # -- the Sequential question -----------------------------------------
    @property
    def reasons(self) -> tuple[Reason, ...]:
        """Every reason this model cannot be a ``keras.Sequential``; empty
        when it can."""
        cached = self.__dict__.get("_reasons")
        if cached is None:
            from ._analysis import sequential_reasons

            cached = tuple(sequential_reasons(self))
            object.__setattr__(self, "_reasons", cached)
        return cached

    @property
    def is_sequential(self) -> bool:
        """True when the model is a single chain of layers."""
        return not self.reasons
