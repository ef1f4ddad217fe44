"""The media-literacy kit: one contested text, three skills (claims, sources, framing).

The public names are re-exported here; everything else lives in one module per concept.
"""

from kit.answers import AnswersFile as AnswersFile
from kit.answers import answers_dir as answers_dir
from kit.cases import Case as Case
from kit.cases import load_case as load_case
from kit.display import show_article as show_article
from kit.mentions import mentions as mentions

__version__ = "0.1.0"
