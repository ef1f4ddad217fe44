"""A radio group that keeps its keys: the one control the kit uses for every single choice.

ipywidgets' RadioButtons use native radio inputs, and JupyterLab's command-mode shortcuts see
their arrow keys first: pressing Down moves to the next cell instead of the next option (seen in
the browser tests). This widget handles arrows, Home, End, Space, Enter and the number keys
itself and stops them there, so the keyboard works as a learner expects and never edits the
notebook. It follows the ARIA radio-group pattern, so screen readers announce it as one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anywidget
import traitlets

from kit.widgets._esm import module

__all__ = ["Choice"]

_HERE = Path(__file__).parent


class Choice(anywidget.AnyWidget):
    """One of ``options`` (``(label, value)`` pairs, values JSON-able) or ``None``; with
    ``multiple=True``, a list of the chosen values in option order."""

    _esm = module("keys.js", "choice.js")
    _css = _HERE / "choice.css"
    options = traitlets.List(traitlets.Dict()).tag(sync=True)
    value = traitlets.Any(None, allow_none=True).tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    horizontal = traitlets.Bool(False).tag(sync=True)
    multiple = traitlets.Bool(False).tag(sync=True)

    def __init__(self, options: list[tuple[str, Any]], label: str = "", **kwargs: Any) -> None:
        super().__init__(
            options=[{"label": t, "value": v} for t, v in options], label=label, **kwargs
        )

    @traitlets.validate("value")
    def _known_value(self, proposal: dict[str, Any]) -> Any:
        value = proposal["value"]
        known = [o["value"] for o in self.options]
        if self.multiple and value is not None:
            if not isinstance(value, list) or any(v not in known for v in value):
                raise traitlets.TraitError(f"{value!r} is not a list of the options")
            return [v for v in known if v in value] or None
        if value is not None and value not in known:
            raise traitlets.TraitError(f"{value!r} is not one of the options")
        return value

    def __repr__(self) -> str:
        return f"Choice(value={self.value!r}, options={len(self.options)})"
