"""Exercise 04: label-aware technique F1 x 10, frames by Jaccard x 2 each, the prose to the
rubric, and one heat-map layer per technique group."""

import pytest

from kit.grading.framing import (
    FRAME_POINTS,
    TECHNIQUE_POINTS,
    grade,
    key_view,
    model_answer,
    prepare,
)
from kit.grading.registry import AnswerShapeError
from kit.scoring import GROUP_CREDIT, span_prf
from kit.taxonomy import FRAMES, TECHNIQUE_GROUPS, TECHNIQUES, group_of, techniques_in


@pytest.fixture
def framing(full_key):
    return full_key["framing"]


@pytest.fixture
def section(framing, full_key_and_case):
    return prepare(framing, full_key_and_case[1])


@pytest.fixture
def text(full_key_and_case):
    return full_key_and_case[1].text


def span(text, start, end, label):
    return {"start": start, "end": end, "label": label, "quote": text[start:end]}


def other_in_group(label, exclude=()):
    return next(
        t.id for t in techniques_in(group_of(label)) if t.id != label and t.id not in exclude
    )


def test_the_model_answer_scores_full_automatic_marks(framing, section):
    result = grade(model_answer(framing), section)
    assert result.points == pytest.approx(TECHNIQUE_POINTS + 2 * FRAME_POINTS)
    assert result.points == result.max_points
    rows = [r for r in result.items if r.item.startswith("techniques f")]
    assert len(rows) == len(framing["techniques"]) and {r.status for r in rows} == {"found"}
    assert [r.item for r in result.rubric][-1] == "word_choice"
    assert all(r.answer and r.score is None for r in result.rubric)
    assert not result.notes


def test_a_technique_or_frame_the_exercise_does_not_offer_is_noted(framing, section, text):
    first = framing["techniques"][0]
    mine = [span(text, first["start"], first["end"], first["label"]), span(text, 0, 5, "Lying")]
    result = grade({"techniques": mine, "frames_case": ["Political", "Fun"]}, section)
    assert result.notes == [
        f"item 'techniques': 'Lying' (on {text[0:5]!r}) is not among the exercise's choices "
        f"({len(TECHNIQUES)} of them), so scored as different from the key",
        "item 'frames_case': 'Fun' is not among the exercise's choices "
        f"({len(FRAMES)} of them), so scored as different from the key",
    ]
    assert next(r.status for r in result.items if r.item.startswith("techniques f")) == "found"


