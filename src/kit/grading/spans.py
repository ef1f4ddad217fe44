"""Span overlap for grading a whole class: the measure of ``kit.scoring``, computed faster.

``kit.scoring.span_prf`` and ``match_report`` are the kit's reference implementation of the
SemEval-2020 Task 11 partial-overlap measure. They handle labels and technique groups, and
compare every span with every other (about 6 ms for one learner's claims). The grader needs
only the unlabelled case, where both sides are merged into disjoint sorted spans, so the same
numbers come from one sweep with ``bisect``. ``tests/grading/test_spans.py`` checks, on random
spans, that both functions here agree with ``kit.scoring`` to 1e-9.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise

from kit.scoring import SpanScore

__all__ = [
    "Comparison",
    "LabelledComparison",
    "LabelledReference",
    "Reference",
    "coverage",
    "merged",
    "prf",
    "prf_merged",
    "starting_in",
]

Pair = tuple[int, int]


# The hot loops below clip with conditional expressions, not min() and max(): on Python 3.11
# each of those builtins costs about 2,000 machine instructions, most of a learner's span.


def merged(spans: Iterable[Pair]) -> list[Pair]:
    """Sorted, disjoint spans; only true overlaps merge (as ``kit.scoring.merge_spans``)."""
    out: list[Pair] = []
    for start, end in sorted([s for s in spans if s[1] > s[0]]):
        if out and out[-1][1] > start:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def starting_in(spans: Sequence[dict], regions: Sequence[Pair]) -> list[list[dict]]:
    """Per region (sorted and disjoint, as :func:`merged` returns them), the spans that start
    in it, in their given order. One pass: a scan of every span per region took seconds on a
    crafted hand-in of 100,000 spans."""
    starts = [start for start, _ in regions]
    groups: list[list[dict]] = [[] for _ in regions]
    for span in spans:
        i = bisect_right(starts, span["start"]) - 1
        if i >= 0 and span["start"] < regions[i][1]:
            groups[i].append(span)
    return groups


def _overlap(span: Pair, disjoint: Sequence[Pair], ends: Sequence[int]) -> int:
    start, end = span
    total = 0
    i = bisect_right(ends, start)
    while i < len(disjoint) and disjoint[i][0] < end:
        left, right = disjoint[i]
        total += (end if end < right else right) - (start if start > left else left)
        i += 1
    return total


def coverage(spans: Sequence[Pair], cover: Sequence[Pair], disjoint: bool = False) -> list[float]:
    """For each span, the share of its characters inside ``cover``.

    ``cover`` is merged first unless the caller says it is already ``disjoint`` (sorted, no
    overlaps, as :func:`merged` returns it).
    """
    if not disjoint:
        cover = merged(cover)
    ends = [e for _, e in cover]
    return [_overlap(s, cover, ends) / (s[1] - s[0]) if s[1] > s[0] else 0.0 for s in spans]


def prf(learner: Iterable[Pair], key: Iterable[Pair]) -> SpanScore:
    """Unlabelled partial-overlap P, R, F1, equal to ``kit.scoring.span_prf(learner, key)``."""
    return prf_merged(merged(learner), merged(key))


def prf_merged(mine: Sequence[Pair], gold: Sequence[Pair]) -> SpanScore:
    """:func:`prf` for spans already merged by :func:`merged`."""
    if not mine and not gold:
        return SpanScore(1.0, 1.0, 1.0)
    precision = sum(coverage(mine, gold, True)) / len(mine) if mine else 0.0
    recall = sum(coverage(gold, mine, True)) / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return SpanScore(precision, recall, f1)


@dataclass(frozen=True, slots=True)
class Comparison:
    """One learner's highlights against a :class:`Reference`."""

    score: SpanScore
    key_coverage: list[float]
    outside: list[bool]


