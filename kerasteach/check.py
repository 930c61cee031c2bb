"""Feedback on an exercise: does a student's model match the reference?

``check(student_model, reference)`` reads both models into
:class:`~kerasteach.graph.ModelGraph` objects and compares their
architectures, not their weights and not their layer names.  It answers with
a :class:`CheckResult`: either *correct*, or the first difference that
matters, said in plain words with a hint (a missing or extra layer, two
layers in the wrong order, a wrong layer type, wrong units, filters, kernel
size or activation, a layer called with other arguments than its tensors
(``training=True``), a wrong connection, layers that should or should not be
shared, the wrong number or shape of inputs and outputs, a list where the
reference takes or returns a dict, whose keys Keras uses to find data and
losses, or a dict where it takes or returns a single tensor or a list, whose
order tells its tensors apart).  With several differences, it also says how
many more come after the first (:mod:`kerasteach._check_more`), so that
fixing one is not mistaken for the end.

How the comparison works.  Nested models are first inlined, so a
``Sequential`` block inside a Functional model counts as its layers.  Then
the reference's calls are visited in topological order, starting from the
inputs, which are paired by position (by key when both models take a dict;
when only the reference does, by the student's input names, else by
shape).  Inputs listed in another order than the reference's are told so, not
a layer that reads them: when their shapes pair them one to one, or when
their names do and so paired the models match.  A reference call is matched
with the unused student call that reads the matching tensors and has the
same class and architecture settings (everything in ``get_config()`` except
names, dtypes, initializers, regularizers, constraints and seeds; the
``axis`` of a Keras layer is counted from the front, so ``Concatenate()``
and ``Concatenate(axis=3)`` are the same layer on 4-D inputs), called with
the same arguments besides its tensors (``training=True``; those at the
default of the layer's ``call`` do not count, and a nested model's call
passes its own on to its layers).  The first reference call without a match
is where the models part: the chains of layers that start there in both
models are aligned like two words in a spell checker, so one forgotten layer
reads as "missing layer", and one in another place as "wrong order", not as
a cascade of wrong settings.  A call that reads other tensors than its
reference call is told why when that is plain: an extra layer in front of
it, a layer missing in front of a merge, or a block called a second time on
the same data instead of reusing its result.
Either API style is accepted for the student: a Sequential model and a
Functional model of the same chain are the same architecture (unless
``style=`` asks for one: then the right architecture in the other style, or
a subclassed model, is told so, last).  A
``keras.Sequential`` answer to a reference that branches or merges is told
that first (where the reference branches, in the words of
:func:`kerasteach.explain`), since no change inside a Sequential model
fixes it.  A layer without ``get_config()`` is compared by its class only.
Feedback names a student's layer as they wrote it: by the name they gave it,
by its place when Keras named it (``'dense_7' (your 2nd Dense layer)``), and
in a subclassed model by the attribute its ``call()`` uses (``self.h2``,
``self.blocks[0]``).
"""

from __future__ import annotations

from ._check_align import _Comparison
from ._check_api_style import sequential_blockers
from ._check_flat import _Flat
from ._check_result import CheckResult, _wrong
from ._check_traced import traced
from ._check_words import plain_reason
from ._checks import check_style
from .errors import KerasTeachError, NotBuiltError, TraceError

__all__ = ["CheckResult", "check"]


# --------------------------------------------------------------------------
# the public entry point


