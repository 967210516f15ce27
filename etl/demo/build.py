"""`xxgk demo`: generate the demo corpus once (cached under data/demo/), ingest it, report."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from etl.demo import GENERATOR_VERSION

DEMO_REPORTS = 400
DEMO_SEED = 2019


def corpus_is_current(corpus: Path, n: int = DEMO_REPORTS, seed: int = DEMO_SEED) -> bool:
    manifest = corpus / "corpus.json"
    if not manifest.exists() or not (corpus / "reports").is_dir():
        return False
    try:
        meta = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (meta.get("generator_version"), meta.get("reports"), meta.get("seed")) == (GENERATOR_VERSION, n, seed)


def ensure_demo_database(db: Path, rebuild: bool, console) -> None:
    """Generate data/demo/ when missing or made by another generator version, then ingest it into
    `db`. Ingest reuses unchanged extractions, so a second run does (almost) no work."""
    from etl.demo.generator import write_corpus
    from etl.engines.local import default_workers
    from etl.ingest import ingest

    db = Path(db)
    corpus = db.parent / "demo"
    workers = default_workers()
    if not corpus_is_current(corpus):
        if corpus.exists():
            shutil.rmtree(corpus)
        console.print(f"generating {DEMO_REPORTS} demo reports under {corpus} (DEMO DATA: real place names, "
                      "generated figures) …")
        write_corpus(corpus, DEMO_REPORTS, seed=DEMO_SEED, workers=workers)
        rebuild = True
    if rebuild and db.exists():
        db.unlink()
    db.parent.mkdir(parents=True, exist_ok=True)
    # the supervisor's roster and a few near-copies of last year's report (issue 21)
    from etl.demo.roster import ensure_supervisor_extras
    from etl.load.roster import read_roster

    roster = read_roster(ensure_supervisor_extras(corpus, DEMO_SEED))
    s = ingest([str(corpus / "reports")], db, workers=workers, roster=roster)
    console.print(f"demo database {db}: {s.files_seen} generated reports (DEMO DATA, not real figures) — "
                  f"{s.parsed} parsed, {s.partial} partial, {s.failed} failed, {s.figures} figures; "
                  f"{s.files_extracted} extracted, {s.files_reused} reused in {s.seconds:.1f} s")
