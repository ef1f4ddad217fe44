"""The fast span overlap agrees with the reference implementation in kit.scoring."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.grading.spans import LabelledReference, Reference, coverage, merged, prf, starting_in
from kit.scoring import GROUP_CREDIT, match_report, merge_spans, span_prf


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


def disjoint_spans(limit=80):
    """Key spans that never overlap (as the claims key's), in text order or shuffled."""
    cuts = st.lists(st.integers(0, limit), max_size=12, unique=True).map(sorted)
    key = cuts.map(lambda c: list(zip(c[::2], c[1::2], strict=False)))
    return st.tuples(key, st.randoms()).map(
        lambda kr: kr[1].sample(kr[0], len(kr[0])) if kr[1].random() < 0.3 else kr[0]
    )


@settings(database=None, max_examples=300, deadline=None)
@given(spans(limit=80), disjoint_spans())
def test_reference_compare_with_disjoint_key_spans_equals_kit_scoring(learner, key):
    """Disjoint keys take the overlap-sum path; the shares must be the character counts'."""
    reference = Reference(key)
    assert reference._ended is not None
    compared = reference.compare(merged(learner))
    slow = span_prf(learner, key)
    assert compared.score.f1 == pytest.approx(slow.f1, abs=1e-9)
    assert compared.score.recall == pytest.approx(slow.recall, abs=1e-9)
    for (start, end), share in zip(key, compared.key_coverage, strict=True):
        inside = sum(1 for c in range(start, end) if any(s <= c < e for s, e in learner))
        assert share == (inside / (end - start) if end > start else 0.0)


@settings(database=None, max_examples=300, deadline=None)
@given(spans(), spans())
def test_overlapping_finds_exactly_the_overlapping_key_spans(key, learner):
    reference = Reference(key)
    for start, end in learner:
        expected = [
            i for i, (s, e) in enumerate(key) if e > s and end > start and s < end and start < e
        ]
        assert list(reference.overlapping(start, end)) == expected


@settings(database=None, max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 80), max_size=12, unique=True), st.randoms(), spans(limit=80))
def test_overlapping_with_disjoint_key_spans_in_any_order(cuts, random, learner):
    """Disjoint keys (as the claims key is) take the per-character count lookup, whether
    the key lists its spans in text order or not, with empty spans among them or not."""
    cuts.sort()
    key = list(zip(cuts[::2], cuts[1::2], strict=False))
    if len(key) > 1 and random.random() < 0.3:  # an empty span between the first two
        key.insert(1, (key[0][1], key[0][1]))
    if random.random() < 0.3:
        random.shuffle(key)
    reference = Reference(key)
    assert reference._ended is not None
    for start, end in learner:
        expected = [
            i for i, (s, e) in enumerate(key) if e > s and end > start and s < end and start < e
        ]
        assert list(reference.overlapping(start, end)) == expected


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


TECHNIQUES = ["A1", "A2", "B1", "B2", "C1"]


def group(label):
    return label[0] if label in TECHNIQUES else None


def labelled(max_size=6, limit=40, accepted=False):
    def make(pair, label, also):
        span = {"start": pair[0], "end": pair[1], "label": label}
        return span | {"accepted": also} if accepted else span

    pair = st.tuples(st.integers(0, limit), st.integers(0, limit)).map(sorted)
    also = st.lists(st.sampled_from(TECHNIQUES), max_size=2) if accepted else st.just([])
    label = (
        st.sampled_from([*TECHNIQUES, "unknown"]) if not accepted else st.sampled_from(TECHNIQUES)
    )
    return st.lists(st.builds(make, pair, label, also), max_size=max_size)


def compare_dicts(learner, key):
    """LabelledReference.compare on spans written as the strategies above make them."""
    reference = LabelledReference(
        [(k["start"], k["end"], k["label"], k["accepted"]) for k in key], group, GROUP_CREDIT
    )
    return reference.compare([(s["start"], s["end"], s["label"]) for s in learner])


def slow_group(label):
    return label[0] if label in TECHNIQUES else "?" + label


@settings(database=None, max_examples=400, deadline=None)
@given(labelled(), labelled(accepted=True))
def test_labelled_reference_equals_kit_scoring(learner, key):
    fast = compare_dicts(learner, key)
    slow = span_prf(learner, key, labelled=True, group_of=slow_group)
    assert fast.score.precision == pytest.approx(slow.precision, abs=1e-9)
    assert fast.score.recall == pytest.approx(slow.recall, abs=1e-9)
    assert fast.score.f1 == pytest.approx(slow.f1, abs=1e-9)
    report = match_report(learner, key)
    for match in report.keys:
        assert fast.key_coverage[match.index] == pytest.approx(match.coverage, abs=1e-9)


