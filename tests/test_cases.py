import hashlib
import re
import shutil
from pathlib import Path

import pytest

from kit.cases import CaseError, bundled_cases, load_case

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_9f2bc3eca29b1f09.txt"
SEED_SHA256 = "b59b9fba8d96308648d6ae6d3d212c360d2a5064a0068d47a243dba04811bac3"


def test_article_is_the_seed_byte_for_byte():
    case = load_case("wagner-convoy")
    data = case.article.text.encode("utf-8")
    assert hashlib.sha256(data).hexdigest() == SEED_SHA256
    assert (case.folder / "article.txt").read_bytes() == data
    if not SEED.exists():
        pytest.skip(f"seed file not present at {SEED}; checked against the stored hash only")
    assert SEED.read_bytes() == data


def test_case_metadata_records_origin_and_genre():
    case = load_case("wagner-convoy")
    assert case.id == "wagner-convoy" and "wagner-convoy" in bundled_cases()
    assert case.meta["origin"]["url"].startswith("https://tapnewswire.com/")
    assert case.meta["genre"]["label"] == "opinion"
    assert case.title == case.article.title.text


def copy_case(tmp_path: Path) -> Path:
    folder = tmp_path / "case"
    shutil.copytree(load_case("wagner-convoy").folder, folder)
    return folder


def test_an_edited_article_is_refused(tmp_path):
    folder = copy_case(tmp_path)
    (folder / "article.txt").write_text("Edited.\n\nBody.", encoding="utf-8")
    with pytest.raises(CaseError, match="article.txt: the text does not match article_sha256"):
        load_case(folder)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: (f / "case.toml").unlink(), "case.toml: missing"),
        (lambda f: (f / "case.toml").write_text("id = ", encoding="utf-8"), "not valid TOML"),
        (lambda f: (f / "article.txt").unlink(), "article.txt: missing"),
        (lambda f: (f / "article.txt").write_bytes(b"\xff\xfe"), "not UTF-8"),
        # found by a robustness hunt: each was a traceback
        (lambda f: (f / "claims.json").write_text('{"a": 1}', "utf-8"), "must be a list"),
        (lambda f: (f / "claims.json").write_text('[{"id": "c1"}]', "utf-8"), "claim 1 needs"),
        (
            lambda f: (f / "case.toml").write_text(
                re.sub(
                    r'article_sha256 = "\w+"',
                    "article_sha256 = 5",
                    f.joinpath("case.toml").read_text("utf-8"),
                ),
                "utf-8",
            ),
            "does not match article_sha256",
        ),
    ],
)
def test_bad_case_folders_name_the_file(tmp_path, change, message):
    folder = copy_case(tmp_path)
    change(folder)
    with pytest.raises(CaseError, match=message):
        load_case(folder)


def test_unknown_case_lists_the_known_ones():
    with pytest.raises(CaseError, match="no case 'nope'.*wagner-convoy"):
        load_case("nope")


def test_the_shared_claim_list_and_the_contrast_text_load():
    from kit.cases import load_contrast

    case = load_case("wagner-convoy")
    assert case.claims and all(case.text[c["start"] : c["end"]] == c["quote"] for c in case.claims)
    contrast = load_contrast(case)
    assert "Written for this kit" in contrast.label and len(contrast.sources) >= 5
    assert "## Sources" not in contrast.body and contrast.body.split()


def test_a_claim_list_that_no_longer_matches_the_text_is_refused(tmp_path):
    import json

    folder = copy_case(tmp_path)
    claims = json.loads((folder / "claims.json").read_text(encoding="utf-8"))
    claims[0]["quote"] = "something else"
    (folder / "claims.json").write_text(json.dumps(claims), encoding="utf-8")
    with pytest.raises(CaseError, match="claims.json: claim 'c01' quote does not match"):
        load_case(folder)
