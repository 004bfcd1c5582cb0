"""`clientdesk server init`, `sync` and `conflicts` against a real PostgreSQL."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

import pytest

from store.db import HEAD_REVISION, open_store
from store.models import Client
from tui import cli

pytestmark = pytest.mark.postgres


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_server_init_then_two_laptops_sync_and_review_a_conflict(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, pg_url: str
) -> None:
    code, out, _ = _run(capsys, "server", "init", pg_url)
    assert code == 0
    assert f"upgraded from schema - to {HEAD_REVISION}" in out
    code, out, _ = _run(capsys, "server", "init", pg_url)
    assert (code, f"is ready (schema {HEAD_REVISION})" in out) == (0, True)

    a, b = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    _run(capsys, "--db", a, "demo", "--clients", "10", "--seed", "4")
    code, out, _ = _run(capsys, "--db", a, "sync", pg_url)
    assert code == 0
    assert out.startswith("Synced: ")
    code, out, _ = _run(capsys, "--db", b, "sync")  # the URL was remembered
    assert code == 0
    assert "pulled" in out and " 0 pulled" not in out

    for path, phone in ((a, "13900000001"), (b, "13900000002")):
        store = open_store(path)
        with store.session() as session:
            client = session.query(Client).order_by(Client.id).first()
            assert client is not None
            client.phone = phone
        store.close()
    for path in (a, b, a):
        assert _run(capsys, "--db", path, "sync")[0] == 0
    code, out, _ = _run(capsys, "--db", a, "conflicts", "--json")
    (conflict,) = json.loads(out)
    assert conflict["field"] == "phone"
    assert {conflict["kept_value"], conflict["lost_value"]} == {"13900000001", "13900000002"}
    code, out, _ = _run(capsys, "--db", b, "conflicts")
    assert "Mobile number" in out and "13900000001" in out


def test_the_remembered_url_never_holds_a_password(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, pg_url: str
) -> None:
    cli.main(["server", "init", pg_url])
    with_password = pg_url.replace("postgresql://postgres@", "postgresql://postgres:s3cret@", 1)
    code, _, _ = _run(capsys, "--db", str(tmp_path / "a.db"), "sync", with_password)
    assert code == 0  # trust auth ignores the password
    config = Path(os.environ["CLIENTDESK_CONFIG"])
    saved = tomllib.loads(config.read_text(encoding="utf-8"))["sync"]["url"]
    assert saved == pg_url
    assert "s3cret" not in config.read_text(encoding="utf-8")
