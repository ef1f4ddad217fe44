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
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kit.cases import Case, CaseError
from kit.taxonomy import (
    ATTRIBUTIONS,
    CLAIM_TYPES,
    FRAMES,
    GENRES,
    TECHNIQUES,
    TELLING,
    TRIAGE,
    VERDICTS,
    group_of,
)

__all__ = [
    "KEY_SCHEMA",
    "RELEASE_MARK",
    "KeyFileError",
    "check_key",
    "explained",
    "find_key",
    "load_key",
    "read_key",
]

KEY_SCHEMA = 1


class KeyFileError(ValueError):
    """A key that cannot be trusted; the message names the file, the item and the problem."""


RELEASE_MARK = ".kit-release"
"""The file ``kit release`` writes at the top of a class release (see :func:`find_key`)."""


def explained(entry: Any) -> str:
    """A key entry's explanation with its note on what reasonable readers dispute, if any:
    feedback pages and the self-study check always show the two together."""
    disputable = entry.get("disputable") or ""
    return entry.get("explanation", "") + (f" Disputable: {disputable}" if disputable else "")


def find_key(case_id: str, start: Path | None = None) -> Path | None:
    """Look for ``solutions/keys/<case>.json`` from ``start`` upwards, or in ``$KIT_KEY_DIR``.

    Notebooks run with their own folder as working directory (``exercises/``, ``solutions/``),
    so walking up finds the repository's key. The walk stops at a class release (a folder
    holding :data:`RELEASE_MARK`), so a release tried out inside the kit's own folder, or
    unpacked under a folder that holds a key, still runs in classroom mode.
    """
    name = f"{case_id}.json"
    configured = os.environ.get("KIT_KEY_DIR")
    if configured:
        candidate = Path(configured) / name
        return candidate if candidate.is_file() else None
    folder = (start or Path.cwd()).resolve()
    for parent in (folder, *folder.parents):
        if (parent / RELEASE_MARK).is_file():  # a class release, wherever it was unpacked
            return None
        for candidate in (parent / "solutions" / "keys" / name, parent / "keys" / name):
            if candidate.is_file():
                return candidate
    return None


def load_key(path: Path, case: Case) -> dict[str, Any]:
    """Read and check a key against its case; raise :class:`KeyFileError` on any problem."""
    return check_key(read_key(path), case, path)


_KEY_LIMIT = 20 * 2**20  # the kit's own key is about 100 KB


