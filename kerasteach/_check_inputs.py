"""The checks on a student's inputs, before the layer-by-layer walk.

The same number of inputs as the reference (said by
``_WholeModel.wrong_count``), with the same shapes, batch size and dict
keys, and in the right order.  :class:`_Inputs` holds these checks as
methods of the comparison; when they pass, each reference input is paired
with the student's (``map`` and ``used``).

Inputs are paired by position, as Keras gives them data.  Listed in
another order, inputs of distinct shapes are told by their shapes
(``input_order``).  Inputs of the same shape look alike: when the walk
fails, their names pair them (the same names as the reference's, or
Keras's own names in the order the inputs were made), and when the models
match so paired (``inputs_in_another_order``), the student listed them in
another order in ``keras.Model(inputs=...)``; that is said, not the first
layer that reads them in another place (a Concatenate, say).  So is a list
under a key of a dict of inputs in another order
(``input_list_in_another_order``, in the words of
:mod:`kerasteach._check_lists`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ._check_flat import _Flat
from ._check_keys import _wrong_keys, by_path, path_words, skeleton
from ._check_lists import first_moved, list_order, reordered_lists
from ._check_names import _and
from ._check_result import CheckResult, _wrong
from ._names import Namespace

# the names Keras gives keras.Input by itself, numbered in the order made
_KERAS_INPUT_NAME = re.compile(r"input_layer(?:_(\d+))?")


class _Inputs:
    """The input checks of ``_Comparison``, which sets these fields."""

    ref: _Flat
    stu: _Flat
    map: dict[int, int]
    used: set[int]
    input_pairs: list | None  # (reference, student) inputs, set for a trial

    def check_inputs(self) -> CheckResult | None:
        ref, stu = self.ref, self.stu
        n_ref, n_stu = len(ref.inputs), len(stu.inputs)
        if n_ref != n_stu:
            return self.wrong_count("input")
        if ref.input_keys is not None and stu.input_keys is not None:
            if sorted(ref.input_keys) != sorted(stu.input_keys):
                return self.wrong_input_keys()
            nested = self.check_nested("input")  # of _check_structure._Structure
            if nested is not None:
                return nested
        pairs = self.paired_inputs()
        for i, (rt, st) in enumerate(pairs):
            r_shape, s_shape = ref.shape(rt), stu.shape(st)
            if r_shape[1:] != s_shape[1:]:
                reordered = self.input_order(pairs)
                if reordered is not None:
                    return reordered
                which = self.which_input(i, st)
                return _wrong(
                    "input-shape",
                    f"{which} has shape {s_shape}; the reference expects {r_shape}.",
                    self.shape_hint(r_shape[1:]),
                    stu.nodes[st[0]].name,
                )
        for i, (rt, st) in enumerate(pairs):
            r_batch, s_batch = ref.shape(rt)[0], stu.shape(st)[0]
            if r_batch != s_batch:  # keras.Input(..., batch_size=...)
                text = (
                    f"{self.which_input(i, st)} has shape {stu.shape(st)}; the "
                    f"reference expects {ref.shape(rt)}."
                )
                if r_batch is None:
                    text += (
                        f" Your keras.Input fixes the batch size to {s_batch}, so "
                        "the model takes batches of exactly that many samples; "
                        "the reference takes any number."
                    )
                return _wrong(
                    "input-shape",
                    text,
                    f"Use keras.Input(shape={ref.shape(rt)[1:]!r})"
                    + (
                        ", without batch_size: fit() and predict() choose the "
                        "batch size"
                        if r_batch is None
                        else f" with batch_size={r_batch}"
                    )
                    + ".",
                    stu.nodes[st[0]].name,
                )
            self.map[rt[0]] = st[0]
            self.used.add(st[0])
        return None

    def shape_hint(self, shape: tuple) -> str:
        """How to give the student's model inputs of ``shape`` (one sample):
        keras.Input, or for a subclassed model, which has none, the data it
        is first called on."""
        if self.stu.origin != "subclassed":
            return f"Use keras.Input(shape={shape!r})."
        data = repr((1, *shape)) if None not in shape else "(1, ...)"
        return (
            f"Create a new {self.stu.graph.class_name} and call it first on "
            f"data of that shape, e.g. model(np.zeros({data})): a subclassed "
            "model takes its input shape from the data it is first called on."
        )

    def paired_inputs(self) -> list:
        """(reference input, student input) pairs, for as many inputs with
        the same keys if both take a dict: by position, as Keras gives them
        data; by key (key path, for a list under a key), or by name for a
        list of inputs named like the keys of the reference's dict (as Keras
        reads a dict of data); else by shape when that is clear (a dict has
        no order)."""
        ref, stu = self.ref, self.stu
        if self.input_pairs is not None:
            return self.input_pairs
        pairs = list(zip(ref.inputs, stu.inputs, strict=True))
        if ref.input_paths is None:
            return pairs
        mine = stu.input_paths
        if mine is None:  # a list of inputs, found by their names
            mine = [(stu.nodes[t[0]].name,) for t in stu.inputs]
        keyed = by_path(ref.input_paths, ref.inputs, mine, stu.inputs)
        return keyed or _by_shape(ref, stu) or pairs

    def which_input(self, i: int, st) -> str:
        """The student's input ``st``, paired with the ``i``-th of the
        reference, in words; with the reference's key when it takes a dict
        and the student's input has another name."""
        if len(self.ref.inputs) == 1:
            return "your model's input"
        name = self.stu.nodes[st[0]].name
        paths = self.ref.input_paths
        if paths is not None:
            key = path_words(paths[i])
            mine = "" if paths[i] == (name,) else f" (for the reference's {key})"
            return f"your input {name!r}{mine}"
        return f"input {i + 1} ({name!r}) of your model"

    def wrong_input_keys(self) -> CheckResult:
        """Both models take a dict of as many inputs, with other keys: the
        keys missing and the keys extra, and which to rename when shapes
        pair them (an extra key with the only missing key of its shape)."""
        ref, stu = self.ref, self.stu
        wanted = _key_shapes(ref)
        theirs, mine = _held_shapes(ref), _held_shapes(stu)
        missing = [k for k in ref.input_keys if k not in stu.input_keys]
        extra = [k for k in stu.input_keys if k not in ref.input_keys]
        renames = []
        for key in missing:
            same = [e for e in extra if mine[e] == theirs[key]]
            alike = [m for m in missing if same and theirs[m] == mine[same[0]]]
            if len(same) == 1 and alike == [key]:
                renames.append((same[0], key))
        result = _wrong_keys(
            "input", "expects", ref.graph.inputs, stu.input_keys, renames, wanted
        )
        # Keras warns when a key is not its Input's name (a list's inputs
        # have names of their own)
        told = [b for _, b in renames] if renames else missing
        first = next((k for k in told if k in wanted), None)
        if first is None:  # none missing, or lists under those keys
            return result
        return replace(
            result,
            hint=result.hint[:-1] + ", and give each keras.Input the name of its "
            f"key: keras.Input(shape=..., name={first!r}).",
        )

    def names_as_keys(self) -> list[str] | None:
        """The names of the student's list of inputs, which Keras matches
        with the keys of a dict of data, when the reference takes a dict;
        None when the student's model takes a dict too, or the reference
        does not, or Keras named an input (the student did not choose it)."""
        if self.ref.input_keys is None or self.stu.input_keys is not None:
            return None
        names = [self.stu.nodes[t[0]].name for t in self.stu.inputs]
        if any(_KERAS_INPUT_NAME.fullmatch(n) for n in names):
            return None
        return names

    def input_order(self, pairs) -> CheckResult | None:
        """Inputs of the right shapes, listed in another order: say so, and
        the order to write (changing a shape would break the model)."""
        ref, stu = self.ref, self.stu
        matched = _by_shape(ref, stu)
        if matched is None or all(a == b for a, b in zip(pairs, matched)):
            return None
        if ref.input_keys is not None and stu.input_keys is not None:
            return self.under_other_keys(matched)  # dicts have no order
        return self.order_result(matched)

    def under_other_keys(self, matched) -> CheckResult:
        """Both models take a dict with the same keys, and the student's
        inputs of the right shapes are under other keys than the
        reference's inputs of those shapes (``matched`` pairs them)."""
        ref, stu = self.ref, self.stu
        shapes = (
            " Keras gives the data at each place to the input at that place, "
            "so each of these inputs would get data of another shape."
        )
        in_a_list = self.input_lists_reordered(matched, shapes)
        if in_a_list is not None:
            return in_a_list
        path_of = dict(zip(stu.inputs, stu.input_paths, strict=True))
        name = {st: stu.nodes[st[0]].name for st in stu.inputs}
        wrong = [
            f"your input {name[st]!r} (shape {ref.shape(rt)[1:]}) under the key "
            f"{path_words(path_of[st])}, where the reference takes that shape "
            f"under {path_words(p)}"
            for p, (rt, st) in zip(ref.input_paths, matched, strict=True)
            if path_of[st] != p
        ]
        ns = Namespace()
        var = {st: ns.create_name(name[st]) for st in stu.inputs}
        mapping = skeleton(ref.graph.inputs, [var[st] for _, st in matched])
        hint = f"Put each keras.Input under the key of its data: inputs={mapping}"
        misnamed = [
            p[0]
            for p, (_, st) in zip(ref.input_paths, matched, strict=True)
            if len(p) == 1 and name[st] != p[0]
        ]
        if misnamed:
            hint += (
                ", and give each keras.Input the name of its key: "
                f"keras.Input(shape=..., name={misnamed[0]!r})"
            )
        return _wrong(
            "input-order",
            f"your model's inputs dict has {'; and '.join(wrong)}. Keras gives "
            "the data under each key to the input under that key, so each "
            "input would get data of another shape.",
            hint + ".",
            name[matched[0][1]],
        )

    def input_lists_reordered(self, matched, why: str) -> CheckResult | None:
        """Both models take a dict, and the student's inputs that pair with
        the reference's (``matched``) are in another order in a list under a
        key (:mod:`kerasteach._check_lists`): which list, what to swap, and
        the dict to write; ``why`` says what the order changes."""
        ref, stu = self.ref, self.stu
        path_of = dict(zip(stu.inputs, stu.input_paths, strict=True))
        lists = reordered_lists(self.paths_of(matched))
        if lists is None:
            return None
        at = {path_of[st]: st for st in stu.inputs}
        name = {st: stu.nodes[st[0]].name for st in stu.inputs}
        ns = Namespace()
        var = {st: ns.create_name(name[st]) for st in stu.inputs}
        mapping = skeleton(ref.graph.inputs, [var[st] for _, st in matched])
        first = first_moved(lists)
        shape = {st: f" (shape {stu.shape(st)[1:]})" for st in stu.inputs}
        listed = {shape[at[s]] for items in lists.values() for s, _ in items}
        shown = len(listed) > 1  # shapes tell them apart
        result = list_order(
            "input",
            lists,
            lambda path: (
                f"your input {name[at[path]]!r}" + (shape[at[path]] if shown else "")
            ),
            f": inputs={mapping}, and give the data in the same order",
            name[at[first]],
        )
        return replace(result, message=result.message + why)

    def inputs_in_another_order(self, result: CheckResult) -> CheckResult | None:
        """``result``, a difference found with the inputs paired by
        position, comes first from inputs listed in another order: their
        names pair them otherwise, and so paired the models match, or the
        names are the reference's own (not Keras's), which is plain enough.
        Then the "input-order" result, else None."""
        ref, stu = self.ref, self.stu
        if (
            self.input_pairs is not None  # a trial itself
            or result.kind == "input-order"
            or len(ref.inputs) < 2
        ):
            return None
        if ref.input_keys is not None:  # paired by key or name already
            return self.input_list_in_another_order()
        matched = _by_name(ref, stu)
        if matched is None or matched == list(zip(ref.inputs, stu.inputs)):
            return None
        trial = type(self)(ref, stu)  # the comparison, inputs paired by name
        trial.input_pairs = matched
        if trial.run():
            return self.order_result(matched, rest=True)
        names = [stu.nodes[st[0]].name for st in stu.inputs]
        if any(_KERAS_INPUT_NAME.fullmatch(n) for n in names):
            return None  # the order they were made in: too weak alone
        return self.order_result(matched)

    def input_list_in_another_order(self) -> CheckResult | None:
        """Both models take a dict, and the student's inputs of the same
        shapes in a list under a key pair with the reference's by name in
        another order: the "input-order" result when, so paired, the models
        match or the names are the student's own (not Keras's)."""
        ref, stu = self.ref, self.stu
        matched = _by_name(ref, stu)
        if stu.input_keys is None or matched is None:
            return None
        if reordered_lists(self.paths_of(matched)) is None:
            return None
        trial = type(self)(ref, stu)  # the comparison, inputs paired by name
        trial.input_pairs = matched
        why = ""
        if trial.run():
            why = (
                " Your layers are right: only this order differs, and with it "
                "each input's data would go to the other input's layers."
            )
        names = [stu.nodes[st[0]].name for st in stu.inputs]
        if not why and any(_KERAS_INPUT_NAME.fullmatch(n) for n in names):
            return None  # the order they were made in: too weak alone
        return self.input_lists_reordered(matched, why)

    def paths_of(self, matched) -> list:
        """(reference path, student path) of each pair of inputs."""
        path_of = dict(zip(self.stu.inputs, self.stu.input_paths, strict=True))
        return [
            (p, path_of[st])
            for p, (_, st) in zip(self.ref.input_paths, matched, strict=True)
        ]

    def order_result(self, matched, rest: bool = False) -> CheckResult:
        """The "input-order" result: the student's inputs, paired with the
        reference's in ``matched``, are listed in another order; ``rest``:
        the models match once the inputs are listed in that order."""
        ref, stu = self.ref, self.stu
        name = {st: stu.nodes[st[0]].name for st in stu.inputs}
        shape = {st: ref.shape(rt)[1:] for rt, st in matched}
        shown = len(set(shape.values())) > 1  # shapes tell them apart

        # the reference's inputs by the names of the student's they pair with
        same = all(ref.nodes[rt[0]].name == name[st] for rt, st in matched)
        your = "" if same else "your "

        def words(st) -> str:
            said = f"{your}{name[st]!r}"
            return f"{said} (shape {shape[st]!r})" if shown else said

        listed = [name[st] for st in stu.inputs]
        wanted = [st for _, st in matched]
        keras_named = all(_KERAS_INPUT_NAME.fullmatch(n) for n in listed)
        # code names the inputs by variables; a name need not be one
        # ("image-in", "class"): a valid variable like it, told apart
        ns = Namespace()
        var = {st: ns.create_name(name[st]) for st in stu.inputs}
        as_code = not keras_named
        mine = f"[{', '.join(var[st] for st in stu.inputs)}]" if as_code else "[...]"
        if len(wanted) == 2:
            order = f"{words(wanted[0])} first, then {words(wanted[1])}"
        else:
            order = f"{_and([words(st) for st in wanted])}, in that order"
        text = (
            "your model's inputs are listed in another order than the "
            f"reference's: keras.Model(inputs={mine}, ...) takes the input "
            f"{listed[0]!r} first, but the reference takes {order}."
        )
        if keras_named:
            text += (
                " (These are the names Keras gave your keras.Input layers, "
                "numbered in the order you made them.)"
            )
        renamed = [st for st in stu.inputs if var[st] != name[st]]
        if as_code and renamed:
            text += (
                f" (Here {_and([var[st] for st in renamed])} "
                f"{'stands' if len(renamed) == 1 else 'stand'} for your "
                f"keras.Input{'' if len(renamed) == 1 else 's'} named "
                f"{_and([repr(name[st]) for st in renamed])}.)"
            )
        if rest:
            text += (
                " Your layers are right: only this order differs, and with it "
                "each input's data would go to the other input's layers."
            )
        order_names = (
            f"{name[wanted[0]]!r} first, then {name[wanted[1]]!r}"
            if len(wanted) == 2
            else _and([repr(name[st]) for st in wanted])
        )
        if as_code:
            hint = (
                "List your inputs in that order: keras.Model(inputs=["
                f"{', '.join(var[st] for st in wanted)}], outputs=...), and "
                "give the data in the same order."
            )
        else:
            hint = (
                "List your inputs in that order in keras.Model(inputs=[...], "
                f"outputs=...): {order_names}, and "
                "give the data in the same order. Give each keras.Input a "
                "name (keras.Input(shape=..., name='...')) to tell them apart."
            )
        return _wrong("input-order", text, hint, name[wanted[0]])


