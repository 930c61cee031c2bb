"""The code writer behind :mod:`kerasteach.codegen`.

An :class:`_Emitter` is made fresh for each emission: it owns the namespace
that gives unique, keyword-safe variable names, collects the imports as a set
and the statements in blocks, and renders every value through
:func:`kerasteach._source.literal`.  Readable
code passes only the arguments that differ from a layer's defaults
(:func:`kerasteach._defaults.same` compares a value with its default).
"""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING, Any

from ._defaults import (
    auto_stems,
    default_config,
    dumped_function,
    global_dtypes,
    is_auto_name,
    missing_keys,
    resolve_class,
    same,
    signature_info,
    snake,
)
from ._names import Namespace
from ._source import (
    Expr,
    Item,
    Leaf,
    call,
    call_items,
    format_statement,
    literal,
)
from .errors import LambdaLayerError, UnsupportedValueError
from .graph import INPUT, OP, Layer, ModelGraph

if TYPE_CHECKING:  # pragma: no cover
    from .codegen import GeneratedCode

_SKIP_KEYS = {"name"}
# The most numbers a constant tensor in a model may hold to be written out.
MAX_CONSTANT = 1000
# Config keys a constructor refuses together, though the config holds both
# (an adapted Discretization keeps num_bins beside the bin_boundaries it
# found): when the first is set, the second is left out.
_EITHER = {("keras.layers", "Discretization"): ("bin_boundaries", "num_bins")}
# Serialized arrays in a config: class name -> (import, constructor to call).
_ARRAYS = {
    "__numpy__": ("import numpy as np", "np.array"),
    "__tensor__": ("import keras", "keras.ops.convert_to_tensor"),
}


# Modules that hold the student's own code rather than an importable file:
# a notebook or script, and the namespace the playground runs code in
# (kerasteach._widget_run).  Their classes and functions are used by name.
OWN_CODE_MODULES = {
    "__main__": "(in your notebook or script)",
    "__playground__": "(in the playground)",
}


