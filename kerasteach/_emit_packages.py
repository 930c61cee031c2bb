"""How code names a class or function of a package it imports whole.

``keras.layers.Dense`` is written ``layers.Dense`` (``from keras import
layers``), ``keras.ops.sin`` as it is (``import keras``), TensorFlow's
``tensorflow.math.sin`` as ``tf.math.sin`` (``import tensorflow as tf``)
and JAX's ``jax.nn.gelu`` as it is (``import jax``).  Anything else, and a
private module (``keras.src``, ``tensorflow.python``, ``jax._src``), is
imported by name by the code writer (:mod:`kerasteach._emit`).
"""

from __future__ import annotations

from ._defaults import resolve_class

__all__ = ["package_ref"]


def package_ref(module: str, name: str) -> tuple[str, str] | None:
    """``(import line, expression)`` for ``name`` of ``module`` when code
    imports ``module``'s package whole, e.g. ``("import jax",
    "jax.nn.gelu")``; None when the code should import ``name`` itself."""
    top = module.partition(".")[0]
    if module == "keras.layers":
        return "from keras import layers", f"layers.{name}"
    if not _is_public(module):
        return None
    if top == "keras":
        return "import keras", f"{module}.{name}"
    if top == "tensorflow":
        return "import tensorflow as tf", f"tf{module[len(top) :]}.{name}"
    if top == "jax" and _made_by_import_jax(module):
        return "import jax", f"{module}.{name}"
    return None


def _made_by_import_jax(module: str) -> bool:
    """Whether ``import jax`` makes ``module`` (``jax.nn``, ``jax.numpy``);
    ``jax.experimental.x`` needs an import of its own."""
    return module == "jax" or resolve_class("jax", module[len("jax.") :]) is not None


def _is_public(module: str) -> bool:
    """Whether ``module`` is a public one: no part starts with ``_`` and it
    is not TensorFlow's or Keras's private tree (``tensorflow.python``)."""
    private = ("keras.src", "tensorflow.python", "tensorflow.core")
    parts = module.split(".")
    return not any(p.startswith("_") for p in parts) and not any(
        module == p or module.startswith(p + ".") for p in private
    )
