"""Themes as data: TOML files in `themes/` (and the user's config folder).

Each file is validated before it becomes a Textual `Theme`; a broken file
is reported by name with the reason and skipped, and the app falls back to
a built-in theme rather than failing to start (posting's approach).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from textual.color import Color, ColorParseError
from textual.theme import Theme

from store.i18n import current_language

COLOR_KEYS = frozenset(
    {"primary", "secondary", "accent", "foreground", "background", "surface", "panel",
     "boost", "success", "warning", "error"}
)  # fmt: skip
FALLBACK_THEME = "textual-dark"


@dataclass(frozen=True)
class LoadedThemes:
    themes: list[Theme]
    labels: dict[str, str]
    problems: list[str]


def builtin_theme_files() -> list[Path]:
    """The theme files shipped inside the installed package."""
    folder = Path(str(files("themes")))
    return sorted(folder.glob("*.toml"))


def load_theme_file(path: Path) -> tuple[Theme, str]:
    """Parse and validate one file; raises ValueError naming what is wrong."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(str(exc)) from exc
    name = data.get("name")
    if not isinstance(name, str) or not name:
        raise ValueError("'name' must be a non-empty string")
    dark = data.get("dark", True)
    if not isinstance(dark, bool):
        raise ValueError("'dark' must be true or false")
    colors = data.get("colors")
    if not isinstance(colors, dict) or "primary" not in colors:
        raise ValueError("[colors] must be a table with at least 'primary'")
    unknown = set(colors) - COLOR_KEYS
    if unknown:
        raise ValueError(f"unknown colour keys: {', '.join(sorted(unknown))}")
    for key, value in colors.items():
        try:
            Color.parse(value)
        except (ColorParseError, TypeError, ValueError) as exc:
            raise ValueError(f"colors.{key} = {value!r} is not a colour") from exc
    variables = data.get("variables", {})
    if not isinstance(variables, dict) or not all(isinstance(v, str) for v in variables.values()):
        raise ValueError("[variables] values must be strings")
    label = data.get(f"label_{current_language()}") or data.get("label_en") or name
    return Theme(name=name, dark=dark, variables=variables, **colors), str(label)


def load_themes(extra_folder: Path | None = None) -> LoadedThemes:
    """Every valid theme from the package and from `extra_folder` (user themes)."""
    paths = builtin_theme_files()
    if extra_folder is not None and extra_folder.is_dir():
        paths += sorted(extra_folder.glob("*.toml"))
    themes: list[Theme] = []
    labels: dict[str, str] = {}
    problems: list[str] = []
    for path in paths:
        try:
            theme, label = load_theme_file(path)
        except ValueError as exc:
            problems.append(f"{path}: {exc}")
            continue
        themes.append(theme)
        labels[theme.name] = label
    return LoadedThemes(themes, labels, problems)
