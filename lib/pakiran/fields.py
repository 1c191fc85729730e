"""Check a column against its field's schema (type, required, enum, vocabulary, pattern, range).

A column is checked once per distinct value; the typed values it returns are what the loader uses.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from . import values as parsers
from .schema import Field

Verdict = tuple[object, "str | None"]  # (typed value or None, message or None)


def _fmt(bound: float | None) -> str:
    return "any" if bound is None else f"{bound:g}"


@lru_cache(maxsize=None)
def _judge(f: Field) -> Callable[[str], Verdict]:
    """The check of one distinct value of field f, built once per field."""
    parse = parsers.parser(f.type, f.partial_date)
    ranged = f.minimum is not None or f.maximum is not None
    low = float("-inf") if f.minimum is None else f.minimum
    high = float("inf") if f.maximum is None else f.maximum
    enum = frozenset(f.enum or ())
    vocabulary = frozenset(f.vocabulary or ())
    pattern = re.compile(f.pattern) if f.pattern else None
    empty = () if f.separator else ("" if parse is None and not f.enum else None)
    missing = "required value is missing" if f.required else None

    def judge(text: str) -> Verdict:
        if text == "":
            return empty, missing
        if text != text.strip():
            return None, f"'{text}' has leading or trailing spaces"
        if parse is not None:
            try:
                value = parse(text)
            except ValueError as exc:
                return None, str(exc)
            if ranged and not low <= value <= high:
                return None, f"{value:g} is outside the allowed range {_fmt(f.minimum)} to {_fmt(f.maximum)}"
            return value, None
        value = tuple(text.split(f.separator)) if f.separator else text
        if vocabulary and f.separator:
            unknown = [item for item in value if item not in vocabulary]
            if unknown:
                return None, (f"'{unknown[0]}' is not in the vocabulary ({', '.join(f.vocabulary)}); "
                              f"separate several values with '{f.separator}'")
            return value, None
        if enum and text not in enum:
            return None, f"'{text}' is not one of: {', '.join(f.enum)}"
        if f.max_length is not None and len(text) > f.max_length:
            return None, f"is {len(text)} characters long; at most {f.max_length} allowed"
        if pattern and not pattern.match(text):
            return None, f"'{text}' does not have the expected form {f.pattern}"
        return value, None

    return judge


def check_column(f: Field, texts: list[str]) -> tuple[list, dict[int, str]]:
    """Typed values of the column (None where invalid) and the message for each bad position."""
    judge = _judge(f)
    verdicts = {text: judge(text) for text in set(texts)}
    bad = {text for text, (_, message) in verdicts.items() if message}
    plain = f.type == "string" and not (f.enum or f.separator or f.partial_date)
    typed = texts if plain and not bad else [verdicts[t][0] for t in texts]
    errors = {i: verdicts[t][1] for i, t in enumerate(texts) if t in bad} if bad else {}
    return typed, errors


def check_cell(f: Field, text: str) -> str | None:
    """What is wrong with text as a value of field f, or None when it is fine."""
    return _judge(f)(text)[1]
