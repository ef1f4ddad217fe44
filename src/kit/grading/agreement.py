"""Where the class agreed and where it split: label counts, highlight counts and their alphas.

Everything here works from counts, so a class of 10,000 costs no more memory than a class of
30: per unit, how many learners chose each label; per character, how many learners covered it.

Krippendorff's alpha is computed from those counts with the same coincidence-matrix formula as
:func:`kit.scoring.krippendorff_alpha_nominal` (a test checks they agree). For highlights the
units are the words of the article: a learner "tags" a word when their highlight covers its
middle character, and alpha compares tagged with untagged words across learners (token-level
alpha, the usual fallback for spans when unitizing alpha or gamma are not at hand).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from operator import add, eq
from typing import TYPE_CHECKING

from kit.grading.registry import KeyView, Task

if TYPE_CHECKING:
    from kit.grading.engine import Graded

__all__ = ["LabelTally", "LayerTally", "Tallies", "alpha_from_counts", "tally", "words"]


def alpha_from_counts(units: Iterable[Mapping[str, int]]) -> float | None:
    """Nominal Krippendorff's alpha from per-unit label counts; None when undefined."""
    pairable = [u for u in units if sum(u.values()) >= 2]
    totals: Counter[str] = Counter()
    same = 0.0
    for unit in pairable:
        size = sum(unit.values())
        totals.update(unit)
        same += sum(k * (k - 1) for k in unit.values()) / (size - 1)
    n = sum(totals.values())
    chance = sum(k * (k - 1) for k in totals.values())
    expected = n * (n - 1) - chance
    if n < 2 or expected == 0:
        return None
    return ((n - 1) * same - chance) / expected


def _kappa_with_key(labels: Mapping[str, str], key: Mapping[str, str]) -> float | None:
    """``kit.scoring.cohen_kappa`` of a learner against the key, over the units they labelled
    (the same formula, inlined: it runs once per learner and label set).

    Counting runs in C over the few labels (``list.count``; a Counter costs more than it
    saves). Units the key lacks, or the learner left blank, are dropped first, which is rare:
    ``all`` tells in C that nothing is None (``None in`` compares each label with None).
    The sums are of whole numbers, so the float is exact and the same wherever it is computed
    (``LabelTally.discard`` removes the very value ``add`` appended)."""
    golds = list(map(key.get, labels))
    chosen = list(labels.values())
    if not (all(golds) and all(chosen)) and (None in golds or None in chosen):
        kept = [
            (c, g) for c, g in zip(chosen, golds, strict=True) if c is not None and g is not None
        ]
        chosen, golds = [c for c, _ in kept], [g for _, g in kept]
    n = len(golds)
    if not n:
        return None
    same = sum(map(eq, chosen, golds))
    both = 0  # a loop, not a generator: this runs for every learner and label set
    for label in set(chosen):
        both += chosen.count(label) * golds.count(label)
    expected = both / (n * n)
    if expected == 1:
        return None
    return (same / n - expected) / (1 - expected)


def words(text: str) -> list[tuple[int, int]]:
    """The article's words as ``(start, end)`` offsets: the units of token-level alpha."""
    return [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]


@dataclass
class LabelTally:
    """One label set (say, the triage of every sentence) across the class.

    Learners' labels are counted as ``(unit, label)`` pairs by ``Counter.update``, which counts
    in C: one call per learner instead of a Python step per sentence.
    """

    key: Mapping[str, str]
    accepted: Mapping[str, Sequence[str]] = field(default_factory=dict)
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)
    kappas: list[float] = field(default_factory=list)
    learners: int = 0
    _by_unit: dict[str, Counter[str]] | None = field(default=None, repr=False)

    @property
    def counts(self) -> dict[str, Counter[str]]:
        """Per unit, how many learners chose each label (made from the pairs when asked)."""
        if self._by_unit is None:
            by_unit: dict[str, Counter[str]] = {}
            for (unit, label), count in self.pairs.items():
                if count > 0:
                    by_unit.setdefault(unit, Counter())[label] = count
            self._by_unit = by_unit
        return self._by_unit

    def add(self, labels: Mapping[str, str]) -> None:
        """Count one learner's labels and, with two or more units, their kappa with the key."""
        if not labels:
            return
        self.learners += 1
        self.pairs.update(labels.items())
        self._by_unit = None
        if len(self.key) >= 2:
            kappa = _kappa_with_key(labels, self.key)
            if kappa is not None:
                self.kappas.append(kappa)

    def merge(self, other: LabelTally) -> None:
        """Add another part of the class, counted elsewhere (a worker's batch)."""
        self.learners += other.learners
        self.kappas += other.kappas
        self.pairs.update(other.pairs)
        self._by_unit = None

    def discard(self, labels: Mapping[str, str]) -> None:
        """Take back one learner's labels (a hand-in found to be a duplicate afterwards)."""
        if not labels:
            return
        self.learners -= 1
        self.pairs.subtract(labels.items())
        self.pairs = +self.pairs  # a label only a dropped duplicate chose is gone
        self._by_unit = None
        kappa = _kappa_with_key(labels, self.key) if len(self.key) >= 2 else None
        if kappa is not None:
            self.kappas.remove(kappa)

    def alpha(self) -> float | None:
        """Alpha among learners; None for a single unit, where it carries no information."""
        if len(self.key) < 2:
            return None
        return alpha_from_counts(self.counts.get(u, Counter()) for u in self.key)

    def disputed(self, limit: int = 8) -> list[tuple[str, Counter[str], float]]:
        """Units where the class split most: (unit, counts, share not choosing the top label)."""
        split = []
        for unit in self.key:
            counts = self.counts.get(unit)
            if counts and counts.total() >= 2:
                split.append((unit, counts, 1 - max(counts.values()) / counts.total()))
        split.sort(key=lambda entry: -entry[2])
        return [entry for entry in split[:limit] if entry[2] > 0]

    def with_key(self, unit: str) -> float:
        """Share of the learners who labelled ``unit`` as the key does (or an accepted label)."""
        counts = self.counts.get(unit) or Counter()
        good = {self.key.get(unit), *self.accepted.get(unit, ())}
        return sum(counts[g] for g in good if g) / counts.total() if counts.total() else 0.0


