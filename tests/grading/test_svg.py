import random

import pytest

from kit.grading.svg import _binned, histogram


def _one_by_one(values: list[float], maximum: float, bins: int) -> list[int]:
    counts = [0] * bins
    for value in values:
        index = int(value / maximum * bins) if maximum > 0 else 0
        counts[min(max(index, 0), bins - 1)] += 1
    return counts


@pytest.mark.parametrize("maximum", [1, 2, 3, 12, 14, 15, 69])
def test_bins_match_counting_one_value_at_a_time(maximum: float) -> None:
    rng = random.Random(maximum)
    edges = [maximum * i / 10 for i in range(11)]  # values exactly on the bin edges
    values = edges + [rng.uniform(-1, maximum + 1) for _ in range(2000)]
    values += [round(rng.uniform(0, maximum) * 3) / 3 for _ in range(500)]
    assert _binned(values, maximum, 10) == _one_by_one(values, maximum, 10)


def test_values_outside_the_range_go_to_the_end_bins() -> None:
    assert _binned([-5, 0, 10, 11, 99], 10, 5) == [2, 0, 0, 0, 3]


def test_no_maximum_puts_everything_in_the_first_bin() -> None:
    assert _binned([0, 0, 1], 0, 3) == [3, 0, 0]
    assert _binned([], 10, 4) == [0, 0, 0, 0]


def test_histogram_labels_each_bar_with_its_count() -> None:
    chart = histogram([0, 1, 1, 2], 2, "Scores")
    assert "2 learner(s) with 1 to 1.25 points" in chart
    assert "aria-label='Scores'" in chart and "<title>Scores</title>" in chart