def read_key(path: Path) -> Any:
    """The key file's JSON, unchecked (the grader reads it first to learn which case it names)."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):  # a named pipe would hang, /dev/zero fill memory
            raise KeyFileError(f"{path}: not a regular file, so not a key")
        if info.st_size > _KEY_LIMIT:
            raise KeyFileError(f"{path}: {info.st_size // 2**20} MB is far too big for a key")
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KeyFileError(f"{path}: no such key file") from None
    except OSError as err:  # a folder, no permission, ...
        raise KeyFileError(f"{path}: cannot be read ({err.strerror or err})") from None
    except RecursionError:
        raise KeyFileError(f"{path}: nested too deeply to be a key") from None
    except ValueError as err:  # not JSON, not UTF-8
        raise KeyFileError(f"{path}: not valid JSON ({err})") from None


def check_key(key: Any, case: Case, path: Path) -> dict[str, Any]:
    """Return ``key`` if it fits ``case``; else raise naming ``path``, the item and the problem."""
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
    if "exercises" in key and "learner" in key:
        yield "this is a learner's answers file, not an answer key"
    elif not any(section in key for section in SECTIONS):
        yield f"it has none of the key's sections ({', '.join(SECTIONS)}), so nothing can be graded"
    for section, check in SECTIONS.items():
        if section in key:
            try:
                found = list(check(key[section], case))
            except CaseError:  # the case's own files (its source pack): reported as they are
                raise
            except (AttributeError, TypeError, KeyError, ValueError) as err:
                # a container where text belongs, or the reverse: say where, not a traceback
                found = [f"a value has the wrong type or shape ({type(err).__name__}: {err})"]
            yield from (f"{section}: {p}" for p in found)


def _text(value: Any) -> bool:
    """Prose the grader shows: non-empty text, not a number or null turned into text."""
    return isinstance(value, str) and bool(value.strip())


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
        if not isinstance(entry, dict) or not _text(entry.get("explanation")):
            yield f"item {item!r} needs an explanation"


def _check_claims(section: Any, case: Case):
    if not isinstance(section, dict):
        yield "must be an object with triage, spans and priority"
        return
    triage = section.get("triage", {})
    sentences = {sentence.id for sentence in case.article.sentences}
    for unknown in sorted(set(triage) - sentences):
        yield f"triage item {unknown!r} is not a sentence of the case"
    for sentence in case.article.sentences:
        entry = triage.get(sentence.id)
        if not isinstance(entry, dict):
            yield f"triage item {sentence.id!r} is missing"
        elif entry.get("label") not in TRIAGE or not set(entry.get("accepted", [])) <= set(TRIAGE):
            yield f"triage item {sentence.id!r}: labels must be among {sorted(TRIAGE)}"
    ids = set()
    for n, span in enumerate(section.get("spans", []), 1):
        name = f"span {span.get('id', n)!r}" if isinstance(span, dict) else f"span {n}"
        if not isinstance(span, dict):
            yield f"{name} is not an object"
            continue
        if not isinstance(span.get("id"), str) or span["id"] in ids:
            yield f"{name} needs an id of its own"
        ids.add(span.get("id"))
        yield from (f"{name}: {p}" for p in _span_problems(span, case.text))
        types = [span.get("type"), *span.get("accepted_types", [])]
        if any(t not in CLAIM_TYPES for t in types):
            yield f"{name}: claim types must be among {sorted(CLAIM_TYPES)}"
        if not _text(span.get("explanation")):
            yield f"{name} needs an explanation"
    for claim in section.get("priority", {}).get("claims", []):
        if claim not in ids:
            yield f"priority names the unknown claim {claim!r}"


def _span_problems(span: dict[str, Any], text: str):
    start, end = span.get("start"), span.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        yield f"offsets {start!r}-{end!r} are outside the text"
    elif text[start:end] != span.get("quote"):
        found = text[start:end]
        yield f"quote {span.get('quote')!r} does not match the text at {start}-{end} ({found!r})"


def _check_sources(section: Any, case: Case):
    from kit.sources import load_pack  # only keys with a sources part need the pack

    if not isinstance(section, dict) or not isinstance(section.get("claims"), dict):
        yield "must hold a 'claims' object"
        return
    pack_ids = {s.id for s in load_pack(case).sources}
    claims = section["claims"]
    known = {claim["id"] for claim in case.claims}
    for claim in case.claims:
        if claim["id"] not in claims:
            yield f"claim {claim['id']!r} is missing"
    for unknown in sorted(set(claims) - known):
        yield f"claim {unknown!r} is not one of the case's claims"
    for cid, entry in claims.items():
        if entry.get("attribution") not in ATTRIBUTIONS:
            yield f"claim {cid!r}: attribution must be one of {sorted(ATTRIBUTIONS)}"
        if any(v not in VERDICTS for v in [entry.get("verdict"), *entry.get("accepted", [])]):
            yield f"claim {cid!r}: verdicts must be among {sorted(VERDICTS)}"
        for sid in entry.get("evidence", []):
            if sid not in pack_ids:
                yield f"claim {cid!r}: evidence {sid!r} is not in the source pack"
        if not _text(entry.get("explanation")):
            yield f"claim {cid!r} needs an explanation"
    for sid in section.get("ratings", {}):
        if sid not in pack_ids:
            yield f"rating for {sid!r}: not in the source pack"
    required = section.get("required", 1)
    if type(required) is not int or not 1 <= required <= max(len(claims), 1):
        yield f"'required' must be a whole number of claims from 1 to {len(claims)}"


def _check_framing(section: Any, case: Case):
    if not isinstance(section, dict):
        yield "must be an object"
        return
    for n, span in enumerate(section.get("techniques", []), 1):
        name = f"technique span {span.get('id', n)!r}"
        yield from (f"{name}: {p}" for p in _span_problems(span, case.text))
        labels = [span.get("label"), *span.get("accepted", [])]
        if any(label not in TECHNIQUES for label in labels):
            yield f"{name}: techniques must be exact SemEval label names"
        elif span.get("group") != group_of(span["label"]):
            yield f"{name}: group {span.get('group')!r} is not the group of {span['label']!r}"
        if not _text(span.get("explanation")):
            yield f"{name} needs an explanation"
    frames = section.get("frames", {})
    for which in ("case", "contrast"):
        named = [*frames.get(which, []), *frames.get("accepted", {}).get(which, [])]
        if any(f not in FRAMES for f in named):
            yield f"frames for the {which} text must be exact SemEval frame names"
    for which, entry in (section.get("telling") or {}).items():
        labels = [entry.get("label"), *entry.get("accepted", [])]
        if which not in ("case", "contrast") or any(t not in TELLING for t in labels):
            yield f"telling {which!r}: the texts are case and contrast, the labels {list(TELLING)}"
        elif not _text(entry.get("explanation")):
            yield f"telling {which!r} needs an explanation"
    for k in ("problem", "cause", "judgement", "remedy"):
        if not section.get("entman", {}).get(k, {}).get("model"):
            yield f"entman item {k!r} needs a model answer"
    for n, choice in enumerate(section.get("word_choice", []), 1):
        yield from (f"word choice {n}: {p}" for p in _span_problems(choice, case.text))


SECTIONS: dict[str, Callable[[Any, Case], Any]] = {
    "first_read": _check_first_read,
    "claims": _check_claims,
    "sources": _check_sources,
    "framing": _check_framing,
}
