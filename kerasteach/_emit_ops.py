"""Raw operations in generated code: ``keras.ops.reshape(x, newshape=...)``
in readable code when the operation's arguments are its public function's
parameters, the operation's own class otherwise and in faithful code.
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING

from ._defaults import keyword_defaults, same
from ._source import Expr, Item, Leaf, call_items

if TYPE_CHECKING:  # pragma: no cover
    from ._emit import _Emitter
    from .graph import Layer

__all__ = ["Partial", "op_callee", "traced_newshape"]


def traced_newshape(name: str, newshape):
    """``keras.ops.reshape``'s new shape as code can write it.  A size read
    from the input in a traced ``call()`` (``ops.shape(x)[0]``, the batch
    size) is None there, and None is no size reshape takes on data: one
    None is the size that the others leave, which reshape writes -1.  Two
    cannot both be -1, so they are refused with what to write instead."""
    if not isinstance(newshape, (list, tuple)):
        return newshape
    unknown = sum(1 for size in newshape if size is None)
    if unknown == 0:
        return newshape
    if unknown == 1 and -1 not in newshape:
        return type(newshape)(-1 if size is None else size for size in newshape)
    from .errors import UnsupportedValueError

    shown = ", ".join("?" if size is None else repr(size) for size in newshape)
    raise UnsupportedValueError(
        f"The operation {name!r} (keras.ops.reshape) reshapes to ({shown}), "
        "where each ? is a size that call() reads from its input (such as "
        "ops.shape(x)[0], the batch size): it is unknown until the model "
        "runs on data, so the code cannot write it. keras.ops.reshape can "
        "leave only one size open, written -1. Write the other sizes as "
        "numbers and one as -1, e.g. keras.ops.reshape(x, (-1, 5, 2)), or "
        "use layers.Reshape, which keeps the batch axis by itself: "
        "layers.Reshape((5, 2))(x)."
    )


def op_callee(
    emitter: _Emitter, layer: Layer, n_args: int, call_kwargs: tuple[str, ...]
) -> Expr:
    """What calls the operation ``layer`` on ``n_args`` positional tensors
    and the keyword tensors ``call_kwargs``.  Readable code calls its
    ``keras.ops`` function when the operation's arguments are that
    function's parameters: as keywords after the tensors
    (``keras.ops.reshape(x, newshape=(4, 4))``), or before them when the
    function takes them first (``keras.ops.einsum("ij->ji", x)``).
    Otherwise, and in faithful code, the operation's own class."""
    config = dict(layer.config)
    extra = {k: v for k, v in config.items() if k != "name"}
    if layer.function_name == "reshape" and "newshape" in extra:
        extra["newshape"] = traced_newshape(layer.name, extra["newshape"])
    if not emitter.faithful and layer.function_name:
        import keras

        fn = keras.ops
        for part in layer.function_name.split("."):
            fn = getattr(fn, part)
        name = f"keras.ops.{layer.function_name}"
        lead = _leading(fn, n_args, call_kwargs, extra)
        if lead is not None:
            emitter.imports.add("import keras")
            return Partial(name, {}, emitter, [extra[k] for k in lead])
        if _binds(fn, n_args, (*call_kwargs, *extra)):
            emitter.imports.add("import keras")
            fn_defaults = keyword_defaults(fn)
            kwargs = {
                k: v
                for k, v in extra.items()
                if k not in fn_defaults or not same(fn_defaults[k], v)
            }
            return Partial(name, kwargs, emitter)
    callee = emitter.class_ref(layer.module, layer.class_name)
    items = [Item(emitter.value(v), k) for k, v in extra.items()]
    if emitter.keep_name(layer.name, layer.class_name):
        items.append(Item(emitter.value(layer.name), "name"))
    return call_items(callee, items)


def _signature(fn) -> inspect.Signature | None:
    try:
        return inspect.signature(fn)
    except (TypeError, ValueError):
        return None


def _binds(fn, n_args: int, names) -> bool:
    """Whether ``fn`` takes ``n_args`` positional arguments and the keyword
    arguments ``names``, each a parameter of its own (no ``**kwargs``)."""
    sig = _signature(fn)
    if sig is None:
        return False
    params = sig.parameters
    if any(params.get(n) is None or params[n].kind in _STARRED for n in names):
        return False
    try:
        sig.bind(*[None] * n_args, **dict.fromkeys(names))
    except TypeError:
        return False
    return True


def _leading(fn, n_args: int, call_kwargs, extra: dict) -> list[str] | None:
    """The names in ``extra`` in the order ``fn`` takes them, when they are
    its first parameters and the tensors follow them (``einsum(subscripts,
    *operands)``, ``full(shape, fill_value)``); otherwise ``None``."""
    sig = _signature(fn)
    if sig is None or not extra:
        return None
    first = [p.name for p in sig.parameters.values() if p.kind not in _STARRED]
    first = first[: len(extra)]
    if set(first) != set(extra) or _binds(fn, n_args, (*call_kwargs, *extra)):
        return None  # not first, or the keywords read as well
    try:
        sig.bind(*[None] * (len(first) + n_args), **dict.fromkeys(call_kwargs))
    except TypeError:
        return None
    return first


_STARRED = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)


class Partial:
    """A ``keras.ops`` function with keyword arguments still to add."""

    def __init__(self, name: str, kwargs: dict, emitter: _Emitter, lead=()):
        self.name = name
        self.kwargs = kwargs
        self.emitter = emitter
        self.lead = list(lead)  # values that come before the tensors

    def with_args(self, args: list[Item]) -> Expr:
        first = [Item(self.emitter.value(v)) for v in self.lead]
        extra = [Item(self.emitter.value(v), k) for k, v in self.kwargs.items()]
        return call_items(Leaf(self.name), first + list(args) + extra)
