"""store.greetings: completing a reminder logs a greeting; dismissing and reopening it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from store import i18n
from store.db import Store
from store.errors import ClientdeskError, ValidationError
from store.exporting import export_visits
from store.greeting_config import DEFAULT_GREETINGS
from store.greetings import (
    complete_greeting,
    complete_greetings,
    dismiss_greeting,
    greeting_line,
    reopen_greeting,
    validate_greeting_form,
)
from store.models import (
    Client,
    ClientRelation,
    Interaction,
    InteractionParticipant,
    KeyContact,
    Task,
)
from store.reminders import Reminder, reminders_between
from store.visit_log import interaction_detail, interactions_for_client
from tests.unit.test_reminders import LINA, TODAY, WEEK_END, _client, _id, seed

ZONE = "Asia/Shanghai"


@pytest.fixture
def book(store: Store) -> Store:
    seed(store)
    store.manager_id = LINA
    return store


def _week(store: Store) -> dict[str, Reminder]:
    with store.read_session() as session:
        found = reminders_between(session, DEFAULT_GREETINGS, TODAY, WEEK_END, manager_id=LINA)
    return {r.person: r for r in found}


def _counts(store: Store) -> tuple[int, int, int]:
    with store.read_session() as session:
        return tuple(  # type: ignore[return-value]
            session.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (Interaction, InteractionParticipant, Task)
        )


def test_completing_logs_a_greeting_and_closes_the_reminder(book: Store) -> None:
    zhang = _week(book)["张伟"]
    entry_id = complete_greeting(book, zhang, channel="gift", cost_fen=38_800, zone=ZONE)
    with book.read_session() as session:
        entry = session.get(Interaction, entry_id)
        assert entry is not None
        assert (entry.client_id, entry.kind, entry.purpose) == (zhang.client_id, "greeting",
                                                                "greeting")  # fmt: skip
        assert (entry.channel, entry.cost_fen) == ("gift", 38_800)
        assert entry.summary == "Birthday greeting by Gift"
        assert entry.recorded_by_id == LINA
        assert entry.occurred_at.isoformat() == "2026-11-28T01:00:00+00:00"  # now: 09:00 local
        present = session.scalars(select(InteractionParticipant.manager_id).where(
            InteractionParticipant.interaction_id == entry_id)).all()  # fmt: skip
        assert present == [LINA]
        task = session.get(Task, zhang.id)
        assert task is not None
        assert (task.source, task.occasion, task.status, task.due_on) == (
            "greeting", "birthday", "done", date(2026, 12, 1))
        assert (task.client_id, task.assignee_id, task.interaction_id) == (
            zhang.client_id, LINA, entry_id)
        assert task.title == ""  # named when shown, in the reader's language
    assert _week(book)["张伟"].status == "done"


def test_a_note_is_the_summary_and_a_key_contact_is_named(book: Store) -> None:
    i18n.set_language("zh")
    week = _week(book)
    noted = complete_greeting(book, week["张伟"], channel="card", cost_fen=None,
                              note="  寄送生日贺卡，附手写祝福。 ", zone=ZONE)  # fmt: skip
    contact = complete_greeting(book, week["王总"], channel="鲜花", cost_fen=20_000, zone=ZONE)
    with book.read_session() as session:
        assert session.get(Interaction, noted).summary == "寄送生日贺卡，附手写祝福。"  # type: ignore[union-attr]
        entry = session.get(Interaction, contact)
        assert entry is not None
        assert (entry.summary, entry.channel) == ("高管生日问候王总（鲜花）", "flowers")
        assert entry.client_id == week["王总"].client_id  # the company's log


@pytest.mark.parametrize(
    ("kwargs", "column"),
    [
        ({"channel": "pigeon", "cost_fen": None}, "channel"),
        ({"channel": "", "cost_fen": None}, "channel"),
        ({"channel": "gift", "cost_fen": -100}, "cost"),
        ({"channel": "gift", "cost_fen": None, "note": "x" * 10_001}, "note"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    book: Store, kwargs: dict[str, Any], column: str
) -> None:
    before = _counts(book)
    with pytest.raises(ValidationError) as caught:
        complete_greeting(book, _week(book)["张伟"], zone=ZONE, **kwargs)
    assert caught.value.column == column  # type: ignore[attr-defined]
    assert _counts(book) == before
    assert _week(book)["张伟"].status == "open"


def test_a_float_cost_is_a_programming_error(book: Store) -> None:
    with pytest.raises(TypeError):
        complete_greeting(book, _week(book)["张伟"], channel="gift", cost_fen=12.5,  # type: ignore[arg-type]
                          zone=ZONE)  # fmt: skip


def test_a_client_gone_meanwhile_is_refused(book: Store) -> None:
    zhang = _week(book)["张伟"]
    with book.session() as session:
        client = session.get(Client, zhang.client_id)
        assert client is not None
        client.deleted = True
    before = _counts(book)
    with pytest.raises(ValidationError, match="does not exist"):
        complete_greeting(book, zhang, channel="sms", cost_fen=None, zone=ZONE)
    with pytest.raises(ValidationError):
        dismiss_greeting(book, zhang)
    assert _counts(book) == before


def test_a_greeting_already_logged_is_refused_and_nothing_is_written(book: Store) -> None:
    """Completing twice would log the greeting twice and count its cost twice."""
    zhang = _week(book)["张伟"]
    complete_greeting(book, zhang, channel="gift", cost_fen=38_800, zone=ZONE)
    before = _counts(book)
    i18n.set_language("zh")
    with pytest.raises(ClientdeskError) as caught:
        complete_greeting(book, zhang, channel="gift", cost_fen=38_800, zone=ZONE)
    assert caught.value.message() == "张伟的生日问候已于 2026-11-28 记过"
    # A done greeting is not dismissed either: it was sent; reopen it first.
    with pytest.raises(ClientdeskError, match="不能略过；如需更改请先撤销"):
        dismiss_greeting(book, zhang)
    assert _counts(book) == before
    with book.read_session() as session:
        cost = session.scalar(select(func.sum(Interaction.cost_fen)))
        assert cost == 38_800
    assert _week(book)["张伟"].status == "done"
    reopen_greeting(book, zhang.id)
    dismiss_greeting(book, zhang)  # reopened first: now it may be put aside
    assert _week(book)["张伟"].status == "dismissed"
    complete_greeting(book, zhang, channel="sms", cost_fen=None, zone=ZONE)  # sent after all
    assert _week(book)["张伟"].status == "done"


def test_a_task_marked_done_without_a_logged_greeting_is_refused_too(book: Store) -> None:
    wu = _week(book)["吴强"]
    with book.session() as session:
        session.add(Task(id=wu.id, title="", client_id=wu.client_id, assignee_id=LINA,
                         due_on=wu.on, status="done", source="greeting", occasion="wedding"))
    with pytest.raises(ClientdeskError) as caught:
        complete_greeting(book, wu, channel="card", cost_fen=None, zone=ZONE)
    assert caught.value.message() == (
        "Wedding anniversary greeting to 吴强 is already marked done")


@pytest.mark.parametrize("change", [{"status": "archived"}, {"deleted": True}])
def test_an_archived_or_deleted_clients_greeting_is_refused(
    book: Store, change: dict[str, Any]
) -> None:
    zhang = _week(book)["张伟"]
    with book.session() as session:
        client = session.get(Client, zhang.client_id)
        assert client is not None
        for name, value in change.items():
            setattr(client, name, value)
    before = _counts(book)
    for act in (lambda: complete_greeting(book, zhang, channel="sms", cost_fen=None, zone=ZONE),
                lambda: dismiss_greeting(book, zhang)):  # fmt: skip
        with pytest.raises(ValidationError) as caught:
            act()
        assert caught.value.message().startswith("Client: the client ")
    assert _counts(book) == before


@pytest.mark.parametrize("change", [{"deleted": True}, {"client_id": _id(6)}])
def test_a_key_contact_gone_meanwhile_is_refused(book: Store, change: dict[str, Any]) -> None:
    wang = _week(book)["王总"]
    with book.session() as session:
        contact = session.get(KeyContact, wang.subject_ids[0])
        assert contact is not None
        for name, value in change.items():
            setattr(contact, name, value)
    before = _counts(book)
    with pytest.raises(ClientdeskError, match="key contact 王总 was deleted"):
        complete_greeting(book, wang, channel="flowers", cost_fen=20_000, zone=ZONE)
    with pytest.raises(ClientdeskError, match="key contact 王总"):
        dismiss_greeting(book, wang)
    assert _counts(book) == before


def test_a_couples_greeting_is_refused_once_a_spouse_is_gone(book: Store) -> None:
    with book.session() as session:
        session.add_all([
            _client(_id(31), "张军", marital_status="married", wedding_date=date(2001, 11, 29)),
            _client(_id(32), "王丽", marital_status="married", wedding_date=date(2001, 11, 29)),
        ])  # fmt: skip
        session.flush()
        session.add(ClientRelation(from_client_id=_id(31), to_client_id=_id(32), kind="spouse"))
    couple = _week(book)["张军 & 王丽"]
    assert couple.subject_ids == (_id(31), _id(32))
    with book.session() as session:
        wife = session.get(Client, _id(32))
        assert wife is not None
        wife.deleted = True
    before = _counts(book)
    with pytest.raises(ClientdeskError, match="no longer exists"):
        complete_greeting(book, couple, channel="card", cost_fen=None, zone=ZONE)
    assert _counts(book) == before


def test_dismiss_reopen_and_complete_again_keep_one_task(book: Store) -> None:
    wu = _week(book)["吴强"]
    dismiss_greeting(book, wu)
    assert _week(book)["吴强"].status == "dismissed"
    reopen_greeting(book, wu.id)
    assert _week(book)["吴强"].status == "open"
    with book.read_session() as session:
        task = session.get(Task, wu.id)
        assert task is not None and task.deleted  # a tombstone: the undo syncs too
    entry = complete_greeting(book, wu, channel="flowers", cost_fen=50_000, zone=ZONE)
    assert _week(book)["吴强"].status == "done"
    with book.read_session() as session:
        tasks = session.scalars(select(Task).where(Task.source == "greeting")).all()
        assert [(t.id, t.status, t.deleted, t.interaction_id) for t in tasks] == [
            (wu.id, "done", False, entry)]
    reopen_greeting(book, "no-such-reminder")  # nothing to undo: nothing happens
    reopen_greeting(book, wu.id)
    with book.read_session() as session:  # the logged greeting stays in the visit log
        assert session.get(Interaction, entry).deleted is False  # type: ignore[union-attr]


# --- the form -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "channel", "cost_fen"),
    [
        ({"channel": "gift", "cost": "200"}, "gift", 20_000),
        ({"channel": " Flowers ", "cost": "1,200.50"}, "flowers", 120_050),
        ({"channel": "蛋糕", "cost": "¥88"}, "cake", 8_800),
        ({"channel": "SMS", "cost": ""}, "sms", None),
        ({"channel": "call"}, "call", None),
    ],
)
def test_the_form_reads_channels_by_code_or_label_and_cost_in_yuan(
    values: dict[str, str], channel: str, cost_fen: int | None
) -> None:
    clean, errors = validate_greeting_form(values)
    assert errors == {}
    assert (clean["channel"], clean["cost_fen"]) == (channel, cost_fen)


def test_the_form_names_every_bad_field() -> None:
    clean, errors = validate_greeting_form({"channel": "pigeon", "cost": "-5", "note": "好"})
    assert set(errors) == {"channel", "cost"}
    assert errors["channel"].startswith("Channel: ")
    assert "SMS, Card, Flowers, Cake, Gift, Call" in errors["channel"]
    assert errors["cost"].startswith("Cost (yuan): ")
    assert clean["note"] == "好"
    _, missing = validate_greeting_form({"channel": "", "cost": "12.345"})
    assert missing["channel"] == "Channel: is required"
    assert set(missing) == {"channel", "cost"}


def test_the_form_speaks_chinese() -> None:
    i18n.set_language("zh")
    _, errors = validate_greeting_form({"channel": "信鸽", "cost": "abc"})
    assert errors["channel"].startswith("问候方式")
    assert "短信、贺卡、鲜花、蛋糕、礼品、电话" in errors["channel"]
    assert errors["cost"].startswith("费用（元）")


# --- the visit log and its export show how a greeting went out -----------------------------


def test_the_visit_log_and_its_export_show_channel_and_cost(book: Store, tmp_path: Path) -> None:
    zhang = _week(book)["张伟"]
    entry_id = complete_greeting(book, zhang, channel="gift", cost_fen=38_800, zone=ZONE)
    with book.read_session() as session:
        row = interactions_for_client(session, zhang.client_id)[0]
        detail = interaction_detail(session, entry_id)
        export_visits(session, tmp_path / "zh.csv", ZONE)
        export_visits(session, tmp_path / "keys.csv", ZONE, headers="keys")
    assert (row.id, row.channel, row.cost_fen) == (entry_id, "gift", 38_800)
    assert detail is not None and (detail.channel, detail.cost_fen) == ("gift", 38_800)
    assert greeting_line(row.channel, row.cost_fen) == "Gift · ¥388.00"
    assert greeting_line(None, None) == ""
    i18n.set_language("zh")
    assert greeting_line("cake", None) == "蛋糕"
    zh = (tmp_path / "zh.csv").read_text(encoding="utf-8-sig").splitlines()
    keys = (tmp_path / "keys.csv").read_text(encoding="utf-8-sig").splitlines()
    assert zh[0].endswith(",问候方式,费用(元)") and zh[1].endswith(",礼品,388.00")
    assert keys[0].endswith(",channel,cost") and keys[1].endswith(",gift,388.00")


# --- many at once (complete_greetings) -----------------------------------------------------


def _logged_for(store: Store, reminder_ids: list[str]) -> dict[str, tuple[str, int | None]]:
    """(channel, cost) of the entry each reminder's done task links to."""
    found: dict[str, tuple[str, int | None]] = {}
    with store.read_session() as session:
        for reminder_id in reminder_ids:
            task = session.get(Task, reminder_id)
            if task is not None and task.status == "done" and task.interaction_id:
                entry = session.get(Interaction, task.interaction_id)
                assert entry is not None
                found[reminder_id] = (entry.channel, entry.cost_fen)
    return found


