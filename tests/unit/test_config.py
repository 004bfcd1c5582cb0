"""The config file: optional, partial, possibly broken — never fatal, never clobbered."""

from __future__ import annotations

import tomllib
from pathlib import Path

from store.config import DEFAULT_THEME, load_config, save_setting


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path / "config.toml")
    assert config.theme == DEFAULT_THEME
    assert config.timezone == "Asia/Shanghai"
    assert config.language is None
    assert config.problems == ()


def test_values_are_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[ui]\nlanguage = "zh"\ntheme = "clientdesk-light"\ntimezone = "Europe/London"\n'
        '[store]\npath = "~/branch.db"\n',
        encoding="utf-8",
    )
    config = load_config(path)
    assert (config.language, config.theme, config.timezone, config.store_path) == (
        "zh", "clientdesk-light", "Europe/London", "~/branch.db",
    )


def test_bad_values_are_skipped_and_named(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[ui]\nlanguage = "fr"\ntimezone = "Mars/Olympus"\n', encoding="utf-8")
    config = load_config(path)
    assert config.language is None
    assert config.timezone == "Asia/Shanghai"
    assert any("ui.language" in p for p in config.problems)
    assert any("Mars/Olympus" in p for p in config.problems)


def test_save_keeps_other_settings(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[ui]\nlanguage = "zh"\n[custom]\nkeep = 1\n', encoding="utf-8")
    saved = save_setting(load_config(path), "ui", "theme", "clientdesk-light")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data == {"ui": {"language": "zh", "theme": "clientdesk-light"}, "custom": {"keep": 1}}
    assert saved.theme == "clientdesk-light"


def test_save_creates_the_folder(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "config.toml"
    save_setting(load_config(path), "ui", "theme", "clientdesk-light")
    assert tomllib.loads(path.read_text(encoding="utf-8"))["ui"]["theme"] == "clientdesk-light"


def test_a_broken_file_is_reported_and_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    broken = '[ui\ntheme = "clientdesk-light"\n'
    path.write_text(broken, encoding="utf-8")
    config = load_config(path)
    assert not config.readable
    assert str(path) in config.problems[0]
    after = save_setting(config, "ui", "theme", "clientdesk-dark")
    assert path.read_text(encoding="utf-8") == broken
    assert any("not saved" in p for p in after.problems)
