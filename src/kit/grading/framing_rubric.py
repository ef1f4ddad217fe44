"""Exercise 04, the items a teacher marks: Entman's four functions and the four word choices.

:mod:`kit.grading.framing` scores what the key can settle (techniques and frames). What is
left is prose, so it lives here, as exercise 03's does in :mod:`kit.grading.sources_rubric`:

* ``entman_problem`` ... ``entman_remedy`` are one rubric item each, shown beside the key's
  model answer;
* ``word_choice`` is one rubric item for up to four rows. Each row the learner filled is also
  shown on its own, matched loosely (by its words) to a key word choice when there is one, so
  the feedback page can say what the key thought that word does to the reader.

The wording of the levels below is what the teacher reads on the rubric sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kit.grading.registry import ItemResult, RubricItem, RubricSpec, rubric_line
from kit.grading.shapes import list_or_empty, text_or_none
from kit.scoring import phrase_words, same_words

__all__ = ["RUBRIC", "HandMarkedKey", "hand_marked", "hand_marked_key", "hand_marked_model"]

ENTMAN = (
    ("problem", "3. The problem the text defines"),
    ("cause", "3. The causes it blames"),
    ("judgement", "3. The moral judgement it makes"),
    ("remedy", "3. The remedy it suggests"),
)
ENTMAN_RUBRIC = tuple(
    RubricSpec(
        f"entman_{name}",
        2.0,
        "2 = says what the blog post presents, with a phrase from it; 1 = on the right lines "
        "but vague, one-sided or without wording from the text; 0 = blank, or describes the "
        "real events or the learner's own view instead of the text's framing",
        prompt,
    )
    for name, prompt in ENTMAN
)
WORD_CHOICE = RubricSpec(
    "word_choice",
    4.0,
    "1 point per row (at most 4) that copies loaded words from the text, offers a genuinely "
    "neutral alternative, and says what the original choice makes the reader think or feel",
    "4. Four loaded word choices",
)
RUBRIC = (*ENTMAN_RUBRIC, WORD_CHOICE)


@dataclass(frozen=True, slots=True)
class _WordChoice:
    """A key word choice: its words as ``phrase_words`` gives them, its cell, its effect."""

    words: str
    cell: str
    effect: str


@dataclass(frozen=True, slots=True)
class HandMarkedKey:
    """The key's side of the hand-marked items, worked out once per run."""

    entman: tuple[tuple[str, str], ...]
    """Per Entman function, as in ``ENTMAN``: the model answer and the explanation."""
    word_choice: tuple[_WordChoice, ...]
    word_choice_key: str
    """All the key's word choices in one cell, for the rubric line."""


def hand_marked_key(key: dict[str, Any]) -> HandMarkedKey:
    choices = _word_choices(key.get("word_choice") or [])
    return HandMarkedKey(
        tuple(_entman_key(key.get("entman") or {}, name) for name, _prompt in ENTMAN),
        choices,
        "; ".join(c.cell for c in choices),
    )


def _word_choices(key: list[dict[str, Any]]) -> tuple[_WordChoice, ...]:
    choices = []
    for c in key:
        quote = c.get("quote") or ""
        words = phrase_words(quote if isinstance(quote, str) else str(quote))
        choices.append(
            _WordChoice(words, f"“{quote}” → {c.get('neutral', '')}", c.get("effect", ""))
        )
    return tuple(choices)


def _entman_key(key: dict[str, Any], name: str) -> tuple[str, str]:
    model = key.get(name) or {}
    full = (model.get("rubric") or {}).get("full", "")
    return model.get("model", ""), f"A full answer: {full}" if full else ""


def hand_marked(
    values: dict[str, Any], items: list[ItemResult], key: HandMarkedKey
) -> list[RubricItem]:
    """The rubric rows of one hand-in; their feedback lines are added to ``items``."""
    rubric = []
    for spec, (model, explanation) in zip(ENTMAN_RUBRIC, key.entman, strict=True):
        written = (text_or_none(values, spec.item) or "").strip()
        line, marked = rubric_line(spec, written, model, explanation)
        items.append(line)
        rubric.append(marked)
    rubric.append(_word_choice(values, items, key))
    return rubric


def _word_choice(values: dict[str, Any], items: list[ItemResult], key: HandMarkedKey) -> RubricItem:
    rows = list_or_empty(values, "word_choice", (), optional=("words", "neutral", "effect"))
    lines, subrows = [], []
    for n, row in enumerate(rows, 1):
        words, neutral, effect = (row.get(f) or "" for f in ("words", "neutral", "effect"))
        if not (words or neutral or effect):  # a row left blank keeps the next rows' numbers
            continue
        lines.append(f"{n}. “{words}” → {neutral}: {effect}")
        mine = phrase_words(words)
        match = next((c for c in key.word_choice if same_words(mine, c.words)), None)
        subrows.append(
            ItemResult(
                f"word_choice {n}",
                f"Word choice {n}",
                lines[-1],
                match.cell if match else "",
                None,
                None,
                "info",
                match.effect if match else "Not one of the key's four: discuss it.",
            )
        )
    line, marked = rubric_line(
        WORD_CHOICE,
        "\n".join(lines),
        key.word_choice_key,
        "Your teacher marks this. Any loaded words from the text count, not only the key's.",
    )
    items += [line, *subrows]
    return marked


def hand_marked_model(key: dict[str, Any]) -> dict[str, Any]:
    """The hand-marked items as a learner who wrote the key's model answers would save them."""
    return {
        **{
            f"entman_{name}": (key.get("entman") or {}).get(name, {}).get("model")
            for name, _ in ENTMAN
        },
        "word_choice": [
            {"words": c["quote"], "neutral": c.get("neutral", ""), "effect": c.get("effect", "")}
            for c in key.get("word_choice") or []
        ]
        or None,
    }
