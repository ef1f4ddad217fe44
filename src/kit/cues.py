"""Language cues: surface hints a learner can switch on while reading a text.

A cue marks a *word pattern* (a hedge, a vague quantity, an attribution...), not
a verdict. The lessons deliberately show where cues mislead: an idiom that looks
like an absolute, a confident "must", or a flat, unsourced claim with no cue at
all. So this module stays simple and predictable on purpose: plain regexes,
whole words, case-insensitive, and offsets that always slice back to the cue.

Offsets are Python ``str`` indices (code points), half-open, computed on the
text exactly as given: no normalisation, so ``text[c.start:c.end] == c.text``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import takewhile
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pandas is imported lazily so ``import kit.cues`` stays cheap.
    import pandas as pd

__all__ = ["CUE_KINDS", "LOADED_TERMS", "Cue", "cues_table", "find_cues"]


@dataclass(frozen=True)
class Cue:
    """One cue in a text; ``text == source[start:end]`` (code-point offsets)."""

    start: int
    end: int
    kind: str
    text: str
    detail: str = ""


CUE_KINDS: dict[str, str] = {
    "hedge": "Hedge or modal verb: the writer signals doubt, possibility or obligation "
    "(might, could, must, seems, reportedly...). Ask: how sure is the writer, really?",
    "question": "Question sentence. In news commentary it is often rhetorical: it plants "
    "an idea without claiming it, so nothing has to be proved.",
    "attribution": "Attribution: someone is said to have said or claimed something. "
    "Ask: who exactly, and can I find where they said it? (detail: named or vague)",
    "vague_quantity": "Vague quantity (a lot of, many, some...): sounds informative "
    "but gives no number you could check.",
    "absolute": "Absolute word (all, never, no one, total...): a sweeping claim that one "
    "counter-example would disprove.",
    "loaded": "Loaded term: a word that carries a judgement or a side's vocabulary "
    "(coup, traitors, elites...). Ask: who would describe it this way?",
}

# Short on purpose: a lesson prints this list and asks learners what is missing.
LOADED_TERMS: tuple[str, ...] = (
    "coup",
    "mutiny",
    "treason",
    "traitor",
    "armed rebellion",
    "march for justice",
    "misinformation",
    "patriots",
    "elites",
    "penetrated",
    "motherland",
    "throw in the towel",
    "regime",
    "SMO",
    "special military operation",
)

PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it", "you"})
VAGUE_SUBJECTS = frozenset(
    {"sources", "officials", "some", "experts", "analysts", "critics", "observers",
     "insiders", "people", "reports", "witnesses", "others", "many", "everyone"}
)  # fmt: skip


def _words(*phrases: str, suffix: str = "") -> re.Pattern[str]:
    """Compile phrases as whole words, case-insensitive; spaces match any whitespace
    (the case text has non-breaking spaces), longest phrase first so "so many" wins
    over "many"."""
    alts = sorted(phrases, key=len, reverse=True)
    body = "|".join(r"\s+".join(map(re.escape, p.split())) for p in alts)
    return re.compile(rf"\b(?:{body}){suffix}\b", re.IGNORECASE)


# "may" also hits the month "May": a known false positive, left in as a talking point.
_HEDGE = _words(
    "might", "may", "could", "would", "should", "must", "will need to", "seem", "seems",
    "seemed", "appear", "appears", "appeared", "apparently", "reportedly", "allegedly",
    "possibly", "likely", "unlikely", "perhaps", "probably", "maybe", "presumably",
    "supposedly", "arguably",
)  # fmt: skip
_VAGUE_QUANTITY = _words(
    "a lot of", "lots of", "many", "some", "several", "too many", "so many", "most",
    "few", "numerous", "countless",
)  # fmt: skip
_ABSOLUTE = _words(
    "all", "total", "totally", "every", "never", "always", "no one", "nobody", "nothing",
    "none", "entirely", "completely", "everyone", "everybody", "everything",
)  # fmt: skip
_LOADED = _words(*LOADED_TERMS, suffix="s?")  # "coups", "traitors" too
_ATTRIBUTION_VERB = _words(
    "say", "says", "said", "claims", "claimed", "reports", "reported", "promises",
    "promised", "insists", "insisted", "calls for", "called for", "is calling for",
    "are calling for", "was calling for", "were calling for", "according to",
)  # fmt: skip
# Naive sentence split, as the lessons describe it: end at . ! ? + whitespace.
_SENTENCE = re.compile(r"\S.*?(?:[.!?](?=\s)|\Z)", re.DOTALL)
_WORD = r"[^\W\d_][\w'’\u0300-\u036f-]*"  # + combining accents, so NFD "Élise" is one word
_GAP = r"[ \t\u00a0]+"  # same-line whitespace only: a subject never spans lines
_WORDS_BEFORE = re.compile(rf"(?:{_WORD}{_GAP}){{1,4}}\Z")
_WORDS_AFTER = re.compile(rf"{_GAP}(?:{_WORD}(?:{_GAP}|\b)){{1,4}}")
_WORD_RE = re.compile(_WORD)
_DETERMINERS = frozenset({"the", "a", "an"})
_VAGUE_WORDS = PRONOUNS | VAGUE_SUBJECTS
_APOSTROPHE = re.compile("['’]")
_SIMPLE = {"hedge": _HEDGE, "vague_quantity": _VAGUE_QUANTITY, "absolute": _ABSOLUTE,
           "loaded": _LOADED}  # fmt: skip


def _simple_cues(text: str, kind: str) -> list[Cue]:
    """Word-list kinds need no context: every match is a cue."""
    return [Cue(m.start(), m.end(), kind, m.group()) for m in _SIMPLE[kind].finditer(text)]


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split on . ! ? followed by whitespace. Not clever on purpose: learners can
    predict it, and "Ministry. is" splitting mid-sentence is itself a lesson."""
    return [m.span() for m in _SENTENCE.finditer(text)]


