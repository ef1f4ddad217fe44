"""Grading timings: ``kit grade`` on 10,000 hand-ins, and per hand-in beside nbgrader.

Run with ``python -m benchmarks.grade [--n 10000] [--no-nbgrader]``. It prints a table
(``benchmarks.run.print_table``) and the figures the ratios leave out:

* ``kit grade`` on ``--n`` made-up hand-ins (``kit.grading.examples``), run ``--repeat``
  times (default 3, median kept) as the command an instructor types, each into a fresh output
  folder after ``os.sync()`` (so one run's 800 MB of feedback pages, still being flushed to
  disk, do not slow the next); wall time, CPU time and peak memory (the resident memory of
  the command and its worker processes, summed, sampled every 20 ms; Linux only, else the
  largest single process from ``getrusage``). Baseline: only reading and parsing the same
  files with ``json.load``, the floor any grader pays.
* The same grading with no files written (``kit.grading.grade`` without ``out``): the rest
  is what the 10,000 feedback pages and the CSV files cost.
* Writing as many files of the pages' mean size with no grading at all, one process per
  core: the disk's part of the time, measured in the same run (``write_floor``).
* ``kit grade`` again into the first run's folder, as after marking the rubric sheet: the
  old pages are replaced. Timed last, since deleting them slows later file creation.
* nbgrader 0.9 ``autograde`` on 10 notebooks whose autograder test cell computes the same
  exercise 02 scores (triage agreement and partial-overlap span F1) from the same answers,
  beside ``kit grade`` on the same 10 answers files. ``kit grade`` grades all four exercises
  of each hand-in and nbgrader only exercise 02, so the comparison favours nbgrader.
  nbgrader lives in its own venv, ``benchmarks/.venv-nbgrader``, created on first use
  (``python -m venv`` + ``pip install nbgrader``; about 300 MB). If that fails, the reason
  is printed and the row skipped.
* Before each ``kit grade`` run, a fixed pure-Python loop (20 million additions, one core):
  how fast the machine runs a plain loop at that moment; and the time to create one file of
  a page's size (200 of them), how fast the disk takes new files at that moment.

Timings depend on the machine and, for 10,000 small files, on the disk: run it on a quiet
machine, and read the ratios before the seconds. On the two-core VM the kit is built on,
other guests share the host: within one day the speed loop took from 0.7 to 3.3 s, and the
same ``kit grade`` took from 9.4 to 20.1 s with the CPU time (user) going from 15 to 32 s,
even between runs whose speed loops agreed; the loop shows the phase, not the grading's
time. Creating a file on its ext4 disk, which has no journal, costs up to 0.5 ms for a few
minutes after many files were deleted (the kernel passes over inodes freed in the last 60
seconds, or 6 minutes while their table is not yet on disk), so the benchmark deletes
nothing before it times, and one started right after another (which deleted its folders)
is slower. A later host of the same size (AMD EPYC, 2 cores) ran the loop in 0.38-0.44 s and
the same ``kit grade`` in 4.7-5.8 s, with single runs up to 8.7 s when the disk was busy
flushing an earlier run's pages (system CPU 8.3 s instead of about 3).
Compare figures from one invocation only.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
KEY = REPO / "solutions" / "keys" / "wagner-convoy.json"
NBGRADER_VENV = Path(__file__).resolve().parent / ".venv-nbgrader"


# --- kit grade --------------------------------------------------------------------------------


def make_submissions(folder: Path, n: int) -> list[Path]:
    from kit.grading.examples import make_class
    from kit.grading.model import load_key_and_case

    key, case = load_key_and_case(KEY)
    return make_class(folder, case, key, n=n, seed=1)


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _tree_rss(root: int) -> int:
    """Resident memory (bytes) of ``root`` and all its descendants, from /proc.

    Each thread lists its own children (``/proc/PID/task/TID/children``), so a sample reads
    a dozen small files. Reading every process's status instead cost about 4 ms of CPU per
    sample: a sixth of a core, every 20 ms, taken from the two cores being timed."""
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
                total += int(handle.read().split()[1]) * _PAGE
            threads = os.listdir(f"/proc/{pid}/task")
        except (OSError, ValueError, IndexError):  # it ended while being read
            continue
        for thread in threads:
            try:
                with open(f"/proc/{pid}/task/{thread}/children", encoding="ascii") as handle:
                    todo += map(int, handle.read().split())
            except (OSError, ValueError):  # the thread ended; its children are a sibling's
                continue
    return total


def run_measured(command: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """Wall seconds and peak resident memory (bytes) of a command and its children."""
    peak = 0
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL)
    sampling = os.path.isdir("/proc")

    def sample() -> None:
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.02)

    watcher = threading.Thread(target=sample, daemon=True) if sampling else None
    if watcher:
        watcher.start()
    code = process.wait()
    seconds = time.perf_counter() - start
    if watcher:
        watcher.join()
    if code != 0:
        raise RuntimeError(f"{' '.join(command)} exited with {code}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    LAST_CPU[:] = [after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime]
    return seconds, max(peak, after.ru_maxrss * 1024)


LAST_CPU: list[float] = [0.0, 0.0]
"""User and system CPU seconds of the last measured command, its workers included."""


def machine_speed() -> float:
    """Seconds for a fixed pure-Python loop: how fast the machine runs right now."""
    start = time.perf_counter()
    total = 0
    for n in range(20_000_000):
        total += n
    return time.perf_counter() - start


def file_speed(folder: Path, count: int = 200, size: int = 80_000) -> float:
    """Microseconds to create one file of a feedback page's size, here and now: the disk's
    phase, as the speed loop is the processor's. For some minutes after many files were
    deleted, creating one took 500-830 µs on the VM the kit is built on instead of 75-95,
    and a ``kit grade`` run then spent three times as long in the kernel."""
    folder.mkdir()
    start = time.perf_counter()
    _write_files((str(folder), 0, count, size))
    return (time.perf_counter() - start) / count * 1e6


def kit_grade(submissions: Path, out: Path, key: Path = KEY) -> tuple[float, int]:
    command = [sys.executable, "-m", "kit.cli", "grade", "--quiet", "--key", str(key)]
    return run_measured([*command, "--out", str(out), str(submissions)])


def grade_only(submissions: Path, key: Path = KEY) -> tuple[float, int]:
    """The same grading with no files written: what the pages and CSV files cost."""
    code = (
        "import sys; from kit.grading import grade; "
        "grade(sys.argv[1], sys.argv[2], progress=False, keep_items=False)"
    )
    return run_measured([sys.executable, "-c", code, str(submissions), str(key)])


def key_without(sections: tuple[str, ...], folder: Path) -> Path:
    """The key minus some sections, to time the same hand-ins with fewer exercises graded."""
    key = json.loads(KEY.read_text(encoding="utf-8"))
    path = folder / "key-part.json"
    kept = {name: value for name, value in key.items() if name not in sections}
    path.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")
    return path


def _write_files(job: tuple[str, int, int, int]) -> None:
    folder, first, count, size = job
    data = b"x" * size
    for n in range(first, first + count):
        fd = os.open(os.path.join(folder, f"{n}.html"), os.O_WRONLY | os.O_CREAT | os.O_EXCL)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)


def write_floor(pages: Path, folder: Path) -> float:
    """Seconds to create as many files of the pages' mean size, one process per core, with
    no grading at all: what this disk charges for the feedback pages alone. On the VM the kit
    is built on it ranged from 0.5 to 6.5 s for 10,000 pages within one hour."""
    import multiprocessing

    sizes = [p.stat().st_size for p in pages.iterdir()]
    size, count = sum(sizes) // max(len(sizes), 1), len(sizes)
    workers = min(os.cpu_count() or 1, 8)
    share = -(-count // workers)
    jobs = [(str(folder), w * share, min(share, count - w * share), size) for w in range(workers)]
    folder.mkdir()
    os.sync()
    start = time.perf_counter()
    with multiprocessing.Pool(workers) as pool:
        pool.map(_write_files, jobs)
    return time.perf_counter() - start


def json_floor(paths: list[Path]) -> float:
    start = time.perf_counter()
    for path in paths:
        with open(path, "rb") as handle:
            json.load(handle)
    return time.perf_counter() - start


# --- nbgrader ---------------------------------------------------------------------------------

CONFIG = 'c = get_config()\nc.CourseDirectory.course_id = "course101"\n'
CONFIG += "c.ExecutePreprocessor.timeout = 120\n"

TEST_CELL = """\
# Same scores as kit grade: triage agreement x 5, partial-overlap span F1 x 10.
KEY_TRIAGE = {triage!r}
KEY_SPANS = {spans!r}

