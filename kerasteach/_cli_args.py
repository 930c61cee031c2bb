"""Argument parsing helpers of the command line (``kerasteach.cli``).

``--input-shape``: one sample's shape as the terminal writes it (``100``,
``28,28,1``), and the library's ``input_shape=(100,)`` advice reworded for a
terminal, where only the option can be followed (so is ``draw()``'s advice,
``expand_nested=True`` or ``focus='encoder/dense'``).  The options of
``kerasteach draw``: ``--highlight`` takes one value per use (``--highlight a
--highlight b`` or ``--highlight a,b``), so it never swallows the MODEL that
follows it; ``--dpi`` and ``--focus-radius`` refuse a value ``draw()`` would
refuse as a usage error, in the option's own words.
"""

from __future__ import annotations

import argparse
import ast
import math
import re
import shlex

__all__ = [
    "add_draw_arguments",
    "dots_per_inch",
    "drawing_for_the_command_line",
    "edges_away",
    "for_the_command_line",
    "layer_names",
    "parse_input_shape",
]

INPUT_SHAPE_HELP = (
    "the shape of one sample, without the batch dimension, for a model saved "
    "without keras.Input, or the image size to build applications:NAME for: "
    "e.g. --input-shape 100 or --input-shape 28,28,1 (None for a size that "
    "varies)"
)


def parse_input_shape(text: str) -> tuple:
    """``"28,28,1"`` → ``(28, 28, 1)``; an argparse ``type``, so a bad value is
    a usage error (exit status 2) that says what to write."""
    sizes = [s.strip() for s in text.strip().strip("()[]").split(",")]
    if sizes and sizes[-1] == "" and len(sizes) > 1:  # "100," as in (100,)
        sizes.pop()
    shape = []
    for size in sizes:
        if size.isdigit() and int(size) > 0:
            shape.append(int(size))
        elif size.lower() == "none":
            shape.append(None)
        else:
            raise argparse.ArgumentTypeError(
                f"expected the sizes of one sample, without the batch dimension, "
                f"as whole numbers above 0 separated by commas (e.g. 100 or "
                f"28,28,1), but received '{text}'."
            )
    return tuple(shape)


def _as_option(match: re.Match) -> str:
    sizes = [s.strip() for s in match[1].split(",") if s.strip()]
    return "--input-shape " + ",".join(sizes)


def for_the_command_line(message: str) -> str:
    """A library message's ``input_shape=(...)`` advice as ``--input-shape``."""
    from ._reader_subclass import TO_KERASTEACH

    message = message.replace(TO_KERASTEACH[:-1], " to the command")
    message = re.sub(r"\binput_shape=\(([^()]*)\)", _as_option, message)
    return re.sub(r"\binput_shape\b(?!\[)", "--input-shape", message)


# a layer name in a draw() message's advice: focus='encoder/dense'
_NAME_ADVICE = re.compile(
    r"""\b(highlight|focus)=('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
)


def _as_name_option(match: re.Match) -> str:
    return f"--{match[1]} {shlex.quote(ast.literal_eval(match[2]))}"


def drawing_for_the_command_line(message: str) -> str:
    """A ``draw()`` message's advice in keywords (``expand_nested=True``,
    ``focus='encoder/dense'``, ``highlight=[...]``, ``focus_radius=3``,
    ``dpi=725``) as the options of ``kerasteach draw``: the student at a
    terminal has no keywords."""
    message = message.replace("expand_nested=True", "--expand-nested")
    message = message.replace("highlight=[...]", "--highlight NAME,NAME")
    message = _NAME_ADVICE.sub(_as_name_option, message)
    message = re.sub(r"\bfocus_radius=(-?\d+)\b", r"--focus-radius \1", message)
    message = re.sub(r"\bfocus_radius\b", "--focus-radius", message)
    message = re.sub(r"\bdpi=(\d+(?:\.\d+)?)", r"--dpi \1", message)
    message = message.replace(
        "Save as SVG or PDF", "Write an SVG or PDF file (-o graph.svg)"
    )
    return re.sub(r"^(highlight|focus) expected", r"--\1 expected", message)


def dots_per_inch(text: str) -> float:
    """``--dpi``: a positive, finite number (``draw()``'s ``dpi``)."""
    try:
        dpi = float(text)
    except ValueError:
        dpi = math.nan
    if not 0 < dpi < math.inf:  # nan too
        raise argparse.ArgumentTypeError(
            f"expected a positive number of dots per inch (e.g. --dpi 150), but "
            f"received '{text}'. Leave out --dpi to let kerasteach choose one."
        )
    return dpi


def edges_away(text: str) -> int:
    """``--focus-radius``: a whole number >= 0 (``draw()``'s ``focus_radius``)."""
    if not text.strip().isdecimal():
        raise argparse.ArgumentTypeError(
            f"expected a whole number of 0 or more (how many edges away from "
            f"the --focus layer to draw, e.g. --focus-radius 3), but received "
            f"'{text}'."
        )
    return int(text)


def layer_names(text: str) -> list[str]:
    """``"left, right"`` → ``["left", "right"]``: the value of ``--highlight``."""
    names = [name.strip() for name in text.split(",")]
    if not all(names):
        raise argparse.ArgumentTypeError(
            f"expected layer names separated by commas (e.g. left,right), but "
            f"received '{text}'."
        )
    return names


def add_draw_arguments(parser: argparse.ArgumentParser) -> None:
    """The drawing options of ``kerasteach draw``: ``draw()``'s keywords."""
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="where to write the drawing: a .png, .svg or .pdf file",
    )
    parser.add_argument(
        "--show-shapes", action="store_true", help="label output shapes"
    )
    parser.add_argument("--show-dtype", action="store_true", help="label output dtypes")
    parser.add_argument(
        "--show-activations", action="store_true", help="label activation functions"
    )
    parser.add_argument(
        "--show-trainable", action="store_true", help="label trainable or frozen"
    )
    parser.add_argument(
        "--show-params", action="store_true", help="label parameter counts"
    )
    parser.add_argument(
        "--rankdir",
        choices=("TB", "LR"),
        default="TB",
        help="TB: top to bottom (default); LR: left to right",
    )
    parser.add_argument(
        "--expand-nested",
        action="store_true",
        help="draw the layers inside nested models; a layer inside a nested "
        "model is named like encoder/dense (the nested model's name, a slash, "
        "the layer's name), e.g. --focus encoder/dense",
    )
    parser.add_argument(
        "--dpi",
        type=dots_per_inch,
        help="resolution of a PNG (default: chosen to keep the text sharp)",
    )
    parser.add_argument(
        "--highlight",
        action="extend",
        type=layer_names,
        metavar="NAME",
        default=[],
        help="a layer to draw in the highlight colour; repeat the option or "
        "separate names with commas for several: --highlight left,right",
    )
    parser.add_argument(
        "--focus",
        metavar="NAME",
        help="draw only this layer and the layers near it",
    )
    parser.add_argument(
        "--focus-radius",
        type=edges_away,
        metavar="N",
        help="with --focus: how many edges away a layer may be (default 2)",
    )
