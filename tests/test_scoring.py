"""Scores a learner sees must be right on hand-checkable cases and bounded on all others."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kit.scoring import (
    GROUP_CREDIT,
    SpanScore,
    cohen_kappa,
    krippendorff_alpha_nominal,
    label_agreement,
    match_report,
    merge_spans,
    same_phrase,
    set_agreement,
    span_prf,
)
from kit.taxonomy import TECHNIQUES, group_of

LOADED = "Loaded_Language"
EXAGGERATION = "Exaggeration-Minimisation"  # same group as LOADED: Manipulative Wording
DOUBT = "Doubt"  # a different group: Attack on Reputation


def assert_score(score: SpanScore, p: float, r: float, f1: float) -> None:
    assert score.precision == pytest.approx(p)
    assert score.recall == pytest.approx(r)
    assert score.f1 == pytest.approx(f1)


@dataclass(frozen=True)
class Highlight:
    start: int
    end: int
    label: str | None = None


# --- merge_spans ------------------------------------------------------------------------


def test_merge_overlapping_sorted() -> None:
    # [4,10) overlaps [0,6); [12,15) stands alone; input order must not matter.
    assert merge_spans([(12, 15), (4, 10), (0, 6)]) == [(0, 10), (12, 15)]


def test_merge_keeps_touching_spans_apart() -> None:
    # [0,5) and [5,10) share no character, so they stay two spans.
    assert merge_spans([(5, 10), (0, 5)]) == [(0, 5), (5, 10)]


def test_merge_ignores_labels_and_drops_empty_spans() -> None:
    spans = [{"start": 0, "end": 4, "label": LOADED}, Highlight(2, 8, DOUBT), (9, 9)]
    assert merge_spans(spans) == [(0, 8)]


def test_merge_contained_span() -> None:
    assert merge_spans([(0, 20), (5, 10)]) == [(0, 20)]


@pytest.mark.parametrize("bad", [(5, 3), (-1, 4)])
def test_invalid_offsets_rejected(bad: tuple[int, int]) -> None:
    with pytest.raises(ValueError):
        merge_spans([bad])


def test_non_integer_offsets_rejected() -> None:
    with pytest.raises(TypeError):
        merge_spans([{"start": 0.0, "end": 4}])
    with pytest.raises(TypeError):
        merge_spans([SimpleNamespace(start=0)])  # no end at all


# --- span_prf, unlabelled ---------------------------------------------------------------


def test_identical_spans_score_one() -> None:
    assert span_prf([(3, 17)], [(3, 17)]) == SpanScore(1.0, 1.0, 1.0)


def test_disjoint_spans_score_zero() -> None:
    assert span_prf([(0, 5)], [(10, 20)]) == SpanScore(0.0, 0.0, 0.0)


def test_touching_spans_do_not_overlap() -> None:
    assert span_prf([(0, 10)], [(10, 20)]) == SpanScore(0.0, 0.0, 0.0)


def test_half_of_key_span() -> None:
    # learner [0,5) inside key [0,10): P = 5/5 = 1, R = 5/10 = 0.5, F1 = 2*0.5/1.5 = 2/3
    assert_score(span_prf([(0, 5)], [(0, 10)]), 1.0, 0.5, 2 / 3)


def test_partial_overlap_both_ways() -> None:
    # learner [5,15) vs key [0,10): overlap 5. P = 5/10, R = 5/10, F1 = 0.5
    assert_score(span_prf([(5, 15)], [(0, 10)]), 0.5, 0.5, 0.5)


def test_overlapping_learner_spans_are_merged_first() -> None:
    # Unmerged, R would be (6 + 6)/10 = 1.2. Merged to [0,10): P = R = 1.
    assert_score(span_prf([(0, 6), (4, 10)], [(0, 10)]), 1.0, 1.0, 1.0)


def test_merging_changes_how_many_spans_are_averaged() -> None:
    # Learner [0,6) and [4,10) merge to [0,10); key [0,3).
    # Merged: P = 3/10 = 0.3, R = 3/3 = 1, F1 = 0.6/1.3 = 6/13.
    # (Unmerged, P would be (3/6 + 0/6)/2 = 0.25.)
    assert_score(span_prf([(0, 6), (4, 10)], [(0, 3)]), 0.3, 1.0, 6 / 13)


def test_overlapping_key_spans_are_merged_too() -> None:
    # As in the PTC scorer, key [0,6) and [4,10) merge to [0,10); learner [0,3).
    # P = 1, R = 3/10 = 0.3, F1 = 6/13. (Unmerged, R would be (3/6 + 0/6)/2 = 0.25.)
    assert_score(span_prf([(0, 3)], [(0, 6), (4, 10)]), 1.0, 0.3, 6 / 13)


def test_repeating_a_highlight_does_not_change_the_score() -> None:
    once = span_prf([(0, 5)], [(0, 10), (20, 30)])
    assert span_prf([(0, 5), (0, 5), (1, 4)], [(0, 10), (20, 30)]) == once


def test_one_learner_span_over_two_key_spans() -> None:
    # learner [0,20) vs key [0,5), [10,15): P = (5 + 5)/20 = 0.5; R = (5/5 + 5/5)/2 = 1
    # F1 = 2*0.5*1/1.5 = 2/3
    assert_score(span_prf([(0, 20)], [(0, 5), (10, 15)]), 0.5, 1.0, 2 / 3)


def test_averages_over_spans_not_characters() -> None:
    # learner [0,2) and [10,30) vs key [0,2) and [10,20):
    # P = (2/2 + 10/20)/2 = 0.75; R = (2/2 + 10/10)/2 = 1; F1 = 1.5/1.75 = 6/7
    assert_score(span_prf([(0, 2), (10, 30)], [(0, 2), (10, 20)]), 0.75, 1.0, 6 / 7)


def test_empty_learner_scores_zero() -> None:
    assert span_prf([], [(0, 10)]) == SpanScore(0.0, 0.0, 0.0)


def test_empty_key_scores_zero() -> None:
    assert span_prf([(0, 10)], []) == SpanScore(0.0, 0.0, 0.0)


def test_nothing_to_find_and_nothing_marked_is_perfect() -> None:
    assert span_prf([], []) == SpanScore(1.0, 1.0, 1.0)
    assert span_prf([(4, 4)], []) == SpanScore(1.0, 1.0, 1.0)  # an empty click counts as none


def test_accepts_dicts_objects_and_tuples_alike() -> None:
    key = [(0, 10)]
    expected = span_prf([(0, 5)], key)
    assert span_prf([{"start": 0, "end": 5}], key) == expected
    assert span_prf([Highlight(0, 5)], key) == expected
    assert span_prf([SimpleNamespace(start=0, end=5)], key) == expected


def test_unlabelled_mode_ignores_labels() -> None:
    assert span_prf([(0, 10, DOUBT)], [(0, 10, LOADED)]) == SpanScore(1.0, 1.0, 1.0)


# --- span_prf, label-aware --------------------------------------------------------------


def test_labelled_exact_label() -> None:
    score = span_prf([(0, 10, LOADED)], [(0, 10, LOADED)], labelled=True, group_of=group_of)
    assert score == SpanScore(1.0, 1.0, 1.0)


def test_labelled_wrong_group_scores_zero() -> None:
    score = span_prf([(0, 10, DOUBT)], [(0, 10, LOADED)], labelled=True, group_of=group_of)
    assert score == SpanScore(0.0, 0.0, 0.0)


def test_labelled_same_group_wrong_technique_gets_half() -> None:
    # delta = 0.5 on a perfect span: P = R = F1 = 0.5
    score = span_prf([(0, 10, EXAGGERATION)], [(0, 10, LOADED)], labelled=True, group_of=group_of)
    assert GROUP_CREDIT == 0.5
    assert_score(score, 0.5, 0.5, 0.5)


def test_labelled_without_group_of_gives_no_partial_credit() -> None:
    score = span_prf([(0, 10, EXAGGERATION)], [(0, 10, LOADED)], labelled=True)
    assert score == SpanScore(0.0, 0.0, 0.0)


def test_labelled_unlabelled_span_never_matches() -> None:
    assert span_prf([(0, 10)], [(0, 10)], labelled=True) == SpanScore(0.0, 0.0, 0.0)


def test_labelled_merges_only_within_a_label() -> None:
    # Same label: [0,6) and [4,10) merge into [0,10) -> perfect.
    same = span_prf([(0, 6, LOADED), (4, 10, LOADED)], [(0, 10, LOADED)], labelled=True)
    assert same == SpanScore(1.0, 1.0, 1.0)
    # Different labels (different groups) stay apart: A=[0,6) LOADED, B=[4,10) DOUBT.
    # P = (6/6 + 0)/2 = 0.5; R = 6/10 = 0.6; F1 = 2*0.5*0.6/1.1 = 6/11
    mixed = span_prf(
        [(0, 6, LOADED), (4, 10, DOUBT)], [(0, 10, LOADED)], labelled=True, group_of=group_of
    )
    assert_score(mixed, 0.5, 0.6, 6 / 11)


def test_labelled_credit_is_clamped_per_character() -> None:
    # Learner [0,10) LOADED over key [0,10) LOADED and [0,10) EXAGGERATION (same group).
    # The scorer's sum would give P = 1 + 0.5 = 1.5; each character takes its best delta: P = 1.
    # R = (1 + 0.5)/2 = 0.75 (the EXAGGERATION key span only gets group credit).
    # F1 = 2*1*0.75/1.75 = 6/7
    score = span_prf(
        [(0, 10, LOADED)],
        [(0, 10, LOADED), (0, 10, EXAGGERATION)],
        labelled=True,
        group_of=group_of,
    )
    assert_score(score, 1.0, 0.75, 6 / 7)


def test_labelled_clamp_does_not_reward_stacked_guesses() -> None:
    # Two guesses over the same key span: the wrong-technique one adds nothing once the
    # right one already covers every character. R = 1 (not 1.5), P = (1 + 0.5)/2 = 0.75.
    score = span_prf(
        [(0, 10, LOADED), (0, 10, EXAGGERATION)],
        [(0, 10, LOADED)],
        labelled=True,
        group_of=group_of,
    )
    assert_score(score, 0.75, 1.0, 6 / 7)


def test_labelled_unknown_label_raises_with_group_of() -> None:
    with pytest.raises(KeyError):
        span_prf([(0, 10, "Bandwagon")], [(0, 10, LOADED)], labelled=True, group_of=group_of)


# --- match_report -----------------------------------------------------------------------


def test_match_report_statuses_and_unmatched() -> None:
    key = [(0, 10, LOADED), (20, 30, DOUBT), (40, 50, LOADED)]
    learner = [(1, 10), (25, 30), (60, 65)]
    report = match_report(learner, key)
    # [0,10): 9/10 = 0.9 >= 0.8 found; [20,30): 5/10 partial; [40,50): nothing, missed
    assert [(m.index, m.status) for m in report.keys] == [
        (0, "found"),
        (1, "partial"),
        (2, "missed"),
    ]
    assert [m.coverage for m in report.keys] == pytest.approx([0.9, 0.5, 0.0])
    assert report.keys[1].label == DOUBT
    assert (report.keys[1].start, report.keys[1].end) == (20, 30)
    assert report.unmatched == ((60, 65),)
    assert [m.index for m in report.with_status("missed")] == [2]


def test_match_report_threshold_is_inclusive_and_adjustable() -> None:
    # [0,8) covers exactly 8/10 = 0.8 of the key span.
    assert match_report([(0, 8)], [(0, 10)]).keys[0].status == "found"
    assert match_report([(0, 8)], [(0, 10)], found_at=0.9).keys[0].status == "partial"


def test_match_report_merges_learner_spans() -> None:
    # [0,5) and [3,9) merge to [0,9): coverage 0.9, and no leftover unmatched piece.
    report = match_report([(0, 5), (3, 9)], [(0, 10)])
    assert report.keys[0].coverage == pytest.approx(0.9)
    assert report.unmatched == ()


def test_match_report_touching_is_unmatched_and_indices_survive_empty_keys() -> None:
    report = match_report([(10, 15)], [(3, 3), (0, 10)])
    assert [(m.index, m.status) for m in report.keys] == [(1, "missed")]
    assert report.unmatched == ((10, 15),)


def test_match_report_rejects_bad_threshold() -> None:
    with pytest.raises(ValueError):
        match_report([], [(0, 1)], found_at=0)


# --- label_agreement and set_agreement --------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("opinion", "match"),
        ("satire", "accepted"),
        ("reporting", "different"),
        (None, "missing"),
        ("", "missing"),
        ("Opinion", "different"),  # ids are exact
    ],
)
def test_label_agreement(answer: str | None, expected: str) -> None:
    assert label_agreement(answer, "opinion", accepted=["satire"]) == expected


def test_label_agreement_accepts_a_generator() -> None:
    assert label_agreement("UFS", "CFS", (x for x in ["UFS"])) == "accepted"


def test_set_agreement_is_jaccard() -> None:
    # {a,b} & {b,c} = {b}; union has 3 -> 1/3
    assert set_agreement({"a", "b"}, {"b", "c"}) == pytest.approx(1 / 3)
    assert set_agreement({"a"}, {"a"}) == 1.0
    assert set_agreement({"a"}, set()) == 0.0
    assert set_agreement(set(), set()) == 1.0


def test_set_agreement_punishes_ticking_everything() -> None:
    everything = {f"frame{i}" for i in range(14)}
    assert set_agreement(everything, {"frame0"}) == pytest.approx(1 / 14)


# --- cohen_kappa ------------------------------------------------------------------------


def test_kappa_textbook_example() -> None:
    # 50 items: both yes 20, A yes/B no 5, A no/B yes 10, both no 15.
    # p_o = 35/50 = 0.7; A yes 25/50, B yes 30/50; p_e = 0.5*0.6 + 0.5*0.4 = 0.5
    # kappa = (0.7 - 0.5)/(1 - 0.5) = 0.4
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4)


def test_kappa_skips_missing_pairs() -> None:
    # The None pairs would lower kappa if counted; skipped, the rest agree perfectly.
    a = ["x", "y", "x", None, "y"]
    b = ["x", "y", "x", "y", None]
    assert cohen_kappa(a, b) == pytest.approx(1.0)


def test_kappa_systematic_disagreement_is_negative() -> None:
    # p_o = 0; p_e = 0.5*0.5 + 0.5*0.5 = 0.5; kappa = -0.5/0.5 = -1
    assert cohen_kappa(["x", "y"], ["y", "x"]) == pytest.approx(-1.0)


def test_kappa_undefined_cases() -> None:
    assert cohen_kappa([], []) is None
    assert cohen_kappa([None, "x"], ["y", None]) is None
    assert cohen_kappa(["x", "x"], ["x", "x"]) is None  # p_e = 1


def test_kappa_rejects_unequal_lengths() -> None:
    with pytest.raises(ValueError):
        cohen_kappa(["x"], ["x", "y"])


# --- krippendorff_alpha_nominal ---------------------------------------------------------


def test_alpha_krippendorff_2011_worked_example() -> None:
    # Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", nominal example:
    # 4 coders x 12 units with gaps; unit 12 has one value and is not pairable.
    # n = 40; n_c = 9, 13, 10, 5, 3; sum o_cc = 32; sum n_c(n_c-1) = 344
    # alpha = (39*32 - 344)/(40*39 - 344) = 904/1216 = 113/152 = 0.7434...
    rows = {
        "A": "1 2 3 3 2 1 4 1 2 . . .",
        "B": "1 2 3 3 2 2 4 1 2 5 . 3",
        "C": ". 3 3 3 2 3 4 2 2 5 1 .",
        "D": "1 2 3 3 2 4 4 1 2 5 1 .",
    }
    coders = [[None if v == "." else v for v in row.split()] for row in rows.values()]
    units = [list(unit) for unit in zip(*coders, strict=True)]
    alpha = krippendorff_alpha_nominal(units)
    assert alpha == pytest.approx(113 / 152)
    assert round(alpha, 3) == 0.743


def test_alpha_krippendorff_2011_binary_example() -> None:
    # Same paper, 2 coders x 10 binary units. o_00 = 10, o_11 = 2, o_01 = o_10 = 4;
    # n_0 = 14, n_1 = 6, n = 20: alpha = 1 - 19*8/(2*14*6) = 1 - 152/168 = 0.0952...
    a = "0100000010"
    b = "1110010000"
    alpha = krippendorff_alpha_nominal(list(zip(a, b, strict=True)))
    assert alpha == pytest.approx(1 - 152 / 168)


def test_alpha_perfect_agreement_is_one() -> None:
    units = [["a", "a", "a"], ["b", "b", None], ["c", "c", "c"]]
    assert krippendorff_alpha_nominal(units) == pytest.approx(1.0)


def test_alpha_two_coders_matches_its_own_formula_not_kappa() -> None:
    # Two coders, 4 units: (a,a) (a,b) (b,b) (b,b). n = 8, n_a = 3, n_b = 5.
    # sum o_cc = 2 + 0 + 2 + 2 = 6; sum n_c(n_c-1) = 6 + 20 = 26
    # alpha = (7*6 - 26)/(8*7 - 26) = 16/30
    units = [["a", "a"], ["a", "b"], ["b", "b"], ["b", "b"]]
    assert krippendorff_alpha_nominal(units) == pytest.approx(16 / 30)


def test_alpha_undefined_cases() -> None:
    assert krippendorff_alpha_nominal([]) is None
    assert krippendorff_alpha_nominal([["a", None], [None, "b"]]) is None  # nothing pairable
    assert krippendorff_alpha_nominal([["a", "a"], ["a", "a"]]) is None  # no variation


# --- properties -------------------------------------------------------------------------

LABELS = [*sorted(TECHNIQUES)[:6], None]
Spans = list[tuple[int, int, str | None]]


@st.composite
def span_lists(draw: st.DrawFn) -> Spans:
    raw = draw(
        st.lists(
            st.tuples(st.integers(0, 60), st.integers(0, 15), st.sampled_from(LABELS)),
            max_size=8,
        )
    )
    return [(start, start + length, label) for start, length, label in raw]


@given(span_lists(), span_lists(), st.booleans())
def test_scores_always_in_unit_interval(learner: Spans, key: Spans, labelled: bool) -> None:
    score = span_prf(learner, key, labelled=labelled, group_of=group_of)
    for value in (score.precision, score.recall, score.f1):
        assert 0.0 <= value <= 1.0


@given(span_lists(), st.booleans())
def test_learner_equal_to_key_is_perfect(spans: Spans, labelled: bool) -> None:
    # In the labelled mode a span without a label never matches, by design.
    labelled = labelled and all(label is not None for _, _, label in spans)
    score = span_prf(spans, spans, labelled=labelled, group_of=group_of)
    assert score.precision == pytest.approx(1.0)
    assert score.recall == pytest.approx(1.0)
    assert score.f1 == pytest.approx(1.0)


@given(span_lists())
def test_merge_preserves_characters_and_separates_spans(spans: Spans) -> None:
    merged = merge_spans(spans)
    covered = {i for start, end, _ in spans for i in range(start, end)}
    assert {i for start, end in merged for i in range(start, end)} == covered
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in pairwise(merged))


@given(span_lists())
def test_match_report_finds_everything_in_the_key_itself(spans: Spans) -> None:
    report = match_report(spans, spans)
    assert all(m.status == "found" for m in report.keys)
    assert report.unmatched == ()


@given(st.lists(st.tuples(st.sampled_from("xyz"), st.sampled_from("xyz")), max_size=20))
def test_kappa_bounded(pairs: list[tuple[str, str]]) -> None:
    kappa = cohen_kappa([a for a, _ in pairs], [b for _, b in pairs])
    assert kappa is None or -1.0 - 1e-9 <= kappa <= 1.0 + 1e-9


def test_a_key_spans_accepted_labels_count_as_its_own():
    key = [{"start": 0, "end": 10, "label": "Doubt", "accepted": ["Loaded_Language"]}]
    assert span_prf([(0, 10, "Loaded_Language")], key, labelled=True).f1 == 1.0
    # Repetition shares a group with Loaded_Language, the accepted label, not with Doubt
    half = span_prf([(0, 10, "Repetition")], key, labelled=True, group_of=group_of)
    assert half.f1 == pytest.approx(GROUP_CREDIT)
    with pytest.raises(TypeError, match="accepted labels"):
        span_prf([(0, 10, "Doubt")], [{"start": 0, "end": 10, "label": "Doubt", "accepted": "x"}])


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Coup!", "coup", True),
        ("the coup is developing", "coup", True),
        ("towel", "throw in the towel", True),
        ("co", "coup", False),
        ("", "coup", False),
        ("...", "...", False),
    ],
)
def test_same_phrase_compares_whole_words(a, b, same):
    assert same_phrase(a, b) is same


def test_two_unknown_labels_share_no_group_and_a_learner_cannot_accept_labels():
    def unknown(_label):
        return None

    assert span_prf([(0, 5, "x")], [(0, 5, "y")], labelled=True, group_of=unknown).f1 == 0
    mine = [{"start": 0, "end": 5, "label": "x", "accepted": ["y"]}]
    assert span_prf(mine, [(0, 5, "y")], labelled=True).f1 == 0
