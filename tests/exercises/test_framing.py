import pytest

from kit import load_case
from kit.exercises.framing import check, framing, model_answer, model_tagger
from kit.keys import load_key
from kit.taxonomy import TECHNIQUES, group_of, techniques_in
from tests.test_keys import KEY


@pytest.fixture(scope="module")
def key():
    return load_key(KEY, load_case("wagner-convoy"))["framing"]


def span_like(span, label):
    return {"start": span["start"], "end": span["end"], "label": label, "quote": span["quote"]}


def test_exact_technique_scores_full_and_same_group_scores_half(key):
    span = key["techniques"][0]
    exact = check({"techniques": [span_like(span, span["label"])]}, key)[0]
    assert exact.text.startswith("100% of your highlighting lies on the key")
    sibling = next(
        t.id
        for t in techniques_in(span["group"])
        if t.id != span["label"] and t.id not in span.get("accepted", [])
    )
    half = check({"techniques": [span_like(span, sibling)]}, key)
    assert half[0].text.startswith("50% of your highlighting lies on the key")
    assert any("Right group, different technique" in f.text for f in half)


def test_a_key_span_tagged_with_another_groups_technique_is_not_marked_found(key):
    """The check said "✔ Found" and then "You chose Flag_Waving": found, but worth nothing."""
    span = key["techniques"][0]
    credited = {group_of(x) for x in (span["label"], *span.get("accepted", []))}
    other = next(t for t in TECHNIQUES.values() if t.group not in credited).id
    for label, status in ((other, "wrong"), (span["label"], "found"), ("Made_Up", "wrong")):
        lines = check({"techniques": [span_like(span, label)]}, key)
        [line] = [f for f in lines if f.text.startswith(f"“{span['quote']}”")]
        assert line.verdict == status, label


def test_a_technique_in_the_group_of_an_accepted_label_is_half_credit_not_wrong(key):
    """The scorer gives half credit for the group of any accepted label; the check said
    "different from the key" beside a 50% score."""
    span = next(s for s in key["techniques"] if s["id"] == "f01")  # accepts Doubt (Attack)
    assert group_of(span["label"]) != group_of("Doubt") == group_of("Name_Calling-Labeling")
    lines = check({"techniques": [span_like(span, "Name_Calling-Labeling")]}, key)
    [line] = [f for f in lines if f.text.startswith(f"“{span['quote']}”")]
    assert line.verdict != "wrong" and "Right group, different technique" in line.text


def test_frames_are_scored_by_set_agreement(key):
    lines = check({"frames_case": key["frames"]["case"], "frames_contrast": ["Economic"]}, key)
    by_item = {f.item: f for f in lines if f.item.startswith("frames")}
    assert by_item["frames_case"].verdict == "right" and "100%" in by_item["frames_case"].text
    assert (
        by_item["frames_contrast"].verdict == "answered" and "0%" in by_item["frames_contrast"].text
    )


def test_word_choices_are_matched_to_the_key_loosely(key):
    first = key["word_choice"][0]
    lines = check(
        {
            "word_choice": [
                {"words": first["quote"].upper(), "neutral": "x", "effect": "y"},
                {"words": "banana", "neutral": "", "effect": ""},
            ]
        },
        key,
    )
    words = [f for f in lines if f.item == "word_choice"]
    assert first["neutral"] in words[0].text and "not one of the key's four" in words[1].text


def test_model_answer_and_read_only_widget(key):
    assert len([f for f in model_answer(key) if f.item == "techniques"]) == len(key["techniques"])
    tagger = model_tagger(key)
    assert tagger.readonly and {s["label"] for s in tagger.spans} == {
        t["label"] for t in key["techniques"]
    }
    assert all(group_of(t["label"]) == t["group"] for t in key["techniques"])


def test_the_tagger_offers_groups_first(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_LEARNER", "ada")
    ex = framing(key=None, directory=tmp_path)
    tagger = ex.items[0].control
    assert [g["name"] for g in tagger.groups][:2] == ["Attack on Reputation", "Justification"]
    assert sum(len(g["labels"]) for g in tagger.groups) == len(tagger.labels) == 23


def test_a_defensible_frame_neither_counts_for_nor_against(key):
    defensible = key["frames"]["accepted"]["case"]
    lines = check({"frames_case": [*key["frames"]["case"], *defensible]}, key)
    line = next(f for f in lines if f.item == "frames_case")
    assert line.verdict == "right" and "Also defensible" in line.text


def test_check_keeps_the_model_answers_of_empty_boxes_for_show_model_answer(key):
    lines = {f.item: f for f in check({"entman_problem": "The West."}, key)}
    assert lines["entman_cause"].verdict == "missing" and lines["entman_cause"].text == ""
    assert key["entman"]["problem"]["model"] in lines["entman_problem"].text


def test_a_blank_word_choice_row_keeps_the_rows_after_it_in_place(tmp_path, monkeypatch):
    """Row 2 left blank: row 3 used to come back as row 2 in the next session."""
    monkeypatch.setenv("KIT_LEARNER", "ada")
    ex = framing(load_case("wagner-convoy"), key=None, directory=tmp_path)
    item = next(i for i in ex.items if i.id == "word_choice")
    item.rows[0]["words"].value, item.rows[2]["words"].value = "coup", "elites"
    assert [r["words"] for r in item.value] == ["coup", "", "elites"]
    item.show(item.value)
    assert [row["words"].value for row in item.rows] == ["coup", "", "elites", ""]


def test_frames_are_offered_with_their_definitions(tmp_path, monkeypatch):
    """As the genres are in exercise 01: a name alone ("Morality") does not say what counts."""
    from kit.taxonomy import FRAMES

    monkeypatch.setenv("KIT_LEARNER", "ada")
    ex = framing(load_case("wagner-convoy"), key=None, directory=tmp_path)
    item = next(i for i in ex.items if i.id == "frames_case")
    morality = FRAMES["Morality"]
    assert {"label": f"{morality.name}: {morality.definition}", "value": "Morality"} in (
        item.control.options
    )


def test_episodic_or_thematic_gets_the_key_only_once_answered(key):
    lines = {f.item: f for f in check({"telling_case": "episodic"}, key)}
    assert lines["telling_case"].verdict == "accepted"
    assert lines["telling_case"].text.startswith("The key: A mix. ")
    assert lines["telling_contrast"].verdict == "missing" and not lines["telling_contrast"].text
    wrong = {f.item: f for f in check({"telling_contrast": "thematic"}, key)}
    assert wrong["telling_contrast"].verdict == "wrong"
    shown = {f.item for f in model_answer(key)}
    assert {"telling_case", "telling_contrast"} <= shown
