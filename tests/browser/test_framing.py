"""Exercise 04 in a real JupyterLab: techniques by group then label, frames, Entman, reload."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import cell_count, eventually, open_notebook, run_all
from tests.browser.test_claims import drag

pytestmark = pytest.mark.browser

NOTEBOOK = "selfstudy/exercises/04_framing.ipynb"


def answers(lab):
    return {
        k: v["value"]
        for k, v in lab.answers_file().get("exercises", {}).get("04_framing", {}).items()
    }


def techniques(lab):
    return sorted((s["quote"], s["label"]) for s in answers(lab).get("techniques", []))


def test_techniques_frames_and_entman_survive_a_new_browser(lab, page, browser):
    open_notebook(page, lab, NOTEBOOK)
    run_all(page)
    tagger = page.locator(".kit-tagger")
    tagger.locator(".kit-tagger-text").wait_for()
    text = page.evaluate("() => document.querySelector('.kit-tagger-text').textContent")

    # Mouse: drag over "The coup", then click the group, then the technique.
    start = text.index("The coup is")
    drag(page, start, start + len("The co"))
    tagger.get_by_role("button", name="6 Manipulative Wording").click()
    tagger.get_by_role("button", name="Loaded_Language").click()
    eventually(lambda: techniques(lab) == [("The coup", "Loaded_Language")], what="mouse technique")

    # Keyboard: "patriots in Moscow": caret to it, extend, group 2 (Justification), then label.
    box = tagger.locator(".kit-tagger-text")
    box.focus()
    page.keyboard.press("End")
    for _ in range(15):  # back to "patriots" (caret by word)
        page.keyboard.press("ArrowLeft")
    assert page.evaluate("() => document.activeElement.classList.contains('kit-tagger-text')")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("2")  # Justification
    page.keyboard.press("1")  # its first technique, Flag_Waving
    page.keyboard.press("Enter")
    eventually(lambda: len(techniques(lab)) == 2, what="keyboard technique")
    quote, label = next(t for t in techniques(lab) if t[0] != "The coup")
    assert label == "Flag_Waving" and quote in text

    # Frames: tick two for the blog (mouse and keyboard), one for the contrast text.
    case_frames = page.locator(".kit-item-frames_case")
    case_frames.get_by_role("checkbox", name="Political").click()
    case_frames.get_by_role("checkbox", name="Security and defense").focus()
    page.keyboard.press("Space")
    page.locator(".kit-item-frames_contrast").get_by_role(
        "checkbox", name="Security and defense"
    ).click()
    entman = {
        "problem": "A coup threatens Putin; the West is behind it.",
        "cause": "Pro-western elites and a Defence Ministry that starved Wagner.",
        "judgement": "Prigozhin is a clever patriot; the West is scheming.",
        "remedy": "Back Prigozhin and the patriots.",
    }
    for part, text in entman.items():
        page.locator(f".kit-item-entman_{part} textarea").fill(text)
    # Episodic or thematic: the blog by mouse, the contrast text by keyboard.
    page.locator(".kit-item-telling_case").get_by_role("radio", name="A mix").click()
    page.locator(".kit-item-telling_contrast").get_by_role("radio", name="Episodic").focus()
    page.keyboard.press("Space")

    def done():
        a = answers(lab)
        return (
            sorted(a.get("frames_case", [])) == ["Political", "Security_and_defense"]
            and a.get("frames_contrast") == ["Security_and_defense"]
            and all(a.get(f"entman_{part}") == text for part, text in entman.items())
            and (a.get("telling_case"), a.get("telling_contrast")) == ("mixed", "episodic")
        )

    eventually(done, what="frames, Entman and episodic or thematic on disk")

    page.context.close()
    again = browser.new_page(viewport={"width": 1400, "height": 1000})
    open_notebook(again, lab, NOTEBOOK)
    run_all(again)
    expect(again.locator(".kit-span-row")).to_have_count(2)
    checked = again.locator(".kit-item-frames_case [aria-checked=true]")
    expect(checked).to_have_count(2)
    names = sorted(t.replace("☑", "").strip().split(":")[0] for t in checked.all_inner_texts())
    assert names == ["Political", "Security and defense"]
    expect(again.locator(".kit-item-entman_problem textarea")).to_have_value(
        "A coup threatens Putin; the West is behind it."
    )
    told = again.locator(".kit-item-telling_case [aria-checked=true]")
    expect(told).to_contain_text("A mix")
    again.close()


def test_keyboard_focus_and_group_keys_stay_where_a_keyboard_user_expects(lab, page):
    """Found by a keyboard-only walk: focus fell to the page after unticking the last frame or
    toggling hints, Esc did nothing on the palette, and after relabelling from the span list
    the next number picked a technique of the old group instead of a group."""
    active = "() => document.activeElement.textContent || document.activeElement.className"
    open_notebook(page, lab, NOTEBOOK)
    run_all(page)
    tagger = page.locator(".kit-tagger")
    tagger.locator(".kit-tagger-text").wait_for()

    # Untick the last ticked frame: the kernel echoes "nothing ticked" and the group redraws.
    frame = page.locator(".kit-item-frames_contrast").get_by_role("checkbox", name="Crime")
    frame.focus()
    page.keyboard.press("Space")
    eventually(
        lambda: answers(lab).get("frames_contrast") == ["Crime_and_punishment"],
        what="Crime ticked",
    )
    page.keyboard.press("Space")
    eventually(lambda: "frames_contrast" not in answers(lab), what="Crime unticked")
    page.wait_for_timeout(500)  # the kernel's echo ("nothing ticked") redraws the group
    assert "Crime" in page.evaluate(active)

    # The hints box keeps focus when toggled.
    tagger.get_by_label("show language hints").focus()
    page.keyboard.press("Space")
    eventually(
        lambda: page.evaluate("() => document.activeElement.type") == "checkbox",
        what="focus kept on the hints box",
    )

    # Esc on the palette goes back to the groups, with focus on the first group.
    tagger.get_by_role("button", name="6 Manipulative Wording").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    eventually(lambda: page.evaluate(active).startswith("1 "), what="back to the groups")

    # Tag "Moscow" with 6 1, relabel it from the list with 5 1, then tag "Putin" with 2 1:
    # the 2 must pick group 2 again.
    box = tagger.locator(".kit-tagger-text")
    after_caret = (
        "() => { const c = document.querySelector('.kit-tagger-text .kit-caret');"
        " return c && c.nextSibling ? c.nextSibling.textContent : ''; }"
    )
    for word, keys in (("Moscow", ["6", "1"]), ("Putin", None)):
        box.focus()
        page.keyboard.press("Home")
        for _ in range(400):  # word by word to the first occurrence, as a learner would
            if page.evaluate(after_caret).startswith(word):
                break
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Shift+ArrowRight")
        if keys:
            for key in keys:
                page.keyboard.press(key)
            page.keyboard.press("Enter")
            eventually(lambda w=word: any(q == w for q, _ in techniques(lab)), what=word)
            tagger.locator(".kit-span-row").filter(has_text=word).click()
            page.keyboard.press("5")
            page.keyboard.press("1")
        else:
            page.keyboard.press("2")
            page.keyboard.press("1")
            page.keyboard.press("Enter")
    eventually(lambda: ("Putin", "Flag_Waving") in techniques(lab), what="2 1 after a relabel")


def test_shift_enter_runs_the_cell_and_escape_leaves_without_changing_an_answer(lab, page):
    """Found by a learner's walk: Shift+Enter (lesson 00's "run the cell") unticked a saved frame,
    and after Esc, JupyterLab's B (a new cell below) did nothing inside an exercise."""
    active = "() => !!document.activeElement.closest('.kit-exercise')"
    open_notebook(page, lab, NOTEBOOK)
    run_all(page)
    page.locator(".kit-tagger .kit-tagger-text").wait_for()
    frames = page.locator(".kit-item-frames_contrast")
    frames.get_by_role("checkbox", name="Crime").focus()
    page.keyboard.press("Space")
    eventually(lambda: answers(lab).get("frames_contrast"), what="Crime ticked")
    page.keyboard.press("Shift+Enter")  # runs the exercise cell; the exercise is drawn again
    page.locator(".kit-tagger .kit-tagger-text").wait_for()
    page.wait_for_timeout(1000)
    assert answers(lab).get("frames_contrast") == ["Crime_and_punishment"]

    cells = cell_count(page)
    frames.get_by_role("checkbox", name="Crime").focus()
    page.keyboard.press("Escape")
    assert not page.evaluate(active)
    page.keyboard.press("b")
    eventually(lambda: cell_count(page) == cells + 1, what="a cell added after Esc")
    assert answers(lab).get("frames_contrast") == ["Crime_and_punishment"]

    # A text box keeps its keys, but Esc leaves it and the exercise too.
    page.locator(".kit-item-entman_cause textarea").focus()
    page.keyboard.press("Escape")
    assert not page.evaluate(active)

    # In the highlighter, Enter tags nothing before a group is chosen (it used to tag the first
    # technique of all), and says so; the first Esc drops the selection, the next one leaves.
    box = page.locator(".kit-tagger .kit-tagger-text")
    box.focus()
    page.keyboard.press("Shift+ArrowRight")
    expect(page.locator(".kit-tagger-status")).to_contain_text("choose a group by its number")
    tagged = len(techniques(lab))
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)
    assert len(techniques(lab)) == tagged
    page.keyboard.press("Escape")
    assert page.evaluate(active) and not box.locator(".kit-pending").count()
    page.keyboard.press("Escape")
    assert not page.evaluate(active)


