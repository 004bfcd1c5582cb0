"""`[cadence]` and `[brief]` in the config file: good rules, bad input with file:line:key."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from store.cadence import DEFAULT_CADENCE, Interval
from store.cadence_config import parse_interval
from store.config import Config, load_config, save_setting
from store.config_problems import find_line

CM, SCM, BL = "client_manager", "senior_client_manager", "branch_leader"


def _load(tmp_path: Path, text: str) -> Config:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def test_no_section_means_the_seeds_cadence(tmp_path: Path) -> None:
    config = _load(tmp_path, '[ui]\nlanguage = "zh"\n')
    assert config.cadence == DEFAULT_CADENCE
    assert config.checklist is None
    assert config.problems == ()
    assert Config().cadence == DEFAULT_CADENCE


def test_a_branchs_own_rules(tmp_path: Path) -> None:
    config = _load(tmp_path, """
[cadence]
counts = ["visit", "event"]
lead_days = 10

[cadence.gold]
client_manager = "2m"

[cadence.platinum]
client_manager = "2w"
senior_client_manager = 3

[cadence.diamond]
""")
    assert config.problems == ()
    rules = config.cadence
    assert rules.counted_kinds == frozenset({"visit", "event"})
    assert rules.lead_days == 10
    assert rules.intervals[("gold", CM)] == Interval(months=2)
    # A tier written replaces its defaults wholly: no branch leader for platinum now.
    assert rules.roles_for("platinum") == (CM, SCM)
    assert rules.intervals[("platinum", CM)] == Interval(days=14)
    assert rules.intervals[("platinum", SCM)] == Interval(months=3)
    # An empty tier table: no cadence for that tier. Private keeps the defaults.
    assert rules.roles_for("diamond") == ()
    assert rules.roles_for("private") == (CM, SCM, BL)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1m", Interval(months=1)),
        ("3M", Interval(months=3)),
        (" 2w ", Interval(days=14)),
        ("45d", Interval(days=45)),
        (6, Interval(months=6)),
    ],
)
def test_interval_forms(text: object, expected: Interval) -> None:
    assert parse_interval(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("120m", Interval(months=120)), (120, Interval(months=120)),
     ("3660d", Interval(days=3660)), ("522w", Interval(days=3654))],
)  # fmt: skip
def test_the_longest_intervals_are_accepted(text: object, expected: Interval) -> None:
    assert parse_interval(text) == expected


def test_the_longest_interval_still_gives_due_dates(tmp_path: Path) -> None:
    """A due date must exist for any interval the config accepts (no "year out of range")."""
    config = _load(tmp_path, '[cadence.platinum]\nclient_manager = "120m"\n')
    assert not config.problems
    interval = config.cadence.intervals[("platinum", "client_manager")]
    assert interval.after(date(2026, 12, 31)) == date(2036, 12, 31)
    assert Interval(days=3660).after(date(9989, 1, 1)) < date.max


BAD = [
    # (what is written under [cadence.platinum] or [cadence], key, message fragment)
    ('[cadence.platinum]\nclient_manager = "0m"\n', "cadence.platinum.client_manager = \"0m\"",
     "an interval must be at least one day"),
    ('[cadence.platinum]\nclient_manager = "-1m"\n', "cadence.platinum.client_manager = \"-1m\"",
     "an interval must be at least one day"),
    ("[cadence.platinum]\nclient_manager = -2\n", "cadence.platinum.client_manager = -2",
     "an interval must be at least one day"),
    ("[cadence.platinum]\nclient_manager = 0\n", "cadence.platinum.client_manager = 0",
     "an interval must be at least one day"),
    ('[cadence.platinium]\nclient_manager = "1m"\n', "cadence.platinium = {client_manager",
     "unknown tier"),
    ('[cadence.platinum]\nclient_manger = "1m"\n', 'cadence.platinum.client_manger = "1m"',
     "unknown level"),
    ('[cadence]\ncounts = ["visit", "sms", "fax"]\n', 'cadence.counts = ["visit", "sms", "fax"]',
     'unknown interaction kind "fax"'),
    ("[cadence.platinum]\nclient_manager = 1.5\n", "cadence.platinum.client_manager = 1.5",
     "expected a string"),
    ('[cadence.platinum]\nclient_manager = ["1m"]\n', 'cadence.platinum.client_manager = ["1m"]',
     "expected a string"),
    ("[cadence.platinum]\nclient_manager = true\n", "cadence.platinum.client_manager = true",
     "expected a string"),
    ('[cadence.platinum]\nclient_manager = "monthly"\n',
     'cadence.platinum.client_manager = "monthly"', 'expected "<n>m"'),
    ('[cadence]\ncounts = "visit"\n', 'cadence.counts = "visit"', "expected a list"),
    ('[cadence]\nlead_days = "7"\n', 'cadence.lead_days = "7"', "whole number of days"),
    ("[cadence]\nlead_days = -1\n", "cadence.lead_days = -1", "between 0 and"),
    ('[cadence]\nplatinum = "1m"\n', 'cadence.platinum = "1m"', "expected a table"),
    # past ten years is a typo, and would put due dates beyond the year 9999
    ('[cadence.platinum]\nclient_manager = "99999m"\n',
     'cadence.platinum.client_manager = "99999m"', "at most 120 months (3660 days)"),
    ('[cadence.platinum]\nclient_manager = "121m"\n',
     'cadence.platinum.client_manager = "121m"', "at most 120 months"),
    ("[cadence.platinum]\nclient_manager = 121\n", "cadence.platinum.client_manager = 121",
     "at most 120 months"),
    ('[cadence.platinum]\nclient_manager = "3661d"\n',
     'cadence.platinum.client_manager = "3661d"', "at most 120 months (3660 days)"),
    ('[cadence.platinum]\nclient_manager = "523w"\n',
     'cadence.platinum.client_manager = "523w"', "at most 120 months (3660 days)"),
    ('[cadence.platinum]\nclient_manager = "9999999999d"\n',
     'cadence.platinum.client_manager = "9999999999d"', "at most 120 months"),
    # nothing would ever count: every client overdue for ever
    ("[cadence]\ncounts = []\n", "cadence.counts = []", "name at least one interaction kind"),
]


@pytest.mark.parametrize(("body", "shown", "reason"), BAD)
def test_bad_input_names_file_line_and_key_and_keeps_the_defaults(
    tmp_path: Path, body: str, shown: str, reason: str
) -> None:
    # Three lines before the section, so the line number is not a coincidence.
    text = '[ui]\nlanguage = "en"\n\n[cadence.diamond]\nclient_manager = "2m"\n' + body
    config = _load(tmp_path, text)
    path = tmp_path / "config.toml"
    line = 6 if body.startswith("[cadence.platinium]") else 7  # its header, or its key
    assert config.cadence == DEFAULT_CADENCE  # the whole section falls back
    first = config.problems[0]
    assert first.startswith(f"{path}:{line}: {shown}"), first
    assert reason in first
    assert config.problems[-1] == f"{path}: [cadence] ignored; using the default visit cadence"
    assert config.language == "en"  # the rest of the file still applies


def test_every_bad_entry_is_reported_not_only_the_first(tmp_path: Path) -> None:
    config = _load(tmp_path, """[cadence]
