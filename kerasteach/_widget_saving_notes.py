"""Saving and loading that work, but not as the student meant.

``model.save("model.h5")``, copied from a Keras 2 tutorial, still writes a
file: the HDF5 format, which Keras 3 calls legacy and logs a warning about
where the playground does not show it.  :func:`legacy_save_notes` says
so and shows the ``.keras`` name to write.

``small.load_weights("big.weights.h5")`` of a file saved from a model with
more layers fills the layers ``small`` has and leaves the others' weights
in the file, with no error and no warning.  :func:`unloaded_weights_notes`
names the layers of the file that were not loaded: the file's weights that
a save of the loading model would not write (Keras reads exactly the
places its save writes).  Saves and loads that fail are
:mod:`kerasteach._widget_saving_problems`'s.
"""

from __future__ import annotations

import ast
import os
import re

from ._widget_calls import method_calls

__all__ = ["legacy_save_notes", "unloaded_weights_notes"]


def legacy_save_notes(result) -> list[str]:
    """A note for each ``model.save("name.h5")`` of a model in the code."""
    import keras

    notes = []
    for call, name, path in _path_calls(result, "save"):
        if not isinstance(result.namespace.get(name), keras.Model):
            continue
        if not path.endswith(".h5") or path.endswith(".weights.h5"):
            continue
        new = path[: -len(".h5")] + ".keras"
        elsewhere = sum(path in code for code in result.source_lines) > 1
        notes.append(
            f'Line {call.lineno} saves {name} as "{path}", in HDF5 (.h5), the '
            "format of older Keras, which Keras 3 keeps as a legacy format "
            "for old files. The format of Keras 3 is .keras (load_model reads "
            f'both): write {name}.save("{new}")'
            + (f', and load "{new}" too.' if elsewhere else ".")
        )
    return notes


# -------------------------------------- weights the loading model left out

_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh")
# the optimizer's state is saved with a compiled model, and only a model
# compiled the same way loads it: leaving it is no mistake
_SKIPPED_GROUPS = ("optimizer",)


def _snake(name: str) -> str:
    """A class name as Keras names its weights in a file (``Conv2D`` ->
    ``conv2d``, ``BatchNormalization`` -> ``batch_normalization``)."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def _weight_groups(path: str) -> list[str] | None:
    """The places of the layers whose weights the file at ``path`` holds
    (``layers/dense_2``), in the file's order; None when it cannot be
    read."""
    import io
    import zipfile

    import h5py

    names: list[str] = []
    try:
        if path.endswith(".keras"):
            with zipfile.ZipFile(path) as archive:
                data = io.BytesIO(archive.read("model.weights.h5"))
            opened = h5py.File(data, "r")
        else:
            opened = h5py.File(path, "r")
        with opened as file:
            file.visititems(
                lambda name, item: (
                    names.append(name) if isinstance(item, h5py.Dataset) else None
                )
            )
    except Exception:  # noqa: BLE001 - not a file this note can read
        return None
    groups = []
    for name in names:
        group = name.rsplit("/vars/", 1)[0] if "/vars/" in name else None
        if group and group.split("/")[0] not in _SKIPPED_GROUPS:
            if group not in groups:
                groups.append(group)
    return groups


def _own_groups(model) -> list[str] | None:
    """The places ``model``'s own save writes weights to (and its load
    reads them from)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "own.weights.h5")
        try:
            model.save_weights(path)
        except Exception:  # noqa: BLE001 - nothing to compare with
            return None
        return _weight_groups(path)


def _layer_words(group: str, classes: dict[str, str]) -> str:
    """``layers/dense_2`` as a student reads it: "the third Dense layer"."""
    parts = group.split("/")
    match = re.fullmatch(r"([a-z0-9_]+?)(?:_(\d+))?", parts[-1])
    kind = classes.get(match.group(1)) if match else None
    number = int(match.group(2) or 0) if match else 0
    if parts[0] == "layers" and len(parts) == 2 and kind and number < len(_ORDINALS):
        return f"the {_ORDINALS[number]} {kind} layer"
    if len(parts) == 1:
        return f"self.{parts[0]}"
    if len(parts) == 2 and kind:
        return f"a {kind} layer in self.{parts[0]}"
    return f"the layer the file keeps as {group!r}"


