"""Errors that reach the user as one clear line and a non-zero exit code."""

from __future__ import annotations


class CinesimError(Exception):
    """Base class: a problem the user can act on; the CLI prints it without a traceback."""

    exit_code = 2


class ScreenplayError(CinesimError):
    """The screenplay is malformed or names something that does not exist."""

    def __init__(self, problems: list[str] | str, source: str | None = None):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        self.source = source
        prefix = f"{source}: " if source else ""
        super().__init__("\n".join(prefix + p for p in self.problems))


class SimulationError(CinesimError):
    """The physics diverged (NaN, runaway energy); nothing is written."""

    exit_code = 3