def _question_cues(text: str) -> list[Cue]:
    """A whole sentence ending in "?" is the cue: the framing lives in all of it."""
    spans = [(s, e) for s, e in _sentence_spans(text) if text[e - 1] == "?"]
    return [Cue(s, e, "question", text[s:e]) for s, e in spans]


def _subject(words: list[re.Match[str]]) -> tuple[list[re.Match[str]], str]:
    """Pick the subject from ``words`` (nearest to the verb first).

    Pronouns and vague plurals are checked first because they are capitalised at
    the start of a sentence ("He says", "Sources say") yet are not names."""
    if words and _APOSTROPHE.split(words[0].group().lower())[0] in _VAGUE_WORDS:
        return words[:1], "vague"  # "He’s said" is still a pronoun
    run = list(takewhile(lambda w: w.group()[0].isupper(), words))
    while run and run[-1].group().lower() in _DETERMINERS:  # "The Kremlin" -> "Kremlin"
        run.pop()
    return run, ("named" if run else "vague")


def _subject_before(text: str, start: int) -> tuple[int, str]:
    """Extend a "says"-type cue back over its subject; return (new start, detail)."""
    m = _WORDS_BEFORE.search(text, max(0, start - 100), start)
    words = list(_WORD_RE.finditer(text, m.start(), start))[::-1] if m else []
    run, detail = _subject(words)
    return (run[-1].start() if run else start), detail


def _subject_after(text: str, end: int) -> tuple[int, str]:
    """Extend an "according to" cue over the source named after it; return (end, detail)."""
    m = _WORDS_AFTER.match(text, end, end + 100)
    words = list(_WORD_RE.finditer(text, end, m.end())) if m else []
    if words and words[0].group().lower() in _DETERMINERS:
        words = words[1:]
    run, detail = _subject(words)
    return (run[-1].end() if run else end), detail


def _attribution_cues(text: str) -> list[Cue]:
    """Verb-of-saying plus its subject, so "He says" and "Nuland says" stand apart."""
    cues = []
    for m in _ATTRIBUTION_VERB.finditer(text):
        start, end = m.span()
        if m.group().lower().startswith("according"):
            end, detail = _subject_after(text, end)
        else:
            start, detail = _subject_before(text, start)
        cues.append(Cue(start, end, "attribution", text[start:end], detail))
    # "Reports say": "Reports" also matches as a verb; keep only the outer cue.
    return [c for c in cues if not any(o != c and o.start <= c.start and c.end <= o.end
                                       for o in cues)]  # fmt: skip


def _check_kinds(kinds: Iterable[str] | None) -> list[str]:
    """Fail loudly on a typo: a silently empty hint layer would look like "no cues"."""
    if kinds is None:
        return list(CUE_KINDS)
    wanted = [kinds] if isinstance(kinds, str) else list(kinds)
    bad = [k for k in wanted if k not in CUE_KINDS]
    if bad:
        raise ValueError(f"unknown cue kind(s) {bad}; valid kinds: {', '.join(CUE_KINDS)}")
    return wanted


def find_cues(text: str, kinds: Iterable[str] | None = None) -> list[Cue]:
    """Find cues of the given kinds (default: all), sorted by start, then kind.

    Cues are hints, not answers: they flag wording worth a second look and say
    nothing about whether a claim is true."""
    found: list[Cue] = []
    for kind in dict.fromkeys(_check_kinds(kinds)):
        if kind == "question":
            found += _question_cues(text)
        elif kind == "attribution":
            found += _attribution_cues(text)
        else:
            found += _simple_cues(text, kind)
    return sorted(found, key=lambda c: (c.start, c.kind, c.end))


def _sentence_of(start: int, sentences: list[Any]) -> Any:
    """Id of the sentence containing offset ``start`` (None if in no sentence)."""
    return next((s.id for s in sentences if s.start <= start < s.end), None)


def cues_table(
    text: str, kinds: Iterable[str] | None = None, sentences: Iterable[Any] | None = None
) -> pd.DataFrame:
    """Cues as a DataFrame (kind, cue, start, end, detail[, sentence]) for notebooks.

    ``sentences`` are any objects with ``.id``, ``.start`` and ``.end`` so the table
    can join onto the claims lesson's own sentence split."""
    import pandas as pd

    columns = ["kind", "cue", "start", "end", "detail"]
    rows = [[c.kind, c.text, c.start, c.end, c.detail] for c in find_cues(text, kinds)]
    if sentences is not None:
        sents = list(sentences)
        columns.append("sentence")
        rows = [[*r, _sentence_of(r[2], sents)] for r in rows]
    return pd.DataFrame(rows, columns=columns)
