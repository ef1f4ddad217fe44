"""Small inline SVG charts for the class report: no plotting library, nothing loaded.

Each chart is a string of SVG with a ``<title>`` and an ``aria-label`` for screen readers,
exact numbers in tooltips, and shapes that stay readable in black and white.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from kit.grading.page import esc, num

__all__ = ["PALETTE", "bars", "histogram", "scale", "stacked"]

PALETTE = ("#2b6cb0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3")


def _svg(width: int, height: int, label: str, body: str) -> str:
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
        f"viewBox='0 0 {width} {height}' role='img' aria-label='{esc(label)}'>"
        f"<title>{esc(label)}</title>{body}</svg>"
    )


def histogram(values: Sequence[float], maximum: float, label: str, bins: int = 10) -> str:
    """Score distribution: ``bins`` equal bins from 0 to ``maximum``, counts above the bars."""
    width, height, left, bottom, top = 420, 170, 34, 30, 16
    bins = max(1, min(bins, int(maximum * 4) or 1))
    counts = _binned(values, maximum, bins)
    peak = max(counts, default=0) or 1
    inner_w, inner_h = width - left - 8, height - bottom - top
    bar_w = inner_w / bins
    body = [
        f"<line x1='{left}' y1='{top + inner_h}' x2='{width - 8}' y2='{top + inner_h}' "
        "stroke='#333'/>"
    ]
    for i, count in enumerate(counts):
        h = inner_h * count / peak
        x = left + i * bar_w
        low, high = maximum * i / bins, maximum * (i + 1) / bins
        tip = f"{count} learner(s) with {num(low)} to {num(high)} points"
        body.append(
            f"<rect x='{x + 1:.1f}' y='{top + inner_h - h:.1f}' width='{bar_w - 2:.1f}' "
            f"height='{h:.1f}' fill='{PALETTE[0]}' stroke='#123'><title>{esc(tip)}</title></rect>"
        )
        if count:
            body.append(
                f"<text x='{x + bar_w / 2:.1f}' y='{top + inner_h - h - 3:.1f}' "
                f"text-anchor='middle'>{count}</text>"
            )
    for i in (0, bins // 2, bins):
        x = left + i * bar_w
        body.append(
            f"<text x='{x:.1f}' y='{height - 12}' text-anchor='middle'>"
            f"{num(maximum * i / bins)}</text>"
        )
    body.append(f"<text x='{width / 2:.0f}' y='{height - 1}' text-anchor='middle'>points</text>")
    return _svg(width, height, label, "".join(body))


def _binned(values: Sequence[float], maximum: float, bins: int) -> list[int]:
    """How many values fall in each bin. The bin of a value only grows with the value, so
    in sorted order each bin is one run, found by bisection: a class of 10,000 costs a sort
    and a few dozen bin lookups per column, not one Python step per learner."""
    if maximum <= 0:
        return [len(values)] + [0] * (bins - 1)

    def bin_of(value: float) -> int:
        return min(max(int(value / maximum * bins), 0), bins - 1)

    ordered = sorted(values)
    ends = [bisect_left(ordered, i + 1, key=bin_of) for i in range(bins - 1)]
    starts = [0, *ends]
    return [end - start for start, end in zip(starts, [*ends, len(ordered)], strict=True)]


def stacked(counts: Sequence[tuple[str, int]], label: str, width: int = 260) -> str:
    """One horizontal bar split by label, each part named and counted."""
    total = sum(n for _, n in counts) or 1
    height = 22
    x = 0.0
    body = []
    for i, (name, n) in enumerate(counts):
        w = width * n / total
        if w <= 0:
            continue
        body.append(
            f"<rect x='{x:.1f}' y='0' width='{w:.1f}' height='{height}' "
            f"fill='{PALETTE[i % len(PALETTE)]}' stroke='#fff'>"
            f"<title>{esc(name)}: {n}</title></rect>"
        )
        if w > 34:
            body.append(
                f"<text x='{x + w / 2:.1f}' y='15' text-anchor='middle' "
                f"style='fill:#fff;font-weight:600'>{esc(name)} {n}</text>"
            )
        x += w
    return _svg(width, height, label, "".join(body))


def bars(counts: Sequence[tuple[str, int]], label: str, mark: str | None = None) -> str:
    """Horizontal bars, one per label; the ``mark`` label (the key's) is starred."""
    row, left, width = 24, 120, 420
    peak = max((n for _, n in counts), default=0) or 1
    body = []
    for i, (name, n) in enumerate(counts):
        y = i * row
        w = (width - left - 50) * n / peak
        star = " ★" if name == mark else ""
        body.append(
            f"<text x='{left - 6}' y='{y + 16}' text-anchor='end'>{esc(name)}{star}</text>"
            f"<rect x='{left}' y='{y + 4}' width='{w:.1f}' height='{row - 8}' "
            f"fill='{PALETTE[0] if name == mark else '#999'}'><title>{esc(name)}: {n}</title>"
            f"</rect><text x='{left + w + 4:.1f}' y='{y + 16}'>{n}</text>"
        )
    return _svg(width, row * len(counts) + 4, label, "".join(body))


def scale(markers: Sequence[tuple[float, str, bool]], label: str) -> str:
    """A 0-to-1 line with markers: (value, name, is_class). The class's are filled dots."""
    width, left, right = 620, 20, 20
    low = min([0.0, *(v for v, _, _ in markers)])
    span = 1 - low

    def x(value: float) -> float:
        return left + (width - left - right) * (value - low) / span

    body = [
        f"<line x1='{x(low):.1f}' y1='40' x2='{x(1):.1f}' y2='40' stroke='#333'/>",
        *(
            f"<line x1='{x(t):.1f}' y1='36' x2='{x(t):.1f}' y2='44' stroke='#333'/>"
            f"<text x='{x(t):.1f}' y='58' text-anchor='middle'>{num(t)}</text>"
            for t in (0, 0.2, 0.4, 0.6, 0.8, 1)
        ),
    ]
    ends: dict[tuple[bool, int], float] = {}
    for value, name, ours in sorted(markers, key=lambda m: m[0]):
        caption = f"{name} {num(value)}"
        half = 3.4 * len(caption)
        at = min(max(x(value), half + 2), width - half - 2)  # keep the caption on the canvas
        row = 0  # the first text row, above (class) or below (reference), with room left
        while ends.get((ours, row), -1e9) > at - half - 4:
            row += 1
        ends[ours, row] = at + half
        y = 26 - 14 * row if ours else 74 + 14 * row
        shape = (
            f"<circle cx='{x(value):.1f}' cy='40' r='6' fill='{PALETTE[1]}' stroke='#000'/>"
            if ours
            else f"<rect x='{x(value) - 4:.1f}' y='36' width='8' height='8' fill='#fff' "
            "stroke='#000'/>"
        )
        body.append(f"{shape}<text x='{at:.1f}' y='{y}' text-anchor='middle'>{esc(caption)}</text>")
    height = 74 + 14 * max([r for ours, r in ends if not ours], default=0) + 8
    top = 14 * max([r for ours, r in ends if ours], default=0)
    return _svg(
        width, height + top, label, f"<g transform='translate(0 {top})'>{''.join(body)}</g>"
    )
