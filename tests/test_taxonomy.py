"""The label sets must match the published schemes exactly, or keys stop being comparable."""

from __future__ import annotations

import dataclasses
import re

import pytest

from kit.taxonomy import (
    ATTRIBUTIONS,
    CLAIM_TYPES,
    FRAMES,
    GENRES,
    TECHNIQUE_GROUPS,
    TECHNIQUES,
    TRIAGE,
    VERDICTS,
    Label,
    group_of,
    techniques_in,
)

ALL_SETS = {
    "GENRES": GENRES,
    "FRAMES": FRAMES,
    "TECHNIQUE_GROUPS": TECHNIQUE_GROUPS,
    "TECHNIQUES": TECHNIQUES,
    "TRIAGE": TRIAGE,
    "CLAIM_TYPES": CLAIM_TYPES,
    "VERDICTS": VERDICTS,
    "ATTRIBUTIONS": ATTRIBUTIONS,
}


@pytest.mark.parametrize(
    ("name", "size"),
    [
        ("GENRES", 3),
        ("FRAMES", 14),
        ("TECHNIQUE_GROUPS", 6),
        ("TECHNIQUES", 23),
        ("TRIAGE", 3),
        ("CLAIM_TYPES", 7),
        ("VERDICTS", 5),
        ("ATTRIBUTIONS", 3),
    ],
)
def test_sizes(name: str, size: int) -> None:
    assert len(ALL_SETS[name]) == size


@pytest.mark.parametrize("name", ALL_SETS)
def test_ids_equal_dict_keys(name: str) -> None:
    for key, label in ALL_SETS[name].items():
        assert isinstance(label, Label)
        assert label.id == key


@pytest.mark.parametrize("name", ALL_SETS)
def test_definitions_are_short_and_present(name: str) -> None:
    for label in ALL_SETS[name].values():
        assert label.name.strip(), label.id
        assert label.definition.strip(), label.id
        assert len(label.definition) < 200, label.id


def test_exact_genre_triage_and_scheme_ids() -> None:
    assert list(GENRES) == ["reporting", "opinion", "satire"]
    assert list(TRIAGE) == ["NFS", "UFS", "CFS"]
    assert list(CLAIM_TYPES) == [
        "personal_experience",
        "quantity",
        "correlation_causation",
        "laws_rules",
        "prediction",
        "other",
        "not_a_claim",
    ]
    assert list(VERDICTS) == [
        "supported",
        "partly_supported",
        "contradicted",
        "unverified",
        "not_checkable",
    ]
    assert VERDICTS["partly_supported"].name == "partly supported"
    assert VERDICTS["not_checkable"].name == "not checkable"
    assert list(ATTRIBUTIONS) == ["named", "vague", "none"]


def test_exact_frame_ids() -> None:
    assert set(FRAMES) == {
        "Economic",
        "Capacity_and_resources",
        "Morality",
        "Fairness_and_equality",
        "Legality_Constitutionality_and_jurisprudence",
        "Policy_prescription_and_evaluation",
        "Crime_and_punishment",
        "Security_and_defense",
        "Health_and_safety",
        "Quality_of_life",
        "Cultural_identity",
        "Public_opinion",
        "Political",
        "External_regulation_and_reputation",
    }


def test_exact_technique_ids_and_groups() -> None:
    expected = {
        "Attack on Reputation": {
            "Name_Calling-Labeling",
            "Guilt_by_Association",
            "Doubt",
            "Appeal_to_Hypocrisy",
            "Questioning_the_Reputation",
        },
        "Justification": {
            "Flag_Waving",
            "Appeal_to_Authority",
            "Appeal_to_Popularity",
            "Appeal_to_Values",
            "Appeal_to_Fear-Prejudice",
        },
        "Simplification": {
            "Causal_Oversimplification",
            "False_Dilemma-No_Choice",
            "Consequential_Oversimplification",
        },
        "Distraction": {"Straw_Man", "Red_Herring", "Whataboutism"},
        "Call": {"Slogans", "Conversation_Killer", "Appeal_to_Time"},
        "Manipulative Wording": {
            "Loaded_Language",
            "Obfuscation-Vagueness-Confusion",
            "Exaggeration-Minimisation",
            "Repetition",
        },
    }
    assert list(TECHNIQUE_GROUPS) == list(expected)
    for group, ids in expected.items():
        assert {label.id for label in techniques_in(group)} == ids


def test_technique_ids_have_semeval_shape() -> None:
    pattern = re.compile(r"^[A-Z][A-Za-z_-]+$")
    for technique in TECHNIQUES:
        assert pattern.fullmatch(technique), technique


def test_each_technique_in_exactly_one_existing_group() -> None:
    for label in TECHNIQUES.values():
        assert label.group in TECHNIQUE_GROUPS
        owners = [g for g in TECHNIQUE_GROUPS if label in techniques_in(g)]
        assert owners == [label.group]
        assert group_of(label.id) == label.group


def test_every_group_has_a_technique_and_groups_partition_techniques() -> None:
    listed = [label.id for g in TECHNIQUE_GROUPS for label in techniques_in(g)]
    assert all(techniques_in(g) for g in TECHNIQUE_GROUPS)
    assert sorted(listed) == sorted(TECHNIQUES)


def test_every_technique_has_its_own_example() -> None:
    examples = [label.example for label in TECHNIQUES.values()]
    assert all(e.strip() for e in examples)
    assert len(set(examples)) == len(examples)


def test_examples_stay_outside_the_case_study() -> None:
    # Examples are practice material; they must not give away answers about the case.
    banned = re.compile(r"wagner|prigozhin|putin|russia|ukrain|moscow|rostov", re.IGNORECASE)
    for label in TECHNIQUES.values():
        assert not banned.search(label.example), label.id


def test_groups_are_named_by_their_id() -> None:
    for group_id, label in TECHNIQUE_GROUPS.items():
        assert label.name == group_id


def test_group_of_known_and_unknown() -> None:
    assert group_of("Whataboutism") == "Distraction"
    assert group_of("Appeal_to_Fear-Prejudice") == "Justification"
    with pytest.raises(KeyError, match="Name_Calling"):
        group_of("Name calling")  # display name, not the id
    with pytest.raises(KeyError, match="unknown technique id"):
        group_of("Bandwagon")


def test_techniques_in_unknown_group() -> None:
    with pytest.raises(KeyError, match="unknown technique group"):
        techniques_in("Attack on reputation")  # wrong case


def test_labels_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        GENRES["satire"].definition = "changed"  # type: ignore[misc]
