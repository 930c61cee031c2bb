"""Edge cases a demanding user tries: odd names, odd models, odd arguments.

Each test holds one thing that went wrong (or would have) when the public
functions met something the other test files do not try: a flag given as
text, a name that means something to Markdown, a terminal that cannot show
a layer's name, an object that is not a model printed as its raw repr.
"""

from __future__ import annotations

import keras
import pytest
from _roundtrip import assert_round_trip
from keras import layers

import kerasteach as kt


def _chain(name: str = "chain", layer: str = "hidden") -> keras.Model:
    return keras.Sequential(
        [keras.Input((3,), name="x"), layers.Dense(2, name=layer)], name=name
    )


# ------------------------------------------------------------- code options


@pytest.mark.parametrize("write", [kt.to_functional_code, kt.to_sequential_code])
@pytest.mark.parametrize(
    "option, value, advice",
    [
        ("faithful", "no", "Write faithful=False, without quotes."),
        ("faithful", "False", "Write faithful=False, without quotes."),
        ("faithful", None, "True keeps every layer name"),
        ("strict", "yes", "Write strict=True, without quotes."),
        ("strict", 0, "Write strict=False."),
    ],
)
def test_a_code_option_given_as_text_is_refused_not_taken_as_true(
    write, option, value, advice
):
    # faithful="no" is a true value: the code came out faithful, and
    # GeneratedCode.faithful held the string "no".
    model = _chain()
    with pytest.raises(kt.KerasTeachError) as info:
        write(model, **{option: value})
    assert str(info.value).startswith(f"{option} expected True or False")
    assert advice in str(info.value)
    code = write(model, faithful=True, strict=False)
    assert code.faithful is True
    assert_round_trip(model, code)
