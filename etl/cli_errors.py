"""One mechanism for every `xxgk` command: a user error ends in one line on stderr and a
non-zero exit, never a traceback (unless `--debug` or XXGK_DEBUG=1).

`XxgkGroup` is the click group class of the Typer app (`typer.Typer(cls=XxgkGroup)`), so every
command, including commands added later, runs inside it:
- click's usage errors (unknown option, bad value, missing argument) → one line, exit 2;
- `etl.errors.UserError` raised anywhere below a command → its line and its exit code;
- operating-system and DuckDB errors users cause (disk full, no permission, database locked by
  another process, a file that is not a database) → translated by `explain`, exit 1 or 2;
- anything else is a bug → one line naming it, exit 1, and the traceback with --debug.
"""
from __future__ import annotations

import errno
import os
import re
import sys
from pathlib import Path

import typer
import typer.core

try:  # typer vendors click and raises the vendored exceptions
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - a typer that uses click itself
    from click import exceptions as click_errors

from etl.errors import RUN_FAILED, USAGE, RunError, UserError

DEBUG_FLAG = "--debug"
_LOCK = re.compile(r"Could not set lock on file \"(?P<path>[^\"]+)\".*?\(PID (?P<pid>\d+)\)", re.S)
_NOT_DB = re.compile(r"The file \"(?P<path>[^\"]+)\" exists, but it is not a valid DuckDB database file", re.S)
_DUCK_OS = re.compile(r"(?:Cannot open file|Could not write file|Could not create directory) \"?(?P<path>[^\"]+)\"?: "
                      r"(?P<reason>Permission denied|Read-only file system|No space left on device|"
                      r"No such file or directory)", re.S)
_OS_TODO = {
    errno.ENOSPC: "the disk is full: free some space or write elsewhere",
    errno.EDQUOT: "the disk quota is used up: free some space or write elsewhere",
    errno.EACCES: "no permission to write there: choose a folder you can write to",
    errno.EPERM: "not permitted: choose a folder you can write to",
    errno.EROFS: "the file system is read-only: choose a folder you can write to",
    errno.ENOENT: "the folder does not exist and cannot be created there: choose another path",
    errno.ENOTDIR: "a part of the path is a file, not a folder: choose another path",
    errno.EISDIR: "that is a folder, not a file: give a file name",
}
_REASON_ERRNO = {"Permission denied": errno.EACCES, "Read-only file system": errno.EROFS,
                 "No space left on device": errno.ENOSPC, "No such file or directory": errno.ENOENT}


def debug_requested(args: list[str]) -> bool:
    return DEBUG_FLAG in args or os.environ.get("XXGK_DEBUG", "") not in ("", "0")


def explain(exc: BaseException) -> UserError | None:
    """The user error an exception stands for, or None when it is a bug."""
    if isinstance(exc, UserError):
        return exc
    if isinstance(exc, OSError) and exc.errno in _OS_TODO:
        where = exc.filename or ""
        return RunError(f"cannot use {where}: {exc.strerror}" if where else exc.strerror or str(exc),
                        _OS_TODO[exc.errno])
    text = str(exc)
    if type(exc).__module__.split(".")[0] in ("duckdb", "_duckdb"):
        if m := _LOCK.search(text):
            return RunError(f"the database {m['path']} is in use by another program (PID {m['pid']})",
                            "close it (or wait for its run to finish) and run again")
        if m := _NOT_DB.search(text):
            return UserError(f"{m['path']} is not a DuckDB database", "give the --db that `xxgk ingest` wrote")
        if m := _DUCK_OS.search(text):
            return RunError(f"cannot use {m['path']}: {m['reason']}", _OS_TODO[_REASON_ERRNO[m["reason"]]])
    return None


def _say(line: str) -> None:
    typer.echo(f"xxgk: {line}", err=True)


class XxgkGroup(typer.core.TyperGroup):
    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        args = list(sys.argv[1:] if args is None else args)
        debug = debug_requested(args)
        args = [a for a in args if a != DEBUG_FLAG]
        if debug:
            os.environ["XXGK_DEBUG"] = "1"  # for the worker processes and the dashboard server
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click_errors.NoArgsIsHelpError as exc:
            exc.show()  # the help: what to type
            code = USAGE
        except click_errors.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else "xxgk"
            message = exc.format_message().replace("Value error, ", "")  # typer's wording of a bad choice
            _say(f"{message} (see `{command} --help`)")
            code = USAGE
        except click_errors.ClickException as exc:
            _say(exc.format_message())
            code = exc.exit_code
        except typer.Abort:
            _say("interrupted")
            code = RUN_FAILED
        except Exception as exc:  # noqa: BLE001 - the one place a command's exception ends
            known = explain(exc)
            if known is not None:
                _say(known.line())
                code = known.exit_code
            else:
                _say(f"the run could not complete: {type(exc).__name__}: {str(exc)[:300]} "
                     f"(a bug: run again with --debug for the traceback and report it)")
                code = RUN_FAILED
        if not standalone_mode:
            return code
        sys.exit(code or 0)


# Checks the commands share, each raising a UserError with what to do.

def require_database(db: Path) -> Path:
    if not db.exists():
        raise UserError(f"no database at {db}", f"run `xxgk ingest PATH --db {db}` first (or give the right --db)")
    if db.is_dir():
        raise UserError(f"{db} is a folder, not a database file", "give the .duckdb file that `xxgk ingest` wrote")
    return db


def require_inputs(paths: list[str]) -> None:
    from etl.engines.storage import is_url

    missing = [p for p in paths if not is_url(p) and not Path(p).exists()]
    if missing:
        raise UserError(f"no such file or folder: {', '.join(missing)}", "check the path (nothing was ingested)")


def require_dask() -> None:
    from importlib.util import find_spec

    if find_spec("dask") is None or find_spec("distributed") is None:
        raise UserError("--engine dask needs Dask, which is not installed",
                        "pip install 'xxgk[dask]' (or use --engine local)")


def require_unlocked(db: Path) -> None:
    """Refuse to publish over a database another program holds open for writing: its writes
    would go to the replaced file and be lost."""
    if not db.is_file():
        return
    import duckdb

    try:
        duckdb.connect(str(db), read_only=True).close()
    except duckdb.Error as exc:
        known = explain(exc)  # in use by another program, or not a database at all
        if known is not None:
            raise known from exc
