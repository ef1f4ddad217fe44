"""Load a case: a folder holding a verbatim article, its metadata and its source pack.

A case is plain files so that an author can add another contested text without writing code.
The bundled cases live inside the package (``kit/cases/<id>/``); any other folder laid out the
same way can be loaded by path. Loading checks the article against the hash recorded in
``case.toml``, because every answers file and key points into the text by offsets: a silently
edited article would make them all wrong.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from kit.text import Article

__all__ = ["Case", "CaseError", "Contrast", "bundled_cases", "load_case", "load_contrast"]


class CaseError(ValueError):
    """A case folder that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Case:
    id: str
    title: str
    article: Article
    meta: dict[str, Any] = field(repr=False)
    folder: Path = field(repr=False)
    claims: list[dict[str, Any]] = field(default_factory=list, repr=False)

    @property
    def text(self) -> str:
        return self.article.text


def bundled_cases() -> list[str]:
    """Ids of the cases shipped inside the package."""
    root = resources.files("kit") / "cases"
    return sorted(p.name for p in root.iterdir() if (p / "case.toml").is_file())


def load_case(case: str | Path) -> Case:
    """Load a bundled case by id (``"wagner-convoy"``) or any case folder by path."""
    folder = _case_folder(case)
    meta = _read_toml(folder / "case.toml")
    text = _read_article(folder / "article.txt")
    article = Article.from_text(text)
    expected = meta.get("article_sha256")
    if expected is not None and expected != article.sha256:
        raise CaseError(
            f"{folder / 'article.txt'}: the text does not match article_sha256 in case.toml "
            f"(found {article.sha256[:12]}..., expected {str(expected)[:12]}...). The article "
            "must stay verbatim; if it was changed on purpose, update the hash and every key that "
            "points into it."
        )
    for key in ("id", "title"):
        if not isinstance(meta.get(key), str):
            raise CaseError(f"{folder / 'case.toml'}: missing the text field {key!r}")
    claims = _read_claims(folder / "claims.json", text)
    return Case(
        id=meta["id"], title=meta["title"], article=article, meta=meta, folder=folder, claims=claims
    )


def _case_folder(case: str | Path) -> Path:
    path = Path(case)
    if path.is_dir():
        return path
    bundled = Path(str(resources.files("kit") / "cases" / str(case)))
    if (bundled / "case.toml").is_file():
        return bundled
    raise CaseError(f"no case {str(case)!r}: bundled cases are {', '.join(bundled_cases())}")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CaseError(f"{path}: missing (every case folder needs a case.toml)") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise CaseError(f"{path}: not valid TOML ({err})") from None


def _read_article(path: Path) -> str:
    try:
        # newline="" keeps the bytes as they are: offsets must not shift on Windows.
        with path.open(encoding="utf-8", newline="") as f:
            return f.read()
    except FileNotFoundError:
        raise CaseError(f"{path}: missing (every case folder needs the verbatim article)") from None
    except UnicodeDecodeError as err:
        raise CaseError(f"{path}: not UTF-8 text ({err})") from None


def _read_claims(path: Path, text: str) -> list[dict[str, Any]]:
    """The shared list of check-worthy claims (ids, offsets, quotes) that exercise 03 works on.

    It ships with the case, not the key, because a class release has no key but still needs
    the list; it holds no verdicts or explanations.
    """
    if not path.exists():
        return []
    try:
        claims = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise CaseError(f"{path}: not valid JSON ({err})") from None
    if not isinstance(claims, list):
        raise CaseError(f"{path}: must be a list of claims")
    shape = {"id": str, "start": int, "end": int, "quote": str}
    for n, claim in enumerate(claims, 1):
        if not isinstance(claim, dict) or any(
            not isinstance(claim.get(k), t) for k, t in shape.items()
        ):
            raise CaseError(f"{path}: claim {n} needs a text id and quote and whole-number offsets")
        if text[claim["start"] : claim["end"]] != claim["quote"]:
            raise CaseError(f"{path}: claim {claim['id']!r} quote does not match the text")
    return claims


@dataclass(frozen=True)
class Contrast:
    """A sober report of the same events, for comparing word choice side by side."""

    title: str
    label: str
    date: str
    body: str
    sources: list[str]


def load_contrast(case: Case) -> Contrast | None:
    """The case's ``contrast.md`` (a header, the body, then ``## Sources``), if it has one."""
    path = case.folder / "contrast.md"
    if not path.exists():
        return None
    text = path.read_text(encoding="utf-8")
    head, sep, rest = text.removeprefix("---\n").partition("\n---\n")
    if not sep:
        raise CaseError(f"{path}: no header between '---' lines")
    meta = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
    body, _, sources = rest.partition("## Sources")
    listed = [line[2:].strip() for line in sources.splitlines() if line.startswith("- ")]
    if not {"title", "label", "date"} <= meta.keys() or not listed:
        raise CaseError(
            f"{path}: needs title, label and date in its header and a '## Sources' list"
        )
    return Contrast(meta["title"], meta["label"], meta["date"], body.strip(), listed)
