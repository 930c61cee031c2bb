"""The flat graph :func:`kerasteach.check` compares.

:class:`_Flat` inlines nested models so that each call of a layer is one
:class:`_Node` with the settings that define the architecture (everything in
``get_config()`` except names, dtypes, initializers, regularizers,
constraints and seeds) and the keyword arguments it was called with
(``training=True``; those of a nested model's call are its layers' too,
``outer_args``).  The layers and nested models a subclassed model holds in
attributes keep them, as its ``call()`` reaches them (``attributes``:
``self.h2``, ``self.block.h1``).  Feedback names its nodes and tensors with
:mod:`kerasteach._check_names` (``'hidden'``, ``self.h2``, ``the input``)
and writes a layer as its constructor, ``Dense(64, activation='relu')``,
with :mod:`kerasteach._check_describe`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ._check_keys import key_paths
from ._check_wrapped import plain_bidirectional
from ._defaults import keyword_defaults, resolve_class, same
from ._reader_checks import UnknownConfig
from .graph import (
    INPUT,
    LAYER,
    MODEL,
    OP,
    Layer,
    ModelGraph,
    Reason,
    TensorRef,
    flatten_refs,
)

_IGNORED_KEYS = frozenset(
    {
        "name",
        "trainable",
        "dtype",
        "seed",
        "quantization_config",
        "autocast",
        "build_input_shape",  # a held Sequential's, from the input's shape
    }
)
_IGNORED_SUFFIXES = ("_initializer", "_regularizer", "_constraint")

Tensor = tuple[int, int]  # (node index, output index) in a flattened graph


# --------------------------------------------------------------------------
# a flat graph: nested models inlined, one node per call


@dataclass(frozen=True)
class _Node:
    index: int
    name: str  # "encoder/dense" inside a nested model
    key: tuple[int, ...]  # identity of the layer object (shared layers repeat it)
    kind: str
    class_name: str
    module: str
    config: Mapping[str, Any]  # the settings that define the architecture
    inputs: tuple[Tensor, ...]
    shapes: tuple[tuple[int | None, ...], ...]
    known: bool = True  # False: get_config() failed, only the class is compared
    compared: Mapping[str, Any] | None = None  # config as compared (axes as >= 0)
    # the keyword arguments the call passes besides tensors (training=True)
    call_args: Mapping[str, Any] = field(default_factory=dict)
    # those of the nested models' calls it is inside: (model name, arguments)
    outer_args: tuple[tuple[str, Mapping[str, Any]], ...] = ()
    # the graph and layer it comes from, to build the layer as the model did
    source: tuple[ModelGraph, Layer] | None = field(
        default=None, compare=False, repr=False
    )

    @property
    def same_as(self) -> Mapping[str, Any]:
        """The settings two calls must share: ``config`` with an ``axis``
        counted from the front (``-1`` is ``3`` for a 4-D input)."""
        return self.config if self.compared is None else self.compared

    @property
    def inherited(self) -> dict[str, tuple[Any, str]]:
        """The arguments the nested models' calls around this one pass on
        to it, with the model that passes each: {"training": (False,
        "base")}; the innermost call's where two pass the same."""
        return {k: (v, name) for name, args in self.outer_args for k, v in args.items()}

    @property
    def passed_on(self) -> dict[str, Any]:
        """:attr:`inherited` without the models: {"training": False}."""
        return {k: v for k, (v, _) in self.inherited.items()}