def test_technique_points_are_ten_times_the_label_aware_f1(framing, section, text):
    spans = framing["techniques"]
    first, second, third = spans[0], spans[1], spans[2]
    mine = [
        span(text, first["start"], first["end"], first["accepted"][0]),  # accepted: full
        span(
            text,
            second["start"],
            second["end"],
            other_in_group(second["label"], second.get("accepted", ())),
        ),
        span(text, third["start"], (third["start"] + third["end"]) // 2, "Flag_Waving"),
        span(text, 0, 20, "Doubt"),
    ]
    result = grade({"techniques": mine}, section)
    expected = span_prf(mine, spans, labelled=True, group_of=group_of)
    assert result.items[0].score == pytest.approx(TECHNIQUE_POINTS * expected.f1)
    notes = {r.item: r.explanation for r in result.items}
    assert "Right technique" in notes["techniques f01"]
    assert "Right group, another technique: half credit" in notes["techniques f02"]
    assert notes["techniques f02"].startswith(f"100% covered, {GROUP_CREDIT:.0%} credited")
    assert [r.status for r in result.items if r.item == "techniques f03"] == ["partial"]
    assert [r.answer for r in result.items if r.item == "techniques extra"] == [
        f"“{text[0:20]}” (Doubt)"
    ]


def test_every_group_is_a_layer_for_a_learner_who_tagged_anything(framing, section, text):
    first = framing["techniques"][0]
    tagged = grade(
        {"techniques": [span(text, first["start"], first["end"], first["label"])]}, section
    )
    assert set(tagged.highlights) == set(TECHNIQUE_GROUPS)
    assert tagged.highlights[first["group"]] == [(first["start"], first["end"])]
    assert sum(map(len, tagged.highlights.values())) == 1
    assert grade({}, section).highlights == {}


def test_frames_score_the_jaccard_overlap_and_defensible_frames_are_neutral(framing, section):
    case_frames = framing["frames"]["case"]
    defensible = framing["frames"]["accepted"]["case"][0]
    extra = next(f for f in FRAMES if f not in case_frames and f != defensible)
    answer = [*case_frames[:2], defensible, extra]
    result = grade({"frames_case": answer}, section)
    row = next(r for r in result.items if r.item == "frames_case")
    assert row.score == pytest.approx(FRAME_POINTS * 2 / (len(case_frames) + 1))
    exact = grade({"frames_case": [*case_frames, defensible]}, section)
    assert next(r for r in exact.items if r.item == "frames_case").status == "right"
    assert result.labels["frames"][f"case:{extra}"] == "yes"
    unticked = next(f for f in FRAMES if f not in answer)
    assert result.labels["frames"][f"case:{unticked}"] == "no"
    assert not any(unit.startswith("contrast:") for unit in result.labels["frames"])
    missing = next(r for r in result.items if r.item == "frames_contrast")
    assert (missing.status, missing.score) == ("missing", 0.0)


def test_word_choices_match_the_key_by_whole_words(framing, section):
    rows = [
        {"words": "Coup!", "neutral": "revolt", "effect": "asserts a goal"},
        {"words": "co", "neutral": "", "effect": ""},  # part of "coup", not a whole word
    ]
    result = grade({"word_choice": rows}, section)
    lines = {r.item: r for r in result.items if r.item.startswith("word_choice ")}
    assert lines["word_choice 1"].key.startswith("“coup”")
    assert lines["word_choice 2"].key == "" and "discuss" in lines["word_choice 2"].explanation
    assert next(r for r in result.rubric if r.item == "word_choice").score is None
    assert next(r for r in result.rubric if r.item == "entman_problem").score == 0.0


def test_a_key_word_choice_without_a_quote_matches_nothing_and_grading_goes_on():
    """Keys are checked before grading; a hand-made one passed straight to the grader must
    still not stop it (the quote used to be read only when a learner's words matched)."""
    ready = prepare({"word_choice": [{"quote": None}, {"neutral": "x"}]}, None)
    result = grade({"word_choice": [{"words": "coup"}]}, ready)
    line = next(r for r in result.items if r.item == "word_choice 1")
    assert line.key == "" and "discuss" in line.explanation


@pytest.mark.parametrize(
    "values, words",
    [
        ({"techniques": {"start": 1}}, "item 'techniques' should be a list"),
        ({"techniques": [{"start": 0, "end": 3}]}, "entry 1 lacks quote"),
        ({"frames_case": "Political"}, "item 'frames_case' should be a list of ids"),
        ({"frames_contrast": [1]}, "item 'frames_contrast' should be a list of ids"),
        ({"entman_cause": 4}, "item 'entman_cause' should be text"),
        ({"word_choice": ["coup"]}, "item 'word_choice', entry 1 is not an object"),
        ({"word_choice": [{"words": 1}]}, "entry 1: words is not text"),
    ],
)
def test_a_value_of_the_wrong_shape_names_the_item(section, values, words):
    with pytest.raises(AnswerShapeError, match=words):
        grade(values, section)


def test_an_unknown_technique_label_earns_nothing_and_does_not_crash(framing, section, text):
    first = framing["techniques"][0]
    result = grade({"techniques": [span(text, first["start"], first["end"], "Made_Up")]}, section)
    assert result.points == 0
    assert (
        "Another group" in next(r for r in result.items if r.item == "techniques f01").explanation
    )
    assert sum(map(len, result.highlights.values())) == 0


def test_the_report_gets_a_layer_per_group_and_the_frames_as_yes_no_units(
    framing, full_key_and_case
):
    view = key_view(framing, full_key_and_case[1])
    assert list(view.highlights) == list(TECHNIQUE_GROUPS)
    keyed = sum(len(layer.key) for layer in view.highlights.values())
    assert keyed == len(framing["techniques"])
    frames = view.labels["frames"]
    assert len(frames.key) == 2 * len(FRAMES)
    assert frames.key["case:Political"] == "yes" and frames.key["case:Economic"] == "no"
    defensible = framing["frames"]["accepted"]["contrast"][0]
    assert frames.accepted[f"contrast:{defensible}"] == ("yes",)


def test_a_saved_feedback_line_is_never_reused_across_the_found_threshold(framing):
    from kit.grading.model import load_key_and_case
    from tests.grading.conftest import KEY_PATH

    _key, case = load_key_and_case(KEY_PATH)
    start = next(s.start for s in case.article.sentences if s.end - s.start >= 122)
    long_span = {
        "id": "f99",
        "start": start,
        "end": start + 122,
        "quote": case.text[start : start + 122],
        "label": "Doubt",
        "group": group_of("Doubt"),
        "explanation": "x",
    }
    section = prepare(framing | {"techniques": [long_span]}, case)

    def status(covered):
        end = start + covered
        answer = [{"start": start, "end": end, "quote": case.text[start:end], "label": "Doubt"}]
        return next(
            r.status
            for r in grade({"techniques": answer}, section).items
            if r.item == "techniques f99"
        )

    assert status(98) == "found"  # 80.3 %
    assert status(97) == "partial"  # 79.5 %: both round to 80, and must not share a line


def test_a_blank_word_choice_row_is_skipped_and_keeps_the_numbers_after_it(section):
    rows = [{"words": "coup"}, {"words": "", "neutral": "", "effect": ""}, {"words": "elites"}]
    result = grade({"word_choice": rows}, section)
    assert [r.item for r in result.items if r.item.startswith("word_choice ")] == [
        "word_choice 1",
        "word_choice 3",
    ]
    answer = next(r for r in result.rubric if r.item == "word_choice").answer
    assert answer.startswith("1. “coup”") and "\n3. “elites”" in answer and "2." not in answer


def test_episodic_or_thematic_is_shown_beside_the_key_counted_for_the_report_not_scored(
    framing, section, full_key_and_case
):
    model = grade(model_answer(framing), section)
    mine = {**model_answer(framing), "telling_case": "thematic", "telling_contrast": "both"}
    result = grade(mine, section)
    assert result.points == model.points  # not scored, either way
    rows = {r.item: r for r in result.items if r.item.startswith("telling_")}
    assert rows["telling_case"].answer == "Thematic"
    assert rows["telling_case"].key == "A mix (also accepted: Episodic)"
    assert rows["telling_case"].status == "info" and rows["telling_case"].max_points is None
    assert "pro-western banking elites" in rows["telling_case"].explanation
    assert result.labels["telling"] == {"telling:case": "thematic", "telling:contrast": "both"}
    assert result.notes == [
        "item 'telling': 'both' (contrast) is not among the exercise's choices (episodic, "
        "mixed, thematic); this item is not scored"
    ]
    view = key_view(framing, full_key_and_case[1])
    told = view.labels["telling"]
    assert told.key == {"telling:case": "mixed", "telling:contrast": "episodic"}
    assert told.accepted["telling:case"] == ("episodic",) and told.name("mixed") == "A mix"
    blank = grade({}, section)
    assert "telling" not in blank.labels and not blank.notes
    assert {r.answer for r in blank.items if r.item.startswith("telling_")} == {""}
