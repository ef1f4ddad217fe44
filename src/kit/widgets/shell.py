"""The exercise shell every exercise is built on: instructions, items, saved status, feedback.

Why one shell: learners meet the same layout in every exercise (instructions on the left, answers
on the right, a visible "saved" line, Check and Show model answer underneath), and every
exercise gets the same guarantees: answers are restored from the answers file when the cell
runs, every change is saved at once, and a save that fails says so in words.

The mode follows from the key. With a key (self-study) Check gives item-by-item feedback and
"Show model answer" appears. Without one (a classroom release) Check reports only what is
still unanswered and there is no model answer to show.
"""

from __future__ import annotations

import contextlib
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import ipywidgets as w

from kit.answers import KEPT_ASIDE, AnswersFile, answers_dir
from kit.cases import Case
from kit.keys import KeyFileError, find_key, load_key
from kit.learners import LearnerIdError, remember_learner, resolve_learner
from kit.widgets.items import Item
from kit.widgets.keyshield import KeyShield

__all__ = ["Exercise", "Feedback"]

_MARKS = {
    "right": ("✔", "Right"),
    "accepted": ("≈", "Accepted"),
    "wrong": ("✖", "Different from the key"),
    "answered": ("✎", "Answered"),
    "unfinished": ("◔", "Started, not finished"),
    "key": ("→", "Key"),
    "missing": ("○", "Not answered yet"),
    "found": ("✔", "Found"),
    "partial": ("◐", "Partly found"),
    "missed": ("✖", "Missed"),
    "extra": ("?", "Not in the key"),
}


@dataclass(frozen=True)
class Feedback:
    """One line of feedback. ``text`` is plain text; the shell escapes it when showing it."""

    item: str
    verdict: str  # one of _MARKS
    text: str = ""


Checker = Callable[[dict[str, Any], dict[str, Any] | None], list[Feedback]]


