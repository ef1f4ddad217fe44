"""Grading a class from its answers files: gradebook, feedback pages, class report.

Start here::

    from kit.grading import grade
    result = grade("hand-ins/", key="solutions/keys/wagner-convoy.json", out="graded/")
    result.grades        # DataFrame: one row per learner, one column per task, total
    result.problems      # DataFrame: every file that could not be graded, and why

or from a shell: ``kit grade --key solutions/keys/wagner-convoy.json --out graded hand-ins/``.
See ``solutions/INSTRUCTOR_GUIDE.md`` for the whole release, collect, grade cycle.

**Trust.** Submissions are data. They are read with ``json.loads`` and never imported,
evaluated or run; scores found in them are ignored and recomputed; a file that cannot be
graded goes to ``problems.csv`` with the reason, and the rest of the class is graded.
Nothing is written outside the output folder, and all learner text in HTML is escaped.

**Modules.** ``registry`` (tasks and results), ``shapes`` (reading a hand-in's answers
without trusting them), ``submissions`` (finding and checking files),
``engine`` (the parallel run), ``offered`` (answers outside an exercise's choices),
``first_read``, ``claims``, ``sources`` and ``framing`` (the
graders, one per exercise; ``sources_rubric`` and ``framing_rubric`` hold the items of
exercises 03 and 04 marked by hand),
``spans`` (fast span overlap, plain and label-aware),
``feedback`` and ``report`` (HTML, with ``svg`` and ``page``), ``agreement`` (alpha from
counts), ``rubric`` and ``tables`` (CSV files), ``model`` (the key as a hand-in),
``examples`` (made-up classes), ``api`` (``grade``), ``findings`` (the lines of
``problems.csv`` about a graded class), ``outdir`` (the output folder, and a
previous run's pages), ``progress`` (the progress bar).

**Adding a task** (say ``05_images``, key section ``images``). Write
``kit/grading/images.py`` (``sources.py`` and ``framing.py`` are worked examples)::

    from kit.grading import offered, shapes
    from kit.grading.registry import ItemResult, RubricItem, RubricSpec, Task, TaskResult, register

    CAPTIONS = offered.choices(["staged", "genuine", "out_of_context"])  # what the widget offers
    NOTES = RubricSpec("notes", 3.0, "0 = ...; 1 = ...; 2 = ...; 3 = ...", "3. Your notes")

    def grade(values: dict, key: dict) -> TaskResult:
        # values: {item id: what the learner saved}; never trust its shape: use
        # shapes.text_or_none / mapping_or_empty / list_or_empty / ids_or_none, or raise
        # AnswerShapeError("item 'captions' should ...") for anything else.
        items = [ItemResult("caption i3", "Image 3", answer, key_answer, score, 1.0,
                            "right", explanation), ...]
        return TaskResult("05_images", points, max_points, items,
                          rubric=[RubricItem("notes", text)],
                          labels={"captions": {image_id: label}},  # for alpha and disputes
                          notes=offered.not_offered("captions", chosen, CAPTIONS))

    TASK = register(Task(exercise="05_images", section="images",
                         title="Exercise 05: images", grader=grade, max_points=10.0,
                         rubric=(NOTES,), key_view=..., model_answer=...))

then add ``from kit.grading import images as images`` below. That is all: the task gets its
columns in ``grades.csv``, its section in every feedback page, its rubric rows, and (through
``key_view``, returning a :class:`~kit.grading.registry.KeyView`) its agreement figures, most
disputed units and, for ``highlights`` layers such as one per technique group in
``04_framing``, a heat map beside the key. Graders and hooks must be module-level functions
(worker processes receive them by reference). A task whose key section is absent is skipped.
Spans anywhere in a graded exercise (objects with ``start``/``end``) are checked against the
text before any grader runs: offsets in range, ``quote`` equal to the text there.
"""

from kit.grading import claims as claims
from kit.grading import first_read as first_read
from kit.grading import framing as framing
from kit.grading import sources as sources
from kit.grading.api import ClassGrades as ClassGrades
from kit.grading.api import NothingGraded as NothingGraded
from kit.grading.api import grade as grade
from kit.grading.model import model_answers as model_answers
from kit.grading.model import write_model_answers as write_model_answers
from kit.grading.registry import TASKS as TASKS
from kit.grading.registry import AnswerShapeError as AnswerShapeError
from kit.grading.registry import ItemResult as ItemResult
from kit.grading.registry import KeyView as KeyView
from kit.grading.registry import LabelSet as LabelSet
from kit.grading.registry import Layer as Layer
from kit.grading.registry import RubricItem as RubricItem
from kit.grading.registry import RubricSpec as RubricSpec
from kit.grading.registry import Task as Task
from kit.grading.registry import TaskResult as TaskResult
from kit.grading.registry import register as register
