"""The Dask engine: the same per-file extraction as the local engine, on a Dask cluster.

How a run goes:

1. The client splits the files to extract into batches and submits one task per batch
   (`retries=` so a task lost with its worker is run again elsewhere).
2. A task runs on a worker and hands its batch to a child Python process of its worker thread
   (`python -c "…_child_main(serve=True)"`, started once and reused for the following batches,
   so interpreter start and imports are paid once per worker), which reads the files, runs
   `etl.engines.local.extract_source` on each (the very function the local engine runs) and
   writes the rows as one Parquet partition (reports/figures/checks.parquet) into the staging
   folder. The task returns only the partition's path.
3. The client reads the partitions back into `FileResult`s in the order of `todo`;
   `etl.ingest` then builds and publishes the database exactly as for the local engine.

Why a child process: Dask runs tasks in worker threads, and the per-file time limit
(`etl.engines.limits.time_limit`, SIGALRM) only works in a main thread. In the child,
extraction runs in the main thread, so the limit holds as it does locally. The child also
isolates crashes: a segfault or out-of-memory kill in a PDF library takes down the child,
not the worker. The task then extracts that batch's files one per fresh child, so only the
file that crashes ends as a `failed` row with the reason, and the others are kept. A child
that hangs in C code (where SIGALRM cannot interrupt) is killed after a wall-clock limit, and
the batch is redone the same way.

Staging: the folder must be reachable under the same path by the client and every worker
(one host, or shared storage such as NFS). It is the `staging` argument, else
`$XXGK_STAGING`, else a temporary folder (fine for a LocalCluster on one host). A run writes
into its own `run-<id>` subfolder and removes it at the end. With a remote scheduler, the
client checks first that every worker sees the run folder, and stops with a clear message
when it does not.
"""
from __future__ import annotations

import json
import logging
import math
import os
import selectors
import shutil
import subprocess
import sys
import tempfile
import threading
import uuid
from dataclasses import asdict
from pathlib import Path
from typing import Callable

from etl.engines.limits import Limits
from etl.engines.sources import Source
from etl.model import FileResult
from etl.pipeline import base_report
from etl.read import ocr_cache

# (source_path, fs_path, member, sha256): what a task needs to know about one file; plain
# tuples so they pickle and JSON-encode without the project's classes
Item = tuple[str, str, "str | None", str]
PARTS = ("reports", "figures", "checks")
STARTUP_SECONDS = 60.0  # allowance for a child's interpreter start and imports
WALL_MARGIN_SECONDS = 10.0  # per file, beyond the per-file time limit, before a stuck child is killed


def run_dask(todo: list[tuple[Source, str]], limits: Limits, *, workers: int = 1, scheduler: str | None = None,
             on_done: Callable[[int], None] = lambda n: None, staging: str | os.PathLike | None = None,
             retries: int = 2, batch_size: int | None = None) -> list[FileResult]:
    """Extract every (source, sha256) on a Dask cluster; results in the order of `todo`.

    Without `scheduler`, starts a LocalCluster of `workers` processes with one thread each;
    with it, connects to the running cluster at that address.
    """
    if not todo:
        return []
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError as exc:  # the dask extra is optional
        raise RuntimeError("--engine dask needs Dask: pip install -e '.[dask]'") from exc

    root = Path(staging or os.environ.get("XXGK_STAGING") or tempfile.gettempdir()) / "xxgk-staging"
    run_dir = root / f"run-{uuid.uuid4().hex[:12]}"
    run_dir.mkdir(parents=True, exist_ok=False)
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler)
        else:
            cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.WARNING)
            client = Client(cluster)
        try:
            if scheduler:
                _require_shared_staging(client, run_dir)
            n_workers = max(1, len(client.nthreads()) or workers)  # nthreads(): every worker, no paging
            items: list[Item] = [(s.source_path, s.fs_path, s.member, sha) for s, sha in todo]
            size = batch_size or max(1, min(32, math.ceil(len(items) / (n_workers * 4))))
            batches = [items[i:i + size] for i in range(0, len(items), size)]
            limits_dict = asdict(limits)
            # the driver's OCR cache folder travels with each task: a worker's environment is its own
            cache = ocr_cache.folder()
            futures = {client.submit(extract_batch, b, limits_dict, str(run_dir), i, cache,
                                     key=f"xxgk-batch-{run_dir.name}-{i}", retries=retries, pure=False): i
                       for i, b in enumerate(batches)}
            by_sha: dict[str, FileResult] = {}
            for fut in as_completed(futures):
                i = futures[fut]
                try:
                    partitions = fut.result()
                    results = [r for p in partitions for r in read_partition(Path(p))]
                except Exception as exc:  # noqa: BLE001 - a task lost for good must not lose its files
                    results = [_failed(item, f"dask task failed ({type(exc).__name__}: {str(exc)[:200]})")
                               for item in batches[i]]
                for res in results:
                    by_sha[res.report["sha256"]] = res
                on_done(len(batches[i]))
            # a file whose partition lacks it (should not happen) still gets its row
            return [by_sha.get(it[3]) or _failed(it, "no result came back from the Dask worker") for it in items]
        finally:
            client.close()
    finally:
        if cluster is not None:
            cluster.close()
        if not os.environ.get("XXGK_KEEP_STAGING"):
            shutil.rmtree(run_dir, ignore_errors=True)


