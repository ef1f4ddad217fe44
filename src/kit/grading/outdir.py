"""The output folder: what ``kit grade`` writes there, and how a previous run's pages go.

Grading again into the same folder is the usual round trip (grade, mark the rubric sheet,
grade again with ``--rubric``). The old feedback pages must go, but not before the new ones
are written: on ext4 without a journal, creating a file right after thousands were deleted
costs up to half a millisecond (for a few minutes, the kernel passes over the inodes just
freed), which made a second run of a 10,000-learner class half as fast again. So the old
``feedback`` folder is moved aside whole, with one rename, and its pages are deleted once
the new ones are written.

Only the kit's own files are ever deleted: pages (``*.html``) and the temporary pages of a
run that stopped (``*.html.tmp``). A link is removed as a link, never what it points to.
"""

from __future__ import annotations

import errno
import threading
from pathlib import Path

__all__ = ["OUTPUTS", "PREVIOUS", "Clearing", "prepare_out"]

OUTPUTS = ("grades.csv", "problems.csv", "rubric-sheet.csv", "class-report.html", "feedback")
PREVIOUS = ".feedback-previous"
"""Where the last run's pages wait, inside the output folder, until this run's are written."""


def _is_page(path: Path) -> bool:
    return path.suffix == ".html" or path.name.endswith(".html.tmp")


def prepare_out(out: Path) -> tuple[Path, Clearing]:
    """Create the output folder with an empty ``feedback`` folder in it, refusing links that
    would send files elsewhere. Returns the feedback folder and the old pages to clear."""
    feedback = out / "feedback"
    if feedback.is_symlink():  # pages (and deletions) would land in the folder it points to
        raise NotADirectoryError(
            errno.ENOTDIR, "is a link; the kit writes only inside the output folder", str(feedback)
        )
    for name in OUTPUTS[:-1]:  # the files: written through a link, they would land elsewhere
        if (out / name).is_symlink():
            raise FileExistsError(
                errno.EEXIST,
                "is a link; the kit writes only inside the output folder",
                str(out / name),
            )
    feedback.mkdir(parents=True, exist_ok=True)
    previous = out / PREVIOUS
    if _ours(previous):  # left by a run that stopped: the instructor's files come back first
        _move_back(previous, feedback)
        Clearing(previous).run()
    (feedback / _MARK).unlink(missing_ok=True)  # a run that stopped just before its rename
    pages = [p for p in feedback.iterdir() if _is_page(p)]
    for old in pages:  # checked before anything is moved, so a refusal changes nothing
        if old.is_dir() and not old.is_symlink():  # a learner's page could not go there
            raise FileExistsError(
                errno.EEXIST, "is a folder where a feedback page belongs: move it away", str(old)
            )
    if not pages:
        return feedback, Clearing(None)
    if previous.exists() or previous.is_symlink():  # not the kit's: clear in place, now
        Clearing(None, pages).run()
        return feedback, Clearing(None)
    (feedback / _MARK).write_bytes(b"")
    try:
        feedback.rename(previous)
    except OSError:  # Windows, when a file in it is open: clear in place, now
        (feedback / _MARK).unlink(missing_ok=True)
        Clearing(None, pages).run()
        return feedback, Clearing(None)
    feedback.mkdir()
    _move_back(previous, feedback)
    return feedback, Clearing(previous)


_MARK = ".kit-moved-aside"
"""Put in the feedback folder just before it is moved aside: a ``.feedback-previous`` folder
holding it is the kit's own, so a later run may move its other files back and clear it."""


def _ours(previous: Path) -> bool:
    return not previous.is_symlink() and (previous / _MARK).is_file()


def _move_back(previous: Path, feedback: Path) -> None:
    """Whatever the instructor keeps in the feedback folder goes back there."""
    for entry in previous.iterdir():
        if not _is_page(entry) and entry.name != _MARK:
            target = feedback / entry.name
            if not (target.exists() or target.is_symlink()):
                entry.rename(target)


class Clearing:
    """Old pages to delete: the folder moved aside, or (when it could not be) the pages.

    :meth:`start` deletes them in a thread while the main process writes the CSV files and
    the report; :meth:`wait` returns once they are gone, with ``error`` set if some could not
    be deleted (the grading itself is not affected).
    """

    def __init__(self, folder: Path | None, pages: list[Path] | None = None) -> None:
        self.folder, self.pages = folder, pages or []
        self.error: OSError | None = None
        self._thread: threading.Thread | None = None

    def run(self) -> None:
        """Delete the old pages now (links as links); the moved folder, once empty, and its
        mark go too. Anything else stays, and so does the folder holding it."""
        for page in self.pages:
            if page.is_symlink() or page.is_file():
                page.unlink()
        folder = self.folder
        if folder is None or not _ours(folder):
            return
        for entry in folder.iterdir():
            if _is_page(entry) and (entry.is_symlink() or entry.is_file()):
                entry.unlink()
        if [entry.name for entry in folder.iterdir()] == [_MARK]:
            (folder / _MARK).unlink()
            folder.rmdir()

    def _run_keeping_error(self) -> None:
        try:
            self.run()
        except OSError as err:
            self.error = err

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self._run_keeping_error, name="kit-clear-pages", daemon=True
        )
        self._thread.start()

    def wait(self) -> OSError | None:
        """Wait for the deleting to end; returns what stopped it, if anything did."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        return self.error
