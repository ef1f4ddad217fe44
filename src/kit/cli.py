"""The ``kit`` command: a thin layer over one module per verb."""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
from pathlib import Path

from kit.build import build_exercises


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="kit",
        description="The media-literacy kit: lessons and exercises on one contested text.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    lab = commands.add_parser("lab", help="open JupyterLab on the first lesson")
    lab.add_argument(
        "--root", type=Path, default=Path.cwd(), help="the kit's folder (default: here)"
    )
    lab.epilog = "Other options (for example --no-browser --port=8899) go on to jupyter lab."
    build = commands.add_parser("build-exercises", help="regenerate exercises/ from solutions/")
    build.add_argument("--solutions", type=Path, default=Path("solutions"))
    build.add_argument("--out", type=Path, default=Path("exercises"))
    _release_parser(commands)
    _submit_parser(commands)
    _model_parser(commands)
    _grade_parser(commands)
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "lab":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command == "lab":
        return _lab(args.root, extra)
    if args.command == "build-exercises":
        return _build(args.solutions, args.out)
    if args.command in ("release", "submit", "model-answers", "grade"):
        return args.run(args)
    parser.print_help()
    return 0


def _release_parser(commands: argparse._SubParsersAction) -> None:
    release = commands.add_parser(
        "release", help="write the student release (lessons, exercises, kit; no key)"
    )
    release.add_argument("outdir", type=Path, help="a new or empty folder")
    release.add_argument("--root", type=Path, help="the kit's folder (default: found)")
    release.set_defaults(run=_release)


def _release(args: argparse.Namespace) -> int:
    from kit.release import ReleaseError, release

    try:
        written = release(args.outdir, args.root)
    except (ReleaseError, OSError) as err:
        print(f"kit release: {err}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path}")
    print("No answer key and no solutions inside: the exercises will run in classroom mode.")
    return 0


def _submit_parser(commands: argparse._SubParsersAction) -> None:
    submit = commands.add_parser("submit", help="copy your answers file to a file to hand in")
    submit.add_argument("--case", default="wagner-convoy", help="case id (default: %(default)s)")
    submit.add_argument("--learner", help="learner id (default: the one the notebooks use)")
    submit.add_argument("--to", type=Path, help="folder for the copy (default: ~/kit-submissions)")
    submit.set_defaults(run=_submit)


def _submit(args: argparse.Namespace) -> int:
    from kit.submit import SubmitError, submit

    try:
        submit(args.case, args.learner, args.to)
    except (SubmitError, OSError) as err:
        print(f"kit submit: {err}", file=sys.stderr)
        return 1
    return 0


def _model_parser(commands: argparse._SubParsersAction) -> None:
    model = commands.add_parser(
        "model-answers", help="write the answers file of a learner who matches the key"
    )
    model.add_argument("--key", type=Path, required=True, help="the answer key (JSON)")
    model.add_argument("-o", "--output", type=Path, required=True, help="the file to write")
    model.add_argument("--learner", default="model", help="learner id (default: %(default)s)")
    model.set_defaults(run=_model)


def _model(args: argparse.Namespace) -> int:
    from kit.grading.model import write_model_answers
    from kit.keys import KeyFileError

    if args.output.resolve() == args.key.resolve():
        print(
            f"kit model-answers: {args.output} is the key itself: choose another file",
            file=sys.stderr,
        )
        return 2
    try:
        print(f"wrote {write_model_answers(args.key, args.output, args.learner)}")
    except (KeyFileError, ValueError) as err:
        print(f"kit model-answers: {err}", file=sys.stderr)
        return 2
    except OSError as err:  # the output cannot be written: a folder, no permission, ...
        print(f"kit model-answers: {err.filename or args.output}: {err.strerror}", file=sys.stderr)
        return 2
    return 0


