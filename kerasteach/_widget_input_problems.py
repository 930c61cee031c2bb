"""Data for a model of several inputs, explained.

``keras.Model(inputs=[title, body], ...)`` takes one array for each input,
in a list in the order of its inputs (or in a dict by the inputs' names).
Keras's words for data given another way name none of the student's
arrays ("Input 0 with name 'title' ... is incompatible", "The truth value
of an array ... is ambiguous", "Data cardinality is ambiguous"), so
:func:`several_inputs_problem` looks at the arrays themselves and says
which mistake it is:

- the arrays as separate arguments, ``fit(x_title, x_body, y)``: the
  second array went where the labels go, the labels where ``batch_size``
  goes;
- each ``keras.Input`` given the shape of all of its array
  (``keras.Input(shape=x_title.shape)``), its number of samples too;
- one sample for each input without the batch axis
  (``predict([one_title, one_body])`` of 1-D arrays);
- the arrays in another order than the inputs (said only when the other
  order fits), or an array whose samples do not have its input's shape;
- a dict whose keys are not the names the inputs were given with
  ``keras.Input(name=...)``, often the variables' names.

A model of one input given a list of arrays gets a note instead
(:mod:`kerasteach._widget_input_notes`).
"""

from __future__ import annotations

import ast
import itertools

from ._widget_calls import (
    between,
    in_block,
    indented,
    method_calls,
    statement_source,
)
from ._widget_problem import (
    Problem,
    _at,
    _model_method_frame,
    _shape_of,
    _shape_text,
    code_of,
)
from ._widget_visible import visible_names

__all__ = ["several_inputs_problem"]

_METHODS = ("fit", "evaluate", "predict")
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth")


def _fits(data: tuple, expected: tuple) -> bool:
    """Whether an array of shape ``data`` has samples of the shape of an
    input of shape ``expected`` (None fits any size)."""
    return len(data) == len(expected) and all(
        e is None or e == d for d, e in zip(data[1:], expected[1:])
    )


