"""Show a case text readably in a notebook, with paragraph and sentence numbers.

Exercises refer to sentences by id (``p4.s5``), so the lesson shows those ids beside the text
in small grey labels that are also real text (readable by screen readers and when printed).
Everything from the article is escaped before it becomes HTML.
"""

from __future__ import annotations

import html

from IPython.display import HTML

from kit.cases import Case
from kit.text import Paragraph

__all__ = ["article_html", "show_article"]

_STYLE = """<style>
.kit-article { max-width: 46em; font-size: 1.05em; line-height: 1.6; }
.kit-article .kit-pid { font-weight: bold; margin-right: .4em; }
.kit-article .kit-sid { font-size: .75em; color: var(--jp-ui-font-color2, #555);
  border: 1px solid #bbb; border-radius: 3px; padding: 0 .25em; margin-right: .25em; }
</style>"""


def article_html(case: Case) -> str:
    article = case.article
    parts = [_STYLE, "<div class='kit-article'>", f"<h3>{_numbered(article.title)}</h3>"]
    parts += [f"<p>{_numbered(p)}</p>" for p in article.paragraphs]
    parts.append("</div>")
    return "".join(parts)


def show_article(case: Case) -> HTML:
    return HTML(article_html(case))


def _numbered(paragraph: Paragraph) -> str:
    label = f"<span class='kit-pid'>[{paragraph.id}]</span>"  # [t] for the title
    sentences = " ".join(
        f"<span class='kit-sid'>{s.id.split('.')[1]}</span>{html.escape(s.text)}"
        for s in paragraph.sentences
    )
    return label + sentences
