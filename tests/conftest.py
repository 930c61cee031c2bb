"""Shared test setup: every test starts with a fresh Keras session."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# Property tests explore new random examples on a developer's machine, where a
# failure can be studied (and is kept in .hypothesis/ to replay). In CI
# (.ci/run sets KERASTEACH_CI=1) they run a fixed set of examples instead, so
# the verdict depends on the code, not on the draw; a failure prints the
# @reproduce_failure line that replays it anywhere.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("KERASTEACH_CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _fresh_keras_session():
    """Reset Keras's global name counter and graph so tests are independent."""
    keras.utils.clear_session()
    keras.utils.set_random_seed(0)
    yield


def pytest_addoption(parser):
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite tests/golden/*.py from the current code generator",
    )


@pytest.fixture
def update_goldens(request) -> bool:
    return request.config.getoption("--update-goldens")
