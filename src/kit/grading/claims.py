"""Grading exercise 02, claims: triage and highlighted claims are scored, the priority is not.

* ``triage``: the share of sentences labelled as the key labels them, or with one of its
  accepted alternatives, times 5 points;
* ``claims``: the SemEval-2020 Task 11 partial-overlap F1 of the learner's highlights against
  the key's claims (``kit.scoring.span_prf``, labels ignored), times 10 points. Claim types are
  reported claim by claim but not scored: the Full Fact types overlap, and the lesson uses them
  to talk about what kind of check each claim needs;
* ``priority``: the three picks and their one-line reasons go to the rubric sheet (0 to 3).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from kit.cases import Case
from kit.grading.offered import choices, not_offered, spans_not_offered
from kit.grading.registry import (
    ItemResult,
    KeyView,
    LabelSet,
    Layer,
    Lines,
    RubricItem,
    RubricSpec,
    Task,
    TaskResult,
    register,
    rubric_line,
)
from kit.grading.shapes import keyed_labels, mapping_or_empty, spans_or_empty
from kit.grading.spans import Reference, merged, starting_in
from kit.keys import explained
from kit.taxonomy import CLAIM_TYPES, SPAN_CLAIM_TYPES, TRIAGE

TRIAGE_POINTS = 5.0
CLAIMS_POINTS = 10.0
FOUND_AT = 0.8
"""Share of a key claim a learner must cover for it to count as found (as in kit.scoring)."""
PRIORITY = RubricSpec(
    "priority",
    3.0,
    "1 point per pick (at most 3) whose reason says why checking it first matters: high "
    "stakes if false, a specific number or a named person that can be traced, or no source "
    "given; 0 for a pick with no reason or with 'it is important' alone",
    "3. The three claims you would check first",
)


_TYPE_NAMES = {t.id: t.name.lower() for t in CLAIM_TYPES.values()}
_TRIAGE, _TYPES = choices(TRIAGE), choices(SPAN_CLAIM_TYPES)
_UNSCORED_TYPE = (
    "among the claim types the highlighter offers ({choices}); highlights are scored by where "
    "they are, not by type, so it cost no points"
)


def _type_name(type_id: Any) -> str:
    """The Full Fact type's name for an id, or what the learner's file says, as text."""
    if type_id is None or type_id == "":
        return "no type"
    return _TYPE_NAMES.get(type_id, str(type_id)) if isinstance(type_id, str) else str(type_id)


@dataclass(frozen=True, slots=True)
class _Row:
    """A key entry with its feedback text worked out once per run, not once per learner."""

    unit: str
    label: str
    key: str
    explanation: str
    labels: frozenset[str]
    start: int = 0
    end: int = 0
    missed: ItemResult | None = field(default=None, compare=False, hash=False)
    lines: Lines = field(default_factory=Lines, compare=False, hash=False)


@dataclass(frozen=True, slots=True)
class _Prepared:
    """The key section made ready by :func:`prepare`: rows, the claims as a Reference."""

    triage: tuple[_Row, ...]
    spans: tuple[_Row, ...]
    reference: Reference
    units: frozenset[str]
    extra: Lines = field(default_factory=Lines, compare=False, hash=False)


def prepare(key: dict[str, Any], case: Case | None) -> dict[str, Any]:
    """Work out the key's feedback texts (with each sentence's text) once for the whole run."""
    texts = {s.id: s.text for s in case.article.sentences} if case is not None else {}
    triage = []
    for sid, entry in (key.get("triage") or {}).items():
        accepted = tuple(entry.get("accepted") or ())
        label = entry.get("label", "")
        triage.append(
            _Row(
                sid,
                f"{sid}: {texts.get(sid, '')}".rstrip(": "),
                label + (f" (or {', '.join(accepted)})" if accepted else ""),
                entry.get("explanation", ""),
                frozenset((label, *accepted)),
            )
        )
    spans = []
    for n, entry in enumerate(key.get("spans") or [], 1):
        types = (entry.get("type"), *(entry.get("accepted_types") or ()))
        spans.append(
            _Row(
                str(entry.get("id", n)),
                f"Claim {entry.get('id', n)}",
                f"“{entry.get('quote', '')}” ({_type_name(entry.get('type'))})",
                explained(entry),
                frozenset(t for t in types if isinstance(t, str)),
                entry["start"],
                entry["end"],
            )
        )
    spans = [replace(r, missed=_claim_row(r, "", 0.0, "")) for r in spans]
    reference = Reference([(r.start, r.end) for r in spans])
    return {
        **key,
        "_prepared": _Prepared(
            tuple(triage), tuple(spans), reference, frozenset(r.unit for r in triage)
        ),
    }


def grade(values: dict[str, Any], key: dict[str, Any]) -> TaskResult:
    chosen = mapping_or_empty(values, "triage")
    spans = spans_or_empty(values, "claims", "label")
    picks = spans_or_empty(values, "priority", "why")
    ready: _Prepared = key.get("_prepared") or prepare(key, None)["_prepared"]
    triage_points, items = _triage(chosen, ready)
    mine = merged([(s["start"], s["end"]) for s in spans])
    claim_points, claim_items = _claims(spans, mine, ready)
    items += claim_items
    rubric_item, priority_row = _priority(picks, key)
    items.append(priority_row)
    triage = keyed_labels(chosen, ready.units)  # the sentences the exercise asks about
    notes = not_offered("triage", triage, _TRIAGE)
    notes += spans_not_offered("claims", spans, _TYPES, _UNSCORED_TYPE)
    return TaskResult(
        "02_claims",
        triage_points + claim_points,
        TRIAGE_POINTS + CLAIMS_POINTS,
        items,
        [rubric_item],
        {"triage": triage},
        {"claims": mine} if mine else {},
        notes,
    )


def _triage(chosen: dict[str, str], ready: _Prepared) -> tuple[float, list[ItemResult]]:
    rows = []
    agree = labelled = 0
    for row in ready.triage:
        answer = chosen.get(row.unit, "")
        labelled += bool(answer)
        agree += answer in row.labels
        rows.append(row.lines.get(answer) or row.lines.make(answer, _triage_row, row, answer))
    total = len(ready.triage)
    points = TRIAGE_POINTS * agree / total if total else 0.0
    summary = ItemResult(
        "triage",
        "1. Triage: NFS, UFS or CFS for every sentence",
        f"{labelled} of {total} sentences labelled",
        f"{agree} of {total} agree with the key (accepted alternatives count)",
        points,
        TRIAGE_POINTS,
        "right" if total and agree == total else "partial" if agree else "wrong",
        "Each sentence below shows your label, the key's and why.",
    )
    return points, [summary, *rows]


def _triage_row(row: _Row, answer: str) -> ItemResult:
    if not answer:
        status = "missing"
    elif answer in row.labels:
        status = "right" if row.key.split(" ")[0] == answer else "accepted"
    else:
        status = "wrong"
    return ItemResult(
        f"triage {row.unit}", row.label, answer, row.key, None, None, status, row.explanation
    )


def _claims(
    spans: list[dict], mine: list[tuple[int, int]], ready: _Prepared
) -> tuple[float, list[ItemResult]]:
    compared = ready.reference.compare(mine)
    score = compared.score
    points = CLAIMS_POINTS * score.f1
    summary = ItemResult(
        "claims",
        "2. Highlight the check-worthy claims",
        f"{len(spans)} highlight(s)",
        f"{len(ready.spans)} claims",
        points,
        CLAIMS_POINTS,
        "missing" if not spans else "right" if score.f1 >= 0.999 else "partial",
        f"Precision {score.precision:.0%}: how much of your highlighting lies inside a key "
        f"claim. Recall {score.recall:.0%}: how much of the key's claims you covered. Points "
        "are 10 times their harmonic mean (F1), so partial overlaps earn partial credit. Whether "
        "each claim stands up is the question of exercise 03.",
    )
    hits: dict[int, list[int]] = {}
    overlapping = ready.reference.overlapping
    for n, span in enumerate(spans):
        for index in overlapping(span["start"], span["end"]):
            if index in hits:
                hits[index].append(n)
            else:
                hits[index] = [n]
    shown = [""] * len(spans)
    for n in sorted({n for found in hits.values() for n in found}):
        shown[n] = f"“{spans[n]['quote']}” ({_type_name(spans[n].get('label'))})"
    rows = [summary]
    for index, (row, covered) in enumerate(zip(ready.spans, compared.key_coverage, strict=True)):
        found = hits.get(index)
        if not found:
            rows.append(row.missed or _claim_row(row, "", covered, ""))
            continue
        answer = shown[found[0]] if len(found) == 1 else " … ".join([shown[n] for n in found])
        labels = [spans[n].get("label") for n in found]
        shared = (answer, covered)
        made = row.lines.get(shared)
        rows.append(made or row.lines.make(shared, _found_row, row, answer, covered, labels))
    if any(compared.outside):
        for group, outside in zip(starting_in(spans, mine), compared.outside, strict=True):
            if outside:
                quotes = " … ".join(f"“{s['quote']}”" for s in group)
                rows.append(ready.extra.get(quotes) or ready.extra.make(quotes, _extra_row, quotes))
    return points, rows


def _found_row(row: _Row, answer: str, covered: float, labels: list[Any]) -> ItemResult:
    """A key claim the learner touched; the type is noted when none of theirs is the key's."""
    wrong = "" if any(label in row.labels for label in labels) else _type_name(labels[0])
    return _claim_row(row, answer, covered, wrong)


