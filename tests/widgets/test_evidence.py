import html

from kit import load_case
from kit.sources import load_pack
from kit.taxonomy import VERDICTS
from kit.widgets.evidence import EvidenceItem


def make(claims=3):
    case = load_case("wagner-convoy")
    rows = [(c["id"], c["quote"]) for c in case.claims[:claims]]
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


def test_hits_and_linked_sources_show_what_they_can_and_cannot_establish():
    """The exercise asks learners to read that note; it must be on screen, not in lesson 03."""
    item = make()
    item.query.value = "DW fact check footage"
    source = item.pack.get("dw-factcheck-footage")
    shown = [row.children[0].value for row in item.results.children]
    assert any(html.escape(source.limits) in text for text in shown)
    item.link("dw-factcheck-footage")
    assert html.escape(source.limits) in item.linked.children[0].children[0].value


def test_every_verdict_is_defined_in_plain_words_beside_the_buttons():
    item = make()
    shown = "".join(
        c.value for c in item.control.children if hasattr(c, "value") and "<ul" in str(c.value)
    )
    for verdict in VERDICTS.values():
        assert f"<b>{verdict.name}</b>: {html.escape(verdict.definition)}" in shown


def test_it_is_unfinished_until_six_claims_have_a_verdict():
    item = make(claims=9)
    judged = {f"c{n:02}": {"verdict": "supported"} for n in range(1, 6)}
    assert item.unfinished(judged | {"c09": {"evidence": ["x"]}}).startswith("5 of the 6 verdicts")
    assert item.unfinished(judged | {"c06": {"verdict": "unverified"}}) is None
    # A claim the exercise does not list (an old or hand-edited file) is no sixth verdict: the
    # progress line, which lists only the exercise's claims, would say five.
    assert item.unfinished(judged | {"c99": {"verdict": "unverified"}}).startswith("5 of the 6")


def test_the_claim_chooser_shows_which_claims_are_judged():
    item = make()
    assert "No claim judged yet (0 of the 6 asked for)" in item.progress.value
    first, second = [o["value"] for o in item.claim.options[:2]]
    item.verdict.value = "supported"
    item.claim.value = second
    item.link("dw-factcheck-footage")  # a link alone is not a verdict
    assert f"Judged so far: {first} (1 of the 6 asked for)" in item.progress.value
    item.show({second: {"verdict": "unverified"}})
    assert f"Judged so far: {second} (1 of the 6" in item.progress.value


def test_the_progress_line_names_claims_with_documents_but_no_verdict():
    """The grader counts them as judged, so a classroom learner must see them too."""
    item = make()
    first, second = list(item.quotes)[:2]
    item.show({first: {"verdict": "supported"}, second: {"evidence": ["x"]}})
    line = item.progress.value
    assert f"Judged so far: {first} (1 of the 6" in line
    assert f"Documents but no verdict yet: {second}. When graded these count as judged" in line