@dataclass
class LayerTally:
    """One highlight layer (say, claims) across the class: how many learners cover each char."""

    length: int
    learners: int = 0
    _delta: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._delta = [0] * (self.length + 1)

    def add(self, spans: Sequence[tuple[int, int]]) -> None:
        """Add one learner's merged (disjoint) spans."""
        self._count(spans, 1)

    def discard(self, spans: Sequence[tuple[int, int]]) -> None:
        self._count(spans, -1)

    def _count(self, spans: Sequence[tuple[int, int]], step: int) -> None:
        self.learners += step
        delta, length = self._delta, self.length
        for start, end in spans:
            if not 0 <= start < end <= length:  # graded spans fit the text; others are clipped
                start = 0 if start < 0 else length if start > length else start
                end = 0 if end < 0 else length if end > length else end  # not min/max: slow
                if start >= end:
                    continue
            delta[start] += step
            delta[end] -= step

    def merge(self, other: LayerTally) -> None:
        self.learners += other.learners
        self._delta = list(map(add, self._delta, other._delta))

    def counts(self) -> list[int]:
        """Per character: how many learners' highlights cover it."""
        return list(accumulate(self._delta[: self.length]))

    def alpha(self, text: str) -> float | None:
        """Token-level alpha over the article's words (tagged or not, per learner)."""
        if self.learners < 2:
            return None
        counts = self.counts()
        units = []
        for start, end in words(text):
            tagged = counts[(start + end - 1) // 2]
            units.append({"tagged": tagged, "untagged": self.learners - tagged})
        return alpha_from_counts(units)


class Tallies:
    """The class's labels and highlights counted task by task, learner by learner.

    Workers count their own batches and the main process merges them, so a large class is
    counted in parallel with its grading.
    """

    def __init__(self, tasks: Sequence[Task], views: Mapping[str, KeyView], length: int) -> None:
        self.tasks = list(tasks)
        self.labels = {
            (t.exercise, name): LabelTally(s.key, s.accepted)
            for t in tasks
            for name, s in views[t.exercise].labels.items()
        }
        self.layers = {
            (t.exercise, name): LayerTally(length)
            for t in tasks
            for name in views[t.exercise].highlights
        }

    def add(self, learner: Graded, sign: int = 1) -> None:
        for task in self.tasks:
            result = learner.results[task.exercise]
            for name, chosen in result.labels.items():
                tallied = self.labels.get((task.exercise, name))
                if tallied is not None:
                    tallied.add(chosen) if sign > 0 else tallied.discard(chosen)
            for name, spans in result.highlights.items():
                layer = self.layers.get((task.exercise, name))
                if layer is not None:
                    layer.add(spans) if sign > 0 else layer.discard(spans)

    def discard(self, learner: Graded) -> None:
        self.add(learner, -1)

    def merge(self, other: Tallies) -> None:
        for name, labels in other.labels.items():
            self.labels[name].merge(labels)
        for name, layer in other.layers.items():
            self.layers[name].merge(layer)


def tally(
    graded: Sequence[Graded], tasks: Sequence[Task], views: Mapping[str, KeyView], length: int
) -> Tallies:
    """Count the class's labels and highlights, task by task, for the report."""
    counts = Tallies(tasks, views, length)
    for learner in graded:
        counts.add(learner)
    return counts
