"""An invisible helper that keeps an exercise's keys inside the exercise (see keyshield.js).

Found by the browser tests: with focus on a select box, pressing Down moved JupyterLab to the
next cell instead of the next option. The kit's own widgets stop their keys themselves; this
covers the plain ipywidgets controls (drop-downs, text boxes, buttons) in the same exercise.
"""

from __future__ import annotations

from pathlib import Path

import anywidget

from kit.widgets._esm import module

__all__ = ["KeyShield"]


class KeyShield(anywidget.AnyWidget):
    _esm = module("keys.js", "keyshield.js")
    _css = Path(__file__).parent / "keyshield.css"  # every exercise has one: shared rules

    def __repr__(self) -> str:
        return "KeyShield()"
