"""Per-feature message catalogs merged into `store.i18n.CATALOG` on import.

Each module defines `CATALOG: dict[str, tuple[str, str]]` (Simplified
Chinese, English), exactly like the main catalog.
"""
