"""What a layer learned with ``adapt()`` that its config does not hold.

A preprocessing layer adapted to data keeps what it found outside
``get_config()``, so code that rebuilds the layer from its config gets the
layer as it was before ``adapt()``.  Two families of Keras layers do this;
each is recognised by what it has, not by its class name, so a subclass is
found too:

* statistics kept in weights: a ``Normalization`` made without ``mean`` and
  ``variance`` has ``input_mean is None`` and keeps what ``adapt()`` found in
  the weights ``adapt_mean`` and ``adapt_variance``.  It has lost something
  only when they differ from the zeros and ones a new layer starts with: a
  layer that was never adapted is rebuilt exactly.
* a vocabulary kept in a lookup table: a layer with ``get_vocabulary()``
  (``StringLookup``, ``IntegerLookup``, ``TextVectorization``) whose config
  has ``vocabulary=None`` but whose vocabulary holds more than its special
  tokens (OOV and mask).  In ``tf_idf`` mode its IDF weights are lost too.
  A vocabulary given to the constructor is in the config and is not lost.

``Discretization`` keeps the ``bin_boundaries`` that ``adapt()`` found in its
config, so it needs nothing here.
"""

from __future__ import annotations

__all__ = ["adapted_state"]


def adapted_state(op, config) -> tuple[str, ...]:
    """The names of what ``op`` learned from data that ``config`` (its
    ``get_config()``) does not hold: ``("mean", "variance")``,
    ``("vocabulary",)`` or ``("vocabulary", "idf_weights")``; ``()`` when
    the config rebuilds the layer as it is."""
    if not hasattr(config, "get"):
        return ()
    try:
        if _statistics_lost(op):
            return ("mean", "variance")
        if _vocabulary_lost(op, config):
            if config.get("output_mode") == "tf_idf" and (
                config.get("idf_weights") is None
            ):
                return ("vocabulary", "idf_weights")
            return ("vocabulary",)
    except Exception:  # noqa: BLE001 - a layer that cannot tell: nothing known lost
        return ()
    return ()


def _statistics_lost(op) -> bool:
    if getattr(op, "input_mean", False) is not None:
        return False  # not a Normalization, or one given its mean and variance
    mean = getattr(op, "adapt_mean", None)
    variance = getattr(op, "adapt_variance", None)
    if mean is None or variance is None:
        return False  # not built: nothing adapted yet
    import keras
    import numpy as np

    mean = np.asarray(keras.ops.convert_to_numpy(mean))
    variance = np.asarray(keras.ops.convert_to_numpy(variance))
    return bool(np.any(mean != 0) or np.any(variance != 1))


def _vocabulary_lost(op, config) -> bool:
    get_vocabulary = getattr(op, "get_vocabulary", None)
    if not callable(get_vocabulary) or "vocabulary" not in config:
        return False
    if config.get("vocabulary") is not None:
        return False  # given to the constructor: the config carries it
    return len(get_vocabulary(include_special_tokens=False)) > 0
