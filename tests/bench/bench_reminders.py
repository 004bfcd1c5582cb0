"""Greeting reminder timings on a 100,000-client demo store; JSON lines.

    python3 tests/bench/bench_reminders.py [--clients 100000] [--repeats 5] [--cache DIR]

Uses the demo store that `bench_client_book.py` builds and caches (built
on first use, about two minutes at 100k clients). Figures, in ms (wall
clock, with ``cpu`` the same statistic in this thread's CPU time):

- ``reminders_manager_week_cold`` / ``_p50``: `reminders_between()` for the
  signed-in manager's coming week (the demo gives 李娜 a 17k-client book),
  the first call in the process (lunar library loaded, no conversion
  cached) and then warm;
- ``reminders_manager3k_week_p50``: the same for the manager whose book is
  nearest 3,000 clients (a senior manager's: gold and above only);
- ``reminders_due_manager_p50``: `reminders_due()`, what my day computes;
- ``reminders_branch_week_cold`` / ``_p50``: the whole book's coming week;
- ``reminders_branch_spring_festival_week_p50``: the whole book's week of
  Spring Festival 2027, when every domestic gold-and-above client is due;
- ``*_queries``: SQL statements one call runs.

Also prints the store's size so a figure can be read against it. Not part
of the test suite: figures depend on the machine.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import event, func, select

sys.path.insert(0, str(Path(__file__).parent))
from bench_cadence import emit, timed
from bench_client_book import run_on_book

from store.db import Store
from store.greeting_config import DEFAULT_GREETINGS
from store.models import Client, KeyContact
from store.reminders import reminders_between, reminders_due

ZONE = "Asia/Shanghai"
SPRING_FESTIVAL_2027 = date(2027, 2, 6)


def cold(work: Callable[[], object]) -> tuple[float, float, object]:
    """Wall and CPU ms of the first run of `work`, and its result."""
    started, started_cpu = time.perf_counter(), time.thread_time()
    result = work()
    return (time.perf_counter() - started) * 1000, (time.thread_time() - started_cpu) * 1000, result


def queries(store: Store, work: Callable[[], object]) -> int:
    """SQL statements `work` runs."""
    seen: list[str] = []

    def count(*_: object) -> None:
        seen.append("")

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        work()
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    return len(seen)


def measure(store: Store, repeats: int) -> None:
    from store import clock

    today = clock.today(ZONE)
    week_end = today + timedelta(days=6)
    with store.read_session() as session:
        emit("clients", session.execute(select(func.count()).select_from(Client)).scalar_one(),
             "rows")  # fmt: skip
        emit("key_contacts",
             session.execute(select(func.count()).select_from(KeyContact)).scalar_one(), "rows")
        lunar = session.execute(select(func.count()).select_from(Client).where(
            Client.birthday_lunar.is_(True), Client.deleted.is_(False))).scalar_one()
        emit("lunar_birthday_clients", lunar, "rows")

        def manager_week() -> list[object]:
            return reminders_between(session, DEFAULT_GREETINGS, today, week_end,  # type: ignore[return-value]
                                     manager_id=store.manager_id)

        def branch_week() -> list[object]:
            return reminders_between(session, DEFAULT_GREETINGS, today, week_end)  # type: ignore[return-value]

        def due() -> list[object]:
            return reminders_due(session, DEFAULT_GREETINGS, today,  # type: ignore[return-value]
                                 manager_id=store.manager_id)

        def festival_week() -> list[object]:
            start = SPRING_FESTIVAL_2027 - timedelta(days=3)
            return reminders_between(session, DEFAULT_GREETINGS, start,  # type: ignore[return-value]
                                     start + timedelta(days=6))

        sizes = session.execute(
            select(Client.owner_manager_id, func.count()).where(Client.deleted.is_(False))
            .group_by(Client.owner_manager_id)).all()  # fmt: skip
        owner, size = min(sizes, key=lambda row: abs(row[1] - 3000))

        def manager3k_week() -> list[object]:
            return reminders_between(session, DEFAULT_GREETINGS, today, week_end,  # type: ignore[return-value]
                                     manager_id=owner)

        for name, work in (("manager_week", manager_week), ("branch_week", branch_week)):
            wall, cpu, found = cold(work)
            emit(f"reminders_{name}_rows", len(found), "rows")  # type: ignore[arg-type]
            emit(f"reminders_{name}_cold", wall, "ms", cpu=round(cpu, 3))
            wall, cpu = timed(work, repeats)
            emit(f"reminders_{name}_p50", wall, "ms", cpu=round(cpu, 3))
            emit(f"reminders_{name}_queries", queries(store, work), "statements")
        emit("manager3k_clients", size, "rows")
        emit("reminders_manager3k_week_rows", len(manager3k_week()), "rows")
        wall, cpu = timed(manager3k_week, repeats)
        emit("reminders_manager3k_week_p50", wall, "ms", cpu=round(cpu, 3))
        emit("reminders_due_manager_rows", len(due()), "rows")
        wall, cpu = timed(due, repeats)
        emit("reminders_due_manager_p50", wall, "ms", cpu=round(cpu, 3))
        emit("reminders_branch_spring_festival_week_rows", len(festival_week()), "rows")
        wall, cpu = timed(festival_week, max(1, repeats // 2))
        emit("reminders_branch_spring_festival_week_p50", wall, "ms", cpu=round(cpu, 3))


def main() -> None:
    run_on_book(measure, __doc__ or "")


if __name__ == "__main__":
    main()
