"""How code names a class or function of a package it imports whole.

``keras.layers.Dense`` is written ``layers.Dense`` (``from keras import
layers``), ``keras.ops.sin`` as it is (``import keras``), TensorFlow's
``tensorflow.math.sin`` as ``tf.math.sin`` (``import tensorflow as tf``)
and JAX's ``jax.nn.gelu`` as it is (``import jax``).  Anything else, and a
private module (``keras.src``, ``tensorflow.python``, ``jax._src``), is
imported by name by the code writer (:mod:`kerasteach._emit`).
"""

from __future__ import annotations

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
    if top == "jax":
        # ``import jax.scipy.special`` binds ``jax`` too, and works in a
        # fresh Python where ``import jax`` alone leaves that module out
        line = "import jax" if module in _MADE_BY_IMPORT_JAX else f"import {module}"
        return line, f"{module}.{name}"
    return None


# the modules ``import jax`` makes (JAX 0.4 to 0.10); any other, such as
# ``jax.scipy.special``, needs an import of its own, even when the session
# that made the model had imported it
_MADE_BY_IMPORT_JAX = frozenset({"jax", "jax.nn", "jax.numpy", "jax.lax", "jax.random"})


def _is_public(module: str) -> bool:
    """Whether ``module`` is a public one: no part starts with ``_`` and it
    is not TensorFlow's or Keras's private tree (``tensorflow.python``)."""
    private = ("keras.src", "tensorflow.python", "tensorflow.core")
    parts = module.split(".")
    return not any(p.startswith("_") for p in parts) and not any(
        module == p or module.startswith(p + ".") for p in private
    )
