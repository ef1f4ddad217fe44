"""One feedback page per learner: each item with their answer, the key, the score and why.

The page is written for the learner and prints cleanly: statuses are spelt out in words with a
mark, never shown by colour alone. Every piece of learner text is escaped.

Pages are assembled as UTF-8 bytes. Most rows repeat across a class and are encoded once;
encoding a whole 80 KB page with curly quotes and marks in it would cost more than grading
one of its exercises.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING

from kit.grading.page import added, esc, esc_once, num, shell_bytes, text, text_once
from kit.grading.registry import ItemResult, RubricScore, Task

if TYPE_CHECKING:
    from kit.grading.engine import Context, Graded

__all__ = ["STATUS", "render_feedback", "render_page"]

STATUS = {
    "right": "✔ Right",
    "accepted": "≈ Accepted",
    "wrong": "✖ Different from the key",
    "partial": "◐ Partly",
    "missing": "○ Not answered",
    "found": "✔ Found",
    "missed": "✖ Missed",
    "extra": "? Not in the key",
    "rubric": "✎ Marked by your teacher",
    "unmarked": "✎ To be marked by your teacher",
    "info": "· Not graded",
}

_CSS = """
table.fb { table-layout: fixed; } .fb td:nth-child(2) { white-space: pre-wrap; }
.fb td { overflow-wrap: anywhere; } .fb td:nth-child(4), .fb th:nth-child(4) { text-align: right; }
.fb tr.sub td:first-child { padding-left: 1.1rem; }
"""


def _score(item: ItemResult, rubric: RubricScore | None) -> bytes:
    if rubric is not None:
        return _score_cell(item.status, rubric.score, item.max_points, True)
    return _score_cell(item.status, item.score, item.max_points, False)


@lru_cache(maxsize=512)
def _score_cell(status: str, score: float | None, maximum: float | None, marked: bool) -> bytes:
    """The score cell: a few dozen distinct ones serve a whole class."""
    if marked and score is None:  # "Marked by your teacher" would read as done already
        status = "unmarked"
    word = text(STATUS.get(status, status))
    if marked:
        cell = f"{num(score, 'to be marked')} / {num(maximum)}<br><b>{word}</b>"
    elif maximum is None:
        cell = f"<b>{word}</b>"
    else:
        cell = f"{num(score, '0')} / {num(maximum)}<br><b>{word}</b>"
    return cell.encode()


def render_feedback(graded: Graded, ctx: Context) -> str:
    return render_page(graded, ctx).decode("utf-8")


def render_page(graded: Graded, ctx: Context) -> bytes:
    """The learner's whole feedback page, as UTF-8 bytes ready to write."""
    parts = [
        f"<h1>Feedback: {esc(ctx.case_title)}</h1>",
        f"<p class='meta'>Learner <b>{esc_once(graded.learner)}</b> · file "
        f"{esc_once(os.path.basename(graded.file))} · graded {ctx.graded_on}</p>",
    ]
    summary = ["<table><tr><th>Task</th><th class='num'>Points</th></tr>"]
    scores: list[float | None] = []
    maximum = 0.0
    pending = False
    for task in ctx.tasks:
        result = graded.results[task.exercise]
        scores.append(result.points)
        maximum += result.max_points
        summary.append(_points_row(task.title, result.points, result.max_points))
        for spec, column in task.rubric_columns:
            merged = graded.rubric[column]
            maximum += spec.max_points
            pending |= merged.score is None
            scores.append(merged.score)
            summary.append(_marked_row(task.title, spec.name, merged.score, spec.max_points))
    summary.append(
        f"<tr><th>Total{' so far' if pending else ''}</th>"
        f"<th class='num'>{num(added(scores))} / {num(maximum)}</th></tr></table>"
    )
    parts += summary
    if pending:
        parts.append(
            "<p class='note'>Some written answers are still to be marked by your teacher; "
            "the total will change when they are.</p>"
        )
    before, after, tail = shell_bytes(_CSS)
    title = esc_once(f"Feedback for {graded.learner}")
    page = [before, title.encode(), after, "".join(parts).encode()]
    for task in ctx.tasks:
        _task_section(graded, task, page)
    page.append(tail)
    return b"".join(page)


def _points_row(title: str, points: float, maximum: float) -> str:
    """A task's automatic points in the points table. Not cached: the points vary from
    learner to learner, and a cache of them only pushed out the rows that repeat."""
    return (
        f"<tr><td>{esc(title)} (scored automatically)</td>"
        f"<td class='num'>{num(points)} / {num(maximum)}</td></tr>"
    )


@lru_cache(maxsize=1024)
def _marked_row(title: str, item: str, points: float | None, maximum: float) -> str:
    """An item marked by hand in the points table: "to be marked" for most of a class."""
    return (
        f"<tr><td>{esc(title)}: {esc(item)} (marked by your teacher)</td>"
        f"<td class='num'>{num(points, 'to be marked')} / {num(maximum)}</td></tr>"
    )


_TABLE = (
    "<table class='fb'><colgroup><col style='width:19%'><col style='width:19%'>"
    "<col style='width:17%'><col style='width:11%'><col></colgroup><tr><th>Item</th>"
    "<th>Your answer</th><th>Key</th><th>Score</th><th>Why</th></tr>"
)


def _task_section(graded: Graded, task: Task, page: list[bytes]) -> None:
    result = graded.results[task.exercise]
    page.append(
        f"<h2>{esc(task.title)}: {num(result.points)} / {num(result.max_points)} points"
        f"{' scored automatically' if task.rubric else ''}</h2>{_TABLE}".encode()
    )
    by_hand = {spec.item: graded.rubric[column] for spec, column in task.rubric_columns}
    for item in result.items:  # most lines are shared and rendered already
        page.append(item.html or _row(item, by_hand.get(item.item)))
    page.append(b"</table>")


def _row(item: ItemResult, merged: RubricScore | None) -> bytes:
    """A line's row, rendered and kept on the line (a line shared across the class is then
    rendered once), unless a teacher's mark is in it.

    Lines that repeat are shared by the graders (``registry.Lines``); a second store keyed by
    whole lines, for repeats the graders did not share, cost more in hashing each line than
    it saved in rendering, and was removed."""
    html = _render_row(item, merged)
    if merged is None:  # rubric rows depend on the instructor's score: never kept
        item.html = html
    return html


def _render_row(item: ItemResult, merged: RubricScore | None) -> bytes:
    """A row from bytes made once each (the frame, the score, the explanation), so that only
    the learner's answer is encoded: most explanations are long, curly-quoted and shared."""
    explanation = _explained(item.explanation)
    if merged is not None and merged.comment:
        explanation = (
            b"<b>Your teacher:</b> " + text(merged.comment).encode() + b"<br>" + explanation
        )
    start, middle = _frame(item.item, item.label, item.key)
    answer = text_once(item.answer).encode() or b"<i>(no answer)</i>"  # "none" is a label
    return b"".join(
        (start, answer, middle, _score(item, merged), b"</td><td>", explanation, b"</td></tr>")
    )


@lru_cache(maxsize=4096)
def _explained(explanation: str) -> bytes:
    return text(explanation).encode()


@lru_cache(maxsize=1024)
def _frame(item: str, label: str, key: str) -> tuple[bytes, bytes]:
    """A row's HTML before and after the learner's answer up to the score: the same for every
    learner with a free-text answer to the item."""
    sub = " class='sub'" if " " in item else ""
    return (
        f"<tr{sub}><td>{text(label)}</td><td>".encode(),
        f"</td><td>{text(key)}</td><td>".encode(),
    )
