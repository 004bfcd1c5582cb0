"""`store/` is a library: it never pulls in Textual or the TUI (DESIGN.md §2)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STORE_MODULES = sorted(
    ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
    for path in (ROOT / "store").rglob("*.py")
    if "versions" not in path.parts and path.name != "env.py"
)


def test_store_modules_are_found() -> None:
    assert "store.db" in STORE_MODULES
    assert "store.models.clients" in STORE_MODULES


def _run_fresh(code: str) -> str:
    """What `code` prints in a fresh interpreter (nothing imported before it)."""
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_importing_every_store_module_loads_no_textual() -> None:
    printed = _run_fresh(
        "import importlib, sys\n"
        f"for name in {STORE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'tui'))\n"
        "print(','.join(bad))\n"
    )
    assert printed == ""


def test_no_store_source_mentions_textual_or_tui() -> None:
    """Catches lazy imports inside functions too, which the import test cannot see."""
    offenders: list[str] = []
    for path in (ROOT / "store").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.relative_to(ROOT)}: {name}"
                for name in names
                if name.split(".")[0] in ("textual", "tui")
            ]
    assert offenders == []


def test_importing_store_creates_no_engine_and_loads_no_heavy_libraries() -> None:
    printed = _run_fresh(
        "import gc, sys, store.db, store.client_list, store.pinyin, store.config\n"
        "from sqlalchemy.engine import Engine\n"
        "engines = sum(isinstance(o, Engine) for o in gc.get_objects())\n"
        "heavy = [m for m in ('alembic', 'pypinyin', 'psycopg', 'openpyxl') if m in sys.modules]\n"
        "print(engines, ','.join(heavy))\n"
    )
    assert printed == "0"
