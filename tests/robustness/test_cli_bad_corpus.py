"""The bad-input corpus (badcorpus.py) through the real `xxgk ingest` command: the run
completes with exit status 0 and no traceback, and every input ends where it should."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from badcorpus import CLI_OPTIONS, SPECIAL_FILES, build, build_special

XXGK = Path(sys.executable).parent / "xxgk"


@pytest.fixture(scope="module")
def ingested(tmp_path_factory, shared_corpus):
    root = tmp_path_factory.mktemp("bad")
    folder = root / "in"
    cases = build(folder)
    build_special(folder)
    db = root / "out" / "xxgk.duckdb"
    outside_before = {p.name for p in root.iterdir()} | {p.name for p in root.parent.iterdir()}
    proc = subprocess.run([str(XXGK), "ingest", str(folder), "--db", str(db), "--workers", "2", *CLI_OPTIONS],
                          capture_output=True, text=True, timeout=300)
    con = duckdb.connect(str(db), read_only=True)
    reports = {r[0]: r for r in con.sql("SELECT source_path, status, error, sha256, report_id FROM reports").fetchall()}
    sources = {r[0]: r for r in con.sql("SELECT source_path, sha256, report_id, duplicate_of_path FROM source_files").fetchall()}
    texts = con.sql("""
        SELECT r.source_path, concat_ws(' ', r.title, r.bureau_name, r.error, string_agg(f.evidence, ' '),
                                        string_agg(f.raw_text, ' '))
        FROM reports r LEFT JOIN figures f USING (report_id)
        GROUP BY r.source_path, r.title, r.bureau_name, r.error""").fetchall()
    con.close()
    outside_after = {p.name for p in root.iterdir()} | {p.name for p in root.parent.iterdir()}
    return dict(root=root, folder=folder, cases=cases, proc=proc, reports=reports, sources=sources,
                texts=dict(texts), new_outside=outside_after - outside_before)


def test_the_corpus_is_big_enough(ingested):
    bad = [c for c in ingested["cases"] if not c.name.startswith("good/")]
    assert len(bad) >= 30


def test_run_completes_without_traceback(ingested):
    proc = ingested["proc"]
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "files seen" in proc.stdout


def test_every_input_is_recorded_once(ingested):
    """Every input path (archive members one by one) is a row of source_files, and every
    distinct content is one row of reports."""
    folder = ingested["folder"]
    expected = {f"{folder}/{c.name}" for c in ingested["cases"]}
    assert set(ingested["sources"]) == expected
    shas = {row[1] for row in ingested["sources"].values()}
    assert len(shas) == len(ingested["reports"])


def test_pipes_and_devices_are_skipped_not_opened(ingested):
    """A named pipe would block the run forever and /dev/zero never ends: both are skipped
    (the run finishing at all is the main point) and listed in the summary with the reason."""
    out = " ".join(ingested["proc"].stdout.split())  # rich wraps long lines
    for name in SPECIAL_FILES:
        assert f"{ingested['folder']}/{name}" not in ingested["sources"]
    assert "not a regular file" in out


def test_each_file_ends_as_expected(ingested):
    folder, reports, sources = ingested["folder"], ingested["reports"], ingested["sources"]
    by_name = {c.name: c for c in ingested["cases"]}
    wrong = []
    for case in ingested["cases"]:
        path = f"{folder}/{case.name}"
        if case.duplicate_of:
            other = sources[f"{folder}/{case.duplicate_of}"]
            if sources[path][2] != other[2]:
                wrong.append((case.name, "not deduplicated with", case.duplicate_of))
            continue
        # the reports row of this file's bytes (another path may stand for identical bytes)
        row = next((r for r in reports.values() if r[4] == sources[path][2]), None)
        if row is None:
            wrong.append((case.name, "no reports row", sources.get(path)))
            continue
        _, status, error, _, _ = row
        if case.status is not None and status != case.status:
            wrong.append((case.name, status, error))
        elif case.error is not None and not (error or "").startswith(case.error):
            wrong.append((case.name, status, error))
        elif case.not_error is not None and (error or "").startswith(case.not_error):
            wrong.append((case.name, status, error))
        elif case.same_as is not None:
            twin_id = sources[f"{folder}/{by_name[case.same_as].name}"][2]
            twin = next(r for r in reports.values() if r[4] == twin_id)
            if (status, error) != (twin[1], twin[2]):
                wrong.append((case.name, (status, error), "differs from", case.same_as, (twin[1], twin[2])))
    assert not wrong, "\n".join(map(str, wrong))


def test_failed_rows_say_why(ingested):
    for path, status, error, _, _ in ingested["reports"].values():
        if status == "failed":
            assert error and len(error) >= 10, path
            assert "Traceback" not in error


def test_same_bytes_under_a_wrong_name_are_read_as_what_they_are(ingested):
    folder, reports, sources = ingested["folder"], ingested["reports"], ingested["sources"]
    txt_copy = sources[f"{folder}/dupes/a_copy_named.txt"]
    # sorted first, but not the representative: the .pdf name fits the bytes
    assert txt_copy[3] is not None and txt_copy[3].endswith(".pdf")
    rep = next(r for r in reports.values() if r[4] == txt_copy[2])
    assert rep[0].endswith(".pdf") and not (rep[2] or "").startswith("not a text file")


def test_archive_member_names_never_become_paths(ingested):
    """`../../../escaped_report.txt` and `/tmp/absolute_report.pdf` inside a zip are labels only."""
    assert not ingested["new_outside"] - {"out", "in"}
    assert not Path("/tmp/absolute_report.pdf").exists()
    assert any("traversal.zip!../../../escaped_report.txt" in p for p in ingested["reports"])


def test_scripts_are_dropped_and_markup_is_kept_as_text(ingested):
    folder, texts = ingested["folder"], ingested["texts"]
    stored = texts[f"{folder}/hostile/scripts.html"]
    assert "alert(" not in stored and "javascript:" not in stored
    # the html page with scripts reads exactly like the clean page
    assert texts[f"{folder}/hostile/scripts.html"].replace(str(folder), "") == \
        texts[f"{folder}/good/028.html"].replace(str(folder), "")
