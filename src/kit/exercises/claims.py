"""Exercise 02, claims: triage every sentence, highlight the check-worthy claims, pick three.

Span feedback uses the SemEval-2020 Task 11 partial-overlap idea (``kit.scoring``): a key claim
counts as found when the learner's spans cover most of it, partly found when they touch it, and
a learner span that touches no key claim is listed so the learner can ask why they tagged it.
"""

from __future__ import annotations

from typing import Any

from kit.cases import Case, load_case
from kit.cues import find_cues
from kit.exercises._spans import span_feedback
from kit.keys import explained
from kit.scoring import label_agreement
from kit.taxonomy import CLAIM_TYPES, SPAN_CLAIM_TYPES, TRIAGE
from kit.widgets import Exercise, Feedback, LabelEachItem, PickItem, SpanItem, SpanTagger

EXERCISE = "02_claims"
SECTION = "claims"
SPAN_LABELS = [(t.id, t.name) for t in SPAN_CLAIM_TYPES.values()]

INSTRUCTIONS = """
<p><b>1. Triage.</b> For every sentence choose <b>NFS</b> (not a factual claim: opinion,
question, guess), <b>UFS</b> (factual, but not worth checking) or <b>CFS</b> (a factual claim
worth checking). Keys: Tab to a sentence, then arrows or 1-3.</p>
<p><b>2. Highlight.</b> In the text box, select each check-worthy claim (drag with the mouse,
or move with the arrow keys, ← → by word and ↑ ↓ by sentence, and extend with Shift + arrows:
Shift + ↓ takes the rest of a sentence), then press <b>Enter</b> or a
label button to give it a Full Fact type. Number keys 1-6 choose the type. Selections snap to
whole words; hold <b>Alt</b> to select exactly. Click a tagged span, or use the list under the
text, to relabel, resize or delete it. In the list: ↑ ↓ pick a span, a number relabels it,
Delete removes it, Shift + ← → moves its end, Ctrl + Shift + ← → its start. Ctrl + Z undoes,
Ctrl + Shift + Z redoes. Here you only find the claims: exercise 03 is where you check them.</p>
<p><b>3. Prioritise.</b> Pick the three claims you would check first and say why in one line.
The lists offer the claims you highlighted in step 2, so highlight some first.</p>
<p>Tick <i>show language hints</i> to see the cues from the lesson: they are hints, not answers.</p>
"""


def tagger(
    case: Case, spans: list[dict[str, Any]] | None = None, readonly: bool = False
) -> SpanTagger:
    hints = [{"start": c.start, "end": c.end, "kind": c.kind} for c in find_cues(case.text)]
    return SpanTagger(case.text, SPAN_LABELS, spans=spans or [], hints=hints, readonly=readonly)


def claims(case: Case | None = None, key: Any = "auto", **kwargs: Any) -> Exercise:
    case = case or load_case("wagner-convoy")
    sentences = [(s.id, s.text) for s in case.article.sentences]
    triage = LabelEachItem(
        "triage", "1. Triage each sentence", sentences, [(f"{t.id}", t.id) for t in TRIAGE.values()]
    )
    spans = SpanItem("claims", "2. Highlight the check-worthy claims", tagger(case))
    priority = PickItem("priority", "3. The three claims you would check first")
    spans.control.on_spans(priority.set_candidates)
    exercise = Exercise(
        case,
        EXERCISE,
        "Exercise 02: claims",
        INSTRUCTIONS,
        [triage, spans, priority],
        check=check,
        model_answer=model_answer,
        key=key,
        key_section=SECTION,
        stacked=True,
        **kwargs,
    )
    return exercise


def model_tagger(key: dict[str, Any], case: Case | None = None) -> SpanTagger:
    """The key's claims in the same widget, read-only, for the solution notebook."""
    case = case or load_case("wagner-convoy")
    spans = [
        {k: s[k] for k in ("start", "end", "quote")} | {"label": s["type"]} for s in key["spans"]
    ]
    return tagger(case, spans, readonly=True)


def check(values: dict[str, Any], key: dict[str, Any] | None) -> list[Feedback]:
    key = key or {}
    return [
        *_triage_feedback(values.get("triage") or {}, key.get("triage", {})),
        *_span_feedback(values.get("claims") or [], key.get("spans", [])),
        _priority_feedback(
            values.get("priority") or [], key.get("priority", {}), key.get("spans", [])
        ),
    ]


def model_answer(key: dict[str, Any]) -> list[Feedback]:
    lines = [
        Feedback(
            "claims",
            "right",
            f"“{s['quote']}” ({CLAIM_TYPES[s['type']].name}). {explained(s)}",
        )
        for s in key["spans"]
    ]
    by_id = {s["id"]: s for s in key["spans"]}
    picks = "; ".join(f"“{by_id[c]['quote']}”" for c in key["priority"]["claims"])
    lines.append(Feedback("priority", "right", f"{picks}. {key['priority']['explanation']}"))
    return lines


def _triage_feedback(chosen: dict[str, str], key: dict[str, Any]) -> list[Feedback]:
    verdicts = {
        sid: label_agreement(chosen.get(sid), k["label"], k.get("accepted", []))
        for sid, k in key.items()
    }
    agree = sum(v in ("match", "accepted") for v in verdicts.values())
    missing = [sid for sid, v in verdicts.items() if v == "missing"]
    summary = f"{agree} of {len(key)} sentences agree with the key."
    if missing:
        summary += f" Not labelled yet: {', '.join(missing)}."
    lines = [Feedback("triage", "answered" if chosen else "missing", summary)]
    for sid, verdict in verdicts.items():
        if verdict == "different":
            k = key[sid]
            lines.append(
                Feedback(
                    "triage",
                    "wrong",
                    f"{sid}: you chose {chosen[sid]}, the key says {k['label']}. "
                    + k["explanation"],
                )
            )
    return lines


def _span_feedback(
    learner: list[dict[str, Any]], key_spans: list[dict[str, Any]]
) -> list[Feedback]:
    if not learner:
        return [
            Feedback(
                "claims", "missing", f"No claims highlighted yet; the key has {len(key_spans)}."
            )
        ]
    return span_feedback(
        "claims",
        learner,
        key_spans,
        lambda span, _touching: f"“{span['quote']}”. {explained(span)}",
        "why did you tag this? It may be an opinion or a guess.",
        "claims",
    )


def _priority_feedback(
    picks: list[dict[str, Any]], key: dict[str, Any], key_spans: list[dict[str, Any]]
) -> Feedback:
    if not picks:  # the key's reasons wait for the learner's own picks
        return Feedback("priority", "missing")
    chosen = {
        s["id"] for s in key_spans for p in picks if p["start"] < s["end"] and s["start"] < p["end"]
    }
    shared = len(chosen & set(key.get("claims", [])))
    return Feedback(
        "priority",
        "answered",
        f"{len(picks)} picked; {shared} of them overlap the key's three. "
        + key.get("explanation", ""),
    )
