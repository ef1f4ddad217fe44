"""Grading exercise 04, framing: techniques and frames are scored, the prose goes to the rubric.

* ``techniques``: the label-aware partial-overlap F1 against the key's spans, times 10 points
  (``kit.scoring.span_prf`` with ``labelled=True``, computed by
  :class:`kit.grading.spans.LabelledReference`). A technique the key accepts counts in full;
  another technique of the same group earns ``GROUP_CREDIT`` (half): trained annotators split
  on fine labels (alpha about 0.34) far more than on groups;
* ``frames_case`` and ``frames_contrast``: the Jaccard overlap of the ticked frames with the
  key's, times 2 points each. Frames the key calls defensible (``frames.accepted``) neither earn
  nor cost anything;
* Entman's four functions and the four word choices go to the rubric sheet
  (:mod:`kit.grading.framing_rubric`);
* ``telling_case`` and ``telling_contrast`` (episodic, thematic or a mix) are not scored: a
  reasonable reader can argue either way for the blog post, so the answer is shown beside the
  key's, and the class report shows how the class split.

For the class report each technique group is its own highlight layer, so the heat maps show
where the class saw, say, an attack on reputation, beside the key's spans of that group.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kit.cases import Case
from kit.grading.framing_rubric import (
    RUBRIC,
    HandMarkedKey,
    hand_marked,
    hand_marked_key,
    hand_marked_model,
)
from kit.grading.offered import SCORED, choices, not_offered, spans_not_offered
from kit.grading.registry import (
    ItemResult,
    KeyView,
    LabelSet,
    Layer,
    Lines,
    Task,
    TaskResult,
    register,
)
from kit.grading.shapes import ids_or_none, spans_or_empty, text_or_none
from kit.grading.spans import LabelledReference, merged, starting_in
from kit.keys import explained
from kit.scoring import GROUP_CREDIT, set_agreement
from kit.taxonomy import FRAMES, TECHNIQUE_GROUPS, TECHNIQUES, TELLING

TECHNIQUE_POINTS = 10.0
FRAME_POINTS = 2.0
FOUND_AT = 0.8
"""Share of a key span a learner must cover for it to count as found (as in kit.scoring)."""
_TEXTS = {"case": "the blog post", "contrast": "the contrast text"}
_TECHNIQUES, _FRAMES, _TELLING = choices(TECHNIQUES), choices(FRAMES), choices(TELLING)
_UNSCORED_TELLING = "among the exercise's choices ({choices}); this item is not scored"
_TOLD = {t.id: t.name for t in TELLING.values()}
"""Episodic, thematic or a mix, as feedback pages and the report name them."""
_UNITS = {which: tuple((frame, f"{which}:{frame}") for frame in FRAMES) for which in _TEXTS}
"""Each frame's unit in the class report (``case:Political``), made once, not per learner."""


def _group(label: str | None) -> str | None:
    technique = TECHNIQUES.get(label) if isinstance(label, str) else None
    return technique.group if technique is not None else None


@dataclass(frozen=True, slots=True)
class _Row:
    """A key technique span with its feedback text worked out once per run."""

    id: str
    label: str
    key: str
    labels: frozenset[str]
    groups: frozenset[str]
    explanation: str
    lines: Lines = field(default_factory=Lines, compare=False, hash=False)


@dataclass(frozen=True, slots=True)
class _FrameKey:
    """One text's frames in the key, with the feedback texts that do not depend on the learner."""

    expected: frozenset[str]
    defensible: frozenset[str]
    key: str
    explanation: str


@dataclass(frozen=True, slots=True)
class _Prepared:
    rows: tuple[_Row, ...]
    labelled: LabelledReference
    frames: dict[str, _FrameKey]
    hand: HandMarkedKey
    telling: dict[str, tuple[str, str, str]]
    """Per text the key judges episodic or thematic: the prompt, the key and why."""
    extra: Lines = field(default_factory=Lines, compare=False, hash=False)
    """Lines for highlights outside every key span."""


def prepare(key: dict[str, Any], case: Case | None) -> dict[str, Any]:
    """The key's spans as references for the whole class, and their feedback texts."""
    spans = key.get("techniques") or []
    rows = []
    for n, s in enumerate(spans, 1):
        accepted = tuple(s.get("accepted") or ())
        labels = frozenset((s["label"], *accepted))
        rows.append(
            _Row(
                str(s.get("id", n)),
                f"{s.get('id', n)}: “{s.get('quote', '')}”",
                f"{s['label']} ({s.get('group', '')})"
                + (f"; also accepted: {', '.join(accepted)}" if accepted else ""),
                labels,
                frozenset(filter(None, map(_group, labels))),
                explained(s),
            )
        )
    ready = _Prepared(
        tuple(rows),
        LabelledReference(
            [(s["start"], s["end"], s["label"], s.get("accepted") or ()) for s in spans],
            _group,
            GROUP_CREDIT,
        ),
        {which: _frame_key(key.get("frames") or {}, which) for which in _TEXTS},
        hand_marked_key(key),
        {w: _telling_key(w, e) for w in _TEXTS if (e := (key.get("telling") or {}).get(w))},
    )
    return {**key, "_prepared": ready}


