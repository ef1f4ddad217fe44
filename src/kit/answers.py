"""The answers file: one JSON file per learner per case, saved on every change, never lost.

A learner's typing is the one thing the kit cannot recreate, so this module is careful:

* every change is written at once, atomically: a temporary file in the same folder, ``fsync``,
  then ``os.replace``. A crash or a ``kill -9`` leaves either the old file or the new one, never
  half of one;
* before each write the file is read again under a lock and only the changed item is replaced,
  so two notebooks of the same case open side by side (two kernels) do not undo each other;
* a file that cannot be read (truncated, not JSON, another case, another version of the text, a
  newer schema) is moved aside under a timestamped name and reported in plain words. It is never
  overwritten;
* the file holds answers only, never scores: the grader always recomputes.

Layout::

    {"schema": 1, "case": "wagner-convoy", "article_sha256": "...", "learner": "ada",
     "exercises": {"01_first_read": {"genre": {"value": "opinion", "saved_at": "..."}}}}
"""

from __future__ import annotations

import codecs
import contextlib
import json
import math
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kit.learners import check_learner_id

__all__ = [
    "KEPT_ASIDE",
    "SCHEMA",
    "AnswersFile",
    "Recovery",
    "answers_dir",
    "answers_path",
    "envelope",
    "parse_json",
    "valid_items",
    "write_atomically",
]

SCHEMA = 1


@dataclass(frozen=True)
class Recovery:
    """What happened to a file that could not be used, worded for the learner."""

    damaged: Path
    kept_as: Path
    reason: str

    def message(self) -> str:
        return (
            f"Your answers file {self.damaged.name} could not be read ({self.reason}). "
            f"Nothing was deleted: it was kept as {self.kept_as.name} in {self.kept_as.parent}. "
            "A fresh file has been started. Show the kept file to your teacher if you need the "
            "old answers back."
        )


def answers_dir() -> Path:
    """Where answers live: ``$KIT_ANSWERS_DIR``, else ``~/kit-answers`` (kept across sessions)."""
    configured = os.environ.get("KIT_ANSWERS_DIR")
    return Path(configured).expanduser() if configured else Path.home() / "kit-answers"


def answers_path(case_id: str, learner: str, directory: Path | None = None) -> Path:
    """One file per learner per case, named so a teacher can tell hand-ins apart at a glance."""
    check_learner_id(learner)
    return (directory or answers_dir()) / f"{case_id}--{learner}.json"


class AnswersFile:
    """A learner's answers for one case, bound to a file that is rewritten on every change."""

    def __init__(self, path: Path, case_id: str, article_sha256: str, learner: str) -> None:
        self.path = Path(path)
        self.case_id = case_id
        self.article_sha256 = article_sha256
        self.learner = learner
        self.recoveries: list[Recovery] = []
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock():
            self._sweep()
            self._data = self._load()

    @classmethod
    def for_learner(
        cls, case_id: str, article_sha256: str, learner: str, directory: Path | None = None
    ) -> AnswersFile:
        return cls(answers_path(case_id, learner, directory), case_id, article_sha256, learner)

    def __repr__(self) -> str:
        return f"AnswersFile(case={self.case_id!r}, learner={self.learner!r})"

    # Reading -----------------------------------------------------------------------------------

    def get(self, exercise: str, item: str, default: Any = None) -> Any:
        entry = self._data["exercises"].get(exercise, {}).get(item)
        return default if entry is None else entry["value"]

    def exercise(self, exercise: str) -> dict[str, Any]:
        """The values of one exercise's answered items."""
        return {k: v["value"] for k, v in self._data["exercises"].get(exercise, {}).items()}

    def as_dict(self) -> dict[str, Any]:
        return json.loads(json.dumps(self._data))

    # Writing -----------------------------------------------------------------------------------

    def set(self, exercise: str, item: str, value: Any) -> None:
        """Save one answer now. Raises ``OSError`` if the disk refuses; the caller shows it."""
        json.dumps(value)  # refuse what cannot be stored before touching the file
        entry = {"value": value, "saved_at": _now()}
        with self._lock():
            latest = self._load(fallback=self._data)
            latest["exercises"].setdefault(exercise, {})[item] = entry
            _write_atomically(self.path, latest)
            self._data = latest

    def clear(self, exercise: str, item: str) -> None:
        with self._lock():
            latest = self._load(fallback=self._data)
            latest["exercises"].get(exercise, {}).pop(item, None)
            _write_atomically(self.path, latest)
            self._data = latest

    # Internals ---------------------------------------------------------------------------------

    def _empty(self) -> dict[str, Any]:
        return envelope(self.case_id, self.article_sha256, self.learner, {})

    def _load(self, fallback: dict[str, Any] | None = None) -> dict[str, Any]:
        """Read the file; a bad one is moved aside and replaced by ``fallback`` or a fresh start."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return fallback if fallback is not None else self._empty()
        data, problem = self._problem(raw)
        if problem is None:
            return data
        kept = _move_aside(self.path)
        self.recoveries.append(Recovery(damaged=self.path, kept_as=kept, reason=problem))
        return fallback if fallback is not None else self._empty()

    def _problem(self, raw: bytes) -> tuple[Any, str | None]:
        """The file's data and, if it cannot be this learner's file, why not."""
        data, trouble = parse_json(raw)
        if trouble:
            return None, f"it {trouble}"
        if not isinstance(data, dict) or not isinstance(data.get("exercises"), dict):
            return None, "it is not a kit answers file"
        if data.get("schema") != SCHEMA:
            return None, f"it uses schema version {data.get('schema')!r}, this kit reads {SCHEMA}"
        if data.get("case") != self.case_id:
            return None, f"it belongs to the case {data.get('case')!r}, not {self.case_id!r}"
        if data.get("article_sha256") != self.article_sha256:
            return None, "it was made for a different version of the article"
        if data.get("learner") != self.learner:
            return None, f"it belongs to the learner {data.get('learner')!r}"
        bad = [e for e, items in data["exercises"].items() if not valid_items(items)]
        return data, f"the exercise {bad[0]!r} is malformed" if bad else None

    def _sweep(self) -> None:
        """Remove temporary files a killed save left behind. Every save of this file holds
        the lock, so under the lock no save is in flight and any such file is a leftover."""
        for leftover in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            with contextlib.suppress(OSError):
                leftover.unlink()

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        lock_path = self.path.with_name(self.path.name + ".lock")
        with open(lock_path, "a+b") as handle:
            _flock(handle)
            yield


def envelope(
    case_id: str, article_sha256: str, learner: str, exercises: dict[str, Any]
) -> dict[str, Any]:
    """The answers-file layout in one place, for the file itself and for made-up hand-ins."""
    return {
        "schema": SCHEMA,
        "case": case_id,
        "article_sha256": article_sha256,
        "learner": learner,
        "exercises": exercises,
    }


KEPT_ASIDE = ".unreadable"
"""Suffix of an item the notebook kept aside because it could not show it as saved
(``kit.widgets.shell``): a copy of the learner's work for the teacher, never graded."""

