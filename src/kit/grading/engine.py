"""The grading run: every file read, checked and graded, in parallel when the class is large.

Each worker reads a file as data, checks it, runs the registered graders and (when an output
folder is given) writes the learner's feedback page: to ``<learner>.html``, or to a temporary
name when that id has a page already. Once every file is graded, the main process settles
duplicate ids and gives the pages their final names, so two files that claim the same learner
never overwrite each other's feedback. A file the grader cannot use becomes a
:class:`~kit.grading.submissions.Problem`; one bad file never stops the class.
"""

from __future__ import annotations

import contextlib
import gc
import marshal
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kit.grading.registry import (
    AnswerShapeError,
    KeyView,
    RubricItem,
    RubricScore,
    Task,
    TaskResult,
)
from kit.grading.submissions import Expect, Problem, read_submission, shown, span_problem

if TYPE_CHECKING:
    from kit.grading.agreement import Tallies

__all__ = ["Context", "Graded", "RubricScore", "grade_files", "no_gc", "settle"]

PARALLEL_FROM = 400
"""Below this many files a single process is faster than starting workers."""
_CHUNK = 64
"""Files per batch in a single process (the progress bar moves once per batch)."""


@dataclass
class Context:
    """Everything a worker needs, sent to each worker once."""

    expect: Expect
    text: str
    case_title: str
    tasks: list[Task]
    sections: dict[str, dict[str, Any]]
    rubric: Mapping[tuple[str, str], RubricScore] = field(default_factory=dict)
    feedback_dir: str | None = None
    keep_items: bool = True
    views: Mapping[str, KeyView] | None = None
    """With views, each batch of results comes with its Tallies, counted by the worker."""
    graded_on: str = field(default_factory=lambda: date.today().isoformat())
    """The date on every feedback page of the run."""


@dataclass(slots=True)
class Graded:
    """One learner's graded submission; ``rubric`` maps rubric columns to the merged scores."""

    learner: str
    file: str
    saved_at: str
    results: dict[str, TaskResult]
    rubric: dict[str, RubricScore]
    page: str | None = None
    """Where the worker wrote the feedback page: its final name, or a temporary one when a
    page for the same learner id was already there (a duplicate, settled afterwards)."""
    sheet: bytes | None = None
    """This learner's rows of ``rubric-sheet.csv``, made by the worker when files are written:
    the main process then only joins them, instead of making every row alone at the end."""
    stale: list[str] = field(default_factory=list)
    """Rubric columns whose mark in the merged sheet was given to a different answer."""
    blank: bool = False
    """The hand-in holds no answer to any exercise graded: it scores 0 with a note, since
    the learner probably handed in before starting or sent the wrong file."""
    packed: bytes | None = None
    """In a slim run (``keep_items=False``), the labels and highlights the worker counted and
    the rubric answers its sheet lines hold, packed into one string of bytes: thousands of
    small objects the main process would otherwise rebuild, and needs only for a duplicate
    taken back out or a rubric table asked for (:meth:`unpacked`)."""

    def __reduce__(self) -> tuple[Any, ...]:  # plain tuples: a worker sends one per learner
        fields = (self.file, self.saved_at, self.results, self.rubric, self.page, self.sheet)
        fields += (self.stale, self.blank, self.packed)
        return (Graded, (self.learner, *fields))

    def pack(self) -> None:
        """Move the labels, highlights and rubric answers into :attr:`packed`.

        marshal, not pickle: it writes plain data in half the time. Data it cannot write
        (say, a third-party grader's own objects among the labels) simply stays unpacked."""
        results = self.results.values()
        data = [
            (r.labels, r.highlights, [(i.item, i.answer, i.score) for i in r.rubric])
            for r in results
        ]
        try:
            self.packed = marshal.dumps(data)
        except ValueError:
            return
        for result in results:
            result.labels, result.highlights, result.rubric = {}, {}, []

    def unpacked(self) -> Graded:
        """This learner with the packed labels, highlights and rubric answers back in place."""
        if self.packed is not None:
            kept = marshal.loads(self.packed)  # written by this run's own worker, never a file
            for result, (labels, highlights, rubric) in zip(
                self.results.values(), kept, strict=True
            ):
                result.labels, result.highlights = labels, highlights
                result.rubric = [RubricItem(*entry) for entry in rubric]
            self.packed = None
        return self

    def answers(self) -> dict[str, dict[str, str]]:
        """The free-text answers, task by task (item -> answer), read from the packed copy in
        a slim run without unpacking the rest: a rubric table asked for after a large class
        must not bring back every learner's labels and highlights."""
        if self.packed is None:
            return {n: {r.item: r.answer for r in t.rubric} for n, t in self.results.items()}
        kept = marshal.loads(self.packed)  # written by this run's own worker, never a file
        return {n: {i: a for i, a, _ in k[2]} for n, k in zip(self.results, kept, strict=True)}

    def points(self, tasks: Sequence[Task]) -> dict[str, float | None]:
        """Points per ``grades.csv`` column: each task, then its rubric items (None if unscored)."""
        row: dict[str, float | None] = {}
        results, rubric = self.results, self.rubric
        for task in tasks:
            row[task.exercise] = results[task.exercise].points
            for _spec, column in task.rubric_columns:
                row[column] = rubric[column].score
        return row

    def total(self, tasks: Sequence[Task]) -> float:
        """The exact sum (the DataFrame's points are not rounded either); the files and pages
        show :func:`kit.grading.page.added`, the sum of the scores as shown."""
        return sum(v for v in self.points(tasks).values() if v is not None)


