"""``grade()``: one call from hand-ins to gradebook, for ``kit grade`` and for notebooks.

The result holds the graded learners and the problems; its properties give pandas DataFrames
(``grades``, ``items``, ``problems``, ``rubric``, ``agreement``), imported only when asked for,
so the command line never pays for pandas. With ``out`` the files are written too.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kit.cases import Case
from kit.grading.agreement import Tallies, tally
from kit.grading.engine import Context, Graded, grade_files, no_gc, settle
from kit.grading.findings import kept_sheet, notes_on, stale_marks, unknown_learners
from kit.grading.model import load_key_and_case
from kit.grading.outdir import OUTPUTS, PREVIOUS, Clearing, locked, prepare_out
from kit.grading.progress import Progress
from kit.grading.refusals import NothingGraded, OptionError
from kit.grading.registry import KeyView, RubricScore, Task, active_tasks
from kit.grading.report import class_report
from kit.grading.rubric import (
    COLUMNS,
    keep_marked,
    read_rubric,
    rows_of_other_exercises,
    rubric_rows,
    sheet_bytes,
    uncell,
)
from kit.grading.submissions import UNREAD, Expect, Problem, find_submissions
from kit.grading.tables import columns, write_grades, write_problems

__all__ = ["ClassGrades", "NothingGraded", "OptionError", "grade"]


@dataclass
class ClassGrades:
    """A graded class. Lists hold the data; the DataFrame properties present it."""

    case: Case
    key: dict[str, Any]
    tasks: list[Task]
    views: dict[str, KeyView]
    graded: list[Graded]
    problem_list: list[Problem]
    context: Context
    out: Path | None = None
    counts: Tallies | None = None
    found: int | None = None
    """How many hand-in files were found (graded or not)."""

    def __repr__(self) -> str:
        return (
            f"ClassGrades(case={self.case.id!r}, graded={len(self.graded)}, "
            f"problems={len(self.problem_list)})"
        )

    @property
    def max_points(self) -> dict[str, float]:
        """Maximum points per ``grades.csv`` column (``total`` included)."""
        found = dict(columns(self.tasks))
        return found | {"total": sum(found.values())}

    @property
    def grades(self) -> Any:
        """One row per learner: points per task, per rubric item (NaN until marked), total."""
        import pandas as pd

        rows = [
            {"learner": g.learner, **g.points(self.tasks), "total": g.total(self.tasks)}
            for g in self.graded
        ]
        names = ["learner", *(n for n, _ in columns(self.tasks)), "total"]
        return pd.DataFrame(rows, columns=names).set_index("learner")

    @property
    def items(self) -> Any:
        """One row per learner per feedback line: answer, key, score, status, explanation."""
        import pandas as pd

        rows = [
            {"learner": g.learner, "task": task, **_item(i)}
            for g in self.graded
            for task, result in g.results.items()
            for i in result.items
        ]
        names = ["learner", "task", "item", "label", "answer", "key", "score", "max_points"]
        return pd.DataFrame(rows, columns=[*names, "status", "explanation"])

    @property
    def problems(self) -> Any:
        import pandas as pd

        return pd.DataFrame(
            [_problem(p) for p in self.problem_list],
            columns=["file", "learner", "reason"],
        )

    @property
    def rubric(self) -> Any:
        """The rubric sheet as written to ``rubric-sheet.csv`` (scores as numbers)."""
        import pandas as pd

        frame = pd.DataFrame(
            [[uncell(v) for v in row] for row in rubric_rows(self.graded, self.tasks)],
            columns=COLUMNS,
        )
        for name in ("max_points", "score"):
            frame[name] = pd.to_numeric(frame[name])
        return frame

    @property
    def agreement(self) -> Any:
        """Krippendorff's alpha per label set and highlight layer, with the median kappa."""
        import statistics

        import pandas as pd

        counts = self.counts or tally(self.graded, self.tasks, self.views, len(self.case.text))
        rows = []
        for (task, name), layer in counts.layers.items():
            rows.append([task, name, layer.learners, layer.alpha(self.case.text), None])
        for (task, name), labels in counts.labels.items():
            kappa = statistics.median(labels.kappas) if labels.kappas else None
            rows.append([task, name, labels.learners, labels.alpha(), kappa])
        return pd.DataFrame(rows, columns=["task", "what", "learners", "alpha", "median_kappa"])

    @property
    def counted(self) -> tuple[int, int]:
        """The lines of ``problems.csv`` as (problems, notes on graded answers)."""
        notes = sum(p.graded for p in self.problem_list)
        return len(self.problem_list) - notes, notes

    def report_html(self) -> str:
        return class_report(
            self.case, self.tasks, self.views, self.graded, self.counted, self.counts, self.found
        )

    def feedback_html(self, learner: str) -> str:
        from kit.grading.feedback import render_feedback

        for g in self.graded:
            if g.learner == learner:
                if not any(r.items for r in g.results.values()):
                    raise ValueError("graded with keep_items=False: no feedback lines were kept")
                return render_feedback(g, self.context)
        raise KeyError(f"no graded learner {learner!r}")


