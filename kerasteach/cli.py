"""The ``kerasteach`` command line: the library's answers from a terminal.

Four commands, each a thin front end over the library::

    kerasteach code MODEL [--style functional|sequential] [--faithful]
    kerasteach explain MODEL
    kerasteach draw MODEL -o graph.png [--show-shapes ...]
    kerasteach lessons [--port N] [--no-browser] [--dir PATH]

MODEL is either a ``.keras`` file or ``applications:NAME``, a
``keras.applications`` constructor built with ``weights=None`` (nothing is
downloaded), and with ``input_shape`` when ``--input-shape`` is given.
Files are loaded with Keras's safe mode on, so a file whose Lambda layer
holds Python code is refused unless ``--unsafe`` is given.
A Sequential model saved without ``keras.Input`` is built with
``--input-shape 28,28,1`` (one sample's shape, no batch dimension).

Exit status: 0 when the command did its job, 1 when ``code --style
sequential`` is asked for a model that is not a single chain (the reasons are
printed), 2 for a usage error or a model that cannot be loaded (one line on
stderr, never a traceback).  Keras, matplotlib and JupyterLab are imported
only by the command that needs them, so ``kerasteach --help`` is instant.

This module builds the parser and turns errors into exit statuses; what
each command does is in ``_cli_commands``.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator, Sequence

from ._cli_args import (
    INPUT_SHAPE_HELP,
    add_draw_arguments,
    drawing_for_the_command_line,
    for_the_command_line,
    parse_input_shape,
)
from ._cli_commands import (  # the names marked F401 stay importable from here
    DRAW_FORMATS,  # noqa: F401
    EXIT_ERROR,
    EXIT_NOT_SEQUENTIAL,  # noqa: F401
    EXIT_OK,  # noqa: F401
    LessonsNotFoundError,  # noqa: F401
    _run_code,
    _run_draw,
    _run_explain,
    _run_lessons,
    find_lessons,
)
from ._model_source import (
    ModelSourceError,
    UnsafeModelError,
    load_model,
    one_line,
)
from .errors import DrawingError, KerasTeachError, NotBuiltError

__all__ = [
    "main",
    "load_model",
    "find_lessons",
    "ModelSourceError",
    "UnsafeModelError",
]

TRACEBACK_HELP = "show the full Python traceback when something fails (for bug reports)"


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


@contextlib.contextmanager
def _escaped_output() -> Iterator[None]:
    """Print what the terminal's encoding cannot show as ``\\u`` escapes.

    A Windows console redirected to a file (``kerasteach code m.keras >
    m.py``) writes cp1252, which has no Greek or Chinese letters: a layer
    named 'αβγ' made every command stop with an internal error.  Escaped,
    a name in the code is the same Python string (names are only ever in
    string literals), and one in a message still reads as that name.
    """
    changed = []
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict":
            with contextlib.suppress(AttributeError, ValueError, OSError):
                stream.reconfigure(errors="backslashreplace")
                changed.append(stream)
    try:
        yield
    finally:
        for stream in changed:
            with contextlib.suppress(ValueError, OSError):  # closed meanwhile
                stream.reconfigure(errors="strict")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    with _escaped_output():
        parser = build_parser()
        args, extra = parser.parse_known_args(argv)
        if extra:
            _unrecognized(parser, args.command, extra)
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    """Run the command ``args`` names; its errors become exit statuses."""
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
        if isinstance(exc, DrawingError):
            message = drawing_for_the_command_line(message)
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
