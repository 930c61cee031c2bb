"""The code writer's values: how a value from a layer's config, or one a
layer is called with, becomes code.

A plain value (a number, a string, a list) is written by
:func:`kerasteach._source.literal`; :class:`_ValueWriter` writes the rest:

* a NumPy array or a tensor as ``np.array([...], dtype=...)`` or
  ``keras.ops.convert_to_tensor([...], dtype=...)``, one filled with a single
  number as ``np.full`` or ``keras.ops.full`` (:meth:`_ValueWriter.constant`);
* a serialized Keras object (an initializer, a regularizer, a dtype policy)
  as the call of its constructor with only the arguments that differ from
  the defaults, a function by its name, and anything else through
  ``keras.saving.deserialize_keras_object``;
* what cannot be written as code, a lambda Keras stored as bytecode or a
  constant of more than :data:`MAX_CONSTANT` numbers: in strict mode an
  error that says what to do, otherwise a placeholder function that the
  student fills in (:meth:`_ValueWriter.placeholder`).

:class:`kerasteach._emit._Emitter` inherits these methods; they use its
imports, namespace and notes, and its ``class_ref`` and ``layer_ctor``.
"""

from __future__ import annotations

from typing import Any

from ._defaults import dumped_function, resolve_class, same, signature_info
from ._defaults_verified import short_float
from ._names import Namespace
from ._source import Expr, Item, Leaf, call, call_items, format_statement, literal
from .errors import LambdaLayerError, UnsupportedValueError

# The most numbers a constant tensor in a model may hold to be written out.
MAX_CONSTANT = 1000
# Serialized arrays in a config: class name -> (import, constructor to call).
_ARRAYS = {
    "__numpy__": ("import numpy as np", "np.array"),
    "__tensor__": ("import keras", "keras.ops.convert_to_tensor"),
}


class _ValueWriter:
    """The value methods of :class:`kerasteach._emit._Emitter`, which sets
    these fields and gives ``class_ref`` and ``layer_ctor``."""

    strict: bool
    ns: Namespace
    imports: set[str]
    notes: list[str]
    defs: list[list[str]]

    def value(self, value: Any) -> Expr:
        return literal(value, self.render_object)

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
            return self.class_ref(module, config)
        if (
            module == "keras"
            and class_name == "DTypePolicy"
            and isinstance(config, dict)
            and set(config) == {"name"}
        ):
            return self.value(config["name"])
        if module is None and isinstance(config, dict):
            # a class registered with register_keras_serializable: Keras
            # saves its registered name, not its module
            module, class_name = _registered(obj.get("registered_name"), class_name)
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
            val = short_float(cls, config, key)
            if key in defaults and same(defaults[key], val):
                continue
            items.append(Item(self.value(val), key))
        if any(r not in config for r in required):
            return None
        return call_items(self.class_ref(module, class_name), items)

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


def _registered(registered_name, class_name: str) -> tuple[str | None, str]:
    """Where the class Keras registered as ``registered_name`` is defined:
    ``(module, class name)``; ``(None, class_name)`` when none is."""
    import keras

    if not isinstance(registered_name, str):
        return None, class_name
    found = keras.saving.get_registered_object(registered_name)
    if not isinstance(found, type) or "<locals>" in found.__qualname__:
        return None, class_name
    return found.__module__, found.__qualname__


def with_functions(config: dict, functions) -> dict:
    """``config`` with each function the reader found it does not give back
    (``Layer.functions``: a path of keys and a public ``(module, name)``)
    saved under its public name, as code writes it: ``keras.ops.sin``."""
    if not functions:
        return config
    import copy

    config = copy.deepcopy(dict(config))
    for path, (module, name) in functions:
        inner = config
        for key in path[:-1]:
            inner = inner[key]
        inner[path[-1]] = {"module": module, "class_name": "function", "config": name}
    return config