def _classes(*models) -> dict[str, str]:
    """Layer class names by their names in a weights file, from Keras's
    layers and the layers of ``models``."""
    import keras

    found = {
        type(layer) for model in models if model is not None for layer in model.layers
    }
    found |= {
        cls
        for cls in vars(keras.layers).values()
        if isinstance(cls, type) and issubclass(cls, keras.layers.Layer)
    }
    by_snake: dict[str, set[str]] = {}
    for cls in found:
        by_snake.setdefault(_snake(cls.__name__), set()).add(cls.__name__)
    return {snake: next(iter(n)) for snake, n in by_snake.items() if len(n) == 1}


def _path_calls(result, method: str) -> list[tuple[ast.Call, str, str]]:
    """``(call, variable, path)`` of each ``variable.method("path")`` in the
    student's code (``model.save("m.h5")``, ``model.load_weights(...)``)."""
    return [
        (call, call.func.value.id, call.args[0].value)
        for call in method_calls("\n".join(result.source_lines), method)
        if isinstance(call.func.value, ast.Name)
        and call.args
        and isinstance(call.args[0], ast.Constant)
        and isinstance(call.args[0].value, str)
    ]


def _changed_after(tree, line: int, name: str, path: str) -> bool:
    """Whether the code, after ``line``, sets ``name`` again or writes the
    file ``path`` again: the model or file now is not the one loaded."""
    for node in ast.walk(tree):
        if getattr(node, "lineno", 0) <= line:
            continue
        if (
            isinstance(node, ast.Name)
            and node.id == name
            and isinstance(node.ctx, ast.Store)
        ):
            return True
        if isinstance(node, ast.Constant) and node.value == path:
            return True
    return False


def _saver(tree, path: str, line: int) -> tuple[str, int] | None:
    """``(variable, line)`` of the last ``variable.save...("path")`` above
    ``line``."""
    found = None
    for call in ast.walk(tree):
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr in ("save", "save_weights")
            and isinstance(call.func.value, ast.Name)
            and call.args
            and isinstance(call.args[0], ast.Constant)
            and call.args[0].value == path
            and call.lineno < line
            and (found is None or call.lineno > found[1])
        ):
            found = (call.func.value.id, call.lineno)
    return found


def unloaded_weights_notes(result) -> list[str]:
    """A note for each ``model.load_weights("file")`` that ran and left
    weights of the file unloaded, as the model has fewer layers."""
    import keras

    try:
        tree = ast.parse("\n".join(result.source_lines))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    notes = []
    for call, name, path in _path_calls(result, "load_weights"):
        model = result.namespace.get(name)
        if not isinstance(model, keras.Model) or not os.path.isfile(path):
            continue
        if not path.endswith((".weights.h5", ".keras")):
            continue
        if _changed_after(tree, call.lineno, name, path):
            continue
        saved, own = _weight_groups(path), _own_groups(model)
        if not saved or own is None:
            continue
        left = [group for group in saved if group not in own]
        if not left or not own or any(group not in saved for group in own):
            continue  # a layer the file lacks: Keras refuses that load
        saver = _saver(tree, path, call.lineno)
        saver = saver if saver and saver[0] != name else None
        other = result.namespace.get(saver[0]) if saver else None
        other = other if isinstance(other, keras.Model) else None
        classes = _classes(model, other)
        words = [_layer_words(group, classes) for group in left]
        listed = (
            ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else words[0]
        )
        where = f"of {saver[0]}" if saver else "in the file"
        source = f" ({saver[0]}, line {saver[1]})" if saver else ""
        kept = f"{len(own)} layer{'s' if len(own) > 1 else ''} with weights"
        notes.append(
            f'Line {call.lineno} loads "{path}" into {name}, which has fewer '
            f"layers than the model that saved the file{source}: load_weights "
            f"filled the {kept} that {name} has and did not load {listed} "
            f"{where}, with no error. Give {name} the same layers as "
            f"{saver[0] if saver else 'that model'} (the same kinds, sizes and "
            "order) to load all of the file."
        )
    return notes
