"""Item-by-item feedback on tagged spans, shared by the claims and framing exercises.

Each key span is reported found, partly found or missed (``scoring.match_report``), and each
learner span that touches no key span is listed, so the learner can ask why they tagged it.
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
) -> list[Feedback]:
    """``describe(key_span, overlapping learner spans)`` words each key line; ``extra`` ends
    the line for a learner span that matches nothing."""
    report = match_report(learner, key_spans)
    lines = []
    for match in report.keys:
        span = key_spans[match.index]
        touching = [s for s in learner if s["start"] < span["end"] and span["start"] < s["end"]]
        lines.append(Feedback(item, match.status, describe(span, touching)))
    for start, end in report.unmatched:
        quote = " … ".join(s["quote"] for s in learner if start <= s["start"] and s["end"] <= end)
        lines.append(Feedback(item, "extra", f"“{quote}”: {extra}"))
    return lines
