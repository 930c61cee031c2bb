"""What each command of ``kerasteach`` (:mod:`kerasteach.cli`) does.

``code``, ``explain`` and ``draw`` load MODEL (``_load``: a ``.keras`` file
or ``applications:NAME``, with TensorFlow's start-up log kept quiet) and
print the library's answer or write the drawing; ``lessons`` finds the
folder of lesson notebooks (:func:`find_lessons`) and starts JupyterLab on
it.  Each ``_run_*`` takes the parsed arguments and returns the exit status;
a :class:`~kerasteach.errors.KerasTeachError` it raises becomes one line on
stderr in :func:`kerasteach.cli.main`, and ``draw()``'s own warnings are
``kerasteach: warning:`` lines.  Keras, matplotlib and JupyterLab are
imported only inside the command that needs them.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shlex
import sys
import warnings
from pathlib import Path

from ._cli_args import drawing_for_the_command_line
from ._model_source import APPLICATIONS_PREFIX, load_model, one_line
from .errors import KerasTeachError, NotSequentialError

EXIT_OK = 0
EXIT_NOT_SEQUENTIAL = 1
EXIT_ERROR = 2

DRAW_FORMATS = (".png", ".svg", ".pdf")


class LessonsNotFoundError(KerasTeachError):
    """No folder of lesson notebooks was found."""


def _quiet_backend() -> None:
    """Keep TensorFlow's start-up log lines off stderr, so errors stay one line.

    TensorFlow prints its oneDNN notice whatever ``TF_CPP_MIN_LOG_LEVEL`` says;
    turning oneDNN's custom kernels off silences it, and these commands do no
    numerical work for it to speed up.  Only the model commands call this: the
    lessons' kernels keep the user's settings.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    os.environ.setdefault("MPLBACKEND", "Agg")


# -- lessons ------------------------------------------------------------------


def _has_notebooks(folder: Path) -> bool:
    return folder.is_dir() and any(folder.glob("*.ipynb"))


def find_lessons(explicit: str | os.PathLike | None = None) -> Path:
    """The folder of lesson notebooks ``kerasteach lessons`` opens.

    Looked for, in order: the folder given with ``--dir``; ``lessons/`` in the
    current folder; ``lessons/`` next to the ``kerasteach`` package (a source
    checkout installed with ``pip install -e .``).  The lessons ship with the
    source repository, not inside the installed package.
    """
    if explicit is not None:
        folder = Path(explicit).expanduser()
        if not _has_notebooks(folder):
            raise LessonsNotFoundError(
                f"expected a folder of lesson notebooks (*.ipynb), but '{folder}' "
                f"{'has none' if folder.is_dir() else 'is not a folder'}."
            )
        return folder.resolve()
    candidates = [
        Path.cwd() / "lessons",
        Path(__file__).resolve().parent.parent / "lessons",
    ]
    for folder in candidates:
        if _has_notebooks(folder):
            return folder.resolve()
    raise LessonsNotFoundError(
        "no lessons found: looked for lessons/*.ipynb in the current folder and "
        "next to the kerasteach package. The lessons come with the source "
        "repository: run this command inside a clone of it, or pass --dir PATH."
    )


def _lessons_command(args: argparse.Namespace) -> tuple[Path, list[str]]:
    folder = find_lessons(args.dir)
    missing = [
        name
        for module, name in (("jupyterlab", "JupyterLab"), ("sklearn", "scikit-learn"))
        if importlib.util.find_spec(module) is None
    ]
    if missing:
        raise KerasTeachError(
            "the lessons need JupyterLab and scikit-learn, but "
            f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not "
            'installed. Install them with pip install "kerasteach[lessons]" (in a '
            'checkout of the repository: pip install -e ".[lessons]"), then run '
            "kerasteach lessons again."
        )
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={folder}",
        f"--ServerApp.ip={args.ip}",
    ]
    if args.port is not None:
        command.append(f"--ServerApp.port={args.port}")
    if args.no_browser:
        command.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Jupyter refuses to start as root without this (containers, CI).
        command.append("--allow-root")
    return folder, command


def _run_lessons(args: argparse.Namespace) -> int:
    folder, command = _lessons_command(args)
    print(f"kerasteach: opening the lessons in {folder}", file=sys.stderr, flush=True)
    sys.stdout.flush()
    if os.name == "posix":
        # Replace this process with JupyterLab: Ctrl+C and signals reach it
        # directly, and stopping this process stops the server.
        os.execv(sys.executable, command)
    import subprocess

    return subprocess.call(command)


