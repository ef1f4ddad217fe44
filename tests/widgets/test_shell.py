"""The exercise shell without a browser: widgets on ipywidgets' no-kernel comm."""

import json

import pytest

from kit import load_case
from kit.exercises.first_read import first_read
from kit.keys import load_key
from tests.test_keys import KEY


@pytest.fixture
def case():
    return load_case("wagner-convoy")


@pytest.fixture
def key(case):
    return load_key(KEY, case)


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.setenv("KIT_LEARNER", "ada")
    return tmp_path


def saved(env):
    return json.loads((env / "wagner-convoy--ada.json").read_text(encoding="utf-8"))["exercises"]


def test_changes_are_saved_and_restored_in_a_new_kernel(case, key, env):
    ex = first_read(case, key=key, directory=env)
    ex.items[0].control.value = "opinion"
    ex.items[1].control.value = "  no byline  "
    assert saved(env)["01_first_read"]["genre"]["value"] == "opinion"
    assert saved(env)["01_first_read"]["justification"]["value"] == "no byline"
    assert ex.status.value.startswith("✓ Saved at")
    again = first_read(case, key=key, directory=env)
    assert again.items[0].control.value == "opinion"
    assert "2 saved answer(s) loaded" in again.status.value


def test_clearing_an_answer_removes_it(case, key, env):
    ex = first_read(case, key=key, directory=env)
    ex.items[1].control.value = "x"
    ex.items[1].control.value = ""
    assert "justification" not in saved(env)["01_first_read"]


def test_self_study_check_and_model_answer(case, key, env):
    ex = first_read(case, key=key, directory=env)
    assert ex.mode == "self-study" and hasattr(ex, "model_button")
    ex.items[0].control.value = "reporting"
    ex.items[1].control.value = "<img src=x onerror=alert(1)>"
    verdicts = {f.item: f.verdict for f in ex.run_check()}
    assert verdicts == {"genre": "wrong", "justification": "answered", "first_reaction": "missing"}
    assert "<img" not in ex.feedback.value and "&lt;img" in ex.feedback.value
    assert "✖ Different from the key" in ex.feedback.value
    ex.show_model_answer()
    assert "Model answer" in ex.feedback.value and "opinion" in ex.feedback.value


def test_classroom_mode_checks_completeness_only(case, env):
    ex = first_read(case, key=None, directory=env)
    assert ex.mode == "classroom" and not hasattr(ex, "model_button")
    ex.items[2].control.value = 4
    verdicts = {f.item: f.verdict for f in ex.run_check()}
    assert verdicts == {
        "genre": "missing",
        "justification": "missing",
        "first_reaction": "answered",
    }
    assert ex.show_model_answer() == []


def test_the_kit_asks_for_an_id_once_and_remembers(case, env, monkeypatch):
    monkeypatch.delenv("KIT_LEARNER")
    ex = first_read(case, key=None, directory=env)
    assert ex.answers is None and ex.items[0].control.disabled
    box = ex.login.children[1].children[0]
    box.value = "../bob"  # arrives as the learner presses Enter
    assert "cannot be used as a learner id" in ex.login.children[2].value
    assert ex.answers is None
    ex.login.children[1].children[1].click()  # pressing Start again changes nothing
    assert ex.answers is None
    box.value = "bob"
    assert ex.answers is not None and ex.answers.learner == "bob"
    assert not ex.items[0].control.disabled
    assert first_read(case, key=None, directory=env).answers.learner == "bob"


def test_an_unsafe_hub_user_is_reported_not_used(case, env, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "a b")
    ex = first_read(case, key=None, directory=env)
    assert ex.answers is None
    assert "cannot be used as a learner id" in ex.login.children[2].value


def test_a_damaged_file_is_reported_in_the_notebook(case, env):
    (env / "wagner-convoy--ada.json").write_text("{not json", encoding="utf-8")
    ex = first_read(case, key=None, directory=env)
    assert "could not be read" in ex.notice.value and "damaged-" in ex.notice.value


def test_a_failed_save_says_so_and_keeps_the_answer_on_screen(case, env, monkeypatch):
    ex = first_read(case, key=None, directory=env)

    def refuse(*args):
        raise OSError("disk full")

    monkeypatch.setattr(ex.answers, "set", refuse)
    ex.items[0].control.value = "satire"
    assert ex.status.value.startswith("✖ Not saved: disk full")
    assert ex.items[0].control.value == "satire"


def test_a_broken_key_falls_back_to_classroom_with_a_message(case, env, monkeypatch, tmp_path):
    keys = tmp_path / "keys"
    keys.mkdir()
    (keys / "wagner-convoy.json").write_text("{", encoding="utf-8")
    monkeypatch.setenv("KIT_KEY_DIR", str(keys))
    ex = first_read(case, directory=env)
    assert ex.mode == "classroom"
    assert "answer key could not be used" in ex.notice.value


def test_repr_is_stable(case, env):
    assert repr(first_read(case, key=None, directory=env)) == "Exercise('01_first_read', items=3)"


def test_every_exercise_carries_the_key_shield(case, env):
    from kit.widgets.keyshield import KeyShield

    ex = first_read(case, key=None, directory=env)
    assert any(isinstance(child, KeyShield) for child in ex.children)
