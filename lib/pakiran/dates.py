"""Partial dates: '2024-01-16' (day), '1950-03' (month) or '1964' (year)."""
from __future__ import annotations

import calendar
import datetime as dt
import re

_FORM = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
PRECISIONS = ("day", "month", "year")
EXPECTED = "YYYY-MM-DD, YYYY-MM or YYYY"


def parse(text: str) -> tuple[dt.date, str]:
    """Return (first day of the period, precision); ValueError if not a real date."""
    match = _FORM.fullmatch(text)
    if not match:
        raise ValueError(text)
    year, month, day = match.groups()
    if day is not None:
        return dt.date(int(year), int(month), int(day)), "day"
    if month is not None:
        return dt.date(int(year), int(month), 1), "month"
    return dt.date(int(year), 1, 1), "year"


def precision(text: str) -> str:
    """The precision a partial date's form expresses."""
    return parse(text)[1]


def last_day(text: str) -> dt.date:
    """The last day of the period a partial date names."""
    return last_of(*parse(text))


def last_of(first: dt.date, prec: str) -> dt.date:
    """The last day of the period that starts on first and has precision prec."""
    if prec == "day":
        return first
    if prec == "month":
        return first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return first.replace(month=12, day=31)


def label(text: str) -> str:
    """Human form that keeps the precision: '16 January 2024', 'March 1950', '1964'."""
    return label_of(*parse(text))


def label_of(first: dt.date, prec: str) -> str:
    """Human form of the period that starts on first and has precision prec."""
    if prec == "day":
        return f"{first.day} {calendar.month_name[first.month]} {first.year}"
    if prec == "month":
        return f"{calendar.month_name[first.month]} {first.year}"
    return str(first.year)


date_label = label
