"""MODEL for the command line: a ``.keras`` file or ``applications:NAME``.

Files load with Keras's safe mode on, so a file whose Lambda layer holds
Python code is refused unless the caller opts in; ``applications:NAME``
builds a ``keras.applications`` constructor with ``weights=None``, so
nothing is downloaded (and with ``input_shape``, ``--input-shape``, when
given: the application's own ``keras.Input`` is made at that size).  Every
failure is a :class:`ModelSourceError` whose message fits on one line and
says what to do instead.
"""

from __future__ import annotations

import difflib
import json
import keyword
import re
import zipfile
from pathlib import Path

from ._cli_args import for_the_command_line
from .errors import KerasTeachError

__all__ = [
    "APPLICATIONS_PREFIX",
    "ModelSourceError",
    "UnsafeModelError",
    "application_names",
    "load_model",
    "one_line",
]

APPLICATIONS_PREFIX = "applications:"


class ModelSourceError(KerasTeachError):
    """MODEL names no model kerasteach can load (bad path, name or file)."""


class UnsafeModelError(ModelSourceError):
    """The file holds Python code (a Lambda layer) that safe mode refuses."""


def one_line(text: str) -> str:
    """``text`` with every run of whitespace (newlines too) made one space."""
    return re.sub(r"\s+", " ", str(text)).strip()


# -- MODEL --------------------------------------------------------------------


def application_names() -> list[str]:
    """Every model constructor in ``keras.applications``, sorted."""
    import keras

    apps = keras.applications
    return sorted(
        name
        for name in dir(apps)
        if name[:1].isupper() and callable(getattr(apps, name, None))
    )


def _build_application(name: str, input_shape: tuple | None = None):
    import keras

    names = application_names()
    if name not in names:
        by_lower = {n.lower(): n for n in names}
        if name.lower() in by_lower:
            name = by_lower[name.lower()]
        else:
            close = difflib.get_close_matches(name.lower(), list(by_lower), n=3)
            if close:
                hint = "did you mean " + " or ".join(by_lower[c] for c in close) + "?"
            else:
                hint = "known names: " + ", ".join(names) + "."
            shown = repr(name) if name else "nothing"
            raise ModelSourceError(
                f"'{APPLICATIONS_PREFIX}NAME' expects a keras.applications model "
                f"such as applications:VGG16, but received {shown}; {hint}"
            )
    if input_shape is not None:
        return _application_at(name, input_shape)
    try:
        return getattr(keras.applications, name)(weights=None)
    except Exception as exc:  # any failure inside Keras is reported, not raised
        raise ModelSourceError(
            f"keras.applications.{name}(weights=None) failed: "
            f"{type(exc).__name__}: {one_line(exc)}"
        ) from exc


def _application_at(name: str, input_shape: tuple):
    """``keras.applications.NAME`` built for samples of ``input_shape``; a
    shape it refuses (too small, a size left open) is a one-line error."""
    import keras

    try:
        return getattr(keras.applications, name)(weights=None, input_shape=input_shape)
    except Exception as exc:
        given = ",".join(str(size) for size in input_shape)
        # Keras ends with "Received: input_shape=(16, 16, 3)": said already
        reason = re.sub(r"[;.]?\s*Received:.*$", "", one_line(exc)).rstrip(".")
        reason = for_the_command_line(reason)
        if "include_top" in reason:  # a keyword the command line sets itself
            reason += (
                " (the command builds the whole model, its classifier too, so "
                "every size must be a number, not None)"
            )
        raise ModelSourceError(
            f"{APPLICATIONS_PREFIX}{name} cannot be built with --input-shape "
            f"{given}. Keras says: {reason}. Give --input-shape a shape {name} "
            f"accepts, or leave out --input-shape to build {name} at its usual "
            "size."
        ) from exc


def _check_model_path(path: Path) -> None:
    if not path.exists():
        raise ModelSourceError(
            f"no file at '{path}': expected a .keras file saved with "
            "model.save('name.keras'), or applications:NAME (e.g. applications:VGG16)."
        )
    if path.is_dir():
        raise ModelSourceError(
            f"'{path}' is a folder: expected a .keras file saved with "
            "model.save('name.keras')."
        )
    if path.suffix.lower() == ".py":
        raise ModelSourceError(
            f"'{path}' is a Python script: kerasteach reads saved models (.keras "
            "files), not the code that builds them. Add "
            "model.save('model.keras') at the end of the script, run it "
            f"(python {path}), then give kerasteach model.keras."
        )
    if path.name.lower().endswith(".weights.h5"):
        raise ModelSourceError(
            f"'{path}' holds weights only (model.save_weights writes it), not the "
            "layers of a model. In Python, build the model, load these weights "
            "with model.load_weights(...) if you need them, and save the whole "
            "model with model.save('name.keras'); then give kerasteach that file."
        )
    if path.suffix.lower() != ".keras":
        shown = f"'{path.suffix}'" if path.suffix else "no extension"
        raise ModelSourceError(
            f"'{path}' has {shown}: kerasteach reads Keras 3 .keras files only. "
            "Load the model in Python and save it again with model.save('name.keras')."
        )
    if not zipfile.is_zipfile(path):
        raise ModelSourceError(
            f"'{path}' is not a valid .keras file (a .keras file is a zip archive "
            "and this one is not): it is damaged or in another format. "
            "Save the model again with model.save('name.keras')."
        )