@settings(database=None, max_examples=300, deadline=None)
@given(labelled(), labelled(accepted=True))
def test_labelled_key_span_shares_equal_a_character_by_character_count(learner, key):
    """Per key span: each character counts at the best credit of any learner span on it."""
    fast = compare_dicts(learner, key)
    for index, k in enumerate(key):
        names = {k["label"], *k["accepted"]}
        credits, covered = [], 0
        for char in range(k["start"], k["end"]):
            on = [s["label"] for s in learner if s["start"] <= char < s["end"]]
            covered += bool(on)
            credits.append(
                max(
                    (
                        1.0
                        if label in names
                        else GROUP_CREDIT
                        if group(label) in {group(n) for n in names} - {None}
                        else 0.0
                        for label in on
                    ),
                    default=0.0,
                )
            )
        size = k["end"] - k["start"]
        assert fast.key_credit[index] == pytest.approx(sum(credits) / size if size else 0.0)
        assert fast.key_coverage[index] == pytest.approx(covered / size if size else 0.0)
        touching = {
            s["label"] for s in learner if max(s["start"], k["start"]) < min(s["end"], k["end"])
        }
        assert set(fast.key_labels[index]) == touching


def test_an_accepted_label_earns_full_credit_and_its_group_half():
    reference = LabelledReference([(0, 10, "A1", ["B1"])], group, GROUP_CREDIT)
    assert reference.compare([(0, 10, "B1")]).score.f1 == 1
    assert reference.compare([(0, 10, "B2")]).key_credit == [GROUP_CREDIT]
    assert reference.compare([(0, 10, "C1")]).key_credit == [0.0]
    assert reference.compare([(0, 10, "C1")]).key_coverage == [1.0]


@settings(database=None, max_examples=200, deadline=None)
@given(spans(), spans())
def test_touches_is_true_exactly_when_a_key_span_shares_a_character(key, learner):
    reference = Reference(key)
    for start, end in learner:
        shared = any(max(s, start) < min(e, end) for s, e in key)
        assert reference.touches(start, end) is shared


def test_made_up_labels_share_one_empty_list_instead_of_one_each():
    reference = LabelledReference([(0, 10, "A1", [])], group, GROUP_CREDIT)
    score = reference.compare([(0, 5, f"made-up {n}") for n in range(500)])
    assert score.score.precision == 0 and len(reference._prefix) == 0
    reference.compare([(0, 5, "A2"), (0, 5, "B1")])
    assert set(reference._prefix) == {"A2"}  # B1 can earn nothing here either


def test_a_negative_start_never_makes_precision_negative():
    reference = LabelledReference([(0, 10, "A1", [])], group, GROUP_CREDIT)
    assert 0 <= reference.compare([(-10, 5, "A1")]).score.precision <= 1


@settings(database=None, max_examples=300, deadline=None)
@given(st.data(), st.booleans())
def test_learner_offsets_below_zero_count_only_their_part_inside_the_text(data, disjoint):
    """Called directly (the grader refuses such files; kit.scoring refuses such spans), a
    span reaching below 0 is scored character by character, for either kind of key."""
    key = data.draw(disjoint_spans() if disjoint else spans())
    learner = data.draw(
        st.lists(
            st.tuples(st.integers(-30, 60), st.integers(-30, 60)).map(sorted).map(tuple),
            max_size=6,
        )
    )
    mine = merged(learner)
    compared = Reference(key).compare(mine)

    def share(span, cover):
        inside = sum(1 for c in range(*span) if any(s <= c < e for s, e in cover))
        return inside / (span[1] - span[0])

    gold = merged(key)
    if mine:
        precision = sum(share(span, gold) for span in mine) / len(mine)
        assert compared.score.precision == pytest.approx(precision, abs=1e-9)
    if gold:
        recall = sum(share(span, mine) for span in gold) / len(gold)
        assert compared.score.recall == pytest.approx(recall, abs=1e-9)


def test_key_spans_wholly_before_the_text_build_and_match_nothing():
    labelled = LabelledReference([(-10, -5, "A1", [])], group, GROUP_CREDIT)
    assert labelled.compare([(0, 5, "A1")]).key_coverage == [0.0]
    assert Reference([(-10, -5)]).overlapping(0, 5) == []


def test_spans_before_the_text_touch_nothing_and_earn_nothing():
    """Offsets below zero must not wrap around to the end of the text, as list indexes do."""
    labelled = LabelledReference([(0, 10, "A1", []), (20, 30, "A1", [])], group, GROUP_CREDIT)
    assert labelled.compare([(-10, -5, "A1")]).score.precision == 0
    assert Reference([(0, 10), (20, 30)]).touches(-10, -5) is False


@settings(max_examples=200, deadline=None)
@given(spans(max_size=30))
def test_starting_in_groups_spans_as_a_scan_per_region_would(pairs):
    given_spans = [{"start": s, "end": e, "n": n} for n, (s, e) in enumerate(pairs)]
    regions = merged(pairs)
    expected = [[s for s in given_spans if start <= s["start"] < end] for start, end in regions]
    assert starting_in(given_spans, regions) == expected