class Reference:
    """The key's spans, prepared once to compare a whole class's highlights with them.

    Overlaps become prefix sums over the text instead of pairwise loops. When the key's
    spans do not overlap one another (as the claims key's do not), a learner span finds the
    key spans it touches in two list lookups, so comparing one learner costs a few steps per
    span; otherwise covered characters are marked in a bytearray and counted.
    """

    def __init__(self, key: Sequence[Pair]) -> None:
        self.spans = list(key)
        self.gold = merged(self.spans)
        self.length = max((e for _, e in self.gold if e > 0), default=0)
        mask = bytearray(self.length)
        for start, end in self.gold:
            mask[start:end] = b"\x01" * (end - start)
        self._inside = list(accumulate(mask, initial=0))
        self._ones = b"\x01" * self.length
        # Disjoint key spans are their own merge: recall is then the mean of their shares.
        self._spans_are_gold = sorted(s for s in self.spans if s[1] > s[0]) == self.gold
        order = sorted(range(len(self.spans)), key=lambda i: self.spans[i])
        self._order = order
        self._starts = [self.spans[i][0] for i in order]
        self._reach = list(accumulate((self.spans[i][1] for i in order), max))
        self._ended: list[int] | None = None
        """For disjoint key spans: per character c, how many (non-empty) key spans end at or
        before c; with :attr:`_started`, how many start before c. The spans overlapping
        [start, end) are then those counted between ``_ended[start]`` and ``_started[end]``:
        two list lookups per learner span. None when key spans overlap one another (or one
        starts before the text)."""
        self._started: list[int] = []
        self._sorted = [i for i in order if self.spans[i][1] > self.spans[i][0]]
        """Indices of the non-empty key spans, in text order."""
        disjoint = all(self.spans[a][1] <= self.spans[b][0] for a, b in pairwise(self._sorted))
        if disjoint and all(self.spans[i][0] >= 0 for i in self._sorted):
            ends, starts = [0] * (self.length + 1), [0] * (self.length + 1)
            for i in self._sorted:
                ends[self.spans[i][1]] += 1
                starts[self.spans[i][0] + 1] += 1
            self._ended, self._started = list(accumulate(ends)), list(accumulate(starts))
        self._in_order = self._sorted == list(range(len(self.spans)))
        """Whether the key gives its spans in text order, none empty: a run of them in text
        order is then a run of indices as given."""

    def overlapping(self, start: int, end: int) -> Sequence[int]:
        """Indices (into the key as given, ascending) of key spans overlapping [start, end)."""
        if end <= start:
            return []
        if self._ended is not None:
            size = self.length
            first = self._ended[0 if start < 0 else size if start > size else start]
            stop = self._started[0 if end < 0 else size if end > size else end]
            if first >= stop:
                return []
            if self._in_order:
                return range(first, stop)
            return sorted(self._sorted[first:stop])
        found = []
        j = bisect_left(self._starts, end) - 1
        while j >= 0 and self._reach[j] > start:
            i = self._order[j]
            if self.spans[i][1] > start and self.spans[i][1] > self.spans[i][0]:
                found.append(i)
            j -= 1
        return sorted(found)

    def touches(self, start: int, end: int) -> bool:
        """Whether [start, end) shares a character with any key span (two lookups)."""
        size, inside = self.length, self._inside
        if end <= start or end <= 0:
            return False
        start = 0 if start < 0 else size if start > size else start
        return inside[end if end < size else size] > inside[start]

    def compare(self, mine: Sequence[Pair]) -> Comparison:
        """``mine`` as :func:`merged` returns it; equal to ``prf``/``coverage`` on the same."""
        size, inside, ones = self.length, self._inside, self._ones
        covered = bytearray()
        if self._ended is not None:  # disjoint key spans: add up each one's overlaps
            got = [0] * len(self.spans)
            for start, end in mine:
                for i in self.overlapping(start, end):
                    s, e = self.spans[i]
                    got[i] += (end if end < e else e) - (start if start > s else s)
            shares = [
                g / (e - s) if e > s else 0.0 for g, (s, e) in zip(got, self.spans, strict=True)
            ]
        else:  # mark the covered characters, then count them in each key span
            covered = bytearray(size)
            for start, end in mine:
                start = 0 if start < 0 else start
                if start < size:
                    stop = end if end < size else size
                    if stop > start:
                        covered[start:stop] = ones[: stop - start]
            shares = [
                covered[0 if s < 0 else s : 0 if e < 0 else e].count(1) / (e - s) if e > s else 0.0
                for s, e in self.spans
            ]
        precision_terms = [
            (
                inside[0 if e < 0 else e if e < size else size]
                - inside[0 if s < 0 else s if s < size else size]
            )
            / (e - s)
            for s, e in mine
        ]
        outside = [term == 0 for term in precision_terms]
        if not mine and not self.gold:
            return Comparison(SpanScore(1.0, 1.0, 1.0), shares, outside)
        precision = sum(precision_terms) / len(mine) if mine else 0.0
        if not self.gold:
            recall = 0.0
        elif self._spans_are_gold:
            recall = sum(shares) / len(self.gold)
        else:  # key spans overlap one another: ``covered`` was marked above
            recall = sum(covered[s:e].count(1) / (e - s) for s, e in self.gold) / len(self.gold)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
        return Comparison(SpanScore(precision, recall, f1), shares, outside)


