"""The checks on a student's inputs, before the layer-by-layer walk.

The same number of inputs as the reference (said by
``_WholeModel.wrong_count``), with the same shapes, batch size and dict
keys, and in the right order.  :class:`_Inputs` holds these checks as
methods of the comparison; when they pass, each reference input is paired
with the student's (``map`` and ``used``).
"""

from __future__ import annotations

from dataclasses import replace

from ._check_flat import _and, _Flat
from ._check_result import CheckResult, _wrong


class _Inputs:
    """The input checks of ``_Comparison``, which sets these fields."""

    ref: _Flat
    stu: _Flat
    map: dict[int, int]
    used: set[int]

    def check_inputs(self) -> CheckResult | None:
        ref, stu = self.ref, self.stu
        n_ref, n_stu = len(ref.inputs), len(stu.inputs)
        if n_ref != n_stu:
            return self.wrong_count("input")
        pairs = list(zip(ref.inputs, stu.inputs, strict=True))
        names = [stu.nodes[t[0]].name for t in stu.inputs]
        if ref.input_keys is not None and stu.input_keys is not None:
            if sorted(ref.input_keys) != sorted(stu.input_keys):
                # which key is which: by shape, when each shape is unique
                key_of = dict(zip(stu.inputs, stu.input_keys, strict=True))
                renames = [
                    (key_of[st], key)
                    for (rt, st), key in zip(
                        _by_shape(ref, stu) or [], ref.input_keys, strict=False
                    )
                    if key_of[st] != key
                ]
                result = _wrong_keys(
                    "input", "expects", ref.input_keys, stu.input_keys, renames
                )
                if renames:  # Keras warns when a key is not its Input's name
                    result = replace(
                        result,
                        hint=result.hint[:-1] + ", and give each keras.Input the "
                        "name of its key: keras.Input(shape=..., name="
                        f"{renames[0][1]!r}).",
                    )
                return result
            names = stu.input_keys
        if ref.input_keys is not None and sorted(ref.input_keys) == sorted(names):
            # by key; a list of inputs named like the keys, by name (as Keras
            # reads a dict of data)
            by_key = dict(zip(names, stu.inputs, strict=True))
            pairs = [
                (t, by_key[k]) for k, t in zip(ref.input_keys, ref.inputs, strict=True)
            ]
        elif ref.input_keys is not None:  # a dict has no order: by shape if clear
            pairs = _by_shape(ref, stu) or pairs
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
                    f"Use keras.Input(shape={r_shape[1:]!r}).",
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

    def which_input(self, i: int, st) -> str:
        """The student's input ``st``, the ``i``-th, in words."""
        if len(self.ref.inputs) == 1:
            return "your model's input"
        return f"input {i + 1} ({self.stu.nodes[st[0]].name!r}) of your model"

    def input_order(self, pairs) -> CheckResult | None:
        """Inputs of the right shapes, listed in another order: say so, and
        the order to write (changing a shape would break the model)."""
        ref, stu = self.ref, self.stu
        if ref.input_keys is not None and stu.input_keys is not None:
            return None  # dicts have no order
        matched = _by_shape(ref, stu)
        if matched is None or all(a == b for a, b in zip(pairs, matched)):
            return None
        order = ", ".join(stu.nodes[st[0]].name for _, st in matched)
        shapes = ", ".join(repr(ref.shape(rt)[1:]) for rt, _ in matched)
        return _wrong(
            "input-order",
            "your model's inputs have the right shapes, but in another order "
            f"than the reference's, which takes inputs of shape {shapes}, in "
            "that order.",
            f"List your inputs in that order: keras.Model(inputs=[{order}], "
            "outputs=...), and give the data in the same order.",
            stu.nodes[matched[0][1][0]].name,
        )


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


def _wrong_keys(word: str, verb: str, ref_keys, stu_keys, renames=()) -> CheckResult:
    """Both models take (``word="input"``) or return a dict, with other keys;
    ``renames`` are (student key, reference key) pairs when they are known."""
    hint = f"Use the same keys in the {word}s dict you pass to keras.Model."
    if renames:
        hint = (
            f"Rename the keys of the {word}s dict you pass to keras.Model: "
            + _and([f"{a!r} to {b!r}" for a, b in renames])
            + "."
        )
    return _wrong(
        word + "s",
        f"your model's {word}s are named {sorted(stu_keys)}; the reference "
        f"{verb} {sorted(ref_keys)}.",
        hint,
    )
