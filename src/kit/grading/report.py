"""The class report: scores, agreement beside professional reference values, heat maps, disputes.

One self-contained HTML page with inline SVG. It is written so that low agreement reads as a
topic for discussion: the reference values show how far trained annotators agree on the same
kind of task, and the most disputed sentences are listed as material for the next lesson.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from datetime import date

from kit.cases import Case
from kit.grading.agreement import LabelTally, LayerTally, Tallies, tally
from kit.grading.engine import Graded
from kit.grading.page import added, document, esc, num
from kit.grading.registry import KeyView, Task
from kit.grading.svg import bars, histogram, scale, stacked

__all__ = ["REFERENCES", "class_report"]

REFERENCES: tuple[tuple[float, str, str], ...] = (
    (
        0.342,
        "SemEval-2023 α",
        "professional annotators labelling 23 persuasion techniques, before curation "
        "(Krippendorff's α; Stefanovitch & Piskorski, EMNLP 2023)",
    ),
    (
        0.6,
        "PTC γ",
        "annotators against the gold spans of the Propaganda Techniques Corpus (γ, a "
        "span-aware measure shown for scale; Da San Martino et al. 2019)",
    ),
    (0.667, "tentative", "Krippendorff's bar for tentative conclusions from research data"),
    (0.8, "reliable", "Krippendorff's bar for reliable research data"),
)

_CSS = """
.heat { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.heat > div { white-space: pre-wrap; border: 1px solid #999; padding: .6rem; line-height: 1.7; }
.h1 { background: #fee6ce; } .h2 { background: #fdd0a2; } .h3 { background: #fdae6b; }
.h4 { background: #f16913; color: #fff; } .h5 { background: #a63603; color: #fff; }
mark.key { background: #cfe3f7; border-bottom: 2px solid #2b6cb0; }
.legend span { display: inline-block; padding: 0 .5rem; margin-right: .2rem;
  border: 1px solid #999; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; }
table.overview { table-layout: fixed; }
table.overview th { white-space: normal; overflow-wrap: break-word; text-align: left; }
details > summary { font-size: 1.25rem; font-weight: bold; margin: 1.5rem 0 .5rem;
  cursor: pointer; }
@media print { .heat { grid-template-columns: 1fr 1fr; font-size: 9pt; } }
"""


def class_report(
    case: Case,
    tasks: Sequence[Task],
    views: Mapping[str, KeyView],
    graded: Sequence[Graded],
    problems: tuple[int, int],
    counts: Tallies | None = None,
    found: int | None = None,
) -> str:
    """The report page. ``problems``: the problems and the notes on graded answers that
    problems.csv lists; ``counts`` if the caller tallied the class already (as it graded);
    ``found``, the number of hand-in files found, to say how many were not graded (a problem
    may also be a rubric row, so the problems alone do not count them)."""
    counts = counts or tally(graded, tasks, views, len(case.text))
    missed = "" if found is None else f"{found - len(graded)} not graded · "
    refused, notes = problems
    listed = f"{refused} problem(s)" + (f" and {notes} note(s)" if notes else "")
    parts = [
        f"<h1>Class report: {esc(case.title)}</h1>",
        f"<p class='meta'>{len(graded)} hand-in(s) graded · {missed}{listed} "
        f"listed in problems.csv · {date.today().isoformat()}</p>",
        _scores(tasks, graded),
        _agreement(tasks, views, counts, case),
    ]
    for task in tasks:
        view = views[task.exercise]
        if len(view.highlights) > 1:
            parts.append(_overview(task, view, counts, case))
        fold = len(view.highlights) > 1  # one of several: foldable, so the page stays short
        for name, layer in view.highlights.items():
            tallied = counts.layers[task.exercise, name]
            parts.append(_heat(task, layer.title, layer.key, tallied, case, fold))
        for name, label_set in view.labels.items():
            tallied = counts.labels[task.exercise, name]
            if len(label_set.key) >= 2:
                parts.append(_disputes(task, label_set, tallied))
            else:
                parts.append(_single(task, label_set, tallied))
    return document(f"Class report: {case.title}", "".join(parts), _CSS)


def _scores(tasks: Sequence[Task], graded: Sequence[Graded]) -> str:
    columns: list[tuple[str, str, float]] = []
    for task in tasks:
        columns.append((task.exercise, f"{task.title} (automatic)", task.max_points))
        columns += [
            (column, f"{task.title}: {s.item} (rubric)", s.max_points)
            for s, column in task.rubric_columns
        ]
    rows = [g.points(tasks) for g in graded]
    for row in rows:
        row["total"] = added(row.values())  # as grades.csv
    by_teacher = {  # marks from the sheet; an empty answer is scored 0 without one
        column: sum(1 for g in graded if (m := g.rubric[column]).row and m.score is not None)
        for task in tasks
        for _spec, column in task.rubric_columns
    }
    figures, table = [], []
    for column, title, maximum in [*columns, ("total", "Total", sum(c[2] for c in columns))]:
        # Sorted once; the median and the chart's bins sort again, a single pass on sorted data.
        values = sorted(v for r in rows if (v := r[column]) is not None)
        named = f"<code>{esc(column)}</code><br>{esc(title)}"  # the LMS import asks by column
        # A rubric column says what is marked so far, or "mean 0" reads as a class that failed.
        teacher = by_teacher.get(column)
        blank = len(values) - teacher if teacher is not None else 0
        blanks = f"; {blank} blank answer(s), 0 points each" if blank else ""  # if none marked
        if not values or teacher == 0:
            table.append(
                f"<tr><td>{named}</td><td class='num'>{num(maximum)}</td>"
                f"<td colspan='4'>not marked yet (rubric sheet){blanks}</td></tr>"
            )
            continue
        marked = len(values)
        counted = f"{marked}"
        if teacher is not None:  # the figures count the blanks too: say how many are behind them
            counted = f"{teacher} of {len(graded)} marked"
            counted += f", and {blank} blank at 0 points: {marked} counted" if blank else ""
        table.append(
            f"<tr><td>{named}</td><td class='num'>{num(maximum)}</td>"
            f"<td class='num'>{counted}</td><td class='num'>{num(math.fsum(values) / marked)}"
            f"</td><td class='num'>{num(statistics.median(values))}</td>"
            f"<td class='num'>{num(values[0])} to {num(values[-1])}</td></tr>"
        )
        figures.append(
            f"<figure>{histogram(values, maximum, f'Distribution of {title}')}"
            f"<figcaption>{esc(title)}, out of {num(maximum)}</figcaption></figure>"
        )
    return (
        "<h2>Scores</h2><table><tr><th>Column of grades.csv</th><th class='num'>Max</th>"
        "<th class='num'>Learners</th><th class='num'>Mean</th><th class='num'>Median</th>"
        f"<th class='num'>Range</th></tr>{''.join(table)}</table>"
        f"<div class='charts'>{''.join(figures)}</div>"
    )


def _agreement(
    tasks: Sequence[Task], views: Mapping[str, KeyView], counts: Tallies, case: Case
) -> str:
    rows, markers = [], []
    for task in tasks:
        view = views[task.exercise]
        for name, layer in view.highlights.items():
            tallied = counts.layers[task.exercise, name]
            alpha = tallied.alpha(case.text)
            rows.append(
                _alpha_row(task, f"{layer.title} (word by word)", tallied.learners, alpha, None)
            )
            if alpha is not None:
                markers.append((alpha, layer.title.split()[0].lower(), True))
        for name, label_set in view.labels.items():
            tallied = counts.labels[task.exercise, name]
            alpha = tallied.alpha()
            kappa = statistics.median(tallied.kappas) if tallied.kappas else None
            rows.append(_alpha_row(task, label_set.title, tallied.learners, alpha, kappa))
            if alpha is not None:
                markers.append((alpha, name, True))
    references = "".join(f"<li><b>{num(v)}</b>: {esc(text)}</li>" for v, _, text in REFERENCES)
    chart = scale(
        [*markers, *((v, short, False) for v, short, _ in REFERENCES)],
        "The class's agreement (dots) beside reference values (squares)",
    )
    return (
        "<h2>How far the class agreed</h2>"
        "<p>Krippendorff's α is 1 when every learner labels alike and 0 when they agree no "
        "more than chance would make them. Cohen's κ compares each learner with the key (the "
        "median learner is shown). Both are about the <i>task</i> as much as the learners: "
        "even trained annotators disagree on texts like this one.</p>"
        "<table><tr><th>Task</th><th>What was labelled</th>"
        "<th class='num'>Learners who answered</th><th class='num'>α among learners</th>"
        "<th class='num'>median κ with the key</th></tr>"
        f"{''.join(rows)}</table><figure>{chart}<figcaption>Dots: this class. Squares: "
        f"reference values.</figcaption></figure><ul>{references}</ul>"
        "<p class='note'>Low agreement is a finding, not a failure. Professionals with long "
        "guidelines agree only weakly on persuasion techniques, and sentences that mix "
        "fact with opinion are hard for everyone. Where this class split, it found the parts of "
        "the text worth talking about: start the discussion with the disputed sentences below, "
        "and ask learners to argue for their labels from the wording.</p>"
    )


def _alpha_row(
    task: Task, what: str, learners: int, alpha: float | None, kappa: float | None
) -> str:
    return (
        f"<tr><td>{esc(task.title)}</td><td>{esc(what)}</td><td class='num'>{learners}</td>"
        f"<td class='num'>{num(alpha, 'n/a')}</td><td class='num'>{num(kappa, 'n/a')}</td></tr>"
    )


def _level(count: int, learners: int) -> int:
    if count == 0 or learners == 0:
        return 0
    return min(5, 1 + int(5 * count / learners - 1e-9))


def _heat(
    task: Task,
    title: str,
    key: Sequence[tuple[int, int, str]],
    tallied: LayerTally,
    case: Case,
    fold: bool = False,
) -> str:
    """The class's highlights beside the key's. Folded ones start open, so they print."""
    text, counts, learners = case.text, tallied.counts(), tallied.learners
    runs, start = [], 0
    for i in range(1, len(text) + 1):
        if i == len(text) or _level(counts[i], learners) != _level(counts[start], learners):
            level = _level(counts[start], learners)
            piece = esc(text[start:i])
            if level:
                most = max(counts[start:i])
                runs.append(f"<span class='h{level}' title='{most} of {learners}'>{piece}</span>")
            else:
                runs.append(piece)
            start = i
    marked = [""] * len(text)
    for s, e, label in key:
        for i in range(max(0, s), min(e, len(text))):
            marked[i] = label
    keyed, start = [], 0
    for i in range(1, len(text) + 1):
        if i == len(text) or marked[i] != marked[start]:
            piece = esc(text[start:i])
            label = marked[start]
            keyed.append(
                f"<mark class='key' title='{esc(label)}'>{piece}</mark>" if label else piece
            )
            start = i
    legend = "".join(
        f"<span class='h{n}'>{lo}–{hi} %</span>"
        for n, lo, hi in ((1, 1, 20), (2, 21, 40), (3, 41, 60), (4, 61, 80), (5, 81, 100))
    )
    heading = f"{esc(task.title)}: {esc(title)}, class beside key"
    body = (
        f"<p>Left: how many of the {learners} learners who highlighted anything covered each "
        "stretch of text (hover for the count). Right: the key's spans.</p>"
        f"<p class='legend'>Share of learners: {legend} <mark class='key'>key span</mark></p>"
        f"<div class='heat'><div>{''.join(runs)}</div><div>{''.join(keyed)}</div></div>"
    )
    if fold:
        return f"<details open><summary>{heading}</summary>{body}</details>"
    return f"<h2>{heading}</h2>{body}"


def _overview(task: Task, view: KeyView, counts: Tallies, case: Case) -> str:
    """Sentence by layer (say, technique group): the share of learners who tagged any of the
    sentence with it, and ★ where the key has a span of it. One table before the heat maps."""
    names = list(view.highlights)
    tallies = [counts.layers[task.exercise, name] for name in names]
    per_char = [t.counts() for t in tallies]
    learners = max((t.learners for t in tallies), default=0)
    head = "".join(f"<th class='num'>{esc(name)}</th>" for name in names)
    width = 60 / max(len(names), 1)
    columns = "<col style='width:40%'>" + f"<col style='width:{width:.1f}%'>" * len(names)
    rows = []
    for sentence in case.article.sentences:
        cells, busy = [], False
        for name, chars in zip(names, per_char, strict=True):
            most = max(chars[sentence.start : sentence.end], default=0)
            keyed = any(
                s < sentence.end and sentence.start < e for s, e, _ in view.highlights[name].key
            )
            busy |= bool(most) or keyed
            share = most / learners if learners else 0.0
            level = _level(most, learners)
            shade = f" class='num h{level}'" if level else " class='num'"
            cells.append(f"<td{shade}>{share:.0%}{' ★' if keyed else ''}</td>")
        if busy:
            rows.append(
                f"<tr><td><b>{esc(sentence.id)}</b> {esc(sentence.text)}</td>{''.join(cells)}</tr>"
            )
    return (
        f"<h2>{esc(task.title)}: sentence by sentence</h2>"
        f"<p>For each sentence, the share of the {learners} learners who tagged any part of it "
        "under each heading; ★ marks where the key tags it too. The heat maps below show "
        "exactly which words.</p>"
        f"<table class='overview'><colgroup>{columns}</colgroup><tr><th>Sentence</th>{head}</tr>"
        f"{''.join(rows)}</table>"
    )


def _disputes(task: Task, label_set, tallied: LabelTally) -> str:
    split = tallied.disputed()
    if not split:
        return f"<h2>{esc(task.title)}: {esc(label_set.title)}</h2><p>Nothing split the class.</p>"
    rows = []
    why = any(label_set.explanations.get(unit) for unit, *_ in split)  # never an empty column
    order = sorted({label for counts in tallied.counts.values() for label in counts})
    name = label_set.name
    for unit, counts, _share in split:
        key = name(label_set.key.get(unit, ""))
        accepted = [name(label) for label in label_set.accepted.get(unit, ())]
        bar = stacked(
            [(name(label), counts.get(label, 0)) for label in order], f"Labels chosen for {unit}"
        )
        bar += "<br>" + " · ".join(
            f"{esc(name(label))} {counts[label]}" for label in order if counts.get(label)
        )
        rows.append(
            f"<tr><td><b>{esc(unit)}</b> {esc(label_set.texts.get(unit, ''))}</td><td>{bar}</td>"
            f"<td>{esc(key)}{esc(' (or ' + ', '.join(accepted) + ')') if accepted else ''}<br>"
            f"{tallied.with_key(unit):.0%} agree</td>"
            + (f"<td>{esc(label_set.explanations.get(unit, ''))}</td>" if why else "")
            + "</tr>"
        )
    return (
        f"<h2>{esc(task.title)}: {esc(label_set.title)}, where the class split most</h2>"
        f"<p>{esc(label_set.title)}: the units where the most learners chose something other "
        "than the class's most common label. Good openings for a discussion: ask for the "
        "words in the sentence that support each label.</p>"
        "<table><tr><th>Unit</th><th>Labels chosen</th><th>Key</th>"
        f"{'<th>Why the key says so</th>' if why else ''}</tr>{''.join(rows)}</table>"
    )


def _single(task: Task, label_set, tallied: LabelTally) -> str:
    (unit,) = label_set.key
    counts = tallied.counts.get(unit)
    if not counts:
        return ""
    key = label_set.key[unit]
    return (
        f"<h2>{esc(task.title)}: {esc(label_set.title)}</h2>"
        f"<figure>{bars(sorted(counts.items()), label_set.title, mark=key)}"
        f"<figcaption>★ the key ({esc(key)}). {tallied.with_key(unit):.0%} of {counts.total()} "
        "learners agree with it.</figcaption></figure>"
        f"<p>{esc(label_set.explanations.get(unit, ''))}</p>"
    )
