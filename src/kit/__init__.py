"""The media-literacy kit: one contested text, three skills (claims, sources, framing)."""

from kit.cases import Case as Case
from kit.cases import load_case as load_case
