"""Made-up classes of hand-ins, for the instructor dashboard, the tests and the benchmarks.

Each simulated learner has a skill between 0.35 and 0.95: the chance of agreeing with the key
on a sentence, a genre or a claim. Highlights start from the key's claims and are shifted by a
word or two, so partial overlaps are common, and some learners tag a few sentences the key
leaves out. With ``problems=True`` the class also gets the files an instructor meets in real
life: a cut-short file, another case, a newer schema, an unsafe learner id, a hand-in submitted
twice, a span whose quote does not match the text, and one trying to inject HTML and a score.
"""

from __future__ import annotations

import json
import random
import re
from bisect import bisect_right
from functools import lru_cache
from pathlib import Path
from typing import Any

from kit.answers import SCHEMA, envelope
from kit.cases import Case
from kit.sources import load_pack
from kit.taxonomy import (
    ATTRIBUTIONS,
    FRAMES,
    GENRES,
    SPAN_CLAIM_TYPES,
    TECHNIQUES,
    TRIAGE,
    VERDICTS,
    group_of,
    techniques_in,
)

__all__ = ["make_class", "make_submission"]

_REASONS = [
    "It sounds biased.",
    "No sources are named for any of the facts.",
    "It asks rhetorical questions like 'Why risk all?'",
    "The writer guesses what Prigozhin thinks.",
    "It reads like a news report.",
    "The (TAP) tag marks the blogger's own comment.",
    "",
]
_WHY = [
    "it names an official and can be traced",
    "a specific number that is easy to check",
    "no source is given and it would change everything",
    "important",
    "",
]
_TYPES = list(SPAN_CLAIM_TYPES)
_BECAUSE = [
    "The Reuters report says so, with named officials.",
    "Only a Telegram post claims it.",
    "I could not find it anywhere else.",
    "",
]
_SUMMARIES = {
    "holds": ["The march from Rostov and Putin's speech are in every report.", "Not much."],
    "fails": ["Buturlinovka was never captured; no record of the Nuland quote.", "It's biased."],
    "missing": ["The deal with Lukashenko that evening and the stand-down.", "Sources."],
    "note_to_friend": ["Parts check out, but read Reuters on how it ended.", "This is fake news."],
}
_ENTMAN = {
    "problem": ["A Western plot to replace Putin.", "The coup."],
    "cause": ["The West and traitors in Moscow.", "Prigozhin."],
    "judgement": ["Wagner are heroes betrayed by the elites.", "It is bad."],
    "remedy": ["Stand together against the West.", ""],
}


