"""The grading run: duplicates settled, scores recomputed, a failing grader contained."""

import copy
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kit.grading import api
from kit.grading.engine import Context, grade_files, settle
from kit.grading.registry import TASKS, Task, TaskResult, active_tasks, register
from kit.grading.submissions import Expect, Problem
from tests.grading.conftest import KEY_PATH, with_learner, write


def test_scores_found_in_a_hand_in_are_ignored(tmp_path, model, key_path):
    honest = api.grade(write(tmp_path / "a", "ada.json", model), key_path)
    cheat = copy.deepcopy(model)
    cheat["score"] = 1000
    cheat["grades"] = {"total": 21}
    for items in cheat["exercises"].values():
        for entry in items.values():
            entry["score"] = 99
            entry["points"] = 99
    cheat["exercises"]["01_first_read"]["genre"]["value"] = "satire"
    result = api.grade(write(tmp_path / "b", "ada.json", cheat), key_path)
    assert result.grades.loc["ada", "01_first_read"] == 0
    assert honest.grades.loc["ada", "02_claims"] == result.grades.loc["ada", "02_claims"] == 15


def test_duplicate_learner_ids_are_all_problems_unless_latest(tmp_path, model, key_path):
    first = write(tmp_path, "ada-1030.json", model)
    later = stamped(model, datetime.now(UTC) + timedelta(hours=1))  # within the clock's slack
    second = write(tmp_path, "ada-1045.json", later)
    write(tmp_path, "bob.json", with_learner(model, "bob"))
    strict = api.grade(tmp_path, key_path, out=tmp_path / "out")
    assert [g.learner for g in strict.graded] == ["bob"]
    assert sorted(p.file for p in strict.problem_list) == sorted([str(first), str(second)])
    assert all("same learner id (ada)" in p.reason for p in strict.problem_list)
    assert not (tmp_path / "out" / "feedback" / "ada.html").exists()
    latest = api.grade(tmp_path, key_path, out=tmp_path / "out", latest=True)
    assert [g.learner for g in latest.graded] == ["ada", "bob"]
    assert latest.graded[0].file == str(second)
    assert [p.file for p in latest.problem_list] == [str(first)]
    assert "only the one saved last, ada-1045.json, was graded" in latest.problem_list[0].reason
    pages = sorted(p.name for p in (tmp_path / "out" / "feedback").iterdir())
    assert pages == ["ada.html", "bob.html"]
    write(tmp_path, "ada-1030.json", later)  # now saved at the same time: the name decides
    tie = api.grade(tmp_path, key_path, latest=True)
    assert "the last by file name of those saved last, ada-1045.json" in tie.problem_list[0].reason


def stamped(model, when):
    copied = copy.deepcopy(model)
    for items in copied["exercises"].values():
        for entry in items.values():
            entry["saved_at"] = when if isinstance(when, str) else when.isoformat()
    return copied


@pytest.mark.parametrize("when", ["9999-12-31 hijack", "2999-01-01T00:00:00.000+00:00"])
def test_latest_ignores_save_times_that_cannot_be_real(tmp_path, model, key_path, when):
    """A file claiming a made-up or future save time must not replace the real hand-in."""
    write(tmp_path, "ada.json", model)
    write(tmp_path, "zz.json", stamped(model, when))
    result = api.grade(tmp_path, key_path, latest=True)
    assert [Path(g.file).name for g in result.graded] == ["ada.json"]
    assert [Path(p.file).name for p in result.problem_list] == ["zz.json"]


def test_ids_differing_only_in_case_are_duplicates(tmp_path, model, key_path):
    write(tmp_path, "a.json", with_learner(model, "Ada"))
    write(tmp_path, "b.json", with_learner(model, "ada"))
    write(tmp_path, "c.json", with_learner(model, "cy"))
    result = api.grade(tmp_path, key_path, out=tmp_path / "out")
    assert [g.learner for g in result.graded] == ["cy"] and len(result.problem_list) == 2
    assert "differ only in case" in result.problem_list[0].reason
    assert [p.name for p in (tmp_path / "out" / "feedback").iterdir()] == ["cy.html"]


