"""The checks on a student's model as a whole, around the layer-by-layer walk.

Before the walk: the inputs (:class:`._check_inputs._Inputs`) and the same
number of outputs.  After the walk:
no student layer left over, inputs and outputs in the reference's structure
(a dict where it has one and none where it has a single tensor or a list:
:class:`._check_structure._Structure`), the outputs in the right places
with the right shapes, and the verdict that the architectures match.
:class:`_WholeModel` holds these checks as methods of the comparison
(``kerasteach._check_align._Comparison`` inherits them); the checks about
the API style (a Sequential student facing a branching reference, the style
an exercise asks for) are in :mod:`kerasteach._check_api_style`.
"""

from __future__ import annotations

from ._check_api_style import returning_tail
from ._check_describe import _describe
from ._check_flat import _Flat
from ._check_inputs import _Inputs
from ._check_keys import _wrong_keys, by_path, path_words, skeleton
from ._check_lists import first_moved, list_order, reordered_lists
from ._check_names import _and, _label, _labels, _layer_name, _output_of, _plural, _said
from ._check_result import CheckResult, _wrong
from ._check_structure import _Structure


class _WholeModel(_Inputs, _Structure):
    """The whole-model checks of ``_Comparison``, which sets these fields
    (``map`` and ``used`` pair reference calls with student calls) and
    whose ``tensor`` method gives a reference tensor's student counterpart."""

    ref: _Flat
    stu: _Flat
    style: str | None
    map: dict[int, int]
    used: set[int]

    # -- the whole model -------------------------------------------------
    def check_output_count(self) -> CheckResult | None:
        if len(self.ref.outputs) == len(self.stu.outputs):
            return None
        return self.wrong_count("output")

    def wrong_count(self, word: str) -> CheckResult:
        """The student has not as many inputs (``word="input"``) or outputs
        as the reference: how many each has, by key when a dict names them,
        and what to add or to remove (a hint to add more is wrong for a model
        that has too many)."""
        ref, stu = self.ref, self.stu
        if word == "input":
            r_ts, r_keys, s_keys = ref.inputs, ref.input_keys, stu.input_keys
            r_paths, r_structure = ref.input_paths, ref.graph.inputs
            s_paths = stu.input_paths
            s_keys = self.names_as_keys() or s_keys  # a list of named inputs
            n_stu = len(stu.inputs)
        else:
            r_ts, r_keys, s_keys = ref.outputs, ref.output_keys, stu.output_keys
            r_paths, r_structure = ref.output_paths, ref.graph.outputs
            s_paths = stu.output_paths
            n_stu = len(stu.outputs)
        n_ref = len(r_ts)
        if r_paths is not None:
            theirs = _and(
                [
                    f"{path_words(p)} of shape {ref.shape(t)}"
                    for p, t in zip(r_paths, r_ts, strict=True)
                ]
            )
        else:
            theirs = f"shape{'s' if n_ref > 1 else ''} " + " and ".join(
                str(ref.shape(t)) for t in r_ts
            )
        if s_paths is not None:  # a dict: each tensor by its key path
            shown = [path_words(p) for p in s_paths]
        else:
            shown = [repr(k) for k in s_keys or ()]
        mine = f" ({_and(shown)})" if shown else ""
        text = (
            f"your model has {_plural(n_stu, word)}{mine}; the reference has "
            f"{n_ref} ({theirs})."
        )
        missing = [k for k in r_keys or () if s_keys is not None and k not in s_keys]
        extra = [k for k in s_keys or () if r_keys is not None and k not in r_keys]
        if n_stu < n_ref:
            every = skeleton(
                list(r_structure) if isinstance(r_structure, tuple) else r_structure
            )
            if word == "input":
                hint = (
                    f"Create one keras.Input for each of the {n_ref} inputs and "
                    f"pass them all: keras.Model(inputs={every}, outputs=...)"
                )
            else:
                hint = (
                    f"Return {'both' if n_ref == 2 else f'all {n_ref}'} outputs: "
                    f"keras.Model(inputs, {every})"
                )
            if missing:
                hint += f", adding {_and([repr(k) for k in missing])}"
        elif n_ref == 1:
            hint = (
                "Give your model a single keras.Input, like the reference"
                if word == "input"
                else "Return a single output tensor from your model, like the reference"
            )
        else:
            hint = f"Keep only the reference's {n_ref} {word}s"
            if extra:
                hint += f": remove {_and([repr(k) for k in extra])}"
            elif r_paths is not None and any(len(p) > 1 for p in r_paths):
                hint += f", in its structure: {skeleton(r_structure)}"
        hint += "."
        unread = [
            stu.nodes[t[0]].name
            for t in (stu.inputs if word == "input" and n_stu > n_ref else ())
            if not stu.consumers.get(t)
        ]
        if unread:  # the one to remove, most likely
            inputs = "inputs" if len(unread) > 1 else "input"
            names = _and([repr(n) for n in unread])
            hint += f" No layer of your model reads your {inputs} {names}."
        tail = returning_tail(ref) if word == "output" else None
        if stu.origin == "sequential" and tail is not None and n_stu < n_ref:
            functional = hint
            hint = (
                "A keras.Sequential model returns what its last layer returns: "
                f"to return {n_ref} outputs, like the reference, end it with a "
                "model of its own that returns them, as the reference ends with "
                f"its nested model {tail!r}. Build that model with the Functional "
                "API (part = keras.Model(part_inputs, [..., ...])) and list it "
                "last: keras.Sequential([..., part])."
            )
            if self.style != "sequential":
                hint += (
                    f" Or write your whole model with the Functional API. {functional}"
                )
        elif stu.origin == "sequential" and n_ref > 1:
            rule = (
                "A keras.Sequential model always has exactly one input"
                if word == "input"
                # it may end in a nested model of several outputs, but a
                # beginner's Sequential returns its last layer's tensor
                else "A keras.Sequential model returns what its last layer "
                "returns, here one tensor"
            )
            hint = f"{rule}: write this model with the Functional API. {hint}"
        return _wrong(word + "s", text, hint)

    def check_rest(self) -> CheckResult:
        ref, stu = self.ref, self.stu
        ends = {self.tensor(t) for t in ref.outputs}  # the reference's outputs
        for s in stu.nodes:
            if s.index not in self.used and any(t in ends for t in s.inputs):
                before = _labels(stu, [t for t in s.inputs if t in ends])
                last = _output_of(before)
                more = len(self.downstream(s)) - 1
                then = f", then {_plural(more, 'more layer')}" if more else ""
                return _wrong(
                    "extra-layer",
                    f"your model goes on after {before} with {_said(self.stu, s)} "
                    f"({_describe(s)}){then}, but the reference ends there: its "
                    f"output is {last}.",
                    f"End your model at {last}: remove {_said(self.stu, s)}"
                    + (" and the layers after it" if more else "")
                    + (
                        ", and pass that tensor as the outputs of keras.Model."
                        if stu.origin == "functional"
                        else "."
                    ),
                    s.name,
                )
            if s.index not in self.used:
                return _wrong(
                    "extra-layer",
                    f"your model has an extra layer {_said(stu, s)} ({_describe(s)}) "
                    f"after {_labels(stu, s.inputs)}; the reference has no such layer.",
                    f"Remove {_said(stu, s)}.",
                    s.name,
                )
        for word in ("input", "output"):
            for found in (self.check_dict(word), self.check_no_dict(word)):
                if found is not None:  # (a CheckResult is falsy)
                    return found
        pairs = list(enumerate(zip(ref.outputs, stu.outputs, strict=True)))
        names = [str(i + 1) for i in range(len(pairs))]
        if ref.output_keys is not None and stu.output_keys is not None:
            if sorted(ref.output_keys) != sorted(stu.output_keys):
                return _wrong_keys(
                    "output",
                    "returns",
                    ref.graph.outputs,
                    stu.output_keys,
                    self.renames(),
                )
            nested = self.check_nested("output")
            if nested is not None:
                return nested
            reordered = self.output_lists_reordered()
            if reordered is not None:
                return reordered
            keyed = by_path(
                ref.output_paths, ref.outputs, stu.output_paths, stu.outputs
            )
            pairs = list(enumerate(keyed))
            names = [path_words(p) for p in ref.output_paths]
        for i, (rt, st) in pairs:
            expected = self.tensor(rt)
            which = (
                "your model's output"
                if len(pairs) == 1
                else f"your model's output {names[i]}"
            )
            if expected != st:
                swapped = self.swapped_outputs(pairs, names, i)
                if swapped is not None:
                    return swapped
                reordered = self.output_lists_reordered()  # a list of 3 or more
                if reordered is not None:
                    return reordered
                return _wrong(
                    "outputs",
                    f"{which} is {_output_of(_label(stu, st))}, but in the "
                    f"reference it is {_output_of(_label(stu, expected))}.",
                    f"Check the outputs you pass to keras.Model: this one should be "
                    f"{_output_of(_label(stu, expected))}.",
                    _layer_name(stu, st),
                )
            if ref.shape(rt) != stu.shape(st):
                return _wrong(
                    "output-shape",
                    f"{which} has shape {stu.shape(st)}; the reference gives "
                    f"{ref.shape(rt)}.",
                    "Compare the last layers of both models.",
                    _layer_name(stu, st),
                )
        style = ""
        if stu.origin != ref.origin and "subclassed" not in (stu.origin, ref.origin):
            style = (
                f" You wrote it in the {stu.origin.capitalize()} style and the "
                f"reference is {ref.origin.capitalize()}: both describe the same model."
            )
        return CheckResult(
            True,
            f"Your model has the same architecture as the reference "
            f"({_plural(stu.layer_count, 'layer')}, "
            f"{_plural(len(stu.inputs), 'input')}, "
            f"{_plural(len(stu.outputs), 'output')}).{style}",
        )

    def downstream(self, s) -> set[int]:
        """``s`` and the unmatched student calls that read from it."""
        seen, todo = {s.index}, [s]
        while todo:
            n = todo.pop()
            for k in range(len(n.shapes)):
                for i in self.stu.consumers.get((n.index, k), []):
                    if i not in seen and i not in self.used:
                        seen.add(i)
                        todo.append(self.stu.nodes[i])
        return seen

    def swapped_outputs(self, pairs, names, i) -> CheckResult | None:
        """Output ``i`` and another one are each where the other belongs:
        say so, with what each is (the names alone may mislead: a layer named
        like one key under the other key)."""
        stu = self.stu
        _, (rt, st) = pairs[i]
        for j, (rt2, st2) in pairs:
            if st2 == self.tensor(rt) and self.tensor(rt2) == st:
                mine = f"{_output_of(_label(stu, st))} ({_describe(stu.nodes[st[0]])})"
                keyed = names[i].startswith("'")
                a, b = names[i], names[j]
                where = "the dict" if keyed else "the list"
                return _wrong(
                    "outputs",
                    f"your model's outputs {a} and {b} are swapped: as output {a} "
                    f"it returns {mine}, which the reference returns as output "
                    f"{b}, and the other way round.",
                    f"Swap the two tensors in {where} of outputs you pass to "
                    "keras.Model.",
                    _layer_name(stu, st),
                )
        return None

    def output_lists_reordered(self) -> CheckResult | None:
        """The student's outputs dict holds the right tensors, but in
        another order in a list under a key, or the list of outputs the
        model returns holds them in another order: say which list, and what
        to swap or the order to write (:mod:`kerasteach._check_lists`)."""
        ref, stu = self.ref, self.stu
        r_paths, s_paths = _places(ref), _places(stu)
        path_of = dict(zip(stu.outputs, s_paths, strict=True))
        places = [
            (p, path_of.get(self.tensor(t)) if t[0] in self.map else None)
            for p, t in zip(r_paths, ref.outputs, strict=True)
        ]
        lists = None if any(s is None for _, s in places) else reordered_lists(places)
        if lists is None:
            return None
        at = dict(zip(s_paths, stu.outputs, strict=True))

        def what(path) -> str:
            st = at[path]
            return f"{_output_of(_label(stu, st))} ({_describe(stu.nodes[st[0]])})"

        first = first_moved(lists)
        return list_order("output", lists, what, "", _layer_name(stu, at[first]))

    def renames(self) -> list[tuple[str, str]]:
        """(student key, reference key) for the student's outputs dict
        whose keys differ, when the tensors under each reference key are
        the student's under one key of its own (another for each)."""
        ref, stu = self.ref, self.stu
        path_of = dict(zip(stu.outputs, stu.output_paths or (), strict=False))
        found: dict = {}  # reference key -> student key
        for path, t in zip(ref.output_paths, ref.outputs, strict=True):
            mine = path_of.get(self.tensor(t)) if t[0] in self.map else None
            if mine is None or found.setdefault(path[0], mine[0]) != mine[0]:
                return []
        if len(set(found.values())) != len(found):
            return []
        return [(mine, key) for key, mine in found.items() if mine != key]


def _places(flat: _Flat) -> list:
    """The key path of each output of a model that returns a dict; for one
    that returns a list (or a tensor), its place in that list, ``(0,)``,
    ``(1,)``..., a path of one step (:mod:`kerasteach._check_lists`)."""
    if flat.output_paths is not None:
        return flat.output_paths
    return [(i,) for i in range(len(flat.outputs))]
