"""`xxgk demo` builds the demo database, then serves it through the dashboard command: every
option of `dashboard` must reach it as a value (a Typer default left in place is an OptionInfo
object, which crashed `make demo` once a new option was added to `dashboard`)."""
from __future__ import annotations

from typer.testing import CliRunner

from etl import cli


def test_demo_serves_the_dashboard_with_every_option_as_a_value(tmp_path, monkeypatch):
    db = tmp_path / "demo.duckdb"
    db.write_bytes(b"")  # the dashboard command only checks that it exists
    calls = []
    monkeypatch.setattr("etl.demo.build.ensure_demo_database", lambda *a, **k: None)
    monkeypatch.setattr(cli.subprocess, "call", lambda cmd, env: calls.append((cmd, env)) or 0)
    result = CliRunner().invoke(cli.app, ["demo", "--db", str(db), "--port", "8599"])
    assert result.exit_code == 0, result.output
    [(cmd, env)] = calls
    assert cmd[cmd.index("--server.port") + 1] == "8599" and cmd[cmd.index("--client.toolbarMode") + 1] == "viewer"
    assert env["XXGK_DB"] == str(db.resolve()) and env["XXGK_DEMO"] == "1"
    assert "XXGK_CORRECTIONS" not in env  # the demo never lets the review page write a corrections file
