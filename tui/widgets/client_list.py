"""The client list: a virtual list that draws only the rows on screen.

It never holds the whole book. It knows how many clients match, keeps a
few pages of rows it was given, and when a row it must draw is missing it
asks for that page with a `PageWanted` message; the app loads it in a
worker and hands it back with `add_page()`. Built on `ScrollView`'s line
API, so 100,000 clients cost no more to draw than 30.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from store.client_list import ClientQuery, ClientRow
from store.i18n import t
from tui.bindings import translate_bindings
from tui.format import day, fit, label, wan

PAGE_SIZE = 100
MAX_PAGES_KEPT = 12

# (catalog key of the heading, width in cells, alignment)
COLUMNS: tuple[tuple[str, int, str], ...] = (
    ("col.name", 18, "left"),
    ("col.tier", 8, "left"),
    ("col.aum_wan", 11, "right"),
    ("col.owner", 8, "left"),
    ("col.last_contact", 10, "left"),
    ("col.next_due", 10, "left"),
)
SEPARATOR = "  "


def _columns_that_fit(width: int) -> int:
    """How many columns fit in `width` cells; later columns drop out first."""
    used = 0
    for index, (_, cells, _) in enumerate(COLUMNS):
        used += cells + (len(SEPARATOR) if index else 0)
        if used > width:
            return max(index, 1)
    return len(COLUMNS)


def header_line(width: int = 10_000) -> str:
    """The column headings, padded exactly like the rows below them."""
    shown = COLUMNS[: _columns_that_fit(width)]
    return SEPARATOR.join(fit(t(key), cells, align) for key, cells, align in shown)


def row_line(row: ClientRow, width: int = 10_000) -> str:
    values = (
        row.name,
        label("tier", row.tier),
        wan(row.aum_fen),
        row.owner_name or "",
        day(row.last_contact),
        day(row.next_due),
    )
    shown = zip(values, COLUMNS[: _columns_that_fit(width)], strict=False)
    return SEPARATOR.join(fit(value, cells, align) for value, (_, cells, align) in shown)


class ClientListHeader(Widget):
    """The headings above the list; drops the same columns the rows drop."""

    def render(self) -> str:
        return header_line(self.content_size.width)


class ClientList(ScrollView, can_focus=True):
    """The book of clients, biggest assets first."""

    BINDINGS = [
        Binding("up,k", "cursor_up", "key.up", show=False),
        Binding("down,j", "cursor_down", "key.down", show=False),
        Binding("pageup", "page_up", "key.page_up", show=False),
        Binding("pagedown", "page_down", "key.page_down", show=False),
        Binding("home", "first", "key.first", show=False),
        Binding("end", "last", "key.last", show=False),
        Binding("enter", "open", "key.open_client", id="open-client"),
    ]

    COMPONENT_CLASSES = {"client-list--cursor", "client-list--loading"}

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)

    @dataclass
    class PageWanted(Message):
        query: ClientQuery
        offset: int

    @dataclass
    class Highlighted(Message):
        row: ClientRow

    @dataclass
    class Opened(Message):
        row: ClientRow

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        translate_bindings(self)
        self.query_state = ClientQuery()
        self.total = 0
        self._pages: dict[int, list[ClientRow]] = {}
        self._requested: set[int] = set()
        self._announced: str | None = None

    # --- data in -------------------------------------------------------------
    def reset(self, query: ClientQuery, total: int, rows: list[ClientRow]) -> None:
        """Show the first page of a new query; the cursor goes to the top."""
        self.query_state = query
        self.total = total
        self._pages = {0: rows}
        self._requested = set()
        self._announced = None
        self.virtual_size = Size(self.size.width, total)
        self.scroll_to(y=0, animate=False)
        self.cursor = 0
        self.refresh()

    def add_page(self, query: ClientQuery, offset: int, rows: list[ClientRow]) -> None:
        """A page the list asked for; ignored if the query changed meanwhile."""
        if query != self.query_state:
            return
        page = offset // PAGE_SIZE
        self._requested.discard(page)
        self._pages[page] = rows
        self._evict_far_pages(page)
        self.refresh()
        self._announce()

    def _evict_far_pages(self, keep: int) -> None:
        if len(self._pages) <= MAX_PAGES_KEPT:
            return
        cursor_page = self.cursor // PAGE_SIZE
        by_distance = sorted(self._pages, key=lambda p: -min(abs(p - keep), abs(p - cursor_page)))
        for page in by_distance[: len(self._pages) - MAX_PAGES_KEPT]:
            del self._pages[page]

    def row_at(self, index: int) -> ClientRow | None:
        """The row at `index` if loaded; otherwise ask for its page."""
        if not 0 <= index < self.total:
            return None
        page, position = divmod(index, PAGE_SIZE)
        rows = self._pages.get(page)
        if rows is None:
            if page not in self._requested:
                self._requested.add(page)
                self.post_message(self.PageWanted(self.query_state, page * PAGE_SIZE))
            return None
        return rows[position] if position < len(rows) else None

    @property
    def highlighted(self) -> ClientRow | None:
        return self.row_at(self.cursor)

    # --- drawing -------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.size.width
        index = self.scroll_offset.y + y
        if index >= self.total:
            return Strip.blank(width, self.rich_style)
        row = self.row_at(index)
        if row is None:
            style = self.get_component_rich_style("client-list--loading")
            text = fit("...", width)
        else:
            text = fit(row_line(row, width), width)
            style = self.rich_style
            if index == self.cursor:
                style = self.get_component_rich_style("client-list--cursor")
        return Strip([Segment(text, Style.combine([self.rich_style, style]))], width)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self.total)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # --- moving --------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_cursor_into_view(new)
        self.refresh_line(old - self.scroll_offset.y)
        self.refresh_line(new - self.scroll_offset.y)
        self._announce()

    def _announce(self) -> None:
        """Tell the app which client is highlighted, once its row is loaded."""
        row = self.highlighted
        if row is not None and row.id != self._announced:
            self._announced = row.id
            self.post_message(self.Highlighted(row))

    def _scroll_cursor_into_view(self, index: int) -> None:
        top = self.scroll_offset.y
        height = max(1, self.size.height)
        if index < top:
            self.scroll_to(y=index, animate=False, immediate=True)
            self.refresh()
        elif index >= top + height:
            self.scroll_to(y=index - height + 1, animate=False, immediate=True)
            self.refresh()

    def _move_to(self, index: int) -> None:
        if self.total:
            self.cursor = max(0, min(index, self.total - 1))

    def action_cursor_up(self) -> None:
        self._move_to(self.cursor - 1)

    def action_cursor_down(self) -> None:
        self._move_to(self.cursor + 1)

    def action_page_up(self) -> None:
        self._move_to(self.cursor - max(1, self.size.height - 1))

    def action_page_down(self) -> None:
        self._move_to(self.cursor + max(1, self.size.height - 1))

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(self.total - 1)

    def action_open(self) -> None:
        row = self.highlighted
        if row is not None:
            self.post_message(self.Opened(row))

    def on_click(self, event: events.Click) -> None:
        self._move_to(self.scroll_offset.y + event.y)
