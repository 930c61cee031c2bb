#!/bin/sh
# Make a Python that can run kerasteach's core tests under the JAX and PyTorch
# backends of Keras (CPU builds), for tests/test_backends.py.
#
# It is a virtual environment that sees the main environment's packages
# (--system-site-packages: keras, kerasteach, pytest, ...) and adds only the
# backends, so the main environment is left exactly as it was (torch would
# otherwise upgrade setuptools there).  Running it again is cheap: it installs
# nothing when both backends already import.
#
# Usage:  sh .ci/install-backends.sh [VENV_DIR]
#   VENV_DIR defaults to $KERASTEACH_BACKENDS_VENV, else
#   ~/.cache/kerasteach/backends-venv.  PYTHON picks the base interpreter.
# Prints the path of the environment's python as its last line.
set -eu

VENV="${1:-${KERASTEACH_BACKENDS_VENV:-$HOME/.cache/kerasteach/backends-venv}}"
BASE="${PYTHON:-python3}"

# Versions checked on this project's machines (Python 3.11, CPU only):
# jax 0.10.2 is what `pip install jax jaxlib` resolved to next to TensorFlow
# 2.21's numpy/ml_dtypes; torch 2.13.0 is the CPU build pip finds locally
# (a newer torch from the index would pull several GB of CUDA libraries).
JAX="jax==0.10.2 jaxlib==0.10.2"
TORCH="torch==2.13.0"

if [ ! -x "$VENV/bin/python" ]; then
    mkdir -p "$(dirname "$VENV")"
    "$BASE" -m venv --system-site-packages "$VENV"
fi
PY="$VENV/bin/python"

if ! "$PY" -c "import jax, jaxlib" 2>/dev/null; then
    "$PY" -m pip install --quiet $JAX
fi
if ! "$PY" -c "import torch" 2>/dev/null; then
    "$PY" -m pip install --quiet $TORCH
fi

"$PY" -c "import jax, torch; print('jax', jax.__version__, '| torch', torch.__version__)" >&2
echo "$PY"