def _telling_key(which: str, entry: dict[str, Any]) -> tuple[str, str, str]:
    """A text's episodic-or-thematic line, less the learner's answer: prompt, key, why."""
    accepted = ", ".join(_TOLD.get(t, t) for t in entry.get("accepted") or ())
    cell = _TOLD.get(entry["label"], entry["label"])
    cell += f" (also accepted: {accepted})" if accepted else ""
    return f"5. How {_TEXTS[which]} tells its story", cell, entry.get("explanation", "")


def _frame_key(frames: dict[str, Any], which: str) -> _FrameKey:
    expected = frozenset(frames.get(which) or [])
    defensible = frozenset((frames.get("accepted") or {}).get(which) or []) - expected
    names = _frame_names(expected)
    also = ", ".join(FRAMES[f].name for f in sorted(defensible) if f in FRAMES)
    key = names + (f" (also defensible: {also})" if also else "")
    return _FrameKey(expected, defensible, key, frames.get("explanation", ""))


def _frame_names(ids: Iterable[str]) -> str:
    """Frame ids as their names, sorted by id; an id the taxonomy lacks is shown as given."""
    return ", ".join(FRAMES[f].name if f in FRAMES else f for f in sorted(ids))


def grade(values: dict[str, Any], key: dict[str, Any]) -> TaskResult:
    spans = spans_or_empty(values, "techniques", "label")
    ready: _Prepared = key.get("_prepared") or prepare(key, None)["_prepared"]
    technique_points, items = _techniques(spans, ready)
    notes = spans_not_offered("techniques", spans, _TECHNIQUES, SCORED)
    frame_points, units = 0.0, {}
    for which in _TEXTS:
        points, item, chosen = _frames(values, which, ready.frames[which])
        frame_points += points
        items.append(item)
        if chosen is not None:
            units |= {unit: "yes" if frame in chosen else "no" for frame, unit in _UNITS[which]}
            notes += not_offered(item.item, chosen, _FRAMES)
    rubric = hand_marked(values, items, ready.hand)
    told = _telling(values, ready.telling, items)
    notes += not_offered("telling", told, _TELLING, _UNSCORED_TELLING)
    labels = {"frames": units} if units else {}
    if told:
        labels["telling"] = {f"telling:{which}": answer for which, answer in told.items()}
    return TaskResult(
        "04_framing",
        technique_points + frame_points,
        TECHNIQUE_POINTS + 2 * FRAME_POINTS,
        items,
        rubric,
        labels,
        _group_layers(spans),
        notes,
    )


def _telling(
    values: dict[str, Any], key: dict[str, tuple[str, str, str]], items: list[ItemResult]
) -> dict[str, str]:
    """Episodic or thematic: a feedback line per text, and the answers given, by text."""
    told = {}
    for which, (prompt, cell, explanation) in key.items():
        answer = text_or_none(values, f"telling_{which}")
        if answer is not None:
            told[which] = answer
        shown = _TOLD.get(answer, answer) if answer else ""
        line = ItemResult(f"telling_{which}", prompt, shown, cell, None, None, "info", explanation)
        items.append(line)
    return told


def _group_layers(spans: list[dict]) -> dict[str, list[tuple[int, int]]]:
    """One layer per technique group. A learner who tagged techniques but none of a group has
    said "none here", so every group is a layer for them and agreement counts them."""
    layers: dict[str, list[tuple[int, int]]] = {g: [] for g in TECHNIQUE_GROUPS} if spans else {}
    for s in spans:
        group = _group(s.get("label"))
        if group is not None:
            layers[group].append((s["start"], s["end"]))
    return {group: merged(pairs) for group, pairs in layers.items()}


def _techniques(spans: list[dict], ready: _Prepared) -> tuple[float, list[ItemResult]]:
    triples = [(s["start"], s["end"], s.get("label")) for s in spans]
    compared = ready.labelled.compare(triples)
    score = compared.score
    points = TECHNIQUE_POINTS * score.f1
    rows = [
        ItemResult(
            "techniques",
            "1. Persuasion techniques in the text",
            f"{len(spans)} span(s) tagged",
            f"{len(ready.rows)} spans",
            points,
            TECHNIQUE_POINTS,
            "missing" if not spans else "right" if score.f1 >= 0.999 else "partial",
            f"Precision {score.precision:.0%}, recall {score.recall:.0%}, label-aware: a "
            "technique the key accepts counts in full, another technique of the same group "
            "counts half. Points are 10 times their harmonic mean (F1).",
        )
    ]
    for index, row in enumerate(ready.rows):
        covered = compared.key_coverage[index]
        credit = compared.key_credit[index]
        used = tuple(sorted({str(lab) for lab in compared.key_labels[index]}))
        shared = (used, covered, credit)
        made = row.lines.get(shared)
        rows.append(made or row.lines.make(shared, _technique_row, row, used, covered, credit))
    regions = merged([(s, e) for s, e, _ in triples])
    outside = [not ready.labelled.unlabelled.touches(start, end) for start, end in regions]
    if any(outside):
        for group, alone in zip(starting_in(spans, regions), outside, strict=True):
            if alone:
                quotes = " … ".join(f"“{s['quote']}” ({s.get('label')})" for s in group)
                rows.append(ready.extra.get(quotes) or ready.extra.make(quotes, _extra_row, quotes))
    return points, rows


