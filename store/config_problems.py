"""Reading a config section whole: a bad entry names file, line and key, and
the section falls back to its defaults.

A branch that mistypes a rule must notice, and must still get a working app:
half a rule set would silently drop visits or greetings. So every bad entry
is reported as ``file:line: key = value: reason`` and the whole section is
replaced by its defaults (`whole_section`). `tomllib` gives no line
numbers, so `find_line` finds them by reading the text for the table header
and the ``key =`` line under it. Shared by `[cadence]`, `[brief]` and
`[greetings]`; messages are in English, like every config problem.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final, TypeVar

__all__ = ["BadEntry", "choices", "find_line", "problem", "shown", "whole_section"]

Rules = TypeVar("Rules")

_BARE_KEY: Final = r"[A-Za-z0-9_-]+"
_QUOTED_KEY: Final = r"\"(?:[^\"\\]|\\.)*\"|'[^']*'"
_KEY_PART: Final = rf"(?:{_BARE_KEY}|{_QUOTED_KEY})"
_DOTTED: Final = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_HEADER_LINE: Final = re.compile(rf"^\s*\[\s*({_DOTTED})\s*\]\s*(?:#.*)?$")
_KEY_LINE: Final = re.compile(rf"^\s*({_DOTTED})\s*=")
_PART: Final = re.compile(_KEY_PART)


class BadEntry(ValueError):
    """One bad entry: the key path, the value as written, and why."""

    def __init__(self, key: tuple[str, ...], value: Any, reason: str) -> None:
        super().__init__(reason)
        self.key = key
        self.value = value
        self.reason = reason


def _split(dotted: str) -> tuple[str, ...]:
    parts = []
    for match in _PART.finditer(dotted):
        part = match.group(0)
        if part[0] in "\"'":
            part = json.loads(part) if part[0] == '"' else part[1:-1]
        parts.append(part)
    return tuple(parts)


def find_line(text: str, key: Sequence[str]) -> int | None:
    """The 1-based line of `text` (a TOML file) that defines `key`, e.g.
    ("cadence", "platinum", "client_manager"); None if it is not written.

    The `key = ...` line under its table header when there is one; else the
    line that comes closest (the table header, or an inline table holding
    it). Lines inside multi-line strings are not told apart: good enough to
    point a person at the right place.
    """
    wanted = tuple(key)
    best: int | None = None
    best_length = 0
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER_LINE.match(line)
        if header:
            table = _split(header.group(1))
            full = table
        else:
            assignment = _KEY_LINE.match(line)
            if assignment is None:
                continue
            full = table + _split(assignment.group(1))
        if full == wanted:
            return number
        if len(full) > best_length and wanted[: len(full)] == full:
            best, best_length = number, len(full)
    return best


def shown(value: Any) -> str:
    """A value as TOML writes it, so the message quotes what the user typed."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(shown(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {shown(v)}" for k, v in value.items()) + "}"
    return str(value)


def problem(path: Path | str, text: str, bad: BadEntry) -> str:
    line = find_line(text, bad.key)
    where = f"{path}:{line}" if line is not None else f"{path}"
    return f"{where}: {'.'.join(bad.key)} = {shown(bad.value)}: {bad.reason}"


def choices(values: Sequence[str]) -> str:
    """Allowed values as a message lists them."""
    return ", ".join(values)


def whole_section(
    name: str,
    section: Any,
    text: str,
    path: Path | str,
    default: Rules,
    read: Callable[[dict[str, Any]], tuple[Rules, list[BadEntry]]],
    fallback: str,
) -> tuple[Rules, list[str]]:
    """The rules `read` makes of `[name]` (None: absent), or `default` and the problems.

    Any bad entry means the defaults, whole, and a last line saying so
    (`fallback`: what is used instead, e.g. "the default visit cadence").
    """
    if section is None:
        return default, []
    if not isinstance(section, dict):
        return default, [problem(path, text, BadEntry((name,), section, "expected a table"))]
    rules, bad_entries = read(section)
    if bad_entries:
        problems = [problem(path, text, entry) for entry in bad_entries]
        problems.append(f"{path}: [{name}] ignored; using {fallback}")
        return default, problems
    return rules, []
