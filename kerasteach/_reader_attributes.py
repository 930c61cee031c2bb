"""The attributes a subclassed model keeps its layers in.

A student who writes a keras.Model subclass knows its layers by the
attributes ``__init__`` sets (``self.h2 = layers.Dense(8)``) and ``call()``
uses, not by the names Keras gives them (``dense_7``, from a global
counter).  :func:`layer_attributes` finds them, so that the graph can say
each layer as the student wrote it: ``h2``, ``blocks[0]`` for a layer in a
list, ``heads['digit']`` for one in a dict.  A nested model's layers are
found when that model is read, relative to it (``self.block.h1`` is put
together from ``block`` and ``h1`` by whoever reads both).
"""

from __future__ import annotations

__all__ = ["layer_attributes"]

# lists of lists of layers are deep enough for any model a person writes
_MAX_DEPTH = 3


def layer_attributes(model) -> dict[int, str]:
    """``{id(layer): "h2"}`` for each layer (or nested model) that
    ``model`` holds in a public attribute, directly or in a list, tuple or
    dict (Keras tracks those too): ``"blocks[0]"``, ``"heads['digit']"``.
    A layer held twice keeps the attribute set first (on PyTorch, where
    torch keeps modules apart, one set directly comes first)."""
    import keras

    found: dict[int, str] = {}

    def visit(value, path: str, depth: int) -> None:
        if isinstance(value, keras.layers.Layer):
            found.setdefault(id(value), path)
        elif depth >= _MAX_DEPTH:
            return
        elif isinstance(value, (list, tuple)):
            for i, item in enumerate(value):
                visit(item, f"{path}[{i}]", depth + 1)
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, (str, int)):
                    visit(item, f"{path}[{key!r}]", depth + 1)

    # On PyTorch a layer is a torch.nn.Module, which keeps the modules set as
    # attributes in its ``_modules``, not in the instance's ``__dict__``.
    held = {**(getattr(model, "_modules", None) or {}), **vars(model)}
    for name, value in held.items():
        if not name.startswith("_"):
            visit(value, name, 0)
    return found
