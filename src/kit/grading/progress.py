"""A progress bar in plain text on stderr: redrawn in place on a terminal, else every 10 %."""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ["Progress"]


class Progress:
    """``with Progress(total, "grading") as bar: bar.advance(n)``; silent when not ``enabled``."""

    def __init__(
        self, total: int, label: str, enabled: bool = True, stream: TextIO | None = None
    ) -> None:
        self.total, self.label, self.enabled = total, label, enabled and total > 0
        self.stream = stream if stream is not None else sys.stderr
        self.done = 0
        self.start = time.perf_counter()
        self._drawn = 0.0
        self._tenth = -1
        self._live = bool(getattr(self.stream, "isatty", lambda: False)())

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.finish()

    def advance(self, n: int = 1) -> None:
        self.done = min(self.total, self.done + n)
        if not self.enabled:
            return
        now = time.perf_counter()
        if self._live:
            if now - self._drawn >= 0.1 or self.done == self.total:
                self._drawn = now
                self.stream.write("\r" + self.line())
                self.stream.flush()
        elif (tenth := self.done * 10 // self.total) > self._tenth:
            self._tenth = tenth
            self.stream.write(self.line() + "\n")
            self.stream.flush()

    def line(self, width: int = 30) -> str:
        share = self.done / self.total if self.total else 1.0
        filled = int(share * width)
        elapsed = time.perf_counter() - self.start
        return (
            f"{self.label} [{'#' * filled}{'.' * (width - filled)}] "
            f"{self.done:,}/{self.total:,} {share:4.0%} {elapsed:5.1f} s"
        )

    def finish(self) -> None:
        if self.enabled and self._live:
            self.stream.write("\r" + self.line() + "\n")
            self.stream.flush()
        self.enabled = False
