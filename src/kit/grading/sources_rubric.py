"""Exercise 03, the items that need a reader: two source ratings, the whole-text summary, trust.

:mod:`kit.grading.sources` scores what has a right answer in the key (attributions, verdicts,
evidence). What is left is prose or opinion, so it lives here, apart from the arithmetic:

* ``rating_1``/``rating_2`` are one rubric item, ``ratings``: a rating is only as good as the
  reason given for it, so the teacher marks it; the key's own ratings are shown beside it;
* ``holds``, ``fails``, ``missing`` and ``note_to_friend`` (the whole-text summary) are rubric
  items, each with a model answer from the key;
* ``trust_after`` has no right answer: it is shown, so the learner can compare it with their
  first reaction in lesson or exercise 01, and never graded.

:func:`hand_marked` turns these answers into feedback lines and rubric-sheet rows; the
wording of the levels below is what the teacher reads on the sheet.
"""

from __future__ import annotations

from typing import Any

from kit.grading.registry import (
    AnswerShapeError,
    ItemResult,
    RubricItem,
    RubricSpec,
    rubric_line,
)
from kit.grading.shapes import text_or_none

__all__ = ["RATINGS", "WHOLE_TEXT", "hand_marked"]

RATINGS = RubricSpec(
    "ratings",
    2.0,
    "1 point per source rated (at most 2) whose three answers are given and whose note names a "
    "concrete reason: who runs the source and what it can know, what evidence it shows, or "
    "what other outlets say about it; 0 for a source rated without a reason",
    "3. Rate two sources",
)
WHOLE_TEXT = (
    RubricSpec(
        "holds",
        2.0,
        "2 = names at least two claims that check out, each with a source; 1 = names what "
        "holds without sources, or only one claim; 0 = blank, or an opinion about the actors "
        "instead of a check of the text",
        "4a. What in the text holds up?",
    ),
    RubricSpec(
        "fails",
        2.0,
        "2 = names at least two claims that do not hold (for example Buturlinovka, the Nuland "
        "quote, the helicopter count, the official's title) and says why, with a source; "
        "1 = names one, or gives no reason or source; 0 = blank, or 'it is biased' alone",
        "4b. What does not hold up?",
    ),
    RubricSpec(
        "missing",
        2.0,
        "2 = names the stand-down that evening and the deal brokered by Lukashenko, and notes "
        "the post was written before it; 1 = mentions the ending vaguely, or names other gaps "
        "only; 0 = blank or off the point",
        "4c. What does the text leave out?",
    ),
    RubricSpec(
        "note_to_friend",
        2.0,
        "2 = short and friendly, credits what the text got right, points to a better source "
        "without lecturing; 1 = accurate but scolding, or with no reasons ('this is fake "
        "news'); 0 = blank",
        "4e. A note to a friend who shared the text",
    ),
)


def hand_marked(
    values: dict[str, Any], key: dict[str, Any]
) -> tuple[list[ItemResult], list[RubricItem]]:
    """Feedback lines (ratings, whole-text summary, trust, in the exercise's order) and the
    rubric-sheet rows for the ratings and the summary. ``key`` is the ``sources`` section."""
    items: list[ItemResult] = []
    rubric = [_ratings(values, items, key.get("ratings") or {}, key.get("_outlets") or {})]
    whole = key.get("whole_text") or {}
    for spec in WHOLE_TEXT:
        written = (text_or_none(values, spec.item) or "").strip()
        model = f"A model answer: {whole.get(spec.item, '')}"
        line, marked = rubric_line(spec, written, "", model)
        items.append(line)
        rubric.append(marked)
    items.insert(-1, _trust(values))  # 4d, rated rather than written, before 4e (the last)
    return items, rubric


def _ratings(
    values: dict[str, Any], items: list[ItemResult], model: dict[str, Any], outlets: dict[str, str]
) -> RubricItem:
    lines, rows = [], []
    for slot in ("rating_1", "rating_2"):
        rating = values.get(slot)
        if rating is None:
            continue
        if type(rating) is not dict or not all(
            v is None or type(v) is str for v in rating.values()
        ):
            raise AnswerShapeError(f"item {slot!r} should be a source with three ratings")
        source = rating.get("source") or "?"
        levels = ", ".join(f"{q}: {rating.get(q) or '-'}" for q in ("who", "evidence", "others"))
        note = (rating.get("note") or "").strip()
        name = outlets.get(source, source)
        lines.append(f"{name} ({levels})" + (f" because {note}" if note else ""))
        rows.append(_rating_row(slot, lines[-1], model.get(source)))
    line, marked = rubric_line(
        RATINGS,
        "\n".join(lines),
        "",
        "Your teacher marks this on the reasons you give; the key's ratings are below.",
    )
    items += [line, *rows]
    return marked


def _rating_row(slot: str, answer: str, keyed: Any) -> ItemResult:
    if isinstance(keyed, dict):
        key = f"{keyed.get('overall', '?')} overall"
        why = (
            f"Who: {keyed.get('who', '')} Evidence: {keyed.get('evidence', '')} "
            f"Others: {keyed.get('others', '')}"
        )
    else:
        key, why = "", "The key has no model rating for this source; compare with a classmate."
    return ItemResult(f"ratings {slot}", f"Source {slot[-1]}", answer, key, None, None, "info", why)


def _trust(values: dict[str, Any]) -> ItemResult:
    rating = values.get("trust_after")
    if rating is not None and (type(rating) is bool or not isinstance(rating, int | str)):
        raise AnswerShapeError("item 'trust_after' should be a rating from 1 to 5")
    return ItemResult(
        "trust_after",
        "4d. How far do you trust the text now? (1 to 5)",
        "" if rating is None else str(rating),
        "no right answer",
        None,
        None,
        "info",
        "Compare it with your first reaction (lesson or exercise 01): what changed your mind, "
        "or why not?",
    )
