"""A widget's front-end module, with the helpers it shares put in front of it.

anywidget sends each widget one module and nothing is bundled, so a helper several widgets use
(``keys.js``: the keys that stay JupyterLab's) is joined in front of each script, once, when
the widget class is defined.
"""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).parent


def module(*names: str) -> str:
    """The named scripts of this folder as one module, in order."""
    return "\n".join((_HERE / name).read_text(encoding="utf-8") for name in names)
