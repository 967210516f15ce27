"""Fuzzing `extract_file` with thousands of mutations of the real corpus files (made in memory:
byte flips, truncations, splices, inserted structure tokens, wrong extensions): no exception
escapes, every result is one of the three states with a reason, and nothing hangs.

Runs in two forked processes watched by this one, so a hang (even inside C code) fails the
test with the seed and case number that reproduce it instead of hanging the suite.
XXGK_FUZZ_CASES sets the number of mutations (default 2000), XXGK_FUZZ_SEED the seed.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import random
import time
import traceback
from collections import Counter
from pathlib import Path

import pytest

CASES = int(os.environ.get("XXGK_FUZZ_CASES", "2000"))
SEED = int(os.environ.get("XXGK_FUZZ_SEED", "9"))
PROCESSES = 2
PER_CASE_SECONDS = 20.0  # far above any real file's time: only a hang gets near it
# .doc is left out: each .doc costs a LibreOffice conversion of seconds, which would take the
# whole budget (LibreOffice runs in its own process under the reader's own time limit)
EXTENSIONS = (".pdf", ".txt", ".md", ".html", ".htm", ".docx")
TOKENS = (b"%%EOF", b"endobj", b"stream\n", b"endstream", b"xref\n0 1\n", b"trailer", b"<<", b">>", b" 0 obj",
          b"/Encrypt", b"/Length 999999", b"<table>", b"<td rowspan=99 colspan=99>", b"</tr>", b"<!--",
          b"<script>", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", "表三".encode(), "本年新收政府信息公开申请数量".encode(),
          b"9" * 30, b"|", b"| --- |", b"\n", b"\r", "一、总体情况".encode(), "2099年".encode(),
          "收费".encode(), b"PK\x03\x04")


def _corpus(shared_corpus: Path) -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in sorted(shared_corpus.glob("*.*"))]


def mutate(rng: random.Random, files: list[tuple[str, bytes]]) -> tuple[str, bytes, str]:
    """One mutated file: (name, bytes, what was done) — deterministic for the rng state."""
    name, data = rng.choice(files)
    ops = []
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        op = rng.choice(("flip", "truncate", "splice", "insert", "delete", "duplicate", "token", "token"))
        n = len(data)
        i = rng.randrange(n + 1)
        if op == "flip" and n:
            buf = bytearray(data)
            for _ in range(rng.randint(1, 20)):
                buf[rng.randrange(n)] = rng.randrange(256)
            data = bytes(buf)
        elif op == "truncate":
            data = data[:i]
        elif op == "splice":
            other = rng.choice(files)[1]
            data = data[:i] + other[rng.randrange(len(other) + 1):]
        elif op == "insert":
            data = data[:i] + rng.randbytes(rng.randint(1, 64)) + data[i:]
        elif op == "delete":
            data = data[:i] + data[i + rng.randint(1, 4096):]
        elif op == "duplicate":
            data = data[:i] + data[i:i + rng.randint(1, 4096)] * rng.randint(2, 5) + data[i:]
        elif op == "token":
            data = data[:i] + rng.choice(TOKENS) * rng.randint(1, 3) + data[i:]
        ops.append(op)
    if rng.random() < 0.1:
        name = Path(name).stem + rng.choice(EXTENSIONS)
        ops.append("rename")
    return name, data, "+".join(ops)


def _run(files, seed: int, start: int, count: int, progress, conn) -> None:
    from etl.pipeline import extract_file

    rng = random.Random(seed)
    cases = [mutate(rng, files) for _ in range(start + count)][start:]
    escaped, statuses, crashes, slowest = [], Counter(), Counter(), (0.0, None)
    for k, (name, data, ops) in enumerate(cases):
        progress.value = start + k
        t = time.perf_counter()
        try:
            r = extract_file(f"fuzz/{name}", data)
            rep = r.report
            assert rep["status"] in ("parsed", "partial", "failed"), rep["status"]
            assert rep["status"] == "parsed" or rep["error"], "a partial or failed row without a reason"
            assert rep["figure_count"] == len(r.figures)
            statuses[rep["status"]] += 1
            if (rep["error"] or "").startswith("extractor error"):
                crashes[rep["error"].split(" in ")[0][:120] + " @ " + rep["error"].rsplit(" in ", 1)[-1]] += 1
        except BaseException as exc:  # noqa: BLE001 - the point: nothing may escape
            escaped.append((start + k, name, ops, f"{type(exc).__name__}: {exc}", traceback.format_exc()[-1500:]))
        dt = time.perf_counter() - t
        if dt > slowest[0]:
            slowest = (dt, (start + k, name, ops))
    conn.send({"escaped": escaped, "statuses": statuses, "crashes": crashes, "slowest": slowest})
    conn.close()


@pytest.mark.slow
def test_fuzzed_corpus_files_never_escape_or_hang(shared_corpus):
    files = _corpus(shared_corpus)
    ctx = mp.get_context("fork")
    share = -(-CASES // PROCESSES)
    procs = []
    started = time.monotonic()
    for p in range(PROCESSES):
        progress = ctx.Value("i", -1)
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_run, args=(files, SEED, p * share, min(share, CASES - p * share), progress, child))
        proc.start()
        child.close()
        procs.append((proc, parent, progress))
    results, hung = [], []
    for proc, conn, progress in procs:
        budget = max(5.0, share * 0.5 + PER_CASE_SECONDS - (time.monotonic() - started))
        if conn.poll(budget):
            results.append(conn.recv())
        else:
            hung.append(progress.value)
            proc.kill()
        proc.join(timeout=10)
    elapsed = time.monotonic() - started
    assert not hung, f"fuzz hung at case(s) {hung} (seed {SEED}): reproduce with mutate(random.Random({SEED}), ...)"
    escaped = [e for r in results for e in r["escaped"]]
    assert not escaped, "\n\n".join(f"case {i} {name} [{ops}]: {msg}\n{tb}" for i, name, ops, msg, tb in escaped[:3])
    statuses = sum((r["statuses"] for r in results), Counter())
    assert sum(statuses.values()) == CASES
    crashes = sum((r["crashes"] for r in results), Counter())
    slowest = max(r["slowest"] for r in results)
    # for the report (pytest -s): what the fuzzing found inside the extractors
    print(f"\nfuzz: {CASES} cases in {elapsed:.1f} s; {dict(statuses)}; slowest {slowest[0]:.2f} s {slowest[1]}")
    for msg, n in crashes.most_common():
        print(f"  {n:4d} x {msg}")
    assert slowest[0] < PER_CASE_SECONDS


def test_mutations_are_deterministic_and_varied(shared_corpus):
    files = _corpus(shared_corpus)
    a = [mutate(random.Random(5), files) for _ in range(1)]
    rng1, rng2 = random.Random(5), random.Random(5)
    first = [mutate(rng1, files) for _ in range(50)]
    assert first == [mutate(rng2, files) for _ in range(50)]
    assert first[0] == a[0]
    originals = {d for _, d in files}
    assert sum(d not in originals for _, d, _ in first) >= 45
    assert len({Path(n).suffix for n, _, _ in first}) >= 3
