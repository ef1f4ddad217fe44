"""Finding hand-ins and reading them as data, with a plain reason for every file refused.

A submission is a learner's answers file (see :mod:`kit.answers`). It is read with
``json.loads`` and nothing else: no pickle, no ``eval``, no import, no notebook execution. A file
is refused, with a reason for ``problems.csv``, when it

* is not a regular file, cannot be read, or is over :data:`MAX_BYTES` (5 MB);
* is not UTF-8 JSON, or is nested too deeply to parse;
* has another schema version, another case or another version of the article text;
* has a learner id that cannot safely name a file (:func:`kit.learners.check_learner_id`);
* has an exercise or item laid out differently from what the kit writes;
* holds a span whose offsets fall outside the text or whose quote is not the text there.

In a folder, only ``*.json`` files are read. Files that look like a hand-in gone wrong (a zip
of the class, a notebook sent instead of its answers, a name that lost its ``.json``, a
download that did not finish) are listed with what to do; the teacher's own files are not.

Anything else in the file, scores included, is ignored: the grader always recomputes.
"""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from kit.answers import KEPT_ASIDE, SCHEMA, parse_json
from kit.learners import LearnerIdError, check_learner_id

__all__ = [
    "MAX_BYTES",
    "UNREAD",
    "Expect",
    "Problem",
    "Submission",
    "brief",
    "find_submissions",
    "read_submission",
    "shown",
    "span_problem",
]

MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Problem:
    """A file (or rubric row) that could not be graded, and why, in words; or, with
    ``graded``, a note on a file that was graded (an answer outside the exercise's choices).

    Its texts are made :func:`shown`, since they end up in CSV files, HTML pages and the
    terminal: a file name may hold bytes that are not UTF-8 or control characters."""

    file: str
    reason: str
    learner: str = ""
    graded: bool = False

    def __post_init__(self) -> None:
        for name in ("file", "reason", "learner"):
            value = getattr(self, name)
            if not value.isprintable():
                object.__setattr__(self, name, shown(value))


def shown(text: str) -> str:
    """``text`` safe to write and print. A file name's bytes that are not UTF-8 (which Python
    keeps as lone surrogates, and which no UTF-8 file can hold) become ``\\xNN``; control and
    format characters become ``\\xNN`` or ``\\uNNNN`` (an escape code would recolour the
    terminal, a line or paragraph separator fake a line of the summary, a right-to-left mark
    turn a name round)."""
    return "".join(ch if ch.isprintable() or ch == " " else _escaped(ord(ch)) for ch in text)


def _escaped(code: int) -> str:
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


@dataclass(frozen=True, slots=True)
class Expect:
    """What every submission must match: the key's case, text version and the schema."""

    case: str
    article_sha256: str
    schema: int = SCHEMA


@dataclass(slots=True)
class Submission:
    path: str
    learner: str
    exercises: dict[str, dict[str, Any]]
    saved_at: str


def find_submissions(
    arguments: Iterable[str | os.PathLike[str]], exclude: Path | None = None
) -> tuple[list[str], list[Problem]]:
    """Expand files, folders (searched recursively for ``*.json``) and glob patterns.

    Hidden files and folders (``.x``) are skipped, as is ``exclude`` (the output folder).
    Symbolic links to folders are not followed. The same file named twice counts once.
    """
    found: dict[object, str] = {}
    problems: list[Problem] = []
    skip = os.path.realpath(exclude) if exclude is not None else None
    for argument in arguments:
        text = os.fspath(argument)
        if os.path.isdir(text):
            _walk(text, skip, found, problems)
        elif os.path.lexists(text):
            _add(text, found)
        elif glob.has_magic(text):
            matches = sorted(glob.glob(text, recursive=True))
            for match in matches:
                if os.path.isdir(match):
                    _walk(match, skip, found, problems)
                else:
                    _add(match, found)
            if not matches:
                problems.append(Problem(text, "no file matches this pattern"))
        else:
            problems.append(Problem(text, "no such file or folder"))
    return sorted(found.values()), problems


def _add(path: str, found: dict[object, str], ident: object = None) -> None:
    """Remember a file once, by device and inode (so two names for one file count once)."""
    if ident is None:
        try:
            info = os.stat(path)
            ident = (info.st_dev, info.st_ino)
        except OSError:
            ident = os.path.abspath(path)
    found.setdefault(ident, path)


