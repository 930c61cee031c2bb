"""An activation written one way in the student's model, another in the reference.

Keras applies an activation function in three ways: with a layer's
``activation=`` (``Dense(16, activation="relu")``), with a layer of its own
(``Activation("relu")``, ``ReLU()``, ``Softmax()``), or with a keras.ops
call (``keras.ops.relu(x)``).  They compute the same, but check() compares
models as they are written: a separate activation layer is one layer more
than ``activation=``, and ``model.summary()``, the code panes and a saved
model show it.  So check() does not accept one for the other; it tells the
student that theirs computes the same and how the reference writes it.

:func:`applied_activation` says which activation function a separate layer
or keras.ops call applies, :func:`same_activation` adds "both compute the
same" to a "layer-type" result, and :func:`activation_words` words the
"activation" result of a layer whose activation the student (or the
reference) applies in the next layer instead.
"""

from __future__ import annotations

from ._check_describe import _describe
from ._check_flat import _Flat, _Node
from ._check_names import _layer, _named, _output_of, _said
from ._names import snake
from .graph import LAYER, OP

# Keras layers that only apply an activation function
_LAYERS = frozenset({"Activation", "ELU", "LeakyReLU", "PReLU", "ReLU", "Softmax"})
# keras.ops functions that compute what activation=<the same name> does
# (keras.ops.gelu is approximate by default, the activation is not)
_OP_ACTIVATIONS = frozenset(
    {
        "elu",
        "leaky_relu",
        "relu",
        "relu6",
        "selu",
        "sigmoid",
        "silu",
        "softmax",
        "softplus",
        "softsign",
        "tanh",
    }
)


# An activation layer that computes the function of the same name only with
# these settings (LeakyReLU's own default slope is 0.3, the function's 0.2).
_LAYER_ACTIVATIONS = {
    "ReLU": ("relu", {"max_value": None, "negative_slope": 0.0, "threshold": 0.0}),
    "LeakyReLU": ("leaky_relu", {"negative_slope": 0.2}),
    "ELU": ("elu", {"alpha": 1.0}),
}


def applied_activation(node: _Node) -> str | None:
    """The activation function (as ``activation=`` names it) that ``node``
    applies when it is a separate activation layer or a keras.ops call that
    computes one; None for anything else, or one with other settings
    (``LeakyReLU()``'s slope is 0.3, the ``'leaky_relu'`` activation's 0.2)."""
    config = node.config
    if node.kind == OP:
        name = snake(node.class_name)
        return name if name in _OP_ACTIVATIONS and not config else None
    if node.kind != LAYER or not node.module.startswith("keras"):
        return None
    if node.class_name == "Activation":
        found = config.get("activation")
        return found if isinstance(found, str) else None
    if node.class_name in _LAYER_ACTIVATIONS:
        name, settings = _LAYER_ACTIVATIONS[node.class_name]
        return name if all(config.get(k) == v for k, v in settings.items()) else None
    if node.class_name == "Softmax":
        rank = len(node.shapes[0]) if node.shapes else 0
        return "softmax" if node.same_as.get("axis") in (-1, rank - 1) else None
    return None


def same_activation(mine: _Node, theirs: _Node) -> str:
    """ " Both compute 'relu' ..." when the student's separate layer (or
    keras.ops call) ``mine`` and the reference's ``theirs`` apply the same
    activation function, else ""."""
    found = applied_activation(mine)
    if found is None or found != applied_activation(theirs):
        return ""
    return (
        f" Both compute the {found!r} activation, so your model gives the same "
        f"results, but the reference writes it as {_describe(theirs)}."
    )


def next_activation(flat: _Flat, node: _Node) -> _Node | None:
    """The separate activation layer (or keras.ops call) that reads the
    output of ``node`` and nothing else, when it is the only reader."""
    readers = flat.consumers.get((node.index, 0), [])
    if len(readers) != 1 or (node.index, 0) in flat.output_set:
        return None
    after = flat.nodes[readers[0]]
    if after.inputs != ((node.index, 0),):
        return None
    if applied_activation(after) is None and after.class_name not in _LAYERS:
        return None
    return after


def _applies(node: _Node) -> str:
    """What a separate activation layer applies: ``'relu'``, or the layer
    itself when no ``activation=`` computes the same (``LeakyReLU()``)."""
    found = applied_activation(node)
    return repr(found) if found is not None else _describe(node)


def activation_words(stu: _Flat, ref: _Flat, node: _Node, s: _Node):
    """(message, hint) for ``s`` whose activation differs from the
    reference's ``node`` when one of them applies it in a separate layer
    right after; None when neither does."""
    mine, theirs = s.config.get("activation"), node.config.get("activation")
    label = _layer(stu, s)
    after = next_activation(stu, s) if mine == "linear" else None
    if after is not None:
        applied = applied_activation(after)
        how = f"in its layer {_named(stu, after)}"
        if after.kind == OP:
            how = f"with {_said(stu, after)}"
        elif applied is not None:  # 'relu': say which layer class applies it
            how = f"in its {after.class_name} layer {_named(stu, after)}"
        if applied == theirs:
            text = (
                f"{label} has no activation, and your model applies {theirs!r} "
                f"right after it, {how}. That computes the same, but the "
                f"reference writes it inside the {s.class_name} layer, as "
                f"activation={theirs!r}, with no separate layer."
            )
        else:
            text = (
                f"{label} has no activation, and your model applies "
                f"{_applies(after)} right after it, {how}; the reference uses "
                f"{theirs!r}, inside the {s.class_name} layer."
            )
        if stu.origin == "sequential":
            then = " from the list of layers."
        elif (after.index, 0) in stu.output_set:
            then = f": pass {_output_of(_named(stu, s))} to keras.Model as the outputs."
        else:
            then = f": call the next layer on {_output_of(_named(stu, s))}."
        return (
            text,
            f"Change it to {_describe(node)} and remove {_said(stu, after)}{then}",
        )
    ref_after = next_activation(ref, node) if theirs == "linear" else None
    if ref_after is not None:
        same = (
            "That computes the same, but"
            if applied_activation(ref_after) == mine
            else "And"
        )
        where = (
            f"a separate {ref_after.class_name} layer"
            if ref_after.kind == LAYER
            else f"a call of {_describe(ref_after)}"
        )
        return (
            f"{label} applies the {mine!r} activation itself, with "
            f"activation={mine!r}. {same} the reference has no activation in "
            f"this layer: it applies {_applies(ref_after)} right after it, in "
            f"{where}.",
            f"Change it to {_describe(node)}. The reference applies the "
            f"activation in {where} right after it: add {_describe(ref_after)} "
            f"after {_named(stu, s)}.",
        )
    return None
