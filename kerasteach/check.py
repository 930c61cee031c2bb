"""Feedback on an exercise: does a student's model match the reference?

``check(student_model, reference)`` reads both models into
:class:`~kerasteach.graph.ModelGraph` objects and compares their
architectures, not their weights and not their layer names.  It answers with
a :class:`CheckResult`: either *correct*, or the first difference that
matters, said in plain words with a hint (a missing or extra layer, a wrong
layer type, wrong units, filters, kernel size or activation, a wrong
connection, layers that should or should not be shared, or the wrong number
or shape of inputs and outputs).

How the comparison works.  Nested models are first inlined, so a
``Sequential`` block inside a Functional model counts as its layers.  Then
the reference's calls are visited in topological order, starting from the
inputs, which are paired by position (or by key when both models take a
dict).  A reference call is matched with the unused student call that reads
the matching tensors and has the same class and architecture settings
(everything in ``get_config()`` except names, dtypes, initializers,
regularizers, constraints and seeds).  The first reference call without a
match is where the models part: the chains of layers that start there in
both models are aligned like two words in a spell checker, so one forgotten
layer reads as "missing layer", not as a cascade of wrong settings.
Either API style is accepted for the student: a Sequential model and a
Functional model of the same chain are the same architecture.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ._defaults import default_config, resolve_class, signature_info, snake
from .errors import KerasTeachError, NotBuiltError
from .graph import INPUT, MODEL, OP, ModelGraph, TensorRef

__all__ = ["CheckResult", "check"]

_IGNORED_KEYS = frozenset(
    {"name", "trainable", "dtype", "seed", "quantization_config", "autocast"}
)
_IGNORED_SUFFIXES = ("_initializer", "_regularizer", "_constraint")
# merge layers whose result does not depend on the order of their inputs
_COMMUTATIVE = frozenset({"Add", "Multiply", "Average", "Maximum", "Minimum"})
# settings reported before the others, with the words used for them
_SETTING_WORDS = {
    "units": ("units", "units"),
    "filters": ("filters", "filters"),
    "kernel_size": ("kernel_size", "kernel size"),
    "activation": ("activation", "activation"),
}
_MAX_CHAIN = 24

Tensor = tuple[int, int]  # (node index, output index) in a flattened graph


# --------------------------------------------------------------------------
# the result


@dataclass(frozen=True)
class CheckResult:
    """The answer of :func:`check`.

    ``correct`` says whether the architectures match; ``message`` says so,
    or describes the first difference; ``hint`` suggests what to do next
    (empty when correct); ``layer`` names the student's layer the message is
    about (``None`` when it is about the whole model); ``kind`` is a short
    code for the difference (``"missing-layer"``, ``"extra-layer"``,
    ``"layer-type"``, ``"units"``, ``"filters"``, ``"kernel_size"``,
    ``"activation"``, ``"config"``, ``"connection"``, ``"shared"``,
    ``"inputs"``, ``"outputs"``, ``"input-shape"``, ``"output-shape"``,
    ``"not-a-model"``, ``"not-built"``, ``"empty"``) or ``None`` when correct.
    """

    correct: bool
    message: str
    hint: str = ""
    layer: str | None = None
    kind: str | None = None

    def __bool__(self) -> bool:
        return self.correct

    def __str__(self) -> str:
        if self.correct:
            return f"Correct! {self.message}"
        text = f"Not yet: {self.message}"
        if self.hint:
            text += f"\nHint: {self.hint}"
        return text

    __repr__ = __str__

    def _repr_markdown_(self) -> str:
        if self.correct:
            return f"✅ **Correct!** {self.message}"
        text = f"🟠 **Not yet:** {self.message}"
        if self.hint:
            text += f"\n\n*Hint:* {self.hint}"
        return text

    def _repr_html_(self) -> str:
        if self.correct:
            color, background, mark, title = "#1a7f37", "#e9f7ee", "✔", "Correct!"
        else:
            color, background, mark, title = "#b35900", "#fff4e5", "●", "Not yet:"
        body = (
            f'<span style="color:{color};font-weight:bold">{mark} {title}</span> '
            f"{html.escape(self.message)}"
        )
        if self.hint:
            body += f"<br><i>Hint:</i> {html.escape(self.hint)}"
        return (
            f'<div class="kerasteach-check" style="border-left:4px solid {color};'
            f'background:{background};padding:6px 10px;color:#1f2328">{body}</div>'
        )


def _wrong(kind: str, message: str, hint: str = "", layer: str | None = None):
    return CheckResult(False, message[:1].upper() + message[1:], hint, layer, kind)


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


class _Flat:
    def __init__(self, graph: ModelGraph):
        self.name = graph.name
        self.origin = graph.origin
        self.nodes: list[_Node] = []
        self.inputs: list[Tensor] = []
        self.outputs = self._inline(graph, (), "", None)
        self.input_keys = (
            list(graph.inputs) if isinstance(graph.inputs, Mapping) else None
        )
        self.output_keys = (
            list(graph.outputs) if isinstance(graph.outputs, Mapping) else None
        )
        self.consumers: dict[Tensor, list[int]] = {}
        for node in self.nodes:
            for t in dict.fromkeys(node.inputs):
                self.consumers.setdefault(t, []).append(node.index)
        self.output_set = set(self.outputs)
        self.layer_count = len({n.key for n in self.nodes if n.kind != INPUT})

    def _inline(self, graph, prefix_key, prefix_name, feeds) -> list[Tensor]:
        tmap: dict[TensorRef, Tensor] = {}
        input_pos = {r: i for i, r in enumerate(graph.input_refs)}
        for call in graph.calls:
            layer = graph.layers[call.layer]
            ref0 = TensorRef(call.index, 0)
            if layer.kind == INPUT and feeds is not None and ref0 in input_pos:
                tmap[ref0] = feeds[input_pos[ref0]]
                continue
            inputs = tuple(tmap[r] for r in call.inputs)
            sub = layer.submodel
            if layer.kind == MODEL and sub is not None:
                if len(inputs) == len(sub.input_refs):
                    outs = self._inline(
                        sub,
                        (*prefix_key, layer.index),
                        f"{prefix_name}{layer.name}/",
                        inputs,
                    )
                    for k, t in enumerate(outs):
                        tmap[TensorRef(call.index, k)] = t
                    continue
            node = _Node(
                index=len(self.nodes),
                name=prefix_name + layer.name,
                key=(*prefix_key, layer.index),
                kind=layer.kind,
                class_name=layer.class_name,
                module=layer.module,
                config=_settings(layer, call),
                inputs=inputs,
                shapes=call.output_shapes,
            )
            self.nodes.append(node)
            for k in range(call.n_outputs):
                tmap[TensorRef(call.index, k)] = (node.index, k)
        if feeds is None:
            self.inputs = [tmap[r] for r in graph.input_refs]
        return [tmap[r] for r in graph.output_refs]

    def shape(self, t: Tensor):
        return self.nodes[t[0]].shapes[t[1]]


def _settings(layer, call) -> dict:
    """The config entries that define the architecture."""
    if layer.kind == INPUT:
        return {"shape": tuple(layer.config.get("batch_shape", (None,)))[1:]}
    if layer.kind == OP:
        constants = _constants((call.args, dict(call.kwargs)))
        return {"arguments": constants} if constants else {}
    return {
        k: v
        for k, v in layer.config.items()
        if k not in _IGNORED_KEYS and not k.endswith(_IGNORED_SUFFIXES)
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


def _same(a: _Node, b: _Node) -> bool:
    return a.class_name == b.class_name and a.config == b.config


# --------------------------------------------------------------------------
# words


def _describe(node: _Node) -> str:
    """Constructor-like words for a node: ``Dense(64, activation='relu')``."""
    if node.kind == INPUT:
        return f"keras.Input(shape={node.config['shape']!r})"
    if node.kind == OP:
        return f"keras.ops.{snake(node.class_name)}(...)"
    cls = resolve_class(node.module, node.class_name)
    shown = dict(node.config)
    required: tuple[str, ...] = ()
    if cls is not None:
        required, _, _ = signature_info(cls)
        defaults = default_config(cls, dict(node.config))
        if defaults:
            shown = {
                k: v for k, v in shown.items() if k in required or defaults.get(k) != v
            }
    args = [repr(shown.pop(k)) for k in required if k in shown]
    args += [f"{k}={v!r}" for k, v in shown.items()]
    return f"{node.class_name}({', '.join(args)})"


def _label(flat: _Flat, t: Tensor) -> str:
    node = flat.nodes[t[0]]
    if node.kind == INPUT:
        label = "the input" if len(flat.inputs) == 1 else f"the input {node.name!r}"
    else:
        label = repr(node.name)
    if len(node.shapes) > 1:
        label = f"output {t[1]} of {label}"
    return label


def _labels(flat: _Flat, tensors) -> str:
    names = [_label(flat, t) for t in tensors]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _layer_name(flat: _Flat, t: Tensor) -> str | None:
    node = flat.nodes[t[0]]
    return None if node.kind == INPUT else node.name


def _output_of(label: str) -> str:
    if label.startswith(("the input", "output ")):
        return label
    return f"the output of {label}"


def _a(word: str) -> str:
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# --------------------------------------------------------------------------
# the public entry point


def check(student_model, reference) -> CheckResult:
    """Compare the architecture of ``student_model`` with ``reference``.

    Both may be Keras models (Sequential, Functional or a traceable
    subclass) or :class:`~kerasteach.graph.ModelGraph` objects.  Layer names
    and weights do not matter; the student may use either API style.
    Returns a :class:`CheckResult` that is truthy when the architectures
    match and displays as a short note in a notebook.
    """
    from ._reader import read_model

    ref_graph = read_model(reference)
    ref = _Flat(ref_graph)
    if student_model is None:
        return _wrong(
            "not-a-model",
            "there is no model to check yet: check() received None.",
            "Build your model, assign it to a variable and pass that variable: "
            "check(model, reference).",
        )
    try:
        stu_graph = read_model(student_model)
    except TypeError:
        return _wrong(
            "not-a-model",
            "that is not a Keras model: check() expected a keras.Sequential or "
            f"keras.Model but received {type(student_model).__name__}.",
            "Pass the model itself: check(model, reference).",
        )
    except NotBuiltError:
        if not getattr(student_model, "layers", None):
            return _wrong(
                "empty",
                "your model has no layers yet.",
                "Add the layers the exercise asks for, in order: model.add("
                "layers.Dense(...)), or list them in keras.Sequential([...]).",
            )
        shapes = [ref.shape(t)[1:] for t in ref.inputs]
        example = (
            f"keras.Input(shape={shapes[0]!r})" if len(shapes) == 1 else "keras.Input"
        )
        return _wrong(
            "not-built",
            "your model does not know its input shape yet, so its layers are not "
            "connected and there is nothing to compare.",
            f"Start the model with {example}, e.g. keras.Sequential([{example}, ...]).",
        )
    except KerasTeachError as exc:
        return _wrong(
            "not-a-model",
            f"your model could not be read. {exc}",
            "Build it with keras.Sequential or with the Functional API.",
        )
    return _Comparison(ref, _Flat(stu_graph)).run()


class _Comparison:
    def __init__(self, ref: _Flat, stu: _Flat):
        self.ref = ref
        self.stu = stu
        self.map: dict[int, int] = {}  # reference node -> student node
        self.used: set[int] = set()
        self.layer_map: dict[tuple, tuple] = {}
        self.layer_rev: dict[tuple, tuple] = {}

    def tensor(self, t: Tensor) -> Tensor:
        return (self.map[t[0]], t[1])

    # -- the walk --------------------------------------------------------
    def run(self) -> CheckResult:
        result = self.check_inputs()
        if result is None:
            result = self.check_output_count()
        if result is not None:
            return result
        for node in self.ref.nodes:
            if node.index in self.map:
                continue
            result = self.match(node)
            if result is not None:
                return result
        return self.check_rest()

    def match(self, node: _Node) -> CheckResult | None:
        want = tuple(self.tensor(t) for t in node.inputs)
        # only the readers of the wanted tensors can match (keeps big models fast)
        readers = dict.fromkeys(i for t in want for i in self.stu.consumers.get(t, []))
        pool = [self.stu.nodes[i] for i in readers if i not in self.used]
        candidates = [s for s in pool if s.inputs == want]
        if node.class_name in _COMMUTATIVE:
            candidates += [
                s
                for s in pool
                if s.class_name == node.class_name
                and s not in candidates
                and sorted(s.inputs) == sorted(want)
            ]
        exact = [s for s in candidates if _same(node, s)]
        if exact:
            return self.pair(node, exact[0])
        if candidates:
            candidates.sort(key=lambda s: s.class_name != node.class_name)
            return self.diverge(node, candidates[0])
        free = [
            s for s in self.stu.nodes if s.index not in self.used and s.kind != INPUT
        ]
        return self.unreached(node, want, free)

    def pair(self, node: _Node, s: _Node) -> CheckResult | None:
        key, skey = node.key, s.key
        if key in self.layer_map and self.layer_map[key] != skey:
            other = next(n for n in self.stu.nodes if n.key == self.layer_map[key])
            return _wrong(
                "shared",
                f"your model uses two different layers, {other.name!r} and "
                f"{s.name!r}, where the reference calls one shared layer twice "
                "(both calls use the same weights).",
                f"Create the layer once, e.g. shared = {_describe(s)}, and call "
                "that same layer on each input: shared(a), shared(b).",
                s.name,
            )
        if skey in self.layer_rev and self.layer_rev[skey] != key:
            return _wrong(
                "shared",
                f"your model calls layer {s.name!r} more than once, so its "
                "weights are shared, but the reference uses a separate layer, "
                "with its own weights, for each of these calls.",
                f"Create a new {s.class_name} layer for each use instead of "
                f"calling {s.name!r} again.",
                s.name,
            )
        self.layer_map[key] = skey
        self.layer_rev[skey] = key
        self.map[node.index] = s.index
        self.used.add(s.index)
        return None

    # -- where the models part ------------------------------------------
    def diverge(self, node: _Node, cand: _Node) -> CheckResult:
        ref_chain = _chain(self.ref, node.index)
        stu_chain = _chain(self.stu, cand.index, stop=self.used)
        op = _first_edit(
            [self.ref.nodes[i] for i in ref_chain],
            [self.stu.nodes[i] for i in stu_chain],
        )
        prev = _labels(self.stu, cand.inputs)
        prev_layer = _layer_name(self.stu, cand.inputs[0])
        if op == "missing":
            return _wrong(
                "missing-layer",
                f"your model is missing a layer: after {prev} the reference has "
                f"{_describe(node)}, but your model goes straight to "
                f"{cand.name!r} ({cand.class_name}).",
                f"Add {_describe(node)} between {prev} and {cand.name!r}.",
                prev_layer,
            )
        if op == "extra":
            return _wrong(
                "extra-layer",
                f"your model has an extra layer {cand.name!r} "
                f"({_describe(cand)}) after {prev}; at that point the reference "
                f"continues with {_describe(node)}.",
                f"Remove {cand.name!r}.",
                cand.name,
            )
        if cand.class_name != node.class_name:
            return _wrong(
                "layer-type",
                f"layer {cand.name!r} is {_a(cand.class_name)} layer, but at "
                f"this point (after {prev}) the reference has "
                f"{_a(node.class_name)} layer: {_describe(node)}.",
                f"Replace {cand.name!r} with {_describe(node)}.",
                cand.name,
            )
        return self.settings(node, cand)

    def settings(self, node: _Node, s: _Node) -> CheckResult:
        keys = [k for k in _SETTING_WORDS if k in node.config or k in s.config]
        keys += sorted(k for k in {*node.config, *s.config} if k not in _SETTING_WORDS)
        diff = [k for k in keys if node.config.get(k) != s.config.get(k)]
        key = diff[0]
        mine, theirs = s.config.get(key), node.config.get(key)
        label = f"layer {s.name!r} ({s.class_name})"
        if key in ("units", "filters"):
            text = f"{label} has {mine} {key}; the reference has {theirs}."
        elif key == "kernel_size":
            text = f"{label} has kernel size {mine!r}; the reference uses {theirs!r}."
        elif key == "activation":
            text = (
                f"{label} uses the {mine!r} activation; the reference uses {theirs!r}."
            )
        else:
            text = f"{label} has {key}={mine!r}; the reference has {key}={theirs!r}."
        if len(diff) > 1:
            more = len(diff) - 1
            text = text[:-1] + (
                f" ({_plural(more, 'other setting')} differ{'s' if more == 1 else ''}"
                " too)."
            )
        out_shapes = [self.ref.shape(t) for t in self.ref.outputs if t[0] == node.index]
        if out_shapes and (s.shapes[0] != out_shapes[0]):
            text += (
                f" So your model's output has shape {s.shapes[0]} instead of "
                f"{out_shapes[0]}."
            )
        hint = f"Change it to {_describe(node)}."
        nxt = self.stu.consumers.get((s.index, 0), [])
        if key == "activation" and mine == "linear" and nxt:
            after = self.stu.nodes[nxt[0]]
            if after.class_name == "Activation":
                hint += (
                    f" Your separate Activation layer {after.name!r} does the same "
                    f"job, but the reference puts the activation inside the "
                    f"{s.class_name} layer."
                )
        kind = key if key in _SETTING_WORDS else "config"
        return _wrong(kind, text, hint, s.name)

    def unreached(self, node: _Node, want, free) -> CheckResult:
        """No free student call reads exactly the tensors ``node`` reads."""
        same_class = [s for s in free if s.class_name == node.class_name]
        same_class.sort(key=lambda s: not _same(node, s))
        wanted = _labels(self.stu, want)
        if same_class and node.kind != INPUT:
            s = same_class[0]
            got = _labels(self.stu, s.inputs)
            if sorted(s.inputs) == sorted(want):
                text = (
                    f"layer {s.name!r} ({s.class_name}) combines {got} in this "
                    f"order; the reference combines {wanted}, and for "
                    f"{s.class_name} the order matters."
                )
            else:
                verb = "combines" if len(set(want)) > 1 else "takes its input from"
                text = (
                    f"layer {s.name!r} ({s.class_name}) takes its input from "
                    f"{got}, but in the reference this layer {verb} {wanted}."
                )
            return _wrong(
                "connection",
                text,
                f"Call {s.name!r} on {wanted} instead.",
                s.name,
            )
        desc = _describe(node)
        if len(set(want)) > 1:
            return _wrong(
                "missing-layer",
                f"your model is missing a layer: the reference combines {wanted} "
                f"with {desc}, and no layer of your model takes exactly these inputs.",
                f"Merge them with {desc}, calling it on a list: "
                f"keras.layers.{node.class_name}()([a, b])."
                + (
                    " A keras.Sequential model cannot merge two tensors: write "
                    "this model with the Functional API."
                    if self.stu.origin == "sequential"
                    else ""
                ),
                None,
            )
        ends = any(t in self.stu.output_set for t in want)
        where = (
            f"your model stops after {wanted}" if ends else "nothing in your model does"
        )
        return _wrong(
            "missing-layer",
            f"your model is missing a layer: the reference applies {desc} to "
            f"{_output_of(wanted)}, and {where}.",
            f"Add {desc} and call it on {_output_of(wanted)}.",
            _layer_name(self.stu, want[0]) if want else None,
        )

    # -- the whole model -------------------------------------------------
    def check_inputs(self) -> CheckResult | None:
        ref, stu = self.ref, self.stu
        n_ref, n_stu = len(ref.inputs), len(stu.inputs)
        if n_ref != n_stu:
            shapes = " and ".join(str(ref.shape(t)) for t in ref.inputs)
            hint = (
                "Create one keras.Input per input and pass them all to "
                "keras.Model(inputs=[...], outputs=...); a Sequential model "
                "always has exactly one input."
                if n_ref > 1
                else "Give your model a single keras.Input, like the reference."
            )
            return _wrong(
                "inputs",
                f"your model has {_plural(n_stu, 'input')}; the reference has "
                f"{n_ref} (shape{'s' if n_ref > 1 else ''} {shapes}).",
                hint,
            )
        pairs = list(zip(ref.inputs, stu.inputs, strict=True))
        if ref.input_keys is not None and stu.input_keys is not None:
            if sorted(ref.input_keys) != sorted(stu.input_keys):
                return _wrong(
                    "inputs",
                    f"your model's inputs are named {sorted(stu.input_keys)}; the "
                    f"reference expects {sorted(ref.input_keys)}.",
                    "Use the same keys in the inputs dict you pass to keras.Model.",
                )
            by_key = dict(zip(stu.input_keys, stu.inputs, strict=True))
            pairs = [
                (t, by_key[k]) for k, t in zip(ref.input_keys, ref.inputs, strict=True)
            ]
        for i, (rt, st) in enumerate(pairs):
            r_shape, s_shape = ref.shape(rt), stu.shape(st)
            if r_shape[1:] != s_shape[1:]:
                which = (
                    "your model's input"
                    if n_ref == 1
                    else (f"input {i + 1} ({stu.nodes[st[0]].name!r}) of your model")
                )
                return _wrong(
                    "input-shape",
                    f"{which} has shape {s_shape}; the reference expects {r_shape}.",
                    f"Use keras.Input(shape={r_shape[1:]!r}).",
                    stu.nodes[st[0]].name,
                )
            self.map[rt[0]] = st[0]
            self.used.add(st[0])
        return None

    def check_output_count(self) -> CheckResult | None:
        n_ref, n_stu = len(self.ref.outputs), len(self.stu.outputs)
        if n_ref == n_stu:
            return None
        shapes = " and ".join(str(self.ref.shape(t)) for t in self.ref.outputs)
        hint = (
            "Return every output: keras.Model(inputs, [out_a, out_b]) or a dict "
            "{'a': out_a, 'b': out_b}; a Sequential model always has exactly "
            "one output."
            if n_ref > 1
            else "Return a single output tensor from your model."
        )
        return _wrong(
            "outputs",
            f"your model has {_plural(n_stu, 'output')}; the reference has "
            f"{n_ref} (shape{'s' if n_ref > 1 else ''} {shapes}).",
            hint,
        )

    def check_rest(self) -> CheckResult:
        ref, stu = self.ref, self.stu
        for s in stu.nodes:
            if s.index not in self.used:
                return _wrong(
                    "extra-layer",
                    f"your model has an extra layer {s.name!r} ({_describe(s)}) "
                    f"after {_labels(stu, s.inputs)}; the reference has no such layer.",
                    f"Remove {s.name!r}.",
                    s.name,
                )
        pairs = list(enumerate(zip(ref.outputs, stu.outputs, strict=True)))
        names = [str(i + 1) for i in range(len(pairs))]
        if ref.output_keys is not None and stu.output_keys is not None:
            if sorted(ref.output_keys) != sorted(stu.output_keys):
                return _wrong(
                    "outputs",
                    f"your model's outputs are named {sorted(stu.output_keys)}; "
                    f"the reference returns {sorted(ref.output_keys)}.",
                    "Use the same keys in the outputs dict you pass to keras.Model.",
                )
            by_key = dict(zip(stu.output_keys, stu.outputs, strict=True))
            pairs = [
                (i, (t, by_key[k]))
                for i, (k, t) in enumerate(
                    zip(ref.output_keys, ref.outputs, strict=True)
                )
            ]
            names = [repr(k) for k in ref.output_keys]
        for i, (rt, st) in pairs:
            expected = self.tensor(rt)
            which = (
                "your model's output"
                if len(pairs) == 1
                else f"your model's output {names[i]}"
            )
            if expected != st:
                return _wrong(
                    "outputs",
                    f"{which} is {_output_of(_label(stu, st))}, but in the "
                    f"reference it is {_output_of(_label(stu, expected))}.",
                    f"Check the outputs you pass to keras.Model: this one should be "
                    f"{_output_of(_label(stu, expected))}.",
                    _layer_name(stu, st),
                )
            if ref.shape(rt) != stu.shape(st):
                return _wrong(
                    "output-shape",
                    f"{which} has shape {stu.shape(st)}; the reference gives "
                    f"{ref.shape(rt)}.",
                    "Compare the last layers of both models.",
                    _layer_name(stu, st),
                )
        style = ""
        if stu.origin != ref.origin and "subclassed" not in (stu.origin, ref.origin):
            style = (
                f" You wrote it in the {stu.origin.capitalize()} style and the "
                f"reference is {ref.origin.capitalize()}: both describe the same model."
            )
        return CheckResult(
            True,
            f"Your model has the same architecture as the reference "
            f"({_plural(stu.layer_count, 'layer')}, "
            f"{_plural(len(stu.inputs), 'input')}, "
            f"{_plural(len(stu.outputs), 'output')}).{style}",
        )


# --------------------------------------------------------------------------
# chains and their alignment


def _chain(flat: _Flat, start: int, stop=frozenset()) -> list[int]:
    """``start`` and the layers that follow it one after the other."""
    out = [start]
    n = start
    while len(out) < _MAX_CHAIN:
        node = flat.nodes[n]
        if len(node.shapes) != 1 or (n, 0) in flat.output_set:
            break
        users = flat.consumers.get((n, 0), [])
        if len(users) != 1:
            break
        nxt = flat.nodes[users[0]]
        if len(set(nxt.inputs)) != 1 or nxt.index in stop:
            break
        out.append(nxt.index)
        n = nxt.index
    return out


def _first_edit(ref: list[_Node], stu: list[_Node]) -> str:
    """The first step of the cheapest way to turn ``stu`` into ``ref``:
    ``"missing"`` (a reference layer is absent), ``"extra"`` (a student layer
    is too many) or ``"change"`` (the first layers differ in type or settings).
    """
    n, m = len(ref), len(stu)

    def sub(i, j):
        if _same(ref[i], stu[j]):
            return 0.0
        return 0.5 if ref[i].class_name == stu[j].class_name else 1.0

    cost = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n, -1, -1):
        for j in range(m, -1, -1):
            if i == n or j == m:
                cost[i][j] = float((n - i) + (m - j))
                continue
            cost[i][j] = min(
                sub(i, j) + cost[i + 1][j + 1], 1 + cost[i + 1][j], 1 + cost[i][j + 1]
            )
    best = cost[0][0]
    options = []  # in order of preference when several are cheapest
    if ref[0].class_name == stu[0].class_name:
        options.append(("change", sub(0, 0) + cost[1][1]))
    if n > m:
        options.append(("missing", 1 + cost[1][0]))
    if m > n:
        options.append(("extra", 1 + cost[0][1]))
    options += [
        ("change", sub(0, 0) + cost[1][1]),
        ("missing", 1 + cost[1][0]),
        ("extra", 1 + cost[0][1]),
    ]
    return next(op for op, c in options if c == best)
