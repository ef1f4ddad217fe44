"""The class report: inline SVG charts, reference values, heat map beside the key, disputes."""

import csv
import re
from html import escape as html_escape

import pytest

from kit.grading import grade
from kit.grading.examples import make_class
from kit.grading.report import REFERENCES
from kit.taxonomy import TECHNIQUE_GROUPS


@pytest.fixture(scope="module")
def report(tmp_path_factory, key_and_case, key_path):
    key, case = key_and_case
    folder = tmp_path_factory.mktemp("class")
    make_class(folder, case, key, n=30, problems=True)
    result = grade(folder, key_path)
    return result, result.report_html()


def test_the_report_is_self_contained_with_inline_svg(report):
    _, html = report
    assert html.count("<svg") >= 6
    assert "<script" not in html and not re.search(r"\b(src|href)=", html)
    assert "31 hand-in(s) graded · 7 not graded · 7 problem(s) listed in problems.csv" in html


def test_agreement_sits_beside_the_professional_reference_values(report):
    _, html = report
    for _, _, source in REFERENCES:
        assert html_escape(source) in html
    assert "0.34" in html and "0.6" in html
    assert "Low agreement is a finding, not a failure" in html


def test_the_heat_map_shows_the_class_beside_the_key(report, key_and_case):
    _, html = report
    assert "class beside key" in html and "class='h5'" in html
    key_quote = key_and_case[0]["claims"]["spans"][0]["quote"]
    assert f"<mark class='key' title='other type of claim'>{key_quote}</mark>" in html


def test_the_most_disputed_sentences_are_listed_with_the_key(report):
    _, html = report
    assert "where the class split most" in html
    assert html.count("agree</td>") == 8


def test_a_class_with_one_learner_or_none_still_gets_a_report(tmp_path, model, key_path):
    from tests.grading.conftest import write

    write(tmp_path / "in", "a.json", model)
    assert "n/a" in grade(tmp_path / "in", key_path).report_html()
    empty = grade(tmp_path / "nothing", key_path)
    assert "0 hand-in(s) graded · 0 not graded · 1 problem(s) listed" in empty.report_html()


@pytest.fixture(scope="module")
def full_report(tmp_path_factory, full_key_and_case):
    from tests.grading.conftest import KEY_PATH

    key, case = full_key_and_case
    folder = tmp_path_factory.mktemp("full-class")
    make_class(folder, case, key, n=30)
    return grade(folder, KEY_PATH).report_html(), key


def test_each_technique_group_gets_a_heat_map_beside_the_keys_spans(full_report):
    html, key = full_report
    for group in TECHNIQUE_GROUPS.values():
        assert f"Exercise 04: framing: {group.name} techniques, class beside key" in html
    first = key["framing"]["techniques"][0]
    assert f"<mark class='key' title='{first['label']}'>{first['quote']}</mark>" in html
    assert html.count("<details open>") == len(TECHNIQUE_GROUPS)


def test_a_sentence_overview_shows_each_groups_share_and_the_keys_stars(full_report):
    html, key = full_report
    overview = html.split("Exercise 04: framing: sentence by sentence", 1)[1].split("</table>")[0]
    assert overview.count("<th class='num'>") == len(TECHNIQUE_GROUPS)
    starred = {t["group"] for t in key["framing"]["techniques"]}
    assert overview.count("★") >= len(starred)
    assert re.search(r"<td class='num h\d'>\d+% ★</td>", overview)


def test_verdicts_and_frames_get_agreement_and_disputes(full_report):
    html, _ = full_report
    for title in (
        "Verdict on each claim",
        "Who the text gives as the source",
        "Frames in each text",
    ):
        assert f"{title}" in html
    assert "Verdict on each claim, where the class split most" in html
    assert "Frames in each text, where the class split most" in html


def test_a_written_item_partly_marked_says_how_many_are_marked(tmp_path, model, key_path):
    """An empty answer is 0 at once; the others wait. "Mean 0" alone read as a failed class."""
    from tests.grading.conftest import with_learner, write

    write(tmp_path / "in", "a.json", model)
    blank = with_learner(model, "bob")
    del blank["exercises"]["01_first_read"]["justification"]
    write(tmp_path / "in", "b.json", blank)
    html = grade(tmp_path / "in", key_path).report_html()
    row = re.search(
        r"<tr><td><code>([^<]*)</code><br>[^<]*justification \(rubric\)</td>.*?</tr>", html
    )
    assert row.group(1) == "01_first_read:justification"  # as grades.csv names the column
    assert "not marked yet (rubric sheet); 1 blank answer(s), 0 points each" in row.group(0)
    grade(tmp_path / "in", key_path, out=tmp_path / "out")  # the kit's own sheet, marked
    sheet = tmp_path / "out" / "rubric-sheet.csv"
    with open(sheet, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if (row["learner"], row["item"]) == ("ada", "justification"):
            row["score"] = "2"
    with open(sheet, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    html = grade(tmp_path / "in", key_path, rubric=sheet).report_html()
    row = re.search(r"<tr><td><code>[^<]*justification</code>.*?</tr>", html).group(0)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
    assert cells[2] == "1 of 2 marked, and 1 blank at 0 points: 2 counted"
    assert cells[3:] == ["1", "1", "0 to 2"]  # mean, median and range of 2 and 0


def test_a_disputes_table_has_a_why_column_only_where_the_key_explains(full_report):
    """The attribution and frames tables showed an empty 'Why the key says so' column."""
    html, _ = full_report
    tables = re.findall(r"<h2>([^<]*), where the class split most</h2>.*?</table>", html, re.S)
    assert len(tables) >= 3
    for match in re.finditer(
        r"<h2>([^<]*), where the class split most</h2>(.*?)</table>", html, re.S
    ):
        title, table = match.groups()
        cells = [
            c
            for row in re.findall(r"<tr>(.*?)</tr>", table)[1:]
            for c in re.findall(r"<td>(.*?)</td>", row)
        ]
        has_why = "Why the key says so" in table
        explained = ("Triage", "Verdict", "Episodic")  # the label sets whose key says why
        assert has_why == any(name in title for name in explained), title
        assert all(cells), title  # no empty cell under any heading


def test_disputed_verdicts_and_sources_are_named_in_words(full_report):
    """The report showed label ids: partly_supported, not_checkable."""
    html, _ = full_report
    table = re.search(
        r"Verdict on each claim, where the class split most</h2>(.*?)</table>", html, re.S
    )
    assert table is not None
    shown = table.group(1)
    assert "partly supported" in shown or "not checkable" in shown
    assert not re.search(r"partly_supported|not_checkable", shown)
