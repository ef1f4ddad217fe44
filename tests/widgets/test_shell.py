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
    ex.login.children[1].children[0].value = "a-b"
    assert ex.answers.learner == "a-b"
    again = first_read(case, key=None, directory=env)  # next session: not asked again
    assert again.answers is not None and again.answers.learner == "a-b"


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
    assert ex.status.value.startswith("<span role='alert'>✖ Not saved: disk full")
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


def test_a_failed_save_is_retried_and_success_elsewhere_does_not_hide_it(case, env, monkeypatch):
    ex = first_read(case, key=None, directory=env)
    real = ex.answers.set
    refused = {"on": True}

    def flaky(exercise, item, value):
        if refused["on"]:
            raise OSError("disk full")
        real(exercise, item, value)

    monkeypatch.setattr(ex.answers, "set", flaky)
    ex.items[0].control.value = "opinion"  # refused
    refused["on"] = False  # ... the disk is back: the next change saves both
    ex.items[2].control.value = 3
    assert saved(env)["01_first_read"]["genre"]["value"] == "opinion"
    assert saved(env)["01_first_read"]["first_reaction"]["value"] == 3
    assert ex.status.value.startswith("✓ Saved at")
    ex.items[1].control.value = "no byline"
    refused["on"] = True
    ex.items[0].control.value = "satire"
    assert "Your answer is still only on screen" in ex.status.value
    refused["on"] = False
    monkeypatch.setattr(ex.answers, "clear", lambda *a: (_ for _ in ()).throw(OSError("gone")))
    ex.items[1].control.value = ""  # genre is saved now; this one fails, and says so
    assert saved(env)["01_first_read"]["genre"]["value"] == "satire"
    assert "✖ Not saved: gone" in ex.status.value and "Your answer is" in ex.status.value


def test_the_span_tagger_says_not_saved_when_the_save_fails(case, env, monkeypatch):
    from kit.exercises.claims import SPAN_LABELS, claims

    ex = claims(case, key=None, directory=env)
    tagger, label = ex.items[1].control, SPAN_LABELS[0][0]
    monkeypatch.setattr(ex.answers, "set", lambda *a: (_ for _ in ()).throw(OSError("disk full")))
    tagger.seq = 1
    tagger.spans = [{"start": 0, "end": 7, "label": label, "quote": case.text[:7]}]
    assert tagger.error == "Not saved: disk full" and tagger.ack != tagger.seq
    monkeypatch.undo()
    tagger.seq = 2
    tagger.spans = [
        *tagger.spans,
        {"start": 8, "end": 14, "label": label, "quote": case.text[8:14]},
    ]
    assert tagger.error == "" and tagger.ack == 2
    assert len(saved(env)["02_claims"]["claims"]["value"]) == 2


def test_an_answers_folder_that_cannot_be_used_is_said_and_nothing_is_typed_in_vain(case, env):
    folder = env / "not-a-folder"
    folder.write_text("x", encoding="utf-8")
    ex = first_read(case, key=None, directory=folder)
    assert ex.answers is None
    assert "cannot be saved in" in ex.notice.value and "KIT_ANSWERS_DIR" in ex.notice.value
    assert all(item.control.disabled for item in ex.items)


def test_a_saved_answer_the_control_cannot_show_is_kept_aside_not_overwritten(case, env):
    ex = first_read(case, key=None, directory=env)
    ex.answers.set("01_first_read", "genre", "a genre a newer kit renamed")
    ex.answers.set("01_first_read", "first_reaction", 99)
    again = first_read(case, key=None, directory=env)
    again.items[0].control.value = "opinion"  # the learner answers again
    answers = saved(env)["01_first_read"]
    assert answers["genre"]["value"] == "opinion"
    assert answers["genre.unreadable"]["value"] == "a genre a newer kit renamed"
    assert answers["first_reaction.unreadable"]["value"] == 99
    assert again.notice.value.count("could not be shown") == 2


