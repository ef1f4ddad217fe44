"""Who is the learner? One id per person, used to name their answers file.

On a JupyterHub the hub already knows (``JUPYTERHUB_USER``), so the kit never asks there. On a
laptop the kit asks once and remembers the answer in the answers folder. ``KIT_LEARNER`` lets a
test or a kiosk set the id without a prompt.

The id becomes part of a file name that an instructor later collects from many learners, so it
is checked strictly: letters, digits, ``.``, ``_``, ``-`` and ``@``, starting with a letter, a
digit or ``_`` (an id starting with ``-`` or ``@`` would be read as a formula by a spreadsheet
opening ``grades.csv``, where ids are written exactly as typed for the LMS to match).
That keeps ids safe on every operating system and makes path tricks (``../bob``) impossible.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

__all__ = ["LearnerIdError", "check_learner_id", "remember_learner", "resolve_learner"]

_SAFE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._@-]{0,63}")
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10))}
_WINDOWS_RESERVED |= {f"lpt{i}" for i in range(10)}
_REMEMBERED = ".learner"


class LearnerIdError(ValueError):
    """An id that cannot safely name a file; the message tells the learner what to type."""


def check_learner_id(learner: str) -> str:
    """Return the id unchanged if it is safe, else raise :class:`LearnerIdError`."""
    if not isinstance(learner, str) or not learner.strip():
        raise LearnerIdError("Please type a name or learner id; it cannot be empty.")
    if not _SAFE_ID.fullmatch(learner) or learner.lower().split(".")[0] in _WINDOWS_RESERVED:
        raise LearnerIdError(
            f"{learner!r} cannot be used as a learner id. Use up to 64 letters, digits, '.', '_', "
            "'-' or '@', no spaces, starting with a letter, digit or '_' (e.g. ada-lovelace)."
        )
    return learner


def resolve_learner(directory: Path) -> str | None:
    """The learner's id if it is already known, else ``None`` (the notebook then asks).

    Raises :class:`LearnerIdError` if the id given by the environment is unsafe, so the notebook
    can say so instead of silently writing somewhere else; once the learner has typed an id at
    that prompt, the remembered id is used (a hub name like ``josé`` never becomes safe, and
    asking in every session would invite a slightly different id, and an empty file, each time).
    A remembered id from before ids had to start with a letter, digit or ``_`` also raises,
    naming where the answers saved under it are.
    """
    unsafe: LearnerIdError | None = None
    for variable in ("JUPYTERHUB_USER", "KIT_LEARNER"):
        value = os.environ.get(variable)
        if value:
            try:
                return check_learner_id(value)
            except LearnerIdError as err:
                unsafe = err
                break
    remembered = _remembered(directory)
    if remembered is None and unsafe is not None:
        raise unsafe
    return remembered


def _remembered(directory: Path) -> str | None:
    try:
        remembered = (directory / _REMEMBERED).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    try:
        return check_learner_id(remembered)
    except LearnerIdError:
        legacy = remembered[:1] in ("-", "@") and _SAFE_ID.fullmatch("_" + remembered[1:])
        if not legacy:
            return None
    # An id this kit accepted before ids had to start with a letter, digit or '_': say where
    # the answers saved under it are, instead of silently starting an empty file.
    raise LearnerIdError(
        f"The id remembered on this computer, {remembered!r}, is no longer accepted: ids now "
        "start with a letter, digit or '_'. Type a new one. Answers saved under the old id are "
        f"in {directory}, in files named '...--{remembered}.json': rename them to your new id."
    )


def remember_learner(learner: str, directory: Path) -> None:
    """Store the id typed at the prompt so the kit asks only once per computer account."""
    check_learner_id(learner)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / _REMEMBERED).write_text(learner + "\n", encoding="utf-8")