def _explodes(values, key):
    """A grader with a bug that only a learner's answers reach (the key's own, empty here,
    load fine: a key that trips its grader is refused at loading, see test_keys)."""
    if values:
        raise ZeroDivisionError("boom")
    return TaskResult("02_claims", 0.0, 15.0, [])


def test_a_failing_grader_becomes_a_problem_and_the_rest_is_graded(tmp_path, model, key, key_path):
    saved = dict(TASKS)
    try:
        register(Task("02_claims", "claims", "Claims", _explodes, 15.0))
        write(tmp_path, "a.json", model)
        result = api.grade(tmp_path, key_path)
    finally:
        TASKS.clear()
        TASKS.update(saved)
    assert "grader failed on this file (ZeroDivisionError: boom)" in result.problem_list[0].reason


def test_a_feedback_page_that_cannot_be_made_costs_that_learner_only(
    tmp_path, model, key_path, monkeypatch
):
    from kit.grading import feedback

    real = feedback.render_page

    def fussy(graded, ctx):
        if graded.learner == "bob":
            raise ValueError("bad page")
        return real(graded, ctx)

    monkeypatch.setattr(feedback, "render_page", fussy)
    write(tmp_path / "in", "a.json", model)
    write(tmp_path / "in", "b.json", with_learner(model, "bob"))
    result = api.grade(tmp_path / "in", key_path, out=tmp_path / "out", workers=1)
    assert [g.learner for g in result.graded] == [model["learner"]]
    [problem] = result.problem_list
    assert problem.learner == "bob" and "could not be made (ValueError: bad page)" in problem.reason
    assert sorted(p.name for p in (tmp_path / "out" / "feedback").iterdir()) == [
        f"{model['learner']}.html"
    ]


def _one_point(values, key):
    return TaskResult("99_extra", 1.0, 1.0, [])


def test_a_task_whose_key_section_is_absent_is_skipped(key):
    saved = dict(TASKS)
    try:
        register(Task("99_extra", "extra", "Extra", _one_point, 1.0))
        assert "99_extra" not in [t.exercise for t in active_tasks(key)]
        assert "99_extra" in [t.exercise for t in active_tasks(key | {"extra": {}})]
        del key["claims"]
        assert "02_claims" not in [t.exercise for t in active_tasks(key)]
        assert [t.exercise for t in active_tasks({"first_read": {}})] == ["01_first_read"]
    finally:
        TASKS.clear()
        TASKS.update(saved)


def test_register_refuses_an_id_that_would_break_the_columns():
    with pytest.raises(ValueError):
        register(Task("a:b", "x", "X", _one_point, 1.0))


def test_two_workers_give_the_same_results_as_one(tmp_path, key, case, model):
    from kit.grading.examples import make_class

    paths = make_class(tmp_path, case, key, n=40, problems=True)
    odd = with_learner(model, "odd")  # a label the widget never writes: a note, across processes
    odd["exercises"]["02_claims"]["triage"]["value"]["t.s1"] = "MAYBE"
    paths.append(write(tmp_path, "odd.json", odd))
    tasks = active_tasks(key)
    sections = {
        t.exercise: t.prepare(key[t.section], case) if t.prepare else key[t.section] for t in tasks
    }
    ctx = Context(Expect(case.id, case.article.sha256), case.text, case.title, tasks, sections)
    one, two = grade_files(paths, ctx, workers=1), grade_files(paths, ctx, workers=2)

    def summary(results):
        return [
            (r.file, r.reason)
            if isinstance(r, Problem)
            else (r.learner, r.points(tasks), r.results)
            for r in results
        ]

    assert summary(one) == summary(two)
    for results in (one, two):
        [noted] = [r for r in results if not isinstance(r, Problem) and r.learner == "odd"]
        assert noted.results["02_claims"].notes[0].startswith("item 'triage': 'MAYBE' (t.s1)")
    graded, problems = settle(two)
    assert len(graded) + len(problems) == len(paths)


