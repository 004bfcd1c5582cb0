"""Opening, creating and migrating a local store (one SQLite file).

The rules this module keeps (DESIGN.md §3, the foundation issue):

- nothing happens at import time: `open_store()` builds the engine;
- a new store is built under a temporary name and only appears under its
  real name once its schema is complete, so a kill never leaves a
  half-created store; the file is readable by its owner only (0600);
- an existing store is migrated in place inside one transaction, after a
  copy of the file is kept beside it, so a failed upgrade changes nothing;
- a file that is not a clientdesk store, or one written by a newer
  clientdesk, is refused with one clear sentence and left untouched;
- every flush stamps synced rows with the hybrid clock and the device id and
  records the change in the sync outbox (`store.sync.capture`);
- write sessions begin IMMEDIATE, so a sync and the app never deadlock on
  SQLite's reader-to-writer upgrade.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from store import clock
from store.errors import StoreOpenError
from store.hlc import HybridClock
from store.ids import uuid7
from store.models import LocalMeta
from store.sync.capture import capture_flush

# Every Alembic revision this version knows, oldest first. A store at a
# revision not listed here was written by a newer clientdesk. A test checks
# this against the migration scripts, so Alembic is only imported when a
# store actually needs upgrading (it costs start-up time).
KNOWN_REVISIONS: tuple[str, ...] = (
    "0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009",
)
HEAD_REVISION = KNOWN_REVISIONS[-1]

SQLITE_HEADER = b"SQLite format 3\x00"
_BUSY_TIMEOUT_MS = 5000
# 32 MiB of page cache per connection: the client list's covering index at
# 100k clients (about 16 MiB once it holds the filtered columns and the
# employer, revision 0005) stays in memory, well inside the desk's memory budget.
_CACHE_KIB = 32 * 1024


class StoreSession(Session):
    """A session on a local store; its flushes stamp synced rows."""


@dataclass(eq=False)
class Store:
    """An open local store: the engine, this device's id and its clock."""

    path: Path
    engine: Engine
    device_id: str
    hlc: HybridClock
    manager_id: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _sessions: sessionmaker[StoreSession] = field(init=False, repr=False)
    _write_sessions: sessionmaker[StoreSession] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(
            self.engine, class_=StoreSession, expire_on_commit=False, info={"store": self}
        )
        self._write_sessions = sessionmaker(
            self.engine.execution_options(begin="IMMEDIATE"), class_=StoreSession,
            expire_on_commit=False, info={"store": self},
        )

    @contextlib.contextmanager
    def session(self) -> Iterator[StoreSession]:
        """A session that commits when the block ends and rolls back on error."""
        with self._write_sessions.begin() as session:
            yield session

    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        """A Core connection in one IMMEDIATE transaction (bulk writes, sync)."""
        with self.engine.execution_options(begin="IMMEDIATE").begin() as conn:
            yield conn

    def read_session(self) -> StoreSession:
        """A plain session for queries; the caller closes it."""
        return self._sessions()

    def tick(self) -> int:
        """The next hybrid clock stamp for a local change (thread-safe)."""
        with self._lock:
            return self.hlc.tick()

    def observe(self, stamp: int) -> None:
        """Move this device's clock past a stamp seen elsewhere (thread-safe)."""
        with self._lock:
            self.hlc.observe(stamp)

    def close(self) -> None:
        self.engine.dispose()


@event.listens_for(StoreSession, "before_flush")
def _capture_changes(session: Session, _context: Any, _instances: Any) -> None:
    """Every flush of a store session goes through the sync change capture."""
    capture_flush(session, session.info["store"])


def _wall_ms() -> int:
    return int(clock.now().timestamp() * 1000)


