"""Grading exercise 03, sources: attributions, verdicts and evidence are scored; prose is not.

* ``attribution``: the share of the claims whose source type (named, vague, none) matches the
  key, times 3 points. Every claim has one, and the answer is in the wording of the text;
* ``evidence``: claim by claim, a verdict that matches the key (or one it accepts) earns the
  verdict credit, and linking at least one of the pack documents the key weighs for it earns
  the evidence credit. Learners are not asked to judge all the claims: the credits are summed
  and divided by the number of claims judged, but by at least ``required`` (6 unless the key
  sets ``sources.required``). So six right verdicts earn full marks, judging more claims
  never loses points by itself, and guessing at many claims costs what the wrong ones cost;
* ``rating_1``/``rating_2`` (one rubric item, ``ratings``) and the four parts of the whole-text
  summary go to the rubric sheet: reasons in prose need a reader;
* ``trust_after``: a rating with no right answer; shown, never graded.

The last two are read, not computed, so their rubric wording and feedback lines live in
:mod:`kit.grading.sources_rubric`; this module keeps the key-based scoring and the Task.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

from kit.cases import Case
from kit.grading.offered import choices, not_offered, note
from kit.grading.registry import (
    AnswerShapeError,
    ItemResult,
    KeyView,
    LabelSet,
    Lines,
    Task,
    TaskResult,
    register,
)
from kit.grading.shapes import keyed_labels, mapping_or_empty
from kit.grading.sources_rubric import RATINGS, WHOLE_TEXT, hand_marked
from kit.keys import explained
from kit.taxonomy import ATTRIBUTIONS, VERDICTS

ATTRIBUTION_POINTS = 3.0
VERDICT_POINTS = 6.0
EVIDENCE_POINTS = 3.0
REQUIRED = 6
"""Claims a learner must judge for full marks, unless the key sets ``sources.required``."""
_ATTRIBUTIONS, _VERDICTS = choices(ATTRIBUTIONS), choices(VERDICTS)
_NOT_IN_PACK = "one of the case's source pack documents ({choices}), so that link earns no credit"


def _verdict_name(verdict: str | None) -> str:
    if not verdict:
        return ""
    known = VERDICTS.get(verdict)
    return known.name if known is not None else verdict


@dataclass(frozen=True, slots=True)
class _Claim:
    """One key claim with its feedback texts worked out once per run."""

    id: str
    quote: str
    attribution: str
    verdict: str
    verdicts: frozenset[str]
    verdict_key: str
    evidence: frozenset[str]
    explanation: str
    attributions: Lines = field(default_factory=Lines, compare=False, hash=False)
    verdict_lines: Lines = field(default_factory=Lines, compare=False, hash=False)


def prepare(key: dict[str, Any], case: Case | None) -> dict[str, Any]:
    """Each key claim with its quote from the case, ready for the whole class."""
    quotes = {c["id"]: c["quote"] for c in case.claims} if case is not None else {}
    claims = []
    for cid, entry in (key.get("claims") or {}).items():
        verdict = entry.get("verdict", "")
        accepted = tuple(entry.get("accepted") or ())
        also = f" (also accepted: {', '.join(map(_verdict_name, accepted))})" if accepted else ""
        claims.append(
            _Claim(
                cid,
                quotes.get(cid, ""),
                entry.get("attribution", ""),
                verdict,
                frozenset((verdict, *accepted)),
                _verdict_name(verdict) + also,
                frozenset(entry.get("evidence") or ()),
                explained(entry),
            )
        )
    outlets = {}
    if case is not None:
        from kit.sources import load_pack

        outlets = {src.id: f"{src.outlet} ({src.date})" for src in load_pack(case).sources}
    ids = frozenset(c.id for c in claims)
    pack = choices(outlets) if outlets else None  # no case: no pack to check links against
    return {**key, "_claims": tuple(claims), "_ids": ids, "_outlets": outlets, "_pack": pack}


def grade(values: dict[str, Any], key: dict[str, Any]) -> TaskResult:
    claims: tuple[_Claim, ...] = key.get("_claims") or prepare(key, None)["_claims"]
    chosen = mapping_or_empty(values, "attribution")
    judged = _judgements(values)
    required = min(key.get("required", REQUIRED), len(claims))  # a short key asks for fewer
    items, attribution_points = _attributions(chosen, claims)
    verdict_items, verdict_points, evidence_points = _verdicts(judged, claims, required)
    prose, rubric = hand_marked(values, key)
    items += verdict_items + prose
    known = key.get("_ids") or frozenset(c.id for c in claims)
    attribution = keyed_labels(chosen, known)  # the claims the exercise asks about
    verdicts = {c: j[0] for c, j in judged.items() if c in known and j[0]}
    notes = not_offered("attribution", attribution, _ATTRIBUTIONS)
    notes += not_offered("evidence (verdict)", verdicts, _VERDICTS)
    notes += _unknown_sources(judged, known, key.get("_pack"))
    return TaskResult(
        "03_sources",
        attribution_points + verdict_points + evidence_points,
        ATTRIBUTION_POINTS + VERDICT_POINTS + EVIDENCE_POINTS,
        items,
        rubric,
        {"attribution": attribution, "verdicts": verdicts},
        notes=notes,
    )


def _unknown_sources(
    judged: dict[str, tuple[str, frozenset[str], str]],
    known: frozenset[str],
    pack: frozenset[str | None] | None,
) -> list[str]:
    """A note for linked sources that are not in the case's source pack (a claim may link
    several, so this is not one answer per claim)."""
    if pack is None or all(map(pack.issuperset, (linked for _, linked, _ in judged.values()))):
        return []
    pairs = [(c, s) for c, (_, linked, _) in judged.items() if c in known for s in sorted(linked)]
    return note("evidence (sources)", pairs, pack, _NOT_IN_PACK)


def _judgements(values: dict[str, Any]) -> dict[str, tuple[str, frozenset[str], str]]:
    """``{claim: (verdict, linked source ids, reasoning)}`` from the evidence item."""
    raw = values.get("evidence")
    if raw is None:
        return {}
    if type(raw) is not dict:
        raise AnswerShapeError("item 'evidence' should map claim ids to verdicts and sources")
    judged = {}
    for cid, answer in raw.items():
        if type(answer) is not dict:
            raise AnswerShapeError(f"item 'evidence', claim {cid!r} is not an object")
        verdict, linked, reasoning = map(answer.get, ("verdict", "evidence", "reasoning"))
        verdict = "" if verdict is None else verdict
        linked = [] if linked is None else linked
        reasoning = "" if reasoning is None else reasoning
        if type(verdict) is not str or type(reasoning) is not str:
            raise AnswerShapeError(f"item 'evidence', claim {cid!r}: verdict, reasoning not text")
        if type(linked) is not list or not all(map(isinstance, linked, repeat(str))):
            raise AnswerShapeError(f"item 'evidence', claim {cid!r}: evidence is a list of ids")
        if verdict or linked:
            judged[cid] = (verdict, frozenset(linked), reasoning.strip())
    return judged


def _attributions(
    chosen: dict[str, str], claims: tuple[_Claim, ...]
) -> tuple[list[ItemResult], float]:
    rows, agree, answered = [], 0, 0
    for claim in claims:
        answer = chosen.get(claim.id, "")
        agree += answer == claim.attribution
        answered += bool(answer)
        made = claim.attributions.get(answer)
        rows.append(made or claim.attributions.make(answer, _attribution_row, claim, answer))
    total = len(claims)
    points = ATTRIBUTION_POINTS * agree / total if total else 0.0
    summary = ItemResult(
        "attribution",
        "1. Who does the text give as the source?",
        f"{answered} of {total} claims answered",
        f"{agree} of {total} agree with the key",
        points,
        ATTRIBUTION_POINTS,
        _summary_status(agree, total, answered > 0),
        "Named: the text says who. Vague: 'he says', 'the main media'. None: stated flatly. "
        "Most claims in this text have no source at all.",
    )
    return [summary, *rows], points


def _summary_status(agree: int, total: int, answered: bool) -> str:
    if not answered:
        return "missing"
    return "right" if agree == total else "partial" if agree else "wrong"


def _attribution_row(claim: _Claim, answer: str) -> ItemResult:
    status = "missing" if not answer else "right" if answer == claim.attribution else "wrong"
    known = ATTRIBUTIONS.get(claim.attribution)
    return ItemResult(
        f"attribution {claim.id}",
        f"{claim.id}: {claim.quote}",
        answer,
        claim.attribution,
        None,
        None,
        status,
        f"{known.name}: {known.definition}" if known is not None and status != "right" else "",
    )


def _verdicts(
    judged: dict[str, tuple[str, frozenset[str], str]], claims: tuple[_Claim, ...], required: int
) -> tuple[list[ItemResult], float, float]:
    rows = []
    right = settled = counted = 0
    for claim in claims:
        answer = judged.get(claim.id, _NOT_JUDGED)
        verdict, linked, _reasoning = answer
        if claim.id in judged:
            counted += 1
            right += verdict in claim.verdicts
            settled += bool(linked & claim.evidence)
        made = claim.verdict_lines.get(answer)
        rows.append(made or claim.verdict_lines.make(answer, _verdict_row, claim, *answer))
    scale = max(counted, required, 1)
    verdict_points = VERDICT_POINTS * right / scale
    evidence_points = EVIDENCE_POINTS * settled / scale
    summary = ItemResult(
        "evidence",
        "2. Evidence and verdict, claim by claim",
        f"{counted} claim(s) judged",
        f"{right} verdict(s) and {settled} set(s) of evidence agree with the key",
        verdict_points + evidence_points,
        VERDICT_POINTS + EVIDENCE_POINTS,
        "missing" if not counted else "right" if right == settled == scale else "partial",
        f"Points: {VERDICT_POINTS:g} × your right verdicts, plus {EVIDENCE_POINTS:g} × the "
        "claims where you linked a document the key weighs for them, each divided by the number of "
        f"claims you judged (or by {required} if you judged fewer). {required} careful "
        "verdicts are worth more than many hurried ones.",
    )
    return [summary, *rows], verdict_points, evidence_points


_NOT_JUDGED: tuple[str, frozenset[str], str] = ("", frozenset(), "")


def _verdict_row(claim: _Claim, verdict: str, linked: frozenset[str], reasoning: str) -> ItemResult:
    if not verdict and not linked:
        status, note = "missing", "Not judged."
    else:
        status = "missing"
        if verdict:
            status = "right" if verdict == claim.verdict else "wrong"
            status = "accepted" if status == "wrong" and verdict in claim.verdicts else status
        found = sorted(linked & claim.evidence)
        note = (
            f"Your evidence includes {', '.join(found)}, one of the documents the key weighs."
            if found
            else "None of your linked sources is one the key weighs for this claim."
        )
    answer = _verdict_name(verdict) or "no verdict"
    if linked:
        answer += f"\nsources: {', '.join(sorted(linked))}"
    if reasoning:
        answer += f"\nbecause: {reasoning}"
    return ItemResult(
        f"verdict {claim.id}",
        f"{claim.id}: {claim.quote}",
        answer if verdict or linked else "",
        f"{claim.verdict_key}\nsources: {', '.join(sorted(claim.evidence))}",
        None,
        None,
        status,
        f"{note} {claim.explanation}",
    )


def key_view(key: dict[str, Any], case: Case) -> KeyView:
    quotes = {c["id"]: c["quote"] for c in case.claims}
    claims = key.get("claims") or {}
    return KeyView(
        labels={
            "attribution": LabelSet(
                "Who the text gives as the source of each claim",
                {cid: e.get("attribution", "") for cid, e in claims.items()},
                {cid: quotes.get(cid, "") for cid in claims},
                names={a.id: a.name for a in ATTRIBUTIONS.values()},
            ),
            "verdicts": LabelSet.from_key(
                "Verdict on each claim",
                claims,
                quotes,
                "verdict",
                {v.id: v.name for v in VERDICTS.values()},
            ),
        }
    )


def model_answer(key: dict[str, Any]) -> dict[str, Any]:
    claims = key.get("claims") or {}
    whole = key.get("whole_text") or {}
    sources = list(key.get("ratings") or {})[:2]
    ratings = {
        f"rating_{n}": {
            "source": sid,
            "who": key["ratings"][sid].get("overall"),
            "evidence": key["ratings"][sid].get("overall"),
            "others": key["ratings"][sid].get("overall"),
            "note": key["ratings"][sid].get("who", ""),
        }
        for n, sid in enumerate(sources, 1)
    }
    return {
        "attribution": {cid: e["attribution"] for cid, e in claims.items()},
        "evidence": {
            cid: {
                "verdict": e["verdict"],
                "evidence": list(e.get("evidence") or []),
                "reasoning": e.get("explanation", ""),
            }
            for cid, e in claims.items()
        },
        **ratings,
        **{spec.item: whole.get(spec.item) for spec in WHOLE_TEXT},
    }


TASK = register(
    Task(
        exercise="03_sources",
        section="sources",
        title="Exercise 03: sources",
        grader=grade,
        max_points=ATTRIBUTION_POINTS + VERDICT_POINTS + EVIDENCE_POINTS,
        rubric=(RATINGS, *WHOLE_TEXT),
        prepare=prepare,
        key_view=key_view,
        model_answer=model_answer,
    )
)
