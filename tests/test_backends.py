"""The core works on every Keras backend, not only TensorFlow.

The core test modules (graph, code generation, drawing, check, command line)
run again in a subprocess with ``KERAS_BACKEND=jax`` and with
``KERAS_BACKEND=torch``, with TensorFlow made impossible to import there, so
a hidden dependency on TensorFlow fails loudly instead of passing because
TensorFlow happens to be installed.

The backends live in their own virtual environment, made (or reused) by
``.ci/install-backends.sh``; it sees this environment's packages and adds only
JAX and PyTorch.  If they cannot be installed the test fails and says why: it
never skips.  The runs under the two backends go on at the same time, one
process each.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from _servers import stop

REPO = Path(__file__).resolve().parent.parent
INSTALL_SCRIPT = REPO / ".ci" / "install-backends.sh"

BACKENDS = ("jax", "torch")

# The modules that test the core, and the backends each runs on; widget,
# browser, lesson and Binder tests are front ends and stay on the default
# backend.  The property tests draw layer names from all of Unicode, and Keras
# on PyTorch cannot build a layer whose name contains "." (torch refuses such
# parameter names), so on torch they would fail now and then for a reason
# that is not kerasteach's: they run on JAX only.
CORE_MODULES = {
    "test_graph*.py": BACKENDS,
    "test_reader*.py": BACKENDS,
    "test_codegen*.py": BACKENDS,
    "test_golden*.py": BACKENDS,
    "test_properties*.py": ("jax",),
    "test_layout*.py": BACKENDS,
    "test_render*.py": BACKENDS,
    "test_check*.py": BACKENDS,
    "test_cli.py": BACKENDS,
    # TorchModuleWrapper needs the PyTorch backend: not a test_ module, so
    # the default run leaves it out
    "torchonly_*.py": ("torch",),
}
# Tests left out, each with its reason.  Starting JupyterLab once (on the
# default backend) is enough; and the code-injection test's model has "." in
# its layer names, so it cannot be built on PyTorch (see above).  The lookup
# and vectorization layers, the Hashing layer and Discretization.adapt need
# TensorFlow, hidden there: pytest deselects by node id prefix, so "test_tf_"
# leaves out every test of test_codegen_state.py, test_codegen_readable.py and
# test_codegen_functions.py (TensorFlow's own functions) whose name starts so.
DESELECT = {
    "tests/test_cli.py::test_lessons_starts_jupyterlab_on_the_lessons": BACKENDS,
    "tests/test_codegen.py::test_names_are_data_not_code": ("torch",),
    "tests/test_codegen_state.py::test_tf_": BACKENDS,
    "tests/test_codegen_readable.py::test_tf_": BACKENDS,
    "tests/test_codegen_functions.py::test_tf_": BACKENDS,
}

# Run pytest with TensorFlow hidden: the path finder no longer sees it, so
# importing it raises ModuleNotFoundError and importlib.util.find_spec gives
# None, exactly as on a machine where it is not installed.
RUNNER = r"""
import importlib.machinery
import sys


class _PathFinderWithoutTensorFlow(importlib.machinery.PathFinder):
    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name.partition(".")[0] == "tensorflow":
            return None
        return super().find_spec(name, path, target)


sys.meta_path[:] = [
    _PathFinderWithoutTensorFlow if finder is importlib.machinery.PathFinder else finder
    for finder in sys.meta_path
]

import keras
import pytest

