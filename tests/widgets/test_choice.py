import pytest
import traitlets

from kit.widgets.choice import Choice


def test_options_are_sent_as_label_value_pairs():
    choice = Choice([("one", 1), ("two", 2)], label="n")
    assert choice.options == [{"label": "one", "value": 1}, {"label": "two", "value": 2}]
    assert choice.value is None and repr(choice) == "Choice(value=None, options=2)"


def test_a_value_from_the_front_end_is_checked():
    choice = Choice([("one", 1), ("two", 2)])
    choice.set_state({"value": 2})
    assert choice.value == 2
    with pytest.raises(traitlets.TraitError, match="not one of the options"):
        choice.value = 3


def test_a_multiple_choice_keeps_option_order_and_empties_to_none():
    choice = Choice([("a", "A"), ("b", "B"), ("c", "C")], multiple=True)
    choice.set_state({"value": ["C", "A"]})
    assert choice.value == ["A", "C"]
    choice.value = []
    assert choice.value is None
    with pytest.raises(traitlets.TraitError):
        choice.value = ["Z"]
