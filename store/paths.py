"""Where the store and the config file live, by platform convention."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "clientdesk"
DB_ENV = "CLIENTDESK_DB"
CONFIG_ENV = "CLIENTDESK_CONFIG"


def default_store_path() -> Path:
    """The store in the platform's user data folder (created 0700 if missing)."""
    from platformdirs import user_data_path

    folder = user_data_path(APP_NAME, appauthor=False)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder / "clientdesk.db"


def resolve_store_path(cli_value: str | None, configured: str | None = None) -> Path:
    """`--db` beats `CLIENTDESK_DB`, which beats the config file, then the default."""
    for candidate in (cli_value, os.environ.get(DB_ENV), configured):
        if candidate:
            return Path(candidate).expanduser()
    return default_store_path()


def config_path() -> Path:
    """The TOML config: `CLIENTDESK_CONFIG`, else the platform's config folder."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "config.toml"
