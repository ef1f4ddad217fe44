"""Answers outside an exercise's choices: a note naming the item, the answer and where."""

from kit.grading.offered import choices, not_offered, note, spans_not_offered

TRIAGE = choices(["NFS", "UFS", "CFS"])


def test_offered_and_blank_answers_need_no_note():
    assert not_offered("triage", {"s1": "NFS", "s2": "", "s3": "CFS"}, TRIAGE) == []
    assert spans_not_offered("claims", [{"label": "CFS"}, {"label": None}, {}], TRIAGE, "") == []


def test_a_mapping_names_each_odd_answer_once_with_its_units():
    [said] = not_offered("triage", {"s1": "MAYBE", "s2": "NFS", "s3": "MAYBE", "s4": "?"}, TRIAGE)
    assert said == (
        "item 'triage': 'MAYBE' (s1, s3); '?' (s4) are not among the exercise's choices "
        "(CFS, NFS, UFS), so scored as different from the key"
    )


def test_a_highlight_is_placed_by_its_quote_and_long_lists_are_cut_short():
    spans = [{"label": "x", "quote": f"word {n}"} for n in range(6)] + [{"label": "NFS"}]
    [said] = spans_not_offered("claims", spans, TRIAGE, "among them ({choices})")
    assert said == (
        "item 'claims': 'x' (on 'word 0', on 'word 1', on 'word 2' and 3 more) is not among "
        "them (CFS, NFS, UFS)"
    )


def test_a_set_of_ids_is_named_in_a_steady_order_and_a_long_choice_list_is_counted():
    offered = choices(f"frame{n}" for n in range(14))
    [said] = not_offered("frames_case", {"zz", "frame1", "aa"}, offered)
    assert said == (
        "item 'frames_case': 'aa'; 'zz' are not among the exercise's choices (14 of them), so "
        "scored as different from the key"
    )


def test_pairs_can_say_what_the_choices_are_and_what_the_answer_cost():
    pack = choices(["afp", "reuters"])
    assert note("evidence", [("c1", "afp")], pack) == []
    [said] = note("evidence", [("c1", "afp"), ("c2", "blog")], pack, "in the pack ({choices})")
    assert said == "item 'evidence': 'blog' (c2) is not in the pack (afp, reuters)"


def test_long_empty_or_odd_answers_and_units_are_cut_short_and_quoted():
    """Both come from the learner's file, and the note is printed to the teacher's terminal."""
    [said] = not_offered("triage", {"\x1b[2J" + "s" * 50: "x" * 500, "": "x" * 500}, TRIAGE)
    assert len(said) < 250 and "\x1b" not in said
    assert "'xxxxxxxx" in said and "x…' ('\\x1b[2Jsss" in said and "…', '')" in said


def test_many_odd_answers_are_summed_up_after_the_first_three():
    [said] = not_offered("triage", {f"s{n}": f"odd{n}" for n in range(30)}, TRIAGE)
    assert said.startswith("item 'triage': 'odd0' (s0); 'odd1' (s1); 'odd2' (s2); and 27 more ")