def _grade_parser(commands: argparse._SubParsersAction) -> None:
    grade = commands.add_parser(
        "grade",
        help="grade hand-ins: grades.csv, feedback pages, class report, rubric sheet",
        description="Grade answers files (files, folders or glob patterns) against a key. "
        "Nothing in a hand-in is run; scores in it are ignored; files that cannot be graded "
        "are listed in problems.csv, with notes on answers outside an exercise's choices. When "
        "none can be graded, nothing is written and the reasons are printed.",
    )
    grade.add_argument("submissions", nargs="+", help="answers files, folders or globs")
    grade.add_argument("--key", type=Path, required=True, help="the answer key (JSON)")
    grade.add_argument("--out", type=Path, required=True, help="the output folder")
    grade.add_argument("--rubric", type=Path, help="a filled rubric-sheet.csv to merge")
    grade.add_argument("--case", help="case id or folder (default: the key's case)")
    grade.add_argument(
        "--latest", action="store_true", help="grade only the last-saved file of each learner"
    )
    grade.add_argument(
        "--lms", choices=("generic", "canvas"), default="generic", help="grades.csv layout"
    )
    grade.add_argument(
        "--workers", type=int, help="processes (default: one per core for a large class)"
    )
    grade.add_argument(
        "--exercises",
        help="grade only these, comma-separated (e.g. 01,02 after the first homework)",
    )
    grade.add_argument("--quiet", action="store_true", help="no progress bar")
    grade.set_defaults(run=_grade)


def _grade(args: argparse.Namespace) -> int:
    from kit.cases import CaseError
    from kit.grading.api import OptionError, grade, summary
    from kit.grading.rubric import RubricError
    from kit.keys import KeyFileError

    try:
        result = grade(
            args.submissions,
            args.key,
            out=args.out,
            rubric=args.rubric,
            case=args.case,
            latest=args.latest,
            lms=args.lms,
            workers=args.workers,
            progress=False if args.quiet else None,
            keep_items=False,
            exercises=args.exercises.split(",") if args.exercises is not None else None,
        )
    except (KeyFileError, CaseError, RubricError, OptionError) as err:
        print(f"kit grade: {err}", file=sys.stderr)
        return 2
    except OSError as err:  # the output folder cannot be written, the disk is full, ...
        print(f"kit grade: {err.filename or ''}: {err.strerror or err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl-C: the hand-ins are untouched; outputs may be partial
        print(
            "\nkit grade: stopped; the hand-ins are untouched. Grade again to finish.",
            file=sys.stderr,
        )
        return 130
    try:
        summary(result)
    except BrokenPipeError:  # piped into a command that stopped reading, such as head
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _lab(root: Path, extra: list[str]) -> int:
    start = root / "notebooks" / "00_start_here.ipynb"
    if not start.is_file():
        print(
            f"kit lab: {start} not found. Run it from the kit's folder or pass --root.",
            file=sys.stderr,
        )
        return 2
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        str(start.relative_to(root)),
        *extra,
    ]
    # A terminal opened in JupyterLab then finds `kit submit`, as the exercises say, even when
    # the kit's environment was never activated (`make lab` runs .venv/bin/kit directly).
    here = str(Path(sys.executable).parent)
    path = os.pathsep.join([here, os.environ.get("PATH", "")]).rstrip(os.pathsep)
    return subprocess.call(command, env={**os.environ, "PATH": path})


def _build(solutions: Path, out: Path) -> int:
    if not solutions.is_dir():
        print(f"kit build-exercises: no folder {solutions}", file=sys.stderr)
        return 2
    for path in build_exercises(solutions, out):
        print(f"wrote {path}")
    return 0


def run() -> None:
    """The ``kit`` command. Each command is one short process, so the cyclic collector is
    switched off for good: ``kit grade`` leaves millions of small objects and no cycles, and
    the collector's first pass over them, once it was back on, took 0.7 s for 10,000 hand-ins.
    (``main`` itself leaves the collector alone, for tests and notebooks that call it.)"""
    gc.disable()
    sys.exit(main())


if __name__ == "__main__":
    run()
