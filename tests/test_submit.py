"""Handing in: a snapshot of the answers file under a clear name, and where it went."""

import json
import subprocess
import sys
from datetime import datetime

import pytest

from kit.answers import AnswersFile
from kit.cases import load_case
from kit.submit import SubmitError, hand_in, submit

SHA = load_case("wagner-convoy").article.sha256
WHEN = datetime(2026, 11, 25, 10, 30, 59)


@pytest.fixture
def answers(tmp_path):
    folder = tmp_path / "answers"
    saved = AnswersFile.for_learner("wagner-convoy", SHA, "ada", folder)
    saved.set("01_first_read", "genre", "opinion")
    saved.set("01_first_read", "justification", "no sources")
    return folder


def test_the_answers_file_is_copied_under_case_learner_and_minute(tmp_path, answers, capsys):
    target = submit("wagner-convoy", "ada", tmp_path / "out", answers=answers, now=WHEN)
    assert target == tmp_path / "out" / "wagner-convoy--ada--2026-11-25T1030.json"
    assert target.read_bytes() == (answers / "wagner-convoy--ada.json").read_bytes()
    out = capsys.readouterr().out
    assert "Handed in 2 answer(s) from 1 exercise(s)" in out and str(target.resolve()) in out


def test_handing_in_again_without_changes_points_to_the_last_copy(tmp_path, answers, capsys):
    """Run All runs the hand-in cell too: each run left another copy to choose from."""
    first = submit("wagner-convoy", "ada", tmp_path / "out", answers=answers, now=WHEN)
    later = datetime(2026, 11, 25, 11, 45)
    again = submit("wagner-convoy", "ada", tmp_path / "out", answers=answers, now=later)
    assert again == first and len(list((tmp_path / "out").iterdir())) == 1
    other = tmp_path / "out" / "wagner-convoy--ada--zed--2026-11-25T1200.json"  # another id
    other.write_bytes(b"{}")
    assert submit("wagner-convoy", "ada", tmp_path / "out", answers=answers, now=later) == first
    other.unlink()
    assert "No change since you last handed in" in capsys.readouterr().out
    AnswersFile.for_learner("wagner-convoy", SHA, "ada", answers).set(
        "01_first_read", "genre", "satire"
    )
    changed = submit("wagner-convoy", "ada", tmp_path / "out", answers=answers, now=later)
    assert changed.name == "wagner-convoy--ada--2026-11-25T1145.json" and changed != first


def test_the_default_folder_is_kit_submissions_or_the_environment(tmp_path, answers, monkeypatch):
    monkeypatch.setenv("KIT_SUBMISSIONS_DIR", str(tmp_path / "hand-ins"))
    target = submit(learner="ada", answers=answers, now=WHEN, quiet=True)
    assert target.parent == tmp_path / "hand-ins"
    monkeypatch.delenv("KIT_SUBMISSIONS_DIR")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert submit(learner="ada", answers=answers, now=WHEN, quiet=True).parent == (
        tmp_path / "home" / "kit-submissions"
    )


def test_the_learner_id_comes_from_the_environment_like_the_notebooks(
    tmp_path, answers, monkeypatch
):
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.setenv("KIT_LEARNER", "ada")
    assert submit(to=tmp_path, answers=answers, now=WHEN, quiet=True).name.startswith(
        "wagner-convoy--ada--"
    )


@pytest.mark.parametrize(
    ("learner", "words"),
    [("bob", "No answers to hand in yet"), ("../x", "cannot be used as a learner id")],
)
def test_nothing_to_hand_in_is_said_plainly(tmp_path, answers, learner, words):
    with pytest.raises(SubmitError, match=words):
        submit(learner=learner, to=tmp_path, answers=answers)


def test_no_learner_id_at_all_is_said_plainly(tmp_path, monkeypatch):
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.delenv("KIT_LEARNER", raising=False)
    with pytest.raises(SubmitError, match="No learner id yet"):
        submit(to=tmp_path, answers=tmp_path / "empty")