def _require_shared_staging(client, run_dir: Path) -> None:
    seen = client.run(os.path.isdir, str(run_dir))
    blind = sorted(addr for addr, ok in seen.items() if not ok)
    if blind:
        raise RuntimeError(
            f"the Dask workers {', '.join(blind)} cannot see the staging folder {run_dir}: set XXGK_STAGING "
            f"(or pass staging=) to a folder shared by this client and every worker, e.g. on NFS")


# --- on the worker --------------------------------------------------------------------------

def extract_batch(items: list[Item], limits: dict, run_dir: str, batch_no: int,
                  ocr_cache_folder: str | None = None) -> list[str]:
    """A Dask task: extract `items` in a child process; returns the partition folders written.

    The batch goes to this worker thread's long-lived child (started once, so interpreter start
    and imports are paid once per worker, not per batch). Never raises for a bad file: a batch
    whose child dies or hangs is redone one file per fresh child, and a file whose own child
    dies becomes a failed row written by the task itself. `ocr_cache_folder`: the driver's OCR
    cache folder (etl.read.ocr_cache), used by the child as its own.
    """
    part = _partition_path(run_dir, batch_no)
    if _SERVING.run(items, limits, part, _wall_limit(limits, len(items)), ocr_cache_folder) is None:
        return [str(part)]
    written = []
    for item in items:
        solo = _partition_path(run_dir, batch_no)
        outcome = _run_child([item], limits, solo, _wall_limit(limits, 1), ocr_cache_folder)
        if outcome is not None:
            write_partition([_failed(item, outcome)], solo)
        written.append(str(solo))
    return written


class _ServingChild(threading.local):
    """One long-lived child per worker thread, fed one JSON job per line on stdin; it answers
    one line on its protocol pipe per job. Replaced after any failure."""

    proc: subprocess.Popen | None = None

    def run(self, items: list[Item], limits: dict, part: Path, wall: float | None,
            ocr_cache_folder: str | None = None) -> str | None:
        """None when the child wrote the partition, else why not (the child is then gone)."""
        job = json.dumps(_job(items, limits, part, ocr_cache_folder)) + "\n"
        try:
            if self.proc is None or self.proc.poll() is not None:
                self.proc = subprocess.Popen(child_command(serve=True), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                             stderr=subprocess.DEVNULL)
            self.proc.stdin.write(job.encode())
            self.proc.stdin.flush()
            with selectors.DefaultSelector() as sel:
                sel.register(self.proc.stdout, selectors.EVENT_READ)
                if not sel.select(timeout=wall):
                    self._stop()
                    return f"extraction did not finish within {wall:g} s and was stopped (time limit)"
            answer = self.proc.stdout.readline().decode().strip()
        except OSError as exc:  # BrokenPipeError: the child died before reading the job
            answer = f"pipe error {exc}"
        if answer == "ok" and (part / "reports.parquet").exists():
            return None
        self._stop()
        return f"extraction process failed ({answer or 'no answer'})"

    def _stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None


_SERVING = _ServingChild()


def _wall_limit(limits: dict, n: int) -> float | None:
    per_file = limits.get("timeout_seconds") or 0
    # the per-file SIGALRM limit fires first; this only stops a child stuck in C code
    return None if per_file <= 0 else n * (per_file + WALL_MARGIN_SECONDS) + STARTUP_SECONDS


def _partition_path(run_dir: str, batch_no: int) -> Path:
    # unique per attempt, so a retried task never collides with a partial earlier attempt
    return Path(run_dir) / f"part-{batch_no:06d}-{uuid.uuid4().hex[:8]}"


def child_command(serve: bool = False) -> list[str]:
    """The child's command line: one job on stdin (`serve=False`) or one job per line."""
    return [sys.executable, "-c", f"from etl.engines.dask_engine import _child_main; _child_main(serve={serve})"]


def _job(items: list[Item], limits: dict, part: Path, ocr_cache_folder: str | None) -> dict:
    """What a child is told to do: the files, the limits, where to write, the OCR cache."""
    return {"items": items, "limits": limits, "out": str(part), "ocr_cache": ocr_cache_folder}


