"""Exercise 02 in a real JupyterLab: tag claims by mouse and keyboard, edit them, triage."""

import pytest
from playwright.sync_api import expect

from kit.cues import CUE_KINDS
from tests.browser.helpers import cell_count, eventually, open_notebook, run_all

pytestmark = pytest.mark.browser

NOTEBOOK = "selfstudy/exercises/02_claims.ipynb"


def claims(lab):
    entry = lab.answers_file().get("exercises", {}).get("02_claims", {}).get("claims")
    return entry["value"] if entry else []


def quotes(lab):
    return sorted((s["quote"], s["label"]) for s in claims(lab))


def point(page, offset):
    """Screen position of a character offset inside the tagger's text (UTF-16, as the DOM counts)."""
    return page.evaluate(
        """(offset) => {
            const box = document.querySelector(".kit-tagger-text");
            const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT, {
                acceptNode: (n) => n.parentElement.closest("[data-badge]") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT });
            let left = offset, node;
            while ((node = walker.nextNode())) {
                if (left <= node.length) {
                    const range = document.createRange();
                    range.setStart(node, left); range.setEnd(node, Math.min(left + 1, node.length));
                    const r = range.getBoundingClientRect();
                    return [r.left + 1, r.top + r.height / 2];
                }
                left -= node.length;
            }
            throw new Error("offset past the text");
        }""",
        offset,
    )


def drag(page, start, end):
    text_box = page.locator(".kit-tagger-text")
    text_box.scroll_into_view_if_needed()
    x0, y0 = point(page, start)
    x1, y1 = point(page, end)  # just inside the character at `end`
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.mouse.move((x0 + x1) / 2, (y0 + y1) / 2, steps=4)
    page.mouse.move(x1, y1, steps=4)
    page.mouse.up()


