"""Grading again into the same folder: old pages move aside, go once the new ones are written,
and nothing but the kit's own pages is ever deleted."""

from kit.grading import api, grade
from kit.grading.outdir import PREVIOUS
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
    assert seen == [["ada.html", "bob.html"], []]
    assert not (out / PREVIOUS).exists()


def test_old_pages_left_by_a_run_that_stopped_are_cleared(tmp_path, model, key_path):
    hand_in(tmp_path / "in", model, "ada")
    out = tmp_path / "out"
    (out / PREVIOUS).mkdir(parents=True)
    (out / PREVIOUS / "old.html").write_text("old", encoding="utf-8")
    (out / "feedback").mkdir()
    (out / "feedback" / "ada.html").write_text("old", encoding="utf-8")
    result = grade(tmp_path / "in", key_path, out=out, progress=False)
    assert [g.learner for g in result.graded] == ["ada"]
    assert "Feedback" in (out / "feedback" / "ada.html").read_text(encoding="utf-8")
    assert not (out / PREVIOUS).exists()


def test_a_previous_folder_that_is_a_link_or_holds_other_files_is_left_alone(
    tmp_path, model, key_path
):
    """The kit deletes only its own pages, and never through a link."""
    hand_in(tmp_path / "in", model, "ada")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_text("keep", encoding="utf-8")
    for previous in ("link", "folder"):
        out = tmp_path / f"out-{previous}"
        (out / "feedback").mkdir(parents=True)
        (out / "feedback" / "ada.html").write_text("old", encoding="utf-8")
        if previous == "link":
            (out / PREVIOUS).symlink_to(elsewhere)
        else:
            (out / PREVIOUS).mkdir()
            (out / PREVIOUS / "keep.txt").write_text("keep", encoding="utf-8")
        grade(tmp_path / "in", key_path, out=out, progress=False)
        assert "Feedback" in (out / "feedback" / "ada.html").read_text(encoding="utf-8")
        assert [p.name for p in (out / PREVIOUS).iterdir()] == (
            ["index.html"] if previous == "link" else ["keep.txt"]
        )
