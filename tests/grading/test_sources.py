"""Exercise 03: attributions x 3, verdicts x 6 and evidence x 3 over the claims judged (at
least ``required``), the ratings and the whole-text summary to the rubric."""

import pytest

from kit.grading.registry import AnswerShapeError
from kit.grading.sources import (
    ATTRIBUTION_POINTS,
    EVIDENCE_POINTS,
    REQUIRED,
    VERDICT_POINTS,
    grade,
    key_view,
    model_answer,
    prepare,
)


@pytest.fixture
def section(full_key, full_key_and_case):
    return prepare(full_key["sources"], full_key_and_case[1])


@pytest.fixture
def claims(full_key):
    return full_key["sources"]["claims"]


def rows(result, prefix):
    return [i for i in result.items if i.item.startswith(prefix)]


def judged(claims, ids, right=True, settled=True):
    """An evidence answer for ``ids``: the key's verdict (or another), with or without a
    source that settles the claim."""
    wrong = {"supported": "contradicted", "partly_supported": "contradicted"}
    return {
        cid: {
            "verdict": claims[cid]["verdict"]
            if right
            else wrong.get(claims[cid]["verdict"], "supported"),
            "evidence": [claims[cid]["evidence"][0]] if settled else ["not-a-pack-source"],
            "reasoning": "because",
        }
        for cid in ids
    }


def test_an_attribution_verdict_or_source_the_exercise_does_not_offer_is_noted(section):
    values = {
        "attribution": {"c01": "anonymous", "c02": "none", "c99": "anonymous"},
        "evidence": {
            "c03": {"verdict": "true", "evidence": ["prigozhin-call-afp", "my-blog"]},
            "c04": {"verdict": "supported", "evidence": ["zz-blog", "my-blog"]},
            "c99": {"verdict": "true", "evidence": ["my-blog"]},  # not asked about: not scored
        },
    }
    result = grade(values, section)
    pack = len(section["_outlets"])
    assert result.notes == [
        "item 'attribution': 'anonymous' (c01) is not among the exercise's choices (named, "
        "none, vague), so scored as different from the key",
        "item 'evidence (verdict)': 'true' (c03) is not among the exercise's choices "
        "(contradicted, not_checkable, partly_supported, supported, unverified), so scored as "
        "different from the key",
        "item 'evidence (sources)': 'my-blog' (c03, c04); 'zz-blog' (c04) are not one of the "
        f"case's source pack documents ({pack} of them), so that link earns no credit",
    ]


def test_the_model_answer_scores_full_automatic_marks(full_key, section):
    result = grade(model_answer(full_key["sources"]), section)
    assert not result.notes
    total = ATTRIBUTION_POINTS + VERDICT_POINTS + EVIDENCE_POINTS
    assert result.points == pytest.approx(total) == result.max_points
    assert {r.status for r in rows(result, "attribution ")} == {"right"}
    assert {r.status for r in rows(result, "verdict ")} == {"right"}
    assert [r.item for r in result.rubric] == [
        "ratings",
        "holds",
        "fails",
        "missing",
        "note_to_friend",
    ]
    assert all(r.score is None and r.answer for r in result.rubric)


def test_attribution_points_are_the_share_agreeing_with_the_key(claims, section):
    chosen = {cid: e["attribution"] for cid, e in claims.items()}
    flipped = list(chosen)[:9]
    for cid in flipped:
        chosen[cid] = "named" if chosen[cid] != "named" else "none"
    result = grade({"attribution": chosen}, section)
    assert result.points == pytest.approx(ATTRIBUTION_POINTS * (len(claims) - 9) / len(claims))
    wrong = next(r for r in result.items if r.item == f"attribution {flipped[0]}")
    assert wrong.status == "wrong" and wrong.explanation  # the key's kind of source, defined
    assert result.labels["attribution"] == chosen


def test_verdicts_count_over_the_claims_judged_but_at_least_the_required_number(claims, section):
    ids = sorted(claims)
    three = grade({"evidence": judged(claims, ids[:3])}, section)
    assert three.points == pytest.approx((VERDICT_POINTS + EVIDENCE_POINTS) * 3 / REQUIRED)
    six = grade({"evidence": judged(claims, ids[:REQUIRED])}, section)
    assert six.points == pytest.approx(VERDICT_POINTS + EVIDENCE_POINTS)
    answer = judged(claims, ids[:9]) | judged(claims, ids[9:12], right=False, settled=False)
    twelve = grade({"evidence": answer}, section)
    assert twelve.points == pytest.approx((VERDICT_POINTS + EVIDENCE_POINTS) * 9 / 12)
    statuses = {r.item.split()[1]: r.status for r in rows(twelve, "verdict ")}
    assert {statuses[c] for c in ids[9:12]} == {"wrong"}
    assert {statuses[c] for c in ids[12:]} == {"missing"}
    assert twelve.labels["verdicts"] == {c: a["verdict"] for c, a in answer.items()}