class Exercise(w.VBox):
    """An exercise bound to one learner's answers file for one case."""

    def __init__(
        self,
        case: Case,
        exercise_id: str,
        title: str,
        instructions: str,
        items: Sequence[Item],
        check: Checker,
        model_answer: Callable[[dict[str, Any]], list[Feedback]] | None = None,
        key: dict[str, Any] | str | None = "auto",
        key_section: str | None = None,
        directory: Path | None = None,
        stacked: bool = False,
        poll: bool = False,
    ) -> None:
        super().__init__()
        self.add_class("kit-exercise")
        self.case, self.exercise_id, self.items = case, exercise_id, list(items)
        self._check, self._model_answer = check, model_answer
        self._directory = directory or answers_dir()
        self.answers: AnswersFile | None = None
        self._on_open: list[Callable[[AnswersFile], None]] = []
        self._restoring = False
        self._unsaved: dict[str, Item] = {}
        self._notes: list[str] = []
        self._key_problem = ""
        key_data = self._resolve_key(key)
        self.key = None if key_data is None else key_data.get(key_section or exercise_id)

        self.status = _html("kit-status", "")
        self.notice = _html("kit-notice", "")
        self.feedback = _html("kit-feedback", "")
        self.check_button = _button("Check", "kit-check", "See how your answers compare")
        self.check_button.on_click(lambda _b: self.run_check())
        buttons: list[w.Widget] = [] if poll else [self.check_button]
        if self.key is not None and model_answer is not None and not poll:
            self.model_button = _button("Show model answer", "kit-model", "Reveal the key")
            self.model_button.on_click(lambda _b: self.show_model_answer())
            buttons.append(self.model_button)
        self.login = w.VBox()
        # Side by side for short exercises; stacked when the items need the full width.
        instructions_box = _html("kit-instructions", instructions, width=None if stacked else "35%")
        items_box = w.VBox(
            [i.box for i in self.items], layout=w.Layout(width="100%" if stacked else "65%")
        )
        body = (w.VBox if stacked else w.HBox)([instructions_box, items_box])
        self.children = [
            # A poll has no key to check against in any mode: no banner, no Check button.
            _html(
                "kit-title", f"<h3>{html.escape(title)}</h3>{'' if poll else self._mode_banner()}"
            ),
            self.login,
            self.notice,
            body,
            self.status,
            w.HBox(buttons),
            self.feedback,
            KeyShield(),
        ]
        for item in self.items:
            item.on_change(self._save)
        self._start()

    def __repr__(self) -> str:
        return f"Exercise({self.exercise_id!r}, items={len(self.items)})"

    @property
    def mode(self) -> str:
        return "self-study" if self.key is not None else "classroom"

    def on_open(self, callback: Callable[[AnswersFile], None]) -> None:
        """Run ``callback(answers)`` once the answers file is open (now, if it already is)."""
        self._on_open.append(callback)
        if self.answers is not None:
            callback(self.answers)

    # Learner and answers file ----------------------------------------------------------------

    def _start(self) -> None:
        try:
            learner = resolve_learner(self._directory)
        except LearnerIdError as err:
            self._ask_learner(str(err))
            return
        if learner is None:
            self._ask_learner("")
        else:
            self._open(learner)

    def _ask_learner(self, problem: str) -> None:
        for item in self.items:
            item.disable()
        box = w.Text(
            continuous_update=False,  # the value arrives on Enter or when leaving the box
            placeholder="for example ada-lovelace",
            description="Your name or id:",
            style={"description_width": "initial"},
        )
        box.add_class("kit-learner")
        start = _button("Start", "kit-learner-start", "Save my answers under this id")
        message = _html("kit-learner-message", _escape(problem))

        def submit(_widget: Any) -> None:
            try:
                remember_learner(box.value.strip(), self._directory)
            except LearnerIdError as err:
                message.value = _escape(str(err))
                return
            except OSError as err:
                message.value = _escape(_unusable(self._directory, err))
                return
            self.login.children = []
            self._open(box.value.strip())

        box.observe(submit, names="value")
        start.on_click(submit)
        intro = _html(
            "", "Type a name or id once; the kit remembers it and saves your answers under it."
        )
        self.login.children = [intro, w.HBox([box, start]), message]

    def _open(self, learner: str) -> None:
        try:
            self.answers = AnswersFile.for_learner(
                self.case.id, self.case.article.sha256, learner, self._directory
            )
        except OSError as err:  # the items stay disabled: typing would be lost
            for item in self.items:
                item.disable()
            self.notice.value = f"<p role='alert'>⚠ {_escape(_unusable(self._directory, err))}</p>"
            return
        self._restoring = True
        try:
            for item in self.items:
                self._restore(item, self.answers.get(self.exercise_id, item.id))
                item.disable(False)
        finally:
            self._restoring = False
        for callback in self._on_open:
            callback(self.answers)
        self._show_notes()
        saved = self.answers.exercise(self.exercise_id)
        where = _escape(str(self.answers.path))
        self.status.value = (
            f"✓ {len(saved)} saved answer(s) loaded from {where}"
            if saved
            else f"Your answers will be saved as you go, in {where}"
        )

    def _restore(self, item: Item, value: Any) -> None:
        """Show a saved answer. One the control cannot show as it was saved (an option a newer
        kit renamed, a span it refuses) is copied to ``<item>.unreadable`` in the answers file
        first, so the learner's next change cannot overwrite the only copy."""
        try:
            item.show(value)
            shown = item.value
        except Exception as err:  # saved data of any shape: never a crash on opening
            shown, problem = None, f"{type(err).__name__}: {err}"
        else:
            problem = "" if value is None or _same(shown, value) else "the control changed it"
        if not problem:
            return
        with contextlib.suppress(Exception):
            item.show(None)
        assert self.answers is not None
        kept = f"{item.id}{KEPT_ASIDE}"
        try:
            self.answers.set(self.exercise_id, kept, value)
            where = f"It is kept in your answers file as '{kept}'"
        except OSError:  # still in the file under its own name until this item changes
            where = "It is still in your answers file until you change this answer"
        self._notes.append(
            f"Your saved answer to '{item.prompt}' could not be shown as it was saved "
            f"({problem}). {where}; tell your teacher."
        )

    def _show_notes(self) -> None:
        assert self.answers is not None
        notes = [r.message() for r in self.answers.recoveries] + self._notes
        if self._key_problem:
            notes.append(self._key_problem)
        self.notice.value = "".join(f"<p role='alert'>⚠ {_escape(n)}</p>" for n in notes)

    def _save(self, item: Item) -> str:
        """Save this answer and any earlier one whose save failed; "" or why not.

        A failed save is retried with every later change, and "✓ Saved" shows only once
        nothing is waiting, so a success elsewhere cannot hide an answer still unsaved.
        """
        if self._restoring or self.answers is None:
            return ""
        self._unsaved[item.id] = item
        recovered = len(self.answers.recoveries)
        for waiting in list(self._unsaved.values()):
            try:
                value = waiting.value
                if value is None:
                    self.answers.clear(self.exercise_id, waiting.id)
                else:
                    self.answers.set(self.exercise_id, waiting.id, value)
            except (OSError, TypeError, ValueError) as err:  # said on screen, never silent
                waiting_now = len(self._unsaved)
                still = "Your answer is" if waiting_now == 1 else f"{waiting_now} answers are"
                self.status.value = (  # an alert: read out at once, unlike "✓ Saved"
                    f"<span role='alert'>✖ Not saved: {_escape(str(err))}. {still} still only "
                    "on screen; keep this tab open and tell your teacher.</span>"
                )
                return str(err)
            del self._unsaved[waiting.id]
        if len(self.answers.recoveries) != recovered:  # the file was damaged meanwhile
            self._show_notes()
        self.status.value = (
            f"✓ Saved at {datetime.now():%H:%M:%S} in {_escape(str(self.answers.path))}"
        )
        return ""

    # Check and model answer ------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        return {item.id: item.value for item in self.items}

    def run_check(self) -> list[Feedback]:
        values = self.values()
        if self.key is None:
            result = _completeness(self.items, values)
        else:
            result = self._check(values, self.key)
        self.feedback.value = self._render(result, heading="Check")
        return result

    def show_model_answer(self) -> list[Feedback]:
        if self.key is None or self._model_answer is None:
            return []
        result = self._model_answer(self.key)
        # The key's lines carry a neutral mark: "✔ Right" read as a verdict on the learner.
        self.feedback.value = self._render(
            [replace(fb, verdict="key") for fb in result], "Model answer"
        )
        return result

    def _render(self, feedback: list[Feedback], heading: str) -> str:
        prompts = {item.id: item.prompt for item in self.items}
        rows = []
        for fb in feedback:
            mark, word = _MARKS[fb.verdict]
            rows.append(
                f"<li class='kit-fb kit-fb-{fb.verdict}'><b>{mark} {word}</b> "
                f"({_escape(prompts.get(fb.item, fb.item))}) {_escape(fb.text)}</li>"
            )
        return f"<h4>{heading}</h4><ul>{''.join(rows)}</ul>"

    # Key and mode ------------------------------------------------------------------------------

    def _resolve_key(self, key: dict[str, Any] | str | None) -> dict[str, Any] | None:
        if key != "auto":
            return key if isinstance(key, dict) else None
        path = find_key(self.case.id)
        if path is None:
            return None
        try:
            return load_key(path, self.case)
        except KeyFileError as err:
            self._key_problem = (
                f"The answer key could not be used, so Check shows completeness only. {err}"
            )
            return None

    def _mode_banner(self) -> str:
        if self.key is not None:
            text = (
                "Self-study mode: an answer key is here, so Check gives feedback on each item "
                "and you can show the model answer."
            )
        else:
            text = (
                "Classroom mode: no answer key here, so Check tells you what is still "
                "unanswered. Your teacher will discuss the answers."
            )
        return f"<p class='kit-mode'><i>{text}</i></p>"


