"""The pre-visit brief (拜访前准备): one screen to read before a visit, offline.

Left: the client's key facts, family and the dates coming up, assets and
their trend, preferences and things to avoid. Right: the preparation
checklist (space or enter ticks the highlighted item; the tick is saved at
once, on this laptop only), open tasks and the last five contacts with
what became of their follow-ups.

From here `v` logs the visit with the ticked items as what was prepared,
`p` logs a call, `o` opens the profile, page up / page down scroll the
whole brief whatever has the focus, and escape goes back. Everything is
read in a worker (`store.brief.pre_visit_brief`); `reload()` reads again,
which the app calls after a contact is logged (that clears the ticks).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, SelectionList, Static
from textual.widgets.selection_list import Selection
from textual.worker import Worker, WorkerState

from store import clock
from store.brief import Brief, KeyFacts, UpcomingDate, default_checklist, pre_visit_brief, set_tick
from store.db import Store
from store.i18n import current_language, t
from store.money import format_wan, format_yuan
from tui.bindings import translate_bindings
from tui.format import birth_date, label, local_time
from tui.messages import OpenClient
from tui.screens.client_detail import FieldLines
from tui.widgets.marked_selection import MarkedSelectionList

_CSS = str(files("themes") / "brief.tcss")
#: How many AUM changes the trend lists (the newest); the first known value stays.
TREND_SHOWN = 6


def _joined(parts: list[str]) -> str:
    return ("，" if current_language() == "zh" else ", ").join(p for p in parts if p)


def amount(fen: int) -> str:
    """Money as a manager reads it: 万元 in Chinese, yuan in English."""
    if current_language() == "zh":
        return f"{format_wan(fen)} 万元"
    return f"{format_yuan(fen)} {t('unit.yuan')}"


class Checklist(MarkedSelectionList[str]):
    """The preparation checklist; space or enter ticks the highlighted item."""

    BINDINGS = [Binding("space,enter", "select", "key.brief.tick", id="brief-tick")]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, compact=True)
        translate_bindings(self)


class BriefScreen(Screen[None]):
    """The pre-visit brief of one client; `reload()` reads it again."""

    CSS_PATH = _CSS

    BINDINGS = [
        Binding("escape,q", "close", "key.back", id="close-brief"),
        Binding("v", "log_visit", "key.brief.log_visit", id="brief-log-visit"),
        Binding("p", "log_call", "key.brief.log_call", id="brief-log-call"),
        Binding("o", "profile", "key.brief.profile", id="brief-profile"),
        Binding("pagedown", "body_down", "key.brief.scroll_down", priority=True,
                id="brief-page-down"),
        Binding("pageup", "body_up", "key.brief.scroll_up", priority=True, id="brief-page-up"),
        Binding("tab", "focus_next", "key.next_pane", show=False),
        Binding("shift+tab", "focus_previous", "key.prev_pane", show=False),
    ]  # fmt: skip

    @dataclass
    class Loaded(Message):
        """The brief read by the worker; None when the client no longer exists."""

        client_id: str
        brief: Brief | None

    def __init__(self, store: Store, config: Any, zone: str, client_id: str) -> None:
        """`config` is the app's `Config`; its `checklist` (None: the built-in list) is used."""
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.config = config
        self.zone = zone
        self.client_id = client_id
        self.brief: Brief | None = None
        #: The state each item was last toggled to (written on the UI thread only).
        self._wanted_ticks: dict[str, bool] = {}
        #: One tick save at a time: two at once would each rewrite the ticks row.
        self._tick_lock = threading.Lock()

    # --- layout --------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with VerticalScroll(id="brief-body"), Horizontal(id="brief-columns"):
            with Vertical(classes="brief-column"):
                yield self._box("brief-facts", "brief.section.facts")
                yield self._box("brief-family", "brief.section.family")
                yield self._box("brief-assets", "brief.section.assets")
                yield self._box("brief-preferences", "brief.section.preferences")
            with Vertical(classes="brief-column"):
                checklist = Checklist(id="brief-checklist")
                checklist.border_title = t("brief.section.checklist")
                checklist.add_class("brief-group")
                yield checklist
                yield self._box("brief-tasks", "brief.section.tasks")
                yield self._box("brief-recent", "brief.section.recent")
        yield Footer(show_command_palette=False)

    @staticmethod
    def _box(box_id: str, heading: str) -> Widget:
        box = Static(t("brief.loading"), id=box_id, classes="brief-group")
        box.border_title = t(heading)
        return box

    def on_mount(self) -> None:
        self.title = t("brief.title", name="")
        self.query_one(Checklist).focus()
        self.load()

    # --- reading -------------------------------------------------------------
    def checklist_texts(self) -> tuple[str, ...]:
        """The configured checklist, else the built-in one in the current language."""
        configured = getattr(self.config, "checklist", None)
        return tuple(configured) if configured else default_checklist()

    def reload(self) -> None:
        """Read the brief again (a contact was logged, a tick could not be saved)."""
        self.load()

    @work(thread=True, exclusive=True, group="brief-load", exit_on_error=False)
    def load(self) -> None:
        checklist = self.checklist_texts()
        with self.store.read_session() as session:
            brief = pre_visit_brief(
                session, self.client_id, checklist, clock.today(self.zone), self.zone
            )
        self.post_message(self.Loaded(self.client_id, brief))

    def on_brief_screen_loaded(self, message: Loaded) -> None:
        message.stop()
        if message.client_id != self.client_id:
            return
        if message.brief is None:
            self.notify(t("brief.not_found"), severity="warning")
            self.dismiss(None)
            return
        self.brief = brief = message.brief
        self.title = t("brief.title", name=brief.facts.name)
        self.sub_title = _joined([label("tier", brief.facts.tier), brief.facts.owner_name or ""])
        self.query_one("#brief-facts", Static).update(self._facts(brief.facts))
        self.query_one("#brief-family", Static).update(self._family(brief))
        self.query_one("#brief-assets", Static).update(self._assets(brief))
        self.query_one("#brief-preferences", Static).update(self._preferences(brief))
        self.query_one("#brief-tasks", Static).update(self._tasks(brief))
        self.query_one("#brief-recent", Static).update(self._recent(brief))
        self._fill_checklist(brief)
        self.refresh_bindings()

    def _fill_checklist(self, brief: Brief) -> None:
        checklist = self.query_one(Checklist)
        highlighted = checklist.highlighted
        with checklist.prevent(SelectionList.SelectionToggled, SelectionList.SelectedChanged):
            checklist.clear_options()
            checklist.add_options(
                [Selection(item.text, item.text, item.ticked) for item in brief.checklist]
            )
        if brief.checklist:
            checklist.highlighted = min(highlighted or 0, len(brief.checklist) - 1)
        self._count_ticks()

    def _count_ticks(self) -> None:
        checklist = self.query_one(Checklist)
        checklist.border_subtitle = t(
            "brief.ticked", done=len(checklist.selected), total=checklist.option_count
        )

    # --- the sections ----------------------------------------------------------
    def _facts(self, facts: KeyFacts) -> FieldLines:
        lines = FieldLines()
        corporate = facts.kind == "corporate"
        name_key = "client_edit.field.company_name" if corporate else "field.name"
        lines.add_row(t(name_key), facts.name)
        lines.add_row(t("field.kind"), label("kind", facts.kind))
        tier = label("tier", facts.tier)
        if facts.tier_reason:
            tier = t("client_edit.manual", value=tier, reason=facts.tier_reason)
        importance = label("importance", facts.importance)
        if facts.importance_reason:
            importance = t("client_edit.manual", value=importance, reason=facts.importance_reason)
        lines.add_row(t("field.tier"), tier)
        lines.add_row(t("field.importance"), importance)
        if corporate:
            lines.add_row(t("field.legal_representative"), facts.legal_representative or "-")
            lines.add_row(t("field.industry"), facts.industry or "-")
        else:
            if facts.birth_date is not None:
                born = birth_date(facts.birth_date, facts.birthday_lunar)
                lines.add_row(t("field.birth_date"), f"{born}  {t('brief.age', age=facts.age)}")
            work = " / ".join(p for p in (facts.occupation, facts.employer) if p)
            lines.add_row(t("brief.job"), work or "-")
        lines.add_row(t("field.risk_level"), self._risk(facts))
        lines.add_row(t("field.phone"), facts.phone or "-")
        owner = "-"
        if facts.owner_name:
            level = label("level", facts.owner_level) if facts.owner_level else ""
            owner = t("brief.owner", name=facts.owner_name, level=level) if level else (
                facts.owner_name
            )
        lines.add_row(t("field.owner"), owner)
        return lines

    @staticmethod
    def _risk(facts: KeyFacts) -> Text:
        level = label("risk", facts.risk_level) if facts.risk_level else "-"
        if facts.risk_assessed_on is None:
            return Text.assemble(level, "  ", (t("brief.risk_unassessed"), "bold"))
        text = Text(f"{level}  {facts.risk_assessed_on.isoformat()}")
        if facts.risk_review_due:
            text.append(f"  {t('client_edit.risk_due')}", style="bold")
        return text

    def _family(self, brief: Brief) -> Group:
        relations = FieldLines()
        for relation in brief.relations:
            relations.add_row(t(f"client_edit.role.{relation.role}"), relation.other_name)
        for contact in brief.key_contacts:
            relations.add_row(t("brief.date.contact"), _joined([contact.name, contact.title or ""]))
        parts: list[RenderableType] = []
        if relations.rows:
            parts.append(relations)
        else:
            parts.append(Text(t("brief.no_relations"), style="dim"))
        parts.append(Text(t("brief.dates"), style="bold underline"))
        if brief.upcoming:
            dates = FieldLines()
            for upcoming in brief.upcoming:
                dates.add_row(self._who(upcoming), self._when(upcoming))
            parts.append(dates)
        else:
            parts.append(Text(t("brief.no_dates"), style="dim"))
        return Group(*parts)

    @staticmethod
    def _who(upcoming: UpcomingDate) -> str:
        if upcoming.role is None:
            role = t("brief.date.self")
        elif upcoming.role == "contact":
            role = upcoming.title or t("brief.date.contact")
        else:
            role = t(f"client_edit.role.{upcoming.role}")
        return f"{upcoming.who}（{role}）" if current_language() == "zh" else (
            f"{upcoming.who} ({role})"
        )

    @staticmethod
    def _when(upcoming: UpcomingDate) -> Text:
        what = t(f"brief.date.{upcoming.what}")
        on = upcoming.on.isoformat()
        if upcoming.lunar:
            from store.lunar import lunar_text

            on = f"{lunar_text(upcoming.on)} {on}"
        when = (
            t("brief.date.today", on=on)
            if upcoming.days_away == 0
            else t("brief.date.when", on=on, days=upcoming.days_away)
        )
        years_key = "brief.date.turning" if upcoming.what == "birthday" else (
            "brief.date.years_married"
        )
        text = Text(f"{what}  {when}  {t(years_key, years=upcoming.turning)}")
        if upcoming.days_away is not None and upcoming.days_away <= 7:
            text.stylize("bold")
        return text

    def _assets(self, brief: Brief) -> Group:
        lines = FieldLines()
        fen = brief.aum_fen
        now = amount(fen)
        if current_language() == "zh":  # the whole figure too: it is read out to the client
            now = t("client_edit.wan", yuan=format_yuan(fen), wan=format_wan(fen))
        lines.add_row(t("brief.aum_now"), now)
        lines.add_row(t("brief.contribution"), amount(brief.contribution_fen))
        parts: list[RenderableType] = [lines, Text(t("brief.aum_trend"), style="bold underline")]
        if not brief.aum_trend:
            parts.append(Text(t("brief.no_aum_history"), style="dim"))
            return Group(*parts)
        trend = FieldLines()
        for point in brief.aum_trend[-TREND_SHOWN:]:
            trend.add_row(point.on.isoformat(), amount(point.aum_fen))
        parts.append(trend)
        change = brief.aum_change_fen
        if change is not None:
            sign = "+" if change > 0 else ("-" if change < 0 else "±")
            style = "bold" if change < 0 else ""
            parts.append(
                Text(t("brief.aum_change", sign=sign, amount=amount(abs(change))), style=style)
            )
        return Group(*parts)

    @staticmethod
    def _preferences(brief: Brief) -> FieldLines:
        lines = FieldLines()
        none = t("brief.none_recorded")
        lines.add_row(t("brief.field.preferences"), brief.preferences or none)
        lines.add_row(t("brief.field.avoid"), brief.avoid or none)
        lines.add_row(t("field.tags"), "、".join(brief.tags) or "-")
        lines.add_row(t("field.notes"), brief.notes or "-")
        return lines

    def _tasks(self, brief: Brief) -> RenderableType:
        from store.tasks import task_title

        if not brief.open_tasks:
            return Text(t("brief.no_tasks"), style="dim")
        lines = FieldLines()
        for task in brief.open_tasks:
            due = task.due_on
            when = t("brief.task.due", on=due.isoformat()) if due else t("brief.task.no_due")
            title = Text(task_title(task))
            if task.assignee_name:
                title.append(f"  {task.assignee_name}", style="dim")
            if due is not None and due < brief.today:
                title.stylize("bold")
            lines.add_row(when, title)
        return lines

    def _recent(self, brief: Brief) -> RenderableType:
        if not brief.recent:
            return Text(t("brief.no_contacts"), style="dim")
        blocks: list[RenderableType] = []
        for contact in brief.recent:
            entry = contact.entry
            head = Text(local_time(entry.occurred_at, self.zone), style="bold")
            head.append(f"  {label('interaction', entry.kind)} · {label('purpose', entry.purpose)}")
            if entry.participants:
                names = "、".join(entry.participants)
                head.append(f"  {t('brief.with', names=names)}", style="dim")
            blocks.append(head)
            if entry.summary:
                blocks.append(Padding(Text(entry.summary), (0, 0, 0, 2)))
            for follow in contact.follow_ups:
                blocks.append(Padding(self._follow_up(follow), (0, 0, 0, 2)))
        return Group(*blocks)

    @staticmethod
    def _follow_up(follow: Any) -> Text:
        if follow.done_at_visit:
            mark, state = "✓", t("brief.follow.done_at_visit")
        elif follow.task_status is None:
            mark, state = "○", t("brief.follow.no_task")
        else:
            mark = "✓" if follow.task_status == "done" else "○"
            state = t(f"brief.task.{follow.task_status}")
        text = Text(f"{mark} {follow.text}  ")
        text.append(f"[{state}]", style="dim" if mark == "✓" else "bold")
        return text

    # --- ticking -----------------------------------------------------------------
    @on(SelectionList.SelectionToggled, "#brief-checklist")
    def _toggled(self, event: SelectionList.SelectionToggled[str]) -> None:
        item = str(event.selection.value)
        self._wanted_ticks[item] = item in event.selection_list.selected
        self.save_tick(item)
        self._count_ticks()

    @work(thread=True, group="brief-tick", exit_on_error=False)
    def save_tick(self, item: str) -> None:
        """Save the item's latest wanted state, one save at a time.

        Quick tick-untick starts two workers that may run in either order;
        each writes the state wanted when it runs (not when it was started)
        under the lock, so the last one to run leaves what the screen shows.
        """
        with self._tick_lock:
            set_tick(self.store, self.client_id, item, self._wanted_ticks[item])

    def ticked(self) -> tuple[str, ...]:
        """The ticked items in checklist order: what the visit record says was prepared."""
        selected = set(self.query_one(Checklist).selected)
        return tuple(item.text for item in self.brief.checklist if item.text in selected) if (
            self.brief
        ) else ()

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """A failed read or tick is said, never silent; a lost tick shows as unticked again."""
        if event.state != WorkerState.ERROR:
            return
        ticking = event.worker.group == "brief-tick"
        self.notify(
            f"{event.worker.error}",
            title=t("brief.tick_failed") if ticking else t("notice.worker_failed"),
            severity="error",
            timeout=15,
        )
        if ticking:
            self.reload()

    # --- actions -------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Logging needs the client's name: wait until the brief is read."""
        if action in ("log_visit", "log_call") and self.brief is None:
            return None
        return True

    def action_close(self) -> None:
        self.dismiss(None)

    def action_body_down(self) -> None:
        self.query_one("#brief-body", VerticalScroll).scroll_page_down(animate=False)

    def action_body_up(self) -> None:
        self.query_one("#brief-body", VerticalScroll).scroll_page_up(animate=False)

    def _log(self, kind: str) -> None:
        from tui.screens.interaction_form import InteractionFormScreen

        if self.brief is None:
            return
        prepared = self.ticked() if kind == "visit" else ()
        self.app.push_screen(
            InteractionFormScreen(
                self.store, self.zone, self.client_id, self.brief.facts.name, kind=kind,
                prepared=prepared,
            )
        )  # fmt: skip

    def action_log_visit(self) -> None:
        self._log("visit")

    def action_log_call(self) -> None:
        self._log("phone")

    def action_profile(self) -> None:
        """The profile: back to it when the brief was opened from it, else opened on top."""
        from tui.screens.client_detail import ClientDetailScreen

        stack = self.app.screen_stack
        below = stack[-2] if len(stack) > 1 else None
        if isinstance(below, ClientDetailScreen) and below.client_id == self.client_id:
            self.dismiss(None)
        else:
            self.app.post_message(OpenClient(self.client_id))
