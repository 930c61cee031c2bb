"""What the labels are for: the model's one output, or each of several.

A message about labels that do not go with the loss names the layer that
gives the output and shows the ``compile`` setting to change.  For a model
of one output that is "the last layer" and ``loss="..."``
(:data:`ONE_OUTPUT`).  A ``keras.Model`` of several outputs
(``keras.Model(inputs, [kind, price])``, or a dict of them) trains on
labels for each output and a loss for each: :func:`model_outputs` lists
the outputs (the name ``fit``'s dict of labels and ``compile``'s dict of
losses know each by, its shape, its layer and activation),
:func:`losses_of` and :func:`labels_of` pair them with ``compile``'s
losses and ``fit``'s labels, :func:`written_labels` with the student's
words for those labels, and :meth:`Outputs.target` gives the words for
one output: "output 'kind'", and ``compile``'s whole ``loss=`` with that
output's loss changed, ``loss=["sparse_categorical_crossentropy",
"mse"]``.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ._widget_problem import _shape_of, _shape_text

__all__ = [
    "ONE_OUTPUT",
    "Output",
    "Outputs",
    "Target",
    "labels_of",
    "loss_name",
    "losses_of",
    "model_outputs",
    "written_labels",
]


def loss_name(loss) -> str | None:
    """The name of one loss (``"mse"``, a loss object, a function), lower
    case, or None."""
    if isinstance(loss, str):
        return loss.lower()
    for attr in ("name", "__name__"):
        name = getattr(loss, attr, None)
        if isinstance(name, str):
            return name.lower()
    return None


def _q(text: str) -> str:
    """A name as a Python string in double quotes, escaped."""
    return json.dumps(text, ensure_ascii=False)


def _one_loss(name: str) -> str:
    return f"loss={_q(name)}"


@dataclass(frozen=True)
class Target:
    """The output some labels are for, in words and code.

    ``loss`` and ``activation`` are its loss's and last layer's names;
    ``layer`` names the layer that gives it in a sentence ("the last
    layer", "layer 'kind'"); ``end`` starts advice that changes that layer
    ("end the model with", "end output 'kind' with"); ``about`` says what
    the labels do not go with; ``loss_code(name)`` writes ``compile``'s
    ``loss=`` with this output's loss set to ``name``.
    """

    loss: str | None
    activation: str | None
    layer: str = "the last layer"
    end: str = "end the model with"
    about: str = "the loss or the last layer"
    for_output: str = ""  # after the labels' name: " for output 'kind'"
    loss_code: Callable[[str], str] = field(default=_one_loss, compare=False)

    @property
    def Layer(self) -> str:  # noqa: N802 - the same words, starting a sentence
        return self.layer[:1].upper() + self.layer[1:]

    @property
    def End(self) -> str:  # noqa: N802 - the same words, starting a sentence
        return self.end[:1].upper() + self.end[1:]


ONE_OUTPUT = Target(None, None)


def _activation(tensor) -> str | None:
    """The activation of the layer that gives ``tensor``, by name."""
    history = getattr(tensor, "_keras_history", None)
    layer = getattr(history, "operation", None) if history else None
    activation = getattr(layer, "activation", None)
    return getattr(activation, "__name__", None)


def _layer_name(tensor) -> str | None:
    history = getattr(tensor, "_keras_history", None)
    return getattr(getattr(history, "operation", None), "name", None)


@dataclass(frozen=True)
class Output:
    """One output of a model of several: ``key`` is the name ``fit``'s dict
    of labels and ``compile``'s dict of losses give it (its layer's name,
    or its key when the model's outputs are a dict), ``layer`` the name of
    the layer that gives it."""

    index: int
    key: str
    layer: str
    shape: tuple | None
    activation: str | None

    @property
    def words(self) -> str:
        """``output 'kind'``, with its layer when that is named otherwise."""
        if self.layer and self.layer != self.key:
            return f"output {self.key!r} (layer {self.layer!r})"
        return f"output {self.key!r}"


@dataclass(frozen=True)
class Outputs:
    """A model's several outputs, in the order Keras lists them
    (``model.outputs``), and whether the model gives them as a dict."""

    items: tuple[Output, ...]
    keyed: bool
    losses: Any = None  # compile's loss setting, as the model holds it
    metrics: Any = None  # compile's metrics setting, as its config holds it
    container: type | None = None  # list, tuple or dict: how the model gives them

    def spreads(self) -> bool:
        """Whether Keras uses every one of ``compile``'s losses on every
        output, added up: a list or tuple of losses not one for each
        output, and not of the type the model gives its outputs in (a
        tuple of losses for a list of outputs).  Keras pairs the losses
        with the outputs only when the types or the counts match
        (``keras/src/trainers/compile_utils.py``, ``_build_nested``; Keras
        3.6 stopped on any count that did not match)."""
        losses = self.losses
        if not isinstance(losses, (list, tuple)) or self.container is None:
            return False
        # a tuple, else a list (TensorFlow's ListWrapper too)
        kind = tuple if isinstance(losses, tuple) else list
        return len(losses) != len(self) and not issubclass(self.container, kind)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def keys(self) -> list[str]:
        return [o.key for o in self.items]

    def described(self) -> str:
        """``'kind' (shape (None, 3)) and 'price' (shape (None, 1))``."""
        words = [
            f"{o.key!r}" + (f" (shape {_shape_text(o.shape)})" if o.shape else "")
            for o in self.items
        ]
        return ", ".join(words[:-1]) + " and " + words[-1]

    def listed(self) -> str:
        """``'kind' and 'price'``."""
        keys = [repr(k) for k in self.keys]
        return ", ".join(keys[:-1]) + " and " + keys[-1]

    def loss_code(self, index: int, name: str) -> str | None:
        """``compile``'s ``loss=`` as the student gave it (one loss for all,
        a list, a dict), with output ``index``'s loss set to ``name``; None
        when another loss has no name to write."""
        names = losses_of(self)
        if names is None or len(names) != len(self):
            names = [None] * len(self)
        names = [name if n == index else old for n, old in enumerate(names)]
        if any(n is None for n in names):
            return None
        if isinstance(self.losses, Mapping) or (
            self.keyed and not isinstance(self.losses, (list, tuple))
        ):
            pairs = ", ".join(f"{_q(k)}: {_q(v)}" for k, v in zip(self.keys, names))
            return f"loss={{{pairs}}}"
        return "loss=[" + ", ".join(_q(v) for v in names) + "]"

    def target(self, index: int) -> Target:
        """Words and code for output ``index``'s labels and loss."""
        output = self.items[index]
        names = losses_of(self) or []
        loss = names[index] if index < len(names) else None
        words = output.words

        def code(name: str) -> str:
            return self.loss_code(index, name) or (
                f"loss={_q(name)} for {words} (one loss for each output)"
            )

        return Target(
            loss,
            output.activation,
            layer=f"layer {output.layer!r}" if output.layer else words,
            end=f"end {words} with",
            about="its loss or its layer",
            for_output=f" for {words}",
            loss_code=code,
        )


