import json

import pytest

from kit import load_case
from kit.exercises.claims import check, claims, model_answer, model_tagger
from kit.keys import load_key
from tests.test_keys import KEY


@pytest.fixture(scope="module")
def case():
    return load_case("wagner-convoy")


@pytest.fixture(scope="module")
def key(case):
    return load_key(KEY, case)["claims"]


def test_every_key_quote_matches_the_text(case, key):
    for span in key["spans"]:
        assert case.text[span["start"] : span["end"]] == span["quote"], span["id"]
        sentence = case.article.sentence(span["sentence"])
        assert sentence.start <= span["start"] and span["end"] <= sentence.end, span["id"]
    assert set(key["triage"]) == {s.id for s in case.article.sentences}


def test_feedback_finds_partly_finds_misses_and_flags_extras(key):
    first, second = key["spans"][0], key["spans"][1]
    half = (second["end"] - second["start"]) // 2
    learner = [
        {**first, "label": first["type"]},
        {"start": second["start"], "end": second["start"] + half, "label": "other", "quote": "x"},
        {"start": 34, "end": 47, "label": "other", "quote": "Why risk all?"},
    ]
    lines = [f for f in check({"claims": learner}, key) if f.item == "claims"]
    assert lines[0].verdict == "found" and first["quote"] in lines[0].text
    assert lines[1].verdict == "partial"
    # The claims not touched are counted, not listed: one Check must not hand over the key.
    [missed] = [f for f in lines if f.verdict == "missed"]
    assert missed.text.startswith(f"{len(key['spans']) - 2} of the key's {len(key['spans'])} ")
    assert not any(s["quote"] in f.text for s in key["spans"][2:] for f in lines)
    assert lines[-1].verdict == "extra" and "Why risk all?" in lines[-1].text


def test_triage_feedback_counts_agreement_and_explains_differences(key):
    triage = {sid: k["label"] for sid, k in key["triage"].items()}
    triage["t.s2"] = "CFS"
    lines = [f for f in check({"triage": triage}, key) if f.item == "triage"]
    assert lines[0].text.startswith(f"{len(triage) - 1} of {len(triage)} sentences agree")
    assert [f.verdict for f in lines[1:]] == ["wrong"] and lines[1].text.startswith(
        "t.s2: you chose CFS"
    )


def test_priority_feedback_counts_overlap_with_the_key(key):
    by_id = {s["id"]: s for s in key["spans"]}
    pick = by_id[key["priority"]["claims"][0]]
    (line,) = [f for f in check({"priority": [{**pick, "why": "w"}]}, key) if f.item == "priority"]
    assert line.text.startswith("1 picked; 1 of them overlap")


def test_model_answer_lists_every_claim_and_the_priorities(key):
    lines = model_answer(key)
    assert len(lines) == len(key["spans"]) + 1
    assert model_tagger(key).readonly and len(model_tagger(key).spans) == len(key["spans"])


def test_the_exercise_saves_spans_and_offers_them_for_priority(case, tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_LEARNER", "ada")
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    ex = claims(case, key=None, directory=tmp_path)
    tagger = ex.items[1].control
    tagger.set_state(
        {"spans": [{"start": 0, "end": 14, "label": "other", "quote": "Wagners convoy"}], "seq": 1}
    )
    saved = json.loads((tmp_path / "wagner-convoy--ada.json").read_text(encoding="utf-8"))
    assert saved["exercises"]["02_claims"]["claims"]["value"][0]["quote"] == "Wagners convoy"
    assert ("Wagners convoy", "0:14") in ex.items[2].pickers[0].options


def test_the_highlighter_steps_by_the_cases_own_sentences():
    from kit.exercises.claims import tagger as claims_tagger
    from kit.exercises.framing import tagger as framing_tagger

    case = load_case("wagner-convoy")
    starts = [s.start for s in case.article.sentences]
    assert claims_tagger(case).sentences == starts == framing_tagger(case).sentences
