"""Span tagger timings in a real JupyterLab and Chromium (the browser tests' set-up).

* Round trip: from the Enter that tags a selection to the kernel's acknowledgement, which the
  tagger sends only after the answers file is on disk; beside a bare ipywidgets Button round
  trip (click to a Label changed by the kernel) timed in the same page.
* Render: the tagger's first draw for the case text and for a 20,000-word text.
Both are timed inside the page with ``performance.now()``, so Playwright's polling is excluded.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browser.conftest import CHROMIUM_ARGS, Lab, _chromium  # noqa: E402
from tests.browser.helpers import open_notebook, run_all  # noqa: E402

CELLS = [
    "from kit.exercises.claims import claims\nexercise = claims()\nexercise",
    "import ipywidgets as w\nbutton, label = w.Button(description='ping'), w.Label('0')\n"
    "button.on_click(lambda b: setattr(label, 'value', str(int(label.value) + 1)))\n"
    "w.HBox([button, label])",
    "from kit import load_case\nfrom kit.widgets import SpanTagger\n"
    "words = load_case('wagner-convoy').text.split()\n"
    "big = SpanTagger(' '.join(words[i % len(words)] for i in range(20_000)), [('x', 'X')])\nbig",
    "print('RENDER', exercise.items[1].control.render_ms, big.render_ms)",
]

TIMERS = (Path(__file__).parent / "timers.js").read_text(encoding="utf-8")


def measure(repeat: int = 50) -> dict[str, list[float]]:
    import nbformat
    from playwright.sync_api import sync_playwright

    lab = Lab(Path(tempfile.mkdtemp(prefix="kit-bench-")))
    try:
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
        notebook.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3",
            "language": "python",
        }
        nbformat.write(notebook, lab.root / "selfstudy" / "exercises" / "bench.ipynb")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            open_notebook(page, lab, "selfstudy/exercises/bench.ipynb")
            run_all(page)
            page.wait_for_function(
                "() => document.querySelectorAll('.kit-tagger-text').length === 2"
            )
            last = page.locator(".jp-Cell").last
            last.locator(".jp-InputArea-editor").click()
            page.keyboard.press("Control+Enter")  # again, now that both taggers have rendered
            output = last.locator(".jp-OutputArea-output", has_text="RENDER")
            page.wait_for_function(
                "() => !document.querySelector('.jp-Cell:last-child .jp-OutputArea-output')"
                "?.textContent.includes('-1')"
            )
            render = output.inner_text().split()[1:]
            page.evaluate(TIMERS)
            box = page.locator(".kit-tagger-text").first
            box.focus()
            page.keyboard.press("Home")
            for n in range(1, repeat + 1):
                page.keyboard.press("Shift+ArrowRight")
                page.keyboard.press("Enter")
                page.wait_for_function(f"() => window.__trips.length >= {n}")
                page.keyboard.press("ArrowRight")
            button = page.get_by_role("button", name="ping")
            for n in range(1, repeat + 1):
                button.click()
                page.wait_for_function(f"() => window.__pings.length >= {n}")
            trips = page.evaluate("() => window.__trips")
            pings = page.evaluate("() => window.__pings")
            browser.close()
    finally:
        lab.stop()
    return {"trip": trips, "ping": pings, "render": [float(render[0]), float(render[1])]}


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def rows(repeat: int = 50) -> list[tuple[str, str, float, float]]:
    data = measure(repeat)
    trip, ping, (small, big) = data["trip"], data["ping"], data["render"]
    ms = 1 / 1000
    return [
        (
            "tag round trip, median (saved on disk)",
            "ipywidgets button round trip",
            statistics.median(trip) * ms,
            statistics.median(ping) * ms,
        ),
        ("tag round trip, p95", "button round trip, p95", p95(trip) * ms, p95(ping) * ms),
        ("render tagger, 20,000 words", "render tagger, case text", big * ms, small * ms),
    ]


if __name__ == "__main__":
    from benchmarks.run import print_table

    print_table(rows())
