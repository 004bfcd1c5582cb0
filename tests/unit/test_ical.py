"""store.ical: the schedule as an RFC 5545 file, read back with the icalendar package.

The book is `schedule_support`'s; today is Saturday 2026-11-28 in Shanghai.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import icalendar
import pytest
from schedule_support import CHEN, LINA, LIU, TODAY, WANG, ZHANG, ZONE, plan, seed_book

from store import i18n
from store.db import Store
from store.exporting import ExportError
from store.greeting_config import DEFAULT_GREETINGS
from store.greetings import dismiss_greeting
from store.ical import calendar_ics, export_calendar
from store.reminders import reminders_between
from store.schedule import cancel_event, event_rows, move_event, restore_event


@pytest.fixture
def book(store: Store) -> Store:
    """A visit with everything filled in, an all-day club day, a cancelled and 陈静's entry."""
    seed_book(store)
    plan(store, date(2026, 12, 2), time(10, 0), (ZHANG,), duration=90, reminder=30,
         location="茅台镇国酒路8号", notes="带上理财资料；客户手机 13900000001")  # fmt: skip
    plan(store, date(2026, 12, 12), None, (ZHANG, WANG), kind="club", title="高尔夫体验课")
    gone = plan(store, date(2026, 12, 3), time(15, 0), (WANG,))
    cancel_event(store, gone)
    plan(store, date(2026, 12, 2), time(11, 0), (LIU,), manager=CHEN)
    return store


def _export(book: Store, tmp_path: Path, **options: object) -> tuple[int, bytes]:
    target = tmp_path / "schedule.ics"
    settings: dict[str, object] = {
        "start": TODAY, "days": 90, "zone": ZONE, "manager_id": LINA, "greetings": None,
        "details": False,
    }  # fmt: skip
    settings.update(options)
    count = export_calendar(book, target, **settings)  # type: ignore[arg-type]
    return count, target.read_bytes()


def _events(data: bytes) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    return [c for c in calendar.walk() if c.name == "VEVENT"]


def _by_summary(data: bytes) -> dict[str, icalendar.Event]:
    return {str(e["SUMMARY"]): e for e in _events(data)}


def test_the_file_is_a_calendar_that_a_library_reads_back(book: Store, tmp_path: Path) -> None:
    count, data = _export(book, tmp_path)
    calendar = icalendar.Calendar.from_ical(data)
    assert (str(calendar["VERSION"]), str(calendar["CALSCALE"])) == ("2.0", "GREGORIAN")
    assert str(calendar["PRODID"]).startswith("-//clientdesk//clientdesk ")
    # The planned visit and club day; the cancelled entry only as cancelled; not 陈静's.
    assert count == 2
    assert sorted(s for s, e in _by_summary(data).items() if e["STATUS"] != "CANCELLED") == [
        "Club activity · 高尔夫体验课 · 张伟、王芳",
        "Visit · 张伟",
    ]
    with book.read_session() as session:
        ids = {r.kind: r.id for r in event_rows(session, TODAY, 90, zone=ZONE, manager_id=LINA)}
    shown = {str(e["UID"]) for e in _events(data) if e["STATUS"] != "CANCELLED"}
    assert shown == {f"{i}@clientdesk" for i in ids.values()}


def test_a_timed_entry_is_in_utc_with_its_end_and_reminder(book: Store, tmp_path: Path) -> None:
    _, data = _export(book, tmp_path)
    visit = _by_summary(data)["Visit · 张伟"]
    start, end = visit.decoded("DTSTART"), visit.decoded("DTEND")
    # 10:00 in Shanghai is 02:00 UTC, and the file says so with a Z.
    assert start == datetime(2026, 12, 2, 2, 0, tzinfo=UTC)
    assert start.utcoffset() == timedelta(0)
    assert end - start == timedelta(minutes=90)
    assert b"DTSTART:20261202T020000Z" in data
    assert visit.decoded("DTSTAMP") == datetime(2026, 11, 28, 1, 0, tzinfo=UTC)  # 09:00 local
    (alarm,) = visit.subcomponents
    assert alarm.name == "VALARM"
    assert (str(alarm["ACTION"]), alarm.decoded("TRIGGER")) == ("DISPLAY", timedelta(minutes=-30))
    assert str(alarm["DESCRIPTION"]) == "Visit · 张伟"


def test_an_all_day_entry_is_a_date_ending_the_next_day(book: Store, tmp_path: Path) -> None:
    _, data = _export(book, tmp_path)
    club = _by_summary(data)["Club activity · 高尔夫体验课 · 张伟、王芳"]
    assert club.decoded("DTSTART") == date(2026, 12, 12)
    assert not isinstance(club.decoded("DTSTART"), datetime)
    assert club.decoded("DTEND") == date(2026, 12, 13)  # the end is exclusive (RFC 5545)
    assert b"DTSTART;VALUE=DATE:20261212" in data
    assert club.subcomponents == []  # no reminder lead was set


