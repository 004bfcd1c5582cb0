"""A selection list whose boxes say ✓ or nothing, not only by colour.

Textual's SelectionList draws every box as the same "X" and tells ticked
from unticked by colour alone: on a monochrome terminal, a screen reader's
text or a copied screen, every item looks ticked. Here a ticked box shows
✓ and an unticked one is blank; the colours stay as the theme sets them.
"""

from __future__ import annotations

from typing import TypeVar

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

SelectionType = TypeVar("SelectionType")

TICKED = "✓"
UNTICKED = " "


class MarkedSelectionList(SelectionList[SelectionType]):
    """SelectionList with ✓ for a ticked item and a blank box for the others."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if len(segments) < 3 or segments[1].text != Checkbox.BUTTON_INNER:
            return strip  # not an item line (or Textual drew it another way)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        mark = TICKED if selection.value in self._selected else UNTICKED
        segments[1] = Segment(mark, segments[1].style, segments[1].control)
        return Strip(segments, strip.cell_length)
