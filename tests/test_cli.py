"""The ``kerasteach`` command line, run as a user runs it.

Most tests call ``kerasteach.cli.main`` in this process (Keras is already
imported, so they are quick); the error cases also run ``python -m
kerasteach`` in a subprocess, because "one line on stderr, never a traceback"
is about what a terminal shows.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from importlib.metadata import entry_points
from pathlib import Path

import keras
import pytest
from _roundtrip import assert_round_trip
from _servers import stop
from models import skip_tower

from kerasteach import KerasTeachError, explain
from kerasteach.cli import find_lessons, load_model, main
from kerasteach.render import draw as real_draw  # before any test patches it

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _restore_environment(monkeypatch):
    # main() quietens TensorFlow through os.environ; setenv then delenv makes
    # monkeypatch put back exactly what was there (or nothing) after the test.
    for name in ("TF_CPP_MIN_LOG_LEVEL", "TF_ENABLE_ONEDNN_OPTS", "MPLBACKEND"):
        monkeypatch.setenv(name, os.environ.get(name, ""))
        monkeypatch.delenv(name)


def _chain(path: Path) -> Path:
    model = keras.Sequential(
        [
            keras.Input(shape=(4,)),
            keras.layers.Dense(8, activation="relu", name="hidden"),
            keras.layers.Dense(2, name="scores"),
        ],
        name="chain",
    )
    model.save(path)
    return path


def _branch(path: Path) -> Path:
    inputs = keras.Input(shape=(4,), name="features")
    left = keras.layers.Dense(3, name="left")(inputs)
    right = keras.layers.Dense(3, name="right")(inputs)
    outputs = keras.layers.Add(name="add")([left, right])
    keras.Model(inputs, outputs, name="branch").save(path)
    return path


def _with_lambda(path: Path) -> Path:
    inputs = keras.Input(shape=(4,))
    doubled = keras.layers.Lambda(lambda t: t * 2, name="double")(inputs)
    outputs = keras.layers.Dense(2, name="out")(doubled)
    keras.Model(inputs, outputs, name="lam").save(path)
    return path


@pytest.fixture
def chain_file(tmp_path):
    return _chain(tmp_path / "chain.keras")


@pytest.fixture
def branch_file(tmp_path):
    return _branch(tmp_path / "branch.keras")


@pytest.fixture
def lambda_file(tmp_path):
    return _with_lambda(tmp_path / "lam.keras")


def _run(capsys, *argv):
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def _kinds(model) -> list[str]:
    return [
        type(layer).__name__
        for layer in model.layers
        if not isinstance(layer, keras.layers.InputLayer)
    ]


def _exec_model(source: str):
    namespace: dict = {}
    exec(compile(source, "<kerasteach code>", "exec"), namespace)
    return namespace["model"]


# -- code ---------------------------------------------------------------------


def test_code_prints_functional_code_that_rebuilds_the_model(capsys, chain_file):
    status, out, err = _run(capsys, "code", chain_file)
    assert status == 0
    assert "keras.Model(" in out and "keras.Sequential" not in out
    rebuilt = _exec_model(out)
    original = keras.models.load_model(chain_file)
    assert _kinds(rebuilt) == _kinds(original) == ["Dense", "Dense"]
    assert rebuilt.outputs[0].shape == original.outputs[0].shape == (None, 2)
    assert "Traceback" not in err


def test_code_sequential_style_for_a_chain(capsys, chain_file):
    status, out, _ = _run(capsys, "code", chain_file, "--style", "sequential")
    assert status == 0
    assert "keras.Sequential(" in out
    rebuilt = _exec_model(out)
    assert [layer.get_config()["units"] for layer in rebuilt.layers] == [8, 2]


def test_code_faithful_keeps_every_layer_name(capsys, branch_file):
    status, out, _ = _run(capsys, "code", branch_file, "--faithful")
    assert status == 0
    rebuilt = _exec_model(out)
    original = keras.models.load_model(branch_file)
    assert [layer.name for layer in rebuilt.layers] == [
        layer.name for layer in original.layers
    ]


def test_code_sequential_for_a_branching_model_prints_reasons_and_exits_1(
    capsys, branch_file
):
    status, out, err = _run(capsys, "code", branch_file, "--style", "sequential")
    assert status == 1
    assert out == ""
    reasons = explain(keras.models.load_model(branch_file)).reasons
    assert reasons
    lines = err.strip().splitlines()
    assert lines[0] == "Model 'branch' cannot be written with keras.Sequential:"
    # one bullet per reason, as explain prints them, then what to do instead
    assert lines[1:-1] == [f"  - {r.message}" for r in reasons]
    assert "--style functional" in lines[-1]


def test_code_sequential_for_a_residual_network_says_its_skips_once(capsys, tmp_path):
    # eight skip connections: one bullet, not sixteen, on one line each
    path = tmp_path / "tower.keras"
    skip_tower(8).save(path)
    status, out, err = _run(capsys, "code", path, "--style", "sequential")
    assert status == 1 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 3
    assert lines[1].startswith(
        "  - 8 skip connections, where the output of a layer feeds the next "
        "layer and also skips ahead to a layer that merges it back in. The "
        "first: the output of 'stem' (Dense) feeds 'block_1_dense' and "
        "'block_1_add', and layer 'block_1_add' (Add) merges it with the "
        "output of 'block_1_dense'."
    )
    assert lines[1] == f"  - {explain(keras.models.load_model(path)).reasons[0]}"


def _unbuilt(path: Path) -> Path:
    model = keras.Sequential(
        [keras.layers.Dense(3, name="hidden"), keras.layers.Dense(1, name="out")]
    )
    model.save(path)  # Keras warns that it is not built: that is the point
    return path


@pytest.fixture
def unbuilt_file(tmp_path):
    with pytest.warns(UserWarning):
        return _unbuilt(tmp_path / "unbuilt.keras")


def test_unbuilt_model_points_to_the_input_shape_option(capsys, unbuilt_file):
    status, out, err = _run(capsys, "code", unbuilt_file)
    assert status == 2 and out == ""
    assert err.startswith("kerasteach: error: The Sequential model ")
    assert err.endswith("; or pass --input-shape 100 to the command.\n")
    assert "input_shape=" not in err


@pytest.mark.parametrize("command", ["code", "explain", "draw"])
def test_input_shape_builds_an_unbuilt_model(capsys, tmp_path, unbuilt_file, command):
    argv = [command, unbuilt_file, "--input-shape", "28,28,1"]
    if command == "draw":
        argv += ["-o", tmp_path / "g.png"]
    status, out, err = _run(capsys, *argv)
    assert status == 0, err
    if command == "code":
        assert "keras.Input(shape=(28, 28, 1))" in out
        assert _exec_model(out).output.shape == (None, 28, 28, 1)
    if command == "explain":
        assert "is a single chain" in out


@pytest.mark.parametrize(
    "text, shape",
    [("100", (100,)), ("28,28,1", (28, 28, 1)), ("(7,)", (7,)), ("None,8", (None, 8))],
)
def test_input_shape_values(text, shape):
    from kerasteach._cli_args import parse_input_shape

    assert parse_input_shape(text) == shape


@pytest.mark.parametrize("text", ["", "x", "28,,1", "0", "-3", "2.5", "28 28"])
def test_a_malformed_input_shape_is_a_usage_error(capsys, chain_file, text):
    with pytest.raises(SystemExit) as raised:
        main(["code", str(chain_file), "--input-shape", text])
    assert raised.value.code == 2
    err = capsys.readouterr().err
    assert (
        "argument --input-shape: expected the sizes of one sample, without the "
        f"batch dimension, as whole numbers above 0 separated by commas (e.g. 100 "
        f"or 28,28,1), but received '{text}'." in err
    )


def test_input_shape_that_differs_from_the_built_one(capsys, chain_file):
    status, _, err = _run(capsys, "code", chain_file, "--input-shape", "5")
    assert status == 2
    assert "so --input-shape 5 cannot change it. Leave out --input-shape" in err


def test_input_shape_that_differs_from_a_functional_model_s(capsys, branch_file):
    # it was left out without a word: the code and drawing had the file's
    # shape, (4,), not the one asked for
    status, _, err = _run(
        capsys, "draw", branch_file, "-o", "g.png", "--input-shape", "5"
    )
    assert status == 2
    assert "takes its input shapes from its keras.Input: (4,). --input-shape 5" in err
    assert "leave out --input-shape" in err
    status, out, _ = _run(capsys, "code", branch_file, "--input-shape", "4")
    assert status == 0 and "keras.Input(shape=(4,)" in out


# -- explain ------------------------------------------------------------------


def test_explain_a_chain(capsys, chain_file):
    status, out, _ = _run(capsys, "explain", chain_file)
    assert status == 0
    assert out == str(explain(keras.models.load_model(chain_file))) + "\n"
    assert "can be written with keras.Sequential" in out


def test_explain_a_branching_model_names_the_layers(capsys, branch_file):
    status, out, _ = _run(capsys, "explain", branch_file)
    assert status == 0
    assert "cannot be written with keras.Sequential" in out
    assert "'add'" in out
    # the last line names the command to run, not a Python call
    library = str(explain(keras.models.load_model(branch_file))).splitlines()
    lines = out.splitlines()
    assert lines[:-1] == library[:-1]
    assert (
        lines[-1] == f"Write it with the Functional API: kerasteach code {branch_file}"
    )


@pytest.mark.parametrize("where", ["before", "after"])
def test_traceback_before_or_after_the_command(tmp_path, chain_file, where):
    folder = tmp_path / "graph.png"
    folder.mkdir()
    argv = ["draw", chain_file, "-o", folder]
    argv = ["--traceback", *argv] if where == "before" else [*argv, "--traceback"]
    with pytest.raises(KerasTeachError, match="could not write"):
        main([str(a) for a in argv])


def test_applications_name_is_built_without_weights(capsys):
    # VGG16 is a chain (KERAS-FACTS); the name is matched case-insensitively.
    status, out, err = _run(capsys, "explain", "applications:vgg16")
    assert status == 0, err
    assert out.startswith("Model 'vgg16' is a single chain")


def test_input_shape_builds_an_application_at_that_size(capsys):
    # the advice was "make the model again from keras.Input(shape=...)",
    # which a terminal user of applications:NAME cannot follow
    argv = ["code", "applications:MobileNetV3Small", "--input-shape", "32,32,3"]
    status, out, err = _run(capsys, *argv, "--faithful")
    assert status == 0, err
    assert "keras.Input(shape=(32, 32, 3)" in out
    original = keras.applications.MobileNetV3Small(
        weights=None, input_shape=(32, 32, 3)
    )
    # its automatic layer names (re_lu_3) depend on what was built before
    assert_round_trip(original, out, exact=False)


@pytest.mark.parametrize(
    "name, shape, words",
    [
        ("VGG16", "16,16,3", "Keras says: Input size must be at least 32x32. Give"),
        ("ResNet50", "None,None,3", "every size must be a number, not None). Give"),
    ],
)
def test_an_input_shape_an_application_refuses(capsys, name, shape, words):
    status, out, err = _run(
        capsys, "explain", f"applications:{name}", "--input-shape", shape
    )
    assert status == 2 and out == ""
    assert err.startswith(
        f"kerasteach: error: applications:{name} cannot be built with "
        f"--input-shape {shape}. Keras says: "
    )
    assert words in err
    assert err.endswith(
        f"Give --input-shape a shape {name} accepts, or leave out --input-shape "
        f"to build {name} at its usual size.\n"
    )
    assert "input_shape" not in err and "Received" not in err
    assert len(err.splitlines()) == 1


def test_unknown_application_lists_close_matches(capsys):
    status, out, err = _run(capsys, "explain", "applications:ResNet5")
    assert status == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "did you mean ResNet50" in err


def test_load_model_refuses_a_lambda_file_unless_unsafe(lambda_file):
    from kerasteach.cli import UnsafeModelError

    with pytest.raises(UnsafeModelError, match="--unsafe"):
        load_model(str(lambda_file))
    model = load_model(str(lambda_file), unsafe=True)
    assert [layer.name for layer in model.layers][-2:] == ["double", "out"]


def test_unsafe_loads_with_a_warning_and_a_placeholder(capsys, lambda_file):
    status, out, err = _run(capsys, "code", lambda_file, "--unsafe")
    assert status == 0
    assert "warning: --unsafe" in err and "runs Python code" in err
    assert "layers.Lambda(" in out
    assert "note:" in err  # the Lambda's function could not be written back


# -- draw ---------------------------------------------------------------------

MAGIC = {"png": b"\x89PNG\r\n\x1a\n", "svg": b"<?xml", "pdf": b"%PDF-"}


@pytest.mark.parametrize("fmt", sorted(MAGIC))
def test_draw_writes_each_format(capsys, tmp_path, branch_file, fmt):
    output = tmp_path / f"graph.{fmt}"
    status, out, err = _run(capsys, "draw", branch_file, "-o", output)
    assert status == 0, err
    assert output.read_bytes().startswith(MAGIC[fmt])
    assert out == "" and err == f"wrote {output}\n"


@pytest.fixture
def drawn_options(monkeypatch) -> dict:
    """The options the CLI passes to kerasteach.render.draw (which still
    draws), filled in when it is called."""
    import kerasteach.render

    seen: dict = {}
    real_draw = kerasteach.render.draw

    def spy(model, **options):
        seen.update(options)
        return real_draw(model, **options)

    monkeypatch.setattr(kerasteach.render, "draw", spy)
    return seen


def test_draw_passes_the_options_to_draw(capsys, tmp_path, branch_file, drawn_options):
    seen = drawn_options
    output = tmp_path / "graph.png"
    argv = ["draw", branch_file, "-o", output, "--show-shapes", "--show-dtype"]
    argv += ["--show-params", "--show-activations", "--show-trainable"]
    argv += ["--rankdir", "LR", "--expand-nested", "--dpi", "50"]
    argv += ["--highlight", "left", "--highlight", "right"]
    argv += ["--focus", "add", "--focus-radius", "1"]
    status, _, err = _run(capsys, *argv)
    assert status == 0, err
    assert seen == {
        "show_shapes": True,
        "show_dtype": True,
        "show_layer_activations": True,
        "show_trainable": True,
        "show_params": True,
        "rankdir": "LR",
        "expand_nested": True,
        "dpi": 50.0,
        "highlight": ["left", "right"],
        "focus": "add",
        "focus_radius": 1,
        "input_shape": None,
    }


@pytest.mark.parametrize(
    "highlight",
    [
        ["--highlight", "left", "--highlight", "right"],
        ["--highlight", "left,right"],
        ["--highlight", " left , right"],
    ],
)
def test_highlight_before_the_model_leaves_the_model_alone(
    capsys, tmp_path, branch_file, drawn_options, highlight
):
    seen = drawn_options
    argv = ["draw", "-o", tmp_path / "g.png", *highlight, branch_file]
    status, _, err = _run(capsys, *argv)
    assert status == 0, err
    assert seen["highlight"] == ["left", "right"]


def test_an_empty_highlight_name_is_a_usage_error(capsys, branch_file):
    with pytest.raises(SystemExit) as raised:
        main(["draw", str(branch_file), "-o", "g.png", "--highlight", "left,"])
    assert raised.value.code == 2
    assert "argument --highlight: expected layer names separated by commas" in (
        capsys.readouterr().err
    )


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[16:24]
    return int.from_bytes(header[:4], "big"), int.from_bytes(header[4:], "big")


def test_draw_dpi_sets_the_resolution(capsys, tmp_path, branch_file):
    sizes = {}
    for dpi in (50, 100):
        output = tmp_path / f"graph-{dpi}.png"
        status, _, _ = _run(capsys, "draw", branch_file, "-o", output, "--dpi", dpi)
        assert status == 0
        sizes[dpi] = _png_size(output)
    assert sizes[100][0] == pytest.approx(2 * sizes[50][0], abs=2)
    assert sizes[100][1] == pytest.approx(2 * sizes[50][1], abs=2)


def test_draw_defaults_are_draws_defaults(capsys, tmp_path, branch_file, drawn_options):
    import inspect

    seen = drawn_options
    status, _, _ = _run(capsys, "draw", branch_file, "-o", tmp_path / "g.png")
    assert status == 0
    defaults = inspect.signature(real_draw).parameters
    for name, value in seen.items():
        assert defaults[name].default == value, name


def test_draw_to_a_folder_or_unwritable_file_is_a_plain_error(
    capsys, tmp_path, chain_file, monkeypatch
):
    folder = tmp_path / "graph.png"
    folder.mkdir()
    status, out, err = _run(capsys, "draw", chain_file, "-o", folder)
    assert status == 2 and out == ""
    assert err == (
        f"kerasteach: error: could not write '{folder}': is a directory. Give -o "
        "a file name in a folder you can write to, e.g. -o graph.png.\n"
    )

    import matplotlib.figure

    def refuse(self, path, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", refuse)
    output = tmp_path / "locked.svg"
    status, _, err = _run(capsys, "draw", chain_file, "-o", output)
    assert status == 2
    assert err.startswith(f"kerasteach: error: could not write '{output}': ")
    assert "permission denied" in err and "internal error" not in err


def test_draw_unknown_layer_name_is_an_error(capsys, tmp_path, branch_file):
    output = tmp_path / "graph.png"
    status, _, err = _run(capsys, "draw", branch_file, "-o", output, "--focus", "lft")
    assert status == 2
    assert err.startswith("kerasteach: error: ") and "'left'" in err
    assert not output.exists()


def test_drawing_advice_names_the_options_not_python_keywords(capsys, tmp_path):
    # "pass expand_nested=True and write its path, focus='inner/d'" is no
    # advice at a terminal: it is "--expand-nested" and "--focus inner/d".
    inner = keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(2, name="d")], name="inner"
    )
    x = keras.Input((4,), name="x")
    keras.Model(x, inner(x), name="outer").save(tmp_path / "nested.keras")
    output = tmp_path / "graph.png"
    status, _, err = _run(
        capsys, "draw", tmp_path / "nested.keras", "-o", output, "--focus", "d"
    )
    assert status == 2 and not output.exists()
    assert err.startswith("kerasteach: error: --focus expected the name of a drawn")
    assert (
        "pass --expand-nested and write its path, --focus inner/d; or write "
        "--focus inner for the whole box." in err
    )
    assert "=" not in err.split("Received:")[1]  # no keyword left
    status, _, err = _run(
        capsys, "draw", tmp_path / "nested.keras", "-o", output, "--focus", "inner/d"
    )
    assert "they are drawn only with --expand-nested." in err
    status, _, _ = _run(
        capsys,
        "draw",
        tmp_path / "nested.keras",
        "-o",
        output,
        "--expand-nested",
        "--focus",
        "inner/d",
    )
    assert status == 0 and output.exists()  # the advice, followed, works


@pytest.mark.parametrize("value", ["-5", "0", "inf", "nan", "abc"])
def test_a_bad_dpi_is_refused_in_the_option_s_words(capsys, branch_file, value):
    # draw()'s words were "e.g. dpi=150) or None. Received: dpi=-5.0"
    with pytest.raises(SystemExit) as raised:
        main(["draw", str(branch_file), "-o", "g.png", "--dpi", value])
    assert raised.value.code == 2
    err = capsys.readouterr().err
    assert (
        "argument --dpi: expected a positive number of dots per inch (e.g. --dpi "
        f"150), but received '{value}'. Leave out --dpi" in err
    )
    assert "dpi=" not in err and "None" not in err


@pytest.mark.parametrize("value", ["-1", "1.5", "x", ""])
def test_a_bad_focus_radius_is_refused_in_the_option_s_words(
    capsys, branch_file, value
):
    argv = ["draw", str(branch_file), "-o", "g.png", "--focus", "add"]
    with pytest.raises(SystemExit) as raised:
        main([*argv, "--focus-radius", value])
    assert raised.value.code == 2
    err = capsys.readouterr().err
    assert (
        "argument --focus-radius: expected a whole number of 0 or more (how many "
        "edges away from the --focus layer to draw, e.g. --focus-radius 3), but "
        f"received '{value}'." in err
    )
    assert "focus_radius" not in err


def test_focus_radius_without_focus_names_the_options(capsys, tmp_path, branch_file):
    output = tmp_path / "graph.png"
    argv = ["draw", branch_file, "-o", output, "--focus-radius", "3"]
    status, _, err = _run(capsys, *argv)
    assert status == 2 and not output.exists()
    assert err.startswith("kerasteach: error: --focus-radius 3 says how many edges")
    assert "e.g. --focus right; or leave out --focus-radius to draw" in err
    assert "focus_radius" not in err and "=" not in err
    status, _, err = _run(capsys, *argv, "--focus", "left")  # the advice, followed
    assert status == 0 and output.exists(), err


def test_drawing_warnings_name_the_options(capsys, monkeypatch, tmp_path, branch_file):
    # "…/_cli_commands.py:218: UserWarning: dpi=100000 would make a picture …"
    output = tmp_path / "graph.png"
    status, _, err = _run(capsys, "draw", branch_file, "-o", output, "--dpi", "1e5")
    assert status == 0 and output.exists()
    assert err.startswith("kerasteach: warning: --dpi 100000 would make a picture of ")
    assert "; using --dpi " in err
    assert "Write an SVG or PDF file (-o graph.svg) for a sharper picture" in err
    assert "dpi=" not in err and "UserWarning" not in err and ".py:" not in err
    # an SVG has no pixels to cap: nothing to warn about
    output = tmp_path / "graph.svg"
    status, _, err = _run(capsys, "draw", branch_file, "-o", output, "--dpi", "1e5")
    assert status == 0 and output.exists() and "kerasteach: warning" not in err
    # a warning that is not draw()'s own is warned again, as it came
    import kerasteach.render

    def draw_with_a_foreign_warning(model, **options):
        warnings.warn("a library's own warning", stacklevel=1)
        return real_draw(model, **options)

    monkeypatch.setattr(kerasteach.render, "draw", draw_with_a_foreign_warning)
    with pytest.warns(UserWarning, match="a library's own warning") as caught:
        status, _, err = _run(capsys, "draw", branch_file, "-o", output)
    assert status == 0 and "kerasteach: warning" not in err
    ours = [w for w in caught if "a library's own" in str(w.message)]
    assert [Path(w.filename).name for w in ours] == ["test_cli.py"]


# -- errors, as a terminal shows them ---------------------------------------------


def _cli(*argv, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "kerasteach", *map(str, argv)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def _broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.keras"
    path.write_bytes(b"this is not a zip archive")
    return path


def _truncated(tmp_path: Path) -> Path:
    good = _chain(tmp_path / "good.keras").read_bytes()
    path = tmp_path / "truncated.keras"
    # keep the zip's central directory but corrupt the members it points to
    path.write_bytes(b"\0" * (len(good) // 2) + good[len(good) // 2 :])
    return path


def _wrong_extension(tmp_path: Path) -> Path:
    path = tmp_path / "model.h5"
    path.write_bytes(b"\x89HDF\r\n\x1a\n")
    return path


def _script(tmp_path: Path) -> Path:
    path = tmp_path / "build_model.py"
    path.write_text("import keras\nmodel = keras.Sequential([keras.Input((8,))])\n")
    return path


class Doubler(keras.layers.Layer):
    """A custom layer the command line cannot import (not registered)."""

    def call(self, x):
        return x * 2


def _custom(tmp_path: Path) -> Path:
    inputs = keras.Input(shape=(4,))
    outputs = keras.layers.Dense(2)(Doubler(name="double")(inputs))
    path = tmp_path / "custom.keras"
    keras.Model(inputs, outputs).save(path)
    return path


@keras.saving.register_keras_serializable(package="lesson")
class Halver(keras.layers.Layer):
    """A custom layer registered under "lesson>Halver" (see _unregistered)."""

    def call(self, x):
        return x / 2


@keras.saving.register_keras_serializable(package="lesson")
def squash(x):
    return x / (1 + abs(x))


def _registered(tmp_path: Path, layer=Halver, activation=None) -> Path:
    inputs = keras.Input(shape=(4,))
    outputs = keras.layers.Dense(2, activation=activation)(layer(name="x")(inputs))
    path = tmp_path / "registered.keras"
    keras.Model(inputs, outputs).save(path)
    return path


@pytest.fixture
def _unregistered(monkeypatch):
    """Halver and squash as a fresh process sees them: not registered."""
    for name in ("lesson>Halver", "lesson>squash"):
        monkeypatch.delitem(keras.saving.get_custom_objects(), name)


def _run_suggestion(err: str, **names):
    """Run the load_model(...) call the error message suggests."""
    call = re.search(r"\((keras\.saving\.load_model\(.*\))\) and call", err)[1]
    return eval(call, {"keras": keras, **names})


def test_custom_layer_says_to_load_it_in_python(capsys, tmp_path):
    path = _custom(tmp_path)
    status, out, err = _run(capsys, "explain", path)
    assert status == 2 and out == ""
    assert err == (
        f"kerasteach: error: '{path}' uses the custom class 'Doubler', defined in "
        "your own Python code, which the command line cannot import. Load the "
        f"model in Python (keras.saving.load_model('{path}', custom_objects="
        "{'Doubler': Doubler})) and call kerasteach.to_functional_code(model) "
        "there.\n"
    )
    model = _run_suggestion(err, Doubler=Doubler)
    assert _kinds(model) == ["Doubler", "Dense"]


def test_custom_layer_advice_is_python_for_a_path_with_a_quote(capsys, tmp_path):
    folder = tmp_path / "it's here"
    folder.mkdir()
    path = _custom(tmp_path).rename(folder / "custom.keras")
    status, _, err = _run(capsys, "explain", path)
    assert status == 2
    assert f"keras.saving.load_model({str(path)!r}, custom_objects=" in err
    model = _run_suggestion(err, Doubler=Doubler)
    assert _kinds(model) == ["Doubler", "Dense"]


def test_registered_custom_layer_is_named_as_keras_saved_it(
    capsys, tmp_path, _unregistered
):
    # Keras saves a registered class as "package>Name" and looks custom_objects
    # up by that name: {'Halver': Halver} would fail to load the file.
    path = _registered(tmp_path)
    status, out, err = _run(capsys, "explain", path)
    assert status == 2 and out == ""
    assert err == (
        f"kerasteach: error: '{path}' uses the custom class 'Halver' (registered "
        "as 'lesson>Halver'), defined in your own Python code, which the command "
        f"line cannot import. Load the model in Python (keras.saving.load_model("
        f"'{path}', custom_objects={{'lesson>Halver': Halver}})) and call "
        "kerasteach.to_functional_code(model) there.\n"
    )
    model = _run_suggestion(err, Halver=Halver)
    assert _kinds(model) == ["Halver", "Dense"]
    with pytest.raises(TypeError, match="Could not locate class 'Halver'"):
        keras.saving.load_model(path, custom_objects={"Halver": Halver})


def test_registered_custom_function_gets_a_python_name(capsys, tmp_path, _unregistered):
    # Keras's message names the function "lesson>squash", which is not Python.
    path = _registered(tmp_path, keras.layers.Identity, activation=squash)
    status, out, err = _run(capsys, "explain", path)
    assert status == 2 and out == ""
    assert "custom function 'squash' (registered as 'lesson>squash')" in err
    assert "custom_objects={'lesson>squash': squash}" in err
    model = _run_suggestion(err, squash=squash)
    assert model.layers[-1].activation is squash


def test_a_long_load_error_is_cut_to_its_first_sentence(
    capsys, chain_file, monkeypatch
):
    def fail(*args, **kwargs):
        raise ValueError("The file is odd. " + "Details follow: x=1, " * 40)

    monkeypatch.setattr(keras.models, "load_model", fail)
    status, _, err = _run(capsys, "code", chain_file)
    assert status == 2
    assert err == (
        f"kerasteach: error: could not load '{chain_file}': ValueError: The file "
        "is odd. (run the command again with --traceback to see all of it)\n"
    )


def _weights_only(tmp_path: Path) -> Path:
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    path = tmp_path / "model.weights.h5"
    model.save_weights(path)
    return path


def _folder(tmp_path: Path) -> Path:
    path = tmp_path / "models.keras"
    path.mkdir()
    return path


@pytest.mark.parametrize(
    "make_argv, expected",
    [
        (lambda t: ["explain", t / "missing.keras"], "no file at"),
        (lambda t: ["explain", _folder(t)], "is a folder"),
        (lambda t: ["code", _wrong_extension(t)], "has '.h5'"),
        (lambda t: ["code", _weights_only(t)], "holds weights only"),
        (lambda t: ["code", _script(t)], "Add model.save('model.keras') at the"),
        (lambda t: ["code", _broken(t)], "not a valid .keras file"),
        (lambda t: ["code", _truncated(t)], "could not load"),
        (lambda t: ["code", "applications:NotAModel"], "known names: ConvNeXtBase"),
        (lambda t: ["code", _with_lambda(t / "lam.keras")], "run the command again"),
        (lambda t: ["explain", _custom(t)], "custom class 'Doubler'"),
        (lambda t: ["explain", _registered(t)], "{'lesson>Halver': Halver}"),
        (lambda t: ["draw", "applications:VGG16", "-o", t / "g.jpg"], "-o expects"),
    ],
    ids=[
        "missing",
        "folder",
        "extension",
        "weights-only",
        "script",
        "not-zip",
        "damaged",
        "unknown-name",
        "lambda",
        "custom-layer",
        "registered-layer",
        "draw-format",
    ],
)
def test_bad_model_gives_one_line_and_status_2(tmp_path, make_argv, expected):
    result = _cli(*make_argv(tmp_path))
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kerasteach: error: ")
    assert expected in lines[0]
    assert "Traceback" not in result.stderr


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as raised:
        main([])
    assert raised.value.code == 2
    with pytest.raises(SystemExit) as raised:
        main(["code", "m.keras", "--style", "hybrid"])
    assert raised.value.code == 2
    capsys.readouterr()


def test_console_script_and_module_entry_points():
    scripts = {ep.name: ep.value for ep in entry_points(group="console_scripts")}
    assert scripts.get("kerasteach") == "kerasteach.cli:main"
    result = _cli("--version")
    assert result.returncode == 0
    assert re.fullmatch(r"kerasteach \d+\.\d+\.\d+\S*\n", result.stdout)


# -- lessons ------------------------------------------------------------------


def _notebook(folder: Path, name: str = "first.ipynb") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    notebook = {
        "cells": [],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = folder / name
    path.write_text(json.dumps(notebook))
    return path


def test_find_lessons_order(tmp_path, monkeypatch):
    explicit = tmp_path / "mine"
    _notebook(explicit)
    assert find_lessons(explicit) == explicit.resolve()

    here = tmp_path / "course"
    _notebook(here / "lessons")
    monkeypatch.chdir(here)
    assert find_lessons() == (here / "lessons").resolve()


def test_find_lessons_next_to_the_checkout(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no lessons/ here
    assert find_lessons() == (REPO / "lessons").resolve()
    assert list(find_lessons().glob("*.ipynb"))


def test_lessons_without_notebooks_is_a_one_line_error(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    status, _, err = _run(capsys, "lessons", "--dir", empty, "--no-browser")
    assert status == 2
    assert err.startswith("kerasteach: error: expected a folder of lesson notebooks")


@pytest.mark.parametrize(
    "absent, named",
    [
        ({"jupyterlab"}, "JupyterLab is"),
        ({"sklearn"}, "scikit-learn is"),
        ({"jupyterlab", "sklearn"}, "JupyterLab and scikit-learn are"),
    ],
)
def test_lessons_without_jupyterlab_or_sklearn_names_the_lessons_extra(
    tmp_path, capsys, monkeypatch, absent, named
):
    import importlib.util

    _notebook(tmp_path / "lessons")
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name in absent else real_find_spec(name, *a),
    )
    status, _, err = _run(capsys, "lessons", "--dir", tmp_path / "lessons")
    assert status == 2
    assert err == (
        f"kerasteach: error: the lessons need JupyterLab and scikit-learn, but "
        f"{named} not installed. Install them with pip install "
        '"kerasteach[lessons]" (in a checkout of the repository: pip install -e '
        '".[lessons]"), then run kerasteach lessons again.\n'
    )


def test_the_lessons_extra_installs_what_the_lessons_import():
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # the dev extra installs tomli, the same parser, on Python 3.10
        import tomli as tomllib
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    assert "kerasteach[lessons]" in extras["dev"]
    names = {
        re.match(r"[A-Za-z0-9_.-]+", spec)[0].lower()
        for spec in project["dependencies"] + extras["lessons"]
    }
    assert {"jupyterlab", "scikit-learn", "ipywidgets"} <= names
    imported = set()
    for path in (REPO / "lessons").glob("*.ipynb"):
        for cell in json.loads(path.read_text())["cells"]:
            if cell["cell_type"] == "code":
                source = "".join(cell["source"])
                imported |= set(re.findall(r"^\s*(?:from|import) (\w+)", source, re.M))
    distribution = {"sklearn": "scikit-learn"}
    third_party = imported - set(sys.stdlib_module_names) - {"kerasteach"}
    assert {distribution.get(m, m) for m in third_party} <= names


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


def test_lessons_starts_jupyterlab_on_the_lessons(tmp_path):
    lessons = tmp_path / "lessons"
    _notebook(lessons, "01-first.ipynb")
    port = _free_port()
    log = tmp_path / "lab.log"
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
    with log.open("w") as sink:
        server = subprocess.Popen(
            [sys.executable, "-m", "kerasteach", "lessons", "--dir", lessons]
            + ["--no-browser", "--port", str(port)],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=env,
        )
    try:
        deadline = time.monotonic() + 120
        status = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                status = _get(f"http://127.0.0.1:{port}/api")
                break
            except OSError:
                time.sleep(0.5)
        assert status is not None, log.read_text()
        assert "version" in status
        # the server's root is the lessons folder: its notebook is listed there
        token = re.search(r"token=([0-9a-f]+)", log.read_text())
        assert token, log.read_text()
        contents = _get(f"http://127.0.0.1:{port}/api/contents?token={token[1]}")
        assert [item["name"] for item in contents["content"]] == ["01-first.ipynb"]
        assert "opening the lessons in" in log.read_text()
    finally:
        stop(server)


def test_an_option_of_another_command_says_which_command_takes_it(capsys):
    with pytest.raises(SystemExit) as info:
        main(["code", "applications:VGG16", "--show-shapes"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: kerasteach code")
    assert (
        "--show-shapes is an option of 'kerasteach draw', not of 'kerasteach code'"
        in err
    )
    assert "See kerasteach code --help." in err
    with pytest.raises(SystemExit):
        main(["explain", "applications:VGG16", "--bogus"])
    err = capsys.readouterr().err
    assert "unrecognized arguments: --bogus. See kerasteach explain --help." in err


@pytest.mark.parametrize("command", ["code", "explain"])
def test_names_a_terminal_cannot_show_come_out_escaped(monkeypatch, tmp_path, command):
    # A Windows console redirected to a file writes cp1252: a layer named in
    # Greek made every command stop with "internal error: UnicodeEncodeError".
    import io

    x = keras.Input(shape=(4,), name="είσοδος")
    left = keras.layers.Dense(3, name="αριστερά")(x)
    right = keras.layers.Dense(3, name="右")(x)
    model = keras.Model(x, keras.layers.Add(name="add")([left, right]), name="μ")
    model.save(tmp_path / "greek.keras")
    out, err = io.BytesIO(), io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(out, encoding="cp1252"))
    monkeypatch.setattr(sys, "stderr", io.TextIOWrapper(err, encoding="cp1252"))
    status = main([command, str(tmp_path / "greek.keras")])
    sys.stdout.flush(), sys.stderr.flush()
    assert (status, err.getvalue()) == (0, b"")
    assert sys.stdout.errors == "strict"  # as it was, after the command
    text = out.getvalue().decode("cp1252")
    if command == "explain":  # the names, as Python writes them escaped
        assert "'\\u03b1\\u03c1\\u03b9\\u03c3\\u03c4\\u03b5\\u03c1\\u03ac'" in text
        assert "'\\u53f3'" in text
    else:  # the same strings in Python: the code rebuilds the model
        rebuilt = _exec_model(text)
        assert [la.name for la in rebuilt.layers] == [la.name for la in model.layers]


def test_help_of_expand_nested_says_how_a_nested_layer_is_named(capsys):
    # it said "(named outer/inner)": a placeholder a beginner may take for
    # a real name to type
    with pytest.raises(SystemExit) as info:
        main(["draw", "--help"])
    assert info.value.code == 0
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps lines
    assert "outer/inner" not in out
    assert "a layer inside a nested model is named like encoder/dense" in out
    assert "the nested model's name, a slash, the layer's name" in out
