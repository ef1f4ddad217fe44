"""The kit's widgets: the exercise shell, the items it holds, and the span tagger."""

from kit.widgets.items import ChoiceItem as ChoiceItem
from kit.widgets.items import Item as Item
from kit.widgets.items import RatingItem as RatingItem
from kit.widgets.items import SpanItem as SpanItem
from kit.widgets.items import TextItem as TextItem
from kit.widgets.row_items import LabelEachItem as LabelEachItem
from kit.widgets.row_items import PickItem as PickItem
from kit.widgets.shell import Exercise as Exercise
from kit.widgets.shell import Feedback as Feedback
from kit.widgets.span_tagger import SpanTagger as SpanTagger
