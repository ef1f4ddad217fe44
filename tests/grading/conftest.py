"""Shared fixtures for the grading tests: the real key and case, and hand-in writers."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from kit.grading.model import load_key_and_case, model_answers

REPO = Path(__file__).resolve().parents[2]
KEY_PATH = REPO / "solutions" / "keys" / "wagner-convoy.json"


@pytest.fixture(scope="session")
def key_path(tmp_path_factory):
    """The real key with only the sections these tests know (exercises 01 and 02), so the
    expected columns and points stay put when graders for later exercises are registered."""
    key = json.loads(KEY_PATH.read_text(encoding="utf-8"))
    kept = {k: v for k, v in key.items() if k not in ("sources", "framing")}
    path = tmp_path_factory.mktemp("key") / "wagner-convoy.json"
    path.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def full_key_and_case():
    """The real key with every section, for the graders of exercises 03 and 04."""
    return load_key_and_case(KEY_PATH)


@pytest.fixture
def full_key(full_key_and_case):
    return copy.deepcopy(full_key_and_case[0])


@pytest.fixture(scope="session")
def key_and_case(key_path):
    return load_key_and_case(key_path)


@pytest.fixture
def key(key_and_case):
    return copy.deepcopy(key_and_case[0])


@pytest.fixture(scope="session")
def case(key_and_case):
    return key_and_case[1]


@pytest.fixture
def model(key_and_case):
    """The answers-file data of a learner matching the key, id ``ada``."""
    return model_answers(key_and_case[0], "ada")


def write(folder: Path, name: str, data) -> Path:
    """Write a hand-in: JSON for dicts and lists, verbatim for str and bytes."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    elif isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def with_learner(data: dict, learner: str) -> dict:
    return {**copy.deepcopy(data), "learner": learner}