@lru_cache(maxsize=4)
def _words(text: str) -> tuple[list[tuple[int, int]], list[int]]:
    """The article's words as (start, end), and their ends for bisecting."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    return words, [e for _, e in words]


def _nearest(ends: list[int], offset: int) -> int:
    """Index of the word holding ``offset``, or the next one."""
    return min(bisect_right(ends, offset), len(ends) - 1)


def make_submission(
    case: Case, key: dict[str, Any], learner: str, rng: random.Random, skill: float
) -> dict[str, Any]:
    """The answers-file data of one simulated learner (see :mod:`kit.answers`)."""
    text = case.text
    stamp = f"2026-11-25T10:{rng.randrange(60):02d}:{rng.randrange(60):02d}.000+00:00"

    def entry(value: Any) -> dict[str, Any]:
        return {"value": value, "saved_at": stamp}

    exercises: dict[str, Any] = {}
    if "first_read" in key:
        answer = key["first_read"]["genre"]["answer"]
        genre = answer if rng.random() < skill else rng.choice(sorted(GENRES))
        exercises["01_first_read"] = {
            "genre": entry(genre),
            "justification": entry(rng.choice(_REASONS) or None),
            "first_reaction": entry(rng.randint(1, 5)),
        }
        exercises["01_first_read"] = {
            k: v for k, v in exercises["01_first_read"].items() if v["value"] is not None
        }
    if "claims" in key:
        section = key["claims"]
        triage = {
            sid: (e["label"] if rng.random() < skill else rng.choice(sorted(TRIAGE)))
            for sid, e in section["triage"].items()
            if rng.random() < 0.97
        }
        spans = []
        for claim in section["spans"]:
            if rng.random() > skill:
                continue
            start, end = _shifted(text, claim, rng)
            label = claim["type"] if rng.random() < skill else rng.choice(_TYPES)
            spans.append({"start": start, "end": end, "label": label, "quote": text[start:end]})
        for sentence in rng.sample(case.article.sentences, rng.choice((0, 0, 1, 2, 3))):
            if not any(s["start"] < sentence.end and sentence.start < s["end"] for s in spans):
                spans.append(
                    {
                        "start": sentence.start,
                        "end": sentence.end,
                        "label": rng.choice(_TYPES),
                        "quote": sentence.text,
                    }
                )
        picks = [
            {k: s[k] for k in ("start", "end", "quote")} | {"why": rng.choice(_WHY)}
            for s in rng.sample(spans, min(3, len(spans)))
        ]
        exercises["02_claims"] = {
            item: entry(value)
            for item, value in (("triage", triage), ("claims", spans), ("priority", picks))
            if value
        }
    if "sources" in key:
        exercises["03_sources"] = _sources(case, key["sources"], rng, skill, entry)
    if "framing" in key:
        exercises["04_framing"] = _framing(case, key["framing"], rng, skill, entry)
    return envelope(key["case"], key["article_sha256"], learner, exercises)


def _sources(
    case: Case, section: dict[str, Any], rng: random.Random, skill: float, entry: Any
) -> dict[str, Any]:
    """Attributions for most claims; verdicts with evidence for six to ten of them."""
    pack = _pack_ids(case)
    claims = section["claims"]
    attribution = {
        cid: e["attribution"] if rng.random() < skill else rng.choice(sorted(ATTRIBUTIONS))
        for cid, e in claims.items()
        if rng.random() < 0.9
    }
    evidence = {}
    for cid in rng.sample(sorted(claims), min(len(claims), rng.randint(6, 10))):
        e = claims[cid]
        verdict = e["verdict"] if rng.random() < skill else rng.choice(sorted(VERDICTS))
        linked = [rng.choice(e["evidence"]) if rng.random() < skill else rng.choice(pack)]
        evidence[cid] = {"verdict": verdict, "evidence": linked, "reasoning": rng.choice(_BECAUSE)}
    values: dict[str, Any] = {"attribution": attribution, "evidence": evidence}
    for n, source in enumerate(rng.sample(pack, 2), 1):
        levels = {q: rng.choice(("weak", "mixed", "strong")) for q in ("who", "evidence", "others")}
        values[f"rating_{n}"] = {"source": source, "note": rng.choice(_BECAUSE), **levels}
    for item in ("holds", "fails", "missing", "note_to_friend"):
        if rng.random() < 0.85:
            values[item] = rng.choice(_SUMMARIES[item])
    values["trust_after"] = rng.randint(1, 5)
    return {item: entry(value) for item, value in values.items() if value}


def _framing(
    case: Case, section: dict[str, Any], rng: random.Random, skill: float, entry: Any
) -> dict[str, Any]:
    """Technique spans near the key's, right label, right group or a guess; frames with noise."""
    spans = []
    for key_span in section["techniques"]:
        if rng.random() > skill:
            continue
        start, end = _shifted(case.text, key_span, rng)
        label = key_span["label"]
        if rng.random() > skill:
            same_group = [t.id for t in techniques_in(group_of(label))]
            label = rng.choice(same_group if rng.random() < 0.5 else sorted(TECHNIQUES))
        spans.append({"start": start, "end": end, "label": label, "quote": case.text[start:end]})
    for sentence in rng.sample(case.article.sentences, rng.choice((0, 1, 1, 2))):
        if not any(s["start"] < sentence.end and sentence.start < s["end"] for s in spans):
            label = rng.choice(sorted(TECHNIQUES))
            spans.append(
                {
                    "start": sentence.start,
                    "end": sentence.end,
                    "label": label,
                    "quote": sentence.text,
                }
            )
    values: dict[str, Any] = {"techniques": spans}
    for which in ("case", "contrast"):
        chosen = {f for f in section["frames"][which] if rng.random() < skill + 0.1}
        chosen |= {f for f in FRAMES if rng.random() < (1 - skill) / 5}
        values[f"frames_{which}"] = [f for f in FRAMES if f in chosen] or None
    for name in ("problem", "cause", "judgement", "remedy"):
        if rng.random() < 0.8:
            values[f"entman_{name}"] = rng.choice(_ENTMAN[name])
    words = rng.sample(section["word_choice"], rng.randint(0, len(section["word_choice"])))
    values["word_choice"] = [
        {"words": w["quote"], "neutral": rng.choice(("neutral", w["neutral"])), "effect": "strong"}
        for w in words
    ]
    for which, told in (section.get("telling") or {}).items():  # often the key's, or a neighbour
        right = [told["label"], *told.get("accepted", [])]
        values[f"telling_{which}"] = rng.choice([*right, *right, "episodic", "thematic"])
    return {item: entry(value) for item, value in values.items() if value}


