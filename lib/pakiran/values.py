"""Parse one cell's text into its typed value: the single definition the validator and the loader share.

Each parser returns the value or raises ValueError whose text is the validation message. Only
plain ASCII decimal notation is accepted: no digit group separators ('1_000', '1,000'), no
non-ASCII digits ('١٢٣'), no exponents, 'inf' or 'nan'.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from . import dates

_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def integer(text: str) -> int:
    """A whole number: digits 0-9 with an optional sign."""
    if not _INTEGER.fullmatch(text):
        raise ValueError(f"'{text}' is not a whole number (digits 0-9 and an optional sign)")
    return int(text)


def number(text: str) -> float:
    """A decimal number: digits 0-9 with an optional sign and decimal point."""
    if not _NUMBER.fullmatch(text):
        raise ValueError(f"'{text}' is not a number (digits 0-9, optional sign and decimal point)")
    return float(text)


def date(text: str) -> dt.date:
    """A calendar date written YYYY-MM-DD."""
    match = _DATE.fullmatch(text)
    try:
        if not match:
            raise ValueError(text)
        return dt.date(*map(int, match.groups()))
    except ValueError:
        raise ValueError(f"'{text}' is not a valid date (YYYY-MM-DD)") from None


def partial_date(text: str) -> tuple[dt.date, str]:
    """A partial date (YYYY-MM-DD, YYYY-MM or YYYY) as (first day of the period, precision)."""
    try:
        return dates.parse(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a valid date ({dates.EXPECTED})") from None


def parser(type_: str, partial: bool = False) -> Callable[[str], object] | None:
    """The parser for a field of this type, or None for plain text."""
    if partial:
        return partial_date
    return {"integer": integer, "number": number, "date": date}.get(type_)
