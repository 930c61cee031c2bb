"""kerasteach: the Keras Sequential and Functional APIs, side by side.

Give it any Keras 3 model and it writes the model as Functional code, and as
Sequential code whenever the model is a single chain (or says exactly why it
is not), draws the layer graph with matplotlib, and shows both next to each
other in a notebook widget.

The heavy imports (Keras, matplotlib, ipywidgets) happen on first use, so
``import kerasteach`` itself is cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from .errors import (
    DrawingError,
    InputShapeError,
    KerasTeachError,
    LambdaLayerError,
    NotAModelError,
    NotBuiltError,
    NotSequentialError,
    TraceError,
    UnknownOptionError,
    UnsupportedValueError,
)

__version__ = "0.1.0"

__all__ = [
    "read_model",
    "ModelGraph",
    "to_functional_code",
    "to_sequential_code",
    "explain",
    "GeneratedCode",
    "Explanation",
    "draw",
    "compare",
    "playground",
    "check",
    # every error kerasteach raises on purpose (errors.__all__; a test checks)
    "KerasTeachError",
    "NotBuiltError",
    "InputShapeError",
    "NotSequentialError",
    "TraceError",
    "LambdaLayerError",
    "UnsupportedValueError",
    "DrawingError",
    "NotAModelError",
    "UnknownOptionError",
]

# public name -> module that defines it (imported on first use)
_LAZY = {
    "read_model": "._reader",
    "ModelGraph": ".graph",
    "to_functional_code": ".codegen",
    "to_sequential_code": ".codegen",
    "explain": ".codegen",
    "GeneratedCode": ".codegen",
    "Explanation": ".codegen",
    "draw": ".render",
    "compare": ".widget",
    "playground": ".widget",
    "check": ".check",
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kerasteach' has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # pragma: no cover
    from ._reader import read_model
    from .check import check
    from .codegen import (
        Explanation,
        GeneratedCode,
        explain,
        to_functional_code,
        to_sequential_code,
    )
    from .graph import ModelGraph
    from .render import draw
    from .widget import compare, playground
