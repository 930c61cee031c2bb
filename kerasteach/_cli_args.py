"""Argument parsing helpers of the command line (``kerasteach.cli``).

``--input-shape``: one sample's shape as the terminal writes it (``100``,
``28,28,1``), and the library's ``input_shape=(100,)`` advice reworded for a
terminal, where only the option can be followed.
"""

from __future__ import annotations

import argparse
import re

__all__ = ["parse_input_shape", "for_the_command_line"]

INPUT_SHAPE_HELP = (
    "the shape of one sample, without the batch dimension, for a model saved "
    "without keras.Input: e.g. --input-shape 100 or --input-shape 28,28,1 "
    "(None for a size that varies)"
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
    message = message.replace(" to kerasteach.", " to the command.")
    message = re.sub(r"\binput_shape=\(([^()]*)\)", _as_option, message)
    return re.sub(r"\binput_shape\b(?!\[)", "--input-shape", message)