def test_batches_counted_by_workers_add_up_to_the_class_counted_at_once(
    tmp_path, full_key_and_case
):
    from kit.grading.agreement import Tallies, tally
    from kit.grading.examples import make_class

    key, case = full_key_and_case
    paths = make_class(tmp_path, case, key, n=150, problems=True)
    tasks = active_tasks(key)
    sections = {
        t.exercise: t.prepare(key[t.section], case) if t.prepare else key[t.section] for t in tasks
    }
    views = {t.exercise: t.key_view(key[t.section], case) for t in tasks}
    ctx = Context(
        Expect(case.id, case.article.sha256), case.text, case.title, tasks, sections, views=views
    )
    merged = Tallies(tasks, views, len(case.text))
    batches = []
    results = grade_files(
        paths, ctx, workers=2, counted=lambda c: batches.append(c) or merged.merge(c)
    )
    assert len(batches) >= 3  # 64 files a batch: the class really came back in parts
    at_once = tally(
        [r for r in results if not isinstance(r, Problem)], tasks, views, len(case.text)
    )
    for name, labels in at_once.labels.items():
        assert merged.labels[name].counts == labels.counts, name
        assert sorted(merged.labels[name].kappas) == sorted(labels.kappas)
        assert merged.labels[name].learners == labels.learners
    for name, layer in at_once.layers.items():
        assert merged.layers[name].counts() == layer.counts(), name
        assert merged.layers[name].alpha(case.text) == layer.alpha(case.text)


def test_feedback_lines_are_made_once_per_answer_and_the_store_stays_bounded():
    from kit.grading.registry import ItemResult, Lines

    made = []

    def make(answer):
        made.append(answer)
        return ItemResult("x", "X", answer, "", None, None, "info")

    def line(lines: Lines, answer: str) -> ItemResult:  # as the graders ask
        return lines.get(answer) or lines.make(answer, make, answer)

    lines = Lines()
    first = line(lines, "a")
    assert line(lines, "a") is first and made == ["a"]
    for n in range(Lines.LIMIT + 10):
        line(lines, str(n))
    assert len(lines) == Lines.LIMIT
    line(lines, "late")
    line(lines, "late")  # not kept once full: made again when asked again
    assert made.count("late") == 2


@pytest.mark.parametrize("latest", [False, True])
def test_a_slim_run_counts_the_class_as_a_full_one_duplicates_included(
    tmp_path, full_key_and_case, latest
):
    """keep_items=False sends back no feedback lines; a duplicate left out must still be
    taken back out of the class's counts, which the workers made."""
    import shutil

    from kit.grading.examples import make_class

    key, case = full_key_and_case
    paths = make_class(tmp_path / "in", case, key, n=50)
    for n, path in enumerate(paths[:3]):  # three learners hand in twice, with other answers
        shutil.copy(paths[10 + n], tmp_path / "in" / f"again-{n}.json")
        again = tmp_path / "in" / f"again-{n}.json"
        data = json.loads(again.read_text(encoding="utf-8"))
        data["learner"] = json.loads(path.read_text(encoding="utf-8"))["learner"]
        again.write_text(json.dumps(data), encoding="utf-8")
    full = api.grade(tmp_path / "in", KEY_PATH, workers=2, latest=latest)
    slim = api.grade(tmp_path / "in", KEY_PATH, workers=2, latest=latest, keep_items=False)
    assert len(full.problem_list) == (3 if latest else 6) == len(slim.problem_list)
    assert slim.graded[0].results["02_claims"].items == []  # really sent back slim
    assert slim.graded[0].results["02_claims"].labels == {}  # counted by the workers
    for name, labels in full.counts.labels.items():
        assert slim.counts.labels[name].counts == labels.counts, name
        assert slim.counts.labels[name].learners == labels.learners == len(full.graded)
    for name, layer in full.counts.layers.items():
        assert slim.counts.layers[name].counts() == layer.counts(), name
    assert slim.graded[0].results["03_sources"].rubric == []  # the answers travel packed
    assert slim.rubric.equals(full.rubric)  # and are read back when the table is asked for,
    assert slim.graded[0].packed is not None  # without unpacking everything else


