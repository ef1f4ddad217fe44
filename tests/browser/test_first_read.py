"""Exercise 01 in a real JupyterLab: answer by mouse and by keyboard, restart, see it all again."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    cell_count,
    eventually,
    open_notebook,
    restart_and_run_all,
    run_all,
)

pytestmark = pytest.mark.browser

NOTEBOOK = "selfstudy/exercises/01_first_read.ipynb"


def saved(lab, item):
    entry = lab.answers_file().get("exercises", {}).get("01_first_read", {}).get(item)
    return entry and entry["value"]


def focus_ring(page):
    return page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth, s.outlineOffset]; }"
    )


def radio(page, name, exact=False):
    return page.locator(".kit-exercise").get_by_role("radio", name=name, exact=exact)


def test_answers_by_mouse_and_keyboard_survive_a_kernel_restart(lab, page, browser):
    open_notebook(page, lab, NOTEBOOK)
    run_all(page)
    page.wait_for_selector(".kit-exercise .kit-item-genre [role=radio]")
    cells = cell_count(page)

    # Mouse: click an option of each question, then type a clue.
    radio(page, "reporting:").click()
    radio(page, "2", exact=True).click()
    eventually(
        lambda: saved(lab, "genre") == "reporting" and saved(lab, "first_reaction") == 2,
        what="the mouse answers on disk",
    )
    box = page.locator(".kit-item-justification textarea")
    box.click()
    box.press_sequentially("No byline & no <sources>")
    eventually(
        lambda: saved(lab, "justification") == "No byline & no <sources>",
        what="the typed clue on disk",
    )

    # Keyboard: arrow keys move the choice within each radio group.
    radio(page, "reporting:").focus()
    page.keyboard.press("ArrowDown")  # in command mode this would move to the next cell
    eventually(lambda: saved(lab, "genre") == "opinion", what="genre chosen by keyboard")
    radio(page, "2", exact=True).focus()
    page.keyboard.press("ArrowRight")
    eventually(lambda: saved(lab, "first_reaction") == 3, what="rating chosen by keyboard")
    # Keyboard focus is a thick ring set off from the control, on options and text boxes.
    assert focus_ring(page) == ["solid", "3px", "2px"]
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    assert focus_ring(page) == ["solid", "3px", "2px"]
    assert cell_count(page) == cells  # the keys did not reach JupyterLab's shortcuts
    expect(page.locator(".kit-status")).to_contain_text("✓ Saved at")
    # Notices and Check's feedback are read out by screen readers when they change.
    for part in (".kit-notice", ".kit-feedback"):
        expect(page.locator(f".kit-exercise {part}").first).to_have_attribute("aria-live", "polite")

    restart_and_run_all(page)
    page.wait_for_selector(".kit-status:has-text('saved answer(s) loaded')")
    expect(radio(page, "opinion:")).to_have_attribute("aria-checked", "true")
    expect(radio(page, "3", exact=True)).to_have_attribute("aria-checked", "true")
    expect(page.locator(".kit-item-justification textarea")).to_have_value(
        "No byline & no <sources>"
    )
    assert lab.answers_file()["learner"] == "ada"

    # Close the browser and come back: a new browser context, the notebook run again.
    page.context.close()
    again = browser.new_page(viewport={"width": 1400, "height": 1000})
    open_notebook(again, lab, NOTEBOOK)
    run_all(again)
    again.wait_for_selector(".kit-status:has-text('3 saved answer(s) loaded')")
    expect(radio(again, "opinion:")).to_have_attribute("aria-checked", "true")
    again.close()


def test_check_and_model_answer_follow_the_mode(lab, page):
    # Self-study: the key sits in solutions/keys beside the exercises.
    open_notebook(page, lab, NOTEBOOK)
    run_all(page)
    exercise = page.locator(".kit-exercise")
    exercise.get_by_role("radio", name="opinion:").click()
    exercise.get_by_role("button", name="Check").click()
    feedback = exercise.locator(".kit-feedback")
    feedback.locator("li.kit-fb-right").wait_for()
    assert "✔ Right" in feedback.inner_text()
    exercise.get_by_role("button", name="Show model answer").click()
    feedback.get_by_role("heading", name="Model answer").wait_for()
    assert "opinion" in feedback.inner_text()

    # Classroom: the release has no solutions folder, so no key and no model answer.
    open_notebook(page, lab, "release/exercises/01_first_read.ipynb")
    run_all(page)
    exercise = page.locator(".kit-exercise")
    exercise.get_by_text("Classroom mode").wait_for()
    assert exercise.get_by_role("button", name="Show model answer").count() == 0
    exercise.get_by_role("button", name="Check").click()
    exercise.locator(".kit-feedback li").first.wait_for()
    text = exercise.locator(".kit-feedback").inner_text()
    assert "Right" not in text and "Different from the key" not in text
    # genre was answered in the first half (same learner, same file); the rest is missing
    assert "✎ Answered" in text and "○ Not answered yet" in text


@pytest.mark.parametrize("notebook", [NOTEBOOK, "selfstudy/exercises/02_claims.ipynb"])
def test_after_typing_an_id_focus_moves_to_the_first_answer(lab, page, tmp_path, notebook):
    """Found by a keyboard walk: after the id was accepted, focus fell to the top of the page.
    In exercise 02 the first answer (39 sentences to label) is enabled after the highlighter."""
    open_notebook(page, lab, notebook)
    page.evaluate(  # a learner the kit has never seen: no KIT_LEARNER, a fresh answers folder
        """(folder) => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel
            .requestExecute({code: `import os; os.environ.pop("KIT_LEARNER", None); `
                                   + `os.environ["KIT_ANSWERS_DIR"] = ${JSON.stringify(folder)}`})
            .done""",
        str(tmp_path),
    )
    run_all(page)
    box = page.locator(".kit-exercise .kit-learner input")
    box.fill("zoe")
    page.keyboard.press("Tab")  # to the Start button, then press it
    page.keyboard.press("Enter")
    first = (
        "() => document.activeElement.closest('.kit-item') === "
        "document.querySelector('.kit-exercise .kit-item')"
    )
    eventually(lambda: page.evaluate(first), what="focus on the first answer")
