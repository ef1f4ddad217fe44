"""A span tagger: learners select stretches of the article and give each one a label.

Used for claims (lesson 02) and for persuasion techniques (lesson 04). The front end lives beside
this file (``keys.js`` and ``span_text.js``, its helpers, then ``span_tagger.js``, sent as one
module; and ``span_tagger.css``) and loads nothing from the network.

Spans reach Python as ``{start, end, label, quote}`` in code-point offsets. The browser counts
UTF-16 units, so the JS converts in one function; Python then checks ``text[start:end] ==
quote`` and the label, and refuses a span that fails with a message in the widget, restoring the
last good list. Every accepted change is acknowledged (``ack``) only after it has been saved, so
"✓ saved" in the widget means on disk.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from kit.text import Article
from kit.widgets._esm import module

__all__ = ["SpanTagger", "check_spans"]

_HERE = Path(__file__).parent


class SpanTagger(anywidget.AnyWidget):
    _esm = module("keys.js", "span_text.js", "span_tagger.js")
    _css = _HERE / "span_tagger.css"
    text = traitlets.Unicode("").tag(sync=True)
    labels = traitlets.List(traitlets.Dict()).tag(sync=True)
    spans = traitlets.List(traitlets.Dict()).tag(sync=True)
    groups = traitlets.List(traitlets.Dict()).tag(sync=True)  # [{name, labels: [ids]}]
    hints = traitlets.List(traitlets.Dict()).tag(sync=True)
    sentences = traitlets.List(traitlets.Int()).tag(sync=True)
    """Where sentences start (code points), for ↑ ↓: by default kit.text's own split of the
    text, so a case's steps are the sentences triage numbers (and "Mr. Smith" is one)."""
    show_hints = traitlets.Bool(False).tag(sync=True)
    readonly = traitlets.Bool(False).tag(sync=True)
    error = traitlets.Unicode("").tag(sync=True)
    seq = traitlets.Int(0).tag(sync=True)
    ack = traitlets.Int(0).tag(sync=True)
    render_ms = traitlets.Float(-1).tag(sync=True)

    def __init__(self, text: str, labels: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        kwargs.setdefault("sentences", _sentence_starts(text))
        super().__init__(text=text, labels=[{"id": i, "name": n} for i, n in labels], **kwargs)
        self._listeners: list[Callable[[list[dict[str, Any]]], None]] = []
        self.observe(self._on_spans, names="spans")
        self.observe(self._on_text, names="text")

    def __repr__(self) -> str:
        return f"SpanTagger(spans={len(self.spans)})"

    def _on_text(self, change: dict[str, Any]) -> None:
        self.sentences = _sentence_starts(change["new"])

    def on_spans(self, callback: Callable[[list[dict[str, Any]]], object]) -> None:
        """Call ``callback(spans)`` after every accepted change, before acknowledging it. A
        callback that returns a message (a save that failed) stops the acknowledgement: the
        widget shows "✖ Not saved: …" instead of "✓ saved"."""
        self._listeners.append(callback)

    def _on_spans(self, change: dict[str, Any]) -> None:
        problem = check_spans(self.text, change["new"], {label["id"] for label in self.labels})
        if problem:
            self.spans = change["old"]  # re-validates, saves nothing new, clears the error
            self.error = problem
            return
        self.error = ""
        for listener in self._listeners:
            failed = listener(list(change["new"]))
            if failed:
                self.error = f"Not saved: {failed}"
                return
        self.ack = self.seq


def _sentence_starts(text: str) -> list[int]:
    return [s.start for s in Article.from_text(text).sentences]


def check_spans(text: str, spans: Sequence[Any], labels: set[str]) -> str:
    """Return a message for the first bad span, or "" when all are sound."""
    for n, span in enumerate(spans, 1):
        if not isinstance(span, dict):
            return f"span {n} is not a span"
        start, end, quote = span.get("start"), span.get("end"), span.get("quote")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            return f"span {n} has offsets {start!r}-{end!r} outside the text"
        if text[start:end] != quote:
            return f"span {n} was refused: its quote {quote!r} is not the text at {start}-{end}"
        if span.get("label") not in labels:
            return f"span {n} has the unknown label {span.get('label')!r}"
    return ""
