import re

import pytest

from kit import load_case
from kit.sources import KINDS, Source, SourceError, SourcePack, load_pack, parse_source, snippet


@pytest.fixture(scope="module")
def pack():
    return load_pack(load_case("wagner-convoy"))


def test_every_document_in_the_pack_has_a_valid_header(pack):
    assert 12 <= len(pack) <= 25
    for source in pack.sources:
        assert source.kind in KINDS
        assert (
            re.fullmatch(r"\d{4}-\d{2}-\d{2}", source.date)
            and "2022-03-08" <= source.date <= "2023-06-27"
        )
        assert source.url.startswith(("https://", "http://"))
        assert len(source.summary.split()) >= 40 and source.limits
    assert {"news report", "official statement", "fact-check", "social post"} <= {
        s.kind for s in pack.sources
    }


def test_the_pack_covers_what_the_lessons_need(pack):
    ids = {s.id for s in pack.sources}
    for needed in (
        "putin-address-kremlin",
        "state-dept-briefing",
        "nuland-senate-hearing",
        "dw-factcheck-footage",
        "stand-down-reuters",
        "fighterbomber-buturlinovka",
    ):
        assert needed in ids


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Buturlinovka airbase", "fighterbomber-buturlinovka"),
        ("Nuland Senate hearing", "nuland-senate-hearing"),
        ("old video footage game", "dw-factcheck-footage"),
        ("Lukashenko deal turned back", "stand-down-reuters"),
    ],
)
def test_search_ranks_the_obvious_document_first(pack, query, first):
    assert pack.search(query)[0].source.id == first


def test_search_with_no_known_word_finds_nothing(pack):
    assert pack.search("zzzz qqqq") == [] and pack.search("") == []


def test_plural_and_possessive_forms_match(pack):
    assert pack.search("helicopter")[0].source.id == pack.search("helicopters")[0].source.id


def test_snippets_escape_text_and_mark_matches():
    text = "Some <script>alert(1)</script> text about helicopters & planes."
    out = snippet(text, ["helicopter"])
    assert "<script>" not in out and "&lt;script&gt;" in out and "&amp; planes" in out
    assert "<mark><b>helicopters</b></mark>" in out


def write(tmp_path, header, body="## Summary\nS.\n\n## What it can and cannot establish\nL.\n"):
    path = tmp_path / "doc.md"
    path.write_text(f"---\n{header}\n---\n{body}", encoding="utf-8")
    return path


GOOD = (
    "id: doc\ntitle: T\noutlet: O\ndate: 2023-06-24\nurl: https://example.org/x\nkind: news report"
)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (GOOD.replace("kind: news report", "kind: rumour"), "kind 'rumour'"),
        (GOOD.replace("2023-06-24", "24 June"), "not YYYY-MM-DD"),
        (GOOD.replace("id: doc", "id: other"), "differs from the file name"),
        (GOOD.replace("url: https://example.org/x", "url: example.org"), "not a web address"),
        (GOOD.replace("outlet: O\n", ""), "lacks outlet"),
        (GOOD + "\nauthor: X", "'author: X' is not one of"),
    ],
)
def test_bad_headers_name_the_file_and_the_problem(tmp_path, header, message):
    path = write(tmp_path, header)
    with pytest.raises(SourceError, match=message) as err:
        parse_source(path)
    assert str(path) in str(err.value)


def test_a_document_needs_both_sections(tmp_path):
    with pytest.raises(SourceError, match="needs '## Summary'"):
        parse_source(write(tmp_path, GOOD, body="## Summary\nOnly this.\n"))


def test_citation_names_outlet_date_time_and_url():
    source = Source(
        "a", "T", "Reuters", "2023-06-24", "https://x", "news report", "s", "l", time="20:00"
    )
    assert source.citation == "Reuters, 2023-06-24, 20:00, https://x"
    assert SourcePack([source]).get("a") is source
