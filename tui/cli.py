"""The `clientdesk` command: parse arguments, open the store, run the app or a job.

Thin by design (DESIGN.md §2): every command calls a `store/` function that
a test can call directly. Heavy modules (Textual, the demo generator) are
imported only by the command that needs them, so `clientdesk demo` does not
pay for the UI and the app does not pay for the demo.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from store.config import Config, load_config
from store.db import Store, open_store
from store.errors import ClientdeskError
from store.i18n import LANGUAGES, detect_language, set_language, t
from store.paths import config_path, resolve_store_path
from store.version import app_version

DEFAULT_DEMO_CLIENTS = 2000


def build_parser() -> argparse.ArgumentParser:
    """The full parser, with help text in the current language."""
    parser = argparse.ArgumentParser(prog="clientdesk", description=t("cli.description"))
    parser.add_argument("--db", metavar="PATH", help=t("cli.db"))
    parser.add_argument("--lang", choices=LANGUAGES, help=t("cli.lang"))
    parser.add_argument("--demo", action="store_true", help=t("cli.demo_flag"))
    parser.add_argument("--version", action="version", version=f"clientdesk {app_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser("demo", help=t("cli.demo"), description=t("cli.demo"))
    demo.add_argument("--clients", type=_positive_int, default=DEFAULT_DEMO_CLIENTS,
                      metavar="N", help=t("cli.demo_clients"))
    demo.add_argument("--seed", type=int, default=1, metavar="S", help=t("cli.demo_seed"))
    demo.add_argument("--force", action="store_true", help=t("cli.demo_force"))
    server = commands.add_parser("server", help=t("cli.server"), description=t("cli.server"))
    server_commands = server.add_subparsers(dest="server_command", metavar="ACTION",
                                            required=True)
    init = server_commands.add_parser("init", help=t("cli.server_init"),
                                      description=t("cli.server_init"))
    init.add_argument("url", metavar="URL", help=t("cli.url"))
    sync = commands.add_parser("sync", help=t("cli.sync"), description=t("cli.sync"))
    sync.add_argument("url", metavar="URL", nargs="?", help=t("cli.sync_url"))
    conflicts = commands.add_parser("conflicts", help=t("cli.conflicts"),
                                    description=t("cli.conflicts"))
    conflicts.add_argument("--json", action="store_true", help=t("cli.json"))
    _add_import_export(commands)
    due = commands.add_parser("due", help=t("cadence.cli.help"), description=t("cadence.cli.help"))
    due.add_argument("--manager", metavar="NAME", help=t("cadence.cli.manager"))
    due.add_argument("--json", action="store_true", help=t("cli.json"))
    _add_calendar(commands)
    return parser


def _add_import_export(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`import clients FILE [--dry-run]` and `export clients FILE [--headers]`."""
    importing = commands.add_parser("import", help=t("cli.import"), description=t("cli.import"))
    what = importing.add_subparsers(dest="import_what", metavar="WHAT", required=True)
    clients = what.add_parser("clients", help=t("cli.import_clients"),
                              description=t("cli.import_clients"))
    clients.add_argument("file", metavar="FILE", help=t("cli.import_file"))
    clients.add_argument("--dry-run", action="store_true", help=t("cli.dry_run"))
    exporting = commands.add_parser("export", help=t("cli.export"), description=t("cli.export"))
    what = exporting.add_subparsers(dest="export_what", metavar="WHAT", required=True)
    clients = what.add_parser("clients", help=t("cli.export_clients"),
                              description=t("cli.export_clients"))
    clients.add_argument("file", metavar="FILE", help=t("cli.export_file"))
    clients.add_argument("--headers", choices=("keys", "zh"), default="keys",
                         help=t("cli.export_headers"))
    _add_export_visits(what)


