"""This clientdesk's version, as installed (also what a shared database records)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def app_version() -> str:
    try:
        return version("clientdesk")
    except PackageNotFoundError:
        return "0+unknown"
