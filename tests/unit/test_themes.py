"""Theme files are validated; a broken one is named and skipped, never fatal."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.themes import builtin_theme_files, load_theme_file, load_themes


def test_shipped_themes_load() -> None:
    loaded = load_themes()
    names = {theme.name for theme in loaded.themes}
    assert {"clientdesk-dark", "clientdesk-light"} <= names
    assert loaded.problems == []
    assert len(builtin_theme_files()) >= 2


def test_light_theme_is_light() -> None:
    themes = {theme.name: theme for theme in load_themes().themes}
    assert themes["clientdesk-light"].dark is False
    assert themes["clientdesk-dark"].dark is True


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('name = "x"\n[colors]\nprimary = "not-a-colour"\n', "not a colour"),
        ('name = "x"\n[colors]\nsecondary = "#fff"\n', "primary"),
        ('[colors]\nprimary = "#fff"\n', "name"),
        ('name = "x"\ndark = "yes"\n[colors]\nprimary = "#fff"\n', "dark"),
        ('name = "x"\n[colors]\nprimary = "#fff"\nsparkle = "#fff"\n', "sparkle"),
        ('name = "x"\n[colors\n', "Expected"),
    ],
)
def test_broken_theme_files_are_refused_with_a_reason(
    tmp_path: Path, content: str, reason: str
) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=reason):
        load_theme_file(path)


def test_user_folder_problems_are_reported_and_good_themes_kept(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text('name = "bad"\n[colors]\nprimary = "nope"\n')
    (tmp_path / "good.toml").write_text('name = "mine"\n[colors]\nprimary = "#123456"\n')
    loaded = load_themes(tmp_path)
    names = {theme.name for theme in loaded.themes}
    assert "mine" in names and "bad" not in names
    assert len(loaded.problems) == 1 and "bad.toml" in loaded.problems[0]
