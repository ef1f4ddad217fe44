"""The media-literacy kit: one contested text, three skills (claims, sources, framing).

The public names are re-exported here; everything else lives in one module per concept.
``show_article`` is loaded on first use: it needs IPython, which ``kit grade`` and
``kit submit`` would otherwise import for nothing (a tenth of a second at every start).
"""

from typing import TYPE_CHECKING, Any

from kit.answers import AnswersFile as AnswersFile
from kit.answers import answers_dir as answers_dir
from kit.cases import Case as Case
from kit.cases import load_case as load_case
from kit.mentions import mentions as mentions

__version__ = "0.1.0"

if TYPE_CHECKING:
    from kit.display import show_article as show_article


def __getattr__(name: str) -> Any:
    if name == "show_article":
        from kit.display import show_article

        return show_article
    if name == "grading":  # ``import kit; kit.grading.grade(...)`` works as the docs say
        import kit.grading

        return kit.grading
    raise AttributeError(f"module 'kit' has no attribute {name!r}")
