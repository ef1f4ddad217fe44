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
from kit.widgets.items import Item

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


class PickItem(Item):
    """Pick ``n`` things from a list that can change (say, the learner's spans) and say why."""

    def __init__(self, item_id: str, prompt: str, n: int = 3) -> None:
        self._candidates: dict[str, dict[str, Any]] = {}
        self.pickers = [
            w.Dropdown(options=[("(choose)", "")], value="", layout=w.Layout(width="95%"))
            for _ in range(n)
        ]
        self.reasons = [
            w.Text(
                placeholder="why, in one line (choose a claim first)",
                continuous_update=True,
                layout=w.Layout(width="95%"),
            )
            for _ in range(n)
        ]
        rows = [
            w.VBox([w.HTML(f"<b>{k + 1}.</b>"), p, r])
            for k, (p, r) in enumerate(zip(self.pickers, self.reasons, strict=True))
        ]
        super().__init__(item_id, prompt, w.VBox(rows))
        self._off = False
        for picker in self.pickers:
            picker.observe(lambda _c: self._gate(), names="value")
        self._gate()

    def _gate(self) -> None:
        """A reason is saved with its claim, so its box opens once a claim is chosen."""
        for picker, reason in zip(self.pickers, self.reasons, strict=True):
            reason.disabled = self._off or not picker.value

    def set_candidates(self, candidates: Sequence[dict[str, Any]]) -> None:
        """Offer these spans (``start``, ``end``, ``quote``); keep picks that are still offered."""
        self._candidates = {f"{c['start']}:{c['end']}": c for c in candidates}
        options = [("(choose)", "")] + [(c["quote"][:90], k) for k, c in self._candidates.items()]
        for picker in self.pickers:
            keep = picker.value if picker.value in self._candidates else ""
            picker.options = options
            picker.value = keep

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

    def show(self, value: Any) -> None:
        for k, (picker, reason) in enumerate(zip(self.pickers, self.reasons, strict=True)):
            pick = value[k] if isinstance(value, list) and k < len(value) else None
            key = f"{pick['start']}:{pick['end']}" if pick else ""
            if pick and key not in self._candidates:
                self.set_candidates([*self._candidates.values(), pick])
            picker.value = key if pick else ""
            reason.value = pick.get("why", "") if pick else ""

    def on_change(self, callback: Callable[[Item], object]) -> None:
        for widget in (*self.pickers, *self.reasons):
            widget.observe(lambda _change: callback(self), names="value")

    def disable(self, disabled: bool = True) -> None:
        self._off = disabled
        for picker in self.pickers:
            picker.disabled = disabled
        self._gate()
