"""grade(): DataFrames for notebooks, files for the LMS, nothing written outside OUTDIR."""

import copy
import csv
import html
import io
import json
import os
import re
import subprocess
import sys

import pytest

from kit.grading import api, grade
from kit.grading.examples import make_class
from tests.grading.conftest import KEY_PATH, with_learner, write


@pytest.fixture
def classroom(tmp_path, key, case):
    make_class(tmp_path / "hand-ins", case, key, n=12, problems=True)
    return tmp_path / "hand-ins"


def snapshot(root):
    return {
        os.path.join(folder, name): os.stat(os.path.join(folder, name)).st_mtime_ns
        for folder, _, files in os.walk(root)
        for name in files
    }


def test_the_dataframes_hold_grades_items_problems_rubric_and_agreement(classroom, key_path):
    result = grade(classroom, key_path)
    grades = result.grades
    assert list(grades.columns) == [
        "01_first_read",
        "01_first_read:justification",
        "02_claims",
        "02_claims:priority",
        "total",
    ]
    assert len(grades) == 13 and grades["02_claims"].between(0, 15).all()
    assert grades["02_claims:priority"].isna().all()  # free text: blank until marked
    assert (grades["total"] >= grades["02_claims"]).all()
    assert result.max_points["total"] == 21
    assert {"learner", "task", "item", "answer", "key", "score", "explanation"} <= set(result.items)
    assert len(result.problems) == 7 and set(result.problems.columns) == {
        "file",
        "learner",
        "reason",
    }
    assert len(result.rubric) == 26 and set(result.rubric["item"]) == {"justification", "priority"}
    agreement = result.agreement.set_index("what")
    assert set(agreement.index) == {"claims", "triage", "genre"}
    assert agreement.loc["genre", "alpha"] is None or agreement["alpha"].isna()["genre"]
    assert -1 <= agreement.loc["triage", "alpha"] <= 1


def test_the_output_folder_gets_every_file_and_nothing_is_written_elsewhere(
    tmp_path, classroom, key_path
):
    before = snapshot(tmp_path)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = grade(classroom, key_path, out=tmp_path / "graded", progress=False)
    finally:
        os.chdir(cwd)
    after = snapshot(tmp_path)
    new = {path for path in after if path not in before}
    assert all(path.startswith(str(tmp_path / "graded")) for path in new)
    assert {p for p in before if before[p] != after.get(p)} == set()
    out = tmp_path / "graded"
    assert sorted(p.name for p in out.iterdir()) == sorted([*api.OUTPUTS, ".kit-lock"])
    assert len(list((out / "feedback").iterdir())) == len(result.graded) == 13
    with open(out / "grades.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0].keys() == {
        "learner",
        "01_first_read",
        "01_first_read:justification",
        "02_claims",
        "02_claims:priority",
        "total",
    }
    with open(out / "problems.csv", encoding="utf-8-sig", newline="") as handle:
        problems = list(csv.DictReader(handle))
    assert len(problems) == 7 and all(row["reason"] for row in problems)
    assert "<svg" in (out / "class-report.html").read_text(encoding="utf-8")


def test_grading_again_replaces_the_feedback_pages_of_the_last_run(tmp_path, model, key_path):
    write(tmp_path / "in", "a.json", model)
    write(tmp_path / "in", "b.json", with_learner(model, "bob"))
    grade(tmp_path / "in", key_path, out=tmp_path / "out")
    (tmp_path / "in" / "b.json").unlink()
    grade(tmp_path / "in", key_path, out=tmp_path / "out")
    assert [p.name for p in (tmp_path / "out" / "feedback").iterdir()] == ["ada.html"]