def model_outputs(model) -> Outputs | None:
    """The outputs of a model of several, else None."""
    try:
        tensors = list(getattr(model, "outputs", None) or ())
        structure = getattr(model, "output", None)
    except Exception:  # noqa: BLE001 - an unbuilt model has none
        return None
    if len(tensors) < 2:
        return None
    keyed = isinstance(structure, Mapping)
    if keyed:
        keys = sorted(structure)  # Keras lists a dict's outputs by key
    else:
        keys = [_layer_name(t) or f"output_{n}" for n, t in enumerate(tensors)]
    if len(keys) != len(tensors):
        return None
    items = tuple(
        Output(n, str(key), _layer_name(t) or "", _shape_of(t), _activation(t))
        for n, (key, t) in enumerate(zip(keys, tensors))
    )
    container = next(
        (kind for kind in (Mapping, list, tuple) if isinstance(structure, kind)), None
    )
    return Outputs(
        items, keyed, getattr(model, "loss", None), _metrics(model), container
    )


def _metrics(model):
    """``compile``'s ``metrics=`` as the model's compile settings hold it
    (a metric object serialized), or None."""
    try:
        return (model.get_compile_config() or {}).get("metrics")
    except Exception:  # noqa: BLE001 - not compiled, or compiled its own way
        return None


def losses_of(outputs: Outputs) -> list[str | None] | None:
    """The loss of each output by name (None where it has none or no
    name), or None when ``compile`` gave no loss."""
    given = outputs.losses
    if given is None:
        return None
    if isinstance(given, Mapping):
        return [loss_name(given.get(k)) for k in outputs.keys]
    if isinstance(given, (list, tuple)):
        names = [loss_name(v) for v in given]
        return names[: len(outputs)] + [None] * (len(outputs) - len(names))
    return [loss_name(given)] * len(outputs)


def labels_of(outputs: Outputs, y) -> list | None:
    """``fit``'s labels for each output, when ``y`` gives one for each (a
    list or tuple in order, or a dict by the outputs' names), else None."""
    if isinstance(y, Mapping):
        if set(y) != set(outputs.keys):
            return None
        return [y[k] for k in outputs.keys]
    if isinstance(y, (list, tuple)) and len(y) == len(outputs):
        return list(y)
    return None


def written_labels(outputs: Outputs, y, written: str | None) -> list[str | None]:
    """The student's words for each output's labels: the items of the
    list or dict written in ``fit`` (``[y_kind, y_price]``), else the
    labels' name indexed (``targets[0]``, ``targets["kind"]``); None where
    there are none."""
    none: list[str | None] = [None] * len(outputs)
    if not written:
        return none
    try:
        node = ast.parse(written, mode="eval").body
    except SyntaxError:
        return none
    if isinstance(node, (ast.List, ast.Tuple)) and len(node.elts) == len(outputs):
        return [ast.get_source_segment(written, e) for e in node.elts]
    if isinstance(node, ast.Dict):
        found = {
            k.value: ast.get_source_segment(written, v)
            for k, v in zip(node.keys, node.values)
            if isinstance(k, ast.Constant) and isinstance(k.value, str)
        }
        return [found.get(k) for k in outputs.keys]
    if not isinstance(node, (ast.Name, ast.Attribute)):
        return none
    if isinstance(y, Mapping):
        return [f"{written}[{_q(k)}]" for k in outputs.keys]
    return [f"{written}[{n}]" for n in range(len(outputs))]