def _claim_row(row: _Row, answer: str, covered: float, wrong_type: str) -> ItemResult:
    note = ""
    if wrong_type:
        note = f" Type: you chose {wrong_type}; the key has "
        note += " or ".join(sorted(_type_name(t) for t in row.labels)) + "."
    return ItemResult(
        f"claims {row.unit}",
        row.label,
        answer,
        row.key,
        None,
        None,
        "found" if covered >= FOUND_AT else "partial" if covered > 0 else "missed",
        f"{covered:.0%} covered.{note} {row.explanation}",
    )


def _extra_row(quotes: str) -> ItemResult:
    return ItemResult(
        "claims extra",
        "Not in the key",
        quotes,
        "",
        None,
        None,
        "extra",
        "The key has no claim here. Why did you tag it? It may be an opinion, a question or a "
        "guess, or a claim the key's author left out: worth a word.",
    )


def _priority(picks: list[dict], key: dict[str, Any]) -> tuple[RubricItem, ItemResult]:
    priority = key.get("priority") or {}
    by_id = {s.get("id"): s for s in key.get("spans") or []}
    wanted = [by_id[c] for c in priority.get("claims") or [] if c in by_id]
    answer = "\n".join(
        f"{n}. “{p['quote']}”" + (f" because {p['why'].strip()}" if p.get("why") else "")
        for n, p in enumerate(picks, 1)
    )
    shared = sum(
        any(p["start"] < k["end"] and k["start"] < p["end"] for p in picks) for k in wanted
    )
    note = f"{shared} of your picks overlap the key's three. " if picks else ""
    row, marked = rubric_line(
        PRIORITY,
        answer,
        "; ".join(f"“{k.get('quote', '')}”" for k in wanted),
        note + priority.get("explanation", ""),
    )
    return marked, row


