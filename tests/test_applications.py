"""Every keras.applications model round-trips through the generated code.

Each constructor is built once (weights=None, no download; 96 x 96 images,
see tests/applications.py) and checked in both modes: faithful code must
rebuild exactly the same config, readable code the same config up to layer
names; both must predict the same numbers after the weights are copied.
The chains (VGG16, VGG19, MobileNet) also round-trip through Sequential code.
"""

from __future__ import annotations

import applications
import keras
import pytest
from _roundtrip import assert_round_trip

import kerasteach as kt

APPLICATIONS = applications.NAMES
CHAINS = {"VGG16", "VGG19", "MobileNet"}

pytestmark = pytest.mark.slow


def test_all_forty_constructors_are_covered():
    assert len(APPLICATIONS) == 40


@pytest.mark.parametrize("name", APPLICATIONS)
def test_application_round_trip(name):
    model = applications.build(name)
    graph = applications.graph(name)
    assert graph.is_sequential == (name in CHAINS), graph.reasons[:3]

    faithful = kt.to_functional_code(graph, faithful=True)
    assert_round_trip(model, faithful, exact=True)
    readable = kt.to_functional_code(graph)
    assert_round_trip(model, readable, exact=False)

    if name in CHAINS:
        for mode in (True, False):
            code = kt.to_sequential_code(graph, faithful=mode)
            rebuilt = assert_round_trip(model, code, exact=mode)
            assert isinstance(rebuilt, keras.Sequential)
    else:
        with pytest.raises(kt.NotSequentialError):
            kt.to_sequential_code(graph)
