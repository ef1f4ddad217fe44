"""The rubric sheet: free-text answers out to the instructor, their scores back in.

``kit grade`` writes ``rubric-sheet.csv`` with one row per learner per free-text item::

    learner, task, item, max_points, levels, answer, score, comment

The instructor fills in ``score`` (and, if they like, ``comment``, which appears on the
learner's feedback page) in a spreadsheet, saves it as CSV and passes it back with
``--rubric FILE``. Blank scores stay "to be marked"; an empty answer is pre-filled with 0.
Rows that cannot be used (an unknown learner or item, a score that is not a number between 0
and the maximum) are listed in ``problems.csv`` and ignored; everything else is merged. A sheet
that cannot be read at all stops the run before anything is written (:class:`RubricError`),
and a marked sheet about to be replaced by one without its marks is first copied aside
(:func:`keep_marked`): a re-grade never loses what an instructor typed.

Spreadsheets run formulas: a learner's answer starting with ``=`` would be one. Every text
cell that starts with ``= + - @``, a tab or a carriage return is written behind a ``'``, which
spreadsheets show as text; the ``'`` is removed again on reading.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import itertools
import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from kit.grading.engine import Graded
from kit.grading.registry import RubricScore, Task
from kit.grading.submissions import MAX_BYTES, Problem

__all__ = [
    "COLUMNS",
    "RubricError",
    "cell",
    "csv_line",
    "keep_marked",
    "read_rubric",
    "rows_of_other_exercises",
    "rubric_rows",
    "sheet_bytes",
    "sheet_lines",
    "uncell",
    "write_csv",
]

COLUMNS = ["learner", "task", "item", "max_points", "levels", "answer", "score", "comment"]
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_FIRST = frozenset(_FORMULA)


def cell(text: object) -> str:
    """A CSV cell a spreadsheet will show as text, never run as a formula."""
    value = text if type(text) is str else "" if text is None else str(text)
    return "'" + value if value[:1] in _FIRST else value


def uncell(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA) else text


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """UTF-8 with a byte-order mark, so spreadsheets open accented text correctly."""
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _field(value: str) -> str:
    """A cell quoted as ``csv.writer`` quotes it: only when it holds a comma, a quote or a
    line end (four plain searches, a little quicker than one regular expression)."""
    if "," in value or '"' in value or "\n" in value or "\r" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def csv_line(fields: Iterable[str]) -> str:
    """One record as ``csv.writer`` writes it (minimal quoting, ``\\r\\n``), for rows of two
    fields or more. The sheet is built from these so that its long, constant cells (the
    rubric levels) are quoted once per item, not once per learner."""
    return ",".join(map(_field, fields)) + "\r\n"


def sheet_bytes(graded: Sequence[Graded], tasks: Sequence[Task]) -> bytes:
    """``rubric-sheet.csv``: the rows of :func:`rubric_rows`, as ``write_csv`` would write them.
    Each learner's lines were usually made by the worker that graded them (``Graded.sheet``),
    so the sheet of a large class costs the main process one join."""
    out = [csv_line(COLUMNS).encode("utf-8-sig")]
    out += [g.sheet if g.sheet is not None else sheet_lines(g, tasks) for g in graded]
    return b"".join(out)


def sheet_lines(learner: Graded, tasks: Sequence[Task]) -> bytes:
    """One learner's rows of the rubric sheet, as UTF-8 CSV."""
    name = _field(cell(learner.learner)).encode()
    out = []
    by_task = learner.answers()
    for task in tasks:
        answers = by_task[task.exercise]
        for spec, column in task.rubric_columns:
            merged = learner.rubric[column]
            answer = _field(cell(answers.get(spec.item, ""))).encode()
            fixed = _fixed(task.exercise, spec.item, spec.max_points, spec.levels)
            out += (name, fixed, answer, _mark(merged.score, merged.comment))
    return b"".join(out)


@lru_cache(maxsize=256)
def _fixed(exercise: str, item: str, max_points: float, levels: str) -> bytes:
    """The cells a rubric item's rows share (task to levels), quoted once, not once per row:
    everything between the learner and the answer, with both commas. Keyed by the spec's
    fields, not the spec: a frozen dataclass hashes itself in Python, which made this lookup
    most of the cost of a row."""
    fields = ["", exercise, item, _number(max_points), cell(levels), ""]
    return csv_line(fields)[:-2].encode()


@lru_cache(maxsize=1024)
def _mark(score: float | None, comment: str) -> bytes:
    """The end of a row, from the comma after the answer: the same for most of a class (not
    marked yet, or 0 for an empty answer)."""
    return csv_line(["", _number(score), cell(comment)]).encode()


