"""Legacy Word .doc: converted to .docx by LibreOffice (headless), then read as .docx.

One soffice process converts a whole batch (`convert_many`), because starting LibreOffice
costs seconds and converting a file costs a fraction of that. Each process of ours uses its
own LibreOffice profile (`-env:UserInstallation`), so parallel workers never share one (a
second soffice on a busy profile hands its job to the first and returns with nothing done).
"""
from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

from etl.model import Document
from etl.read import ReadError

NOT_INSTALLED = "cannot read .doc: LibreOffice is not installed (apt-get install libreoffice-writer-nogui)"
START_TIMEOUT_S = 60.0  # starting soffice with a fresh profile
PER_FILE_TIMEOUT_S = 30.0

_lock = threading.Lock()  # one soffice at a time per process: they would share the profile
_profile_dir: tuple[int, Path] | None = None  # (pid, folder): a forked worker makes its own


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _profile() -> Path:
    """This process's LibreOffice profile, created once per process and removed at exit."""
    global _profile_dir
    if _profile_dir is None or _profile_dir[0] != os.getpid():
        folder = Path(tempfile.mkdtemp(prefix=f"xxgk-soffice-{os.getpid()}-"))
        _profile_dir = (os.getpid(), folder)
        atexit.register(_remove_if_mine, os.getpid(), folder)
    return _profile_dir[1]


def _remove_if_mine(pid: int, folder: Path) -> None:
    if os.getpid() == pid:  # a forked child inherits the atexit hook of its parent
        shutil.rmtree(folder, ignore_errors=True)


def _run(cmd: list[str], timeout: float) -> subprocess.CompletedProcess:
    # a session of its own, so that a timeout kills soffice.bin too, not only the wrapper
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def convert_many(paths: list[str | Path], timeout: float | None = None) -> dict[str, bytes | str]:
    """Convert .doc files to .docx in one soffice process.

    Returns {given path: the .docx bytes, or the reason the file could not be converted}.
    Raises ReadError when LibreOffice is not installed.
    """
    soffice = soffice_path()
    if soffice is None:
        raise ReadError(NOT_INSTALLED)
    if not paths:
        return {}
    if timeout is None:
        timeout = START_TIMEOUT_S + PER_FILE_TIMEOUT_S * len(paths)
    results: dict[str, bytes | str] = {}
    with tempfile.TemporaryDirectory(prefix="xxgk-doc-") as work:
        indir, outdir = Path(work, "in"), Path(work, "out")
        indir.mkdir()
        outdir.mkdir()
        # numbered copies: two inputs with the same name from different folders must not
        # overwrite each other's output, and odd names never reach the command line
        staged = {}
        for k, p in enumerate(paths):
            target = indir / f"{k:06d}.doc"
            try:
                shutil.copyfile(p, target)
            except OSError as exc:
                results[str(p)] = f"cannot read the file ({exc.strerror})"
                continue
            staged[str(p)] = target
        if staged:
            cmd = [soffice, "--headless", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
                   f"-env:UserInstallation={_profile().as_uri()}",
                   "--convert-to", "docx", "--outdir", str(outdir), *map(str, staged.values())]
            with _lock:
                try:
                    done = _run(cmd, timeout)
                except subprocess.TimeoutExpired:
                    done = None
            for given, target in staged.items():
                out = outdir / (target.stem + ".docx")
                if out.exists() and out.stat().st_size > 0:
                    results[given] = out.read_bytes()
                elif done is None:
                    results[given] = f"LibreOffice timed out after {timeout:.0f} s converting the .doc"
                else:
                    detail = (done.stderr or b"").decode("utf-8", "replace").strip().splitlines()
                    results[given] = "LibreOffice could not convert the .doc" + (f" ({detail[-1][:200]})" if detail else "")
    return results


def read_doc(data: bytes) -> Document:
    from etl.read.docx import read_docx

    if soffice_path() is None:
        raise ReadError(NOT_INSTALLED)
    with tempfile.TemporaryDirectory(prefix="xxgk-doc1-") as work:
        path = Path(work, "input.doc")
        path.write_bytes(data)
        converted = convert_many([path])[str(path)]
    if isinstance(converted, str):
        raise ReadError(converted)
    if converted.startswith(b"\xd0\xcf\x11\xe0"):  # guard against converting in circles
        raise ReadError("LibreOffice could not convert the .doc")
    doc = read_docx(converted)
    doc.source_format = "doc"
    return doc
