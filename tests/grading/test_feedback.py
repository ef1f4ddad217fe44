"""Feedback pages: every item with answer, key, score and explanation; learner text escaped."""

import os
import re

import pytest

from kit.grading import grade
from kit.grading.feedback import STATUS
from tests.grading.conftest import KEY_PATH, write

PAYLOAD = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'


def page(tmp_path, data, key_path, learner="ada"):
    write(tmp_path / "in", "a.json", data)
    grade(tmp_path / "in", key_path, out=tmp_path / "out")
    return (tmp_path / "out" / "feedback" / f"{learner}.html").read_text(encoding="utf-8")


def test_each_item_shows_answer_key_score_and_explanation(tmp_path, model, key, key_path):
    model["exercises"]["02_claims"]["triage"]["value"]["t.s2"] = "CFS"
    html = page(tmp_path, model, key_path)
    row = re.search(r"<tr class='sub'><td>t\.s2: Why risk all\?</td>.*?</tr>", html).group(0)
    assert "<td>CFS</td><td>NFS</td>" in row and STATUS["wrong"] in row
    assert "A question, not a statement." in row
    assert "Precision 100%" in html and "1 / 1" in html and "Total so far" in html
    assert html.count("<tr class='sub'>") == 35 + len(key["claims"]["spans"])


def test_learner_text_is_escaped_everywhere(tmp_path, model, key_path):
    model["exercises"]["01_first_read"]["justification"]["value"] = PAYLOAD
    model["exercises"]["02_claims"]["priority"]["value"][0]["why"] = PAYLOAD
    model["exercises"]["02_claims"]["triage"]["value"]["t.s1"] = PAYLOAD
    html = page(tmp_path, model, key_path)
    assert "<script" not in html
    assert "<img" not in html
    assert html.count("&lt;script&gt;window.__pwned=1&lt;/script&gt;&lt;img src=x") == 3


@pytest.mark.skipif(os.name == "nt", reason="such a file name is not allowed on Windows")
def test_a_hand_in_file_name_is_escaped_on_the_page(tmp_path, model, key_path):
    name = "<img src=x onerror='x'>&\".json"
    write(tmp_path / "in", name, model)
    grade(tmp_path / "in", key_path, out=tmp_path / "out")
    html = (tmp_path / "out" / "feedback" / "ada.html").read_text(encoding="utf-8")
    assert "<img" not in html
    assert "file &lt;img src=x onerror=&#x27;x&#x27;&gt;&amp;&quot;.json" in html


def test_the_page_loads_nothing_and_allows_no_script(tmp_path, model, key_path):
    html = page(tmp_path, model, key_path)
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert not re.search(r"\b(src|href)=", html)


def test_hand_marked_items_are_named_by_their_prompt_in_exercise_order(tmp_path):
    """The points table named written items by their ids (entman_problem, note_to_friend),
    and the sources lines ran 4a, 4b, 4c, 4e, 4d."""
    from kit.grading.model import load_key_and_case, model_answers
    from tests.grading.conftest import KEY_PATH

    key, _case = load_key_and_case(KEY_PATH)
    html = page(tmp_path, model_answers(key, "ada"), KEY_PATH)
    summary = html[html.index("<table>") : html.index("</table>")]
    assert "Exercise 04: framing: 3. The problem the text defines (marked by your teacher)" in (
        summary
    )
    assert "4e. A note to a friend who shared the text (marked by your teacher)" in summary
    assert not re.search(r"entman_|note_to_friend|word_choice|justification \(", summary)
    lines = [html.index(f"<td>{n}. ") for n in ("4a", "4b", "4c", "4d", "4e")]
    assert lines == sorted(lines)


def test_an_unanswered_item_reads_no_answer_not_none(tmp_path, model, key_path):
    """'(none)' for a blank answer sat beside the key's 'none' (no source given) in exercise
    03, where it read as an answer."""
    del model["exercises"]["02_claims"]["triage"]["value"]["t.s2"]
    html = page(tmp_path, model, key_path)
    row = re.search(r"<tr class='sub'><td>t\.s2: Why risk all\?</td>.*?</tr>", html).group(0)
    assert "<td><i>(no answer)</i></td><td>NFS</td>" in row and STATUS["missing"] in row


def test_a_written_item_not_yet_marked_says_so_and_a_marked_one_says_marked(tmp_path):
    """Before marking, every written item read "Marked by your teacher" under "to be marked",
    beside explanations that said so too."""
    from kit.grading.examples import make_class
    from kit.grading.model import load_key_and_case

    key, case = load_key_and_case(KEY_PATH)
    make_class(tmp_path / "in", case, key, n=3, seed=2)
    grade(tmp_path / "in", KEY_PATH, out=tmp_path / "out")
    pages = [p.read_text(encoding="utf-8") for p in (tmp_path / "out" / "feedback").iterdir()]
    assert all("Marked by your teacher" not in p for p in pages)
    assert any(STATUS["unmarked"] in p and "to be marked / 2" in p for p in pages)
    from kit.grading.feedback import _score_cell

    done = _score_cell("rubric", 1.0, 2.0, True).decode()  # after --rubric: marked, and says so
    assert "1 / 2" in done and STATUS["rubric"] in done and STATUS["unmarked"] not in done
