"""The key as a hand-in: full automatic marks, a valid answers file, a command to write it."""

import json
import subprocess
import sys

import pytest

from kit.answers import AnswersFile
from kit.grading import grade
from kit.grading.model import load_key_and_case, model_answers, write_model_answers
from kit.keys import KeyFileError
from tests.grading.conftest import write


def test_the_model_hand_in_earns_every_automatic_point(tmp_path, key_path):
    path = write_model_answers(key_path, tmp_path / "model.json")
    result = grade(path, key_path)
    assert result.problem_list == []
    row = result.grades.loc["model"]
    assert (row["01_first_read"], row["02_claims"]) == (1, 15)


def test_it_is_an_answers_file_the_notebooks_can_open(tmp_path, key_and_case):
    key, case = key_and_case
    data = model_answers(key, "ada")
    write(tmp_path, "wagner-convoy--ada.json", data)
    answers = AnswersFile.for_learner(case.id, case.article.sha256, "ada", tmp_path)
    assert answers.recoveries == []
    assert answers.get("02_claims", "triage")["t.s2"] == "NFS"
    assert len(answers.get("02_claims", "claims")) == len(key["claims"]["spans"])


MODEL = [sys.executable, "-m", "kit.cli", "model-answers"]


def test_the_command_writes_the_file_and_refuses_a_bad_key(tmp_path, key_path):
    out = tmp_path / "deep" / "model.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "kit.cli",
            "model-answers",
            "--key",
            str(key_path),
            "-o",
            str(out),
            "--learner",
            "teacher",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "wrote" in done.stdout and json.loads(out.read_text())["learner"] == "teacher"
    bad = write(tmp_path, "bad.json", {"schema": 1, "case": "wagner-convoy"})
    failed = subprocess.run(
        [sys.executable, "-m", "kit.cli", "model-answers", "--key", str(bad), "-o", str(out)],
        capture_output=True,
        text=True,
    )
    assert failed.returncode == 2 and "article_sha256 does not match" in failed.stderr
    key_copy = write(tmp_path, "mine.json", json.loads(key_path.read_text(encoding="utf-8")))
    for output, words in ((key_copy, "is the key itself"), (tmp_path / "deep", "Is a directory")):
        refused = subprocess.run(  # never overwrite the key; a folder is said, not a traceback
            [*MODEL, "--key", str(key_copy), "-o", str(output)],
            capture_output=True,
            text=True,
        )
        assert refused.returncode == 2 and words in refused.stderr, refused.stderr
        assert "Traceback" not in refused.stderr
    assert json.loads(key_copy.read_text(encoding="utf-8"))["schema"] == 1


def test_a_key_that_names_no_case_is_refused(tmp_path):
    with pytest.raises(KeyFileError, match="does not name its case"):
        load_key_and_case(write(tmp_path, "k.json", {"schema": 1}))


def test_with_every_section_the_model_earns_every_automatic_point_of_all_four(tmp_path):
    from kit.grading.registry import TASKS
    from tests.grading.conftest import KEY_PATH

    result = grade(write_model_answers(KEY_PATH, tmp_path / "model.json"), KEY_PATH)
    assert result.problem_list == []
    row = result.grades.loc["model"]
    for exercise in ("01_first_read", "02_claims", "03_sources", "04_framing"):
        assert row[exercise] == TASKS[exercise].max_points


def test_a_key_naming_an_unknown_case_says_which_key(tmp_path):
    path = write(tmp_path, "k.json", {"schema": 1, "case": "nosuch"})
    with pytest.raises(KeyFileError, match=r"k\.json: no case 'nosuch'"):
        load_key_and_case(path)
