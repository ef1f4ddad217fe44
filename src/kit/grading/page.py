"""The HTML shell shared by the feedback pages and the class report.

Pages are self-contained (one file, CSS inline, plots as inline SVG) and load nothing: a
Content-Security-Policy forbids scripts, remote images and fonts outright. That is a second
line of defence only: every piece of text that comes from a submission, the key or the case is
escaped with :func:`esc` before it reaches the page.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from functools import lru_cache

__all__ = [
    "CSP",
    "added",
    "document",
    "esc",
    "esc_once",
    "num",
    "shell",
    "shell_bytes",
    "text",
    "text_once",
]

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

_CSS = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111;
       margin: 1.5rem auto; max-width: 62rem; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; margin-top: 2rem;
     border-bottom: 2px solid #333; } h3 { font-size: 1.05rem; }
.meta { color: #444; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid #999; padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: #eee; } tr { page-break-inside: avoid; break-inside: avoid; }
td.num, th.num { text-align: right; white-space: nowrap; }
.answer { white-space: pre-wrap; overflow-wrap: anywhere; }
.status { white-space: nowrap; font-weight: 600; }
.note { background: #f4f4f4; border-left: 4px solid #666; padding: .5rem .8rem; }
figure { margin: .5rem 0 1.2rem; } figcaption { color: #333; font-size: .9rem; }
svg text { font: 12px system-ui, sans-serif; fill: #111; }
@media print { body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-after: avoid; } * { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"""


@lru_cache(maxsize=8192)
def _escape(text: str) -> str:
    return html.escape(text, quote=True)


@lru_cache(maxsize=8192)
def _escape_text(value: str) -> str:
    return html.escape(value, quote=False)


def text(value: object) -> str:
    """Escape text between tags (``& < >``); use :func:`esc` inside attributes."""
    return _escape_text(value if isinstance(value, str) else str(value))


def text_once(value: object) -> str:
    """:func:`text` without its cache, for words seen once (a learner's own answer): cached,
    they only pushed out the lines that do repeat, and a feedback page took 6% longer."""
    return html.escape(value if isinstance(value, str) else str(value), quote=False)


def esc_once(value: object) -> str:
    """:func:`esc` without its cache, for a value seen once (a learner's id or file name)."""
    return html.escape(value if isinstance(value, str) else str(value), quote=True)


def esc(value: object) -> str:
    """Escape anything for HTML text or a quoted attribute."""
    return _escape(value if isinstance(value, str) else str(value))


def num(value: float | None, empty: str = "") -> str:
    """A score as people write it: ``2``, ``3.5``, ``7.33``."""
    if value is None:
        return empty
    return _num(value)


@lru_cache(maxsize=4096)
def _num(value: float) -> str:
    """Rounding to two places goes through a decimal string, slow enough to show on a
    class's pages; most scores repeat (0, 1, 2.5, a maximum), so each is written once."""
    return f"{round(value, 2) + 0.0:g}"  # + 0.0: -0.003 rounds to -0.0, shown as "0", not "-0"


def added(scores: Iterable[float | None]) -> float:
    """A total as the reader can check it: each score rounded as :func:`num` shows it, then
    summed. Summed first, a third of a class's totals were 0.01 off the columns beside them."""
    return round(sum(round(v, 2) for v in scores if v is not None), 2)


def document(title: str, body: str, css: str = "") -> str:
    head, tail = shell(title, css)
    return f"{head}{body}{tail}"


def shell(title: str, css: str = "") -> tuple[str, str]:
    """A page's HTML before and after its body, for pages assembled piece by piece."""
    before, after = _head(css)
    return f"{before}{esc(title)}{after}", _TAIL


@lru_cache(maxsize=16)
def shell_bytes(css: str = "") -> tuple[bytes, bytes, bytes]:
    """:func:`shell` as UTF-8: the head up to the title, the head after it, and the end. A
    class's pages share their 2 KB of CSS, so it is encoded once, not once per learner."""
    before, after = _head(css)
    return before.encode(), after.encode(), _TAIL.encode()


_TAIL = "</body></html>\n"


def _head(css: str) -> tuple[str, str]:
    """The head around the page's (escaped) title."""
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<meta http-equiv='Content-Security-Policy' content=\"{CSP}\">"
        "<meta name='viewport' content='width=device-width, initial-scale=1'><title>",
        f"</title><style>{_CSS}{css}</style></head><body>",
    )