def test_client_details_stay_out_unless_asked_for(book: Store, tmp_path: Path) -> None:
    _, data = _export(book, tmp_path)
    text = data.decode("utf-8")
    for private in ("茅台镇", "理财", "13900000001"):
        assert private not in text
    visit = _by_summary(data)["Visit · 张伟"]
    assert "LOCATION" not in visit and "DESCRIPTION" not in visit
    _, detailed = _export(book, tmp_path, details=True)
    visit = _by_summary(detailed)["Visit · 张伟"]
    assert str(visit["LOCATION"]) == "茅台镇国酒路8号"
    assert str(visit["DESCRIPTION"]) == "带上理财资料；客户手机 13900000001"


def test_greeting_reminders_are_all_day_with_an_alarm_at_nine_on_their_lead_day(
    book: Store, tmp_path: Path
) -> None:
    count, data = _export(book, tmp_path, days=30, greetings=DEFAULT_GREETINGS)
    with book.read_session() as session:
        found = reminders_between(session, DEFAULT_GREETINGS, TODAY, date(2026, 12, 27),
                                  manager_id=LINA)  # fmt: skip
    assert count == 2 + len(found)
    summaries = _by_summary(data)
    birthday = summaries["Birthday · 张伟"]
    christmas = summaries["Christmas · 德勤华永会计师事务所"]
    assert str(birthday["UID"]) == f"{found[0].id}@clientdesk"
    assert (birthday.decoded("DTSTART"), birthday.decoded("DTEND")) == (
        date(2026, 12, 1), date(2026, 12, 2),
    )  # fmt: skip
    assert christmas.decoded("DTSTART") == date(2026, 12, 25)
    assert str(birthday["TRANSP"]) == "TRANSPARENT"
    # Birthdays are greeted 3 days ahead: the alarm rings 28 November at 09:00.
    (alarm,) = birthday.subcomponents
    assert alarm.decoded("TRIGGER") == -timedelta(days=3) + timedelta(hours=9)
    (alarm,) = christmas.subcomponents
    assert alarm.decoded("TRIGGER") == -timedelta(days=5) + timedelta(hours=9)
    # The detail says the age: only with details.
    assert "DESCRIPTION" not in birthday and "60" not in str(birthday.to_ical(), "utf-8")
    _, detailed = _export(book, tmp_path, days=30, greetings=DEFAULT_GREETINGS, details=True)
    assert str(_by_summary(detailed)["Birthday · 张伟"]["DESCRIPTION"]) == found[0].detail


def test_a_dismissed_greeting_is_left_out(book: Store, tmp_path: Path) -> None:
    with book.read_session() as session:
        (birthday,) = [
            r for r in reminders_between(session, DEFAULT_GREETINGS, TODAY, date(2026, 12, 27),
                                         manager_id=LINA)
            if r.occasion == "birthday"
        ]  # fmt: skip
    dismiss_greeting(book, birthday)
    _, data = _export(book, tmp_path, days=30, greetings=DEFAULT_GREETINGS)
    assert "Birthday · 张伟" not in _by_summary(data)
    assert "Christmas · 德勤华永会计师事务所" in _by_summary(data)


def test_lines_are_crlf_and_folded_at_75_octets(book: Store, tmp_path: Path) -> None:
    i18n.set_language("zh")  # long Chinese summaries, three octets a character
    plan(book, date(2026, 12, 20), time(9, 0), (ZHANG, WANG), kind="club",
         title="贵宾俱乐部年终答谢会暨二〇二七年财富管理趋势与资产配置专题讲座")  # fmt: skip
    _, data = _export(book, tmp_path, details=True)
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)
    assert all(b"\n" not in line for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # a folded line continues with a space
    summaries = _by_summary(data)
    assert (
        "俱乐部活动 · 贵宾俱乐部年终答谢会暨二〇二七年财富管理趋势与资产配置专题讲座 · 张伟、王芳"
        in (summaries)
    )
    assert "拜访 · 张伟" in summaries


def test_the_file_does_not_depend_on_the_zone_it_is_exported_in(
    book: Store, tmp_path: Path
) -> None:
    """Instants are UTC and all-day entries dates: a manager abroad exports the same schedule."""
    _, shanghai = _export(book, tmp_path)
    _, london = _export(book, tmp_path, zone="Europe/London")

    def instants(data: bytes) -> dict[str, object]:
        return {str(e["UID"]): (e.decoded("DTSTART"), e.decoded("DTEND")) for e in _events(data)}

    assert instants(shanghai) == instants(london)


def test_uids_are_stable_between_exports(book: Store, tmp_path: Path) -> None:
    """A newer export imported over an older one updates entries instead of doubling them."""
    _, first = _export(book, tmp_path)
    _, second = _export(book, tmp_path)
    assert first == second


@pytest.mark.parametrize("name", ["schedule.csv", "schedule", "schedule.ics.txt"])
def test_a_name_not_ending_ics_is_refused(book: Store, tmp_path: Path, name: str) -> None:
    with pytest.raises(ExportError) as caught:
        export_calendar(book, tmp_path / name, start=TODAY, days=90, zone=ZONE, manager_id=LINA,
                        greetings=None, details=False)  # fmt: skip
    assert caught.value.key == "ical.not_ics"
    assert ".ics" in caught.value.message()
    assert list(tmp_path.iterdir()) == [tmp_path / "home"]  # nothing written


def test_a_missing_folder_is_named_and_no_part_file_stays(book: Store, tmp_path: Path) -> None:
    with pytest.raises(ExportError) as caught:
        export_calendar(book, tmp_path / "no" / "x.ics", start=TODAY, days=90, zone=ZONE,
                        manager_id=LINA, greetings=None, details=False)  # fmt: skip
    assert caught.value.key == "export.no_folder"
    target = tmp_path / "ok.ics"
    target.write_text("old")
    export_calendar(book, target, start=TODAY, days=90, zone=ZONE, manager_id=LINA,
                    greetings=None, details=False)  # fmt: skip
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "ok.ics"]


