"""Item-by-item feedback on tagged spans, shared by the claims and framing exercises.

Each key span the learner touched is reported found or partly found (``scoring.match_report``),
and each learner span that touches no key span is listed, so the learner can ask why they tagged
it. The key spans nobody touched are only counted: listed with their quotes, one Check would hand
over the whole key, which is what **Show model answer** is for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kit.scoring import match_report
from kit.widgets import Feedback

Span = dict[str, Any]


def span_feedback(
    item: str,
    learner: list[Span],
    key_spans: list[Span],
    describe: Callable[[Span, list[Span]], str],
    extra: str,
    noun: str,
    credited: Callable[[Span, list[Span]], bool] = lambda span, touching: True,
) -> list[Feedback]:
    """``describe(key_span, overlapping learner spans)`` words each key line; ``extra`` ends
    the line for a learner span that matches nothing; ``noun`` names the key's spans. A key
    span found, but only by labels that earn nothing (``credited`` false), is marked wrong:
    "✔ Found" beside "you chose a technique of another group" told the learner two things."""
    report = match_report(learner, key_spans)
    lines = []
    missed = 0
    for match in report.keys:
        span = key_spans[match.index]
        touching = [s for s in learner if s["start"] < span["end"] and span["start"] < s["end"]]
        if not touching:
            missed += 1
            continue
        status = match.status if credited(span, touching) else "wrong"
        lines.append(Feedback(item, status, describe(span, touching)))
    if missed:
        said = f"{missed} of the key's {len(key_spans)} {noun} have no highlight of yours yet."
        lines.append(Feedback(item, "missed", f"{said} Show model answer lists them, with why."))
    for start, end in report.unmatched:
        quote = " … ".join(s["quote"] for s in learner if start <= s["start"] and s["end"] <= end)
        lines.append(Feedback(item, "extra", f"“{quote}”: {extra}"))
    return lines
