"""Who and what a case text mentions, as a table learners can sort and filter.

The list of names lives in the case's ``case.toml`` (``[[entities]]``) rather than coming from a
statistical name finder: a teaching kit should show the right table every time, with a note on
each name written by a person, and needs no model download. The helper's job is to find every
mention exactly and say in which sentences it occurs.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from kit.cases import Case

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["find_mentions", "mentions"]


def find_mentions(case: Case) -> list[dict[str, Any]]:
    """One row per mention: the entity, the exact text, its offsets and sentence id."""
    text = case.article.text
    rows: list[dict[str, Any]] = []
    taken: list[tuple[int, int]] = []
    # Longest aliases first, so "Russian Defence Ministry" wins over "Defence Ministry".
    aliases = sorted(
        (
            (alias, entity)
            for entity in case.meta.get("entities", [])
            for alias in entity["aliases"]
        ),
        key=lambda pair: -len(pair[0]),
    )
    for alias, entity in aliases:
        for match in re.finditer(rf"\b{re.escape(alias)}\b", text):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            taken.append(match.span())
            sentence = case.article.sentence_at(match.start())
            rows.append(
                {
                    "name": entity["name"],
                    "kind": entity["kind"],
                    "text": match.group(),
                    "start": match.start(),
                    "end": match.end(),
                    "sentence": sentence.id if sentence else None,
                }
            )
    return sorted(rows, key=lambda row: row["start"])


def mentions(case: Case) -> pd.DataFrame:
    """The lesson's table: each person, place and organisation, how often and where."""
    import pandas as pd

    found = pd.DataFrame(
        find_mentions(case), columns=["name", "kind", "text", "start", "end", "sentence"]
    )
    notes = {e["name"]: e.get("note", "") for e in case.meta.get("entities", [])}
    table = (
        found.groupby(["kind", "name"], sort=False)
        .agg(
            mentions=("text", "size"),
            spelt=("text", lambda s: ", ".join(sorted(set(s)))),
            sentences=("sentence", lambda s: ", ".join(dict.fromkeys(s))),
        )
        .reset_index()
    )
    table["note"] = table["name"].map(notes)
    order = {"person": 0, "organisation": 1, "place": 2}
    table = table.sort_values(
        ["kind", "mentions"], key=lambda c: c.map(order) if c.name == "kind" else -c
    )
    return table.reset_index(drop=True)