def _completeness(items: Sequence[Item], values: dict[str, Any]) -> list[Feedback]:
    lines = []
    for item in items:
        value = values.get(item.id)
        left = item.unfinished(value) if value is not None else None
        verdict = "missing" if value is None else "unfinished" if left else "answered"
        lines.append(Feedback(item.id, verdict, left or ""))
    return lines


def _same(shown: Any, saved: Any) -> bool:
    """Whether a control shows a saved answer as it was saved. Ticked options are a set: a
    file may list them in another order than the control (the key's model answers do)."""
    ticks = isinstance(shown, list) and isinstance(saved, list)
    if ticks and all(isinstance(v, str) for v in [*shown, *saved]):
        return sorted(shown) == sorted(saved)
    return bool(shown == saved)


def _unusable(folder: Path, err: OSError) -> str:
    return (
        f"Your answers cannot be saved in {folder} ({err.strerror or err}). Ask your teacher, "
        "or set KIT_ANSWERS_DIR to a folder you can write to, then run this cell again."
    )


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def _html(css_class: str, value: str, width: str | None = None) -> w.HTML:
    widget = w.HTML(value, layout=w.Layout(width=width) if width else w.Layout())
    if css_class:
        widget.add_class(css_class)
    return widget


def _button(label: str, css_class: str, tooltip: str) -> w.Button:
    button = w.Button(description=label, tooltip=tooltip, layout=w.Layout(width="auto"))
    button.add_class(css_class)
    return button
