"""The demo's supervisor frame (etl/demo/roster.py): a roster of the corpus's organs with some
that never publish, near-copies of last year's report, and what the build makes of them."""
from __future__ import annotations

import duckdb
import pytest

from etl.demo.generator import write_corpus
from etl.demo.roster import NEVER_PUBLISH, ensure_supervisor_extras, shift_years
from etl.ingest import ingest
from etl.load.roster import read_roster


def test_shift_years_moves_each_year_once():
    assert shift_years("2021年报告，2022年1月20日发布") == "2022年报告，2023年1月20日发布"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo_sv")
    write_corpus(root, 120, seed=5)
    roster = read_roster(ensure_supervisor_extras(root, 5))
    db = root / "demo.duckdb"
    ingest([str(root / "reports")], db, workers=1, roster=roster)
    con = duckdb.connect(str(db), read_only=True)
    yield root, con
    con.close()


def test_roster_lists_every_organ_and_some_that_never_publish(demo_db):
    root, con = demo_db
    organs = con.execute("SELECT count(DISTINCT bureau_id) FROM reports WHERE status <> 'failed'").fetchall()[0][0]
    (n, matched), = con.execute("SELECT count(*), count(bureau_id) FROM roster").fetchall()
    assert matched == organs and n == organs + NEVER_PUBLISH
    assert con.execute("SELECT count(*) FROM v_roster_gaps WHERE kind = 'unlisted_publisher'").fetchall() == [(0,)]
    statuses = dict(con.execute("SELECT status, count(*) FROM v_coverage GROUP BY ALL").fetchall())
    assert statuses.get("missing", 0) > 0 and statuses.get("published", 0) > 0


def test_near_copies_score_as_copies(demo_db):
    root, con = demo_db
    copies = sorted(p.name for p in (root / "reports").glob("near_copy_*"))
    assert copies
    rows = con.execute("SELECT r.file_name, s.text_reuse_prev, s.frozen_figures FROM v_scorecard s "
                       "JOIN reports r ON r.report_id = s.report_id WHERE r.file_name LIKE 'near_copy_%'").fetchall()
    assert sorted(r[0] for r in rows) == copies
    for name, reuse, frozen in rows:
        assert reuse is not None and reuse >= 0.9, name
        assert frozen is not None and frozen >= 0.9, name
    # and reports written anew score below the copies
    others = [r for (r,) in con.execute("SELECT s.text_reuse_prev FROM v_scorecard s JOIN reports r USING (report_id) "
                                        "WHERE r.file_name NOT LIKE 'near_copy_%' AND s.text_reuse_prev IS NOT NULL").fetchall()]
    assert others and max(others) < 0.9