class _Flat:
    def __init__(self, graph: ModelGraph):
        self.graph = graph
        self.name = graph.name
        self.origin = graph.origin
        self.nodes: list[_Node] = []
        self.inputs: list[Tensor] = []
        # the outputs of nested models, with the model's name and what it read:
        # a student wrote encoder(x), not the name of its last layer
        self.made_by: dict[Tensor, tuple[str, tuple[Tensor, ...], int | None]] = {}
        # the attribute each layer and nested model is held in, from the
        # model checked: "h2" -> "self.h2", "block/h1" -> "self.block.h1"
        self.attributes: dict[str, str] = {}
        self.outputs = self._inline(graph, (), "", None, (), "self")
        self.input_keys = (
            list(graph.inputs) if isinstance(graph.inputs, Mapping) else None
        )
        self.output_keys = (
            list(graph.outputs) if isinstance(graph.outputs, Mapping) else None
        )
        # for a dict, each tensor's key path: ("p",), ("q", 0) for a list under "q"
        self.input_paths = key_paths(graph.inputs)
        self.output_paths = key_paths(graph.outputs)
        self.consumers: dict[Tensor, list[int]] = {}
        for node in self.nodes:
            for t in dict.fromkeys(node.inputs):
                self.consumers.setdefault(t, []).append(node.index)
        self.output_set = set(self.outputs)
        self.layer_count = len({n.key for n in self.nodes if n.kind != INPUT})
        self.call_count = Counter(n.key for n in self.nodes)  # > 1: a shared layer
        # > 1: a nested model called on several tensors (its calls read apart)
        calls = {(name, read) for name, read, _ in self.made_by.values()}
        self.model_calls = Counter(name for name, _ in calls)

    def _inline(
        self, graph, prefix_key, prefix_name, feeds, outer, held: str | None
    ) -> list[Tensor]:
        """The output tensors of ``graph`` inlined after ``prefix_name``;
        ``held`` is the attribute path of the model ``graph`` describes
        (``self``, ``self.block``), or None when no attribute holds it."""
        tmap: dict[TensorRef, Tensor] = {}
        input_pos = {r: i for i, r in enumerate(graph.input_refs)}
        for call in graph.calls:
            layer = graph.layers[call.layer]
            ref0 = TensorRef(call.index, 0)
            if held is not None and layer.attribute is not None:
                path = f"{held}.{layer.attribute}"
                self.attributes.setdefault(prefix_name + layer.name, path)
            if layer.kind == INPUT and feeds is not None and ref0 in input_pos:
                tmap[ref0] = feeds[input_pos[ref0]]
                continue
            inputs = tuple(tmap[r] for r in call.inputs)
            sub = layer.submodel
            if layer.kind == MODEL and sub is not None:
                if len(inputs) == len(sub.input_refs):
                    given = _written_arguments(layer, call)
                    outs = self._inline(
                        sub,
                        (*prefix_key, layer.index),
                        f"{prefix_name}{layer.name}/",
                        inputs,
                        (*outer, (prefix_name + layer.name, given)) if given else outer,
                        self.attributes.get(prefix_name + layer.name),
                    )
                    for k, t in enumerate(outs):
                        tmap[TensorRef(call.index, k)] = t
                        if t not in inputs:  # the outermost model names it
                            which = k if len(outs) > 1 else None
                            self.made_by[t] = (prefix_name + layer.name, inputs, which)
                    continue
            config = _settings(layer, call)
            rank = len(self.shape(inputs[0])) if inputs else None
            node = _Node(
                index=len(self.nodes),
                name=prefix_name + layer.name,
                key=(*prefix_key, layer.index),
                kind=layer.kind,
                class_name=layer.class_name,
                module=layer.module,
                config=config,
                inputs=inputs,
                shapes=call.output_shapes,
                known=not isinstance(layer.config, UnknownConfig),
                compared=_axes_from_front(config, rank, layer.module),
                call_args=_written_arguments(layer, call),
                outer_args=outer,
                source=(graph, layer),
            )
            self.nodes.append(node)
            for k in range(call.n_outputs):
                tmap[TensorRef(call.index, k)] = (node.index, k)
        if feeds is None:
            self.inputs = [tmap[r] for r in graph.input_refs]
        return [tmap[r] for r in graph.output_refs]

    def shape(self, t: Tensor):
        return self.nodes[t[0]].shapes[t[1]]

    @property
    def is_chain(self) -> bool:
        """One input, one output, and every layer reads the output of the
        one before it and nothing else does (nested models inlined)."""
        if len(self.inputs) != 1 or len(self.outputs) != 1:
            return False
        keys = [n.key for n in self.nodes]
        if len(set(keys)) != len(keys):  # a shared layer
            return False
        for node in self.nodes:
            if node.kind != INPUT and len(set(node.inputs)) != 1:
                return False
            for k in range(len(node.shapes)):
                readers = self.consumers.get((node.index, k), [])
                if len(readers) + ((node.index, k) in self.output_set) > 1:
                    return False
        return True

    def reasons(self) -> list[tuple[str, Reason]]:
        """Why the model is not a single chain, as kerasteach.explain says
        it, nested models included: (prefix of layer names, reason).  A
        reason that groups many skip connections is given as its parts, a
        branch and a merge for each, which check() puts in its own words."""
        found: list[tuple[str, Reason]] = []

        def visit(graph: ModelGraph, prefix: str) -> None:
            found.extend((prefix, p) for r in graph.reasons for p in r.parts or (r,))
            for layer in graph.layers:
                if layer.kind == MODEL and layer.submodel is not None:
                    visit(layer.submodel, f"{prefix}{layer.name}/")

        visit(self.graph, "")
        return found

    def node_named(self, name: str) -> _Node | None:
        return next((n for n in self.nodes if n.name == name), None)


def _settings(layer, call) -> dict:
    """The config entries that define the architecture."""
    if layer.kind == INPUT:
        return {"shape": tuple(layer.config.get("batch_shape", (None,)))[1:]}
    if layer.kind == OP:
        constants = _constants((call.args, dict(call.kwargs)))
        return {"arguments": constants} if constants else {}
    if isinstance(layer.config, UnknownConfig):  # no get_config(): the class only
        return {}
    config = layer.config
    if layer.class_name == "Bidirectional" and layer.module == "keras.layers":
        config = plain_bidirectional(config)  # as a person writes it
    names: dict[str, str] = {}
    _collect_names(config, names)
    found = _architecture(config, names)
    if layer.torch_module is not None and "module" in found:
        # not the module's pickle (its weights, an id): what it is
        found["module"] = _Written(layer.torch_module.words())
    return found


