"""The ``kit`` command: a thin layer over one module per verb."""

from __future__ import annotations

import argparse
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
    lab.add_argument("jupyter_args", nargs=argparse.REMAINDER, help="passed on to jupyter lab")
    build = commands.add_parser("build-exercises", help="regenerate exercises/ from solutions/")
    build.add_argument("--solutions", type=Path, default=Path("solutions"))
    build.add_argument("--out", type=Path, default=Path("exercises"))
    args = parser.parse_args(argv)
    if args.command == "lab":
        return _lab(args.root, args.jupyter_args)
    if args.command == "build-exercises":
        return _build(args.solutions, args.out)
    parser.print_help()
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
    return subprocess.call(command)


def _build(solutions: Path, out: Path) -> int:
    if not solutions.is_dir():
        print(f"kit build-exercises: no folder {solutions}", file=sys.stderr)
        return 2
    for path in build_exercises(solutions, out):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
