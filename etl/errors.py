"""Errors a user can act on, as opposed to bugs.

Any code under a command raises `UserError(what is wrong, what to do)` when the user's input or
environment stops the command; `etl.cli_errors` prints it as one line and exits with its code.
Exit codes (README §Command line): 0 the run completed (quarantined files alone do not fail a
run), 2 a usage error (bad option, missing path, missing database), 1 the run could not complete.
"""
from __future__ import annotations

USAGE = 2
RUN_FAILED = 1


class UserError(Exception):
    """A problem the user fixes, not a bug: printed as one line, no traceback."""

    def __init__(self, what: str, todo: str | None = None, exit_code: int = USAGE):
        super().__init__(what)
        self.what, self.todo, self.exit_code = what, todo, exit_code

    def line(self) -> str:
        return f"{self.what}: {self.todo}" if self.todo else self.what


class RunError(UserError):
    """The run could not complete for a reason outside the program (disk full, database in use)."""

    def __init__(self, what: str, todo: str | None = None):
        super().__init__(what, todo, RUN_FAILED)
