"""The answer controls an exercise is built from: a choice, a rating and a line of text.

Each item is a control with a prompt that works from the keyboard (Tab, arrows, Space, number
keys) and with screen readers. The item knows how to read and show its value; the
shell wires it to the answers file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from kit.widgets.choice import Choice

__all__ = ["ChoiceItem", "Item", "RatingItem", "TextItem"]


class Item:
    """One question: an id (the key in the answers file), a prompt and a control."""

    def __init__(self, item_id: str, prompt: str, control: w.DOMWidget) -> None:
        self.id = item_id
        self.prompt = prompt
        self.control = control
        label = w.HTML(f"<b>{prompt}</b>")
        self.box = w.VBox([label, control], layout=w.Layout(margin="0 0 12px 0"))
        self.box.add_class("kit-item")
        self.box.add_class(f"kit-item-{item_id}")

    @property
    def value(self) -> Any:
        value = self.control.value
        return value.strip() or None if isinstance(value, str) else value

    def show(self, value: Any) -> None:
        """Put a saved answer back into the control without counting it as a new change."""
        self.control.value = self._blank() if value is None else value

    def on_change(self, callback: Callable[[Item], None]) -> None:
        self.control.observe(lambda _change: callback(self), names="value")

    def disable(self, disabled: bool = True) -> None:
        self.control.disabled = disabled

    def _blank(self) -> Any:
        return None


class ChoiceItem(Item):
    """Exactly one of a few options; each option is spelt out and marked, not colour-coded."""

    def __init__(self, item_id: str, prompt: str, options: list[tuple[str, str]]) -> None:
        super().__init__(item_id, prompt, Choice(options, label=prompt))


class RatingItem(Item):
    """A 1-to-N rating with the meaning of both ends written beside it."""

    def __init__(self, item_id: str, prompt: str, low: str, high: str, steps: int = 5) -> None:
        options = [
            (f"{n}" + (f" ({low})" if n == 1 else f" ({high})" if n == steps else ""), n)
            for n in range(1, steps + 1)
        ]
        super().__init__(item_id, prompt, Choice(options, label=prompt, horizontal=True))


class TextItem(Item):
    """A short written answer; saved as the learner types, so nothing waits on a button."""

    def __init__(self, item_id: str, prompt: str, placeholder: str = "", rows: int = 2) -> None:
        control = w.Textarea(
            placeholder=placeholder, rows=rows, continuous_update=True, layout=w.Layout(width="95%")
        )
        super().__init__(item_id, prompt, control)

    def _blank(self) -> Any:
        return ""
