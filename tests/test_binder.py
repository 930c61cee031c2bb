"""The Binder image runs the lessons: proved by building its environment here.

repo2docker builds the classroom image from ``binder/``: it installs
``binder/requirements.txt``, runs ``binder/postBuild`` (which installs the
package with ``pip install --no-deps .`` and points JupyterLab at
``lessons/``), then serves the repository folder.  These tests do the same in
a fresh virtual environment, from exactly those files, and then

- re-run every lesson there with nbval, so the pins and the lessons cannot
  drift apart;
- start that environment's JupyterLab and check it opens on the lessons.

The environment is made once per test session (a few minutes: TensorFlow is
the bulk of it) and thrown away afterwards.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from _servers import stop

pytestmark = pytest.mark.binder

REPO = Path(__file__).resolve().parent.parent
BINDER = REPO / "binder"
# What repo2docker would see of the repository (build output left out).
REPO_ITEMS = (
    "pyproject.toml",
    "README.md",
    "LICENSE",
    "kerasteach",
    "binder",
    "lessons",
)
IGNORE = shutil.ignore_patterns(
    "__pycache__", "*.egg-info", "build", ".ipynb_checkpoints", "*.pyc"
)
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)$")


def _requirements() -> dict[str, str]:
    pins = {}
    for line in (BINDER / "requirements.txt").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = PIN.match(line)
        assert match, (
            f"binder/requirements.txt: {line!r} is not pinned as name==version"
        )
        pins[re.sub(r"[-_.]+", "-", match[1]).lower()] = match[2]
    return pins


# -- the files (instant) ----------------------------------------------------------


def test_requirements_pin_every_package_and_stay_lean():
    pins = _requirements()
    # the CPU build of TensorFlow, and what the lessons and nbval need
    for name in ("tensorflow-cpu", "keras", "matplotlib", "ipywidgets", "nbval"):
        assert name in pins, name
    # repo2docker's base environment has its own notebook, which would hold
    # back (or clash with) JupyterLab unless notebook is pinned alongside it
    assert "notebook" in pins and "jupyterlab" in pins
    assert "tensorflow" not in pins  # the full build carries GPU libraries
    # no other backend, no developer tools
    for name in ("jax", "jaxlib", "torch", "ruff", "hypothesis", "playwright"):
        assert name not in pins, name


def test_runtime_and_post_build():
    assert (BINDER / "runtime.txt").read_text().strip() == "python-3.11"
    post_build = BINDER / "postBuild"
    assert os.access(post_build, os.X_OK), "repo2docker runs postBuild directly"
    text = post_build.read_text()
    assert "pip install --no-cache-dir --no-deps ." in text
    assert "rm -rf build kerasteach.egg-info" in text
    assert 'mkdir -p "$HOME/work"' in text


def _requires_python():
    from packaging.specifiers import SpecifierSet

    text = (REPO / "pyproject.toml").read_text()
    return SpecifierSet(re.search(r'^requires-python = "([^"]+)"', text, re.M)[1])


def test_python_versions_are_those_tensorflow_has_wheels_for():
    supported = _requires_python()
    # tensorflow-cpu 2.21 has wheels for 3.10 to 3.13, 3.14 only a release
    # candidate: pip install -e ".[dev]" on 3.14 fails inside the resolver
    assert [v for v in ("3.10", "3.11", "3.12", "3.13") if v not in supported] == []
    assert "3.14" not in supported and "3.9" not in supported
    runtime = (BINDER / "runtime.txt").read_text().strip().removeprefix("python-")
    assert runtime in supported
    assert "Python 3.10 to 3.13" in (REPO / "README.md").read_text()


# -- the environment (minutes) ----------------------------------------------------


def _clean_env(venv: Path, tmp: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "KERAS_BACKEND"}
    }
    env.update(
        PATH=os.pathsep.join([str(venv / "bin"), env.get("PATH", "")]),
        VIRTUAL_ENV=str(venv),
        # only the fresh environment's kernels and settings, not the user's
        JUPYTER_DATA_DIR=str(tmp / "jupyter-data"),
        JUPYTER_CONFIG_DIR=str(tmp / "jupyter-config"),
        JUPYTER_RUNTIME_DIR=str(tmp / "jupyter-runtime"),
        MPLCONFIGDIR=str(tmp / "mpl"),
        PYTHONDONTWRITEBYTECODE="1",
        TF_CPP_MIN_LOG_LEVEL="3",
    )
    return env


def _run(command, *, env, cwd, timeout):
    result = subprocess.run(
        command, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        output = result.stdout + result.stderr
        log = Path(cwd) / "failed-command.log"
        log.write_text(output)
        # nbval puts each failing cell first and the summary last: show both
        lines = output.splitlines()
        shown = lines if len(lines) <= 200 else lines[:120] + ["[...]"] + lines[-60:]
        pytest.fail(
            f"{' '.join(map(str, command))} failed ({result.returncode}); "
            f"whole output in {log}:\n" + "\n".join(shown)
        )
    return result


@pytest.fixture(scope="module")
def binder_env(tmp_path_factory):
    """(repository copy, environment variables) of a fresh Binder environment."""
    tmp = tmp_path_factory.mktemp("binder")
    repo = tmp / "repo"
    repo.mkdir()
    for item in REPO_ITEMS:
        source = REPO / item
        if source.is_dir():
            shutil.copytree(source, repo / item, ignore=IGNORE)
        elif source.exists():
            shutil.copy2(source, repo / item)
    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", venv], env=os.environ, cwd=tmp, timeout=300)
    env = _clean_env(venv, tmp)
    python = str(venv / "bin" / "python")
    _run(
        [python, "-m", "pip", "install", "--no-input", "--disable-pip-version-check"]
        + ["-r", repo / "binder" / "requirements.txt"],
        env=env,
        cwd=repo,
        timeout=2400,
    )
    # in the image the repository folder is also the home folder
    home = dict(env, HOME=str(repo))
    _run(["bash", repo / "binder" / "postBuild"], env=home, cwd=repo, timeout=600)
    return repo, env


def test_post_build_leaves_a_clean_home_with_a_work_folder(binder_env):
    repo, env = binder_env
    # no build output next to the lessons, and a work/ folder of the user's
    # own, so a volume mounted there is not created owned by root
    assert not (repo / "build").exists()
    assert not list(repo.glob("*.egg-info"))
    assert (repo / "work").is_dir()


def test_the_pins_are_consistent(binder_env, tmp_path):
    repo, env = binder_env
    # e.g. notebook 7.4 needs jupyterlab<4.5: pinning notebook keeps them matched
    _run(["python", "-m", "pip", "check"], env=env, cwd=tmp_path, timeout=300)


def test_the_package_is_installed_not_imported_from_the_checkout(binder_env, tmp_path):
    repo, env = binder_env
    probe = (
        "import importlib.util, json, kerasteach, sys;"
        "print(json.dumps({'file': kerasteach.__file__, 'prefix': sys.prefix,"
        "'jax': importlib.util.find_spec('jax') is not None,"
        "'torch': importlib.util.find_spec('torch') is not None}))"
    )
    result = _run(["python", "-c", probe], env=env, cwd=tmp_path, timeout=120)
    found = json.loads(result.stdout)
    assert found["file"].startswith(found["prefix"]), found
    assert not found["jax"] and not found["torch"], found


def test_lessons_pass_in_the_binder_environment(binder_env):
    repo, env = binder_env
    notebooks = sorted((repo / "lessons").glob("*.ipynb"))
    assert notebooks, "no lessons/*.ipynb to run"
    result = _run(
        ["python", "-m", "pytest", "--nbval", "lessons/"]
        + ["--nbval-sanitize-with", "lessons/sanitize.cfg", "-p", "no:cacheprovider"]
        + ["-o", "addopts=", "-q", "--color=no"],
        env=env,
        cwd=repo,
        timeout=2400,
    )
    summary = result.stdout.strip().splitlines()[-1]
    assert " passed" in summary and "failed" not in summary, result.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.parametrize("app", ["lab", "server"])
def test_jupyter_opens_on_the_lessons(binder_env, tmp_path, app):
    # "lab" is what a user starts; a plain server is what JupyterHub's
    # single-user server and Binder run
    repo, env = binder_env
    port = _free_port()
    log = tmp_path / "jupyter.log"
    command = ["jupyter", app, "--no-browser", "--ip=127.0.0.1", f"--port={port}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    opener = urllib.request.build_opener(_NoRedirect)
    with log.open("w") as sink:
        # repo2docker serves the repository folder: start there, as it does
        server = subprocess.Popen(
            command, env=env, cwd=repo, stdout=sink, stderr=subprocess.STDOUT
        )
    try:
        location = None
        deadline = time.monotonic() + 120
        while location is None and time.monotonic() < deadline:
            assert server.poll() is None, log.read_text()
            try:
                opener.open(f"http://127.0.0.1:{port}/", timeout=5)
            except urllib.error.HTTPError as redirect:  # 302, not followed
                location = redirect.headers.get("Location")
            except OSError:
                time.sleep(0.5)
        assert location is not None, log.read_text()
        path = urllib.parse.urlsplit(location).path  # may end in an empty "?"
        assert path.endswith("/lab/tree/lessons"), location
        token = re.search(r"token=([0-9a-f]+)", log.read_text())
        assert token, log.read_text()
        url = f"http://127.0.0.1:{port}/api/contents/lessons?token={token[1]}"
        with urllib.request.urlopen(url, timeout=10) as response:
            listing = json.loads(response.read())
        names = {item["name"] for item in listing["content"]}
        assert {p.name for p in (repo / "lessons").glob("*.ipynb")} <= names
    finally:
        stop(server)
