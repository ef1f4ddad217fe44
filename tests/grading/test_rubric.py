"""The rubric sheet goes out with the free-text answers and comes back with scores."""

import copy
import csv
import io
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.grading import grade
from kit.grading.model import load_key_and_case, model_answers
from kit.grading.registry import active_tasks
from kit.grading.rubric import (
    COLUMNS,
    RubricError,
    cell,
    csv_line,
    read_rubric,
    rubric_rows,
    sheet_bytes,
    uncell,
    write_csv,
)
from tests.grading.conftest import with_learner, write


def sheet(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def save(path, rows, delimiter=","):
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_the_sheet_lists_each_free_text_answer_with_levels_and_a_blank_score(
    tmp_path, model, key_path
):
    write(tmp_path / "in", "a.json", model)
    grade(tmp_path / "in", key_path, out=tmp_path / "out")
    rows = sheet(tmp_path / "out" / "rubric-sheet.csv")
    assert [(r["learner"], r["task"], r["item"], r["max_points"]) for r in rows] == [
        ("ada", "01_first_read", "justification", "2"),
        ("ada", "02_claims", "priority", "3"),
    ]
    assert rows[0]["answer"].startswith("A full answer names") and rows[0]["score"] == ""
    assert "concrete clue" in rows[0]["levels"]


def test_filled_scores_are_merged_into_grades_and_feedback(tmp_path, model, key_path):
    write(tmp_path / "in", "a.json", model)
    write(tmp_path / "in", "b.json", with_learner(model, "bob"))
    first = grade(tmp_path / "in", key_path, out=tmp_path / "out")
    assert first.grades["total"].tolist() == [16, 16]
    rows = sheet(tmp_path / "out" / "rubric-sheet.csv")
    rows[0] |= {"score": "1,5", "comment": "Name the clue <b>exactly</b>."}
    rows[1] |= {"score": "3"}
    filled = save(tmp_path / "filled.csv", rows, delimiter=";")
    result = grade(tmp_path / "in", key_path, out=tmp_path / "out", rubric=filled)
    assert result.grades.loc["ada"].tolist() == [1, 1.5, 15, 3, 20.5]
    assert result.problem_list == []
    page = (tmp_path / "out" / "feedback" / "ada.html").read_text(encoding="utf-8")
    assert "1.5 / 2" in page and "Name the clue &lt;b&gt;exactly&lt;/b&gt;." in page
    again = sheet(tmp_path / "out" / "rubric-sheet.csv")
    assert (again[0]["score"], again[0]["comment"]) == ("1.5", "Name the clue <b>exactly</b>.")


def test_line_breaks_of_every_kind_survive_the_round_trip(tmp_path, key_and_case):
    """Word's soft line break (\\x0b), \\u2028 and a newline inside a quoted comment must
    not split a row: the score on it would be lost."""
    tasks = active_tasks(key_and_case[0])
    row = {"learner": "ada", "task": "01_first_read", "item": "justification"}
    answer = "one\x0btwo\u2028three\x85four"
    path = save(tmp_path / "s.csv", [row | {"answer": answer, "score": "1", "comment": "a\nb"}])
    scores, problems = read_rubric(path, tasks)
    assert problems == []
    merged = scores["ada", "01_first_read:justification"]
    assert (merged.score, merged.comment) == (1.0, "a\nb")


def test_unusable_rows_are_problems_and_the_rest_is_merged(tmp_path, key_and_case):
    tasks = active_tasks(key_and_case[0])
    rows = [
        {"learner": "ada", "task": "01_first_read", "item": "justification", "score": "2"},
        {"learner": "ada", "task": "01_first_read", "item": "nope", "score": "1"},
        {"learner": "bob", "task": "02_claims", "item": "priority", "score": "x"},
        {"learner": "cy", "task": "02_claims", "item": "priority", "score": "4"},
        {"learner": "ada", "task": "01_first_read", "item": "justification", "score": "0"},
        {"learner": "", "task": "", "item": "", "score": ""},
    ]
    scores, problems = read_rubric(save(tmp_path / "r.csv", rows), tasks)
    assert scores[("ada", "01_first_read:justification")].score == 2
    reasons = [p.reason for p in problems]
    assert reasons == [
        "row 3: no rubric item '01_first_read/nope'",
        "row 4: the score 'x' is not a number",
        "row 5: the score 4 is outside 0 to 3",
        "row 6: a second row for ada / 01_first_read/justification; the first was used",
    ]


def test_a_score_for_someone_not_graded_is_reported(tmp_path, model, key_path):
    write(tmp_path / "in", "a.json", model)
    rows = [{"learner": "ghost", "task": "02_claims", "item": "priority", "score": "1"}]
    result = grade(tmp_path / "in", key_path, rubric=save(tmp_path / "r.csv", rows))
    assert [p.reason for p in result.problem_list] == [
        "row 2: a rubric score for 'ghost', who has no graded hand-in"
    ]
    # A problem with the sheet is not a hand-in left ungraded, and the report says so.
    assert "1 hand-in(s) graded · 0 not graded · 1 problem(s)" in result.report_html()


def test_an_id_a_spreadsheet_turned_into_a_number_is_explained(tmp_path, model, key_path):
    """Excel saves the id 00123 as 123 and 1e3 as 1.00E+03: every mark was refused with no
    word of why."""
    write(tmp_path / "in", "a.json", model | {"learner": "00123"})
    rows = [
        {"learner": who, "task": "02_claims", "item": "priority", "score": "1"}
        for who in ("123", "1.00E+03", "nan", "4711", "inf", "1,000")
    ]
    result = grade(tmp_path / "in", key_path, rubric=save(tmp_path / "r.csv", rows))
    reasons = {p.learner: p.reason for p in result.problem_list}
    assert "(the hand-in has '00123'): format the learner column as Text" in reasons["123"]
    assert "rewritten the id as a number: format" in reasons["1.00E+03"]
    for plain in ("nan", "4711", "inf", "1,000"):  # no hand-in matches; not a spreadsheet's form
        assert reasons[plain].endswith(f"a rubric score for {plain!r}, who has no graded hand-in")


def test_a_sheet_without_the_needed_columns_is_refused(tmp_path, key_and_case):
    path = save(tmp_path / "r.csv", [{"name": "ada", "points": "1"}])
    with pytest.raises(RubricError, match="lacks the column.s. item, learner, score, task"):
        read_rubric(path, [])


def marked_class(tmp_path, model, key_path):
    """A graded class whose sheet in the output folder the instructor has marked."""
    write(tmp_path / "in", "a.json", model)
    grade(tmp_path / "in", key_path, out=tmp_path / "out")
    path = tmp_path / "out" / "rubric-sheet.csv"
    rows = sheet(path)
    rows[0] |= {"score": "1,5", "comment": "Good clue"}
    rows[1] |= {"score": "abc"}
    save(path, rows)
    return path, path.read_bytes()


def test_a_mistyped_rubric_path_stops_before_anything_is_written(tmp_path, model, key_path):
    from kit.cli import main

    path, marked = marked_class(tmp_path, model, key_path)
    (tmp_path / "out" / "grades.csv").unlink()
    args = ["grade", "--key", str(key_path), "--out", str(tmp_path / "out"), "--quiet"]
    code = main([*args, "--rubric", str(tmp_path / "out" / "rubric_sheet.csv"), str(tmp_path)])
    assert code == 2
    assert path.read_bytes() == marked and not (tmp_path / "out" / "grades.csv").exists()


def test_a_regrade_that_would_drop_typed_marks_keeps_the_sheet_aside(tmp_path, model, key_path):
    """Re-grading without --rubric, or with a row refused, used to overwrite the marks."""
    path, marked = marked_class(tmp_path, model, key_path)
    result = grade(tmp_path / "in", key_path, out=tmp_path / "out")  # --rubric forgotten
    (kept,) = [Path(p.file) for p in result.problem_list if ".before-" in p.file]
    assert kept.parent == path.parent and kept.read_bytes() == marked
    assert "grade again with --rubric" in result.problem_list[-1].reason
    assert sheet(path)[0]["score"] == ""  # the new sheet is blank; the marks are in `kept`
    merged = grade(tmp_path / "in", key_path, out=tmp_path / "out", rubric=kept)
    assert merged.grades.loc["ada", "01_first_read:justification"] == 1.5
    assert [p.reason[:22] for p in merged.problem_list] == ["row 3: the score 'abc'"]
    assert list(path.parent.glob("*.before-*")) == [kept]  # 'abc' is still there, and only there
    path.write_bytes(marked)
    grade(tmp_path / "in", key_path, out=tmp_path / "out")  # a second copy, never over the first
    assert len(list(path.parent.glob("*.before-*"))) == 2 and kept.read_bytes() == marked


def test_merging_the_sheet_in_place_as_the_guide_says_keeps_no_copy(tmp_path, model, key_path):
    path, _ = marked_class(tmp_path, model, key_path)
    rows = sheet(path)
    rows[1]["score"] = "2"
    save(path, rows)
    result = grade(tmp_path / "in", key_path, out=tmp_path / "out", rubric=path)
    assert result.problem_list == [] and not list(path.parent.glob("*.before-*"))
    assert [(r["score"], r["comment"]) for r in sheet(path)] == [("1.5", "Good clue"), ("2", "")]


def test_a_sheet_saved_by_excel_as_windows_1252_is_merged(tmp_path, model, key_path):
    path, _ = marked_class(tmp_path, model, key_path)
    rows = sheet(path)
    rows[0]["comment"] = "“Exactly” the clue – café"
    rows[1]["score"] = "3"
    with open(tmp_path / "excel.csv", "w", encoding="cp1252", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    result = grade(tmp_path / "in", key_path, rubric=tmp_path / "excel.csv")
    (note,) = result.problem_list  # merged, with a word on how it was read
    assert "read as Windows-1252" in note.reason and "CSV UTF-8" in note.reason
    assert result.grades.loc["ada"].tolist()[:2] == [1, 1.5]
    assert "“Exactly” the clue – café" in result.feedback_html("ada")


def test_formula_like_text_is_written_as_text_and_read_back_unchanged():
    for value in ('=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tx", "plain", "'quoted"):
        assert uncell(cell(value)) == value
    assert cell("=1+1") == "'=1+1" and cell("plain") == "plain"


def test_formula_answers_are_neutralised_in_the_sheet(tmp_path, model, key_path):
    model["exercises"]["01_first_read"]["justification"]["value"] = "=cmd|' /C calc'!A0"
    write(tmp_path / "in", "a.json", model)
    grade(tmp_path / "in", key_path, out=tmp_path / "out")
    assert sheet(tmp_path / "out" / "rubric-sheet.csv")[0]["answer"] == "'=cmd|' /C calc'!A0"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8")), min_size=2, max_size=6))
def test_a_line_is_quoted_exactly_as_the_csv_module_quotes_it(fields):
    buffer = io.StringIO()
    csv.writer(buffer).writerow(fields)
    assert csv_line(fields) == buffer.getvalue()


@pytest.mark.parametrize("workers", [1, 2])
def test_the_sheet_is_byte_for_byte_what_the_csv_module_writes(tmp_path, model, key_path, workers):
    """The fast writer quotes constant cells once, and the workers make each learner's lines;
    the result must not differ by a byte from the csv module's, nor from the sheet made in
    the main process alone."""
    model["exercises"]["01_first_read"]["justification"]["value"] = 'say "hi",\nthen =go'
    write(tmp_path / "in", "a.json", model)
    write(tmp_path / "in", "b.json", with_learner(model, "bob"))
    write(tmp_path / "in", "c.json", with_learner(model, "-cy"))
    result = grade(tmp_path / "in", key_path, out=tmp_path / "out", workers=workers)
    assert all(g.sheet for g in result.graded)
    write_csv(tmp_path / "slow.csv", COLUMNS, rubric_rows(result.graded, result.tasks))
    fast = (tmp_path / "out" / "rubric-sheet.csv").read_bytes()
    assert fast == (tmp_path / "slow.csv").read_bytes()
    assert fast.count(b'"say ""hi"",\nthen =go"') == 3
    assert b"\r\n'-cy," in fast  # an id a spreadsheet would read as a formula is quoted
    for g in result.graded:
        g.sheet = None
    assert sheet_bytes(result.graded, result.tasks) == fast


def test_a_very_long_answer_does_not_block_the_merge(tmp_path, key_and_case):
    """One learner's 200 KB answer used to stop the merge with csv's field-size error."""
    tasks = active_tasks(key_and_case[0])
    row = {"learner": "ada", "task": "01_first_read", "item": "justification"}
    path = save(tmp_path / "s.csv", [row | {"answer": "long " * 40_000, "score": "2"}])
    scores, problems = read_rubric(path, tasks)
    assert problems == [] and scores["ada", "01_first_read:justification"].score == 2.0


def test_a_row_csv_cannot_read_is_a_problem_and_the_rows_before_it_count(tmp_path, key_and_case):
    from kit.grading.submissions import MAX_BYTES

    tasks = active_tasks(key_and_case[0])
    path = tmp_path / "s.csv"
    huge = "x" * (2 * MAX_BYTES + 1)  # beyond any hand-in: csv refuses the field
    path.write_text(
        "learner,task,item,score,comment\nada,01_first_read,justification,1,\n"
        f"bob,01_first_read,justification,2,{huge}\n",
        encoding="utf-8",
    )
    scores, problems = read_rubric(path, tasks)
    assert scores["ada", "01_first_read:justification"].score == 1.0
    assert ("bob", "01_first_read:justification") not in scores
    assert [p.reason[:30] for p in problems] == ["row 3 cannot be read (field la"]


def test_the_kits_own_zero_for_an_empty_answer_is_not_a_mark_to_keep(tmp_path, model, key_path):
    """Bob hands in nothing for an item (the sheet says 0), then an answer: the 0 must not
    stick to his new answer, nor make a re-grade keep a copy of a sheet nobody marked."""
    blank = copy.deepcopy(model)
    del blank["exercises"]["01_first_read"]["justification"]
    write(tmp_path / "in", "a.json", blank)
    grade(tmp_path / "in", key_path, out=tmp_path / "out")
    path = tmp_path / "out" / "rubric-sheet.csv"
    assert sheet(path)[0]["score"] == "0"
    write(tmp_path / "in", "a.json", model)  # handed in again, with an answer
    again = grade(tmp_path / "in", key_path, out=tmp_path / "out", rubric=path)
    assert again.problem_list == [] and not list(path.parent.glob("*.before-*"))
    assert again.graded[0].rubric["01_first_read:justification"].score is None


def test_a_sheet_merged_while_grading_some_exercises_loses_nothing(tmp_path):
    from tests.grading.conftest import KEY_PATH

    key, _case = load_key_and_case(KEY_PATH)
    write(tmp_path / "in", "a.json", model_answers(key, "ada"))
    grade(tmp_path / "in", KEY_PATH, out=tmp_path / "out")
    path = tmp_path / "out" / "rubric-sheet.csv"
    rows = [row | {"score": "1"} for row in sheet(path)]
    save(path, rows)
    marked = {(r["learner"], r["task"], r["item"], r["score"], r["comment"]) for r in rows}
    result = grade(tmp_path / "in", KEY_PATH, out=tmp_path / "out", rubric=path, exercises="02")
    assert result.grades.loc["ada", "02_claims:priority"] == 1
    assert result.problem_list == []  # no "no rubric item" errors for 01, 03, 04; no copy
    again = {(r["learner"], r["task"], r["item"], r["score"], r["comment"]) for r in sheet(path)}
    assert again == marked  # the rows of 01, 03 and 04 are carried over with their marks
    full = grade(tmp_path / "in", KEY_PATH, out=tmp_path / "out", rubric=path)
    assert full.problem_list == [] and full.grades.loc["ada", "01_first_read:justification"] == 1


def test_a_mark_given_to_another_answer_is_not_applied_and_is_reported(tmp_path, model, key_path):
    """Ada hands in again after her sheet was marked: the old mark must not grade new words."""
    model["exercises"]["01_first_read"]["justification"]["value"] = "No byline,\nno sources."
    write(tmp_path / "in", "a.json", model)
    grade(tmp_path / "in", key_path, out=tmp_path / "out")
    path = tmp_path / "out" / "rubric-sheet.csv"
    rows = sheet(path)
    rows[0] |= {"score": "2", "answer": "no byline,  no sources"}  # a spreadsheet's retyping
    rows[1] |= {"score": "3"}
    save(path, rows)
    same = grade(tmp_path / "in", key_path, rubric=path)
    assert same.problem_list == [] and same.grades.loc["ada", "01_first_read:justification"] == 2
    model["exercises"]["01_first_read"]["justification"]["value"] = "It quotes nobody at all."
    write(tmp_path / "in", "a.json", model)
    again = grade(tmp_path / "in", key_path, out=tmp_path / "out", rubric=path)
    assert again.graded[0].rubric["01_first_read:justification"].score is None
    assert again.grades.loc["ada", "02_claims:priority"] == 3  # an unchanged answer keeps it
    stale = [p.reason for p in again.problem_list if p.file.endswith("a.json")]
    assert stale == [
        "01_first_read:justification: this answer is not the one the rubric sheet shows (row 2);"
        " it was handed in again after marking, so the mark was not applied: mark it again on "
        "the new sheet"
    ]
    [copy] = [p for p in again.problem_list if ".before-" in p.file]
    refused = grade(tmp_path / "in", key_path, rubric=copy.file).problem_list
    assert [p.reason for p in refused] == stale  # merging the copy would refuse it again
    assert copy.reason.endswith(f"then grade again with --rubric {path}")  # so: the new sheet
    rows = sheet(path)  # as the message says: the new answer marked afresh on the new sheet
    assert [r["score"] for r in rows] == ["", "3"]  # the mark that merged is there already
    save(path, [rows[0] | {"score": "1"}, rows[1]])
    done = grade(tmp_path / "in", key_path, out=tmp_path / "out", rubric=path)
    assert done.problem_list == [] and len(list(path.parent.glob("*.before-*"))) == 1
    marks = done.grades.loc["ada", ["01_first_read:justification", "02_claims:priority"]]
    assert marks.tolist() == [1, 3]


@pytest.mark.parametrize(
    ("score", "comment", "reported"),
    [("0.00", "", False), ("0", "See me", True)],  # the kit's own 0, as LibreOffice saves it
)
def test_a_mark_on_an_empty_answer_never_sticks_to_a_later_one(
    tmp_path, model, key_path, score, comment, reported
):
    blank = copy.deepcopy(model)
    del blank["exercises"]["01_first_read"]["justification"]
    write(tmp_path / "in", "a.json", blank)
    grade(tmp_path / "in", key_path, out=tmp_path / "out")
    path = tmp_path / "out" / "rubric-sheet.csv"
    rows = sheet(path)
    rows[0] |= {"score": score, "comment": comment}
    save(path, rows)
    write(tmp_path / "in", "a.json", model)  # handed in again, now with an answer
    result = grade(tmp_path / "in", key_path, rubric=path)
    assert result.graded[0].rubric["01_first_read:justification"].score is None
    assert [("row 2" in p.reason) for p in result.problem_list] == ([True] if reported else [])


def test_a_sheet_without_the_answer_column_is_still_merged(tmp_path, model, key_path):
    write(tmp_path / "in", "a.json", model)
    rows = [{"learner": "ada", "task": "01_first_read", "item": "justification", "score": "2"}]
    result = grade(tmp_path / "in", key_path, rubric=save(tmp_path / "r.csv", rows))
    assert (
        result.problem_list == [] and result.grades.loc["ada", "01_first_read:justification"] == 2
    )


def test_scores_are_plain_numbers_and_minus_zero_is_zero(tmp_path, key_and_case):
    tasks = active_tasks(key_and_case[0])
    rows = [
        {"learner": name, "task": "02_claims", "item": "priority", "score": typed}
        for name, typed in (("ada", "1_5"), ("bob", "２"), ("cy", "-0"), ("di", ".5"), ("ed", "2."))
    ]
    scores, problems = read_rubric(save(tmp_path / "r.csv", rows), tasks)
    assert [p.reason for p in problems] == [
        "row 2: the score '1_5' is not a number",
        "row 3: the score '２' is not a number",
    ]
    found = {learner: s.score for (learner, _), s in scores.items()}
    assert found == {"cy": 0.0, "di": 0.5, "ed": 2.0}
    assert str(found["cy"]) == "0.0"  # not -0.0, which the sheet would show as -0


def test_a_row_nobody_marked_is_not_checked_against_a_changed_answer(tmp_path, model, key_path):
    """Re-grading with an unmarked sheet after a learner handed in again reports nothing."""
    write(tmp_path / "in", "a.json", model)
    grade(tmp_path / "in", key_path, out=tmp_path / "out")
    path = tmp_path / "out" / "rubric-sheet.csv"
    model["exercises"]["01_first_read"]["justification"]["value"] = "Something else entirely."
    write(tmp_path / "in", "a.json", model)
    again = grade(tmp_path / "in", key_path, out=tmp_path / "out", rubric=path)
    assert again.problem_list == []


@pytest.mark.parametrize(
    "make, said",
    [
        (lambda p: p.write_bytes("learner,task\n".encode("utf-16")), "saved as UTF-16"),
        (lambda p: p.write_text("x" * 25_000_000, encoding="ascii"), "first row cannot be read"),
        (lambda p: os.mkfifo(p), "not a regular file"),
        (lambda p: p.write_bytes(b"PK\x03\x04" + bytes(60)), "spreadsheet's own file, not CSV"),
        (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0" + bytes(60)), "Save it as 'CSV UTF-8'"),
    ],
    ids=["utf-16", "huge-header", "named-pipe", "xlsx", "xls"],
)
def test_a_sheet_that_cannot_be_a_sheet_is_refused_with_a_reason(tmp_path, make, said):
    path = tmp_path / "r.csv"
    make(path)
    with pytest.raises(RubricError, match=said):
        read_rubric(path, [])


def test_an_unreadable_row_with_exercises_chosen_is_a_problem_not_a_crash(tmp_path):
    from kit.grading.submissions import MAX_BYTES
    from tests.grading.conftest import KEY_PATH

    key, _case = load_key_and_case(KEY_PATH)
    write(tmp_path / "in", "a.json", model_answers(key, "ada"))
    path = tmp_path / "r.csv"
    path.write_text(
        "learner,task,item,score,comment\nada,02_claims,priority,1,\n"
        f"ada,03_sources,whole_text,2,{'x' * (2 * MAX_BYTES + 1)}\n",
        encoding="utf-8",
    )
    result = grade(tmp_path / "in", KEY_PATH, out=tmp_path / "out", rubric=path, exercises="02")
    assert result.grades.loc["ada", "02_claims:priority"] == 1
    assert [p.reason[:22] for p in result.problem_list] == ["row 3 cannot be read ("]
    assert (tmp_path / "out" / "grades.csv").is_file()
