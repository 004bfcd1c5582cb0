"""The `clientdesk` command: parse arguments, open the store, run the app or a job.

Thin by design (DESIGN.md §2): every command calls a `store/` function that
a test can call directly. Heavy modules (Textual, the demo generator) are
imported only by the command that needs them, so `clientdesk demo` does not
pay for the UI and the app does not pay for the demo.
"""

from __future__ import annotations

import argparse
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
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.not_a_number", value=text)) from None
    if value < 1:
        raise argparse.ArgumentTypeError(t("cli.not_positive", value=text))
    return value


def _choose_language(argv: Sequence[str], config: Config) -> None:
    """`--lang` beats the config file, which beats the locale."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang", choices=LANGUAGES)
    known, _ = early.parse_known_args(argv)
    set_language(known.lang or config.language or detect_language())


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    config = load_config(config_path())
    _choose_language(arguments, config)
    args = build_parser().parse_args(arguments)
    try:
        store = open_store(resolve_store_path(args.db, config.store_path))
    except ClientdeskError as exc:
        print(f"clientdesk: {exc.message()}", file=sys.stderr)
        return 2
    try:
        if args.command == "demo":
            return _run_demo(store, args.clients, args.seed, args.force)
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


def _run_app(store: Store, config: Config) -> int:
    from tui.app import make_app, user_theme_folder
    from tui.themes import load_themes

    app = make_app(store, config, load_themes(user_theme_folder(config)))
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    raise SystemExit(main())
