"""The task registry: which exercise is graded by which function, and what a grader returns.

A *task* is one exercise of a case (``01_first_read``, ``02_claims``, ...) bound to one section
of the answer key (``first_read``, ``claims``, ...). Its grader is a plain function::

    grader(values: dict, key_section: dict) -> TaskResult

``values`` maps the exercise's item ids to what the learner saved (already read as data from
the answers file: nothing in a submission is ever imported, evaluated or run). ``key_section``
is the task's section of the key, after the task's optional ``prepare`` hook has added what it
needs from the case (for example the text of every sentence). The grader must not trust the
shape of ``values``: when an item is not what the widget writes, it raises
:class:`AnswerShapeError` with a message naming the item, and that submission is listed in
``problems.csv`` instead of being graded. A well-shaped answer outside the exercise's choices
(a label the widget never offers) is graded, with a note in :attr:`TaskResult.notes`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from kit.cases import Case

__all__ = [
    "TASKS",
    "AnswerShapeError",
    "ItemResult",
    "KeyView",
    "LabelSet",
    "Layer",
    "Lines",
    "RubricItem",
    "RubricScore",
    "RubricSpec",
    "Task",
    "TaskResult",
    "active_tasks",
    "register",
    "rubric_line",
]


class AnswerShapeError(ValueError):
    """A submitted item is not what the exercise widget writes; the message names the item."""


@dataclass(slots=True)
class ItemResult:
    """One line of feedback: what the learner answered, the key, the score and why.

    ``score`` and ``max_points`` are ``None`` for lines that carry no points of their own
    (a key claim found or missed, an ungraded rating); ``status`` is a word from
    :data:`kit.grading.feedback.STATUS`.

    Lines are shared across learners: once made, a line is never changed (only :attr:`html`
    is filled in, once). It is not a frozen dataclass because a frozen one's ``__init__``
    sets each field through ``object.__setattr__``: four times slower, and a class makes some
    30 lines per learner.
    """

    item: str
    label: str
    answer: str
    key: str
    score: float | None
    max_points: float | None
    status: str
    explanation: str = ""
    html: bytes = field(default=b"", compare=False, repr=False)
    """The feedback page's row for this line as UTF-8, once made (see ``kit.grading.feedback``).
    Graders share the ItemResult of a line that repeats across a class (a sentence labelled
    as the key has it), so its row is rendered once for the whole class."""

    def __reduce__(self) -> tuple[Any, ...]:  # plain tuples: results cross process boundaries
        fields = (self.label, self.answer, self.key, self.score, self.max_points, self.status)
        return (ItemResult, (self.item, *fields, self.explanation))


@dataclass(frozen=True, slots=True)
class RubricSpec:
    """A free-text item graded by the instructor on a short rubric."""

    item: str
    max_points: float
    levels: str
    title: str = ""
    """The prompt the learner answered ("3. Rate two sources")."""

    @property
    def name(self) -> str:
        """How feedback pages name the item: its prompt, or its id when it has none."""
        return self.title or self.item


@dataclass(slots=True)
class RubricItem:
    """One learner's answer to a free-text item, to be scored on the rubric sheet.

    ``score`` is pre-filled only where no judgement is needed (an empty answer scores 0).
    Not frozen, for the same reason as :class:`ItemResult`; nothing changes one once made.
    """

    item: str
    answer: str
    score: float | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        return (RubricItem, (self.item, self.answer, self.score))


@dataclass(frozen=True, slots=True)
class RubricScore:
    """An instructor's score (None: not marked yet) and comment for one rubric item."""

    score: float | None
    comment: str = ""
    row: int = field(default=0, compare=False)
    """The line of the rubric sheet it came from (0: not from a sheet), for messages."""
    answer: str | None = field(default=None, compare=False)
    """The answer the sheet showed beside the mark; None when the sheet had no answer column
    or its text cannot be trusted (a sheet not saved as UTF-8)."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (RubricScore, (self.score, self.comment, self.row, self.answer))

    def fits(self, answer: str) -> bool:
        """Whether this mark was given to ``answer``: a learner who handed in again after the
        sheet was marked must not keep a mark given to other words. Letters and digits are
        compared, so a spreadsheet's changes to spaces, line ends or quotes do not count."""
        if self.answer is None:
            return True
        return _letters(self.answer)[:20_000] == _letters(answer)[:20_000]


@dataclass(slots=True)
class TaskResult:
    """A learner's result on one task.

    ``points`` counts the automatically graded items only; free-text items are listed in
    ``rubric`` and scored by hand. ``labels`` (label set -> unit -> label) and ``highlights``
    (layer -> ``(start, end)`` spans) feed the class report: agreement, disputes, heat maps.
    """

    task: str
    points: float
    max_points: float
    items: list[ItemResult]
    rubric: list[RubricItem] = field(default_factory=list)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    highlights: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    notes: list[str] | tuple[str, ...] = ()
    """Answers graded but worth the teacher's eye, one sentence each, such as a label the
    exercise does not offer (:func:`kit.grading.offered.not_offered`): each becomes a line
    of ``problems.csv`` beside the learner's file."""

    def __reduce__(self) -> tuple[Any, ...]:
        fields = (self.points, self.max_points, self.items, self.rubric, self.labels)
        return (TaskResult, (self.task, *fields, self.highlights, self.notes))


