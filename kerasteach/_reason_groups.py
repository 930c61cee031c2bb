"""Many skip connections in one reason.

A residual network branches and merges again dozens of times.  Said one
place at a time, kerasteach.explain would give two long sentences for each
skip connection (the output that branches, the layer that merges it back),
the same words with other names.  This module finds, for each merge, the
branches its paths split at, and says all such places of one kind in one
reason: what they are and why keras.Sequential cannot build them, once;
the first place in full; the next few by name; the rest counted.  Outputs
that branch into paths no merge joins again (a model's heads), and merges of
tensors that come from no common branch (a model's inputs), are two more
kinds.  A model with fewer than three places of a kind keeps one precise
reason per branch and per merge.

Nothing is lost: a grouped reason's ``layers`` are those of every place,
so the widget marks them all, and its ``parts`` are the single reasons,
which kerasteach.check turns into its own words.
"""

from __future__ import annotations

from ._reason_words import (
    _OUTPUTS,
    _and,
    _label,
    _names,
    _output_of,
    _public,
    _tensor,
    _word,
)
from .graph import OP, ModelGraph, Reason, TensorRef

SKIPS = "skip-connections"  # each branch is an input of the merge itself
REJOINS = "rejoined-branches"  # a branch feeds paths that the merge joins
BRANCHES = "branches"  # outputs that branch, joined again by no merge
MERGES = "merges"  # merges of tensors that come from no common branch

_GROUPED_FROM = 3  # this many places of one kind are said in one reason
_NAMED = 6  # places named in a grouped reason (the first in full)
_RULE = (
    "a Sequential model cannot do this: in it, each output feeds only the "
    "next layer, and each layer reads only the output of the layer before it."
)


def group_junctions(
    graph: ModelGraph,
    reasons: list[Reason],
    branches: dict[TensorRef, Reason],
    merges: dict[int, Reason],
) -> list[Reason]:
    """``reasons``, with the branches and merges of each kind of place said
    in one reason when there are many; a grouped reason stands where its
    first part stood."""
    places: dict[str, list[tuple[tuple[TensorRef, ...], int]]] = {
        SKIPS: [],
        REJOINS: [],
    }
    forks = _forks(graph, branches, merges)
    for merge, found in forks.items():
        skip = all(fork in graph.calls[merge].inputs for fork in found)
        places[SKIPS if skip else REJOINS].append((found, merge))
    position = {id(r): i for i, r in enumerate(reasons)}
    claimed: set[int] = set()  # ids of the reasons a group says
    first: dict[int, Reason] = {}  # id of a group's first part: the group
    for kind, found in places.items():
        if len(found) < _GROUPED_FROM:
            continue
        parts = []
        for forks_of, merge in found:
            for part in (*(branches[f] for f in forks_of), merges[merge]):
                if id(part) not in claimed:  # a branch two merges share
                    claimed.add(id(part))
                    parts.append(part)
        parts.sort(key=lambda r: position[id(r)])
        first[id(parts[0])] = _grouped(graph, kind, found, branches, tuple(parts))
    # branches no merge joins again (heads), merges of unrelated tensors
    joined = {f for found in forks.values() for f in found}
    lone = [
        _lone_branches(graph, [r for r in branches if r not in joined]),
        _lone_merges(graph, [m for m in merges if m not in forks]),
    ]
    for kind, said, singles in lone:
        parts = tuple(branches[r] if kind == BRANCHES else merges[r] for r in singles)
        if len(parts) >= _GROUPED_FROM:
            claimed.update(id(p) for p in parts)
            first[id(parts[0])] = Reason(kind, _layers(parts), said, parts)
    out = []
    for reason in reasons:
        if id(reason) in first:
            out.append(first[id(reason)])
        elif id(reason) not in claimed:
            out.append(reason)
    return out


def _forks(
    graph: ModelGraph, branches: dict[TensorRef, Reason], merges: dict[int, Reason]
) -> dict[int, tuple[TensorRef, ...]]:
    """For each call that merges two or more tensors, the branches its paths
    split at, in the model's order: for each two inputs of the merge, the
    branching tensors both go back to (or are), less those that another of
    them comes from, so the places where the two paths part.  Mostly one;
    two when ``Concatenate()([Add()([a, b]), Add()([f(a), g(b)])])`` joins
    paths that split at ``a`` and at ``b``, or an inception block's merge
    joins a path that split from the block's input and two that split
    later.  Merges of unrelated tensors (two inputs of the model) have none."""
    order = sorted(branches, key=lambda r: (r.call, r.index))
    bit = {ref: 1 << i for i, ref in enumerate(order)}
    above: dict[int, int] = {}  # call: the branching tensors it comes from
    forks: dict[int, tuple[TensorRef, ...]] = {}
    for call in graph.calls:  # in call order: what a call reads came before
        reads = [above[r.call] | bit.get(r, 0) for r in dict.fromkeys(call.inputs)]
        above[call.index] = 0
        for seen in reads:
            above[call.index] |= seen
        if call.index not in merges:
            continue
        found = 0
        for i, seen in enumerate(reads):
            for other in reads[i + 1 :]:
                common = seen & other
                while common:  # the last left is nearest; drop what it comes from
                    last = common.bit_length() - 1
                    found |= 1 << last
                    common &= ~((1 << last) | above[order[last].call])
        if found:
            forks[call.index] = tuple(r for r in order if found & bit[r])
    return forks