def test_a_learner_id_cannot_write_outside_the_feedback_folder(tmp_path, model, key_path):
    for n, learner in enumerate(["../escape", "..", "/etc/x", "a/b", "C:evil", "nul", ".x"]):
        write(tmp_path / "in", f"{n}.json", with_learner(model, learner))
    write(tmp_path / "in", "ok.json", with_learner(model, "ok"))
    result = grade(tmp_path / "in", key_path, out=tmp_path / "out")
    assert [g.learner for g in result.graded] == ["ok"] and len(result.problem_list) == 7
    assert [p.name for p in (tmp_path / "out" / "feedback").iterdir()] == ["ok.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]


def test_a_long_run_shows_a_progress_bar_on_stderr(tmp_path, model, capsys, key_path):
    for n in range(3):
        write(tmp_path, f"{n}.json", with_learner(model, f"l{n}"))
    grade(tmp_path, key_path, progress=True)
    err = capsys.readouterr().err
    assert "grading [" in err and "3/3" in err and "100%" in err


def test_the_command_line_grades_a_folder_and_says_where_it_wrote(tmp_path, classroom, key_path):
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "kit.cli",
            "grade",
            "--key",
            str(key_path),
            "--out",
            str(tmp_path / "graded"),
            str(classroom / "*.json"),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "graded 13 hand-in(s); 7 problem(s)" in out
    assert "problem: unsafe-id.json: has the learner id '../../etc/passwd'" in out
    assert str(tmp_path / "graded" / "grades.csv") in out
    assert (tmp_path / "graded" / "feedback" / "learner001.html").is_file()


def test_the_command_line_refuses_a_bad_key_in_plain_words(tmp_path):
    bad = write(tmp_path, "key.json", "{not json")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "kit.cli",
            "grade",
            "--key",
            str(bad),
            "--out",
            str(tmp_path / "o"),
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and "not valid JSON" in done.stderr
    assert not (tmp_path / "o").exists()


def test_canvas_layout_has_points_possible_and_login_ids(tmp_path, model, key_path):
    write(tmp_path / "in", "a.json", model)
    grade(tmp_path / "in", key_path, out=tmp_path / "out", lms="canvas")
    lines = (tmp_path / "out" / "grades.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("Student,ID,SIS User ID,SIS Login ID,Section,01_first_read,")
    assert lines[1].startswith("Points Possible,,,,,1,2,15,3")
    assert lines[2].startswith("ada,,,ada,,1,,15,")


def test_feedback_for_one_learner_is_available_from_the_api(tmp_path, model, key_path):
    write(tmp_path, "a.json", model)
    result = grade(tmp_path, key_path)
    page = result.feedback_html("ada")
    assert "Feedback:" in page and "15 / 15" in page
    with pytest.raises(KeyError):
        result.feedback_html("nobody")


def test_half_a_character_in_a_hand_in_is_shown_as_a_replacement_character(
    tmp_path, model, key_path
):
    """A lone UTF-16 half ("\\ud800") parses as JSON but cannot be written: it used to stop
    the run, then to refuse the hand-in. It is now read as the notebooks save it: U+FFFD."""
    write(tmp_path / "in", "ada.json", model)
    raw = (write(tmp_path / "in", "bob.json", with_learner(model, "bob"))).read_text("utf-8")
    answer = model["exercises"]["01_first_read"]["justification"]["value"]
    broken = raw.replace(json.dumps(answer, ensure_ascii=False), '"see \\ud800"')
    (tmp_path / "in" / "bob.json").write_text(broken, encoding="utf-8")
    result = grade(tmp_path / "in", key_path, out=tmp_path / "out", progress=False)
    assert [g.learner for g in result.graded] == ["ada", "bob"] and not result.problem_list
    page = (tmp_path / "out" / "feedback" / "bob.html").read_text(encoding="utf-8")
    assert "see \ufffd" in page


def test_a_feedback_folder_that_is_a_link_elsewhere_is_refused(tmp_path, model, key_path):
    """Nothing is written, or deleted, outside the output folder, even through a link."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("keep", encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "feedback").symlink_to(site)
    write(tmp_path / "in", "ada.json", model)
    with pytest.raises(NotADirectoryError, match="is a link"):
        grade(tmp_path / "in", key_path, out=tmp_path / "out", progress=False)
    assert [p.name for p in site.iterdir()] == ["index.html"]


def test_a_page_name_taken_by_a_link_or_a_folder_never_loses_a_page(tmp_path, model, key_path):
    """A leftover link is removed (not what it points to); a folder stops the run with a
    reason. Either used to leave the learner's page under a temporary name, unreported."""
    feedback = tmp_path / "out" / "feedback"
    feedback.mkdir(parents=True)
    (feedback / "ada.html").symlink_to(tmp_path / "gone.html")
    target = tmp_path / "kept.html"
    target.write_text("keep", encoding="utf-8")
    (feedback / "bob.html").symlink_to(target)
    write(tmp_path / "in", "ada.json", model)
    write(tmp_path / "in", "bob.json", with_learner(model, "bob"))
    grade(tmp_path / "in", key_path, out=tmp_path / "out", progress=False)
    assert sorted(p.name for p in feedback.iterdir()) == ["ada.html", "bob.html"]
    assert not (feedback / "ada.html").is_symlink() and target.read_text() == "keep"
    (feedback / "ada.html").unlink()
    (feedback / "ada.html").mkdir()
    with pytest.raises(FileExistsError, match="is a folder where a feedback page belongs"):
        grade(tmp_path / "in", key_path, out=tmp_path / "out", progress=False)


@pytest.mark.parametrize(
    "name", ["grades.csv", "problems.csv", "rubric-sheet.csv", "class-report.html"]
)
def test_an_output_file_that_is_a_link_elsewhere_is_refused(tmp_path, model, key_path, name):
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("keep", encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / name).symlink_to(elsewhere)
    write(tmp_path / "in", "ada.json", model)
    with pytest.raises(FileExistsError, match="is a link"):
        grade(tmp_path / "in", key_path, out=tmp_path / "out", progress=False)
    assert elsewhere.read_text(encoding="utf-8") == "keep"


def test_grading_only_the_first_exercises_neither_scores_nor_shows_the_rest(tmp_path):
    """After the first homework: later exercises used to be scored 0 and their key shown."""
    from kit.cli import main
    from kit.grading.model import load_key_and_case, model_answers

    key, _case = load_key_and_case(KEY_PATH)
    write(tmp_path / "in", "a.json", model_answers(key, "ada"))
    result = grade(tmp_path / "in", KEY_PATH, out=tmp_path / "out", exercises=["01", "02_claims"])
    assert list(result.grades.columns) == [
        "01_first_read",
        "01_first_read:justification",
        "02_claims",
        "02_claims:priority",
        "total",
    ]
    page = (tmp_path / "out" / "feedback" / "ada.html").read_text(encoding="utf-8")
    assert "<h2>Exercise 02" in page and "<h2>Exercise 03" not in page
    shown = [e["explanation"][:50] for e in key["sources"]["claims"].values()]
    shown += [
        e["disputable"][:50] for e in key["sources"]["claims"].values() if e.get("disputable")
    ]
    assert not [text for text in shown if html.escape(text) in page]
    # Exercise 02's own explanations leave the verdicts to exercise 03, too.
    from kit.taxonomy import VERDICTS

    words = [v.name for v in VERDICTS.values()] + ["holds", "turned out", "was true", "is false"]
    assert not [w for w in words if re.search(rf"\b{w}\b", page.lower())]
    args = ["grade", "--key", str(KEY_PATH), "--out", str(tmp_path / "o2"), str(tmp_path / "in")]
    assert main([*args, "--exercises", "02,05"]) == 2
    assert not (tmp_path / "o2").exists()


def test_file_names_with_bytes_that_are_not_utf8_or_control_codes_are_shown_escaped(
    tmp_path, key, key_path, capsys
):
    """A zip made on Windows can hold such names; one of them used to stop the whole class."""
    from kit.cli import main
    from kit.grading.model import model_answers

    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.fsencode(folder) + b"/caf\xe9.json", "wb") as handle:
        handle.write(json.dumps(model_answers(key, "ada")).encode())
    with open(os.fsencode(folder) + b"/\x1b[31mred\nproblem: fake.json", "wb") as handle:
        handle.write(b"{")
    write(folder, "bob.json", model_answers(key, "bob"))
    out = tmp_path / "out"
    assert main(["grade", "--quiet", "--key", str(key_path), "--out", str(out), str(folder)]) == 0
    printed = capsys.readouterr().out
    assert "graded 2 hand-in(s); 1 problem(s)" in printed
    assert "\x1b" not in printed and "\nproblem: fake" not in printed
    assert "caf\\xe9.json" in (out / "feedback" / "ada.html").read_text(encoding="utf-8")
    problems = (out / "problems.csv").read_text(encoding="utf-8-sig")
    assert "\\x1b[31mred\\x0aproblem: fake.json" in problems and "\x1b" not in problems
    assert (out / "class-report.html").is_file() and (out / "rubric-sheet.csv").is_file()


def test_a_mistyped_hand_ins_path_changes_nothing_in_the_output_folder(
    tmp_path, key, key_path, capsys
):
    """An empty class written over the last run deleted its feedback pages and blanked its
    grades, and the command still reported success."""
    from kit.cli import main
    from kit.grading.model import model_answers

    folder = tmp_path / "in"
    write(folder, "ada.json", model_answers(key, "ada"))
    out = tmp_path / "out"
    args = ["grade", "--quiet", "--key", str(key_path), "--out", str(out)]
    assert main([*args, str(folder)]) == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (tmp_path / "empty").mkdir()
    for typo, reason in [
        ("inn", "inn: no such file or folder"),
        ("empty", "no .json files there"),
        ("i*.zip", "i*.zip: no file matches this pattern"),
    ]:
        capsys.readouterr()
        assert main([*args, str(tmp_path / typo)]) == 2
        said = capsys.readouterr().err
        assert "no hand-ins to grade" in said and reason in said, said
        assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_every_total_is_the_sum_of_the_scores_shown_beside_it(tmp_path, full_key_and_case):
    """A third of a class's totals were 0.01 off the columns beside them (1 + 9.14 + 7.67 +
    6.28 shown, 24.08 as the total): the total was rounded after summing exact points."""
    key, case = full_key_and_case
    make_class(tmp_path / "in", case, key, n=120, seed=7)
    out = tmp_path / "out"
    grade(tmp_path / "in", KEY_PATH, out=out, progress=False)
    with open(out / "grades.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    two_places = 0
    for row in rows:
        shown = [float(v) for k, v in row.items() if k not in ("learner", "total") and v]
        assert float(row["total"]) == round(sum(shown), 2), row
        two_places += round(sum(shown), 2) != round(sum(shown), 1)  # not a trivial class
        page = (out / "feedback" / f"{row['learner']}.html").read_text(encoding="utf-8")
        total = re.search(r"<th>Total[^<]*</th><th class='num'>([\d.]+) /", page)
        assert total and float(total.group(1)) == float(row["total"])
    assert len(rows) == 120 and two_places > 10


def test_an_output_path_that_is_a_file_is_refused_plainly(tmp_path, key_path, capsys):
    """It said 'model.json: File exists'."""
    from kit.cli import main

    (tmp_path / "model.json").write_text("{}", encoding="utf-8")
    args = ["grade", "--key", str(key_path), "--out", str(tmp_path / "model.json"), str(tmp_path)]
    assert main(args) == 2
    assert "model.json: is a file, not a folder" in capsys.readouterr().err
    assert (tmp_path / "model.json").read_text(encoding="utf-8") == "{}"


def test_a_run_in_which_every_hand_in_is_refused_changes_nothing(tmp_path, key, key_path, capsys):
    """A wrong key or another case's folder wrote an empty class over the last run: its pages
    deleted, grades.csv blank."""
    from kit.cli import main
    from kit.grading.model import model_answers

    write(tmp_path / "in", "ada.json", model_answers(key, "ada"))
    write(tmp_path / "other", "ada.json", model_answers(key, "ada") | {"case": "moon-landing"})
    out = tmp_path / "out"
    args = ["grade", "--quiet", "--key", str(key_path), "--out", str(out)]
    assert main([*args, str(tmp_path / "in")]) == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert out / "feedback" / "ada.html" in before
    capsys.readouterr()
    assert main([*args, str(tmp_path / "other")]) == 2
    said = capsys.readouterr().err
    assert "none of the 1 hand-in(s) could be graded" in said, said
    assert f"\n  problem: {tmp_path / 'other' / 'ada.json'}: is for the case 'moon-landing'" in said
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not (out / ".feedback-previous").exists()


def test_a_refused_run_keeps_the_old_pages_when_feedback_holds_other_files(tmp_path, key, key_path):
    """A teacher's notes in feedback/ made the old pages go before grading, so a run that
    graded nothing lost them (while saying nothing had changed)."""
    from kit.grading.model import model_answers
    from kit.grading.refusals import NothingGraded

    write(tmp_path / "in", "ada.json", model_answers(key, "ada"))
    write(tmp_path / "in", "bob.json", model_answers(key, "bob"))
    write(tmp_path / "other", "ada.json", model_answers(key, "ada") | {"schema": 9})
    out = tmp_path / "out"
    grade(tmp_path / "in", key_path, out=out, progress=False)
    (out / "feedback" / "notes.txt").write_text("mine", encoding="utf-8")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with pytest.raises(NothingGraded, match="Nothing in .* was changed"):
        grade(tmp_path / "other", key_path, out=out, progress=False)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not (out / ".feedback-previous").exists()
    again = grade(tmp_path / "in", key_path, out=out, progress=False)  # and a real re-grade
    assert len(again.graded) == 2
    assert sorted(p.name for p in (out / "feedback").iterdir()) == [
        "ada.html",
        "bob.html",
        "notes.txt",
    ]
    assert not (out / ".feedback-previous").exists()


def test_a_refused_first_run_leaves_no_empty_feedback_folder(tmp_path, key, key_path):
    from kit.grading.model import model_answers
    from kit.grading.refusals import NothingGraded

    write(tmp_path / "in", "ada.json", model_answers(key, "ada") | {"case": "moon"})
    with pytest.raises(NothingGraded):
        grade(tmp_path / "in", key_path, out=tmp_path / "out", progress=False)
    assert [p.name for p in (tmp_path / "out").iterdir()] == [".kit-lock"]


def test_a_label_the_exercise_does_not_offer_is_graded_and_listed_for_the_teacher(
    tmp_path, model, key_path
):
    """A hand-edited label used to cost the point in silence, as if the learner had erred."""
    edited = copy.deepcopy(model)
    triage = edited["exercises"]["02_claims"]["triage"]["value"]
    sentence = next(iter(triage))
    triage[sentence] = "MAYBE"
    write(tmp_path / "in", "a.json", edited)
    write(tmp_path / "in", "b.json", with_learner(model, "bea"))
    result = grade(tmp_path / "in", key_path, out=tmp_path / "out", progress=False)
    assert sorted(result.grades.index) == ["ada", "bea"]
    with open(tmp_path / "out" / "problems.csv", encoding="utf-8-sig", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert row["file"].endswith("a.json") and row["learner"] == "ada"
    assert row["reason"] == (
        f"graded, with a note: exercise 02_claims, item 'triage': 'MAYBE' ({sentence}) is not "
        "among the exercise's choices (CFS, NFS, UFS), so scored as different from the key"
    )
    assert [p.graded for p in result.problem_list] == [True]
    report = (tmp_path / "out" / "class-report.html").read_text(encoding="utf-8")
    assert "2 hand-in(s) graded · 0 not graded · 0 problem(s) and 1 note(s) listed" in report
    api.summary(result, stream := io.StringIO())
    said = stream.getvalue()
    assert "0 problem(s), 1 note(s) on graded answers" in said and "  note: a.json: " in said


def test_files_not_read_count_as_not_graded_and_a_blank_hand_in_gets_a_note(
    tmp_path, model, key_path
):
    """The report said '1 hand-in(s) graded · 0 not graded' beside a notebook handed in by
    mistake; and a hand-in with no answers scored 0 with nothing said, while the agreement
    table, which leaves it out, counted one learner fewer."""
    write(tmp_path / "in", "a.json", model)
    write(tmp_path / "in", "b.ipynb", {"cells": [], "nbformat": 4})
    write(tmp_path / "in", "class.zip", b"PK\x03\x04")  # listed, but holds hand-ins: not counted
    empty = with_learner(model, "cy")
    empty["exercises"] = {}
    write(tmp_path / "in", "c.json", empty)
    result = grade(tmp_path / "in", key_path, out=tmp_path / "out", progress=False)
    assert sorted(result.grades.index) == ["ada", "cy"]
    report = (tmp_path / "out" / "class-report.html").read_text(encoding="utf-8")
    assert "2 hand-in(s) graded · 1 not graded · 2 problem(s) and 1 note(s)" in report
    with open(tmp_path / "out" / "problems.csv", encoding="utf-8-sig", newline="") as handle:
        rows = {os.path.basename(r["file"]): r for r in csv.DictReader(handle)}
    assert rows["b.ipynb"]["reason"].startswith("is a Jupyter notebook")
    assert rows["c.json"]["learner"] == "cy"
    assert rows["c.json"]["reason"].startswith("graded, with a note: it holds no answers")
