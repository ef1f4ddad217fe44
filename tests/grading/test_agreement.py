"""Alpha and kappa from counts agree with kit.scoring; tallies add up and take back."""

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.grading.agreement import (
    LabelTally,
    LayerTally,
    _kappa_with_key,
    alpha_from_counts,
    words,
)
from kit.scoring import cohen_kappa, krippendorff_alpha_nominal

labels = st.sampled_from(["NFS", "UFS", "CFS", None])


@settings(database=None, max_examples=300, deadline=None)
@given(st.lists(st.lists(labels, min_size=0, max_size=6), max_size=12))
def test_alpha_from_counts_equals_kit_scoring(units):
    counts = [Counter(v for v in unit if v is not None) for unit in units]
    expected = krippendorff_alpha_nominal(units)
    found = alpha_from_counts(counts)
    if expected is None:
        assert found is None
    else:
        assert found == pytest.approx(expected, abs=1e-9)


@settings(database=None, max_examples=300, deadline=None)
@given(st.lists(st.tuples(labels, st.sampled_from(["NFS", "UFS", "CFS"])), min_size=1, max_size=12))
def test_kappa_with_key_equals_cohen_kappa(pairs):
    units = [f"u{i}" for i in range(len(pairs))]
    learner = {u: a for u, (a, _) in zip(units, pairs, strict=True) if a is not None}
    key = {u: b for u, (_, b) in zip(units, pairs, strict=True)}
    expected = cohen_kappa([a for a, _ in pairs], [b for _, b in pairs])
    found = _kappa_with_key(learner, key)
    assert (found is None) == (expected is None)
    if expected is not None:
        assert found == pytest.approx(expected, abs=1e-9)


@settings(database=None, max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(labels, st.sampled_from(["NFS", "UFS", "CFS"])), min_size=1, max_size=12),
    st.lists(st.sampled_from(["NFS", "UFS", "CFS"]), max_size=4),
)
def test_kappa_with_key_skips_unlabelled_units_and_units_the_key_lacks(pairs, strays):
    units = [f"u{i}" for i in range(len(pairs))]
    learner: dict = {u: a for u, (a, _) in zip(units, pairs, strict=True)}  # None kept
    learner |= {f"stray{i}": label for i, label in enumerate(strays)}
    key = {u: b for u, (_, b) in zip(units, pairs, strict=True)}
    kept = [(a, b) for a, b in pairs if a is not None]
    expected = cohen_kappa([a for a, _ in kept], [b for _, b in kept]) if kept else None
    found = _kappa_with_key(learner, key)
    assert (found is None) == (expected is None)
    if expected is not None:
        assert found == pytest.approx(expected, abs=1e-9)


def test_label_tally_counts_disputes_and_takes_back():
    tally = LabelTally({"a": "CFS", "b": "NFS"}, {"b": ("UFS",)})
    tally.add({"a": "CFS", "b": "NFS"})
    tally.add({"a": "NFS", "b": "UFS"})
    tally.add({"a": "CFS", "b": "NFS"})
    assert tally.learners == 3 and tally.counts["a"] == Counter({"CFS": 2, "NFS": 1})
    assert tally.with_key("b") == 1.0
    assert [unit for unit, _, _ in tally.disputed()] == ["a", "b"]
    before = (tally.alpha(), list(tally.kappas))
    tally.add({"a": "UFS"})
    tally.discard({"a": "UFS"})
    assert (tally.alpha(), tally.kappas) == before
    assert "UFS" not in tally.counts["a"]  # no empty bar for a label nobody kept


def test_one_unit_has_no_alpha():
    tally = LabelTally({"genre": "opinion"})
    for label in ("opinion", "opinion", "reporting"):
        tally.add({"genre": label})
    assert tally.alpha() is None and tally.kappas == []


def test_layer_tally_counts_learners_per_character_and_word_alpha():
    text = "one two three four"
    layer = LayerTally(len(text))
    layer.add([(0, 7)])
    layer.add([(4, 7), (8, 13)])
    assert layer.counts()[:8] == [1, 1, 1, 1, 2, 2, 2, 0]
    assert layer.learners == 2
    assert words(text) == [(0, 3), (4, 7), (8, 13), (14, 18)]
    units = [["t", "u"], ["t", "t"], ["u", "t"], ["u", "u"]]
    assert layer.alpha(text) == pytest.approx(krippendorff_alpha_nominal(units))
    layer.discard([(4, 7), (8, 13)])
    assert layer.counts()[:8] == [1, 1, 1, 1, 1, 1, 1, 0] and layer.learners == 1


def test_layer_tally_clips_spans_that_do_not_fit_the_text():
    layer = LayerTally(18)
    layer.add([(-3, 2), (16, 99), (10, 5), (20, 30), (4, 4)])
    assert layer.counts() == [1, 1] + [0] * 14 + [1, 1]
    layer.discard([(-3, 2), (16, 99), (10, 5), (20, 30), (4, 4)])
    assert layer.counts() == [0] * 18 and layer.learners == 0
