import pytest

from kit import load_case
from kit.exercises.sources import check, model_answer, sources
from kit.keys import load_key
from kit.sources import load_pack
from tests.test_keys import KEY


@pytest.fixture(scope="module")
def case():
    return load_case("wagner-convoy")


@pytest.fixture(scope="module")
def key(case):
    return load_key(KEY, case)["sources"]


def test_every_claim_has_a_verdict_and_every_evidence_id_exists(case, key):
    ids = {s.id for s in load_pack(case).sources}
    assert set(key["claims"]) == {c["id"] for c in case.claims}
    for cid, entry in key["claims"].items():
        assert set(entry["evidence"]) <= ids, cid
        assert entry["explanation"].strip(), cid


def test_the_hard_calls_are_judged_as_the_fact_base_says(key):
    by_quote = {}
    for claim in load_case("wagner-convoy").claims:
        by_quote[claim["quote"]] = key["claims"][claim["id"]]
    nuland = next(v for q, v in by_quote.items() if "Victoria Nuland" in q)
    assert (
        nuland["verdict"] in ("unverified", "contradicted")
        and "supported" not in nuland["accepted"]
    )
    buturlinovka = next(v for q, v in by_quote.items() if "Buturlinovka" in q)
    assert (
        buturlinovka["verdict"] != "supported"
        and "fighterbomber-buturlinovka" in buturlinovka["evidence"]
    )


def test_feedback_judges_verdict_and_evidence(key):
    cid, entry = next(iter(key["claims"].items()))
    right = {
        cid: {"verdict": entry["verdict"], "evidence": entry["evidence"][:1], "reasoning": "r"}
    }
    lines = [f for f in check({"evidence": right}, key) if f.item == "evidence"]
    assert lines[0].verdict == "right" and "one of the documents the key weighs" in lines[0].text
    wrong = {cid: {"verdict": "not_checkable", "evidence": [], "reasoning": ""}}
    first = next(f for f in check({"evidence": wrong}, key) if f.item == "evidence")
    assert (
        first.verdict == "wrong" and "includes none of the documents the key weighs" in first.text
    )
    # Claims not judged get no key text: one line says which are left.
    [left] = [f for f in check({"evidence": right}, key) if f.item == "evidence"][1:]
    later = [c for c in key["claims"] if c != cid]
    assert left.verdict == "missing" and left.text.startswith("Judged 1 of the 6 asked for. ")
    assert f"Not judged yet: {later[0]}, " in left.text
    assert not any(key["claims"][c]["explanation"] in left.text for c in later)
    # A linked document alone is not a verdict: it must not unlock the key's explanation.
    linked = {c: {"evidence": key["claims"][c]["evidence"][:1]} for c in later}
    lines = [f for f in check({"evidence": linked}, key) if f.item == "evidence"]
    assert [f.verdict for f in lines] == ["unfinished", "missing"]  # "no verdict yet", and left
    assert not any(key["claims"][c]["explanation"] in f.text for c in later for f in lines)
    # Six verdicts are enough: the rest are not "missing".
    six = {c: {"verdict": "supported"} for c in later[:6]}
    last = [f for f in check({"evidence": six}, key) if f.item == "evidence"][-1]
    assert last.verdict == "answered" and last.text.startswith("6 claims judged, enough")
    # An entry that is not an object (a file edited by hand) counts as not judged, not a crash;
    # a verdict the exercise does not offer is shown as written, and differs from the key.
    [damaged] = [f for f in check({"evidence": {cid: "junk"}}, key) if f.item == "evidence"]
    assert damaged.verdict == "missing" and damaged.text.startswith("Judged 0 of the 6")
    odd = [f for f in check({"evidence": {cid: {"verdict": "bogus"}}}, key) if f.item == "evidence"]
    assert odd[0].verdict == "wrong" and "you chose 'bogus'" in odd[0].text


def test_a_claim_with_documents_but_no_verdict_is_flagged_before_it_costs_points(key):
    """The grader counts such a claim as judged (so linking alone cannot earn evidence
    points); the check said "6 claims judged, enough for full marks" and the grade fell."""
    ids = list(key["claims"])
    six = {c: {"verdict": key["claims"][c]["verdict"]} for c in ids[:6]}
    linked = {c: {"evidence": key["claims"][c]["evidence"][:1] or ["x"]} for c in ids[6:8]}
    lines = [f for f in check({"evidence": six | linked}, key) if f.item == "evidence"]
    [warning] = [f for f in lines if f.verdict == "unfinished"]
    assert warning.text.startswith(f"{ids[6]}, {ids[7]}: a linked document but no verdict")
    assert lines[-1].text.startswith("6 claims judged, enough for full marks once the claims")
    plain = [f for f in check({"evidence": six}, key) if f.item == "evidence"]
    assert not any(f.verdict == "unfinished" for f in plain)
    one = [f for f in check({"evidence": linked}, key) if f.item == "evidence"]
    assert ids[6] not in one[-1].text  # named once, in the warning, not again as "not judged"


def test_the_whole_text_lines_come_in_the_order_of_the_items(key):
    """4e came before 4d."""
    items = [
        f.item
        for f in check({}, key)
        if f.item in {"holds", "fails", "missing"} or f.item in {"trust_after", "note_to_friend"}
    ]
    assert items == ["holds", "fails", "missing", "trust_after", "note_to_friend"]


def test_model_answer_covers_every_claim_and_the_whole_text(key):
    lines = model_answer(key)
    assert sum(f.item == "evidence" for f in lines) == len(key["claims"])
    assert {"holds", "fails", "missing", "note_to_friend"} <= {f.item for f in lines}


def test_first_reaction_from_exercise_01_is_shown_beside_the_new_rating(
    case, tmp_path, monkeypatch
):
    from kit.answers import AnswersFile

    monkeypatch.setenv("KIT_LEARNER", "ada")
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    AnswersFile.for_learner(case.id, case.article.sha256, "ada", tmp_path).set(
        "01_first_read", "first_reaction", 4
    )
    ex = sources(case, key=None, directory=tmp_path)
    assert "was <b>4 of 5</b>" in ex.items[7].box.children[-1].value


def test_a_rating_opens_only_once_its_source_is_chosen(case):
    from kit.exercises.sources import SourceRatingItem

    item = SourceRatingItem("rating_1", "Source 1", load_pack(case))
    closed = (item.note, *item.levels.values())
    assert all(w.disabled for w in closed) and not item.source.disabled
    item.source.value = item.source.options[1][1]
    assert not any(w.disabled for w in closed)
    item.note.value = "named outlet"
    assert item.value["note"] == "named outlet"
    item.disable()
    assert all(w.disabled for w in (item.source, *closed))
    item.source.value = ""
    item.disable(False)
    assert all(w.disabled for w in closed)
