"""Any exception of the student's code, explained.

:func:`explain_exception` turns an exception raised by the student's code
into a :class:`~kerasteach._widget_problem.Problem`: it finds the line to
show, then asks the Keras-specific explanations (a layer or model made or
called the wrong way, data that does not fit the model, a layer called on a
layer, a Python ``if`` on a tensor in a model's ``call()``, a tensor
unpacked like a list, a save or load that fails
(:mod:`._widget_saving_problems`), ``predict``'s answers compared with the
labels, a model method Keras removed, a shape mismatch...) and falls back on
Python's own words.  The Python mistakes every beginner meets are
explained in :mod:`._widget_syntax_problems` for code Python cannot read
(indentation included), in :mod:`._widget_name_problems` for a name that
is not defined (with "did you mean") or an attribute that does not exist,
and here for ``input()``, which cannot read the keyboard in the
playground.
"""

from __future__ import annotations

import functools
import re

from ._widget_add_problems import add_list_problem
from ._widget_batch_axis_merge import batch_axis_merge_problem
from ._widget_call_def_problems import (
    missing_argument_problem,
    missing_self_problem,
    variables_in_call_problem,
)
from ._widget_call_keyword_problems import call_keyword_problem
from ._widget_call_problems import (
    merge_arguments_problem,
    not_a_layer_in_sequential_problem,
    sequential_without_list_problem,
    several_tensors_problem,
)
from ._widget_call_setting_problems import setting_in_call_problem
from ._widget_compile_problems import (
    metrics_list_problem,
    quoted_data_problem,
    unexpected_keyword_problem,
    validation_length_problem,
    validation_pair_problem,
)
from ._widget_data_problems import _data_problem
from ._widget_embedding_problems import embedding_ids_problem
from ._widget_fit_arguments import fit_argument_problem
from ._widget_float_problems import float_number_problem
from ._widget_import_problems import import_problem
from ._widget_index_problems import layers_index_problem
from ._widget_init_arguments import init_argument_problem
from ._widget_input_problems import several_inputs_problem
from ._widget_inputs_count import inputs_count_problem
from ._widget_keras_model_problems import (
    model_arguments_problem,
    model_class_problem,
    unconnected_output_problem,
)
from ._widget_list_data import list_data_problem
from ._widget_merge_problems import (
    merge_shape_problem,
    merge_tensors_in_settings_problem,
    operator_shape_problem,
)
from ._widget_model_call_problems import model_on_several_tensors_problem
from ._widget_model_problems import (
    _LAYER_IN_MESSAGE,
    _build_without_batch_problem,
    _failing_layer,
    _rank_problem,
    _reshape_problem,
    _shape_argument_problem,
    _shape_problem,
    _too_small_problem,
)
from ._widget_name_problems import attribute_problem, name_problem
from ._widget_numpy_lambda import numpy_lambda_problem
from ._widget_outputs_problems import outputs_problem
from ._widget_positional_problems import positional_setting_problem
from ._widget_predict_problems import predictions_problem
from ._widget_problem import Problem, _at, _clean, _where, shorten, without_reprs
from ._widget_python_problems import (
    array_reshape_problem,
    classes_count_problem,
    evaluate_unpack_problem,
    history_problem,
    numpy_sizes_problem,
    ragged_array_problem,
    text_plus_number_problem,
)
from ._widget_quoted_problems import quoted_number_problem
from ._widget_rank_problems import extra_axis_problem
from ._widget_removed_methods import removed_method_problem
from ._widget_reuse_problems import reused_layer_problem
from ._widget_saving_problems import saving_problem
from ._widget_sequential_attention import sequential_attention_problem
from ._widget_sequential_merge_problems import sequential_merge_problem
from ._widget_settings_problems import (
    identifier_problem,
    missing_setting_problem,
    tensor_in_settings_problem,
    unknown_keyword_problem,
)
from ._widget_split_problems import validation_split_problem
from ._widget_spread_losses import spread_losses_problem
from ._widget_structure_problems import (
    cycle_problem,
    merge_count_problem,
    same_name_problem,
    second_input_problem,
)
from ._widget_subclass_names import no_call_problem, reserved_attribute_problem
from ._widget_subclass_problems import forgotten_super_init_problem
from ._widget_symbolic_problems import (
    called_tensor_problem,
    numpy_on_tensor_problem,
    ops_axis_problem,
    ops_list_problem,
    tensor_as_data_problem,
    tensor_value_problem,
)
from ._widget_tensor_problems import (
    _not_a_tensor_problem,
    _not_keras_tensors_problem,
)
from ._widget_trace_problems import (
    math_problem,
    numpy_in_layer_problem,
    tensor_if_problem,
)
from ._widget_training_problems import (
    compile_missing_problem,
    missing_labels_problem,
    old_argument_problem,
    optimizer_class_problem,
)
from ._widget_unpack_problems import unpacked_problem
from ._widget_value_problems import (
    called_activation_problem,
    open_size_problem,
    setting_value_problem,
)
from ._widget_written_lines import at_written_line