def test_model_answers_open_in_every_exercise_without_a_note(case, env):
    """The check above must not fire on answers the kit itself saved."""
    from kit.exercises.claims import claims
    from kit.exercises.framing import framing
    from kit.exercises.sources import sources
    from kit.grading.model import model_answers

    full = load_key(KEY, case)
    data = model_answers(full, "ada")
    (env / "wagner-convoy--ada.json").write_text(json.dumps(data), encoding="utf-8")
    for make in (first_read, claims, sources, framing):
        ex = make(case, key=None, directory=env)
        assert ex.notice.value == "", (ex.exercise_id, ex.notice.value)
        values = {k: v["value"] for k, v in data["exercises"][ex.exercise_id].items()}
        shown = {i.id: i.value for i in ex.items if i.value is not None}
        assert shown.keys() == values.keys()
        for name, value in values.items():  # ticked options are a set, in the control's order
            same = sorted(shown[name]) == sorted(value) if "frames" in name else None
            assert same or shown[name] == value, name
    assert json.loads((env / "wagner-convoy--ada.json").read_text(encoding="utf-8")) == data


def test_a_file_damaged_during_the_session_is_reported_when_the_next_save_finds_it(case, env):
    ex = first_read(case, key=None, directory=env)
    ex.items[0].control.value = "opinion"
    (env / "wagner-convoy--ada.json").write_text("{cut", encoding="utf-8")
    ex.items[2].control.value = 4
    assert "could not be read" in ex.notice.value
    assert saved(env)["01_first_read"]["genre"]["value"] == "opinion"  # kept in memory, saved


def test_the_first_reaction_poll_claims_no_mode_and_offers_no_check(case, env):
    """A poll has no key in any mode: it used to say "Classroom mode" during self-study."""
    from kit.exercises.first_read import first_reaction_poll

    poll = first_reaction_poll(case, directory=env)
    title = poll.children[0].value
    assert "mode" not in title and "Your first reaction" in title
    assert poll.check_button not in poll.children[5].children
    assert "Classroom mode" in first_read(case, key=None, directory=env).children[0].value


def test_the_model_answer_is_marked_as_the_key_not_as_right(case, key, env):
    """A learner who chose "reporting" read "✔ Right (Genre) opinion": a verdict on their answer."""
    ex = first_read(case, key=key, directory=env)
    ex.items[0].control.value = "reporting"
    ex.show_model_answer()
    assert "→ Key" in ex.feedback.value and "✔" not in ex.feedback.value


def test_classroom_check_says_a_task_of_many_rows_is_not_finished(case, env):
    """One of 39 sentences labelled read "✎ Answered": learners handed in half-done work."""
    from kit.exercises.claims import claims

    ex = claims(case, key=None, directory=env)
    triage = next(item for item in ex.items if item.id == "triage")
    first = next(iter(triage.choices))
    triage.choices[first].value = "CFS"
    [line] = [f for f in ex.run_check() if f.item == "triage"]
    assert line.verdict == "unfinished" and line.text.startswith(f"1 of {len(triage.choices)} ")
    assert "◔ Started, not finished" in ex.feedback.value


def test_classroom_check_says_a_rating_or_word_choices_are_not_finished(case, env):
    from kit.exercises.framing import framing
    from kit.exercises.sources import sources

    ex = sources(case, key=None, directory=env)
    rating = next(item for item in ex.items if item.id == "rating_1")
    rating.source.value = rating.source.options[1][1]
    [line] = [f for f in ex.run_check() if f.item == "rating_1"]
    assert line.verdict == "unfinished"
    assert line.text == "still to do: who is behind it, the evidence, other sources, a note"
    ex = framing(case, key=None, directory=env)
    words = next(item for item in ex.items if item.id == "word_choice")
    words.rows[0]["words"].value = "coup"
    [line] = [f for f in ex.run_check() if f.item == "word_choice"]
    assert (line.verdict, line.text) == ("unfinished", "0 of 4 rows complete")
