from kit.widgets.row_items import LabelEachItem, PickItem


def test_label_each_reports_answered_rows_only_and_restores():
    item = LabelEachItem(
        "triage", "t", [("a", "First"), ("b", "Second")], [("NFS", "NFS"), ("CFS", "CFS")]
    )
    assert item.value is None
    item.choices["b"].value = "CFS"
    assert item.value == {"b": "CFS"}
    item.show({"a": "NFS", "gone": "CFS", "b": "unknown-label"})
    assert item.value == {"a": "NFS"}


def cafe_and_news():
    """A two-pick item offered two highlights, "Café" (0:4) and "news" (5:9)."""
    item = PickItem("priority", "p", n=2)
    item.set_candidates(
        [{"start": 0, "end": 4, "quote": "Café"}, {"start": 5, "end": 9, "quote": "news"}]
    )
    return item


def test_pick_keeps_picks_that_are_still_offered():
    item = cafe_and_news()
    item.pickers[0].value = "5:9"
    item.reasons[0].value = " worth it "
    assert item.value == [{"start": 5, "end": 9, "quote": "news", "why": "worth it"}]
    item.set_candidates(
        [{"start": 5, "end": 9, "quote": "news"}, {"start": 10, "end": 12, "quote": "xy"}]
    )
    assert item.value == [{"start": 5, "end": 9, "quote": "news", "why": "worth it"}]


def test_a_pick_follows_its_span_when_the_learner_resizes_it():
    """Widening a highlight by a word used to drop the pick and the reason typed for it."""
    saved = []
    item = cafe_and_news()
    item.on_change(lambda it: saved.append(it.value))
    item.pickers[0].value = "0:4"
    item.reasons[0].value = "names a place"
    before = len(saved)
    item.set_candidates(
        [{"start": 0, "end": 9, "quote": "Café news"}, {"start": 20, "end": 25, "quote": "other"}]
    )
    assert item.value == [{"start": 0, "end": 9, "quote": "Café news", "why": "names a place"}]
    assert saved[before:] == [item.value]  # one save, never a passing state without the pick
    item.set_candidates([{"start": 0, "end": 9, "quote": "Café news"}])
    assert len(saved) == before + 1  # nothing the learner answered changed: no save


def test_a_pick_whose_span_was_deleted_stays_with_its_reason_until_changed():
    item = cafe_and_news()
    item.pickers[0].value = "0:4"
    item.reasons[0].value = "names a place"
    item.set_candidates([{"start": 5, "end": 9, "quote": "news"}])  # Café deleted
    assert item.value == [{"start": 0, "end": 4, "quote": "Café", "why": "names a place"}]
    labels = [label for label, _ in item.pickers[0].options]
    assert "(no longer highlighted) Café" in labels and "news" in labels
    item.set_candidates([{"start": 0, "end": 4, "quote": "Café"}])  # Ctrl+Z: it is back
    assert [label for label, _ in item.pickers[1].options] == ["(choose)", "Café"]
    item.pickers[0].value = ""  # the learner clears it: now it goes
    item.set_candidates([{"start": 5, "end": 9, "quote": "news"}])
    assert item.value is None


def test_two_picks_merged_into_one_span_keep_both_reasons():
    item = cafe_and_news()
    item.pickers[0].value, item.pickers[1].value = "0:4", "5:9"
    item.reasons[0].value, item.reasons[1].value = "one", "two"
    item.set_candidates([{"start": 0, "end": 9, "quote": "Café news"}])
    assert [(p["start"], p["end"], p["why"]) for p in item.value] == [(0, 9, "one"), (5, 9, "two")]
    assert item.pickers[1].label == "(no longer highlighted) news"