class _NoKeyboard(EOFError):
    """Raised by ``input()`` inside the student's code."""


_SHAPE_WORDS = (
    "incompatible",
    "shape",
    "ndim",
    "broadcast",
    "dimension",
    "axis",
)


def explain_exception(
    exc: BaseException,
    lines: list[str],
    known: tuple[str, ...] = (),
    created: dict | None = None,
) -> Problem:
    """A :class:`Problem` for ``exc`` raised by the student's code.

    ``lines`` is the code, ``known`` the names it defined (for "did you
    mean"), ``created`` where each layer was created (see
    :func:`kerasteach._widget_records.creation_lines`)."""
    if (
        isinstance(exc, _NoKeyboard)
        or type(exc).__name__ == "StdinNotImplementedError"
        or (isinstance(exc, EOFError) and "when reading a line" in str(exc))
    ):
        line, text = _where(exc, lines)
        return _keyboard_problem(line, text)
    raw_full = _clean(str(exc))
    # first: a layer that was never set up has no name for what follows
    line, text = _where(exc, lines)
    try:
        problem = forgotten_super_init_problem(exc, raw_full, line, text, lines)
    except Exception:  # noqa: BLE001 - the other explanations, then Python's
        problem = None
    if problem is not None:
        return problem
    match = _LAYER_IN_MESSAGE.search(raw_full)
    failing = _failing_layer(exc, match.group(1) if match else None)
    line, text = _where(exc, lines, created, failing[0] if failing else None)
    # a number on a text setting by its place fails as Python's own
    # AttributeError ("'int' object has no attribute 'lower'")
    problem = _optional(positional_setting_problem, exc, raw_full, line, text, lines)
    if problem is not None:
        return problem
    if isinstance(exc, NameError) and not isinstance(exc, UnboundLocalError):
        return name_problem(exc, line, text, known, lines)
    if isinstance(exc, AttributeError):
        problem = _optional(
            reserved_attribute_problem, exc, line, text, lines
        ) or _optional(removed_method_problem, exc, line, text, lines)
        problem = problem or _optional(spread_losses_problem, exc, line, text, lines)
        return problem or attribute_problem(exc, line, text)
    if isinstance(exc, ImportError):
        problem = _optional(import_problem, exc, _clean(str(exc)), line, text)
        if problem is not None:
            return problem
    raw = shorten(raw_full)
    problem = (
        _call_problem(exc, raw, line, text, lines)
        or _optional(batch_axis_merge_problem, exc, raw, line, text, created, lines)
        or _data_problem(exc, raw, line, text, created, lines)
        or _optional(embedding_ids_problem, exc, raw, line, text, created, lines)
        or _not_a_tensor_problem(exc, raw, line, text, failing, created, lines)
        or at_written_line(_shape_argument_problem, lines)(exc, raw, line, text)
        or _not_keras_tensors_problem(exc, raw, line, text, created, lines)
    )
    if problem is not None:
        return problem
    # only the message's own words: a tensor it shows holds "shape" anyway
    words = without_reprs(raw).lower()
    if isinstance(exc, ValueError) and any(w in words for w in _SHAPE_WORDS):
        problem = (
            _too_small_problem(exc, raw, line, text, failing)
            or _reshape_problem(exc, raw, line, text, failing)
            or _optional(
                reused_layer_problem, exc, raw, line, text, failing, created, lines
            )
            or _optional(merge_shape_problem, exc, raw, line, text, failing)
            or _optional(operator_shape_problem, exc, raw, line, text)
            or _build_without_batch_problem(exc, raw, line, text)
            or _rank_problem(exc, raw, line, text, failing, created, lines)
            or _optional(extra_axis_problem, exc, raw, line, text, failing)
            or _shape_problem(exc, raw, line, text, failing)
        )
        if problem is not None:
            return problem
    kind = type(exc).__name__
    message = f"Your code raised {kind}{_at(line, text) or '. '}Python says: {raw}"
    return Problem("error", message, line, text, detail=raw_full)


