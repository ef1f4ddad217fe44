"""The splitter's rules, each pinned on the case text where it matters."""

from pathlib import Path

import pytest

from kit.text import Article, split_sentences

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_9f2bc3eca29b1f09.txt"


@pytest.fixture(scope="module")
def article() -> Article:
    from kit import load_case

    return load_case("wagner-convoy").article


def texts(article: Article) -> list[str]:
    return [s.text for s in article.sentences]


def test_every_sentence_has_exact_offsets(article):
    for s in article.sentences:
        assert article.text[s.start : s.end] == s.text
    for p in (article.title, *article.paragraphs):
        assert article.text[p.start : p.end] == p.text


def test_ids_are_stable_and_ordered(article):
    ids = [s.id for s in article.sentences]
    assert ids[:4] == ["t.s1", "t.s2", "t.s3", "p1.s1"]
    assert ids[-1] == "p7.s4"
    assert len(ids) == len(set(ids)) == 35
    assert [p.id for p in article.paragraphs] == [f"p{n}" for n in range(1, 8)]


def test_title_is_line_one_and_holds_three_sentences(article):
    # The headline asks a rhetorical question, which learners must be able to triage.
    assert texts(article)[:3] == [
        "Wagners convoy heading to Moscow.",
        "Why risk all?",
        "There must be a reason.",
    ]


def test_stray_full_stop_before_lower_case_does_not_split(article):
    # "Ministry. is" is a typo inside one sentence: the next word is lower case.
    s = article.sentence("p1.s4")
    assert s.text.startswith("The Russian Defense Ministry. is taking the threat")


def test_double_full_stop_then_tap_tag_splits(article):
    # "Wagners.." ends the summary; "(TAP)" opens the blogger's own comment as a new sentence.
    assert article.sentence("p1.s5").text == "Putin is condemning the Wagners.."
    assert article.sentence("p1.s6").text.startswith("(TAP) yet are they actually")


def test_slash_and_curly_quotes_stay_inside_sentences(article):
    assert article.sentence("p7.s4").text.endswith("resistance against US/NATO.")
    assert "‘capture’" in article.sentence("p1.s7").text
    assert article.sentence("p7.s3").text.startswith("He’s seen too many")


def test_no_break_space_double_spaces_are_trimmed(article):
    # The text separates sentences with U+00A0 followed by a space; neither belongs to a sentence.
    for s in article.sentences:
        assert s.text == s.text.strip() and "\xa0" not in s.text[:1] + s.text[-1:]
    assert (
        article.text[article.sentence("p2.s1").end : article.sentence("p2.s2").start] == "\xa0 \xa0"
    )


def test_abbreviations_do_not_split():
    text = "Mr. Smith met Dr. Jones. They talked."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Mr. Smith met Dr. Jones.",
        "They talked.",
    ]


def test_offsets_are_code_points_with_emoji_and_accents():
    text = "Élise arrive 🙂. Ça va? Oui!\n\nDeuxième paragraphe ici."
    article = Article.from_text(text)
    assert [s.text for s in article.sentences] == [
        "Élise arrive 🙂.",
        "Ça va?",
        "Oui!",
        "Deuxième paragraphe ici.",
    ]
    for s in article.sentences:
        assert text[s.start : s.end] == s.text


def test_sentence_at_and_unknown_id(article):
    s = article.sentence("p4.s5")
    assert article.sentence_at(s.start + 3) == s
    assert article.sentence_at(article.title.end) is None  # the newline between title and body
    with pytest.raises(KeyError, match="p99.s1"):
        article.sentence("p99.s1")
