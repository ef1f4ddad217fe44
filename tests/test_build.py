import json
from pathlib import Path

from kit.build import build_exercises, strip_solutions

REPO = Path(__file__).resolve().parents[1]


def test_exercises_are_exactly_what_the_solutions_generate(tmp_path):
    written = build_exercises(REPO / "solutions", tmp_path)
    committed = sorted(p.name for p in (REPO / "exercises").glob("*.ipynb"))
    assert [p.name for p in written] == committed, "run `kit build-exercises` and commit"
    for path in written:
        assert path.read_bytes() == (REPO / "exercises" / path.name).read_bytes(), (
            f"exercises/{path.name} is out of date: run `kit build-exercises` and commit"
        )


def notebook(*cells):
    return {
        "cells": list(cells),
        "metadata": {"widgets": {"state": {}}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def code(source, tags=()):
    return {
        "cell_type": "code",
        "source": source,
        "metadata": {"tags": list(tags)},
        "outputs": [{"output_type": "stream", "text": "x"}],
        "execution_count": 3,
    }


def test_solution_cells_outputs_and_widget_state_are_removed():
    original = notebook(code("shown = 1"), code("model_answer()", tags=["solution"]))
    learner = strip_solutions(original)
    assert [c["source"] for c in learner["cells"]] == ["shown = 1"]
    assert learner["cells"][0]["outputs"] == [] and learner["cells"][0]["execution_count"] is None
    assert "widgets" not in learner["metadata"]
    assert len(original["cells"]) == 2  # the input is untouched


def test_solution_blocks_in_code_become_a_prompt():
    source = "def f():\n    ### BEGIN SOLUTION\n    return 42\n    ### END SOLUTION\nf()\n"
    learner = strip_solutions(notebook(code(source)))
    assert learner["cells"][0]["source"] == "def f():\n    # Your answer here\nf()\n"


def test_no_exercise_contains_a_solution_cell():
    for path in (REPO / "exercises").glob("*.ipynb"):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        assert not [c for c in cells if "solution" in c["metadata"].get("tags", [])], path.name


def _text(cell):
    return "".join(cell["source"])


def test_every_notebook_opens_with_goals_and_ends_with_key_points():
    paths = [*(REPO / "notebooks").glob("*.ipynb"), *(REPO / "exercises").glob("*.ipynb")]
    for path in sorted(paths):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        first = _text(cells[0])
        assert "**Goals:**" in first or "**In this lesson you will:**" in first, path.name
        assert _text(cells[-1]).startswith("## Key points"), path.name


def test_each_exercise_ends_by_saying_where_the_answers_are_and_how_to_hand_them_in():
    for path in sorted((REPO / "exercises").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        last = _text(cells[-1])
        assert "kit-answers/wagner-convoy--<your id>.json" in last, path.name
        assert "hand_in()" in last and "kit submit" in last, path.name
        assert _text(cells[-2]).strip().endswith("hand_in()"), path.name