def _optional(explain, *args) -> Problem | None:
    """``explain(*args)``, or None when it fails: a hint is optional."""
    try:
        return explain(*args)
    except Exception:  # noqa: BLE001 - the next explanation, then Python's
        return None


def _call_problem(exc, raw: str, line, text, lines=()) -> Problem | None:
    """A layer or model made or called the wrong way (see
    :mod:`kerasteach._widget_settings_problems` and
    :mod:`kerasteach._widget_call_problems`); a hint is optional.  ``lines``
    (the code) finds a misspelt name where it is written."""
    for explain in (
        functools.partial(saving_problem, lines=lines),
        lambda exc, raw, line, text: unpacked_problem(exc, list(lines)),
        functools.partial(called_tensor_problem, lines=lines),
        tensor_as_data_problem,
        ops_list_problem,
        ops_axis_problem,
        tensor_value_problem,
        numpy_on_tensor_problem,
        numpy_lambda_problem,
        tensor_in_settings_problem,
        sequential_without_list_problem,
        add_list_problem,
        at_written_line(not_a_layer_in_sequential_problem, lines),
        merge_arguments_problem,
        functools.partial(model_on_several_tensors_problem, lines=lines),
        several_tensors_problem,
        functools.partial(second_input_problem, lines=lines),
        functools.partial(same_name_problem, lines=lines),
        sequential_merge_problem,
        sequential_attention_problem,
        merge_count_problem,
        cycle_problem,
        model_arguments_problem,
        functools.partial(model_class_problem, lines=lines),
        merge_tensors_in_settings_problem,
        functools.partial(setting_in_call_problem, lines=lines),
        old_argument_problem,
        functools.partial(init_argument_problem, lines=lines),
        missing_setting_problem,
        unknown_keyword_problem,
        call_keyword_problem,
        functools.partial(quoted_number_problem, lines=lines),
        functools.partial(float_number_problem, lines=lines),
        functools.partial(setting_value_problem, lines=lines),
        open_size_problem,
        called_activation_problem,
        unconnected_output_problem,
        functools.partial(several_inputs_problem, lines=lines),
        functools.partial(fit_argument_problem, lines=lines),
        compile_missing_problem,
        optimizer_class_problem,
        functools.partial(list_data_problem, lines=lines),
        quoted_data_problem,
        functools.partial(validation_pair_problem, lines=lines),
        functools.partial(validation_length_problem, lines=lines),
        functools.partial(validation_split_problem, lines=lines),
        functools.partial(missing_labels_problem, lines=lines),
        metrics_list_problem,
        unexpected_keyword_problem,
        functools.partial(inputs_count_problem, lines=lines),
        functools.partial(outputs_problem, lines=lines),
        numpy_sizes_problem,
        array_reshape_problem,
        functools.partial(predictions_problem, lines=lines),
        functools.partial(layers_index_problem, lines=lines),
        ragged_array_problem,
        classes_count_problem,
        text_plus_number_problem,
        history_problem,
        evaluate_unpack_problem,
        functools.partial(identifier_problem, lines=lines),
        tensor_if_problem,
        math_problem,
        numpy_in_layer_problem,
        functools.partial(missing_argument_problem, lines=lines),
        functools.partial(missing_self_problem, lines=lines),
        functools.partial(no_call_problem, lines=lines),
        functools.partial(variables_in_call_problem, lines=lines),
    ):
        try:
            problem = explain(exc, raw, line, text)
        except Exception:  # noqa: BLE001 - the next explanation, then Python's
            problem = None
        if problem is not None:
            return problem
    return None


def _keyboard_problem(line, text) -> Problem:
    example = ""
    match = re.match(r"(\w+)\s*=.*\binput\s*\(", text or "")
    if match:
        example = f" For example:\n    {match.group(1)} = 16"
    message = (
        "The playground cannot read from the keyboard, so input() gets no "
        f"answer{_at(line, text) or '. '}"
        f"Write the value into your code instead.{example}"
    )
    return Problem("error", message, line, text, detail="input() in the playground")
