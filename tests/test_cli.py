import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kit.cli import main

REPO = Path(__file__).resolve().parents[1]


def test_kit_help_lists_the_commands():
    out = subprocess.run(
        [sys.executable, "-m", "kit.cli", "--help"], capture_output=True, text=True, check=True
    )
    assert "lab" in out.stdout and "build-exercises" in out.stdout


def test_build_exercises_writes_the_learner_notebooks(tmp_path, capsys):
    assert (
        main(["build-exercises", "--solutions", str(REPO / "solutions"), "--out", str(tmp_path)])
        == 0
    )
    assert (tmp_path / "01_first_read.ipynb").is_file()
    assert "wrote" in capsys.readouterr().out


def test_lab_outside_the_kit_folder_explains_itself(tmp_path, capsys):
    assert main(["lab", "--root", str(tmp_path)]) == 2
    assert "00_start_here.ipynb not found" in capsys.readouterr().err


def test_lab_passes_unknown_options_on_to_jupyter(monkeypatch, tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "00_start_here.ipynb").write_text("{}", encoding="utf-8")
    calls = []
    monkeypatch.setattr(
        "kit.cli.subprocess.call", lambda command, env: calls.extend([command, env]) or 0
    )
    monkeypatch.setenv("PATH", "/usr/bin")
    assert main(["lab", "--root", str(tmp_path), "--no-browser", "--port=8899"]) == 0
    assert calls[0][-3:] == ["notebooks/00_start_here.ipynb", "--no-browser", "--port=8899"]
    # the kit's own scripts come first on the PATH of JupyterLab's terminals: `kit submit` works
    assert calls[1]["PATH"] == f"{Path(sys.executable).parent}{os.pathsep}/usr/bin"


def test_other_commands_refuse_unknown_options(capsys):
    import pytest

    with pytest.raises(SystemExit):
        main(["build-exercises", "--bogus"])
    assert "unrecognized arguments: --bogus" in capsys.readouterr().err


def test_the_command_line_starts_without_ipython_or_pandas():
    """Each ``kit grade`` or ``kit submit`` pays its imports; the notebook-only ones wait."""
    code = (
        "import sys, kit, kit.cli, kit.grading.api; "
        "print(sorted(m for m in ('IPython', 'pandas') if m in sys.modules)); "
        "print(kit.show_article.__module__); print(callable(kit.grading.grade))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:3] == ["[]", "kit.display", "True"]


def test_the_kit_command_runs_with_the_collector_off_and_main_leaves_it_alone(tmp_path):
    """``kit`` (the console script) is one short process: the collector's first pass over a
    graded class would only cost time. ``main``, called from tests and notebooks, must not
    change the caller's collector."""
    key = REPO / "solutions" / "keys" / "wagner-convoy.json"
    probe = (
        "import gc, sys, kit.cli as cli\n"
        "real = cli.main\n"
        "def main(argv=None):\n"
        "    code = real(argv)\n"
        "    print('collector on:', gc.isenabled())\n"
        "    return code\n"
        "cli.main = main\n"
        "cli.run()\n"
    )
    args = ["model-answers", "--key", str(key), "-o", str(tmp_path / "model.json")]
    out = subprocess.run(
        [sys.executable, "-c", probe, *args], capture_output=True, text=True, check=True
    )
    assert "collector on: False" in out.stdout
    assert (tmp_path / "model.json").is_file()
    assert gc.isenabled()
    assert main(args) == 0 and gc.isenabled()


@pytest.mark.skipif(sys.platform == "win32", reason="sends SIGINT, a POSIX signal")
def test_ctrl_c_during_grading_says_so_without_a_traceback(tmp_path):
    """Ctrl-C printed a traceback from every worker process."""
    import signal
    import time

    from kit.grading.examples import make_class
    from kit.grading.model import load_key_and_case

    key_path = Path(__file__).resolve().parents[1] / "solutions" / "keys" / "wagner-convoy.json"
    key, case = load_key_and_case(key_path)
    make_class(tmp_path / "in", case, key, n=1500, seed=3)
    command = [sys.executable, "-m", "kit.cli", "grade", "--quiet", "--key", str(key_path)]
    command += ["--out", str(tmp_path / "out"), str(tmp_path / "in")]
    # A shell's background job starts with Ctrl-C ignored, and children inherit that: give
    # the command the usual handling, as in a terminal.
    default_sigint = lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)  # noqa: E731
    process = subprocess.Popen(
        command, stderr=subprocess.PIPE, text=True, preexec_fn=default_sigint
    )
    feedback = tmp_path / "out" / "feedback"
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        if feedback.is_dir() and any(feedback.iterdir()):  # grading has begun
            break
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "stopped; the hand-ins are untouched" in err and "Traceback" not in err
