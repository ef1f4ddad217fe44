"""Grading again into the same folder: old pages move aside, go once the new ones are written,
and nothing but the kit's own pages is ever deleted."""

import os
import threading

import pytest

from kit.grading import api, grade, outdir
from kit.grading.outdir import _MARK, PREVIOUS
from tests.grading.conftest import with_learner, write


def hand_in(folder, model, *learners):
    for learner in learners:
        write(folder, f"{learner}.json", with_learner(model, learner))


def test_grading_again_replaces_the_pages_and_keeps_the_instructors_files(
    tmp_path, model, key_path
):
    hand_in(tmp_path / "in", model, "ada", "bob")
    out = tmp_path / "out"
    grade(tmp_path / "in", key_path, out=out, progress=False)
    (out / "feedback" / "notes.txt").write_text("mine", encoding="utf-8")
    (tmp_path / "in" / "bob.json").unlink()  # bob's file was withdrawn
    hand_in(tmp_path / "in", model, "cy")
    grade(tmp_path / "in", key_path, out=out, progress=False)
    assert sorted(p.name for p in (out / "feedback").iterdir()) == [
        "ada.html",
        "cy.html",
        "notes.txt",
    ]
    assert (out / "feedback" / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert not (out / PREVIOUS).exists()


def test_the_old_pages_wait_aside_while_the_new_ones_are_written(
    tmp_path, model, key_path, monkeypatch
):
    """Deleting thousands of pages first made creating the new ones slow on ext4; the old
    ones now stay, moved aside, until the grading is done."""
    hand_in(tmp_path / "in", model, "ada", "bob")
    out = tmp_path / "out"
    grade(tmp_path / "in", key_path, out=out, progress=False)
    seen = []
    real = api.grade_files

    def spy(*args, **kwargs):
        seen.append(sorted(p.name for p in (out / PREVIOUS).iterdir()))
        seen.append(sorted(p.name for p in (out / "feedback").iterdir()))
        return real(*args, **kwargs)

    monkeypatch.setattr(api, "grade_files", spy)
    grade(tmp_path / "in", key_path, out=out, progress=False)
    assert seen == [[_MARK, "ada.html", "bob.html"], []]
    assert not (out / PREVIOUS).exists()


def test_a_run_that_stopped_half_way_is_recovered_by_the_next(tmp_path, model, key_path):
    """Stopped after moving the old pages aside: they go. Stopped just before: the mark left
    in feedback/ goes."""
    hand_in(tmp_path / "in", model, "ada")
    out = tmp_path / "out"
    (out / PREVIOUS).mkdir(parents=True)
    for name in (_MARK, "old.html", "bob.html"):
        (out / PREVIOUS / name).write_text("old", encoding="utf-8")
    (out / "feedback").mkdir()
    (out / "feedback" / "ada.html").write_text("half-written", encoding="utf-8")
    (out / "feedback" / _MARK).write_text("", encoding="utf-8")
    result = grade(tmp_path / "in", key_path, out=out, progress=False)
    assert [g.learner for g in result.graded] == ["ada"] and not result.problem_list
    assert [p.name for p in (out / "feedback").iterdir()] == ["ada.html"]
    assert "Feedback" in (out / "feedback" / "ada.html").read_text(encoding="utf-8")
    assert not (out / PREVIOUS).exists()


def test_a_second_run_into_the_same_folder_at_once_is_refused(tmp_path, model, key_path):
    """Two runs at once deleted each other's pages and both said all was well."""
    hand_in(tmp_path / "in", model, "ada")
    out = tmp_path / "out"
    with outdir.locked(out), pytest.raises(FileExistsError, match="another kit grade is"):
        grade(tmp_path / "in", key_path, out=out, progress=False)
    assert grade(tmp_path / "in", key_path, out=out, progress=False).graded


def test_a_previous_folder_the_kit_did_not_make_is_left_alone(tmp_path, model, key_path):
    """The kit deletes only its own pages, and never through a link: a .feedback-previous
    without the kit's mark, or a link by that name, is not touched; pages are replaced in
    place instead."""
    hand_in(tmp_path / "in", model, "ada")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_text("keep", encoding="utf-8")
    (elsewhere / _MARK).write_text("", encoding="utf-8")
    for previous in ("link", "folder"):
        out = tmp_path / f"out-{previous}"
        (out / "feedback").mkdir(parents=True)
        (out / "feedback" / "ada.html").write_text("old", encoding="utf-8")
        if previous == "link":
            (out / PREVIOUS).symlink_to(elsewhere)
        else:
            (out / PREVIOUS).mkdir()
            (out / PREVIOUS / "index.html").write_text("keep", encoding="utf-8")
        grade(tmp_path / "in", key_path, out=out, progress=False)
        assert "Feedback" in (out / "feedback" / "ada.html").read_text(encoding="utf-8")
        assert (out / PREVIOUS / "index.html").read_text(encoding="utf-8") == "keep"
    assert sorted(p.name for p in elsewhere.iterdir()) == [_MARK, "index.html"]


def test_a_folder_that_cannot_be_moved_has_its_pages_replaced_in_place(
    tmp_path, model, key_path, monkeypatch
):
    """On Windows a folder with an open file in it cannot be renamed."""
    hand_in(tmp_path / "in", model, "ada", "bob")
    out = tmp_path / "out"
    grade(tmp_path / "in", key_path, out=out, progress=False)
    (tmp_path / "in" / "bob.json").unlink()

    def refuse(self, target):
        raise PermissionError(13, "Access is denied", str(self))

    monkeypatch.setattr(outdir.Path, "rename", refuse)
    result = grade(tmp_path / "in", key_path, out=out, progress=False)
    assert [g.learner for g in result.graded] == ["ada"] and not result.problem_list
    assert [p.name for p in (out / "feedback").iterdir()] == ["ada.html"]
    assert not (out / PREVIOUS).exists()


def test_old_pages_that_cannot_be_deleted_are_a_problem_not_a_crash(
    tmp_path, model, key_path, monkeypatch
):
    hand_in(tmp_path / "in", model, "ada")
    out = tmp_path / "out"
    grade(tmp_path / "in", key_path, out=out, progress=False)
    real = outdir.Clearing.run

    def stuck(self):
        if threading.current_thread().name == "kit-clear-pages":
            raise PermissionError(13, "Permission denied", str(self.folder))
        real(self)

    monkeypatch.setattr(outdir.Clearing, "run", stuck)
    result = grade(tmp_path / "in", key_path, out=out, progress=False)
    assert [g.learner for g in result.graded] == ["ada"]
    (problem,) = result.problem_list
    assert problem.file.endswith(PREVIOUS) and "delete this folder by hand" in problem.reason
    assert "delete this folder by hand" in (out / "problems.csv").read_text(encoding="utf-8")
    assert "1 problem(s)" in (out / "class-report.html").read_text(encoding="utf-8")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_pages_are_deleted_in_parallel_links_as_links_folders_never(tmp_path, monkeypatch):
    """Four threads delete a large class's old pages; each keeps the rules, and a page that
    cannot go is reported once the others are gone."""
    kept = tmp_path / "elsewhere.html"
    kept.write_text("keep", encoding="utf-8")
    folder = tmp_path / "pages"
    folder.mkdir()
    pages = [folder / f"p{n:02d}.html" for n in range(40)]
    for page in pages:
        page.write_text("old", encoding="utf-8")
    (folder / "link.html").symlink_to(kept)
    (folder / "dir.html").mkdir()
    outdir._delete(sorted(folder.iterdir()))
    assert [p.name for p in folder.iterdir()] == ["dir.html"]
    assert kept.read_text(encoding="utf-8") == "keep"

    for page in pages:
        page.write_text("old", encoding="utf-8")
    real = outdir.Path.unlink

    def refuse_one(self, missing_ok=False):
        if self.name == "p07.html":
            raise PermissionError(13, "Permission denied", str(self))
        real(self, missing_ok)

    monkeypatch.setattr(outdir.Path, "unlink", refuse_one)
    with pytest.raises(PermissionError):
        outdir._delete(pages)
    left = sorted(p.name for p in folder.iterdir())
    assert "p07.html" in left and "p08.html" not in left and "p06.html" not in left


def test_pages_are_still_deleted_when_no_helper_thread_can_start(tmp_path, monkeypatch):
    """A process at its thread limit deletes the pages itself rather than stopping."""
    pages = [tmp_path / f"p{n}.html" for n in range(9)]
    for page in pages:
        page.write_text("old", encoding="utf-8")

    def refuse(self):
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(outdir.threading.Thread, "start", refuse)
    outdir._delete(pages)
    assert list(tmp_path.iterdir()) == []
