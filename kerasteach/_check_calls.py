"""A layer called with other arguments than the reference's call passes.

Besides tensors, a call may pass keyword arguments that change what the
layer does: ``Dropout(0.5)(x, training=True)``, ``MultiHeadAttention(...)(
x, x, use_causal_mask=True)``, or a nested model's ``base(x,
training=False)``, which Keras passes on to the layers inside it.
:class:`_CallArguments` holds the "call-arguments" result as a method of
the comparison (``kerasteach._check_align._Comparison`` inherits it): which
arguments differ, the call the reference writes, and for an argument a
nested model's call passes on, the model to call with it.
"""

from __future__ import annotations

from ._check_describe import _describe
from ._check_flat import _Flat, _Node
from ._check_names import _and, _label, _layer, _named_as, _output_of, _said
from ._check_result import CheckResult, _wrong
from ._defaults import keyword_defaults, resolve_class
from ._names import Namespace

_UNSET = object()


class _CallArguments:
    """The call-arguments check of ``_Comparison``, which sets these fields."""

    ref: _Flat
    stu: _Flat

    def call_arguments(self, node: _Node, s: _Node) -> CheckResult:
        """``s`` matches ``node`` but for the arguments it is called with
        (``_same_call`` says they differ)."""
        if node.call_args != s.call_args:
            return self.layer_call_arguments(node, s)
        return self.model_call_arguments(node, s)

    def layer_call_arguments(self, node: _Node, s: _Node) -> CheckResult:
        theirs, mine = node.call_args, s.call_args
        keys = _differing(theirs, mine)
        layer = _layer(self.stu, s)
        x, where = ("x", f", where x is {_output_of(_label(self.stu, s.inputs[0]))}")
        if len(s.inputs) != 1:
            x, where = "...", ""
        code = f"{_describe(node)}({_passed(x, theirs)})"
        cls = resolve_class(node.module, node.class_name)
        defaults = keyword_defaults(cls.call) if hasattr(cls, "call") else {}
        hint = (
            f"When you call {_said(self.stu, s)}, {_changes(theirs, mine, keys)}, "
            f"as the reference does: {code}{where}."
        )
        if self.stu.origin == "sequential":
            hint = (
                "A keras.Sequential model calls each layer on the tensor alone, "
                "without other arguments: write this model with the Functional "
                "API. " + hint
            )
        return _wrong(
            "call-arguments",
            f"your model calls {layer} {_with(mine, keys, defaults)}, but the "
            f"reference calls it {_with(theirs, keys, defaults)}: {code}.",
            hint,
            s.name,
        )

    def model_call_arguments(self, node: _Node, s: _Node) -> CheckResult:
        """The arguments differ that nested models' calls pass on to the
        layers inside them: said of the models' calls."""
        theirs, mine = node.passed_on, s.passed_on
        keys = _differing(theirs, mine)
        ref_model = _giver(node, keys)
        stu_model = _giver(s, keys) or _outermost_model(s)
        layer = _layer(self.stu, s)
        if ref_model is not None:
            theirs_said = (
                f"the reference calls the model {ref_model!r} (which holds "
                f"{_describe(node)}) {_with(theirs, keys)}"
            )
        else:
            theirs_said = f"the reference runs {_describe(node)} {_with(theirs, keys)}"
        # the student's model by their word for it: 'base', or self.base
        said = _named_as(self.stu, stu_model) if stu_model is not None else ""
        if stu_model is not None:
            mine_said = f"your model calls the model {said} (which holds {layer})"
        else:
            mine_said = f"your model calls {layer}"
        text = f"{mine_said} {_with(mine, keys)}, but {theirs_said}."
        if ref_model is not None:
            text += (
                " A model passes such arguments on to each layer inside it "
                "(Keras does that for training)."
            )
        changes = _changes(theirs, mine, keys)
        if stu_model is not None:
            var = self.stu.attributes.get(stu_model) or Namespace().create_name(
                stu_model.rpartition("/")[2]
            )
            hint = (
                f"When you call your model {said}, {changes}: x = "
                f"{var}({_passed('x', theirs)})."
            )
        else:
            var = Namespace().create_name(ref_model.rpartition("/")[2])
            hint = (
                f"Put these layers in a model of their own, as the reference "
                f"does ({ref_model!r}), and call it {_with(theirs, keys)}: "
                f"{var} = keras.Sequential([...]), then x = "
                f"{var}({_passed('x', theirs)})."
            )
        return _wrong("call-arguments", text, hint, stu_model or s.name)


def _same_call(a: _Node, b: _Node) -> bool:
    """Whether two calls pass the same arguments besides tensors, their own
    and those the nested models around them pass on."""
    return a.call_args == b.call_args and a.passed_on == b.passed_on


def _differing(theirs, mine) -> list[str]:
    """The argument names whose values differ (or that only one call
    passes), the reference's first."""
    keys = dict.fromkeys([*theirs, *mine])
    return [k for k in keys if theirs.get(k, _UNSET) != mine.get(k, _UNSET)]


def _with(args, keys, defaults=None) -> str:
    """``with training=True``, ``without use_causal_mask``, or both; an
    argument left out is said at its default of ``defaults`` when that is
    a value (``with training=False (its default)`` for Dropout)."""
    defaults = defaults or {}
    given = [f"{k}={args[k]!r}" for k in keys if k in args]
    given += [
        f"{k}={defaults[k]!r} (its default)"
        for k in keys
        if k not in args and defaults.get(k) is not None
    ]
    left = [k for k in keys if k not in args and defaults.get(k) is None]
    parts = []
    if given:
        parts.append(f"with {_and(given)}")
    if left:
        parts.append(f"without {_and(left)}")
    return " and ".join(parts)


def _changes(theirs, mine, keys) -> str:
    """What to change in a call: "pass training=True", "leave out
    use_causal_mask", "pass training=True instead of training=False"."""
    parts = []
    for k in keys:
        if k in theirs and k in mine:
            parts.append(f"pass {k}={theirs[k]!r} instead of {k}={mine[k]!r}")
        elif k in theirs:
            parts.append(f"pass {k}={theirs[k]!r}")
        else:
            parts.append(f"leave out {k}")
    return _and(parts)


def _passed(tensors: str, args) -> str:
    """The arguments of a call: ``x, training=True``."""
    return ", ".join([tensors, *(f"{k}={v!r}" for k, v in args.items())])


def _giver(node: _Node, keys) -> str | None:
    """The nested model whose call passes on the first of ``keys`` that
    one passes to ``node``, or None."""
    inherited = node.inherited
    return next((inherited[k][1] for k in keys if k in inherited), None)


def _outermost_model(node: _Node) -> str | None:
    """The nested model ``node`` is inside (its outermost), or None."""
    return node.name.partition("/")[0] if "/" in node.name else None