# -- code, explain, draw ---------------------------------------------------------


def _load(args: argparse.Namespace):
    _quiet_backend()
    if args.unsafe and not args.model.startswith(APPLICATIONS_PREFIX):
        print(
            f"kerasteach: warning: --unsafe loads '{args.model}' with safe mode off, "
            "which runs Python code stored in the file; use it only on files you "
            "trust.",
            file=sys.stderr,
        )
    return load_model(args.model, unsafe=args.unsafe, input_shape=args.input_shape)


def _run_code(args: argparse.Namespace) -> int:
    from .codegen import to_functional_code, to_sequential_code

    model = _load(args)
    if args.style == "sequential":
        try:
            code = to_sequential_code(
                model, faithful=args.faithful, input_shape=args.input_shape
            )
        except NotSequentialError as exc:
            print(
                f"Model {exc.model_name!r} cannot be written with keras.Sequential:",
                file=sys.stderr,
            )
            for reason in exc.reasons:
                print(f"  - {one_line(reason.message)}", file=sys.stderr)
            print("Use --style functional to get its code.", file=sys.stderr)
            return EXIT_NOT_SEQUENTIAL
    else:
        code = to_functional_code(
            model, faithful=args.faithful, input_shape=args.input_shape
        )
    source = code.source
    sys.stdout.write(source if source.endswith("\n") else source + "\n")
    for note in code.notes:
        print(f"note: {one_line(note)}", file=sys.stderr)
    return EXIT_OK


def _run_explain(args: argparse.Namespace) -> int:
    from .codegen import explain

    model = _load(args)
    explanation = explain(model, input_shape=args.input_shape)
    lines = str(explanation).splitlines()
    if not explanation.is_sequential:  # the library's last line names Python
        lines[-1] = (
            "Write it with the Functional API: "
            f"kerasteach code {shlex.quote(args.model)}"
        )
    print("\n".join(lines))
    return EXIT_OK


def _run_draw(args: argparse.Namespace) -> int:
    output = Path(args.output)
    if output.suffix.lower() not in DRAW_FORMATS:
        raise KerasTeachError(
            f"-o expects a file name ending in {', '.join(DRAW_FORMATS)}, "
            f"but received '{output}'."
        )
    if not output.parent.is_dir():
        raise KerasTeachError(
            f"cannot write '{output}': the folder '{output.parent}' does not exist."
        )
    model = _load(args)
    from .render import draw

    options = {
        "show_shapes": args.show_shapes,
        "show_dtype": args.show_dtype,
        "show_layer_activations": args.show_activations,
        "show_trainable": args.show_trainable,
        "show_params": args.show_params,
        "rankdir": args.rankdir,
        "expand_nested": args.expand_nested,
        "dpi": args.dpi,
        "highlight": list(args.highlight) or None,
        "focus": args.focus,
        "focus_radius": args.focus_radius,
        "input_shape": args.input_shape,
    }
    with warnings.catch_warnings(record=True) as caught:
        figure = draw(model, **options)
    # a dpi too big for pixels says nothing about an SVG or PDF file
    vector = Path(output).suffix.lower() in (".svg", ".pdf")
    _show_drawing_warnings(caught, vector)
    try:
        figure.savefig(output)
    except OSError as exc:
        reason = (exc.strerror or one_line(exc)).lower()
        raise KerasTeachError(
            f"could not write '{output}': {reason}. Give -o a file name in a "
            "folder you can write to, e.g. -o graph.png."
        ) from exc
    print(f"wrote {output}", file=sys.stderr)
    return EXIT_OK


def _show_drawing_warnings(
    caught: list[warnings.WarningMessage], vector: bool = False
) -> None:
    """draw()'s own warnings (a dpi too big to save, a character no font has)
    as ``kerasteach: warning:`` lines in the options' words, without Python's
    file and line (for a ``vector`` file, none about its pixels); any other
    warning is warned again, as it came."""
    package = str(Path(__file__).resolve().parent)
    for caught_warning in caught:
        if str(Path(caught_warning.filename).resolve()).startswith(package):
            if vector and "would make a picture of" in str(caught_warning.message):
                continue
            message = drawing_for_the_command_line(one_line(caught_warning.message))
            print(f"kerasteach: warning: {message}", file=sys.stderr)
        else:
            warnings.warn_explicit(
                caught_warning.message,
                caught_warning.category,
                caught_warning.filename,
                caught_warning.lineno,
            )
