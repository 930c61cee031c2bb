"""A PyTorch module in a Keras model: ``keras.layers.TorchModuleWrapper``.

Keras keeps the module in the layer's config as its pickle (a base64
string); code that passes the string back does not run, and two models with
the same module differ in it (weights, ids).  kerasteach writes the module
as the call that makes it and compares modules by what they are.

The wrapper needs the PyTorch backend, so this module is not collected by
the default run (its name does not start with ``test_``): tests/test_backends.py
runs it in the PyTorch core run, with the other core modules.
"""

from __future__ import annotations

import sys

import keras
import numpy as np
import pytest
import torch
from _roundtrip import copy_weights, predictions, run_code, sample_inputs
from keras import layers

import kerasteach
from kerasteach.errors import TraceError, UnsupportedValueError


class Net(torch.nn.Module):
    """A student's own module: two Linear layers, the hidden size chosen."""

    def __init__(self, hidden: int = 5):
        super().__init__()
        self.a = torch.nn.Linear(4, hidden)
        self.b = torch.nn.Linear(hidden, 3)

    def forward(self, x):
        return self.b(torch.relu(self.a(x)))


class Sly(torch.nn.Module):
    """A module whose printout is code that must never reach the code."""

    def __init__(self):
        super().__init__()
        self.lin = torch.nn.Linear(4, 3)

    def extra_repr(self):
        return "__import__('os').system('echo owned')"

    def forward(self, x):
        return self.lin(x)


@pytest.fixture(autouse=True)
def in_the_notebook(monkeypatch):
    """The classes as if defined in the student's notebook: in ``__main__``,
    where Keras's pickle of the module finds them."""
    for cls in (Net, Sly):
        monkeypatch.setattr(cls, "__module__", "__main__")
        monkeypatch.setattr(sys.modules["__main__"], cls.__name__, cls, raising=False)


def wrapped(module, units: int = 3) -> keras.Model:
    return keras.Sequential(
        [
            keras.Input(shape=(4,)),
            layers.TorchModuleWrapper(module, output_shape=(None, units), name="lin"),
            layers.Dense(2, name="out"),
        ]
    )


def torch_modules():
    return {
        "linear": torch.nn.Linear(4, 3),
        "no_bias": torch.nn.Linear(4, 3, bias=False),
        "sequential": torch.nn.Sequential(
            torch.nn.Linear(4, 8),
            torch.nn.ReLU(),
            torch.nn.Dropout(0.2),
            torch.nn.LayerNorm(8),
            torch.nn.Linear(8, 3),
        ),
        "own_class": Net(),
    }


def assert_rebuilds(model, code) -> None:
    """The code runs, makes the same modules, and with the weights copied
    predicts the same."""
    rebuilt = run_code(code, {"Net": Net, "Sly": Sly})
    original_lin, rebuilt_lin = model.get_layer("lin"), rebuilt.get_layer("lin")
    assert repr(rebuilt_lin.module) == repr(original_lin.module)
    assert rebuilt_lin.get_config()["output_shape"] == (None, 3)
    copy_weights(model, rebuilt)
    x = sample_inputs(model)
    np.testing.assert_allclose(
        predictions(rebuilt, x), predictions(model, x), atol=1e-5
    )


@pytest.mark.parametrize("which", list(torch_modules()))
@pytest.mark.parametrize("style", ["functional", "sequential"])
@pytest.mark.parametrize("faithful", [False, True])
def test_code_makes_the_module_again(which, style, faithful):
    model = wrapped(torch_modules()[which])
    write = getattr(kerasteach, f"to_{style}_code")
    code = write(model, faithful=faithful)
    assert "UEsDB" not in code.source  # no pickle pasted as a string
    assert_rebuilds(model, code)
    if which == "own_class":
        assert "Net()" in code.source
        assert any("Net is defined in your own code" in n for n in code.notes)
    else:
        assert "import torch" in code.source


def test_readable_code_reads_like_the_student_wrote_it():
    code = kerasteach.to_functional_code(wrapped(torch.nn.Linear(4, 3)))
    assert (
        "layers.TorchModuleWrapper(\n"
        "    torch.nn.Linear(in_features=4, out_features=3, bias=True),\n"
        "    output_shape=(None, 3),\n"
        '    name="lin",\n'
        ")(inputs)"
    ) in code.source
    assert "trainable" not in code.source and "dtype" not in code.source


