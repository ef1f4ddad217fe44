"""How a learner's answers are compared with an answer key, and how far coders agree.

All spans are half-open ``[start, end)`` character offsets counted in code points (Python
``str`` indices), the convention of the SemEval propaganda span files, so a key can be
checked against published tools without shifting offsets by one.

Span grading follows the partial-overlap measure of SemEval-2020 Task 11 (Da San Martino
et al. 2020, https://aclanthology.org/2020.semeval-1.186) as implemented by its
``task-SI_scorer.py``. Partial overlap matters in a classroom: a learner who highlights
"a reckless, shameful betrayal" when the key has "shameful betrayal" has seen the
technique, and an exact-match score of zero would teach the wrong lesson.

Where this module departs from that scorer, it says so next to the code.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any, Final, Literal, Protocol

_NON_WORD = re.compile(r"\W+")
GROUP_CREDIT: Final = 0.5
"""Credit for the right technique group but the wrong technique.

Even professional annotators reach only alpha ~0.34 on the 23 fine labels, so a learner
who picks the right family of techniques has done something worth rewarding.
"""

Status = Literal["found", "partial", "missed"]
Agreement = Literal["match", "accepted", "different", "missing"]


class HasOffsets(Protocol):
    """Anything with character offsets, such as a widget's highlight or a key entry."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


SpanInput = HasOffsets | Mapping[str, Any] | tuple[int, int] | tuple[int, int, str | None]


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    label: str | None = None
    also: frozenset[str] = frozenset()
    """Other labels a key span accepts as right (a key entry's ``accepted``)."""

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class SpanScore:
    """Partial-overlap precision, recall and F1, each in [0, 1]."""

    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class KeyMatch:
    """How well one key span was highlighted; ``index`` points back into the key as given."""

    index: int
    start: int
    end: int
    label: str | None
    coverage: float
    status: Status


@dataclass(frozen=True)
class MatchReport:
    """Per-key feedback plus the learner's highlights that hit nothing in the key."""

    keys: tuple[KeyMatch, ...]
    unmatched: tuple[tuple[int, int], ...]

    def with_status(self, status: Status) -> tuple[KeyMatch, ...]:
        """Select key spans by status, e.g. to list the ones a learner still has to find."""
        return tuple(match for match in self.keys if match.status == status)


# --- span normalisation and merging -----------------------------------------------------


def _field(span: object, name: str, default: object = None) -> object:
    """Read a field from a mapping or an attribute, so widgets and key files both work."""
    if isinstance(span, Mapping):
        return span.get(name, default)
    return getattr(span, name, default)


