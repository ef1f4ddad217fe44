import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from kit.answers import SCHEMA, AnswersFile, answers_path
from kit.learners import LearnerIdError

SHA = "a" * 64


def open_file(tmp_path, learner="ada", sha=SHA, case="wagner-convoy"):
    return AnswersFile.for_learner(case, sha, learner, tmp_path)


def test_a_change_is_on_disk_at_once_with_a_timestamp(tmp_path):
    answers = open_file(tmp_path)
    answers.set("01_first_read", "genre", "opinion")
    data = json.loads(answers.path.read_text(encoding="utf-8"))
    assert data["schema"] == SCHEMA and data["case"] == "wagner-convoy"
    assert data["article_sha256"] == SHA and data["learner"] == "ada"
    entry = data["exercises"]["01_first_read"]["genre"]
    assert entry["value"] == "opinion" and entry["saved_at"].endswith("+00:00")
    assert "score" not in json.dumps(data)


def test_answers_come_back_in_a_new_session(tmp_path):
    open_file(tmp_path).set("01_first_read", "rating", 2)
    again = open_file(tmp_path)
    assert again.get("01_first_read", "rating") == 2
    assert again.exercise("01_first_read") == {"rating": 2}
    assert again.recoveries == []


def test_two_kernels_on_one_file_keep_both_answers(tmp_path):
    # Two notebooks of the same case open at once each hold their own AnswersFile.
    first, second = open_file(tmp_path), open_file(tmp_path)
    first.set("01_first_read", "genre", "opinion")
    second.set("02_claims", "triage", {"t.s1": "CFS"})
    data = open_file(tmp_path).as_dict()["exercises"]
    assert data["01_first_read"]["genre"]["value"] == "opinion"
    assert data["02_claims"]["triage"]["value"] == {"t.s1": "CFS"}


def test_two_learners_never_share_a_file(tmp_path):
    ada, bob = open_file(tmp_path, "ada"), open_file(tmp_path, "bob")
    ada.set("e", "i", "from ada")
    bob.set("e", "i", "from bob")
    assert ada.path != bob.path
    assert open_file(tmp_path, "ada").get("e", "i") == "from ada"
    assert open_file(tmp_path, "bob").get("e", "i") == "from bob"


@pytest.mark.parametrize(
    "learner", ["../bob", "a b", "", ".hidden", "con", "x" * 65, "ada/1", "@SUM(A1)", "=1"]
)
def test_unsafe_learner_ids_are_refused(tmp_path, learner):
    with pytest.raises(LearnerIdError):
        answers_path("wagner-convoy", learner, tmp_path)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"schema": 1, "case": "wagner-con', "is not valid JSON (line 1, column 23)"),
        (b"not json at all", "may be cut short or edited by hand"),
        (b"", "empty"),
        (b"[1, 2]", "not a kit answers file"),
        (b'{"schema": 1, "exercises": {"e": {"i": {"value": NaN}}}}', "not a finite number"),
        (b'{"schema": 99, "exercises": {}}', "schema version 99"),
    ],
)
def test_a_damaged_file_is_kept_aside_and_reported(tmp_path, content, reason):
    path = answers_path("wagner-convoy", "ada", tmp_path)
    path.write_bytes(content)
    answers = open_file(tmp_path)
    (recovery,) = answers.recoveries
    assert reason in recovery.reason
    assert recovery.kept_as.read_bytes() == content  # the damaged bytes are kept as they were
    assert recovery.kept_as.name.startswith("wagner-convoy--ada.damaged-")
    assert path.name in recovery.message() and recovery.kept_as.name in recovery.message()
    answers.set("01_first_read", "genre", "satire")
    assert recovery.kept_as.read_bytes() == content


def test_a_file_for_another_text_version_is_kept_aside(tmp_path):
    open_file(tmp_path, sha="b" * 64).set("e", "i", "old")
    answers = open_file(tmp_path, sha=SHA)
    assert "different version of the article" in answers.recoveries[0].reason
    assert (
        json.loads(answers.recoveries[0].kept_as.read_text())["exercises"]["e"]["i"]["value"]
        == "old"
    )


def test_damage_between_saves_loses_nothing_held_in_memory(tmp_path):
    answers = open_file(tmp_path)
    answers.set("e", "first", 1)
    answers.path.write_text("{broken", encoding="utf-8")
    answers.set("e", "second", 2)
    assert open_file(tmp_path).exercise("e") == {"first": 1, "second": 2}
    assert len(answers.recoveries) == 1


def test_values_that_cannot_be_stored_are_refused_before_writing(tmp_path):
    answers = open_file(tmp_path)
    answers.set("e", "i", "kept")
    with pytest.raises(TypeError):
        answers.set("e", "j", object())
    assert open_file(tmp_path).exercise("e") == {"i": "kept"}