def test_a_damaged_or_foreign_file_is_not_handed_in(tmp_path, answers):
    path = answers / "wagner-convoy--ada.json"
    path.write_text("{cut", encoding="utf-8")
    with pytest.raises(SubmitError, match="not valid JSON"):
        submit(learner="ada", to=tmp_path / "out", answers=answers)
    path.write_text(json.dumps({"schema": 1, "case": "x", "learner": "ada", "exercises": {}}))
    with pytest.raises(SubmitError, match="not a kit answers file"):
        submit(learner="ada", to=tmp_path / "out", answers=answers)
    path.write_text('{"schema": 1, "exercises": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(SubmitError, match="nested too deeply"):  # was a RecursionError
        submit(learner="ada", to=tmp_path / "out", answers=answers)
    other = {"schema": 1, "case": "wagner-convoy", "learner": "ada", "exercises": {}}
    path.write_text(json.dumps(other | {"article_sha256": "0" * 64}))
    with pytest.raises(SubmitError, match="another version of the article text"):
        submit(learner="ada", to=tmp_path / "out", answers=answers)  # the grader refuses it
    elsewhere = AnswersFile.for_learner("own-case", "b" * 64, "ada", answers)
    elsewhere.set("01_first_read", "genre", "opinion")  # a case of the teacher's own: no check
    assert submit("own-case", "ada", tmp_path / "own", answers=answers, quiet=True).exists()
    damaged = {"schema": 1, "case": "wagner-convoy", "learner": "ada", "article_sha256": SHA}
    path.write_text(json.dumps(damaged | {"exercises": {"01_first_read": 5}}))
    with pytest.raises(SubmitError, match="the exercise '01_first_read' in it is damaged"):
        submit(learner="ada", to=tmp_path / "out", answers=answers)  # was a TypeError
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_submit_reads_the_file_as_the_grader_and_the_notebooks_do(tmp_path, answers):
    """A byte-order mark (some editors add one) was refused by submit but read by the grader;
    half a character (a lone surrogate escape) was handed in but refused by the grader. Both
    are now read alike: the half becomes U+FFFD, as the notebooks save it."""
    path = answers / "wagner-convoy--ada.json"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert submit(learner="ada", to=tmp_path / "out", answers=answers, quiet=True).exists()
    path.write_text(text.replace('"no sources"', '"no \\ud800 sources"'), encoding="utf-8")
    assert "\\ud800" in path.read_text(encoding="utf-8")
    assert submit(learner="ada", to=tmp_path / "other", answers=answers, quiet=True).exists()


def test_the_command_prints_where_the_file_went(tmp_path, answers, monkeypatch):
    env = {"KIT_ANSWERS_DIR": str(answers), "KIT_LEARNER": "ada", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "kit.cli", "submit", "--to", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert "Upload this file to your teacher" in done.stdout
    assert len(list((tmp_path / "out").glob("wagner-convoy--ada--*.json"))) == 1
    missing = subprocess.run(
        [sys.executable, "-m", "kit.cli", "submit", "--learner", "bob", "--to", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert missing.returncode == 1 and "No answers to hand in yet" in missing.stderr
    (tmp_path / "a-file").write_text("x")
    blocked = subprocess.run(  # a folder that cannot be made: a message, not a traceback
        [sys.executable, "-m", "kit.cli", "submit", "--to", str(tmp_path / "a-file" / "x")],
        capture_output=True,
        text=True,
        env=env,
    )
    assert blocked.returncode == 1 and "Traceback" not in blocked.stderr
    assert blocked.stderr.startswith("kit submit:") and "a-file" in blocked.stderr


def test_hand_in_for_a_notebook_cell_explains_instead_of_raising(
    tmp_path, answers, monkeypatch, capsys
):
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.setenv("KIT_LEARNER", "bob")
    monkeypatch.setenv("KIT_ANSWERS_DIR", str(answers))
    assert hand_in(to=tmp_path / "out") is None
    assert "Not handed in: No answers to hand in yet" in capsys.readouterr().out
    monkeypatch.setenv("KIT_LEARNER", "ada")
    target = hand_in(to=tmp_path / "out")
    assert target is not None and target.parent == tmp_path / "out"
    assert "Upload this file to your teacher" in capsys.readouterr().out
