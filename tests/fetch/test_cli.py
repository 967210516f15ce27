"""`xxgk fetch` on the command line: exit codes and one-line errors, --urls-file, --dry-run."""
from __future__ import annotations

import socket

from typer.testing import CliRunner

from etl.cli import app
from tests.fetch.portal import Page, Portal
from tests.fetch.sites import trs_site

runner = CliRunner()


def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_unreachable_start_url_is_one_line_and_exit_2(tmp_path):
    url = f"http://127.0.0.1:{closed_port()}/xxgk/ndbg/"
    result = runner.invoke(app, ["fetch", url, "--into", str(tmp_path), "--delay", "0.05", "--timeout", "1"])
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {url}: host unreachable (connection failed: ConnectError)"]


def test_non_list_page_and_bad_scheme(tmp_path):
    with Portal({"/a.html": Page("<html><body><p>正文</p></body></html>".encode())}) as p:
        result = runner.invoke(app, ["fetch", p.url("/a.html"), "--into", str(tmp_path), "--delay", "0.05"])
    assert result.exit_code == 2
    assert f"error: {p.url('/a.html')}: not a list page (no report links, pagination or list script)" in result.output
    result = runner.invoke(app, ["fetch", "file:///etc/passwd", "--into", str(tmp_path)])
    assert result.exit_code == 2 and result.output.strip() == "error: file:///etc/passwd: not an http(s) URL"


def test_urls_file_and_dry_run(tmp_path):
    with Portal(trs_site({})) as p:
        urls = tmp_path / "starts.txt"
        urls.write_text(f"# the commerce bureau\n{p.url('/xxgk/ndbg/index.html')}\n\n", encoding="utf-8")
        result = runner.invoke(app, ["fetch", "--urls-file", str(urls), "--into", str(tmp_path / "out"),
                                     "--delay", "0.05", "--dry-run", "--since", "2019"])
    assert result.exit_code == 0, result.output
    would = [line for line in result.output.splitlines() if "would fetch" in line]
    assert len(would) == 2 and all("2020年" in w or "2019年" in w for w in would)
    assert not [f for f in (tmp_path / "out").rglob("*") if f.is_file() and ".xxgk-fetch" not in f.parts]
