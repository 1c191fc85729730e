"""Checks that span rows or tables: keys, foreign keys, and the package's own rules."""
from __future__ import annotations

from collections.abc import Iterator

from . import dates
from .csvfile import Row
from .problems import Problem
from .schema import Resource

Tables = dict[str, list[Row]]


def _key(row: dict[str, str], fields: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(row[f] for f in fields)


def check_keys(resources: dict[str, Resource], tables: Tables, shown: dict[str, str]) -> Iterator[Problem]:
    """Primary keys and unique fields are unique; foreign keys point at existing rows."""
    for name, res in resources.items():
        rows = tables.get(name, [])
        keysets = [res.primary_key] + [(f.name,) for f in res.fields if f.unique and (f.name,) != res.primary_key]
        for fields in keysets:
            if not fields:
                continue
            first_seen: dict[tuple[str, ...], int] = {}
            for number, row in rows:
                key = _key(row, fields)
                if "" in key:
                    continue
                if key in first_seen:
                    yield Problem(shown[name], number, ",".join(fields),
                                  f"duplicate value '{','.join(key)}' (already in row {first_seen[key]}); must be unique")
                else:
                    first_seen[key] = number
        for fk in res.foreign_keys:
            if fk.resource not in tables:
                continue
            target = {_key(row, fk.reference) for _, row in tables[fk.resource]}
            for number, row in rows:
                key = _key(row, fk.fields)
                if "" not in key and key not in target:
                    yield Problem(shown[name], number, ",".join(fk.fields),
                                  f"'{','.join(key)}' does not match any {','.join(fk.reference)} in "
                                  f"{resources[fk.resource].path}")


def _dated(value: str) -> bool:
    try:
        dates.parse(value)
        return True
    except ValueError:
        return False


def _end_before_start(start: str, end: str) -> bool:
    return bool(start and end and _dated(start) and _dated(end)) and dates.last_day(end) < dates.parse(start)[0]


def check_rules(tables: Tables, shown: dict[str, str]) -> Iterator[Problem]:
    """Rules the schema cannot state: precision, date order, CAMEO weights, sources per event."""
    weights = {row["code"]: row["goldstein"] for _, row in tables.get("cameo", [])}
    for number, row in tables.get("events", []):
        where = shown["events"]
        if _dated(row["date"]) and row["date_precision"] in dates.PRECISIONS:
            actual = dates.precision(row["date"])
            if actual != row["date_precision"]:
                yield Problem(where, number, "date_precision",
                              f"'{row['date_precision']}' does not match date '{row['date']}', which is {actual} precision")
        if _end_before_start(row["date"], row["end_date"]):
            yield Problem(where, number, "end_date", f"'{row['end_date']}' is before date '{row['date']}'")
        code = row["cameo_code"]
        if code in weights and _as_float(row["goldstein"]) not in (None, _as_float(weights[code])):
            yield Problem(where, number, "goldstein",
                          f"{row['goldstein']} is not the weight of CAMEO code {code}; cameo.csv gives {weights[code]}")
    if "events" in tables and "event_sources" in tables:
        cited = {row["event_id"] for _, row in tables["event_sources"]}
        for number, row in tables["events"]:
            if row["id"] and row["id"] not in cited:
                yield Problem(shown["events"], number, "id",
                              f"event '{row['id']}' has no source; add a row to event_sources.csv")
    for number, row in tables.get("memberships", []):
        if _end_before_start(row["joined"], row["left"]):
            yield Problem(shown["memberships"], number, "left", f"'{row['left']}' is before joined '{row['joined']}'")
    kinds = {row["id"]: row["kind"] for _, row in tables.get("events", [])}
    if "visits" in tables:
        visited = {row["event_id"] for _, row in tables["visits"]}
        for number, row in tables.get("events", []):
            if row["kind"] == "visit" and row["id"] not in visited:
                yield Problem(shown["events"], number, "kind",
                              f"event '{row['id']}' is a visit but has no row in visits.csv")
    for number, row in tables.get("visits", []):
        kind = kinds.get(row["event_id"])
        if kind is not None and kind != "visit":
            yield Problem(shown["visits"], number, "event_id", f"event '{row['event_id']}' has kind '{kind}'; expected 'visit'")
        if row["from_country"] and row["from_country"] == row["to_country"]:
            yield Problem(shown["visits"], number, "to_country", "must differ from from_country")
    for number, row in tables.get("trade", []):
        if row["exporter"] and row["exporter"] == row["importer"]:
            yield Problem(shown["trade"], number, "importer", "must differ from exporter")


def _as_float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None