def check(student_model, reference, *, style: str | None = None) -> CheckResult:
    """Compare the architecture of ``student_model`` with ``reference``.

    Both may be Keras models (Sequential, Functional or a traceable
    subclass) or :class:`~kerasteach.graph.ModelGraph` objects.  Layer names
    and weights do not matter.  ``style`` is the API style the exercise asks
    for: ``"functional"`` (``keras.Input`` and ``keras.Model(inputs,
    outputs)``), ``"sequential"`` (``keras.Sequential``) or None (the
    default: either style).  When the architecture matches but the style
    does not, the result is not correct (kind ``"wrong-style"``); a
    subclassed model is neither style.  Any other ``style`` raises
    :class:`~kerasteach.errors.KerasTeachError`, and so does
    ``style="sequential"`` for a reference that no keras.Sequential model
    can match: not a single chain of layers, or one that returns a dict, has
    no layers, applies a keras.ops function, has a layer that returns
    several tensors or calls a layer with more than its input
    (``training=True``).  A nested model counts as one layer there, as
    kerasteach.explain() says: ``keras.Sequential([keras.Input(...),
    layers.Dense(8), encoder])`` is a Sequential reference even when the
    encoder branches or returns several outputs.
    Returns a :class:`CheckResult` that is truthy when the architectures
    match and displays as a short note in a notebook: the first difference
    in full, and how many more check() sees after it (``result.more``), so
    that fixing one is not mistaken for the end.
    """
    from ._reader import read_model
    from ._reader_checks import has_input, is_subclassed, what_it_is
    from ._reader_subclass import no_super_init

    check_style(style)
    try:
        ref_graph = read_model(reference)
    except NotBuiltError as exc:
        # built but unconnected, or no layers: what read_model says
        if has_input(reference) or not getattr(reference, "layers", None):
            raise NotBuiltError(
                f"The reference model could not be read: {exc}"
            ) from exc
        start = (
            # a subclassed model has no keras.Input to start with
            "Call it once on data of the exercise's shape, e.g. "
            "reference(np.zeros((1, ...))), "
            if is_subclassed(reference)
            else "Start it with keras.Input(shape=...) (the shape of one sample), "
        )
        raise NotBuiltError(
            "check() compares with a reference model that knows its input shape, "
            f"and the reference {getattr(reference, 'name', '')!r} does not yet. "
            f"{start}or build it before checking: reference.build((None, ...))."
        ) from exc
    ref = _Flat(ref_graph)
    # a nested model's own reasons do not block: keras.Sequential may hold
    # that model as one of its layers, as kerasteach.explain() says
    found = [(p, r) for p, r in sequential_blockers(ref) if p == ""]
    if style == "sequential" and found:
        what = (
            "a single chain, but one that keras.Sequential cannot build"
            if ref.is_chain
            else "not a single chain of layers"
        )
        raise KerasTeachError(
            "check(style='sequential') asks for a keras.Sequential model, but the "
            f"reference is {what} ({plain_reason(found[0][1])}), so no "
            "keras.Sequential model can match it. Pass style='functional', or "
            "leave style out."
        )
    if student_model is None:
        return _wrong(
            "not-a-model",
            "there is no model to check yet: check() received None.",
            "Build your model, assign it to a variable and pass that variable: "
            "check(model, reference).",
        )
    try:
        stu_graph = read_model(student_model)
    except TypeError:
        received, advice = what_it_is(student_model)
        return _wrong(
            "not-a-model",
            "that is not a Keras model: check() expected a keras.Sequential or "
            f"keras.Model but received {received}.",
            f"{advice} Then check(model, reference).",
        )
    except NotBuiltError as exc:
        if has_input(student_model):  # built, but its layers do not connect
            return _wrong(
                "not-a-model",
                f"your model could not be read. {exc}",
                "Fix that layer, or use the Keras layers the exercise asks for.",
            )
        if is_subclassed(student_model):
            # no keras.Input to add: trace call() on the reference's shape,
            # before "no layers": call() may make them (which it is told)
            graph = traced(student_model, [ref.shape(t)[1:] for t in ref.inputs])
            if isinstance(graph, CheckResult):
                return graph
            return _Comparison(ref, _Flat(graph), style).run()
        if not getattr(student_model, "layers", None) and ref.layer_count == 0:
            shape = ref.shape(ref.inputs[0])[1:]
            return _wrong(
                "needs-functional",
                "the reference has no layers: it returns its input as it is, "
                "and a keras.Sequential model needs at least one layer after its "
                "keras.Input (one of only an Input cannot be called).",
                "Write your model with the Functional API, without layers: "
                f"inputs = keras.Input(shape={shape!r}), then model = "
                "keras.Model(inputs, inputs).",
            )
        if not getattr(student_model, "layers", None):
            return _wrong(
                "empty",
                "your model has no layers yet.",
                "Add the layers the exercise asks for, in order: model.add("
                "layers.Dense(...)), or list them in keras.Sequential([...]).",
            )
        shapes = [ref.shape(t)[1:] for t in ref.inputs]
        example = (
            f"keras.Input(shape={shapes[0]!r})" if len(shapes) == 1 else "keras.Input"
        )
        return _wrong(
            "not-built",
            "your model does not know its input shape yet, so its layers are not "
            "connected and there is nothing to compare.",
            f"Start the model with {example}, e.g. keras.Sequential([{example}, ...]).",
        )
    except KerasTeachError as exc:
        hint = "Build it with keras.Sequential or with the Functional API."
        if isinstance(exc, TraceError):  # the message says what to change
            hint = "Change call() as the message says, or " + hint[0].lower() + hint[1:]
        elif no_super_init(student_model) is not None:
            hint = (
                "Add super().__init__() as the first line of __init__, then "
                "run the cell that makes the model again."
            )
        return _wrong("not-a-model", f"your model could not be read. {exc}", hint)
    return _Comparison(ref, _Flat(stu_graph), style).run()
