"""Learner-like steps in JupyterLab, shared by the browser tests."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from playwright.sync_api import Page


def open_notebook(page: Page, lab, path: str) -> None:
    """Open in a workspace of its own, so tabs from earlier tests are not restored beside it."""
    page.goto(f"{lab.url}/lab/workspaces/t{uuid.uuid4().hex[:10]}/tree/{path}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    wait_for_kernel(page, path)


def wait_for_kernel(page: Page, path: str) -> None:
    """The status bar can read "Idle" before the kernel's socket is up; ask the app instead."""
    page.wait_for_function(
        """(path) => {
            const widget = window.jupyterapp?.shell.currentWidget;
            const kernel = widget?.sessionContext?.session?.kernel;
            return widget?.context?.path === path && kernel
                && kernel.connectionStatus === "connected" && kernel.status === "idle";
        }""",
        arg=path,
        timeout=60_000,
    )


def run_all(page: Page) -> None:
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()


def restart_and_run_all(page: Page) -> None:
    page.get_by_role("menuitem", name="Kernel", exact=True).click()
    page.get_by_role("menuitem", name="Restart Kernel and Run All Cells…").click()
    page.get_by_role("button", name="Confirm Kernel Restart").or_(
        page.get_by_role("button", name="Restart", exact=True)
    ).first.click()


def eventually(check: Callable[[], bool], timeout: float = 15, what: str = "condition") -> None:
    """Poll until ``check()`` is true: saves and kernel echoes arrive asynchronously."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def cell_count(page: Page) -> int:
    return page.locator(".jp-Notebook .jp-Cell").count()