def test_nothing_to_export_writes_no_file(book: Store, tmp_path: Path) -> None:
    target = tmp_path / "empty.ics"
    before = sorted(tmp_path.iterdir())
    with pytest.raises(ExportError) as caught:
        export_calendar(book, target, start=date(2030, 1, 1), days=7, zone=ZONE,
                        manager_id=LINA, greetings=None, details=False)  # fmt: skip
    assert caught.value.key == "ical.nothing"
    assert sorted(tmp_path.iterdir()) == before


def test_an_all_day_entrys_alarm_rings_in_the_morning_not_the_evening_before(
    book: Store, tmp_path: Path
) -> None:
    plan(book, date(2026, 12, 20), None, (ZHANG,), kind="meeting", title="年终答谢会",
         reminder=60)
    plan(book, date(2026, 12, 21), None, (ZHANG,), kind="meeting", title="年会彩排",
         reminder=2 * 24 * 60)
    _, data = _export(book, tmp_path)
    (same_day,) = _by_summary(data)["Meeting · 年终答谢会 · 张伟"].subcomponents
    assert same_day.decoded("TRIGGER") == timedelta(hours=9)  # 09:00 on the day
    (two_days,) = _by_summary(data)["Meeting · 年会彩排 · 张伟"].subcomponents
    assert two_days.decoded("TRIGGER") == -timedelta(days=2) + timedelta(hours=9)


def test_an_empty_schedule_is_still_a_valid_calendar() -> None:
    data = calendar_ics([], details=False)
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar.name == "VCALENDAR" and _events(data) == []


def _sequence(data: bytes, summary: str) -> int:
    return int(_by_summary(data)[summary].decoded("SEQUENCE"))


def test_a_cancelled_entry_is_written_cancelled_so_a_phone_drops_it(
    book: Store, tmp_path: Path
) -> None:
    _, data = _export(book, tmp_path)
    gone = _by_summary(data)["Visit · 王芳"]
    assert str(gone["STATUS"]) == "CANCELLED"
    assert gone.subcomponents == []  # no alarm for a visit that will not happen
    assert str(_by_summary(data)["Visit · 张伟"]["STATUS"]) == "CONFIRMED"
    # Cancelling was a change: its SEQUENCE is above the never-changed entries' 0.
    assert _sequence(data, "Visit · 王芳") == 1
    assert _sequence(data, "Visit · 张伟") == 0


def test_the_sequence_grows_with_every_change_of_an_entry(book: Store, tmp_path: Path) -> None:
    entry = plan(book, date(2026, 12, 9), time(14, 0), (ZHANG,), kind="call")
    seen = [_sequence(_export(book, tmp_path)[1], "Call · 张伟")]
    cancel_event(book, entry)
    _, cancelled = _export(book, tmp_path)
    seen.append(_sequence(cancelled, "Call · 张伟"))
    assert str(_by_summary(cancelled)["Call · 张伟"]["STATUS"]) == "CANCELLED"
    restore_event(book, entry)
    _, restored = _export(book, tmp_path)
    seen.append(_sequence(restored, "Call · 张伟"))
    assert str(_by_summary(restored)["Call · 张伟"]["STATUS"]) == "CONFIRMED"
    move_event(book, entry, date(2026, 12, 10), zone=ZONE)
    seen.append(_sequence(_export(book, tmp_path)[1], "Call · 张伟"))
    assert seen == sorted(set(seen)) and len(seen) == 4, seen  # strictly increasing


def test_a_window_with_only_a_cancelled_entry_is_still_written(
    book: Store, tmp_path: Path
) -> None:
    """The phone must hear of the cancellation even when nothing else is planned then."""
    entry = plan(book, date(2027, 3, 3), time(10, 0), (ZHANG,))
    cancel_event(book, entry)
    count, data = _export(book, tmp_path, start=date(2027, 3, 1), days=7)
    assert count == 0
    (only,) = _events(data)
    assert str(only["UID"]) == f"{entry}@clientdesk"
    assert str(only["STATUS"]) == "CANCELLED"


def test_the_file_is_readable_by_its_owner_only(book: Store, tmp_path: Path) -> None:
    # It names clients and when they are visited: as private as the store.
    _export(book, tmp_path)
    assert (tmp_path / "schedule.ics").stat().st_mode & 0o777 == 0o600
