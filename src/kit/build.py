"""Generate the learners' exercise notebooks from the worked solutions.

Authors write each exercise once, in ``solutions/``, with the model answers in cells tagged
``solution``. This module writes ``exercises/`` by dropping those cells and any outputs, so the
two can never drift apart: a test regenerates the exercises and fails on any difference.
Code lines between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` are also removed, for
exercises that ask for code. Only numbered notebooks (``NN_name.ipynb``) are exercises.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["build_exercises", "strip_solutions"]

SOLUTION_TAG = "solution"
_BEGIN, _END = "### BEGIN SOLUTION", "### END SOLUTION"


def strip_solutions(notebook: dict[str, Any]) -> dict[str, Any]:
    """Return the learner's version of a solution notebook (a new dict; the input is untouched)."""
    learner = json.loads(json.dumps(notebook))
    cells = []
    for cell in learner["cells"]:
        if SOLUTION_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        if cell["cell_type"] == "code":
            cell["source"] = _strip_code(_source(cell))
            cell["outputs"], cell["execution_count"] = [], None
        cells.append(cell)
    learner["cells"] = cells
    learner.get("metadata", {}).pop("widgets", None)
    return learner


def build_exercises(solutions: Path, exercises: Path) -> list[Path]:
    """Write one exercise notebook per solution notebook; returns the files written."""
    exercises.mkdir(parents=True, exist_ok=True)
    written = []
    # Numbered notebooks are exercises; others in solutions/ (the instructor dashboard) are not.
    for source in sorted(solutions.glob("[0-9][0-9]_*.ipynb")):
        notebook = json.loads(source.read_text(encoding="utf-8"))
        target = exercises / source.name
        target.write_text(_dump(strip_solutions(notebook)), encoding="utf-8")
        written.append(target)
    return written


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _strip_code(source: str) -> str:
    kept, hiding = [], False
    for line in source.splitlines(keepends=True):
        marker = line.strip()
        if marker == _BEGIN:
            hiding = True
            indent = line[: len(line) - len(line.lstrip())]
            kept.append(f"{indent}# Your answer here\n")
        elif marker == _END:
            hiding = False
        elif not hiding:
            kept.append(line)
    return "".join(kept)


def _dump(notebook: dict[str, Any]) -> str:
    """The same layout nbformat writes, so regenerated files compare byte for byte."""
    return json.dumps(notebook, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