def _key_shapes(flat: _Flat) -> dict:
    """The shape of each input under a key of its own in a dict of inputs
    (not those in a list under a key)."""
    return {
        p[0]: flat.shape(t)
        for p, t in zip(flat.input_paths, flat.inputs, strict=True)
        if len(p) == 1
    }


def _held_shapes(flat: _Flat) -> dict:
    """What each key of a dict of inputs holds, by the place and shape of
    each input under it (``((), (4,))`` for a single input, ``((0,), (4,)),
    ((1,), (4,))`` for a list of two): two keys that hold the same are one
    key renamed."""
    held: dict = {}
    for p, t in zip(flat.input_paths, flat.inputs, strict=True):
        held.setdefault(p[0], []).append((p[1:], flat.shape(t)[1:]))
    return {k: tuple(sorted(v, key=repr)) for k, v in held.items()}


def _by_shape(ref: _Flat, stu: _Flat) -> list | None:
    """(reference input, student input) pairs, each reference input with
    the one student input of its shape; None when a shape is not unique."""
    pairs = []
    for rt in ref.inputs:
        same = [st for st in stu.inputs if stu.shape(st)[1:] == ref.shape(rt)[1:]]
        if len(same) != 1 or any(same[0] == st for _, st in pairs):
            return None
        pairs.append((rt, same[0]))
    return pairs


