"""One module per exercise: its items, how Check judges them, and its model answer."""

from kit.exercises.first_read import first_reaction_poll as first_reaction_poll
from kit.exercises.first_read import first_read as first_read
