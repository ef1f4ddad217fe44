"""Exercise 04, framing: persuasion techniques, frames, Entman's four functions, word choice.

Technique spans are scored with the partial-overlap metric, label-aware, and a span with the
right group but the wrong technique earns half the credit (``scoring.GROUP_CREDIT``): trained
annotators often disagree on the fine label (Krippendorff's alpha about 0.34) but agree more on
the group, so the kit teaches and rewards the coarse level first.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from kit.cases import Case, load_case
from kit.cues import find_cues
from kit.exercises._spans import span_feedback
from kit.keys import explained
from kit.scoring import label_agreement, same_phrase, set_agreement, span_prf
from kit.taxonomy import FRAMES, TECHNIQUE_GROUPS, TECHNIQUES, TELLING, group_of, techniques_in
from kit.widgets import ChoiceItem, Exercise, Feedback, SpanItem, SpanTagger, TextItem
from kit.widgets.items import Item, line

EXERCISE = "04_framing"
SECTION = "framing"
TELLS = (
    ("case", "a", "How the blog post tells its story"),
    ("contrast", "b", "How the contrast text tells its story"),
)
ENTMAN = (
    ("problem", "Defines the problem"),
    ("cause", "Diagnoses its causes"),
    ("judgement", "Makes a moral judgement"),
    ("remedy", "Suggests a remedy"),
)

INSTRUCTIONS = """
<p><b>1. Techniques.</b> Select a stretch of the text (drag with the mouse, or move with the
arrow keys, ↑ ↓ by sentence, and extend with Shift + arrows), choose a <b>group</b> (keys
1-6), then a <b>technique</b> in it (keys 1-n), then press Enter; or click the buttons. Esc
goes back to the groups. The technique names are the exact labels of the SemEval-2023 research task;
lesson 04 defines each one in plain words. To change a tagged span, use the list under the
text: ↑ ↓ pick a span, Delete removes it, Shift + ← → moves its end, Ctrl + Shift + ← → its
start. Judge the wording, not whether the claim is true.</p>
<p><b>2. Frames.</b> Tick the frames each text uses: the blog post, and the contrast text
written for the kit (lesson 04 shows them side by side).</p>
<p><b>3. Entman.</b> In a line each: what problem does the blog post define, what causes does
it blame, what moral judgement does it make, what remedy does it suggest?</p>
<p><b>4. Word choice.</b> Pick four loaded words or phrases from the text. For each, give a
neutral alternative and say what the original choice does to the reader.</p>
<p><b>5. Episodic or thematic?</b> How does each text tell its story: up close, through events
and people, or through the wider picture of causes and trends (lesson 04)? This one is not
scored. It is for discussion: in a class, your teacher sees how everyone answered.</p>
"""


class WordChoiceItem(Item):
    """Four rows of: the loaded words, a neutral alternative, what the original does."""

    FIELDS = ("words", "neutral", "effect")

    def __init__(self, item_id: str, prompt: str, rows: int = 4) -> None:
        hints = {
            "words": "loaded words, copied from the text",
            "neutral": "a neutral alternative",
            "effect": "what the original choice does",
        }
        self.rows = [
            {f: line(f"Word choice {n + 1}: {hints[f]}", hints[f]) for f in self.FIELDS}
            for n in range(rows)
        ]
        boxes = [
            w.VBox([w.HTML(f"<b>{n + 1}.</b>"), *row.values()]) for n, row in enumerate(self.rows)
        ]
        super().__init__(item_id, prompt, w.VBox(boxes))

    @property
    def value(self) -> Any:
        filled = [{f: row[f].value.strip() for f in self.FIELDS} for row in self.rows]
        while filled and not any(filled[-1].values()):  # a blank row in the middle stays, so
            filled.pop()  # row 3 is still row 3 when the learner comes back
        return filled or None

    def unfinished(self, value: Any) -> str | None:
        done = sum(1 for r in value or [] if all(r.get(f) for f in self.FIELDS))
        return None if done >= len(self.rows) else f"{done} of {len(self.rows)} rows complete"

    def show(self, value: Any) -> None:
        saved = value if isinstance(value, list) else []
        for n, row in enumerate(self.rows):
            for f in self.FIELDS:
                row[f].value = saved[n].get(f, "") if n < len(saved) else ""

    def on_change(self, callback: Any) -> None:
        for row in self.rows:
            for box in row.values():
                box.observe(lambda _c: callback(self), names="value")

    def disable(self, disabled: bool = True) -> None:
        for row in self.rows:
            for box in row.values():
                box.disabled = disabled


def tagger(
    case: Case, spans: list[dict[str, Any]] | None = None, readonly: bool = False
) -> SpanTagger:
    hints = [
        {"start": c.start, "end": c.end, "kind": c.kind}
        for c in find_cues(case.text, ["loaded", "hedge", "question"])
    ]
    groups = [
        {"name": g.name, "labels": [t.id for t in techniques_in(g.id)]}
        for g in TECHNIQUE_GROUPS.values()
    ]
    labels = [(t.id, t.id) for t in TECHNIQUES.values()]
    return SpanTagger(
        case.text, labels, groups=groups, spans=spans or [], hints=hints, readonly=readonly
    )


def framing(case: Case | None = None, key: Any = "auto", **kwargs: Any) -> Exercise:
    case = case or load_case("wagner-convoy")
    frames = [(f"{f.name}: {f.definition}", f.id) for f in FRAMES.values()]  # as lesson 04
    telling = [(f"{t.name}: {t.definition}", t.id) for t in TELLING.values()]
    items: list[Item] = [
        SpanItem("techniques", "1. Persuasion techniques in the text", tagger(case)),
        ChoiceItem("frames_case", "2a. Frames the blog post uses", frames, multiple=True),
        ChoiceItem("frames_contrast", "2b. Frames the contrast text uses", frames, multiple=True),
        *[TextItem(f"entman_{k}", f"3. {name}") for k, name in ENTMAN],
        WordChoiceItem("word_choice", "4. Four loaded word choices"),
        *[ChoiceItem(f"telling_{which}", f"5{n}. {title}", telling) for which, n, title in TELLS],
    ]
    return Exercise(
        case,
        EXERCISE,
        "Exercise 04: framing",
        INSTRUCTIONS,
        items,
        check=check,
        model_answer=model_answer,
        key=key,
        key_section=SECTION,
        stacked=True,
        **kwargs,
    )


def model_tagger(key: dict[str, Any], case: Case | None = None) -> SpanTagger:
    case = case or load_case("wagner-convoy")
    spans = [{k: s[k] for k in ("start", "end", "quote", "label")} for s in key["techniques"]]
    return tagger(case, spans, readonly=True)


def check(values: dict[str, Any], key: dict[str, Any] | None) -> list[Feedback]:
    key = key or {}
    lines = _technique_feedback(values.get("techniques") or [], key.get("techniques", []))
    for which in ("case", "contrast"):
        chosen = set(values.get(f"frames_{which}") or [])
        expected = set(key.get("frames", {}).get(which, []))
        defensible = set(key.get("frames", {}).get("accepted", {}).get(which, [])) - expected
        if not chosen:
            lines.append(Feedback(f"frames_{which}", "missing"))
            continue
        agreement = set_agreement(chosen - defensible, expected)
        names = ", ".join(FRAMES[f].name for f in sorted(expected))
        also = ", ".join(FRAMES[f].name for f in sorted(defensible))
        lines.append(
            Feedback(
                f"frames_{which}",
                "right" if agreement == 1 else "answered",
                f"Agreement with the key {agreement:.0%}. The key: {names}."
                + (f" Also defensible, neither counted for nor against: {also}." if also else ""),
            )
        )
    for k, _name in ENTMAN:
        model = key.get("entman", {}).get(k, {})
        answered = values.get(f"entman_{k}")
        full = model.get("rubric", {}).get("full", "")
        text = f"Model: {model.get('model', '')} A full answer: {full}" if answered else ""
        lines.append(Feedback(f"entman_{k}", "answered" if answered else "missing", text))
    lines += _word_choice_feedback(values.get("word_choice") or [], key.get("word_choice", []))
    lines += _telling_feedback(values, key.get("telling") or {})
    return lines


def _telling_feedback(values: dict[str, Any], key: dict[str, Any]) -> list[Feedback]:
    lines = []
    for which, _n, _title in TELLS:
        answer, entry = values.get(f"telling_{which}"), key.get(which)
        if not answer or not entry:
            lines.append(Feedback(f"telling_{which}", "missing"))
            continue
        agreement = label_agreement(answer, entry["label"], entry.get("accepted", []))
        status = {"match": "right", "accepted": "accepted"}.get(agreement, "wrong")
        said = f"The key: {TELLING[entry['label']].name}. {entry['explanation']}"
        lines.append(Feedback(f"telling_{which}", status, said))
    return lines


def model_answer(key: dict[str, Any]) -> list[Feedback]:
    lines = [
        Feedback(
            "techniques",
            "right",
            f"“{t['quote']}”: {t['label']} ({t['group']}). {explained(t)}",
        )
        for t in key["techniques"]
    ]
    for which in ("case", "contrast"):
        names = ", ".join(FRAMES[f].name for f in key["frames"][which])
        lines.append(Feedback(f"frames_{which}", "right", names))
    lines += [Feedback(f"entman_{k}", "right", key["entman"][k]["model"]) for k, _ in ENTMAN]
    lines += [
        Feedback("word_choice", "right", f"“{c['quote']}” → {c['neutral']}. {c['effect']}")
        for c in key["word_choice"]
    ]
    lines += [
        Feedback(f"telling_{which}", "right", f"{TELLING[e['label']].name}. {e['explanation']}")
        for which, e in (key.get("telling") or {}).items()
    ]
    return lines


def _technique_feedback(
    learner: list[dict[str, Any]], key_spans: list[dict[str, Any]]
) -> list[Feedback]:
    if not learner:
        return [
            Feedback(
                "techniques", "missing", f"No techniques tagged yet; the key has {len(key_spans)}."
            )
        ]
    score = span_prf(learner, key_spans, labelled=True, group_of=_group)
    lines = [
        Feedback(
            "techniques",
            "answered",
            f"{score.precision:.0%} of your highlighting lies on the key's techniques "
            f"(precision), and you covered {score.recall:.0%} of the key's (recall). A technique "
            "of the right group but not the key's counts half.",
        )
    ]
    return lines + span_feedback(
        "techniques",
        learner,
        key_spans,
        _describe_technique,
        "not in the key. Could you defend it in discussion?",
        "techniques",
        _earns,
    )


def _earns(span: dict[str, Any], touching: list[dict[str, Any]]) -> bool:
    return _credit(span, {s["label"] for s in touching}) is not None


def _credit(span: dict[str, Any], labels: set[str]) -> str | None:
    """What the learner's labels on a key span earn, as ``kit.scoring`` counts it: "label"
    (the key's or one it accepts), "group" (half: the group of any of those), or None."""
    right = {span["label"], *span.get("accepted", [])}
    if labels & right:
        return "label"
    if {_group(x) for x in labels} & ({_group(x) for x in right} - {None}):
        return "group"
    return None


def _group(label: Any) -> str | None:
    """A technique's group, or None for a label the taxonomy lacks (a hand-edited file)."""
    return group_of(label) if label in TECHNIQUES else None


def _describe_technique(span: dict[str, Any], touching: list[dict[str, Any]]) -> str:
    labels = {s["label"] for s in touching}
    note = {
        "label": "You used an accepted technique.",
        "group": "Right group, different technique: half credit.",
        None: f"You chose {', '.join(sorted(labels))}." if labels else "",
    }[_credit(span, labels)]
    return f"“{span['quote']}”: {span['label']}. {note} {explained(span)}"


def _word_choice_feedback(rows: list[dict[str, str]], key: list[dict[str, Any]]) -> list[Feedback]:
    if not rows:
        return [Feedback("word_choice", "missing", "Pick four loaded words from the text.")]
    lines = []
    for row in (r for r in rows if any(r.values())):  # a blank row in the middle says nothing
        match = next((c for c in key if same_phrase(row.get("words", ""), c["quote"])), None)
        if match:
            lines.append(
                Feedback(
                    "word_choice",
                    "answered",
                    f"“{row['words']}”: the key suggests {match['neutral']}. {match['effect']}",
                )
            )
        else:
            lines.append(
                Feedback(
                    "word_choice",
                    "answered",
                    f"“{row['words']}” is not one of the key's four; discuss it.",
                )
            )
    return lines
