"""The ``kerasteach`` command line: the library's answers from a terminal.

Four commands, each a thin front end over the library::

    kerasteach code MODEL [--style functional|sequential] [--faithful]
    kerasteach explain MODEL
    kerasteach draw MODEL -o graph.png [--show-shapes ...]
    kerasteach lessons [--port N] [--no-browser] [--dir PATH]

MODEL is either a ``.keras`` file or ``applications:NAME``, a
``keras.applications`` constructor built with ``weights=None`` (nothing is
downloaded).  Files are loaded with Keras's safe mode on, so a file whose
Lambda layer holds Python code is refused unless ``--unsafe`` is given.
A Sequential model saved without ``keras.Input`` is built with
``--input-shape 28,28,1`` (one sample's shape, no batch dimension).

Exit status: 0 when the command did its job, 1 when ``code --style
sequential`` is asked for a model that is not a single chain (the reasons are
printed), 2 for a usage error or a model that cannot be loaded (one line on
stderr, never a traceback).  Keras, matplotlib and JupyterLab are imported
only by the command that needs them, so ``kerasteach --help`` is instant.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from ._cli_args import (
    INPUT_SHAPE_HELP,
    add_draw_arguments,
    for_the_command_line,
    parse_input_shape,
)
from ._model_source import (
    APPLICATIONS_PREFIX,
    ModelSourceError,
    UnsafeModelError,
    load_model,
    one_line,
)
from .errors import KerasTeachError, NotBuiltError, NotSequentialError

__all__ = [
    "main",
    "load_model",
    "find_lessons",
    "ModelSourceError",
    "UnsafeModelError",
]

EXIT_OK = 0
EXIT_NOT_SEQUENTIAL = 1
EXIT_ERROR = 2

DRAW_FORMATS = (".png", ".svg", ".pdf")

TRACEBACK_HELP = "show the full Python traceback when something fails (for bug reports)"


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
    return load_model(args.model, unsafe=args.unsafe)


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
    figure = draw(model, **options)
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


# -- the parser -------------------------------------------------------------------


def _add_model_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "model",
        metavar="MODEL",
        help="a .keras file, or applications:NAME (e.g. applications:VGG16, "
        "built with weights=None)",
    )
    parser.add_argument(
        "--unsafe",
        action="store_true",
        help="load a .keras file with safe mode off; this RUNS Python code stored "
        "in the file (a Lambda layer's function): only for files you trust",
    )
    parser.add_argument(
        "--input-shape",
        type=parse_input_shape,
        metavar="SIZES",
        help=INPUT_SHAPE_HELP,
    )


def _add_command(commands, name, run, help, description, *, model=True):
    """A subcommand that calls ``run(args)``; ``model``: it takes a MODEL."""
    parser = commands.add_parser(name, help=help, description=description)
    # also after the command (kerasteach draw ... --traceback); SUPPRESS keeps
    # a --traceback given before the command when this one is absent
    parser.add_argument(
        "--traceback",
        action="store_true",
        default=argparse.SUPPRESS,
        help=TRACEBACK_HELP,
    )
    if model:
        _add_model_arguments(parser)
    parser.set_defaults(run=run)
    return parser


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="kerasteach",
        description="Keras Sequential vs Functional: code, explanation and drawing "
        "of a model, and the lessons.",
        epilog="Exit status: 0 done, 1 the model is not Sequential "
        "(code --style sequential), 2 usage error or model not loadable.",
    )
    parser.add_argument(
        "--version", action="version", version=f"kerasteach {__version__}"
    )
    parser.add_argument("--traceback", action="store_true", help=TRACEBACK_HELP)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    code = _add_command(
        commands,
        "code",
        _run_code,
        "print the model's code (Functional or Sequential)",
        "Print Python code that rebuilds MODEL.",
    )
    code.add_argument(
        "--style",
        choices=("functional", "sequential"),
        default="functional",
        help="Functional API (default) or keras.Sequential; a model that is not a "
        "single chain prints the reasons and exits with status 1",
    )
    code.add_argument(
        "--faithful",
        action="store_true",
        help="keep every layer name, so the rebuilt model has the same config",
    )

    _add_command(
        commands,
        "explain",
        _run_explain,
        "say whether the model can be written as Sequential, and why not",
        "Say whether MODEL can be written with keras.Sequential and, "
        "if not, every reason.",
    )

    draw = _add_command(
        commands,
        "draw",
        _run_draw,
        "draw the layer graph to a PNG, SVG or PDF file",
        "Draw MODEL's layer graph with matplotlib.",
    )
    add_draw_arguments(draw)

    lessons = _add_command(
        commands,
        "lessons",
        _run_lessons,
        "open the lessons in JupyterLab",
        "Start JupyterLab on the lesson notebooks: lessons/ in the "
        "current folder, or next to the kerasteach source checkout.",
        model=False,
    )
    lessons.add_argument(
        "--port", type=int, help="port to serve on (default: Jupyter's, 8888)"
    )
    lessons.add_argument(
        "--ip",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this computer only)",
    )
    lessons.add_argument(
        "--no-browser", action="store_true", help="do not open a web browser"
    )
    lessons.add_argument(
        "--dir", metavar="PATH", help="a folder of notebooks to open instead"
    )
    # each command's parser, for the usage error of an option given to the
    # wrong command
    parser.kt_commands = commands.choices  # type: ignore[attr-defined]
    return parser


def _unrecognized(parser, command: str, extra: list[str]) -> None:
    """A usage error (exit status 2) for arguments ``command`` does not
    take, saying which command has an option of that name."""
    commands = parser.kt_commands
    owners = {
        option: [
            name
            for name, sub in commands.items()
            if name != command and option.split("=")[0] in sub._option_string_actions
        ]
        for option in extra
    }
    notes = [
        f"{option} is an option of 'kerasteach {names[0]}', not of "
        f"'kerasteach {command}'"
        for option, names in owners.items()
        if names
    ]
    message = f"unrecognized arguments: {' '.join(extra)}"
    if notes:
        message += " (" + "; ".join(notes) + ")"
    message += f". See kerasteach {command} --help."
    commands[command].error(message)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        _unrecognized(parser, args.command, extra)
    try:
        return args.run(args)
    except KerasTeachError as exc:
        if args.traceback:
            raise
        message = str(exc)
        if isinstance(exc, ModelSourceError):
            message = one_line(message)
        if isinstance(exc, NotBuiltError):
            message = for_the_command_line(message)
        print(f"kerasteach: error: {message}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: say so in one line, not a traceback
        if args.traceback:
            raise
        print(
            f"kerasteach: internal error: {type(exc).__name__}: {one_line(exc)} "
            "(run again with --traceback and report it)",
            file=sys.stderr,
        )
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
