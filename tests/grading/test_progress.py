"""The progress bar: redrawn on a terminal, ten plain lines in a log, silent when off."""

import io

from kit.grading.progress import Progress


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_log_gets_a_line_per_tenth():
    log = io.StringIO()
    with Progress(100, "grading", stream=log) as bar:
        for _ in range(100):
            bar.advance()
    lines = log.getvalue().splitlines()
    assert len(lines) == 11 and lines[-1].startswith("grading [###") and "100/100 100%" in lines[-1]


def test_a_terminal_gets_one_line_redrawn_in_place():
    term = Terminal()
    with Progress(5, "grading", stream=term) as bar:
        bar.advance(5)
    out = term.getvalue()
    assert out.startswith("\rgrading [") and out.endswith("\n") and "5/5" in out


def test_disabled_or_empty_prints_nothing():
    log = io.StringIO()
    with Progress(10, "x", enabled=False, stream=log) as bar:
        bar.advance(10)
    with Progress(0, "x", stream=log):
        pass
    assert log.getvalue() == ""