def _and(words: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return " and ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)


def _sample(shape: tuple) -> str:
    return _shape_text(shape[1:])


def _input_name(tensor) -> str:
    """The name Keras knows an input by: its ``keras.Input(name=...)``."""
    return tensor._keras_history[0].name


def _input_words(tensor, names: dict) -> str:
    """The student's variable for an input, else its name in quotes."""
    return names.get(id(tensor)) or repr(_input_name(tensor))


def _list_written(source: str, method: str):
    """``(items, fixed)``: the items of the list (or tuple) written as the
    first argument of ``....method(...)`` in the student's statement
    ``source``, as written, and a function that gives the statement with
    other items in that list; else None."""
    call = _written_call(source, method)
    if call is None or not call[0].args:
        return None
    node, source = call
    first = node.args[0]
    if not isinstance(first, (ast.List, ast.Tuple)):
        return None

    def fixed(items: list[str]) -> str:
        return between(source, first, first, f"[{', '.join(items)}]")

    return [code_of(source, item) for item in first.elts], fixed


def _written_call(source: str, method: str):
    """``(call, source)``: the ``....method(...)`` call in the student's
    statement ``source``, else None."""
    calls = method_calls(source, method)
    return (calls[0], source) if calls else None


def _array_words(arrays, written, names) -> list[str]:
    """What to call each array: as written in the list when that is short,
    else the student's variable, else "the first array"."""
    words = []
    for n, array in enumerate(arrays):
        text = written[0][n] if written and len(written[0]) == len(arrays) else None
        if text and len(text) <= 30:
            words.append(text)
        elif id(array) in names:
            words.append(names[id(array)])
        else:
            words.append(f"the {_ORDINALS[n]} array" if n < 6 else "an array")
    return words


def _call_text(written, words: list[str], items: list[str]) -> str | None:
    """The student's statement with ``items`` in its list of arrays, when
    it was read and ``words`` are its items, else None."""
    if written is None or written[0] != words:
        return None
    return written[1](items)


def _shown(fixed: str | None, block) -> str:
    """``fixed``, the student's statement changed, shown after a colon
    in the indentation of its ``block`` (see :func:`several_inputs_problem`)."""
    return f":\n{indented(block(fixed))}" if fixed else "."


def several_inputs_problem(exc, raw: str, line, text, lines=()) -> Problem | None:
    """Data given to ``fit``, ``evaluate`` or ``predict`` of a model of
    several inputs the wrong way (see the module's words); ``None`` for
    data that fits the inputs.  ``lines`` (the code) gives the whole call
    when it is written over several lines."""
    found = _model_method_frame(exc, _METHODS)
    if found is None:
        return None
    model, frame = found
    inputs = list(getattr(model, "inputs", None) or ())
    if len(inputs) < 2:
        return None
    method = frame.f_code.co_name
    x = frame.f_locals.get("x")
    names = visible_names(exc)
    where = _at(line, text) or ". "
    source = statement_source(lines, line, text)

    def block(fixed: str) -> str:  # the statement in its for's or def's place
        return in_block(lines, line, fixed)

    if isinstance(x, dict):
        message = _dict_message(x, inputs, names, method)
    elif isinstance(x, (list, tuple)) and len(x) == len(inputs):
        message = _list_message(frame, x, inputs, names, method, source, block)
    elif _shape_of(frame.f_locals.get("batch_size")) is not None:
        message = _separate_message(frame, inputs, names, method, source, block)
    else:
        message = None
    if message is None:
        return None
    head, rest = message
    message = f"{head}{where}{rest}\nKeras says: {raw}"
    return Problem("data", message, line, text, detail=raw)


def _separate_message(frame, inputs, names, method, source, block):
    """``fit(x_title, x_body, y)``: the arrays of the inputs as separate
    arguments, not in one list (``source``: the student's statement,
    ``block`` puts it back in its block)."""
    count = len(inputs) + (method != "predict")
    call = _written_call(source, method)
    if call is None or len(call[0].args) != count:
        return None
    node, source = call
    if any(isinstance(a, ast.Starred) for a in node.args):
        return None
    given = ("x", "batch_size") if method == "predict" else ("x", "y", "batch_size")
    arrays = [frame.f_locals.get(p) for p in given]
    if any(_shape_of(a) is None for a in arrays):
        return None
    written = [code_of(source, a) for a in node.args]
    items = written[: len(inputs)]
    fixed_args = f"[{', '.join(items)}]" + "".join(
        f", {w}" for w in written[len(inputs) :]
    )
    fixed = between(source, node.args[0], node.args[-1], fixed_args)
    model_name = names.get(id(frame.f_locals.get("self")), "model")
    described = _and([_input_words(t, names) for t in inputs])
    if method == "predict":
        went = f"{written[1]} went where batch_size goes"
    else:
        went = (
            f"{written[1]} went where the labels go and {written[2]} where "
            "batch_size goes"
        )
    head = (
        f"{model_name} has {len(inputs)} inputs, {described}, and {method}() "
        "takes their arrays in one list"
    )
    rest = (
        f"Here they are separate values, so {went}. Put the arrays of the "
        f"inputs in square brackets, in the order of keras.Model's inputs:\n"
        f"{indented(block(fixed))}"
    )
    return head, rest


def _list_message(frame, arrays, inputs, names, method, source, block):
    """One array for each input, but not the arrays the inputs take
    (``source``: the student's statement, ``block`` puts it back in its
    block)."""
    shapes = [_shape_of(a) for a in arrays]
    expected = [_shape_of(t) for t in inputs]
    if None in shapes or None in expected:
        return None
    if all(_fits(s, e) for s, e in zip(shapes, expected)):
        return None
    written = _list_written(source, method)
    words = _array_words(arrays, written, names)
    model_name = names.get(id(frame.f_locals.get("self")), "model")
    counted = _inputs_count_samples(frame, shapes, expected, method)
    if counted:
        which = ", and ".join(
            f"{_input_words(inputs[n], names)} has shape {_sample(expected[n])}, "
            f"all of {words[n]}"
            for n in counted
        )
        fixes = " and ".join(
            f"keras.Input(shape={_shape_text(shapes[n][1:])}) for "
            f"{_input_words(inputs[n], names)}"
            for n in counted
        )
        several = len(counted) > 1
        head = (
            f"{'The inputs were' if several else 'An input was'} given the shape "
            f"of all of {'their' if several else 'its'} data"
        )
        rest = (
            f"{which}: the number of samples, {shapes[counted[0]][0]}, is in "
            f"it (y has as many). keras.Input takes the shape of one sample, "
            f"without the number of samples (shape=x.shape[1:]): write {fixes}."
        )
        return head, rest
    if all(_fits((None, *s), e) for s, e in zip(shapes, expected)):
        fixed = _call_text(written, words, [f"{w}[None]" for w in words])
        head = "The arrays look like one sample each, without the batch axis"
        each = ", ".join(
            f"{w} has shape {_shape_text(s)}" for w, s in zip(words, shapes)
        )
        rest = (
            f"{each}: each the shape of one sample of its input. The model takes a "
            "batch of samples for each input, the number of samples in front. "
            "Add that axis to each array (x[None] has shape (1, ...), a batch "
            f"of one sample){_shown(fixed, block)}"
        )
        return head, rest
    order = _fitting_order(shapes, expected)
    inputs_text = ", ".join(
        f"{_input_words(t, names)} (samples of shape {_sample(e)})"
        for t, e in zip(inputs, expected)
    )
    if order is not None:
        given = ", ".join(
            f"{w} (samples of shape {_sample(s)})" for w, s in zip(words, shapes)
        )
        fixed = _call_text(written, words, [words[n] for n in order])
        head = "The arrays look " + ("swapped" if len(order) == 2 else "out of order")
        rest = (
            f"{model_name}'s inputs are, in order, {inputs_text}, but the list "
            f"gives {given}. The list goes in the order of keras.Model's "
            f"inputs{_shown(fixed, block)}"
        )
        return head, rest
    wrong = [n for n, (s, e) in enumerate(zip(shapes, expected)) if not _fits(s, e)]
    said = "; ".join(
        f"the input {_input_words(inputs[n], names)} takes samples of shape "
        f"{_sample(expected[n])}, but the {_ORDINALS[n] if n < 6 else 'next'} "
        f"array of the list, {words[n]}, has shape {_shape_text(shapes[n])}, "
        + (
            f"one sample without the batch axis in front ({words[n]}[None] is a "
            "batch of one)"
            if _fits((None, *shapes[n]), expected[n])
            else f"samples of shape {_sample(shapes[n])}"
        )
        for n in wrong
    )
    first = wrong[0]
    head = "The data does not fit the model's inputs"
    rest = (
        f"{said[0].upper()}{said[1:]}. {model_name}'s inputs are, in order, "
        f"{inputs_text}. Give each input an array whose samples have its "
        "shape, or, if the data is right, change that input to the data's "
        f"shape: keras.Input(shape={_sample(shapes[first])})."
    )
    return head, rest


def _inputs_count_samples(frame, shapes, expected, method) -> list[int]:
    """The inputs given the shape of all of their array, its number of
    samples included (``keras.Input(shape=x.shape)``), when every input
    that does not fit is one of them and y has as many samples as those
    arrays (so an array is not one sample); else ``[]``."""
    y_shape = _shape_of(frame.f_locals.get("y"))
    if method == "predict" or not y_shape:
        return []
    wrong = [n for n, (s, e) in enumerate(zip(shapes, expected)) if not _fits(s, e)]
    counted = [
        n
        for n in wrong
        if len(shapes[n]) >= 1
        and tuple(expected[n][1:]) == shapes[n]
        and shapes[n][0] == y_shape[0]
    ]
    return counted if counted == wrong else []


def _fitting_order(shapes, expected) -> list[int] | None:
    """The order of the arrays in which each fits its input, when there is
    one other than the order given (at most 6 inputs)."""
    if len(shapes) > 6:
        return None
    for order in itertools.permutations(range(len(shapes))):
        if all(_fits(shapes[n], e) for n, e in zip(order, expected)):
            return list(order)
    return None


def _dict_message(data: dict, inputs, names, method):
    """A dict whose keys are not the names of the inputs."""
    keys = list(data)
    wanted = [_input_name(t) for t in inputs]
    if set(keys) == set(wanted) or not all(isinstance(k, str) for k in keys):
        return None
    variables = [names.get(id(t)) for t in inputs]
    listed = _and([repr(w) for w in wanted])
    model_words = f"the model's {len(inputs)} inputs"
    if set(keys) == set(variables):
        fixes = "\n".join(
            f'    {v} = keras.Input(shape={_sample(_shape_of(t))}, name="{v}")'
            for v, t in zip(variables, inputs)
        )
        head = (
            "The keys of the dict are the names of your variables, and Keras "
            "matches them to the names of the inputs"
        )
        rest = (
            f"Those names are given with keras.Input(name=...); without one, "
            f"Keras names each input itself: {model_words} are called {listed}. "
            "Give each keras.Input the name you use as its key:\n" + fixes
        )
        return head, rest
    unknown = [k for k in keys if k not in wanted]
    shown = ", ".join(repr(k) for k in unknown)
    head = f"The keys of the dict given to {method}() are not the names of the inputs"
    rest = (
        f"Keras matches each key to the name of an input (keras.Input(name=...)), "
        f"and {model_words} are called {listed}; {shown} "
        f"{'is not one of them' if len(unknown) == 1 else 'are not among them'} "
        "(the names "
        "must be written exactly, capital letters too). Use those names as the "
        "keys, or give the list of arrays in the order of keras.Model's inputs."
    )
    return head, rest
