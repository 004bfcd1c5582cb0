"""Fixtures shared by every test: an isolated, deterministic world.

Each test gets its own config file, home folder and store, a fixed clock
(2026-11-28 09:00 Asia/Shanghai) and the English catalog, so no test reads
the developer's real settings and every screen is the same on any machine.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from store import i18n
from store.db import Store, open_store

FIXED_NOW = "2026-11-28"


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("CLIENTDESK_CONFIG", str(home / ".config" / "clientdesk" / "config.toml"))
    monkeypatch.delenv("CLIENTDESK_DB", raising=False)
    monkeypatch.setenv("CLIENTDESK_NOW", FIXED_NOW)
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    language = i18n.current_language()
    i18n.set_language("en")
    yield
    i18n.set_language(language)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh, migrated, empty store in the test's home folder."""
    opened = open_store(tmp_path / "home" / "clientdesk.db")
    yield opened
    opened.close()
