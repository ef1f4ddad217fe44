"""Tests for kit.cues: exact offsets, the expected cues on the case text, and the
places where cues mislead (pinned on purpose: the lesson shows them to learners)."""

from __future__ import annotations

import sys
import unicodedata
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.cues import CUE_KINDS, LOADED_TERMS, Cue, cues_table, find_cues

SEED = Path("/work/shared/seeds/000_9f2bc3eca29b1f09.txt")
PACKAGED = Path(__file__).parents[1] / "src/kit/cases/wagner-convoy/article.txt"
UNICODE_SAMPLE = "Élise says 🙂 it might rain. Are all 👩‍👩‍👧 cafés—or some—open? 🇺🇦 Zoë said so."


@pytest.fixture(scope="module")
def case_text() -> str:
    """The case text exactly as published (NBSPs, curly quotes kept); never normalised."""
    for path in (SEED, PACKAGED):
        if path.is_file():
            return path.read_text(encoding="utf-8")
    pytest.skip(f"case text not found at {SEED} or {PACKAGED}")


def cues_in(text: str, phrase: str, kind: str | None = None) -> list[Cue]:
    """Cues lying inside the (unique) occurrence of ``phrase`` in ``text``."""
    assert text.count(phrase) == 1, f"phrase not unique in text: {phrase!r}"
    lo = text.index(phrase)
    hi = lo + len(phrase)
    kinds = None if kind is None else [kind]
    return [c for c in find_cues(text, kinds) if lo <= c.start and c.end <= hi]


def texts(cues: list[Cue]) -> list[str]:
    return [c.text for c in cues]


# --- offsets -----------------------------------------------------------------


def assert_exact(text: str, cues: list[Cue]) -> None:
    for c in cues:
        assert text[c.start : c.end] == c.text, c
        assert 0 <= c.start < c.end <= len(text)
        assert c.kind in CUE_KINDS


def test_offsets_exact_on_case_text(case_text: str) -> None:
    cues = find_cues(case_text)
    assert cues, "expected cues on the case text"
    assert "\u00a0" in case_text and "‘capture’" in case_text  # really the raw text
    assert_exact(case_text, cues)


def test_offsets_exact_with_emoji_and_accents() -> None:
    cues = find_cues(UNICODE_SAMPLE)
    assert_exact(UNICODE_SAMPLE, cues)
    # Code-point offsets: "Élise" is 5 code points, the emoji after "says" is one.
    assert Cue(0, 10, "attribution", "Élise says", "named") in cues
    assert Cue(16, 21, "hedge", "might") in cues  # 🙂 counts as one code point
    assert ("Zoë said", "named") in [(c.text, c.detail) for c in cues]
    assert {"all", "some"} <= set(texts(cues))


def test_offsets_exact_on_decomposed_accents() -> None:
    # NFD text ("e" + combining acute) is not normalised, so offsets still slice back.
    text = unicodedata.normalize("NFD", "Élise says the café might close.")
    cues = find_cues(text)
    assert_exact(text, cues)
    assert [(c.text, c.detail) for c in cues] == [(text[:11], "named"), ("might", "")]
    assert text[:11] == unicodedata.normalize("NFD", "Élise says")


@settings(database=None)  # keep no example database in the repo
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_offsets_exact_on_any_text(text: str) -> None:
    assert_exact(text, find_cues(text))


def test_sorted_by_start_then_kind(case_text: str) -> None:
    cues = find_cues(case_text)
    keys = [(c.start, c.kind) for c in cues]
    assert keys == sorted(keys)


# --- expected cues on the case text -------------------------------------------


def test_expected_hedges(case_text: str) -> None:
    assert texts(cues_in(case_text, "Wagner might send their planes", "hedge")) == ["might"]
    phrase = "Putin will need to play his cards"
    assert texts(cues_in(case_text, phrase, "hedge")) == ["will need to"]
    # Plain "will" is a confident prediction, not a hedge.
    assert cues_in(case_text, "the war will be lost", "hedge") == []