def test_a_module_made_with_arguments_is_left_to_fill_in():
    model = wrapped(Net(hidden=7))
    code = kerasteach.to_functional_code(model)
    assert "lin_module()" in code.source
    assert any("fill in lin_module()" in n for n in code.notes)
    with pytest.raises(NotImplementedError, match="layer 'lin'.*Net\\(\\.\\.\\.\\)"):
        run_code(code, {"Net": Net})
    # filled in as the note asks, the code rebuilds the model
    filled = code.source.replace(
        "def lin_module(*args, **kwargs):",
        "def lin_module(*args, **kwargs):\n    return Net(hidden=7)",
    )
    assert_rebuilds(model, filled)
    with pytest.raises(UnsupportedValueError, match="your class Net.*strict=False"):
        kerasteach.to_functional_code(model, strict=True)


def test_a_module_that_prints_code_is_never_pasted():
    code = kerasteach.to_functional_code(wrapped(Sly()))
    assert "__import__" not in code.source and "system" not in code.source
    assert "Sly()" in code.source


def test_check_compares_modules_by_what_they_are():
    assert kerasteach.check(
        wrapped(torch.nn.Linear(4, 3)), wrapped(torch.nn.Linear(4, 3))
    )
    result = kerasteach.check(
        wrapped(torch.nn.Linear(4, 5), units=5), wrapped(torch.nn.Linear(4, 3))
    )
    assert not result
    assert (
        "has module=torch.nn.Linear(in_features=4, out_features=5, bias=True); "
        "the reference has module=torch.nn.Linear(in_features=4, out_features=3, "
        "bias=True)"
    ) in result.message
    assert "UEsDB" not in result.message + result.hint
    assert result.hint.startswith(
        "Change it to TorchModuleWrapper(torch.nn.Linear(in_features=4, "
        "out_features=3, bias=True)"
    )


class Wrapping(keras.Model):
    """A subclassed model with a wrapped module, ``output_shape`` or not."""

    def __init__(self, module, **kwargs):
        super().__init__(name="wrapping")
        self.lin = layers.TorchModuleWrapper(module, **kwargs)
        self.out = layers.Dense(1, name="out")

    def call(self, x):
        return self.out(self.lin(x))


def test_a_wrapper_without_output_shape_is_told_the_one_to_give():
    # the trace failed with Keras's "does not have a compute_output_shape
    # method", and kerasteach blamed NumPy and Python 'if'
    x = np.random.default_rng(0).standard_normal((4, 10)).astype("float32")
    model = Wrapping(torch.nn.Linear(10, 4))
    model(x)
    with pytest.raises(TraceError) as caught:
        kerasteach.to_functional_code(model)
    message = str(caught.value)
    line = (
        "    self.lin = layers.TorchModuleWrapper(torch.nn.Linear(in_features=10, "
        "out_features=4, bias=True), output_shape=(None, 4))"
    )
    assert line in message.splitlines()
    assert "Wrapping.call()" in message and "NumPy" not in message
    assert "'if'" not in message and "KerasTensor" not in message
    # what the message says to write reads, and rebuilds the same model
    module = eval(line.split("TorchModuleWrapper(")[1].split(", output_shape")[0])
    fixed = Wrapping(module, output_shape=(None, 4))
    fixed(x)
    fixed.set_weights(model.get_weights())
    rebuilt = run_code(kerasteach.to_functional_code(fixed))
    rebuilt.set_weights(fixed.get_weights())
    np.testing.assert_allclose(
        keras.ops.convert_to_numpy(rebuilt(x)),
        keras.ops.convert_to_numpy(model(x)),
        atol=1e-5,
    )


def test_a_wrapper_output_shape_that_cannot_be_measured_gets_a_placeholder():
    # a sequence of unknown length: no zeros to run the model on, and a
    # module of the student's own class, made with arguments
    x = np.zeros((2, 5, 4), "float32")
    model = Wrapping(Net(hidden=7))
    model(x)
    with pytest.raises(TraceError) as caught:
        kerasteach.to_functional_code(model, input_shape=(None, 4))
    message = str(caught.value)
    assert (
        "    self.lin = layers.TorchModuleWrapper(module, output_shape=(None, size))"
    ) in message.splitlines()
    assert "where size stands for the size of one sample" in message
    assert "ran the model" not in message
    # with the input's length known, the shape is measured: (None, 5, 3)
    with pytest.raises(TraceError, match=r"output_shape=\(None, 5, 3\)\)"):
        kerasteach.to_functional_code(model)
