"""Finding hand-ins and refusing, with a reason, every file that cannot be graded."""

import json
import os

import pytest

from kit.grading.submissions import (
    MAX_BYTES,
    Expect,
    Problem,
    Submission,
    find_submissions,
    read_submission,
    span_problem,
)
from tests.grading.conftest import KEY_PATH, write


@pytest.fixture
def expect(case):
    return Expect(case.id, case.article.sha256)


def reason(path, expect):
    result = read_submission(path, expect)
    assert isinstance(result, Problem), result
    return result.reason


def test_a_model_hand_in_is_read_as_values_and_the_latest_save(tmp_path, model, expect):
    result = read_submission(write(tmp_path, "a.json", model), expect)
    assert isinstance(result, Submission) and result.learner == "ada"
    assert result.exercises["01_first_read"]["genre"] == "opinion"
    assert result.saved_at.startswith("20")


def test_a_byte_order_mark_is_tolerated(tmp_path, model, expect):
    path = write(tmp_path, "a.json", b"\xef\xbb\xbf" + json.dumps(model).encode())
    assert isinstance(read_submission(path, expect), Submission)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "is empty"),
        (b'{"schema": 1, "case"', "not valid JSON"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b"[1, 2]", "not an object"),
        (b'""', "not an object"),  # a JSON string is data, never the reason itself
        (b'"<b>any words a file likes</b>"', "not an object"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"schema": ' + b"9" * 5000 + b"}", "a number thousands of digits long"),
        (b"\xef\xbb\xbf \n", "is empty"),
        (b'{"schema": 1, "x": NaN}', "holds NaN, not a finite number"),
        (b'{"schema": -Infinity}', "holds -Infinity"),
        (b'{"schema": 1e400}', "holds 1e400"),
    ],
)
def test_files_that_are_not_answers_files_are_refused(tmp_path, expect, content, words):
    assert words in reason(write(tmp_path, "x.json", content), expect)


def test_a_lone_surrogate_escape_becomes_a_replacement_character_and_a_pair_is_text(
    tmp_path, model, expect
):
    """json.loads turns "\\ud800" into text that cannot be written as UTF-8: unmended, the
    feedback page of that learner stopped the whole class with an error."""
    answer = model["exercises"]["01_first_read"]["justification"]
    raw = json.dumps(model).replace(json.dumps(answer["value"]), '"half \\ud800 of it"')
    assert "\\ud800" in raw
    (tmp_path / "lone.json").write_text(raw, encoding="utf-8")
    read = read_submission(tmp_path / "lone.json", expect)
    assert read.exercises["01_first_read"]["justification"] == "half \ufffd of it"
    pair = raw.replace("\\ud800", "\\ud83d\\ude00")
    (tmp_path / "pair.json").write_text(pair, encoding="utf-8")
    read = read_submission(tmp_path / "pair.json", expect)
    assert read.exercises["01_first_read"]["justification"] == "half \N{GRINNING FACE} of it"


def test_a_file_over_5_mb_is_refused_without_being_parsed(tmp_path, model, expect):
    model["padding"] = "x" * MAX_BYTES
    assert "over the 5 MB limit" in reason(write(tmp_path, "big.json", model), expect)


@pytest.mark.parametrize("padding", [1000, MAX_BYTES])
def test_a_file_that_grew_after_its_size_was_taken_is_read_to_its_end(
    tmp_path, model, expect, monkeypatch, padding
):
    """The reader asks for the size fstat gave; a file longer by then must not be cut short
    (and parsed as broken JSON) nor slip past the size limit."""
    model["padding"] = "x" * padding
    path = write(tmp_path, "a.json", model)
    real = os.fstat

    def stale(fd):
        info = real(fd)
        return os.stat_result((*info[:6], 10, *info[7:]))  # st_size: 10 bytes

    monkeypatch.setattr("kit.grading.submissions.os.fstat", stale)
    result = read_submission(path, expect)
    if padding < MAX_BYTES:
        assert isinstance(result, Submission) and result.learner == "ada"
    else:
        assert isinstance(result, Problem) and "over the 5 MB limit" in result.reason


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"schema": 2}, "schema version 2; this kit reads version 1"),
        ({"schema": "1"}, "schema version '1'"),
        ({"case": "moon-landing"}, "for the case 'moon-landing'"),
        ({"article_sha256": "0" * 64}, "another version of the article"),
        ({"learner": "../../etc/passwd"}, "not a safe file name"),
        ({"learner": "con"}, "not a safe file name"),
        ({"learner": ["ada"]}, "not a safe file name"),
        ({"exercises": []}, "no 'exercises' object"),
        ({"exercises": {"02_claims": []}}, "not laid out as the kit writes it"),
        ({"exercises": {"02_claims": {"triage": {"x": 1}}}}, "has no value"),
    ],
)
def test_another_case_text_schema_or_unsafe_id_is_refused(tmp_path, model, expect, change, words):
    assert words in reason(write(tmp_path, "x.json", model | change), expect)