def test_tag_by_mouse_and_keyboard_then_relabel_resize_delete_undo(lab, page):
    open_notebook(page, lab, NOTEBOOK)
    run_all(page)
    tagger = page.locator(".kit-tagger")
    tagger.locator(".kit-tagger-text").wait_for()
    cells = cell_count(page)
    text = page.evaluate("() => document.querySelector('.kit-tagger-text').textContent")

    # Mouse: drag across a claim (starting mid-word: the selection snaps to whole words).
    start = text.index("Prigozhin is calling") + 3
    drag(page, start, text.index("support him") + len("support hi"))
    tagger.get_by_role("button", name="6 Other").click()
    eventually(
        lambda: quotes(lab) == [("Prigozhin is calling for more troops to support him", "other")],
        what="the dragged span on disk",
    )

    # Keyboard: caret by word, extend with Shift + arrows, pick a label with a number, Enter.
    box = tagger.locator(".kit-tagger-text")
    box.focus()
    page.keyboard.press("Home")
    for _ in range(7):  # Wagners convoy heading to Moscow Why risk | all
        page.keyboard.press("ArrowRight")
    for _ in range(3):
        page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("2")
    page.keyboard.press("Enter")
    eventually(
        lambda: ("all? There must", "quantity") in quotes(lab), what="the keyboard span on disk"
    )

    # Keys typed in the widget never reach JupyterLab's command mode (1 = heading, d d = delete).
    for key in ["d", "d", "a", "m", "1"]:
        page.keyboard.press(key)
    assert cell_count(page) == cells

    # Relabel: click the span in the list, press 5.
    spans = tagger.locator(".kit-span-row")
    spans.filter(has_text="all? There must").click()
    page.keyboard.press("5")
    eventually(lambda: ("all? There must", "prediction") in quotes(lab), what="relabelled span")

    # Resize by keyboard (end one word right), then by the mouse button (end one word left).
    page.keyboard.press("Shift+ArrowRight")
    eventually(lambda: ("all? There must be", "prediction") in quotes(lab), what="resized span")
    tagger.get_by_role("button", name="◀ end").click()
    eventually(lambda: ("all? There must", "prediction") in quotes(lab), what="resized back")

    # The buttons are rebuilt on every change; keyboard focus must stay on the one pressed,
    # so a second Enter presses it again.
    tagger.get_by_role("button", name="end ▶").focus()
    page.keyboard.press("Enter")
    eventually(lambda: ("all? There must be", "prediction") in quotes(lab), what="Enter once")
    assert page.evaluate("() => document.activeElement.textContent") == "end ▶"
    page.keyboard.press("Enter")
    eventually(lambda: ("all? There must be a", "prediction") in quotes(lab), what="Enter twice")
    tagger.get_by_role("button", name="◀ end").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    eventually(lambda: ("all? There must", "prediction") in quotes(lab), what="back by keyboard")

    # Delete, undo, redo.
    spans.filter(has_text="all? There must").click()
    page.keyboard.press("Delete")
    eventually(lambda: len(claims(lab)) == 1, what="span deleted")
    page.keyboard.press("Control+z")
    eventually(lambda: ("all? There must", "prediction") in quotes(lab), what="undo brings it back")
    page.keyboard.press("Control+Shift+z")
    eventually(lambda: len(claims(lab)) == 1, what="redo deletes again")
    assert cell_count(page) == cells
    expect(tagger.locator(".kit-tagger-status")).to_contain_text("✓ saved")

    # A dark theme gives light text: text on the tagger's light backgrounds must stay dark,
    # or the badges (the labels' non-colour signal) vanish, white on white.
    colours = page.evaluate(
        """() => {
            document.querySelector(".kit-tagger").style.color = "rgb(240, 240, 240)";
            const of = (sel) => getComputedStyle(document.querySelector(sel)).color;
            return [of(".kit-span"), of(".kit-span-badge")];
        }"""
    )
    assert colours == ["rgb(17, 17, 17)", "rgb(17, 17, 17)"]

    # Language hints name their kind in the text (not only on mouse hover), and their badges
    # do not shift the offsets of a span dragged across them.
    tagger.get_by_label("show language hints").check()
    kinds = tagger.locator(".kit-hint-badge").all_inner_texts()
    assert kinds and set(kinds) <= set(CUE_KINDS) and "hedge" in kinds
    start = text.index("There must be a reason")
    drag(page, start, start + len("There must be a reaso"))
    tagger.get_by_role("button", name="6 Other").click()
    eventually(lambda: ("There must be a reason", "other") in quotes(lab), what="hinted span")


def test_holding_alt_keeps_a_mouse_selection_exactly_as_dragged(lab, page):
    open_notebook(page, lab, NOTEBOOK)
    run_all(page)
    tagger = page.locator(".kit-tagger")
    tagger.locator(".kit-tagger-text").wait_for()
    text = page.evaluate("() => document.querySelector('.kit-tagger-text').textContent")
    start = text.index("Prigozhin is calling") + 3  # mid-word: "gozhin"
    page.keyboard.down("Alt")
    drag(page, start, text.index("support him") + len("support hi"))
    page.keyboard.up("Alt")
    tagger.get_by_role("button", name="6 Other").click()
    eventually(lambda: len(claims(lab)) == 1, what="the Alt-dragged span on disk")
    (span,) = claims(lab)
    assert span["start"] == start and span["quote"].startswith("gozhin is calling")
    assert span["quote"] == text[span["start"] : span["end"]]  # not snapped out to "Prigozhin"