def rubric_rows(graded: Sequence[Graded], tasks: Sequence[Task]) -> list[list[str]]:
    rows = []
    for learner in graded:
        by_task = learner.answers()
        for task in tasks:
            answers = by_task[task.exercise]
            for spec, column in task.rubric_columns:
                merged = learner.rubric[column]
                rows.append(
                    [
                        cell(learner.learner),
                        task.exercise,
                        spec.item,
                        _number(spec.max_points),
                        cell(spec.levels),
                        cell(answers.get(spec.item, "")),
                        _number(merged.score),
                        cell(merged.comment),
                    ]
                )
    return rows


def _rows(
    reader: csv.DictReader[str], name: str, problems: list[Problem]
) -> Iterator[tuple[int, dict[str, str]]]:
    """The sheet's rows with their line numbers; a row csv cannot read ends the merge there,
    with a problem saying so, instead of a traceback."""
    line = 1
    try:
        for line, row in enumerate(reader, 2):
            yield line, row
    except csv.Error as err:
        problems.append(
            Problem(
                name, f"row {line + 1} cannot be read ({err}); rows from there on were not merged"
            )
        )


def _number(value: float | None) -> str:
    return "" if value is None else f"{round(value, 2):g}"


_WINDOWS_1252 = (
    "was not saved as UTF-8, so it was read as Windows-1252 (Excel's plain 'CSV' in Western "
    "Europe and the Americas). If letters in comments look wrong on the feedback pages, save "
    "the sheet again as 'CSV UTF-8' and grade again"
)


def _reader(raw: bytes) -> csv.DictReader[str]:
    """A reader over a saved sheet. Spreadsheets save CSV as UTF-8 (with or without a byte-order
    mark) or, as Excel's plain "CSV" on Windows does, in the computer's code page: that is
    read as Windows-1252, the common one (see :data:`_WINDOWS_1252`). The delimiter is ',' or,
    in some locales, ';' (or a tab)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    csv.field_size_limit(max(csv.field_size_limit(), 2 * MAX_BYTES))  # a whole hand-in fits
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    # csv must see the text whole: splitlines() would also break at characters csv does not
    # quote (Word's soft line break \x0b, \x85, \u2028), splitting one row into two.
    return csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)


def _utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def rows_of_other_exercises(path: Path, graded: set[str]) -> bytes:
    """The sheet's rows for exercises not graded in this run, as the kit writes rows: a run
    with ``--exercises`` carries them into the new sheet, marks and all, so narrowing the
    exercises for one run never splits an instructor's marks across two files."""
    out = []
    with contextlib.suppress(csv.Error):  # read_rubric has reported the row csv cannot read
        for row in _reader(Path(path).read_bytes()):
            if (row.get("task") or "").strip() not in graded and (row.get("learner") or "").strip():
                fields = [cell(uncell(row.get(name) or "")) for name in COLUMNS]
                out.append(csv_line(fields).encode())
    return b"".join(out)


def keep_marked(path: Path, new: bytes) -> Path | None:
    """Before ``path`` is replaced by ``new``: if it holds scores or comments that ``new`` lacks,
    copy it aside and return the copy. A re-grade that did not merge the sheet (no --rubric, a
    refused row) must not wipe out marks an instructor typed into it."""
    try:
        old = path.read_bytes()
    except FileNotFoundError:
        return None
    if old == new:
        return None
    typed = _marks(old)  # usually nothing: then the new sheet (41 MB for 10,000) is not parsed
    if not typed or typed <= _marks(new):
        return None
    stamp = f"{path.stem}.before-{datetime.now():%Y%m%d-%H%M%S}"
    for n in itertools.count(1):
        backup = path.with_name(f"{stamp}{'' if n == 1 else f'-{n}'}{path.suffix}")
        try:
            with open(backup, "xb") as handle:  # never replaces an earlier copy
                handle.write(old)
            return backup
        except FileExistsError:
            continue
    raise AssertionError("unreachable")


def _typed_score(row: dict[str, str]) -> str:
    """The score cell as typed, with a decimal comma read as a point."""
    return (row.get("score") or "").strip().replace(",", ".")


def _prefilled(row: dict[str, str]) -> bool:
    """The 0 the kit itself puts against an empty answer: not a mark anyone typed, and not one
    to carry over once the learner has handed in an answer."""
    blank = "answer" in row and not (row.get("answer") or "").strip()
    if not blank or (row.get("comment") or "").strip():
        return False
    try:
        return float(_typed_score(row)) == 0
    except ValueError:
        return False


def _marks(raw: bytes) -> set[tuple[str, ...]]:
    """The scores and comments typed into a sheet, written the way the kit writes them."""
    try:
        rows = list(_reader(raw))
    except (UnicodeDecodeError, csv.Error):
        return {("an unreadable sheet",)}
    found = set()
    for row in rows:
        score = _typed_score(row)
        comment = uncell((row.get("comment") or "").strip())
        if (score or comment) and not _prefilled(row):
            with contextlib.suppress(ValueError):
                score = _number(float(score)) if score else ""
            where = (uncell(row.get("learner") or ""), row.get("task") or "", row.get("item") or "")
            found.add((*(w.strip() for w in where), score, comment))
    return found


