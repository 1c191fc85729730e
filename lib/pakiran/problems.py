"""Validation problems and the error that carries them."""
from __future__ import annotations

from dataclasses import dataclass

HEADER_NOTE = "row numbers count the header as row 1"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in a data file: file, row (header = row 1; 0 = the file as a whole), column, message.

    Problems in datapackage.json have no row; their column is the JSON path, e.g.
    ``resources[2].schema.fields``.
    """

    file: str
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file}:{self.row}"
        return f"{where}: {self.column}: {self.message}"


def in_order(problems: list[Problem]) -> list[Problem]:
    """Problems sorted by file and row, keeping the found order within a row."""
    return sorted(problems, key=lambda p: (p.file, -1 if p.row is None else p.row))


class DataError(ValueError):
    """Raised by the loaders when the data package is invalid; lists every problem, one per line.

    IPython and Jupyter show only these lines, without a traceback.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = [str(p) for p in self.problems]
        super().__init__(f"{len(lines)} problem(s) in the data package ({HEADER_NOTE}):\n" + "\n".join(lines))

    def _render_traceback_(self) -> list[str]:
        return [f"DataError: {line}" if n == 0 else line for n, line in enumerate(str(self).splitlines())]
