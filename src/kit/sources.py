"""The offline source pack and a ranked search over it.

Classrooms may be offline, so each case carries short summaries of real reports
(``sources/*.md``: a header with id, title, outlet, date, optional time, url and kind, then a
summary and a note on what the source can and cannot establish). Lateral reading is practised
by searching this pack instead of the web.

Search is a small BM25 written out here rather than a dependency: the pack holds a few dozen
short documents, the algorithm fits on one screen, and learners or teachers who open this file
can see exactly why a document ranks first. It answers in well under a millisecond for the
pack (see ``benchmarks/``).
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kit.cases import Case, CaseError

__all__ = ["KINDS", "Hit", "Source", "SourceError", "SourcePack", "load_pack", "parse_source"]

KINDS = ("news report", "official statement", "fact-check", "commentary", "social post")
HEADER_KEYS = ("id", "title", "outlet", "date", "time", "url", "kind")
_REQUIRED = ("id", "title", "outlet", "date", "url", "kind")
_TOKEN = re.compile(r"[\w’']+", re.UNICODE)
_STOP = frozenset(
    """a an and are as at be but by for from has have he in is it its of on or that the their
    them they this to was were will with""".split()  # noqa: SIM905 (a word list reads best so)
)


class SourceError(CaseError):
    """A source file that cannot be used; the message names the file and the problem. The
    pack is part of its case, so whatever reports a broken case reports this too."""


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    outlet: str
    date: str
    url: str
    kind: str
    summary: str
    limits: str
    time: str = ""

    @property
    def citation(self) -> str:
        when = f"{self.date}, {self.time}" if self.time else self.date
        return f"{self.outlet}, {when}, {self.url}"


@dataclass(frozen=True)
class Hit:
    source: Source
    score: float
    snippet: str  # HTML: escaped text with the matching words in <mark><b>


def parse_source(path: Path) -> Source:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n(.*)", text, re.S)
    if not match:
        raise SourceError(f"{path}: no header between '---' lines")
    header: dict[str, str] = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if not sep or key.strip() not in HEADER_KEYS:
            raise SourceError(
                f"{path}: header line {line!r} is not one of {', '.join(HEADER_KEYS)}"
            )
        header[key.strip()] = value.strip()
    missing = [k for k in _REQUIRED if not header.get(k)]
    if missing:
        raise SourceError(f"{path}: header lacks {', '.join(missing)}")
    if header["id"] != path.stem:
        raise SourceError(f"{path}: id {header['id']!r} differs from the file name")
    if header["kind"] not in KINDS:
        raise SourceError(f"{path}: kind {header['kind']!r} is not one of {', '.join(KINDS)}")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", header["date"]):
        raise SourceError(f"{path}: date {header['date']!r} is not YYYY-MM-DD")
    if not header["url"].startswith("https://") and not header["url"].startswith("http://"):
        raise SourceError(f"{path}: url {header['url']!r} is not a web address")
    sections = dict(re.findall(r"^## (.+?)\n(.*?)(?=^## |\Z)", match.group(2), re.S | re.M))
    summary = sections.get("Summary", "").strip()
    limits = sections.get("What it can and cannot establish", "").strip()
    if not summary or not limits:
        raise SourceError(f"{path}: needs '## Summary' and '## What it can and cannot establish'")
    return Source(summary=summary, limits=limits, **header)


@dataclass
class SourcePack:
    """The pack and its BM25 index, built once when the pack is loaded."""

    sources: list[Source]
    k1: float = 1.5
    b: float = 0.75
    _terms: list[Counter[str]] = field(default_factory=list, repr=False)
    _idf: dict[str, float] = field(default_factory=dict, repr=False)
    _lengths: list[int] = field(default_factory=list, repr=False)
    _avg: float = 1.0

    def __post_init__(self) -> None:
        self._terms = [Counter(_tokens(_document(s))) for s in self.sources]
        n = len(self.sources)
        df = Counter(term for counts in self._terms for term in counts)
        self._idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        self._lengths = [sum(c.values()) for c in self._terms]
        self._avg = sum(self._lengths) / max(n, 1)

    def __len__(self) -> int:
        return len(self.sources)

    def get(self, source_id: str) -> Source:
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(f"no source {source_id!r} in the pack")

    def search(self, query: str, limit: int = 5) -> list[Hit]:
        """Best matches first; documents sharing no word with the query are left out."""
        words = [w for w in _tokens(query) if w in self._idf]
        scored = []
        for source, counts, length in zip(self.sources, self._terms, self._lengths, strict=True):
            score = sum(self._term_score(counts.get(w, 0), length, w) for w in words)
            if score > 0:
                scored.append((score, source))
        scored.sort(key=lambda pair: (-pair[0], pair[1].id))
        return [Hit(s, round(score, 3), snippet(s.summary, words)) for score, s in scored[:limit]]

    def _term_score(self, tf: int, length: int, word: str) -> float:
        if not tf:
            return 0.0
        norm = tf + self.k1 * (1 - self.b + self.b * length / self._avg)
        return self._idf[word] * tf * (self.k1 + 1) / norm


def load_pack(case: Case) -> SourcePack:
    folder = case.folder / "sources"
    return SourcePack([parse_source(p) for p in sorted(folder.glob("*.md"))])


def snippet(text: str, words: list[str], width: int = 220) -> str:
    """The stretch of ``text`` with the most query words, escaped, matches marked and in bold."""
    wanted = set(words)
    positions = [m for m in _TOKEN.finditer(text) if _stem(m.group().lower()) in wanted]
    start = 0
    if positions:
        best = max(
            positions, key=lambda m: sum(abs(o.start() - m.start()) < width for o in positions)
        )
        start = max(0, best.start() - width // 3)
    piece = text[start : start + width]
    out, cursor = [], 0
    for m in _TOKEN.finditer(piece):
        if _stem(m.group().lower()) in wanted:
            out += [
                html.escape(piece[cursor : m.start()]),
                f"<mark><b>{html.escape(m.group())}</b></mark>",  # bold too: not by colour alone
            ]
            cursor = m.end()
    out.append(html.escape(piece[cursor:]))
    return ("…" if start else "") + "".join(out) + ("…" if start + width < len(text) else "")


def _document(source: Source) -> str:
    return " ".join([source.title, source.outlet, source.kind, source.summary, source.limits])


def _tokens(text: str) -> list[str]:
    return [_stem(t) for t in (m.group().lower() for m in _TOKEN.finditer(text)) if t not in _STOP]


def _stem(word: str) -> str:
    """A light plural/possessive fold, so "helicopters" finds "helicopter"."""
    word = word.replace("’", "'").removesuffix("'s")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word