def key_view(key: dict[str, Any], case: Case) -> KeyView:
    texts = {s.id: s.text for s in case.article.sentences}
    triage = key.get("triage") or {}
    return KeyView(
        labels={
            "triage": LabelSet.from_key(
                "Triage of each sentence (NFS, UFS, CFS)", triage, texts, "label"
            )
        },
        highlights={
            "claims": Layer(
                "Claims highlighted",
                tuple(
                    (s["start"], s["end"], _type_name(s.get("type")))
                    for s in key.get("spans") or []
                ),
            )
        },
    )


def model_answer(key: dict[str, Any]) -> dict[str, Any]:
    spans = key.get("spans") or []
    by_id = {s["id"]: s for s in spans}
    why = (key.get("priority") or {}).get("explanation", "")
    return {
        "triage": {sid: e["label"] for sid, e in (key.get("triage") or {}).items()},
        "claims": [
            {"start": s["start"], "end": s["end"], "label": s["type"], "quote": s["quote"]}
            for s in spans
        ],
        "priority": [
            {"start": s["start"], "end": s["end"], "quote": s["quote"], "why": why}
            for s in (by_id[c] for c in (key.get("priority") or {}).get("claims", []))
        ],
    }


TASK = register(
    Task(
        exercise="02_claims",
        section="claims",
        title="Exercise 02: claims",
        grader=grade,
        max_points=TRIAGE_POINTS + CLAIMS_POINTS,
        rubric=(PRIORITY,),
        prepare=prepare,
        key_view=key_view,
        model_answer=model_answer,
    )
)
