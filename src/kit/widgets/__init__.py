"""The kit's widgets: the exercise shell and the controls it holds."""

from kit.widgets.items import ChoiceItem as ChoiceItem
from kit.widgets.items import Item as Item
from kit.widgets.items import RatingItem as RatingItem
from kit.widgets.items import TextItem as TextItem
from kit.widgets.shell import Exercise as Exercise
from kit.widgets.shell import Feedback as Feedback
