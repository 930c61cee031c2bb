"""The playground widget: write a model in one style, see the other.

A text area, a Run button, and below them a message, the model in the other
style and its graph.  The student's code runs in a namespace of its own
(:mod:`kerasteach._widget_run`) and every failure becomes a message in the
widget: nothing a student types can break it.  A model that cannot be
shown is explained by :mod:`kerasteach._widget_subclass_problems`.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from . import _widget_code as code_html
from ._widget_layers import count
from ._widget_run import (
    TIME_LIMIT,
    Problem,
    RunResult,
    check_time_limit,
    run_student_code,
    shorten,
)
from .errors import KerasTeachError

__all__ = ["Playground", "STARTER"]

STARTER = """\
# keras, layers and np are ready to use. Name your model `model`.
model = keras.Sequential(
    [
        keras.Input(shape=(8,)),
        layers.Dense(16, activation="relu"),
        layers.Dense(1, activation="sigmoid"),
    ]
)
"""

_CSS = """
.kt-playground textarea{font-family:var(--jp-code-font-family,monospace);
  font-size:12px;line-height:18px}
.kt-playground .kt-problem{white-space:pre-wrap;
  font-family:var(--jp-code-font-family,monospace);font-size:12px;
  background:#fff4f4;border:1px solid #e8a0a0;border-radius:4px;
  padding:6px 8px;color:#5a0000}
.kt-playground .kt-ok{color:#1a6b1a}
.kt-playground .kt-printed{white-space:pre-wrap;font-size:12px;color:#555}
.kt-playground .kt-note{color:#555;font-size:12px}
"""


class Playground(widgets.VBox):
    """The widget returned by :func:`kerasteach.playground`.

    After :meth:`run` (or a click on Run): ``result`` holds the
    :class:`~kerasteach._widget_run.RunResult`, ``model`` the model built,
    ``problem`` what went wrong (``None`` on success), ``other_style``
    (``"functional"`` or ``"sequential"``) and ``other_code`` the code shown;
    ``notes`` says what in a model that built is likely a mistake (a softmax
    of 1 unit, Dense on images without Flatten, one layer listed twice,
    ``input_shape=``, a layer made but left out of the model, an input no
    layer reads, strides given by place, where Keras 1 put the kernel's
    second side: ``Conv2D(32, 3, 3)``, ``print(model.summary())``,
    ``model.summary`` without brackets, ``print(model)``, a loss name
    ``fit`` would refuse, the keras.Input variable given a layer's output,
    ``Embedding(input_length=...)``, a ``fit`` that trained on labels that
    do not go with the output or the loss, or with ``epochs=0``), shown
    under the model
    (:mod:`kerasteach._widget_model_notes`).
    ``time_limit`` (seconds) stops code that runs too long (``None``: never);
    anything but a positive number or ``None`` raises
    :class:`~kerasteach.errors.KerasTeachError`.

    The model shown is the one in the variable ``model``; without one, the
    last variable (in the order they were first assigned) that holds a Keras
    model.  When the code builds several models, the message under Run says
    which one is shown.  What the code prints appears under "Printed:" as a
    terminal shows it (progress bars redrawn in place), cut to its last
    lines.  ``input()`` cannot read the keyboard here: it fails with a
    message.
    """

    def __init__(
        self, source: str | None = None, *, time_limit: float | None = TIME_LIMIT
    ):
        self.time_limit = time_limit  # checked: a wrong value fails here
        self.result: RunResult | None = None
        self.problem: Problem | None = None
        self.model = None
        self.other_style: str | None = None
        self.other_code = None
        self.figure = None
        self.notes: list[str] = []
        style = widgets.HTML(
            "<style>"
            + code_html.BASE_CSS
            + code_html.pygments_css()
            + _CSS
            + "</style>",
            layout=widgets.Layout(height="0px", margin="0"),
        )
        intro = widgets.HTML(
            "Write a model with <code>keras.Sequential</code> or the Functional "
            "API, then press <b>Run</b>: you get the other style and the graph. "
            "<code>keras</code>, <code>layers</code> and <code>np</code> are "
            "already imported. Name your model <code>model</code> (otherwise "
            "the last model your code defines is shown)."
        )
        self.code = widgets.Textarea(
            value=STARTER if source is None else source,
            rows=12,
            layout=widgets.Layout(width="auto"),  # stretched, margins inside
        )
        self.run_button = widgets.Button(
            description="Run", button_style="primary", icon="play"
        )
        self.run_button.on_click(self._on_click)
        self.status = widgets.HTML("")
        self.printed = widgets.HTML("")
        self.output_title = widgets.HTML("")
        self.output_code = widgets.HTML("")
        self.graph_image = widgets.Image(
            format="png", layout=widgets.Layout(margin="0")
        )
        self.graph_box = widgets.Box(
            [self.graph_image],
            layout=widgets.Layout(max_height="520px", overflow="auto"),
        )
        self.graph_box.layout.display = "none"
        super().__init__(
            [
                style,
                intro,
                self.code,
                self.run_button,
                self.status,
                self.printed,
                self.output_title,
                self.output_code,
                self.graph_box,
            ]
        )
        self.add_class("kt-playground")
        self.add_class("kt-compare")

    @property
    def time_limit(self) -> float | None:
        """Seconds a Run may take (``None``: no limit)."""
        return self._time_limit

    @time_limit.setter
    def time_limit(self, value: float | None) -> None:
        self._time_limit = check_time_limit(value)

    # -- running ------------------------------------------------------------
    def _on_click(self, _button) -> None:
        self.run()

    def run(self, source: str | None = None) -> Problem | None:
        """Run the code in the text area (or ``source``); never raises."""
        if source is not None:
            self.code.value = source
        self.run_button.disabled = True
        try:
            self._run(self.code.value)
        except BaseException as exc:  # noqa: BLE001 - the widget must survive
            self._show_problem(
                Problem(
                    "error",
                    "Something went wrong while showing your model "
                    f"({type(exc).__name__}: {shorten(str(exc))}).",
                )
            )
        finally:
            self.run_button.disabled = False
        return self.problem

    def _clear(self) -> None:
        self.model = self.other_code = self.other_style = self.figure = None
        self.problem = None
        self.notes = []
        self.output_title.value = self.output_code.value = self.printed.value = ""
        self.graph_box.layout.display = "none"

    def _show_problem(self, problem: Problem) -> None:
        self.problem = problem
        self.status.value = (
            f'<div class="kt-problem">{html.escape(problem.message)}</div>'
        )

    def _run(self, source: str) -> None:
        self._clear()
        self.status.value = "<i>Running…</i>"
        result = run_student_code(source, self.time_limit)
        self.result = result
        if result.printed:
            self.printed.value = (
                '<div class="kt-printed"><b>Printed:</b>\n'
                f"{html.escape(result.printed)}</div>"
            )
        if result.problem is not None:
            self._show_problem(result.problem)
            return
        self.model = result.model
        self._show_model(result)

    def _show_model(self, result: RunResult) -> None:
        import keras

        from ._widget_graph import png_size, render_graph
        from ._widget_model_notes import model_notes
        from ._widget_subclass_problems import read_shown_model
        from .codegen import explain, to_functional_code, to_sequential_code

        model = result.model
        graph, problem = read_shown_model(result)
        if problem is not None:
            self._show_problem(problem)
            return
        explanation = explain(graph)
        unwritable = None  # why the other style's code cannot be written
        try:
            if isinstance(model, keras.Sequential) or graph.origin != "functional":
                self.other_style = "functional"
                title = "The same model with the Functional API"
                self.other_code = to_functional_code(graph)
            elif explanation.is_sequential:
                self.other_style = "sequential"
                title = "The same model as keras.Sequential"
                self.other_code = to_sequential_code(graph)
            else:
                self.other_style = "sequential"
                title = "No Sequential version"
        except KerasTeachError as exc:  # a NumPy activation: the layer's words
            unwritable = str(exc)
            style = "Functional" if self.other_style == "functional" else "Sequential"
            title = f"No {style} code"
        self.output_title.value = f"<b>{html.escape(title)}</b>"
        if unwritable is not None:
            self.output_code.value = (
                f'<div class="kt-problem">{html.escape(unwritable)}</div>'
            )
        elif self.other_code is not None:
            lines = code_html.highlight_lines(self.other_code.source)
            rows = [code_html.Row(n) for n in range(1, len(lines) + 1)]
            body = code_html.pane_html(rows, lines, {}, {})
            # what the code cannot carry (a lambda, an adapted layer's data)
            notes = "".join(
                f'<div class="kt-note">Note: {html.escape(n)}</div>'
                for n in self.other_code.notes
            )
            self.output_code.value = f'<div class="kt-pane">{body}</div>{notes}'
        else:
            index = {name: n for n, name in enumerate(explanation.layers)}
            self.output_code.value = code_html.reasons_html(
                explanation,
                index,
                headed=False,  # the title above says it
                advice="Your code, written with the Functional API, is the "
                "way to build this model: it can express branches, merges and "
                "shared layers.",
            )
        fig, png, *_ = render_graph(graph, {}, explanation.layers)
        self.figure = fig
        width, height = png_size(png)
        self.graph_image.value = png
        self.graph_image.layout.width = f"{width}px"
        self.graph_image.layout.height = f"{height}px"
        self.graph_box.layout.display = None
        self.notes = model_notes(model, result.stdout, result, graph)
        note = "".join(
            f'<div class="kt-note">{html.escape(text)}</div>'
            for text in [*self.notes, result.note]
            if text
        )
        self.status.value = (
            f'<div class="kt-ok">Built <code>{html.escape(result.variable or "")}'
            f"</code>: a model named {html.escape(repr(graph.name))} with "
            f"{count(len(graph.layers), 'layer')} and "
            f"{count(graph.params, 'parameter')}.</div>" + note
        )
