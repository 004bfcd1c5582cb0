"""The visit log pane shows how a greeting went out and what it cost."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from store import i18n
from store.visit_log import InteractionRow
from tui.widgets.visit_log import _with_greeting


def _row(**changes: object) -> InteractionRow:
    values: dict[str, object] = {
        "id": "x", "occurred_at": datetime(2026, 11, 28, 2, tzinfo=UTC), "kind": "greeting",
        "purpose": "greeting", "summary": "生日问候", "outcome": None, "next_contact_on": None,
        "participants": (),
    }  # fmt: skip
    values.update(changes)
    return InteractionRow(**values)  # type: ignore[arg-type]


def test_a_greeting_shows_its_channel_and_cost_before_the_summary(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(i18n, "_current", "zh")
    assert _with_greeting(_row(channel="gift", cost_fen=38800)) == "[礼品 · ¥388.00] 生日问候"
    assert _with_greeting(_row(channel="sms")) == "[短信] 生日问候"


def test_an_entry_without_channel_or_cost_is_its_summary() -> None:
    assert _with_greeting(_row(kind="visit", purpose="care")) == "生日问候"