def test_expected_absolutes_and_quantities(case_text: str) -> None:
    assert texts(cues_in(case_text, "total lack of support", "absolute")) == ["total"]
    assert texts(cues_in(case_text, "all roads heading south", "absolute")) == ["all"]
    phrase = "A lot of misinformation"
    assert texts(cues_in(case_text, phrase, "vague_quantity")) == ["A lot of"]
    assert texts(cues_in(case_text, phrase, "loaded")) == ["misinformation"]
    # Longest phrase wins: "so many" / "too many", not a second "many" inside them.
    qty = texts(find_cues(case_text, ["vague_quantity"]))
    assert "so many" in qty and "too many" in qty and "many" not in qty


def test_expected_questions(case_text: str) -> None:
    questions = texts(find_cues(case_text, ["question"]))
    assert "Why risk all?" in questions
    assert "Do the Wagners have a plan to ‘capture’ Putin before the West pushes him out?" in (
        questions
    )
    # The naive split keeps the blogger's "(TAP)" tag: it follows "Wagners.." + spaces.
    assert any(q.startswith("(TAP) yet are they") for q in questions)
    assert len(questions) == 4
    assert all(q.endswith("?") for q in questions)


def test_expected_attributions(case_text: str) -> None:
    found = {c.text: c.detail for c in find_cues(case_text, ["attribution"])}
    assert found["Victoria Nuland says"] == "named"
    assert found["Prigozhin is calling for"] == "named"
    assert found["He says"] == "vague"
    assert found["He promises"] == "vague"


def test_attribution_subjects_on_small_examples() -> None:
    text = (
        "Sources say it is over. Officials said no. According to the Kremlin, fine. "
        "The Russian Defense Ministry says not. Reports say so."
    )
    found = [(c.text, c.detail) for c in find_cues(text, ["attribution"])]
    assert found == [
        ("Sources say", "vague"),
        ("Officials said", "vague"),
        ("According to the Kremlin", "named"),
        ("Russian Defense Ministry says", "named"),
        ("Reports say", "vague"),  # one cue, not also "Reports" as a verb
    ]
    assert [c.detail for c in find_cues("He’s said it. Sources’ claims.", ["attribution"])] == [
        "vague",  # a contracted pronoun is not a name
        "vague",
    ]


def test_loaded_terms(case_text: str) -> None:
    loaded = Counter(c.text.lower() for c in find_cues(case_text, ["loaded"]))
    assert loaded["coup"] == 2
    for term in ("throw in the towel", "motherland", "smo", "penetrated", "elites", "patriots"):
        assert loaded[term] == 1, term
    assert "coup" in LOADED_TERMS and len(LOADED_TERMS) < 20  # short enough to print


def test_whole_words_only() -> None:
    # "all" in "allegedly", "small", "ball" and "may" in "Mayor" are not cues...
    assert texts(find_cues("The small Mayor allegedly took the ball.")) == ["allegedly"]
    # ...and matching is case-insensitive; multi-word cues span any whitespace (NBSP).
    assert texts(find_cues("NO\u00a0ONE Might Know", ["absolute", "hedge"])) == [
        "NO\u00a0ONE",
        "Might",
    ]


# --- where cues mislead (pinned on purpose; the lesson shows these) -------------


def test_misleading_all_in_why_risk_all(case_text: str) -> None:
    # FALSE POSITIVE. "Why risk all?" is an idiom ("risk everything"), not a sweeping
    # claim about a quantity that one counter-example could disprove. The absolute
    # cue fires anyway; the real move here is the rhetorical question.
    cues = cues_in(case_text, "Why risk all?")
    assert [(c.kind, c.text) for c in cues] == [("question", "Why risk all?"), ("absolute", "all")]


def test_misleading_must_is_confidence_not_doubt(case_text: str) -> None:
    # FALSE POSITIVE. "There must be a reason" is tagged as a hedge, but "must" here is
    # an inference that *asserts* confidence: it tells the reader a hidden, good reason
    # exists (the fact base: "not checkable"; it assumes a strategic reason).
    assert texts(cues_in(case_text, "There must be a reason.", "hedge")) == ["must"]