def _item(item: Any) -> dict[str, Any]:
    return {name: getattr(item, name) for name in item.__slots__}


def _problem(problem: Problem) -> dict[str, str]:
    return {"file": problem.file, "learner": problem.learner, "reason": problem.reason}


def grade(
    submissions: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    key: str | os.PathLike[str],
    *,
    out: str | os.PathLike[str] | None = None,
    rubric: str | os.PathLike[str] | None = None,
    case: str | os.PathLike[str] | None = None,
    latest: bool = False,
    lms: str = "generic",
    workers: int | None = None,
    progress: bool | None = None,
    keep_items: bool = True,
    exercises: Iterable[str] | None = None,
) -> ClassGrades:
    """Grade hand-ins (files, folders or glob patterns) against ``key``.

    With ``out``, write ``grades.csv``, ``feedback/<learner>.html``, ``class-report.html``,
    ``rubric-sheet.csv`` and ``problems.csv`` there, and nothing anywhere else. ``rubric`` is
    a filled rubric sheet to merge. ``latest`` grades only the last-saved of several files of
    one learner. ``progress`` (default: when there are 200 files or more) draws a bar on
    stderr. ``keep_items=False`` drops the feedback lines once the pages are written, and the
    labels and highlights once counted (for very large classes; ``items`` is then empty).
    ``exercises`` grades only those exercises (ids such as ``02_claims``, or just ``02``):
    after an early homework, later exercises are neither scored 0 nor shown, with their key,
    on the feedback pages.

    With ``out``, a run that finds no hand-in, or can grade none of them, raises
    :class:`NothingGraded` (its ``problems`` say why) and leaves ``out`` as it was, rather
    than replace the last run's results with an empty class. :class:`OptionError` (of which
    it is a kind) also covers an unknown exercise and an ``out`` that is a file.
    """
    with no_gc():  # many small objects, no cycles: the collector would only rescan them
        return _grade(
            submissions,
            key,
            out,
            rubric,
            case,
            latest,
            lms,
            workers,
            progress,
            keep_items,
            exercises,
        )


