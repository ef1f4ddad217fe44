"""Why a run stops before it writes anything: a slip must not cost the teacher the last run.

``kit grade`` replaces the output folder's files and pages. A run with nothing to grade (a
mistyped folder, a folder of zips) or that could grade nothing (a wrong key, another case's
hand-ins) would replace them with an empty class, so it stops instead and says why.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kit.grading.outdir import PREVIOUS
from kit.grading.submissions import Problem

__all__ = ["NothingGraded", "OptionError"]

SHOWN = 10
"""Problems listed in the message; the rest are counted."""


class OptionError(ValueError):
    """An option names something the key does not have, or a folder that cannot be used."""


class NothingGraded(OptionError):
    """No hand-in was found, or none could be graded: nothing was written. ``problems`` says
    why, file by file."""

    def __init__(self, summary: str, problems: Sequence[Problem] = ()) -> None:
        lines = [f"  problem: {p.file}: {p.reason}" for p in problems[:SHOWN]]
        if len(problems) > SHOWN:
            lines.append(f"  ... and {len(problems) - SHOWN} more")
        super().__init__("\n".join([summary, *lines]))
        self.summary = summary
        self.problems = list(problems)

    def __reduce__(self) -> tuple[type, tuple[str, list[Problem]]]:  # to cross processes
        return (type(self), (self.summary, self.problems))

    @classmethod
    def found_none(cls, problems: Sequence[Problem], out: Path) -> NothingGraded:
        return cls(
            f"no hand-ins to grade{'' if problems else ' (no .json files there)'}. Nothing "
            f"was graded, and nothing in {out} was changed: check the path to the hand-ins",
            problems,
        )

    @classmethod
    def graded_none(
        cls, problems: Sequence[Problem], found: int, out: Path, lost: int = 0, aside: int = 0
    ) -> NothingGraded:
        """``lost``: old pages that had to be deleted before grading began; ``aside``: old
        pages that could not be put back. Both are said, or the message would claim that
        nothing changed."""
        summary = f"none of the {found} hand-in(s) could be graded. "
        if not (lost or aside):
            summary += f"Nothing in {out} was changed"
        else:
            summary += f"grades.csv, the rubric sheet and the report in {out} were not changed"
        if lost:
            summary += (
                f"; {lost} old feedback page(s) could not be kept (grade again to remake them)"
            )
        if aside:
            summary += f"; {aside} old feedback page(s) are in {out / PREVIOUS}"
        return cls(f"{summary}: check the key and the hand-ins", problems)
