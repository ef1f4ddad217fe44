"""Reading submitted lists without trusting them: a misfit is named by entry and field."""

import pytest

from kit.grading.registry import AnswerShapeError
from kit.grading.shapes import keyed_labels, list_or_empty, spans_or_empty

FIELDS = ("start", "end", "quote")
OPTIONAL = ("label",)


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([{"start": 0, "end": 2, "quote": "ab"}, "x"], "entry 2 is not an object"),
        ([{"start": 0, "quote": "ab"}], "entry 1 lacks end"),
        ([{"start": True, "end": 2, "quote": "ab"}], "entry 1: start is not a whole number"),
        ([{"start": 0, "end": 2, "quote": 3}], "entry 1: quote is not text"),
        ([{"start": 0, "end": 2, "quote": "ab", "label": ["x"]}], "entry 1: label is not text"),
        ([{"start": 0, "end": 2, "label": "x"}], "entry 1 lacks quote"),
        ([{"start": 0, "end": 2.0, "quote": "ab"}], "entry 1: end is not a whole number"),
        ([{"start": 0, "end": 2, "quote": "ab"}, {"end": 1}], "entry 2 lacks quote, start"),
        ({"start": 0}, "should be a list of objects"),
    ],
)
@pytest.mark.parametrize("read", ["list_or_empty", "spans_or_empty"])
def test_a_misfit_is_named_by_entry_and_field(entries, message, read):
    with pytest.raises(AnswerShapeError, match=message):
        if read == "list_or_empty":
            list_or_empty({"claims": entries}, "claims", FIELDS, optional=OPTIONAL)
        else:
            spans_or_empty({"claims": entries}, "claims", "label")


def test_entries_as_the_widget_writes_them_come_back_unchanged():
    entries = [
        {"start": 0, "end": 2, "quote": "ab", "label": None},
        {"start": 3, "end": 5, "quote": None},
    ]
    assert list_or_empty({"claims": entries}, "claims", FIELDS, optional=OPTIONAL) is entries
    assert list_or_empty({}, "claims", FIELDS) == []
    assert spans_or_empty({"claims": entries}, "claims", "label") is entries
    assert spans_or_empty({"claims": None}, "claims", "label") == []


def test_keyed_labels_pass_a_hand_in_on_and_drop_units_the_key_lacks():
    known = frozenset({"s1", "s2"})
    chosen = {"s2": "CFS", "s1": "NFS"}
    assert keyed_labels(chosen, known) is chosen
    assert keyed_labels({"s1": "NFS", "x": "UFS", "s2": "CFS"}, known) == {"s1": "NFS", "s2": "CFS"}
    assert keyed_labels({"x": "UFS"}, known) == {}