def test_many_greetings_are_logged_at_once_with_one_channel_and_cost_each(book: Store) -> None:
    week = _week(book)
    chosen = [week["张伟"], week["王总"], week["吴强"]]
    before = _counts(book)
    result = complete_greetings(book, chosen, channel="sms", cost_fen=50, zone=ZONE)
    assert result.skipped == []
    assert len(result.entry_ids) == len(set(result.entry_ids)) == 3
    assert _logged_for(book, [r.id for r in chosen]) == {r.id: ("sms", 50) for r in chosen}
    with book.read_session() as session:
        entries = [session.get(Interaction, entry_id) for entry_id in result.entry_ids]
        assert [e.client_id for e in entries] == [r.client_id for r in chosen]  # type: ignore[union-attr]
        assert session.scalar(select(func.sum(Interaction.cost_fen))) == 150  # 50 fen each
    interactions, _, tasks = _counts(book)
    assert (interactions - before[0], tasks - before[2]) == (3, 3)
    assert {_week(book)[r.person].status for r in chosen} == {"done"}


def test_many_greetings_are_one_transaction(book: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure while writing the third leaves the first two unwritten as well."""
    import store.greetings as greetings

    week = _week(book)
    chosen = [week["张伟"], week["王总"], week["吴强"]]
    real = greetings._put_task
    calls: list[str] = []

    def fail_third(session: Any, reminder: Reminder, *args: Any) -> None:
        calls.append(reminder.id)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        real(session, reminder, *args)

    monkeypatch.setattr(greetings, "_put_task", fail_third)
    before = _counts(book)
    with pytest.raises(RuntimeError):
        complete_greetings(book, chosen, channel="sms", cost_fen=None, zone=ZONE)
    assert len(calls) == 3
    assert _counts(book) == before
    assert {_week(book)[r.person].status for r in chosen} == {"open"}


@pytest.mark.parametrize(
    ("kwargs", "column"),
    [({"channel": "pigeon", "cost_fen": None}, "channel"),
     ({"channel": "sms", "cost_fen": -1}, "cost")],
)  # fmt: skip
def test_a_bad_channel_or_cost_refuses_the_whole_batch(
    book: Store, kwargs: dict[str, Any], column: str
) -> None:
    week = _week(book)
    before = _counts(book)
    with pytest.raises(ValidationError) as caught:
        complete_greetings(book, [week["张伟"], week["吴强"]], zone=ZONE, **kwargs)
    assert caught.value.column == column  # type: ignore[attr-defined]
    assert _counts(book) == before
    assert (_week(book)["张伟"].status, _week(book)["吴强"].status) == ("open", "open")


def test_a_done_or_gone_reminder_is_skipped_and_reported_the_rest_logged(book: Store) -> None:
    week = _week(book)
    zhang, wu, wang = week["张伟"], week["吴强"], week["王总"]
    complete_greeting(book, zhang, channel="gift", cost_fen=38_800, zone=ZONE)  # done already
    with book.session() as session:
        client = session.get(Client, wu.client_id)
        assert client is not None
        client.deleted = True  # gone meanwhile
    result = complete_greetings(book, [zhang, wu, wang], channel="card", cost_fen=1_000,
                                zone=ZONE)  # fmt: skip
    assert [s.reminder for s in result.skipped] == [zhang, wu]
    assert result.skipped[0].reason == "Birthday greeting to 张伟 was already logged on 2026-11-28"
    assert "does not exist" in result.skipped[1].reason
    assert len(result.entry_ids) == 1
    assert _logged_for(book, [zhang.id, wu.id, wang.id]) == {
        zhang.id: ("gift", 38_800), wang.id: ("card", 1_000)}  # 张伟's first greeting stands
    with book.read_session() as session:
        assert session.scalar(select(func.count()).select_from(Interaction)) == 2