def test_up_and_down_move_by_sentence_and_shift_takes_whole_sentences(lab, page):
    """A claim is often a whole sentence: by words it took a keyboard learner some twenty key
    presses, by sentences it takes two."""
    open_notebook(page, lab, NOTEBOOK)
    run_all(page)
    box = page.locator(".kit-tagger").first.locator(".kit-tagger-text")
    box.wait_for()
    box.focus()
    page.keyboard.press("Home")
    page.keyboard.press("ArrowDown")  # to "Why risk all?"
    page.keyboard.press("Shift+ArrowDown")
    page.keyboard.press("Shift+ArrowDown")  # two sentences, the gap between them trimmed
    page.keyboard.press("6")
    page.keyboard.press("Enter")
    whole = ("Why risk all? There must be a reason.", "other")
    eventually(lambda: quotes(lab) == [whole], what="two sentences tagged by keyboard")
    page.keyboard.press("ArrowUp")  # from "The coup" back to "There must"
    page.keyboard.press("Shift+ArrowUp")
    page.keyboard.press("Enter")
    eventually(
        lambda: quotes(lab) == sorted([whole, ("Why risk all?", "other")]),
        what="one sentence back, tagged by keyboard",
    )
    # A full stop inside a sentence ("Ministry. is", a typo in the text) does not end it: the
    # steps are the kit's own sentences, the ones triage numbers.
    page.keyboard.press("Home")
    for _ in range(6):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Shift+ArrowDown")
    page.keyboard.press("Enter")
    ministry = "The Russian Defense Ministry. is taking the threat very seriously"
    eventually(
        lambda: any(q.startswith(ministry) and q.endswith("towel.") for q, _ in quotes(lab)),
        what="the sentence with a stray full stop, whole",
    )
    # Undo in the span list keeps the span picked, so the next key still acts on it.
    page.locator(".kit-tagger").first.locator(".kit-tagger-list").focus()
    page.keyboard.press("ArrowUp")  # from the span just tagged (3 of 3) up to span 1,
    page.keyboard.press("ArrowUp")  # the two sentences (the longest first)
    page.keyboard.press("5")
    eventually(lambda: (whole[0], "prediction") in quotes(lab), what="relabelled")
    page.keyboard.press("Control+z")
    eventually(lambda: whole in quotes(lab), what="relabel undone")
    page.keyboard.press("Delete")
    eventually(lambda: whole not in quotes(lab), what="the picked span deleted after the undo")
    assert len(quotes(lab)) == 2
    # Undoing a new tag picks no span: the index alone would pick a neighbour for Delete.
    box.focus()
    page.keyboard.press("Home")
    page.keyboard.press("Shift+ArrowDown")
    page.keyboard.press("Enter")
    eventually(lambda: len(quotes(lab)) == 3, what="the title tagged")
    page.keyboard.press("Control+z")
    eventually(lambda: len(quotes(lab)) == 2, what="the tag undone")
    expect(page.locator(".kit-tagger").first.locator(".kit-delete")).to_have_count(0)


def test_sentence_steps_follow_the_sentences_python_gives(lab, page):
    """A pattern would stop at "Mr. Smith"; the starts Python sends (kit.text's split, the
    sentences triage numbers) decide where ↓ goes, in code points across an emoji."""
    import nbformat

    text = "🙂 Mr. Smith left. Then Ms. Jones came."
    source = f"from kit.widgets import SpanTagger\nSpanTagger({text!r}, [('claim', 'Claim')])"
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(notebook, lab.root / "sentences.ipynb")
    open_notebook(page, lab, "sentences.ipynb")
    run_all(page)
    box = page.locator(".kit-tagger-text")
    box.wait_for()
    box.focus()
    page.keyboard.press("Home")
    page.keyboard.press("Shift+ArrowDown")
    expect(page.locator(".kit-tagger-status")).to_contain_text("Selected “🙂 Mr. Smith left.”")
    page.keyboard.press("Home")
    page.keyboard.press("ArrowDown")  # to the second sentence, past "Mr. Smith"
    page.keyboard.press("Shift+ArrowDown")
    expect(page.locator(".kit-tagger-status")).to_contain_text("Selected “Then Ms. Jones came.”")


def test_triage_three_sentences_by_mouse_and_keyboard(lab, page):
    open_notebook(page, lab, NOTEBOOK)
    run_all(page)
    row = lambda sid: page.locator(f".kit-row-{sid.replace('.', '-')}")  # noqa: E731
    row("t.s1").get_by_role("radio", name="CFS").click()
    row("t.s2").get_by_role("radio", name="NFS").focus()
    page.keyboard.press("Space")
    row("p1.s1").get_by_role("radio", name="NFS").focus()
    page.keyboard.press("3")

    def triage():
        entry = lab.answers_file().get("exercises", {}).get("02_claims", {}).get("triage")
        return entry and entry["value"]

    eventually(
        lambda: triage() == {"t.s1": "CFS", "t.s2": "NFS", "p1.s1": "CFS"}, what="triage on disk"
    )


