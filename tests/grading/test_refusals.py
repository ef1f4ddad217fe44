from pathlib import Path

from kit.grading.refusals import NothingGraded, OptionError
from kit.grading.submissions import Problem


def test_the_message_lists_the_first_ten_problems_and_counts_the_rest():
    problems = [Problem(f"/hand-ins/{n}.json", "is not valid JSON") for n in range(13)]
    stop = NothingGraded.graded_none(problems, 13, Path("/graded"))
    lines = str(stop).splitlines()
    assert lines[0].startswith("none of the 13 hand-in(s) could be graded. Nothing in /graded")
    assert lines[1:3] == [
        "  problem: 0.json: is not valid JSON",
        "  problem: 1.json: is not valid JSON",
    ]
    assert lines[-1] == "  ... and 3 more" and len(lines) == 12
    assert isinstance(stop, OptionError) and stop.problems == problems


def test_an_empty_folder_says_there_was_no_json_in_it():
    stop = NothingGraded.found_none([], Path("/graded"))
    assert str(stop).startswith("no hand-ins to grade (no .json files there). Nothing was graded")
    assert stop.problems == []