print("kerasteach-backend:", keras.backend.backend(), flush=True)
status = pytest.main(sys.argv[1:])
assert "tensorflow" not in sys.modules
sys.exit(status)
"""


@pytest.fixture(scope="module")
def backend_python() -> str:
    """A Python with JAX and PyTorch installed (made by the install script)."""
    try:
        result = subprocess.run(
            ["sh", str(INSTALL_SCRIPT)],
            capture_output=True,
            text=True,
            timeout=1800,
            env=dict(os.environ, PYTHON=sys.executable),
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        pytest.fail(f"could not run {INSTALL_SCRIPT}: {exc}")
    if result.returncode != 0:
        pytest.fail(
            f"{INSTALL_SCRIPT.name} could not install the JAX and PyTorch backends "
            f"(exit {result.returncode}); the core must be tested on them. "
            f"Its output:\n{result.stdout}\n{result.stderr}"
        )
    python = result.stdout.strip().splitlines()[-1]
    assert Path(python).is_file(), result.stdout
    return python


def _core_modules(backend: str) -> list[str]:
    found = sorted(
        {
            str(path)
            for pattern, backends in CORE_MODULES.items()
            if backend in backends
            for path in (REPO / "tests").glob(pattern)
        }
    )
    assert found, "no core test modules found in tests/"
    return found


def test_the_core_modules_are_there():
    names = {Path(m).name for m in _core_modules("jax")}
    assert {"test_codegen.py", "test_check.py", "test_cli.py"} <= names
    assert "torchonly_wrapper.py" in {Path(m).name for m in _core_modules("torch")}


def _command(backend: str, python: str, basetemp: Path) -> list[str]:
    return [
        python,
        "-c",
        RUNNER,
        *_core_modules(backend),
        "-q",
        "-p",
        "no:cacheprovider",
        "-m",
        "not slow and not browser and not binder",
        *[f"--deselect={test}" for test, on in DESELECT.items() if backend in on],
        "-o",
        "addopts=",
        # each run its own temporary folders: the two run at the same time
        f"--basetemp={basetemp}",
    ]


RUN_TEST = "test_core_suite_passes_without_tensorflow"


@pytest.fixture(scope="module")
def core_runs(backend_python, tmp_path_factory, request):
    """The core suite under each backend, all started at once.

    Each run is one Python process that mostly uses one core, so on a
    machine with two or more cores running them side by side takes about as
    long as the slower one alone.  Output goes to a file each, so neither can
    stall on a full pipe while the test waits for the other.
    """
    env = dict(os.environ)
    env.update(
        # import this checkout, whatever the environment has installed
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")])),
        PYTHONDONTWRITEBYTECODE="1",
    )
    selected = {item.name for item in request.session.items}
    runs = {}
    try:
        for backend in BACKENDS:
            if f"{RUN_TEST}[{backend}]" not in selected:
                continue  # e.g. pytest -k jax
            folder = tmp_path_factory.mktemp(f"core-{backend}")
            log = folder / "output.txt"
            with log.open("w") as sink:
                process = subprocess.Popen(
                    _command(backend, backend_python, folder / "tmp"),
                    cwd=REPO,
                    env=dict(env, KERAS_BACKEND=backend),
                    stdout=sink,
                    stderr=subprocess.STDOUT,
                )
            runs[backend] = (process, log)
        yield runs
    finally:
        for process, _ in runs.values():
            if process.poll() is None:
                stop(process)


@pytest.mark.backends
@pytest.mark.parametrize("backend", BACKENDS)
def test_core_suite_passes_without_tensorflow(backend, core_runs):
    process, log = core_runs[backend]
    try:
        returncode = process.wait(timeout=3000)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the core tests under {backend} took over 50 minutes; {log}")
    output = log.read_text()
    tail = "\n".join(output.splitlines()[-60:])
    assert f"kerasteach-backend: {backend}" in output, tail
    assert returncode == 0, f"core tests failed under {backend}:\n{tail}"
    summary = [line for line in output.splitlines() if " passed" in line]
    assert summary and " failed" not in summary[-1], tail
    print(f"{backend}: {summary[-1].strip()}")  # shown with pytest -s or -rP


@pytest.mark.backends
def test_jax_layer_on_jax_with_tensorflow_there(backend_python, tmp_path):
    """``keras.layers.JaxLayer`` needs the JAX backend and, to be built,
    TensorFlow too (Keras asks ``tf.inside_function()`` in its build), so
    tests/jaxonly_layer.py runs on its own, TensorFlow not hidden."""
    env = dict(os.environ, KERAS_BACKEND="jax", PYTHONDONTWRITEBYTECODE="1")
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(REPO), env.get("PYTHONPATH")])
    )
    command = [backend_python, "-m", "pytest", "tests/jaxonly_layer.py", "-q"]
    command += ["-p", "no:cacheprovider", "-o", "addopts=", f"--basetemp={tmp_path}"]
    result = subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=900
    )
    lines = (result.stdout + result.stderr).splitlines()
    tail = "\n".join(lines[-60:])
    assert result.returncode == 0, f"tests/jaxonly_layer.py failed on JAX:\n{tail}"
    summary = [line for line in lines if " passed" in line]
    assert summary and " failed" not in summary[-1], tail
