"""Claim by claim: search the source pack, link evidence, give a verdict and a reason.

One claim is worked on at a time (chosen with the keyboard-safe :class:`Choice`), so the panel
stays short however many claims there are. The search box ranks the pack as the learner types;
each result can be linked to the current claim with one button. The value is
``{claim_id: {"verdict": ..., "evidence": [source ids], "reasoning": "..."}}`` for every claim
the learner has touched.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Collection, Sequence
from typing import Any

import ipywidgets as w

from kit.sources import SourcePack
from kit.taxonomy import VERDICTS
from kit.widgets.choice import Choice
from kit.widgets.items import Item, line

__all__ = ["EvidenceItem", "judged", "linked_only"]

_VERDICT_HELP = (
    "<ul class='kit-verdict-help'>"
    + "".join(
        f"<li><b>{html.escape(v.name)}</b>: {html.escape(v.definition)}</li>"
        for v in VERDICTS.values()
    )
    + "</ul>"
)
"""The five verdicts in plain words, under the buttons: *unverified* against *not checkable*
is the judgement the exercise turns on, so the learner should not have to remember it."""


_LIMITS = "What it can and cannot establish:"  # one wording, under a hit and a linked source


def judged(value: Any, known: Collection[str]) -> dict[str, dict[str, Any]]:
    """The claims of ``known`` given a verdict, with their answers. A claim counts as done
    only then: the progress line, the classroom check and the self-study key (which shows a
    claim's explanation only once it has a verdict) must all agree on it."""
    if not isinstance(value, dict):
        return {}
    return {
        c: a
        for c, a in value.items()
        if c in known and isinstance(a, dict) and a.get("verdict") and isinstance(a["verdict"], str)
    }


def linked_only(value: Any, known: Collection[str]) -> list[str]:
    """Claims with a linked document but no verdict. The grader counts them as judged (so
    that linking documents to every claim cannot earn evidence points without verdicts),
    which costs points: the learner must hear of it before handing in."""
    if not isinstance(value, dict):
        return []
    return [  # in the exercise's order, not the order they were answered
        c
        for c in known
        if isinstance(a := value.get(c), dict) and a.get("evidence") and not a.get("verdict")
    ]


class EvidenceItem(Item):
    NEEDED = 6
    """Verdicts the exercise asks for ("judge at least six claims"), as the grader's
    ``kit.grading.sources.REQUIRED``, unless the key sets ``sources.required``."""

    def __init__(
        self, item_id: str, prompt: str, claims: Sequence[tuple[str, str]], pack: SourcePack
    ) -> None:
        self.pack = pack
        self.quotes = dict(claims)
        self._answers: dict[str, dict[str, Any]] = {}
        self._listeners: list[Callable[[Item], object]] = []
        self._loading = False
        self.claim = Choice([(cid, cid) for cid, _ in claims], label="Claim", horizontal=True)
        self.claim.add_class("kit-evidence-claim")
        self.quote = w.HTML()
        self.verdict = Choice(
            [(v.name, v.id) for v in VERDICTS.values()], label="Verdict", horizontal=True
        )
        self.verdict.add_class("kit-evidence-verdict")
        self.reasoning = line("Reasoning for this verdict", "one line: why this verdict?")
        self.reasoning.add_class("kit-evidence-reasoning")
        self.linked = w.VBox()
        self.linked.add_class("kit-evidence-linked")
        self.query = line("Search the source pack", "search the source pack, e.g. helicopters")
        self.query.add_class("kit-evidence-search")
        self.results = w.VBox()
        self.results.add_class("kit-evidence-results")
        self.progress = w.HTML()
        self.progress.add_class("kit-evidence-progress")
        self.claim.observe(lambda _c: self._load_claim(), names="value")
        self.verdict.observe(lambda _c: self._edit(), names="value")
        self.reasoning.observe(lambda _c: self._edit(), names="value")
        self.query.observe(lambda _c: self._search(), names="value")
        panel = w.VBox(
            [
                w.HTML("<b>Claim</b>"),
                self.claim,
                self.progress,
                self.quote,
                w.HTML("<b>Search the source pack</b>"),
                self.query,
                self.results,
                w.HTML("<b>Evidence linked to this claim</b>"),
                self.linked,
                w.HTML("<b>Verdict</b>"),
                self.verdict,
                w.HTML(_VERDICT_HELP),
                w.HTML("<b>Reasoning</b>"),
                self.reasoning,
            ]
        )
        super().__init__(item_id, prompt, panel)
        self.claim.value = claims[0][0] if claims else None
        self._draw_progress()

    # Item interface ----------------------------------------------------------------------------

    @property
    def value(self) -> Any:
        kept = {
            cid: a
            for cid, a in self._answers.items()
            if a.get("verdict") or a.get("evidence") or a.get("reasoning")
        }
        return kept or None

    def show(self, value: Any) -> None:
        self._answers = {cid: dict(a) for cid, a in (value or {}).items() if cid in self.quotes}
        self._load_claim()
        self._draw_progress()

    def on_change(self, callback: Callable[[Item], object]) -> None:
        self._listeners.append(callback)

    def unfinished(self, value: Any) -> str | None:
        done = len(judged(value, self.quotes))
        if done >= self.NEEDED:
            return None
        return f"{done} of the {self.NEEDED} verdicts asked for (or as many as your teacher asks)"

    def disable(self, disabled: bool = True) -> None:
        for widget in (self.verdict, self.claim):
            widget.disabled = disabled
        for widget in (self.reasoning, self.query):
            widget.disabled = disabled

    # Actions -----------------------------------------------------------------------------------

    def link(self, source_id: str) -> None:
        answer = self._current()
        if source_id not in answer.setdefault("evidence", []):
            answer["evidence"] = [*answer["evidence"], source_id]
            self._changed()

    def unlink(self, source_id: str) -> None:
        answer = self._current()
        answer["evidence"] = [s for s in answer.get("evidence", []) if s != source_id]
        self._changed()

    def _remove(self, source_id: str, index: int) -> None:
        """Unlink, then give keyboard focus to the Remove button now in that place (the rows
        are rebuilt), or to the search box when none is left."""
        self.unlink(source_id)
        buttons = [row.children[1] for row in self.linked.children if isinstance(row, w.HBox)]
        (buttons[min(index, len(buttons) - 1)] if buttons else self.query).focus()

    def _current(self) -> dict[str, Any]:
        return self._answers.setdefault(
            self.claim.value, {"verdict": None, "evidence": [], "reasoning": ""}
        )

    def _load_claim(self) -> None:
        cid = self.claim.value
        if cid is None:
            return
        answer = self._answers.get(cid, {})
        self._loading = True
        try:
            self.quote.value = f"<blockquote>“{html.escape(self.quotes[cid])}”</blockquote>"
            self.verdict.value = answer.get("verdict")
            self.reasoning.value = answer.get("reasoning", "")
        finally:
            self._loading = False
        self._draw_linked()

    def _edit(self) -> None:
        if self._loading or self.claim.value is None:
            return
        answer = self._current()
        answer["verdict"] = self.verdict.value
        answer["reasoning"] = self.reasoning.value.strip()
        self._changed()

    def _changed(self) -> None:
        self._draw_linked()
        self._draw_progress()
        for listener in self._listeners:
            listener(self)

    def _search(self) -> None:
        rows = []
        for hit in self.pack.search(self.query.value, limit=5):
            source = hit.source
            button = w.Button(description=f"Link {source.id} to this claim")
            button.add_class("kit-link")
            button.on_click(lambda _b, sid=source.id: self.link(sid))
            text = (
                f"<b>{html.escape(source.title)}</b> · {html.escape(source.outlet)} · "
                f"{html.escape(source.date)} · <i>{html.escape(source.kind)}</i> "
                f"<code>{html.escape(source.id)}</code><br>{hit.snippet}"
                f"<br><i>{_LIMITS}</i> {html.escape(source.limits)}"
            )
            row = w.VBox([w.HTML(text), button])
            row.add_class("kit-evidence-hit")
            rows.append(row)
        if self.query.value.strip() and not rows:
            rows = [w.HTML("<i>No document in the pack matches those words.</i>")]
        self.results.children = rows

    def _draw_progress(self) -> None:
        """Which claims have a verdict: 27 bare buttons do not show how far the learner got."""
        have = judged(self._answers, self.quotes)
        ids = [c for c in self.quotes if c in have]
        done = f"Judged so far: {', '.join(ids)}" if ids else "No claim judged yet"
        unsure = linked_only(self._answers, self.quotes)
        left = (
            f" Documents but no verdict yet: {', '.join(unsure)}. When graded these count as"
            " judged: give each a verdict, or remove its documents."
            if unsure
            else ""
        )
        self.progress.value = f"<i>{done} ({len(ids)} of the {self.NEEDED} asked for).{left}</i>"

    def _draw_linked(self) -> None:
        rows = []
        for index, sid in enumerate(self._answers.get(self.claim.value, {}).get("evidence", [])):
            source = self.pack.get(sid)
            button = w.Button(description=f"Remove {sid}", tooltip="Unlink from this claim")
            button.on_click(lambda _b, s=sid, n=index: self._remove(s, n))
            where = f"{html.escape(source.outlet)}, {html.escape(source.date)}"
            label = w.HTML(
                f"<code>{html.escape(sid)}</code> {where}<br><i>{_LIMITS}</i> "
                f"{html.escape(source.limits)}"
            )
            row = w.HBox([label, button])
            row.add_class("kit-evidence-link")
            rows.append(row)
        self.linked.children = rows or [w.HTML("<i>None yet.</i>")]