def _add_export_visits(what: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`export visits FILE [--from DATE] [--to DATE] [--client NO] [--headers]` (issue 5).

    Dates stay text here: `store.exporting.parse_export_day` refuses a bad
    one with a message naming the option (exit 2), like every other bad input.
    """
    visits = what.add_parser("visits", help=t("visit_export.cli.help"),
                             description=t("visit_export.cli.help"))
    visits.add_argument("file", metavar="FILE", help=t("visit_export.cli.file"))
    visits.add_argument("--from", dest="start", metavar="DATE", default="",
                        help=t("visit_export.cli.from"))
    visits.add_argument("--to", dest="end", metavar="DATE", default="",
                        help=t("visit_export.cli.to"))
    visits.add_argument("--client", metavar="CUSTOMER_NO", default=None,
                        help=t("visit_export.cli.client"))
    visits.add_argument("--headers", choices=("zh", "keys"), default="zh",
                        help=t("visit_export.cli.headers"))


AGENDA_DAYS = 7
EXPORT_DAYS = 90


def _add_calendar(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`agenda [--days N] [--json]` and `calendar export FILE.ics [--days N] [--reminders]
    [--details]` (issue 6)."""
    agenda = commands.add_parser("agenda", help=t("agenda.cli.help"),
                                 description=t("agenda.cli.help"))
    agenda.add_argument("--days", type=_day_count, default=AGENDA_DAYS, metavar="N",
                        help=t("agenda.cli.days", days=AGENDA_DAYS))
    agenda.add_argument("--json", action="store_true", help=t("cli.json"))
    calendar = commands.add_parser("calendar", help=t("ical.cli.help"),
                                   description=t("ical.cli.help"))
    what = calendar.add_subparsers(dest="calendar_what", metavar="ACTION", required=True)
    export = what.add_parser("export", help=t("ical.cli.export"),
                             description=t("ical.cli.export"))
    export.add_argument("file", metavar="FILE.ics", help=t("ical.cli.file"))
    export.add_argument("--days", type=_day_count, default=EXPORT_DAYS, metavar="N",
                        help=t("ical.cli.days", days=EXPORT_DAYS))
    export.add_argument("--reminders", action="store_true", help=t("ical.cli.reminders"))
    export.add_argument("--details", action="store_true", help=t("ical.cli.details"))


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.not_a_number", value=text)) from None
    if value < 1:
        raise argparse.ArgumentTypeError(t("cli.not_positive", value=text))
    return value


#: The longest span `agenda` and `calendar export` take: ten years of days.
MAX_DAYS = 3660


def _day_count(text: str) -> int:
    value = _positive_int(text)
    if value > MAX_DAYS:
        raise argparse.ArgumentTypeError(t("cli.too_many_days", value=text, most=MAX_DAYS))
    return value


def _choose_language(argv: Sequence[str], config: Config) -> None:
    """`--lang` beats the config file, which beats the locale."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang", choices=LANGUAGES)
    known, _ = early.parse_known_args(argv)
    set_language(known.lang or config.language or detect_language())


def main(argv: Sequence[str] | None = None) -> int:
    """The `clientdesk` command; a reader that stops early (`| head`) is not an error."""
    try:
        return _main(argv)
    except BrokenPipeError:
        # Python would print a traceback when it flushes stdout at exit:
        # point stdout at nothing first, as the Python docs advise.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _main(argv: Sequence[str] | None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    config = load_config(config_path())
    _choose_language(arguments, config)
    args = build_parser().parse_args(arguments)
    if args.command == "server":
        return _run_server_init(args.url)
    try:
        store = open_store(resolve_store_path(args.db, config.store_path))
    except ClientdeskError as exc:
        print(f"clientdesk: {exc.message()}", file=sys.stderr)
        return 2
    try:
        if args.command == "demo":
            return _run_demo(store, args.clients, args.seed, args.force)
        if args.command == "sync":
            return _run_sync(store, config, args.url)
        if args.command == "conflicts":
            return _run_conflicts(store, args.json, config.timezone)
        if args.command == "due":
            return _run_due(store, config, args.manager, args.json)
        if args.command == "agenda":
            return _run_agenda(store, config, args.days, args.json)
        if args.command == "calendar":
            return _run_calendar_export(store, config, args)
        if args.command == "import":
            return _run_import(store, config, args.file, args.dry_run)
        if args.command == "export" and args.export_what == "visits":
            return _run_export_visits(store, args, config.timezone)
        if args.command == "export":
            return _run_export(store, args.file, args.headers, config.timezone)
        if args.demo and _client_count(store) == 0:
            status = _run_demo(store, DEFAULT_DEMO_CLIENTS, 1, False)
            if status:
                return status
        return _run_app(store, config)
    finally:
        store.close()


def _client_count(store: Store) -> int:
    from store.desk import desk_context

    with store.read_session() as session:
        return desk_context(session).client_count


def _run_demo(store: Store, clients: int, seed: int, force: bool) -> int:
    from store.demo import fill_demo

    def progress(done: int, total: int) -> None:
        percent = 100 * done // max(total, 1)
        print(f"\r{t('cli.demo_progress', percent=percent, done=done, total=total)}",
              end="", file=sys.stderr, flush=True)

    try:
        summary = fill_demo(store, clients=clients, seed=seed, force=force, progress=progress)
    except ClientdeskError as exc:
        print(f"clientdesk: {exc.message()}", file=sys.stderr)
        return 1
    print(file=sys.stderr)
    print(t("cli.demo_done", clients=summary.clients, interactions=summary.interactions,
            events=summary.events, path=store.path))
    return 0


def _fail(error: ClientdeskError, status: int = 1) -> int:
    print(f"clientdesk: {error.message()}", file=sys.stderr)
    return status


def _run_server_init(url: str) -> int:
    from store.sync.server import describe, init_server

    try:
        before, after = init_server(url, app_version())
    except ClientdeskError as exc:
        return _fail(exc)
    key = "cli.server_ready" if before == after else "cli.server_upgraded"
    print(t(key, url=describe(url), before=before or "-", after=after))
    return 0


def _run_sync(store: Store, config: Config, url: str | None) -> int:
    from store.config import save_setting, without_password
    from store.errors import SyncError
    from store.sync.run import SyncProgress, sync

    target = url or config.sync_url
    if not target:
        return _fail(SyncError("sync.no_url"))

    def progress(step: SyncProgress) -> None:
        if step.stage in ("push", "pull:applying"):
            key = "cli.sync_pushing" if step.stage == "push" else "cli.sync_pulling"
            print(f"\r{t(key, done=step.done, total=step.total)}", end="", file=sys.stderr,
                  flush=True)

    try:
        report = sync(store, target, progress=progress)
    except ClientdeskError as exc:
        print(file=sys.stderr)
        return _fail(exc)
    print(file=sys.stderr)
    print(t("sync.done", pushed=report.pushed, pulled=report.pulled,
            unresolved=report.unresolved))
    remembered = without_password(target)
    if url and remembered != config.sync_url:
        save_setting(config, "sync", "url", remembered)
    return 0


def _run_conflicts(store: Store, as_json: bool, zone: str) -> int:
    from store.sync.conflicts import list_conflicts

    with store.read_session() as session:
        conflicts = list_conflicts(session)
    if as_json:
        import json

        print(json.dumps([_conflict_json(c) for c in conflicts], ensure_ascii=False, indent=2))
        return 0
    if not conflicts:
        print(t("cli.no_conflicts"))
        return 0
    for c in conflicts:
        print(t("cli.conflict_line", record=c.record, field=c.field_label,
                reason=t(f"sync.reason.{c.reason}"),
                kept=_shown(c.kept_value), kept_by=c.kept_by, kept_at=_when(c.kept_at, zone),
                lost=_shown(c.lost_value), lost_by=c.lost_by, lost_at=_when(c.lost_at, zone)))
    return 0


def _shown(value: object) -> str:
    return "—" if value is None else str(value)


def _when(instant: object, zone: str) -> str:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    assert isinstance(instant, datetime)
    return instant.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


def _conflict_json(c: object) -> dict[str, object]:
    from dataclasses import asdict
    from datetime import datetime

    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in asdict(c).items()}


class _ProgressBar:
    """A one-line bar on stderr, redrawn only when the percentage moves."""

    WIDTH = 30
    #: Files smaller than this finish before a bar is worth drawing.
    MIN_STEPS = 2000

    def __init__(self, stages: tuple[str, str] | None = None) -> None:
        self.stages = stages
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        if total < self.MIN_STEPS:
            return
        percent = min(100, 100 * done // total)
        if percent == self.shown:
            return
        self.shown = percent
        label = t("export.progress")
        if self.stages is not None:
            label = self.stages[0] if 2 * done < total else self.stages[1]
        filled = self.WIDTH * percent // 100
        bar = "#" * filled + "." * (self.WIDTH - filled)
        print(f"\r{label} [{bar}] {percent:3d}%", end="", file=sys.stderr, flush=True)

    def end(self) -> None:
        if self.shown >= 0:
            print(file=sys.stderr)


def _run_import(store: Store, config: Config, file: str, dry_run: bool) -> int:
    """Check (and unless `dry_run`, import) a file; every bad row is printed."""
    from store.importing import ImportRejected, import_clients
    from store.importing.headers import COLUMNS

    checking = t("import.progress_checking")
    bar = _ProgressBar((checking, checking if dry_run else t("import.progress_writing")))
    try:
        report = import_clients(store, file, dry_run=dry_run, rules=config.tier_rules,
                                progress=bar)
    except ImportRejected as exc:
        bar.end()
        for problem in exc.problems:
            print(problem.message(), file=sys.stderr)
        _print_unknown_columns(exc.unknown_columns)
        return _fail(exc)
    except ClientdeskError as exc:
        bar.end()
        return _fail(exc)
    bar.end()
    key = "import.summary_dry" if dry_run else "import.summary"
    print(t(key, path=report.path, created=f"{report.created:,}",
            updated=f"{report.updated:,}", unchanged=f"{report.unchanged:,}"))
    labels = {column.attr or column.key: column.label for column in COLUMNS}
    if report.changed_fields:
        from store.i18n import current_language

        separator = "、" if current_language() == "zh" else ", "
        fields = separator.join(
            f"{t(labels[name]) if name in labels else name} ({count:,})"
            for name, count in report.changed_fields
        )
        print(t("import.changed_fields", fields=fields))
    _print_unknown_columns(report.unknown_columns)
    return 0


def _print_unknown_columns(columns: tuple[str, ...]) -> None:
    if columns:
        print(t("import.unknown_columns", columns=", ".join(columns)), file=sys.stderr)


def _run_export(store: Store, file: str, headers: str, zone: str) -> int:
    from store.exporting import export_clients

    bar = _ProgressBar()
    try:
        report = export_clients(store, file, headers=headers,  # type: ignore[arg-type]
                                progress=bar, zone=zone)
    except ClientdeskError as exc:
        bar.end()
        return _fail(exc)
    bar.end()
    print(t("export.done", count=f"{report.count:,}", path=report.path))
    return 0


def _run_export_visits(store: Store, args: argparse.Namespace, zone: str) -> int:
    """Write the visit log; bad input exits 2 naming the option, with nothing written."""
    from store.exporting import (
        VisitExportError,
        client_by_customer_no,
        export_visits,
        parse_export_day,
        visit_export_format,
    )

    options = {"from": "--from", "to": "--to", "client": "--client", "path": "FILE"}
    try:
        visit_export_format(args.file)
        start = parse_export_day(args.start, "from")
        end = parse_export_day(args.end, "to")
        with store.read_session() as session:
            client_id = (
                client_by_customer_no(session, args.client) if args.client is not None else None
            )
            count = export_visits(session, args.file, zone, start=start, end=end,
                                  client_id=client_id, headers=args.headers)
    except VisitExportError as exc:
        print(f"clientdesk: {options[exc.field]}: {exc.message()}", file=sys.stderr)
        return 2
    except ClientdeskError as exc:
        return _fail(exc)
    from pathlib import Path

    print(t("visit_export.done", count=f"{count:,}", path=Path(args.file).expanduser()))
    return 0


def _run_due(store: Store, config: Config, manager: str | None, as_json: bool) -> int:
    """The due and overdue visits under the config's cadence (exit 2: unknown manager)."""
    from store import clock
    from store.cadence import find_managers, obligations
    from tui.due_report import due_json_text, due_table

    zone = config.timezone
    with store.read_session() as session:
        manager_id = None
        if manager is not None:
            found = find_managers(session, manager)
            if len(found) != 1:
                key = "cadence.cli.ambiguous_manager" if found else "cadence.cli.unknown_manager"
                numbers = ", ".join(m.employee_no for m in found)
                print(f"clientdesk: {t(key, name=manager, numbers=numbers)}", file=sys.stderr)
                return 2
            manager_id = found[0].id
        items = obligations(session, config.cadence, clock.today(zone), zone,
                            manager_id=manager_id)
    from store.workdays import days_off_ahead

    off_days = days_off_ahead((item.due_on for item in items), clock.today(zone))
    if as_json:
        print(due_json_text(items, off_days))
    elif not items:
        print(t("cadence.empty"))
    else:
        print("\n".join(due_table(items, off_days)))
    return 0


def _run_agenda(store: Store, config: Config, days: int, as_json: bool) -> int:
    """The signed-in manager's entries and greeting reminders from today (the whole book's
    when nobody is signed in)."""
    from datetime import timedelta

    from store import clock
    from store.agenda import agenda_entries
    from tui.agenda_report import agenda_json_text, agenda_table

    today = clock.today(config.timezone)
    with store.read_session() as session:
        entries = agenda_entries(session, today, days, zone=config.timezone,
                                 manager_id=store.manager_id, greetings=config.greetings)
    if as_json:
        print(agenda_json_text(entries))
    elif not entries:
        last = today + timedelta(days=days - 1)
        print(t("agenda.cli.empty", start=today.isoformat(), end=last.isoformat()))
    else:
        print("\n".join(agenda_table(entries)))
    return 0


def _run_calendar_export(store: Store, config: Config, args: argparse.Namespace) -> int:
    """Write the schedule as .ics; a name not ending .ics exits 2 with nothing written."""
    from store import clock
    from store.ical import export_calendar, ics_path

    try:
        target = ics_path(args.file)
    except ClientdeskError as exc:
        return _fail(exc, 2)
    try:
        count = export_calendar(
            store, target, start=clock.today(config.timezone), days=args.days,
            zone=config.timezone, manager_id=store.manager_id,
            greetings=config.greetings if args.reminders else None, details=args.details,
        )  # fmt: skip
    except ClientdeskError as exc:
        return _fail(exc)
    print(t("ical.done", count=f"{count:,}", path=target))
    return 0


def _run_app(store: Store, config: Config) -> int:
    from concurrent.futures import ThreadPoolExecutor

    from tui.opening import start_opening

    # The desk's first reads run while Textual and the screens are imported.
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="clientdesk-opening") as pool:
        opening = start_opening(store, config, pool)
        from tui.app import make_app, user_theme_folder
        from tui.themes import load_themes

        app = make_app(store, config, load_themes(user_theme_folder(config)), opening)
        app.run()
    return app.return_code or 0


if __name__ == "__main__":
    raise SystemExit(main())
