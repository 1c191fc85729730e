"""Checks that span rows or tables: keys, foreign keys, and the package's own rules.

Each check yields (problem, other) where other names the table the problem was found by looking
into (None when the problem lies within one table), so that problems caused by damage to that
other table can be told apart from real ones.
"""
from __future__ import annotations

from collections.abc import Iterator

from . import dates
from .problems import Problem
from .schema import Resource
from .table import Table

Tables = dict[str, Table]
Found = Iterator[tuple[Problem, "str | None"]]


def _keys(table: Table, fields: tuple[str, ...]) -> list:
    """The key of every row: the cell itself for one field, a tuple of cells for several."""
    if len(fields) == 1:
        return table.text[fields[0]]
    return list(zip(*(table.text[f] for f in fields)))


def _parts(key) -> tuple[str, ...]:
    return key if isinstance(key, tuple) else (key,)


def check_keys(resources: dict[str, Resource], tables: Tables, shown: dict[str, str]) -> Found:
    """Primary keys and unique fields are unique; foreign keys point at existing rows."""
    for name, res in resources.items():
        table = tables[name]
        keysets = [res.primary_key] + [(f.name,) for f in res.fields if f.unique and (f.name,) != res.primary_key]
        for fields in keysets:
            if not fields:
                continue
            keys = _keys(table, fields)
            if len(set(keys)) == len(keys):
                continue
            first_seen: dict[tuple[str, ...], int] = {}
            for number, key in zip(table.numbers, keys):
                if "" in _parts(key):
                    continue
                if key in first_seen:
                    yield Problem(shown[name], number, ",".join(fields),
                                  f"duplicate value '{','.join(_parts(key))}' (already in row {first_seen[key]}); "
                                  "must be unique"), None
                else:
                    first_seen[key] = number
        for fk in res.foreign_keys:
            keys = _keys(table, fk.fields)
            target = set(_keys(tables[fk.resource], fk.reference))
            unknown = {key for key in set(keys) - target if "" not in _parts(key)}
            if len(fk.fields) != len(fk.reference) or not unknown:
                continue
            for number, key in zip(table.numbers, keys):
                if key in unknown:
                    yield Problem(shown[name], number, ",".join(fk.fields),
                                  f"'{','.join(_parts(key))}' does not match any {','.join(fk.reference)} in "
                                  f"{resources[fk.resource].path}"), fk.resource


def _spans(table: Table, start: str, end: str) -> Iterator[tuple[int, str, str]]:
    """(row, start text, end text) where the end's period ends before the start's begins."""
    for number, first, last, a, b in zip(table.numbers, table.values[start], table.values[end],
                                         table.text[start], table.text[end]):
        if first is not None and last is not None and dates.last_of(*last) < first[0]:
            yield number, a, b


def _table(tables: Tables, name: str, *columns: str) -> Table | None:
    """The table if the package has it with these columns (the rules below assume this package)."""
    table = tables.get(name)
    return table if table is not None and all(c in table.text for c in columns) else None


def check_rules(tables: Tables, shown: dict[str, str]) -> Found:
    """Rules the schema cannot state: precision, date order, CAMEO weights, sources per event, date claims,
    mirrors."""
    events = _table(tables, "events", "id", "date", "date_precision", "end_date", "kind", "cameo_code", "goldstein")
    if events is not None:
        yield from _event_rules(events, tables, shown)
    members = _table(tables, "memberships", "joined", "left")
    if members is not None:
        for number, start, end in _spans(members, "joined", "left"):
            yield Problem(shown["memberships"], number, "left", f"'{end}' is before joined '{start}'"), None
    visits = _table(tables, "visits", "event_id", "from_country", "to_country")
    if visits is not None:
        kinds = dict(zip(events.text["id"], events.text["kind"])) if events is not None else {}
        for number, event_id, origin, destination in zip(visits.numbers, visits.text["event_id"],
                                                         visits.text["from_country"], visits.text["to_country"]):
            kind = kinds.get(event_id)
            if kind is not None and kind != "visit":
                yield Problem(shown["visits"], number, "event_id",
                              f"event '{event_id}' has kind '{kind}'; expected 'visit'"), "events"
            if origin and origin == destination:
                yield Problem(shown["visits"], number, "to_country", "must differ from from_country"), None
    sources = _table(tables, "sources", "url", "mirror_of")
    if sources is not None:
        for number, url, original in zip(sources.numbers, sources.text["url"], sources.text["mirror_of"]):
            if original and original == url:
                yield Problem(shown["sources"], number, "mirror_of",
                              "names the row's own url; a mirror's original is another address"), None
    trade = _table(tables, "trade", "exporter", "importer")
    if trade is not None:
        for number, exporter, importer in zip(trade.numbers, trade.text["exporter"], trade.text["importer"]):
            if exporter and exporter == importer:
                yield Problem(shown["trade"], number, "importer", "must differ from exporter"), None


def _event_rules(events: Table, tables: Tables, shown: dict[str, str]) -> Found:
    where, text, typed = shown["events"], events.text, events.values
    for number, date, parsed, stated in zip(events.numbers, text["date"], typed["date"], text["date_precision"]):
        if parsed is not None and stated in dates.PRECISIONS and parsed[1] != stated:
            yield Problem(where, number, "date_precision",
                          f"'{stated}' does not match date '{date}', which is {parsed[1]} precision"), None
    for number, start, end in _spans(events, "date", "end_date"):
        yield Problem(where, number, "end_date", f"'{end}' is before date '{start}'"), None
    cameo = _table(tables, "cameo", "code", "goldstein")
    if cameo is not None:
        weights = {code: (shown_weight, weight) for code, shown_weight, weight
                   in zip(cameo.text["code"], cameo.text["goldstein"], cameo.values["goldstein"]) if weight is not None}
        for number, code, written, weight in zip(events.numbers, text["cameo_code"], text["goldstein"],
                                                 typed["goldstein"]):
            if code in weights and weight is not None and weight != weights[code][1]:
                yield Problem(where, number, "goldstein",
                              f"{written} is not the weight of CAMEO code {code}; cameo.csv gives {weights[code][0]}"), "cameo"
    links = _table(tables, "event_sources", "event_id")
    if links is not None:
        cited = set(links.text["event_id"])
        for number, event_id in zip(events.numbers, text["id"]):
            if event_id and event_id not in cited:
                yield Problem(where, number, "id",
                              f"event '{event_id}' has no source; add a row to event_sources.csv"), "event_sources"
    claims = _table(tables, "date_claims", "event_id", "date")
    if claims is not None:
        periods: dict[str, list] = {}
        for event_id, parsed in zip(claims.text["event_id"], claims.values["date"]):
            if parsed is not None:
                periods.setdefault(event_id, []).append((parsed[0], dates.last_of(*parsed)))
        for number, event_id, date, parsed in zip(events.numbers, text["id"], text["date"], typed["date"]):
            if parsed is None or event_id not in periods:
                continue
            first, last = parsed[0], dates.last_of(*parsed)
            if not any(start <= last and first <= end for start, end in periods[event_id]):
                message = f"'{date}' agrees with none of the dates date_claims.csv gives for this event"
                yield Problem(where, number, "date", message), "date_claims"
    visits = _table(tables, "visits", "event_id")
    if visits is not None:
        visited = set(visits.text["event_id"])
        for number, event_id, kind in zip(events.numbers, text["id"], text["kind"]):
            if kind == "visit" and event_id not in visited:
                yield Problem(where, number, "kind",
                              f"event '{event_id}' is a visit but has no row in visits.csv"), "visits"
