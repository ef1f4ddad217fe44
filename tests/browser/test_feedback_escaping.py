"""Hostile answers rendered in Chromium: the feedback page and class report run nothing.

The pages carry a Content-Security-Policy that forbids scripts, but that is a second line of
defence. These tests open the pages with the policy bypassed, so only the escaping stands
between a learner's ``<script>`` and the instructor's browser.
"""

from __future__ import annotations

import csv
import json
import os

import pytest

from kit.grading import grade
from kit.grading.model import model_answers
from tests.browser.conftest import _missing

pytestmark = pytest.mark.browser

REPO = __import__("pathlib").Path(__file__).resolve().parents[2]
KEY = REPO / "solutions" / "keys" / "wagner-convoy.json"

PAYLOADS = [
    "<script>window.__pwned = 'script'; alert(1)</script>",
    "<img src=x onerror=\"window.__pwned = 'img'; alert(2)\">",
    "<svg onload=\"window.__pwned = 'svg'\"></svg>",
    "'\"><script>window.__pwned = 'breakout'</script>",
    "<iframe srcdoc=\"<script>parent.__pwned = 'iframe'</script>\"></iframe>",
]
HOSTILE = " ".join(PAYLOADS)


@pytest.fixture(autouse=True)
def _chromium_or_skip():
    """Skip (or, with KIT_REQUIRE_BROWSER=1, fail) before the browser fixture is needed."""
    reason = _missing()
    if reason and os.environ.get("KIT_REQUIRE_BROWSER") == "1":
        pytest.fail(f"KIT_REQUIRE_BROWSER=1 but {reason}")
    if reason:
        pytest.skip(f"browser test skipped: {reason}")


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """A graded class whose answers, labels and rubric comments are all hostile."""
    root = tmp_path_factory.mktemp("hostile")
    key = json.loads(KEY.read_text(encoding="utf-8"))
    hand_ins = root / "hand-ins"
    hand_ins.mkdir()
    for learner in ("ada", "bob"):
        data = model_answers(key, learner)
        first, claims = data["exercises"]["01_first_read"], data["exercises"]["02_claims"]
        first["justification"]["value"] = HOSTILE
        first["genre"]["value"] = PAYLOADS[0]
        first["first_reaction"] = {"value": PAYLOADS[1], "saved_at": "2026-11-25T10:00:00Z"}
        claims["triage"]["value"]["p1.s1"] = PAYLOADS[3]
        claims["claims"]["value"][0]["label"] = PAYLOADS[2]
        claims["priority"]["value"][0]["why"] = HOSTILE
        sources, framing = data["exercises"]["03_sources"], data["exercises"]["04_framing"]
        sources["attribution"]["value"]["c01"] = PAYLOADS[3]
        verdict = PAYLOADS[2] if learner == "ada" else "contradicted"  # c01 splits the class
        sources["evidence"]["value"]["c01"] |= {"verdict": verdict, "reasoning": HOSTILE}
        sources["rating_1"]["value"] |= {"source": PAYLOADS[4], "note": HOSTILE}
        sources["fails"]["value"] = HOSTILE
        framing["techniques"]["value"][0]["label"] = PAYLOADS[1]
        framing["frames_case"]["value"].append(PAYLOADS[0])
        framing["entman_cause"]["value"] = HOSTILE
        framing["word_choice"]["value"][0] |= {"words": PAYLOADS[4], "effect": HOSTILE}
        (hand_ins / f"{learner}.json").write_text(json.dumps(data), encoding="utf-8")
    rubric = root / "rubric.csv"
    with open(rubric, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["learner", "task", "item", "score", "comment"])
        writer.writerow(["ada", "01_first_read", "justification", "1", HOSTILE])
    result = grade(hand_ins, KEY, out=root / "graded", rubric=rubric)
    assert [g.learner for g in result.graded] == ["ada", "bob"]
    # The payloads are not labels the exercises offer: graded, each with a note for the teacher.
    noted = {(p.learner, p.reason.split("'")[1]) for p in result.problem_list if p.graded}
    every = {"genre", "triage", "claims", "attribution", "techniques", "frames_case"}
    expected = {(who, item) for who in ("ada", "bob") for item in every}
    assert noted == expected | {("ada", "evidence (verdict)")}
    assert all(p.graded for p in result.problem_list)
    return root / "graded"


def open_page(browser, path):
    context = browser.new_context(bypass_csp=True, java_script_enabled=True)
    page = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # give any injected handler (onerror, onload) time to fire
    return context, page, dialogs, errors


def assert_nothing_ran(page, dialogs, errors):
    assert page.evaluate("() => window.__pwned") is None
    assert page.evaluate("() => document.querySelectorAll('script, img, iframe').length") == 0
    assert page.evaluate("() => document.querySelectorAll('[onerror], [onload]').length") == 0
    assert dialogs == [] and errors == []


@pytest.mark.parametrize("learner", ["ada", "bob"])
def test_hostile_answers_in_a_feedback_page_are_shown_as_text(browser, pages, learner):
    context, page, dialogs, errors = open_page(browser, pages / "feedback" / f"{learner}.html")
    try:
        assert_nothing_ran(page, dialogs, errors)
        text = page.inner_text("body")
        assert PAYLOADS[0] in text and PAYLOADS[1] in text and PAYLOADS[4] in text
        if learner == "ada":
            assert f"Your teacher: {HOSTILE}" in text
    finally:
        context.close()


def test_hostile_labels_in_the_class_report_are_shown_as_text(browser, pages):
    context, page, dialogs, errors = open_page(browser, pages / "class-report.html")
    try:
        assert_nothing_ran(page, dialogs, errors)
        assert page.evaluate("() => document.querySelectorAll('svg').length") >= 5
        text = page.inner_text("body")
        assert PAYLOADS[0] in text  # the genre the hostile learners chose
        assert PAYLOADS[2] in text  # a verdict only ada chose, among the disputed claims
    finally:
        context.close()
