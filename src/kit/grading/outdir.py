"""The output folder: what ``kit grade`` writes there, and how a previous run's pages go.

Grading again into the same folder is the usual round trip (grade, mark the rubric sheet,
grade again with ``--rubric``). The old feedback pages must go, but not before the new ones
are written: on ext4 without a journal, creating a file right after thousands were deleted
costs up to almost a millisecond instead of a tenth (for some minutes, the kernel passes
over the inodes just freed), which made a second run of a 10,000-learner class far slower.
So an old ``feedback`` folder that holds nothing but pages is moved aside whole, with one
rename, and its pages are deleted once the new ones are written, four at a time (on a disk
mounted with online discard, each deletion waits for the device). One that holds anything
else (the instructor's notes, say) has its pages moved aside one by one. Either way a run
that grades nothing can put them back (:meth:`Clearing.undo`).

Only the kit's own files are ever deleted: pages (``*.html``) and the temporary pages of a
run that stopped (``*.html.tmp``). A link is removed as a link, never what it points to.
Two runs into one folder at once would delete each other's pages, so a run holds a lock on
the folder (:func:`locked`) and a second one is refused.
"""

from __future__ import annotations

import contextlib
import errno
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

__all__ = ["OUTPUTS", "PREVIOUS", "Clearing", "locked", "prepare_out"]

OUTPUTS = ("grades.csv", "problems.csv", "rubric-sheet.csv", "class-report.html", "feedback")
PREVIOUS = ".feedback-previous"
"""Where the last run's pages wait, inside the output folder, until this run's are written."""


def _is_page(path: Path) -> bool:
    return path.suffix == ".html" or path.name.endswith(".html.tmp")


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold ``OUT/.kit-lock`` while grading: a second ``kit grade`` into the same folder is
    refused instead of deleting the pages the first one is writing."""
    out.mkdir(parents=True, exist_ok=True)
    with open(out / ".kit-lock", "a+b") as handle:
        try:
            _lock(handle)
        except OSError:
            raise FileExistsError(
                errno.EBUSY,
                "another kit grade is writing to this folder; wait for it to end, or use "
                "another --out",
                str(out),
            ) from None
        yield


def _lock(handle: BinaryIO) -> None:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        return
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


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
    with contextlib.suppress(OSError):  # if it cannot go, pages are replaced in place below
        Clearing(previous).run()  # left by a run that stopped: only the kit's own is cleared
    (feedback / _MARK).unlink(missing_ok=True)  # a run that stopped just before its rename
    entries = list(feedback.iterdir())
    pages = [p for p in entries if _is_page(p)]
    for old in pages:  # checked before anything is moved, so a refusal changes nothing
        if old.is_dir() and not old.is_symlink():  # a learner's page could not go there
            raise FileExistsError(
                errno.EEXIST, "is a folder where a feedback page belongs: move it away", str(old)
            )
    if not pages:
        return feedback, Clearing(None)
    if previous.exists() or previous.is_symlink():
        _delete(pages)  # the name is taken by something the kit did not make: in place, now
        return feedback, Clearing(None, deleted=len(pages))
    if len(pages) < len(entries):  # other files in it stay: the pages go aside one by one
        return feedback, _pages_aside(pages, previous)
    (feedback / _MARK).write_bytes(b"")
    try:
        feedback.rename(previous)
    except OSError:  # Windows, when a file in it is open: one by one
        (feedback / _MARK).unlink(missing_ok=True)
        return feedback, _pages_aside(pages, previous)
    feedback.mkdir()
    return feedback, Clearing(previous)


def _pages_aside(pages: list[Path], previous: Path) -> Clearing:
    """Move the pages into a new, marked ``previous`` folder; a page that will not move is
    deleted in place (and counted), as every page once was."""
    try:
        previous.mkdir()
        (previous / _MARK).write_bytes(b"")
    except OSError:
        _delete(pages)
        return Clearing(None, deleted=len(pages))
    stuck = []
    for page in pages:
        try:
            page.rename(previous / page.name)
        except OSError:
            stuck.append(page)
    _delete(stuck)
    return Clearing(previous, deleted=len(stuck))


_MARK = ".kit-moved-aside"
"""Put in the feedback folder just before it is moved aside: a ``.feedback-previous`` folder
holding it is the kit's own, so a later run may clear it."""


def _ours(previous: Path) -> bool:
    return not previous.is_symlink() and (previous / _MARK).is_file()


def _delete(pages: Iterable[Path]) -> None:
    """Delete pages: a link as a link, never what it points to; a folder never.

    Four threads share the work (this one and three helpers). On a disk mounted with online
    discard (as on the VM the kit is built on), each deletion waits for the device: 3,000
    pages took 0.66-0.97 s one at a time and 0.51-0.57 s four at a time. If a helper cannot
    be started, this thread does its share. Once all have stopped, the first error met is
    raised. The helpers are daemons, as the clearing thread is: Ctrl-C does not wait."""
    pages = list(pages)
    if not pages:
        return
    shares = [pages[n::_DELETERS] for n in range(min(_DELETERS, len(pages)))]
    errors: list[OSError] = []
    helpers = []
    for share in shares[1:]:
        helper = threading.Thread(target=_delete_each, args=(share, errors), daemon=True)
        try:
            helper.start()
        except RuntimeError:  # no thread to be had
            _delete_each(share, errors)
            continue
        helpers.append(helper)
    _delete_each(shares[0], errors)
    for helper in helpers:
        helper.join()
    if errors:
        raise errors[0]


_DELETERS = 4


def _delete_each(pages: list[Path], errors: list[OSError]) -> None:
    """One thread's share; it stops at its first error, which it adds to ``errors``."""
    try:
        for page in pages:
            if page.is_symlink() or page.is_file():
                page.unlink()
    except OSError as err:
        errors.append(err)


class Clearing:
    """The last run's pages, in the folder moved aside, to delete once this run's are written.

    :meth:`start` deletes them in a thread while the main process writes the CSV files and
    the report; :meth:`wait` returns once they are gone, with ``error`` set if some could not
    be deleted (the grading itself is not affected). ``Clearing(None)`` has nothing to do.
    """

    def __init__(self, folder: Path | None, deleted: int = 0) -> None:
        self.folder = folder
        self.deleted = deleted
        """Old pages deleted in place before grading (they could not be moved aside)."""
        self.error: OSError | None = None
        self._thread: threading.Thread | None = None

    def run(self) -> None:
        """Delete the pages now; the folder, once empty, and its mark go too. Anything else
        stays, and so does the folder holding it. A folder without the kit's mark is not
        touched."""
        folder = self.folder
        if folder is None or not _ours(folder):
            return
        _delete(entry for entry in folder.iterdir() if _is_page(entry))
        if [entry.name for entry in folder.iterdir()] == [_MARK]:  # else left as it is
            (folder / _MARK).unlink()
            folder.rmdir()

    def undo(self, feedback: Path) -> int:
        """Put the last run's pages back, when this run wrote none (every hand-in refused):
        a wrong key or folder must not cost the teacher the pages of the last good run.
        Page by page, so nothing is lost if one will not move; returns how many stayed
        aside (their folder then loses its mark, so no later run deletes them)."""
        folder = self.folder
        if folder is None or not _ours(folder):
            return 0
        stayed = 0
        for page in folder.iterdir():
            if _is_page(page):
                try:
                    page.rename(feedback / page.name)
                except OSError:
                    stayed += 1
        (folder / _MARK).unlink(missing_ok=True)
        if not stayed:
            with contextlib.suppress(OSError):  # something else was put in it: it stays
                folder.rmdir()
        self.folder = None
        return stayed

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