def test_pack_round_trips_and_leaves_what_marshal_cannot_write(tmp_path, full_key_and_case):
    """A slim run packs each learner's labels, highlights and rubric answers with marshal;
    unpacking gives them back as they were. Labels a grader filled with its own objects
    stay where they are, unpacked, instead of stopping the class."""
    from kit.grading.model import model_answers

    write(tmp_path, "ada.json", model_answers(full_key_and_case[0], "ada"))
    graded_learner = api.grade(tmp_path, KEY_PATH).graded[0]
    before = copy.deepcopy(graded_learner)
    assert any(r.rubric for r in before.results.values())
    assert any(r.labels for r in before.results.values())
    assert any(r.highlights for r in before.results.values())
    graded_learner.pack()
    assert graded_learner.packed is not None
    assert all(not r.labels and not r.rubric for r in graded_learner.results.values())
    after = graded_learner.unpacked()
    assert after.packed is None
    for name, result in before.results.items():
        got = after.results[name]
        assert (got.labels, got.highlights, got.rubric) == (
            result.labels,
            result.highlights,
            result.rubric,
        ), name
    odd = copy.deepcopy(before)
    first = next(iter(odd.results.values()))
    first.labels = {"set": {"unit": object()}}
    odd.pack()
    assert odd.packed is None and "unit" in first.labels["set"]


def test_no_more_workers_start_than_there_are_batches(tmp_path, model, key_path, monkeypatch):
    """--workers 5000 on three files used to start 5000 processes."""
    import multiprocessing

    from kit.grading import engine

    started = []
    real = multiprocessing.get_context()

    class Spy:
        def Pool(self, workers, *args):
            started.append(workers)
            return real.Pool(workers, *args)

    monkeypatch.setattr(engine.multiprocessing, "get_context", lambda: Spy())
    for name in ("a", "b", "c"):
        write(tmp_path, f"{name}.json", with_learner(model, name))
    result = api.grade(tmp_path, key_path, workers=5000)
    assert len(result.graded) == 3 and started == [1]
    (tmp_path / "empty").mkdir()
    assert api.grade(tmp_path / "empty", key_path, workers=4).graded == []  # Pool(0) raised


@pytest.mark.parametrize("count", [0, 1, 17, 400, 10_000])
def test_batches_cover_every_file_once_largest_first(count):
    """Large batches first, then smaller ones, so no worker ends with a long batch alone."""
    from kit.grading.engine import batches

    jobs = [(n, f"{n}.json") for n in range(count)]
    split = batches(jobs, 2)
    assert [job for batch in split for job in batch] == jobs
    sizes = [len(batch) for batch in split]
    assert all(0 < size <= 256 for size in sizes)
    assert sizes[:-1] == sorted(sizes[:-1], reverse=True)
    if count >= 1000:
        assert sizes[0] == 256 and max(sizes[-4:]) <= 16  # few merges, a short tail


def test_a_graded_learner_crosses_processes_with_every_field_in_place():
    """Graded.__reduce__ lists its fields by position, for speed: a field added out of order
    would silently land in its neighbour's place in every worker's results."""
    import dataclasses
    import pickle

    from kit.grading.engine import Graded
    from kit.grading.registry import RubricScore, TaskResult

    result = TaskResult("02_claims", 1.0, 2.0, [], [], {}, {}, [])
    values = {
        "learner": "ada",
        "file": "a.json",
        "saved_at": "2026-11-25T10:30:00",
        "results": {"02_claims": result},
        "rubric": {"02_claims:priority": RubricScore(1.0)},
        "page": "ada.html",
        "sheet": b"rows",
        "stale": ["x"],
        "blank": True,
        "packed": b"packed",
    }
    assert [f.name for f in dataclasses.fields(Graded)] == list(values)
    again = pickle.loads(pickle.dumps(Graded(**values)))
    assert {f.name: getattr(again, f.name) for f in dataclasses.fields(Graded)} == values