def test_a_key_or_other_json_among_the_hand_ins_is_named_for_what_it_is(tmp_path, expect):
    """The answer key in the hand-ins folder was refused for its 'learner id None', and
    {"hello": "world"} for its 'schema version None', each with advice that did not fit."""
    key = json.loads(KEY_PATH.read_text(encoding="utf-8"))
    for data in (key, {"hello": "world"}):
        said = reason(write(tmp_path, "x.json", data), expect)
        assert said.startswith("is JSON but not a learner's answers file"), said


@pytest.mark.parametrize(
    "change", [{"schema": 2}, {"case": "moon-landing"}, {"article_sha256": "0" * 64}]
)
def test_a_file_for_another_case_or_version_still_names_its_learner(
    tmp_path, model, expect, change
):
    """problems.csv left the learner blank, so the teacher had to open the file to see whom
    to ask for a new one."""
    result = read_submission(write(tmp_path, "x.json", model | change), expect)
    assert isinstance(result, Problem) and result.learner == model["learner"]
    unsafe = read_submission(write(tmp_path, "y.json", model | change | {"learner": ".."}), expect)
    assert isinstance(unsafe, Problem) and unsafe.learner == ""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_without_hanging(tmp_path, expect):
    os.mkfifo(tmp_path / "pipe.json")
    assert reason(tmp_path / "pipe.json", expect) == "is not a regular file"


def test_a_missing_file_is_refused(tmp_path, expect):
    assert "cannot be read" in reason(tmp_path / "gone.json", expect)


@pytest.mark.parametrize(
    ("span", "words"),
    [
        ({"start": 0, "end": 99_999, "quote": "x"}, "outside the text"),
        ({"start": -1, "end": 5, "quote": "x"}, "outside the text"),
        ({"start": 5, "end": 5, "quote": ""}, "its start (5) is not before its end (5)"),
        (
            {"start": 293, "end": 207, "quote": "x"},
            "not before its end (207): an empty or reversed",
        ),
        ({"start": -5, "end": 293, "quote": "x"}, "offsets -5 to 293 are outside the text (0 to"),
        ({"start": True, "end": 5, "quote": "x"}, "not whole numbers"),
        ({"start": 0.0, "end": 5, "quote": "x"}, "not whole numbers"),
        ({"start": 0, "end": 7, "quote": "Wagner!"}, "is not the text at 0-7"),
        ({"start": 0, "end": 7}, "is not the text at 0-7"),
    ],
)
def test_a_span_out_of_range_or_with_a_wrong_quote_is_found(case, span, words):
    exercises = {"02_claims": {"claims": [{"start": 0, "end": 7, "quote": "Wagners"}, span]}}
    problem = span_problem(exercises, case.text, ["02_claims"])
    assert problem.startswith("exercise 02_claims, item claims, span 2: ") and words in problem


def test_spans_nested_anywhere_are_checked_but_other_exercises_are_not(case):
    nested = {"02_claims": {"x": {"deep": [[{"start": 1, "end": 2, "quote": "?"}]]}}}
    assert "span 1" in span_problem(nested, case.text, ["02_claims"])
    assert span_problem(nested, case.text, ["01_first_read"]) is None
    assert (
        span_problem({"02_claims": {"triage": {"t.s1": "CFS"}}}, case.text, ["02_claims"]) is None
    )


def test_folders_are_searched_for_json_hidden_and_output_folders_skipped(tmp_path):
    for name in ("a.json", "B.JSON", "notes.txt", ".hidden.json", "sub/c.json", ".git/d.json"):
        write(tmp_path / "in", name, "{}")
    write(tmp_path / "in" / "graded", "e.json", "{}")
    found, problems = find_submissions([tmp_path / "in"], exclude=tmp_path / "in" / "graded")
    names = sorted(os.path.relpath(p, tmp_path / "in") for p in found)
    assert names == ["B.JSON", "a.json", os.path.join("sub", "c.json")] and problems == []


def test_globs_and_repeated_names_count_each_file_once(tmp_path):
    for name in ("a.json", "b.json"):
        write(tmp_path, name, "{}")
    found, _ = find_submissions([tmp_path / "a.json", str(tmp_path / "*.json"), tmp_path])
    assert len(found) == 2


