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

import contextlib
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
    pages = [p for p in feedback.iterdir() if _is_page(p)]
    for old in pages:  # checked before anything is moved, so a refusal changes nothing
        if old.is_dir() and not old.is_symlink():  # a learner's page could not go there
            raise FileExistsError(
                errno.EEXIST, "is a folder where a feedback page belongs: move it away", str(old)
            )
    previous = out / PREVIOUS
    if not pages:
        return feedback, Clearing(previous if previous.is_dir() else None)
    Clearing(previous).run()  # left by a run that stopped before clearing it
    if previous.exists() or previous.is_symlink():  # not ours to replace: clear in place, now
        Clearing(None, pages).run()
        return feedback, Clearing(None)
    feedback.rename(previous)
    feedback.mkdir()
    for entry in previous.iterdir():  # whatever else the instructor keeps there stays
        if not _is_page(entry):
            entry.rename(feedback / entry.name)
    return feedback, Clearing(previous)


class Clearing:
    """Old pages to delete: the folder moved aside, or (when it could not be) the pages.

    :meth:`start` deletes them in a thread while the main process writes the CSV files and
    the report; :meth:`wait` returns once they are gone.
    """

    def __init__(self, folder: Path | None, pages: list[Path] | None = None) -> None:
        self.folder, self.pages = folder, pages or []
        self._thread: threading.Thread | None = None

    def run(self) -> None:
        """Delete the old pages now (links as links), then the moved folder if it is empty."""
        for page in self.pages:
            if page.is_symlink() or page.is_file():
                page.unlink()
        folder = self.folder
        if folder is None or folder.is_symlink() or not folder.is_dir():
            return
        for entry in folder.iterdir():
            if _is_page(entry) and (entry.is_symlink() or entry.is_file()):
                entry.unlink()
        with contextlib.suppress(OSError):  # something else is in it: left for the instructor
            folder.rmdir()

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run, name="kit-clear-pages", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
