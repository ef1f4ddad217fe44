"""The lines of ``problems.csv`` about a graded class rather than a refused file.

A mark given to an answer that was handed in again since, a note on an answer outside an
exercise's choices, a rubric row for a learner with no graded hand-in, and the copy of an old
rubric sheet kept aside: each says what happened and what the teacher can do about it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from kit.grading.engine import Graded
from kit.grading.registry import RubricScore
from kit.grading.submissions import Problem

__all__ = ["kept_sheet", "notes_on", "stale_marks", "unknown_learners"]


def stale_marks(
    graded: Sequence[Graded], scores: Mapping[tuple[str, str], RubricScore]
) -> list[Problem]:
    """Marks not applied because the learner handed in a different answer after marking."""
    return [
        Problem(
            g.file,
            f"{column}: this answer is not the one the rubric sheet shows (row "
            f"{scores[g.learner, column].row}); it was handed in again after marking, so the "
            "mark was not applied: mark it again on the new sheet",
            g.learner,
        )
        for g in graded
        for column in g.stale
    ]


_BLANK = (
    "graded, with a note: it holds no answers to the exercises graded, so it scores 0: the "
    "learner may have handed in before answering, or sent the wrong file"
)


def notes_on(graded: Sequence[Graded]) -> list[Problem]:
    """The graders' notes (:mod:`kit.grading.offered`), beside each graded file, and a note
    on each blank hand-in (otherwise the class report's learner counts, which leave it out,
    would not match the number graded, with nothing to say why)."""
    return [
        Problem(g.file, f"graded, with a note: exercise {name}, {note}", g.learner, True)
        for g in graded
        for name, done in g.results.items()
        for note in done.notes
    ] + [Problem(g.file, _BLANK, g.learner, True) for g in graded if g.blank]


def unknown_learners(
    sheet: str, scores: dict[tuple[str, str], RubricScore], known: set[str]
) -> list[Problem]:
    """Rows of the sheet for learners with no graded hand-in, with a hint when a spreadsheet
    seems to have turned the id into a number (00123 saved as 123, 1e3 as 1.00E+03): every
    mark of those learners would otherwise be refused unexplained."""
    # The first id in sorted order wins (hence the reverse), so the hint is the same each run.
    by_number: dict[float, str] = {}
    for learner in sorted(known, reverse=True):
        if (number := _as_number(learner)) is not None:
            by_number[number] = learner
    problems = []
    for learner, column in sorted(scores):
        if learner in known:
            continue
        number = _as_number(learner)
        was = by_number.get(number) if number is not None else None
        hint = ""
        if was is not None or _SCIENTIFIC.fullmatch(learner):
            hint = (
                "; a spreadsheet may have rewritten the id as a number"
                f"{f' (the hand-in has {was!r})' if was is not None else ''}: format the learner "
                "column as Text, put the ids back and grade again"
            )
        row = scores[learner, column].row
        reason = f"row {row}: a rubric score for {learner!r}, who has no graded hand-in{hint}"
        problems.append(Problem(sheet, reason, learner))
    return problems


_DIGITS = re.compile(r"[0-9]+")
_SCIENTIFIC = re.compile(r"[0-9]+(?:[.,][0-9]+)?E\+[0-9]+", re.IGNORECASE)
"""How a spreadsheet writes a long number it took an id for: 1.00E+03."""


def _as_number(text: str) -> float | None:
    """The number a spreadsheet would see in an id of plain digits (00123), or in its own
    1.00E+03; None for anything else ('1,000', 'inf', digits of other scripts)."""
    if _DIGITS.fullmatch(text) or _SCIENTIFIC.fullmatch(text):
        return float(text.replace(",", "."))
    return None


def kept_sheet(sheet: Path, kept: Path, graded: list[Graded]) -> str:
    """Why the old sheet was copied aside, and what to do with the copy. A run merges one
    sheet, and a mark given to an answer since handed in again is refused from the copy too:
    then the teacher is sent to the new sheet, which already holds every mark that merged."""
    said = (
        f"{sheet.name} in the output folder held scores or comments this run did not merge (no "
        "--rubric, another sheet, rows refused above, answers handed in again after marking, "
        "or exercises left out with --exercises)."
    )
    if any(g.stale for g in graded):
        return (
            f"{said} It is kept as {kept.name}, with the old marks for reference. Copy into the "
            f"new {sheet.name} any mark from it you still want (a mark for an answer handed in "
            f"again must be given afresh, to the new answer), then grade again with --rubric "
            f"{sheet}"
        )
    return (
        f"{said} It is kept as {kept.name}: fix it if needed and grade again with --rubric {kept}"
    )
