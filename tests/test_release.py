"""The student release: lessons, exercises and the kit, with no key and no solutions."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kit.keys import find_key
from kit.release import ReleaseError, check_release, key_texts, release

REPO = Path(__file__).resolve().parents[1]
KEYS = sorted((REPO / "solutions" / "keys").glob("*.json"))


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("release") / "class-release"
    release(out, REPO)
    return out


def every_file(root):
    return [p for p in root.rglob("*") if p.is_file()]


def test_a_release_inside_the_kits_own_folder_still_runs_in_classroom_mode(tmp_path, monkeypatch):
    """Found by a newcomer: released into the repository and tried there, the exercises found
    solutions/keys above the release and ran in self-study mode, model answers and all."""
    monkeypatch.delenv("KIT_KEY_DIR", raising=False)
    root = tmp_path / "kit"
    root.mkdir()
    for name in ("notebooks", "exercises", "solutions", "src"):
        (root / name).symlink_to(REPO / name)
    (root / "pyproject.toml").symlink_to(REPO / "pyproject.toml")
    release(root / "class-release", root)
    assert find_key("wagner-convoy", root / "exercises") is not None  # the kit itself: yes
    assert find_key("wagner-convoy", root / "class-release" / "exercises") is None


def test_the_bundle_holds_lessons_exercises_and_an_installable_kit(bundle):
    assert sorted(p.name for p in bundle.iterdir()) == [
        ".kit-release",
        "README.md",
        "exercises",
        "notebooks",
        "pyproject.toml",
        "src",
    ]
    for folder in ("notebooks", "exercises"):
        assert sorted(p.name for p in (bundle / folder).glob("*.ipynb")) == sorted(
            p.name for p in (REPO / folder).glob("*.ipynb")
        )
    assert (bundle / "src" / "kit" / "__init__.py").is_file()
    assert (bundle / "src" / "kit" / "cases" / "wagner-convoy" / "article.txt").is_file()
    assert "kit submit" in (bundle / "README.md").read_text(encoding="utf-8")
    assert not [p for p in bundle.rglob("*") if p.name == "__pycache__" or p.suffix == ".pyc"]


def test_no_solutions_folder_no_key_and_no_explanation_text_anywhere(bundle):
    assert not [p for p in bundle.rglob("*") if p.name in ("solutions", "keys")]
    texts = key_texts(KEYS)
    assert len(texts) > 60  # every explanation of every section of the key
    for path in every_file(bundle):
        content = path.read_bytes().decode("utf-8", errors="ignore")
        for text in texts:
            for form in (text, json.dumps(text)[1:-1], json.dumps(text, ensure_ascii=False)[1:-1]):
                assert form not in content, f"{path.relative_to(bundle)} leaks {text[:50]!r}"
    assert check_release(bundle, texts) == []


def test_notebooks_are_released_without_outputs_or_solution_cells(bundle):
    for path in (bundle / "exercises").glob("*.ipynb"):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            assert "solution" not in cell.get("metadata", {}).get("tags", [])
            assert cell.get("outputs", []) == []


def test_the_exercises_find_no_key_so_they_run_in_classroom_mode(bundle, monkeypatch):
    monkeypatch.delenv("KIT_KEY_DIR", raising=False)
    assert find_key("wagner-convoy", bundle / "exercises") is None
    assert find_key("wagner-convoy", bundle / "notebooks") is None


def test_an_exercise_notebook_from_the_release_runs_in_classroom_mode(bundle, tmp_path):
    import nbformat
    from nbclient import NotebookClient

    path = bundle / "exercises" / "01_first_read.ipynb"
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(
        nbformat.v4.new_code_cell(
            "import kit\n"
            f"assert kit.__file__.startswith({str(bundle)!r}), kit.__file__\n"
            "assert exercise.mode == 'classroom', exercise.mode\n"
            "assert 'Classroom mode' in exercise.children[0].value"
        )
    )
    env = {
        "PYTHONPATH": str(bundle / "src"),
        "KIT_ANSWERS_DIR": str(tmp_path),
        "KIT_LEARNER": "ada",
    }
    saved = {name: os.environ.get(name) for name in [*env, "KIT_KEY_DIR"]}
    os.environ.update(env)
    os.environ.pop("KIT_KEY_DIR", None)
    try:
        NotebookClient(
            notebook,
            timeout=120,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def test_a_folder_that_is_not_empty_is_refused(tmp_path):
    (tmp_path / "old.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ReleaseError, match="not empty"):
        release(tmp_path, REPO)
    assert [p.name for p in tmp_path.iterdir()] == ["old.txt"]


def test_check_release_names_a_leaked_key_and_explanation(tmp_path):
    (tmp_path / "solutions" / "keys").mkdir(parents=True)
    (tmp_path / "notes.ipynb").write_text(
        json.dumps({"source": ['The key says: "quoted" and more']}), encoding="utf-8"
    )
    leaks = check_release(tmp_path, ['The key says: "quoted" and more'])
    assert "notes.ipynb contains the key's explanation" in " ".join(leaks)
    assert "solutions/ is in the release" in leaks


def test_the_command_writes_the_release(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "kit.cli", "release", str(tmp_path / "out"), "--root", str(REPO)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "classroom mode" in done.stdout and (tmp_path / "out" / "exercises").is_dir()
    again = subprocess.run(
        [sys.executable, "-m", "kit.cli", "release", str(tmp_path / "out"), "--root", str(REPO)],
        capture_output=True,
        text=True,
    )
    assert again.returncode == 2 and "not empty" in again.stderr


def _course(root, key_text="A model answer written for the key, long enough to be prose."):
    """A tiny course folder: one lesson, one exercise in a subfolder, a key with prose."""
    from kit.build import SOLUTION_TAG

    def notebook(*cells):
        return {"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5}

    def cell(text, tags=()):
        return {"cell_type": "markdown", "metadata": {"tags": list(tags)}, "source": text}

    for folder in ("notebooks", "exercises/extra", "src/kit", "solutions/keys"):
        (root / folder).mkdir(parents=True)
    (root / "src/kit/__init__.py").write_text("", encoding="utf-8")
    (root / "pyproject.toml").write_text("[project]\nname = 'kit'\n", encoding="utf-8")
    (root / "notebooks/01.ipynb").write_text(json.dumps(notebook(cell("Goals"))), "utf-8")
    extra = notebook(cell("Try it"), cell("The answer is 42.", [SOLUTION_TAG]))
    (root / "exercises/extra/02.ipynb").write_text(json.dumps(extra), "utf-8")
    key = {"section": {"entman": {"problem": {"model": key_text}}, "quote": "x" * 50}}
    (root / "solutions/keys/k.json").write_text(json.dumps(key), "utf-8")
    return root


def test_notebooks_in_subfolders_lose_their_solutions_too(tmp_path):
    root = _course(tmp_path / "course")
    release(tmp_path / "out", root)
    shipped = (tmp_path / "out/exercises/extra/02.ipynb").read_text(encoding="utf-8")
    assert "Try it" in shipped and "The answer is 42" not in shipped


def test_a_leak_of_any_key_prose_fails_and_leaves_nothing_behind(tmp_path):
    prose = "A model answer written for the key, long enough to be prose."
    root = _course(tmp_path / "course", prose)
    (root / "notebooks/01.ipynb").write_text(
        json.dumps({"cells": [{"cell_type": "markdown", "metadata": {}, "source": prose}]}),
        encoding="utf-8",
    )
    with pytest.raises(ReleaseError, match="would leak"):
        release(tmp_path / "out", root)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["course"]  # no release, no temp


def test_a_broken_notebook_or_a_wrong_root_or_folder_is_said_plainly(tmp_path):
    root = _course(tmp_path / "course")
    with pytest.raises(ReleaseError, match="is not the kit's folder"):
        release(tmp_path / "out", tmp_path / "nowhere")
    with pytest.raises(ReleaseError, match="inside notebooks/"):
        release(root / "notebooks" / "class", root)
    (root / "notebooks/02.ipynb").write_text("{cut", encoding="utf-8")
    with pytest.raises(ReleaseError, match="02.ipynb: cannot be read as a notebook"):
        release(tmp_path / "out", root)
    (root / "notebooks/02.ipynb").write_text("{}", encoding="utf-8")
    with pytest.raises(ReleaseError, match="02.ipynb: not laid out as a notebook"):
        release(tmp_path / "out", root)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["course"]


def test_check_release_finds_an_explanation_split_over_lines_or_rewrapped(tmp_path):
    """A key explanation pasted into a markdown cell over two source lines, or rewrapped, was
    let through: only a copy on one line was found."""
    text = "A key explanation long enough to count, with several words in it for wrapping."
    cell = {"cell_type": "markdown", "metadata": {}, "source": [text[:30] + "\n", text[30:]]}
    notebook = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "lesson.ipynb").write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    (tmp_path / "notes.md").write_text(text.replace(" with ", "\n   with "), encoding="utf-8")
    (tmp_path / "clean.md").write_text(text[:50], encoding="utf-8")
    leaks = check_release(tmp_path, [text])
    assert len(leaks) == 2 and all("explanation 'A key explanation" in leak for leak in leaks)
    assert leaks[0].startswith("lesson.ipynb") and leaks[1].startswith("notes.md")