def test_a_pick_never_moves_onto_a_span_that_was_already_there():
    """Deleting a picked highlight must not hand its reason to another highlight."""
    item = PickItem("priority", "p", n=2)
    item.set_candidates(
        [{"start": 0, "end": 40, "quote": "long"}, {"start": 5, "end": 10, "quote": "inner"}]
    )
    item.pickers[0].value = "0:40"
    item.reasons[0].value = "why long"
    item.set_candidates([{"start": 5, "end": 10, "quote": "inner"}])  # the long one deleted
    assert item.value == [{"start": 0, "end": 40, "quote": "long", "why": "why long"}]


def test_a_pick_left_behind_does_not_take_another_picks_new_span():
    item = PickItem("priority", "p", n=2)
    a, b = {"start": 0, "end": 10, "quote": "A"}, {"start": 12, "end": 20, "quote": "B"}
    item.set_candidates([a, b])
    item.pickers[0].value, item.pickers[1].value = "12:20", "0:10"
    item.reasons[0].value, item.reasons[1].value = "for B", "for A"
    item.set_candidates([a])  # B deleted: its pick stays, marked
    item.set_candidates([{"start": 0, "end": 18, "quote": "A wider"}])  # then A widened
    picks = [(p["start"], p["end"], p["why"]) for p in item.value]
    assert picks == [(12, 20, "for B"), (0, 18, "for A")]


def test_a_reopened_pick_whose_span_is_gone_is_marked_and_one_restored_later_is_not():
    item = PickItem("priority", "p", n=2)
    saved = [
        {"start": 0, "end": 4, "quote": "Café", "why": "one"},
        {"start": 5, "end": 9, "quote": "news", "why": "two"},
    ]
    item.show(saved)  # before the learner's spans are restored
    item.set_candidates([{"start": 0, "end": 4, "quote": "Café"}])  # only Café is still there
    assert item.value == saved
    assert [p.label for p in item.pickers] == ["Café", "(no longer highlighted) news"]


def test_pick_shows_a_saved_pick_even_before_its_span_is_offered():
    item = PickItem("priority", "p", n=1)
    item.show([{"start": 2, "end": 6, "quote": "xyzw", "why": "because"}])
    assert item.value == [{"start": 2, "end": 6, "quote": "xyzw", "why": "because"}]


def test_a_reason_box_opens_only_once_its_claim_is_chosen():
    """A reason is saved with its claim: typing one first would be shown, never kept."""
    item = PickItem("priority", "p", n=2)
    item.set_candidates([{"start": 0, "end": 4, "quote": "Café"}])
    assert [r.disabled for r in item.reasons] == [True, True]
    item.pickers[0].value = "0:4"
    assert [r.disabled for r in item.reasons] == [False, True]
    item.disable()
    assert all(w.disabled for w in (*item.pickers, *item.reasons))
    item.disable(False)
    assert [r.disabled for r in item.reasons] == [False, True]


def test_showing_nothing_clears_picks_left_behind():
    item = PickItem("priority", "p", n=1)
    item.show([{"start": 5, "end": 9, "quote": "news", "why": "two"}])
    item.show(None)
    assert item.value is None and [label for label, _ in item.pickers[0].options] == ["(choose)"]


def test_label_each_says_which_rows_are_still_to_do():
    rows = [(f"s{n}", f"Sentence {n}") for n in range(8)]
    item = LabelEachItem("triage", "t", rows, [("NFS", "NFS"), ("CFS", "CFS")])
    item.choices["s1"].value = "CFS"
    assert item.unfinished(item.value) == "1 of 8 answered; not yet: s0, s2, s3, s4, s5 and 2 more"
    for choice in item.choices.values():
        choice.value = "NFS"
    assert item.unfinished(item.value) is None


def test_picks_are_unfinished_until_each_has_a_reason():
    item = cafe_and_news()
    item.pickers[0].value = "5:9"
    assert item.unfinished(item.value) == "0 of 2 picks with a reason"
    item.reasons[0].value = "it names a place"
    item.pickers[1].value = "0:4"
    item.reasons[1].value = "a number"
    assert item.unfinished(item.value) is None
