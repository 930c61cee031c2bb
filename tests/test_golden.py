"""Golden files: the exact code printed for a handful of small models.

Run ``pytest tests/test_golden.py --update-goldens`` after an intended change
and review the diff. Every golden is also executed: it must rebuild the model.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _roundtrip import assert_round_trip
from models import SMALL_MODELS

import kerasteach as kt

GOLDEN = Path(__file__).parent / "golden"
CASES = [
    ("mlp", "sequential"),
    ("mlp", "functional"),
    ("functional_chain", "sequential"),
    ("residual", "functional"),
    ("two_in_two_out", "functional"),
    ("shared_encoder", "functional"),
    ("nested", "functional"),
    ("raw_ops", "functional"),
    ("ops_calls", "functional"),
    ("rnn_text", "sequential"),
]


@pytest.mark.parametrize(("model_name", "style"), CASES)
def test_golden(model_name, style, update_goldens):
    model = SMALL_MODELS[model_name]()
    generate = kt.to_sequential_code if style == "sequential" else kt.to_functional_code
    code = generate(model)
    path = GOLDEN / f"{model_name}_{style}.py"
    if update_goldens:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(code.source)
    assert code.source == path.read_text(), f"{path.name} differs; see the diff"
    # The golden text itself must rebuild the model.
    golden = type(code)(
        source=path.read_text(), style=code.style, faithful=code.faithful
    )
    assert_round_trip(model, golden)
