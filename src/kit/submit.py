"""Handing in: copy a learner's answers file to a clearly named file to upload.

The answers file lives in ``~/kit-answers`` under a fixed name and keeps changing as the
learner works. Handing in takes a snapshot of it, named after the case, the learner and the
minute::

    ~/kit-submissions/wagner-convoy--ada--2026-11-25T1030.json

``kit submit`` does it from a terminal; :func:`hand_in` does it from a cell at the end of each
exercise (it prints what to do instead of raising when there is nothing to hand in yet), and
:func:`submit` is the same for code that wants the exception. All print where the copy went.
The folder is ``$KIT_SUBMISSIONS_DIR`` if set, else ``~/kit-submissions``; ``to=`` (``--to``)
picks another, for example ``.`` for the notebook's own folder, so the file shows up in
JupyterLab's file browser for download.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path

from kit.answers import (
    SCHEMA,
    answers_dir,
    answers_path,
    parse_json,
    valid_items,
    write_atomically,
)
from kit.cases import CaseError, load_case
from kit.learners import LearnerIdError, check_learner_id, resolve_learner

__all__ = ["SubmitError", "hand_in", "submission_name", "submissions_dir", "submit"]


class SubmitError(RuntimeError):
    """Nothing could be handed in; the message says why and what to do."""


def submissions_dir() -> Path:
    configured = os.environ.get("KIT_SUBMISSIONS_DIR")
    return Path(configured).expanduser() if configured else Path.home() / "kit-submissions"


def submission_name(case_id: str, learner: str, when: datetime) -> str:
    return f"{case_id}--{check_learner_id(learner)}--{when:%Y-%m-%dT%H%M}.json"


def submit(
    case_id: str = "wagner-convoy",
    learner: str | None = None,
    to: str | os.PathLike[str] | None = None,
    *,
    answers: str | os.PathLike[str] | None = None,
    now: datetime | None = None,
    quiet: bool = False,
) -> Path:
    """Copy the learner's answers file for ``case_id`` to a hand-in file; return its path.

    ``learner`` defaults to the id the notebooks use (JupyterHub user, ``KIT_LEARNER`` or the
    one typed once). ``answers`` is the answers folder (default ``$KIT_ANSWERS_DIR`` or
    ``~/kit-answers``). Raises :class:`SubmitError` with a plain message when there is
    nothing usable to hand in.
    """
    folder = Path(answers) if answers is not None else answers_dir()
    try:
        learner = learner or resolve_learner(folder)
    except LearnerIdError as err:
        raise SubmitError(str(err)) from None
    if not learner:
        raise SubmitError(
            "No learner id yet: open an exercise and type your name or id first, "
            "or pass one (kit submit --learner ada)."
        )
    try:
        source = answers_path(case_id, learner, folder)
    except LearnerIdError as err:
        raise SubmitError(str(err)) from None
    try:
        raw = source.read_bytes()
    except FileNotFoundError:
        raise SubmitError(
            f"No answers to hand in yet: {source} does not exist. Answer an exercise first."
        ) from None
    data = _check(raw, source, case_id, learner)
    target_dir = Path(to) if to is not None else submissions_dir()
    target_dir.mkdir(parents=True, exist_ok=True)
    same = _unchanged(target_dir, case_id, learner, raw)
    if same is not None:
        if not quiet:
            print(f"No change since you last handed in. Upload this file: {same.resolve()}")
        return same
    target = target_dir / submission_name(case_id, learner, now or datetime.now())
    write_atomically(target, raw)
    if not quiet:
        answered = sum(len(items) for items in data["exercises"].values())
        print(
            f"Handed in {answered} answer(s) from {len(data['exercises'])} exercise(s).\n"
            f"Upload this file to your teacher: {target.resolve()}"
        )
    return target


def _unchanged(folder: Path, case_id: str, learner: str, raw: bytes) -> Path | None:
    """The newest hand-in copy, if it holds exactly these answers. Run All runs the hand-in
    cell too: without this, every run left another copy behind, and a learner had to work
    out which of several near-identical files to upload (a teacher handed two grades none)."""
    stamp = r"\d{4}-\d\d-\d\dT\d{4}"  # as submission_name writes the minute
    own = re.compile(rf"{re.escape(case_id)}--{re.escape(learner)}--{stamp}\.json")
    copies = sorted(p for p in folder.glob(f"{case_id}--*.json") if own.fullmatch(p.name))
    try:
        return copies[-1] if copies and copies[-1].read_bytes() == raw else None
    except OSError:
        return None


def hand_in(
    case_id: str = "wagner-convoy", to: str | os.PathLike[str] | None = None
) -> Path | None:
    """For the hand-in cell at the end of an exercise: hand in, or say why not (never raises).

    Tests that run notebooks should set ``KIT_SUBMISSIONS_DIR`` (like ``KIT_ANSWERS_DIR``) so
    that a run with saved answers does not write into the home folder.
    """
    try:
        return submit(case_id, to=to)
    except (SubmitError, OSError) as err:
        print(f"Not handed in: {err}")
        return None


def _check(raw: bytes, source: Path, case_id: str, learner: str) -> dict:
    data, trouble = parse_json(raw)  # as the grader reads it
    if trouble:
        raise SubmitError(
            f"{source} {trouble}. Open the exercise once: the kit keeps a damaged file aside "
            "and starts a new one. Then tell your teacher."
        )
    if (
        not isinstance(data, dict)
        or data.get("schema") != SCHEMA
        or data.get("case") != case_id
        or data.get("learner") != learner
        or not isinstance(data.get("exercises"), dict)
    ):
        raise SubmitError(f"{source} is not a kit answers file for {case_id} and {learner}.")
    expected = _article_sha256(case_id)
    if expected is not None and data.get("article_sha256") != expected:
        raise SubmitError(
            f"{source} was made for another version of the article text, so your teacher's "
            "grader would refuse it. Open the exercise once: the kit keeps that file aside and "
            "starts a new one. Then tell your teacher."
        )
    bad = [name for name, items in data["exercises"].items() if not valid_items(items)]
    if bad:
        raise SubmitError(
            f"{source}: the exercise {bad[0]!r} in it is damaged. Open that exercise once: the "
            "kit keeps the damaged file aside and starts a new one. Then tell your teacher."
        )
    return data


def _article_sha256(case_id: str) -> str | None:
    """The article version the grader expects: the bundled case's (None if not bundled)."""
    try:
        return load_case(case_id).article.sha256
    except CaseError:
        return None
