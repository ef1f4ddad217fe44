"""Exercise 02: triage share x 5, span F1 x 10, the priority to the rubric."""

import pytest

from kit.grading.claims import CLAIMS_POINTS, TRIAGE_POINTS, grade, model_answer, prepare
from kit.grading.registry import AnswerShapeError
from kit.grading.submissions import brief
from kit.scoring import span_prf
from kit.taxonomy import CLAIM_TYPES


@pytest.fixture
def section(key, case):
    return prepare(key["claims"], case)


def rows(result, prefix):
    return [i for i in result.items if i.item.startswith(prefix)]


def test_the_model_answer_scores_full_automatic_marks(key, section):
    result = grade(model_answer(key["claims"]), section)
    assert result.points == pytest.approx(TRIAGE_POINTS + CLAIMS_POINTS) == result.max_points
    assert all(r.status == "right" for r in rows(result, "triage "))
    assert all(r.status == "found" for r in rows(result, "claims c"))
    assert not result.notes


def test_a_label_the_exercise_does_not_offer_is_noted_and_scored_as_wrong(key, section):
    triage = {sid: e["label"] for sid, e in key["claims"]["triage"].items()}
    odd = list(triage)[1:3]
    triage |= dict.fromkeys(odd, "MAYBE")
    triage["p99.s9"] = "MAYBE"  # a sentence the exercise does not ask about: not scored either
    claims = model_answer(key["claims"])["claims"]
    claims[0]["label"], claims[1]["label"] = "rumour", "not_a_claim"  # the widget offers neither
    result = grade({"triage": triage, "claims": claims}, section)
    offered = ", ".join(t for t in sorted(CLAIM_TYPES) if t != "not_a_claim")
    assert result.notes == [
        f"item 'triage': 'MAYBE' ({', '.join(odd)}) is not among the exercise's choices "
        "(CFS, NFS, UFS), so scored as different from the key",
        f"item 'claims': 'rumour' (on {brief(claims[0]['quote'], 30)}); 'not_a_claim' (on "
        f"{brief(claims[1]['quote'], 30)}) are not among the claim types the highlighter offers "
        f"({offered}); highlights are scored by where they are, not by type, so it cost no "
        "points",
    ]
    assert {r.status for r in rows(result, "triage ") if r.item.split()[1] in odd} == {"wrong"}
    assert result.items[len(triage)].score == CLAIMS_POINTS  # types are not scored: all found


def test_triage_points_are_the_share_agreeing_with_the_key_accepted_included(key, section):
    triage = {sid: e["label"] for sid, e in key["claims"]["triage"].items()}
    accepted = next(s for s, e in key["claims"]["triage"].items() if e.get("accepted"))
    triage[accepted] = key["claims"]["triage"][accepted]["accepted"][0]
    wrong = [s for s in triage if s != accepted][:7]
    for sid in wrong:
        triage[sid] = "UFS" if triage[sid] != "UFS" else "NFS"
    result = grade({"triage": triage}, section)
    n = len(triage)
    assert result.items[0].score == pytest.approx(TRIAGE_POINTS * (n - 7) / n)
    statuses = {r.item.split()[1]: r.status for r in rows(result, "triage ")}
    assert statuses[accepted] == "accepted" and {statuses[s] for s in wrong} == {"wrong"}
    assert result.labels["triage"] == triage


def test_a_sentence_row_shows_the_sentence_answer_key_and_explanation(key, section):
    result = grade({"triage": {"t.s2": "CFS"}}, section)
    row = next(r for r in result.items if r.item == "triage t.s2")
    assert row.label == "t.s2: Why risk all?"
    assert (row.answer, row.key, row.status) == ("CFS", "NFS", "wrong")
    assert row.explanation == key["claims"]["triage"]["t.s2"]["explanation"]
    assert next(r for r in result.items if r.item == "triage t.s1").status == "missing"


def test_claim_points_are_ten_times_the_partial_overlap_f1(key, section, case):
    spans = key["claims"]["spans"]
    mine = [
        {"start": s["start"], "end": s["start"] + (s["end"] - s["start"]) // 2} for s in spans[:10]
    ] + [{"start": 0, "end": 5}]
    for span in mine:
        span |= {"quote": case.text[span["start"] : span["end"]], "label": "other"}
    result = grade({"claims": mine}, section)
    expected = span_prf(
        [(s["start"], s["end"]) for s in mine], [(s["start"], s["end"]) for s in spans]
    )
    assert result.points == pytest.approx(CLAIMS_POINTS * expected.f1)
    statuses = [r.status for r in rows(result, "claims c")]
    assert statuses.count("partial") == 10 and statuses.count("missed") == len(spans) - 10
    first = next(r for r in result.items if r.item == "claims c01")
    assert first.explanation.startswith("50% covered.")


def test_a_highlight_outside_every_claim_is_listed_as_extra(key, section, case):
    sentence = case.article.sentence("t.s2")
    span = {"start": sentence.start, "end": sentence.end, "quote": sentence.text, "label": "other"}
    result = grade({"claims": [span]}, section)
    extra = rows(result, "claims extra")
    assert len(extra) == 1 and extra[0].answer == "“Why risk all?”" and extra[0].status == "extra"
    assert result.points == 0


def test_a_wrong_claim_type_is_explained_but_not_scored(key, section):
    first = key["claims"]["spans"][0]
    span = {k: first[k] for k in ("start", "end", "quote")} | {"label": "prediction"}
    result = grade({"claims": [span]}, section)
    row = next(r for r in result.items if r.item == f"claims {first['id']}")
    assert row.status == "found" and "you chose prediction" in row.explanation


def test_the_priority_goes_to_the_rubric_with_the_keys_three_beside_it(key, section):
    first = key["claims"]["spans"][26]
    pick = {k: first[k] for k in ("start", "end", "quote")} | {"why": "named official"}
    result = grade({"priority": [pick]}, section)
    assert (
        result.rubric[0].item == "priority" and "because named official" in result.rubric[0].answer
    )
    row = next(r for r in result.items if r.item == "priority")
    assert row.status == "rubric" and "1 of your picks overlap" in row.explanation
    assert grade({}, section).rubric[0].score == 0.0


def test_nothing_answered_scores_zero_without_error(section):
    result = grade({}, section)
    assert result.points == 0 and result.highlights == {} and result.labels == {"triage": {}}


def test_the_grader_works_on_a_section_that_was_not_prepared(key):
    assert grade(model_answer(key["claims"]), key["claims"]).points == pytest.approx(15)


@pytest.mark.parametrize(
    "values",
    [
        {"triage": ["CFS"]},
        {"triage": {"t.s1": 1}},
        {"claims": {"start": 0}},
        {"claims": [{"start": 0, "end": 5}]},
        {"claims": [{"start": "0", "end": 5, "quote": "x"}]},
        {"claims": [{"start": 0, "end": 5, "quote": "x", "label": 7}]},
        {"priority": [{"start": 0, "end": 5, "quote": "Wagne", "why": ["x"]}]},
    ],
)
def test_values_the_widget_never_writes_are_refused(section, values):
    with pytest.raises(AnswerShapeError):
        grade(values, section)