def _run_child(items: list[Item], limits: dict, part: Path, wall: float | None,
               ocr_cache_folder: str | None = None) -> str | None:
    """Run one child over `items`. None on success, else why the child did not finish."""
    job = json.dumps(_job(items, limits, part, ocr_cache_folder))
    try:
        proc = subprocess.run(child_command(), input=job, capture_output=True, text=True, timeout=wall)
    except subprocess.TimeoutExpired:
        return f"extraction did not finish within {wall:g} s and was stopped (time limit)"
    if proc.returncode == 0 and (part / "reports.parquet").exists():
        return None
    if proc.returncode < 0:
        return f"extraction process died (killed by signal {-proc.returncode})"
    last = (proc.stderr.strip().splitlines() or ["no message"])[-1][:200]
    return f"extraction process failed (exit code {proc.returncode}: {last})"


def _child_main(serve: bool = False) -> None:
    """Entry point of the child: a job as JSON on stdin → one Parquet partition.

    With `serve`, one job per line until stdin closes (the worker went away), answering `ok`
    per job on the original stdout; fd 1 itself is pointed at stderr so that nothing a library
    prints can corrupt the answers."""
    from etl.engines.local import extract_source

    def do(job: dict) -> None:
        ocr_cache.use_folder(job.get("ocr_cache"))
        limits = Limits(**job["limits"])
        results = [extract_source(Source(path, fs_path, member), sha, limits)
                   for path, fs_path, member, sha in job["items"]]
        write_partition(results, Path(job["out"]))

    if not serve:
        do(json.loads(sys.stdin.read()))
        return
    answers = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    for line in sys.stdin:
        if line.strip():
            do(json.loads(line))
            answers.write("ok\n")
            answers.flush()


def _failed(item: Item, reason: str) -> FileResult:
    source_path, fs_path, member, sha = item
    try:
        data = Source(source_path, fs_path, member).read_bytes()
    except Exception:  # noqa: BLE001 - only for the size and format columns
        data = b""
    report = base_report(source_path, data, sha)
    report["error"] = reason
    return FileResult(report)


# --- Parquet partitions ---------------------------------------------------------------------

def write_partition(results: list[FileResult], part: Path) -> None:
    """Write the rows of `results` as reports/figures/checks.parquet in the folder `part`,
    with the warehouse's column types; the folder appears complete or not at all."""
    from etl.load.warehouse import frame
    from etl.metadata.schema import CHECKS, FIGURES, REPORTS

    tmp = part.with_name(part.name + ".tmp")
    tmp.mkdir(parents=True, exist_ok=True)
    rows = {"reports": [r.report for r in results], "figures": [f for r in results for f in r.figures],
            "checks": [c for r in results for c in r.checks]}
    for name, rel in zip(PARTS, (REPORTS, FIGURES, CHECKS)):
        frame(rel, [{c: row.get(c) for c in rel.column_names} for row in rows[name]]).write_parquet(tmp / f"{name}.parquet")
    _write_shingles(results, tmp)
    os.replace(tmp, part)


def read_partition(part: Path) -> list[FileResult]:
    """The FileResults of one partition, figures and checks attached to their report."""
    import polars as pl

    reports, figures, checks = (pl.read_parquet(part / f"{name}.parquet").to_dicts() for name in PARTS)
    by_id = {r["report_id"]: FileResult(r) for r in reports}
    for f in figures:
        by_id[f["report_id"]].figures.append(f)
    for c in checks:
        by_id[c["report_id"]].checks.append(c)
    _read_shingles(part, by_id)
    return list(by_id.values())


# The text-reuse sample (issue 21) travels in a partition of its own, beside the three above.
SHINGLES_PART = "shingles"


def _write_shingles(results: list[FileResult], folder: Path) -> None:
    import polars as pl

    ids, sections, hashes = [], [], []
    for r in results:
        for section, h in r.shingles:
            ids.append(r.report["report_id"])
            sections.append(section)
            hashes.append(h)
    pl.DataFrame({"report_id": ids, "section": sections, "shingle": hashes},
                 schema={"report_id": pl.Utf8, "section": pl.Int32, "shingle": pl.Int64}
                 ).write_parquet(folder / f"{SHINGLES_PART}.parquet")


def _read_shingles(part: Path, by_id: dict) -> None:
    import polars as pl

    path = part / f"{SHINGLES_PART}.parquet"
    if not path.exists():  # a partition written before the sample existed
        return
    for rid, section, h in pl.read_parquet(path).iter_rows():
        by_id[rid].shingles.append((section, h))
