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


def test_pick_keeps_picks_that_are_still_offered():
    item = PickItem("priority", "p", n=2)
    item.set_candidates(
        [{"start": 0, "end": 4, "quote": "Café"}, {"start": 5, "end": 9, "quote": "news"}]
    )
    item.pickers[0].value = "5:9"
    item.reasons[0].value = " worth it "
    assert item.value == [{"start": 5, "end": 9, "quote": "news", "why": "worth it"}]
    item.set_candidates([{"start": 0, "end": 4, "quote": "Café"}])  # the span was deleted
    assert item.value is None


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