Labelled = tuple[int, int, str | None]


@dataclass(frozen=True, slots=True)
class LabelledComparison:
    """One learner's labelled spans against a :class:`LabelledReference`.

    ``key_credit``: per key span as given, the credit-weighted share the learner covered;
    ``key_coverage``: the same share, labels ignored (for "found", "partly", "missed");
    ``key_labels``: the labels of the learner's spans overlapping each key span.
    """

    score: SpanScore
    key_credit: list[float]
    key_coverage: list[float]
    key_labels: list[list[str | None]]


class LabelledReference:
    """Labelled key spans prepared for ``kit.scoring.span_prf(labelled=True, group_of=...)``.

    Each key span may accept other labels as right. Precision needs, per learner label, the
    best credit of any key span on each character: that is a prefix sum, built the first
    time the label is met (in each worker), so a learner span costs two lookups. For recall,
    each learner span is matched only with the key spans it overlaps (a :class:`Reference`
    finds them), at one of three levels (covered, right group, right label); a key span
    touched by several learner spans has its characters marked in a bytearray and counted.
    """

    def __init__(
        self,
        key: Sequence[tuple[int, int, str, Iterable[str]]],
        group_of: Callable[[str], str | None],
        group_credit: float,
    ) -> None:
        self.spans = [(s, e, frozenset((label, *also))) for s, e, label, also in key]
        self._group_of = group_of
        self._credit = group_credit
        self._groups = [frozenset(filter(None, map(group_of, n))) for _, _, n in self.spans]
        by_label: dict[str, list[tuple[int, int, frozenset[str]]]] = {}
        for s, e, label, also in key:
            by_label.setdefault(label, []).append((s, e, frozenset(also)))
        self.gold: list[tuple[int, int, frozenset[str], frozenset[str]]] = []
        for label, group in by_label.items():
            for s, e, also in _merge_labelled(group):
                names = frozenset((label, *also))
                self.gold.append((s, e, names, frozenset(filter(None, map(group_of, names)))))
        self.length = max((e for s, e, *_ in self.gold if e > 0), default=0)
        given = sorted((s, e, n) for s, e, n in self.spans if e > s)
        self._spans_are_gold = given == sorted((s, e, n) for s, e, n, _ in self.gold)
        self._prefix: dict[str | None, list[float]] = {}
        self._zeros = [0.0] * (self.length + 1)
        self._levels: dict[str | None, tuple[int, ...]] = {}
        self._no_credit = (1,) * len(self.spans)
        self.unlabelled = Reference([(s, e) for s, e, _ in self.spans])
        """The same key spans without their labels."""
        self._names = frozenset().union(*(n for _, _, n, _ in self.gold))
        self._all_groups = frozenset().union(*(g for *_, g in self.gold))

    def credit(self, label: str | None, names: frozenset[str], groups: frozenset[str]) -> float:
        if label is None:
            return 0.0
        if label in names:
            return 1.0
        group = self._group_of(label)
        return self._credit if group is not None and group in groups else 0.0

    def _best(self, label: str | None) -> list[float]:
        """Prefix sums of the best credit per character for ``label``. Only labels that can
        earn credit get their own list (a bounded set), so a hand-in full of made-up labels
        cannot fill a worker's memory."""
        prefix = self._prefix.get(label)
        if prefix is None:
            if label is None or (
                label not in self._names and self._group_of(label) not in self._all_groups
            ):
                return self._zeros
            best = [0.0] * self.length
            for s, e, names, groups in self.gold:
                c = self.credit(label, names, groups)
                if c:
                    best[s:e] = [max(b, c) for b in best[s:e]]
            prefix = self._prefix[label] = list(accumulate(best, initial=0.0))
        return prefix

    def compare(self, learner: Iterable[Labelled]) -> LabelledComparison:
        """``learner``: (start, end, label) spans, merged here per label as the scorer does.

        Each merged span is matched only with the key spans it overlaps (looked up in
        :attr:`unlabelled`), so a learner costs in proportion to their spans, not to their spans
        times the key's."""
        by_label: dict[str | None, list[Pair]] = {}
        for s, e, label in learner:
            if e > s:
                by_label.setdefault(label, []).append((s, e))
        size, spans, overlapping = self.length, self.spans, self.unlabelled.overlapping
        precision_terms = []
        marks: dict[int, list[tuple[int, int, int]]] = {}
        labels: list[list[str | None]] = [[] for _ in spans]
        mine = []
        for label, group in by_label.items():
            best, levels = self._best(label), self._levels_of(label)
            for s, e in group if len(group) == 1 else merged(group):
                mine.append((s, e, label))
                left = 0 if s < 0 else size if s > size else s
                right = 0 if e < 0 else size if e > size else e
                precision_terms.append((best[right] - best[left]) / (e - s))
                for i in overlapping(s, e):
                    start, end, _ = spans[i]
                    clipped = (s if s > start else start, e if e < end else end)
                    marks.setdefault(i, []).append((levels[i], *clipped))
                    labels[i].append(label)
        credit, cover = [0.0] * len(spans), [0.0] * len(spans)
        for i, touching in marks.items():
            credit[i], cover[i] = _shares(spans[i][0], spans[i][1], touching, self._credit)
        if self._spans_are_gold:  # no key span merged into another: recall is their mean
            gold_recall = [c for c, (s, e, _) in zip(credit, spans, strict=True) if e > s]
        else:
            gold_recall = [
                self._recall_of(s, e, names, groups, mine)[0] for s, e, names, groups in self.gold
            ]
        if not mine and not self.gold:
            return LabelledComparison(SpanScore(1.0, 1.0, 1.0), credit, cover, labels)
        precision = sum(precision_terms) / len(mine) if mine else 0.0
        recall = sum(gold_recall) / len(self.gold) if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
        return LabelledComparison(SpanScore(precision, recall, f1), credit, cover, labels)

    def _levels_of(self, label: str | None) -> tuple[int, ...]:
        """Per key span as given, what ``label`` earns there: 3 (accepted), 2 (same group) or
        1 (covered only). Kept per label that can earn credit, as :meth:`_best` is."""
        levels = self._levels.get(label)
        if levels is None:
            if self._best(label) is self._zeros:
                return self._no_credit
            levels = tuple(
                self._level(label, names, groups)
                for (_, _, names), groups in zip(self.spans, self._groups, strict=True)
            )
            self._levels[label] = levels
        return levels

    def _recall_of(
        self,
        start: int,
        end: int,
        names: frozenset[str],
        groups: frozenset[str],
        mine: list[tuple[int, int, str | None]],
    ) -> tuple[float, float]:
        if end <= start:
            return 0.0, 0.0
        touching = [
            (self._level(label, names, groups), max(s, start), min(e, end))
            for s, e, label in mine
            if s < end and start < e
        ]
        return _shares(start, end, touching, self._credit) if touching else (0.0, 0.0)

    def _level(self, label: str | None, names: frozenset[str], groups: frozenset[str]) -> int:
        credit = self.credit(label, names, groups)
        return 3 if credit == 1.0 else 2 if credit > 0 else 1


