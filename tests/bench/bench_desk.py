"""Measure the desk at 10,000 and 100,000 clients; print JSON lines.

    python3 tests/bench/bench_desk.py [--sizes 10000 100000] [--runs 3]

For each size it fills a fresh demo store, then reports:

- ``startup_to_rows``: seconds from spawning ``clientdesk`` in a real
  pseudo-terminal (120x40) to the first client row appearing in what the
  app writes to the terminal (its AUM figure; median of ``--runs``);
- ``filter_keystroke_p50`` / ``_p95``: milliseconds of the database work
  behind one keystroke in the search box (the first page, as the desk's
  worker asks it before counting a long list), over names, full pinyin and
  initials typed one key at a time;
- ``peak_rss``: the app process's peak resident memory (VmHWM) after
  start-up and a search, in MB.

Not part of the test suite: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

from sqlalchemy import select as sql_select

from store.client_list import ClientQuery, client_window, first_page
from store.db import open_store
from store.models import Client
from store.money import format_wan

FIXED_NOW = "2026-11-28"
TYPED = ["zhang", "wangf", "zw", "lxm", "chen", "王", "张伟", "liu"]
COLUMNS, ROWS = 120, 40


def emit(name: str, value: float, unit: str, clients: int) -> None:
    print(json.dumps({"name": name, "value": round(value, 4), "unit": unit, "clients": clients}),
          flush=True)


def fill(path: Path, clients: int) -> float:
    env = {**os.environ, "CLIENTDESK_NOW": FIXED_NOW}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "tui.cli", "--db", str(path), "demo", "--clients", str(clients)],
        check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def top_row_needle(path: Path) -> str:
    """Text only the client list's top row shows: its AUM as the list writes it.

    Not the name: a long company name is cut to fit its column, and the
    whole name reaches the screen only later, in the visit log's title.
    """
    store = open_store(path)
    try:
        with store.read_session() as session:
            rows = client_window(session, ClientQuery(), 0, 1, "Asia/Shanghai")
        return format_wan(rows[0].aum_fen)
    finally:
        store.close()


def _read_until(fd: int, needle: bytes, deadline: float) -> bool:
    seen = b""
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return False
        seen = seen[-4096:] + chunk
        if needle in seen:
            return True
    return False


def _drain(fd: int, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                os.read(fd, 65536)
            except OSError:
                return


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def startup_run(path: Path, needle: str, config_dir: Path) -> tuple[float, float]:
    """Seconds from spawn to the first row on screen, and peak RSS (MB) after a search."""
    main_fd, child_fd = pty.openpty()
    fcntl.ioctl(child_fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    env = {
        **os.environ,
        "CLIENTDESK_NOW": FIXED_NOW,
        "CLIENTDESK_CONFIG": str(config_dir / "config.toml"),
        "TERM": "xterm-256color",
        "COLUMNS": str(COLUMNS),
        "LINES": str(ROWS),
    }
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "--db", str(path), "--lang", "en"],
        stdin=child_fd, stdout=child_fd, stderr=child_fd, env=env, close_fds=True,
    )
    os.close(child_fd)
    try:
        found = _read_until(main_fd, needle.encode(), started + 30)
        elapsed = time.perf_counter() - started
        if not found:
            raise RuntimeError(f"{needle!r} never appeared on screen")
        for key in "/zw":
            os.write(main_fd, key.encode())
            _drain(main_fd, 0.3)
        _drain(main_fd, 0.5)
        rss = _peak_rss_mb(process.pid)
    finally:
        process.kill()
        process.wait()
        os.close(main_fd)
    return elapsed, rss


def filter_timings(path: Path, repeats: int = 5) -> list[float]:
    """Milliseconds per keystroke: the first page for each prefix typed."""
    store = open_store(path)
    timings: list[float] = []
    try:
        with store.read_session() as session:
            session.execute(sql_select(Client.id).limit(1)).all()  # warm the connection
            for _ in range(repeats):
                for word in TYPED:
                    for end in range(1, len(word) + 1):
                        query = ClientQuery(search=word[:end])
                        started = time.perf_counter()
                        first_page(session, query, 100, "Asia/Shanghai")
                        timings.append((time.perf_counter() - started) * 1000)
    finally:
        store.close()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "bench.db"
            emit("demo_fill", fill(path, size), "s", size)
            needle = top_row_needle(path)
            results = [startup_run(path, needle, Path(folder)) for _ in range(args.runs)]
            emit("startup_to_rows", statistics.median(r[0] for r in results), "s", size)
            emit("peak_rss", max(r[1] for r in results), "MB", size)
            timings = filter_timings(path)
            emit("filter_keystroke_p50", statistics.median(timings), "ms", size)
            emit("filter_keystroke_p95", statistics.quantiles(timings, n=20)[18], "ms", size)


if __name__ == "__main__":
    main()
