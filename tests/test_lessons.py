"""What the lessons say about the kit's own tools, checked here rather than in cells a learner
runs: lesson 02 reads the cue helper's table, lesson 03 the pack's search, lesson 04 the cue
counts of the two texts. A failure means a lesson's text is out of date."""

import pytest

from kit.cases import load_case, load_contrast
from kit.cues import cues_table, find_cues
from kit.sources import KINDS, load_pack


@pytest.fixture(scope="module")
def case():
    return load_case("wagner-convoy")


def test_lesson_02_the_helper_flags_the_four_cues_it_discusses_and_misses_p4_s5(case):
    table = cues_table(case.text, sentences=case.article.sentences)

    def tagged(sentence, kind, cue):
        rows = table[(table["sentence"] == sentence) & (table["kind"] == kind)]
        return cue in set(rows["cue"])

    assert tagged("t.s2", "absolute", "all")
    assert tagged("t.s3", "hedge", "must")
    assert tagged("p2.s1", "hedge", "would")
    assert tagged("p7.s4", "attribution", "Victoria Nuland says")
    assert table[table["sentence"] == "p4.s5"].empty  # "no cue is not the same as safe"


def test_lesson_03_the_pack_search_finds_what_the_lesson_shows(case):
    pack = load_pack(case)
    assert len(pack) >= 20 and all(s.kind in KINDS for s in pack.sources)
    assert pack.search("helicopters shot down")[0].source.id == "bbc-verify-losses"
    assert pack.search("Buturlinovka")[0].source.id == "fighterbomber-buturlinovka"
    nuland = {h.source.id for h in pack.search("Nuland")}
    assert {"nuland-senate-hearing", "nuland-novaya-gazeta", "nuland-oluwagbemigapost"} <= nuland


def test_lesson_04_the_contrast_text_has_fewer_loaded_terms_than_the_blog(case):
    def loaded(text):
        return sum(c.kind == "loaded" for c in find_cues(text))

    assert loaded(load_contrast(case).body) < loaded(case.text)


def test_lesson_03_timeline_names_pack_documents_and_places_the_post_between_known_and_not(case):
    rows = case.meta["timeline"]
    ids = {s.id for s in load_pack(case).sources}
    assert all(r["source"] in ids for r in rows if r["source"])
    (post,) = [n for n, r in enumerate(rows) if not r["source"]]  # the blog post itself
    assert {r["known"] for r in rows[:post]} == {"yes"}
    assert "yes" not in {r["known"] for r in rows[post + 1 :]}


def test_lesson_03_timeline_gives_a_clock_time_only_where_its_document_does(case):
    """The lesson says the times are as precise as each named document gives them: a learner
    who opens the document must find the time there."""
    import re

    pack = load_pack(case)
    for row in case.meta["timeline"]:
        for clock in re.findall(r"\d\d:\d\d", row["when"]):
            doc = pack.get(row["source"])
            assert clock in f"{doc.time} {doc.summary}", (row["when"], row["source"])
