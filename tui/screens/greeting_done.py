"""Enter or `g` on a greeting in my day: say how the greeting went out, and what it cost.

The prompt names the reminder (day, occasion, who, the lunar date of a
lunar birthday), asks the channel (短信 SMS, 贺卡 card, 鲜花 flowers, 蛋糕
cake, 礼品 gift, 电话 call: a digit 1-6 picks one and moves on to the cost,
or the arrows and space choose in the list) and an optional cost in 元 and
note. F2 logs it in a worker (`store.greetings.complete_greeting`): a
greeting in the visit log and the reminder done, in one transaction. Bad
input is named under its field (`validate_greeting_form`); nothing is
written. Dismisses with the logged entry's id, or None.

Given several reminders (`G` in my day: the marked greetings, or every
greeting of one occasion) the form is in batch mode: it says "N greetings",
names the first few people, and F2 logs them all with one channel and the
cost for each (`store.greetings.complete_greetings`, one transaction);
greetings that were done meanwhile or whose person is gone are skipped and
said. It then dismisses with the first logged entry's id, or None.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib.resources import files
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Footer, Input, Label, RadioButton, RadioSet, Static
from textual.worker import Worker, WorkerState

from store import clock
from store.config import Config
from store.db import Store
from store.errors import ClientdeskError
from store.greetings import validate_greeting_form
from store.i18n import t
from store.reminders import Reminder
from store.vocab import GreetingChannel
from tui.bindings import translate_bindings
from tui.messages import InteractionSaved, SaveRejected, report_worker_failure
from tui.screens.form_support import FieldErrors

CSS = str(files("themes") / "calendar_forms.tcss")
CHANNELS: tuple[str, ...] = tuple(channel.value for channel in GreetingChannel)
FIELDS = ("channel", "cost", "note")
COST_MAX = 20
NOTE_MAX = 200
#: People named in a batch's summary; the rest are counted.
BATCH_NAMES = 6


def relative_day(day: date, today: date) -> str:
    """How far a reminder's day is: today / tomorrow / in 2 days / 2 days ago."""
    delta = (day - today).days
    if delta in (-1, 0, 1):
        return t({-1: "natural_dates.rel.yesterday", 0: "natural_dates.rel.today",
                  1: "natural_dates.rel.tomorrow"}[delta])  # fmt: skip
    key = "natural_dates.rel.ahead" if delta > 0 else "natural_dates.rel.ago"
    return t(key, days=abs(delta))


def reminder_summary(reminder: Reminder, today: date) -> str:
    """One line naming a reminder: "2026-11-30 Mon (in 2 days) · Birthday · 张伟"."""
    from store.festivals import occasion_name

    weekday = t(f"calendar_days.weekday.{reminder.on.weekday()}")
    when = t("greeting_done.when", day=reminder.on.isoformat(), weekday=weekday,
             relative=relative_day(reminder.on, today))  # fmt: skip
    person = reminder.person
    if person != reminder.client_name:
        person = t("greeting_done.person_at", person=person, client=reminder.client_name)
    return " · ".join((when, occasion_name(reminder.occasion), person))


def batch_summary(reminders: Sequence[Reminder]) -> Text:
    """"300 greetings · Spring Festival", then the first few people greeted."""
    from store.festivals import occasion_name

    occasions = dict.fromkeys(occasion_name(r.occasion) for r in reminders)
    what = Text(" · ".join((t("greetings.batch.title", count=len(reminders)), *occasions)),
                style="bold")  # fmt: skip
    names = t("greetings.batch.names_join").join(r.person for r in reminders[:BATCH_NAMES])
    if len(reminders) > BATCH_NAMES:
        names = t("greetings.batch.who_more", names=names, count=len(reminders))
    what.append("\n" + names, style="not bold")
    return what


@dataclass
class GreetingLogged(Message):
    client_id: str
    interaction_id: str
    notice: str


@dataclass
class GreetingsLogged(Message):
    """A batch was written: the entries logged (maybe none) and why others were skipped."""

    client_id: str | None
    entry_ids: list[str]
    notice: str
    skipped: list[str] = field(default_factory=list)