EMOJI_TEXT = "Café 🙂 news: Zoë says 🚀 launches at noon, déjà vu for 👩‍🚀 crews."


def test_offsets_reach_python_as_code_points_with_emoji_and_accents(lab, page):
    import nbformat

    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "from kit.widgets import SpanTagger\n"
                f"tagger = SpanTagger({EMOJI_TEXT!r}, [('claim', 'Claim')])\ntagger"
            ),
            nbformat.v4.new_code_cell("print('SPANS', tagger.spans, 'ERROR', repr(tagger.error))"),
        ]
    )
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(notebook, lab.root / "emoji.ipynb")
    open_notebook(page, lab, "emoji.ipynb")
    run_all(page)
    text_box = page.locator(".kit-tagger-text")
    text_box.wait_for()
    # Mouse: from inside "Zoë" to inside "launches"; keyboard: the last two words before "crews".
    units = EMOJI_TEXT.encode("utf-16-le")
    utf16 = lambda cp: len(EMOJI_TEXT[:cp].encode("utf-16-le")) // 2  # noqa: E731
    assert len(units) // 2 > len(EMOJI_TEXT)  # the emoji really take two units each
    drag(page, utf16(EMOJI_TEXT.index("Zoë") + 1), utf16(EMOJI_TEXT.index("launches") + 3))
    page.locator(".kit-tagger").get_by_role("button", name="1 Claim").click()
    page.locator(".kit-tagger-status:has-text('1 span(s) · ✓ saved')").wait_for()
    text_box.focus()
    page.keyboard.press("End")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Shift+ArrowLeft")
    page.keyboard.press("Shift+ArrowLeft")
    page.keyboard.press("Enter")
    page.locator(".kit-tagger-status:has-text('2 span(s) · ✓ saved')").wait_for()

    page.locator(".jp-Cell").nth(1).locator(".jp-InputArea-editor").click()
    page.keyboard.press("Control+Enter")
    output = page.locator(".jp-Cell").nth(1).locator(".jp-OutputArea-output")
    output.get_by_text("SPANS").wait_for()
    printed = output.inner_text()
    first = EMOJI_TEXT.index("Zoë says 🚀 launches")
    expected = f"'start': {first}, 'end': {first + len('Zoë says 🚀 launches')}"
    assert expected in printed and "'quote': 'Zoë says 🚀 launches'" in printed
    # From the caret before "crews", two words back; the ZWJ emoji sequence (3 code points,
    # 5 UTF-16 units) sits inside the selection, so every offset after it must still be right.
    vu, crews = EMOJI_TEXT.index("vu for"), EMOJI_TEXT.index("crews")
    assert f"'start': {vu}, 'end': {crews - 1}" in printed
    assert "ERROR ''" in printed


def test_the_highlighter_says_in_words_what_it_shows(lab, page):
    """Found by a screen-reader walk: the caret, a selection and the span picked in the list
    were only drawn, so a learner who cannot see them could not tag anything."""
    open_notebook(page, lab, NOTEBOOK)
    run_all(page)
    tagger = page.locator(".kit-tagger").first
    box, status = tagger.locator(".kit-tagger-text"), tagger.locator("[role=status]")
    box.focus()
    page.keyboard.press("Home")
    expect(status).to_contain_text("At “Wagners” · ")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    expect(status).to_contain_text("Selected “Wagners convoy” · Personal experience: Enter tags")
    page.keyboard.press("2")
    expect(status).to_contain_text("Selected “Wagners convoy” · Quantity in the past or present: ")
    page.keyboard.press("Enter")
    spans = tagger.locator(".kit-tagger-list")
    spans.focus()
    page.keyboard.press("ArrowDown")
    expect(status).to_contain_text("Span 1 of ")
    active = spans.get_attribute("aria-activedescendant")
    assert active and "Wagners convoy" in tagger.locator(f"#{active}").inner_text()
