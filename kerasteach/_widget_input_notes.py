"""A model of one input given a list of several arrays, noted.

A ``keras.Sequential`` model (or a ``keras.Model`` of one ``keras.Input``)
has one input: given a list of arrays, ``fit([x_title, x_body], y)``,
Keras trains on the first and leaves out the rest with a warning the
student does not see; :func:`several_arrays_notes` writes a note under
it.  A model of several inputs given its arrays the wrong way is
:mod:`kerasteach._widget_input_problems`'.
"""

from __future__ import annotations

from ._widget_input_problems import _ORDINALS, _sample
from ._widget_problem import _shape_of, _shape_text

__all__ = ["several_arrays_notes"]


def several_arrays_notes(call, model_name: str, name_of) -> list[str]:
    """A note on ``fit`` of a model of one input given a list of several
    arrays: Keras trained on the first and left out the rest.
    ``name_of(value)`` is the student's name for an array, or None."""
    x = call.arguments.get("x")
    inputs = list(getattr(call.model, "inputs", None) or ())
    if len(inputs) != 1 or not isinstance(x, (list, tuple)) or len(x) < 2:
        return []
    if call.arguments.get("y") is None:  # a tuple (x, y) is another story
        return []
    shapes = [_shape_of(a) for a in x]
    if None in shapes:
        return []
    variables = [name_of(a) for a in x]
    words = [v or f"the {_ORDINALS[n]} array" for n, v in enumerate(variables[:6])]
    listed = ", ".join(f"{w} (shape {_shape_text(s)})" for w, s in zip(words, shapes))
    join = ""
    if (
        all(variables)
        and all(len(s) == 2 for s in shapes)
        and len({s[0] for s in shapes}) == 1
    ):
        width = sum(s[1] for s in shapes)
        join = (
            f", or join them into one array, np.concatenate([{', '.join(words)}], "
            f"axis=1), of {width} numbers per sample, for keras.Input(shape="
            f"({width},))"
        )
    return [
        f"{model_name}.fit() got a list of {len(x)} arrays, {listed}, but "
        f"{model_name} has one input (samples of shape "
        f"{_sample(_shape_of(inputs[0]))}): Keras trained it on {words[0]} "
        "only and left out the rest, without an error. To use them all, build "
        "a model with one keras.Input for each, keras.Model(inputs=[...], "
        f"outputs=...){join}."
    ]