_UNMARKED = {None: RubricScore(None), 0.0: RubricScore(0.0)}
"""The scores of free-text items nobody has marked: not yet (None), or 0 for an empty
answer. Shared by every learner (they are frozen), so a class makes and sends two, not
fourteen per learner."""


def grade_file(index: int, path: str, ctx: Context) -> Graded | Problem:
    """Grade one file; returns a Problem instead of raising, whatever the file holds."""
    submission = read_submission(path, ctx.expect)
    if isinstance(submission, Problem):
        return submission
    name, learner = (path if path.isprintable() else shown(path)), submission.learner
    bad_span = span_problem(submission.exercises, ctx.text, [t.exercise for t in ctx.tasks])
    if bad_span:
        return Problem(name, bad_span, learner)
    results: dict[str, TaskResult] = {}
    for task in ctx.tasks:
        values = submission.exercises.get(task.exercise, {})
        try:
            results[task.exercise] = task.grader(values, ctx.sections[task.exercise])
        except AnswerShapeError as err:
            return Problem(name, f"exercise {task.exercise}: {err}", learner)
        except Exception as err:  # a grader bug must not stop the class; it is reported
            failed = f"the {task.exercise} grader failed on this file {_said(err)}"
            return Problem(name, failed, learner)
    rubric: dict[str, RubricScore] = {}
    stale: list[str] = []
    marks = ctx.rubric
    for task in ctx.tasks:
        own = {r.item: r for r in results[task.exercise].rubric}
        for spec, column in task.rubric_columns:
            item = own.get(spec.item)
            merged = marks.get((learner, column)) if marks else None
            if merged is not None and not merged.fits(item.answer if item else ""):
                stale.append(column)  # marked for another answer: not applied, reported
                merged = None
            if merged is None:
                score = item.score if item else None
                merged = _UNMARKED.get(score) or RubricScore(score)
            rubric[column] = merged
    blank = not any(submission.exercises.get(t.exercise) for t in ctx.tasks)
    graded = Graded(learner, name, submission.saved_at, results, rubric, stale=stale, blank=blank)
    if ctx.feedback_dir is not None:
        from kit.grading.feedback import render_page
        from kit.grading.rubric import sheet_lines

        try:
            page = render_page(graded, ctx)
            graded.sheet = sheet_lines(graded, ctx.tasks)
        except Exception as err:  # a bug must cost one learner's page, not the class
            return Problem(name, f"its feedback page could not be made {_said(err)}", learner)
        graded.page = _write_page(ctx.feedback_dir, learner, index, page)
    if not ctx.keep_items:
        for result in results.values():
            result.items = []
    return graded


def _said(err: Exception) -> str:
    return f"({type(err).__name__}: {err}); please report this to the kit's authors"


_EXCLUSIVE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def _write_page(folder: str, learner: str, index: int, data: bytes) -> str:
    """Write ``<learner>.html``, or a temporary name if a page for that id exists already."""
    for name in (f"{learner}.html", f".{index}.html.tmp"):
        path = os.path.join(folder, name)
        try:
            fd = os.open(path, _EXCLUSIVE, 0o644)
        except FileExistsError:
            continue
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        return path
    raise FileExistsError(f"{folder}: leftover temporary page for file {index}")


_WORKER: Context | None = None


def _init(ctx: Context) -> None:
    global _WORKER
    _WORKER = ctx


def _init_worker(ctx: Context) -> None:
    _init(ctx)
    gc.disable()  # a worker lives for one run
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to report


Batch = tuple[list[tuple[int, "Graded | Problem"]], "Tallies | None"]


def _chunk(jobs: list[tuple[int, str]]) -> Batch:
    """Grade a batch and, when the context has views, count it for the class report."""
    ctx = _WORKER
    assert ctx is not None
    done = [(i, grade_file(i, p, ctx)) for i, p in jobs]
    if ctx.views is None:
        return done, None
    from kit.grading.agreement import Tallies

    counts = Tallies(ctx.tasks, ctx.views, len(ctx.text))
    for _i, result in done:
        if isinstance(result, Graded):
            counts.add(result)
            if not ctx.keep_items:
                result.pack()
    return done, counts


