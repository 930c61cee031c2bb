"""The PyTorch module a ``TorchModuleWrapper`` layer holds, as code builds it.

Keras keeps the module in the layer's config as a base64 string of its
pickle (weights included): code that passes that string back does not run
(the constructor wants a module, not a string).  This reads the module as
the constructor call that makes it again, ``torch.nn.Linear(in_features=4,
out_features=3, bias=True)``, when that call can be known for sure:

* one of torch.nn's own modules: its ``extra_repr()`` is its constructor's
  arguments, parsed as Python literals (never pasted as text), and the
  module built from them must print the same and hold weights of the same
  shapes;
* ``torch.nn.Sequential`` of such modules (the modules as its arguments);
* a class of the student's own whose constructor takes no arguments, when
  the module built with it prints the same.

Anything else (a module of the student's own class built with arguments)
is read as :class:`TorchModule` with ``writable=False``: the code asks the
student to write it.  Weights are never part of the code; a rebuilt model
gets them with ``set_weights`` like any other.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, replace
from typing import Any

__all__ = ["TorchModule", "torch_module"]


@dataclass(frozen=True)
class TorchModule:
    """A PyTorch module as a constructor call: ``module.class_name(*args,
    **dict(kwargs))``, with ``children`` as the first arguments (the
    modules of a ``torch.nn.Sequential``).  ``writable`` is False when the
    arguments are not known (a module of the student's own class that
    needs some)."""

    module: str
    class_name: str
    args: tuple[Any, ...] = ()
    kwargs: tuple[tuple[str, Any], ...] = ()
    children: tuple[TorchModule, ...] = ()
    writable: bool = True
    printout: str = ""  # how torch prints the wrapped module, on one line

    def words(self) -> str:
        """The module for a message: its constructor call as the code
        writes it (``torch.nn.Linear(in_features=4, ...)``), or how torch
        prints it when the call is not known."""
        if not self.writable:
            return self.printout
        callee = (
            f"torch.nn.{self.class_name}"
            if self.module == "torch.nn"
            else self.class_name
        )
        parts = [c.words() for c in self.children]
        parts += [repr(a) for a in self.args]
        parts += [f"{k}={v!r}" for k, v in self.kwargs]
        return f"{callee}({', '.join(parts)})"


def torch_module(layer) -> TorchModule | None:
    """The module ``layer`` wraps, if it is a ``TorchModuleWrapper``."""
    if type(layer).__name__ != "TorchModuleWrapper":
        return None
    module = getattr(layer, "module", None)
    if module is None:
        return None
    return replace(_read(module), printout=" ".join(repr(module).split()))


def _read(module) -> TorchModule:
    cls = type(module)
    found = _torch_own(module) if _is_torch_own(cls) else _no_arguments(module)
    if found is None:
        found = TorchModule(cls.__module__, cls.__qualname__, writable=False)
    return found


def _is_torch_own(cls) -> bool:
    import torch

    return cls.__module__.startswith("torch.nn.") and (
        getattr(torch.nn, cls.__name__, None) is cls
    )


def _torch_own(module) -> TorchModule | None:
    """One of torch.nn's modules from its printed arguments, checked."""
    import torch

    cls = type(module)
    if cls is torch.nn.Sequential:
        children = tuple(_read(m) for m in module.children())
        if not all(c.writable for c in children):
            return None
        return TorchModule("torch.nn", "Sequential", children=children)
    if any(True for _ in module.children()):
        return None  # its parts are not in its extra_repr
    try:
        tree = ast.parse(f"f({module.extra_repr()})", mode="eval").body
        assert isinstance(tree, ast.Call)
        args = tuple(ast.literal_eval(a) for a in tree.args)
        kwargs = tuple((k.arg, ast.literal_eval(k.value)) for k in tree.keywords)
        if any(k is None for k, _ in kwargs):
            return None  # **spread
        built = cls(*args, **dict(kwargs))
    except Exception:  # noqa: BLE001 - not a constructor call after all
        return None
    if not _same_module(built, module):
        return None
    return TorchModule("torch.nn", cls.__name__, args, kwargs)


def _no_arguments(module) -> TorchModule | None:
    """The student's own class, when ``cls()`` makes the same module."""
    cls = type(module)
    if "<locals>" in cls.__qualname__:
        return None
    try:
        built = cls()
    except Exception:  # noqa: BLE001 - it needs arguments
        return None
    if not _same_module(built, module):
        return None
    return TorchModule(cls.__module__, cls.__qualname__)


def _same_module(built, module) -> bool:
    """Whether two modules print the same and hold weights of the same
    names, shapes and dtypes."""
    if type(built) is not type(module) or repr(built) != repr(module):
        return False
    mine, theirs = built.state_dict(), module.state_dict()
    return list(mine) == list(theirs) and all(
        mine[k].shape == theirs[k].shape and mine[k].dtype == theirs[k].dtype
        for k in mine
    )
