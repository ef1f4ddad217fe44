"""The student release: lessons, exercises and the kit itself, without the key or solutions.

``kit release OUTDIR`` writes::

    OUTDIR/
      README.md           set-up for learners (two commands)
      pyproject.toml      the kit's own, unchanged
      src/kit/            the package as an installable source tree
      notebooks/          the lessons, outputs stripped
      exercises/          the exercise notebooks, outputs and any solution cells stripped

The package ships as a **source tree**, not a built wheel: the kit is pure Python, so
``pip install .`` (or ``pip install -e .``) in OUTDIR installs it on any system with no build
step at release time and no build tools to download first. The tree is also easy to inspect:
an instructor can see that nothing but the case and the code went out. ``pip wheel .`` turns
it into a wheel for a hub image when wanted.

There is no ``solutions/`` folder and no ``keys/`` folder anywhere in the release, so the
exercises run in classroom mode: :func:`kit.keys.find_key` walks up from the notebook's folder
and finds nothing. After writing, :func:`check_release` scans every file for the text of each
explanation in every key under ``solutions/keys``; the release fails if any is found.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from pathlib import Path

from kit.build import strip_solutions

__all__ = ["ReleaseError", "check_release", "find_root", "key_texts", "release"]

_SKIP = shutil.ignore_patterns(
    "__pycache__", "*.pyc", ".*", "*.egg-info", "solutions", "keys", "*.damaged-*"
)

README = """# {title}: student release

Notebooks to read one contested breaking-news text closely and practise pulling out its claims,
checking sources and spotting framing. Your answers save themselves as you go, in
`~/kit-answers/`.

## Set-up

```bash
python3 -m venv .venv
.venv/bin/pip install .        # Windows: .venv\\Scripts\\pip install .
.venv/bin/kit lab              # opens the first lesson
```

## Handing in

When your teacher asks for your answers, run the last cell of the exercise or, in a terminal:

```bash
.venv/bin/kit submit           # prints the file to upload
```

The exercises run in *classroom mode*: **Check** tells you what is still unanswered, and your
teacher discusses the answers with the class.
"""


class ReleaseError(RuntimeError):
    """The release could not be written, or would leak part of the answer key."""


def find_root(start: Path | None = None) -> Path:
    """The kit's folder: ``start`` (or the current folder), else the one holding this package."""
    for candidate in (start or Path.cwd(), Path(__file__).resolve().parents[2]):
        if (candidate / "notebooks").is_dir() and (candidate / "src" / "kit").is_dir():
            return candidate
    raise ReleaseError(
        "not in the kit's folder: run kit release from the folder holding notebooks/ and src/, "
        "or pass --root"
    )


def release(out: Path, root: Path | None = None) -> list[Path]:
    """Write the student release into ``out`` (new or empty); return the top-level entries."""
    root = find_root(root)
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise ReleaseError(f"{out} is not empty: choose a new folder")
    if out.resolve().is_relative_to(root.resolve() / "solutions"):
        raise ReleaseError(f"{out} is inside solutions/: choose a folder elsewhere")
    out.mkdir(parents=True, exist_ok=True)
    for folder in ("notebooks", "exercises"):
        _copy_notebooks(root / folder, out / folder)
    shutil.copytree(root / "src" / "kit", out / "src" / "kit", ignore=_SKIP)
    shutil.copy2(root / "pyproject.toml", out / "pyproject.toml")
    title = "The media-literacy kit"
    (out / "README.md").write_text(README.format(title=title), encoding="utf-8")
    leaks = check_release(out, key_texts((root / "solutions" / "keys").glob("*.json")))
    if leaks:
        raise ReleaseError("the release would leak the answer key: " + "; ".join(leaks))
    return sorted(out.iterdir())


def _copy_notebooks(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    if not source.is_dir():
        return
    for path in sorted(source.iterdir()):
        if path.name.startswith(".") or path.name in ("solutions", "keys"):
            continue
        if path.suffix == ".ipynb":
            notebook = strip_solutions(json.loads(path.read_text(encoding="utf-8")))
            text = json.dumps(notebook, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
            (target / path.name).write_text(text, encoding="utf-8")
        elif path.is_dir():
            shutil.copytree(path, target / path.name, ignore=_SKIP)
        else:
            shutil.copy2(path, target / path.name)


def key_texts(keys: Iterable[Path]) -> list[str]:
    """Every explanation (and disputable note) written in the given key files."""
    found: list[str] = []
    for path in keys:
        stack = [json.loads(Path(path).read_text(encoding="utf-8"))]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                for name, value in node.items():
                    if name in ("explanation", "disputable") and isinstance(value, str):
                        if value.strip():
                            found.append(value.strip())
                    else:
                        stack.append(value)
            elif isinstance(node, list):
                stack.extend(node)
    return found


def check_release(out: Path, texts: Iterable[str]) -> list[str]:
    """What in ``out`` would give the key away: solutions/keys folders, or explanation text
    (as written, or escaped as JSON and notebooks store it)."""
    forms = [
        (text, {text, json.dumps(text)[1:-1], json.dumps(text, ensure_ascii=False)[1:-1]})
        for text in texts
    ]
    leaks = []
    for path in sorted(Path(out).rglob("*")):
        relative = path.relative_to(out)
        if path.is_dir():
            if path.name in ("solutions", "keys"):
                leaks.append(f"{relative}/ is in the release")
            continue
        content = path.read_bytes().decode("utf-8", errors="ignore")
        for text, variants in forms:
            if any(variant in content for variant in variants):
                leaks.append(f"{relative} contains the key's explanation {text[:40]!r}...")
                break
    return leaks
