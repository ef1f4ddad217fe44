from kit import load_case
from kit.mentions import find_mentions, mentions


def test_every_mention_has_exact_offsets_and_a_sentence():
    case = load_case("wagner-convoy")
    rows = find_mentions(case)
    assert rows
    for row in rows:
        assert case.text[row["start"] : row["end"]] == row["text"]
        assert row["sentence"] is not None


def test_longest_spelling_wins_and_names_are_grouped():
    case = load_case("wagner-convoy")
    table = mentions(case).set_index("name")
    assert table.loc["Rostov-on-Don", "spelt"] == "Rostov, Rostov On Don"
    assert table.loc["Rostov-on-Don", "mentions"] == 2
    assert table.loc["Russian Ministry of Defence", "spelt"] == (
        "Defence Ministry, Head Office, Russian Defence Ministry, Russian Defense Ministry"
    )
    assert table.loc["Vladimir Putin", "sentences"].startswith("p1.s5, p1.s6")
    assert set(table["kind"]) == {"person", "organisation", "place"}
    # Every gazetteer entry is found in the text at least once.
    assert len(table) == len(case.meta["entities"])
