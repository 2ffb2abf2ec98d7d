"""Benchmarks: figures users feel, each against a baseline measured in the same run.

    make bench                               # every figure -> bench/RESULTS.md, results.json
    .venv/bin/python -m bench.run --only log  # figures whose module name starts with "log"
    .venv/bin/python -m bench.figures.drain  # one figure on its own, printed

Adding a figure: drop a module into ``bench/figures/`` with ``measure(runs) -> Figure``
(or a list of Figures when one set of runs yields several, as lateness does), an optional
``DEFAULT_RUNS`` and ``profile()``, and ``if __name__ == "__main__": figure_main(...)``.
The runner finds it by itself and runs it in its own process. Nothing here is timed inside
``make test``.
"""
