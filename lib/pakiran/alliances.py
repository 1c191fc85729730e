"""Alliances and the events around them: events by keys that survive refined dates, memberships
in force during a period, alliance types and the coders' reasons, and a few counts that reports
on alignments quote.

An event's id starts with its date, as precise as the sources allow ("1955-09-23-…",
"1959-08-…", "1950-…"). When a date is refined the id changes; its *key* (the year and the slug,
"1955-pakistan-joins-baghdad-pact") does not, so reports name events by key.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from . import citations
from .load import tables
from .lookup import Event, event
from .text import Markup, count, join
from .timespan import bounds, period

# The Correlates of War formal-alliance types, strongest promise first (Type I, IIa, IIb, III).
# Memberships of any other type (political, economic) make no military promise.
ALLIANCE_TYPES = ("defence", "neutrality", "non_aggression", "entente")

_DATE_PREFIX = re.compile(r"^(\d{4})(?:-\d\d){0,2}-")
_KEYS: dict[int, dict[str, str]] = {}


def event_key(event_id: str) -> str:
    """The key of an event id: its year and slug, without month or day.

    >>> event_key("1955-09-23-pakistan-joins-baghdad-pact"), event_key("1950-friendship-treaty")
    ('1955-pakistan-joins-baghdad-pact', '1950-friendship-treaty')
    """
    return _DATE_PREFIX.sub(r"\1-", event_id, count=1)


def _ids_by_key() -> dict[str, str]:
    frame = tables()["events"]
    known = _KEYS.get(id(frame))
    if known is None:
        _KEYS.clear()
        known = _KEYS[id(frame)] = {event_key(i): i for i in frame["id"]}
    return known


def ids_by_key(keys: str | Iterable[str]) -> list[str]:
    """The event ids for keys (a full id is accepted as its own key), in the order given.

    >>> ids_by_key(["1955-pakistan-joins-baghdad-pact", "1950-friendship-treaty"])
    ['1955-09-23-pakistan-joins-baghdad-pact', '1950-friendship-treaty']
    """
    known = _ids_by_key()
    found = []
    for key in [keys] if isinstance(keys, str) else keys:
        if event_key(key) not in known:
            raise KeyError(f"no event with key {event_key(key)!r} in events.csv")
        found.append(known[event_key(key)])
    return found


def event_by_key(key: str) -> Event:
    """The event (see :func:`pakiran.event`) with this key.

    >>> event_by_key("1955-iran-joins-baghdad-pact").date_label
    '3 November 1955'
    """
    return event(ids_by_key(key)[0])


def events_by_key(keys: Iterable[str]) -> pd.DataFrame:
    """The rows of events.csv for keys, sorted by date (for a timeline or a table)."""
    frame = tables()["events"]
    chosen = frame[frame["id"].isin(ids_by_key(keys))]
    return chosen.sort_values(["date", "id"]).reset_index(drop=True)


def tagged(events: pd.DataFrame, *themes: str) -> pd.DataFrame:
    """The events tagged with every one of the themes (find_events keeps those with any of them).

    >>> set(tagged(events_by_key(["1960-border-administration-agreement", "1950-friendship-treaty"]),
    ...            "cold_war", "border_security")["id"])
    {'1960-border-administration-agreement'}
    """
    wanted = set(themes)
    return events[events["themes"].map(wanted.issubset).astype(bool)].reset_index(drop=True)


def in_force(memberships: pd.DataFrame, start: int | None = None, end: int | None = None,
             leave_out: Iterable[str] = ()) -> pd.DataFrame:
    """Memberships in force at some time in start..end (default: the report's period).

    A membership that ended after the period is shown as ongoing at its end: ``left`` is empty
    and ``left_label`` is "". ``leave_out`` names organisations (by short name) to drop.

    >>> _ = __import__("pakiran").check_parameters(1960, 1970)
    >>> rows = in_force(__import__("pakiran").memberships(), leave_out=["UN"])
    >>> sorted(rows["short_name"]), set(rows["left_label"])
    (['CENTO', 'CENTO', 'OIC', 'OIC', 'RCD', 'RCD', 'SEATO'], {''})
    """
    start, end = bounds(start, end)
    until = pd.Timestamp(min(end, 2261), 12, 31)
    rows = memberships[~memberships["short_name"].isin(list(leave_out))]
    rows = rows[(rows["joined"] <= until) & (rows["left"].isna() | (rows["left"].dt.year >= start))]
    ended = rows["left"] <= until
    return rows.assign(left=rows["left"].where(ended),
                       left_label=rows["left_label"].where(ended, "")).reset_index(drop=True)


def military_pacts(memberships: pd.DataFrame) -> pd.DataFrame:
    """The memberships of military alliances: those of a Correlates of War type (ALLIANCE_TYPES)."""
    return memberships[memberships["type"].isin(ALLIANCE_TYPES)].reset_index(drop=True)


def alliance_types(memberships: pd.DataFrame) -> list[str]:
    """The alliance types present, strongest promise first, as words ('non-aggression').

    >>> alliance_types(military_pacts(__import__("pakiran").memberships("PAK")))
    ['entente']
    """
    present = set(memberships["type"])
    return [t.replace("_", "-") for t in ALLIANCE_TYPES if t in present]


def coding_reason(membership_id: str) -> str:
    """Why the alliance coders gave a membership its type, as its note states it: the words after
    '(Type …): ' up to the end of that sentence; "" when the note gives no reason.

    >>> coding_reason("pak-cento")
    'a pact of mutual cooperation without an automatic defence commitment'
    """
    frame = tables()["memberships"]
    notes = frame.loc[frame["id"] == membership_id, "note"]
    if notes.empty:
        raise KeyError(f"no membership with id {membership_id!r} in memberships.csv")
    found = re.search(r"\(Type [IVab]+\): (.+?)(?:\.\s|\.?$)", str(notes.iloc[0]))
    return found.group(1) if found else ""


def most_frequent(values: pd.Series, noun: str = "time") -> str:
    """The most frequent value (or values, when tied) with how often they occur.

    >>> most_frequent(pd.Series(["Bhutto", "Shah", "Bhutto", "Shah", "Ayub"]), "visit")
    'Bhutto and Shah (2 visits each)'
    >>> most_frequent(pd.Series(["Ayub"]), "visit"), most_frequent(pd.Series([], dtype=str), "visit")
    ('Ayub (1 visit)', '')
    """
    counts = values.value_counts(sort=False)
    if counts.empty:
        return ""
    top = int(counts.max())
    names = [str(name) for name in counts.index if counts[name] == top]
    return f"{join(names)} ({count(top, noun)}{' each' if len(names) > 1 else ''})"


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, … 11th, 12th, 13th, … 21st.

    >>> [ordinal(n) for n in (1, 2, 3, 5, 11, 12, 13, 21, 102)]
    ['1st', '2nd', '3rd', '5th', '11th', '12th', '13th', '21st', '102nd']
    """
    n = int(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def numbers_for_years(spans: dict[str, tuple[int, int]], start: int | None = None,
                      end: int | None = None) -> pd.DataFrame:
    """Reported numbers (see :func:`pakiran.reported_numbers`) of the subjects whose years overlap
    start..end (default: the report's period), one row per source value.

    ``spans`` gives, for each subject, the first and last year it describes, so that a number its
    source does not date is still chosen by the period. Two columns are added for tables:
    ``what`` ('balochistan operation 1973 77: pakistan forces peak') and ``shown`` (the value with
    thousands separators, '145,000').

    >>> rows = numbers_for_years({"rcd_n25_highway": (1964, 1979)}, 1970, 1975)
    >>> list(rows["shown"] + " " + rows["unit"].astype(str))
    ['813 km']
    """
    from .query import reported_numbers

    start, end = bounds(start, end)
    chosen = [subject for subject, (first, last) in spans.items() if first <= end and last >= start]
    rows = reported_numbers()
    rows = rows[rows["subject"].isin(chosen)].reset_index(drop=True)
    return rows.assign(what=rows["subject"].str.replace("_", " ") + ": " + rows["measure"].str.replace("_", " "),
                       shown=rows["value"].map("{:,g}".format))


def claims_by_status(figures: pd.DataFrame, labels: dict[str, str] | None = None,
                     undated: str = "undated") -> pd.DataFrame:
    """Reported numbers for a bar chart that tells reports from unverified claims.

    One row per figure, labelled by its measure (``labels`` renames measures) and its date
    (``undated`` stands in for a missing one); the value sits in the column "reported", or in
    "claim, not verified" when the figure's note says "not verified". Reported values come first,
    each group in date order, undated values first. Rows carry their ``source_ids``.

    >>> rows = claims_by_status(__import__("pakiran").reported_numbers("iran_aid_balochistan_1973"))
    >>> list(rows.columns), list(rows.index)
    (['reported', 'claim, not verified', 'source_ids'], ['helicopters sent (7 October 1973)', 'planes sent (7 October 1973)'])
    """
    claimed = figures["note"].fillna("").str.contains("not verified")
    names = figures["measure"].map(lambda m: (labels or {}).get(m, m.replace("_", " ")))
    dates = figures["as_of_label"].fillna("").where(figures["as_of_label"].fillna("") != "", undated)
    rows = pd.DataFrame({"label": names + " (" + dates + ")", "claimed": claimed, "as_of": figures["as_of"],
                         "value": figures["value"], "source_id": figures["source_id"]})
    rows = rows.sort_values(["claimed", "as_of"], na_position="first", kind="stable")
    table = pd.DataFrame(index=pd.Index(rows["label"], name=None))
    table["reported"] = rows["value"].where(~rows["claimed"]).to_numpy()
    table["claim, not verified"] = rows["value"].where(rows["claimed"]).to_numpy()
    table["source_ids"] = [(s,) for s in rows["source_id"]]
    return table


def period_end() -> pd.Timestamp:
    """The last day of the report's period (31 December of its last year): where a chart of the
    memberships in force during the period should stop.

    >>> _ = __import__("pakiran").check_parameters(1947, 1979)
    >>> period_end()
    Timestamp('1979-12-31 00:00:00')
    """
    current = period()
    if current is None:
        raise ValueError("no period set: call pakiran.check_parameters(start_year, end_year) first")
    return pd.Timestamp(current.end, 12, 31)


@dataclass(frozen=True)
class Reported:
    """One number as one source reports it (a row of figures.csv), for a sentence that quotes it.

    ``cite`` records the source as used and returns its citation marker.
    """

    subject: str
    measure: str
    value: float
    unit: str
    as_of_label: str
    note: str
    source_id: str
    title: str

    @property
    def cite(self) -> Markup:
        """The citation marker of the number's source, such as '[7]'."""
        return citations.cite(self.source_id)


def reported(subject: str, measure: str | None = None) -> Reported:
    """The one reported number of a subject (and measure).

    Where sources disagree there is more than one; this refuses to pick one and says so (see
    :func:`pakiran.reported_numbers` for all of them).

    >>> road = reported("rcd_n25_highway")
    >>> road.value, road.unit
    (813.0, 'km')
    """
    from .query import reported_numbers

    rows = reported_numbers(subject, measure)
    what = subject + (f" / {measure}" if measure else "")
    if len(rows) != 1:
        found = "no value" if rows.empty else f"{len(rows)} values (one per source or measure)"
        raise LookupError(f"figures.csv has {found} for {what}; use reported_numbers() to see every value")
    row = rows.iloc[0]
    return Reported(subject=subject, measure=str(row["measure"]), value=float(row["value"]), unit=str(row["unit"]),
                    as_of_label=str(row["as_of_label"] or ""), note=str(row["note"] if pd.notna(row["note"]) else ""),
                    source_id=str(row["source_id"]), title=str(row["title"]))