def _grouped(
    graph: ModelGraph,
    kind: str,
    found: list[tuple[tuple[TensorRef, ...], int]],
    branches: dict[TensorRef, Reason],
    parts: tuple[Reason, ...],
) -> Reason:
    """One reason for the places ``found`` (branches, merge call), of
    ``kind``; a merge of paths that split at several branches names each."""
    forks, merge = found[0]
    call = graph.calls[merge]
    feeds = ", ".join(
        f"{_output(graph, f)} feeds "
        f"{_names(_word(graph, n) for n in branches[f].layers[1:])}"
        for f in forks
    )
    joiner = _label(graph, call.layer)
    if kind == SKIPS:
        head = (
            f"{len(found)} skip connections, where the output of a layer feeds "
            "the next layer and also skips ahead to a layer that merges it back in"
        )
        others = [
            _tensor(graph, r) for r in dict.fromkeys(call.inputs) if r not in forks
        ]
        what = "output" if len(others) == 1 else "outputs"
        example = (
            f"{feeds}, and {joiner} merges {'it' if len(forks) == 1 else 'them'} "
            f"with the {what} of {_names(others)}"
        )
    else:
        head = (
            f"{len(found)} places where the output of a layer splits into paths "
            "of layers that a merging layer joins again"
        )
        joined = [_tensor(graph, r) for r in dict.fromkeys(call.inputs)]
        example = (
            f"{feeds}, and {joiner} joins those paths again: it "
            f"merges the outputs of {_names(joined)}"
        )
    shown = [
        f"from {_names(_tensor(graph, f) for f in fs)} to {_merger(graph, m)}"
        for fs, m in found[1:_NAMED]
    ]
    if len(found) > _NAMED:
        shown.append(f"{len(found) - _NAMED} more")
    classes: dict[str, int] = {}
    for _, m in found:
        classes[_merging(graph, m)] = classes.get(_merging(graph, m), 0) + 1
    if len(classes) > 1:  # EfficientNet's Add and Multiply: how many of each
        counted = [
            f"{n} {c} {'call' if c.startswith('keras.ops.') else 'layer'}"
            + ("s" if n > 1 else "")
            for c, n in classes.items()
        ]
        head += f" (here {_and(counted)})"
    return Reason(
        kind,
        _layers(parts),
        f"{head}. The first: {example}. The others run {_and(shown)}; {_RULE}",
        parts,
    )


def _lone_branches(graph: ModelGraph, refs: list[TensorRef]) -> tuple:
    """``(kind, message, refs)`` for outputs that branch into paths no merge
    joins again (the heads of a model with several outputs); the message is
    for three or more."""
    if len(refs) < _GROUPED_FROM:
        return BRANCHES, "", refs
    users = graph.consumers()
    fed = [graph.layers[graph.calls[u].layer].name for u in users.get(refs[0], [])]
    if refs[0] in graph.output_refs:
        fed.append(_OUTPUTS)
    named = [_tensor(graph, r) for r in refs[1:_NAMED]]
    if len(refs) > _NAMED:
        named.append(f"{len(refs) - _NAMED} more")
    said = (
        f"{len(refs)} outputs branch, each feeding more than one layer. The "
        f"first: {_output(graph, refs[0])} feeds "
        f"{_names(_word(graph, n) for n in fed)}. The others are "
        f"the outputs of {_and(named)}; in a Sequential model each output feeds "
        "only the next layer."
    )
    return BRANCHES, said, refs


def _lone_merges(graph: ModelGraph, calls: list[int]) -> tuple:
    """``(kind, message, calls)`` for merges of tensors that come from no
    common branch (the model's inputs); the message is for three or more."""
    if len(calls) < _GROUPED_FROM:
        return MERGES, "", calls
    first = graph.calls[calls[0]]
    sources = [_tensor(graph, r) for r in dict.fromkeys(first.inputs)]
    named = [_merger(graph, c) for c in calls[1:_NAMED]]
    if len(calls) > _NAMED:
        named.append(f"{len(calls) - _NAMED} more")
    origin = f"{'all ' if len(sources) == 1 else ''}from {_names(sources)}"
    said = (
        f"{len(calls)} layers merge several tensors. The first: "
        f"{_label(graph, first.layer)} merges {len(first.inputs)} tensors "
        f"({origin}). The others are {_and(named)}; a Sequential layer reads "
        "only the output of the layer before it."
    )
    return MERGES, said, calls


def _layers(parts) -> tuple[str, ...]:
    """Every layer the ``parts`` name, each once."""
    return tuple(dict.fromkeys(n for part in parts for n in part.layers))


def _output(graph: ModelGraph, ref: TensorRef) -> str:
    """ "the output of 'x' (Dense)", naming the call or output of a layer
    that has several."""
    layer = graph.layer_of(ref)
    label = _label(graph, layer.index, noun=False)
    word = _word(graph, layer.name)
    return _output_of("the output", label.replace(word, _tensor(graph, ref), 1))


def _merger(graph: ModelGraph, call_index: int) -> str:
    """The layer of a merge call: "'block_2_add' (Add)"."""
    return f"{_tensor(graph, TensorRef(call_index))} ({_merging(graph, call_index)})"


def _merging(graph: ModelGraph, call_index: int) -> str:
    """What merges in a merge call: "Add", or "keras.ops.add"."""
    layer = graph.layers[graph.calls[call_index].layer]
    return _public(layer) if layer.kind == OP else layer.class_name