def merged(spans):
    out = []
    for s, e in sorted(x for x in spans if x[1] > x[0]):
        if out and out[-1][1] > s:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out

def covered(span, others):
    return sum(max(0, min(span[1], e) - max(span[0], s)) for s, e in others) / (span[1] - span[0])

agree = sum(triage.get(sid) in ok for sid, ok in KEY_TRIAGE.items()) / len(KEY_TRIAGE)
mine, gold = merged([(c["start"], c["end"]) for c in claims]), merged(KEY_SPANS)
p = sum(covered(s, gold) for s in mine) / len(mine) if mine else 0.0
r = sum(covered(s, mine) for s in gold) / len(gold) if gold else 0.0
f1 = 2 * p * r / (p + r) if p + r else 0.0
score = round(5 * agree + 10 * f1, 4)
score
"""


def _nbgrader_ready() -> str | None:
    """None when nbgrader is usable, else why not."""
    nbgrader = NBGRADER_VENV / "bin" / "nbgrader"
    if nbgrader.exists():
        return None
    try:
        subprocess.run([sys.executable, "-m", "venv", str(NBGRADER_VENV)], check=True)
        pip = [str(NBGRADER_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, "--upgrade", "pip"], check=True)
        subprocess.run([*pip, "nbgrader"], check=True)
    except (OSError, subprocess.CalledProcessError) as err:
        shutil.rmtree(NBGRADER_VENV, ignore_errors=True)
        return f"could not install nbgrader into {NBGRADER_VENV}: {err}"
    return None if nbgrader.exists() else "nbgrader installed but its command is missing"


def _notebook(answers: str, key: dict) -> dict:
    import nbformat

    triage = {sid: [e["label"], *e.get("accepted", [])] for sid, e in key["triage"].items()}
    spans = [(s["start"], s["end"]) for s in key["spans"]]
    meta = {"schema_version": 3, "locked": False}
    answer = nbformat.v4.new_code_cell(
        f"### BEGIN SOLUTION\n{answers}\n### END SOLUTION",
        metadata={"nbgrader": {**meta, "solution": True, "grade": False, "grade_id": "answers"}},
    )
    test = nbformat.v4.new_code_cell(
        TEST_CELL.format(triage=triage, spans=spans),
        metadata={
            "nbgrader": {
                **meta,
                "locked": True,
                "solution": False,
                "grade": True,
                "grade_id": "test_claims",
                "points": 15,
            }
        },
    )
    intro = nbformat.v4.new_markdown_cell("Triage every sentence and highlight the claims.")
    notebook = nbformat.v4.new_notebook(cells=[intro, answer, test])
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return notebook


def nbgrader_autograde(hand_ins: list[Path], scratch: Path) -> tuple[float, dict[str, float]]:
    """Seconds for ``nbgrader autograde --create`` of the same answers as notebooks, and the
    scores nbgrader gave (by hand-in file name), read back with ``nbgrader export``."""
    import nbformat

    key = json.loads(KEY.read_text(encoding="utf-8"))["claims"]
    course = scratch / "course"
    (course / "source" / "ps1").mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(CONFIG, encoding="utf-8")
    model = _notebook("triage = {}\nclaims = []", key)
    nbformat.write(model, course / "source" / "ps1" / "ps1.ipynb")
    env = dict(os.environ, PATH=f"{NBGRADER_VENV / 'bin'}{os.pathsep}{os.environ['PATH']}")
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env.pop("PYTHONPATH", None)

    def nbgrader(*args: str) -> None:
        subprocess.run(["nbgrader", *args], cwd=course, env=env, check=True, capture_output=True)

    nbgrader("db", "assignment", "add", "ps1")
    nbgrader("generate_assignment", "ps1")
    for n, path in enumerate(hand_ins, 1):
        values = json.loads(path.read_text(encoding="utf-8"))["exercises"]["02_claims"]
        triage = {k: v for k, v in values.get("triage", {}).get("value", {}).items()}
        claims = values.get("claims", {}).get("value", [])
        answers = f"triage = {triage!r}\nclaims = {claims!r}"
        folder = course / "submitted" / f"s{n:02d}" / "ps1"
        folder.mkdir(parents=True)
        nbformat.write(_notebook(answers, key), folder / "ps1.ipynb")
        (folder / "timestamp.txt").write_text("2026-11-25 10:30:00.000000 UTC", encoding="utf-8")
    start = time.perf_counter()
    nbgrader("autograde", "ps1", "--create")
    seconds = time.perf_counter() - start
    nbgrader("export")
    with open(course / "grades.csv", encoding="utf-8", newline="") as handle:
        scores = {row["student_id"]: float(row["score"]) for row in csv.DictReader(handle)}
    return seconds, {path.name: scores[f"s{n:02d}"] for n, path in enumerate(hand_ins, 1)}


# --- the table --------------------------------------------------------------------------------


def rows(
    n: int = 10_000, with_nbgrader: bool = True, repeat: int = 3
) -> list[tuple[str, str, float, float]]:
    results: list[tuple[str, str, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="kit-bench-grade-") as scratch_name:
        scratch = Path(scratch_name)
        paths = make_submissions(scratch / "hand-ins", n)
        os.sync()
        floor = json_floor(paths)
        runs = []
        for run in range(repeat):  # each into a fresh folder, as an instructor would
            create = file_speed(scratch / f"probe-{run}")  # before the sync, which flushes it
            os.sync()  # start from a quiet disk: the last run wrote ~800 MB of pages
            loop = machine_speed()
            seconds, peak = kit_grade(scratch / "hand-ins", scratch / f"graded-{run}")
            runs.append((seconds, peak, loop))
            print(
                f"kit grade run {run + 1}: {n:,} hand-ins in {seconds:.2f} s "
                f"(CPU: user {LAST_CPU[0]:.1f} s, system {LAST_CPU[1]:.1f} s), "
                f"peak memory {peak / 2**20:.0f} MiB (command and workers); "
                f"just before, the speed loop took {loop:.2f} s and creating a page-sized "
                f"file {create:.0f} µs"
            )
        seconds, peak, loop = sorted(runs)[len(runs) // 2]
        goal = "met" if seconds < 10 else "NOT met"
        print(
            f"kit grade: median {seconds:.2f} s for {n:,} hand-ins ({seconds / n * 1000:.2f} ms "
            f"each), best {min(runs)[0]:.2f} s"
            + (f"; goal for 10,000, < 10 s: {goal} (median)" if n == 10_000 else "")
        )
        results.append(
            (f"kit grade, {n:,} hand-ins (median)", "json.load the same files", seconds, floor)
        )
        results.append(("kit grade, the same run", "the speed loop just before it", seconds, loop))
        os.sync()
        part = key_without(("sources", "framing"), scratch)
        two, _ = kit_grade(scratch / "hand-ins", scratch / "graded-01-02", part)
        print(f"kit grade, exercises 01 and 02 only: {two:.2f} s for the same {n:,} hand-ins")
        results.append(
            ("kit grade, all four exercises", "kit grade, exercises 01-02 only", seconds, two)
        )
        bare, _ = grade_only(scratch / "hand-ins")
        print(f"the same grading with no files written: {bare:.2f} s")
        results.append(("kit grade, all outputs", "the same, no files written", seconds, bare))
        disk = write_floor(scratch / "graded-0" / "feedback", scratch / "written")
        print(f"writing as many files of the same size, no grading: {disk:.2f} s")
        results.append(("kit grade, all outputs", "writing the pages' bytes only", seconds, disk))
        os.sync()  # last of the timed runs: it deletes 10,000 pages, which slows file creation
        again, _ = kit_grade(scratch / "hand-ins", scratch / "graded-0")
        print(f"kit grade again into the first run's folder (its pages replaced): {again:.2f} s")
        results.append(
            ("kit grade again, same folder", "kit grade, fresh folder (median)", again, seconds)
        )
        if not with_nbgrader:
            return results
        ten = scratch / "ten"
        ten.mkdir()
        for path in paths[:10]:
            shutil.copy(path, ten / path.name)
        ten_seconds, _ = kit_grade(ten, scratch / "graded-ten")
        reason = _nbgrader_ready()
        if reason:
            print(f"nbgrader row skipped: {reason}")
            return results
        try:
            nbg, nbg_scores = nbgrader_autograde(sorted(ten.glob("*.json")), scratch)
        except (OSError, subprocess.CalledProcessError) as err:
            detail = getattr(err, "stderr", b"") or b""
            print(f"nbgrader row skipped: {err} {detail.decode(errors='replace')[-500:]}")
            return results
        with open(scratch / "graded-ten" / "grades.csv", encoding="utf-8", newline="") as handle:
            kit_scores = {row["learner"]: float(row["02_claims"]) for row in csv.DictReader(handle)}
        same = sum(
            abs(kit_scores[name.split("--")[1].removesuffix(".json")] - score) < 0.01
            for name, score in nbg_scores.items()
        )
        print(f"same scores from nbgrader and kit grade (exercise 02): {same} of 10")
        per_kit, per_nbg = seconds / n, nbg / 10
        # nbgrader is the measured row here, so the ratio reads "times slower than kit grade".
        results.append(
            (
                "nbgrader autograde, per notebook",
                f"kit grade, per hand-in ({n:,})",
                per_nbg,
                per_kit,
            )
        )
        results.append(
            ("nbgrader autograde, 10 notebooks", "kit grade, 10 (incl. start-up)", nbg, ten_seconds)
        )
        print(
            f"nbgrader autograde: 10 notebooks in {nbg:.2f} s ({per_nbg:.3f} s each); "
            f"kit grade is {per_nbg / per_kit:,.0f}x faster per hand-in in a large class, "
            f"{nbg / ten_seconds:.1f}x faster for the same 10 including its start-up"
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="hand-ins to grade")
    parser.add_argument("--no-nbgrader", action="store_true", help="skip the nbgrader rows")
    parser.add_argument("--repeat", type=int, default=3, help="kit grade runs (median kept)")
    args = parser.parse_args()
    from benchmarks.run import print_table

    print_table(rows(args.n, not args.no_nbgrader, args.repeat))


if __name__ == "__main__":
    main()
