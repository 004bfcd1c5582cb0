"""store.schedule: the entry form, and create / edit / move / cancel / restore of entries.

Today is Saturday 2026-11-28 (Asia/Shanghai), fixed by the shared conftest.
Refusals are compared with the message built from the catalog keys the code
must use, and each is checked to have written nothing.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from schedule_support import LINA, TODAY, WANG, ZHANG, ZONE, seed_book
from sqlalchemy import func, select

from store import i18n
from store.db import Store
from store.errors import ValidationError
from store.models import AuditEntry, CalendarEvent, Client, EventClient
from store.models.sync import OutboxChange
from store.schedule import (
    EventDraft,
    EventNotFoundError,
    cancel_event,
    display_title,
    event_form_values,
    event_row,
    format_span,
    move_event,
    parse_clock_time,
    reschedule_event,
    restore_event,
    schedule_event,
    validate_event_form,
)

GONE = "0193a3b0-0000-7000-8000-0000000000ff"


def _error(field: str, reason: str, **params: Any) -> str:
    return ValidationError(field, reason, **params).message()


@pytest.fixture
def book(store: Store) -> Store:
    """李娜 signed in, with clients 张伟 and 王芳 (`schedule_support`) and a deleted one."""
    seed_book(store)
    with store.session() as session:
        session.add(Client(id=GONE, name="赵六", deleted=True))
    return store


def _draft(**changes: Any) -> EventDraft:
    values: dict[str, Any] = {
        "kind": "visit",
        "title": "",
        "day": date(2026, 12, 2),
        "start": time(10, 0),
        "duration_min": 60,
        "client_ids": (ZHANG,),
        "location": "茅台镇",
        "notes": "带上理财资料",
        "reminder_min": 30,
    }
    values.update(changes)
    return EventDraft(**values)


def _count(store: Store, model: Any) -> int:
    with store.read_session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


# --- the form ------------------------------------------------------------------------


def test_a_filled_form_becomes_a_draft() -> None:
    draft, errors = validate_event_form(
        {
            "kind": "拜访",
            "date": "下周三",
            "time": "10:00",
            "duration": "",
            "title": "",
            "location": " 茅台镇 ",
            "reminder": "30m",
            "notes": "",
        },
        TODAY,
        client_ids=[ZHANG, ZHANG],
    )
    assert errors == {}
    assert draft == EventDraft(
        kind="visit",
        title="",
        day=date(2026, 12, 2),
        start=time(10, 0),
        duration_min=60,  # a visit lasts an hour unless told otherwise
        client_ids=(ZHANG,),
        location="茅台镇",
        notes=None,
        reminder_min=30,
    )


def test_every_bad_field_is_reported_at_once() -> None:
    draft, errors = validate_event_form(
        {
            "kind": "party",
            "date": "12-32",
            "time": "25:00",
            "duration": "long",
            "reminder": "3w",
            "title": "x" * 201,
        },
        TODAY,
        client_ids=[ZHANG],
    )
    assert draft is None
    assert set(errors) == {"kind", "date", "time", "duration", "reminder", "title"}
    assert errors["time"] == _error("schedule.field.time", "schedule.invalid.time", value="25:00")
    assert errors["reminder"] == _error(
        "schedule.field.reminder", "schedule.invalid.reminder_range", value="3w", limit=14
    )
    assert errors["title"] == _error("schedule.field.title", "invalid.too_long", limit=200)
    assert errors["date"].startswith("Date: ")
    assert "12-32" in errors["date"]  # the date reader's own message, quoting the text
    assert "Kind" in errors["kind"] and "party" in errors["kind"]


def test_a_new_entry_cannot_be_in_the_past_but_an_old_one_keeps_its_day() -> None:
    values = {"kind": "call", "date": "2026-11-27", "time": "15:00"}
    draft, errors = validate_event_form(values, TODAY, client_ids=[ZHANG])
    assert draft is None
    assert errors == {
        "date": _error(
            "schedule.field.date", "schedule.invalid.past", day="2026-11-27", today="2026-11-28"
        )
    }
    draft, errors = validate_event_form(
        values, TODAY, client_ids=[ZHANG], original_day=date(2026, 11, 27)
    )
    assert errors == {} and draft is not None and draft.duration_min == 30


def test_a_visit_needs_a_client_and_a_meeting_without_clients_needs_a_title() -> None:
    _, errors = validate_event_form({"kind": "visit", "date": "明天"}, TODAY, client_ids=[])
    assert errors == {
        "clients": _error("schedule.field.clients", "schedule.invalid.needs_client", kind="Visit")
    }
    _, errors = validate_event_form({"kind": "meeting", "date": "明天"}, TODAY, client_ids=[])
    assert errors == {"title": _error("schedule.field.title", "schedule.invalid.needs_title")}
    draft, errors = validate_event_form(
        {"kind": "club", "date": "明天", "title": "高尔夫体验课"}, TODAY, client_ids=[]
    )
    assert errors == {} and draft is not None
    assert (draft.day, draft.start, draft.duration_min) == (date(2026, 11, 29), None, None)


def test_an_all_day_entry_has_no_duration() -> None:
    _, errors = validate_event_form(
        {"kind": "visit", "date": "+2w", "duration": "90"}, TODAY, client_ids=[ZHANG]
    )
    assert errors == {
        "duration": _error("schedule.field.duration", "schedule.invalid.duration_all_day")
    }


def test_clients_typed_as_ids_when_no_picker_gives_them() -> None:
    draft, errors = validate_event_form(
        {"kind": "meeting", "date": "12-5", "clients": f"{ZHANG}, {WANG}、{ZHANG}"}, TODAY
    )
    assert errors == {} and draft is not None
    assert (draft.client_ids, draft.day) == ((ZHANG, WANG), date(2026, 12, 5))


@pytest.mark.parametrize(("text", "expected"), [
    ("10:00", time(10, 0)), ("9:05", time(9, 5)), ("1430", time(14, 30)),
    ("１０：３０", time(10, 30)), ("3pm", time(15, 0)), ("3:30 PM", time(15, 30)),
    ("12pm", time(12, 0)), ("12am", time(0, 0)), ("下午3点", time(15, 0)),
    ("9点半", time(9, 30)), ("晚上8点15分", time(20, 15)), ("中午12点", time(12, 0)),
    ("中午1点", time(13, 0)), ("上午10点", time(10, 0)), ("14", time(14, 0)), ("", None),
    ("  ", None),
])  # fmt: skip
def test_start_times_people_write(text: str, expected: time | None) -> None:
    assert parse_clock_time(text) == expected


@pytest.mark.parametrize(
    "text", ["25:00", "10:60", "13pm", "下午", "noon", "24", "930", "上午14点", "晚上12点",
             "上午12点"]
)
def test_start_times_that_are_refused(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_clock_time(text)
    assert caught.value.reason == "schedule.invalid.time"


@pytest.mark.parametrize(("text", "minutes"), [
    ("90", 90), ("45m", 45), ("1h30m", 90), ("1.5h", 90), ("1小时", 60), ("1小时30分", 90),
    ("半小时", 30), ("2 hours", 120),
])  # fmt: skip
def test_durations(text: str, minutes: int) -> None:
    draft, errors = validate_event_form(
        {"kind": "visit", "date": "明天", "time": "9:00", "duration": text},
        TODAY,
        client_ids=[ZHANG],
    )
    assert errors == {} and draft is not None and draft.duration_min == minutes


@pytest.mark.parametrize(("text", "minutes"), [
    ("0", 0), ("30m", 30), ("2h", 120), ("1d", 1440), ("1天", 1440), ("1w", 10080),
    ("", None),
])  # fmt: skip
def test_reminder_leads(text: str, minutes: int | None) -> None:
    draft, errors = validate_event_form(
        {"kind": "visit", "date": "明天", "time": "9:00", "reminder": text},
        TODAY,
        client_ids=[ZHANG],
    )
    assert errors == {} and draft is not None and draft.reminder_min == minutes


def test_unreadable_spans_say_what_works() -> None:
    _, errors = validate_event_form(
        {"kind": "visit", "date": "明天", "time": "9:00", "duration": "1x", "reminder": "soon"},
        TODAY,
        client_ids=[ZHANG],
    )
    assert errors["duration"] == _error(
        "schedule.field.duration",
        "schedule.invalid.span",
        value="1x",
        examples=i18n.t("schedule.span_examples.duration"),
    )
    assert "30m" in errors["reminder"] and "soon" in errors["reminder"]


@pytest.mark.parametrize("minutes", [0, 30, 59, 60, 90, 1440, 1530, 10080])
def test_spans_format_back_to_what_reads_the_same(minutes: int) -> None:
    draft, _ = validate_event_form(
        {"kind": "visit", "date": "明天", "time": "9:00", "reminder": format_span(minutes)},
        TODAY,
        client_ids=[ZHANG],
    )
    assert draft is not None and draft.reminder_min == minutes


def test_titles_are_made_from_the_kind_and_clients_when_left_empty() -> None:
    i18n.set_language("zh")
    assert display_title("visit", "", ["张伟"]) == "拜访张伟"
    assert display_title("club", "", ["张伟", "王芳", "李四"]) == "俱乐部活动张伟等3位客户"
    assert display_title("visit", " 季度回访 ", ["张伟"]) == "季度回访"
    i18n.set_language("en")
    assert display_title("visit", "", ["张伟"]) == "Visit: 张伟"
    assert display_title("call", "", ["张伟", "王芳"]) == "Call: 张伟 and others (2)"


# --- writing ------------------------------------------------------------------------------


def test_scheduling_writes_the_entry_its_clients_and_the_sync_outbox(book: Store) -> None:
    event_id = schedule_event(book, _draft(client_ids=(ZHANG, WANG)), zone=ZONE)
    with book.read_session() as session:
        event = session.get(CalendarEvent, event_id)
        assert event is not None
        assert (event.owner_manager_id, event.status, event.kind) == (LINA, "planned", "visit")
        # 10:00 in Shanghai is 02:00 UTC.
        assert event.starts_at == datetime(2026, 12, 2, 2, 0, tzinfo=UTC)
        assert event.ends_at == datetime(2026, 12, 2, 3, 0, tzinfo=UTC)
        assert (event.all_day, event.reminder_min, event.title) == (False, 30, "")
        links = session.scalars(
            select(EventClient.client_id).where(EventClient.event_id == event_id)
        ).all()
        assert sorted(links) == sorted([ZHANG, WANG])
        queued = session.scalars(select(OutboxChange.table_name)).all()
        assert {"calendar_event", "event_client"} <= set(queued)
        row = event_row(session, event_id, ZONE)
    assert row is not None
    assert (row.day, row.start, row.duration_min) == (date(2026, 12, 2), time(10), 60)
    assert row.client_names == ("张伟", "王芳")  # by name (张 U+5F20 sorts before 王 U+738B)
    assert row.client_ids == (ZHANG, WANG)
    assert row.shown_title.startswith("Visit: ")


@pytest.mark.parametrize(("draft", "field", "reason"), [
    (_draft(client_ids=(GONE,)), "clients", "schedule.invalid.unknown_client"),
    (_draft(client_ids=("no-such-client",)), "clients", "schedule.invalid.unknown_client"),
    (_draft(day=date(2026, 11, 27)), "date", "schedule.invalid.past"),
    (_draft(client_ids=()), "clients", "schedule.invalid.needs_client"),
    (_draft(kind="dinner"), "kind", "invalid.choice"),
    (_draft(start=None), "duration", "schedule.invalid.duration_all_day"),
    (_draft(location="x" * 201), "location", "invalid.too_long"),
])  # fmt: skip
def test_a_bad_draft_writes_nothing(
    book: Store, draft: EventDraft, field: str, reason: str
) -> None:
    before = _count(book, OutboxChange)
    with pytest.raises(ValidationError) as caught:
        schedule_event(book, draft, zone=ZONE)
    assert (caught.value.column, caught.value.reason) == (field, reason)  # type: ignore[attr-defined]
    assert (_count(book, CalendarEvent), _count(book, EventClient)) == (0, 0)
    assert _count(book, OutboxChange) == before


@pytest.mark.parametrize(("zone", "day", "skipped"), [
    ("America/New_York", date(2027, 3, 14), time(2, 30)),
    ("Europe/London", date(2027, 3, 28), time(1, 30)),
])
def test_a_time_the_clocks_skip_is_refused_not_moved(
    book: Store, zone: str, day: date, skipped: time
) -> None:
    before = _count(book, CalendarEvent)
    with pytest.raises(ValidationError) as caught:
        schedule_event(book, _draft(day=day, start=skipped), zone=zone)
    assert (caught.value.column, caught.value.reason) == (  # type: ignore[attr-defined]
        "time", "schedule.invalid.time_skipped"
    )
    assert _count(book, CalendarEvent) == before
    # An hour later exists, and is kept as typed.
    event_id = schedule_event(book, _draft(day=day, start=time(3, 30)), zone=zone)
    with book.read_session() as session:
        row = event_row(session, event_id, zone)
        assert row is not None and (row.day, row.start) == (day, time(3, 30))


def test_a_huge_duration_is_a_field_message_not_a_crash() -> None:
    values = {"kind": "visit", "date": "下周三", "time": "10:00", "duration": "9" * 320,
              "reminder": "9" * 320}
    draft, errors = validate_event_form(values, TODAY, client_ids=[ZHANG])
    assert draft is None and set(errors) == {"duration", "reminder"}


def test_an_all_day_entry_is_its_date_at_noon_utc(book: Store) -> None:
    event_id = schedule_event(book, _draft(start=None, duration_min=None), zone=ZONE)
    with book.read_session() as session:
        event = session.get(CalendarEvent, event_id)
        assert event is not None and event.all_day and event.ends_at is None
        assert event.starts_at == datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
        for zone in ("Asia/Shanghai", "Europe/London", "America/New_York", "Pacific/Auckland"):
            row = event_row(session, event_id, zone)
            assert row is not None and (row.day, row.start) == (date(2026, 12, 2), None)


def test_rescheduling_replaces_fields_and_clients(book: Store) -> None:
    event_id = schedule_event(book, _draft(client_ids=(ZHANG,)), zone=ZONE)
    new = _draft(
        kind="call",
        day=date(2026, 12, 3),
        start=time(16, 30),
        duration_min=15,
        client_ids=(WANG,),
        location=None,
        notes=None,
        reminder_min=None,
    )
    reschedule_event(book, event_id, new, zone=ZONE)
    with book.read_session() as session:
        row = event_row(session, event_id, ZONE)
        links = session.execute(
            select(EventClient.client_id, EventClient.deleted).where(
                EventClient.event_id == event_id
            )
        ).all()
    assert row is not None
    assert (row.kind, row.day, row.start, row.duration_min) == (
        "call",
        date(2026, 12, 3),
        time(16, 30),
        15,
    )
    assert (row.client_ids, row.location, row.notes, row.reminder_min) == (
        (WANG,),
        None,
        None,
        None,
    )
    assert sorted(links) == sorted([(ZHANG, True), (WANG, False)])  # the old link a tombstone
    # Bringing 张伟 back revives his link rather than adding a second row.
    reschedule_event(book, event_id, _draft(client_ids=(ZHANG, WANG)), zone=ZONE)
    assert _count(book, EventClient) == 2


def test_a_reschedule_is_audited_with_old_and_new_values(book: Store) -> None:
    event_id = schedule_event(book, _draft(), zone=ZONE)
    reschedule_event(book, event_id, _draft(start=time(14, 0)), zone=ZONE)
    with book.read_session() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.table_name == "calendar_event")
        ).all()
    assert len(entries) == 1
    changes = json.loads(entries[0].changes)
    assert set(changes) == {"starts_at", "ends_at"}  # nothing else was written


def test_moving_keeps_the_time_and_duration(book: Store) -> None:
    event_id = schedule_event(book, _draft(start=time(9, 30), duration_min=45), zone=ZONE)
    move_event(book, event_id, date(2026, 12, 9), zone=ZONE)
    with book.read_session() as session:
        row = event_row(session, event_id, ZONE)
    assert row is not None
    assert (row.day, row.start, row.duration_min) == (date(2026, 12, 9), time(9, 30), 45)
    move_event(book, event_id, date(2026, 12, 10), time(15, 0), zone=ZONE)
    move_event(book, event_id, date(2026, 12, 11), None, zone=ZONE)  # all day now
    with book.read_session() as session:
        row = event_row(session, event_id, ZONE)
    assert row is not None and (row.day, row.start, row.duration_min) == (
        date(2026, 12, 11),
        None,
        None,
    )
    with pytest.raises(ValidationError) as caught:
        move_event(book, event_id, date(2026, 11, 20), zone=ZONE)
    assert caught.value.reason == "schedule.invalid.past"


def test_cancel_and_restore(book: Store) -> None:
    event_id = schedule_event(book, _draft(), zone=ZONE)
    cancel_event(book, event_id)
    cancel_event(book, event_id)  # twice is once
    with book.read_session() as session:
        row = event_row(session, event_id, ZONE)
        assert row is not None and row.status == "cancelled"
    with pytest.raises(ValidationError) as caught:
        move_event(book, event_id, date(2026, 12, 9), zone=ZONE)
    assert caught.value.reason == "schedule.invalid.not_planned"
    with pytest.raises(ValidationError):
        reschedule_event(book, event_id, _draft(), zone=ZONE)
    restore_event(book, event_id)
    with book.read_session() as session:
        row = event_row(session, event_id, ZONE)
        assert row is not None and row.status == "planned"
        assert row.day == date(2026, 12, 2)  # back where it was
        kept = session.get(CalendarEvent, event_id)
        assert kept is not None and not kept.deleted


def test_a_done_entry_cannot_be_cancelled(book: Store) -> None:
    event_id = schedule_event(book, _draft(), zone=ZONE)
    with book.session() as session:
        event = session.get(CalendarEvent, event_id)
        assert event is not None
        event.status = "done"
    with pytest.raises(ValidationError) as caught:
        cancel_event(book, event_id)
    assert caught.value.reason == "schedule.invalid.cancel_done"


@pytest.mark.parametrize("action", [cancel_event, restore_event])
def test_an_unknown_entry_is_named(book: Store, action: Any) -> None:
    with pytest.raises(EventNotFoundError) as caught:
        action(book, "no-such-entry")
    assert caught.value.message() == "the entry does not exist or was deleted"


def test_the_form_of_an_entry_reads_back_to_the_same_draft(book: Store) -> None:
    original = _draft(start=time(9, 45), duration_min=100, reminder_min=1530, notes="见面聊\n基金")
    event_id = schedule_event(book, original, zone=ZONE)
    with book.read_session() as session:
        row = event_row(session, event_id, ZONE)
    assert row is not None
    values = event_form_values(row)
    assert values["duration"] == "1h40m" and values["reminder"] == "1d1h30m"
    draft, errors = validate_event_form(values, TODAY, original_day=row.day)
    assert errors == {}
    assert draft == original


# --- a logged contact meets a planned entry ----------------------------------------------


def _log_contact(store: Store, client_id: str, kind: str, when: str) -> None:
    from store import clock
    from store.interactions import draft_from, log_interaction, validate_interaction_form

    form = {"kind": kind, "when": when, "ends": "", "duration_min": "30", "participants": "",
            "purpose": "care", "summary": "谈了年底理财安排", "prepared": "", "needs": "",
            "products": "", "outcome": "", "satisfaction": "", "follow_ups": "",
            "next_contact_on": ""}  # fmt: skip
    clean, errors = validate_interaction_form(form, ZONE, clock.now())
    assert errors == {}
    log_interaction(store, draft_from(client_id, clean), zone=ZONE)


def test_logging_the_visit_marks_that_days_planned_visit_done(
    book: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.unit.schedule_support import plan

    monkeypatch.setenv("CLIENTDESK_NOW", "2026-11-28T18:00")
    morning = plan(book, TODAY, time(10, 0), (ZHANG,))
    call = plan(book, TODAY, time(16, 0), (ZHANG,), kind="call")
    someone_else = plan(book, TODAY, time(11, 0), (WANG,))
    next_week = plan(book, date(2026, 12, 4), time(10, 0), (ZHANG,))
    _log_contact(book, ZHANG, "visit", "2026-11-28 10:20")
    with book.read_session() as session:
        status = {i: session.get(CalendarEvent, i).status  # type: ignore[union-attr]
                  for i in (morning, call, someone_else, next_week)}  # fmt: skip
    assert status == {morning: "done", call: "planned", someone_else: "planned",
                      next_week: "planned"}  # fmt: skip
    _log_contact(book, ZHANG, "phone", "2026-11-28 16:05")
    with book.read_session() as session:
        assert session.get(CalendarEvent, call).status == "done"  # type: ignore[union-attr]


# --- reminders going off in the running app -------------------------------------------


def test_an_entrys_reminder_rings_from_its_lead_until_it_begins(book: Store) -> None:
    from store.schedule import ringing_entries
    from tests.unit.schedule_support import plan

    visit = plan(book, date(2026, 12, 2), time(10, 0), (ZHANG,), reminder=30)  # 02:00 UTC
    plan(book, date(2026, 12, 2), time(15, 0), (WANG,), reminder=None)  # no reminder: never
    club = plan(book, date(2026, 12, 4), None, (ZHANG,), kind="club", title="高尔夫",
                reminder=2 * 24 * 60)  # all day: 09:00 two days before (12-02 01:00 UTC)

    def ringing(at: datetime) -> set[str]:
        with book.read_session() as session:
            rows = ringing_entries(session, at, zone=ZONE, manager_id=LINA)
        return {row.id for row in rows}

    assert ringing(datetime(2026, 12, 2, 0, 59, tzinfo=UTC)) == set()
    assert ringing(datetime(2026, 12, 2, 1, 0, tzinfo=UTC)) == {club}
    assert ringing(datetime(2026, 12, 2, 1, 30, tzinfo=UTC)) == {visit, club}
    assert ringing(datetime(2026, 12, 2, 2, 0, tzinfo=UTC)) == {club}  # the visit has begun
    cancel_event(book, club)
    assert ringing(datetime(2026, 12, 2, 1, 45, tzinfo=UTC)) == {visit}