def batches(jobs: list[tuple[int, str]], workers: int) -> list[list[tuple[int, str]]]:
    """Split the work for ``workers`` processes: large batches first (each costs the main
    process a merge of the class counts), then smaller and smaller ones, so that no worker
    is left with a long batch while the others have finished."""
    out, start = [], 0
    while start < len(jobs):
        size = max(16, min(256, (len(jobs) - start) // (4 * workers)))
        out.append(jobs[start : start + size])
        start += size
    return out


@contextlib.contextmanager
def no_gc() -> Iterator[None]:
    """Grading makes many small objects and no cycles; the collector only slows it down."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def grade_files(
    paths: Sequence[str | os.PathLike[str]],
    ctx: Context,
    workers: int | None = None,
    advance: Callable[[int], None] = lambda n: None,
    counted: Callable[[Tallies], None] = lambda counts: None,
) -> list[Graded | Problem]:
    """Grade every path, in input order. As batches arrive, ``advance(n)`` is called (for a
    progress bar) and, when ``ctx.views`` is set, ``counted(tallies)`` with the batch's."""
    jobs = list(enumerate(map(os.fspath, paths)))
    if workers is None:
        workers = min(os.cpu_count() or 1, 8) if len(jobs) >= PARALLEL_FROM else 1
    results: dict[int, Graded | Problem] = {}

    def arrived(batch: Batch) -> None:
        done, counts = batch
        results.update(done)
        if counts is not None:
            counted(counts)
        advance(len(done))

    with no_gc():
        _run(jobs, ctx, workers, arrived)
    return [results[i] for i in range(len(jobs))]


def _run(
    jobs: list[tuple[int, str]],
    ctx: Context,
    workers: int,
    arrived: Callable[[Batch], None],
) -> None:
    if workers <= 1:
        _init(ctx)
        for start in range(0, len(jobs), _CHUNK):
            arrived(_chunk(jobs[start : start + _CHUNK]))
    else:
        chunks = batches(jobs, workers)
        workers = max(1, min(workers, len(chunks)))  # --workers 5000 on 3 files: one process
        with multiprocessing.get_context().Pool(workers, _init_worker, (ctx,)) as pool:
            for done in pool.imap_unordered(_chunk, chunks):
                arrived(done)


def settle(
    results: Iterable[Graded | Problem],
    latest: bool = False,
    feedback_dir: Path | None = None,
    dropped: Callable[[Graded], None] = lambda graded: None,
) -> tuple[list[Graded], list[Problem]]:
    """Split results into graded learners and problems, resolving duplicate learner ids.

    Ids that differ only in case count as the same learner (their feedback pages would
    overwrite each other on Windows and macOS). Without ``latest`` every file of a duplicated
    id goes to problems; with it, the file saved last is graded and the others are listed as
    superseded. Kept feedback pages get their final names; the others are deleted.
    """
    graded: dict[str, list[Graded]] = {}
    problems: list[Problem] = []
    for result in results:
        if isinstance(result, Problem):
            problems.append(result)
        else:
            graded.setdefault(result.learner.casefold(), []).append(result)
    kept: list[Graded] = []
    for group in graded.values():
        if len(group) == 1:
            kept.append(group[0])
            continue
        ids = sorted({g.learner for g in group})
        same = "the same learner id" if len(ids) == 1 else "learner ids that differ only in case"
        files = ", ".join(Path(g.file).name for g in group)
        if latest:
            newest = max(group, key=lambda g: (g.saved_at, g.file))
            kept.append(newest)
            tie = sum(g.saved_at == newest.saved_at for g in group) > 1
            which = "the last by file name of those saved last" if tie else "the one saved last"
            problems += [
                Problem(
                    g.file,
                    f"superseded: {len(group)} files have {same} ({', '.join(ids)}); only "
                    f"{which}, {Path(newest.file).name}, was graded",
                    g.learner,
                )
                for g in group
                if g is not newest
            ]
        else:
            problems += [
                Problem(
                    g.file,
                    f"{len(group)} files have {same} ({', '.join(ids)}): {files}. None was "
                    "graded: keep the one that counts and grade again (or use --latest)",
                    g.learner,
                )
                for g in group
            ]
    kept_ids = {id(g) for g in kept}
    for group in graded.values():
        for g in group:
            if id(g) not in kept_ids:
                dropped(g)
    _settle_pages(graded.values(), kept_ids, feedback_dir)
    return sorted(kept, key=lambda g: g.learner.casefold()), problems


def _settle_pages(groups: Iterable[list[Graded]], kept: set[int], folder: Path | None) -> None:
    """Delete the pages of files not graded, then give kept pages their final names."""
    for group in groups:
        if len(group) == 1 and id(group[0]) in kept:
            continue
        for g in group:
            if id(g) not in kept and g.page is not None:
                os.unlink(g.page)
                g.page = None
        for g in group:
            if id(g) in kept and g.page is not None and folder is not None:
                final = str(folder / f"{g.learner}.html")
                if g.page != final:
                    os.replace(g.page, final)
                    g.page = final