_HALF = re.compile("[\ud800-\udfff]")
"""A lone half of a UTF-16 pair (a broken emoji pasted from elsewhere, or a file written by
another tool) cannot be written as UTF-8 and would lose the whole save: every write stores
it as U+FFFD (�) instead."""


_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")
"""A JSON escape for half of a UTF-16 pair. Alone (pasted from elsewhere), it makes text no
file can hold; the readers and the writer below turn such a half into U+FFFD, the replacement
character, so the rest of the answer is kept, graded and shown."""


def parse_json(raw: bytes) -> tuple[Any, str]:
    """An answers file's JSON data, or why there is none, in words (``"is empty"``).

    The one reader of answers-file bytes: the notebooks, ``kit submit`` and the grader all use
    it, so a file the learner can keep working on is one they can hand in and the teacher can
    grade. A byte-order mark (some editors add one) is allowed. ``NaN`` and ``Infinity``
    (not JSON, though Python reads them) and numbers too large for a float are refused: no
    widget writes them. A file holding a JSON string is data, not a reason: it fails later as
    "not an object"."""
    body = raw.removeprefix(codecs.BOM_UTF8)
    try:
        text = body.decode()
    except UnicodeDecodeError:
        return None, "is not UTF-8 text, so not an answers file"
    try:
        data = _DECODER.decode(text)
        # A plain search first (most files hold no escape at all), then the pattern.
        if b"\\u" in body and _SURROGATE.search(body):  # emoji written as pairs, or a half
            data = _DECODER.decode(_HALF.sub("\ufffd", json.dumps(data, ensure_ascii=False)))
        return data, ""
    except RecursionError:
        return None, "is nested too deeply to be an answers file"
    except _NotANumber as err:
        return None, f"holds {err}, not a finite number: no answer has one"
    except ValueError as err:  # JSONDecodeError, or a number too long to convert
        if not body.strip():  # checked only now: every file would pay for the copy
            return None, "is empty"
        if "integer string conversion" in str(err):
            return None, "holds a number thousands of digits long, which no answer has"
        where = f" (line {err.lineno}, column {err.colno})" if hasattr(err, "lineno") else ""
        return None, f"is not valid JSON{where}: it may be cut short or edited by hand"


class _NotANumber(ValueError):
    """NaN, Infinity or a number beyond a float's range, which Python's json accepts."""


def _no_constant(name: str) -> float:
    raise _NotANumber(name)


def _finite(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise _NotANumber(text[:20])
    return value


_DECODER = json.JSONDecoder(parse_constant=_no_constant, parse_float=_finite)


def valid_items(items: Any) -> bool:
    """Whether an exercise's entry is laid out as the kit writes it (item -> {"value": ...})."""
    return isinstance(items, dict) and all(
        isinstance(v, dict) and "value" in v for v in items.values()
    )


def _write_atomically(path: Path, data: dict[str, Any]) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=1)
    write_atomically(path, _HALF.sub("\ufffd", text).encode("utf-8"))


def write_atomically(path: Path, payload: bytes) -> None:
    """Temporary file in the same folder, fsync, rename: a crash leaves old or new, never half."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _move_aside(path: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    kept = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
    os.replace(path, kept)
    return kept


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable; POSIX only (Windows has no directory handles)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _flock(handle: Any) -> None:
    """Serialise writers across kernels; released when the handle closes."""
    try:
        import fcntl
    except ImportError:  # Windows: msvcrt locks a byte range instead
        import msvcrt

        msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
        return
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