def _walk(folder: str, skip: str | None, found: dict[object, str], problems: list[Problem]) -> None:
    stack = [folder]
    while stack:
        here = stack.pop()
        try:
            device = os.stat(here).st_dev
            entries = sorted(os.scandir(here), key=lambda e: e.name)
        except OSError as err:  # hand-ins in it would be missed: say so
            problems.append(Problem(here, f"this folder cannot be read ({err.strerror or err})"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                if skip is None or os.path.realpath(entry.path) != skip:
                    stack.append(entry.path)
            elif entry.name.lower().endswith(".json"):
                link = entry.is_symlink()
                _add(entry.path, found, None if link else (device, entry.inode()))
            elif entry.is_file() and (reason := _unread(entry.name, entry.path)) is not None:
                problems.append(Problem(entry.path, reason))


def _unread(name: str, path: str) -> str | None:
    """Why a file in a hand-ins folder that is not ``*.json`` was not read, when it looks like
    a hand-in gone wrong; None for the teacher's own files (a README, a spreadsheet), which
    are passed over in silence."""
    lower = name.lower()
    if lower.endswith(".json.txt"):  # a browser's rename of a hand-in
        return _RENAMED
    if lower.endswith((".crdownload", ".part", ".json.download")):
        return _PARTIAL
    if lower.endswith(".zip"):
        return _ZIPPED
    if lower.endswith(".ipynb"):
        return _NOTEBOOK
    if "--" in name or ("." not in name and _starts_as_json(path)):  # named as kit submit names
        return _NO_SUFFIX
    return None


def _starts_as_json(path: str) -> bool:
    """Whether a file without a suffix begins like an answers file: a README does not."""
    try:
        with open(path, "rb") as f:
            return f.read(64).lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")
    except OSError:
        return False


_RENAMED = "is not named .json (a browser or mail program may have renamed it): rename it"
_PARTIAL = "is a download that may not have finished, so it was not read: download it again"
_ZIPPED = (
    "is a zip archive, not read: if it holds hand-ins you have not unzipped yet, unzip it "
    "into the folder and grade again (or move it out of the folder)"
)
_NOTEBOOK = (
    "is a Jupyter notebook, not an answers file, so it was not read: ask the learner for the "
    ".json file that the hand_in() cell (or kit submit) names"
)
_NO_SUFFIX = (
    "has no .json at the end of its name, so it was not read: if it is a learner's answers "
    "file, add .json to its name"
)
UNREAD = frozenset((_RENAMED, _PARTIAL, _NOTEBOOK, _NO_SUFFIX))
"""The reasons for files found in a folder but not read that are each a hand-in not graded
(a zip holds hand-ins, or copies of them, so it is listed but not counted)."""


def read_submission(path: str | os.PathLike[str], expect: Expect) -> Submission | Problem:
    """Read one answers file as data, or say in plain words why it cannot be graded."""
    name = os.fspath(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(name, flags)  # non-blocking: a named pipe must not hang the grader
    except OSError as err:
        return Problem(name, f"cannot be read ({err.strerror or err})")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return Problem(name, "is not a regular file")
        if info.st_size > MAX_BYTES:
            return Problem(name, _too_big(info.st_size))
        chunks, size = [], 0
        want = info.st_size + 1  # ask for what fstat saw: a 5 MB request allocates 5 MB
        while size <= MAX_BYTES:
            ask = min(want, MAX_BYTES + 1 - size)
            chunk = os.read(fd, ask)
            chunks.append(chunk)
            size += len(chunk)
            if len(chunk) < ask:  # a regular file reads short only at its end
                break
            want = 65536  # it grew since fstat: read on, up to the limit
    except OSError as err:
        return Problem(name, f"cannot be read ({err.strerror or err})")
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > MAX_BYTES:
        return Problem(name, _too_big(len(raw)))
    if raw.startswith(b"PK\x03\x04"):  # named on the command line: a zip of the class
        return Problem(name, _ZIPPED)
    data, trouble = parse_json(raw)
    if trouble:
        return Problem(name, trouble + _ASK.get(trouble, ""))
    return _check(name, data, expect)


_ASK = {"is empty": ": it may have been uploaded before it was saved; ask the learner for it again"}


def _too_big(size: int) -> str:
    return f"is {size / 1024 / 1024:.1f} MB, over the {MAX_BYTES // 1024 // 1024} MB limit"


def _check(name: str, data: Any, expect: Expect) -> Submission | Problem:
    if not isinstance(data, dict):
        return Problem(name, "is JSON but not a kit answers file (not an object)")
    if "cells" in data and "nbformat" in data:
        return Problem(name, _NOTEBOOK)
    if "exercises" not in data and "learner" not in data:  # the key, say, in the hand-ins
        return Problem(
            name,
            "is JSON but not a learner's answers file: it has no learner and no exercises "
            "(an answer key, or another program's file?)",
        )
    schema = data.get("schema")
    if schema != expect.schema:
        return Problem(
            name,
            f"has schema version {brief(schema)}; this kit reads version {expect.schema}",
            _safe_id(data),
        )
    if data.get("case") != expect.case:
        return Problem(
            name, f"is for the case {brief(data.get('case'))}, not {expect.case!r}", _safe_id(data)
        )
    if data.get("article_sha256") != expect.article_sha256:
        return Problem(
            name,
            "was made for another version of the article text (its article_sha256 differs "
            "from the key's)",
            _safe_id(data),
        )
    learner = data.get("learner")
    try:
        check_learner_id(learner)
    except LearnerIdError:
        return Problem(
            name,
            f"has the learner id {brief(learner)}, which is not a safe file name: the kit never "
            "writes one, so the file was edited by hand; ask the learner for a fresh hand-in "
            "(hand_in() or kit submit)",
        )
    exercises = data.get("exercises")
    if not isinstance(exercises, dict):
        return Problem(name, "has no 'exercises' object", learner)
    values: dict[str, dict[str, Any]] = {}
    latest = ""
    for exercise, items in exercises.items():
        if not isinstance(items, dict):
            return Problem(
                name, f"exercise {brief(exercise)} is not laid out as the kit writes it", learner
            )
        found = values[exercise] = {}
        for item, entry in items.items():
            if type(entry) is not dict or "value" not in entry:
                return Problem(
                    name, f"exercise {brief(exercise)}, item {brief(item)} has no value", learner
                )
            found[item] = entry["value"]
            saved = entry.get("saved_at")
            if type(saved) is str and saved > latest:
                latest = saved
    if latest and not _plausible(latest):  # rare: a hand-edited file; look at every time
        stamps = (e.get("saved_at") for items in exercises.values() for e in items.values())
        latest = max((t for t in stamps if type(t) is str and _plausible(t)), default="")
    return Submission(name, learner, values, latest)


def _safe_id(data: dict[str, Any]) -> str:
    """The file's learner id for problems.csv, when it is one the kit would accept: the
    teacher then knows whom to ask for a new file."""
    try:
        check_learner_id(data.get("learner"))
    except LearnerIdError:
        return ""
    return str(data.get("learner"))


def _plausible(stamp: str) -> bool:
    """Whether a ``saved_at`` can be a time the kit wrote: a date, and not in the future.
    ``--latest`` grades the file saved last, so a made-up 9999 must not win."""
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        return False
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when <= datetime.now(UTC) + timedelta(days=1)


_NESTED = frozenset((list, dict))


def span_problem(
    exercises: Mapping[str, Mapping[str, Any]], text: str, graded: Iterable[str]
) -> str | None:
    """The first span (any object with ``start`` or ``end``) that does not fit the text."""
    size = len(text)
    for exercise in graded:
        for item, value in (exercises.get(exercise) or {}).items():
            kind = type(value)
            if (kind is not list and kind is not dict) or item.endswith(KEPT_ASIDE):
                continue
            stack, count = [value], 0
            while stack:
                node = stack.pop()
                if type(node) is list:
                    stack += [v for v in reversed(node) if type(v) in _NESTED]
                    continue
                if "start" in node or "end" in node:
                    count += 1
                    start, end = node.get("start"), node.get("end")
                    if (
                        type(start) is not int
                        or type(end) is not int
                        or not 0 <= start < end <= size
                        or node.get("quote") != text[start:end]
                    ):
                        reason = _bad_span(node, text)
                        return f"exercise {exercise}, item {item}, span {count}: {reason}"
                for v in node.values():
                    if type(v) in _NESTED:
                        stack.append(v)
    return None


def _bad_span(span: dict[str, Any], text: str) -> str:
    start, end = span.get("start"), span.get("end")
    if any(isinstance(v, bool) or not isinstance(v, int) for v in (start, end)):
        return f"offsets {brief(start)}-{brief(end)} are not whole numbers"
    if start >= end:
        return f"its start ({start}) is not before its end ({end}): an empty or reversed span"
    if not 0 <= start < end <= len(text):
        return f"offsets {start} to {end} are outside the text (0 to {len(text)})"
    quote = span.get("quote")
    if quote != text[start:end]:
        return (
            f"the quote {brief(quote)} is not the text at {start}-{end} "
            f"({brief(text[start:end])}): the file was edited or made for another text"
        )
    return "it does not fit the text"


def brief(value: Any, limit: int = 40) -> str:
    """A short, safe rendering of a submitted value for a message (never the whole value).
    Text keeps its closing quote when cut, so it never runs into the sentence around it."""
    if isinstance(value, str):
        shown = repr(value[:limit])
        if len(value) > limit or len(shown) > limit:
            shown = shown[: limit - 2] + "…" + shown[0]
        return shown
    if value is not None and not isinstance(value, int | float):
        return "(" + type(value).__name__ + ")"
    shown = repr(value)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"
