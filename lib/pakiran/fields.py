"""Check one cell against its field's schema (type, required, enum, vocabulary, pattern, range)."""
from __future__ import annotations

import datetime as dt
import math
import re
from functools import lru_cache

from . import dates
from .schema import Field


@lru_cache(maxsize=None)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def _number(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def check_cell(f: Field, text: str) -> str | None:
    """What is wrong with text as a value of field f, or None when it is fine."""
    if text == "":
        return "required value is missing" if f.required else None
    if text != text.strip():
        return f"'{text}' has leading or trailing spaces"
    if f.type == "integer":
        if not re.fullmatch(r"-?\d+", text):
            return f"'{text}' is not a whole number"
        return _check_range(f, int(text))
    if f.type == "number":
        try:
            value = _number(text)
        except ValueError:
            return f"'{text}' is not a number"
        return _check_range(f, value)
    if f.type == "date":
        try:
            if len(text) != 10:
                raise ValueError(text)
            dt.date.fromisoformat(text)
        except ValueError:
            return f"'{text}' is not a valid date (YYYY-MM-DD)"
        return None
    if f.partial_date:
        try:
            dates.parse(text)
        except ValueError:
            return f"'{text}' is not a valid date ({dates.EXPECTED})"
        return None
    if f.vocabulary and f.separator:
        unknown = [item for item in text.split(f.separator) if item not in f.vocabulary]
        if unknown:
            return (f"'{unknown[0]}' is not in the vocabulary ({', '.join(f.vocabulary)}); "
                    f"separate several values with '{f.separator}'")
        return None
    if f.enum and text not in f.enum:
        return f"'{text}' is not one of: {', '.join(f.enum)}"
    if f.max_length is not None and len(text) > f.max_length:
        return f"is {len(text)} characters long; at most {f.max_length} allowed"
    if f.pattern and not _compiled(f.pattern).match(text):
        return f"'{text}' does not have the expected form {f.pattern}"
    return None


def _check_range(f: Field, value: float) -> str | None:
    low, high = f.minimum, f.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        return f"{value:g} is outside the allowed range {_fmt(low)} to {_fmt(high)}"
    return None


def _fmt(bound: float | None) -> str:
    return "any" if bound is None else f"{bound:g}"
