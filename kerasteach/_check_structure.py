"""The structure a student's model takes its inputs and returns its outputs in.

The same tensors may come as one tensor, a list or a dict, and the
difference shows where the model is used: a model that returns a dict gives
a dict from ``model(x)`` and ``predict()``, not an array or a list, and
finds labels, losses and metrics by its keys; one that takes a dict fails
on a list of arrays.  :class:`_Structure` holds the "structure" results as
methods of the comparison (``kerasteach._check_whole._WholeModel``
inherits them):

* ``check_dict``: the reference has a dict, the student a list or a single
  tensor;
* ``check_no_dict``: the student has a dict, the reference a single tensor,
  or a list (or tuple) of several, whose order tells them apart;
* ``check_nested``: both have a dict with the same keys, and under one key
  another structure (a tensor where the reference has a list).

Each is said only when the student's tensors are the reference's, so
another check says what differs in the tensors themselves.  A subclassed
model gets its outputs' structure from what ``call()`` returns: its hint
says what to return.
"""

from __future__ import annotations

from collections.abc import Mapping

from ._check_flat import Tensor, _Flat
from ._check_keys import held, path_words, same_layout, skeleton
from ._check_names import _and, _label, _layer_name, _output_of
from ._check_result import CheckResult, _wrong


class _Structure:
    """The structure checks of ``_Comparison``, which sets these fields
    and whose ``tensor`` method gives a reference tensor's student
    counterpart."""

    ref: _Flat
    stu: _Flat

    def check_dict(self, word: str) -> CheckResult | None:
        """The reference takes (``word="input"``) or returns a dict, and the
        student a list or a single tensor: the "structure" result, saying
        which of the student's tensors goes under each key.  Keras finds
        data, losses and metrics by these keys, so a list will not do.
        None when the reference has no dict, or the student has one too, or
        the student's tensors are not the reference's (another check says
        that)."""
        ref, stu = self.ref, self.stu
        keys = ref.input_keys if word == "input" else ref.output_keys
        ref_tensors = ref.inputs if word == "input" else ref.outputs
        structure = stu.graph.inputs if word == "input" else stu.graph.outputs
        if keys is None or isinstance(structure, Mapping):
            return None
        mine = stu.inputs if word == "input" else stu.outputs
        wanted = [self.tensor(t) for t in ref_tensors]
        if sorted(wanted) != sorted(mine):
            return None
        where = self._said(word, wanted)
        if word == "input":
            verb, use = "takes", "which fit() and predict() use to find each input"
        else:
            verb = "returns"
            use = "which compile(loss={...}) and fit() use to find each output"
        many = len(keys) > 1
        if isinstance(structure, (list, tuple)):
            got = f"your model {verb} its {word}s as a list"
        else:
            got = f"your model {verb} its {word} as a single tensor"
        if not many:
            use = use.replace(f"each {word}", f"its {word}")
        text = (
            f"{got}; the reference {verb} a dict with the key{'s' if many else ''} "
            f"{_and([repr(k) for k in keys])}, {use}."
        )
        paths = ref.input_paths if word == "input" else ref.output_paths
        example = skeleton(ref.graph.inputs if word == "input" else ref.graph.outputs)
        if self._returned(word):
            hint = f"Return a dict from call(): return {example}"
        else:
            hint = f"Pass a dict to keras.Model: {word}s={example}"
        if len(wanted) > 1:
            pairs = zip(where, paths, strict=True)
            hint += ", with " + _and([f"{w} under {path_words(p)}" for w, p in pairs])
        renamed = [
            p[0]
            for p, t in zip(paths, wanted, strict=True)
            if word == "input" and len(p) == 1 and p[0] != stu.nodes[t[0]].name
        ]
        if renamed and stu.origin != "sequential":  # else Keras warns
            hint += (
                ", and give each keras.Input the name of its key: "
                f"keras.Input(shape=..., name={renamed[0]!r})"
            )
        hint += "."
        if stu.origin == "sequential":
            hint = (
                f"A keras.Sequential model {verb} a single tensor, never a dict: "
                "write this model with the Functional API. " + hint
            )
        return _wrong("structure", text, hint)

    def check_no_dict(self, word: str) -> CheckResult | None:
        """The reference takes (``word="input"``) or returns one tensor, or
        a list of several, and the student a dict of them: the "structure"
        result.  A model that returns a dict gives a dict from model(x) and
        predict(), not the array or the list, and takes a list of labels in
        the order of its keys sorted, not the order written; one that takes
        a dict warns when given an array, and fails on a list of arrays.
        None when the reference has a dict, or the student has none, or the
        student's tensors are not the reference's (another check says
        that)."""
        ref, stu = self.ref, self.stu
        if word == "input":
            ref_keys, ref_tensors, keys = ref.input_keys, ref.inputs, stu.input_keys
        else:
            ref_keys, ref_tensors, keys = ref.output_keys, ref.outputs, stu.output_keys
        if ref_keys is not None or keys is None:
            return None
        mine = stu.inputs if word == "input" else stu.outputs
        wanted = [self.tensor(t) for t in ref_tensors]
        if sorted(wanted) != sorted(mine):
            return None
        if len(wanted) > 1:
            return self.dict_for_list(word, wanted)
        verb = "takes" if word == "input" else "returns"
        what = (
            "fit() and predict() give it an array, and yours warns, given an "
            "array, that the structure of its inputs does not match"
            if word == "input"
            else "its model(x) and predict() give an array, and yours give a dict"
        )
        text = (
            f"your model {verb} its {word} in a dict, under the key "
            f"{keys[0]!r}; the reference {verb} the tensor itself: {what}."
        )
        label = self._said(word, mine)[0]
        structure = stu.graph.inputs if word == "input" else stu.graph.outputs
        written = skeleton(structure, [f"{word}s"])  # {'out': outputs}
        if self._returned(word):
            hint = (
                "Return the tensor itself from call(), without the dict: "
                f"return outputs instead of return {written}, "
                f"where outputs is {label}."
            )
            return _wrong("structure", text, hint, _layer_name(stu, mine[0]))
        if word == "input":
            wrong = f"keras.Model({written}, outputs)"
        else:
            wrong = f"keras.Model(inputs, {written})"
        hint = (
            "Pass the tensor itself to keras.Model, without the dict: "
            f"keras.Model(inputs, outputs) instead of {wrong}, where {word}s is "
            f"{label}."
        )
        return _wrong("structure", text, hint, _layer_name(stu, mine[0]))

    def dict_for_list(self, word: str, wanted: list[Tensor]) -> CheckResult:
        """The student has a dict of the tensors the reference has in a
        list (``wanted``, the student's tensors in the reference's order):
        in a list, the order tells them apart."""
        stu = self.stu
        mine = stu.inputs if word == "input" else stu.outputs
        keys = stu.input_keys if word == "input" else stu.output_keys
        paths = stu.input_paths if word == "input" else stu.output_paths
        path_of = dict(zip(mine, paths, strict=True))
        n = len(wanted)
        if word == "input":
            text = (
                f"your model takes its inputs in a dict, under the keys "
                f"{_and([repr(k) for k in keys])}; the reference takes a list of "
                f"{n} inputs, told apart by their order: fit() and predict() give "
                "it a list of arrays, and yours fails on a list, as it expects a "
                "dict."
            )
        else:
            text = (
                f"your model returns its outputs in a dict, under the keys "
                f"{_and([repr(k) for k in keys])}; the reference returns a list of "
                f"{n} outputs, told apart by their order: its model(x) and "
                "predict() give a list, and yours give a dict."
            )
            by_sort = [path_of[t] for t in wanted]
            if by_sort != sorted(by_sort):  # a list of labels would go astray
                text += (
                    " Given a list of labels, as the reference takes them, yours "
                    "would pair them with its outputs in the order of its sorted "
                    f"keys ({', then '.join(repr(k) for k in sorted(keys))}), not "
                    "in the reference's order."
                )
        where = self._said(word, wanted)
        order = (
            f"{where[0]} first, then {where[1]}"
            if n == 2
            else f"{_and(where)}, in that order"
        )
        structure = self.ref.graph.inputs if word == "input" else self.ref.graph.outputs
        dots = skeleton(list(structure))  # [..., [..., ...]] for a nested list
        if self._returned(word):
            hint = (
                "Return the outputs from call() as a list, in the reference's "
                f"order: return {dots}, with {order}."
            )
        else:
            hint = (
                f"Pass the {word}s to keras.Model as a list, in the reference's "
                f"order: {word}s={dots}, with {order}."
            )
        return _wrong("structure", text, hint)

    def check_nested(self, word: str) -> CheckResult | None:
        """Both models take (``word="input"``) or return a dict with the
        same keys, and under one key the student's holds another structure
        than the reference's (a single tensor where it has a list): the
        "structure" result, naming that key and what goes under it.  Keras
        gives data, predictions and labels in the model's own structure.
        None when the structures match."""
        ref, stu = self.ref, self.stu
        if word == "input":
            r, s, verb = ref.graph.inputs, stu.graph.inputs, "takes"
            why = "fit() and predict() must give it the data in that structure"
        else:
            r, s, verb = ref.graph.outputs, stu.graph.outputs, "returns"
            why = (
                "predict() gives the outputs, and fit() takes the labels, in "
                "that structure"
            )
        if not (isinstance(r, Mapping) and isinstance(s, Mapping)):
            return None
        if sorted(r, key=repr) != sorted(s, key=repr):
            return None
        key = next((k for k in r if not same_layout(r[k], s[k])), None)
        if key is None:
            return None
        text = (
            f"your model {verb} {held(s[key])} under the key {key!r} of its "
            f"{word}s dict; the reference {verb} {held(r[key])} there, and "
            f"{why}."
        )
        if self._returned(word):
            hint = f"Return {skeleton(r)} from call()"
        else:
            hint = (
                f"Pass the {word}s to keras.Model in the reference's structure: "
                f"{word}s={skeleton(r)}"
            )
        hint += f", with {held(r[key])} under {key!r}."
        return _wrong("structure", text, hint)

    def _said(self, word: str, tensors: list[Tensor]) -> list[str]:
        """The student's ``tensors`` in words: ``your input 'a'``, ``the
        output of self.head``."""
        stu = self.stu
        if word == "input":
            return [f"your input {stu.nodes[t[0]].name!r}" for t in tensors]
        return [_output_of(_label(stu, t)) for t in tensors]

    def _returned(self, word: str) -> bool:
        """Whether the student's model gives its outputs (``word``) by what
        its call() returns: a subclassed model, not keras.Model(...)."""
        return word == "output" and self.stu.origin == "subclassed"
