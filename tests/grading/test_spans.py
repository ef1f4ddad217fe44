"""The fast span overlap agrees with the reference implementation in kit.scoring."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.grading.spans import Reference, coverage, merged, prf
from kit.scoring import match_report, merge_spans, span_prf


def spans(max_size=8, limit=60):
    pair = st.tuples(st.integers(0, limit), st.integers(0, limit)).map(sorted).map(tuple)
    return st.lists(pair, max_size=max_size)


@settings(database=None, max_examples=300, deadline=None)
@given(spans(), spans())
def test_prf_equals_kit_scoring(learner, key):
    fast, slow = prf(learner, key), span_prf(learner, key)
    assert fast.precision == pytest.approx(slow.precision, abs=1e-9)
    assert fast.recall == pytest.approx(slow.recall, abs=1e-9)
    assert fast.f1 == pytest.approx(slow.f1, abs=1e-9)


@settings(database=None, max_examples=300, deadline=None)
@given(spans(), spans())
def test_reference_compare_equals_kit_scoring(learner, key):
    compared = Reference(key).compare(merged(learner))
    slow = span_prf(learner, key)
    assert compared.score.f1 == pytest.approx(slow.f1, abs=1e-9)
    assert compared.score.precision == pytest.approx(slow.precision, abs=1e-9)
    report = match_report(learner, key)
    by_index = {m.index: m.coverage for m in report.keys}
    for index, share in enumerate(compared.key_coverage):
        if key[index][1] > key[index][0]:
            assert share == pytest.approx(by_index[index], abs=1e-9)
    outside = [span for span, out in zip(merged(learner), compared.outside, strict=True) if out]
    assert outside == list(report.unmatched)


@settings(database=None, max_examples=300, deadline=None)
@given(spans(), spans())
def test_overlapping_finds_exactly_the_overlapping_key_spans(key, learner):
    reference = Reference(key)
    for start, end in learner:
        expected = [
            i for i, (s, e) in enumerate(key) if e > s and end > start and s < end and start < e
        ]
        assert reference.overlapping(start, end) == expected


@settings(database=None, max_examples=200, deadline=None)
@given(spans())
def test_merged_equals_kit_scoring(pairs):
    assert merged(pairs) == merge_spans(pairs)


def test_coverage_of_a_span_half_inside():
    assert coverage([(0, 10)], [(5, 20)]) == [0.5]
    assert coverage([(0, 10)], [(5, 20), (0, 3)]) == [0.8]


def test_touching_spans_stay_apart_as_in_the_scorer():
    assert merged([(0, 5), (5, 9)]) == [(0, 5), (5, 9)]
    assert prf([(0, 5), (5, 9)], [(0, 9)]).precision == 1.0
