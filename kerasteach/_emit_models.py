"""The code writer's model statements: a graph in Functional or Sequential
style, nested models first, each in a block of its own.

:class:`ModelEmitter` adds them to :class:`kerasteach._emit._Emitter`, which
writes the values, layers and imports they are made of.
"""

from __future__ import annotations

import dataclasses

from ._emit import _Emitter
from ._emit_ops import Partial, op_callee
from ._emit_trace_notes import trace_notes
from ._emit_unaccepted import frozen_by_hand
from ._emit_walk import all_frozen, kept_stems, used_across
from ._source import Expr, Item, Leaf, call_items, format_statement, literal, subscript
from .errors import UnsupportedValueError
from .graph import INPUT, MODEL, OP, ModelGraph, TensorRef

__all__ = ["ModelEmitter"]


# The classes of the models Keras itself makes: their code loses nothing.
_KERAS_MODELS = frozenset({"Functional", "Model", "Sequential"})


def vocabulary_sets_width(config) -> bool:
    """Whether a lookup layer's ``vocabulary_size`` sets its output's size:
    in ``output_mode="int"`` or with ``pad_to_max_tokens`` it does not."""
    return config.get("output_mode", "int") != "int" and not config.get(
        "pad_to_max_tokens"
    )


class ModelEmitter(_Emitter):
    """Emits whole models (``emit_model``) with the parts of its base."""

    def emit_model(
        self, graph: ModelGraph, var: str, style: str, prefix: str = ""
    ) -> str:
        """Emit the statements that build ``graph``; return its variable."""
        if graph.unwritable:  # a weight outside the layers: no code holds it
            raise UnsupportedValueError(graph.unwritable)
        if not prefix:  # the whole model: what its graphs have in common
            self.across = used_across(graph)
            self.taken_stems = kept_stems(graph)
            self.made: dict[int, str] = {}  # identity -> variable, for those
            # id(layer) -> {config key: the variable of the model it holds}
            self.wrapped_var: dict[int, dict[str, Expr]] = {}
            # how a note reaches a nested model in the original: by prefix
            self.accessors: dict[str, str] = {"": "original_model"}
        layer_var: dict[int, str] = {}
        # Nested models first, each as a block of its own; one that an
        # earlier graph uses too is built there, once, and used here.  So
        # are the models a layer holds (TimeDistributed(encoder)).
        for layer in graph.layers:
            if layer.kind == MODEL and layer.submodel is not None:
                layer_var[layer.index] = self.nested_model(layer, prefix)
            if layer.wrapped:
                self.wrapped_var[id(layer)] = {}
                for key, held in layer.wrapped:
                    if key.isidentifier():  # TimeDistributed's model: td.layer
                        inner = f"{prefix}{layer.name}/{held.name}/"
                        self.accessors[inner] = (
                            f"{self.accessor(prefix)}.get_layer("
                            f"{literal(layer.name).flat()}).{key}"
                        )
                    self.wrapped_var[id(layer)][key] = Leaf(
                        self.nested_model(held, f"{prefix}{layer.name}/")
                    )
        self.current: list[tuple[str | None, list[str]]] = []
        self.blocks.append((prefix[:-1] or None, self.current))
        self.graph = graph
        if graph.origin != "subclassed" and graph.class_name not in _KERAS_MODELS:
            # a class of the student's own, built the Functional way (it
            # calls super().__init__(inputs, outputs)) or on Sequential
            base = "keras.Sequential" if graph.origin == "sequential" else "keras.Model"
            plain = "keras.Sequential" if style == "sequential" else "keras.Model"
            self.notes.append(
                f"Model {graph.name!r} is a {graph.class_name}, a class built on "
                f"{base}; this code builds a plain {plain} with the same layers, "
                f"without what {graph.class_name} adds (a train_step() or other "
                f"methods of its own). To keep those, make the model with "
                f"{graph.class_name}(...) as before."
            )
        if style == "sequential":
            self._emit_sequential(graph, var, layer_var, prefix)
        else:
            self._emit_functional(graph, var, layer_var, prefix)
            if self.faithful and graph.origin == "functional":
                self.note_mask_ops(graph)
        self.notes.extend(trace_notes(graph))
        return var

    def accessor(self, prefix: str) -> str:
        """How code reaches the nested model of ``prefix`` (``"enc/"``) in
        the original model: ``original_model.get_layer("enc")``, or through
        the layer that holds it, ``original_model.get_layer("td").layer``."""
        if prefix in self.accessors:
            return self.accessors[prefix]
        parent, _, name = prefix[:-1].rpartition("/")
        parent = f"{parent}/" if parent else ""
        return f"{self.accessor(parent)}.get_layer({literal(name).flat()})"

    def nested_model(self, layer, prefix: str) -> str:
        """The variable of the nested model ``layer`` (its graph in
        ``layer.submodel``): built here in a block of its own, unless an
        earlier graph built it."""
        made = self.made.get(layer.identity)
        if made is not None:
            return made
        sub = layer.submodel
        sub_var = self.var_for(layer)
        sub_style = "sequential" if sub.origin == "sequential" else "functional"
        self.emit_model(sub, sub_var, sub_style, prefix=f"{prefix}{layer.name}/")
        if layer.identity in self.across:
            self.made[layer.identity] = sub_var
        return sub_var

    def note_mask_ops(self, graph: ModelGraph) -> None:
        """A note for the operations Keras adds by itself to compute a mask
        (``graph.mask_ops``): the code cannot name them, and Keras names
        them from its global counter, so faithful code keeps every layer
        name but the rebuilt config may name these differently."""
        if not graph.mask_ops:
            return
        ops = list(dict.fromkeys(op for op, _ in graph.mask_ops))
        receivers = list(dict.fromkeys(layer for _, layer in graph.mask_ops))
        one = len(ops) == 1
        self.notes.append(
            f"Keras adds the {'operation' if one else 'operations'} {_names(ops)} "
            f"by itself, to compute the mask that {_names(receivers)} "
            f"{'receives' if len(receivers) == 1 else 'receive'}; this code does "
            f"not write {'it' if one else 'them'}, and Keras names "
            f"{'it' if one else 'them'} from a counter of its own. So the rebuilt "
            "model keeps every layer name, but its config may say "
            f"{_numbered(ops[0])!r} where the original says {ops[0]!r}. After "
            "keras.utils.clear_session() the counter starts again."
        )

    def _emit_functional(self, graph, var, layer_var, prefix) -> None:
        tensor: dict[TensorRef, Expr] = {}

        def ref_expr(value):
            if isinstance(value, TensorRef):
                return tensor[value]
            return None

        def arg_value(value) -> Expr:
            return literal(
                value,
                lambda v: (
                    ref_expr(v) if isinstance(v, TensorRef) else self.render_object(v)
                ),
            )

        for c in graph.calls:
            layer = graph.layers[c.layer]
            key = prefix + layer.name
            if layer.kind == INPUT:
                name = self.var_for(layer)
                self.current.append(
                    (key, format_statement(f"{name} = ", self.input_ctor(layer)))
                )
                tensor[TensorRef(c.index, 0)] = Leaf(name)
                continue
            args = [Item(arg_value(a)) for a in c.args]
            args += [Item(arg_value(v), k) for k, v in c.kwargs.items()]
            if self.faithful and graph.origin == "functional":
                # the config of a Functional model records training=None; a
                # traced subclassed model's own config has no calls to keep
                args += [Item(arg_value(None), k) for k in c.given_none]
            key_text = None
            if layer.kind == OP and layer.function_name == "get_item":
                if not self.faithful and len(c.args) == 2 and not c.kwargs:
                    key_text = subscript(c.args[1])
            if key_text is not None:  # x[:, 0] reads better than get_item
                expr = Leaf(f"{arg_value(c.args[0]).flat()}[{key_text}]")
            elif layer.kind == OP:
                callee = op_callee(self, layer, len(c.args), tuple(c.kwargs))
                expr = (
                    callee.with_args(args)
                    if isinstance(callee, Partial)
                    else call_items(callee, args)
                )
            elif layer.kind == MODEL:
                expr = call_items(Leaf(layer_var[layer.index]), args)
            elif (
                layer.is_shared
                or layer.adapted_state
                or layer.identity in self.across
                or frozen_by_hand(layer)
            ):
                # A layer of its own variable: called twice (here, or here and
                # in another of the model's graphs), or to adapt again.
                if layer.index not in layer_var:
                    layer_var[layer.index] = self.layer_variable(layer, key, prefix)
                expr = call_items(Leaf(layer_var[layer.index]), args)
            else:
                expr = call_items(self.graph_layer_ctor(layer), args)
            out = self.var_for(layer)
            self.current.append((key, format_statement(f"{out} = ", expr)))
            paths = [()] if c.n_outputs == 1 else [(i,) for i in range(c.n_outputs)]
            # a nested model returns its own structure, and so may a layer
            # (a dict): each tensor is read by its key, cap["images"]
            structure = c.output_structure
            if layer.kind == MODEL and layer.submodel is not None:
                structure = layer.submodel.outputs
            if structure is not None:
                found = _output_paths(structure)
                if len(found) == c.n_outputs:
                    paths = found
            for i, path in enumerate(paths):
                keys = "".join(f"[{literal(k).flat()}]" for k in path)
                tensor[TensorRef(c.index, i)] = Leaf(out + keys)

        self.imports.add("import keras")
        items = [
            Item(arg_value(graph.inputs), "inputs"),
            Item(arg_value(graph.outputs), "outputs"),
        ]
        if self.keep_name(graph.name, "Functional"):
            items.append(Item(self.value(graph.name), "name"))
        if not graph.trainable and not all_frozen(graph):
            items.append(Item(self.value(False), "trainable"))
        self.current.append(
            (
                None,
                format_statement(f"{var} = ", call_items(Leaf("keras.Model"), items)),
            )
        )
        if not graph.trainable and all_frozen(graph):
            self.current.append((None, [f"{var}.trainable = False"]))

    def layer_variable(self, layer, key: str, prefix: str) -> str:
        """The variable of a layer made once and used by name: made here,
        unless another of the model's graphs made it already."""
        made = self.made.get(layer.identity)
        if made is not None:
            return made
        lv = self.var_for(layer)
        self.current.append(
            (key, format_statement(f"{lv} = ", self.graph_layer_ctor(layer)))
        )
        if frozen_by_hand(layer):  # its constructor takes no trainable=False
            self.current.append((key, [f"{lv}.trainable = False"]))
        self.note_adapted(layer, lv, prefix)
        if layer.identity in self.across:
            self.made[layer.identity] = lv
        return lv

    def _emit_sequential(self, graph, var, layer_var, prefix) -> None:
        self.imports.add("import keras")
        # A layer that another of the model's graphs uses too is made before
        # the list (or was made with that graph), so that both use one layer.
        for layer in graph.layers:
            if layer.kind not in (INPUT, MODEL) and layer.identity in self.across:
                layer_var[layer.index] = self.layer_variable(
                    layer, prefix + layer.name, prefix
                )
        head = [f"{var} = keras.Sequential(", "    ["]
        self.current.append((None, head))
        position = 0  # in var.layers, which leaves out the keras.Input
        frozen = []  # layers frozen after the model is made, by position
        for c in graph.calls:
            layer = graph.layers[c.layer]
            if layer.kind == INPUT:
                expr = self.input_ctor(layer)
            elif layer.kind == MODEL or layer.index in layer_var:
                expr = Leaf(layer_var[layer.index])
            else:
                expr = self.graph_layer_ctor(layer)
                self.note_adapted(layer, f"{var}.layers[{position}]", prefix)
                if frozen_by_hand(layer):
                    frozen.append((prefix + layer.name, position))
            position += layer.kind != INPUT
            lines = format_statement("", expr, 2)
            lines[-1] += ","
            self.current.append((prefix + layer.name, lines))
        tail = ["    ],"]
        if self.keep_name(graph.name, "Sequential"):
            tail += format_statement("name=", self.value(graph.name), 1)
            tail[-1] += ","
        if not graph.trainable and not all_frozen(graph):
            tail.append("    trainable=False,")
        tail.append(")")
        self.current.append((None, tail))
        for key, at in frozen:  # its constructor takes no trainable=False
            self.current.append((key, [f"{var}.layers[{at}].trainable = False"]))
        if not graph.trainable and all_frozen(graph):
            self.current.append((None, [f"{var}.trainable = False"]))

    def graph_layer_ctor(self, layer) -> Expr:
        # An adapted lookup layer (StringLookup, IntegerLookup,
        # TextVectorization) keeps its vocabulary outside its config, but the
        # config keeps vocabulary_size, that vocabulary's size.  Where the size
        # does nothing until a vocabulary is given, readable code leaves it out
        # rather than write a size beside no vocabulary; where it sets the
        # output's size (the next layer's input), it stays and the note says why.
        held = self.wrapped_var.get(id(layer))
        self.note_forgotten(layer)
        if (
            not self.faithful
            and "vocabulary" in layer.adapted_state
            and "vocabulary_size" in layer.config
            and not vocabulary_sets_width(layer.config)
        ):
            config = {k: v for k, v in layer.config.items() if k != "vocabulary_size"}
            layer = dataclasses.replace(layer, config=config)
        return super().graph_layer_ctor(layer, held)

    def note_forgotten(self, layer) -> None:
        """A note for settings of the student's own layer that its
        get_config() leaves out (``layer.forgotten``): the code, like Keras's
        saving, makes the layer with their defaults."""
        if not layer.forgotten:
            return
        made = ", ".join(f"{k}={v!r}" for k, v, _ in layer.forgotten)
        gets = ", ".join(f"{k}={d!r}" for k, _, d in layer.forgotten)
        keys = ", ".join(f'"{k}": self.{k}' for k, _, _ in layer.forgotten)
        one = len(layer.forgotten) == 1
        self.notes.append(
            f"Layer {layer.name!r} ({layer.class_name}) was made with {made}, but "
            f"its get_config() does not return {'it' if one else 'them'}, so this "
            f"code (like keras.saving) makes it with the default {gets}: the "
            "rebuilt model predicts differently. Add "
            f"{keys} to the dict {layer.class_name}.get_config() returns."
        )

    def note_adapted(self, layer, handle: str, prefix: str) -> None:
        """A note for a layer adapted to data (``layer.adapted_state``):
        what the code leaves out and how to bring it back, the layer called
        by ``handle``, its variable in the code."""
        lost = layer.adapted_state
        if not lost:
            return
        head = f"Layer {layer.name!r} ({layer.class_name}) was adapted to data, and "
        when = "Before you first train or predict with the model, call "
        adapt = f"{handle}.adapt(your_data)"
        if "vocabulary" not in lost:
            self.notes.append(
                f"{head}its {' and '.join(lost)} are not in this code (they are in "
                f"its weights). {when}{adapt}, or load the weights of the model "
                'this code was made from: original_model.save_weights("original.'
                'weights.h5"), then model.load_weights("original.weights.h5"). '
                "set_weights() alone may leave the layer using its old numbers."
            )
            return
        size = layer.config.get("vocabulary_size")
        if vocabulary_sets_width(layer.config) and size is not None:
            # the code keeps vocabulary_size: it is the width of the output
            width = (
                f" The code keeps vocabulary_size={size}: it sets the size of the "
                f"layer's output, so the vocabulary must have {size} entries, "
                "special tokens included (adapt() to data that gives another size "
                "raises an error)."
            )
        elif self.faithful and size is not None:
            width = (
                f" vocabulary_size={size} in the code only records the size the "
                "vocabulary had."
            )
        else:
            width = ""
        if "idf_weights" in lost:
            self.notes.append(
                f"{head}its vocabulary and IDF weights are not in this code, nor "
                "in its weights: the rebuilt layer starts with an empty vocabulary. "
                f"{when}{adapt}.{width}"
            )
            return
        original = f"{self.accessor(prefix)}.get_layer({literal(layer.name).flat()})"
        self.notes.append(
            f"{head}its vocabulary is not in this code, nor in its weights: the "
            f"rebuilt layer starts with an empty vocabulary. {when}{adapt}, or add "
            f"vocabulary={original}.get_vocabulary() to the layer's arguments, "
            f"where original_model is the model this code was made from.{width}"
        )


def _names(names: list[str]) -> str:
    """``'a'``, ``'a' and 'b'``, ``'a', 'b' and 'c'``."""
    quoted = [repr(n) for n in names]
    return " and ".join(filter(None, [", ".join(quoted[:-1]), quoted[-1]]))


def _numbered(name: str) -> str:
    """The next name Keras's counter could give: ``not_equal_1`` for
    ``not_equal``, ``not_equal_3`` for ``not_equal_2``."""
    base, _, number = name.rpartition("_")
    if base and number.isdigit():
        return f"{base}_{int(number) + 1}"
    return f"{name}_1"


def _output_paths(structure) -> list[tuple]:
    """The keys that reach each tensor of the structure a model or a layer
    returns, in the order Keras flattens it (a dict by sorted keys):
    ``[("p",), ("q",)]``."""
    if isinstance(structure, TensorRef):
        return [()]
    if isinstance(structure, dict):
        items = sorted(structure.items())
    elif isinstance(structure, (list, tuple)):
        items = list(enumerate(structure))
    else:  # pragma: no cover - outputs are refs, lists or dicts
        return []
    return [(key, *path) for key, value in items for path in _output_paths(value)]