def test_ctrl_s_inside_an_exercise_saves_the_notebook(lab, page):
    """Found by a learner's walk: the exercise swallowed Ctrl+S, so notes typed in a cell of
    their own were never saved (and the browser offered to save the web page instead)."""
    open_notebook(page, lab, NOTEBOOK)
    run_all(page)  # running the cells marks the notebook as changed
    frames = page.locator(".kit-item-frames_contrast")
    frames.get_by_role("checkbox", name="Crime").focus()
    dirty = "() => window.jupyterapp.shell.currentWidget.context.model.dirty"
    eventually(lambda: page.evaluate(dirty), what="the notebook changed")
    page.keyboard.press("Control+s")
    eventually(lambda: not page.evaluate(dirty), what="the notebook saved")


def test_escape_always_goes_back_to_the_groups_as_the_palette_says(lab, page):
    """Found by a keyboard-only walk: Esc with a selection dropped only the selection, and Esc
    in the span list left the exercise; either way the group stayed chosen, and the next two
    number keys saved a technique of the old group (Loaded_Language for Flag_Waving)."""
    open_notebook(page, lab, NOTEBOOK)
    run_all(page)
    tagger = page.locator(".kit-tagger")
    box = tagger.locator(".kit-tagger-text")
    box.wait_for()
    box.focus()
    page.keyboard.press("Home")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Shift+ArrowDown")  # "There must be a reason."
    page.keyboard.press("6")  # Manipulative Wording
    page.keyboard.press("1")  # Loaded_Language, then Esc: both forgotten
    page.keyboard.press("Escape")
    expect(tagger.locator(".kit-group-back")).to_have_count(0)  # the groups again
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Shift+ArrowDown")
    page.keyboard.press("Enter")  # no technique chosen now: tags nothing
    expect(tagger.locator("[role=status]")).to_contain_text("choose a group by its number")
    page.keyboard.press("2")  # Justification
    page.keyboard.press("1")  # Flag_Waving
    page.keyboard.press("Enter")
    tagged = ("There must be a reason.", "Flag_Waving")
    eventually(lambda: techniques(lab) == [tagged], what="Flag_Waving after Esc")

    spans = tagger.locator(".kit-tagger-list")
    spans.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("6")
    page.keyboard.press("Escape")  # back to the groups, still in the list
    expect(tagger.locator(".kit-group-back")).to_have_count(0)
    assert page.evaluate("() => document.activeElement.classList.contains('kit-tagger-list')")
    box.focus()
    page.keyboard.press("Home")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Shift+ArrowDown")  # "Why risk all?"
    page.keyboard.press("2")
    page.keyboard.press("1")
    page.keyboard.press("Enter")
    eventually(
        lambda: techniques(lab) == sorted([tagged, ("Why risk all?", "Flag_Waving")]),
        what="Flag_Waving after Esc in the list",
    )