def _by_name(ref: _Flat, stu: _Flat) -> list | None:
    """(reference input, student input) pairs by name: the same names as
    the reference's inputs, or else Keras's own names (``input_layer``,
    ``input_layer_1``...) in both models, the first made with the first made;
    None when the names do not tell."""
    r_names = [ref.nodes[t[0]].name for t in ref.inputs]
    s_names = [stu.nodes[t[0]].name for t in stu.inputs]
    if len(set(r_names)) == len(r_names) and sorted(r_names) == sorted(s_names):
        by_name = dict(zip(s_names, stu.inputs, strict=True))
        return [(rt, by_name[n]) for rt, n in zip(ref.inputs, r_names, strict=True)]
    r_ranks, s_ranks = _made_order(r_names), _made_order(s_names)
    if r_ranks is None or s_ranks is None or len(r_ranks) != len(s_ranks):
        return None
    by_rank = dict(zip(s_ranks, stu.inputs, strict=True))
    return [(rt, by_rank[k]) for rt, k in zip(ref.inputs, r_ranks, strict=True)]


def _made_order(names: list[str]) -> list[int] | None:
    """For inputs with the names Keras gave them, the order each was made
    in (0 for the first); None when a name is someone's own."""
    numbers = []
    for name in names:
        found = _KERAS_INPUT_NAME.fullmatch(name)
        if found is None:
            return None
        numbers.append(int(found.group(1) or 0))
    if len(set(numbers)) != len(numbers):
        return None
    made = sorted(numbers)
    return [made.index(n) for n in numbers]
