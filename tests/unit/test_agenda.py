"""store.agenda: scheduled entries and greeting reminders in one list, in the reader's zone.

The book is `schedule_support`'s; today is Saturday 2026-11-28. Festival and
holiday dates are published facts: Christmas 25 December, Spring Festival
2026 on 17 February (and 1970 on 6 February), New Year's Day 2027 a public
holiday, Saturday 14 February 2026 a make-up working day (调休).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from schedule_support import (
    CHEN,
    DELOITTE,
    LINA,
    LIU,
    TODAY,
    WANG,
    ZHANG,
    ZONE,
    plan,
    seed_book,
)

from store import i18n
from store.agenda import AgendaEntry, agenda_entries, day_entries, entries_by_day
from store.db import Store
from store.greeting_config import DEFAULT_GREETINGS
from store.models import CalendarEvent, EventClient
from store.reminders import reminders_between
from store.schedule import cancel_event


@pytest.fixture
def book(store: Store) -> Store:
    seed_book(store)
    return store


def _plain(entries: list[AgendaEntry]) -> list[tuple[str, str | None, str, str, str]]:
    return [
        (e.day.isoformat(), e.at.strftime("%H:%M") if e.at else None, e.source, e.kind, e.title)
        for e in entries
    ]


def _stored(book: Store, starts_at: datetime, *, all_day: bool = False) -> str:
    """An entry written as a sync would bring it (any day, past ones too)."""
    with book.session() as session:
        event = CalendarEvent(
            title="",
            kind="visit",
            starts_at=starts_at,
            all_day=all_day,
            owner_manager_id=LINA,
            status="planned",
        )
        session.add(event)
        session.flush()
        session.add(EventClient(event_id=event.id, client_id=ZHANG))
        return event.id


def test_scheduled_entries_only_without_greeting_rules(book: Store) -> None:
    plan(book, date(2026, 12, 1), time(14, 30), (ZHANG,))
    plan(book, date(2026, 11, 30), None, (WANG, ZHANG), kind="club", title="高尔夫体验课")
    plan(book, date(2026, 11, 30), time(9, 0), (ZHANG,), kind="call", duration=15)
    gone = plan(book, date(2026, 12, 2), time(10, 0), (WANG,))
    cancel_event(book, gone)
    plan(book, date(2026, 12, 1), time(11, 0), (LIU,), manager=CHEN)
    plan(book, date(2026, 12, 5), time(10, 0), (ZHANG,))  # the 8th day: outside
    with book.read_session() as session:
        mine = agenda_entries(session, TODAY, 7, zone=ZONE, manager_id=LINA, greetings=None)
        everyone = agenda_entries(session, TODAY, 7, zone=ZONE, manager_id=None, greetings=None)
        with_cancelled = agenda_entries(
            session, TODAY, 7, zone=ZONE, manager_id=LINA, greetings=None, cancelled=True
        )
    assert _plain(mine) == [
        ("2026-11-30", None, "event", "club", "高尔夫体验课"),
        ("2026-11-30", "09:00", "event", "call", "Call: 张伟"),
        ("2026-12-01", "14:30", "event", "visit", "Visit: 张伟"),
    ]
    assert mine[0].clients == ("张伟", "王芳") and mine[0].client_ids == (ZHANG, WANG)
    assert {e.status for e in mine} == {"planned"}
    assert [e.title for e in everyone] == [
        "高尔夫体验课", "Call: 张伟", "Visit: 刘洋", "Visit: 张伟",
    ]  # fmt: skip
    assert [(e.day, e.status) for e in with_cancelled if e.status == "cancelled"] == [
        (date(2026, 12, 2), "cancelled")
    ]


def test_greeting_reminders_join_the_entries_of_their_day(book: Store) -> None:
    visit = plan(book, date(2026, 12, 1), time(10, 0), (ZHANG,), location="茅台镇")
    with book.read_session() as session:
        entries = agenda_entries(
            session, TODAY, 30, zone=ZONE, manager_id=LINA, greetings=DEFAULT_GREETINGS
        )
        expected = reminders_between(
            session, DEFAULT_GREETINGS, TODAY, date(2026, 12, 27), manager_id=LINA
        )
    assert _plain(entries) == [
        ("2026-12-01", None, "reminder", "birthday", "Birthday: 张伟"),
        ("2026-12-01", "10:00", "event", "visit", "Visit: 张伟"),
        ("2026-12-25", None, "reminder", "christmas", "Christmas: 德勤华永会计师事务所"),
    ]
    birthday, event, christmas = entries
    assert (event.id, event.detail) == (visit, "茅台镇")
    assert (birthday.id, birthday.status, birthday.detail) == (
        expected[0].id, "open", expected[0].detail,
    )  # fmt: skip
    assert christmas.client_ids == (DELOITTE,)
    # 陈静's client 刘洋 (birthday 3 December) is not in 李娜's agenda.
    assert all(LIU not in e.client_ids for e in entries)


def test_a_lunar_birthday_falls_on_its_lunar_date(book: Store) -> None:
    """王芳 was born on Spring Festival 1970; in 2026 that is 17 February."""
    with book.read_session() as session:
        entries = agenda_entries(
            session, date(2026, 2, 10), 14, zone=ZONE, manager_id=LINA,
            greetings=DEFAULT_GREETINGS,
        )  # fmt: skip
    on_the_day = [(e.kind, e.clients) for e in entries if e.day == date(2026, 2, 17)]
    assert ("birthday", ("王芳",)) in on_the_day
    assert ("spring_festival", ("王芳",)) in on_the_day
    assert ("spring_festival", ("张伟",)) in on_the_day
    assert all(e.day == date(2026, 2, 17) for e in entries if e.kind == "birthday")


def test_a_planned_entry_on_a_day_off_says_so(book: Store) -> None:
    saturday = plan(book, date(2026, 12, 5), time(10, 0), (ZHANG,))
    friday = plan(book, date(2026, 12, 4), time(10, 0), (ZHANG,))
    new_year = plan(book, date(2027, 1, 1), None, (ZHANG,))
    makeup = _stored(book, datetime(2026, 2, 14, 2, 0, tzinfo=UTC))  # 10:00 in Shanghai
    with book.read_session() as session:
        entries = agenda_entries(session, date(2026, 2, 1), 400, zone=ZONE, manager_id=LINA,
                                 greetings=None)  # fmt: skip
    warnings = {e.id: e.holiday for e in entries}
    assert warnings[friday] is None
    assert warnings[makeup] is None  # a 调休 Saturday is a working day
    assert warnings[saturday] == (
        "2026-12-05 is a Saturday; the previous working day is Fri 2026-12-04"
    )
    new_year_warning = warnings[new_year]
    assert new_year_warning is not None
    assert "2027-01-01" in new_year_warning and "Thu 2026-12-31" in new_year_warning
    cancel_event(book, saturday)
    with book.read_session() as session:
        (cancelled,) = day_entries(session, date(2026, 12, 5), zone=ZONE, manager_id=LINA,
                                   greetings=None, cancelled=True)  # fmt: skip
    assert cancelled.holiday is None  # nothing to warn about any more


def test_an_entry_made_in_shanghai_shows_at_local_time_elsewhere(book: Store) -> None:
    """10:00 in Shanghai (UTC+8) is 02:00 in London (GMT) and 21:00 the day before in New York."""
    morning = plan(book, date(2026, 12, 5), time(10, 0), (ZHANG,), zone="Asia/Shanghai")
    all_day = plan(book, date(2026, 12, 5), None, (WANG,), zone="Asia/Shanghai")
    with book.read_session() as session:
        stored = session.get(CalendarEvent, morning)
        assert stored is not None
        assert stored.starts_at == datetime(2026, 12, 5, 2, 0, tzinfo=UTC)

        def seen(zone: str, start: date, days: int) -> dict[str, tuple[str, str | None]]:
            entries = agenda_entries(session, start, days, zone=zone, manager_id=LINA,
                                     greetings=None)  # fmt: skip
            return {e.id: (e.day.isoformat(), e.at.strftime("%H:%M") if e.at else None)
                    for e in entries}  # fmt: skip

        assert seen("Asia/Shanghai", date(2026, 12, 5), 1) == {
            morning: ("2026-12-05", "10:00"), all_day: ("2026-12-05", None),
        }  # fmt: skip
        assert seen("Europe/London", date(2026, 12, 5), 1) == {
            morning: ("2026-12-05", "02:00"), all_day: ("2026-12-05", None),
        }  # fmt: skip
        # In New York it is still Friday evening: not on Saturday's page.
        assert seen("America/New_York", date(2026, 12, 5), 1) == {all_day: ("2026-12-05", None)}
        assert seen("America/New_York", date(2026, 12, 4), 1) == {
            morning: ("2026-12-04", "21:00"),
        }  # fmt: skip


def test_an_entry_made_in_london_shows_at_local_time_in_shanghai(book: Store) -> None:
    """Planned on a trip for 16:00 London time: in Shanghai that is 00:00 the next day."""
    late = plan(book, date(2026, 12, 7), time(16, 0), (ZHANG,), zone="Europe/London")
    with book.read_session() as session:
        (entry,) = day_entries(session, date(2026, 12, 8), zone=ZONE, manager_id=LINA,
                               greetings=None)  # fmt: skip
    assert (entry.id, entry.day, entry.at) == (late, date(2026, 12, 8), time(0, 0))


def test_titles_follow_the_language(book: Store) -> None:
    plan(book, date(2026, 12, 1), time(10, 0), (ZHANG,))
    i18n.set_language("zh")
    with book.read_session() as session:
        entries = agenda_entries(
            session, TODAY, 7, zone=ZONE, manager_id=LINA, greetings=DEFAULT_GREETINGS
        )
    assert [e.title for e in entries] == ["生日：张伟", "拜访张伟"]


def test_entries_by_day_groups_in_agenda_order(book: Store) -> None:
    plan(book, date(2026, 12, 1), time(15, 0), (ZHANG,))
    plan(book, date(2026, 12, 1), time(9, 0), (WANG,))
    plan(book, date(2026, 12, 3), time(9, 0), (WANG,))
    with book.read_session() as session:
        entries = agenda_entries(
            session, TODAY, 7, zone=ZONE, manager_id=LINA, greetings=DEFAULT_GREETINGS
        )
    grouped = entries_by_day(entries)
    assert list(grouped) == [date(2026, 12, 1), date(2026, 12, 3)]
    assert [(e.source, e.at) for e in grouped[date(2026, 12, 1)]] == [
        ("reminder", None), ("event", time(9, 0)), ("event", time(15, 0)),
    ]  # fmt: skip


def test_no_days_no_entries(book: Store) -> None:
    plan(book, TODAY, time(18, 0), (ZHANG,))
    with book.read_session() as session:
        assert agenda_entries(session, TODAY, 0, zone=ZONE, manager_id=LINA,
                              greetings=DEFAULT_GREETINGS) == []  # fmt: skip
        assert len(agenda_entries(session, TODAY, 1, zone=ZONE, manager_id=LINA,
                                  greetings=None)) == 1  # fmt: skip
