"""The period a report shows: set once by its parameters, used to clip eras and rows and to say
"nothing in this period" in one consistent way."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .text import Markdown, say


@dataclass(frozen=True)
class Period:
    """A span of whole years, first to last, both included."""

    start: int
    end: int

    @property
    def label(self) -> str:
        """'1947–1979', or '2024' for a single year."""
        return str(self.start) if self.start == self.end else f"{self.start}–{self.end}"

    def __contains__(self, year: int) -> bool:
        return self.start <= year <= self.end


@dataclass(frozen=True)
class Era:
    """A named span of years inside a report's story."""

    start: int
    end: int
    label: str

    def __iter__(self):
        """Unpack as (start, end, label), like the tuples eras are written as."""
        return iter((self.start, self.end, self.label))


_CURRENT: list[Period] = []


def set_period(start_year: int, end_year: int) -> Period:
    """Make start_year..end_year the period of the running report (check_parameters calls this)."""
    _CURRENT[:] = [Period(int(start_year), int(end_year))]
    return _CURRENT[0]


def period() -> Period | None:
    """The running report's period, or None before check_parameters ran."""
    return _CURRENT[0] if _CURRENT else None


def clip_eras(eras, start: int | None = None, end: int | None = None) -> list[Era]:
    """Eras cut to the period (default: the report's), leaving out those outside it.

    >>> clip_eras([(1947, 1978, "Cold War"), (1979, 2000, "Afghan divergence")], 1970, 1990)
    [Era(start=1970, end=1978, label='Cold War'), Era(start=1979, end=1990, label='Afghan divergence')]
    """
    start, end = bounds(start, end)
    clipped = []
    for first, last, label in eras:
        if first <= end and last >= start:
            clipped.append(Era(max(first, start), min(last, end), label))
    return clipped


def in_period(frame: pd.DataFrame, column: str = "year", start: int | None = None,
              end: int | None = None) -> pd.DataFrame:
    """Rows whose `column` (a year, or a date whose year is taken) lies in the period.

    Rows without a value in `column` are left out.
    """
    start, end = bounds(start, end)
    values = frame[column]
    years = values.dt.year if pd.api.types.is_datetime64_any_dtype(values) else values
    return frame[years.between(start, end).fillna(False).astype(bool)].reset_index(drop=True)


def nothing(what: str = "records") -> Markdown:
    """The sentence shown instead of an empty chart or table.

    >>> _ = set_period(1950, 1955)
    >>> nothing("visits")
    *No visits fall within 1950–1955; choose a wider period to see them.*
    """
    current = period()
    if current is None:
        return say("*No {what} to show.*", what=what)
    return say("*No {what} fall within {p}; choose a wider period to see them.*", what=what, p=current.label)


def bounds(start: int | None, end: int | None) -> tuple[int, int]:
    """start and end, each defaulting to the report's period (or no limit)."""
    current = period()
    if start is None:
        start = current.start if current else -10_000
    if end is None:
        end = current.end if current else 10_000
    return start, end
