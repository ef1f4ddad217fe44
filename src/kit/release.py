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
and finds nothing. It stops at the release's top folder (marked by
:data:`kit.keys.RELEASE_MARK`), so a key in a folder above the release is never found either.
Before the release is moved into place, :func:`check_release` scans every file for each
passage of prose in every key under ``solutions/keys``; the release fails, and leaves nothing
behind, if any is found.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kit.build import strip_solutions
from kit.keys import RELEASE_MARK

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

When your teacher asks for your answers, run the `hand_in()` cell at the end of the exercise
or, in a terminal:

```bash
.venv/bin/kit submit           # prints the file to upload
```

The exercises run in *classroom mode*: **Check** tells you what is still unanswered, and your
teacher discusses the answers with the class.
"""


class ReleaseError(RuntimeError):
    """The release could not be written, or would leak part of the answer key."""


def find_root(start: Path | None = None) -> Path:
    """The kit's folder: ``start`` if given, else the current folder or the one holding this
    package. A ``start`` that is not the kit's folder is an error, never silently replaced."""
    candidates = [start] if start is not None else [Path.cwd(), Path(__file__).resolve().parents[2]]
    for candidate in candidates:
        if (candidate / "notebooks").is_dir() and (candidate / "src" / "kit").is_dir():
            return candidate
    where = f"{start} is not" if start is not None else "not in"
    raise ReleaseError(
        f"{where} the kit's folder: run kit release from the folder holding notebooks/ and src/, "
        "or pass --root"
    )


_COPIED = ("notebooks", "exercises", "src", "solutions")


def release(out: Path, root: Path | None = None) -> list[Path]:
    """Write the student release into ``out`` (new or empty); return the top-level entries.

    The release is built in a temporary folder beside ``out`` and moved into place only once
    :func:`check_release` finds nothing of the key in it, so a failed release leaves nothing
    behind that could be handed out by mistake.
    """
    root = find_root(root)
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ReleaseError(f"{out} is a file: choose a new folder")
    if out.exists() and any(out.iterdir()):
        raise ReleaseError(f"{out} is not empty: choose a new folder")
    for folder in _COPIED:
        if out.resolve().is_relative_to(root.resolve() / folder):
            raise ReleaseError(f"{out} is inside {folder}/: choose a folder elsewhere")
    texts = key_texts(sorted((root / "solutions" / "keys").glob("*.json")))
    out.parent.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.building-"))
    try:
        _write(root, build)
        leaks = check_release(build, texts)
        if leaks:
            raise ReleaseError("the release would leak the answer key: " + "; ".join(leaks))
        if out.exists():
            out.rmdir()
        build.rename(out)
    finally:
        shutil.rmtree(build, ignore_errors=True)
    return sorted(out.iterdir())


def _write(root: Path, out: Path) -> None:
    for folder in ("notebooks", "exercises"):
        _copy_notebooks(root / folder, out / folder)
    shutil.copytree(root / "src" / "kit", out / "src" / "kit", ignore=_SKIP)
    shutil.copy2(root / "pyproject.toml", out / "pyproject.toml")
    title = "The media-literacy kit"
    (out / "README.md").write_text(README.format(title=title), encoding="utf-8")
    (out / RELEASE_MARK).write_text(
        "A class release of the media-literacy kit: its exercises look for no answer key above "
        "this folder, so they run in classroom mode wherever it is unpacked.\n",
        encoding="utf-8",
    )


def _copy_notebooks(source: Path, target: Path) -> None:
    """Copy a folder, stripping outputs and solution cells from every notebook in it, at any
    depth (a notebook in a subfolder is as likely to hold a solution as one at the top)."""
    target.mkdir(parents=True, exist_ok=True)
    if not source.is_dir():
        return
    for path in sorted(source.iterdir()):
        if path.name.startswith(".") or path.name in ("solutions", "keys", "__pycache__"):
            continue
        if path.suffix == ".ipynb":
            try:
                notebook = strip_solutions(_read_json(path, "notebook"))
            except (KeyError, TypeError, AttributeError) as err:
                raise ReleaseError(f"{path}: not laid out as a notebook ({err!r})") from None
            text = json.dumps(notebook, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
            (target / path.name).write_text(text, encoding="utf-8")
        elif path.is_dir():
            _copy_notebooks(path, target / path.name)
        else:
            shutil.copy2(path, target / path.name)


def _read_json(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as err:
        raise ReleaseError(f"{path}: cannot be read as a {what} ({err})") from None


_PUBLIC = frozenset({"quote", "id", "label", "type", "group", "case", "article_sha256"})


def key_texts(keys: Iterable[Path]) -> list[str]:
    """Every passage of prose in the given key files: explanations, model answers, notes. Only
    article quotes, ids and label names are public; any other text of 40 characters or more is
    the key's own writing and must not ship."""
    found: list[str] = []
    for path in keys:
        stack: list[tuple[str, Any]] = [("", _read_json(Path(path), "key"))]
        while stack:
            name, node = stack.pop()
            if isinstance(node, dict):
                stack.extend(node.items())
            elif isinstance(node, list):
                stack.extend((name, value) for value in node)
            elif isinstance(node, str) and name not in _PUBLIC and len(node.strip()) >= 40:
                found.append(node.strip())
    return found


def check_release(out: Path, texts: Iterable[str]) -> list[str]:
    """What in ``out`` would give the key away: solutions/keys folders, or explanation text
    (as written, or escaped as JSON and notebooks store it). Whitespace is compared loosely
    and a notebook's cells are read as a whole, so a pasted explanation split over lines or
    rewrapped in a markdown cell is still found."""
    forms = [
        (text, {_squeezed(v) for v in (text, json.dumps(text)[1:-1], _unescaped_json(text))})
        for text in texts
    ]
    leaks = []
    for path in sorted(Path(out).rglob("*")):
        relative = path.relative_to(out)
        if path.is_dir():
            if path.name in ("solutions", "keys"):
                leaks.append(f"{relative}/ is in the release")
            continue
        content = _readable(path)
        for text, variants in forms:
            if any(variant in content for variant in variants):
                leaks.append(f"{relative} contains the key's explanation {text[:40]!r}...")
                break
    return leaks


def _unescaped_json(text: str) -> str:
    """The text as a notebook stores it: quotes and line ends escaped, letters as they are."""
    return json.dumps(text, ensure_ascii=False)[1:-1]


def _squeezed(text: str) -> str:
    return " ".join(text.split())


def _readable(path: Path) -> str:
    """A file's text with every run of whitespace as one space; for a notebook, its cells'
    sources joined too (a cell stores its text as a list of lines)."""
    raw = path.read_bytes().decode("utf-8", errors="ignore")
    parts = [raw]
    if path.suffix == ".ipynb":
        try:
            cells = json.loads(raw).get("cells", [])
            parts += ["".join(c.get("source", "")) for c in cells if isinstance(c, dict)]
        except (ValueError, AttributeError, TypeError):
            pass  # not a notebook after all: the raw text is still searched
    return _squeezed("\n".join(parts))