def _extra_row(quotes: str) -> ItemResult:
    return ItemResult(
        "techniques extra",
        "Not in the key",
        quotes,
        "",
        None,
        None,
        "extra",
        "The key has no technique here. Could you defend it from the wording in a discussion? "
        "Some calls here are disputable.",
    )


def _technique_row(row: _Row, used: tuple[str, ...], covered: float, credit: float) -> ItemResult:
    if not covered:
        note = ""
    elif set(used) & row.labels:
        note = " Right technique."
    elif {_group(u) for u in used} & row.groups:
        note = " Right group, another technique: half credit."
    else:
        note = " Another group: no credit for the label."
    return ItemResult(
        f"techniques {row.id}",
        row.label,
        ", ".join(used),
        row.key,
        None,
        None,
        "found" if covered >= FOUND_AT else "partial" if covered > 0 else "missed",
        f"{covered:.0%} covered, {credit:.0%} credited.{note} {row.explanation}",
    )


def _frames(
    values: dict[str, Any], which: str, key: _FrameKey
) -> tuple[float, ItemResult, set[str] | None]:
    item = f"frames_{which}"
    raw = ids_or_none(values, item)
    if raw is None:
        return (
            0.0,
            ItemResult(
                item,
                f"2. Frames in {_TEXTS[which]}",
                "",
                key.key,
                0.0,
                FRAME_POINTS,
                "missing",
                key.explanation,
            ),
            None,
        )
    chosen = set(raw)
    agreement = set_agreement(chosen - key.defensible, key.expected)
    points = FRAME_POINTS * agreement
    shown = _frame_names(chosen)
    return (
        points,
        ItemResult(
            item,
            f"2. Frames in {_TEXTS[which]}",
            shown,
            key.key,
            points,
            FRAME_POINTS,
            "right" if agreement == 1 else "partial" if agreement else "wrong",
            f"Overlap with the key {agreement:.0%} (shared frames over all frames named). "
            + key.explanation,
        ),
        chosen,
    )


def key_view(key: dict[str, Any], case: Case) -> KeyView:
    frames = key.get("frames") or {}
    units, texts, accepted = {}, {}, {}
    for which, title in _TEXTS.items():
        expected = set(frames.get(which) or [])
        defensible = set((frames.get("accepted") or {}).get(which) or [])
        for frame in FRAMES.values():
            unit = f"{which}:{frame.id}"
            units[unit] = "yes" if frame.id in expected else "no"
            texts[unit] = f"Does {title} use the {frame.name} frame?"
            if frame.id in defensible - expected:
                accepted[unit] = ("yes",)
    layers = {}
    for group in TECHNIQUE_GROUPS.values():
        spans = tuple(
            (s["start"], s["end"], s["label"])
            for s in key.get("techniques") or []
            if _group(s["label"]) == group.id
        )
        layers[group.id] = Layer(f"{group.name} techniques", spans)
    labels = {"frames": LabelSet("Frames in each text", units, texts, accepted)}
    telling = {f"telling:{which}": e for which, e in (key.get("telling") or {}).items()}
    if telling:
        said = {
            f"telling:{which}": f"How {title} tells its story" for which, title in _TEXTS.items()
        }
        labels["telling"] = LabelSet.from_key("Episodic or thematic", telling, said, "label", _TOLD)
    return KeyView(labels=labels, highlights=layers)


def model_answer(key: dict[str, Any]) -> dict[str, Any]:
    frames = key.get("frames") or {}
    return {
        "techniques": [
            {k: s[k] for k in ("start", "end", "quote", "label")}
            for s in key.get("techniques") or []
        ],
        "frames_case": list(frames.get("case") or []),
        "frames_contrast": list(frames.get("contrast") or []),
        **hand_marked_model(key),
        **{f"telling_{which}": e["label"] for which, e in (key.get("telling") or {}).items()},
    }


TASK = register(
    Task(
        exercise="04_framing",
        section="framing",
        title="Exercise 04: framing",
        grader=grade,
        max_points=TECHNIQUE_POINTS + 2 * FRAME_POINTS,
        rubric=RUBRIC,
        prepare=prepare,
        key_view=key_view,
        model_answer=model_answer,
    )
)
