from kit.grading.page import esc, num, text


def test_scores_are_written_as_people_write_them():
    assert [num(2.0), num(3.5), num(22 / 3), num(None), num(None, "-")] == [
        "2",
        "3.5",
        "7.33",
        "",
        "-",
    ]


def test_a_small_negative_value_rounds_to_0_not_minus_0():
    """An alpha of -0.003 was shown in the class report as "-0"."""
    assert num(-0.003) == "0" and num(-0.0) == "0" and num(-0.006) == "-0.01"


def test_escaping_for_text_and_for_attributes():
    assert text("<b> & 'x'") == "&lt;b&gt; &amp; 'x'"
    assert esc("<b> & 'x'") == "&lt;b&gt; &amp; &#x27;x&#x27;"