def test_a_broken_emoji_in_an_answer_is_saved_with_a_replacement_mark(tmp_path):
    """A lone UTF-16 half cannot be written as UTF-8: the answer used to be lost with an error."""
    answers = open_file(tmp_path)
    answers.set("e", "i", "kept \N{GRINNING FACE}")
    answers.set("e", "j", {"note": "half \ud83d of it", "list": ["\udc00"]})
    again = open_file(tmp_path)
    assert again.exercise("e") == {
        "i": "kept \N{GRINNING FACE}",
        "j": {"note": "half \ufffd of it", "list": ["\ufffd"]},
    }
    answers.path.read_bytes().decode("utf-8")  # the file is plain UTF-8


def test_a_file_too_deep_or_with_too_long_a_number_is_kept_aside(tmp_path):
    for name, value in (("deep", "[" * 100_000 + "]" * 100_000), ("long", "9" * 5000)):
        folder = tmp_path / name
        answers = open_file(folder)
        answers.set("e", "i", "first")
        text = answers.path.read_text(encoding="utf-8").replace('"first"', value)
        answers.path.write_text(text, encoding="utf-8")
        again = open_file(folder)  # was a RecursionError / ValueError on opening
        assert len(again.recoveries) == 1 and again.exercise("e") == {}
        again.set("e", "i", "second")
        assert open_file(folder).exercise("e") == {"i": "second"}


def test_a_file_with_a_byte_order_mark_is_read_not_put_aside(tmp_path):
    """Some editors add one; the grader and kit submit read such a file, so the notebooks do
    too (they used to set it aside and start the learner from nothing)."""
    open_file(tmp_path).set("e", "i", "kept")
    path = answers_path("wagner-convoy", "ada", tmp_path)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    again = open_file(tmp_path)
    assert again.recoveries == [] and again.exercise("e") == {"i": "kept"}


def test_a_file_holding_a_lone_half_from_elsewhere_can_still_be_saved(tmp_path):
    """Python's json.dumps writes "\\ud83d" for a lone half: the file is valid JSON, but
    every later save failed to encode it, so nothing the learner did was saved."""
    answers = open_file(tmp_path)
    answers.set("e", "i", "x")
    answers.path.write_text(
        answers.path.read_text(encoding="utf-8").replace('"x"', '"\\ud83d"'), encoding="utf-8"
    )
    again = open_file(tmp_path)
    again.set("e", "j", "new")
    assert open_file(tmp_path).exercise("e") == {"i": "\ufffd", "j": "new"}


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from kit.answers import AnswersFile
    answers = AnswersFile.for_learner("wagner-convoy", "a" * 64, "ada", Path(sys.argv[1]))
    n = 0
    while True:
        n += 1
        answers.set("stream", "counter", {"n": n, "padding": "x" * (n % 5000)})
        print(n, flush=True)
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="kill -9 needs POSIX signals")
def test_kill_9_during_a_stream_of_saves_leaves_the_last_completed_save(tmp_path):
    for round_ in range(25):
        folder = tmp_path / f"round{round_}"
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(folder)], stdout=subprocess.PIPE, text=True
        )
        completed = 0
        deadline = time.monotonic() + 20
        while completed < 20 + 7 * round_ and time.monotonic() < deadline:
            completed = int(proc.stdout.readline())
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        # Lines printed after our last read are saves that also completed.
        completed = max([completed, *(int(line) for line in proc.stdout.read().split())])
        data = json.loads((folder / "wagner-convoy--ada.json").read_text(encoding="utf-8"))
        saved = data["exercises"]["stream"]["counter"]["value"]["n"]
        # The save in flight when the kill came may or may not have landed; nothing older is lost.
        assert saved in (completed, completed + 1), (round_, saved, completed)
        assert not list(folder.glob("*.damaged-*"))
        open_file(folder)  # the next session sweeps away a save cut short by the kill
        assert not list(folder.glob(".*.tmp"))


def test_a_leftover_temporary_file_is_removed_and_others_are_not(tmp_path):
    path = answers_path("wagner-convoy", "ada", tmp_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    leftover = path.with_name(f".{path.name}.abc123.tmp")
    leftover.write_bytes(b'{"half": ')
    bobs = tmp_path / ".wagner-convoy--bob.json.xyz.tmp"
    bobs.write_bytes(b"")
    open_file(tmp_path)
    assert not leftover.exists() and bobs.exists()  # only this learner's file is swept


def test_an_id_typed_at_the_prompt_starts_with_a_letter_or_digit_but_old_ones_still_work(
    tmp_path, monkeypatch
):
    """'-2-3' or '@A1' in grades.csv shows as a number or a cell reference in a spreadsheet, so
    the prompt refuses them; an id already in use (a file, a hub name) keeps working."""
    from kit.learners import remember_learner, resolve_learner

    for learner in ("-2-3", "@A1"):
        with pytest.raises(LearnerIdError, match="start your id with a letter or digit"):
            remember_learner(learner, tmp_path)
    assert not (tmp_path / ".learner").exists()
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.setenv("KIT_LEARNER", "-bob")
    assert resolve_learner(tmp_path) == "-bob"
    assert answers_path("wagner-convoy", "-bob", tmp_path).name == "wagner-convoy---bob.json"
