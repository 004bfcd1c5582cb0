"""The client list: a virtual list that draws only the rows on screen.

It never holds the whole book. It knows how many clients match, keeps a
few pages of rows it was given, and when a row it must draw is missing it
asks for that page with a `PageWanted` message; the app loads it in a
worker and hands it back with `add_page()`. Built on `ScrollView`'s line
API, so 100,000 clients cost no more to draw than 30.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
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
from textual.widgets import Static

from store.client_list import PAGE_SIZE, ClientQuery, ClientRow
from store.i18n import t
from store.vocab import ClientStatus, Education, Gender, Importance, IncomeBand, Tier
from tui.bindings import translate_bindings
from tui.format import day, fit, label, wan

MAX_PAGES_KEPT = 12
# The list's vertical scroll bar (`scrollbar-size-vertical` in app.tcss).
SCROLLBAR_CELLS = 1

# Sort marks after a heading. The small triangles are narrow (East Asian
# width N) in every terminal; the big ones (U+25B2/25BC) and arrows are
# ambiguous and draw two cells wide in many Chinese terminals, which would
# shift every heading after them.
ASCENDING_MARK = "\u25b4"  # ▴
DESCENDING_MARK = "\u25be"  # ▾


@dataclass(frozen=True)
class Column:
    """One column of the list: heading key, width in cells, alignment, sort key."""

    heading: str
    cells: int
    align: str = "left"
    sort: str | None = None
    gap: int = 2  # cells before the column (ignored for the first)


COLUMNS: tuple[Column, ...] = (
    Column("col.name", 15, sort="name"),
    Column("client_filter.col_tier", 8, sort="tier"),
    Column("client_filter.col_importance", 4, sort="importance", gap=1),
    Column("col.aum_wan", 11, "right", sort="aum"),
    Column("col.owner", 8, sort="owner"),
    Column("col.last_contact", 10, sort="last_contact"),
    # The next contact: the visit cadence's verdict when it is late, else the plan.
    Column("col.next_due", 10),
)


def _columns_that_fit(width: int) -> int:
    """How many columns fit in `width` cells; later columns drop out first."""
    used = 0
    for index, column in enumerate(COLUMNS):
        used += column.cells + (column.gap if index else 0)
        if used > width:
            return max(index, 1)
    return len(COLUMNS)


def _joined(cells: list[str], shown: tuple[Column, ...]) -> str:
    parts = [cells[0]]
    for text, column in zip(cells[1:], shown[1:], strict=True):
        parts.append(" " * column.gap + text)
    return "".join(parts)


def _heading(column: Column, query: ClientQuery | None) -> str:
    """A column's heading, with the sort mark when the list is sorted by it.

    The mark always shows: a heading too wide for it gives up its last cell.
    """
    text = t(column.heading)
    if query is None or column.sort != query.sort:
        return fit(text, column.cells, column.align)
    mark = DESCENDING_MARK if query.descending else ASCENDING_MARK
    if cell_len(text) + 1 > column.cells:
        text = set_cell_size(text, column.cells - 1).rstrip()
    return fit(text + mark, column.cells, column.align)


def header_line(width: int = 10_000, query: ClientQuery | None = None) -> str:
    """The column headings, padded exactly like the rows below them."""
    shown = COLUMNS[: _columns_that_fit(width)]
    return _joined([_heading(column, query) for column in shown], shown)


def row_line(row: ClientRow, width: int = 10_000) -> str:
    values = (
        row.name,
        label("tier", row.tier),
        row.importance,
        wan(row.aum_fen),
        row.owner_name or "",
        day(row.last_contact),
        next_contact_text(row),
    )
    shown = COLUMNS[: _columns_that_fit(width)]
    cells = [fit(value, c.cells, c.align) for value, c in zip(values, shown, strict=False)]
    return _joined(cells, shown)


def next_contact_text(row: ClientRow) -> str:
    """The "next due" cell: when the client should next be contacted.

    A visit owed by the cadence and already late says so ("逾期12天" / "12d
    late"): that is what a manager must see first, and a planned date does
    not undo it. Otherwise the planned date (an event, or the date promised
    in the last log entry); with none, "到期" / "due" when a cadence visit
    falls due within the lead days. One column, so the list keeps its
    width at 120 terminal columns.
    """
    state, days = row.cadence if row.cadence is not None else ("", 0)
    if state == "overdue":
        return t("cadence.short.overdue", days=days)
    if row.next_due is not None:
        return day(row.next_due)
    return t("cadence.short.due") if state == "due" else ""


def _in_order(values: tuple[str, ...], order: list[str]) -> list[str]:
    """`values` in their vocabulary's order (钻石 before 金卡), unknown ones last."""
    return sorted(values, key=lambda value: order.index(value) if value in order else len(order))


def filter_summary(query: ClientQuery, owner_names: Mapping[str, str] | None = None) -> str:
    """The active filters in one line, in the user's language ("" when none).

    Shown under the search box so a manager always knows why the list holds
    what it holds; the search text and sort show elsewhere (the box, the
    headings).
    """
    items: list[str] = []
    comma = t("client_filter.list_separator")
    if query.mine:
        items.append(t("client_filter.scope_mine"))
    if query.owner_ids:
        known = [owner_names[i] for i in query.owner_ids if owner_names and i in owner_names]
        if len(known) == len(query.owner_ids):
            items.append(t("client_filter.summary_owner", names=comma.join(known)))
        else:
            items.append(t("client_filter.summary_owner_count", count=len(query.owner_ids)))
    for vocabulary, values, order in (
        ("tier", query.tiers, [tier.value for tier in reversed(Tier)]),
        ("importance", query.importance, list(Importance)),
        ("status", query.statuses, list(ClientStatus)),
        ("gender", query.genders, list(Gender)),
        ("income_band", query.income_bands, list(IncomeBand)),
        ("education", query.educations, list(Education)),
    ):
        ranked = _in_order(values, order)
        if ranked:
            items.append(comma.join(label(vocabulary, value) for value in ranked))
    if query.kind:
        items.append(label("kind", query.kind))
    if query.occupations:
        items.append(comma.join(query.occupations))
    if query.occupations_except:
        items.append(
            t("client_filter.summary_occupations_except",
              names=comma.join(query.occupations_except))
        )  # fmt: skip
    if query.not_recorded:
        fields = comma.join(t(f"field.{column}") for column in query.not_recorded)
        items.append(t("client_filter.summary_not_recorded", fields=fields))
    if query.tags:
        items.append(t("client_filter.summary_tags", tags=comma.join(query.tags)))
    if query.no_contact_days:
        items.append(t("client_filter.summary_no_contact", days=query.no_contact_days))
    if query.birth_from or query.birth_to:
        items.append(
            t("client_filter.summary_birth", start=day(query.birth_from), end=day(query.birth_to))
        )
    if query.aum_min_fen is not None or query.aum_max_fen is not None:
        low = wan(query.aum_min_fen) if query.aum_min_fen is not None else ""
        high = wan(query.aum_max_fen) if query.aum_max_fen is not None else ""
        items.append(t("client_filter.summary_aum", low=low, high=high))
    return t("client_filter.separator").join(items)


class ClientListHeader(Widget):
    """The headings above the list; drops the same columns the rows drop and
    marks the sorted column."""

    #: The query the list below shows (its sort is marked).
    shown: reactive[ClientQuery] = reactive(ClientQuery)

    def render(self) -> str:
        # The list below loses a cell to its scroll bar: drop the same columns.
        return header_line(self.content_size.width - SCROLLBAR_CELLS, self.shown)


class ClientFilterLine(Static):
    """One line under the search box naming the active filters; hidden when none."""

    def show(self, query: ClientQuery, owner_names: Mapping[str, str] | None = None) -> None:
        text = filter_summary(query, owner_names)
        self.update(text)
        self.set_class(bool(text), "visible")


class ClientList(ScrollView, can_focus=True):
    """The book of clients in the query's order (biggest assets first by default)."""

    BINDINGS = [
        Binding("up,k", "cursor_up", "key.up", show=False),
        Binding("down,j", "cursor_down", "key.down", show=False),
        Binding("pageup", "page_up", "key.page_up", show=False),
        Binding("pagedown", "page_down", "key.page_down", show=False),
        Binding("home", "first", "key.first", show=False),
        Binding("end", "last", "key.last", show=False),
        Binding("enter", "open", "key.open_client", id="open-client"),
        # The list's query lives in the app (the search box changes it too),
        # so these act there; they show in the footer while the list has focus.
        Binding("f", "app.client_filter", "key.client_filter.open", id="client-filter"),
        # m and o are also in the filter panel (f) and in help: the footer
        # has no room for them at 120 columns in English.
        Binding("m", "app.toggle_mine", "key.client_filter.mine", show=False, id="client-mine"),
        Binding("o", "app.next_sort", "key.client_filter.sort", show=False, id="client-sort"),
        Binding(
            "r",
            "app.reverse_sort",
            "key.client_filter.reverse",
            show=False,
            id="client-sort-reverse",
        ),
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

    def set_total(self, query: ClientQuery, total: int) -> None:
        """The exact number of matches, after a first page that could only say
        "at least a page"; cursor, scroll and loaded pages stay."""
        if query != self.query_state:
            return
        self.total = total
        self.virtual_size = Size(self.size.width, total)
        if self.cursor >= total:  # the book shrank between the two counts
            self.cursor = max(0, total - 1)
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
        columns = width - SCROLLBAR_CELLS  # the bar is drawn over the last cell
        index = self.scroll_offset.y + y
        if index >= self.total:
            return Strip.blank(width, self.rich_style)
        row = self.row_at(index)
        if row is None:
            style = self.get_component_rich_style("client-list--loading")
            text = fit("...", width)
        else:
            text = fit(row_line(row, columns), width)
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
