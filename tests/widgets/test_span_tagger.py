"""The tagger's Python side: spans from the front end are checked, saved, then acknowledged."""

import pytest

from kit.widgets.span_tagger import SpanTagger, check_spans

TEXT = "Café 🙂 news: Zoë says it."


@pytest.fixture
def tagger():
    return SpanTagger(TEXT, [("claim", "Claim"), ("other", "Other")])


def span(start, end, label="claim", quote=None):
    return {
        "start": start,
        "end": end,
        "label": label,
        "quote": TEXT[start:end] if quote is None else quote,
    }


def test_a_good_span_is_kept_passed_on_and_acknowledged(tagger):
    seen = []
    tagger.on_spans(lambda spans: seen.append((spans, tagger.ack)))
    start = TEXT.index("Zoë")
    tagger.set_state({"spans": [span(start, start + 8)], "seq": 4})
    assert tagger.spans == [span(start, start + 8)] and tagger.error == ""
    assert seen == [([span(start, start + 8)], 0)]  # listeners run before the acknowledgement
    assert tagger.ack == 4


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (span(0, 4, quote="Cafe"), "is not the text at 0-4"),
        (span(0, 99), "outside the text"),
        (span(3, 3), "outside the text"),
        (span(0, 4, label="nope"), "unknown label 'nope'"),
    ],
)
def test_a_bad_span_is_refused_with_a_message_and_the_last_good_list_restored(tagger, bad, message):
    good = span(0, 4)
    tagger.set_state({"spans": [good], "seq": 1})
    saved = []
    tagger.on_spans(saved.append)
    tagger.set_state({"spans": [good, bad], "seq": 2})
    assert message in tagger.error
    assert tagger.spans == [good]
    assert all(bad not in s for s in saved)


def test_offsets_are_code_points():
    start = TEXT.index("news")  # after an emoji: code points, not UTF-16 units
    assert check_spans(TEXT, [span(start, start + 4)], {"claim"}) == ""
    utf16_start = len(TEXT[:start].encode("utf-16-le")) // 2
    assert "is not the text" in check_spans(
        TEXT, [span(utf16_start, utf16_start + 4, quote="news")], {"claim"}
    )


def test_repr_is_stable(tagger):
    tagger.set_state({"spans": [span(0, 4)], "seq": 1})
    assert repr(tagger) == "SpanTagger(spans=1)"


def test_sentence_steps_are_kit_texts_sentences_and_follow_the_text():
    tagger = SpanTagger("A. Mr. Smith left.\n\nThen he came.", [("claim", "Claim")])
    assert tagger.sentences == [0, 3, 20]  # "Mr." ends no sentence
    tagger.text = "One. Two."
    assert tagger.sentences == [0, 5]
