"""Reading a hand-in's answers without trusting them: each reader returns the item as the
widget writes it, or raises :class:`~kit.grading.registry.AnswerShapeError` naming the item,
the entry and the field that misfit, so the teacher's ``problems.csv`` says what is wrong.

Graders call these instead of indexing ``values`` directly: a hand-in is data from outside,
edited by hand at times, and a wrong type must become a reason, never a crash.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import repeat
from typing import Any

from kit.grading.registry import AnswerShapeError

__all__ = [
    "SPAN_FIELDS",
    "ids_or_none",
    "keyed_labels",
    "list_or_empty",
    "mapping_or_empty",
    "spans_or_empty",
    "text_or_none",
]


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false"}.get(
        type(value), "a number" if isinstance(value, int | float) else "something else"
    )


def text_or_none(values: Mapping[str, Any], item: str) -> str | None:
    """A free-text or single-choice item: text, or ``None`` when unanswered."""
    value = values.get(item)
    if value is None or isinstance(value, str):
        return value or None
    raise AnswerShapeError(f"item {item!r} should be text, found {_kind(value)}")


def mapping_or_empty(values: Mapping[str, Any], item: str) -> dict[str, str]:
    """A label-per-row item such as triage: ``{row id: label}``."""
    value = values.get(item)
    if value is None:
        return {}
    # map, not a generator: a class's triage and attribution rows are checked in C
    if not isinstance(value, dict) or not all(map(isinstance, value.values(), repeat(str))):
        raise AnswerShapeError(f"item {item!r} should map row ids to labels")
    return value


def list_or_empty(
    values: Mapping[str, Any], item: str, fields: Iterable[str], optional: Iterable[str] = ()
) -> list[dict]:
    """A list of objects such as spans. Each must carry ``fields``; ``start`` and ``end`` must
    be whole numbers, other fields text (or null); ``optional`` fields, when present, text."""
    value = values.get(item)
    if value is None:
        return []
    if type(value) is not list:
        raise AnswerShapeError(f"item {item!r} should be a list of objects")
    needed = frozenset(fields)
    texts = tuple(f for f in needed if f not in ("start", "end"))
    offsets = tuple(f for f in ("start", "end") if f in needed)
    extra = tuple(optional)
    for n, entry in enumerate(value, 1):
        if type(entry) is not dict:
            raise AnswerShapeError(f"item {item!r}, entry {n} is not an object")
        if not entry.keys() >= needed:
            missing = ", ".join(sorted(needed - entry.keys()))
            raise AnswerShapeError(f"item {item!r}, entry {n} lacks {missing}")
        for name in offsets:
            if type(entry[name]) is not int:
                raise AnswerShapeError(f"item {item!r}, entry {n}: {name} is not a whole number")
        for name in texts:
            if entry[name] is not None and type(entry[name]) is not str:
                raise AnswerShapeError(f"item {item!r}, entry {n}: {name} is not text")
        for name in extra:
            found = entry.get(name)
            if found is not None and type(found) is not str:
                raise AnswerShapeError(f"item {item!r}, entry {n}: {name} is not text")
    return value


SPAN_FIELDS = ("start", "end", "quote")
_TEXT = frozenset((str, type(None)))


def spans_or_empty(values: Mapping[str, Any], item: str, extra: str) -> list[dict]:
    """A list of highlighted spans, as :func:`list_or_empty` reads it with ``SPAN_FIELDS``
    and the one optional text field ``extra`` (the label, or the reason for a pick).

    Spans are most of a hand-in (some 35 per learner), so a list the widget wrote is passed
    here field by field, without the general loops; any misfit goes to
    :func:`list_or_empty`, which says what is wrong. (A missing quote reads as ``0``, not
    as null, so it misfits.)"""
    value = values.get(item)
    if type(value) is list:
        for entry in value:
            if (
                type(entry) is not dict
                or type(entry.get("start")) is not int
                or type(entry.get("end")) is not int
                or type(entry.get("quote", 0)) not in _TEXT
                or type(entry.get(extra)) not in _TEXT
            ):
                break
        else:
            return value
    return list_or_empty(values, item, SPAN_FIELDS, (extra,))


def keyed_labels(chosen: dict[str, str], known: frozenset[str] | set[str]) -> dict[str, str]:
    """A learner's labels of the units the key has, for the class report. Most hand-ins
    label no other unit and are passed on as they are, not copied once per learner."""
    if known.issuperset(chosen):
        return chosen
    return {unit: label for unit, label in chosen.items() if unit in known}


def ids_or_none(values: Mapping[str, Any], item: str) -> list[str] | None:
    """A multiple-choice item such as the frames: a list of ids, or ``None`` when unanswered
    (an empty list is an answer: "none of them")."""
    value = values.get(item)
    if value is None:
        return None
    if type(value) is not list or not all(type(v) is str for v in value):
        raise AnswerShapeError(f"item {item!r} should be a list of ids")
    return value