counts = ["visit", "fax"]

[cadence.gold]
client_manager = "0d"
branch_boss = "1m"
""")
    path = tmp_path / "config.toml"
    assert [p.split(": ")[0] for p in config.problems] == [
        f"{path}:2", f"{path}:5", f"{path}:6", str(path)]


def test_the_section_not_a_table(tmp_path: Path) -> None:
    config = _load(tmp_path, 'cadence = "monthly"\n')
    assert config.cadence == DEFAULT_CADENCE
    assert config.problems[0].startswith(f"{tmp_path / 'config.toml'}:1: cadence = \"monthly\"")


def test_checklist(tmp_path: Path) -> None:
    config = _load(tmp_path, '[brief]\nchecklist = ["带上最新对账单", " 了解客户近况 "]\n')
    assert config.checklist == ("带上最新对账单", "了解客户近况")
    assert config.problems == ()
    bad = _load(tmp_path, '\n[brief]\nchecklist = ["ok", 3]\n')
    assert bad.checklist is None
    assert bad.problems == (
        f"{tmp_path / 'config.toml'}:3: brief.checklist = [\"ok\", 3]:"
        " expected a list of non-empty strings",
    )
    assert _load(tmp_path, '[brief]\nchecklist = "带上对账单"\n').checklist is None
    assert _load(tmp_path, '[brief]\nchecklist = ["", "x"]\n').problems


def test_saving_a_setting_keeps_the_cadence(tmp_path: Path) -> None:
    config = _load(tmp_path, '[cadence.gold]\nclient_manager = "2m"\n')
    saved = save_setting(config, "ui", "theme", "clientdesk-light")
    assert saved.cadence.intervals[("gold", CM)] == Interval(months=2)


# --- finding the line ------------------------------------------------------------------


TEXT = """# a comment
[ui]
language = "zh"

[cadence]   # visit cadence
counts = ["visit"]
diamond = { client_manager = "0m" }
"platinum".client_manager = "1m"

[ cadence . gold ]
client_manager = "2m"
  senior_client_manager="3m"

[cadence.private]
"""


@pytest.mark.parametrize(
    ("key", "line"),
    [
        (("ui", "language"), 3),
        (("cadence",), 5),
        (("cadence", "counts"), 6),
        (("cadence", "diamond", "client_manager"), 7),  # inside an inline table
        (("cadence", "platinum", "client_manager"), 8),  # dotted, quoted key
        (("cadence", "gold"), 10),
        (("cadence", "gold", "client_manager"), 11),
        (("cadence", "gold", "senior_client_manager"), 12),
        (("cadence", "private", "branch_leader"), 14),  # not written: its table
        (("cadence", "lead_days"), 5),  # not written: the section
        (("brief", "checklist"), None),
    ],
)
def test_find_line(key: tuple[str, ...], line: int | None) -> None:
    assert find_line(TEXT, key) == line