def _offset(value: object, name: str) -> int:
    """Reject non-integer offsets early, since a float here is always an upstream bug."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"span {name} must be an int, got {value!r}")
    return value


def _normalise(span: SpanInput) -> _Span:
    """Turn any accepted span shape into one internal form, validating the offsets."""
    if isinstance(span, tuple):
        if len(span) not in (2, 3):
            raise ValueError(f"a span tuple is (start, end) or (start, end, label), got {span!r}")
        start, end, label = (*span, None)[:3]
        also: Any = ()
    else:
        start, end, label = _field(span, "start"), _field(span, "end"), _field(span, "label")
        also = _field(span, "accepted") or ()
    start, end = _offset(start, "start"), _offset(end, "end")
    if start < 0 or end < start:
        raise ValueError(f"span [{start}, {end}) is not a valid half-open range")
    if label is not None and not isinstance(label, str):
        raise TypeError(f"span label must be a str or None, got {label!r}")
    if isinstance(also, str) or not all(isinstance(a, str) for a in also):
        raise TypeError(f"a span's accepted labels must be a list of str, got {also!r}")
    return _Span(start, end, label, frozenset(also))


def _spans(spans: Iterable[SpanInput]) -> list[_Span]:
    """Normalise and drop empty spans: a click without a drag selects no characters, so it
    can neither earn nor cost credit, and keeping it would divide by zero."""
    return [span for span in map(_normalise, spans) if len(span) > 0]


def _merge(spans: Iterable[_Span]) -> list[_Span]:
    """Merge overlapping spans that share a label (callers blank labels to merge all)."""
    merged: list[_Span] = []
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        last = merged[-1] if merged else None
        if last is not None and last.end > span.start:
            also = last.also | span.also
            merged[-1] = _Span(last.start, max(last.end, span.end), last.label, also)
        else:
            merged.append(span)
    return merged


def _merge_by_label(spans: list[_Span], labelled: bool) -> list[_Span]:
    """Merge per label in the label-aware mode, across labels otherwise, as the scorer does."""
    if not labelled:
        return _merge(_Span(s.start, s.end) for s in spans)
    by_label: dict[str | None, list[_Span]] = {}
    for span in spans:
        by_label.setdefault(span.label, []).append(span)
    return [merged for group in by_label.values() for merged in _merge(group)]


def merge_spans(spans: Iterable[SpanInput]) -> list[tuple[int, int]]:
    """Merge overlapping spans into sorted, disjoint ``(start, end)`` pairs, ignoring labels.

    Only true overlaps merge (``a.end > b.start``); spans that merely touch stay apart.
    Two adjacent highlights are usually two separate phrases, like two sentences, and the
    PTC scorer (which merges on shared characters) keeps them apart too, so merging them
    would make the learner's answer look like one long span it never was.
    """
    return [(s.start, s.end) for s in _merge_by_label(_spans(spans), labelled=False)]


# --- partial-overlap precision and recall -----------------------------------------------


def _credit(a: _Span, b: _Span, group_of: Callable[[str], str] | None) -> float:
    """The delta term: full credit for the same label (or one the key span accepts), partial
    for the same group as any of those labels."""
    if a.label is None or b.label is None:
        return 0.0
    if a.label == b.label:
        return 1.0
    mine, theirs = {a.label, *a.also}, {b.label, *b.also}
    if mine & theirs:
        return 1.0
    if group_of is None:
        return 0.0
    groups = {group_of(x) for x in mine} & {group_of(y) for y in theirs}
    if groups - {None}:  # two unknown labels share no group
        return GROUP_CREDIT
    return 0.0


def _covered(span: _Span, pieces: Iterable[tuple[int, int, float]]) -> float:
    """Weighted count of the span's characters covered by ``pieces``, best weight per char.

    Taking the best weight per character, rather than summing over every overlapping
    piece, is the clamp that keeps each span's credit at or below 1 (see ``span_prf``).
    """
    clipped = [(max(a, span.start), min(b, span.end), w) for a, b, w in pieces]
    clipped = [(a, b, w) for a, b, w in clipped if a < b and w > 0]
    cuts = sorted({x for a, b, _ in clipped for x in (a, b)})
    total = 0.0
    for left, right in pairwise(cuts):
        weights = [w for a, b, w in clipped if a <= left and right <= b]
        total += (right - left) * max(weights, default=0.0)
    return total


def _mean_credit(
    spans: list[_Span], others: list[_Span], delta: Callable[[_Span, _Span], float]
) -> float:
    """Average over ``spans`` of the share of each span covered by ``others``, delta-weighted."""
    if not spans:
        return 0.0
    total = 0.0
    for span in spans:
        pieces = ((o.start, o.end, delta(span, o)) for o in others)
        total += _covered(span, pieces) / len(span)
    return total / len(spans)


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0


def span_prf(
    learner: Iterable[SpanInput],
    key: Iterable[SpanInput],
    *,
    labelled: bool = False,
    group_of: Callable[[str], str] | None = None,
) -> SpanScore:
    """Score highlights with the SemEval-2020 Task 11 partial-overlap P, R and F1.

    P averages, over learner spans, the share of each span that lies in the key; R
    averages, over key spans, the share of each key span the learner covered. Both sides
    are merged first, as the PTC scorer does with gold spans and with ``-m`` for
    predictions: across labels when unlabelled, per label when ``labelled``. Merging
    decides how many spans are averaged: two overlapping highlights are one answer.

    In the labelled mode delta is 1 for the same label, ``GROUP_CREDIT`` for a different
    technique in the same ``group_of`` group, else 0; an unlabelled span never matches. A key
    span's ``accepted`` labels count as its own: the key's author also calls them right.

    Departures from the scorer, both on edge cases:

    - Clamp. Spans with *different* labels may still overlap after per-label merging, so
      the scorer's sum over overlapping spans can pass 1 (a learner span labelled A over
      key spans A and B of the same group would earn 1 + 0.5). Each character instead
      takes the best delta of any span covering it. This equals the scorer whenever the
      spans on the other side do not overlap each other, and never exceeds 1, so a
      learner cannot gain by stacking guesses. It is stricter than ``min(1, sum)``, which
      would still reward a second guess over a stretch the first one already scored.
    - Nothing to find, nothing highlighted gives P = R = F1 = 1. The scorer reports F1 = 1
      there but P = R = 0; the kit keeps the three consistent, and "the text has no such
      technique and you marked none" is a correct answer. Otherwise P = 0 when the
      learner marked nothing and R = 0 when the key is empty, as in the scorer.
    """
    # Only the key's spans carry accepted labels; a learner's file cannot add its own.
    learned = _merge_by_label([replace(s, also=frozenset()) for s in _spans(learner)], labelled)
    keyed = _merge_by_label(_spans(key), labelled)
    if not learned and not keyed:
        return SpanScore(1.0, 1.0, 1.0)

    def delta(a: _Span, b: _Span) -> float:
        return _credit(a, b, group_of) if labelled else 1.0

    precision = _mean_credit(learned, keyed, delta)
    recall = _mean_credit(keyed, learned, delta)
    return SpanScore(precision, recall, _f1(precision, recall))


# --- self-study feedback ----------------------------------------------------------------


def _status(coverage: float, found_at: float) -> Status:
    if coverage >= found_at:
        return "found"
    return "partial" if coverage > 0 else "missed"


def match_report(
    learner: Iterable[SpanInput], key: Sequence[SpanInput], *, found_at: float = 0.8
) -> MatchReport:
    """Tell a learner which key spans they found, half-found or missed, and what hit nothing.

    Labels are ignored: this is feedback on *where* to look, given before the learner is
    shown the labels. The default ``found_at`` of 0.8 forgives a word trimmed at either
    end of a phrase without calling a highlight of one word out of five "found". Key
    spans keep their original index (empty ones are skipped), so a caller can quote them.
    """
    if not 0 < found_at <= 1:
        raise ValueError(f"found_at must be in (0, 1], got {found_at}")
    merged = _merge_by_label(_spans(learner), labelled=False)
    pieces = [(s.start, s.end, 1.0) for s in merged]
    matches: list[KeyMatch] = []
    for index, raw in enumerate(key):
        span = _normalise(raw)
        if len(span) == 0:
            continue
        coverage = _covered(span, pieces) / len(span)
        status = _status(coverage, found_at)
        matches.append(KeyMatch(index, span.start, span.end, span.label, coverage, status))
    hits = [(m.start, m.end, 1.0) for m in matches]
    unmatched = tuple((s.start, s.end) for s in merged if _covered(s, hits) == 0)
    return MatchReport(tuple(matches), unmatched)


# --- single labels and label sets -------------------------------------------------------


def label_agreement(answer: str | None, key: str, accepted: Iterable[str] = ()) -> Agreement:
    """Classify one answer against the key, keeping defensible alternatives apart.

    ``accepted`` lists answers the key's author also considers right, so that feedback
    can say "also defensible" instead of marking a reasonable reading wrong. Comparison
    is exact because answers come from a fixed list of ids, not free typing.
    """
    if answer is None or answer == "":
        return "missing"
    if answer == key:
        return "match"
    return "accepted" if answer in set(accepted) else "different"


def set_agreement(chosen: set[str], key: set[str]) -> float:
    """Jaccard overlap |A & B| / |A | B| of chosen and key labels, e.g. frames.

    Jaccard penalises both missing labels and extra ones, so ticking every frame cannot
    score well, and it needs no notion of a "negative" label. Both empty means the
    learner correctly chose nothing, hence 1.0.
    """
    union = chosen | key
    return len(chosen & key) / len(union) if union else 1.0


def same_phrase(a: str, b: str) -> bool:
    """Whether one phrase contains the other as whole words, ignoring case and punctuation.

    A learner who copies "Coup!" or "the coup is developing" has picked the key's loaded word
    "coup"; one who types "co" has not. Both sides must hold at least one word.
    """
    return same_words(phrase_words(a), phrase_words(b))


def phrase_words(phrase: str) -> str:
    """A phrase as :func:`same_phrase` compares it: lower-case words between single spaces,
    or "" if it has none. A grader comparing every learner with the same key phrases works
    out the key's side once, then calls :func:`same_words`."""
    found = _NON_WORD.sub(" ", phrase.lower()).strip()
    return f" {found} " if found else ""


