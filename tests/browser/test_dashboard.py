"""The instructor dashboard in a real JupyterLab: the class report shows inside the notebook."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import open_notebook, run_all

pytestmark = pytest.mark.browser

NOTEBOOK = "selfstudy/solutions/instructor_dashboard.ipynb"


def test_the_class_report_shows_in_a_frame_inside_the_dashboard(lab, page):
    """It used to point at a file in a scratch folder that the notebook's last cell deletes."""
    open_notebook(page, lab, NOTEBOOK)
    run_all(page)
    report = page.frame_locator("iframe[title='Class report']")
    expect(report.get_by_role("heading", name="Class report")).to_be_visible(timeout=120_000)
    expect(report.get_by_text("hand-in(s) graded").first).to_be_visible()
    expect(report.locator("svg").first).to_be_visible()
    assert report.locator("script").count() == 0
