"""Items made of several rows: label every row, or pick a few things and say why.

``LabelEachItem`` serves sentence triage (lesson 02) and claim-by-claim answers (lesson 03);
``PickItem`` serves "pick the three claims you would check first". Each row's control is the
kit's keyboard-safe :class:`~kit.widgets.choice.Choice` or a plain text box.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as w

from kit.widgets.choice import Choice
from kit.widgets.items import Item, line, named

__all__ = ["LabelEachItem", "PickItem"]


class LabelEachItem(Item):
    """One choice per row; the value maps row ids to the chosen option (answered rows only)."""

    def __init__(
        self,
        item_id: str,
        prompt: str,
        rows: Sequence[tuple[str, str]],
        options: Sequence[tuple[str, Any]],
    ) -> None:
        self.choices: dict[str, Choice] = {}
        lines = []
        for row_id, text in rows:
            choice = Choice(list(options), label=f"{row_id}: {text[:60]}", horizontal=True)
            self.choices[row_id] = choice
            label = w.HTML(
                f"<span class='kit-row-id'>{html.escape(row_id)}</span> {html.escape(text)}"
            )
            line = w.VBox([label, choice], layout=w.Layout(margin="0 0 6px 0"))
            line.add_class("kit-row")
            line.add_class(f"kit-row-{row_id.replace('.', '-')}")
            lines.append(line)
        super().__init__(item_id, prompt, w.VBox(lines))

    @property
    def value(self) -> Any:
        chosen = {rid: c.value for rid, c in self.choices.items() if c.value is not None}
        return chosen or None

    def show(self, value: Any) -> None:
        saved = value if isinstance(value, dict) else {}
        for rid, choice in self.choices.items():
            choice.value = (
                saved.get(rid) if saved.get(rid) in [o["value"] for o in choice.options] else None
            )

    def on_change(self, callback: Callable[[Item], object]) -> None:
        for choice in self.choices.values():
            choice.observe(lambda _change: callback(self), names="value")

    def disable(self, disabled: bool = True) -> None:
        for choice in self.choices.values():
            choice.disabled = disabled

    def unfinished(self, value: Any) -> str | None:
        left = [rid for rid in self.choices if not (isinstance(value, dict) and value.get(rid))]
        if not left:
            return None
        more = f" and {len(left) - 5} more" if len(left) > 5 else ""
        done = len(self.choices) - len(left)
        return f"{done} of {len(self.choices)} answered; not yet: {', '.join(left[:5])}{more}"


class PickItem(Item):
    """Pick ``n`` things from a list that can change (say, the learner's spans) and say why."""

    def __init__(self, item_id: str, prompt: str, n: int = 3) -> None:
        self._offered: dict[str, dict[str, Any]] = {}  # the learner's spans, by "start:end"
        self._orphans: dict[str, dict[str, Any]] = {}  # picks whose span is gone
        self.pickers = [
            named(
                w.Dropdown(options=[("(choose)", "")], value="", layout=w.Layout(width="95%")),
                f"Claim {k + 1}",
            )
            for k in range(n)
        ]
        self.reasons = [
            line(f"Why claim {k + 1}", "why, in one line (choose a claim first)") for k in range(n)
        ]
        rows = [
            w.VBox([w.HTML(f"<b>{k + 1}.</b>"), p, r])
            for k, (p, r) in enumerate(zip(self.pickers, self.reasons, strict=True))
        ]
        super().__init__(item_id, prompt, w.VBox(rows))
        self._off = False
        self._quiet = False
        self._listeners: list[Callable[[Item], object]] = []
        for picker in self.pickers:
            picker.observe(lambda _c: self._gate(), names="value")
        for widget in (*self.pickers, *self.reasons):
            widget.observe(lambda _c: self._changed(), names="value")
        self._gate()

    def _changed(self) -> None:
        if not self._quiet:
            for listener in self._listeners:
                listener(self)

    def _gate(self) -> None:
        """A reason is saved with its claim, so its box opens once a claim is chosen."""
        for picker, reason in zip(self.pickers, self.reasons, strict=True):
            reason.disabled = self._off or not picker.value

    @property
    def _candidates(self) -> dict[str, dict[str, Any]]:
        """What a picker may hold: the learner's spans and the picks left behind."""
        return self._offered | self._orphans

    def set_candidates(self, candidates: Sequence[dict[str, Any]]) -> None:
        """Offer these spans (``start``, ``end``, ``quote``). A pick whose span changed never
        loses its reason: it follows the span that replaced it (a new span overlapping it, as
        when the learner resizes a highlight), or, when its span is gone, stays as it was,
        marked "no longer highlighted", until the learner changes it. A span that was already
        there never takes over a pick: deleting one highlight must not move its pick elsewhere.
        """
        offered = {_key(c): c for c in candidates}
        fresh = [key for key in offered if key not in self._offered]
        picked = [picker.value for picker in self.pickers]
        taken = {key for key in picked if key in offered}
        known = self._candidates
        orphans: dict[str, dict[str, Any]] = {}
        for n, key in enumerate(picked):
            if not key or key in offered or key not in known:
                continue
            old = known[key]
            moved = None
            if key not in self._orphans:  # a pick left behind earlier stays where it is
                moved = _most_overlapping(old, [k for k in fresh if k not in taken], offered)
            if moved:
                picked[n] = moved
                taken.add(moved)
            else:
                orphans[key] = old
        self._offered, self._orphans = offered, orphans
        self._redraw(picked)

    def _redraw(self, picked: Sequence[str]) -> None:
        options = [("(choose)", "")] + [(c["quote"][:90], k) for k, c in self._offered.items()]
        options += [
            (f"(no longer highlighted) {c['quote'][:70]}", k) for k, c in self._orphans.items()
        ]
        before = self.value
        candidates = self._candidates
        self._quiet = True  # a new option list passes through "(choose)": not an answer
        try:
            for picker, key in zip(self.pickers, picked, strict=True):
                picker.options = options
                picker.value = key if key in candidates else ""
        finally:
            self._quiet = False
        if self.value != before:
            self._changed()

    @property
    def value(self) -> Any:
        picks = []
        for picker, reason in zip(self.pickers, self.reasons, strict=True):
            chosen = self._candidates.get(picker.value)
            if chosen:
                picks.append(
                    {
                        "start": chosen["start"],
                        "end": chosen["end"],
                        "quote": chosen["quote"],
                        "why": reason.value.strip(),
                    }
                )
        return picks or None

    def unfinished(self, value: Any) -> str | None:
        done = sum(1 for p in value or [] if p.get("why"))
        if done >= len(self.pickers):
            return None
        return f"{done} of {len(self.pickers)} picks with a reason"

    def show(self, value: Any) -> None:
        """Restore saved picks. One whose span is not (yet) offered is shown as "no longer
        highlighted"; when the learner's spans are restored after it, it becomes a normal pick."""
        picks = [p for p in value if isinstance(p, dict)] if isinstance(value, list) else []
        picks += [None] * (len(self.pickers) - len(picks))
        keys = [_key(p) if p else "" for p in picks[: len(self.pickers)]]
        self._orphans = {
            key: pick
            for pick, key in zip(picks, keys, strict=False)
            if pick and key not in self._offered
        }
        self._redraw(keys)
        for reason, pick in zip(self.reasons, picks, strict=False):
            reason.value = pick.get("why", "") if pick else ""

    def on_change(self, callback: Callable[[Item], object]) -> None:
        self._listeners.append(callback)

    def disable(self, disabled: bool = True) -> None:
        self._off = disabled
        for picker in self.pickers:
            picker.disabled = disabled
        self._gate()


def _key(span: dict[str, Any]) -> str:
    return f"{span['start']}:{span['end']}"


def _most_overlapping(
    span: dict[str, Any], keys: Sequence[str], offered: dict[str, dict[str, Any]]
) -> str | None:
    """The offered span sharing the most characters with ``span`` (None if none does)."""
    best, most = None, 0
    for key in keys:
        other = offered[key]
        shared = min(span["end"], other["end"]) - max(span["start"], other["start"])
        if shared > most:
            best, most = key, shared
    return best
