"""Answers outside the choices an exercise offers: graded, and the teacher is told.

The widgets only write labels the exercise offers, so a triage label "MAYBE" or a technique
the taxonomy does not have means the file was edited by hand or saved by another version of
the kit. Such an answer cannot match the key, but a silent zero would look like the learner's
mistake. Each grader therefore returns a note for it
(:attr:`~kit.grading.registry.TaskResult.notes`), and the note reaches ``problems.csv``
beside the learner's file, while the rest of the file is graded as usual.

Only answers the exercise asks for are checked (a sentence or claim the key has), and only
labels that are scored or compared with the key. Ratings and the levels of exercise 03's
source ratings go to the rubric sheet as written, where the teacher reads them anyway.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence

from kit.grading.submissions import brief

__all__ = ["BLANK", "choices", "not_offered", "note", "spans_not_offered"]

BLANK: frozenset[str | None] = frozenset(("", None))
"""An unanswered label: never a note."""

SCORED = "among the exercise's choices ({choices}), so scored as different from the key"
"""The usual end of a note; ``{choices}`` becomes the labels (or how many there are)."""

_LISTED = 8
"""Label sets up to this size are spelt out in the note; longer ones are only counted."""


def choices(ids: Iterable[str]) -> frozenset[str | None]:
    """A label set as :func:`not_offered` takes it: the ids, and the blank answers."""
    return frozenset(ids) | BLANK


def not_offered(
    item: str,
    answers: Mapping[str, Hashable] | Collection[Hashable],
    offered: frozenset[str | None],
    outside: str = SCORED,
) -> list[str]:
    """A note naming the answers of ``item`` that are not in ``offered`` (made by
    :func:`choices`), or none. A mapping's keys say where each answer is (a sentence, a
    claim); a set of ids (frames) has no places, so its answers are named in sorted order.
    Checked in C for the usual hand-in, in which every answer is offered."""
    values = answers.values() if isinstance(answers, Mapping) else answers
    if offered.issuperset(values):
        return []
    if isinstance(answers, Mapping):
        return note(item, list(answers.items()), offered, outside)
    return note(item, [(None, value) for value in sorted(answers, key=str)], offered, outside)


def spans_not_offered(
    item: str, spans: Sequence[Mapping[str, object]], offered: frozenset[str | None], outside: str
) -> list[str]:
    """:func:`not_offered` for the labels of highlights, each placed by its quote: the quote
    is what the teacher finds on the feedback page, where highlights are not numbered."""
    if offered.issuperset([s.get("label") for s in spans]):
        return []
    pairs = [(f"on {brief(s.get('quote'), 30)}", s.get("label")) for s in spans]
    return note(item, pairs, offered, outside)


def note(
    item: str,
    answers: Iterable[tuple[object, Hashable]],
    offered: frozenset[str | None],
    outside: str = SCORED,
) -> list[str]:
    """The note of :func:`not_offered` from ``(where, answer)`` pairs (``where`` None when an
    answer has no place), for answers that are not one per unit: a claim may link several
    sources. ``outside`` is the note's end: what the choices are, and what the answer cost."""
    found: dict[str, list[str]] = {}
    for where, value in answers:
        if value not in offered:
            places = found.setdefault(brief(value), [])
            if where is not None:
                places.append(_where(where))
    if not found:
        return []
    listed = [f"{v} ({_places(places)})" if places else v for v, places in found.items()]
    shown = "; ".join(listed[:3]) + (f"; and {len(listed) - 3} more" if len(listed) > 3 else "")
    labels = sorted(str(v) for v in offered - BLANK)
    what = ", ".join(labels) if len(labels) <= _LISTED else f"{len(labels)} of them"
    verb = "is" if len(found) == 1 else "are"
    return [f"item {item!r}: {shown} {verb} not {outside.format(choices=what)}"]


def _where(unit: object) -> str:
    """A unit id as written (``p1.s2``), or cut short and quoted if it is long, empty or odd:
    the ids come from the learner's file, and the note is printed to the teacher's terminal."""
    if isinstance(unit, str) and unit and unit.isprintable() and len(unit) <= 40:
        return unit
    return brief(unit)


def _places(places: list[str]) -> str:
    """Where an answer was given: the first three places, then how many more."""
    if len(places) <= 3:
        return ", ".join(places)
    return f"{', '.join(places[:3])} and {len(places) - 3} more"
