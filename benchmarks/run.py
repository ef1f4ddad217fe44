"""Timed comparisons, printed as a table of ratios against a baseline timed in the same run.

Absolute seconds depend on the machine; a ratio against a baseline measured minutes apart on
the same machine says whether the kit is adding cost. Run with ``make benchmark`` or
``python benchmarks/run.py [--repeat N]``. Nothing here is a pass/fail test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def timed(action: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``repeat`` runs: robust to one slow run on a busy 2-core machine."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def python_import(modules: str) -> Callable[[], object]:
    return lambda: subprocess.run([sys.executable, "-c", f"import {modules}"], check=True)


def run_notebook(path: Path) -> Callable[[], object]:
    import nbformat
    from nbclient import NotebookClient

    def run() -> None:
        notebook = nbformat.read(path, as_version=4)
        NotebookClient(
            notebook,
            timeout=120,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()

    return run


def empty_notebook(folder: Path) -> Path:
    import nbformat

    path = folder / "empty.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")]), path)
    return path


def rows(repeat: int) -> list[tuple[str, str, float, float]]:
    """(what, baseline, seconds, baseline seconds) for every comparison."""
    results = []
    base = timed(python_import("pandas, ipywidgets"), repeat)
    results.append(
        ("import kit", "import pandas, ipywidgets", timed(python_import("kit"), repeat), base)
    )
    with tempfile.TemporaryDirectory() as scratch:
        os.environ.setdefault("KIT_ANSWERS_DIR", scratch)
        os.environ.setdefault("KIT_LEARNER", "benchmark")
        empty = timed(run_notebook(empty_notebook(Path(scratch))), repeat)
        for folder in ("notebooks", "exercises", "solutions"):
            for path in sorted((REPO / folder).glob("*.ipynb")):
                seconds = timed(run_notebook(path), repeat)
                results.append(
                    (f"run {folder}/{path.name}", "run an empty notebook", seconds, empty)
                )
    return results


def print_table(results: list[tuple[str, str, float, float]]) -> None:
    print(f"{'measured':<42} {'baseline':<30} {'s':>8} {'base s':>8} {'ratio':>6}")
    print("-" * 98)
    for what, baseline, seconds, base in results:
        print(f"{what:<42} {baseline:<30} {seconds:8.4f} {base:8.4f} {seconds / base:6.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-browser", action="store_true", help="skip the browser timings")
    parser.add_argument(
        "--grade",
        action="store_true",
        help="also time kit grade on 10,000 hand-ins beside nbgrader (a few minutes; see "
        "benchmarks/grade.py, which runs the same alone with more options)",
    )
    args = parser.parse_args()
    from benchmarks import search

    results = rows(args.repeat) + search.rows(args.repeat)
    if not args.no_browser:
        from benchmarks import tagger

        results += tagger.rows()
    if args.grade:
        from benchmarks import grade

        results += grade.rows()
    print_table(results)


if __name__ == "__main__":
    main()
