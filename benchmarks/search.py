"""Search latency over the source pack, and over 5,000 synthetic documents built from it.

The baseline is a plain substring scan over the same documents in the same run: the simplest
search a teacher could write, so the ratio shows what ranking costs.
"""

from __future__ import annotations

import random
from dataclasses import replace

from kit import load_case
from kit.sources import SourcePack, load_pack

QUERIES = [
    "helicopters shot down",
    "Nuland coup",
    "Buturlinovka airbase",
    "old video footage",
    "Lukashenko deal",
    "Putin treason address",
    "M4 closed Moscow",
    "ammunition Bakhmut",
]


def synthetic(pack: SourcePack, size: int, seed: int = 7) -> SourcePack:
    """``size`` documents made of the pack's own words, so term statistics stay realistic."""
    rng = random.Random(seed)
    words = " ".join(s.summary for s in pack.sources).split()
    sources = []
    for n in range(size):
        base = pack.sources[n % len(pack)]
        summary = " ".join(rng.choice(words) for _ in range(120))
        sources.append(replace(base, id=f"doc-{n}", summary=summary))
    return SourcePack(sources)


def substring_scan(pack: SourcePack, query: str) -> list[str]:
    words = query.lower().split()
    return [s.id for s in pack.sources if all(w in s.summary.lower() for w in words)]


def rows(repeat: int = 5) -> list[tuple[str, str, float, float]]:
    from benchmarks.run import timed

    pack = load_pack(load_case("wagner-convoy"))
    big = synthetic(pack, 5000)
    results = []
    for name, target in ((f"the pack ({len(pack)} docs)", pack), ("5,000 synthetic docs", big)):
        ranked = timed(lambda t=target: [t.search(q) for q in QUERIES], repeat) / len(QUERIES)
        scan = timed(lambda t=target: [substring_scan(t, q) for q in QUERIES], repeat) / len(
            QUERIES
        )
        results.append((f"search, {name}", "substring scan, same docs", ranked, scan))
    return results


if __name__ == "__main__":
    from benchmarks.run import print_table

    print_table(rows())