class _Emitter:
    def __init__(self, faithful: bool, strict: bool):
        self.faithful = faithful
        self.strict = strict
        self.ns = Namespace()
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
        settings = _global_settings()
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
        if module == "keras.layers":
            self.imports.add("from keras import layers")
            return Leaf(f"layers.{class_name}")
        if (module == "keras" or module.startswith("keras.")) and not module.startswith(
            "keras.src"
        ):
            self.imports.add("import keras")
            return Leaf(f"{module}.{class_name}")
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
        while alias in self.from_imports and not self.from_imports[alias].startswith(
            f"from {module} import {top}"
        ):
            alias = f"{top}_{n}"
            n += 1
        rest = class_name[len(top) :]
        line = f"from {module} import {top}" + (f" as {alias}" if alias != top else "")
        self.from_imports[alias] = line
        self.ns._used.add(alias)
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

    # -- values ----------------------------------------------------------------
    def value(self, value: Any) -> Expr:
        return literal(value, self.render_object)

    def own_code(self, key: tuple[str, str], name: str, where: str) -> Leaf:
        """A class or function the student defined: used by its name, with a
        note to run its definition first."""
        self.notes.append(
            f"{name} is defined in your own code{' ' + where if where else ''}; "
            "run that definition before this code."
        )
        self.class_alias[key] = name
        return Leaf(name)

    def render_object(self, obj: Any) -> Expr | None:
        if isinstance(obj, Expr):
            return obj
        if not isinstance(obj, dict):
            return self.constant(obj)
        if "class_name" not in obj or "config" not in obj:
            return None
        class_name = obj["class_name"]
        config = obj["config"]
        module = obj.get("module")
        if class_name in _ARRAYS:
            module_import, constructor = _ARRAYS[class_name]
            self.imports.add(module_import)
            return call(
                constructor,
                self.value(config["value"]),
                dtype=self.value(config.get("dtype")),
            )
        if class_name == "function" and isinstance(config, str) and module:
            if module.startswith("keras.src") or not module.startswith("keras"):
                return self.class_ref(module, config)
            self.imports.add("import keras")
            return Leaf(f"{module}.{config}")
        if (
            module == "keras"
            and class_name == "DTypePolicy"
            and isinstance(config, dict)
            and set(config) == {"name"}
        ):
            return self.value(config["name"])
        if module and isinstance(config, dict):
            cls = resolve_class(module, class_name)
            if cls is not None:
                import keras

                if isinstance(cls, type) and issubclass(cls, keras.layers.Layer):
                    return self.layer_ctor(module, class_name, cls, dict(config))
                expr = self.plain_ctor(module, class_name, cls, config)
                if expr is not None:
                    return expr
        self.imports.add("import keras")
        return call("keras.saving.deserialize_keras_object", literal(obj))

    def constant(self, value: Any) -> Expr | None:
        """A constant the model was called with, a NumPy array
        (``np.array([...], dtype=...)``) or a tensor
        (``keras.ops.convert_to_tensor([...], dtype=...)``); one filled with
        a single number as ``np.full`` or ``keras.ops.full``.  ``None`` for
        any other value."""
        import numpy as np

        if isinstance(value, np.ndarray):
            array, space, make = value, "np", "np.array"
            module_import = "import numpy as np"
        else:
            import keras

            if not keras.ops.is_tensor(value):
                return None
            array = keras.ops.convert_to_numpy(value)
            space, make = "keras.ops", "keras.ops.convert_to_tensor"
            module_import = "import keras"
        dtype = self.value(str(array.dtype))
        if array.ndim and array.size and (array == array.flat[0]).all():
            self.imports.add(module_import)
            shape = self.value(tuple(int(d) for d in array.shape))
            value = self.value(array.flat[0].item())
            return call(f"{space}.full", shape, value, dtype=dtype)
        if array.size <= MAX_CONSTANT:
            self.imports.add(module_import)
            return call(make, self.value(array.tolist()), dtype=dtype)
        what = f"the constant of shape {tuple(array.shape)} the model is called with"
        why = f"{array.size} numbers; kerasteach writes out at most {MAX_CONSTANT}"
        if self.strict:
            raise UnsupportedValueError(
                f"{what[0].upper()}{what[1:]} is too big to write as code "
                f"({why}). Keep a large constant in a layer's weights (a "
                "custom layer that calls add_weight), so that copying the "
                "weights carries it, or use strict=False to get code with a "
                "placeholder function to fill in."
            )
        return call(self.placeholder("constant", what, why))

    def plain_ctor(self, module, class_name, cls, config) -> Expr | None:
        required, defaults, var_kw = signature_info(cls)
        items: list[Item] = []
        for key, val in config.items():
            if key not in defaults and key not in required and not var_kw:
                return None
            if key in defaults and same(defaults[key], val):
                continue
            items.append(Item(self.value(val), key))
        if any(r not in config for r in required):
            return None
        return call_items(self.class_ref(module, class_name), items)

    # -- layers ------------------------------------------------------------------
    def layer_ctor(
        self, module, class_name, cls, config: dict, layer: Layer | None = None
    ) -> Expr:
        """``layers.Dense(64, activation="relu")``: the constructor call."""
        name = config.get("name")
        callee = self.class_ref(module, class_name)
        if class_name == "Lambda" and module == "keras.layers":
            return self.lambda_ctor(callee, config, layer)
        required, _, _ = signature_info(cls)
        defaults = default_config(cls, config) if cls is not None else None
        chosen = [k for k in required if k in config]
        for key, val in config.items():
            if key in required or key in _SKIP_KEYS:
                continue
            if defaults is not None and key in defaults and same(defaults[key], val):
                continue
            chosen.append(key)
        if defaults is not None:
            extra = missing_keys(cls, config, chosen)
            if extra is None:
                chosen = [k for k in config if k not in _SKIP_KEYS]
            elif extra:
                chosen += [k for k in config if k in extra]
        values = self.lost_functions(config)
        either = _EITHER.get((module, class_name))
        if either and config.get(either[0]) is not None:
            chosen = [k for k in chosen if k != either[1]]
        items: list[Item] = []
        positional = True
        for key in required:
            if key not in config:
                positional = False
                continue
            items.append(Item(self.value(values[key]), None if positional else key))
        for key in chosen:
            if key not in required:
                items.append(Item(self.value(values[key]), key))
        if name is not None and self.keep_name(name, class_name):
            items.append(Item(self.value(name), "name"))
        return call_items(callee, items)

    def lambda_ctor(self, callee: Leaf, config: dict, layer: Layer | None) -> Expr:
        name = config.get("name", "lambda")
        fn_expr: Expr | None = None
        output_shape = config.get("output_shape")
        if layer is not None and layer.function_ref is not None:
            fn_expr = self.class_ref(*layer.function_ref)
        if fn_expr is None:
            if self.strict:
                raise LambdaLayerError(
                    f"Lambda layer {name!r} wraps a Python function whose source "
                    "kerasteach cannot recover safely. Replace it with a Keras "
                    "layer or keras.ops calls, or use strict=False to get code "
                    "with a placeholder function to fill in."
                )
            fn_expr = self.placeholder(
                f"{name}_function", f"the function of Lambda layer {name!r}"
            )
            if output_shape is None and layer is not None and self.graph is not None:
                # Keras calls the function to infer its output shape; give
                # the shape so the model builds and the placeholder only
                # fails when the model runs.
                output_shape = self.graph.calls[layer.calls[0]].output_shapes[0][1:]
        items = [Item(fn_expr)]
        if output_shape is not None:
            items.append(Item(self.value(output_shape), "output_shape"))
        if config.get("mask") is not None:
            items.append(Item(self.value(config["mask"]), "mask"))
        if config.get("arguments"):
            items.append(Item(self.value(config["arguments"]), "arguments"))
        if self.keep_name(name, "Lambda"):
            items.append(Item(self.value(name), "name"))
        return call_items(callee, items)

    def placeholder(self, base: str, what: str, why: str = "") -> Leaf:
        """A function to fill in, for one whose code is lost (a lambda) or
        a value too big to write out (``why`` says so): defined after the
        imports, raising until the student writes it."""
        fn_name = self.ns.create_name(base)
        what_ = literal(what[0].upper() + what[1:]).flat()[1:-1]
        if why:
            message = f"Write {what} here ({why})."
            comment = f"    # {what_}: {literal(why).flat()[1:-1]}."
        else:
            message = f"kerasteach cannot recover {what}: write it here."
            comment = f"    # {what_} cannot be recovered safely."
        self.defs.append(
            [
                f"def {fn_name}(*args, **kwargs):",
                comment,
                *format_statement(
                    "raise ", call("NotImplementedError", literal(message)), 1
                ),
            ]
        )
        self.notes.append(
            f"{what[0].upper()}{what[1:]} could not be written as code; fill in "
            f"{fn_name}() before running the code."
        )
        return Leaf(fn_name)

    def lost_functions(self, config: dict) -> dict:
        """``config`` with each lambda Keras stored as bytecode (an
        ``activation=lambda x: ...``) replaced by a placeholder function."""
        lost = [k for k, v in config.items() if dumped_function(v)]
        if not lost:
            return config
        name = config.get("name", "layer")
        if self.strict:
            raise LambdaLayerError(
                f"Layer {name!r} has a lambda as its {lost[0]}, whose source "
                "kerasteach cannot recover safely. Define the function with def "
                f"(def my_{lost[0]}(x): ...), pass {lost[0]}=my_{lost[0]}, or use "
                "strict=False to get "
                "code with a placeholder function to fill in."
            )
        return {
            k: self.placeholder(f"{name}_{k}", f"the {k} of layer {name!r}")
            if k in lost
            else v
            for k, v in config.items()
        }

    def graph_layer_ctor(self, layer: Layer) -> Expr:
        cls = resolve_class(layer.module, layer.class_name)
        return self.layer_ctor(
            layer.module, layer.class_name, cls, dict(layer.config), layer
        )

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


def _global_settings() -> list[str]:
    """The statements that restore Keras's global float type and dtype
    policy when they are not the defaults: readable code leaves out each
    layer's dtype when it equals the global one, so the code must set it."""
    lines = []
    floatx, policy = global_dtypes()
    if floatx != "float32":
        lines.append(f"keras.config.set_floatx({literal(floatx).flat()})")
    if policy != floatx:
        lines.append(f"keras.config.set_dtype_policy({literal(policy).flat()})")
    return lines
