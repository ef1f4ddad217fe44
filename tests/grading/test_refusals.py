from pathlib import Path

from kit.grading.refusals import NothingGraded, OptionError
from kit.grading.submissions import Problem


def test_the_message_lists_the_first_ten_problems_and_counts_the_rest():
    problems = [Problem(f"/hand-ins/{n}.json", "is not valid JSON") for n in range(13)]
    stop = NothingGraded.graded_none(problems, 13, Path("/graded"))
    lines = str(stop).splitlines()
    assert lines[0].startswith("none of the 13 hand-in(s) could be graded. Nothing in /graded")
    assert lines[1:3] == [  # the whole path: a mistyped folder shows in it
        "  problem: /hand-ins/0.json: is not valid JSON",
        "  problem: /hand-ins/1.json: is not valid JSON",
    ]
    assert lines[-1] == "  ... and 3 more" and len(lines) == 12
    assert isinstance(stop, OptionError) and stop.problems == problems


def test_an_empty_folder_says_there_was_no_json_in_it():
    stop = NothingGraded.found_none([], Path("/graded"))
    assert str(stop).startswith("no hand-ins to grade (no .json files there). Nothing was graded")
    assert stop.problems == []


def test_the_refusal_crosses_processes_with_its_problems():
    import pickle

    problems = [Problem("/hand-ins/a.json", "is empty")]
    stop = pickle.loads(pickle.dumps(NothingGraded.found_none(problems, Path("/graded"))))
    assert isinstance(stop, NothingGraded) and stop.problems == problems
    assert str(stop).endswith("problem: /hand-ins/a.json: is empty")


def test_pages_that_could_not_be_kept_are_said():
    stop = NothingGraded.graded_none([], 3, Path("/graded"), lost=2, aside=1)
    assert "Nothing in" not in str(stop) and "were not changed" in str(stop)
    assert "2 old feedback page(s) could not be kept" in str(stop)
    assert "1 old feedback page(s) are in /graded/.feedback-previous" in str(stop)
