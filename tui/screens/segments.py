"""`g`: the book by segment (客户分群) and its 80/20 picture.

One dimension at a time (age, gender, occupation, income, education, tier,
importance, client type) as a table with bars for the share of clients and
of AUM (or contribution); below it, the Pareto curve of the same scope
with its headline figure in words. Left/right or 1-8 switch the
dimension, `a` switches AUM and contribution, `m` my clients and the
whole branch; enter lists the highlighted segment's clients on the desk.

Everything is read once per scope in a thread worker (`store.segments`,
one grouped scan and two window queries) and kept, so switching dimension
or measure redraws without touching the database.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from store.client_list import ClientQuery, signed_in_manager
from store.db import Store
from store.i18n import t
from store.segments import (
    CORPORATE,
    OTHER,
    PERSONAL,
    UNKNOWN,
    BookPicture,
    Breakdown,
    Dimension,
    Measure,
    Pareto,
    SegmentKey,
    book_picture,
    segment_filter,
)
from tui.bindings import translate_bindings
from tui.format import label, wan
from tui.messages import SegmentsLoaded, ShowClients
from tui.widgets.pareto_chart import ParetoChart

DIMENSIONS: tuple[Dimension, ...] = tuple(Dimension)
BAR_WIDTH = 20


def percent(share: Decimal) -> str:
    """A share (0 … 1) as a percentage with one decimal: 0.78312 → 78.3%."""
    value = (share * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value}%"


def whole_percent(share: Decimal) -> str:
    """A share as a percentage without needless decimals: 0.2 → 20%, 0.1966 → 19.7%."""
    text = percent(share)
    return text.replace(".0%", "%")


def segment_label(key: SegmentKey) -> str:
    """What a person reads for a segment: 40-49岁, 金卡, 医生, 未登记 …"""
    if key.value == UNKNOWN:
        return t("segments.unknown")
    if key.value == OTHER and key.dimension is Dimension.OCCUPATION:
        return t("segments.other")
    if key.value == CORPORATE and key.dimension in PERSONAL:
        return t("segments.corporate")
    if key.dimension is Dimension.AGE:
        return t(f"segments.age.{key.value}")
    if key.dimension is Dimension.OCCUPATION:
        return key.value
    return label(key.dimension.value, key.value)


def headline(curve: Pareto) -> list[str]:
    """The 80/20 figures in words, or why there are none."""
    if curve.clients == 0:
        return [t("segments.no_clients")]
    if not curve.available:
        return [t(f"segments.no_total.{curve.measure}")]
    lines = []
    if curve.top_fifth_share is not None:
        lines.append(
            t(
                f"segments.headline.{curve.measure}",
                percent="20%",
                clients=f"{curve.top_fifth_clients:,}",
                share=percent(curve.top_fifth_share),
            )
        )
    if curve.clients_for_80 is not None and curve.clients_for_80_share is not None:
        lines.append(
            t(
                f"segments.eighty.{curve.measure}",
                percent=whole_percent(curve.clients_for_80_share),
                clients=f"{curve.clients_for_80:,}",
            )
        )
    return lines


class SegmentTable(DataTable[Text], inherit_bindings=False):
    """The segments of one dimension; left/right are left to the screen."""

    BINDINGS = [
        Binding("up,k", "cursor_up", "key.up", show=False),
        Binding("down,j", "cursor_down", "key.down", show=False),
        Binding("pageup", "page_up", "key.page_up", show=False),
        Binding("pagedown", "page_down", "key.page_down", show=False),
        Binding("home", "scroll_top", "key.first", show=False),
        Binding("end", "scroll_bottom", "key.last", show=False),
    ]

    COMPONENT_CLASSES = {"segment-table--bar"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            id=id, cursor_type="row", zebra_stripes=True, cursor_background_priority="renderable"
        )
        translate_bindings(self)

    def bar(self, share: Decimal) -> Text:
        """The figure, then a bar of `share` in coloured spaces (no ambiguous-width glyphs).

        The figure comes first: a cell's trailing plain spaces are trimmed
        when drawn, so a figure after a short bar would not line up.
        """
        clamped = min(max(share, Decimal(0)), Decimal(1))
        cells = int((clamped * BAR_WIDTH + Decimal("0.5")) // 1)
        text = Text(f"{percent(share):>6} ")
        text.append(" " * cells, self.get_component_rich_style("segment-table--bar"))
        text.append(" " * (BAR_WIDTH - cells))
        return text


class SegmentsScreen(Screen[None]):
    """The book by segment, and its 80/20 curve, for my clients or the branch."""

    BINDINGS = [
        # Listed in help; the line of dimensions says how to switch (the footer is full).
        Binding("left,h", "dimension(-1)", "key.segments_prev", show=False, id="segments-prev"),
        Binding("right,l", "dimension(1)", "key.segments_next", show=False, id="segments-next"),
        Binding("1", "pick(0)", "key.segments_pick", show=False, id="segments-pick-1"),
        *[
            Binding(
                str(number), f"pick({number - 1})", "", show=False, id=f"segments-pick-{number}"
            )
            for number in range(2, len(DIMENSIONS) + 1)
        ],
        Binding("a", "measure", "key.segments_measure", id="segments-measure"),
        Binding("m", "scope", "key.segments_scope", id="segments-scope"),
        Binding("enter", "open_segment", "key.segments_open", id="segments-open"),
        Binding("escape,q", "close", "key.back", id="close-segments"),
    ]

    def __init__(self, store: Store, on: date, signed_in: bool, mine: bool = False) -> None:
        """`on` is the day ages are taken on; `signed_in`: a manager is signed in,
        so "my clients" means something; `mine` starts there (as the desk's list)."""
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.on = on
        self.signed_in = signed_in
        self.mine = mine and signed_in
        self.dimension = DIMENSIONS[0]
        self.measure = Measure.AUM
        self.picture: BookPicture | None = None
        self._asked = 0

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Vertical(id="segments-body"):
            yield Static(id="segments-dimensions")
            yield Static(t("segments.loading"), id="segments-summary")
            yield SegmentTable(id="segments-table")
            yield Static(id="segments-pareto-title")
            yield ParetoChart(id="segments-chart")
            yield Static(id="segments-headline")
        yield Footer()

    def on_mount(self) -> None:
        self.title = t("segments.title")
        self.query_one(SegmentTable).focus()
        self._show_dimensions()
        self.reload()

    # --- loading -------------------------------------------------------------------
    def reload(self) -> None:
        self._asked += 1
        self.sub_title = t("segments.scope.mine" if self.mine else "segments.scope.branch")
        self.query_one("#segments-summary", Static).update(t("segments.loading"))
        self.load_picture(self._asked, self.mine)

    @work(thread=True, exclusive=True, group="segments", exit_on_error=False)
    def load_picture(self, request: int, mine: bool) -> None:
        with self.store.read_session() as session:
            # The same "my clients" as the desk's list (ClientQuery.mine).
            owner_id = signed_in_manager(session) if mine else None
            picture = book_picture(session, self.on, owner_id)
        self.post_message(SegmentsLoaded(request, picture))

    def on_segments_loaded(self, message: SegmentsLoaded) -> None:
        if message.request != self._asked:
            return  # the scope changed again since this was read
        self.picture = message.picture
        self._show_summary()
        self._show_table()
        self._show_pareto()

    # --- drawing ---------------------------------------------------------------------
    def _show_dimensions(self) -> None:
        line = Text()
        for number, dimension in enumerate(DIMENSIONS, start=1):
            name = f" {number} {t(f'segments.dim.{dimension}')} "
            line.append(name, "reverse bold" if dimension is self.dimension else "")
        line.append("  " + t("segments.switch_hint"), "italic")
        self.query_one("#segments-dimensions", Static).update(line)

    def _show_summary(self) -> None:
        if self.picture is None:
            return
        book = self.picture.breakdowns[self.dimension]
        scope = t("segments.scope.mine" if self.mine else "segments.scope.branch")
        self.query_one("#segments-summary", Static).update(
            t(
                "segments.summary",
                scope=scope,
                clients=f"{book.clients:,}",
                aum=wan(book.aum_fen),
                contribution=wan(book.contribution_fen),
            )
        )

    def _show_table(self) -> None:
        if self.picture is None:
            return
        table = self.query_one(SegmentTable)
        breakdown: Breakdown = self.picture.breakdowns[self.dimension]
        row = table.cursor_row
        with self.app.batch_update():
            table.clear(columns=True)
            table.add_column(t(f"segments.dim.{self.dimension}"), key="segment")
            table.add_column(Text(t("segments.col.clients"), justify="right"), key="clients")
            table.add_column(t("segments.col.client_share"), key="client-share")
            table.add_column(
                Text(t(f"segments.col.amount_wan.{self.measure}"), justify="right"), key="amount"
            )
            table.add_column(t(f"segments.col.amount_share.{self.measure}"), key="share")
            for index, segment in enumerate(breakdown.segments):
                table.add_row(
                    Text(segment_label(segment.key)),
                    Text(f"{segment.clients:,}", justify="right"),
                    table.bar(segment.client_share),
                    Text(wan(segment.amount(self.measure)), justify="right"),
                    table.bar(segment.share(self.measure)),
                    key=str(index),
                )
        if breakdown.segments:
            table.move_cursor(row=min(max(row, 0), len(breakdown.segments) - 1))

    def _show_pareto(self) -> None:
        if self.picture is None:
            return
        curve = self.picture.pareto(self.measure)
        self.query_one("#segments-pareto-title", Static).update(
            t(f"segments.pareto_title.{self.measure}")
        )
        self.query_one(ParetoChart).show(curve)
        self.query_one("#segments-headline", Static).update("\n".join(headline(curve)))

    # --- keys ----------------------------------------------------------------------------
    def highlighted(self) -> SegmentKey | None:
        if self.picture is None:
            return None
        segments = self.picture.breakdowns[self.dimension].segments
        row = self.query_one(SegmentTable).cursor_row
        if not segments or not 0 <= row < len(segments):
            return None
        return segments[row].key

    def action_dimension(self, step: int) -> None:
        index = (DIMENSIONS.index(self.dimension) + step) % len(DIMENSIONS)
        self.action_pick(index)

    def action_pick(self, index: int) -> None:
        if not 0 <= index < len(DIMENSIONS) or DIMENSIONS[index] is self.dimension:
            return
        self.dimension = DIMENSIONS[index]
        self._show_dimensions()
        table = self.query_one(SegmentTable)
        table.move_cursor(row=0)
        self._show_summary()
        self._show_table()

    def action_measure(self) -> None:
        self.measure = Measure.CONTRIBUTION if self.measure is Measure.AUM else Measure.AUM
        self._show_table()
        self._show_pareto()

    def action_scope(self) -> None:
        if not self.signed_in:
            self.notify(t("segments.no_manager"), severity="warning")
            return
        self.mine = not self.mine
        self.reload()

    def action_open_segment(self) -> None:
        key = self.highlighted()
        if key is not None:
            self.post_message(ShowClients(segment_query(key, self.mine)))

    def action_close(self) -> None:
        self.dismiss(None)


def segment_query(key: SegmentKey, mine: bool) -> ClientQuery:
    """The client-list query showing exactly the clients of a segment, in the same scope."""
    return ClientQuery(mine=mine, **segment_filter(key))
