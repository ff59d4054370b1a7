"""What went wrong with one input row: file, line, field and reason."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from netnp.errors import InputError


@dataclass
class Problem:
    """One rejected row (or a whole file that cannot be read).

    ``where`` is a line number for CSV, GraphML and GEXF (the line where the
    row or element starts), or a position such as ``nodes[3]`` for JSON.
    """

    file: str
    where: int | str | None
    field: str | None
    reason: str
    raw: dict[str, Any] | None = None

    def __str__(self) -> str:
        at = f"line {self.where}" if isinstance(self.where, int) else (self.where or "")
        parts = [self.file] + ([at] if at else []) + ([f"field {self.field}"] if self.field else [])
        return ", ".join(parts) + f": {self.reason}"


class SourceError(Exception):
    """A file, or one part of it, cannot be read at all (bad header, bad XML)."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


class FieldError(ValueError):
    """A bad value in one field of a row."""

    def __init__(self, field: str, reason: str):
        super().__init__(reason)
        self.field = field
        self.reason = reason


class ImportRejected(InputError):
    """An import found bad rows; ``problems`` lists them all."""

    def __init__(self, message: str, problems: list[Problem], report: Any = None):
        super().__init__(message)
        self.problems = problems
        self.report = report
