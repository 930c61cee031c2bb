"""The lessons have the parts the curriculum promises.

These tests read the stored notebooks without running them (nbval runs them:
``pytest --nbval lessons/ --nbval-sanitize-with lessons/sanitize.cfg``).  They
check that every lesson has goals, an exercise marked by ``kerasteach.check``
with a solution that is stored as passing, and a recap; that the nine topics
of the curriculum are each covered by their lesson; and that the notebooks
stay small, offline, seeded and stored executed.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import nbformat
import pytest
from nbval.plugin import get_sanitize_patterns

LESSONS = Path(__file__).resolve().parent.parent / "lessons"
MAX_BYTES = 1_000_000

# lesson file -> words its text must contain (markdown and code, case-insensitive)
CURRICULUM = {
    "01_first_models.ipynb": [
        "keras.Sequential(",
        "keras.Model(inputs=inputs, outputs=outputs",
        'Dense(64, activation="relu"',
        'Dense(10, activation="softmax"',
        "shape=(100,)",
        'optimizer="adam"',
        'loss="categorical_crossentropy"',
        "kerasteach.compare(",
        "set_random_seed(0)",
        "same losses",
        "same weights",
    ],
    "02_sequential_api.ipynb": [
        ".add(",
        ".summary()",
        "output_shape",
        "layer by layer",
        "layers.Dense(",
        "layers.Conv2D(",
        "layers.LSTM(",
        "right tool",
    ],
    "03_functional_api.ipynb": [
        "keras.Input(",
        "keras.Model(inputs=",
        "layers are functions of tensors",
        "data flow",
        "intermediate outputs",
        "feature extraction",
        '.get_layer("hidden_2").output',
    ],
    "04_multiple_inputs_outputs.ipynb": [
        "inputs={",
        "outputs={",
        "loss={",
        "loss_weights=",
        "metrics={",
        "several inputs",
    ],
    "05_skip_connections.ipynb": [
        "residual",
        "layers.Add(",
        "kerasteach.explain(",
        "kerasteach.draw(",
        "highlight=",
        "NotSequentialError",
    ],
    "06_shared_layers.ipynb": [
        "siamese",
        "encoder(left)",
        "encoder(right)",
        "count_params()",
        "shared",
        "identical",
    ],
    "07_inception_module.ipynb": [
        "inception",
        "layers.Concatenate(",
        "branch",
        "parallel",
    ],
    "08_choosing_and_mixing.ipynb": [
        "**Structure**",
        "**Flexibility**",
        "**Ease of use**",
        "**Reuse**",
        "**Debugging**",
        "decision guide",
        "inside a Functional model",
        "inside a Sequential model",
        "kerasteach.to_functional_code(",
        "kerasteach.to_sequential_code(",
    ],
    "09_train_evaluate_save.ipynb": [
        ".fit(",
        ".evaluate(",
        ".predict(",
        "keras.callbacks.EarlyStopping(",
        "metrics=",
        ".save(",
        ".keras",
        "keras.models.load_model(",
        "limits nothing",
    ],
}
NAMES = sorted(CURRICULUM)


@pytest.fixture(autouse=True)
def _fresh_keras_session():
    """These tests only read JSON files: no Keras session to reset (this
    overrides the shared fixture of the same name, which costs ~1 s a test)."""
    yield


@functools.cache
def load(name: str) -> nbformat.NotebookNode:
    return nbformat.read(LESSONS / name, as_version=4)


def text_of(nb) -> str:
    return "\n".join(cell.source for cell in nb.cells)


def headings(nb) -> list[str]:
    return [
        line.lstrip("#").strip()
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if line.startswith("#")
    ]


def tagged(nb, tag: str) -> list:
    return [c for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])]


def plain_output(cell) -> str:
    return "".join(
        "".join(out.get("data", {}).get("text/plain", ""))
        + "".join(out.get("text", ""))
        for out in cell.get("outputs", [])
    )


def test_the_nine_lessons_are_there_in_order():
    found = sorted(p.name for p in LESSONS.glob("*.ipynb"))
    assert found == NAMES
    assert [n[:2] for n in found] == [f"{i:02d}" for i in range(1, 10)]


@pytest.mark.parametrize("name", NAMES)
def test_lesson_is_a_valid_executed_notebook(name):
    nb = load(name)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "a lesson without code"
    counts = [c.execution_count for c in code]
    assert None not in counts, "stored notebooks must be executed (outputs included)"
    assert counts == sorted(counts), "cells were executed out of order"
    for cell in code:
        for out in cell.outputs:
            assert out.output_type != "error", f"stored error in: {cell.source[:60]}"
            assert not (out.output_type == "stream" and out.name == "stderr"), (
                f"stderr output is not stable across machines: {cell.source[:60]}"
            )


@pytest.mark.parametrize("name", NAMES)
def test_lesson_has_title_goals_and_recap(name):
    nb = load(name)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# Lesson ")
    assert first.source.startswith(f"# Lesson {int(name[:2])}:")
    titles = headings(nb)
    assert "Goals" in titles
    goals = next(c for c in nb.cells if "## Goals" in c.source).source
    assert len(re.findall(r"^- ", goals.split("## Goals", 1)[1], re.M)) >= 3
    assert titles[-1] == "Recap", "the recap closes the lesson"
    recap = nb.cells[-1].source
    assert len(re.findall(r"^- ", recap, re.M)) >= 3


@pytest.mark.parametrize("name", NAMES)
def test_lesson_has_exercises_checked_by_kerasteach(name):
    nb = load(name)
    exercises = [t for t in headings(nb) if t.startswith("Exercise ")]
    assert exercises, "every lesson has at least one exercise"
    starters = tagged(nb, "exercise")
    solutions = tagged(nb, "solution")
    assert len(starters) == len(solutions) == len(exercises)
    for cell in starters + solutions:
        assert "kerasteach.check(" in cell.source


@pytest.mark.parametrize("name", NAMES)
def test_solutions_are_revealable_and_stored_as_passing(name):
    nb = load(name)
    cells = nb.cells
    for cell in tagged(nb, "solution"):
        index = cells.index(cell)
        reveal = cells[index - 1]
        assert reveal.cell_type == "markdown" and "<details>" in reveal.source
        assert "Show a solution" in reveal.source
        shown = re.search(r"```python\n(.*?)\n```", reveal.source, re.S).group(1)
        assert shown == cell.source, "the revealed solution is the one that is run"
        assert cell.metadata.get("jupyter", {}).get("source_hidden") is True
        assert plain_output(cell).startswith("Correct!"), plain_output(cell)[:200]
    for cell in tagged(nb, "exercise"):
        # the learner's starting point is not already the answer
        assert not plain_output(cell).startswith("Correct!"), cell.source[:80]


@pytest.mark.parametrize("name", NAMES)
def test_references_are_hidden(name):
    nb = load(name)
    for cell in tagged(nb, "reference"):
        assert cell.metadata.get("jupyter", {}).get("source_hidden") is True
        assert "reference =" in cell.source


def exercise_sections(nb) -> list[list]:
    """The cells of each exercise: from its "## Exercise N" heading up to the
    next second-level heading."""
    sections: list[list] = []
    current: list | None = None
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            current = [] if cell.source.startswith("## Exercise ") else None
            if current is not None:
                sections.append(current)
        if current is not None:
            current.append(cell)
    return sections


@pytest.mark.parametrize("name", NAMES)
def test_every_exercise_has_its_reference_or_names_the_one_it_reuses(name):
    """The four parts (lessons/README.md): each exercise has its own hidden
    reference cell before the student's cell; or it asks to rewrite a model
    its own cell shows (``given``) and checks against that; or it continues
    an earlier exercise and its task says whose reference the check uses."""
    with_reference: set[int] = set()
    for section in exercise_sections(load(name)):
        number = int(re.match(r"## Exercise (\d+)", section[0].source).group(1))
        tags = [c.get("metadata", {}).get("tags", []) for c in section]
        starter = next(i for i, t in enumerate(tags) if "exercise" in t)
        if any("reference" in t for t in tags[:starter]):
            with_reference.add(number)
            continue
        code = section[starter].source
        if code.startswith("given = ") or "\ngiven = " in code:
            assert "kerasteach.check(student, given" in code
            continue
        task = " ".join(
            c.source for c in section[:starter] if c.cell_type == "markdown"
        )
        reused = re.search(r"reference of exercise (\d+)", " ".join(task.split()))
        assert reused, f"exercise {number} has no reference cell and names none"
        assert int(reused.group(1)) in with_reference, (
            f"exercise {number} reuses exercise {reused.group(1)}'s reference, "
            "which has none of its own"
        )


# how an exercise's task asks for one API style, and the style= it checks with
_ASKS_FOR_STYLE = {
    "functional": re.compile(r"\bwith the Functional API\b|\*\*Functional\*\*", re.I),
    "sequential": re.compile(r"\bBuild a Sequential model\b|`keras\.Sequential` model"),
}


@pytest.mark.parametrize("name", NAMES)
def test_an_exercise_that_asks_for_one_api_style_checks_it(name):
    """A task that asks for the Functional API or for keras.Sequential passes
    that ``style=`` to check(), in the student's cell and in the solution:
    without it, the same layers in the other style pass too."""
    for section in exercise_sections(load(name)):
        tags = [c.get("metadata", {}).get("tags", []) for c in section]
        starter = next(i for i, t in enumerate(tags) if "exercise" in t)
        task = " ".join(
            " ".join(c.source.split())
            for c in section[:starter]
            if c.cell_type == "markdown"
        )
        checked = [
            c.source for c, t in zip(section, tags) if {"exercise", "solution"} & set(t)
        ]
        for style, asks in _ASKS_FOR_STYLE.items():
            if asks.search(task):
                for code in checked:
                    assert f'style="{style}"' in code, (section[0].source, code)


@pytest.mark.parametrize("name", NAMES)
def test_curriculum_topic_is_covered(name):
    text = text_of(load(name)).lower()
    missing = [word for word in CURRICULUM[name] if word.lower() not in text]
    assert not missing, f"{name} does not mention {missing}"


@pytest.mark.parametrize("name", NAMES)
def test_lesson_shows_both_styles_and_trains(name):
    text = text_of(load(name))
    assert "keras.Sequential(" in text
    assert "keras.Model(" in text
    assert ".fit(" in text, "every lesson has a short real training run"


@pytest.mark.parametrize("name", NAMES)
def test_lesson_is_seeded_and_offline(name):
    nb = load(name)
    setup = next(c for c in nb.cells if c.cell_type == "code")
    assert "keras.utils.set_random_seed(0)" in setup.source
    assert "np.random.default_rng(0)" in setup.source
    assert setup.source.index("TF_ENABLE_ONEDNN_OPTS") < setup.source.index(
        "import keras"
    )
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for forbidden in (
        "keras.datasets",
        'weights="imagenet"',
        "urlopen",
        "fetch_",
        "http",
    ):
        assert forbidden not in code, forbidden
    imported = set()
    for names in re.findall(r"from sklearn\.datasets import ([\w, ]+)", code):
        imported |= {n.strip() for n in names.split(",")}
    assert imported <= {"load_digits", "load_iris", "make_classification"}


@pytest.mark.parametrize("name", NAMES)
def test_lesson_leaves_no_files_behind(name):
    # tempfile.mkdtemp() makes a folder nobody deletes: every run of the
    # lessons (and nbval's) would leave saved models in the temp folder.
    code = "\n".join(c.source for c in load(name).cells if c.cell_type == "code")
    assert "mkdtemp(" not in code, "use tempfile.TemporaryDirectory()"
    for folder in re.findall(r"^(\w+) = tempfile\.TemporaryDirectory\(", code, re.M):
        assert f"\n{folder}.cleanup()" in code, f"{folder} is never deleted"


@pytest.mark.parametrize("name", NAMES)
def test_only_variable_cells_are_ignored_by_nbval(name):
    nb = load(name)
    ignored = [c for c in nb.cells if "NBVAL_IGNORE_OUTPUT" in c.source]
    for cell in ignored:
        assert cell.source.startswith("# NBVAL_IGNORE_OUTPUT")
        assert "check(" not in cell.source, "exercise feedback is always compared"
        assert "kerasteach." not in cell.source
    assert len(ignored) <= 4
    assert not any("NBVAL_SKIP" in c.source for c in nb.cells)


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_small(name):
    size = (LESSONS / name).stat().st_size
    assert size < MAX_BYTES, f"{name} is {size / 1e6:.2f} MB"


def test_lesson_1_compares_the_two_styles_with_the_widget():
    nb = load("01_first_models.ipynb")
    cell = next(
        c for c in nb.cells if c.source.strip() == "kerasteach.compare(seq_model)"
    )
    kinds = {key for out in cell.outputs for key in out.get("data", {})}
    assert "application/vnd.jupyter.widget-view+json" in kinds
    assert "text/html" in kinds, "a static view for GitHub and nbviewer"


def test_readme_indexes_every_lesson():
    readme = (LESSONS / "README.md").read_text()
    for name in NAMES:
        assert f"({name})" in readme, f"README does not link {name}"


def test_lessons_link_to_the_next_one():
    for current, following in zip(NAMES, NAMES[1:], strict=False):
        assert f"({following})" in load(current).cells[-1].source


def test_sanitize_file_rules_are_valid_regexes():
    text = (LESSONS / "sanitize.cfg").read_text()
    patterns = get_sanitize_patterns(text)
    assert patterns, "no rules found"
    assert len(patterns) == text.count("\nregex: ") + text.startswith("regex: ")
    for regex, _replace in patterns:
        re.compile(regex)
