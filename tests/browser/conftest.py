"""A real JupyterLab in Debian's Chromium, driven by Playwright as a learner would use it.

The server runs on 127.0.0.1 on a free port with no token, hermetic settings and workspace
folders, the news toast off and windowing mode "none" (so every cell is in the page). It serves
a temporary copy of the kit with two folders:

* ``selfstudy/``: notebooks, exercises and solutions with the key (self-study mode);
* ``release/``: notebooks and exercises only, as a class receives them (classroom mode).

Without Chromium or Playwright the tests skip and say why; with ``KIT_REQUIRE_BROWSER=1`` (set
in CI) they fail instead, so a broken browser set-up can never pass silently.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
LEARNER = "ada"


def _chromium() -> str | None:
    for candidate in (
        os.environ.get("KIT_CHROMIUM"),
        shutil.which("chromium"),
        "/usr/bin/chromium",
    ):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -e '.[test]')"
    if _chromium() is None:
        return "Debian's chromium is not installed (sudo apt-get install chromium)"
    return None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _lay_out(root: Path) -> None:
    for folder in ("notebooks", "exercises", "solutions"):
        shutil.copytree(REPO / folder, root / "selfstudy" / folder)
    for folder in ("notebooks", "exercises"):
        shutil.copytree(REPO / folder, root / "release" / folder)


def _settings(settings: Path) -> None:
    for plugin, values in {
        "apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
        "notebook-extension/tracker": {"windowingMode": "none"},
        "docmanager-extension/plugin": {"autosave": False},
    }.items():
        path = settings / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")


class Lab:
    """A running JupyterLab: its URL, the folder it serves and the learners' answers folder."""

    def __init__(self, base: Path) -> None:
        self.root, self.answers = base / "root", base / "answers"
        self.root.mkdir()
        _lay_out(self.root)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ)
        for name in ("CONFIG", "RUNTIME", "DATA"):
            env[f"JUPYTER_{name}_DIR"] = str(base / name.lower())
        env["JUPYTERLAB_SETTINGS_DIR"] = str(base / "settings")
        env["JUPYTERLAB_WORKSPACES_DIR"] = str(base / "workspaces")
        env.update(KIT_ANSWERS_DIR=str(self.answers), KIT_LEARNER=LEARNER)
        env.pop("JUPYTERHUB_USER", None)
        env.pop("KIT_KEY_DIR", None)
        _settings(base / "settings")
        self.log = (base / "lab.log").open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyterlab",
                "--no-browser",
                "--ip=127.0.0.1",
                f"--port={self.port}",
                "--ServerApp.port_retries=0",
                "--IdentityProvider.token=",
                "--ServerApp.password=",
                "--ServerApp.disable_check_xsrf=True",
                "--allow-root",
                "--LabApp.expose_app_in_browser=True",
                f"--ServerApp.root_dir={self.root}",
            ],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._wait_until_up()

    def _wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited early; see {self.log.name}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/status", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"JupyterLab did not start in {timeout} s; see {self.log.name}")

    def answers_file(self) -> dict:
        path = self.answers / f"wagner-convoy--{LEARNER}.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, 9)
        self.log.close()


@pytest.fixture(scope="session")
def lab_server() -> Iterator[Lab]:
    reason = _missing()
    if reason and os.environ.get("KIT_REQUIRE_BROWSER") == "1":
        pytest.fail(f"KIT_REQUIRE_BROWSER=1 but {reason}")
    if reason:
        pytest.skip(f"browser test skipped: {reason}")
    base = Path(tempfile.mkdtemp(prefix="kit-lab-"))
    server = Lab(base)
    yield server
    server.stop()


@pytest.fixture
def lab(lab_server: Lab) -> Lab:
    """The shared server, with no answers left over from an earlier test."""
    shutil.rmtree(lab_server.answers, ignore_errors=True)
    return lab_server


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=_chromium(), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request, tmp_path):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(30_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        shot = tmp_path / "failure.png"
        for open_page in [p for p in context.pages if not p.is_closed()][-1:] or [page]:
            try:
                open_page.screenshot(path=str(shot), full_page=True)
                print(f"\nscreenshot of the failure: {shot}")
            except Exception as err:  # a test may close its page; keep the real failure visible
                print(f"\nno screenshot: {err}")
        print(f"page errors: {errors}")
    context.close()