class _Written(str):
    """A setting held as the code that makes it, which messages write as
    it is (no quotes): a PyTorch module, ``torch.nn.Linear(...)``."""

    def __repr__(self) -> str:
        return str(self)


def _architecture(config: Mapping, names: dict[str, str]) -> dict:
    """The entries of ``config`` that define the architecture, at every
    depth: a layer inside a layer (Bidirectional's LSTM, an RNN's cells, the
    model TimeDistributed applies) keeps its config in the outer one, under
    its own name, which Keras numbers (``forward_lstm_1``).  Names become
    their order of appearance (``names``), so that a nested Functional
    model's connections still count."""
    return {
        k: _inner(v, names)
        for k, v in config.items()
        if k not in _IGNORED_KEYS and not k.endswith(_IGNORED_SUFFIXES)
    }


_NOT_ARCHITECTURE = frozenset({"build_config", "compile_config", "registered_name"})


def _inner(value, names: dict[str, str]):
    """A config value as :func:`_architecture` compares it."""
    if isinstance(value, Mapping):
        if "class_name" in value and isinstance(value.get("config"), Mapping):
            return {
                **{
                    k: _inner(v, names)
                    for k, v in value.items()
                    if k not in _NOT_ARCHITECTURE and k not in ("config", "name")
                },
                "config": _architecture(value["config"], names),
            }
        return {k: _inner(v, names) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        if len(value) == 3 and isinstance(value[0], str) and value[0] in names:
            return [names[value[0]], *value[1:]]  # keras_history, input_layers
        return type(value)(_inner(v, names) for v in value)
    return value


def _collect_names(value, names: dict[str, str]) -> None:
    """Each layer name in a config, numbered in order of appearance."""
    if isinstance(value, Mapping):
        name = value.get("name")
        if isinstance(name, str):
            names.setdefault(name, f"#{len(names)}")
        for v in value.values():
            _collect_names(v, names)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _collect_names(v, names)


def _written_arguments(layer, call) -> dict:
    """The keyword arguments a call of ``layer`` passes besides tensors
    (``training=True``, ``use_causal_mask=True``), without those at the
    default of the layer's ``call``: what the code wrote.  Keras takes only
    tensors by position, and the reader leaves out what Keras filled in by
    itself.  An op's arguments are in its config already."""
    if layer.kind not in (LAYER, MODEL):
        return {}
    given = {k: v for k, v in call.kwargs.items() if not flatten_refs(v)}
    cls = resolve_class(layer.module, layer.class_name) if given else None
    defaults = keyword_defaults(cls.call) if hasattr(cls, "call") else {}
    return {
        k: v for k, v in given.items() if not (k in defaults and same(defaults[k], v))
    }


def _constants(value):
    """The non-tensor parts of a call's arguments (None when there are none)."""
    if isinstance(value, TensorRef):
        return None
    if isinstance(value, (list, tuple)):
        parts = [_constants(v) for v in value]
        return parts if any(p is not None for p in parts) else None
    if isinstance(value, Mapping):
        parts = {k: _constants(v) for k, v in value.items()}
        return parts if any(p is not None for p in parts.values()) else None
    return value


def _axes_from_front(config, rank: int | None, module: str):
    """``config`` with its ``axis`` counted from the front, or None when that
    changes nothing.  For Keras's layers (Concatenate, BatchNormalization,
    LayerNormalization, Softmax, Normalization...) an axis counts the axes of
    the (first) input, batch axis included, so ``axis=-1`` and ``axis=3`` are
    the same layer on a 4-D input.  Other layers may count differently (an
    axis to insert counts the output's axes), so their axis is left alone."""
    if rank is None or "axis" not in config or not module.startswith("keras"):
        return None
    axis = _axis_from_front(config["axis"], rank)
    if axis is None or axis == config["axis"]:
        return None
    return {**config, "axis": axis}


def _axis_from_front(axis, rank: int):
    """An int axis (or a list or tuple of them) as ``axis % rank``; None
    when it is something else or out of range."""
    if isinstance(axis, int) and not isinstance(axis, bool):
        return axis % rank if -rank <= axis < rank else None
    if isinstance(axis, (list, tuple)) and axis:
        parts = [_axis_from_front(a, rank) for a in axis]
        if all(isinstance(a, int) and p is not None for a, p in zip(axis, parts)):
            return type(axis)(parts)
    return None


def _same(a: _Node, b: _Node) -> bool:
    return a.class_name == b.class_name and a.same_as == b.same_as
