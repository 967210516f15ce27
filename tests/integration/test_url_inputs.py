"""Inputs given as fsspec URLs (issue 10: workers read from any path the cluster can see).
`file://` is the protocol every machine has; s3:// and the others go through the same code
with their fsspec backend installed."""
from __future__ import annotations

import shutil
import zipfile

import duckdb
import pytest

from etl.engines.sources import discover
from etl.ingest import ingest

FILES = ["000_huaibei_shangwuju_2018.txt", "001_huaian_hongzequ_2023.pdf", "028_pingtan_shiyanqu_2022.html"]


def _content(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        reports = con.sql("SELECT file_name, sha256, status, template, year, bureau_name FROM reports ORDER BY 1").fetchall()
        figures = con.sql("SELECT r.file_name, f.metric, f.dimension, f.value, f.value_kind, f.page "
                          "FROM figures f JOIN reports r USING (report_id) ORDER BY ALL").fetchall()
        paths = [r[0] for r in con.sql("SELECT source_path FROM source_files ORDER BY 1").fetchall()]
        return reports, figures, paths
    finally:
        con.close()


@pytest.fixture
def inputs(tmp_path, shared_corpus):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    for name in FILES[:2]:
        shutil.copy(shared_corpus / name, src / name)
    with zipfile.ZipFile(src / "sub" / "bundle.zip", "w") as zf:
        zf.write(shared_corpus / FILES[2], f"2022/{FILES[2]}")
    (src / ".hidden").mkdir()
    (src / ".hidden" / "x.txt").write_text("not a report")
    return src


def test_discovery_of_a_url_lists_files_and_archive_members_like_a_folder(inputs):
    found = discover([f"file://{inputs}"])
    assert [s.source_path for s in found.sources] == [
        f"file://{inputs}/{FILES[0]}", f"file://{inputs}/{FILES[1]}", f"file://{inputs}/sub/bundle.zip!2022/{FILES[2]}"]
    assert discover([f"file://{inputs}/missing"]).skipped[0].reason == "no such file or folder"


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_a_url_gives_the_same_database_as_the_path(tmp_path, inputs, engine):
    by_path, by_url = tmp_path / "path.duckdb", tmp_path / f"url-{engine}.duckdb"
    ingest([str(inputs)], by_path, workers=1)
    ingest([f"file://{inputs}"], by_url, workers=2, engine=engine, staging=tmp_path / "staging")
    reports_p, figures_p, paths_p = _content(by_path)
    reports_u, figures_u, paths_u = _content(by_url)
    assert len(reports_p) == 3 and all(r[2] != "failed" for r in reports_p)
    assert reports_u == reports_p
    assert figures_u == figures_p and len(figures_p) > 300
    assert paths_u == [p.replace(str(inputs), f"file://{inputs}") for p in paths_p]
