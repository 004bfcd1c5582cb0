"""Errors that `store/` raises for a person to read.

Every error carries catalog keys rather than finished sentences, so the
front end can show it in the user's language and a test can assert on the
key instead of on wording that translators may change.
"""

from __future__ import annotations

from typing import Any

from store.i18n import t


class ClientdeskError(Exception):
    """Base class: an error with a catalog message, safe to show to a user."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(key)

    def message(self) -> str:
        """The sentence in the current language."""
        return t(self.key, **self.params)

    def __str__(self) -> str:
        return self.message()


class StoreOpenError(ClientdeskError):
    """The store file cannot be opened, created or migrated."""


class ValidationError(ClientdeskError):
    """One field of some input is wrong; nothing has been written.

    `field` is a catalog key naming the field (``field.id_number``);
    `reason` is a catalog key saying what is wrong with it.
    """

    def __init__(self, field: str, reason: str, **params: Any) -> None:
        self.field = field
        self.reason = reason
        super().__init__(reason, **params)

    def message(self) -> str:
        return t("error.field", field=t(self.field), reason=t(self.reason, **self.params))


class SyncError(ClientdeskError):
    """A sync could not run or was refused; the local store is unchanged."""
