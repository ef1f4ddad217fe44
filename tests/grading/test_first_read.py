"""Exercise 01: the genre is scored, the justification goes to the rubric, the rating is shown."""

import pytest

from kit.grading.first_read import TASK, grade, model_answer
from kit.grading.registry import AnswerShapeError


def items(result):
    return {i.item: i for i in result.items}


def test_the_key_genre_earns_the_point(key):
    result = grade({"genre": "opinion"}, key["first_read"])
    assert result.points == 1 == result.max_points
    assert items(result)["genre"].status == "right"
    assert "opinion blog post" in items(result)["genre"].explanation


def test_an_accepted_genre_earns_the_point_and_says_so(key):
    section = key["first_read"] | {"genre": key["first_read"]["genre"] | {"accepted": ["satire"]}}
    result = grade({"genre": "satire"}, section)
    assert result.points == 1 and items(result)["genre"].status == "accepted"
    assert "also accepted: satire" in items(result)["genre"].key


@pytest.mark.parametrize(("answer", "status"), [("reporting", "wrong"), (None, "missing")])
def test_another_or_no_genre_earns_nothing(key, answer, status):
    result = grade({"genre": answer}, key["first_read"])
    assert result.points == 0 and items(result)["genre"].status == status
    assert not result.notes


def test_a_genre_the_exercise_does_not_offer_is_noted(key):
    result = grade({"genre": "poetry"}, key["first_read"])
    assert result.points == 0 and items(result)["genre"].status == "wrong"
    assert result.notes == [
        "item 'genre': 'poetry' is not among the exercise's choices (opinion, reporting, "
        "satire), so scored as different from the key"
    ]


def test_the_justification_goes_to_the_rubric_and_a_blank_one_scores_zero(key):
    written = grade({"justification": "  No sources are named.  "}, key["first_read"])
    assert [(r.item, r.answer, r.score) for r in written.rubric] == [
        ("justification", "No sources are named.", None)
    ]
    assert items(written)["justification"].status == "rubric"
    blank = grade({}, key["first_read"])
    assert [(r.answer, r.score) for r in blank.rubric] == [("", 0.0)]
    assert TASK.rubric[0].max_points == 2


def test_the_first_reaction_is_shown_but_never_scored(key):
    result = grade({"first_reaction": 4}, key["first_read"])
    row = items(result)["first_reaction"]
    assert (row.answer, row.score, row.status) == ("4", None, "info")
    assert result.points == 0


def test_the_class_report_gets_the_genre_as_a_label(key):
    assert grade({"genre": "satire"}, key["first_read"]).labels == {"genre": {"genre": "satire"}}
    assert grade({}, key["first_read"]).labels == {}


@pytest.mark.parametrize(
    "values",
    [{"genre": ["opinion"]}, {"genre": 3}, {"justification": {"x": 1}}, {"first_reaction": [1]}],
)
def test_values_the_widget_never_writes_are_refused(key, values):
    with pytest.raises(AnswerShapeError):
        grade(values, key["first_read"])


def test_the_model_answer_scores_full_marks(key):
    result = grade(model_answer(key["first_read"]), key["first_read"])
    assert result.points == result.max_points
