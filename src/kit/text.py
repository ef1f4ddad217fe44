"""Split an article into a title, paragraphs and sentences with exact character offsets.

Every later exercise points into the article by offsets (a sentence to triage, a span to tag),
and answers files outlive kernels, so ids and offsets must be stable and exact:
``article.text[s.start:s.end] == s.text`` for every sentence. Offsets count Python code points
into the whole file, title included.

Breaking-news blog posts are typed in a hurry. The splitter is deliberately small and its rules
are chosen for such text rather than for edited prose:

* a boundary is one or more of ``. ? !`` followed by whitespace and then a capital letter, a
  digit, an opening bracket or an opening quote. So a stray full stop before a lower-case word
  ("Ministry. is") does not end a sentence, while "Wagners..   (TAP) yet" does: the blog's
  "(TAP)" tag opens the author's own comment;
* whitespace includes the no-break space (U+00A0) that this text puts in its double spaces;
* a full stop after a known abbreviation ("Mr.", "St.") never ends a sentence;
* nothing inside a word such as "US/NATO" or "He’s" is ever a boundary.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

__all__ = ["Article", "Paragraph", "Sentence", "split_sentences"]

_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "prof", "vs"})
# End punctuation, then whitespace (\s covers U+00A0); the next character is checked separately.
_BOUNDARY = re.compile(r"[.?!]+(?=\s+(\S))")
_OPENERS = "([\"“‘'"
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\xa0]*\n")


@dataclass(frozen=True)
class Sentence:
    """One sentence; ``id`` is ``<paragraph id>.s<n>``, counted from 1."""

    id: str
    paragraph: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    """The title (id ``t``) or a body paragraph (``p1``, ``p2``, ...)."""

    id: str
    start: int
    end: int
    text: str
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Article:
    """The verbatim text and its segmentation. Build it with :meth:`from_text`."""

    text: str
    title: Paragraph
    paragraphs: tuple[Paragraph, ...]

    @classmethod
    def from_text(cls, text: str) -> Article:
        """Title on line 1, then paragraphs separated by blank lines (the case-folder format)."""
        first_break = text.find("\n")
        title_end = len(text) if first_break < 0 else first_break
        title = _paragraph("t", text, 0, title_end)
        body = [
            _paragraph(f"p{n}", text, s, e) for n, (s, e) in enumerate(_blocks(text, title_end), 1)
        ]
        return cls(text=text, title=title, paragraphs=tuple(body))

    def __repr__(self) -> str:
        return f"Article(paragraphs={len(self.paragraphs)}, sentences={len(self.sentences)})"

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        """All sentences in reading order, title first, since learners triage the title too."""
        return self.title.sentences + tuple(s for p in self.paragraphs for s in p.sentences)

    @property
    def sha256(self) -> str:
        """Answers and keys store this so they can tell when they were made for another text."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def sentence(self, sentence_id: str) -> Sentence:
        for s in self.sentences:
            if s.id == sentence_id:
                return s
        raise KeyError(f"no sentence {sentence_id!r} in this article")

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence holding a character offset, so a span can be placed in its context."""
        for s in self.sentences:
            if s.start <= offset < s.end:
                return s
        return None


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return ``(start, end)`` pairs of the sentences in ``text[start:end]``, whitespace trimmed."""
    end = len(text) if end is None else end
    pieces: list[tuple[int, int]] = []
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        opener = match.group(1)
        if not (opener.isupper() or opener.isdigit() or opener in _OPENERS):
            continue
        if _ends_with_abbreviation(text, cursor, match.start()):
            continue
        pieces.append((cursor, match.end()))
        cursor = match.end()
    pieces.append((cursor, end))
    return [trimmed for s, e in pieces if (trimmed := _trim(text, s, e))]


def _paragraph(pid: str, text: str, start: int, end: int) -> Paragraph:
    start, end = _trim(text, start, end) or (start, start)
    spans = split_sentences(text, start, end)
    sentences = tuple(
        Sentence(id=f"{pid}.s{n}", paragraph=pid, start=s, end=e, text=text[s:e])
        for n, (s, e) in enumerate(spans, 1)
    )
    return Paragraph(id=pid, start=start, end=end, text=text[start:end], sentences=sentences)


def _blocks(text: str, after: int) -> list[tuple[int, int]]:
    """Body paragraphs: the stretches between blank lines after the title line."""
    blocks: list[tuple[int, int]] = []
    cursor = after
    for match in _PARAGRAPH_BREAK.finditer(text, after):
        blocks.append((cursor, match.start()))
        cursor = match.end()
    blocks.append((cursor, len(text)))
    return [b for s, e in blocks if (b := _trim(text, s, e))]


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _ends_with_abbreviation(text: str, start: int, stop: int) -> bool:
    word = re.search(r"(\w+)$", text[start:stop])
    return bool(word) and word.group(1).lower() in _ABBREVIATIONS and text[stop] == "."