_PACK_IDS: dict[Path, list[str]] = {}


def _pack_ids(case: Case) -> list[str]:
    """The source pack's ids, read once per case rather than once per made-up learner."""
    if case.folder not in _PACK_IDS:
        _PACK_IDS[case.folder] = [s.id for s in load_pack(case).sources]
    return _PACK_IDS[case.folder]


def _shifted(text: str, span: dict[str, Any], rng: random.Random) -> tuple[int, int]:
    """The span moved by a word or two at either end, as a hurried highlight would be."""
    words, ends = _words(text)
    first = _nearest(ends, span["start"]) + rng.choice((-1, 0, 0, 0, 1))
    last = _nearest(ends, span["end"] - 1) + rng.choice((-2, -1, 0, 0, 0, 1))
    first, last = max(first, 0), min(max(last, first), len(words) - 1)
    return words[first][0], words[last][1]


def make_class(
    folder: Path,
    case: Case,
    key: dict[str, Any],
    n: int = 25,
    seed: int = 0,
    problems: bool = False,
) -> list[Path]:
    """Write ``n`` simulated hand-ins (plus the problem files) into ``folder``; return them."""
    rng = random.Random(seed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    width = max(3, len(str(n)))
    written = []
    for i in range(1, n + 1):
        learner = f"learner{i:0{width}d}"
        data = make_submission(case, key, learner, rng, skill=rng.uniform(0.35, 0.95))
        written.append(_write(folder / f"{case.id}--{learner}.json", data))
    if problems:
        written += _problem_files(folder, case, key, rng)
    return written


def _write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def _problem_files(folder: Path, case: Case, key: dict[str, Any], rng: random.Random) -> list[Path]:
    def sample(learner: str) -> dict[str, Any]:
        return make_submission(case, key, learner, rng, skill=0.8)

    files = []
    cut = json.dumps(sample("cut-short"), indent=1)
    path = folder / "cut-short.json"
    path.write_text(cut[: len(cut) // 2], encoding="utf-8")
    files.append(path)
    files.append(
        _write(folder / "other-case.json", sample("other-case") | {"case": "moon-landing"})
    )
    files.append(_write(folder / "newer-schema.json", sample("newer") | {"schema": SCHEMA + 1}))
    files.append(_write(folder / "unsafe-id.json", sample("x") | {"learner": "../../etc/passwd"}))
    twice = sample("twice")
    files.append(_write(folder / "twice--1030.json", twice))
    files.append(_write(folder / "twice--1045.json", twice))
    edited = sample("edited-quote")
    spans = edited["exercises"].get("02_claims", {}).get("claims", {}).get("value") or []
    if spans:
        spans[0]["quote"] = "Something the text never says"
    files.append(_write(folder / "edited-quote.json", edited))
    hostile = sample("hostile")
    hostile["score"] = 100
    hostile["exercises"].setdefault("01_first_read", {})["justification"] = {
        "value": "<script>window.__pwned = 1</script><img src=x onerror='window.__pwned=1'>",
        "saved_at": "2026-11-25T10:00:00.000+00:00",
        "score": 2,
    }
    files.append(_write(folder / "hostile.json", hostile))
    return files
