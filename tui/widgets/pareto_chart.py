"""The 80/20 curve drawn in the terminal: one column per percent of clients.

Clients are sorted biggest first; column k rises to the share of the total
that the top k % hold. The top 20 % are drawn in the accent colour, and
the 80 % level is marked, so "the top 20 % hold Y %" can be read off the
picture.

Bars are coloured spaces, not block characters: the block elements
(█ ▌ ▁ …) are East-Asian "ambiguous" width and many Chinese terminals draw
them two cells wide, which would break every row. A cell is the finest
step, which the headline figure below the chart makes up for.
"""

from __future__ import annotations

from decimal import Decimal

from rich.text import Text
from textual.widget import Widget

from store.i18n import t
from store.segments import CURVE_POINTS, Pareto

AXIS_WIDTH = 5  # "100%" and a space
MARKED_LEVEL = Decimal("0.8")
TOP_PERCENT = 20


def column_percents(width: int) -> list[int]:
    """Which percent of clients each of `width` plot columns shows (at most 100)."""
    columns = max(1, min(CURVE_POINTS, width))
    return [((index + 1) * CURVE_POINTS + columns - 1) // columns for index in range(columns)]


def filled_rows(share: Decimal, rows: int) -> int:
    """How many of `rows` cells a bar of `share` fills (half a cell rounds up)."""
    clamped = min(max(share, Decimal(0)), Decimal(1))
    return int((clamped * rows + Decimal("0.5")) // 1)


class ParetoChart(Widget):
    """A column chart of a `Pareto` curve, sized to the widget."""

    COMPONENT_CLASSES = {
        "pareto-chart--bar",
        "pareto-chart--top",
        "pareto-chart--axis",
        "pareto-chart--guide",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.curve: Pareto | None = None

    def show(self, curve: Pareto | None) -> None:
        self.curve = curve
        self.refresh()

    def render(self) -> Text:
        width, height = self.content_size.width, self.content_size.height
        if self.curve is None or not self.curve.available or height < 3:
            return Text("")
        return self._draw(self.curve, width, height)

    def _draw(self, curve: Pareto, width: int, height: int) -> Text:
        styles = {
            name: self.get_component_rich_style(f"pareto-chart--{name}")
            for name in ("bar", "top", "axis", "guide")
        }
        rows = height - 1  # the last line is the x axis
        percents = column_percents(width - AXIS_WIDTH)
        heights = [filled_rows(curve.points[percent - 1], rows) for percent in percents]
        marked = filled_rows(MARKED_LEVEL, rows)
        text = Text(no_wrap=True, overflow="crop")
        for row in range(rows):
            level = rows - row  # this line is filled by bars at least `level` high
            axis = {rows: "100%", marked: "80%"}.get(level, "")
            text.append(f"{axis:>4} ", styles["axis"])
            for percent, bar in zip(percents, heights, strict=True):
                if bar >= level:
                    text.append(" ", styles["top"] if percent <= TOP_PERCENT else styles["bar"])
                elif level == marked:
                    text.append("-", styles["guide"])
                else:
                    text.append(" ")
            text.append("\n")
        text.append(self._x_axis(percents), styles["axis"])
        return text

    def _x_axis(self, percents: list[int]) -> str:
        """The x axis: 0 %, 20 %, 50 % and 100 % of clients under their columns, a caption."""
        line = [" "] * (AXIS_WIDTH + len(percents))
        for mark in (TOP_PERCENT, 50, 100):
            column = next(index for index, percent in enumerate(percents) if percent >= mark)
            label = f"{mark}%"
            start = min(AXIS_WIDTH + column - len(label) + 1, len(line) - len(label))
            line[start : start + len(label)] = label
        line[AXIS_WIDTH - 2 : AXIS_WIDTH] = "0%"
        return "".join(line) + " " + t("segments.axis_clients")
