import json
import os
from pathlib import Path

import pytest

from kit import load_case
from kit.keys import KeyFileError, find_key, load_key

REPO = Path(__file__).resolve().parents[1]
KEY = REPO / "solutions" / "keys" / "wagner-convoy.json"


@pytest.fixture
def case():
    return load_case("wagner-convoy")


def write(tmp_path, key):
    path = tmp_path / "wagner-convoy.json"
    path.write_text(json.dumps(key), encoding="utf-8")
    return path


def test_the_shipped_key_is_valid(case):
    key = load_key(KEY, case)
    assert key["first_read"]["genre"]["answer"] == "opinion"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda k: k.update(schema=2), "schema is 2"),
        (lambda k: k.update(case="other"), "case is 'other'"),
        (lambda k: k.update(article_sha256="0" * 64), "article_sha256 does not match"),
        (lambda k: k["first_read"]["genre"].update(answer="news"), "item 'genre': answer 'news'"),
        (lambda k: k["first_read"]["genre"].update(accepted=["blog"]), "accepted label 'blog'"),
        (
            lambda k: k["first_read"]["justification"].pop("explanation"),
            "'justification' needs an explanation",
        ),
        (lambda k: k["sources"].update(required=0), "'required' must be a whole number"),
        (lambda k: k["sources"].update(required="6"), "'required' must be a whole number"),
        (
            lambda k: k["framing"]["frames"]["accepted"].update(case=["Comedy"]),
            "frames for the case text must be exact SemEval frame names",
        ),
        (
            lambda k: k["framing"]["telling"]["case"].update(label="both"),
            "telling 'case': the texts are case and contrast",
        ),
        (
            lambda k: k["framing"]["telling"]["contrast"].pop("explanation"),
            "telling 'contrast' needs an explanation",
        ),
        # found by a robustness hunt: each crashed the validator or slipped through it
        (lambda k: k["claims"].update(triage=None), "claims: a value has the wrong type"),
        (lambda k: k["framing"].update(entman=[]), "framing: a value has the wrong type"),
        (lambda k: k["claims"]["spans"][0].update(explanation=None), "needs an explanation"),
        (lambda k: k["claims"]["spans"][1].update(id=k["claims"]["spans"][0]["id"]), "an id"),
        (lambda k: k["claims"]["triage"].update({"t.s99": {"label": "NFS"}}), "not a sentence"),
        (lambda k: k["sources"]["claims"].update(c99={}), "'c99' is not one of the case's"),
    ],
)
def test_a_bad_key_names_the_file_the_item_and_the_problem(tmp_path, case, change, message):
    key = json.loads(KEY.read_text(encoding="utf-8"))
    change(key)
    path = write(tmp_path, key)
    with pytest.raises(KeyFileError, match=message) as err:
        load_key(path, case)
    assert str(path) in str(err.value)


def test_broken_json_is_reported(tmp_path, case):
    path = tmp_path / "k.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(KeyFileError, match="not valid JSON"):
        load_key(path, case)


def test_find_key_walks_up_from_a_notebook_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("KIT_KEY_DIR", raising=False)
    (tmp_path / "solutions" / "keys").mkdir(parents=True)
    key = tmp_path / "solutions" / "keys" / "wagner-convoy.json"
    key.write_text("{}", encoding="utf-8")
    (tmp_path / "exercises").mkdir()
    assert find_key("wagner-convoy", tmp_path / "exercises") == key
    assert find_key("other-case", tmp_path / "exercises") is None


def test_a_release_without_solutions_finds_no_key(tmp_path, monkeypatch):
    monkeypatch.delenv("KIT_KEY_DIR", raising=False)
    (tmp_path / "release" / "exercises").mkdir(parents=True)
    assert find_key("wagner-convoy", tmp_path / "release" / "exercises") is None


def test_kit_key_dir_overrides_the_search(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_KEY_DIR", str(tmp_path))
    assert find_key("wagner-convoy", REPO / "exercises") is None
    write(tmp_path, {})
    assert find_key("wagner-convoy", REPO / "exercises") == tmp_path / "wagner-convoy.json"


def test_a_key_its_own_model_answer_cannot_be_graded_with_is_refused(tmp_path):
    """A number where a rubric's wording belongs passes the checks above but would fail
    every learner's hand-in; grading the key's model answer once at loading finds it."""
    from kit.grading.model import load_key_and_case

    key = json.loads(KEY.read_text(encoding="utf-8"))
    key["sources"]["whole_text"] = 7
    path = write(tmp_path, key)
    with pytest.raises(KeyFileError, match="sources: the graders cannot use this section"):
        load_key_and_case(path)


def test_a_key_that_is_a_folder_a_pipe_or_a_device_is_said_plainly(tmp_path, case):
    os.mkfifo(tmp_path / "pipe.json")  # reading it would wait for a writer for ever
    for path in (tmp_path, tmp_path / "pipe.json", Path("/dev/zero")):
        with pytest.raises(KeyFileError, match="not a regular file, so not a key"):
            load_key(path, case)


def test_an_answers_file_or_a_key_with_no_sections_is_not_taken_for_a_key(tmp_path, case):
    """A learner's hand-in has the key's schema, case and hash: it used to grade everyone 0."""
    key = json.loads(KEY.read_text(encoding="utf-8"))
    header = {name: key[name] for name in ("schema", "case", "article_sha256")}
    hand_in = write(tmp_path, header | {"learner": "ada", "exercises": {}})
    with pytest.raises(KeyFileError, match="a learner's answers file, not an answer key"):
        load_key(hand_in, case)
    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps(header), encoding="utf-8")
    with pytest.raises(KeyFileError, match="none of the key's sections"):
        load_key(empty, case)
