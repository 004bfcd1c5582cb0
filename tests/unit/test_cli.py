"""The command line: bad input gets one clear sentence and a non-zero exit."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.db import open_store
from store.desk import desk_context
from tui import cli


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:  # argparse exits on usage errors
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_unknown_option_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _run(capsys, "--db", str(tmp_path / "s.db"), "--frobnicate")
    assert code == 2
    assert "--frobnicate" in err
    assert not (tmp_path / "s.db").exists()


def test_store_in_missing_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _run(capsys, "--db", str(tmp_path / "no" / "s.db"), "demo", "--clients", "5")
    assert code == 2
    assert err.strip() == f"clientdesk: The folder {tmp_path / 'no'} does not exist."


def test_not_a_store(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("客户姓名,手机号码\n张伟,13800138000\n", encoding="utf-8")
    code, _, err = _run(capsys, "--db", str(path), "demo")
    assert code == 2
    assert "is not a clientdesk store" in err
    assert path.read_text(encoding="utf-8").startswith("客户姓名")


def test_bad_client_count(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _run(capsys, "--db", str(tmp_path / "s.db"), "demo", "--clients", "0")
    assert code == 2
    assert "must be at least 1" in err


def test_demo_fills_then_refuses_without_force(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "s.db"
    code, out, _ = _run(capsys, "--db", str(path), "demo", "--clients", "30", "--seed", "3")
    assert code == 0
    assert "Created 30 clients" in out
    code, _, err = _run(capsys, "--db", str(path), "demo", "--clients", "30")
    assert code == 1
    assert "--force" in err
    code, _, _ = _run(capsys, "--db", str(path), "demo", "--clients", "10", "--force")
    assert code == 0
    store = open_store(path)
    with store.read_session() as session:
        assert desk_context(session).client_count == 40
    store.close()


def test_store_path_from_environment(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "from-env.db"
    monkeypatch.setenv("CLIENTDESK_DB", str(path))
    code, _, _ = _run(capsys, "demo", "--clients", "5")
    assert code == 0
    assert path.exists()


def test_chinese_messages_with_lang(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _run(capsys, "--lang", "zh", "--db", str(tmp_path / "x" / "s.db"), "demo")
    assert code == 2
    assert "不存在" in err


def test_sync_without_a_url_says_how_to_set_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = _run(capsys, "--db", str(tmp_path / "s.db"), "sync")
    assert code == 1
    assert "clientdesk sync URL" in err


def test_sync_to_an_unreachable_server_is_one_line_and_keeps_changes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "s.db"
    _run(capsys, "--db", str(path), "demo", "--clients", "5")
    code, out, err = _run(capsys, "--db", str(path), "sync", "postgresql://x@127.0.0.1:1/none")
    assert code == 1
    assert out == ""
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1
    assert lines[0].startswith("clientdesk: Cannot reach the shared database x@127.0.0.1:1/none")
    store = open_store(path)
    from store.sync.local import pending_count

    with store.engine.connect() as conn:
        assert pending_count(conn) > 5
    store.close()


def test_conflicts_lists_none_as_text_and_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = str(tmp_path / "s.db")
    assert _run(capsys, "--db", path, "conflicts")[1].strip() == "No unresolved conflicts."
    code, out, _ = _run(capsys, "--db", path, "conflicts", "--json")
    assert (code, out.strip()) == (0, "[]")
