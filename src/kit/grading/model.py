"""The key as a hand-in: the answers file a learner matching the key exactly would submit.

Useful to check a key end to end (it must score full marks on every automatic item), to show
learners what a complete hand-in looks like, and as a fixture for tests and benchmarks.
Free-text items get the key's own explanation as their answer.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kit.answers import envelope
from kit.cases import Case, CaseError, load_case
from kit.grading.registry import active_tasks
from kit.keys import KeyFileError, check_key, read_key
from kit.learners import check_learner_id

__all__ = ["load_key_and_case", "model_answers", "write_model_answers"]


def load_key_and_case(
    key_path: Path, case: str | Path | None = None
) -> tuple[dict[str, Any], Case]:
    """Read a key and the case it names (or ``case``), checked against each other."""
    raw = read_key(Path(key_path))
    if case is None:
        if not isinstance(raw, dict) or not isinstance(raw.get("case"), str):
            raise KeyFileError(f"{key_path}: the key does not name its case")
        try:
            loaded = load_case(raw["case"])
        except CaseError as err:  # the key names a case this kit does not have: say which key
            raise KeyFileError(f"{key_path}: {err}") from None
    else:
        loaded = load_case(case)
    key = check_key(raw, loaded, Path(key_path))
    _grade_itself(key, loaded, Path(key_path))
    return key, loaded


def _grade_itself(key: dict[str, Any], case: Case, path: Path) -> None:
    """Grade the key's own model answer once. The checks in :mod:`kit.keys` cover what they
    know; a key that still trips a grader (a number where a rubric's wording belongs) is
    refused here, naming the section, instead of failing every learner's hand-in later."""
    for task in active_tasks(key):
        section = key[task.section]
        try:
            prepared = task.prepare(section, case) if task.prepare else section
            values = task.model_answer(section) if task.model_answer else {}
            task.grader(values, prepared)
        except Exception as err:  # any failure here is the key's; say which part
            raise KeyFileError(
                f"{path}: {task.section}: the graders cannot use this section "
                f"({type(err).__name__}: {err}); compare it with the kit's own key"
            ) from None


def model_answers(key: dict[str, Any], learner: str = "model") -> dict[str, Any]:
    """The answers-file data (see :mod:`kit.answers`) for a learner who matches ``key``."""
    check_learner_id(learner)
    now = datetime.now(UTC).isoformat(timespec="milliseconds")
    exercises: dict[str, Any] = {}
    for task in active_tasks(key):
        if task.model_answer is None:
            continue
        values = task.model_answer(key[task.section])
        exercises[task.exercise] = {
            item: {"value": value, "saved_at": now}
            for item, value in values.items()
            if value is not None
        }
    return envelope(key["case"], key["article_sha256"], learner, exercises)


def write_model_answers(key_path: Path, out: Path, learner: str = "model") -> Path:
    key, _case = load_key_and_case(key_path)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(model_answers(key, learner), ensure_ascii=False, indent=1)
    out.write_text(payload + "\n", encoding="utf-8")
    return out
