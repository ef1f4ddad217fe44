"""Exercise 01, first read: what kind of text is this, and how far do you trust it?

The first reaction is asked before any checking so that lesson 03 can put it beside the rating
the learner gives after checking the claims. The lesson's poll and the exercise write the same
answer item, so the learner sees one rating wherever they gave it.
"""

from __future__ import annotations

from typing import Any

from kit.cases import Case, load_case
from kit.scoring import label_agreement
from kit.taxonomy import GENRES
from kit.widgets import ChoiceItem, Exercise, Feedback, RatingItem, TextItem

EXERCISE = "01_first_read"
SECTION = "first_read"

INSTRUCTIONS = """
<p>Read the text once, at your normal speed. Then answer from your first impression:
there are no trick questions here.</p>
<ol>
<li><b>Genre.</b> Is the text reporting, opinion or satire? Pick one.</li>
<li><b>Why?</b> In one line, name a clue in the text that points to your choice.</li>
<li><b>Trust.</b> How far do you trust this text, from 1 to 5?</li>
</ol>
<p>Your answers save themselves as you go. Press <b>Check</b> when you are done.</p>
"""


def _rating() -> RatingItem:
    return RatingItem(
        "first_reaction", "How far do you trust this text?", low="not at all", high="completely"
    )


def first_read(case: Case | None = None, key: Any = "auto", **kwargs: Any) -> Exercise:
    case = case or load_case("wagner-convoy")
    genre = ChoiceItem(
        "genre",
        "Genre",
        [(f"{g.id}: {g.definition}", g.id) for g in GENRES.values()],
    )
    why = TextItem(
        "justification",
        "One clue that points to your choice",
        placeholder="for example: the text gives no sources for ...",
    )
    return Exercise(
        case,
        EXERCISE,
        "Exercise 01: first read",
        INSTRUCTIONS,
        [genre, why, _rating()],
        check=check,
        model_answer=model_answer,
        key=key,
        key_section=SECTION,
        **kwargs,
    )


def first_reaction_poll(case: Case | None = None, **kwargs: Any) -> Exercise:
    """The lesson's one-question poll; it saves into the exercise's own answer item."""
    case = case or load_case("wagner-convoy")
    text = "<p>Before any checking: how far do you trust the text you just read?</p>"
    return Exercise(
        case,
        EXERCISE,
        "Your first reaction",
        text,
        [_rating()],
        check=check,
        key=None,
        poll=True,
        **kwargs,
    )


def check(values: dict[str, Any], key: dict[str, Any] | None) -> list[Feedback]:
    key = key or {}
    result: list[Feedback] = []
    if "genre" in key and "genre" in values:
        result.append(_genre_feedback(values.get("genre"), key["genre"]))
    if "justification" in values:
        written = values.get("justification")
        note = key.get("justification", {}).get("explanation", "")
        if written:
            result.append(Feedback("justification", "answered", f"You wrote: “{written}”. {note}"))
        else:
            result.append(Feedback("justification", "missing", note))
    rating = values.get("first_reaction")
    note = key.get("first_reaction", {}).get("explanation", "")
    result.append(
        Feedback(
            "first_reaction",
            "answered" if rating else "missing",
            f"You chose {rating}. {note}" if rating else note,
        )
    )
    return result


def model_answer(key: dict[str, Any]) -> list[Feedback]:
    genre = key["genre"]
    return [
        Feedback("genre", "right", f"{genre['answer']}. {genre['explanation']}"),
        Feedback("justification", "right", key["justification"]["explanation"]),
        Feedback("first_reaction", "answered", key["first_reaction"]["explanation"]),
    ]


def _genre_feedback(chosen: str | None, key: dict[str, Any]) -> Feedback:
    verdict = label_agreement(chosen, key["answer"], key.get("accepted", []))
    if verdict == "missing":
        return Feedback("genre", "missing", "Pick reporting, opinion or satire.")
    if verdict == "different":
        text = f"You chose {chosen}; the key says {key['answer']}. {key['explanation']}"
        return Feedback("genre", "wrong", text)
    return Feedback(
        "genre",
        "right" if verdict == "match" else "accepted",
        f"You chose {chosen}. {key['explanation']}",
    )
