"""Visit cadence timings on a 100,000-client demo store; JSON lines.

    python3 tests/bench/bench_cadence.py [--clients 100000] [--repeats 5] [--cache DIR]

Uses the demo store that `bench_client_book.py` builds and caches (built
on first use, about two minutes at 100k clients). Figures, in ms (wall
clock, with ``cpu`` the same statistic in this thread's CPU time):

- ``obligations_branch_p50``: `obligations()` for the whole branch, what
  the due screen and `clientdesk due` compute;
- ``obligations_manager_p50``: the same for one manager ("only mine", my
  day), for the signed-in manager and for the one carrying most visits;
- ``cadence_states_page_p50``: `cadence_states()` for one page of the
  client list (100 ids), the extra work behind each page of the desk.

Also prints the store's size (clients, interactions) so a figure can be
read against it. Not part of the test suite: figures depend on the machine.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).parent))
from bench_client_book import run_on_book

from store.cadence import DEFAULT_CADENCE, cadence_states, obligations
from store.client_list import ClientQuery, matching_ids
from store.db import Store
from store.models import Client, Interaction

ZONE = "Asia/Shanghai"


def emit(name: str, value: float, unit: str, **extra: object) -> None:
    print(json.dumps({"name": name, "value": round(value, 3), "unit": unit, **extra}),
          flush=True)


def timed(work: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds of `work` over `repeats` runs (after one warm-up)."""
    work()
    wall, cpu = [], []
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.thread_time()
        work()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - started_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def measure(store: Store, repeats: int) -> None:
    from store import clock

    today = clock.today(ZONE)
    with store.read_session() as session:
        clients = session.execute(select(func.count()).select_from(Client)).scalar_one()
        interactions = session.execute(
            select(func.count()).select_from(Interaction)).scalar_one()
        emit("clients", clients, "rows")
        emit("interactions", interactions, "rows")

        def branch() -> object:
            return obligations(session, DEFAULT_CADENCE, today, ZONE)

        found = branch()
        emit("obligations_branch_rows", len(found), "rows")
        wall, cpu = timed(branch, repeats)
        emit("obligations_branch_p50", wall, "ms", cpu=round(cpu, 3))

        busiest = Counter(item.manager_id for item in found if item.manager_id).most_common(1)
        for label, manager_id in (("signed_in", store.manager_id),
                                  ("busiest", busiest[0][0] if busiest else None)):
            if manager_id is None:
                continue

            def mine(manager_id: str = manager_id) -> object:
                return obligations(session, DEFAULT_CADENCE, today, ZONE, manager_id=manager_id)

            emit(f"obligations_manager_{label}_rows", len(mine()), "rows")  # type: ignore[arg-type]
            wall, cpu = timed(mine, repeats)
            emit(f"obligations_manager_{label}_p50", wall, "ms", cpu=round(cpu, 3))

        page = list(session.scalars(matching_ids(session, ClientQuery(), ZONE).limit(100)))

        def states() -> object:
            return cadence_states(session, DEFAULT_CADENCE, page, today, ZONE)

        wall, cpu = timed(states, repeats)
        emit("cadence_states_page_p50", wall, "ms", cpu=round(cpu, 3))


def main() -> None:
    run_on_book(measure, __doc__ or "")


if __name__ == "__main__":
    main()