def test_arguments_that_match_nothing_are_problems(tmp_path):
    found, problems = find_submissions([tmp_path / "gone.json", str(tmp_path / "*.nope")])
    assert found == []
    assert [p.reason for p in problems] == [
        "no such file or folder",
        "no file matches this pattern",
    ]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_link_to_a_folder_is_not_followed(tmp_path):
    write(tmp_path / "elsewhere", "secret.json", "{}")
    (tmp_path / "in").mkdir()
    os.symlink(tmp_path / "elsewhere", tmp_path / "in" / "link")
    assert find_submissions([tmp_path / "in"]) == ([], [])


def test_an_answer_the_notebook_kept_aside_is_not_checked_as_spans(case):
    """A refused span list kept as 'claims.unreadable' must not make the hand-in a problem."""
    kept = [{"start": 0, "end": 3, "quote": "not the text"}]
    exercises = {"02_claims": {"claims.unreadable": kept}}
    assert span_problem(exercises, case.text, ["02_claims"]) is None
    exercises = {"02_claims": {"claims": kept}}
    assert "quote" in span_problem(exercises, case.text, ["02_claims"])


def test_a_folder_that_cannot_be_read_is_a_problem_not_a_silent_gap(tmp_path, monkeypatch):
    (tmp_path / "open").mkdir()
    (tmp_path / "shut").mkdir()
    (tmp_path / "open" / "a.json").write_text("{}", encoding="utf-8")
    (tmp_path / "shut" / "b.json").write_text("{}", encoding="utf-8")
    real = os.scandir

    def scandir(path):  # as root, chmod cannot make a folder unreadable: refuse it here
        if os.path.basename(path) == "shut":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    files, problems = find_submissions([tmp_path])
    assert [os.path.basename(f) for f in files] == ["a.json"]
    assert [(p.file, p.reason) for p in problems] == [
        (str(tmp_path / "shut"), "this folder cannot be read (Permission denied)")
    ]


def test_shown_escapes_what_could_fake_or_garble_a_line():
    from kit.grading.submissions import shown

    assert shown("caf\udce9 x.json") == "caf\\xe9 x.json"  # a byte that was not UTF-8
    assert shown("a\x1b[31m\nb") == "a\\x1b[31m\\x0ab"
    assert shown("gpj.\u202eexe\u2028x") == "gpj.\\u202eexe\\u2028x"  # bidi mark, separator
    assert shown("Zoë, 1 φ.json") == "Zoë, 1 φ.json"


def test_a_zip_or_a_renamed_hand_in_in_a_folder_is_listed_with_what_to_do(tmp_path):
    """They were passed over in silence: 'graded 1 hand-in(s); 0 problem(s)'. A teacher's own
    files (a README, a spreadsheet) still are."""
    names = ("class.zip", "b.json.txt", "README.md", "marks.xlsx", "c.json.gz", "Smith_04.ipynb")
    lost = ("wagner-convoy--ada.smith--2026-11-25T1030", "answers")  # kit's name; JSON inside
    for name in (*names, *lost, "Unconfirmed 1.crdownload"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    (tmp_path / "README").write_text("Marks for 10B, due Friday", encoding="utf-8")
    paths, problems = find_submissions([tmp_path])
    assert paths == []
    assert [(os.path.basename(p.file), p.reason.split(",")[0]) for p in problems] == [
        ("Smith_04.ipynb", "is a Jupyter notebook"),
        ("Unconfirmed 1.crdownload", "is a download that may not have finished"),
        ("answers", "has no .json at the end of its name"),
        (
            "b.json.txt",
            "is not named .json (a browser or mail program may have renamed it): rename it",
        ),
        ("class.zip", "is a zip archive"),
        ("wagner-convoy--ada.smith--2026-11-25T1030", "has no .json at the end of its name"),
    ]
    assert "the .json file that the hand_in() cell (or kit submit) names" in problems[0].reason
    assert "add .json to its name" in problems[-1].reason
    (tmp_path / "a.json").write_text("{}", encoding="utf-8")  # one loose file beside it
    paths, problems = find_submissions([tmp_path])
    assert [os.path.basename(p) for p in paths] == ["a.json"]
    assert len(problems) == 6
    assert "if it holds hand-ins you have not unzipped yet" in problems[4].reason


def test_a_zip_or_a_notebook_named_directly_is_named_for_what_it_is(tmp_path, expect):
    """Named on the command line, a class's zip read as 'is not UTF-8 text' and a notebook as
    'not a learner's answers file'; an empty file now says what to do."""
    import zipfile

    with zipfile.ZipFile(tmp_path / "class.zip", "w") as archive:
        archive.writestr("a.json", "{}")
    assert "is a zip archive, not read" in reason(tmp_path / "class.zip", expect)
    notebook = {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    assert "is a Jupyter notebook" in reason(write(tmp_path, "n.ipynb", notebook), expect)
    said = reason(write(tmp_path, "e.json", b""), expect)
    assert said.startswith("is empty: ") and "ask the learner for it again" in said