def _configure_sqlite(engine: Engine) -> None:
    """Real transactions (DDL included), foreign keys and durable commits.

    WAL mode is persistent in the file, so it is set once when a store is
    made (`_enable_wal`), never on a file that might not be ours.

    Python's sqlite3 module opens transactions lazily and not before DDL;
    taking over BEGIN makes a migration and a sync batch truly atomic
    (SQLAlchemy's documented recipe for pysqlite).
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("begin", "")
        conn.exec_driver_sql(f"BEGIN {mode}".strip())


def _outside_transaction(engine: Engine, sql: str) -> None:
    """Run a PRAGMA that SQLite refuses inside a transaction."""
    raw = engine.raw_connection()
    try:
        raw.driver_connection.execute(sql)  # type: ignore[union-attr]
    finally:
        raw.close()


def _enable_wal(engine: Engine) -> None:
    """Readers never block the writer: workers read while a sync writes."""
    _outside_transaction(engine, "PRAGMA journal_mode = WAL")


def _make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite+pysqlite:///{path}")
    _configure_sqlite(engine)
    return engine


def open_store(path: str | os.PathLike[str]) -> Store:
    """Open the store at `path`, creating or upgrading it as needed.

    Raises `StoreOpenError` with a message for the user when the path cannot
    hold a store, the file is not a store, or it is newer than this program.
    """
    target = Path(path).expanduser().absolute()
    if target.is_dir():
        raise StoreOpenError("store.is_directory", path=target)
    if not target.exists():
        _create_store(target)
    return _open_existing(target)


def _create_store(target: Path) -> None:
    """Build a complete store under a temporary name, then move it into place."""
    folder = target.parent
    if not folder.is_dir():
        raise StoreOpenError("store.no_folder", folder=folder)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreOpenError("store.not_writable", path=folder)
    temp = folder / f".{target.name}.{os.getpid()}.creating"
    _remove_sqlite_files(temp)
    try:
        fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        engine = _make_engine(temp)
        try:
            _enable_wal(engine)
            with engine.begin() as conn:
                upgrade_schema(conn)
                conn.execute(
                    LocalMeta.__table__.insert(),
                    [{"key": "device_id", "value": uuid7()}, {"key": "hlc_last", "value": "0"}],
                )
        finally:
            engine.dispose()
        # link() fails if another process created the store meanwhile: theirs wins.
        with contextlib.suppress(FileExistsError):
            os.link(temp, target)
    except PermissionError as exc:
        raise StoreOpenError("store.not_writable", path=folder) from exc
    finally:
        _remove_sqlite_files(temp)


def _remove_sqlite_files(base: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{base}{suffix}").unlink()


def _looks_like_sqlite(target: Path) -> bool:
    try:
        with target.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except PermissionError as exc:
        raise StoreOpenError("store.not_writable", path=target) from exc
    return header == SQLITE_HEADER or header == b""


def _open_existing(target: Path) -> Store:
    if not _looks_like_sqlite(target):
        raise StoreOpenError("store.not_a_store", path=target)
    if not os.access(target, os.R_OK | os.W_OK):
        raise StoreOpenError("store.not_writable", path=target)
    revision = _current_revision(target)
    if revision not in (None, *KNOWN_REVISIONS):
        raise StoreOpenError("store.too_new", path=target, revision=revision)
    engine = _make_engine(target)
    try:
        if revision is None:
            _enable_wal(engine)
        if revision != HEAD_REVISION:
            _upgrade_in_place(engine, target, revision)
        return _load_store(engine, target)
    except OperationalError as exc:
        engine.dispose()
        if "locked" in str(exc.orig):
            raise StoreOpenError("store.locked", path=target) from exc
        raise StoreOpenError("store.not_a_store", path=target) from exc
    except BaseException:
        engine.dispose()
        raise


def _current_revision(target: Path) -> str | None:
    """The store's schema revision; None for an empty file; refuses foreign files.

    Read over a read-only connection, so a file that turns out not to be a
    store is not changed by so much as a byte.
    """
    try:
        conn = sqlite3.connect(f"{target.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StoreOpenError("store.not_a_store", path=target) from exc
    try:
        conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        if "alembic_version" not in tables:
            if tables:
                raise StoreOpenError("store.not_a_store", path=target)
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc):
            raise StoreOpenError("store.locked", path=target) from exc
        raise StoreOpenError("store.not_a_store", path=target) from exc
    except sqlite3.DatabaseError as exc:
        raise StoreOpenError("store.not_a_store", path=target) from exc
    finally:
        conn.close()
    if row is None:
        raise StoreOpenError("store.not_a_store", path=target)
    return str(row[0])


def _upgrade_in_place(engine: Engine, target: Path, revision: str | None) -> None:
    """Migrate an existing store to HEAD in one transaction, keeping a copy first."""
    if revision is not None:
        backup = target.with_name(f"{target.name}.before-{HEAD_REVISION}.bak")
        _outside_transaction(engine, "PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copy2(target, backup)
        os.chmod(backup, 0o600)
    try:
        with engine.begin() as conn:
            upgrade_schema(conn)
            if revision is None:
                conn.execute(
                    LocalMeta.__table__.insert(),
                    [{"key": "device_id", "value": uuid7()}, {"key": "hlc_last", "value": "0"}],
                )
    except Exception as exc:
        raise StoreOpenError("store.migration_failed", path=target, detail=exc) from exc


def upgrade_schema(conn: Any, target: str = "head") -> None:
    """Run Alembic's upgrade to `target` on `conn`, inside the caller's transaction.

    Alembic reads the current revision from the database itself.
    """
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "store:migrations")
    config.attributes["connection"] = conn
    command.upgrade(config, target)


def _load_store(engine: Engine, target: Path) -> Store:
    with engine.connect() as conn:
        meta = {key: value for key, value in conn.execute(select(LocalMeta.key, LocalMeta.value))}
    hlc = HybridClock(wall_ms=_wall_ms, last=int(meta.get("hlc_last", "0")))
    return Store(
        path=target, engine=engine, device_id=meta["device_id"], hlc=hlc,
        manager_id=meta.get("manager_id"),
    )