def _shares(
    start: int, end: int, touching: list[tuple[int, int, int]], group_credit: float
) -> tuple[float, float]:
    """A key span's credit-weighted share and plain covered share, from the learner spans
    touching it as (level, start, end), clipped to it: each character counts at the best
    level of any span on it."""
    length = end - start
    if len(touching) == 1:  # the usual case: one learner span, no painting needed
        mark, s, e = touching[0]
        inside = e - s
        return (inside if mark == 3 else group_credit * inside if mark == 2 else 0) / length, (
            inside / length
        )
    level = bytearray(length)
    for mark, s, e in sorted(touching):
        level[s - start : e - start] = bytes([mark]) * (e - s)
    weighted = level.count(3) + group_credit * level.count(2)
    return weighted / length, (length - level.count(0)) / length


def _merge_labelled(
    spans: Iterable[tuple[int, int, frozenset[str]]],
) -> list[tuple[int, int, frozenset[str]]]:
    """Merge one label's key spans (true overlaps only), uniting their accepted labels."""
    out: list[tuple[int, int, frozenset[str]]] = []
    for s, e, also in sorted(x for x in spans if x[1] > x[0]):
        if out and out[-1][1] > s:
            ps, pe, palso = out[-1]
            out[-1] = (ps, max(pe, e), palso | also)
        else:
            out.append((s, e, also))
    return out
