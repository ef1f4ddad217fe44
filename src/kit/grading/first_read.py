"""Grading exercise 01, first read: the genre is scored, the justification goes to the rubric.

* ``genre``: 1 point when it matches the key or one of its accepted alternatives;
* ``justification``: free text, scored by the instructor on the rubric sheet (0 to 2);
* ``first_reaction``: a trust rating with no right answer; shown, never graded.
"""

from __future__ import annotations

from typing import Any

from kit.cases import Case
from kit.grading.offered import choices, not_offered
from kit.grading.registry import (
    AnswerShapeError,
    ItemResult,
    KeyView,
    LabelSet,
    RubricSpec,
    Task,
    TaskResult,
    register,
    rubric_line,
)
from kit.grading.shapes import text_or_none
from kit.scoring import label_agreement
from kit.taxonomy import GENRES

GENRE_POINTS = 1.0
_GENRES = choices(GENRES)
JUSTIFICATION = RubricSpec(
    "justification",
    2.0,
    "0 = no reason, or a reason unrelated to the text; "
    "1 = a general impression without a clue from the text ('it sounds biased'); "
    "2 = names at least one concrete clue in the text (no byline or named sources, "
    "rhetorical questions, guesses about motives, the '(TAP)' comment tag)",
    "One clue that points to your choice",
)


def grade(values: dict[str, Any], key: dict[str, Any]) -> TaskResult:
    items: list[ItemResult] = []
    labels: dict[str, dict[str, str]] = {}
    points = 0.0
    genre_key = key.get("genre") or {}
    genre = text_or_none(values, "genre")
    verdict = label_agreement(genre, genre_key.get("answer", ""), genre_key.get("accepted", []))
    score = GENRE_POINTS if verdict in ("match", "accepted") else 0.0
    points += score
    if genre is not None:
        labels["genre"] = {"genre": genre}
    accepted = genre_key.get("accepted") or []
    also = f" (also accepted: {', '.join(accepted)})" if accepted else ""
    items.append(
        ItemResult(
            "genre",
            "Genre",
            genre or "",
            genre_key.get("answer", "") + also,
            score,
            GENRE_POINTS,
            {"match": "right", "different": "wrong"}.get(verdict, verdict),
            genre_key.get("explanation", ""),
        )
    )

    written = text_or_none(values, "justification")
    written = written.strip() if written else ""
    line, marked = rubric_line(
        JUSTIFICATION,
        written,
        "",
        (key.get("justification") or {}).get("explanation", ""),
    )
    items.append(line)
    rubric = [marked]

    rating = values.get("first_reaction")
    if rating is not None and (isinstance(rating, bool) or not isinstance(rating, int | str)):
        raise AnswerShapeError("item 'first_reaction' should be a rating from 1 to 5")
    items.append(
        ItemResult(
            "first_reaction",
            "How far do you trust this text? (1 to 5)",
            "" if rating is None else str(rating),
            "no right answer",
            None,
            None,
            "info",
            (key.get("first_reaction") or {}).get("explanation", ""),
        )
    )
    notes = not_offered("genre", (genre,), _GENRES)
    return TaskResult("01_first_read", points, GENRE_POINTS, items, rubric, labels, notes=notes)


def key_view(key: dict[str, Any], case: Case) -> KeyView:
    genre = key.get("genre") or {}
    return KeyView(
        labels={
            "genre": LabelSet(
                "Genre of the whole text",
                {"genre": genre.get("answer", "")},
                {"genre": case.title},
                {"genre": tuple(genre.get("accepted") or ())},
                {"genre": genre.get("explanation", "")},
            )
        }
    )


def model_answer(key: dict[str, Any]) -> dict[str, Any]:
    return {
        "genre": key["genre"]["answer"],
        "justification": (key.get("justification") or {}).get("explanation", ""),
    }


TASK = register(
    Task(
        exercise="01_first_read",
        section="first_read",
        title="Exercise 01: first read",
        grader=grade,
        max_points=GENRE_POINTS,
        rubric=(JUSTIFICATION,),
        key_view=key_view,
        model_answer=model_answer,
    )
)
