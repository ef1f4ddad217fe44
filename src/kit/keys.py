"""The answer key: one JSON file per case in ``solutions/keys/``, checked before anything uses it.

The key decides a learner's feedback and grade, so a mistake in it must stop the run with the
file, the item and the reason, never surface later as a wrong score. Each exercise owns one
section of the key; this module checks the parts common to all of them and each section's
shape. Whether a key is present also decides the notebook's mode: with a key the exercises give
feedback (self-study); without one (a student release) they report completeness only.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kit.cases import Case
from kit.taxonomy import GENRES

__all__ = ["KEY_SCHEMA", "KeyFileError", "find_key", "load_key"]

KEY_SCHEMA = 1


class KeyFileError(ValueError):
    """A key that cannot be trusted; the message names the file, the item and the problem."""


def find_key(case_id: str, start: Path | None = None) -> Path | None:
    """Look for ``solutions/keys/<case>.json`` from ``start`` upwards, or in ``$KIT_KEY_DIR``.

    Notebooks run with their own folder as working directory (``exercises/``, ``solutions/``),
    so walking up finds the repository's key, and a release bundle, which has none, finds none.
    """
    name = f"{case_id}.json"
    configured = os.environ.get("KIT_KEY_DIR")
    if configured:
        candidate = Path(configured) / name
        return candidate if candidate.is_file() else None
    folder = (start or Path.cwd()).resolve()
    for parent in (folder, *folder.parents):
        for candidate in (parent / "solutions" / "keys" / name, parent / "keys" / name):
            if candidate.is_file():
                return candidate
    return None


def load_key(path: Path, case: Case) -> dict[str, Any]:
    """Read and check a key against its case; raise :class:`KeyFileError` on any problem."""
    try:
        key = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KeyFileError(f"{path}: no such key file") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise KeyFileError(f"{path}: not valid JSON ({err})") from None
    problems = list(_check(key, case))
    if problems:
        raise KeyFileError(f"{path}: " + "; ".join(problems))
    return key


def _check(key: Any, case: Case):
    if not isinstance(key, dict):
        yield "the key must be a JSON object"
        return
    if key.get("schema") != KEY_SCHEMA:
        yield f"schema is {key.get('schema')!r}, this kit reads {KEY_SCHEMA}"
    if key.get("case") != case.id:
        yield f"case is {key.get('case')!r}, expected {case.id!r}"
    if key.get("article_sha256") != case.article.sha256:
        yield "article_sha256 does not match the case text (the key was made for another version)"
    for section, check in SECTIONS.items():
        if section in key:
            yield from (f"{section}: {p}" for p in check(key[section], case))


def _check_first_read(section: Any, case: Case):
    genre = section.get("genre") if isinstance(section, dict) else None
    if not isinstance(genre, dict):
        yield "item 'genre' is missing"
        return
    if genre.get("answer") not in GENRES:
        yield f"item 'genre': answer {genre.get('answer')!r} is not one of {sorted(GENRES)}"
    for alt in genre.get("accepted", []):
        if alt not in GENRES:
            yield f"item 'genre': accepted label {alt!r} is not one of {sorted(GENRES)}"
    for item in ("genre", "justification"):
        entry = section.get(item)
        if not isinstance(entry, dict) or not str(entry.get("explanation", "")).strip():
            yield f"item {item!r} needs an explanation"


SECTIONS: dict[str, Callable[[Any, Case], Any]] = {"first_read": _check_first_read}
