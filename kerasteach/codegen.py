"""Python source for a model, in the Functional or the Sequential style.

``to_functional_code(model)`` and ``to_sequential_code(model)`` read the model
into a :class:`~kerasteach.graph.ModelGraph` and write code that imports what
it needs, builds the layers and binds the finished model to ``model``, ready
to paste into a notebook cell.

Readable code (the default) passes only arguments that differ from a layer's
defaults and keeps only the names a person chose; ``faithful=True`` keeps
every layer name, so the rebuilt model has exactly the same config.  Every
value taken from the model goes through :func:`kerasteach._source.literal`:
names are data and are never pasted into the code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ._checks import check_flag
from ._emit_models import ModelEmitter
from ._markdown import escape
from .errors import KerasTeachError, NotSequentialError
from .graph import ModelGraph, Reason

__all__ = [
    "GeneratedCode",
    "Explanation",
    "to_functional_code",
    "to_sequential_code",
    "explain",
]


@dataclass(frozen=True)
class GeneratedCode:
    """Source code for a model; prints as the source.

    ``source`` is the code, ``imports`` the import lines it starts with,
    ``spans`` maps each layer name (``"encoder/dense"`` inside a nested model)
    to the first and last line (1-based) that define it; ``definitions`` maps
    each nested model (``"encoder"``) to the lines of the block that builds it
    (``encoder = keras.Sequential([...])``: its span holds the lines that use
    it); and ``notes`` holds
    anything the reader must know (a Lambda layer whose function could not be
    written, a custom class that must be in scope).
    """

    source: str
    style: str
    faithful: bool
    imports: tuple[str, ...] = ()
    spans: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    definitions: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    model_name: str = ""

    def __str__(self) -> str:
        return self.source

    def __repr__(self) -> str:
        return self.source

    def _repr_markdown_(self) -> str:
        return f"```python\n{self.source}```"

    @property
    def lines(self) -> list[str]:
        return self.source.splitlines()


@dataclass(frozen=True)
class Explanation:
    """Whether a model can be written as ``keras.Sequential``, and why not."""

    model_name: str
    reasons: tuple[Reason, ...]

    @property
    def is_sequential(self) -> bool:
        return not self.reasons

    def __bool__(self) -> bool:
        return self.is_sequential

    @property
    def layers(self) -> tuple[str, ...]:
        """Every layer named by a reason, each once."""
        return tuple(dict.fromkeys(n for r in self.reasons for n in r.layers))

    def __str__(self) -> str:
        if self.is_sequential:
            return (
                f"Model {self.model_name!r} is a single chain of layers: it can "
                "be written with keras.Sequential and with the Functional API."
            )
        lines = [
            f"Model {self.model_name!r} cannot be written with keras.Sequential "
            f"({len(self.reasons)} reason{'s' if len(self.reasons) != 1 else ''}):"
        ]
        lines += [f"  - {r.message}" for r in self.reasons]
        lines.append("Write it with the Functional API: to_functional_code(model).")
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_markdown_(self) -> str:
        # every piece escaped: names are data, and Markdown reads __x__ as
        # bold, <b> as a tag and $x$ as mathematics
        if self.is_sequential:
            return escape(str(self))
        head, *items = str(self).splitlines()
        body = "\n".join(f"- {escape(line.strip()[2:])}" for line in items[:-1])
        return f"{escape(head)}\n\n{body}\n\n{escape(items[-1])}"


# --------------------------------------------------------------------------


def _flags(faithful, strict) -> tuple[bool, bool]:
    """``faithful`` and ``strict`` as bools: the string "False" would count
    as true and quietly give the other code."""
    return (
        check_flag("faithful", faithful, KerasTeachError, _FAITHFUL),
        check_flag("strict", strict, KerasTeachError, _STRICT),
    )


_FAITHFUL = "True keeps every layer name"
_STRICT = "True raises instead of writing a placeholder for a Lambda's function"


def _graph(model, input_shape=None) -> ModelGraph:
    from ._reader import read_model  # a ModelGraph as it is (with no input_shape)

    return read_model(model, input_shape=input_shape)


def explain(model, *, input_shape=None) -> Explanation:
    """Say whether ``model`` can be Sequential and, if not, every reason."""
    graph = _graph(model, input_shape)
    return Explanation(graph.name, graph.reasons)


def to_functional_code(
    model, *, faithful: bool = False, strict: bool = False, input_shape=None
) -> GeneratedCode:
    """Functional-API code that rebuilds ``model``.

    ``faithful=True`` keeps every layer name.  An operation Keras adds by
    itself to compute a mask (the ``not_equal`` of
    ``Embedding(mask_zero=True)``) is not in the code, and Keras names it
    from its global counter: ``notes`` says so.  ``strict=True`` raises
    :class:`~kerasteach.errors.LambdaLayerError` instead of writing a
    placeholder for a Lambda layer's function.

    A layer adapted to data (``Normalization``, ``StringLookup``,
    ``TextVectorization``, ...) keeps what it learned outside its config:
    the code builds it as it was before ``adapt()``, gets it a variable of
    its own, and ``notes`` says how to bring that back.  Like trained
    weights, this is data that no code carries, so ``strict=True`` does not
    refuse it: the note is there in both modes.
    """
    faithful, strict = _flags(faithful, strict)
    graph = _graph(model, input_shape)
    return _written(graph, "functional", faithful, strict)


def to_sequential_code(
    model, *, faithful: bool = False, strict: bool = False, input_shape=None
) -> GeneratedCode:
    """``keras.Sequential`` code for ``model``.

    Raises :class:`~kerasteach.errors.NotSequentialError`, listing every
    reason, when the model is not a single chain.
    """
    faithful, strict = _flags(faithful, strict)
    graph = _graph(model, input_shape)
    if graph.reasons:
        raise NotSequentialError(graph.name, graph.reasons)
    return _written(graph, "sequential", faithful, strict)


def _written(graph: ModelGraph, style: str, faithful: bool, strict: bool):
    """The code of ``graph`` in ``style``.  A function or class the code
    uses by name (the student's activation ``triple``, an imported custom
    layer) is found only while the code is written: when a variable made
    before took that name (an Input named 'triple'), the code is written
    again with those names kept free."""
    emitter = ModelEmitter(faithful=faithful, strict=strict)
    emitter.emit_model(graph, "model", style=style)
    if emitter.referenced & emitter.ns.created:
        reserved = frozenset(emitter.referenced)
        emitter = ModelEmitter(faithful=faithful, strict=strict, reserved=reserved)
        emitter.emit_model(graph, "model", style=style)
    return emitter.result(style, graph.name)
