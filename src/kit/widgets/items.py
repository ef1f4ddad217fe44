"""The answer controls an exercise is built from.

Each item has an id (its key in the answers file), a prompt, and a box to show. It knows how to
read its value, show a saved value again, tell the shell when it changes, and be disabled. All
controls work from the keyboard and with screen readers, and never rely on colour alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as w

from kit.widgets.choice import Choice
from kit.widgets.span_tagger import SpanTagger

__all__ = ["ChoiceItem", "Item", "RatingItem", "SpanItem", "TextItem", "line", "named"]


def named(control: w.DOMWidget, name: str) -> w.DOMWidget:
    """Give a text box or drop-down an accessible name. The bold prompt above it is separate
    HTML, so a screen reader met an unnamed field: the name goes into the control's own
    label, which ``keyshield.css`` hides from view (the prompt already shows it)."""
    control.description = name
    control.add_class("kit-named")
    return control


def line(name: str, placeholder: str) -> w.Text:
    """A one-line answer box, saved as the learner types, with ``name`` for screen readers."""
    box = w.Text(placeholder=placeholder, continuous_update=True, layout=w.Layout(width="95%"))
    return named(box, name)


class Item:
    """One question bound to a single control with a ``value`` trait."""

    def __init__(self, item_id: str, prompt: str, control: w.DOMWidget) -> None:
        self.id = item_id
        self.prompt = prompt
        self.control = control
        self.box = w.VBox(
            [w.HTML(f"<b>{prompt}</b>"), control], layout=w.Layout(margin="0 0 12px 0")
        )
        self.box.add_class("kit-item")
        self.box.add_class(f"kit-item-{item_id}")

    @property
    def value(self) -> Any:
        value = self.control.value
        return (value.strip() or None) if isinstance(value, str) else value

    def show(self, value: Any) -> None:
        """Put a saved answer back into the control (the shell does not re-save it)."""
        self.control.value = self._blank() if value is None else value

    def on_change(self, callback: Callable[[Item], object]) -> None:
        """``callback(item)`` on every change; it returns why the change was not saved, if it
        was not (only the span tagger shows that itself)."""
        self.control.observe(lambda _change: callback(self), names="value")

    def disable(self, disabled: bool = True) -> None:
        self.control.disabled = disabled

    def unfinished(self, value: Any) -> str | None:
        """What is still to do in an answered item, for classroom-mode Check; None when it is
        done. An item of many rows is not finished because one row is answered."""
        return None

    def _blank(self) -> Any:
        return None


class ChoiceItem(Item):
    """Exactly one of a few options; each option is spelt out and marked, not colour-coded."""

    def __init__(
        self, item_id: str, prompt: str, options: Sequence[tuple[str, Any]], **kw: Any
    ) -> None:
        super().__init__(item_id, prompt, Choice(list(options), label=prompt, **kw))


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
        super().__init__(item_id, prompt, named(control, prompt))

    def _blank(self) -> Any:
        return ""


class SpanItem(Item):
    """Spans tagged in the article; the value is the list of spans, or None when empty."""

    control: SpanTagger

    def __init__(self, item_id: str, prompt: str, tagger: SpanTagger) -> None:
        super().__init__(item_id, prompt, tagger)

    @property
    def value(self) -> Any:
        return list(self.control.spans) or None

    def show(self, value: Any) -> None:
        self.control.spans = list(value or [])

    def on_change(self, callback: Callable[[Item], object]) -> None:
        self.control.on_spans(lambda _spans: callback(self))

    def disable(self, disabled: bool = True) -> None:
        self.control.readonly = disabled
