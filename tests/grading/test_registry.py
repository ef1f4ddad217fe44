"""Reading submitted lists without trusting them: a misfit is named by entry and field."""

import pytest

from kit.grading.registry import AnswerShapeError, list_or_empty

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
    ],
)
def test_a_misfit_is_named_by_entry_and_field(entries, message):
    with pytest.raises(AnswerShapeError, match=message):
        list_or_empty({"claims": entries}, "claims", FIELDS, optional=OPTIONAL)


def test_entries_as_the_widget_writes_them_come_back_unchanged():
    entries = [
        {"start": 0, "end": 2, "quote": "ab", "label": None},
        {"start": 3, "end": 5, "quote": None},
    ]
    assert list_or_empty({"claims": entries}, "claims", FIELDS, optional=OPTIONAL) is entries
    assert list_or_empty({}, "claims", FIELDS) == []
