"""Events by id, for sentences that name them: date label, title, summary and citation."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import citations
from .load import tables
from .timespan import bounds, nothing
from .text import Markdown, Markup, escape

_INDEXED: dict[int, pd.DataFrame] = {}


def _events() -> pd.DataFrame:
    frame = tables()["events"]
    known = _INDEXED.get(id(frame))
    if known is None:
        _INDEXED.clear()
        known = _INDEXED[id(frame)] = frame.set_index("id", drop=False)
    return known


@dataclass(frozen=True)
class Event:
    """One event of the data, with what a sentence about it needs.

    ``cite`` records the event's sources as used (in the order sentences use them) and returns
    the citation marker, so read it where the sentence needs it.
    """

    id: str
    date: pd.Timestamp
    date_label: str
    precision: str
    end_date_label: str
    title: str
    summary: str
    kind: str
    actors: tuple[str, ...]
    themes: tuple[str, ...]
    goldstein: float
    source_ids: tuple[str, ...]

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def on(self) -> str:
        """The date with the preposition its precision needs: 'on 14 August 1947', 'in May 1963'."""
        return ("on " if self.precision == "day" else "in ") + self.date_label

    @property
    def cite(self) -> Markup:
        """The citation marker of the event's sources, such as '[2, 5]'."""
        return citations.cite(self.source_ids)

    def days_until(self, other: Event) -> int:
        """Whole days from this event to another (both should be dated to the day)."""
        return (other.date - self.date).days


def event(event_id: str) -> Event:
    """The event with this id.

    >>> e = event("1947-08-14-iran-recognises-pakistan")
    >>> e.on, e.title
    ('on 14 August 1947', 'Iran becomes the first state to recognise Pakistan')
    """
    frame = _events()
    if event_id not in frame.index:
        raise KeyError(f"no event with id {event_id!r} in events.csv")
    row = frame.loc[event_id]
    return Event(id=event_id, date=row["date"], date_label=row["date_label"], precision=str(row["date_precision"]),
                 end_date_label=row["end_date_label"], title=str(row["title"]), summary=str(row["summary"]),
                 kind=str(row["kind"]), actors=tuple(row["actors"]), themes=tuple(row["themes"]),
                 goldstein=float(row["goldstein"]), source_ids=tuple(row["source_ids"]))


def cite_events(*event_ids: str) -> Markup:
    """One citation marker for the sources of several events.

    >>> cite_events("1947-08-14-iran-recognises-pakistan").startswith("[[")
    True
    """
    return citations.cite([s for i in event_ids for s in event(i).source_ids])


def chronicle(event_ids, start: int | None = None, end: int | None = None) -> Markdown:
    """A dated list of events, each with its summary and citation, in date order (events of the
    same day in the order given).

    Events outside start..end (default: the report's period) are left out.
    """
    start, end = bounds(start, end)
    given = list(dict.fromkeys(event_ids))
    chosen = sorted((event(i) for i in given), key=lambda e: (e.date, given.index(e.id)))  # same day: as given
    chosen = [e for e in chosen if start <= e.year <= end]
    if not chosen:
        return nothing("events of this list")
    lines = [f"- **{escape(e.date_label)}.** {escape(e.summary)} {e.cite}" for e in chosen]
    return Markdown("\n".join(lines))
