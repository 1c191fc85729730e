"""One CSV file as read: row numbers, the text of each column, and its typed values once checked."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Table:
    """Rows that have the header's number of fields, by column.

    numbers[i] is the row number of the i-th row (the header is row 1); text[column][i] its cell.
    values[column][i] is the typed value the checks produced (None where empty or invalid).
    damaged is true when the file has structural problems (header, delimiter, ragged or
    truncated rows, encoding), so other tables' references into it are not reliable.
    """

    numbers: list[int]
    text: dict[str, list[str]]
    values: dict[str, list] = field(default_factory=dict)
    damaged: bool = False

    @classmethod
    def empty(cls, columns: list[str]) -> Table:
        return cls([], {c: [] for c in columns}, {}, damaged=True)

    def __len__(self) -> int:
        return len(self.numbers)
