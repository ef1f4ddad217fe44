"""Exercise 03, sources: who does the text cite, what do better sources say, and so what?

Everyone works on the same list of claims (``case.claims``, the key's check-worthy claims), so
a class can compare verdicts claim by claim. Evidence comes from the offline source pack.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from kit.cases import Case, load_case
from kit.keys import explained
from kit.scoring import label_agreement
from kit.sources import SourcePack, load_pack
from kit.taxonomy import ATTRIBUTIONS, VERDICTS
from kit.widgets import Exercise, Feedback, LabelEachItem, RatingItem, TextItem
from kit.widgets.choice import Choice
from kit.widgets.evidence import EvidenceItem, judged, linked_only
from kit.widgets.items import Item, line, named

EXERCISE = "03_sources"
SECTION = "sources"
QUESTIONS = (
    ("who", "Who is behind it?"),
    ("evidence", "What is the evidence?"),
    ("others", "What do other sources say?"),
)
LEVELS = [("weak", "weak"), ("mixed", "mixed"), ("strong", "strong")]

INSTRUCTIONS = """
<p><b>1. Attribution.</b> For each claim, who does the text give as its source?
<b>named</b> (a named person or body), <b>vague</b> ("he says", "the main media") or
<b>none</b> (stated flatly).</p>
<p><b>2. Evidence and verdict.</b> Pick a claim, search the source pack, link the documents
that bear on it, then choose a verdict and give one line of reasoning. Each source shows a note
on what it can and cannot establish: read it. The five verdicts are defined under their
buttons; the hardest pair is <i>unverified</i> (evidence could settle it, but none does yet)
and <i>not checkable</i> (no evidence ever could). Judge at least six claims, carefully. In a
graded class your verdict points are the share of your verdicts that are right, counted out of
six if you judge fewer (unless your teacher asks for fewer): three right out of six earn half.</p>
<p><b>3. Rate two sources</b> on the three questions: who is behind it, what is the evidence,
what do other sources say.</p>
<p><b>4. The whole text.</b> What holds, what does not, what is missing, how far you trust it
now, and a short note to a friend who shared it.</p>
"""


class SourceRatingItem(Item):
    """Rate one pack source on the three Civic Online Reasoning questions, with a short note."""

    def __init__(self, item_id: str, prompt: str, pack: SourcePack) -> None:
        options = [("(choose a source)", "")] + [
            (f"{s.outlet} ({s.date})", s.id) for s in pack.sources
        ]
        self.source = named(
            w.Dropdown(options=options, value="", layout=w.Layout(width="95%")),
            f"{prompt}: source",
        )
        self.levels = {
            q: Choice(LEVELS, label=f"{prompt}: {text}", horizontal=True) for q, text in QUESTIONS
        }
        self.note = line(f"{prompt}: note", "a short note (choose a source first)")
        rows = [self.source]
        for q, text in QUESTIONS:
            rows += [w.HTML(text), self.levels[q]]
        super().__init__(item_id, prompt, w.VBox([*rows, self.note]))
        self._off = False
        self.source.observe(lambda _c: self._gate(), names="value")
        self._gate()

    def _gate(self) -> None:
        """A rating is saved with its source, so it opens once a source is chosen: nothing is
        typed that could not be kept."""
        closed = self._off or not self.source.value
        for widget in (self.note, *self.levels.values()):
            widget.disabled = closed

    @property
    def value(self) -> Any:
        if not self.source.value:
            return None
        return {
            "source": self.source.value,
            "note": self.note.value.strip(),
            **{q: c.value for q, c in self.levels.items()},
        }

    def unfinished(self, value: Any) -> str | None:
        parts = {"who": "who is behind it", "evidence": "the evidence", "others": "other sources"}
        left = [parts[q] for q, _text in QUESTIONS if not (value or {}).get(q)]
        if not (value or {}).get("note"):
            left.append("a note")
        return f"still to do: {', '.join(left)}" if left else None

    def show(self, value: Any) -> None:
        value = value or {}
        known = [v for _label, v in self.source.options]
        self.source.value = value.get("source") if value.get("source") in known else ""
        for q, choice in self.levels.items():
            choice.value = value.get(q)
        self.note.value = value.get("note", "")

    def on_change(self, callback: Any) -> None:
        for widget in (self.source, self.note, *self.levels.values()):
            widget.observe(lambda _c: callback(self), names="value")

    def disable(self, disabled: bool = True) -> None:
        self._off = self.source.disabled = disabled
        self._gate()


def sources(case: Case | None = None, key: Any = "auto", **kwargs: Any) -> Exercise:
    case = case or load_case("wagner-convoy")
    pack = load_pack(case)
    rows = [(c["id"], c["quote"]) for c in case.claims]
    items: list[Item] = [
        LabelEachItem(
            "attribution",
            "1. Who does the text give as the source?",
            rows,
            [(a.id, a.id) for a in ATTRIBUTIONS.values()],
        ),
        EvidenceItem("evidence", "2. Evidence and verdict, claim by claim", rows, pack),
        SourceRatingItem("rating_1", "3a. Rate a source", pack),
        SourceRatingItem("rating_2", "3b. Rate another source", pack),
        TextItem("holds", "4a. What in the text holds up?"),
        TextItem("fails", "4b. What does not hold up?"),
        TextItem("missing", "4c. What does the text leave out that a reader needs?"),
        RatingItem(
            "trust_after",
            "4d. How far do you trust the text now? (A lower number is not the goal: which claims "
            "moved your trust, up or down?)",
            low="not at all",
            high="completely",
        ),
        TextItem("note_to_friend", "4e. A short note to a friend who shared the text", rows=3),
    ]
    earlier = w.HTML()
    earlier.add_class("kit-first-reaction")
    items[7].box.children = (*items[7].box.children, earlier)
    exercise = Exercise(
        case,
        EXERCISE,
        "Exercise 03: sources",
        INSTRUCTIONS,
        items,
        check=check,
        model_answer=model_answer,
        key=key,
        key_section=SECTION,
        stacked=True,
        **kwargs,
    )
    exercise.on_open(
        lambda answers: _show_first_reaction(
            earlier, answers.get("01_first_read", "first_reaction")
        )
    )
    return exercise


def _show_first_reaction(widget: w.HTML, rating: Any) -> None:
    widget.value = (
        f"Your first reaction (lesson or exercise 01) was <b>{html.escape(str(rating))} of 5</b>."
        if rating
        else "You have not given a first reaction (lesson or exercise 01) yet."
    )


def check(values: dict[str, Any], key: dict[str, Any] | None) -> list[Feedback]:
    key = key or {}
    claims = key.get("claims", {})
    lines = _attribution_feedback(values.get("attribution") or {}, claims)
    # Only claims with a verdict get the key's: linking a document to every claim must not
    # reveal all 27 (the rest wait behind Show model answer).
    done = judged(values.get("evidence"), claims)
    lines += [_claim_feedback(cid, done[cid], k) for cid, k in claims.items() if cid in done]
    unsure = linked_only(values.get("evidence"), claims)
    if unsure:
        lines.append(_linked_only(unsure))
    if len(done) < len(claims):
        required = min(key.get("required", EvidenceItem.NEEDED), len(claims))
        left = [c for c in claims if c not in done and c not in unsure]  # those: said above
        lines.append(_not_judged(left, len(done), required, bool(unsure)))
    for slot in ("rating_1", "rating_2"):
        lines.append(_rating_feedback(slot, values.get(slot), key.get("ratings", {})))
    whole = key.get("whole_text", {})
    for item in ("holds", "fails", "missing", "trust_after", "note_to_friend"):  # 4a-4e
        answer = values.get(item)
        said = whole.get(item, "") if answer else ""  # trust_after has no key text
        lines.append(Feedback(item, "answered" if answer else "missing", said))
    return lines


def _linked_only(claims: list[str]) -> Feedback:
    return Feedback(
        "evidence",
        "unfinished",
        f"{', '.join(claims)}: a linked document but no verdict. When graded, a claim with "
        "evidence counts as judged, so one without a verdict costs points: give it a verdict, "
        "or remove its documents.",
    )


def _not_judged(left: list[str], judged: int, required: int, unsure: bool) -> Feedback:
    if judged >= required:
        said = f"{judged} claims judged, enough for full marks"
        said += " once the claims above have verdicts" if unsure else ""
        return Feedback("evidence", "answered", f"{said}; you may leave the other {len(left)}.")
    shown = ", ".join(left[:8]) + (f" and {len(left) - 8} more" if len(left) > 8 else "")
    said = f"Judged {judged} of the {required} asked for." + (
        f" Not judged yet: {shown}." if left else ""
    )
    return Feedback("evidence", "missing", said)


def model_answer(key: dict[str, Any]) -> list[Feedback]:
    lines = [
        Feedback(
            "evidence",
            "right",
            f"{cid}: {VERDICTS[k['verdict']].name} ({k['attribution']} source in the text). "
            f"Evidence: {', '.join(k['evidence']) or 'none'}. {explained(k)}",
        )
        for cid, k in key["claims"].items()
    ]
    whole = key["whole_text"]
    lines += [
        Feedback(item, "right", whole[item])
        for item in ("holds", "fails", "missing", "note_to_friend")
    ]
    return lines


def _attribution_feedback(chosen: dict[str, str], claims: dict[str, Any]) -> list[Feedback]:
    if not chosen:
        return [
            Feedback(
                "attribution", "missing", f"No attribution given yet for the {len(claims)} claims."
            )
        ]
    lines, agree = [], 0
    for cid, k in claims.items():
        verdict = label_agreement(chosen.get(cid), k["attribution"])
        agree += verdict == "match"
        if verdict == "different":
            lines.append(
                Feedback(
                    "attribution",
                    "wrong",
                    f"{cid}: you chose {chosen[cid]}, the key says {k['attribution']}.",
                )
            )
    return [
        Feedback(
            "attribution", "answered", f"{agree} of {len(claims)} attributions agree with the key."
        ),
        *lines,
    ]


def _claim_feedback(cid: str, answer: dict[str, Any], k: dict[str, Any]) -> Feedback:
    verdict = label_agreement(answer.get("verdict"), k["verdict"], k.get("accepted", []))
    settled = set(answer.get("evidence", [])) & set(k.get("evidence", []))
    mark = {"match": "right", "accepted": "accepted", "different": "wrong", "missing": "missing"}[
        verdict
    ]
    evidence = (  # "uses", not "settles": a relayed post is the key's evidence of a rumour
        f"Your evidence includes {', '.join(sorted(settled))}, one of the documents the key "
        "weighs for this claim."
        if settled
        else "Your evidence includes none of the documents the key weighs for this claim "
        f"({', '.join(k['evidence']) or 'none needed'})."
    )
    mine = answer["verdict"]
    chosen = VERDICTS[mine].name if mine in VERDICTS else repr(mine)  # a hand-edited file
    return Feedback(
        "evidence",
        mark,
        f"{cid}: you chose {chosen}; the key says {VERDICTS[k['verdict']].name}. "
        f"{evidence} {explained(k)}",
    )


def _rating_feedback(slot: str, answer: dict[str, Any] | None, ratings: dict[str, Any]) -> Feedback:
    if not answer:
        return Feedback(slot, "missing")
    model = ratings.get(answer["source"])
    if not model:
        return Feedback(
            slot,
            "answered",
            "The key has no model rating for this source; compare with a classmate.",
        )
    return Feedback(
        slot,
        "answered",
        f"The key rates {answer['source']} {model['overall']}: who: {model['who']} "
        f"Evidence: {model['evidence']} Others: {model['others']}",
    )
