"""Which layer made a branch's height and width differ, for a merge.

``layers.Add()([x, inputs])`` after ``layers.Conv2D(16, 3)(inputs)`` fails
because the convolution's ``padding="valid"`` (the default) made 28x28 into
26x26, not because of units or filters.  :func:`size_words` walks back from
each tensor a merging layer received, through the layers that take one
tensor, finds the ones whose output has another height and width (or
length) than their input, and says what each did and what keeps the size:
``padding="same"`` for a stride of 1; for a stride above 1 (a pooling
layer's strides are its pool_size unless given), ``strides=1`` as well, or
the same downsizing on the other branch.
"""

from __future__ import annotations


def _spatial(shape: tuple) -> tuple:
    """The axes between the batch axis and the channels."""
    return tuple(shape[1:-1])


def _text(sizes: tuple) -> str:
    return "x".join(str(s) for s in sizes)


def _changes(tensor, steps: int = 30) -> list[tuple]:
    """``(layer, size before, size after)`` for each layer on ``tensor``'s
    own chain (layers of one input) that changed its spatial size, the
    nearest last."""
    found = []
    for _ in range(steps):
        history = getattr(tensor, "_keras_history", None)
        if not history or history[0] is None:
            break
        layer, node_index = history[0], history[1]
        nodes = getattr(layer, "_inbound_nodes", [])
        if node_index >= len(nodes):
            break
        inputs = list(getattr(nodes[node_index], "input_tensors", []))
        if len(inputs) != 1:
            break
        before = _spatial(tuple(inputs[0].shape))
        after = _spatial(tuple(tensor.shape))
        if before != after:
            found.insert(0, (layer, before, after))
        tensor = inputs[0]
    return found


def _ones(value) -> bool:
    return all(v == 1 for v in (value if isinstance(value, tuple) else (value,)))


def _one_layer(layer, before: tuple, after: tuple) -> str:
    """What ``layer`` did to the size, and what keeps it."""
    kind = type(layer).__name__
    change = f"{_text(before)} into {_text(after)}"
    who = f"Layer {layer.name!r} ({kind})"
    padding = getattr(layer, "padding", None)
    strides = getattr(layer, "strides", None)
    pool = getattr(layer, "pool_size", None)
    if padding is None or strides is None:
        return f"{who} makes {change}."
    if _ones(strides) and padding == "valid":
        size = pool if pool is not None else getattr(layer, "kernel_size", None)
        window = "pool" if pool is not None else "kernel"
        if isinstance(size, tuple) and len(size) == 1:
            window = f"{window} of {size[0]}"
        elif isinstance(size, tuple):
            window = f"{_text(size)} {window}"
        return (
            f'{who} has padding="valid" (the default), so its {window} '
            f'trims the edges: it makes {change}. Write padding="same" in it '
            "to keep the size."
        )
    stride = strides[0] if isinstance(strides, tuple) else strides
    default = ""
    if pool is not None and strides == pool:
        default = " (a pooling layer's strides are its pool_size unless you give them)"
    keep = 'strides=1, padding="same"' if padding == "valid" else "strides=1"
    return (
        f"{who} has strides {stride}{default}, so it makes {change}. To keep the "
        f"size write {keep} in it; or make the other branch smaller in the same way "
        "(the same pooling or strides on it)."
    )


def size_words(tensors, names: list[str], fallback: bool = True) -> str | None:
    """Why the tensors' heights and widths (or lengths) differ, naming the
    layers that changed them when they are found; None when those sizes
    are the same, or when no such layer is found and not ``fallback``."""
    shapes = [tuple(t.shape) for t in tensors]
    if len({len(s) for s in shapes}) != 1 or len(shapes[0]) < 3:
        return None
    spatial = [_spatial(s) for s in shapes]
    if len(set(spatial)) == 1 or any(None in s for s in spatial):
        return None
    axes = "lengths" if len(shapes[0]) == 3 else "height and width"
    sizes = " vs ".join(f"{_text(s)} ({n})" for s, n in zip(spatial, names))
    words = []
    seen: set[int] = set()
    for tensor in tensors:
        for layer, before, after in _changes(tensor):
            if id(layer) not in seen:
                seen.add(id(layer))
                words.append(_one_layer(layer, before, after))
    if not words:
        if not fallback:
            return None
        words.append(
            "Make them the same first: pooling or strides on the bigger one, "
            "UpSampling on the smaller."
        )
    return f"Their {axes} differ: {sizes}. " + " ".join(words)
