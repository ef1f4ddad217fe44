"""Answers outside the choices an exercise offers: graded, and the teacher is told.

The widgets only write labels the exercise offers, so a triage label "MAYBE" or a technique
the taxonomy does not have means the file was edited by hand or saved by another version of
the kit. Such an answer cannot match the key and is scored as different from it, but a silent
zero would look like the learner's mistake. Each grader therefore returns a note for it
(:attr:`~kit.grading.registry.TaskResult.notes`), and the note reaches ``problems.csv``
beside the learner's file, while the rest of the file is graded as usual.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from kit.grading.submissions import brief

__all__ = ["BLANK", "choices", "not_offered", "note"]

BLANK: frozenset[str | None] = frozenset(("", None))
"""An unanswered label: never a note."""

_LISTED = 8
"""Label sets up to this size are spelt out in the note; longer ones are only counted."""


def choices(ids: Iterable[str]) -> frozenset[str | None]:
    """A label set as :func:`not_offered` takes it: the ids, and the blank answers."""
    return frozenset(ids) | BLANK


def not_offered(
    item: str,
    answers: Mapping[str, object] | Collection[object],
    offered: frozenset[str | None],
    numbered: str = "",
) -> list[str]:
    """A note naming the answers of ``item`` that are not in ``offered`` (made by
    :func:`choices`), or none. A mapping's keys say where each answer is (a sentence, a
    claim); in a list, each is ``numbered`` ("highlight 3"), or only named when that is
    empty. Checked in C for the usual hand-in, in which every answer is offered."""
    values = answers.values() if isinstance(answers, Mapping) else answers
    if offered.issuperset(values):
        return []
    if isinstance(answers, Mapping):
        return note(item, list(answers.items()), offered)
    if not numbered:  # a set of ids: named in a steady order
        return note(item, [("", value) for value in sorted(answers, key=str)], offered)
    return note(item, [(f"{numbered} {n}", v) for n, v in enumerate(answers, 1)], offered)


def note(
    item: str,
    answers: Iterable[tuple[object, object]],
    offered: frozenset[str | None],
    outside: str = "",
) -> list[str]:
    """The note of :func:`not_offered` from ``(where, answer)`` pairs, for answers that are
    not one per unit (a claim may link several sources); none if every answer is offered.
    ``outside`` replaces the note's end: what the choices are, and what the answer cost."""
    found: dict[str, list[str]] = {}
    for where, value in answers:
        if value not in offered:
            found.setdefault(brief(value), []).append(_where(where))
    if not found:
        return []
    listed = [f"{v} ({_places(places)})" if places[0] else v for v, places in found.items()]
    shown = "; ".join(listed[:3]) + (f"; and {len(listed) - 3} more" if len(listed) > 3 else "")
    if not outside:
        labels = sorted(str(v) for v in offered - BLANK)
        what = ", ".join(labels) if len(labels) <= _LISTED else f"{len(labels)} of them"
        outside = f"among the exercise's choices ({what}), so scored as different from the key"
    return [f"item {item!r}: {shown} {'is' if len(found) == 1 else 'are'} not {outside}"]


def _where(unit: object) -> str:
    """A unit id as written (``p1.s2``), or cut short and quoted if it is long or odd: the
    ids come from the learner's file, and the note is printed to the teacher's terminal."""
    if isinstance(unit, str) and unit.isprintable() and len(unit) <= 40:
        return unit
    return brief(unit)


def _places(places: list[str]) -> str:
    if len(places) <= 3:
        return ", ".join(places)
    return f"{', '.join(places[:3])} and {len(places) - 3} more"