def load_model(spec: str, *, unsafe: bool = False, input_shape: tuple | None = None):
    """The Keras model that MODEL names: a ``.keras`` file or ``applications:NAME``.

    Files load with ``safe_mode=True`` unless ``unsafe`` is true; an
    application is built for samples of ``input_shape`` when it is given (a
    file's model keeps its shape: the library builds or refuses it).  Every
    failure is a :class:`ModelSourceError` with a one-line message.
    """
    if spec.startswith(APPLICATIONS_PREFIX):
        name = spec[len(APPLICATIONS_PREFIX) :].strip()
        return _build_application(name, input_shape)
    path = Path(spec)
    _check_model_path(path)
    import keras

    try:
        return keras.models.load_model(path, safe_mode=not unsafe, compile=False)
    except Exception as exc:
        message = one_line(exc)
        missing = _missing_custom_object(exc)
        if missing is not None:
            kind, name = missing
            key, variable = _custom_objects_entry(path, kind, name)
            shown = f"'{variable}'"
            if key != variable:
                shown += f" (registered as '{key}')"
            raise ModelSourceError(
                f"'{path}' uses the custom {kind} {shown}, defined in your own "
                "Python code, which the command line cannot import. Load the "
                # repr: a quote in the path or the saved name stays Python
                f"model in Python (keras.saving.load_model({str(path)!r}, "
                f"custom_objects={{{key!r}: {variable}}})) and call "
                "kerasteach.to_functional_code(model) there."
            ) from exc
        if not unsafe and "safe_mode" in message:
            raise UnsafeModelError(
                f"'{path}' holds Python code (a Lambda layer's function), and "
                "loading it would run that code, so safe mode refused it. If you "
                "trust whoever made the file, run the command again with --unsafe."
            ) from exc
        raise ModelSourceError(
            f"could not load '{path}': {type(exc).__name__}: {_shortened(message)}"
        ) from exc


_MISSING = re.compile(r"Could not locate (class|function) '([^']+)'")

#: Longer Keras messages are cut to their first sentence plus this hint.
LONG_MESSAGE = 300
FULL_MESSAGE_HINT = "(run the command again with --traceback to see all of it)"


def _missing_custom_object(exc: BaseException) -> tuple[str, str] | None:
    """``("class", "MyLayer")`` when loading failed because Keras could not
    find a custom class or function, in ``exc`` or the exceptions behind it."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        found = _MISSING.search(str(exc))
        if found:
            return found[1], found[2]
        exc = exc.__cause__ or exc.__context__
    return None


def _custom_objects_entry(path: Path, kind: str, name: str) -> tuple[str, str]:
    """The key and the Python name for ``custom_objects={key: name}``.

    Keras looks ``custom_objects`` up by the name an object was saved under.
    For a class that is its registered name: ``"pkg>Name"`` after
    ``@keras.saving.register_keras_serializable(package="pkg")``, the bare
    class name otherwise.  Keras's message gives the class name only, so the
    registered name is read from the file's ``config.json``.  For a function
    Keras's message already gives the registered name (``"pkg>act"``), and the
    Python name is the part after the last ``>``.
    """
    if kind == "class":
        key = _registered_name(path, name) or name
        variable = name
    else:
        key = name
        variable = name.rpartition(">")[2]
    if not variable.isidentifier() or keyword.iskeyword(variable):
        variable = f"your_{kind}"
    return key, variable


def _registered_name(path: Path, class_name: str) -> str | None:
    """The name the first object of class ``class_name`` in the ``.keras``
    file at ``path`` was saved under (``"pkg>Name"``), or None."""
    try:
        with zipfile.ZipFile(path) as archive:
            config = json.loads(archive.read("config.json"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return None
    stack = [config]
    while stack:  # depth first, in the file's order: Keras loads in that order
        item = stack.pop()
        if isinstance(item, dict):
            registered = item.get("registered_name")
            if item.get("class_name") == class_name and isinstance(registered, str):
                return registered
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return None


def _shortened(message: str) -> str:
    """``message``, or its first sentence and a hint when it is very long."""
    if len(message) <= LONG_MESSAGE:
        return message
    first = re.split(r"(?<=[.!?])\s", message, maxsplit=1)[0]
    if len(first) > LONG_MESSAGE:
        first = first[:LONG_MESSAGE].rstrip() + "..."
    return f"{first} {FULL_MESSAGE_HINT}"
