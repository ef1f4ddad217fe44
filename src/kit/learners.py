"""Who is the learner? One id per person, used to name their answers file.

On a JupyterHub the hub already knows (``JUPYTERHUB_USER``), so the kit never asks there. On a
laptop the kit asks once and remembers the answer in the answers folder. ``KIT_LEARNER`` lets a
test or a kiosk set the id without a prompt.

The id becomes part of a file name that an instructor later collects from many learners, so it
is checked strictly: letters, digits, ``.``, ``_``, ``-`` and ``@``, not starting with a dot.
An id typed at the prompt must also start with a letter, digit or ``_``: one starting with
``-`` or ``@`` shows as a number or a cell reference when ``grades.csv`` is opened in a
spreadsheet (ids there stay exactly as typed, for the LMS to match). Ids already in use, and
names a JupyterHub gives, are not refused for it, so nobody's answers file is cut off.
That keeps ids safe on every operating system and makes path tricks (``../bob``) impossible.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

__all__ = ["LearnerIdError", "check_learner_id", "remember_learner", "resolve_learner"]

_SAFE_ID = re.compile(r"[A-Za-z0-9_@-][A-Za-z0-9._@-]{0,63}")
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
            "'-' or '@', without spaces, and do not start with a dot (for example ada-lovelace)."
        )
    return learner


def resolve_learner(directory: Path) -> str | None:
    """The learner's id if it is already known, else ``None`` (the notebook then asks).

    Raises :class:`LearnerIdError` if the id given by the environment is unsafe, so the notebook
    can say so instead of silently writing somewhere else; once the learner has typed an id at
    that prompt, the remembered id is used (a hub name like ``josé`` never becomes safe, and
    asking in every session would invite a slightly different id, and an empty file, each time).
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
        return check_learner_id(remembered)
    except (OSError, UnicodeDecodeError, LearnerIdError):
        return None


def remember_learner(learner: str, directory: Path) -> None:
    """Store the id typed at the prompt so the kit asks only once per computer account."""
    check_learner_id(learner)
    if learner[:1] in ("-", "@"):
        raise LearnerIdError(
            f"{learner!r}: please start your id with a letter or digit (for example ada-lovelace)."
        )
    directory.mkdir(parents=True, exist_ok=True)
    (directory / _REMEMBERED).write_text(learner + "\n", encoding="utf-8")
