"""The gradebook files: ``grades.csv`` for the LMS and ``problems.csv`` for the instructor.

``grades.csv`` (``lms="generic"``, the default) is UTF-8 CSV, comma-separated, one row per
learner::

    learner, 01_first_read, 01_first_read:justification, 02_claims, 02_claims:priority, total

Each task's column holds its automatically graded points; each free-text item has its own
column, blank until a filled rubric sheet is merged; ``total`` adds what is there as shown
(each score rounded to two places first, so the row adds up). Moodle imports it as is
(Grades > Import > CSV file: map ``learner`` to the username or ID number and each column to
a grade item). ``lms="canvas"`` writes the layout of Canvas's own gradebook
export instead: ``Student, ID, SIS User ID, SIS Login ID, Section`` (the learner id goes in
``Student`` and ``SIS Login ID``), then one column per task with a ``Points Possible`` row,
and no total (Canvas computes its own). Check a first import on a test course either way.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from kit.grading.engine import Graded
from kit.grading.page import added, num
from kit.grading.registry import Task
from kit.grading.rubric import cell, write_csv
from kit.grading.submissions import Problem

__all__ = ["LMS_FORMATS", "columns", "write_grades", "write_problems"]

LMS_FORMATS = ("generic", "canvas")


def columns(tasks: Sequence[Task]) -> list[tuple[str, float]]:
    """The score columns of ``grades.csv`` with their maximum points."""
    found: list[tuple[str, float]] = []
    for task in tasks:
        found.append((task.exercise, task.max_points))
        found += [(column, spec.max_points) for spec, column in task.rubric_columns]
    return found


def write_grades(
    path: Path, graded: Sequence[Graded], tasks: Sequence[Task], lms: str = "generic"
) -> None:
    if lms not in LMS_FORMATS:
        raise ValueError(f"lms must be one of {', '.join(LMS_FORMATS)}, not {lms!r}")
    names = [name for name, _ in columns(tasks)]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        if lms == "canvas":
            writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *names])
            writer.writerow(
                ["Points Possible", "", "", "", "", *(num(m) for _, m in columns(tasks))]
            )
        else:
            writer.writerow(["learner", *names, "total"])
        for learner in graded:
            points = learner.points(tasks)
            scores = [num(points[name]) for name in names]
            if lms == "canvas":
                writer.writerow([learner.learner, "", "", learner.learner, "", *scores])
            else:
                writer.writerow([learner.learner, *scores, num(added(points.values()))])


def write_problems(path: Path, problems: Sequence[Problem]) -> None:
    write_csv(
        path,
        ["file", "learner", "reason"],
        ([cell(p.file), cell(p.learner), cell(p.reason)] for p in problems),
    )