def test_misleading_would_in_past_refusal(case_text: str) -> None:
    # FALSE POSITIVE. "no one would talk to him" is past refusal, not hedging, and
    # "would not be taking so many risks if he wasn’t sure" is a counterfactual that
    # vouches for Prigozhin. Both get the same "hedge" hint as a genuine "might".
    assert texts(cues_in(case_text, "no one would talk to him", "hedge")) == ["would"]
    assert texts(cues_in(case_text, "would not be taking so many risks", "hedge")) == ["would"]


def test_misleading_flat_claims_get_no_cue(case_text: str) -> None:
    # MISS. The shakiest claims are written flatly, so no cue of any kind fires.
    # Buturlinovka: no reputable report of a capture, and the base is not "on the way
    # to Moscow" (fact base #24). "Three helicopters" was an early undercount (#19).
    # A learner who trusts only the hints would skip exactly these sentences.
    assert cues_in(case_text, "The Wagners have captured Buturlinovka") == []
    assert cues_in(case_text, "which has a key airbase on the way to Moscow.") == []
    assert cues_in(case_text, "The three helicopters that were shot down") == []
    assert cues_in(case_text, "Wagners fought Russian troops at Rogachevka") == []


def test_misleading_named_attribution_is_not_verification(case_text: str) -> None:
    # MISLEADING LABEL. "named" sounds solid, yet no record of Nuland saying this exists
    # (fact base #38). Meanwhile "He says" is "vague" although context makes clear it is
    # Prigozhin. The detail describes the wording, never whether the quote is real.
    found = {c.text: c.detail for c in find_cues(case_text, ["attribution"])}
    assert found["Victoria Nuland says"] == "named"
    assert found["He says"] == "vague"


# --- kinds filtering, errors, table ---------------------------------------------


def test_kinds_filtering(case_text: str) -> None:
    every = find_cues(case_text)
    assert {c.kind for c in every} == set(CUE_KINDS)
    for kind in CUE_KINDS:
        assert find_cues(case_text, [kind]) == [c for c in every if c.kind == kind]
    assert find_cues(case_text, "hedge") == find_cues(case_text, ["hedge"])  # a lone str
    assert find_cues(case_text, []) == []
    assert find_cues(case_text, ["hedge", "hedge"]) == find_cues(case_text, ["hedge"])


def test_unknown_kind_raises() -> None:
    with pytest.raises(ValueError, match="hedges") as err:
        find_cues("text", ["hedge", "hedges"])
    for kind in CUE_KINDS:  # the message lists the valid ids
        assert kind in str(err.value)
    with pytest.raises(ValueError, match="nope"):
        cues_table("text", ["nope"])


def test_cue_kinds_are_described() -> None:
    assert list(CUE_KINDS) == [
        "hedge",
        "question",
        "attribution",
        "vague_quantity",
        "absolute",
        "loaded",
    ]
    assert all(len(desc) > 30 for desc in CUE_KINDS.values())


def test_cues_table(case_text: str) -> None:
    df = cues_table(case_text)
    assert list(df.columns) == ["kind", "cue", "start", "end", "detail"]
    assert len(df) == len(find_cues(case_text))
    assert all(case_text[s:e] == cue for s, e, cue in zip(df.start, df.end, df.cue, strict=True))


def test_cues_table_with_sentences() -> None:
    text = "It might rain. He says so. Why?"
    sents = [SimpleNamespace(id=f"s{i}", start=s, end=e) for i, (s, e) in
             enumerate([(0, 14), (15, 26), (27, 31)])]  # fmt: skip
    df = cues_table(text, sentences=sents)
    assert list(df.columns) == ["kind", "cue", "start", "end", "detail", "sentence"]
    assert list(zip(df.cue, df.sentence, strict=True)) == [
        ("might", "s0"),
        ("He says", "s1"),
        ("Why?", "s2"),
    ]
    empty = cues_table("Nothing here", kinds=["question"], sentences=[])
    assert empty.empty and "sentence" in empty.columns


def test_import_is_cheap() -> None:
    # pandas is imported lazily inside cues_table, so notebooks that only highlight
    # cues do not pay for it. Check in a fresh interpreter to avoid test-order effects.
    import subprocess

    code = "import sys, kit.cues; print('pandas' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(Path(__file__).parents[1] / "src")},
    )
    assert out.stdout.strip() == "False"