class GreetingDoneScreen(FieldErrors, ModalScreen[str | None]):
    """Channel and optional cost of a greeting sent (or of many); dismisses with an entry's id."""

    CSS_PATH = CSS
    BINDINGS = [
        Binding("f2,ctrl+s", "save", "key.greeting_done.save", id="save-greeting"),
        Binding("escape", "cancel", "key.cancel", id="cancel-greeting"),
        # One footer entry and one help line ("1-6 Channel") for the six digit keys.
        *(
            Binding(str(number), f"channel({number - 1})",
                    "key.greeting_done.channel" if number == 1 else "",
                    key_display="1-6", show=number == 1, id=f"greeting-channel-{number}")
            for number in range(1, len(CHANNELS) + 1)
        ),
    ]  # fmt: skip

    def __init__(
        self, store: Store, config: Config, zone: str, reminder: Reminder | Sequence[Reminder]
    ) -> None:
        """One reminder, or several (batch mode: one channel and cost for them all)."""
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.config = config
        self.zone = zone
        #: The reminders greeted in batch mode; None for a single greeting.
        self.batch: tuple[Reminder, ...] | None = (
            None if isinstance(reminder, Reminder) else tuple(reminder)
        )
        self.reminder = reminder if isinstance(reminder, Reminder) else self.batch[0]  # type: ignore[index]
        self.today = clock.today(zone)

    def compose(self) -> ComposeResult:
        with Vertical(id="greeting-body") as body:
            body.border_title = t("greeting_done.title")
            if self.batch is not None:
                what = batch_summary(self.batch)
            else:
                what = Text(reminder_summary(self.reminder, self.today), style="bold")
                if self.reminder.detail:  # the lunar date of a lunar birthday, the age, ...
                    what.append("\n" + self.reminder.detail, style="not bold")
            yield Static(what, id="greeting-what")
            yield from self._row("channel", RadioSet(
                *(RadioButton(f"{number} {t(f'greetings.channel.{channel}')}", compact=True,
                              id=f"channel-{channel}")
                  for number, channel in enumerate(CHANNELS, start=1)),
                compact=True, id="field-channel",
            ))  # fmt: skip
            yield from self._row("cost", Input(
                placeholder=t("greeting_done.cost_hint"), max_length=COST_MAX, compact=True,
                id="field-cost",
            ))  # fmt: skip
            yield from self._row("note", Input(max_length=NOTE_MAX, compact=True,
                                               id="field-note"))  # fmt: skip
            yield Static(t("greeting_done.hint"), classes="form-hint")
        yield Footer()

    def _row(self, name: str, widget: Widget) -> ComposeResult:
        required = " *" if name == "channel" else ""
        key = "cost_each" if name == "cost" and self.batch is not None else name
        with Horizontal(classes="form-row", id=f"row-{name}"):
            yield Label(t(f"greetings.field.{key}") + required, classes="form-label")
            yield widget
        yield Static("", classes="form-error", id=f"error-{name}")

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()

    # --- reading ---------------------------------------------------------------------------
    def channel(self) -> str:
        pressed = self.query_one(RadioSet).pressed_button
        return pressed.id.removeprefix("channel-") if pressed and pressed.id else ""

    def values(self) -> dict[str, str]:
        return {
            "channel": self.channel(),
            "cost": self.query_one("#field-cost", Input).value,
            "note": self.query_one("#field-note", Input).value,
        }

    def action_channel(self, index: int) -> None:
        """A digit picks the channel and moves on to the cost."""
        self.query_one(f"#channel-{CHANNELS[index]}", RadioButton).value = True
        self.query_one("#field-cost", Input).focus()

    @on(RadioSet.Changed)
    def _chosen(self, event: RadioSet.Changed) -> None:
        event.stop()
        self._show_error("channel", "")

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("field-")
        if name in FIELDS:
            self._show_error(name, "")

    @on(Input.Blurred, "#field-cost")
    def _cost_left(self, event: Input.Blurred) -> None:
        """The cost is checked as the manager leaves it (a typo named at once)."""
        _, errors = validate_greeting_form(self.values())
        self._show_error("cost", errors.get("cost", ""))

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "field-note":
            self.action_save()
        else:
            self.focus_next()

    # --- saving -----------------------------------------------------------------------------
    def action_save(self) -> None:
        if self.saving:
            return
        clean, errors = validate_greeting_form(self.values())
        for name in FIELDS:
            self._show_error(name, errors.get(name, ""))
        if errors:
            first = next(name for name in FIELDS if name in errors)
            self.query_one(f"#field-{first}").focus()
            return
        self.saving = True
        if self.batch is not None:
            self.save_batch(clean, self.batch)
        else:
            self.save(clean)

    @work(thread=True, exclusive=True, group="greeting-save", exit_on_error=False)
    def save(self, clean: dict[str, Any]) -> None:
        """Log the greeting; the store checks again (the client may be gone meanwhile)."""
        from store.greetings import complete_greeting

        reminder = self.reminder
        try:
            entry_id = complete_greeting(
                self.store, reminder, channel=clean["channel"], cost_fen=clean["cost_fen"],
                note=clean["note"], zone=self.zone, rules=self.config.cadence,
            )  # fmt: skip
        except ClientdeskError as exc:
            self.post_message(SaveRejected(getattr(exc, "column", None), exc.message()))
            return
        notice = t("greeting_done.saved", person=reminder.person,
                   channel=t(f"greetings.channel.{clean['channel']}"))  # fmt: skip
        self.post_message(GreetingLogged(reminder.client_id, entry_id, notice))

    @work(thread=True, exclusive=True, group="greeting-save", exit_on_error=False)
    def save_batch(self, clean: dict[str, Any], reminders: tuple[Reminder, ...]) -> None:
        """Log every greeting of the batch in one transaction; the skipped are reported."""
        from store.greetings import complete_greetings

        try:
            done = complete_greetings(
                self.store, reminders, channel=clean["channel"], cost_fen=clean["cost_fen"],
                note=clean["note"], zone=self.zone, rules=self.config.cadence,
            )  # fmt: skip
        except ClientdeskError as exc:
            self.post_message(SaveRejected(getattr(exc, "column", None), exc.message()))
            return
        skipped = [f"{s.reminder.person}: {s.reason}" for s in done.skipped]
        skipped_ids = {s.reminder.id for s in done.skipped}
        first = next((r.client_id for r in reminders if r.id not in skipped_ids), None)
        notice = t("greetings.batch.saved", count=len(done.entry_ids),
                   channel=t(f"greetings.channel.{clean['channel']}"))  # fmt: skip
        self.post_message(GreetingsLogged(first, done.entry_ids, notice, skipped))

    def on_greetings_logged(self, message: GreetingsLogged) -> None:
        """Close; my day and the lists read again; greetings skipped are named in a warning."""
        message.stop()
        self.saving = False
        if message.skipped:
            reasons = t("greetings.batch.names_join").join(message.skipped)
            self.notify(t("greetings.batch.skipped", count=len(message.skipped),
                          reasons=reasons), severity="warning", timeout=12)  # fmt: skip
        if message.entry_ids and message.client_id is not None:
            self.app.post_message(
                InteractionSaved(message.client_id, message.entry_ids[0], message.notice)
            )
        self.dismiss(message.entry_ids[0] if message.entry_ids else None)

    def on_greeting_logged(self, message: GreetingLogged) -> None:
        """Close; the app hears of the entry (the visit log and my day read again)."""
        message.stop()
        self.saving = False
        self.app.post_message(
            InteractionSaved(message.client_id, message.interaction_id, message.notice)
        )
        self.dismiss(message.interaction_id)

    def on_save_rejected(self, message: SaveRejected) -> None:
        message.stop()
        self.saving = False
        name = message.field if message.field in FIELDS else None
        if name is not None:
            self._show_error(name, message.text)
            self.query_one(f"#field-{name}").focus()
        self.notify(message.text, title=t("client_edit.save_failed"), severity="error", timeout=8)

    @on(Worker.StateChanged)
    def _save_failed(self, event: Worker.StateChanged) -> None:
        """A save that failed (e.g. the database locked) is said; what was typed stays."""
        if event.worker.group == "greeting-save" and event.state == WorkerState.ERROR:
            self.saving = False
            report_worker_failure(self, event.worker.error, saving=True)

    def action_cancel(self) -> None:
        """Leave at once when nothing was chosen or typed; otherwise ask first."""
        self._leave(any(self.values().values()))
