"""The catalog: both languages for every message, and every code name has a label."""

from __future__ import annotations

import string

import pytest

from store import i18n, vocab
from store.i18n import CATALOG, detect_language, set_language, t


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_both_languages_present_with_same_placeholders(key: str) -> None:
    zh, en = CATALOG[key]
    assert zh.strip() and en.strip()
    assert _placeholders(zh) == _placeholders(en)


VOCAB_PREFIXES = {
    vocab.ClientKind: "kind", vocab.Gender: "gender", vocab.IdType: "id_type",
    vocab.ManagerLevel: "level", vocab.Tier: "tier", vocab.Importance: "importance",
    vocab.RiskLevel: "risk", vocab.ClientStatus: "status", vocab.MaritalStatus: "marital",
    vocab.Education: "education", vocab.IncomeBand: "income", vocab.Ownership: "ownership",
    vocab.RelationKind: "relation", vocab.InteractionKind: "interaction",
    vocab.Purpose: "purpose", vocab.EventKind: "event",
}  # fmt: skip


@pytest.mark.parametrize("enum", list(VOCAB_PREFIXES), ids=lambda e: e.__name__)
def test_every_code_name_has_a_label(enum: type[vocab.StrEnum]) -> None:
    missing = [v.value for v in enum if f"{VOCAB_PREFIXES[enum]}.{v.value}" not in CATALOG]
    assert missing == []


def test_switching_language_changes_text() -> None:
    set_language("zh")
    assert t("tier.gold") == "金卡"
    set_language("en")
    assert t("tier.gold") == "Gold"
    assert t("store.no_folder", folder="/x") == "The folder /x does not exist."


def test_unknown_key_shows_itself() -> None:
    assert t("no.such.key") == "no.such.key"


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError):
        i18n.set_language("fr")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({}, "en"),
    ],
)
def test_language_follows_the_locale(environ: dict[str, str], expected: str) -> None:
    assert detect_language(environ) == expected