def same_words(mine: str, theirs: str) -> bool:
    """:func:`same_phrase` for two phrases already passed through :func:`phrase_words`."""
    return bool(mine) and bool(theirs) and (mine in theirs or theirs in mine)


# --- agreement between coders -----------------------------------------------------------


def cohen_kappa(a: Sequence[str | None], b: Sequence[str | None]) -> float | None:
    """Cohen's kappa for two coders, e.g. a learner against the key.

    Raw agreement flatters a learner who always picks the commonest label; kappa
    discounts the agreement two coders would reach by chance with their own label
    frequencies. Items either coder left blank (None) are skipped. Returns None when
    kappa is undefined: no item coded by both, or both coders used one and the same
    label throughout, so chance agreement is already 1.
    """
    if len(a) != len(b):
        raise ValueError(f"coders rated different numbers of items: {len(a)} and {len(b)}")
    pairs = [(x, y) for x, y in zip(a, b, strict=True) if x is not None and y is not None]
    if not pairs:
        return None
    n = len(pairs)
    observed = sum(x == y for x, y in pairs) / n
    count_a, count_b = Counter(x for x, _ in pairs), Counter(y for _, y in pairs)
    expected = sum(count_a[c] * count_b[c] for c in count_a) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def krippendorff_alpha_nominal(units: Sequence[Sequence[str | None]]) -> float | None:
    """Krippendorff's alpha for nominal labels, via the coincidence matrix.

    Alpha suits the instructor dashboard because it takes any number of coders and
    tolerates gaps: each unit lists the coders' labels, None for a coder who skipped it.
    A unit with fewer than two labels has nothing to pair and is left out. With
    ``n`` pairable values, ``n_c`` of them label ``c``, and ``o_cc`` the coincidences of
    ``c`` with itself, alpha = ((n-1) sum o_cc - sum n_c(n_c-1)) / (n(n-1) - sum n_c(n_c-1)).

    Returns None when alpha is undefined: no unit with two labels, or only one label
    value in all the pairable data. The latter is 0/0, not perfect agreement: if every
    coder wrote the same thing everywhere, the data cannot show that they *could* tell
    categories apart.
    """
    counts = [Counter(v for v in unit if v is not None) for unit in units]
    counts = [c for c in counts if c.total() >= 2]
    totals: Counter[str] = Counter()
    for unit in counts:
        totals.update(unit)
    n = totals.total()
    expected = n * (n - 1) - sum(k * (k - 1) for k in totals.values())
    if n < 2 or expected == 0:
        return None
    same = sum(sum(k * (k - 1) for k in u.values()) / (u.total() - 1) for u in counts)
    return ((n - 1) * same - sum(k * (k - 1) for k in totals.values())) / expected
