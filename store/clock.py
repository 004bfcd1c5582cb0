"""The one source of "now" for the whole program.

Everything that asks for the current time goes through `now()`, so tests,
demos and scripts can fix it with the `CLIENTDESK_NOW` environment variable
(an ISO date or date-time) and get the same screens and the same data
every run.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

ENV_VAR = "CLIENTDESK_NOW"
DEFAULT_ZONE = "Asia/Shanghai"

# A fixed date without a time means the start of a branch's working day.
_FIXED_DATE_TIME = time(9, 0)


def parse_fixed_now(value: str, zone: str = DEFAULT_ZONE) -> datetime:
    """Read a `CLIENTDESK_NOW` value as an aware UTC instant.

    A date alone means 09:00 local time; a date-time without an offset is
    local time in `zone`.
    """
    text = value.strip()
    try:
        if len(text) == 10:
            parsed = datetime.combine(date.fromisoformat(text), _FIXED_DATE_TIME)
        else:
            parsed = datetime.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"{ENV_VAR}={value!r} is not an ISO date or date-time") from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo(zone))
    return parsed.astimezone(UTC)


def now() -> datetime:
    """The current instant, aware, in UTC (or the fixed instant when set)."""
    fixed = os.environ.get(ENV_VAR)
    if fixed:
        return parse_fixed_now(fixed)
    return datetime.now(UTC)


def is_fixed() -> bool:
    """True when `CLIENTDESK_NOW` pins the clock (tests, demos, scripts)."""
    return bool(os.environ.get(ENV_VAR))


def today(zone: str = DEFAULT_ZONE) -> date:
    """Today's calendar date where the manager is, not in UTC."""
    return now().astimezone(ZoneInfo(zone)).date()