@dataclass(frozen=True, slots=True)
class LabelSet:
    """Units the class labelled (sentences, claims, the whole text) and the key's labels.

    With two or more units the report computes Krippendorff's alpha and lists the most
    disputed units; with one unit (say, the genre) it shows how the class answered.
    """

    title: str
    key: Mapping[str, str]
    texts: Mapping[str, str] = field(default_factory=dict)
    accepted: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    explanations: Mapping[str, str] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)
    """How the report writes a label id ("partly_supported" as "partly supported")."""

    def name(self, label: str) -> str:
        return self.names.get(label, label)

    @classmethod
    def from_key(
        cls,
        title: str,
        entries: Mapping[str, Mapping[str, Any]],
        texts: Mapping[str, str],
        label: str,
        names: Mapping[str, str] | None = None,
    ) -> LabelSet:
        """The label set of key entries shaped ``{unit: {label: ..., "accepted": [...],
        "explanation": ...}}``, as the triage and verdict keys are; ``label`` names the field
        holding the key's label, ``texts`` gives each unit's sentence or quote. One reading of
        that shape, so the graders' ``key_view`` hooks cannot drift apart."""
        return cls(
            title,
            {unit: e.get(label, "") for unit, e in entries.items()},
            {unit: texts.get(unit, "") for unit in entries},
            {unit: tuple(e.get("accepted") or ()) for unit, e in entries.items()},
            {unit: e.get("explanation", "") for unit, e in entries.items()},
            names or {},
        )


@dataclass(frozen=True, slots=True)
class Layer:
    """Spans the class highlighted in the article, and the key's spans with their labels."""

    title: str
    key: tuple[tuple[int, int, str], ...]


@dataclass(frozen=True, slots=True)
class KeyView:
    """What the class report shows beside the class: label sets and highlight layers by name."""

    labels: Mapping[str, LabelSet] = field(default_factory=dict)
    highlights: Mapping[str, Layer] = field(default_factory=dict)


class Lines(dict[Any, ItemResult]):
    """Feedback lines already made for one key entry, shared across a class.

    Most lines repeat (a sentence labelled as the key labels it), so a grader asks here first,
    with the plain ``dict.get`` (``lines.get(key) or lines.make(key, ...)``: a grader does so
    a hundred times per learner, and a method of our own costs a Python call each time);
    sharing them also lets the feedback pages reuse each line's HTML. At most ``LIMIT`` are
    kept, so a hostile class cannot grow the store without bound.
    """

    LIMIT = 2000
    __slots__ = ()

    def make(self, key: Any, make: Callable[..., ItemResult], *args: Any) -> ItemResult:
        """``make(*args)``, stored under ``key`` while there is room."""
        item = make(*args)
        if len(self) < self.LIMIT:
            self[key] = item
        return item


def _letters(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def rubric_line(
    spec: RubricSpec, answer: str, key: str, explanation: str
) -> tuple[ItemResult, RubricItem]:
    """A free-text item's feedback line and its row on the rubric sheet. An empty answer
    scores 0 at once; any other waits for the teacher's mark. The line is labelled with
    ``spec.name``, as the page's points table is, so the two always agree."""
    score = None if answer else 0.0
    status = "rubric" if answer else "missing"
    line = ItemResult(
        spec.item, spec.name, answer, key, score, spec.max_points, status, explanation
    )
    return line, RubricItem(spec.item, answer, score)


Grader = Callable[[dict[str, Any], dict[str, Any]], TaskResult]


@dataclass(frozen=True)
class Task:
    """One gradable exercise. See the package docstring for how to add one.

    * ``max_points``: the automatically graded points, the task's column in ``grades.csv``;
    * ``rubric``: free-text items, each its own blank column until a rubric sheet is merged;
    * ``prepare(section, case)``: returns the key section the grader receives (add sentence
      texts and the like once per run, not once per learner); default: unchanged;
    * ``key_view(section, case)``: the key beside the class in the report;
    * ``model_answer(section)``: the exercise's values for a learner matching the key.
    """

    exercise: str
    section: str
    title: str
    grader: Grader
    max_points: float
    rubric: tuple[RubricSpec, ...] = ()
    prepare: Callable[[dict[str, Any], Case], dict[str, Any]] | None = None
    key_view: Callable[[dict[str, Any], Case], KeyView] | None = None
    model_answer: Callable[[dict[str, Any]], dict[str, Any]] | None = None

    def rubric_column(self, item: str) -> str:
        return f"{self.exercise}:{item}"

    @cached_property
    def rubric_columns(self) -> tuple[tuple[RubricSpec, str], ...]:
        """Each free-text item with its column, made once: every learner's grading, page and
        rubric-sheet rows ask for them."""
        return tuple((spec, self.rubric_column(spec.item)) for spec in self.rubric)


TASKS: dict[str, Task] = {}
"""Registered tasks by exercise id, in registration order."""


def register(task: Task) -> Task:
    """Add (or replace) a task; returns it so a module can write ``TASK = register(Task(...))``."""
    if not task.exercise or ":" in task.exercise:
        raise ValueError(f"exercise id {task.exercise!r} must be non-empty and contain no ':'")
    TASKS[task.exercise] = task
    return task


def active_tasks(key: Mapping[str, Any], only: Iterable[str] | None = None) -> list[Task]:
    """The registered tasks whose key section is present, sorted by exercise id."""
    wanted = None if only is None else set(only)
    return sorted(
        (
            t
            for t in TASKS.values()
            if isinstance(key.get(t.section), dict) and (wanted is None or t.exercise in wanted)
        ),
        key=lambda t: t.exercise,
    )
