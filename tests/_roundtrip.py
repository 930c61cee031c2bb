"""The round trip, our main oracle for code generation.

Run exactly the code a user sees in a fresh namespace, compare the rebuilt
model's config with the original's (exactly, or up to layer names), copy the
weights across layer by layer and compare predictions.
"""

from __future__ import annotations

import copy

import keras
import numpy as np

from kerasteach import read_model
from kerasteach.codegen import GeneratedCode

NAME_KEYS = ("name",)


def run_code(code: GeneratedCode | str, namespace: dict | None = None):
    """Execute generated source and return the object bound to ``model``."""
    source = code.source if isinstance(code, GeneratedCode) else code
    ns: dict = {"__name__": "kerasteach_generated"}
    ns.update(namespace or {})
    exec(compile(source, "<generated>", "exec"), ns)
    return ns["model"]


def _collect_names(node, out: dict) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "name" and isinstance(value, str):
                out.setdefault(value, f"<L{len(out)}>")
            _collect_names(value, out)
    elif isinstance(node, (list, tuple)):
        for value in node:
            _collect_names(value, out)


def _rename(node, names: dict, in_refs: bool = False):
    if isinstance(node, dict):
        result = {}
        for key, value in node.items():
            if key == "name" and isinstance(value, str):
                result[key] = names.get(value, value)
            elif key == "keras_history":
                result[key] = [names.get(value[0], value[0]), *value[1:]]
            elif key in ("input_layers", "output_layers"):
                result[key] = _rename(value, names, in_refs=True)
            else:
                result[key] = _rename(value, names, in_refs)
        return result
    if isinstance(node, (list, tuple)):
        if (
            in_refs
            and len(node) == 3
            and isinstance(node[0], str)
            and isinstance(node[1], int)
        ):
            return [names.get(node[0], node[0]), *node[1:]]
        return type(node)(_rename(v, names, in_refs) for v in node)
    return node


def canonical_config(config: dict, keep_names: bool) -> dict:
    """``config`` with layer names replaced by their order of appearance."""
    config = copy.deepcopy(config)
    if keep_names:
        return config
    names: dict = {}
    _collect_names(config, names)
    return _rename(config, names)


def layer_pairs(original, rebuilt):
    """Pairs (original layer, rebuilt layer) in the graphs' call order."""
    from kerasteach._reader import live_layers

    g1, g2 = read_model(original), read_model(rebuilt)
    assert [la.class_name for la in g1.layers] == [la.class_name for la in g2.layers]
    live1, live2 = live_layers(original), live_layers(rebuilt)
    return [(live1[a.name], live2[b.name]) for a, b in zip(g1.layers, g2.layers)]


def sample_inputs(model, batch: int = 2, seed: int = 0):
    rng = np.random.default_rng(seed)

    def one(tensor):
        # Unknown sizes: images need room for strided convolutions.
        unknown = 64 if len(tensor.shape) >= 4 else 5
        shape = [batch] + [d if d is not None else unknown for d in tensor.shape[1:]]
        dtype = str(tensor.dtype)
        if dtype == "string":  # words, some of them in a small vocabulary
            words = np.array(["a", "b", "c", "d", "a b", "c x"])
            return words[rng.integers(0, len(words), size=shape)]
        if "int" in dtype:
            return rng.integers(0, 5, size=shape).astype(dtype)
        if "bool" in dtype:
            return rng.integers(0, 2, size=shape).astype(bool)
        return rng.standard_normal(shape).astype(dtype)

    inputs = model.inputs if hasattr(model, "inputs") else None
    struct = getattr(model, "_inputs_struct", None)
    if struct is None and getattr(model, "_functional", None) is not None:
        struct = model._functional._inputs_struct
    return keras.tree.map_structure(one, struct if struct is not None else inputs)


def predictions(model, x) -> list[np.ndarray]:
    """What ``model`` predicts for ``x``, flattened to NumPy arrays.

    The model is called directly (inference mode, as ``predict`` runs it)
    rather than through ``model.predict``: ``predict`` first traces the whole
    model into a graph function, which takes seconds for the large
    keras.applications models and would be most of the round trip's time.
    """
    outputs = model(x, training=False)
    return [keras.ops.convert_to_numpy(out) for out in keras.tree.flatten(outputs)]


def copy_weights(original, rebuilt) -> None:
    for src, dst in layer_pairs(original, rebuilt):
        weights = src.get_weights() if hasattr(src, "get_weights") else []
        if weights:
            dst.set_weights(weights)


def assert_round_trip(
    original,
    code: GeneratedCode,
    *,
    exact: bool | None = None,
    namespace: dict | None = None,
    compare_config: bool = True,
    reference=None,
    predict: bool = True,
    restore=None,
):
    """Rebuild from ``code`` and check config, weights and predictions.

    ``reference`` is the model whose config the rebuilt one must match (by
    default ``original``; a traced Functional model for subclassed originals).
    ``restore(original, rebuilt)``, run after the weights are copied, brings
    back what no code carries, as the code's notes say (adapt a layer again).
    """
    rebuilt = run_code(code, namespace)
    if exact is None:
        exact = code.faithful
    reference = original if reference is None else reference
    if compare_config:
        if isinstance(rebuilt, keras.Sequential) != isinstance(
            reference, keras.Sequential
        ):
            # Different styles: compare the layers' own configs, in order.
            ref_layers = [
                {k: v for k, v in layer["config"].items()}
                for layer in reference.get_config()["layers"]
                if layer["class_name"] != "InputLayer"
                and not (layer["module"] or "").startswith("keras.src.ops")
            ]
            # Keras records the op that derives an implicit mask (NotEqual
            # after Embedding(mask_zero=True)) in Functional configs only.
            new_layers = [
                {k: v for k, v in layer["config"].items()}
                for layer in rebuilt.get_config()["layers"]
                if layer["class_name"] != "InputLayer"
                and not (layer["module"] or "").startswith("keras.src.ops")
            ]
            assert canonical_config(new_layers, exact) == canonical_config(
                ref_layers, exact
            )
        else:
            assert canonical_config(rebuilt.get_config(), exact) == canonical_config(
                reference.get_config(), exact
            )
    copy_weights(reference, rebuilt)
    if restore is not None:
        restore(original, rebuilt)
    if not predict:
        return rebuilt
    x = sample_inputs(reference)
    expected = predictions(original, x)
    got = predictions(rebuilt, x)
    assert len(expected) == len(got)
    for e, g in zip(expected, got):
        np.testing.assert_allclose(g, e, atol=1e-5, rtol=1e-5)
    return rebuilt
