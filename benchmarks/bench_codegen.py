"""How fast is code generation, next to Keras serialising the same model?

For every keras.applications constructor (weights=None) this prints the time
of ``to_functional_code(model)`` divided by the time of ``model.get_config()``
measured in the same run (median of several repetitions after one warm-up),
then the median ratio. Target: at most 2.0 for every model.

It also prints how much ``import kerasteach`` adds on top of ``import keras``
(each measured in a fresh interpreter; target: under 0.2 s).

    python benchmarks/bench_codegen.py [NAME ...]
"""

from __future__ import annotations

import inspect
import os
import statistics
import subprocess
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def _timed(fn, repeat: int) -> float:
    fn()  # warm-up: caches, lazy imports
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _import_times(runs: int = 5) -> tuple[float, float]:
    """Median seconds of ``import keras`` and of ``import kerasteach`` right
    after it, each pair measured in a fresh interpreter."""
    code = (
        "import os, time; os.environ['TF_CPP_MIN_LOG_LEVEL'] = '3'; "
        "t0 = time.perf_counter(); import keras; t1 = time.perf_counter(); "
        "import kerasteach; t2 = time.perf_counter(); print(t1 - t0, t2 - t1)"
    )
    keras_times, extra_times = [], []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        a, b = out.stdout.strip().splitlines()[-1].split()
        keras_times.append(float(a))
        extra_times.append(float(b))
    return statistics.median(keras_times), statistics.median(extra_times)


def main(names: list[str]) -> int:
    import keras

    import kerasteach as kt

    apps = sorted(
        n
        for n, f in inspect.getmembers(keras.applications)
        if callable(f) and n[0].isupper()
    )
    names = names or apps
    ratios = []
    print(
        f"{'model':<22}{'layers':>7}{'get_config ms':>15}{'codegen ms':>12}{'ratio':>8}"
    )
    for name in names:
        keras.utils.clear_session()
        model = getattr(keras.applications, name)(weights=None)
        repeat = 5 if len(model.layers) < 400 else 3
        t_config = _timed(model.get_config, repeat)
        t_code = _timed(lambda m=model: kt.to_functional_code(m), repeat)
        ratio = t_code / t_config
        ratios.append(ratio)
        print(
            f"{name:<22}{len(model.layers):>7}{t_config * 1e3:>15.1f}"
            f"{t_code * 1e3:>12.1f}{ratio:>8.2f}",
            flush=True,
        )
    print(
        f"median ratio: {statistics.median(ratios):.2f}; max ratio: {max(ratios):.2f} "
        f"(target: at most 2.0 for every model)"
    )

    base, extra = _import_times()
    print(
        f"import keras: {base:.2f} s; import kerasteach after it adds "
        f"{extra:.3f} s (target: under 0.2 s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
