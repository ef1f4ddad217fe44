"""Fuzzing the hand-ins: whatever is in the files, grading never crashes, and every file ends
up either graded or listed in problems.csv."""

import copy
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit.grading import grade
from kit.grading.model import load_key_and_case, model_answers
from kit.grading.refusals import NothingGraded
from tests.grading.conftest import KEY_PATH

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False)
    | st.text(max_size=30)
    | st.sampled_from(["\ud800", "x\udfff", "\ud83d\ude00"]),  # lone halves, a whole pair
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)

PATHS = [
    (),
    ("schema",),
    ("learner",),
    ("exercises",),
    ("exercises", "01_first_read"),
    ("exercises", "01_first_read", "genre"),
    ("exercises", "01_first_read", "genre", "value"),
    ("exercises", "01_first_read", "justification", "value"),
    ("exercises", "01_first_read", "first_reaction", "value"),
    ("exercises", "02_claims", "triage", "value"),
    ("exercises", "02_claims", "triage", "value", "t.s1"),
    ("exercises", "02_claims", "claims", "value"),
    ("exercises", "02_claims", "claims", "value", 0),
    ("exercises", "02_claims", "claims", "value", 0, "start"),
    ("exercises", "02_claims", "claims", "value", 0, "end"),
    ("exercises", "02_claims", "claims", "value", 0, "quote"),
    ("exercises", "02_claims", "claims", "value", 0, "label"),
    ("exercises", "02_claims", "priority", "value", 0, "why"),
    ("exercises", "02_claims", "priority", "value"),
    ("exercises", "03_sources", "attribution", "value"),
    ("exercises", "03_sources", "evidence", "value"),
    ("exercises", "03_sources", "evidence", "value", "c01"),
    ("exercises", "03_sources", "evidence", "value", "c01", "verdict"),
    ("exercises", "03_sources", "evidence", "value", "c01", "evidence"),
    ("exercises", "03_sources", "rating_1", "value"),
    ("exercises", "03_sources", "rating_1", "value", "source"),
    ("exercises", "03_sources", "holds", "value"),
    ("exercises", "03_sources", "trust_after", "value"),
    ("exercises", "04_framing", "techniques", "value"),
    ("exercises", "04_framing", "techniques", "value", 0, "label"),
    ("exercises", "04_framing", "techniques", "value", 0, "start"),
    ("exercises", "04_framing", "frames_case", "value"),
    ("exercises", "04_framing", "frames_contrast", "value", 0),
    ("exercises", "04_framing", "entman_problem", "value"),
    ("exercises", "04_framing", "word_choice", "value"),
    ("exercises", "04_framing", "word_choice", "value", 0, "words"),
]


def mutate(base, path, value):
    """``base`` with the value at ``path`` replaced (missing objects on the way are made)."""
    data = copy.deepcopy(base)
    if not path:
        return value
    node = data
    for step in path[:-1]:
        node = node.setdefault(step, {}) if isinstance(node, dict) else node[step]
    node[path[-1]] = value
    return data


BASE = model_answers(load_key_and_case(KEY_PATH)[0], "ada")


hand_in = st.one_of(
    st.tuples(st.sampled_from(PATHS), json_values).map(lambda pv: ("mutate", pv)),
    st.binary(max_size=200).map(lambda raw: ("bytes", raw)),
    st.text(max_size=200).map(lambda text: ("text", text)),
    st.sampled_from(["ada", "bob", "Ada", "../x", "con", "a" * 70, ""]).map(
        lambda learner: ("learner", learner)
    ),
)


@settings(
    database=None,
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(hand_in, min_size=1, max_size=6))
def test_every_file_is_graded_or_a_problem_and_nothing_crashes(tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("fuzz")
    base = BASE
    for n, (kind, payload) in enumerate(files):
        path = folder / "in" / f"{n}.json"
        path.parent.mkdir(exist_ok=True)
        if kind == "bytes":
            path.write_bytes(payload)
        elif kind == "text":
            path.write_text(payload, encoding="utf-8")
        elif kind == "learner":
            path.write_text(json.dumps(base | {"learner": payload}), encoding="utf-8")
        else:
            path.write_text(json.dumps(mutate(base, *payload)), encoding="utf-8")
    try:
        result = grade(folder / "in", KEY_PATH, out=folder / "out", progress=False)
    except NothingGraded as stop:  # every file refused: each is named, nothing is written
        assert len({p.file for p in stop.problems}) == len(files)
        assert all(p.reason for p in stop.problems)
        assert [p.name for p in (folder / "out").iterdir()] == [".kit-lock"]
        return
    graded = {g.file for g in result.graded}
    refused = [p.file for p in result.problem_list if not p.graded]
    assert {p.file for p in result.problem_list if p.graded} <= graded  # notes on graded files
    assert len(graded) + len(refused) == len(files)
    assert graded.isdisjoint(refused)
    assert not any("grader failed" in p.reason for p in result.problem_list)
    assert all(p.reason for p in result.problem_list)
    pages = {p.name for p in (folder / "out" / "feedback").iterdir()}
    assert pages == {f"{g.learner}.html" for g in result.graded}
    assert {p.name for p in folder.iterdir()} == {"in", "out"}
