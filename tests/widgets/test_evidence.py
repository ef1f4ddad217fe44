from kit import load_case
from kit.sources import load_pack
from kit.widgets.evidence import EvidenceItem


def make():
    case = load_case("wagner-convoy")
    rows = [(c["id"], c["quote"]) for c in case.claims[:3]]
    return EvidenceItem("evidence", "p", rows, load_pack(case))


def test_linking_a_search_hit_and_judging_a_claim():
    item = make()
    changes = []
    item.on_change(changes.append)
    item.query.value = "Al Jazeera timeline"
    assert item.results.children, "the search shows hits"
    item.results.children[0].children[1].click()  # "Link to this claim"
    item.verdict.value = "supported"
    item.reasoning.value = " Columns did drive north. "
    (cid,) = item.value
    assert item.value[cid] == {
        "verdict": "supported",
        "evidence": [item.value[cid]["evidence"][0]],
        "reasoning": "Columns did drive north.",
    }
    assert len(changes) == 3


def test_each_claim_keeps_its_own_answer_and_restores():
    item = make()
    first, second = [o["value"] for o in item.claim.options[:2]]
    item.verdict.value = "supported"
    item.claim.value = second
    assert item.verdict.value is None  # a fresh claim starts blank
    item.link("dw-factcheck-footage")
    item.unlink("dw-factcheck-footage")
    saved = item.value
    again = make()
    again.show(saved)
    again.claim.value = first
    assert again.verdict.value == "supported"


def test_unknown_claims_in_a_saved_answer_are_ignored():
    item = make()
    item.show({"c99": {"verdict": "supported", "evidence": [], "reasoning": ""}})
    assert item.value is None
