"""What the playground records while the student's code runs
(kerasteach/_widget_records.py), read by field name."""

from __future__ import annotations

from kerasteach._widget_records import Created
from tests._playground import _works

SOURCE = """\
import keras
from keras import layers
model = keras.Sequential([
    keras.Input((3,)),
    layers.Dense(4, name="hidden"),
    layers.Dense(1, name="out"),
])
"""


def test_creation_record_names_its_fields():
    p = _works(SOURCE)
    result = p.result
    by_name = {
        getattr(entry.obj, "name", None): entry for entry in result.created.values()
    }
    hidden, out = by_name["hidden"], by_name["out"]
    assert isinstance(hidden, Created)
    assert (hidden.line, out.line) == (5, 6)
    assert hidden.direct and out.direct
    assert hidden.code is out.code  # both made by the student's module code
    assert hidden.obj is p.model.get_layer("hidden")