def _grade(
    submissions: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    key: str | os.PathLike[str],
    out: str | os.PathLike[str] | None,
    rubric: str | os.PathLike[str] | None,
    case: str | os.PathLike[str] | None,
    latest: bool,
    lms: str,
    workers: int | None,
    progress: bool | None,
    keep_items: bool,
    exercises: Iterable[str] | None,
) -> ClassGrades:
    if isinstance(submissions, str | os.PathLike):
        submissions = [submissions]
    loaded_key, loaded_case = load_key_and_case(Path(key), case)
    every = active_tasks(loaded_key)
    tasks = every if exercises is None else _chosen(every, exercises)
    views = {
        t.exercise: t.key_view(loaded_key[t.section], loaded_case) if t.key_view else KeyView()
        for t in tasks
    }
    sections = {
        t.exercise: (
            t.prepare(loaded_key[t.section], loaded_case) if t.prepare else loaded_key[t.section]
        )
        for t in tasks
    }
    out_dir = Path(out).resolve() if out is not None else None
    if out_dir is not None and out_dir.exists() and not out_dir.is_dir():
        raise OptionError(f"{out}: is a file, not a folder: name a folder to write into")
    scores: dict[tuple[str, str], RubricScore] = {}
    rubric_problems: list[Problem] = []
    if rubric is not None:
        # Read before any writing, against every exercise of the key: rows for exercises
        # not graded in this run are not errors (they are kept; see keep_marked).
        scores, rubric_problems = read_rubric(Path(rubric), every)
    paths, problems = find_submissions(submissions, exclude=out_dir)
    unread = sum(p.reason in UNREAD for p in problems)  # in the folders, but not hand-ins
    if out_dir is not None and not paths:
        raise NothingGraded.found_none(problems, out_dir)
    lock = contextlib.ExitStack()  # two runs into one folder would delete each other's pages
    if out_dir is not None:
        lock.enter_context(locked(out_dir))
    with lock:
        feedback_dir, old_pages = (
            prepare_out(out_dir) if out_dir is not None else (None, Clearing(None))
        )
        context = Context(
            Expect(loaded_case.id, loaded_case.article.sha256),
            loaded_case.text,
            loaded_case.title,
            tasks,
            sections,
            scores,
            str(feedback_dir) if feedback_dir is not None else None,
            keep_items,
            views,
        )
        counts = Tallies(tasks, views, len(loaded_case.text))  # workers count, batch by batch
        show = progress if progress is not None else len(paths) >= 200
        with Progress(len(paths), "grading", enabled=show) as bar:
            results = grade_files(paths, context, workers, bar.advance, counts.merge)
        graded, refused = settle(
            results, latest, feedback_dir, dropped=lambda g: counts.discard(g.unpacked())
        )
        problems += refused
        if out_dir is not None and feedback_dir is not None and not graded:
            stayed = old_pages.undo(feedback_dir)
            with contextlib.suppress(OSError):  # made by this run and still empty: gone
                feedback_dir.rmdir()
            raise NothingGraded.graded_none(
                problems, len(paths), out_dir, lost=old_pages.deleted, aside=stayed
            )
        known = {g.learner for g in graded}
        problems += rubric_problems
        problems += stale_marks(graded, scores) + notes_on(graded)
        problems += unknown_learners(str(rubric), scores, known)
        result = ClassGrades(loaded_case, loaded_key, tasks, views, graded, problems, context)
        result.out, result.counts, result.found = out_dir, counts, len(paths) + unread
        if out_dir is not None:
            carried = b""
            if rubric is not None and len(tasks) < len(every):
                carried = rows_of_other_exercises(Path(rubric), {t.exercise for t in tasks})
            old_pages.start()  # the last run's pages go while the files are written
            try:
                _write(result, out_dir, lms, carried, old_pages)
            finally:
                old_pages.wait()
        return result


def _chosen(tasks: list[Task], wanted: Iterable[str]) -> list[Task]:
    """The tasks named by full id (``02_claims``) or number (``02``), in the key's order."""
    if isinstance(wanted, str):
        wanted = wanted.split(",")
    names = {name.strip() for name in wanted if name.strip()}
    known = {t.exercise for t in tasks} | {t.exercise.split("_")[0] for t in tasks}
    unknown = sorted(names - known)
    if unknown or not names:
        raise OptionError(
            f"no exercise {', '.join(map(repr, unknown)) or '(none named)'} in the key; "
            f"it has {', '.join(t.exercise for t in tasks)}"
        )
    return [t for t in tasks if t.exercise in names or t.exercise.split("_")[0] in names]


def _write(result: ClassGrades, out: Path, lms: str, carried: bytes, old_pages: Clearing) -> None:
    sheet = out / "rubric-sheet.csv"
    data = sheet_bytes(result.graded, result.tasks) + carried
    kept = keep_marked(sheet, data)
    if kept is not None:
        result.problem_list.append(Problem(str(kept), kept_sheet(sheet, kept, result.graded)))
    write_grades(out / "grades.csv", result.graded, result.tasks, lms)
    sheet.write_bytes(data)
    failed = old_pages.wait()  # before problems.csv and the report, which count problems
    if failed is not None:
        result.problem_list.append(
            Problem(
                str(out / PREVIOUS),
                f"the last run's feedback pages, moved here, could not all be deleted "
                f"({failed.strerror or failed}); the new pages are in feedback/: delete this "
                "folder by hand",
            )
        )
    write_problems(out / "problems.csv", result.problem_list)
    (out / "class-report.html").write_text(result.report_html(), encoding="utf-8")


def summary(result: ClassGrades, stream: Any = None, limit: int = 10) -> None:
    """Print what was graded, the first problems and where everything went."""
    stream = stream or sys.stdout
    problems = result.problem_list
    refused, notes = result.counted
    noted = f", {notes} note(s) on graded answers" if notes else ""
    print(f"graded {len(result.graded)} hand-in(s); {refused} problem(s){noted}", file=stream)
    for p in problems[:limit]:
        print(
            f"  {'note' if p.graded else 'problem'}: {Path(p.file).name}: {p.reason}", file=stream
        )
    if len(problems) > limit:
        print(f"  ... and {len(problems) - limit} more (see problems.csv)", file=stream)
    if result.out is not None:
        print("wrote:", file=stream)
        for name in OUTPUTS:
            print(f"  {result.out / name}", file=stream)