_SCORE = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)", re.ASCII)
_SHEET_LIMIT = 500 * 1024 * 1024  # a sheet for 10,000 learners is about 41 MB


def _sheet_bytes(path: Path) -> bytes:
    """The sheet's bytes. Only a regular file is read, and only up to a limit: a named pipe
    would hang the run, a device such as /dev/zero would fill the memory."""
    where = f"{path}: the rubric sheet"
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise RubricError(f"{where} is not a regular file. Nothing was graded or written")
        if info.st_size > _SHEET_LIMIT:
            raise RubricError(f"{where} is over {_SHEET_LIMIT // 2**20} MB. Nothing was graded")
        return path.read_bytes()
    except OSError as err:
        raise RubricError(
            f"{where} cannot be read ({err.strerror or err}). Nothing was graded or written: "
            "check the path given to --rubric"
        ) from None


class RubricError(ValueError):
    """The sheet given to merge cannot be used at all. Nothing is graded or written then, so a
    re-grade with a mistyped path never replaces a marked sheet with a blank one."""


def read_rubric(
    path: Path, tasks: Sequence[Task]
) -> tuple[dict[tuple[str, str], RubricScore], list[Problem]]:
    """Read a filled sheet: ``{(learner, column): score}`` and the rows that were refused.
    Raises :class:`RubricError` when the file as a whole cannot be used."""
    name = str(path)
    raw = _sheet_bytes(Path(path))
    if raw.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):  # .xlsx/.ods (zip), old .xls
        raise RubricError(
            f"{name}: this is a spreadsheet's own file, not CSV. Save it as 'CSV UTF-8' "
            "(File > Save As) and pass that file. Nothing was graded or written"
        )
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise RubricError(
            f"{name}: the rubric sheet was saved as UTF-16 (Excel's 'Unicode Text'). Save it "
            "again as 'CSV UTF-8'. Nothing was graded or written"
        )
    try:
        reader = _reader(raw)
        fieldnames = reader.fieldnames or []
    except UnicodeDecodeError:
        raise RubricError(
            f"{name}: the rubric sheet is not text a spreadsheet saves (neither UTF-8 nor "
            "Windows-1252). Save it again as 'CSV UTF-8'. Nothing was graded or written"
        ) from None
    except csv.Error as err:
        raise RubricError(
            f"{name}: the rubric sheet's first row cannot be read as CSV ({err}). Nothing was "
            "graded or written"
        ) from None
    missing = {"learner", "task", "item", "score"} - set(fieldnames)
    if missing:
        raise RubricError(
            f"{name}: the rubric sheet lacks the column(s) {', '.join(sorted(missing))}. "
            "Nothing was graded or written"
        )
    maxima = {(t.exercise, s.item): s.max_points for t in tasks for s in t.rubric}
    columns = {(t.exercise, s.item): column for t in tasks for s, column in t.rubric_columns}
    scores: dict[tuple[str, str], RubricScore] = {}
    problems: list[Problem] = []
    trusted = _utf8(raw)  # a code-page sheet may have turned letters into '?': no comparing
    if not trusted:
        problems.append(Problem(name, f"the rubric sheet {_WINDOWS_1252}"))
    for line, row in _rows(reader, name, problems):
        learner = uncell((row.get("learner") or "").strip())
        where = (row.get("task") or "").strip(), (row.get("item") or "").strip()
        if (not learner and not any(where)) or _prefilled(row):
            continue
        if where not in maxima:
            problems.append(
                Problem(name, f"row {line}: no rubric item {'/'.join(where)!r}", learner)
            )
            continue
        typed = _typed_score(row)
        comment = uncell((row.get("comment") or "").strip())
        if typed and not _SCORE.fullmatch(typed):  # float() would take '1_5' and '２'
            problems.append(
                Problem(name, f"row {line}: the score {typed!r} is not a number", learner)
            )
            continue
        score = float(typed) + 0.0 if typed else None  # + 0.0: '-0' is 0
        if score is not None and not 0 <= score <= maxima[where]:
            problems.append(
                Problem(
                    name,
                    f"row {line}: the score {typed} is outside 0 to {maxima[where]:g}",
                    learner,
                )
            )
            continue
        if score is None and not comment:
            continue  # not marked: nothing to merge, and nothing to check against the answer
        key = (learner, columns[where])
        if key in scores:
            problems.append(
                Problem(
                    name,
                    f"row {line}: a second row for {learner} / {'/'.join(where)}; "
                    "the first was used",
                    learner,
                )
            )
            continue
        shown = uncell(row.get("answer") or "") if trusted and "answer" in row else None
        scores[key] = RubricScore(score, comment, line, shown)
    return scores, problems
