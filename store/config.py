"""The user's settings: a TOML file that may be missing, partial or broken.

Every setting has a default, so the app runs with no file at all. A file
that cannot be read is reported (with the reason) and never overwritten:
saving a setting into it would destroy whatever the user was editing.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from store.cadence import DEFAULT_CADENCE, CadenceRules
from store.cadence_config import parse_cadence, parse_checklist
from store.greeting_config import DEFAULT_GREETINGS, GreetingRules, parse_greetings
from store.i18n import LANGUAGES, Language
from store.tiers import TierRules, parse_rules

DEFAULT_THEME = "clientdesk-dark"
DEFAULT_ZONE = "Asia/Shanghai"


@dataclass(frozen=True)
class Config:
    """Settings as the program uses them; `problems` lists what was ignored."""

    language: Language | None = None
    theme: str = DEFAULT_THEME
    timezone: str = DEFAULT_ZONE
    store_path: str | None = None
    #: libpq URL of the shared database; a password in it is never kept here.
    sync_url: str | None = None
    #: How tier and importance follow from AUM and contribution ([tiers], [importance]).
    tier_rules: TierRules = field(default_factory=TierRules)
    #: Who visits which tier how often, and what counts as a visit ([cadence]).
    cadence: CadenceRules = DEFAULT_CADENCE
    #: The pre-visit checklist ([brief] checklist); None = the built-in list.
    checklist: tuple[str, ...] | None = None
    #: Which occasions are greeted, for which tiers, how early ([greetings]).
    greetings: GreetingRules = DEFAULT_GREETINGS
    path: Path | None = None
    readable: bool = True
    problems: tuple[str, ...] = field(default=())


def load_config(path: Path) -> Config:
    """Read `path`; a missing file gives defaults, a bad value is skipped and noted."""
    if not path.exists():
        return Config(path=path)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Config(path=path, readable=False, problems=(f"{path}: {exc}",))
    return _from_mapping(data, path, text)


def _from_mapping(data: dict[str, Any], path: Path, text: str = "") -> Config:
    """The config from parsed TOML; `text` (the file as written) gives problems line numbers."""
    problems: list[str] = []
    ui = data.get("ui", {})
    store = data.get("store", {})
    sync = data.get("sync", {})
    if not all(isinstance(section, dict) for section in (ui, store, sync)):
        return Config(path=path, problems=(f"{path}: [ui], [store] and [sync] must be tables",))
    config = Config(path=path)
    language = ui.get("language")
    if language is not None:
        if language in LANGUAGES:
            config = replace(config, language=language)
        else:
            problems.append(f"{path}: ui.language = {language!r}; expected one of zh, en")
    theme = ui.get("theme")
    if theme is not None:
        if isinstance(theme, str) and theme:
            config = replace(config, theme=theme)
        else:
            problems.append(f"{path}: ui.theme must be a theme name")
    zone = ui.get("timezone")
    if zone is not None:
        if _is_zone(zone):
            config = replace(config, timezone=zone)
        else:
            problems.append(f"{path}: ui.timezone = {zone!r} is not a known time zone")
    store_path = store.get("path")
    if store_path is not None:
        if isinstance(store_path, str) and store_path:
            config = replace(config, store_path=store_path)
        else:
            problems.append(f"{path}: store.path must be a file path")
    sync_url = sync.get("url")
    if sync_url is not None:
        if isinstance(sync_url, str) and sync_url.startswith(("postgresql://", "postgres://")):
            config = replace(config, sync_url=sync_url)
        else:
            problems.append(f"{path}: sync.url must be a postgresql:// URL")
    rules, rule_problems = parse_rules(data.get("tiers"), data.get("importance"), path)
    config = replace(config, tier_rules=rules)
    problems.extend(rule_problems)
    cadence, cadence_problems = parse_cadence(data.get("cadence"), text, path)
    checklist, checklist_problems = parse_checklist(data.get("brief"), text, path)
    config = replace(config, cadence=cadence, checklist=checklist)
    problems.extend(cadence_problems + checklist_problems)
    greetings, greeting_problems = parse_greetings(data.get("greetings"), text, path)
    config = replace(config, greetings=greetings)
    problems.extend(greeting_problems)
    return replace(config, problems=tuple(problems))


def without_password(url: str) -> str:
    """`url` with any password removed: passwords live in .pgpass or PGPASSWORD."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{parts.username}@{host}" if parts.username else host
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc))


def _is_zone(value: object) -> bool:
    if not isinstance(value, str):
        return False
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def save_setting(config: Config, section: str, key: str, value: str) -> Config:
    """Write one setting, keeping every other line's value; atomic replace.

    Refuses (returns the config unchanged, with a problem noted) when the
    file could not be read, so a user's broken file is never clobbered.
    """
    import tomli_w

    if config.path is None:
        return config
    if not config.readable:
        return replace(config, problems=(*config.problems, f"{config.path}: not saved"))
    data: dict[str, Any] = {}
    if config.path.exists():
        data = tomllib.loads(config.path.read_text(encoding="utf-8"))
    data.setdefault(section, {})[key] = value
    config.path.parent.mkdir(parents=True, exist_ok=True)
    temp = config.path.with_name(config.path.name + ".tmp")
    text = tomli_w.dumps(data)
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, config.path)
    return _from_mapping(data, config.path, text)
