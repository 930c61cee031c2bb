"""The code writer behind :mod:`kerasteach.codegen`.

An :class:`_Emitter` is made fresh for each emission: it owns the namespace
that gives unique, keyword-safe variable names, collects the imports as a set
and the statements in blocks, and writes the layers' constructor calls
(``layers.Dense(64, activation="relu")``, ``keras.Input(...)``).  Readable
code passes only the arguments that differ from a layer's defaults
(:func:`kerasteach._defaults.same` compares a value with its default).
Every value goes through :func:`kerasteach._source.literal`, and what
``literal`` cannot write alone (arrays, Keras objects, lost functions) comes
from the methods it inherits from :class:`kerasteach._emit_values._ValueWriter`;
what a layer wraps (a Lambda's function, a PyTorch module) from
:class:`kerasteach._emit_wrapped._WrappedWriter`.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ._defaults import default_config, resolve_class, same, signature_info
from ._defaults_verified import accepted_setting, missing_keys, shorter_setting
from ._emit_packages import package_ref
from ._emit_settings import (
    BY_KEYWORD,
    call_spec,
    first_by_position,
    global_settings,
    has_own_build,
    plain_bidirectional,
    refused_note,
    refused_setting,
    worked_out,
)
from ._emit_unaccepted import accepted_keys, frozen_by_hand, takes, unaccepted_note
from ._emit_values import _ValueWriter, with_functions
from ._emit_wrapped import _WrappedWriter
from ._names import Namespace, auto_stems, is_auto_name, snake
from ._source import Expr, Item, Leaf, call_items
from .errors import UnsupportedValueError
from .graph import INPUT, OP, Layer, ModelGraph

if TYPE_CHECKING:  # pragma: no cover
    from .codegen import GeneratedCode

_SKIP_KEYS = {"name"}


# Modules that hold the student's own code rather than an importable file:
# a notebook or script, and the namespace the playground runs code in
# (kerasteach._widget_run).  Their classes and functions are used by name.
OWN_CODE_MODULES = {
    "__main__": "(in your notebook or script)",
    "__playground__": "(in the playground)",
}


class _Emitter(_ValueWriter, _WrappedWriter):
    def __init__(
        self, faithful: bool, strict: bool, reserved: frozenset[str] = frozenset()
    ):
        self.faithful = faithful
        self.strict = strict
        self.ns = Namespace(reserved)
        # the names of the student's functions and the imported names the
        # code uses: a variable must not take one (see codegen._written)
        self.referenced: set[str] = set()
        self.imports: set[str] = set()
        self.from_imports: dict[str, str] = {}  # alias -> "from m import C as alias"
        self.class_alias: dict[tuple[str, str], str] = {}
        # one block per model: the key of the nested model it builds (None
        # for the whole model) and its statements, each with the key of the
        # layer it is about (None for the model's own lines)
        self.blocks: list[tuple[str | None, list[tuple[str | None, list[str]]]]] = []
        self.notes: list[str] = []
        # Placeholder functions (a Lambda layer's lost function): written
        # after the imports, never inside a model's statements, where a
        # ``def`` would break a ``keras.Sequential([...])`` list.
        self.defs: list[list[str]] = []
        self.graph: ModelGraph | None = None
        # the stems of the names the code keeps (ModelEmitter sets them)
        self.taken_stems: set[str] = set()

    # -- output -------------------------------------------------------------
    def result(self, style: str, model_name: str) -> GeneratedCode:
        from .codegen import GeneratedCode

        plain = sorted(i for i in self.imports if i.startswith("import "))
        froms = sorted(
            [i for i in self.imports if i.startswith("from ")]
            + list(self.from_imports.values())
        )
        header = plain + froms
        lines: list[str] = list(header)
        for stub in self.defs:  # two blank lines around a def, as ruff formats
            lines += ["", "", *stub]
        if self.defs:
            lines.append("")
        settings = global_settings()
        if settings:
            lines += ["", *settings]
        spans: dict[str, tuple[int, int]] = {}
        definitions: dict[str, tuple[int, int]] = {}
        for model_key, block in self.blocks:
            lines.append("")
            begin = len(lines) + 1
            for key, stmt in block:
                start = len(lines) + 1
                lines.extend(stmt)
                if key is not None:
                    old = spans.get(key)
                    first = old[0] if old else start
                    spans[key] = (first, len(lines))
            if model_key is not None:
                definitions[model_key] = (begin, len(lines))
        source = "\n".join(lines) + "\n"
        return GeneratedCode(
            source=source,
            style=style,
            faithful=self.faithful,
            imports=tuple(header),
            spans=spans,
            definitions=definitions,
            notes=tuple(dict.fromkeys(self.notes)),
            model_name=model_name,
        )

    # -- names and imports ---------------------------------------------------
    def class_ref(self, module: str, class_name: str) -> Leaf:
        # Both come from the model (a saved file may say anything): they are
        # written into the code as names, so they must be names.
        if not all(p.isidentifier() for p in f"{module}.{class_name}".split(".")):
            bad = f"{module}.{class_name}".replace("\n", "\\n")
            raise UnsupportedValueError(
                f"the model refers to {bad[:80]!r}, which is not a Python name, "
                "so kerasteach will not write it into code. Rebuild the model "
                "from your own code, then generate its code again."
            )
        whole = package_ref(module, class_name)  # keras.ops.sin, tf.math.sin
        if whole is not None:
            self.imports.add(whole[0])
            return Leaf(whole[1])
        key = (module, class_name)
        if key in self.class_alias:
            return Leaf(self.class_alias[key])
        top = class_name.split(".")[0]
        if module in OWN_CODE_MODULES or "<locals>" in class_name:
            where = OWN_CODE_MODULES.get(module, f"(in {module})")
            return self.own_code(key, class_name.split(".")[-1], where)
        if module == "builtins" and not hasattr(builtins, class_name):
            # Keras records a function of the user's own code (an activation,
            # a regularizer) as if it were a builtin.
            return self.own_code(key, class_name, "")
        alias = top
        n = 1
        while hasattr(builtins, alias) or (  # never shadow abs or sum
            alias in self.from_imports
            and not self.from_imports[alias].startswith(f"from {module} import {top}")
        ):
            alias = f"{top}_{n}"
            n += 1
        rest = class_name[len(top) :]
        line = f"from {module} import {top}" + (f" as {alias}" if alias != top else "")
        self.from_imports[alias] = line
        self.ns._used.add(alias)
        self.referenced.add(alias)
        self.class_alias[key] = alias + rest
        return Leaf(alias + rest)

    def keep_name(self, name: str, class_name: str) -> bool:
        """Whether the code writes ``name``: always in faithful code; in
        readable code unless Keras made it up (``dense_3``) and will make one
        up again, which it can do only when no name the code keeps is one it
        could make up for this class (a Flatten named ``dense`` beside an
        unnamed Dense would clash in a fresh session)."""
        if self.faithful or not is_auto_name(name, class_name):
            return True
        return not auto_stems(class_name).isdisjoint(self.taken_stems)

    def var_for(self, layer: Layer) -> str:
        """A variable name for ``layer``: its own name, or for a name Keras
        made up (``dense_7``) the class's, so the code does not depend on
        Keras's global name counter."""
        if is_auto_name(layer.name, layer.class_name):
            base = "inputs" if layer.kind == INPUT else snake(layer.class_name)
            if layer.kind == OP and layer.function_name:
                base = layer.function_name.rpartition(".")[2]
            return self.ns.create_name(base)
        return self.ns.create_name(layer.name)

    def own_code(self, key: tuple[str, str], name: str, where: str) -> Leaf:
        """A class or function the student defined: used by its name, with a
        note to run its definition first."""
        self.notes.append(
            f"{name} is defined in your own code{' ' + where if where else ''}; "
            "run that definition before this code."
        )
        self.class_alias[key] = name
        self.ns._used.add(name)
        self.referenced.add(name)
        return Leaf(name)

    # -- layers ------------------------------------------------------------------
    def layer_ctor(
        self,
        module,
        class_name,
        cls,
        config: dict,
        layer: Layer | None = None,
        held: Mapping[str, Expr] | None = None,
    ) -> Expr:
        """``layers.Dense(64, activation="relu")``: the constructor call;
        ``held`` gives the code for config values that are models built
        before (``layers.TimeDistributed(encoder)``)."""
        name = config.get("name")
        callee = self.class_ref(module, class_name)
        if class_name == "Lambda" and module == "keras.layers":
            return self.lambda_ctor(callee, config, layer)
        if class_name == "Bidirectional" and module == "keras.layers":
            config = config if self.faithful else plain_bidirectional(config)
        required, _, _ = signature_info(cls)
        defaults = default_config(cls, config) if cls is not None else None
        chosen = [k for k in required if k in config]
        for key, val in config.items():
            if key in required or key in _SKIP_KEYS:
                continue
            if defaults is not None and key in defaults and same(defaults[key], val):
                continue
            chosen.append(key)
        refused = refused_setting(module, class_name, config)
        if refused is not None and self.faithful:  # the config cannot be the same
            self.notes.append(refused_note(name, class_name, config, refused))
        if defaults is not None:
            chosen = [k for k in chosen if k != refused]
            extra = None
            if not self.faithful:  # no vocabulary_size=4, no axis=[-1]
                chosen, extra = self.without_worked_out(
                    cls, config, chosen, layer, defaults
                )
            if extra is None:
                extra = missing_keys(cls, config, chosen)
            if extra is None:
                chosen = [k for k in config if k not in _SKIP_KEYS]
            elif extra:
                chosen += [k for k in config if k in extra and k not in chosen]
        values = {**self.lost_functions(config), **(held or {})}
        chosen = [k for k in chosen if k != refused]
        chosen, lost = accepted_keys(cls, config, chosen)
        if layer is not None and frozen_by_hand(layer):  # frozen after it is made
            lost = [k for k in lost if k != "trainable"]
        named = name is not None and self.keep_name(name, class_name)
        if cls is not None and not takes(cls, "name"):
            named = False
            name = layer.name if layer is not None and name is None else name
            if name is not None and self.keep_name(name, class_name):
                lost.append("name")  # faithful code, or one the student chose
        if lost:
            named_config = {**config, "name": name}
            self.notes.append(unaccepted_note(name, class_name, named_config, lost))
        if cls is not None:  # readable: kernel_size=3, not (3, 3); faithful:
            # the config's value, unless the constructor refuses it
            short = accepted_setting if self.faithful else shorter_setting
            for key in chosen:  # the required ones among them
                if values[key] is config[key]:
                    values[key] = short(cls, config, required, key)
        items: list[Item] = []
        positional = self.faithful or (module, class_name) not in BY_KEYWORD
        for key in required:
            if key not in config:
                positional = False
                continue
            item = self.setting(values, key, class_name, name)
            items.append(Item(item, None if positional else key))
        first = first_by_position(module, class_name, cls, required, chosen)
        if first is not None:  # RandomFlip("horizontal", seed=1)
            chosen = [first] + [k for k in chosen if k != first]
        for key in chosen:
            if key not in required:
                item = self.setting(values, key, class_name, name)
                items.append(Item(item, None if key == first else key))
        if named:
            items.append(Item(self.value(name), "name"))
        return call_items(callee, items)

    def without_worked_out(
        self, cls, config: dict, chosen: list[str], layer: Layer | None, defaults
    ) -> tuple[list[str], frozenset | None]:
        """``chosen`` without the settings Keras worked out itself (see
        :mod:`kerasteach._emit_settings`) that building the layer from the
        rest gives back, unbuilt or else called as the model calls it, and
        the keys to pass besides; (``chosen``, None) when none is left out.
        ``defaults`` is the class's config built from the required arguments
        alone (:func:`kerasteach._defaults.default_config`).
        When several must come back, the first is put back and the others
        tried again: ``vocabulary_size`` follows from ``vocabulary``."""
        candidates = worked_out(cls, config, chosen, defaults)
        if not candidates:
            return chosen, None
        spec = call_spec(self.graph, layer) if has_own_build(cls) else None
        kept = [k for k in chosen if k not in candidates]
        while True:
            extra = missing_keys(cls, config, kept)
            if extra is not None and not extra.isdisjoint(candidates) and spec:
                built = missing_keys(cls, config, kept, spec)
                extra = extra if built is None else built
            if extra is None:
                return chosen, None
            back = [k for k in candidates if k in extra and k not in kept]
            if len(back) < 2:
                return [k for k in chosen if k in kept or k in extra], extra
            kept.append(back[0])

    def setting(self, values: dict, key: str, class_name: str, name) -> Expr:
        """The code for ``values[key]``, a setting of layer ``name``; a value
        no code can write is refused with the layer, the key and the fix."""
        try:
            return self.value(values[key])
        except UnsupportedValueError as exc:
            if not hasattr(exc, "unwritable"):
                raise  # it says what it is about already
            odd = exc.unwritable
            raise UnsupportedValueError(
                f"Layer {name!r} ({class_name}) has {key}={values[key]!r:.80} in "
                f"its config, and kerasteach cannot write a {type(odd).__name__} "
                f"({odd!r:.40}) as Python code: it writes None, bools, numbers, "
                "strings, lists, tuples and dicts of those, arrays and Keras "
                f"objects. Make {class_name}.get_config() return {key} as one of "
                "those (a list for a set, a string for a dtype or bytes) and "
                "from_config() turn it back, then generate the code again."
            ) from None

    def graph_layer_ctor(
        self, layer: Layer, held: Mapping[str, Expr] | None = None
    ) -> Expr:
        cls = resolve_class(layer.module, layer.class_name)
        config = with_functions(dict(layer.config), layer.functions)
        if "name" not in config and cls is not None:
            # Keras's own config of a custom layer without get_config() may
            # leave the name out (its catch-all is **kw, not **kwargs): the
            # layer's name is still known, and the class takes one
            _, defaults, var_kw = signature_info(cls)
            if var_kw or "name" in defaults:
                config["name"] = layer.name
        if layer.torch_module is not None:  # not its pickle: a module
            module = self.torch_module(layer.torch_module, layer.name)
            held = {**(held or {}), "module": module}
        return self.layer_ctor(layer.module, layer.class_name, cls, config, layer, held)

    def input_ctor(self, layer: Layer) -> Expr:
        import keras

        config = layer.config
        self.imports.add("import keras")
        batch_shape = tuple(config.get("batch_shape") or (None,))
        items: list[Item] = []
        if batch_shape[0] is None:
            items.append(Item(self.value(tuple(batch_shape[1:])), "shape"))
        else:
            items.append(Item(self.value(batch_shape), "batch_shape"))
        dtype = config.get("dtype")
        if dtype is not None and dtype != keras.config.floatx():
            items.append(Item(self.value(dtype), "dtype"))
        for flag in ("sparse", "ragged", "optional"):
            if config.get(flag):
                items.append(Item(self.value(True), flag))
        if self.keep_name(layer.name, "InputLayer"):
            items.append(Item(self.value(layer.name), "name"))
        return call_items(Leaf("keras.Input"), items)