def test_a_verdict_and_evidence_earn_their_credits_separately(claims, section):
    ids = sorted(claims)[:REQUIRED]
    unsettled = grade({"evidence": judged(claims, ids, settled=False)}, section)
    assert unsettled.points == pytest.approx(VERDICT_POINTS)
    wrong_but_sourced = grade({"evidence": judged(claims, ids, right=False)}, section)
    assert wrong_but_sourced.points == pytest.approx(EVIDENCE_POINTS)


def test_the_key_can_ask_for_more_claims(full_key, full_key_and_case, claims):
    section = prepare(full_key["sources"] | {"required": 12}, full_key_and_case[1])
    result = grade({"evidence": judged(claims, sorted(claims)[:6])}, section)
    assert result.points == pytest.approx((VERDICT_POINTS + EVIDENCE_POINTS) / 2)


def test_an_accepted_verdict_is_full_credit_and_marked_accepted(claims, section):
    cid = next(c for c, e in claims.items() if e["accepted"])
    answer = {cid: {"verdict": claims[cid]["accepted"][0], "evidence": claims[cid]["evidence"]}}
    result = grade({"evidence": answer}, section)
    assert result.points == pytest.approx((VERDICT_POINTS + EVIDENCE_POINTS) / REQUIRED)
    assert next(r for r in result.items if r.item == f"verdict {cid}").status == "accepted"


def test_the_ratings_and_summary_go_to_the_rubric_and_empty_ones_score_zero(section):
    values = {
        "rating_1": {"source": "fighterbomber-buturlinovka", "who": "weak", "note": "anon"},
        "holds": "The march from Rostov is in every report.",
    }
    result = grade(values, section)
    rubric = {r.item: r for r in result.rubric}
    assert rubric["ratings"].score is None
    assert rubric["ratings"].answer.startswith("Fighterbomber Telegram channel")  # outlet, not id
    assert rubric["holds"].score is None
    assert rubric["fails"].score == rubric["missing"].score == 0.0
    model_rating = next(r for r in result.items if r.item == "ratings rating_1")
    assert model_rating.key == "weak overall" and model_rating.status == "info"


def test_nothing_answered_scores_zero_and_every_claim_is_still_explained(claims, section):
    result = grade({}, section)
    assert result.points == 0
    assert result.items[0].status == "missing"
    verdicts = rows(result, "verdict ")
    assert len(verdicts) == len(claims) and all(r.explanation for r in verdicts)


@pytest.mark.parametrize(
    "values, words",
    [
        ({"evidence": ["c01"]}, "item 'evidence' should map"),
        ({"evidence": {"c01": "supported"}}, "claim 'c01' is not an object"),
        ({"evidence": {"c01": {"evidence": [3]}}}, "evidence is a list of ids"),
        ({"evidence": {"c01": {"verdict": 1}}}, "verdict, reasoning not text"),
        ({"evidence": {"c01": {"verdict": False}}}, "verdict, reasoning not text"),
        ({"evidence": {"c01": {"evidence": {}}}}, "evidence is a list of ids"),
        ({"attribution": {"c01": 2}}, "item 'attribution' should map"),
        ({"rating_1": "weak"}, "item 'rating_1' should be a source"),
        ({"holds": ["a"]}, "item 'holds' should be text"),
        ({"trust_after": {"a": 1}}, "item 'trust_after' should be a rating"),
    ],
)
def test_a_value_of_the_wrong_shape_names_the_item(section, values, words):
    with pytest.raises(AnswerShapeError, match=words):
        grade(values, section)


def test_the_report_sees_attributions_and_verdicts_claim_by_claim(full_key, full_key_and_case):
    view = key_view(full_key["sources"], full_key_and_case[1])
    assert set(view.labels) == {"attribution", "verdicts"}
    verdicts = view.labels["verdicts"]
    assert len(verdicts.key) == len(full_key["sources"]["claims"])
    assert verdicts.texts["c01"] and verdicts.explanations["c01"]


def test_a_key_with_fewer_claims_than_required_asks_for_all_of_them(full_key, full_key_and_case):
    sources = full_key["sources"]
    kept = dict(list(sources["claims"].items())[:3])
    section = prepare(sources | {"claims": kept}, full_key_and_case[1])
    result = grade({"evidence": judged(kept, sorted(kept))}, section)
    assert result.points == pytest.approx(VERDICT_POINTS + EVIDENCE_POINTS)


def test_a_verdict_reasonable_readers_dispute_says_so_on_the_page(section, claims):
    """Notes on disputed verdicts belong to exercise 03 (exercise 02 leaves verdicts alone)."""
    disputed = [cid for cid, entry in claims.items() if entry.get("disputable")]
    assert "c18" in disputed
    result = grade({"evidence": judged(claims, ["c18"])}, section)
    row = next(i for i in rows(result, "verdict") if i.item.endswith("c18"))
    assert f"Disputable: {claims['c18']['disputable']}" in row.explanation
